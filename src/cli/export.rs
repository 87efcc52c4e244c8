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
    /// Where to write: a file, or a folder for folder formats and splits;
    /// `-` writes a single-file format to standard output.
    #[arg(short, long)]
    pub output: PathBuf,
    /// Replace the output if it exists.
    #[arg(long)]
    pub force: bool,
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
        Some(spec) => Some(split::parse_parts(spec).map_err(anyhow::Error::msg)?),
        None => None,
    };
    if args.output == std::path::Path::new("-") {
        return to_stdout(format, &dataset, &docs, &options, parts.is_some());
    }
    super::refuse_existing(&args.output, args.force)?;
    let (written, report) = store::export_to(
        format,
        &dataset,
        &docs,
        parts.as_deref(),
        args.seed,
        &options,
        &args.output,
    )?;
    super::import::print_report(&report);
    for part in &written {
        println!(
            "{}: {}, {} ({})",
            part.path.display(),
            crate::text::count(part.documents, "document"),
            crate::text::count(part.spans, "span"),
            format.name()
        );
    }
    if !report.is_empty() {
        println!(
            "{} spans or documents could not be written as they are (listed above)",
            report.warnings.len()
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// `-o -`: a single-file export to standard output, the report to standard
/// error so the output stays clean.
fn to_stdout(
    format: &dyn formats::Format,
    dataset: &crate::model::Dataset,
    docs: &[usize],
    options: &ExportOptions,
    split: bool,
) -> anyhow::Result<ExitCode> {
    use std::io::Write as _;
    if split {
        anyhow::bail!("-o -: a split writes several files; name a folder instead");
    }
    let exported = format.export(dataset, docs, options);
    let [(name, contents)] = exported.files.as_slice() else {
        anyhow::bail!(
            "-o -: {} writes one file per document; name a folder instead",
            format.name()
        );
    };
    if !name.is_empty() {
        anyhow::bail!(
            "-o -: {} writes a folder; name a folder instead",
            format.name()
        );
    }
    let mut out = std::io::stdout().lock();
    match out
        .write_all(contents.as_bytes())
        .and_then(|()| out.flush())
    {
        // A reader that stops early (`| head`) is not an error.
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            return Err(e).context("standard output");
        }
        _ => {}
    }
    #[expect(clippy::print_stderr, reason = "standard output holds the export")]
    {
        eprint!("{}", exported.report);
    }
    Ok(ExitCode::SUCCESS)
}
