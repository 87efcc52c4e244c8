//! Reading documents from and writing them to other tools' files.
//!
//! Formats parse text already read and export to memory; reading files,
//! guessing a format and writing exports is `store`'s. One file per format,
//! each implementing [`Format`] and documenting its
//! wire format in its module doc; [`REGISTRY`] lists them all. Imports and
//! exports return a [`Report`] of everything the other side could not hold
//! (a discontinuous brat span split in two, a span whose edge falls inside
//! a CoNLL token …): nothing is dropped silently.

pub mod brat;
pub mod conll;
pub mod doc_split;
pub mod doccano;
pub mod jsonl;
pub mod jsonl_stream;
pub mod label_studio;
pub mod label_style;
pub mod text;
pub mod webanno;

mod imported;
pub mod names;
mod report;
pub mod split;

use std::path::{Path, PathBuf};

pub use imported::Imported;
pub use report::{Report, Warning};

use crate::model::{Dataset, Document};

/// Why the text of an import does not hold what its format says. (Why
/// the files could not be read is `store::ImportError`.)
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// Two inputs would become documents with the same id.
    #[error(
        "{second}: its document id {id:?} is already taken by {first}; rename one of the files"
    )]
    DuplicateId {
        /// The id.
        id: String,
        /// The first file with it.
        first: PathBuf,
        /// The second file with it.
        second: PathBuf,
    },
    /// A folder held no file of the expected kind.
    #[error("{0}: no .txt files found")]
    NothingFound(PathBuf),
    /// A line does not have the shape the format requires.
    #[error("{path}:{line}: {message}")]
    Syntax {
        /// The file.
        path: PathBuf,
        /// 1-based line number.
        line: usize,
        /// What was wrong and what was expected.
        message: String,
    },
}

/// What an import reads, already in memory: the file named, or the files of
/// the folder named that the format reads (see [`Format::folder_files`]).
#[derive(Clone, Debug, Default)]
pub struct Input {
    /// The file or folder named.
    pub path: PathBuf,
    /// The files, in name order.
    pub files: Vec<InputFile>,
}

/// One file of an [`Input`].
#[derive(Clone, Debug)]
pub struct InputFile {
    /// Its path, for messages and `meta.source`.
    pub path: PathBuf,
    /// Its name relative to the folder named, with `/` between folders (the
    /// file name itself when a file was named).
    pub name: String,
    /// Its text.
    pub text: String,
}

impl Input {
    /// One file and its text.
    pub fn file(path: impl Into<PathBuf>, text: impl Into<String>) -> Self {
        let path = path.into();
        let name = path
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
        Self {
            files: vec![InputFile {
                path: path.clone(),
                name,
                text: text.into(),
            }],
            path,
        }
    }

    /// The text of the one file named (the first file of a folder).
    pub fn text(&self) -> &str {
        self.files.first().map_or("", |f| f.text.as_str())
    }
}

impl InputFile {
    /// The name without its extension (`2018/june/nk-talks`).
    pub fn stem(&self) -> &str {
        match self.name.rfind('.') {
            Some(i) if i > self.name.rfind('/').map_or(0, |s| s + 1) => &self.name[..i],
            _ => &self.name,
        }
    }

    /// The extension, lower case, without the dot.
    pub fn extension(&self) -> String {
        let stem = self.stem().len();
        self.name
            .get(stem + 1..)
            .unwrap_or_default()
            .to_ascii_lowercase()
    }
}

/// Choices for an export.
#[derive(Clone, Debug, Default)]
pub struct ExportOptions {
    /// CoNLL: write BIOES tags instead of IOB2.
    pub bioes: bool,
    /// JSONL: add `tokens`, span `token_start`/`token_end` and `"answer": "accept"`.
    pub with_tokens: bool,
}

/// What an export produced: the files to write and the report.
#[derive(Debug, Default)]
pub struct Exported {
    /// For a single-file format one entry with an empty name (the file
    /// itself); for a folder format one entry per file, named relative to
    /// the folder.
    pub files: Vec<(String, String)>,
    /// What could not be written as it is.
    pub report: Report,
}

/// A file format spanlab reads and writes.
pub trait Format: Sync {
    /// The name used on the command line (`--format NAME`).
    fn name(&self) -> &'static str;
    /// One line: what it is and who uses it.
    fn description(&self) -> &'static str;
    /// File extensions that name this format (for guessing), lower case.
    fn extensions(&self) -> &'static [&'static str];
    /// True when the format is a folder of files rather than one file.
    fn is_folder(&self) -> bool {
        false
    }
    /// True when the first record of a file (its first line, whole) looks
    /// like this format.
    fn sniff(&self, _text: &str) -> bool {
        false
    }
    /// The extensions of the files a folder format reads from a folder
    /// (empty for single-file formats).
    fn folder_files(&self) -> &'static [&'static str] {
        &[]
    }
    /// True when the format reads the folders inside a folder too.
    fn walks_subfolders(&self) -> bool {
        false
    }
    /// True when a file named stands for the folder it is in (brat: one
    /// `.ann` names its folder).
    fn file_means_folder(&self) -> bool {
        false
    }
    /// Parses what was read.
    fn parse(&self, input: &Input) -> Result<Imported, ImportError>;
    /// Writes documents `docs` of `dataset`.
    fn export(&self, dataset: &Dataset, docs: &[usize], options: &ExportOptions) -> Exported;
}

