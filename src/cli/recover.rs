//! `spanlab recover`: replay the journal a crashed session left beside a
//! dataset, save the result atomically, and end the journal.

#![expect(clippy::print_stdout, reason = "the CLI reports to the terminal")]

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::bail;

use crate::store::{self, journal};

/// Arguments of `spanlab recover`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The dataset (.ron or .json) whose journal to replay.
    pub dataset: PathBuf,
    /// Write the recovered dataset here instead of back to DATASET (the
    /// journal is then kept).
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// Replay even when the dataset file is not the one the journal was
    /// written against (edits that no longer apply are listed and skipped).
    #[arg(long)]
    pub force: bool,
    /// Set the journal aside (as `.NAME.journal.discarded`) instead of
    /// replaying it.
    #[arg(long, conflicts_with_all = ["output", "force"])]
    pub discard: bool,
}

/// Runs `spanlab recover`.
pub fn run(args: &Args) -> anyhow::Result<ExitCode> {
    let path = &args.dataset;
    let Some(recovered) = journal::read(path)? else {
        println!("{}: no journal, nothing to recover", path.display());
        return Ok(ExitCode::SUCCESS);
    };
    let journal_file = journal::journal_path(path);
    let _lock = store::DatasetLock::acquire(path)?;
    if args.discard {
        journal::discard(path)?;
        println!(
            "{}: set aside as {}",
            journal_file.display(),
            journal::discarded_path(path).display()
        );
        return Ok(ExitCode::SUCCESS);
    }
    let (mut dataset, stamp) = store::load_stamped(path)?;
    if !recovered.base.same_contents(&stamp) && !args.force {
        bail!(
            "{}: the journal was written against another version of {} ({} bytes then, {} now): \
             its edits may not apply; rerun with --force to replay what does, or --discard",
            journal_file.display(),
            path.display(),
            recovered.base.len,
            stamp.len
        );
    }
    let (applied, failed) = journal::replay(&mut dataset, &recovered.edits);
    for (i, err) in &failed {
        println!(
            "{}: edit {} of {} skipped: {err}",
            journal_file.display(),
            i + 1,
            recovered.edits.len()
        );
    }
    if let Some((bytes, why)) = &recovered.torn {
        println!(
            "{}: ignored the last {bytes} bytes: {why} (the program stopped while writing it)",
            journal_file.display()
        );
    }
    if let Some(out) = &args.output {
        store::save(&dataset, out)?;
        println!(
            "recovered {applied} edits into {} ({} kept)",
            out.display(),
            journal_file.display()
        );
    } else {
        store::save_stamped(&dataset, path, Some(&stamp))?;
        std::fs::remove_file(&journal_file)?;
        println!("recovered {applied} edits into {}", path.display());
    }
    Ok(if failed.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
