//! The journal: every edit applied since the last save, appended to a
//! sidecar file next to the dataset, so a crash loses nothing.
//!
//! `.NAME.journal` beside `NAME.ron` is a text file of lines:
//!
//! ```text
//! spanlab-journal 1 {"len":1234,"modified_ns":…,"crc32":305419896}
//! 1c291ca3 {"add_span":{"doc":0,"span":{"start":19,"end":30,"label":"PERSON",…}}}
//! …
//! ```
//!
//! The first line names the dataset file the edits apply to (its size and
//! checksum, as loaded or last saved); each further line is the CRC-32 (hex)
//! of an edit's JSON, a space, the JSON and a newline. An edit is written
//! with one `write` call the moment the app has applied it, and the file is
//! synced to disk once per frame. Saving the dataset deletes the journal.
//! A program that dies mid-write leaves a last line without its newline or
//! with a wrong checksum: reading stops there, keeps every complete edit
//! before it, and says how many bytes it ignored.

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

use super::FileStamp;
use crate::edit::{Edit, EditError};
use crate::model::Dataset;

const MAGIC: &str = "spanlab-journal 1 ";

/// The journal file of a dataset file: `.NAME.journal` in its folder.
pub fn journal_path(dataset: &Path) -> PathBuf {
    sidecar(dataset, "journal")
}

/// Where a discarded journal is kept (never deleted outright): `.NAME.journal.discarded`.
pub fn discarded_path(dataset: &Path) -> PathBuf {
    sidecar(dataset, "journal.discarded")
}

pub(super) fn sidecar(dataset: &Path, suffix: &str) -> PathBuf {
    let name = dataset
        .file_name()
        .map_or_else(|| "dataset".into(), |n| n.to_string_lossy().into_owned());
    dataset.with_file_name(format!(".{name}.{suffix}"))
}

/// Why a journal could not be read.
#[derive(Debug, thiserror::Error)]
pub enum JournalError {
    /// The journal could not be read.
    #[error("{path}: cannot read the journal: {source}")]
    Io {
        /// The journal file.
        path: PathBuf,
        /// What the OS said.
        source: std::io::Error,
    },
    /// The first line is not a journal header.
    #[error("{path}: line 1: not a spanlab journal")]
    NotAJournal {
        /// The journal file.
        path: PathBuf,
    },
}

/// What a journal holds.
#[derive(Clone, Debug, PartialEq)]
pub struct Recovered {
    /// The dataset file the edits apply to, as it was when they began.
    pub base: FileStamp,
    /// Every complete edit, in the order applied.
    pub edits: Vec<Edit>,
    /// Bytes of the journal that hold the header and those edits.
    pub valid_len: u64,
    /// Bytes after them that were ignored (a torn last write), and why.
    pub torn: Option<(u64, String)>,
}

/// Reads the journal of `dataset`, if there is one. A torn or corrupt tail
/// is not an error: reading keeps every complete edit before it.
pub fn read(dataset: &Path) -> Result<Option<Recovered>, JournalError> {
    let path = journal_path(dataset);
    let bytes = match std::fs::read(&path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(source) => return Err(JournalError::Io { path, source }),
    };
    parse(&bytes)
        .map(Some)
        .ok_or(JournalError::NotAJournal { path })
}

/// Parses journal bytes; `None` when the header is missing or broken.
pub fn parse(bytes: &[u8]) -> Option<Recovered> {
    let header_end = bytes.iter().position(|&b| b == b'\n')?;
    let header = std::str::from_utf8(&bytes[..header_end]).ok()?;
    let base: FileStamp = serde_json::from_str(header.strip_prefix(MAGIC)?).ok()?;
    let mut at = header_end + 1;
    let mut edits = Vec::new();
    let mut torn = None;
    while at < bytes.len() {
        let rest = &bytes[at..];
        let Some(len) = rest.iter().position(|&b| b == b'\n') else {
            torn = Some(("the last record has no end of line".to_owned(), rest.len()));
            break;
        };
        match record(&rest[..len]) {
            Ok(edit) => edits.push(edit),
            Err(why) => {
                torn = Some((why, rest.len()));
                break;
            }
        }
        at += len + 1;
    }
    Some(Recovered {
        base,
        edits,
        valid_len: at as u64,
        torn: torn.map(|(why, n)| (n as u64, why)),
    })
}

