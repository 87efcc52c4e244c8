//! Recovery: journals of unsaved edits found on open, or left by a window
//! of a dataset without a file that stopped, and the answers to them.

use std::path::PathBuf;

use super::Workspace;
use crate::store::unsaved::{self, Unsaved};
use crate::store::{self, Journal, Sidecar, journal, sidecar_path};

/// A journal found for the dataset just opened (or for an unsaved dataset
/// of a window that stopped), waiting for the user's answer.
#[derive(Debug)]
pub struct Recovery {
    /// The dataset file the journal belongs to (the base of an unsaved
    /// dataset, in the data folder, when `unsaved`).
    pub file: PathBuf,
    /// What the journal holds.
    pub recovered: journal::Recovered,
    /// True for a dataset that never had a file of its own.
    pub unsaved: bool,
}

/// What the recovery question can answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RecoveryChoice {
    /// Replay the edits here.
    Recover,
    /// Set the journal aside.
    Discard,
    /// Save the recovered version as a second file and open it in another window.
    Both,
}

/// A recovery that could not be done, given back with why.
pub type RecoverFailed = (Box<Recovery>, String);

impl Workspace {
    /// The newest journal of an unsaved dataset left by a window that
    /// stopped without saving, to offer at start.
    pub fn unsaved_recovery(&self) -> Option<Recovery> {
        let dir = self.data_dir.as_ref()?;
        unsaved::orphans(dir).into_iter().find_map(|base| {
            let recovered = journal::read(&base).ok().flatten()?;
            (!recovered.edits.is_empty()).then_some(Recovery {
                file: base,
                recovered,
                unsaved: true,
            })
        })
    }

    /// Acts on the answer to a recovery question. `second_window` starts
    /// another spanlab on the recovered copy ("Open both").
    pub fn recover(
        &mut self,
        recovery: Recovery,
        choice: RecoveryChoice,
        second_window: bool,
    ) -> Result<String, RecoverFailed> {
        match choice {
            RecoveryChoice::Recover => self.recover_here(recovery),
            RecoveryChoice::Discard => Ok(match journal::discard(&recovery.file) {
                Ok(aside) => format!(
                    "Discarded the unsaved edits (kept in {})",
                    aside.map_or_else(|| "nothing to keep".into(), |p| p.display().to_string())
                ),
                Err(err) => format!("Cannot set the journal aside: {err}"),
            }),
            RecoveryChoice::Both => self.recover_beside(recovery, second_window),
        }
    }

    /// Replays the journal here (an unsaved dataset's base is loaded first).
    fn recover_here(&mut self, recovery: Recovery) -> Result<String, RecoverFailed> {
        let Recovery {
            file,
            recovered,
            unsaved,
        } = recovery;
        if unsaved {
            let adopted = Unsaved::adopt(&file).and_then(|u| {
                store::load(&file)
                    .map(|d| (u, d))
                    .map_err(std::io::Error::other)
            });
            let (base, dataset) = match adopted {
                Ok(found) => found,
                Err(err) => {
                    let message = format!("{}: cannot recover: {err}", file.display());
                    return Err((
                        Box::new(Recovery {
                            file,
                            recovered,
                            unsaved,
                        }),
                        message,
                    ));
                }
            };
            self.replace(dataset, None, None);
            self.unsaved = Some(base);
        }
        self.session.begin_group();
        let failed = recovered
            .edits
            .iter()
            .filter(|e| self.session.apply((*e).clone()).is_err())
            .count();
        self.session.end_group();
        // Those edits are in the journal already: go on after them.
        let _ = self.session.take_applied();
        let reopened = match Journal::resume(&file, &recovered) {
            Ok(journal) => {
                self.journal = Some(journal);
                String::new()
            }
            Err(err) => format!(" (cannot reopen the journal: {err})"),
        };
        let n = recovered.edits.len() - failed;
        let what = if unsaved {
            " to a dataset never saved to a file"
        } else {
            ""
        };
        let not_applied = if failed == 0 {
            String::new()
        } else {
            format!(", {failed} did not apply")
        };
        let edits = if n == 1 { "edit" } else { "edits" };
        Ok(format!(
            "Recovered {n} unsaved {edits}{what}{not_applied}; save to keep them{reopened}"
        ))
    }

    /// Saves the recovered version as a second file beside the dataset.
    fn recover_beside(
        &mut self,
        recovery: Recovery,
        second_window: bool,
    ) -> Result<String, RecoverFailed> {
        let Recovery {
            file,
            recovered,
            unsaved,
        } = recovery;
        let base = if unsaved {
            match store::load(&file) {
                Ok(d) => d,
                Err(err) => {
                    let message = err.to_string();
                    return Err((
                        Box::new(Recovery {
                            file,
                            recovered,
                            unsaved,
                        }),
                        message,
                    ));
                }
            }
        } else {
            self.dataset().clone()
        };
        let mut dataset = base;
        journal::replay(&mut dataset, &recovered.edits);
        let target = sidecar_path(&file, Sidecar::Recovered);
        match store::save(&dataset, &target) {
            Ok(()) => {
                let _ = journal::discard(&file);
                if second_window && let Ok(exe) = std::env::current_exe() {
                    let _ = std::process::Command::new(exe).arg(&target).spawn();
                }
                Ok(format!(
                    "Saved the recovered version as {} and opened it in a second window",
                    target.display()
                ))
            }
            Err(err) => Err((
                Box::new(Recovery {
                    file,
                    recovered,
                    unsaved,
                }),
                err.to_string(),
            )),
        }
    }
}
