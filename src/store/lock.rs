//! The advisory lock of a dataset's writers: one process at a time changes
//! a dataset. The lock is an OS file lock on `.NAME.lock` beside the
//! dataset (not on the dataset itself, which every save replaces); the OS
//! releases it when the process ends, however it ends, so a crash never
//! leaves a dataset locked. The file holds the holder's process id, for
//! the message another process shows.
//!
//! On Unix the holder removes the file when it lets go, so none is left
//! beside the dataset. It removes it while still holding the lock, and a
//! new holder checks, once locked, that the path still names the file it
//! locked (else it locked a removed file, and tries again): so two
//! processes never both believe they hold the lock.

use std::io::{Read as _, Seek as _, Write as _};
use std::path::{Path, PathBuf};

/// Why a dataset could not be locked.
#[derive(Debug, thiserror::Error)]
pub enum LockError {
    /// Another process holds the lock.
    #[error(
        "{}: in use by another spanlab (process {holder}); close it there first, or write to another file",
        path.display()
    )]
    Held {
        /// The dataset.
        path: PathBuf,
        /// The holder's process id, as its lock file says.
        holder: String,
    },
    /// The lock file could not be created or locked.
    #[error(
        "{}: cannot lock it for writing (lock file {}): {}",
        dataset.display(),
        path.display(),
        super::read::plain_io(source)
    )]
    Io {
        /// The dataset.
        dataset: PathBuf,
        /// The lock file.
        path: PathBuf,
        /// What the OS said.
        source: std::io::Error,
    },
}

/// The lock file of the dataset at `path`: `.NAME.lock` in its folder.
pub fn lock_path(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map_or_else(|| "dataset".into(), |n| n.to_string_lossy().into_owned());
    path.with_file_name(format!(".{name}.lock"))
}

/// A held lock on a dataset; dropping it releases the lock.
#[derive(Debug)]
pub struct DatasetLock {
    file: std::fs::File,
    path: PathBuf,
}

impl DatasetLock {
    /// Locks the dataset at `path` for this process, or says who holds it.
    /// Does not wait.
    pub fn acquire(path: &Path) -> Result<Self, LockError> {
        let lock = lock_path(path);
        let io = |source| LockError::Io {
            dataset: path.to_path_buf(),
            path: lock.clone(),
            source,
        };
        let mut tries = 0;
        let mut file = loop {
            let mut file = std::fs::File::options()
                .read(true)
                .write(true)
                .create(true)
                .truncate(false)
                .open(&lock)
                .map_err(io)?;
            match file.try_lock() {
                // The file it locked may have been removed by the holder
                // letting go after it was opened here: then again.
                Ok(()) if !still_named(&file, &lock) && tries < 16 => tries += 1,
                Ok(()) => break file,
                Err(std::fs::TryLockError::WouldBlock) => return Err(held(&mut file, path)),
                Err(std::fs::TryLockError::Error(source)) => return Err(io(source)),
            }
        };
        // Best effort: the id is only for the message others show.
        let _ = file.set_len(0);
        let _ = file.rewind();
        let _ = write!(file, "{}", std::process::id());
        let _ = file.flush();
        Ok(Self {
            file,
            path: path.into(),
        })
    }

    /// The dataset locked.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

/// True when `path` names the file `file` has open (not some other file,
/// nor none). Elsewhere than Unix the lock file is never removed.
fn still_named(file: &std::fs::File, path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt as _;
        match (file.metadata(), std::fs::metadata(path)) {
            (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
            _ => false,
        }
    }
    #[cfg(not(unix))]
    {
        let _ = (file, path);
        true
    }
}

/// The refusal, naming the holder its lock file names.
fn held(file: &mut std::fs::File, path: &Path) -> LockError {
    let mut holder = String::new();
    let _ = file.read_to_string(&mut holder);
    let holder = holder.trim();
    LockError::Held {
        path: path.into(),
        holder: if holder.is_empty() {
            "unknown".into()
        } else {
            holder.into()
        },
    }
}

impl Drop for DatasetLock {
    fn drop(&mut self) {
        // Removed while still held (see the module's notes); closing the
        // file releases the lock too, unlocking first makes it explicit.
        #[cfg(unix)]
        if still_named(&self.file, &lock_path(&self.path)) {
            let _ = std::fs::remove_file(lock_path(&self.path));
        }
        let _ = self.file.unlock();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_writer_is_refused_until_the_first_lets_go() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("data.json");
        let first = DatasetLock::acquire(&path).unwrap();
        let err = DatasetLock::acquire(&path).unwrap_err();
        let message = err.to_string();
        assert!(
            message.contains("in use by another spanlab")
                && message.contains(&std::process::id().to_string()),
            "{message}"
        );
        drop(first);
        assert!(
            !lock_path(&path).exists(),
            "no lock file left beside the dataset"
        );
        assert!(
            DatasetLock::acquire(&path).is_ok(),
            "free again once dropped"
        );
    }

    #[test]
    fn a_lock_file_removed_under_a_waiting_process_is_not_taken() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("data.json");
        let first = DatasetLock::acquire(&path).unwrap();
        // Another process opened the lock file just before the holder let go.
        let opened = std::fs::File::options()
            .read(true)
            .write(true)
            .open(lock_path(&path))
            .unwrap();
        drop(first);
        // It can lock the removed file, but that file is no longer the lock …
        opened.try_lock().unwrap();
        assert!(!still_named(&opened, &lock_path(&path)));
        // … so a writer that comes now takes the lock, and a third is refused.
        let second = DatasetLock::acquire(&path).unwrap();
        assert!(still_named(&second.file, &lock_path(&path)));
        assert!(DatasetLock::acquire(&path).is_err());
        drop(second);
        assert!(!lock_path(&path).exists());
    }
}
