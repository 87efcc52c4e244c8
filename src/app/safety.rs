//! Never losing work: the journal written every frame, the recovery
//! question when a dataset opens with a journal beside it, and the question
//! when another program changed the file before a save.

use std::path::{Path, PathBuf};

use super::App;
use crate::store::{self, FileStamp, Journal, journal};

/// A journal found beside a dataset that was just opened.
pub(super) struct Recovery {
    path: PathBuf,
    recovered: journal::Recovered,
}

/// What the recovery window can answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum RecoveryChoice {
    Recover,
    Discard,
    Both,
}

/// What the changed-on-disk window can answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ConflictChoice {
    Reload,
    SaveAs,
    Overwrite,
    Cancel,
}

impl App {
    /// Appends the edits applied since the last frame to the journal and
    /// syncs it: called once per frame. Starts the journal on the first
    /// edit after a load or save. Datasets without a file have none (the
    /// autosave keeps them).
    pub(super) fn flush_journal(&mut self) {
        let edits = self.session.take_applied();
        if edits.is_empty() {
            return;
        }
        if self.journal.is_none() {
            let (Some(path), Some(disk)) = (&self.path, &self.disk) else {
                return;
            };
            match Journal::create(path, disk) {
                Ok(journal) => self.journal = Some(journal),
                Err(err) => {
                    self.message = Some(format!(
                        "{}: cannot keep the journal ({err}); save often",
                        journal::journal_path(path).display()
                    ));
                    return;
                }
            }
        }
        if let Some(journal) = &mut self.journal
            && let Err(err) = journal.append(&edits).and_then(|()| journal.sync())
        {
            self.message = Some(format!(
                "{}: cannot write the journal ({err}); save often",
                journal.path().display()
            ));
        }
    }

    /// Ends the journal: after a save (the file holds every edit) it is
    /// removed; when changes are thrown away it is set aside, never deleted.
    pub(super) fn close_journal(&mut self, saved: bool) {
        let _ = self.session.take_applied();
        let Some(journal) = self.journal.take() else {
            return;
        };
        let result = if saved {
            journal.finish()
        } else {
            let path = self.path.clone();
            drop(journal);
            path.map_or(Ok(()), |p| journal::discard(&p))
        };
        if let Err(err) = result {
            self.message = Some(format!("Cannot close the journal: {err}"));
        }
    }

    /// After opening `path` (stamped `stamp`): a journal of unsaved edits
    /// beside it asks what to do with them.
    pub(super) fn check_journal(&mut self, path: &Path, stamp: &FileStamp) {
        match journal::read(path) {
            Ok(None) => {}
            Ok(Some(recovered)) if recovered.edits.is_empty() => {
                let _ = std::fs::remove_file(journal::journal_path(path));
            }
            Ok(Some(recovered)) if recovered.base.same_contents(stamp) => {
                self.recovery = Some(Recovery {
                    path: path.to_path_buf(),
                    recovered,
                });
            }
            Ok(Some(_)) => {
                // Written against another version of the file (saved by
                // another program since): replaying could misplace edits.
                let kept = journal::discarded_path(path);
                if journal::discard(path).is_ok() {
                    self.message = Some(format!(
                        "Found unsaved edits for another version of {}; kept them in {} (spanlab recover --force can replay them)",
                        path.display(),
                        kept.display()
                    ));
                }
            }
            Err(err) => self.message = Some(err.to_string()),
        }
    }

    fn answer_recovery(&mut self, choice: RecoveryChoice) {
        let Some(Recovery { path, recovered }) = self.recovery.take() else {
            return;
        };
        match choice {
            RecoveryChoice::Recover => {
                self.session.begin_group();
                let mut failed = 0;
                for edit in &recovered.edits {
                    if self.session.apply(edit.clone()).is_err() {
                        failed += 1;
                    }
                }
                self.session.end_group();
                // Those edits are in the journal already: go on after them.
                let _ = self.session.take_applied();
                match Journal::resume(&path, &recovered) {
                    Ok(journal) => self.journal = Some(journal),
                    Err(err) => {
                        self.message = Some(format!("Cannot reopen the journal: {err}"));
                    }
                }
                let n = recovered.edits.len() - failed;
                self.message = Some(if failed == 0 {
                    format!("Recovered {n} unsaved edits; save to keep them")
                } else {
                    format!(
                        "Recovered {n} unsaved edits, {failed} did not apply; save to keep them"
                    )
                });
                self.listed.1 = None;
            }
            RecoveryChoice::Discard => {
                self.message = Some(match journal::discard(&path) {
                    Ok(()) => format!(
                        "Discarded the unsaved edits (kept in {})",
                        journal::discarded_path(&path).display()
                    ),
                    Err(err) => format!("Cannot set the journal aside: {err}"),
                });
            }
            RecoveryChoice::Both => {
                let mut dataset = self.dataset().clone();
                journal::replay(&mut dataset, &recovered.edits);
                let target = recovered_path(&path);
                self.message = Some(match store::save(&dataset, &target) {
                    Ok(()) => {
                        let _ = journal::discard(&path);
                        if self.native_dialogs
                            && let Ok(exe) = std::env::current_exe()
                        {
                            let _ = std::process::Command::new(exe).arg(&target).spawn();
                        }
                        format!(
                            "Saved the recovered version as {} and opened it in a second window",
                            target.display()
                        )
                    }
                    Err(err) => {
                        self.recovery = Some(Recovery { path, recovered });
                        err.to_string()
                    }
                });
            }
        }
    }

