//! Opening and saving files: native dialogs on a worker thread, an in-app
//! path prompt where no dialog can be shown, and autosave to a sidecar file.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

/// Why a path is asked for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Purpose {
    /// Open a dataset or import text.
    Open,
    /// Save to a new file.
    SaveAs,
    /// Load a rules file.
    LoadRules,
}

impl Purpose {
    /// The title of the prompt.
    pub fn title(self) -> &'static str {
        match self {
            Self::Open => "Open a dataset (.ron, .json) or import text (.txt, folder)",
            Self::SaveAs => "Save the dataset as (.ron or .json)",
            Self::LoadRules => "Load rules (.ron) or spaCy/Prodigy patterns (.jsonl)",
        }
    }
}

/// The in-app path prompt.
#[derive(Debug)]
pub struct Prompt {
    /// What the path is for.
    pub purpose: Purpose,
    /// The path typed so far.
    pub text: String,
    /// Why the last path did not work, if it did not.
    pub error: Option<String>,
}

/// A native file dialog running on its own thread.
pub struct Dialog {
    purpose: Purpose,
    started: Instant,
    result: Receiver<Option<PathBuf>>,
}

/// What became of a dialog.
pub enum DialogOutcome {
    /// Still open.
    Pending,
    /// The user picked this path.
    Picked(Purpose, PathBuf),
    /// The user cancelled.
    Cancelled,
    /// No dialog could be shown (no desktop portal): use the prompt.
    Unavailable(Purpose),
}

/// A dialog that answers "nothing" faster than this never showed a window.
const NO_PORTAL: Duration = Duration::from_millis(400);

impl Dialog {
    /// Opens a native dialog on a worker thread.
    pub fn spawn(purpose: Purpose, start_dir: Option<PathBuf>) -> std::io::Result<Self> {
        let (tx, rx) = channel();
        std::thread::Builder::new()
            .name("file-dialog".into())
            .spawn(move || {
                let mut dialog = rfd::FileDialog::new()
                    .add_filter("Datasets and text", &["ron", "json", "txt"])
                    .add_filter("All files", &["*"]);
                if let Some(dir) = start_dir {
                    dialog = dialog.set_directory(dir);
                }
                let picked = match purpose {
                    Purpose::Open => dialog.pick_file(),
                    Purpose::LoadRules => dialog
                        .add_filter("Rules and patterns", &["ron", "jsonl"])
                        .pick_file(),
                    Purpose::SaveAs => dialog.set_file_name("dataset.ron").save_file(),
                };
                let _ = tx.send(picked);
            })?;
        Ok(Self {
            purpose,
            started: Instant::now(),
            result: rx,
        })
    }

    /// Checks whether the dialog has answered.
    pub fn poll(&self) -> DialogOutcome {
        match self.result.try_recv() {
            Ok(Some(path)) => DialogOutcome::Picked(self.purpose, path),
            Ok(None) | Err(std::sync::mpsc::TryRecvError::Disconnected) => {
                if self.started.elapsed() < NO_PORTAL {
                    DialogOutcome::Unavailable(self.purpose)
                } else {
                    DialogOutcome::Cancelled
                }
            }
            Err(std::sync::mpsc::TryRecvError::Empty) => DialogOutcome::Pending,
        }
    }
}

/// How often unsaved work is written to the sidecar file.
pub const AUTOSAVE_EVERY: Duration = Duration::from_secs(30);

/// The autosave sidecar of a dataset file: `news.ron` -> `.news.autosave.ron`
/// in the same folder. The dataset file itself changes only on save.
pub fn autosave_path(path: &Path) -> PathBuf {
    let stem = path
        .file_stem()
        .map_or_else(|| "dataset".into(), |s| s.to_string_lossy());
    let ext = path
        .extension()
        .map_or_else(|| "ron".into(), |s| s.to_string_lossy());
    path.with_file_name(format!(".{stem}.autosave.{ext}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_autosave_sidecar_sits_next_to_the_dataset() {
        assert_eq!(
            autosave_path(Path::new("/data/news.json")),
            PathBuf::from("/data/.news.autosave.json")
        );
    }
}
