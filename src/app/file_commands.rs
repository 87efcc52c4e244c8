//! The app's side of files: saving, asking for a path, the unsaved-changes
//! question, the dialogs' answers, import/export jobs, dropped files and
//! closing the window. What happens on disk is the [`super::Workspace`]'s.

use std::path::{Path, PathBuf};

use super::App;
use super::files::{Dialog, DialogOutcome, Prompt, Purpose};
use super::modal::{Answer, Modal, Pending};
use super::transfer::{Direction, Outcome, ReportWindow, TransferDialog};
use super::workspace::{RecoveryChoice, SaveFailed};
use crate::model::Dataset;

impl App {
    /// Saves to the dataset's file, or asks for one.
    pub(super) fn save(&mut self) {
        match self.ws.path().map(Path::to_path_buf) {
            Some(path) => {
                if let Err(err) = self.save_to(&path) {
                    self.message = Some(err);
                }
            }
            None => self.ask_path(Purpose::SaveAs),
        }
    }

    /// Saves to `path` (RON or JSON by extension); on error the message says
    /// why and both the file and the data in memory are kept. A file changed
    /// by another program asks first.
    pub(super) fn save_to(&mut self, path: &Path) -> Result<(), String> {
        match self.ws.save_to(path) {
            Ok(message) => {
                self.remember(path.to_path_buf());
                self.message = Some(message);
                Ok(())
            }
            Err(SaveFailed::Changed(message)) => {
                self.modal = Some(Modal::Changed(path.to_path_buf()));
                Err(message)
            }
            Err(SaveFailed::Other(message)) => Err(message),
        }
    }

    /// Asks about unsaved changes before quitting or opening another file.
    pub(super) fn request(&mut self, pending: Pending) {
        if self.ws.is_dirty() {
            self.modal = Some(Modal::Unsaved(pending));
        } else {
            self.proceed(pending);
        }
    }

    fn proceed(&mut self, pending: Pending) {
        match pending {
            Pending::Quit => self.allow_close = true,
            Pending::Open(Some(path)) => {
                if let Err(err) = self.open_paths(&[path]) {
                    self.message = Some(err);
                }
            }
            Pending::Open(None) => self.ask_path(Purpose::Open),
            Pending::Import => {
                self.modal = Some(Modal::Transfer(TransferDialog::new(Direction::Import)));
            }
        }
    }

    /// Asks for a path: a native dialog, or the in-app prompt.
    pub(super) fn ask_path(&mut self, purpose: Purpose) {
        if self.native_dialogs {
            let dir = self.ws.path().and_then(Path::parent).map(Path::to_path_buf);
            match Dialog::spawn(purpose, dir) {
                Ok(dialog) => {
                    self.dialog = Some(dialog);
                    return;
                }
                Err(_) => self.native_dialogs = false,
            }
        }
        let text = match (purpose, self.ws.path()) {
            (Purpose::SaveAs, Some(path)) => path.display().to_string(),
            (Purpose::SaveAs, None) => std::env::current_dir()
                .unwrap_or_default()
                .join("dataset.ron")
                .display()
                .to_string(),
            (Purpose::Open | Purpose::LoadRules, _) => String::new(),
        };
        self.modal = Some(Modal::Prompt(Prompt::new(purpose, text)));
    }

    /// Acts on a path chosen in a dialog or typed in the prompt.
    pub(super) fn path_chosen(&mut self, purpose: Purpose, path: PathBuf) -> Result<(), String> {
        match purpose {
            Purpose::Open => self.open_paths(&[path]),
            Purpose::LoadRules => self.load_rules(&path),
            Purpose::SaveAs => {
                if crate::store::FileFormat::from_path(&path).is_none() {
                    return Err(format!(
                        "{}: the name must end in .ron or .json",
                        path.display()
                    ));
                }
                self.save_to(&path)
            }
        }
    }

    /// Acts on the answer to the dialog on screen.
    pub(super) fn answer(&mut self, answer: Answer) {
        let Some(modal) = self.modal.take() else {
            return;
        };
        match (modal, answer) {
            (Modal::Prompt(mut prompt), Answer::Ok) => {
                let path = PathBuf::from(prompt.text.trim());
                if let Err(err) = self.path_chosen(prompt.purpose, path) {
                    prompt.error = Some(err);
                    // A save over a changed file asks instead; otherwise the prompt stays.
                    if self.modal.is_none() {
                        self.modal = Some(Modal::Prompt(prompt));
                    }
                }
            }
            (Modal::Transfer(mut dialog), Answer::Ok) => {
                match super::transfer::start(&dialog, self.ws.dataset()) {
                    Ok(job) => self.job = Some(job),
                    Err(err) => {
                        dialog.error = Some(err);
                        self.modal = Some(Modal::Transfer(dialog));
                    }
                }
            }
            (Modal::Unsaved(pending), Answer::Save) => {
                match self.ws.path().map(Path::to_path_buf) {
                    Some(path) => match self.save_to(&path) {
                        Ok(()) => self.proceed(pending),
                        Err(err) => self.message = Some(err),
                    },
                    None => self.ask_path(Purpose::SaveAs),
                }
            }
            (Modal::Unsaved(pending), Answer::Discard) => {
                if let Some(err) = self.ws.close_journal(false) {
                    self.message = Some(err);
                }
                self.proceed(pending);
            }
            (
                Modal::Recovery(recovery),
                a @ (Answer::Recover | Answer::DiscardRecovery | Answer::OpenBoth),
            ) => {
                let choice = match a {
                    Answer::Recover => RecoveryChoice::Recover,
                    Answer::OpenBoth => RecoveryChoice::Both,
                    _ => RecoveryChoice::Discard,
                };
                let unsaved = recovery.unsaved;
                match self.ws.recover(recovery, choice, self.native_dialogs) {
                    Ok(message) => {
                        if unsaved && choice == RecoveryChoice::Recover {
                            self.after_replace();
                        }
                        self.list.invalidate();
                        self.message = Some(message);
                    }
                    Err((recovery, message)) => {
                        self.modal = Some(Modal::Recovery(*recovery));
                        self.message = Some(message);
                    }
                }
            }
            (Modal::Changed(path), Answer::Reload) => {
                // Opening sets this session's journal aside first.
                if let Err(err) = self.open_paths(std::slice::from_ref(&path)) {
                    self.message = Some(err);
                }
            }
            (Modal::Changed(_), Answer::SaveAs) => self.ask_path(Purpose::SaveAs),
            (Modal::Changed(path), Answer::Overwrite) => match self.ws.overwrite(&path) {
                Ok(message) => self.message = Some(message),
                Err(err) => self.message = Some(err.to_string()),
            },
            // Cancel, or an answer this dialog does not have: it closes.
            _ => {}
        }
    }

