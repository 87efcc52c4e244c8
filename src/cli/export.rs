//! `spanlab export`: a dataset to a training corpus, optionally split.

#![expect(clippy::print_stdout, reason = "the CLI reports to the terminal")]

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;

use crate::formats::{self, ExportOptions, split};
use crate::model::Status;
use crate::store;

/// Arguments of `spanlab export`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The dataset (.ron or .json).
    pub dataset: PathBuf,
    /// The format: jsonl, doccano, conll, brat, label-studio, webanno, text.
    #[arg(long)]
    pub format: String,
    /// Where to write: a file, or a folder for folder formats and splits.
    #[arg(short, long)]
    pub output: PathBuf,
    /// Only documents with this status (`new`, `in_progress`, `done`, `skipped`).
    #[arg(long)]
    pub status: Option<String>,
    /// Split into parts, e.g. train=0.8,dev=0.1,test=0.1: one file or
    /// folder per part inside OUTPUT.
    #[arg(long)]
    pub split: Option<String>,
    /// The seed of the split's shuffle.
    #[arg(long, default_value_t = 0)]
    pub seed: u64,
    /// CoNLL: write BIOES tags instead of IOB2.
    #[arg(long)]
    pub bioes: bool,
    /// JSONL: add tokens, `token_start`/`token_end` and `"answer": "accept"`.
    #[arg(long)]
    pub tokens: bool,
}

/// Runs `spanlab export`.
pub fn run(args: &Args) -> anyhow::Result<ExitCode> {
    let format = formats::by_name(&args.format).with_context(|| {
        format!(
            "unknown format {:?}; the formats are {}",
            args.format,
            formats::format_names()
        )
    })?;
    let status = match &args.status {
        Some(name) => Some(
            Status::ALL
                .into_iter()
                .find(|s| s.as_str() == name.replace('-', "_"))
                .with_context(|| {
                    format!("unknown status {name:?}; use new, in_progress, done or skipped")
                })?,
        ),
        None => None,
    };
    let dataset = store::load(&args.dataset)?;
    let docs: Vec<usize> = (0..dataset.documents.len())
        .filter(|&i| status.is_none_or(|s| dataset.documents[i].status == s))
        .collect();
    let options = ExportOptions {
        bioes: args.bioes,
        with_tokens: args.tokens,
    };
    let parts = match &args.split {
        Some(spec) => {
            let parts = split::parse_parts(spec).map_err(anyhow::Error::msg)?;
            let chunks = split::split(&docs, &parts, args.seed);
            parts.into_iter().map(|p| p.name).zip(chunks).collect()
        }
        None => vec![(String::new(), docs)],
    };
    let mut warnings = 0;
    for (name, docs) in parts {
        let exported = format.export(&dataset, &docs, &options);
        let single_file = exported.files.len() == 1 && exported.files[0].0.is_empty();
        let target = if name.is_empty() {
            args.output.clone()
        } else if single_file {
            let ext = format.extensions().first().copied().unwrap_or("json");
            args.output.join(format!("{name}.{ext}"))
        } else {
            args.output.join(&name)
        };
        if !name.is_empty() {
            std::fs::create_dir_all(&args.output)
                .with_context(|| format!("{}: cannot create the folder", args.output.display()))?;
        }
        exported.write(&target)?;
        super::import::print_report(&exported.report);
        warnings += exported.report.warnings.len();
        let spans: usize = docs.iter().map(|&i| dataset.documents[i].spans.len()).sum();
        println!(
            "{}: {} documents, {spans} spans ({})",
            target.display(),
            docs.len(),
            format.name()
        );
    }
    if warnings > 0 {
        println!("{warnings} spans or documents could not be written as they are (listed above)");
    }
    Ok(ExitCode::SUCCESS)
}
