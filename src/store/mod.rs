//! Dataset files on disk: load and save RON or JSON (chosen by extension),
//! atomically, with errors that name the file and the place.
//!
//! Saving writes a temporary file in the target's folder, flushes and
//! fsyncs it, then renames it over the target: a crash or a full disk never
//! leaves a half-written dataset, and a failed save leaves the old file as it
//! was. Loading refuses a file whose syntax is broken (naming line and
//! column) or whose data breaks an invariant (naming document and span).

mod atomic;
mod export;
mod gazetteer_place;
mod import;
mod import_folder;
pub mod journal;
mod journal_aside;
mod json_read;
mod json_write;
pub mod lines;
pub mod lock;
mod model_file;
mod read;
pub mod sidecar;
mod stamp;
mod sync_behind;
pub mod unsaved;

use std::fmt;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::model::{Dataset, Problem};

pub use atomic::write_atomic;
pub use export::{ExportError, ExportedFiles, WrittenPart, export_to, write_exported};
pub use gazetteer_place::{gazetteers_outside, outside_message};
pub use import::{
    FormatFiles, ImportError, guess, import, import_guessed, import_guessing, import_with,
    read_input,
};
pub use journal::Journal;
pub use lock::{DatasetLock, LockError};
pub use model_file::{ModelError, load_model, load_model_for, model_path, save_model};
pub use read::{
    DEFAULT_MAX_FILE_BYTES, ReadError, max_file_bytes, plain_cause, read_bytes, read_text, utf8,
};
pub use sidecar::{Sidecar, sidecar_path};
pub use stamp::FileStamp;

/// The on-disk encodings of a dataset.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileFormat {
    /// Rusty Object Notation (`.ron`): compact and readable, diffs well.
    Ron,
    /// JSON (`.json`): read by every language.
    Json,
}

impl FileFormat {
    /// The format a path's extension names, if it is `.ron` or `.json`.
    pub fn from_path(path: &Path) -> Option<Self> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "ron" => Some(Self::Ron),
            "json" => Some(Self::Json),
            _ => None,
        }
    }

    /// The file extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            Self::Ron => "ron",
            Self::Json => "json",
        }
    }
}

/// Why a dataset file could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// The extension is neither `.ron` nor `.json`.
    #[error("{0}: not a dataset file: the name must end in .ron or .json")]
    UnknownFormat(PathBuf),
    /// The file could not be read.
    #[error(transparent)]
    Read(#[from] ReadError),
    /// The file is not valid RON/JSON, or does not have a dataset's shape.
    #[error("{path}:{line}:{column}: {message}")]
    Parse {
        /// The file.
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What was wrong, and what was expected.
        message: String,
    },
    /// The file parses but its data breaks invariants.
    #[error("{}", InvalidList { path, problems })]
    Invalid {
        /// The file.
        path: PathBuf,
        /// Every broken invariant.
        problems: Vec<Problem>,
    },
}

struct InvalidList<'a> {
    path: &'a Path,
    problems: &'a [Problem],
}

impl fmt::Display for InvalidList<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.problems.len();
        write!(
            f,
            "{}: {n} problem{}:",
            self.path.display(),
            if n == 1 { "" } else { "s" }
        )?;
        for problem in self.problems {
            write!(f, "\n  {}: {problem}", self.path.display())?;
        }
        Ok(())
    }
}

/// Why a dataset could not be saved. The old file, if any, is untouched.
#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    /// The extension is neither `.ron` nor `.json`.
    #[error("{0}: cannot save: the name must end in .ron or .json")]
    UnknownFormat(PathBuf),
    /// Another program changed the file since it was loaded or saved: it
    /// is not overwritten.
    #[error(
        "{0}: not saved: the file was changed on disk by another program since it was opened; reload it, or save under another name"
    )]
    Changed(PathBuf),
    /// Writing failed; the old file is as it was.
    #[error("{}: cannot save: {}", path.display(), read::plain_io(source))]
    Io {
        /// The file.
        path: PathBuf,
        /// What the OS said.
        source: std::io::Error,
    },
}

/// Loads and validates a dataset, choosing RON or JSON by the extension.
/// Span lists come back sorted. A file over [`max_file_bytes`] is refused
/// before it is read.
pub fn load(path: &Path) -> Result<Dataset, LoadError> {
    load_stamped(path).map(|(dataset, _)| dataset)
}

