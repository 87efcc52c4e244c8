//! The spanlab binary: parses the command line and either runs a subcommand
//! headless or opens the annotator.

use std::process::ExitCode;

use clap::Parser as _;
use spanlab::cli::{self, Cli};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Some(command) => cli::run(command),
        None => open_gui(&cli.files),
    };
    result.unwrap_or_else(|err| {
        #[expect(clippy::print_stderr, reason = "main reports fatal errors")]
        {
            eprintln!("error: {}", cli::error_message(&err));
        }
        ExitCode::FAILURE
    })
}

#[cfg(feature = "gui")]
fn open_gui(files: &[std::path::PathBuf]) -> anyhow::Result<ExitCode> {
    spanlab::app::run(files)?;
    Ok(ExitCode::SUCCESS)
}

#[cfg(not(feature = "gui"))]
fn open_gui(_files: &[std::path::PathBuf]) -> anyhow::Result<ExitCode> {
    use clap::CommandFactory as _;
    let _ = Cli::command().print_help();
    Ok(ExitCode::SUCCESS)
}
