//! `spanlab train`: learn a tagger from a dataset's accepted spans, score
//! it on held-out documents, and save it beside the dataset.

#![expect(clippy::print_stdout, reason = "the CLI reports to the terminal")]

use std::path::PathBuf;
use std::process::ExitCode;

use crate::model::Document;
use crate::rules::Suggester;
use crate::store;
use crate::tagger::{self, TrainOptions, TrainReport};

/// Arguments of `spanlab train`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The dataset (.ron or .json); its done and in-progress documents teach.
    pub dataset: PathBuf,
    /// Where to write the model; `.DATASET.model` beside the dataset when omitted.
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// Passes over the training sentences.
    #[arg(long, default_value_t = TrainOptions::default().epochs)]
    pub epochs: usize,
    /// Fraction of documents held out to score the model (0 to hold none out).
    #[arg(long, default_value_t = TrainOptions::default().held_out)]
    pub held_out: f64,
    /// Also learn from documents marked new (an imported gold corpus).
    #[arg(long)]
    pub include_new: bool,
    /// A rules file (.ron) or spaCy/Prodigy pattern file (.jsonl) whose
    /// matches the model reads as features; the default English news
    /// rules when omitted. Give `suggest --model` the same rules.
    #[arg(long)]
    pub rules: Option<PathBuf>,
}

/// Runs `spanlab train`.
pub fn run(args: &Args) -> anyhow::Result<ExitCode> {
    if !(0.0..1.0).contains(&args.held_out) {
        anyhow::bail!(
            "--held-out {} must be at least 0 and below 1",
            args.held_out
        );
    }
    if args.epochs == 0 {
        anyhow::bail!("--epochs 0: the model needs at least one pass over the sentences");
    }
    let dataset = store::load(&args.dataset)?;
    let options = TrainOptions {
        epochs: args.epochs,
        held_out: args.held_out,
        include_new: args.include_new,
        ..TrainOptions::default()
    };
    let bar = indicatif::ProgressBar::new(1);
    bar.set_style(
        indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} {msg} {elapsed}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    let compiled = match &args.rules {
        Some(path) => super::rules::from_file(path)?,
        None => super::rules::default_for_dataset(&dataset)?,
    };
    let suggester = Suggester::new(compiled);
    let find = |d: &Document| suggester.rule_matches(d);
    let model = tagger::train(&dataset, &options, Some(&find), &mut |p| {
        bar.set_length(p.total as u64);
        bar.set_position(p.done as u64);
        bar.set_message(p.stage);
    })
    .map_err(|e| anyhow::anyhow!("{}: {e}", args.dataset.display()))?;
    bar.finish_and_clear();
    let path = args
        .output
        .clone()
        .unwrap_or_else(|| store::model_path(&args.dataset));
    store::save_model(&model, &path)?;
    print!("{}", table(model.report(), args.held_out));
    #[expect(clippy::cast_precision_loss, reason = "a size in MB")]
    let megabytes = model.memory_bytes() as f64 / 1e6;
    let r = model.report();
    println!(
        "model: {} documents, {} sentences, {} tokens, {} spans; {} features, {megabytes:.1} MB in memory; trained in {:.1} s",
        r.documents, r.sentences, r.tokens, r.spans, r.features, r.seconds
    );
    if r.rule_matches.is_empty() {
        println!("rules read as features: none matched");
    } else {
        let read: Vec<String> = r
            .rule_matches
            .iter()
            .map(|(id, r)| format!("{id} ({})", r.matches))
            .collect();
        println!("rules read as features (matches): {}", read.join(", "));
    }
    if r.dropped_spans > 0 {
        println!(
            "{} overlapping spans left out (a BIO tagger holds one span per token)",
            r.dropped_spans
        );
    }
    println!("saved {}", path.display());
    Ok(ExitCode::SUCCESS)
}

/// The held-out scores as a table: one row per label, then the micro
/// average (`held_out`: the fraction asked for).
pub fn table(report: &TrainReport, held_out: f64) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    let Some(micro) = report.micro else {
        out.push_str(if held_out <= 0.0 {
            "not scored: --held-out 0 holds no document out\n"
        } else {
            "not scored: too few documents to hold any out (at least two are needed)\n"
        });
        return out;
    };
    let _ = writeln!(
        out,
        "held out: {} documents, {} sentences (exact match)",
        report.held_out_documents, report.held_out_sentences
    );
    let _ = writeln!(
        out,
        "{:<16} {:>9} {:>7} {:>6} {:>6} {:>6} {:>6}",
        "label", "precision", "recall", "F1", "tp", "fp", "fn"
    );
    let pct = |x: f64| format!("{:.1}", x * 100.0);
    for (label, s) in &report.per_label {
        let _ = writeln!(
            out,
            "{label:<16} {:>9} {:>7} {:>6} {:>6} {:>6} {:>6}",
            pct(s.scores.precision),
            pct(s.scores.recall),
            pct(s.scores.f1),
            s.counts.tp,
            s.counts.fp,
            s.counts.fn_
        );
    }
    let total = report
        .per_label
        .values()
        .fold(crate::eval::Counts::default(), |mut c, s| {
            c.add(s.counts);
            c
        });
    let _ = writeln!(
        out,
        "{:<16} {:>9} {:>7} {:>6} {:>6} {:>6} {:>6}",
        "all (micro)",
        pct(micro.precision),
        pct(micro.recall),
        pct(micro.f1),
        total.tp,
        total.fp,
        total.fn_
    );
    out
}