fn record(line: &[u8]) -> Result<Edit, String> {
    let line = std::str::from_utf8(line).map_err(|_| "a record is not UTF-8".to_owned())?;
    let (crc, json) = line
        .split_once(' ')
        .ok_or_else(|| "a record has no checksum".to_owned())?;
    let crc = u32::from_str_radix(crc, 16).map_err(|_| "a record's checksum is not hex")?;
    if crc32fast::hash(json.as_bytes()) != crc {
        return Err("a record's checksum does not match".into());
    }
    serde_json::from_str(json).map_err(|e| format!("a record does not parse: {e}"))
}

/// Applies recovered edits to `dataset` in order. Returns how many applied
/// and, for each that did not, its index and why (the dataset is then not
/// the one the journal was written against).
pub fn replay(dataset: &mut Dataset, edits: &[Edit]) -> (usize, Vec<(usize, EditError)>) {
    let mut applied = 0;
    let mut failed = Vec::new();
    for (i, edit) in edits.iter().enumerate() {
        match edit.clone().apply(dataset) {
            Ok(_) => applied += 1,
            Err(e) => failed.push((i, e)),
        }
    }
    (applied, failed)
}

/// An open journal, appending.
#[derive(Debug)]
pub struct Journal {
    path: PathBuf,
    file: File,
    unsynced: bool,
}

impl Journal {
    /// Starts a new, empty journal for `dataset` whose file is `base`
    /// (replacing any old journal).
    pub fn create(dataset: &Path, base: &FileStamp) -> std::io::Result<Self> {
        let path = journal_path(dataset);
        let mut file = File::create(&path)?;
        let header = serde_json::to_string(base).map_err(std::io::Error::other)?;
        file.write_all(format!("{MAGIC}{header}\n").as_bytes())?;
        file.sync_all()?;
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            // Best effort: make the new file's name durable too.
            let _ = File::open(dir).and_then(|d| d.sync_all());
        }
        Ok(Self {
            path,
            file,
            unsynced: false,
        })
    }

    /// Goes on appending to the journal of `dataset` after recovering from
    /// it: cuts off the torn tail, keeps the complete edits.
    pub fn resume(dataset: &Path, recovered: &Recovered) -> std::io::Result<Self> {
        let path = journal_path(dataset);
        let file = File::options().append(true).open(&path)?;
        file.set_len(recovered.valid_len)?;
        file.sync_all()?;
        Ok(Self {
            path,
            file,
            unsynced: false,
        })
    }

    /// The journal file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Appends edits, each as one record, in one write.
    pub fn append(&mut self, edits: &[Edit]) -> std::io::Result<()> {
        if edits.is_empty() {
            return Ok(());
        }
        let mut buf = Vec::with_capacity(128 * edits.len());
        for edit in edits {
            let json = serde_json::to_string(edit).map_err(std::io::Error::other)?;
            buf.extend_from_slice(format!("{:08x} ", crc32fast::hash(json.as_bytes())).as_bytes());
            buf.extend_from_slice(json.as_bytes());
            buf.push(b'\n');
        }
        self.file.write_all(&buf)?;
        self.unsynced = true;
        Ok(())
    }

    /// Makes everything appended so far durable (fdatasync).
    pub fn sync(&mut self) -> std::io::Result<()> {
        if self.unsynced {
            self.file.sync_data()?;
            self.unsynced = false;
        }
        Ok(())
    }

    /// Ends the journal after a save: the dataset file now holds every edit.
    pub fn finish(self) -> std::io::Result<()> {
        drop(self.file);
        remove_if_there(&self.path)
    }
}

/// Keeps the journal of `dataset` aside as `.NAME.journal.discarded`
/// (replacing an older one): discarding never deletes an analyst's work.
pub fn discard(dataset: &Path) -> std::io::Result<()> {
    let from = journal_path(dataset);
    if from.exists() {
        std::fs::rename(from, discarded_path(dataset))?;
    }
    Ok(())
}

