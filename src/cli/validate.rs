//! `spanlab validate`: check a dataset file, list every problem.

#![expect(clippy::print_stdout, reason = "the CLI reports to the terminal")]

use std::path::PathBuf;
use std::process::ExitCode;

use crate::store::{self, LoadError};

/// Arguments of `spanlab validate`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The dataset file (.ron or .json).
    pub file: PathBuf,
}

/// Runs `spanlab validate`: exit 0 when valid, 1 with every problem listed.
pub fn run(args: &Args) -> ExitCode {
    match store::load(&args.file) {
        Ok(dataset) => {
            let spans: usize = dataset.documents.iter().map(|d| d.spans.len()).sum();
            println!(
                "{}: valid: {}, {}",
                args.file.display(),
                crate::text::count(dataset.documents.len(), "document"),
                crate::text::count(spans, "span")
            );
            ExitCode::SUCCESS
        }
        Err(LoadError::Invalid { path, problems }) => {
            for problem in &problems {
                println!("{}: {problem}", path.display());
            }
            println!("{}: invalid: {} problems", path.display(), problems.len());
            ExitCode::FAILURE
        }
        Err(err) => {
            println!("{err}");
            ExitCode::FAILURE
        }
    }
}