/// Like [`load`], also returning the file's stamp, so a later save can
/// check that no other program changed it in between.
pub fn load_stamped(path: &Path) -> Result<(Dataset, FileStamp), LoadError> {
    let format =
        FileFormat::from_path(path).ok_or_else(|| LoadError::UnknownFormat(path.into()))?;
    let bytes = read_bytes(path)?;
    if let (Some(dir), Some(name)) = (path.parent(), path.file_name()) {
        let dir = if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir
        };
        atomic::remove_stale_temporaries(dir, &name.to_string_lossy());
    }
    let stamp = FileStamp::of_bytes(path, &bytes);
    let mut dataset = parse(&bytes, format).map_err(|e| e.at(path))?;
    dataset.sort_spans();
    let problems = dataset.problems();
    if problems.is_empty() {
        Ok((dataset, stamp))
    } else {
        Err(LoadError::Invalid {
            path: path.into(),
            problems,
        })
    }
}

/// A parse error before the path is known.
#[derive(Debug)]
pub struct ParseError {
    line: usize,
    column: usize,
    message: String,
}

impl ParseError {
    fn at(self, path: &Path) -> LoadError {
        LoadError::Parse {
            path: path.into(),
            line: self.line,
            column: self.column,
            message: self.message,
        }
    }
}

/// Parses a dataset from bytes, without validating it.
pub fn parse(bytes: &[u8], format: FileFormat) -> Result<Dataset, ParseError> {
    // A UTF-8 byte order mark (Windows editors write one) is not content.
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if format == FileFormat::Json
        && let Some((i, &first)) = bytes
            .iter()
            .enumerate()
            .find(|(_, b)| !b.is_ascii_whitespace())
        && first != b'{'
    {
        let line = bytes[..i].split(|&b| b == b'\n').count();
        let column = 1 + i
            - bytes[..i]
                .iter()
                .rposition(|&b| b == b'\n')
                .map_or(0, |n| n + 1);
        return Err(ParseError {
            line,
            column,
            message:
                "not a dataset: expected a JSON object {\"version\", \"labels\", \"documents\"}"
                    .to_owned(),
        });
    }
    if format == FileFormat::Json
        && let Some(dataset) = json_read::parse_parallel(bytes)
    {
        return Ok(dataset);
    }
    match format {
        FileFormat::Json => serde_json::from_slice(bytes).map_err(|e| ParseError {
            line: e.line(),
            column: e.column(),
            message: strip_json_position(&e.to_string()),
        }),
        FileFormat::Ron => ron::Options::default()
            .from_bytes(bytes)
            .map_err(|e| ParseError {
                line: e.span.start.line,
                column: e.span.start.col,
                message: match e.code {
                    ron::Error::ExceededRecursionLimit => {
                        "nested more than 128 levels deep: not a dataset".to_owned()
                    }
                    code => code.to_string(),
                },
            }),
    }
}

/// `serde_json` appends " at line L column C" to its messages; we print the
/// place in front, compiler style, so drop the copy.
fn strip_json_position(message: &str) -> String {
    let cause = match message.rfind(" at line ") {
        Some(i) => &message[..i],
        None => message,
    };
    crate::formats::plain_json_cause(cause)
}

/// Saves a dataset atomically, choosing RON or JSON by the extension.
pub fn save(dataset: &Dataset, path: &Path) -> Result<(), SaveError> {
    save_stamped(dataset, path, None).map(|_| ())
}

/// Saves a dataset atomically and returns the new file's stamp. With
/// `expected`, the file on disk must still be what that stamp describes
/// (as loaded or last saved), or nothing is written and the answer is
/// [`SaveError::Changed`]: another program's changes are never overwritten
/// silently.
pub fn save_stamped(
    dataset: &Dataset,
    path: &Path,
    expected: Option<&FileStamp>,
) -> Result<FileStamp, SaveError> {
    let format =
        FileFormat::from_path(path).ok_or_else(|| SaveError::UnknownFormat(path.into()))?;
    write_stamped(path, expected, &mut |writer| {
        serialize(dataset, format, writer)
    })
}

/// Like [`save_stamped`], running `prepare` on every document (on every
/// core) on the way out: a JSON dataset's documents are changed and
/// serialised in one step, a chunk at a time, while earlier chunks are
/// being written (`spanlab suggest` at corpus scale). Nothing is prepared
/// if the file changed on disk; if the save fails part-way, some documents
/// may have been prepared and others not.
pub fn save_stamped_prepared(
    dataset: &mut Dataset,
    path: &Path,
    expected: Option<&FileStamp>,
    prepare: &(dyn Fn(&mut crate::model::Document) + Sync),
) -> Result<FileStamp, SaveError> {
    use rayon::prelude::*;
    let format =
        FileFormat::from_path(path).ok_or_else(|| SaveError::UnknownFormat(path.into()))?;
    if format == FileFormat::Ron {
        if expected.is_some_and(|expected| !expected.matches(path)) {
            return Err(SaveError::Changed(path.into()));
        }
        dataset.documents.par_iter_mut().for_each(prepare);
        return save_stamped(dataset, path, expected);
    }
    write_stamped(path, expected, &mut |writer| {
        json_write::write_prepared(dataset, prepare, writer)?;
        writer.write_all(b"\n")
    })
}

