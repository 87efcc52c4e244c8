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
//! Each line is a record framed by its newline: a damaged record (a wrong
//! checksum, bytes that do not parse) is skipped and reported as damage,
//! and reading goes on at the next line, so one bad record never costs the
//! intact ones after it. A program that dies mid-write leaves a last line
//! without its newline or with a wrong checksum and no intact record after
//! it: that torn tail is ignored and said to be one. Journals are never
//! deleted by recovery or by throwing changes away: they are set aside,
//! numbered ([`discard`]), and `spanlab recover --list` shows them.

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

use super::FileStamp;
use super::sidecar::{Sidecar, sidecar_path};

pub use super::journal_aside::{discard, discarded_path, discarded_paths};
use crate::edit::{Edit, EditError};
use crate::model::Dataset;

const MAGIC: &str = "spanlab-journal 1 ";

/// The journal file of a dataset file: `.NAME.journal` in its folder.
pub fn journal_path(dataset: &Path) -> PathBuf {
    sidecar_path(dataset, Sidecar::Journal)
}

/// Why a journal could not be read.
#[derive(Debug, thiserror::Error)]
pub enum JournalError {
    /// The journal could not be read (the size-limited reader's message).
    #[error(transparent)]
    Read(#[from] super::ReadError),
    /// The first line is not a journal header.
    #[error("{}: line 1: not a spanlab journal", path.display())]
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
    /// Bytes of the journal up to the end of its last intact record.
    pub valid_len: u64,
    /// Bytes after them that were ignored (a torn last write), and why.
    pub torn: Option<(u64, String)>,
    /// Damaged records skipped before intact ones: each one's line and why.
    pub damaged: Vec<(usize, String)>,
}

/// Reads the journal of `dataset`, if there is one, through the
/// size-limited reader. A torn tail or a damaged record is not an error:
/// reading keeps every intact edit.
pub fn read(dataset: &Path) -> Result<Option<Recovered>, JournalError> {
    read_file(&journal_path(dataset))
}

/// Reads the journal file `path` (a live or a set-aside one), if it exists.
pub fn read_file(path: &Path) -> Result<Option<Recovered>, JournalError> {
    let bytes = match super::read_bytes(path) {
        Ok(bytes) => bytes,
        Err(super::ReadError::Io { source, .. })
            if source.kind() == std::io::ErrorKind::NotFound =>
        {
            return Ok(None);
        }
        Err(e) => return Err(e.into()),
    };
    parse(&bytes).map(Some).ok_or(JournalError::NotAJournal {
        path: path.to_path_buf(),
    })
}

/// Parses journal bytes; `None` when the header is missing or broken.
pub fn parse(bytes: &[u8]) -> Option<Recovered> {
    let header_end = bytes.iter().position(|&b| b == b'\n')?;
    let header = std::str::from_utf8(&bytes[..header_end]).ok()?;
    let base: FileStamp = serde_json::from_str(header.strip_prefix(MAGIC)?).ok()?;
    let mut at = header_end + 1;
    let mut valid_len = at;
    let mut line = 1;
    let mut edits = Vec::new();
    // Damage since the last intact record: (line, why).
    let mut pending: Vec<(usize, String)> = Vec::new();
    let mut damaged = Vec::new();
    while at < bytes.len() {
        line += 1;
        let rest = &bytes[at..];
        let Some(len) = rest.iter().position(|&b| b == b'\n') else {
            pending.push((line, "the last record has no end of line".to_owned()));
            break;
        };
        match record(&rest[..len]) {
            Ok(edit) => {
                edits.push(edit);
                damaged.append(&mut pending);
                valid_len = at + len + 1;
            }
            Err(why) => pending.push((line, why)),
        }
        at += len + 1;
    }
    // Damage with no intact record after it is a torn tail: the program
    // stopped while writing.
    let torn = pending
        .first()
        .map(|(_, why)| ((bytes.len() - valid_len) as u64, why.clone()));
    Some(Recovered {
        base,
        edits,
        valid_len: valid_len as u64,
        torn,
        damaged,
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
        // A flipped byte inside the last record fails its checksum: a torn tail.
        let mut flipped = bytes.clone();
        flipped[ends[2] + 20] ^= 0x01;
        let r = parse(&flipped).unwrap();
        assert_eq!(r.edits, edits()[..2]);
        assert!(r.torn.is_some() && r.damaged.is_empty(), "{r:?}");
    }

    #[test]
    fn a_damaged_record_in_the_middle_keeps_every_intact_record_after_it() {
        let (_dir, path, stamp) = setup();
        let mut journal = Journal::create(&path, &stamp).unwrap();
        journal.append(&edits()).unwrap();
        let bytes = std::fs::read(journal.path()).unwrap();
        let ends: Vec<usize> = (0..bytes.len()).filter(|&i| bytes[i] == b'\n').collect();
        for (how, damage) in [
            ("a flipped bit", vec![bytes[ends[1] + 20] ^ 0x01]),
            ("zeros", vec![0; 30]),
        ] {
            // The second record (line 3) damaged in place.
            let mut damaged = bytes[..=ends[1]].to_vec();
            let second = &bytes[ends[1] + 1..ends[2]];
            damaged.extend_from_slice(&second[..20]);
            damaged.extend_from_slice(&damage);
            damaged.extend_from_slice(&bytes[ends[2]..]);
            let r = parse(&damaged).unwrap();
            let intact = vec![edits()[0].clone(), edits()[2].clone()];
            assert_eq!(
                r.edits, intact,
                "{how}: the record after the damage is kept"
            );
            assert_eq!(r.torn, None, "{how}: damage is not a torn tail");
            assert_eq!(r.damaged.len(), 1, "{how}");
            assert_eq!(r.damaged[0].0, 3, "{how}: the damaged record's line");
            assert_eq!(
                r.valid_len,
                damaged.len() as u64,
                "{how}: resume keeps everything"
            );
        }
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
        let aside = discard(&path).unwrap().unwrap();
        assert_eq!(aside, discarded_path(&path));
        assert!(read(&path).unwrap().is_none());
        let kept = std::fs::read(discarded_path(&path)).unwrap();
        assert_eq!(parse(&kept).unwrap().edits, edits());
    }
}
