//! `spanlab eval`, `spanlab agree`, `spanlab merge`: corpus quality from the
//! command line. Every input is a dataset file or any importable format.

#![expect(clippy::print_stdout, reason = "the CLI reports to the terminal")]

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context as _;

use crate::eval::{self, Matching};
use crate::model::{Dataset, LabelSet};
use crate::store;

/// Reads a dataset file (.ron/.json) or imports any other supported file.
pub fn read_any(path: &Path) -> anyhow::Result<Dataset> {
    if store::FileFormat::from_path(path).is_some() {
        return Ok(store::load(path)?);
    }
    let mut dataset = Dataset::new(LabelSet::default());
    store::import_guessed(path, &mut dataset)?;
    Ok(dataset)
}

/// Reads every file; the annotators' names are the file stems.
fn read_annotators(files: &[PathBuf]) -> anyhow::Result<(Vec<String>, Vec<Dataset>)> {
    let datasets = files
        .iter()
        .map(|p| read_any(p))
        .collect::<anyhow::Result<Vec<_>>>()?;
    Ok((files.iter().map(|p| name(p)).collect(), datasets))
}

/// The annotator's name for a file: its stem.
fn name(path: &Path) -> String {
    path.file_stem().map_or_else(
        || path.display().to_string(),
        |s| s.to_string_lossy().into_owned(),
    )
}

/// Arguments of `spanlab eval`.
#[derive(Debug, clap::Args)]
pub struct EvalArgs {
    /// The gold standard.
    #[arg(long)]
    pub gold: PathBuf,
    /// The predictions (or another annotator's file) to score.
    #[arg(long)]
    pub pred: PathBuf,
    /// `exact` (same start, end, label: conlleval) or `overlap` (same label,
    /// at least one char in common).
    #[arg(long, value_enum, default_value = "exact")]
    pub r#match: MatchArg,
    /// Print the result as JSON.
    #[arg(long)]
    pub json: bool,
}

/// `--match` values.
#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum MatchArg {
    /// Same start, end and label.
    Exact,
    /// Same label, overlapping.
    Overlap,
}

/// Runs `spanlab eval`.
pub fn eval(args: &EvalArgs) -> anyhow::Result<ExitCode> {
    let gold = read_any(&args.gold)?;
    let pred = read_any(&args.pred)?;
    let matching = match args.r#match {
        MatchArg::Exact => Matching::Exact,
        MatchArg::Overlap => Matching::Overlap,
    };
    let e = eval::evaluate(&gold, &pred, matching);
    if args.json {
        println!("{}", serde_json::to_string_pretty(&e).context("JSON")?);
        return Ok(ExitCode::SUCCESS);
    }
    print!("{}", eval_table(&e));
    Ok(ExitCode::SUCCESS)
}

/// The evaluation as a table, in percent, like conlleval.
pub fn eval_table(e: &eval::Evaluation) -> String {
    let mut out = String::new();
    let pct = |x: f64| format!("{:6.2}", x * 100.0);
    let _ = writeln!(out, "{} documents, {:?} matching", e.documents, e.matching);
    let _ = writeln!(
        out,
        "{:<16} {:>6} {:>6} {:>6} {:>7} {:>7} {:>7}",
        "label", "tp", "fp", "fn", "prec", "recall", "F1"
    );
    for (label, c) in &e.counts {
        let s = e.per_label[label];
        let _ = writeln!(
            out,
            "{label:<16} {:>6} {:>6} {:>6} {:>7} {:>7} {:>7}",
            c.tp,
            c.fp,
            c.fn_,
            pct(s.precision),
            pct(s.recall),
            pct(s.f1)
        );
    }
    let total = e.counts.values().fold(eval::Counts::default(), |mut a, c| {
        a.add(*c);
        a
    });
    for (title, s, c) in [
        ("micro", e.micro, Some(total)),
        ("macro", e.macro_avg, None),
    ] {
        let (tp, fp, fn_) = c.map_or((String::new(), String::new(), String::new()), |c| {
            (c.tp.to_string(), c.fp.to_string(), c.fn_.to_string())
        });
        let _ = writeln!(
            out,
            "{title:<16} {tp:>6} {fp:>6} {fn_:>6} {:>7} {:>7} {:>7}",
            pct(s.precision),
            pct(s.recall),
            pct(s.f1)
        );
    }
    for (what, ids) in [
        (
            "gold documents with no prediction (not scored)",
            &e.missing_in_pred,
        ),
        (
            "predicted documents not in gold (not scored)",
            &e.missing_in_gold,
        ),
        ("documents whose text differs (not scored)", &e.text_differs),
    ] {
        if !ids.is_empty() {
            let _ = writeln!(out, "{} {what}: {}", ids.len(), list(ids));
        }
    }
    out
}