    fn answer_conflict(&mut self, choice: ConflictChoice) {
        let Some(path) = self.conflict.take() else {
            return;
        };
        match choice {
            ConflictChoice::Reload => {
                // Opening sets this session's journal aside first.
                if let Err(err) = self.open_paths(std::slice::from_ref(&path)) {
                    self.message = Some(err);
                }
            }
            ConflictChoice::SaveAs => self.ask_path(super::files::Purpose::SaveAs),
            ConflictChoice::Overwrite => {
                self.disk = None;
                if let Err(err) = self.save_to(&path) {
                    self.message = Some(err);
                }
            }
            ConflictChoice::Cancel => {}
        }
    }
}

/// `NAME.recovered.EXT` beside `NAME.EXT`.
fn recovered_path(path: &Path) -> PathBuf {
    let stem = path
        .file_stem()
        .map_or_else(|| "dataset".into(), |s| s.to_string_lossy().into_owned());
    let ext = path
        .extension()
        .map_or_else(|| "ron".into(), |e| e.to_string_lossy().into_owned());
    path.with_file_name(format!("{stem}.recovered.{ext}"))
}

/// The recovery and changed-on-disk windows.
pub(super) fn windows(app: &mut App, ctx: &egui::Context) {
    if let Some(recovery) = &app.recovery {
        let mut choice = None;
        egui::Modal::new(egui::Id::unique("recover unsaved work")).show(ctx, |ui| {
            ui.heading("Recover unsaved work");
            let r = &recovery.recovered;
            ui.label(format!(
                "{} edit{} to {} were not saved when spanlab last stopped.",
                r.edits.len(),
                if r.edits.len() == 1 { "" } else { "s" },
                recovery.path.display()
            ));
            if let Some((bytes, why)) = &r.torn {
                ui.label(format!(
                    "The last {bytes} bytes of the journal were cut off mid-write and are ignored ({why})."
                ));
            }
            ui.label("Recover replays them here (undo takes them back). Discard sets them aside. Open both saves the recovered version as a second file and opens it in another window.");
            ui.horizontal(|ui| {
                if ui.button("Recover").clicked() {
                    choice = Some(RecoveryChoice::Recover);
                }
                if ui.button("Discard").clicked() {
                    choice = Some(RecoveryChoice::Discard);
                }
                if ui.button("Open both").clicked() {
                    choice = Some(RecoveryChoice::Both);
                }
            });
        });
        if let Some(choice) = choice {
            app.answer_recovery(choice);
        }
    }
    if let Some(path) = &app.conflict {
        let mut choice = None;
        egui::Modal::new(egui::Id::unique("changed on disk")).show(ctx, |ui| {
            ui.heading("Changed on disk");
            ui.label(format!(
                "{} was changed by another program since it was opened here.",
                path.display()
            ));
            ui.label("Reload reads its new contents (your changes here are set aside in the journal file); Save as writes yours to another file; Overwrite replaces the other program's version with yours.");
            ui.horizontal(|ui| {
                if ui.button("Reload").clicked() {
                    choice = Some(ConflictChoice::Reload);
                }
                if ui.button("Save as…").clicked() {
                    choice = Some(ConflictChoice::SaveAs);
                }
                if ui.button("Overwrite").clicked() {
                    choice = Some(ConflictChoice::Overwrite);
                }
                if ui.button("Cancel").clicked() {
                    choice = Some(ConflictChoice::Cancel);
                }
            });
        });
        if let Some(choice) = choice {
            app.answer_conflict(choice);
        }
    }
}
