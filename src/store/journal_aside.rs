//! Journals set aside: when changes are thrown away, or a journal has been
//! replayed by `spanlab recover`, it is kept as `.NAME.journal.discarded`,
//! then `.NAME.journal.discarded.2`, `.3` …: never overwritten, never deleted.

use std::path::{Path, PathBuf};

use super::journal::journal_path;
use super::sidecar::{Sidecar, sidecar_path};

/// The first place a journal is set aside: `.NAME.journal.discarded`.
pub fn discarded_path(dataset: &Path) -> PathBuf {
    sidecar_path(dataset, Sidecar::DiscardedJournal)
}

/// The `n`th place (1-based): `.NAME.journal.discarded`, then `….2` ….
fn numbered(dataset: &Path, n: usize) -> PathBuf {
    let first = discarded_path(dataset);
    if n <= 1 {
        return first;
    }
    let mut name = first.into_os_string();
    name.push(format!(".{n}"));
    PathBuf::from(name)
}

/// Every journal of `dataset` set aside so far, oldest first (the number
/// `spanlab recover --discarded N` takes is its place in this list).
pub fn discarded_paths(dataset: &Path) -> Vec<PathBuf> {
    // Numbers are taken in order, but one may have been removed by hand:
    // look a little past a gap.
    let mut found = Vec::new();
    let mut misses = 0;
    for n in 1.. {
        let path = numbered(dataset, n);
        if path.exists() {
            found.push(path);
            misses = 0;
        } else {
            misses += 1;
            if misses > 16 {
                break;
            }
        }
    }
    found
}

/// Sets the journal of `dataset` aside under the first free number and
/// returns where (`None`: there was no journal). An earlier journal set
/// aside is never replaced: the new name is taken with a hard link, which
/// fails rather than replace, where the file system has them.
pub fn discard(dataset: &Path) -> std::io::Result<Option<PathBuf>> {
    let from = journal_path(dataset);
    if !from.exists() {
        return Ok(None);
    }
    for n in 1..100_000 {
        let to = numbered(dataset, n);
        match std::fs::hard_link(&from, &to) {
            Ok(()) => {
                std::fs::remove_file(&from)?;
                return Ok(Some(to));
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
            Err(_) if !to.exists() => {
                // No hard links here (FAT, some network shares).
                std::fs::rename(&from, &to)?;
                return Ok(Some(to));
            }
            Err(_) => {}
        }
    }
    Err(std::io::Error::other(format!(
        "{}: too many journals set aside already",
        from.display()
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_journal_set_aside_twice_keeps_both() {
        let dir = tempfile::tempdir().unwrap();
        let dataset = dir.path().join("data.json");
        assert_eq!(discard(&dataset).unwrap(), None, "no journal");
        std::fs::write(journal_path(&dataset), "first").unwrap();
        let first = discard(&dataset).unwrap().unwrap();
        std::fs::write(journal_path(&dataset), "second").unwrap();
        let second = discard(&dataset).unwrap().unwrap();
        assert_ne!(first, second);
        assert!(!journal_path(&dataset).exists(), "the live journal moved");
        assert_eq!(discarded_paths(&dataset), [first.clone(), second.clone()]);
        assert_eq!(std::fs::read_to_string(first).unwrap(), "first");
        assert_eq!(std::fs::read_to_string(&second).unwrap(), "second");
        assert!(
            second
                .to_string_lossy()
                .ends_with(".data.json.journal.discarded.2")
        );
    }
}
