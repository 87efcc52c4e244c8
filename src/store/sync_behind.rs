//! Flushing a large file to disk while it is still being written. An
//! atomic save must fsync its temporary file before the rename; for a
//! file of hundreds of megabytes that one fsync is a long wait at the end
//! with nothing else to do. [`SyncBehind`] starts the disk writes early:
//! every [`SYNC_EVERY`] bytes a helper thread flushes what is written so
//! far, while the writer goes on, so the final fsync has only the tail.

use std::fs::File;
use std::io::{self, Write};
use std::sync::mpsc::{SyncSender, TrySendError};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread::JoinHandle;

/// Bytes written between two early flushes.
pub(super) const SYNC_EVERY: u64 = 32 << 20;

/// A writer to a file that flushes it to disk behind itself.
pub(super) struct SyncBehind<'f> {
    file: &'f File,
    since_sync: u64,
    syncer: Option<Syncer>,
}

/// The helper thread and the first error it met (the file's descriptor is
/// shared, so an error one fsync reports may not be reported again: it
/// must not be lost).
struct Syncer {
    wake: SyncSender<()>,
    thread: JoinHandle<()>,
    error: Arc<Mutex<Option<io::Error>>>,
}

impl<'f> SyncBehind<'f> {
    pub(super) fn new(file: &'f File) -> Self {
        Self {
            file,
            since_sync: 0,
            syncer: None,
        }
    }

    /// Waits for the helper's last flush and reports the first error any
    /// of its flushes met. The caller still fsyncs the file itself.
    pub(super) fn finish(self) -> io::Result<()> {
        let Some(syncer) = self.syncer else {
            return Ok(());
        };
        drop(syncer.wake);
        syncer
            .thread
            .join()
            .map_err(|_| io::Error::other("flushing to disk failed"))?;
        let error = syncer
            .error
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take();
        error.map_or(Ok(()), Err)
    }

    /// Asks the helper (started on first use) to flush; if it is still
    /// busy with the previous flush, this one is folded into the next.
    fn sync_behind(&mut self) -> io::Result<()> {
        if self.syncer.is_none() {
            let file = self.file.try_clone()?;
            let (wake, woken) = std::sync::mpsc::sync_channel::<()>(1);
            let error = Arc::new(Mutex::new(None));
            let errors = Arc::clone(&error);
            let thread = std::thread::Builder::new()
                .name("spanlab-sync".into())
                .spawn(move || {
                    while woken.recv().is_ok() {
                        if let Err(e) = file.sync_data() {
                            let mut first = errors.lock().unwrap_or_else(PoisonError::into_inner);
                            first.get_or_insert(e);
                        }
                    }
                })?;
            self.syncer = Some(Syncer {
                wake,
                thread,
                error,
            });
        }
        if let Some(syncer) = &self.syncer {
            match syncer.wake.try_send(()) {
                Ok(()) | Err(TrySendError::Full(())) => {}
                Err(TrySendError::Disconnected(())) => {
                    return Err(io::Error::other("flushing to disk stopped"));
                }
            }
        }
        Ok(())
    }
}

impl Write for SyncBehind<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = (&mut &*self.file).write(buf)?;
        self.since_sync += n as u64;
        if self.since_sync >= SYNC_EVERY {
            self.since_sync = 0;
            self.sync_behind()?;
        }
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        (&mut &*self.file).flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_large_file_is_written_whole_with_flushes_behind_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big");
        let file = File::create(&path).unwrap();
        let mut writer = SyncBehind::new(&file);
        let block = vec![b'x'; 1 << 20];
        let blocks = usize::try_from(SYNC_EVERY >> 20).unwrap() * 2 + 3;
        for _ in 0..blocks {
            writer.write_all(&block).unwrap();
        }
        assert!(writer.syncer.is_some(), "the helper was started");
        writer.finish().unwrap();
        let len = std::fs::metadata(&path).unwrap().len();
        assert_eq!(len, (blocks << 20) as u64, "every byte written");
    }

    #[test]
    fn a_small_file_starts_no_helper() {
        let dir = tempfile::tempdir().unwrap();
        let file = File::create(dir.path().join("small")).unwrap();
        let mut writer = SyncBehind::new(&file);
        writer.write_all(b"small").unwrap();
        assert!(writer.syncer.is_none(), "no thread for a small file");
        writer.finish().unwrap();
    }
}
