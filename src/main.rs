//! The spanlab binary: parses the command line and either runs a subcommand
//! headless or opens the annotator.

use std::process::ExitCode;

use clap::{CommandFactory as _, Parser as _};
use spanlab::cli::{self, Cli};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = if let Some(command) = cli.command {
        cli::run(command)
    } else {
        // TODO(annotator issue): open the GUI here.
        let _ = Cli::command().print_help();
        Ok(ExitCode::SUCCESS)
    };
    result.unwrap_or_else(|err| {
        #[expect(clippy::print_stderr, reason = "main reports fatal errors")]
        {
            eprintln!("error: {err:#}");
        }
        ExitCode::FAILURE
    })
}
