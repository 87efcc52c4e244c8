//! `spanlab stats`: documents by status, spans and suggestions by label.

#![expect(clippy::print_stdout, reason = "the CLI reports to the terminal")]

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::ExitCode;

use crate::model::{Dataset, Span};
use crate::store;

/// Arguments of `spanlab stats`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The dataset file (.ron or .json).
    pub file: PathBuf,
}

/// Runs `spanlab stats`.
pub fn run(args: &Args) -> anyhow::Result<ExitCode> {
    let dataset = store::load(&args.file)?;
    print!("{}", report(&dataset));
    Ok(ExitCode::SUCCESS)
}

/// The stats as text, one figure a line.
pub fn report(dataset: &Dataset) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    let docs = dataset.documents.len();
    let _ = writeln!(out, "documents  {docs}");
    for (status, n) in dataset.status_counts() {
        let _ = writeln!(out, "  {:<12} {n}", status.as_str());
    }
    for (title, spans) in [
        ("spans", by_label(dataset, |d| &d.spans)),
        ("suggestions pending", by_label(dataset, |d| &d.suggestions)),
        ("rejected", by_label(dataset, |d| &d.rejected)),
    ] {
        let total: usize = spans.iter().map(|(_, n)| n).sum();
        let _ = writeln!(out, "{title}  {total}");
        for (label, n) in spans {
            let _ = writeln!(out, "  {label:<12} {n}");
        }
    }
    out
}

/// Counts per label: label-set order first, then any others by name.
fn by_label(
    dataset: &Dataset,
    list: impl Fn(&crate::model::Document) -> &Vec<Span>,
) -> Vec<(String, usize)> {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for doc in &dataset.documents {
        for span in list(doc) {
            *counts.entry(span.label.as_str()).or_default() += 1;
        }
    }
    let mut out: Vec<(String, usize)> = dataset
        .labels
        .names()
        .map(|name| (name.to_owned(), counts.remove(name).unwrap_or(0)))
        .collect();
    out.extend(counts.into_iter().map(|(k, n)| (k.to_owned(), n)));
    out
}
