//! The advisory lock of a dataset's writers: one process at a time changes
//! a dataset. The lock is an OS file lock on `.NAME.lock` beside the
//! dataset (not on the dataset itself, which every save replaces); the OS
//! releases it when the process ends, however it ends, so a crash never
//! leaves a dataset locked. The file holds the holder's process id, for
//! the message another process shows.

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
        let mut file = std::fs::File::options()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&lock)
            .map_err(io)?;
        match file.try_lock() {
            Ok(()) => {}
            Err(std::fs::TryLockError::WouldBlock) => {
                let mut holder = String::new();
                let _ = file.read_to_string(&mut holder);
                let holder = holder.trim();
                return Err(LockError::Held {
                    path: path.into(),
                    holder: if holder.is_empty() {
                        "unknown".into()
                    } else {
                        holder.into()
                    },
                });
            }
            Err(std::fs::TryLockError::Error(source)) => return Err(io(source)),
        }
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

impl Drop for DatasetLock {
    fn drop(&mut self) {
        // Closing the file releases the lock too; unlocking first makes it
        // explicit. The lock file stays: removing it could race another
        // process that has just opened it.
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
            DatasetLock::acquire(&path).is_ok(),
            "free again once dropped"
        );
    }
}
