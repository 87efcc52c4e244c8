//! `spanlab stats`: documents by status, spans and suggestions by label,
//! spans per document, conflicts, and each rule's precision; as text or
//! as JSON (the same figures the statistics window charts).

#![expect(clippy::print_stdout, reason = "the CLI reports to the terminal")]

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;

use crate::eval::{Statistics, statistics};
use crate::model::Dataset;
use crate::store;

/// Arguments of `spanlab stats`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The dataset file (.ron or .json).
    pub file: PathBuf,
    /// Print the figures as JSON.
    #[arg(long)]
    pub json: bool,
}

/// Runs `spanlab stats`.
pub fn run(args: &Args) -> anyhow::Result<ExitCode> {
    let dataset = store::load(&args.file)?;
    if args.json {
        let s = statistics(&dataset);
        println!("{}", serde_json::to_string_pretty(&s).context("JSON")?);
    } else {
        print!("{}", report(&dataset));
    }
    Ok(ExitCode::SUCCESS)
}

/// The stats as text, one figure a line.
pub fn report(dataset: &Dataset) -> String {
    use std::fmt::Write as _;
    let Statistics {
        documents,
        by_status,
        spans,
        suggestions,
        rejected,
        spans_per_document,
        conflicts,
        rules,
    } = statistics(dataset);
    // The name column fits the longest label (at least 12 chars).
    let w = spans
        .iter()
        .chain(&suggestions)
        .chain(&rejected)
        .map(|(label, _)| label.chars().count())
        .max()
        .unwrap_or(0)
        .max(12);
    let mut out = String::new();
    let _ = writeln!(out, "documents  {documents}");
    for (status, n) in by_status {
        let _ = writeln!(out, "  {status:<w$} {n}");
    }
    for (title, counts) in [
        ("spans", spans),
        ("suggestions pending", suggestions),
        ("rejected", rejected),
    ] {
        let total: usize = counts.iter().map(|(_, n)| n).sum();
        let _ = writeln!(out, "{title}  {total}");
        for (label, n) in counts {
            let _ = writeln!(out, "  {label:<w$} {n}");
        }
    }
    let _ = writeln!(out, "spans per document");
    for (from, to, n) in spans_per_document {
        let range = if from == to {
            from.to_string()
        } else {
            format!("{from}-{to}")
        };
        let _ = writeln!(out, "  {range:<w$} {n}");
    }
    if conflicts > 0 {
        let _ = writeln!(out, "open conflicts  {conflicts}");
    }
    if !rules.is_empty() {
        let _ = writeln!(out, "rules  hits accepted rejected pending precision");
        for r in rules {
            let precision = r
                .precision
                .map_or_else(|| "-".to_owned(), |p| format!("{:.1}%", p * 100.0));
            let _ = writeln!(
                out,
                "  {:<20} {:>5} {:>8} {:>8} {:>7} {precision:>9}",
                r.rule, r.hits, r.accepted, r.rejected, r.pending
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Document, LabelSet, Span};

    #[test]
    fn counts_line_up_after_the_longest_label() {
        let mut dataset = Dataset::new(LabelSet::default());
        let mut doc = Document::new("d", "Dune by Frank Herbert");
        doc.spans.push(Span::new(0, 4, "creative-work"));
        doc.spans.push(Span::new(8, 21, "person"));
        dataset.documents.push(doc);
        let out = report(&dataset);
        let column = |name: &str| {
            let line = out
                .lines()
                .find(|l| l.trim_start().starts_with(&format!("{name} ")))
                .unwrap_or_else(|| panic!("{name} in\n{out}"));
            line.len() - line.trim_start_matches(|c: char| !c.is_ascii_digit()).len()
        };
        assert_eq!(column("creative-work"), column("person"), "{out}");
        assert_eq!(column("creative-work"), column("new"), "{out}");
    }
}
