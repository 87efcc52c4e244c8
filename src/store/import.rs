//! Reading other tools' files for an import: the files a format needs, read
//! through the one size-limited reader, and guessing the format by content.

use std::path::{Path, PathBuf};

use super::read::{ReadError, read_bytes, utf8};
use crate::formats::doc_split::{DocSplit, split_document};
use crate::formats::{self, Format, Imported, Input, InputFile, Report};
use crate::model::Dataset;

/// Why an import failed. Nothing of a failed import reaches the open dataset.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// A file or folder could not be read.
    #[error(transparent)]
    Read(#[from] ReadError),
    /// What was read does not hold what its format says.
    #[error(transparent)]
    Format(#[from] formats::ImportError),
    /// The format could not be told from the file name or contents.
    #[error("{}: cannot tell the format from the name or the contents; name it with --format ({names})", .0.display(), names = formats::format_names())]
    UnknownFormat(PathBuf),
    /// What was read would break the dataset's invariants.
    #[error(
        "{}: the imported data breaks {} invariants: {}",
        path.display(),
        problems.len(),
        problems.first().map(ToString::to_string).unwrap_or_default()
    )]
    Invalid {
        /// The file or folder.
        path: PathBuf,
        /// Every broken invariant.
        problems: Vec<crate::model::Problem>,
    },
    /// A folder named for a single-file format holds none of its files.
    #[error("{}: no {format} files ({extensions}) in this folder", path.display())]
    NoFiles {
        /// The folder.
        path: PathBuf,
        /// The format's name.
        format: &'static str,
        /// Its extensions, e.g. `.conll, .iob`.
        extensions: String,
    },
}

/// Reads what `format` needs of `path`: the file, or the files of the
/// folder it reads.
pub fn read_input(format: &dyn Format, path: &Path) -> Result<Input, ImportError> {
    let meta = std::fs::metadata(path).map_err(|source| ReadError::Io {
        path: path.into(),
        source,
    })?;
    let folder = if meta.is_dir() {
        path
    } else if format.file_means_folder() {
        match path.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent,
            _ => Path::new("."),
        }
    } else {
        let text = utf8(path, read_bytes(path)?)?;
        return Ok(Input::file(path, text));
    };
    if format.folder_files().is_empty() {
        return Err(ReadError::NotRegular {
            path: path.into(),
            kind: "a folder",
        }
        .into());
    }
    let mut files = Vec::new();
    walk(format, folder, folder, &mut files)?;
    Ok(Input {
        path: folder.to_path_buf(),
        files,
    })
}

/// The entries of a folder, in name order.
pub(super) fn entries(dir: &Path) -> Result<Vec<std::fs::DirEntry>, ReadError> {
    let io = |source| ReadError::Io {
        path: dir.into(),
        source,
    };
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .map_err(io)?
        .collect::<Result<_, _>>()
        .map_err(io)?;
    entries.sort_by_key(std::fs::DirEntry::file_name);
    Ok(entries)
}

fn walk(
    format: &dyn Format,
    root: &Path,
    dir: &Path,
    out: &mut Vec<InputFile>,
) -> Result<(), ReadError> {
    for entry in entries(dir)? {
        let path = entry.path();
        if path.is_dir() {
            if format.walks_subfolders() {
                walk(format, root, &path, out)?;
            }
            continue;
        }
        let ext = path
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_default();
        if !format.folder_files().contains(&ext.as_str()) {
            continue;
        }
        let name = path
            .strip_prefix(root)
            .unwrap_or(&path)
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        let text = utf8(&path, read_bytes(&path)?)?;
        out.push(InputFile { path, name, text });
    }
    Ok(())
}

/// Reads and parses `path` as `format`.
pub fn import(format: &dyn Format, path: &Path) -> Result<Imported, ImportError> {
    import_with(format, path, DocSplit::Auto)
}

/// Reads and parses `path` as `format`, cutting CoNLL into documents as
/// `split` says.
pub fn import_with(
    format: &dyn Format,
    path: &Path,
    split: DocSplit,
) -> Result<Imported, ImportError> {
    if path.is_dir() && format.folder_files().is_empty() {
        return super::import_folder::import_each_file(format, path, split);
    }
    let input = read_input(format, path)?;
    let mut imported = format.parse(&input)?;
    cut(format, input.text(), &mut imported, split);
    Ok(imported)
}

