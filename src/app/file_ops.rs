//! Opening, importing, saving and autosaving files, the unsaved-changes
//! question, dropped files and closing the window.

use std::path::{Path, PathBuf};
use std::time::Instant;

use super::files::{self, Dialog, DialogOutcome, Prompt, Purpose};
use super::transfer::{Direction, Outcome, ReportWindow, TransferDialog};
use super::{App, Pending, clock_time};
use crate::model::Dataset;
use crate::{formats, store};

impl App {
    /// Opens a dataset file, or imports .txt files and folders as a new,
    /// unsaved dataset. On error the open dataset stays as it is.
    pub fn open_paths(&mut self, paths: &[PathBuf]) -> Result<(), String> {
        let is_dataset = paths.len() == 1 && store::FileFormat::from_path(&paths[0]).is_some();
        if is_dataset {
            let (dataset, stamp) = store::load_stamped(&paths[0]).map_err(|e| e.to_string())?;
            self.replace(dataset, Some(paths[0].clone()));
            self.disk = Some(stamp);
            self.message = Some(format!("Opened {}", paths[0].display()));
            self.check_journal(&paths[0], &stamp);
        } else {
            // Any other file or folder: import it, its format guessed.
            let mut dataset = Dataset::new(self.dataset().labels.clone());
            let mut report = formats::Report::default();
            for path in paths {
                report.extend(
                    crate::store::import_guessed(path, &mut dataset).map_err(|e| e.to_string())?,
                );
            }
            let n = dataset.documents.len();
            self.replace(dataset, None);
            self.message = Some(format!("Imported {n} documents; save to choose a file"));
            if !report.is_empty() {
                self.report_window = Some(ReportWindow {
                    title: "Import report".into(),
                    summary: vec![format!("{n} documents imported")],
                    report,
                });
            }
        }
        Ok(())
    }

    /// Saves to `path` (RON or JSON by extension); on error the message says why
    /// and both the file and the data in memory are kept.
    pub fn save_to(&mut self, path: &Path) -> Result<(), String> {
        // Over the file that was opened: only if no other program changed it.
        let expected = self.disk.filter(|_| self.path.as_deref() == Some(path));
        let stamp = match store::save_stamped(self.dataset(), path, expected.as_ref()) {
            Ok(stamp) => stamp,
            Err(err @ store::SaveError::Changed(_)) => {
                // Ask instead of overwriting (the safety window).
                self.conflict = Some(path.to_path_buf());
                return Err(err.to_string());
            }
            Err(err) => return Err(err.to_string()),
        };
        self.disk = Some(stamp);
        self.session.mark_saved();
        // The file holds every edit now: the journal has done its job.
        self.close_journal(true);
        if self.path.as_deref() != Some(path) {
            self.path = Some(path.to_path_buf());
        }
        let sidecar = files::autosave_path(path);
        if sidecar.exists() {
            let _ = std::fs::remove_file(sidecar);
        }
        self.remember(path.to_path_buf());
        self.message = Some(format!("Saved {}", path.display()));
        Ok(())
    }

    /// Asks about unsaved changes before quitting or opening another file.
    pub(super) fn request(&mut self, pending: Pending) {
        if self.session.is_dirty() {
            self.confirm = Some(pending);
        } else {
            self.proceed(pending);
        }
    }

    pub(super) fn proceed(&mut self, pending: Pending) {
        match pending {
            Pending::Quit => self.allow_close = true,
            Pending::Open(Some(path)) => {
                if let Err(err) = self.open_paths(&[path]) {
                    self.message = Some(err);
                }
            }
            Pending::Open(None) => self.ask_path(Purpose::Open),
            Pending::Import => self.transfer = Some(TransferDialog::new(Direction::Import)),
        }
    }

    pub(super) fn ask_path(&mut self, purpose: Purpose) {
        if self.native_dialogs {
            let dir = self
                .path
                .as_ref()
                .and_then(|p| p.parent())
                .map(Path::to_path_buf);
            match Dialog::spawn(purpose, dir) {
                Ok(dialog) => {
                    self.dialog = Some(dialog);
                    return;
                }
                Err(_) => self.native_dialogs = false,
            }
        }
        let text = match (purpose, &self.path) {
            (Purpose::SaveAs, Some(path)) => path.display().to_string(),
            (Purpose::SaveAs, None) => std::env::current_dir()
                .unwrap_or_default()
                .join("dataset.ron")
                .display()
                .to_string(),
            (Purpose::Open | Purpose::LoadRules, _) => String::new(),
        };
        self.prompt = Some(Prompt {
            purpose,
            text,
            error: None,
        });
    }

    /// Acts on a path chosen in a dialog or typed in the prompt.
    pub(super) fn path_chosen(&mut self, purpose: Purpose, path: PathBuf) -> Result<(), String> {
        match purpose {
            Purpose::Open => self.open_paths(&[path]),
            Purpose::LoadRules => self.load_rules(&path),
            Purpose::SaveAs => {
                if store::FileFormat::from_path(&path).is_none() {
                    return Err(format!(
                        "{}: the name must end in .ron or .json",
                        path.display()
                    ));
                }
                self.save_to(&path)
            }
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
                if let Err(err) = self.path_chosen(purpose, path) {
                    self.message = Some(err);
                }
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
                let mut dataset = Dataset::new(self.dataset().labels.clone());
                match imported.into_dataset(&mut dataset) {
                    Ok(report) => {
                        self.replace(dataset, None);
                        self.message =
                            Some(format!("Imported {n} documents; save to choose a file"));
                        self.report_window = Some(ReportWindow {
                            title: "Import report".into(),
                            summary: vec![format!("{n} documents imported")],
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

    /// Writes unsaved work to the sidecar file every 30 s, off the UI thread.
    pub(super) fn autosave(&mut self) {
        if !self.autosave_enabled || !self.session.is_dirty() {
            return;
        }
        let revision = self.session.revision();
        if let Some((at, rev, _)) = &self.last_autosave
            && (*rev == revision || at.elapsed() < files::AUTOSAVE_EVERY)
        {
            return;
        }
        if self.last_autosave.is_none() {
            // Count 30 s from the first unsaved change.
            self.last_autosave = Some((Instant::now(), 0, String::new()));
            return;
        }
        let target = match &self.path {
            Some(path) => files::autosave_path(path),
            None => std::env::temp_dir().join("spanlab-unsaved.autosave.ron"),
        };
        let dataset = self.dataset().clone();
        let spawned = std::thread::Builder::new()
            .name("autosave".into())
            .spawn(move || store::save(&dataset, &target));
        let stamp = clock_time();
        if spawned.is_ok() {
            self.last_autosave = Some((Instant::now(), revision, stamp));
        }
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
        if self.session.is_dirty() {
            self.confirm = Some(Pending::Open(dropped.into_iter().next()));
        } else if let Err(err) = self.open_paths(&dropped) {
            self.message = Some(err);
        }
    }

    /// Whether the window may close now; asks first if there are unsaved changes.
    pub(super) fn close_requested(&mut self, ctx: &egui::Context) {
        if ctx.input(|i| i.viewport().close_requested()) && !self.allow_close {
            if self.session.is_dirty() {
                ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
                self.confirm = Some(Pending::Quit);
            } else {
                self.allow_close = true;
            }
        }
        if self.allow_close {
            if !self.session.is_dirty() {
                // Everything is on disk (edits undone back to the saved
                // state, say): nothing to offer next time.
                self.close_journal(true);
            }
            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
        }
    }
}
