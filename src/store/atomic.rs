//! Atomic file replacement: temporary file, fsync, rename.

use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use super::sync_behind::SyncBehind;

/// Writes a file atomically: `write` fills a temporary file in the target's
/// folder, which is flushed, fsynced and renamed over `path`, and the folder
/// is fsynced so the rename survives a power cut. If anything fails, the
/// temporary file is removed and `path` is untouched.
///
/// A symlink is written through (its target is replaced, the link stays);
/// a device, FIFO, socket or folder at `path` is refused, never replaced.
/// Temporary files of the same name that a killed save left behind are
/// removed.
pub fn write_atomic(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> std::io::Result<()> {
    write_atomic_checked(path, write, || Ok(()))
}

/// Like [`write_atomic`], running `check` after the new contents are on
/// disk and right before the rename: an error from it leaves `path` as it
/// was.
pub fn write_atomic_checked(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
    check: impl FnOnce() -> std::io::Result<()>,
) -> std::io::Result<()> {
    let path = &final_target(path)?;
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let name = path
        .file_name()
        .map_or_else(|| "spanlab".into(), |n| n.to_string_lossy().into_owned());
    remove_stale_temporaries(dir, &name);
    let prefix = format!(".{name}.");
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".tmp");
    #[cfg(unix)]
    if !path.exists() {
        // A new file gets what the umask allows (as any program's new file),
        // not the private mode of a temporary file.
        use std::os::unix::fs::PermissionsExt as _;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let temp = builder.tempfile_in(dir)?;
    // A large file goes to disk while it is written, so the fsync before
    // the rename has only the last few megabytes to wait for.
    let mut behind = SyncBehind::new(temp.as_file());
    let mut writer = BufWriter::with_capacity(1 << 20, &mut behind);
    write(&mut writer)?;
    writer.flush()?;
    drop(writer);
    behind.finish()?;
    temp.as_file().sync_all()?;
    keep_permissions(path, temp.as_file());
    check()?;
    temp.persist(path).map_err(|e| e.error)?;
    sync_dir(dir);
    Ok(())
}

/// The file a write to `path` replaces: symlinks followed to their target
/// (which may not exist yet); anything but a regular file refused.
fn final_target(path: &Path) -> std::io::Result<PathBuf> {
    let mut target = path.to_path_buf();
    for _ in 0..40 {
        match std::fs::symlink_metadata(&target) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let link = std::fs::read_link(&target)?;
                target = match target.parent() {
                    Some(parent) => parent.join(link),
                    None => link,
                };
            }
            Ok(meta) if !meta.is_file() => {
                let what = if meta.is_dir() {
                    "a folder"
                } else {
                    "a device, FIFO or socket"
                };
                return Err(std::io::Error::new(
                    std::io::ErrorKind::InvalidInput,
                    format!(
                        "{what}, not a regular file: not replaced (use -o - for standard output)"
                    ),
                ));
            }
            _ => return Ok(target),
        }
    }
    Err(std::io::Error::new(
        std::io::ErrorKind::InvalidInput,
        "too many levels of symbolic links",
    ))
}

/// How old a temporary file must be to count as left by a killed save
/// rather than a save under way.
const STALE_AFTER: std::time::Duration = std::time::Duration::from_mins(2);

