//! `spanlab recover`: replay the journal a crashed session left beside a
//! dataset (or one set aside earlier), save the result atomically, and set
//! the journal aside: recovery never deletes a journal.

#![expect(clippy::print_stdout, reason = "the CLI reports to the terminal")]

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::bail;

use crate::store::{self, journal};

/// Arguments of `spanlab recover`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The dataset (.ron or .json) whose journal to replay.
    pub dataset: PathBuf,
    /// Write the recovered dataset here instead of back to DATASET (the
    /// journal is then kept where it is).
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// Replay even when the dataset file is not the one the journal was
    /// written against (edits that no longer apply are listed and skipped).
    #[arg(long)]
    pub force: bool,
    /// Set the journal aside (as `.NAME.journal.discarded`, `….2` …)
    /// instead of replaying it.
    #[arg(long, conflicts_with_all = ["output", "force", "list", "discarded"])]
    pub discard: bool,
    /// List the live journal and every journal set aside, with their edits.
    #[arg(long, conflicts_with_all = ["output", "force", "discarded"])]
    pub list: bool,
    /// Replay the Nth journal set aside (as `--list` numbers them) instead
    /// of the live one; it stays where it is.
    #[arg(long, value_name = "N")]
    pub discarded: Option<usize>,
}

/// Runs `spanlab recover`.
pub fn run(args: &Args) -> anyhow::Result<ExitCode> {
    let path = &args.dataset;
    if args.list {
        list(path);
        return Ok(ExitCode::SUCCESS);
    }
    let journal_file = match args.discarded {
        None => journal::journal_path(path),
        Some(n) => {
            let aside = journal::discarded_paths(path);
            let Some(file) = n.checked_sub(1).and_then(|i| aside.get(i)) else {
                bail!(
                    "{}: there is no journal set aside number {n} ({} set aside; see spanlab recover --list)",
                    path.display(),
                    aside.len()
                );
            };
            file.clone()
        }
    };
    let Some(recovered) = journal::read_file(&journal_file)? else {
        let aside = journal::discarded_paths(path).len();
        let more = if aside > 0 {
            format!(" ({aside} set aside: spanlab recover --list)")
        } else {
            String::new()
        };
        println!("{}: no journal, nothing to recover{more}", path.display());
        return Ok(ExitCode::SUCCESS);
    };
    let _lock = store::DatasetLock::acquire(path)?;
    if args.discard {
        if let Some(aside) = journal::discard(path)? {
            println!(
                "{}: set aside as {}",
                journal_file.display(),
                aside.display()
            );
        }
        return Ok(ExitCode::SUCCESS);
    }
    replay(args, &journal_file, &recovered)
}

/// Replays `recovered` (read from `journal_file`) onto the dataset.
fn replay(
    args: &Args,
    journal_file: &Path,
    recovered: &journal::Recovered,
) -> anyhow::Result<ExitCode> {
    let path = &args.dataset;
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
    report_damage(journal_file, recovered);
    if let Some(out) = &args.output {
        store::save(&dataset, out)?;
        println!(
            "recovered {applied} {} into {} ({} kept)",
            edits(applied),
            out.display(),
            journal_file.display()
        );
    } else {
        store::save_stamped(&dataset, path, Some(&stamp))?;
        // The dataset holds the edits now; the journal is kept aside, not deleted.
        let kept = if args.discarded.is_some() {
            journal_file.to_path_buf()
        } else {
            journal::discard(path)?.unwrap_or_else(|| journal_file.to_path_buf())
        };
        println!(
            "recovered {applied} {} into {} (the journal is kept as {})",
            edits(applied),
            path.display(),
            kept.display()
        );
    }
    Ok(if failed.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

fn edits(n: usize) -> &'static str {
    if n == 1 { "edit" } else { "edits" }
}

/// Says which records were damaged and what tail was torn.
fn report_damage(journal_file: &Path, recovered: &journal::Recovered) {
    for (line, why) in &recovered.damaged {
        println!(
            "{}: line {line}: damaged record skipped ({why}); the records after it are kept",
            journal_file.display()
        );
    }
    if let Some((bytes, why)) = &recovered.torn {
        println!(
            "{}: ignored the last {bytes} bytes: {why} (the program stopped while writing it)",
            journal_file.display()
        );
    }
}

/// `--list`: the live journal and each one set aside, numbered.
fn list(path: &Path) {
    let live = journal::journal_path(path);
    let mut rows = vec![(None, live)];
    rows.extend(
        journal::discarded_paths(path)
            .into_iter()
            .enumerate()
            .map(|(i, p)| (Some(i + 1), p)),
    );
    for (n, file) in rows {
        let what = match journal::read_file(&file) {
            Ok(None) => continue,
            Ok(Some(r)) => {
                let damage = if r.damaged.is_empty() {
                    String::new()
                } else {
                    let n = r.damaged.len();
                    format!(", {n} damaged record{}", if n == 1 { "" } else { "s" })
                };
                format!("{} {}{damage}", r.edits.len(), edits(r.edits.len()))
            }
            Err(err) => err.to_string(),
        };
        let name = n.map_or_else(|| "live".to_owned(), |n| format!("--discarded {n}"));
        println!("{name}: {}: {what}", file.display());
    }
}
