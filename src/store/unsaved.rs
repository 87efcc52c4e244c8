//! Datasets that have no file yet (the bundled sample, a fresh import) are
//! journaled too: before their first edit, the dataset as first loaded is
//! written as a base file in the user's data folder, and its edits go to
//! the base's journal (the same [`super::journal`], named by
//! [`super::sidecar`]). One base per dataset and window; the window holds
//! an exclusive lock on its base while it runs, so a second window (or
//! another user, whose data folder is another) never takes it over. After a
//! crash the lock is gone and the next start offers the edits back.
//!
//! `SPANLAB_DATA_DIR` names another folder (tests do).

use std::fs::File;
use std::path::{Path, PathBuf};

use super::{FileStamp, journal};
use crate::model::Dataset;

/// The user's data folder for spanlab: `SPANLAB_DATA_DIR`, else
/// `$XDG_DATA_HOME/spanlab`, `~/.local/share/spanlab` (Linux),
/// `~/Library/Application Support/spanlab` (macOS), `%APPDATA%\spanlab`.
pub fn data_dir() -> Option<PathBuf> {
    let var = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty());
    if let Some(dir) = var("SPANLAB_DATA_DIR") {
        return Some(PathBuf::from(dir));
    }
    if cfg!(windows) {
        return var("APPDATA").map(|d| PathBuf::from(d).join("spanlab"));
    }
    if let Some(dir) = var("XDG_DATA_HOME") {
        return Some(PathBuf::from(dir).join("spanlab"));
    }
    let home = PathBuf::from(var("HOME")?);
    Some(if cfg!(target_os = "macos") {
        home.join("Library/Application Support/spanlab")
    } else {
        home.join(".local/share/spanlab")
    })
}

/// The folder of unsaved datasets' bases inside a data folder.
fn unsaved_dir(data_dir: &Path) -> PathBuf {
    data_dir.join("unsaved")
}

/// The base file of an unsaved dataset, locked by this window.
#[derive(Debug)]
pub struct Unsaved {
    base: PathBuf,
    stamp: FileStamp,
    /// Held open: the exclusive lock lives as long as this handle.
    lock: File,
}

impl Unsaved {
    /// Writes `dataset` (as first loaded) as a new base in `data_dir` and
    /// locks it. The folder is created private to the user.
    pub fn create(data_dir: &Path, dataset: &Dataset) -> std::io::Result<Self> {
        let dir = unsaved_dir(data_dir);
        create_private_dir(&dir)?;
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        let base = dir.join(format!("unsaved-{now}-{}.ron", std::process::id()));
        let stamp = super::save_stamped(dataset, &base, None).map_err(std::io::Error::other)?;
        let lock = File::open(&base)?;
        lock.try_lock().map_err(std::io::Error::other)?;
        Ok(Self { base, stamp, lock })
    }

    /// Takes over the base of a window that stopped (see [`orphans`]).
    pub fn adopt(base: &Path) -> std::io::Result<Self> {
        let lock = File::open(base)?;
        lock.try_lock().map_err(std::io::Error::other)?;
        Ok(Self {
            base: base.to_path_buf(),
            stamp: FileStamp::read(base)?,
            lock,
        })
    }

    /// The base file: the dataset as first loaded.
    pub fn base(&self) -> &Path {
        &self.base
    }

    /// The base file's stamp, for the journal's header.
    pub fn stamp(&self) -> &FileStamp {
        &self.stamp
    }

    /// Removes the base and its journal: the dataset was saved to a file,
    /// or closed with nothing unsaved.
    pub fn remove(self) -> std::io::Result<()> {
        let journal = journal::journal_path(&self.base);
        drop(self.lock);
        for path in [journal, self.base] {
            match std::fs::remove_file(&path) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e),
                _ => {}
            }
        }
        Ok(())
    }
}

/// Bases in `data_dir` left by windows that stopped without saving (no
/// window holds their lock) whose journal has edits: newest first.
pub fn orphans(data_dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(unsaved_dir(data_dir)) else {
        return Vec::new();
    };
    let mut found: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p.extension().is_some_and(|e| e == "ron")
                && p.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.starts_with("unsaved-"))
        })
        .filter(|p| journal::journal_path(p).exists())
        .filter(|p| {
            File::open(p).is_ok_and(|f| {
                let free = f.try_lock().is_ok();
                let _ = f.unlock();
                free
            })
        })
        .collect();
    found.sort();
    found.reverse();
    found
}

fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Document;

    fn dataset() -> Dataset {
        let mut d = Dataset::default();
        d.documents
            .push(Document::new("a", "Zoë met José in Zürich."));
        d
    }

    #[test]
    fn a_base_is_private_locked_and_not_an_orphan_while_its_window_runs() {
        let dir = tempfile::tempdir().unwrap();
        let one = Unsaved::create(dir.path(), &dataset()).unwrap();
        let two = Unsaved::create(dir.path(), &dataset()).unwrap();
        assert_ne!(one.base(), two.base(), "one base per dataset and window");
        assert_eq!(super::super::load(one.base()).unwrap(), dataset());
        std::fs::write(journal::journal_path(one.base()), "x").unwrap();
        std::fs::write(journal::journal_path(two.base()), "x").unwrap();
        assert!(orphans(dir.path()).is_empty(), "both windows are alive");
        assert!(Unsaved::adopt(one.base()).is_err(), "locked");
        let base = one.base().to_path_buf();
        drop(one);
        assert_eq!(orphans(dir.path()), std::slice::from_ref(&base));
        let adopted = Unsaved::adopt(&base).unwrap();
        assert!(orphans(dir.path()).is_empty(), "taken over");
        adopted.remove().unwrap();
        assert!(!base.exists() && !journal::journal_path(&base).exists());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            let mode = std::fs::metadata(unsaved_dir(dir.path()))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o700);
        }
        drop(two);
    }
}
