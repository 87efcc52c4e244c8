//! `spanlab suggest`: add rule suggestions to every document, in parallel,
//! or stream JSONL documents from stdin to stdout in constant memory.

#![expect(
    clippy::print_stdout,
    clippy::print_stderr,
    reason = "the CLI reports to the terminal"
)]

use std::io::{BufRead as _, Write as _};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;
use rayon::prelude::*;

use crate::formats;
use crate::rules::{Compiled, Suggester, rule_stats};
use crate::store;

/// Arguments of `spanlab suggest`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The dataset (.ron or .json), or `-` to stream JSONL documents from
    /// stdin to stdout.
    pub dataset: PathBuf,
    /// A rules file (.ron) or spaCy/Prodigy pattern file (.jsonl); the
    /// default English news rules when omitted.
    #[arg(long)]
    pub rules: Option<PathBuf>,
    /// Also propose strings already accepted elsewhere in the dataset.
    #[arg(long)]
    pub learn: bool,
    /// Write here instead of back to DATASET.
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// Also propose what this trained model finds (from `spanlab train`),
    /// with its confidence.
    #[arg(long)]
    pub model: Option<PathBuf>,
}

/// Runs `spanlab suggest`.
pub fn run(args: &Args) -> anyhow::Result<ExitCode> {
    let compiled = match &args.rules {
        Some(path) => Compiled::load(path)?,
        None => Compiled::default_rules(),
    };
    if args.dataset.as_os_str() == "-" {
        anyhow::ensure!(
            args.model.is_none(),
            "--model reads a dataset file, not `-` yet"
        );
        return stream(&Suggester::new(compiled));
    }
    let (mut dataset, stamp) = store::load_stamped(&args.dataset)?;
    let model = (args.model.as_deref())
        .map(|path| store::load_model_for(path, &dataset.labels))
        .transpose()?;
    let mut suggester = Suggester::new(compiled);
    if args.learn {
        suggester = suggester.learn(&dataset);
    }
    let before = rule_stats(&dataset);
    for rule in &suggester.compiled.rules {
        dataset.labels.ensure(&rule.label);
    }
    let bar = indicatif::ProgressBar::new(dataset.documents.len() as u64);
    bar.set_style(
        indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} documents {elapsed}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    let found: Vec<_> = dataset
        .documents
        .par_iter()
        .map(|doc| {
            let s = suggester.suggest_with(doc, model.as_ref());
            bar.inc(1);
            s
        })
        .collect();
    bar.finish_and_clear();
    let mut added = 0;
    for (doc, new) in dataset.documents.iter_mut().zip(found) {
        added += new.len();
        doc.suggestions.extend(new);
        doc.sort_spans();
    }
    // Writing back: only over the file as it was read, never over another
    // program's changes made while the rules ran.
    match &args.output {
        Some(out) => store::save(&dataset, out)?,
        None => store::save_stamped(&dataset, &args.dataset, Some(&stamp)).map(|_| ())?,
    }
    println!(
        "{:<28} {:>8} {:>8} {:>8} {:>9}",
        "rule", "new", "pending", "accepted", "precision"
    );
    let after = rule_stats(&dataset);
    for (rule, stats) in &after {
        let new = stats
            .pending
            .saturating_sub(before.get(rule).map_or(0, |s| s.pending));
        let precision = stats
            .precision()
            .map_or_else(|| "-".to_owned(), |p| format!("{:.0}%", p * 100.0));
        println!(
            "{rule:<28} {new:>8} {:>8} {:>8} {precision:>9}",
            stats.pending, stats.accepted
        );
    }
    println!(
        "{}: {added} new suggestions in {} documents",
        args.output.as_ref().unwrap_or(&args.dataset).display(),
        dataset.documents.len()
    );
    Ok(ExitCode::SUCCESS)
}

/// JSONL in, JSONL out, one document at a time: memory stays flat whatever
/// the corpus size. Each line comes out as it went in (every field kept)
/// with a `suggestions` list added:
/// `{"start", "end", "label", "rule"}` (char offsets).
fn stream(suggester: &Suggester) -> anyhow::Result<ExitCode> {
    let stdin = std::io::stdin().lock();
    let mut stdout = std::io::BufWriter::new(std::io::stdout().lock());
    let path = PathBuf::from("<stdin>");
    let mut lines = 0usize;
    let mut added = 0usize;
    for (i, line) in stdin.lines().enumerate() {
        let line = line.context("cannot read stdin")?;
        if line.trim().is_empty() {
            continue;
        }
        let mut imported = formats::jsonl::parse(&line, &path)
            .map_err(|e| anyhow::anyhow!("<stdin>:{}: {e}", i + 1))?;
        let Some(doc) = imported.documents.pop() else {
            continue;
        };
        let mut value: serde_json::Value = serde_json::from_str(&line)?;
        let new = suggester.suggest(&doc);
        added += new.len();
        let list: Vec<serde_json::Value> = new
            .iter()
            .map(|s| {
                let rule = match &s.origin {
                    crate::model::Origin::Rule(id) => id.to_string(),
                    other => other.to_string(),
                };
                serde_json::json!({"start": s.start.0, "end": s.end.0, "label": s.label, "rule": rule})
            })
            .collect();
        value["suggestions"] = serde_json::Value::Array(list);
        serde_json::to_writer(&mut stdout, &value)?;
        stdout.write_all(b"\n")?;
        lines += 1;
    }
    stdout.flush()?;
    eprintln!("{lines} documents, {added} suggestions");
    Ok(ExitCode::SUCCESS)
}
