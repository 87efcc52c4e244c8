//! `spanlab import`: .txt files and folders to a dataset.

#![expect(clippy::print_stdout, reason = "the CLI reports to the terminal")]

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context as _, bail};

use crate::model::{Dataset, LabelSet};
use crate::{formats, store};

/// Arguments of `spanlab import`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// .txt files, or folders searched for .txt files.
    #[arg(required = true)]
    pub inputs: Vec<PathBuf>,
    /// The dataset to write (.ron or .json).
    #[arg(short, long)]
    pub output: PathBuf,
    /// A label set file (.ron or .json) to use instead of the default labels.
    #[arg(long)]
    pub labels: Option<PathBuf>,
    /// Replace the output file if it exists.
    #[arg(long)]
    pub force: bool,
}

/// Runs `spanlab import`.
pub fn run(args: &Args) -> anyhow::Result<ExitCode> {
    if store::FileFormat::from_path(&args.output).is_none() {
        bail!(
            "{}: the output must end in .ron or .json",
            args.output.display()
        );
    }
    if args.output.exists() && !args.force {
        bail!(
            "{}: already exists; pass --force to replace it",
            args.output.display()
        );
    }
    let labels = match &args.labels {
        Some(path) => read_labels(path)?,
        None => LabelSet::default(),
    };
    let mut dataset = Dataset::new(labels);
    dataset.documents = formats::text::import_paths(&args.inputs)?;
    store::save(&dataset, &args.output)?;
    println!(
        "{}: {} documents imported",
        args.output.display(),
        dataset.documents.len()
    );
    Ok(ExitCode::SUCCESS)
}

/// Reads a label set from a RON or JSON file.
fn read_labels(path: &std::path::Path) -> anyhow::Result<LabelSet> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("{}: cannot read the label set", path.display()))?;
    let labels: LabelSet = match store::FileFormat::from_path(path) {
        Some(store::FileFormat::Json) => serde_json::from_str(&text)
            .with_context(|| format!("{}: not a label set", path.display()))?,
        Some(store::FileFormat::Ron) => {
            ron::from_str(&text).with_context(|| format!("{}: not a label set", path.display()))?
        }
        None => bail!("{}: a label set must end in .ron or .json", path.display()),
    };
    let problems = Dataset::new(labels.clone()).problems();
    if let Some(problem) = problems.first() {
        bail!("{}: {problem}", path.display());
    }
    Ok(labels)
}
