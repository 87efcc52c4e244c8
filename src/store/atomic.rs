//! Atomic file replacement: temporary file, fsync, rename.

use std::io::{BufWriter, Write};
use std::path::Path;

/// Writes a file atomically: `write` fills a temporary file in the target's
/// folder, which is flushed, fsynced and renamed over `path`, and the folder
/// is fsynced so the rename survives a power cut. If anything fails, the
/// temporary file is removed and `path` is untouched.
pub fn write_atomic(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let name = path
        .file_name()
        .map_or_else(|| "spanlab".into(), |n| n.to_string_lossy().into_owned());
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
    let mut writer = BufWriter::with_capacity(1 << 20, temp);
    write(&mut writer)?;
    let temp = writer
        .into_inner()
        .map_err(std::io::IntoInnerError::into_error)?;
    temp.as_file().sync_all()?;
    keep_permissions(path, temp.as_file());
    temp.persist(path).map_err(|e| e.error)?;
    sync_dir(dir);
    Ok(())
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
    fn a_successful_write_replaces_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("data.json");
        std::fs::write(&path, "old").unwrap();
        write_atomic(&path, |w| w.write_all(b"new")).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
    }
}
