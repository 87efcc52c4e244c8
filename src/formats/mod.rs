//! Reading documents from and writing them to other tools' files.
//!
//! One file per format, each implementing [`Format`] and documenting its
//! wire format in its module doc; [`REGISTRY`] lists them all. Imports and
//! exports return a [`Report`] of everything the other side could not hold
//! (a discontinuous brat span split in two, a span whose edge falls inside
//! a CoNLL token …): nothing is dropped silently.

pub mod brat;
pub mod conll;
pub mod doccano;
pub mod jsonl;
pub mod jsonl_stream;
pub mod label_studio;
pub mod text;
pub mod webanno;

mod report;
pub mod split;

use std::path::{Path, PathBuf};

pub use report::{Report, Warning};

use crate::model::{Dataset, Document};

/// Why an import failed. Nothing of a failed import reaches the open dataset.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// A file or folder could not be read.
    #[error("{path}: cannot read: {source}")]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// What the OS said.
        source: std::io::Error,
    },
    /// The file is larger than spanlab reads safely.
    #[error(
        "{path}: {size} bytes is more than the {limit}-byte limit; split it, or raise the limit with SPANLAB_MAX_FILE_BYTES"
    )]
    TooLarge {
        /// The file.
        path: PathBuf,
        /// Its size in bytes.
        size: u64,
        /// The limit in bytes.
        limit: u64,
    },
    /// A text file is not UTF-8.
    #[error(
        "{path}: not UTF-8 text (invalid byte at offset {byte_offset}); convert it to UTF-8 first, e.g. with iconv"
    )]
    NotUtf8 {
        /// The file.
        path: PathBuf,
        /// Where the first invalid byte is.
        byte_offset: usize,
    },
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
    /// The format could not be told from the file name or contents.
    #[error("{0}: cannot tell the format from the name or the contents; name it with --format ({names})", names = format_names())]
    UnknownFormat(PathBuf),
    /// What was read would break the dataset's invariants.
    #[error(
        "{path}: the imported data breaks {} invariants: {}",
        problems.len(),
        problems.first().map(ToString::to_string).unwrap_or_default()
    )]
    Invalid {
        /// The file or folder.
        path: PathBuf,
        /// Every broken invariant.
        problems: Vec<crate::model::Problem>,
    },
}

/// Imports `path` (a file or folder, its format guessed) into `dataset`;
/// on any error `dataset` is unchanged.
pub fn import_guessed(path: &Path, dataset: &mut Dataset) -> Result<Report, ImportError> {
    let imported = guess(path)?.import(path)?;
    imported
        .into_dataset(dataset)
        .map_err(|problems| ImportError::Invalid {
            path: path.into(),
            problems,
        })
}

/// Why an export failed. Files already there are left as they were.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// Writing failed.
    #[error("{path}: cannot write: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// What the OS said.
        source: std::io::Error,
    },
}

/// What an import produced.
#[derive(Debug, Default)]
pub struct Imported {
    /// The documents, in file order, with their spans (origin `imported`).
    pub documents: Vec<Document>,
    /// True when some document has overlapping spans (brat, Label Studio,
    /// WebAnno allow them); the receiving label set must allow overlaps.
    pub has_overlaps: bool,
    /// What could not be carried over, and what was changed on the way.
    pub report: Report,
}

impl Imported {
    /// Labels used by the imported spans, sorted, without repeats.
    pub fn labels(&self) -> Vec<String> {
        let mut labels: Vec<String> = self
            .documents
            .iter()
            .flat_map(|d| d.spans.iter().chain(&d.suggestions))
            .map(|s| s.label.to_string())
            .collect();
        labels.sort();
        labels.dedup();
        labels
    }

    /// Adds the documents to `dataset`, adding unknown labels to its label
    /// set and allowing overlaps if the import needs them. The result is
    /// validated; on a problem nothing is changed.
    pub fn into_dataset(self, dataset: &mut Dataset) -> Result<Report, Vec<crate::model::Problem>> {
        let mut merged = dataset.clone();
        for label in self.labels() {
            merged.labels.ensure(&label);
        }
        if self.has_overlaps && !merged.labels.allow_overlap {
            merged.labels.allow_overlap = true;
        }
        merged.documents.extend(self.documents);
        merged.sort_spans();
        let problems = merged.problems();
        if !problems.is_empty() {
            return Err(problems);
        }
        *dataset = merged;
        Ok(self.report)
    }
}

/// One part an export wrote.
#[derive(Debug)]
pub struct WrittenPart {
    /// The file or folder written.
    pub path: PathBuf,
    /// How many documents it holds.
    pub documents: usize,
    /// How many spans it holds.
    pub spans: usize,
}

