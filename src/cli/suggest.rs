//! `spanlab suggest`: add rule suggestions to every document, in parallel,
//! or stream JSONL documents from stdin to stdout in constant memory.

#![expect(
    clippy::print_stdout,
    clippy::print_stderr,
    reason = "the CLI reports to the terminal"
)]

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::formats::jsonl_stream::{self, LineError};
use crate::rules::{Compiled, Suggester, rule_stats};
use crate::store::{self, lines};
use crate::tagger::Tagger;

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

/// Names on stderr the rules the model read in training that these rules
/// lack (it then suggests worse than its scores say).
fn warn_rules_missing(args: &Args, suggester: &Suggester, model: Option<&Tagger>) {
    let (Some(model), Some(path)) = (model, &args.model) else {
        return;
    };
    let ids: Vec<&str> = suggester
        .compiled
        .rules
        .iter()
        .map(|r| r.id.as_str())
        .collect();
    let missing = model.rules_missing(&ids);
    if !missing.is_empty() {
        eprintln!(
            "{}: the model learned from the matches of rules {} lack ({}); give `suggest` the --rules it was trained with, or train it again",
            path.display(),
            if args.rules.is_some() {
                "the --rules file's rules"
            } else {
                "the default rules"
            },
            missing.join(", ")
        );
    }
}

/// Runs `spanlab suggest`.
pub fn run(args: &Args) -> anyhow::Result<ExitCode> {
    // The user's rules file; the default rules are compiled below, once,
    // fitted to the dataset's labels (the streaming mode has none).
    let rules = args
        .rules
        .as_deref()
        .map(super::rules::from_file)
        .transpose()?;
    if args.dataset.as_os_str() == "-" {
        let model = args.model.as_deref().map(store::load_model).transpose()?;
        // The model reads the rules' matches: the default rules as it read
        // them in training.
        let compiled = match (rules, &model) {
            (Some(compiled), _) => compiled,
            (None, Some(model)) => super::rules::default_for_model(model)?,
            (None, None) => Compiled::default_rules(),
        };
        let suggester = Suggester::new(compiled);
        warn_rules_missing(args, &suggester, model.as_ref());
        return stream(&suggester, model.as_ref());
    }
    // Another writer of the file written must wait until this run is done.
    let _lock = store::DatasetLock::acquire(args.output.as_ref().unwrap_or(&args.dataset))?;
    let (mut dataset, stamp) = store::load_stamped(&args.dataset)?;
    let model = (args.model.as_deref())
        .map(|path| store::load_model_for(path, &dataset.labels))
        .transpose()?;
    // The default rules propose only labels the dataset has (PER, not
    // PERSON, on a CoNLL corpus).
    let compiled = match rules {
        Some(compiled) => compiled,
        None => super::rules::default_for_dataset(&dataset)?,
    };
    let mut suggester = Suggester::new(compiled);
    warn_rules_missing(args, &suggester, model.as_ref());
    if args.learn {
        suggester = suggester.learn(&dataset);
    }
    let before = rule_stats(&dataset);
    let missing = suggester.compiled.labels_missing_from(&dataset.labels);
    if !missing.is_empty() {
        eprintln!(
            "labels added to the label set for the rules: {}",
            missing.join(", ")
        );
    }
    for rule in &suggester.compiled.rules {
        dataset.labels.ensure(&rule.label);
    }
    let bar = indicatif::ProgressBar::new(dataset.documents.len() as u64);
    bar.set_style(
        indicatif::ProgressStyle::with_template(
            "{bar:40} {pos}/{len} documents, {per_sec}, {elapsed} (ETA {eta})",
        )
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    // Each document's suggestions are found and added on the way out to
    // the file, a chunk of documents at a time on every core, while the
    // chunk before is written. Writing back: only over the file as it was
    // read, never over another program's changes made while the rules ran.
    let added = AtomicUsize::new(0);
    let prepare = |doc: &mut crate::model::Document| {
        let new = suggester.suggest_with(doc, model.as_ref());
        added.fetch_add(new.len(), Ordering::Relaxed);
        doc.suggestions.extend(new);
        doc.sort_spans();
        bar.inc(1);
    };
    let saved = match &args.output {
        Some(out) => store::save_stamped_prepared(&mut dataset, out, None, &prepare),
        None => store::save_stamped_prepared(&mut dataset, &args.dataset, Some(&stamp), &prepare),
    };
    bar.finish_and_clear();
    saved?;
    let added = added.into_inner();
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
        "{}: {} in {}",
        args.output.as_ref().unwrap_or(&args.dataset).display(),
        crate::text::count(added, "new suggestion"),
        crate::text::count(dataset.documents.len(), "document")
    );
    // A million spans freed one by one take longer than anything above
    // but the rules; the system takes the memory back at exit at once.
    std::mem::forget(dataset);
    Ok(ExitCode::SUCCESS)
}

/// Documents longer than this are suggested on a block at a time.
const BLOCK_BYTES: usize = 1 << 20;

/// JSONL in, JSONL out (see `formats::jsonl_stream` for the wire format):
/// lines in batches on every core, written in input order as each batch
/// completes, in bounded memory whatever the input's size. Blank lines pass
/// through, so output line N is always input line N.
fn stream(suggester: &Suggester, model: Option<&Tagger>) -> anyhow::Result<ExitCode> {
    let added = AtomicUsize::new(0);
    let documents = AtomicUsize::new(0);
    let work = |line: &[u8]| -> Result<lines::Insert, LineError> {
        if line.iter().all(u8::is_ascii_whitespace) {
            return Ok(lines::Insert::default());
        }
        let read = jsonl_stream::read(line)?;
        let mut insert = read.start_insert();
        // A long document a block at a time: its suggestions go out as JSON
        // as each block is done, never all held at once.
        suggester.suggest_in_blocks(&read.doc, model, BLOCK_BYTES, &mut |new| {
            added.fetch_add(new.len(), Ordering::Relaxed);
            insert.push(&new);
        });
        documents.fetch_add(1, Ordering::Relaxed);
        drop(read);
        let (at, parts) = insert.finish();
        Ok(lines::Insert { at, parts })
    };
    let bar = indicatif::ProgressBar::new_spinner();
    bar.set_style(
        indicatif::ProgressStyle::with_template(
            "{spinner} {bytes} read, {bytes_per_sec}, {elapsed}",
        )
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
    );
    let result = lines::run(
        std::io::stdin(),
        std::io::stdout(),
        &lines::Options::default(),
        work,
        &|bytes| bar.set_position(bytes),
    );
    bar.finish_and_clear();
    let summary = result.map_err(|e| match e {
        lines::LinesError::Line { line, error } => anyhow::anyhow!("<stdin>:{line}: {error}"),
        other => anyhow::anyhow!("{other}"),
    })?;
    eprintln!(
        "{}, {} ({})",
        crate::text::count(documents.load(Ordering::Relaxed), "document"),
        crate::text::count(added.load(Ordering::Relaxed), "suggestion"),
        crate::text::count(summary.lines, "line")
    );
    Ok(ExitCode::SUCCESS)
}
