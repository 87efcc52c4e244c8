//! `spanlab convert`: RON <-> JSON.

#![expect(clippy::print_stdout, reason = "the CLI reports to the terminal")]

use std::path::PathBuf;
use std::process::ExitCode;

use crate::store;

/// Arguments of `spanlab convert`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The dataset to read (.ron or .json).
    pub input: PathBuf,
    /// The dataset to write (.ron or .json).
    pub output: PathBuf,
    /// Replace the output file if it exists.
    #[arg(long)]
    pub force: bool,
}

/// Runs `spanlab convert`.
pub fn run(args: &Args) -> anyhow::Result<ExitCode> {
    super::refuse_existing(&args.output, args.force)?;
    let dataset = store::load(&args.input)?;
    let _lock = store::DatasetLock::acquire(&args.output)?;
    store::save(&dataset, &args.output)?;
    println!("{} -> {}", args.input.display(), args.output.display());
    Ok(ExitCode::SUCCESS)
}