/// Every format, in the order help texts list them.
pub static REGISTRY: &[&dyn Format] = &[
    &jsonl::Jsonl,
    &doccano::Doccano,
    &conll::Conll,
    &brat::Brat,
    &label_studio::LabelStudio,
    &webanno::WebAnno,
    &text::PlainText,
];

/// The names of every format, comma separated.
pub fn format_names() -> String {
    REGISTRY
        .iter()
        .map(|f| f.name())
        .collect::<Vec<_>>()
        .join(", ")
}

/// The format called `name`.
pub fn by_name(name: &str) -> Option<&'static dyn Format> {
    REGISTRY
        .iter()
        .copied()
        .find(|f| f.name().eq_ignore_ascii_case(name))
}

/// The format whose sniffer recognises `text` (its first record), if any.
pub fn sniff(text: &str) -> Option<&'static dyn Format> {
    REGISTRY.iter().copied().find(|f| f.sniff(text))
}

/// The format an extension (lower case, no dot) names, if any.
pub fn by_extension(ext: &str) -> Option<&'static dyn Format> {
    REGISTRY
        .iter()
        .copied()
        .find(|f| f.extensions().contains(&ext))
}

/// A document id built from a file name and a number: `news-0042`.
pub(crate) fn numbered_id(path: &Path, n: usize) -> String {
    let stem = path
        .file_stem()
        .map_or_else(|| "doc".into(), |s| s.to_string_lossy());
    format!("{stem}-{n:04}")
}

/// A `serde_json` error's cause, without the " at line L column C" it
/// appends (messages put the place first, once).
pub(crate) fn json_cause(err: &serde_json::Error) -> String {
    let text = err.to_string();
    plain_json_cause(match text.rfind(" at line ") {
        Some(i) => &text[..i],
        None => &text,
    })
}

/// A `serde_json` cause in plain words. (It calls every lone surrogate
/// "leading", the second half of a pair included.)
pub fn plain_json_cause(cause: &str) -> String {
    cause.replace(
        "lone leading surrogate in hex escape",
        "a lone surrogate in a \\u escape (half of a UTF-16 pair without the other half)",
    )
}

/// A syntax error at a line of a file.
pub(crate) fn syntax(path: &Path, line: usize, message: impl Into<String>) -> ImportError {
    ImportError::Syntax {
        path: path.into(),
        line,
        message: message.into(),
    }
}

/// Whether any two spans of the list overlap (spans sorted by start).
pub(crate) fn overlapping(spans: &[crate::model::Span]) -> bool {
    let mut reach = 0;
    for span in spans {
        if span.start.0 < reach {
            return true;
        }
        reach = reach.max(span.end.0);
    }
    false
}

/// The tokens a span covers, as a range of token indexes, widened to whole
/// tokens. A span whose edge falls inside a token is reported (and
/// widened); one that covers no token is reported and gives `None`.
pub(crate) fn covered_tokens(
    doc: &Document,
    index: &crate::text::OffsetIndex<'_>,
    tokens: &[crate::text::Token],
    span: &crate::model::Span,
    report: &mut Report,
) -> Option<std::ops::Range<usize>> {
    let text = index.slice(span.start, span.end).unwrap_or("");
    let first = tokens.partition_point(|t| t.end <= span.start);
    let last = tokens.partition_point(|t| t.start < span.end);
    if first >= last {
        report.warn(&doc.id, text, format!("{span} covers no token, left out"));
        return None;
    }
    if tokens[first].start != span.start || tokens[last - 1].end != span.end {
        let widened = index
            .slice(tokens[first].start, tokens[last - 1].end)
            .unwrap_or("");
        report.warn(
            &doc.id,
            text,
            format!("{span}: an edge falls inside a token; written as the tokens {widened:?}"),
        );
    }
    Some(first..last)
}

/// The first non-empty line of a file, if it is a JSON object.
pub(crate) fn first_json_line(text: &str) -> Option<serde_json::Value> {
    let first = text.lines().find(|l| !l.trim().is_empty())?;
    serde_json::from_str::<serde_json::Value>(first)
        .ok()
        .filter(serde_json::Value::is_object)
}

/// One file of documents written on every core: `write` puts each
/// document's text in its own string and its problems in its own report,
/// and the parts are joined in the order of `docs`.
pub(crate) fn write_in_parallel(
    dataset: &Dataset,
    docs: &[usize],
    write: &(dyn Fn(&Document, &mut String, &mut Report) + Sync),
) -> Exported {
    use rayon::prelude::*;
    let parts: Vec<(String, Report)> = docs
        .par_iter()
        .map(|&i| {
            let (mut out, mut report) = (String::new(), Report::default());
            write(&dataset.documents[i], &mut out, &mut report);
            (out, report)
        })
        .collect();
    let mut out = String::with_capacity(parts.iter().map(|(text, _)| text.len()).sum());
    let mut report = Report::default();
    for (text, part) in parts {
        out.push_str(&text);
        report.extend(part);
    }
    Exported {
        files: vec![(String::new(), out)],
        report,
    }
}