    pub(super) fn poll_dialog(&mut self, ctx: &egui::Context) {
        let Some(dialog) = &self.dialog else { return };
        match dialog.poll() {
            DialogOutcome::Pending => {
                ctx.request_repaint_after(std::time::Duration::from_millis(50));
            }
            DialogOutcome::Picked(purpose, path) => {
                self.dialog = None;
                self.queue.push(super::Command::PathChosen(purpose, path));
            }
            DialogOutcome::Cancelled => self.dialog = None,
            DialogOutcome::Unavailable(purpose) => {
                self.dialog = None;
                self.native_dialogs = false;
                self.ask_path(purpose);
            }
        }
    }

    /// Takes the result of a finished import or export.
    pub(super) fn poll_job(&mut self) {
        let Some(job) = &self.job else { return };
        let Ok(outcome) = job.result.try_recv() else {
            return;
        };
        self.job = None;
        match outcome {
            Outcome::Imported(Err(err)) | Outcome::Exported(Err(err)) => self.message = Some(err),
            Outcome::Imported(Ok(imported)) => {
                let n = imported.documents.len();
                let mut dataset = Dataset::new(crate::formats::Imported::starting_labels(
                    &self.ws.dataset().labels,
                    &imported.labels(),
                ));
                match imported.into_dataset(&mut dataset) {
                    Ok(report) => {
                        self.ws.replace(dataset, None, None);
                        self.after_replace();
                        self.message = Some(format!(
                            "Imported {}; save to choose a file",
                            crate::text::count(n, "document")
                        ));
                        self.report_window = Some(ReportWindow {
                            title: "Import report".into(),
                            summary: vec![format!(
                                "{} imported",
                                crate::text::count(n, "document")
                            )],
                            report,
                        });
                    }
                    Err(problems) => {
                        let first = problems
                            .first()
                            .map(ToString::to_string)
                            .unwrap_or_default();
                        self.message = Some(format!(
                            "Import refused, {} problems: {first}",
                            problems.len()
                        ));
                    }
                }
            }
            Outcome::Exported(Ok((summary, report))) => {
                self.message = Some(summary.join("; "));
                self.report_window = Some(ReportWindow {
                    title: "Export report".into(),
                    summary,
                    report,
                });
            }
        }
    }

    /// Waits for a running import or export (tests, and quitting).
    pub fn wait_for_job(&mut self) {
        if let Some(job) = &self.job
            && let Ok(outcome) = job.result.recv_timeout(std::time::Duration::from_mins(1))
        {
            let (tx, rx) = std::sync::mpsc::channel();
            let _ = tx.send(outcome);
            if let Some(job) = &mut self.job {
                job.result = rx;
            }
        }
        self.poll_job();
        self.poll_suggest_job();
    }

    pub(super) fn handle_dropped_files(&mut self, ctx: &egui::Context) {
        let dropped: Vec<PathBuf> = ctx.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_path_buf())
                .collect()
        });
        if dropped.is_empty() {
            return;
        }
        if self.ws.is_dirty() {
            self.modal = Some(Modal::Unsaved(Pending::Open(dropped.into_iter().next())));
        } else if let Err(err) = self.open_paths(&dropped) {
            self.message = Some(err);
        }
    }

    /// Whether the window may close now; asks first if there are unsaved changes.
    pub(super) fn close_requested(&mut self, ctx: &egui::Context) {
        if ctx.input(|i| i.viewport().close_requested()) && !self.allow_close {
            if self.ws.is_dirty() {
                ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
                self.modal = Some(Modal::Unsaved(Pending::Quit));
            } else {
                self.allow_close = true;
            }
        }
        if self.allow_close {
            if !self.ws.is_dirty() {
                // Everything is on disk (edits undone back to the saved
                // state, say): nothing to offer next time.
                let _ = self.ws.close_journal(true);
            }
            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
        }
    }
}