/// Exports documents `docs` of `dataset` to `path`, or, with `parts`, shuffles
/// them with `seed` and writes one file (or folder) per part inside `path`
/// (`path/train.conll`, `path/dev.conll` …). What `spanlab export` and the
/// app's File > Export… both run.
pub fn export_to(
    format: &dyn Format,
    dataset: &Dataset,
    docs: &[usize],
    parts: Option<&[split::Part]>,
    seed: u64,
    options: &ExportOptions,
    path: &Path,
) -> Result<(Vec<WrittenPart>, Report), ExportError> {
    let chunks: Vec<(String, Vec<usize>)> = match parts {
        Some(parts) => parts
            .iter()
            .map(|p| p.name.clone())
            .zip(split::split(docs, parts, seed))
            .collect(),
        None => vec![(String::new(), docs.to_vec())],
    };
    let mut written = Vec::new();
    let mut report = Report::default();
    for (name, docs) in chunks {
        let exported = format.export(dataset, &docs, options);
        let single_file = exported.files.len() == 1 && exported.files[0].0.is_empty();
        let target = match (name.is_empty(), single_file) {
            (true, _) => path.to_path_buf(),
            (false, true) => {
                let ext = format.extensions().first().copied().unwrap_or("json");
                path.join(format!("{name}.{ext}"))
            }
            (false, false) => path.join(&name),
        };
        if !name.is_empty() {
            std::fs::create_dir_all(path).map_err(|source| ExportError::Io {
                path: path.to_path_buf(),
                source,
            })?;
        }
        exported.write(&target)?;
        written.push(WrittenPart {
            path: target,
            documents: docs.len(),
            spans: docs.iter().map(|&i| dataset.documents[i].spans.len()).sum(),
        });
        report.extend(exported.report);
    }
    Ok((written, report))
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

impl Exported {
    /// Writes the files to `path` (a file, or a folder for folder formats),
    /// each atomically.
    pub fn write(&self, path: &Path) -> Result<(), ExportError> {
        let io = |path: &Path| {
            let path = path.to_path_buf();
            move |source| ExportError::Io { path, source }
        };
        for (name, contents) in &self.files {
            let target = if name.is_empty() {
                path.to_path_buf()
            } else {
                std::fs::create_dir_all(path).map_err(io(path))?;
                path.join(name)
            };
            crate::store::write_atomic(&target, |w| w.write_all(contents.as_bytes()))
                .map_err(io(&target))?;
        }
        Ok(())
    }
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
    /// True when the start of a file looks like this format.
    fn sniff(&self, _head: &str) -> bool {
        false
    }
    /// Reads a file (or folder).
    fn import(&self, path: &Path) -> Result<Imported, ImportError>;
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

/// Guesses the format of `path` from its contents, then its extension.
pub fn guess(path: &Path) -> Result<&'static dyn Format, ImportError> {
    if path.is_dir() {
        let has_ann = std::fs::read_dir(path)
            .map_err(|source| ImportError::Io {
                path: path.into(),
                source,
            })?
            .filter_map(Result::ok)
            .any(|e| e.path().extension().is_some_and(|x| x == "ann"));
        return Ok(if has_ann {
            &brat::Brat
        } else {
            &text::PlainText
        });
    }
    let head = read_head(path)?;
    if let Some(format) = REGISTRY.iter().copied().find(|f| f.sniff(&head)) {
        return Ok(format);
    }
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    REGISTRY
        .iter()
        .copied()
        .find(|f| f.extensions().contains(&ext.as_str()))
        .ok_or_else(|| ImportError::UnknownFormat(path.into()))
}

/// The first 64 KiB of a file, as text (lossy).
fn read_head(path: &Path) -> Result<String, ImportError> {
    use std::io::Read as _;
    let mut head = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(64 * 1024).read_to_end(&mut head))
        .map_err(|source| ImportError::Io {
            path: path.into(),
            source,
        })?;
    Ok(String::from_utf8_lossy(&head).into_owned())
}

/// Reads a whole UTF-8 file.
pub(crate) fn read_text(path: &Path) -> Result<String, ImportError> {
    let size = std::fs::metadata(path)
        .map_err(|source| ImportError::Io {
            path: path.into(),
            source,
        })?
        .len();
    let limit = crate::store::max_file_bytes();
    if size > limit {
        return Err(ImportError::TooLarge {
            path: path.into(),
            size,
            limit,
        });
    }
    let bytes = std::fs::read(path).map_err(|source| ImportError::Io {
        path: path.into(),
        source,
    })?;
    String::from_utf8(bytes).map_err(|e| ImportError::NotUtf8 {
        path: path.into(),
        byte_offset: e.utf8_error().valid_up_to(),
    })
}

/// A document id built from a file name and a number: `news-0042`.
pub(crate) fn numbered_id(path: &Path, n: usize) -> String {
    let stem = path
        .file_stem()
        .map_or_else(|| "doc".into(), |s| s.to_string_lossy());
    format!("{stem}-{n:04}")
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

/// The first non-empty line of a file's head, if it is a JSON object.
pub(crate) fn first_json_line(head: &str) -> Option<serde_json::Value> {
    let first = head.lines().find(|l| !l.trim().is_empty())?;
    serde_json::from_str::<serde_json::Value>(first)
        .ok()
        .filter(serde_json::Value::is_object)
}
