//! Reading documents from and writing them to other tools' files. One file
//! per format; each documents its wire format in its module doc.

pub mod text;

use std::path::PathBuf;

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
}