/// Removes `.NAME.XXXXXX.tmp` files in `dir` that a killed save of `name`
/// left behind (not touched for [`STALE_AFTER`]). Best effort.
pub(crate) fn remove_stale_temporaries(dir: &Path, name: &str) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let prefix = format!(".{name}.");
    let now = std::time::SystemTime::now();
    for entry in entries.filter_map(Result::ok) {
        let file_name = entry.file_name();
        let Some(file_name) = file_name.to_str() else {
            continue;
        };
        let Some(middle) = file_name
            .strip_prefix(&prefix)
            .and_then(|rest| rest.strip_suffix(".tmp"))
        else {
            continue;
        };
        // tempfile's random part: 6 letters or digits.
        if middle.len() != 6 || !middle.chars().all(|c| c.is_ascii_alphanumeric()) {
            continue;
        }
        let stale = entry
            .metadata()
            .ok()
            .filter(std::fs::Metadata::is_file)
            .and_then(|m| m.modified().ok())
            .and_then(|modified| now.duration_since(modified).ok())
            .is_some_and(|age| age >= STALE_AFTER);
        if stale {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Gives the new file the old file's permissions, so saving does not change them.
fn keep_permissions(path: &Path, file: &std::fs::File) {
    if let Ok(meta) = std::fs::metadata(path) {
        // Best effort: a file we can replace but not chmod keeps default permissions.
        let _ = file.set_permissions(meta.permissions());
    }
}

#[cfg(unix)]
fn sync_dir(dir: &Path) {
    // Best effort: some file systems do not support fsync on a directory.
    if let Ok(dir) = std::fs::File::open(dir) {
        let _ = dir.sync_all();
    }
}

#[cfg(not(unix))]
fn sync_dir(_dir: &Path) {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_write_keeps_the_old_file_and_leaves_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("data.json");
        std::fs::write(&path, "old contents").unwrap();
        let err = write_atomic(&path, |w| {
            w.write_all(b"half a datas")?;
            Err(std::io::Error::other("disk full"))
        })
        .unwrap_err();
        assert_eq!(err.to_string(), "disk full");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "old contents");
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["data.json"], "no temporary file is left behind");
    }

    #[cfg(unix)]
    #[test]
    fn a_new_file_gets_the_umask_mode_and_a_replaced_file_keeps_its_own() {
        use std::os::unix::fs::PermissionsExt as _;
        let dir = tempfile::tempdir().unwrap();
        // What the umask gives any new file here.
        let probe = dir.path().join("probe");
        std::fs::write(&probe, "").unwrap();
        let umask_mode = std::fs::metadata(&probe).unwrap().permissions().mode() & 0o777;
        let new = dir.path().join("new.ron");
        write_atomic(&new, |w| w.write_all(b"new")).unwrap();
        let mode = std::fs::metadata(&new).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, umask_mode, "{mode:o} != {umask_mode:o}");
        let private = dir.path().join("private.ron");
        std::fs::write(&private, "old").unwrap();
        std::fs::set_permissions(&private, std::fs::Permissions::from_mode(0o640)).unwrap();
        write_atomic(&private, |w| w.write_all(b"new")).unwrap();
        let mode = std::fs::metadata(&private).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o640);
    }

    #[test]
    fn stale_temporary_files_of_a_killed_save_are_removed_on_the_next_save() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("data.json");
        let stale = dir.path().join(".data.json.Ab12Cd.tmp");
        let fresh = dir.path().join(".data.json.Zz99Yy.tmp");
        let other = dir.path().join(".other.json.Ab12Cd.tmp");
        for p in [&stale, &fresh, &other] {
            std::fs::write(p, "half a dataset").unwrap();
        }
        let old = std::time::SystemTime::now() - std::time::Duration::from_hours(1);
        for p in [&stale, &other] {
            std::fs::File::options()
                .write(true)
                .open(p)
                .unwrap()
                .set_modified(old)
                .unwrap();
        }
        write_atomic(&path, |w| w.write_all(b"new")).unwrap();
        assert!(!stale.exists(), "the stale temporary is removed");
        assert!(fresh.exists(), "a save under way keeps its temporary");
        assert!(other.exists(), "another file's temporary is left alone");
    }

    #[cfg(unix)]
    #[test]
    fn a_symlink_is_written_through_and_a_device_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.json");
        std::fs::write(&real, "old").unwrap();
        let link = dir.path().join("link.json");
        std::os::unix::fs::symlink("real.json", &link).unwrap();
        write_atomic(&link, |w| w.write_all(b"new")).unwrap();
        assert!(
            std::fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(std::fs::read_to_string(&real).unwrap(), "new");
        let err = write_atomic(Path::new("/dev/null"), |w| w.write_all(b"x")).unwrap_err();
        assert!(err.to_string().contains("not a regular file"), "{err}");
    }

    #[test]
    fn a_failed_check_before_the_rename_keeps_the_old_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("data.json");
        std::fs::write(&path, "old").unwrap();
        let err = write_atomic_checked(
            &path,
            |w| w.write_all(b"new"),
            || Err(std::io::Error::other("changed on disk")),
        )
        .unwrap_err();
        assert_eq!(err.to_string(), "changed on disk");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "old");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_successful_write_replaces_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("data.json");
        std::fs::write(&path, "old").unwrap();
        write_atomic(&path, |w| w.write_all(b"new")).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
    }
}
