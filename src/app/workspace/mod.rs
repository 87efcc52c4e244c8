//! The [`Workspace`]: the dataset being worked on and everything about its
//! files: the session (dataset, history, saved revision), the file it came
//! from, that file's stamp on disk, the journal of unsaved edits, and the
//! base file that journals a dataset without a file. No egui here: opening,
//! saving, change detection and recovery are tested without a window.
//!
//! Every change goes through [`Workspace::apply`], [`Workspace::undo`] or
//! [`Workspace::redo`], which start the journal before the first change; the
//! app calls [`Workspace::flush_journal`] once per frame.

use std::path::{Path, PathBuf};

use crate::edit::{Edit, EditError, Session};
use crate::formats;
use crate::model::Dataset;
use crate::store::unsaved::Unsaved;
use crate::store::{self, FileStamp, Journal, journal};

mod lock;
mod recovery;

pub use recovery::{Recovery, RecoveryChoice};

/// Why a save did not happen.
#[derive(Debug, PartialEq, Eq)]
pub enum SaveFailed {
    /// Another program changed the file: ask before overwriting.
    Changed(String),
    /// Anything else: the message says why.
    Other(String),
}

impl std::fmt::Display for SaveFailed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Changed(m) | Self::Other(m) => f.write_str(m),
        }
    }
}

/// The dataset being worked on and its files.
#[derive(Debug)]
pub struct Workspace {
    session: Session,
    /// The file the dataset came from; `None` for the bundled sample or imports.
    path: Option<PathBuf>,
    /// That file as loaded or last saved, to notice other programs' changes.
    disk: Option<FileStamp>,
    /// The journal of edits since the last save (started before the first edit).
    journal: Option<Journal>,
    /// For a dataset without a file: its base in the data folder, once journaled.
    unsaved: Option<Unsaved>,
    /// The user's data folder, where unsaved datasets are journaled; `None`: they are not.
    data_dir: Option<PathBuf>,
    /// A journal that could not be started or written: said once, then quiet.
    journal_failed: bool,
    /// The failure was reported.
    failure_said: bool,
    /// Bumped whenever the dataset is replaced, so views drop their caches.
    generation: u64,
    /// The lock on `path` while this window has it open (see [`Workspace::open`]).
    lock: Option<store::DatasetLock>,
}

impl Workspace {
    /// A workspace on a dataset read from `path` (`None`: it has no file yet).
    pub fn new(dataset: Dataset, path: Option<PathBuf>) -> Self {
        let mut session = Session::new(dataset);
        session.record_applied();
        Self {
            session,
            path,
            disk: None,
            journal: None,
            unsaved: None,
            data_dir: None,
            journal_failed: false,
            failure_said: false,
            generation: 0,
            lock: None,
        }
    }

    /// Journals datasets without a file under `dir` (`None`: not at all).
    #[must_use]
    pub fn with_data_dir(mut self, dir: Option<PathBuf>) -> Self {
        self.data_dir = dir;
        self
    }

    /// The session: the dataset, its history, the saved revision.
    pub fn session(&self) -> &Session {
        &self.session
    }

    /// The dataset.
    pub fn dataset(&self) -> &Dataset {
        self.session.dataset()
    }

    /// The file the dataset is saved to, if any.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// Bumped whenever the dataset is replaced.
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// The history revision (changes with every edit, undo and redo).
    pub fn revision(&self) -> u64 {
        self.session.revision()
    }

    /// True when the dataset differs from its file (or, without a file, from
    /// how it was first loaded).
    pub fn is_dirty(&self) -> bool {
        self.session.is_dirty()
    }

    /// The journal file being written, if any.
    pub fn journal_file(&self) -> Option<&Path> {
        self.journal.as_ref().map(Journal::path)
    }

    /// Replaces the dataset (after open or import). Changes not saved have
    /// their journal set aside, never deleted.
    pub fn replace(&mut self, dataset: Dataset, path: Option<PathBuf>, disk: Option<FileStamp>) {
        let saved = !self.session.is_dirty();
        // A message here would be lost under the new dataset's; setting a
        // journal aside is best effort.
        let _ = self.close_journal(saved);
        self.session = Session::new(dataset);
        self.session.record_applied();
        if !path.as_deref().is_some_and(|p| self.holds_lock(p)) {
            self.lock = None;
        }
        self.path = path;
        self.disk = disk;
        self.journal_failed = false;
        self.failure_said = false;
        self.generation += 1;
    }

