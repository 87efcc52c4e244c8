//! The dataset lock a window holds while a dataset is open: no other
//! spanlab window or command writes it meanwhile, and a second window never
//! mistakes the first one's live journal for a crashed session's.

use std::path::Path;

use super::Workspace;
use crate::store::{DatasetLock, LockError};

impl Workspace {
    /// True when this workspace holds the lock of the dataset at `path`.
    pub(super) fn holds_lock(&self, path: &Path) -> bool {
        self.lock
            .as_ref()
            .is_some_and(|lock| same_file(lock.path(), path))
    }

    /// The lock to take before opening or saving `path`: `None` when this
    /// workspace holds it already, or when no lock file can be made there
    /// (a read-only folder: the open or save itself says what is wrong).
    /// Another spanlab holding it is an error, with a message that says so.
    pub(super) fn lock_for(&self, path: &Path) -> Result<Option<DatasetLock>, String> {
        if self.holds_lock(path) {
            return Ok(None);
        }
        match DatasetLock::acquire(path) {
            Ok(lock) => Ok(Some(lock)),
            Err(LockError::Held { holder, .. }) => Err(format!(
                "{}: open in another spanlab (process {holder}); close it there first",
                path.display()
            )),
            Err(LockError::Io { .. }) => Ok(None),
        }
    }
}

/// The same file, however the path is spelled (`a/b.ron`, `./a/b.ron`).
fn same_file(a: &Path, b: &Path) -> bool {
    if a == b {
        return true;
    }
    let folder = |p: &Path| {
        let parent = p.parent().filter(|d| !d.as_os_str().is_empty());
        std::fs::canonicalize(parent.unwrap_or(Path::new("."))).ok()
    };
    a.file_name() == b.file_name() && folder(a).is_some() && folder(a) == folder(b)
}