/// Cuts a CoNLL file's documents as `split` says (by default: a document
/// per sentence when the file has no `-DOCSTART-`).
pub(super) fn cut(format: &dyn Format, text: &str, imported: &mut Imported, split: DocSplit) {
    if format.name() != "conll" {
        return;
    }
    if let Some(per) = split.sentences_per_document(text.contains("-DOCSTART-")) {
        imported.documents = std::mem::take(&mut imported.documents)
            .into_iter()
            .flat_map(|doc| split_document(doc, per))
            .collect();
    }
}

/// Reading a format's files: `format.import(path)`.
pub trait FormatFiles {
    /// Reads and parses `path` (a file, or a folder for folder formats).
    fn import(&self, path: &Path) -> Result<Imported, ImportError>;
}

impl FormatFiles for dyn Format + '_ {
    fn import(&self, path: &Path) -> Result<Imported, ImportError> {
        import(self, path)
    }
}

/// Guesses the format of `path`: a folder by the files in it, a file by its
/// first record (read whole, however long), then its extension.
pub fn guess(path: &Path) -> Result<&'static dyn Format, ImportError> {
    guess_reading(path).map(|(format, _)| format)
}

/// The format of `path`, and for a file the bytes read to guess it.
fn guess_reading(path: &Path) -> Result<(&'static dyn Format, Option<Vec<u8>>), ImportError> {
    if path.is_dir() {
        let has = |ext: &str| -> Result<bool, ReadError> {
            Ok(entries(path)?.iter().any(|e| {
                e.path()
                    .extension()
                    .is_some_and(|x| x.eq_ignore_ascii_case(ext))
            }))
        };
        let format: &dyn Format = if has("ann")? {
            &formats::brat::Brat
        } else if has("tsv")? && !has("txt")? && webanno_folder(path)? {
            &formats::webanno::WebAnno
        } else if has("txt")? {
            &formats::text::PlainText
        } else {
            super::import_folder::guess_folder(path)?.unwrap_or(&formats::text::PlainText)
        };
        return Ok((format, None));
    }
    let bytes = read_bytes(path)?;
    let text = String::from_utf8_lossy(&bytes);
    if let Some(format) = formats::sniff(&text) {
        return Ok((format, Some(bytes)));
    }
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    formats::by_extension(&ext)
        .map(|format| (format, Some(bytes)))
        .ok_or_else(|| ImportError::UnknownFormat(path.into()))
}

/// True when the first `.tsv` of a folder is WebAnno TSV (not CoNLL
/// columns saved as `.tsv`).
fn webanno_folder(folder: &Path) -> Result<bool, ReadError> {
    let first = entries(folder)?
        .into_iter()
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|x| x.eq_ignore_ascii_case("tsv")) && p.is_file());
    Ok(match first {
        Some(path) => {
            formats::webanno::WebAnno.sniff(&String::from_utf8_lossy(&read_bytes(&path)?))
        }
        None => false,
    })
}

/// Reads `path` in the format it is guessed to be.
pub fn import_guessing(path: &Path) -> Result<(&'static dyn Format, Imported), ImportError> {
    let (format, bytes) = guess_reading(path)?;
    let input = match bytes {
        Some(bytes) if !format.file_means_folder() => Input::file(path, utf8(path, bytes)?),
        _ => return Ok((format, import(format, path)?)),
    };
    let mut imported = format.parse(&input)?;
    cut(format, input.text(), &mut imported, DocSplit::Auto);
    Ok((format, imported))
}

/// Imports `path` (a file or folder, its format guessed) into `dataset`;
/// on any error `dataset` is unchanged.
pub fn import_guessed(path: &Path, dataset: &mut Dataset) -> Result<Report, ImportError> {
    let (_, imported) = import_guessing(path)?;
    imported
        .into_dataset(dataset)
        .map_err(|problems| ImportError::Invalid {
            path: path.into(),
            problems,
        })
}