    /// Applies an edit; a refused edit changes nothing.
    pub fn apply(&mut self, edit: Edit) -> Result<(), EditError> {
        self.before_change();
        self.session.apply(edit)
    }

    /// Applies edits as one undo step, leaving out those that are refused.
    /// Returns how many applied.
    pub fn apply_each_as_one_step(&mut self, edits: Vec<Edit>) -> usize {
        self.before_change();
        self.session.begin_group();
        let applied = edits
            .into_iter()
            .filter(|e| self.session.apply(e.clone()).is_ok())
            .count();
        self.session.end_group();
        applied
    }

    /// Undoes the last step; returns the edit that undid it.
    pub fn undo(&mut self) -> Option<Edit> {
        self.before_change();
        self.session.undo()
    }

    /// Redoes the last undone step; returns the edit applied.
    pub fn redo(&mut self) -> Option<Edit> {
        self.before_change();
        self.session.redo()
    }

    /// Starts the journal before the first change after a load or save:
    /// beside the file, or (no file) beside a base written to the data folder.
    fn before_change(&mut self) {
        if self.journal.is_some() || self.journal_failed {
            return;
        }
        let started = match (&self.path, &self.disk) {
            (Some(path), Some(disk)) => Journal::create(path, disk),
            (Some(_), None) => return,
            (None, _) => {
                let Some(dir) = &self.data_dir else { return };
                let base = match &self.unsaved {
                    Some(u) => Ok((u.base().to_path_buf(), *u.stamp())),
                    None => Unsaved::create(dir, self.session.dataset()).map(|u| {
                        let found = (u.base().to_path_buf(), *u.stamp());
                        self.unsaved = Some(u);
                        found
                    }),
                };
                base.and_then(|(base, stamp)| Journal::create(&base, &stamp))
            }
        };
        match started {
            Ok(journal) => self.journal = Some(journal),
            Err(_) => self.journal_failed = true,
        }
    }

    /// Appends the edits applied since the last call to the journal and
    /// syncs it: called once per frame. Returns a warning when the journal
    /// cannot be kept (once).
    pub fn flush_journal(&mut self) -> Option<String> {
        let edits = self.session.take_applied();
        if edits.is_empty() {
            return None;
        }
        if self.journal_failed {
            // Said once; from now on quiet until the next save or load.
            let place = self.path.as_ref().map_or_else(
                || "the data folder".to_owned(),
                |p| journal::journal_path(p).display().to_string(),
            );
            return (!std::mem::replace(&mut self.failure_said, true))
                .then(|| format!("{place}: cannot keep the journal; save often"));
        }
        let journal = self.journal.as_mut()?;
        match journal.append(&edits).and_then(|()| journal.sync()) {
            Ok(()) => None,
            Err(err) => Some(format!(
                "{}: cannot write the journal ({err}); save often",
                journal.path().display()
            )),
        }
    }

    /// Ends the journal: after a save (the file holds every edit) it is
    /// removed; when changes are thrown away it is set aside, never deleted.
    pub fn close_journal(&mut self, saved: bool) -> Option<String> {
        let _ = self.session.take_applied();
        let journal = self.journal.take();
        let result = if saved {
            let finished = journal.map_or(Ok(()), Journal::finish);
            finished.and_then(|()| self.unsaved.take().map_or(Ok(()), Unsaved::remove))
        } else {
            drop(journal);
            let owner = self
                .path
                .clone()
                .or_else(|| self.unsaved.as_ref().map(|u| u.base().to_path_buf()));
            // The base stays beside the discarded journal it belongs to.
            self.unsaved = None;
            owner.map_or(Ok(()), |p| journal::discard(&p).map(drop))
        };
        result
            .err()
            .map(|err| format!("Cannot close the journal: {err}"))
    }

