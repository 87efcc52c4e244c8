//! The one reader of every file spanlab opens: datasets, imports, rules
//! files, gazetteers, label sets. It refuses what is not a regular file (a
//! FIFO would block forever, `/dev/zero` would never end) and anything over
//! the size limit, before reading it.

use std::io::Read as _;
use std::path::{Path, PathBuf};

/// The largest file spanlab reads by default: 1 GiB. The environment
/// variable `SPANLAB_MAX_FILE_BYTES` sets another limit.
pub const DEFAULT_MAX_FILE_BYTES: u64 = 1 << 30;

/// Why a file could not be read. Each message names the file first.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// The operating system refused.
    #[error("{}: cannot read: {}", path.display(), plain_io(source))]
    Io {
        /// The file.
        path: PathBuf,
        /// What the OS said.
        source: std::io::Error,
    },
    /// A folder, FIFO, socket or device where a file was expected.
    #[error("{}: {kind}, not a regular file; spanlab reads only regular files", path.display())]
    NotRegular {
        /// The path.
        path: PathBuf,
        /// What it is ("a folder", "a FIFO" …).
        kind: &'static str,
    },
    /// The file is larger than the limit.
    #[error(
        "{}: {size} bytes is more than the {limit}-byte limit; split it, or raise the limit with SPANLAB_MAX_FILE_BYTES",
        path.display()
    )]
    TooLarge {
        /// The file.
        path: PathBuf,
        /// Its size in bytes.
        size: u64,
        /// The limit in bytes.
        limit: u64,
    },
    /// `SPANLAB_MAX_FILE_BYTES` is set to something that is not a number.
    #[error(
        "SPANLAB_MAX_FILE_BYTES={0:?} is not a number of bytes; set it to a whole number such as 2000000000, or unset it"
    )]
    BadLimit(String),
    /// A text file is not UTF-8.
    #[error(
        "{}:{line}: not UTF-8 text (invalid byte at byte offset {byte_offset}); convert it to UTF-8 first, e.g. with iconv",
        path.display()
    )]
    NotUtf8 {
        /// The file.
        path: PathBuf,
        /// The 1-based line of the first invalid byte.
        line: usize,
        /// The offset of the first invalid byte.
        byte_offset: usize,
    },
}

impl ReadError {
    /// The file concerned, if there is one.
    pub fn path(&self) -> Option<&Path> {
        match self {
            Self::Io { path, .. }
            | Self::NotRegular { path, .. }
            | Self::TooLarge { path, .. }
            | Self::NotUtf8 { path, .. } => Some(path),
            Self::BadLimit(_) => None,
        }
    }
}

/// An OS error in plain words: "No such file or directory", without the
/// "(os error 2)" that the standard library appends.
pub(crate) fn plain_io(err: &std::io::Error) -> String {
    plain_cause(&err.to_string()).to_owned()
}

/// An OS error's text without its number: "… (os error 2)", and from a
/// temporary file "… (os error 2) at path \"/x/.name.Ab12Cd.tmp\"": the
/// cause in plain words is before either.
pub fn plain_cause(text: &str) -> &str {
    match text.find(" (os error ") {
        Some(i) if text.ends_with(')') || text[i..].contains(") at path ") => &text[..i],
        _ => text,
    }
}

/// The size limit in force for files spanlab reads: `SPANLAB_MAX_FILE_BYTES`
/// or [`DEFAULT_MAX_FILE_BYTES`]. A value that is not a number is an error,
/// not ignored.
pub fn max_file_bytes() -> Result<u64, ReadError> {
    match std::env::var("SPANLAB_MAX_FILE_BYTES") {
        Err(std::env::VarError::NotPresent) => Ok(DEFAULT_MAX_FILE_BYTES),
        Err(std::env::VarError::NotUnicode(value)) => {
            Err(ReadError::BadLimit(value.to_string_lossy().into_owned()))
        }
        Ok(value) => value.trim().parse().map_err(|_| ReadError::BadLimit(value)),
    }
}

