//! The command line: one file per subcommand, each thin over the library.
//! The only place besides `main.rs` that prints.

mod convert;
mod export;
mod import;
mod quality;
mod recover;
mod rules;
mod stats;
mod suggest;
mod train;
mod validate;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Label named-entity spans in text, review suggestions, export corpora.
///
/// With no subcommand, opens the annotator on FILE (a .ron/.json dataset, or
/// .txt files to import), or on the bundled sample dataset.
#[derive(Debug, Parser)]
#[command(name = "spanlab", version, args_conflicts_with_subcommands = true)]
pub struct Cli {
    /// What to do; none opens the annotator.
    #[command(subcommand)]
    pub command: Option<Command>,
    /// A dataset (.ron, .json) to open, or .txt files / folders to import.
    pub files: Vec<PathBuf>,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Turn files of any supported format (or .txt folders) into a dataset.
    Import(import::Args),
    /// Write a dataset as a training corpus (JSONL, CoNLL, brat, …), optionally split.
    Export(export::Args),
    /// Check a dataset file; list every problem and exit 1 if there are any.
    Validate(validate::Args),
    /// Add rule suggestions to every document (or stream JSONL with `-`).
    Suggest(suggest::Args),
    /// Count documents by status and spans by label.
    Stats(stats::Args),
    /// Convert a dataset between RON and JSON (by the file extensions).
    Convert(convert::Args),
    /// Score predictions against gold: precision, recall, F1 per label.
    Eval(quality::EvalArgs),
    /// Agreement between annotators: span F1, Cohen's/Fleiss' kappa, disagreements.
    Agree(quality::AgreeArgs),
    /// Merge annotators' files: agreed spans accepted, disagreements kept as conflicts.
    Merge(quality::MergeArgs),
    /// Replay the journal of unsaved edits a crash left beside a dataset.
    Recover(recover::Args),
    /// Learn a tagger from accepted spans; score it on held-out documents.
    Train(train::Args),
}

/// Runs a subcommand. `Ok(ExitCode::FAILURE)` means it ran and found problems
/// it already reported; `Err` is an error for `main` to print.
pub fn run(command: Command) -> anyhow::Result<ExitCode> {
    match command {
        Command::Import(args) => import::run(&args),
        Command::Export(args) => export::run(&args),
        Command::Validate(args) => Ok(validate::run(&args)),
        Command::Stats(args) => stats::run(&args),
        Command::Suggest(args) => suggest::run(&args),
        Command::Convert(args) => convert::run(&args),
        Command::Eval(args) => quality::eval(&args),
        Command::Agree(args) => quality::agree(&args),
        Command::Merge(args) => quality::merge(&args),
        Command::Recover(args) => recover::run(&args),
        Command::Train(args) => train::run(&args),
    }
}

/// Refuses to replace an existing `output` unless `force` is given: every
/// command that writes a new file (import, convert, export, merge) asks the
/// same.
fn refuse_existing(output: &std::path::Path, force: bool) -> anyhow::Result<()> {
    if output != std::path::Path::new("-") && output.symlink_metadata().is_ok() && !force {
        anyhow::bail!(
            "{}: already exists; pass --force to replace it",
            output.display()
        );
    }
    Ok(())
}

/// The one message `main` prints for an error: each cause in the chain is
/// added only if the message does not already state it ("…: cannot read:
/// No such file or directory" is not followed by the OS error again).
pub fn error_message(err: &anyhow::Error) -> String {
    let mut message = err.to_string();
    for cause in err.chain().skip(1) {
        let text = cause.to_string();
        let plain = crate::store::plain_cause(&text);
        if !message.contains(plain) {
            message.push_str(": ");
            message.push_str(plain);
        }
    }
    message
}