    /// Opens a dataset file and holds its lock while it is open, so no other
    /// spanlab (another window, `spanlab suggest`) writes it meanwhile. A
    /// dataset another spanlab holds is refused: its journal is that
    /// window's live journal, not one to recover. A journal beside a
    /// dataset opened here comes back as a [`Recovery`] to ask about; the
    /// message says what happened.
    pub fn open(&mut self, path: &Path) -> Result<(String, Option<Recovery>), String> {
        let lock = self.lock_for(path)?;
        let (dataset, stamp) = store::load_stamped(path).map_err(|e| e.to_string())?;
        self.replace(dataset, Some(path.to_path_buf()), Some(stamp));
        if lock.is_some() {
            self.lock = lock;
        }
        let mut message = format!("Opened {}", path.display());
        let recovery = match journal::read(path) {
            Ok(None) => None,
            Ok(Some(recovered))
                if recovered.edits.is_empty()
                    && recovered.damaged.is_empty()
                    && recovered.torn.is_none() =>
            {
                let _ = std::fs::remove_file(journal::journal_path(path));
                None
            }
            Ok(Some(recovered)) if recovered.base.same_contents(&stamp) => Some(Recovery {
                file: path.to_path_buf(),
                recovered,
                unsaved: false,
            }),
            Ok(Some(_)) => {
                // Written against another version of the file (saved by
                // another program since): replaying could misplace edits.
                if let Ok(Some(aside)) = journal::discard(path) {
                    let n = journal::discarded_paths(path).len();
                    message = format!(
                        "Found unsaved edits for another version of {}; kept them in {} (spanlab recover --discarded {n} --force can replay them)",
                        path.display(),
                        aside.display()
                    );
                }
                None
            }
            Err(err) => {
                message = err.to_string();
                None
            }
        };
        Ok((message, recovery))
    }

    /// Imports files or folders (their format guessed) as a new dataset
    /// without a file, keeping this dataset's labels. Returns how many
    /// documents and the import's warnings.
    pub fn import(&mut self, paths: &[PathBuf]) -> Result<(usize, formats::Report), String> {
        let mut dataset = Dataset::new(self.dataset().labels.clone());
        let mut report = formats::Report::default();
        for path in paths {
            report.extend(
                crate::store::import_guessed(path, &mut dataset).map_err(|e| e.to_string())?,
            );
        }
        let n = dataset.documents.len();
        self.replace(dataset, None, None);
        Ok((n, report))
    }

    /// Saves to `path` (RON or JSON by extension). Over the file that was
    /// opened, only if no other program changed it.
    pub fn save_to(&mut self, path: &Path) -> Result<String, SaveFailed> {
        // Refused while a `spanlab suggest` or `import` writes this file
        // (the lock the command line takes); the stamp check below catches
        // what another program wrote before.
        // A lock file that cannot be made (no such folder, read-only) is
        // left to the save itself to report.
        let lock = self.lock_for(path).map_err(SaveFailed::Other)?;
        let expected = self.disk.filter(|_| self.path.as_deref() == Some(path));
        let stamp = match store::save_stamped(self.dataset(), path, expected.as_ref()) {
            Ok(stamp) => stamp,
            Err(err @ store::SaveError::Changed(_)) => {
                return Err(SaveFailed::Changed(err.to_string()));
            }
            Err(err) => return Err(SaveFailed::Other(err.to_string())),
        };
        self.disk = Some(stamp);
        self.session.mark_saved();
        // The file holds every edit now: the journal has done its job.
        let warning = self.close_journal(true);
        self.journal_failed = false;
        self.path = Some(path.to_path_buf());
        // This window works on that file now: it keeps its lock.
        if lock.is_some() || !self.holds_lock(path) {
            self.lock = lock;
        }
        Ok(warning.unwrap_or_else(|| format!("Saved {}", path.display())))
    }

    /// Saves over the file even though another program changed it.
    pub fn overwrite(&mut self, path: &Path) -> Result<String, SaveFailed> {
        self.disk = None;
        self.save_to(path)
    }
}

#[cfg(test)]
mod lock_tests;
#[cfg(test)]
mod tests;