/// Writes a file atomically through `serialize`, checksumming what is
/// written, after and right before the rename checking that the file is
/// still what `expected` describes.
fn write_stamped(
    path: &Path,
    expected: Option<&FileStamp>,
    serialize: &mut dyn FnMut(&mut dyn Write) -> std::io::Result<()>,
) -> Result<FileStamp, SaveError> {
    if let Some(expected) = expected
        && !expected.matches(path)
    {
        return Err(SaveError::Changed(path.into()));
    }
    let mut written = (crc32fast::Hasher::new(), 0);
    // Checked again right before the rename: another writer may have
    // replaced the file while this one was serialising.
    let mut changed = false;
    let result = atomic::write_atomic_checked(
        path,
        |writer| {
            let mut stamping = stamp::Stamping {
                inner: writer,
                hasher: crc32fast::Hasher::new(),
                len: 0,
            };
            // The serialisers write a few bytes at a time: checksum them in
            // large pieces (per-call checksums were a third of a save).
            let mut buffered = std::io::BufWriter::with_capacity(256 << 10, &mut stamping);
            serialize(&mut buffered)?;
            buffered.flush()?;
            drop(buffered);
            written = (stamping.hasher, stamping.len);
            Ok(())
        },
        || {
            changed = expected.is_some_and(|expected| !expected.matches(path));
            if changed {
                Err(std::io::Error::other("changed on disk"))
            } else {
                Ok(())
            }
        },
    );
    if changed {
        return Err(SaveError::Changed(path.into()));
    }
    result.map_err(|source| SaveError::Io {
        path: path.into(),
        source,
    })?;
    let modified_ns = FileStamp::read_time(path);
    Ok(FileStamp {
        len: written.1,
        modified_ns,
        crc32: written.0.finalize(),
    })
}

/// Writes a dataset in `format` to `writer`: pretty-printed, so saved
/// datasets diff cleanly.
pub fn serialize(
    dataset: &Dataset,
    format: FileFormat,
    writer: &mut dyn Write,
) -> std::io::Result<()> {
    match format {
        FileFormat::Json => {
            json_write::write(dataset, writer)?;
            writer.write_all(b"\n")
        }
        FileFormat::Ron => {
            let config = ron::ser::PrettyConfig::new()
                .indentor("  ".to_owned())
                .separate_tuple_members(false)
                .struct_names(false);
            ron::Options::default()
                .to_io_writer_pretty(&mut *writer, dataset, config)
                .map_err(std::io::Error::other)?;
            writer.write_all(b"\n")
        }
    }
}

/// A dataset as a string in `format` (for small datasets and tests).
pub fn to_string(dataset: &Dataset, format: FileFormat) -> String {
    let mut out = Vec::new();
    // Writing to a Vec cannot fail, and our types always serialize.
    if serialize(dataset, format, &mut out).is_err() {
        return String::new();
    }
    String::from_utf8(out).unwrap_or_default()
}

/// Reads a rules file (RON, or a spaCy/Prodigy pattern file ending in
/// `.jsonl`) through the size-limited reader.
pub fn read_rules_file(path: &Path) -> Result<crate::rules::RulesFile, crate::rules::RuleError> {
    let text = read_text(path).map_err(|e| crate::rules::RuleError::Read(Box::new(e)))?;
    crate::rules::parse_rules_file(&text, path)
}

/// Reads and compiles a rules file; its gazetteers are read relative to its
/// folder, through the size-limited reader too.
pub fn load_rules(path: &Path) -> Result<crate::rules::Compiled, crate::rules::RuleError> {
    compile_rules(&read_rules_file(path)?, path)
}

/// Compiles a rules file read from `path`; its gazetteers are read
/// relative to that folder, through the size-limited reader too.
pub fn compile_rules(
    file: &crate::rules::RulesFile,
    path: &Path,
) -> Result<crate::rules::Compiled, crate::rules::RuleError> {
    let base = path.parent().unwrap_or(Path::new(".")).to_path_buf();
    crate::rules::Compiled::new(file, &|p: &Path| {
        let full = base.join(p);
        // The rule's message names the gazetteer once; the cause alone here.
        read_text(&full).map_err(|e| {
            let text = e.to_string();
            let prefix = format!("{}: ", full.display());
            std::io::Error::other(text.strip_prefix(&prefix).unwrap_or(&text).to_owned())
        })
    })
}

#[cfg(test)]
mod json_tests;
