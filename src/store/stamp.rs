//! What a file on disk was when we read or wrote it: size, modification
//! time and a checksum, so a save can tell that another program changed
//! the file in the meantime.

use std::io::Write;
use std::path::Path;
use std::time::SystemTime;

use serde::{Deserialize, Serialize};

/// A file's identity at one moment: its size, modification time and the
/// CRC-32 of its bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileStamp {
    /// Size in bytes.
    pub len: u64,
    /// Modification time as nanoseconds since the Unix epoch (0 if unknown).
    pub modified_ns: u128,
    /// CRC-32 of the contents.
    pub crc32: u32,
}

impl FileStamp {
    /// The stamp of bytes just read from (or written to) `path`.
    pub fn of_bytes(path: &Path, bytes: &[u8]) -> Self {
        Self {
            len: bytes.len() as u64,
            modified_ns: modified_ns(path),
            crc32: crc32fast::hash(bytes),
        }
    }

    /// Reads `path` (through the size-limited reader, which refuses what is
    /// not a regular file) and stamps it.
    pub fn read(path: &Path) -> std::io::Result<Self> {
        let bytes = super::read_bytes(path).map_err(|e| match e {
            super::ReadError::Io { source, .. } => source,
            other => std::io::Error::other(other.to_string()),
        })?;
        Ok(Self::of_bytes(path, &bytes))
    }

    /// Whether `path` still holds what this stamp describes: the same size
    /// and the same checksum. The time alone decides nothing: a `touch` is
    /// not a change, and two writes within the file system's clock tick
    /// can leave the same time on different contents. A file that is gone
    /// has changed.
    pub fn matches(&self, path: &Path) -> bool {
        match std::fs::metadata(path) {
            Ok(meta) if meta.len() == self.len => {}
            _ => return false,
        }
        super::read_bytes(path).is_ok_and(|bytes| crc32fast::hash(&bytes) == self.crc32)
    }

    /// The modification time of `path` in nanoseconds (0 if unknown).
    pub fn read_time(path: &Path) -> u128 {
        modified_ns(path)
    }

    /// Whether two stamps describe the same contents (time aside).
    pub fn same_contents(&self, other: &Self) -> bool {
        self.len == other.len && self.crc32 == other.crc32
    }
}

fn modified_ns(path: &Path) -> u128 {
    std::fs::metadata(path)
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| t.duration_since(SystemTime::UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos())
}

/// A writer that counts and checksums what passes through it.
pub(crate) struct Stamping<'a> {
    pub(crate) inner: &'a mut dyn Write,
    pub(crate) hasher: crc32fast::Hasher,
    pub(crate) len: u64,
}

impl Write for Stamping<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hasher.update(&buf[..n]);
        self.len += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_touch_is_not_a_change_but_new_contents_are() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.json");
        std::fs::write(&path, "one").unwrap();
        let stamp = FileStamp::read(&path).unwrap();
        assert!(stamp.matches(&path));
        let later = SystemTime::now() + std::time::Duration::from_secs(5);
        std::fs::File::options()
            .write(true)
            .open(&path)
            .unwrap()
            .set_modified(later)
            .unwrap();
        assert!(stamp.matches(&path), "same bytes, new time");
        std::fs::write(&path, "two").unwrap();
        assert!(!stamp.matches(&path), "same size, other bytes");
        std::fs::write(&path, "three").unwrap();
        assert!(!stamp.matches(&path), "other size");
        std::fs::remove_file(&path).unwrap();
        assert!(!stamp.matches(&path), "gone");
    }

    #[test]
    fn an_empty_file_replaced_by_a_fifo_is_a_change_not_a_hang() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.json");
        std::fs::write(&path, "").unwrap();
        let stamp = FileStamp::read(&path).unwrap();
        std::fs::remove_file(&path).unwrap();
        let made = std::process::Command::new("mkfifo").arg(&path).status();
        if !made.is_ok_and(|s| s.success()) {
            return; // no mkfifo here
        }
        assert!(!stamp.matches(&path), "a FIFO is not the file");
        assert!(FileStamp::read(&path).is_err());
    }
}
