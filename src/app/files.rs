//! Asking for a path: native dialogs on a worker thread, and the in-app
//! path prompt where no dialog can be shown.

use std::path::PathBuf;
use std::sync::mpsc::{Receiver, channel};

use super::modal::{Answer, buttons};
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

impl Prompt {
    /// A prompt for `purpose`, the field holding `text`.
    pub fn new(purpose: Purpose, text: String) -> Self {
        Self {
            purpose,
            text,
            error: None,
        }
    }
}

/// Draws the prompt; OK and Cancel answer (Enter and Esc are the modal's).
pub fn prompt_ui(ui: &mut egui::Ui, prompt: &mut Prompt, answer: &mut Option<Answer>) {
    ui.heading(prompt.purpose.title());
    let edit = ui.add(egui::TextEdit::singleline(&mut prompt.text).desired_width(480.0));
    edit.widget_info(|| egui::WidgetInfo::labeled(egui::Role::TextInput, true, "File path"));
    edit.request_focus();
    if let Some(error) = &prompt.error {
        ui.colored_label(ui.visuals().error_fg_color, error);
    }
    buttons(
        ui,
        &[("OK", Answer::Ok), ("Cancel", Answer::Cancel)],
        answer,
    );
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
