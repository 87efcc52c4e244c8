//! `spanlab import`: files of any supported format to a dataset.

#![expect(clippy::print_stdout, reason = "the CLI reports to the terminal")]

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context as _, bail};

use crate::formats::{self, Format, Report};
use crate::model::{Dataset, LabelSet};
use crate::store;

/// Arguments of `spanlab import`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Files or folders to import.
    #[arg(required = true)]
    pub inputs: Vec<PathBuf>,
    /// The dataset to write (.ron or .json).
    #[arg(short, long)]
    pub output: PathBuf,
    /// The input format (guessed from the name and contents when omitted):
    /// jsonl, doccano, conll, brat, label-studio, webanno, text.
    #[arg(long)]
    pub format: Option<String>,
    /// A label set file (.ron or .json) to use instead of the default labels.
    #[arg(long)]
    pub labels: Option<PathBuf>,
    /// Rename imported labels, e.g. `PER=PERSON,GPE=LOC` (spans that then
    /// repeat another are dropped and reported).
    #[arg(long, value_name = "FROM=TO,…")]
    pub map: Option<String>,
    /// CoNLL: where documents begin: auto (per -DOCSTART-, else per
    /// sentence), docstart, sentence (or block), or N sentences each.
    #[arg(long, default_value = "auto")]
    pub split: String,
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
    super::refuse_existing(&args.output, args.force)?;
    let named = match &args.format {
        Some(name) => Some(formats::by_name(name).with_context(|| {
            format!(
                "unknown format {name:?}; the formats are {}",
                formats::format_names()
            )
        })?),
        None => None,
    };
    let given = args.labels.as_deref().map(read_labels).transpose()?;
    let map: crate::model::LabelMap = args
        .map
        .as_deref()
        .unwrap_or_default()
        .parse()
        .map_err(|e: String| anyhow::anyhow!("--map: {e}"))?;
    let split: crate::formats::doc_split::DocSplit = args
        .split
        .parse()
        .map_err(|e: String| anyhow::anyhow!("--split: {e}"))?;
    let inputs = read_inputs(&args.inputs, named, &map, split)?;
    // Without --labels: the default labels the files use (all of them for
    // plain text), plus the files' own.
    let labels = given.unwrap_or_else(|| {
        let mut used: Vec<String> = inputs.iter().flat_map(|(_, _, i)| i.labels()).collect();
        used.sort();
        used.dedup();
        crate::formats::Imported::starting_labels(&LabelSet::default(), &used)
    });
    let mut dataset = Dataset::new(labels);
    let mut report = Report::default();
    for (input, format, imported) in inputs {
        let unknown: Vec<String> = imported
            .labels()
            .into_iter()
            .filter(|l| dataset.labels.get(l).is_none())
            .collect();
        if let (Some(labels), Some(first)) = (&args.labels, unknown.first()) {
            bail!(
                "{}: the label {first:?} is not in the label set {}{}; add it there, or fix the file",
                input.display(),
                labels.display(),
                if unknown.len() > 1 {
                    format!(" (nor are {})", unknown[1..].join(", "))
                } else {
                    String::new()
                }
            );
        }
        let n = imported.documents.len();
        let part = imported.into_dataset(&mut dataset).map_err(|problems| {
            let list: Vec<String> = problems.iter().map(ToString::to_string).collect();
            anyhow::anyhow!(
                "{}: the imported data breaks invariants:\n  {}",
                input.display(),
                list.join("\n  ")
            )
        })?;
        println!(
            "{}: {} ({})",
            input.display(),
            crate::text::count(n, "document"),
            format.name()
        );
        if !unknown.is_empty() {
            println!(
                "{}: new labels added to the label set: {}",
                input.display(),
                unknown.join(", ")
            );
        }
        report.extend(part);
    }
    if dataset.documents.is_empty() {
        println!("warning: the files hold no documents: the dataset written is empty");
    }
    let _lock = store::DatasetLock::acquire(&args.output)?;
    store::save(&dataset, &args.output)?;
    print_report(&report);
    let spans: usize = dataset.documents.iter().map(|d| d.spans.len()).sum();
    println!(
        "{}: {}, {} imported",
        args.output.display(),
        crate::text::count(dataset.documents.len(), "document"),
        crate::text::count(spans, "span")
    );
    Ok(ExitCode::SUCCESS)
}

/// Every input read (its format given or guessed) and its labels mapped.
fn read_inputs<'a>(
    inputs: &'a [PathBuf],
    named: Option<&'static dyn Format>,
    map: &crate::model::LabelMap,
    split: crate::formats::doc_split::DocSplit,
) -> anyhow::Result<Vec<(&'a PathBuf, &'static dyn Format, formats::Imported)>> {
    let mut out = Vec::new();
    for input in inputs {
        let format: &dyn Format = match named {
            Some(format) => format,
            None => store::guess(input)?,
        };
        let mut imported = store::import_with(format, input, split)?;
        imported.map_labels(map);
        out.push((input, format, imported));
    }
    Ok(out)
}

pub fn print_report(report: &Report) {
    print!("{report}");
    if !report.is_empty() {
        println!(
            "{} warnings: the items above were changed or left out, as each line says",
            report.warnings.len()
        );
    }
}

/// Reads a label set from a RON or JSON file.
fn read_labels(path: &std::path::Path) -> anyhow::Result<LabelSet> {
    let text = store::read_text(path)?;
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