/// What a path is, when it is not a regular file.
fn odd_kind(meta: &std::fs::Metadata) -> Option<&'static str> {
    let kind = meta.file_type();
    if kind.is_file() {
        return None;
    }
    if kind.is_dir() {
        return Some("a folder");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt as _;
        if kind.is_fifo() {
            return Some("a FIFO (named pipe)");
        }
        if kind.is_socket() {
            return Some("a socket");
        }
        if kind.is_char_device() || kind.is_block_device() {
            return Some("a device");
        }
    }
    Some("not a file")
}

/// Reads a whole regular file of at most [`max_file_bytes`].
pub fn read_bytes(path: &Path) -> Result<Vec<u8>, ReadError> {
    let io = |source| ReadError::Io {
        path: path.into(),
        source,
    };
    let limit = max_file_bytes()?;
    // Checked before opening: opening a FIFO blocks until a writer comes.
    let meta = std::fs::metadata(path).map_err(io)?;
    if let Some(kind) = odd_kind(&meta) {
        return Err(ReadError::NotRegular {
            path: path.into(),
            kind,
        });
    }
    if meta.len() > limit {
        return Err(ReadError::TooLarge {
            path: path.into(),
            size: meta.len(),
            limit,
        });
    }
    let file = std::fs::File::open(path).map_err(io)?;
    // The path may have been replaced between the check and the open.
    let meta = file.metadata().map_err(io)?;
    if let Some(kind) = odd_kind(&meta) {
        return Err(ReadError::NotRegular {
            path: path.into(),
            kind,
        });
    }
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    file.take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(io)?;
    let size = bytes.len() as u64;
    if size > limit {
        return Err(ReadError::TooLarge {
            path: path.into(),
            size,
            limit,
        });
    }
    Ok(bytes)
}

/// Reads a whole UTF-8 file of at most [`max_file_bytes`].
pub fn read_text(path: &Path) -> Result<String, ReadError> {
    utf8(path, read_bytes(path)?)
}

/// Bytes read from `path` as UTF-8 text, or the line and offset of the
/// first byte that is not.
pub fn utf8(path: &Path, bytes: Vec<u8>) -> Result<String, ReadError> {
    String::from_utf8(bytes).map_err(|e| {
        let byte_offset = e.utf8_error().valid_up_to();
        let line = e.as_bytes()[..byte_offset].split(|&b| b == b'\n').count();
        ReadError::NotUtf8 {
            path: path.into(),
            line,
            byte_offset,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_os_error_states_its_cause_once_in_plain_words() {
        let err = read_bytes(Path::new("/nonexistent/data.json")).unwrap_err();
        assert_eq!(
            err.to_string(),
            "/nonexistent/data.json: cannot read: No such file or directory"
        );
    }

    #[test]
    fn a_temporary_file_error_is_said_without_the_os_number_or_temporary_path() {
        let err = std::io::Error::new(
            std::io::ErrorKind::NotFound,
            "No such file or directory (os error 2) at path \"/x/.a.json.Ab12Cd.tmp\"",
        );
        assert_eq!(plain_io(&err), "No such file or directory");
    }

    #[test]
    fn a_folder_is_refused_by_name() {
        let dir = tempfile::tempdir().unwrap();
        let err = read_bytes(dir.path()).unwrap_err();
        assert!(
            err.to_string().contains("a folder, not a regular file"),
            "{err}"
        );
    }

    #[cfg(unix)]
    #[test]
    fn dev_zero_is_refused_instead_of_read_until_memory_runs_out() {
        let err = read_bytes(Path::new("/dev/zero")).unwrap_err();
        assert!(
            matches!(
                err,
                ReadError::NotRegular {
                    kind: "a device",
                    ..
                }
            ),
            "{err}"
        );
    }

    #[test]
    fn not_utf8_names_the_line_and_the_byte() {
        let err = utf8(Path::new("a.txt"), b"ok\nZ\xfcrich".to_vec()).unwrap_err();
        assert_eq!(
            err.to_string(),
            "a.txt:2: not UTF-8 text (invalid byte at byte offset 4); convert it to UTF-8 first, e.g. with iconv"
        );
    }
}