fn remove_if_there(path: &Path) -> std::io::Result<()> {
    match std::fs::remove_file(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Document, LabelSet, Span, Status};

    fn setup() -> (tempfile::TempDir, PathBuf, FileStamp) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("data.json");
        std::fs::write(&path, "{}").unwrap();
        let stamp = FileStamp::read(&path).unwrap();
        (dir, path, stamp)
    }

    fn edits() -> Vec<Edit> {
        vec![
            Edit::AddSpan {
                doc: 0,
                span: Span {
                    note: Some("a \"note\"\nwith a newline".into()),
                    ..Span::new(0, 4, "PERSON")
                },
            },
            Edit::SetStatus {
                doc: 0,
                status: Status::Done,
            },
            Edit::Group(vec![Edit::RemoveSpan {
                doc: 0,
                span: Span::new(0, 4, "PERSON"),
            }]),
        ]
    }

    #[test]
    fn edits_written_are_read_back_and_finish_removes_the_file() {
        let (_dir, path, stamp) = setup();
        let mut journal = Journal::create(&path, &stamp).unwrap();
        journal.append(&edits()[..2]).unwrap();
        journal.append(&edits()[2..]).unwrap();
        journal.sync().unwrap();
        let recovered = read(&path).unwrap().unwrap();
        assert_eq!(recovered.base, stamp);
        assert_eq!(recovered.edits, edits());
        assert_eq!(recovered.torn, None);
        journal.finish().unwrap();
        assert!(read(&path).unwrap().is_none());
    }

    #[test]
    fn a_torn_tail_at_every_byte_keeps_every_complete_edit() {
        let (_dir, path, stamp) = setup();
        let mut journal = Journal::create(&path, &stamp).unwrap();
        journal.append(&edits()).unwrap();
        let bytes = std::fs::read(journal.path()).unwrap();
        let header = bytes.iter().position(|&b| b == b'\n').unwrap() + 1;
        let ends: Vec<usize> = bytes
            .iter()
            .enumerate()
            .filter(|(_, b)| **b == b'\n')
            .map(|(i, _)| i + 1)
            .collect();
        for cut in header..bytes.len() {
            let r = parse(&bytes[..cut]).unwrap();
            let complete = ends.iter().filter(|&&e| e <= cut).count() - 1;
            assert_eq!(r.edits, edits()[..complete], "cut at {cut}");
            assert_eq!(r.torn.is_some(), !ends.contains(&cut), "cut at {cut}");
        }
        // Garbage instead of a record (zeros a crash can leave) stops there too.
        let mut zeroed = bytes[..ends[1]].to_vec();
        zeroed.extend_from_slice(&[0; 40]);
        zeroed.push(b'\n');
        let r = parse(&zeroed).unwrap();
        assert_eq!(r.edits, edits()[..1]);
        assert_eq!(r.torn.unwrap().0, 41);
        // A flipped byte inside a record fails its checksum.
        let mut flipped = bytes.clone();
        flipped[ends[1] + 20] ^= 0x01;
        assert_eq!(parse(&flipped).unwrap().edits, edits()[..1]);
    }

    #[test]
    fn resume_cuts_the_torn_tail_and_appends_after_it() {
        let (_dir, path, stamp) = setup();
        let mut journal = Journal::create(&path, &stamp).unwrap();
        journal.append(&edits()[..1]).unwrap();
        let jp = journal.path().to_path_buf();
        drop(journal);
        let mut f = File::options().append(true).open(&jp).unwrap();
        f.write_all(b"deadbeef {\"set_sta").unwrap();
        let recovered = read(&path).unwrap().unwrap();
        assert_eq!(recovered.torn.as_ref().unwrap().0, 18);
        let mut journal = Journal::resume(&path, &recovered).unwrap();
        journal.append(&edits()[1..]).unwrap();
        let again = read(&path).unwrap().unwrap();
        assert_eq!(again.edits, edits());
        assert_eq!(again.torn, None);
    }

    #[test]
    fn replay_applies_in_order_and_reports_what_does_not_apply() {
        let mut dataset = Dataset::new(LabelSet::default());
        dataset.documents.push(Document::new("a", "Mike flew."));
        let (applied, failed) = replay(&mut dataset, &edits());
        assert_eq!((applied, failed.len()), (3, 0));
        assert_eq!(dataset.documents[0].status, Status::Done);
        assert!(dataset.documents[0].spans.is_empty());
        let (applied, failed) = replay(&mut dataset, &edits()[2..]);
        assert_eq!(applied, 0);
        assert_eq!(failed[0].0, 0);
    }

    #[test]
    fn a_file_that_is_not_a_journal_is_refused_by_name() {
        let (_dir, path, _) = setup();
        std::fs::write(journal_path(&path), "hello\n").unwrap();
        let err = read(&path).unwrap_err().to_string();
        assert!(
            err.contains(".data.json.journal: line 1: not a spanlab journal"),
            "{err}"
        );
    }

    #[test]
    fn discard_keeps_the_journal_aside() {
        let (_dir, path, stamp) = setup();
        let mut journal = Journal::create(&path, &stamp).unwrap();
        journal.append(&edits()).unwrap();
        drop(journal);
        discard(&path).unwrap();
        assert!(read(&path).unwrap().is_none());
        let kept = std::fs::read(discarded_path(&path)).unwrap();
        assert_eq!(parse(&kept).unwrap().edits, edits());
    }
}