fn list(ids: &[String]) -> String {
    let shown: Vec<&str> = ids.iter().take(10).map(String::as_str).collect();
    let more = ids.len().saturating_sub(10);
    if more == 0 {
        shown.join(", ")
    } else {
        format!("{} and {more} more", shown.join(", "))
    }
}

/// Arguments of `spanlab agree`.
#[derive(Debug, clap::Args)]
pub struct AgreeArgs {
    /// Two or more annotators' files of the same documents.
    #[arg(required = true, num_args = 2..)]
    pub files: Vec<PathBuf>,
    /// Print the result as JSON.
    #[arg(long)]
    pub json: bool,
}

/// Runs `spanlab agree`.
pub fn agree(args: &AgreeArgs) -> anyhow::Result<ExitCode> {
    let (names, datasets) = read_annotators(&args.files)?;
    let refs: Vec<&Dataset> = datasets.iter().collect();
    let g = eval::agree(&names, &refs);
    if args.json {
        println!("{}", serde_json::to_string_pretty(&g).context("JSON")?);
        return Ok(ExitCode::SUCCESS);
    }
    println!("{} documents, {} tokens", g.documents, g.tokens);
    for (i, j, f1) in &g.pairwise_f1 {
        println!(
            "span F1 {} vs {}: {:.2}",
            g.annotators[*i],
            g.annotators[*j],
            f1 * 100.0
        );
    }
    println!("{}'s kappa over tokens: {:.3}", g.kappa_kind, g.kappa);
    for (label, k) in &g.kappa_per_label {
        println!("  {label:<16} {k:.3}");
    }
    if !g.skipped.is_empty() {
        println!(
            "{} documents not in every file or with differing text (not compared): {}",
            g.skipped.len(),
            list(&g.skipped)
        );
    }
    println!("{} disagreements:", g.disagreements.len());
    for d in &g.disagreements {
        let versions: Vec<String> = g
            .annotators
            .iter()
            .zip(&d.versions)
            .map(|(who, spans)| {
                let what = if spans.is_empty() {
                    "-".to_owned()
                } else {
                    spans.join(" + ")
                };
                format!("{who}: {what}")
            })
            .collect();
        println!(
            "  {} [{}, {}) {:?}  {}",
            d.document,
            d.start,
            d.end,
            d.text,
            versions.join(" | ")
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// Arguments of `spanlab merge`.
#[derive(Debug, clap::Args)]
pub struct MergeArgs {
    /// Two or more annotators' files of the same documents.
    #[arg(required = true, num_args = 2..)]
    pub files: Vec<PathBuf>,
    /// The merged dataset (.ron or .json).
    #[arg(short, long)]
    pub output: PathBuf,
    /// Replace the output file if it exists.
    #[arg(long)]
    pub force: bool,
}

/// Runs `spanlab merge`.
pub fn merge(args: &MergeArgs) -> anyhow::Result<ExitCode> {
    super::refuse_existing(&args.output, args.force)?;
    let (names, datasets) = read_annotators(&args.files)?;
    let refs: Vec<&Dataset> = datasets.iter().collect();
    let (merged, report) = eval::merge(&names, &refs);
    let _lock = store::DatasetLock::acquire(&args.output)?;
    store::save(&merged, &args.output)?;
    println!(
        "{}: {}, {} accepted, {}",
        args.output.display(),
        crate::text::count(report.documents, "document"),
        crate::text::count(report.agreed, "agreed span"),
        crate::text::count(report.conflicts, "open conflict")
    );
    if !report.skipped.is_empty() {
        println!(
            "{} documents not in every file or with differing text (left out): {}",
            report.skipped.len(),
            list(&report.skipped)
        );
    }
    Ok(ExitCode::SUCCESS)
}
