//! Running the rules: on a worker thread that also compiles them (the
//! window never waits; a progress bar shows while it runs), the rules in
//! use, and loading another rules file.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, channel};

use rayon::prelude::*;

use super::App;
use crate::edit::Edit;
use crate::model::{Dataset, Span};
use crate::rules::{Compiled, Learned, RulesFile, Suggester, embedded_gazetteer};

/// A span and the index of its document.
type Placed = (usize, Span);

/// New suggestions per document (by index), or why the rules could not run.
pub type SuggestResult = Result<Vec<(usize, Vec<Span>)>, String>;

/// Rules running on a worker thread.
pub struct SuggestJob {
    /// Documents done so far.
    pub done: Arc<AtomicUsize>,
    /// Documents in all.
    pub total: usize,
    /// The suggestions per document once finished, or why the rules could
    /// not run.
    pub result: Receiver<SuggestResult>,
}

/// The rules in use.
pub struct RulesInUse {
    /// The rules: the built-in default rules until a file is loaded.
    pub file: RulesFile,
    /// The folder gazetteer paths are relative to; `None` for the built-in
    /// gazetteers of the default rules.
    pub dir: Option<PathBuf>,
    /// The model's suggestions are on (the rules window's `model` row).
    pub model: bool,
}

impl Default for RulesInUse {
    fn default() -> Self {
        Self {
            file: crate::rules::default_rules_file(),
            dir: None,
            model: true,
        }
    }
}

impl RulesInUse {
    /// The rules to run on `dataset` (the default rules propose only
    /// labels the dataset has) and the folder their gazetteers are in.
    pub fn for_dataset(&self, dataset: &Dataset) -> (RulesFile, Option<PathBuf>) {
        let file = if self.dir.is_none() {
            self.file.for_dataset(dataset).0
        } else {
            self.file.clone()
        };
        (file, self.dir.clone())
    }

    /// Switches a rule (or `learned`, the learned matcher) on or off.
    pub fn switch(&mut self, id: &str, on: bool) {
        if id == "learned" {
            self.file.learned.enabled = on;
        } else if id == "model" {
            self.model = on;
        } else if let Some(rule) = self.file.rules.iter_mut().find(|r| r.id == id) {
            rule.enabled = on;
        }
    }

    /// Whether a rule (or `learned`) is on.
    pub fn is_on(&self, id: &str) -> bool {
        if id == "learned" {
            self.file.learned.enabled
        } else if id == "model" {
            self.model
        } else {
            self.file.rules.iter().any(|r| r.id == id && r.enabled)
        }
    }
}

/// Compiles `file`, reading its gazetteers from `dir` (the built-in
/// ones for the default rules, `dir` `None`).
pub fn compile(file: &RulesFile, dir: Option<&Path>) -> Result<Compiled, String> {
    let read = |p: &Path| match dir {
        Some(dir) => {
            crate::store::read_text(&dir.join(p)).map_err(|e| std::io::Error::other(e.to_string()))
        }
        None => embedded_gazetteer(p),
    };
    Compiled::new(file, &read).map_err(|e| e.to_string())
}

impl App {
    /// Switches a rule (or `learned`, or the model's suggestions) on or
    /// off; the model retrains to read the rules now on.
    pub(super) fn set_rule(&mut self, id: &str, on: bool) {
        self.rules.switch(id, on);
        if id != "model" && id != "learned" {
            self.model.rules_changed(std::time::Instant::now());
        }
    }

    /// Runs the rules on the current document or on all, on a worker thread
    /// that also compiles them (the window never waits; a progress bar
    /// shows while it runs).
    pub(super) fn run_rules(&mut self, all: bool) {
        if self.suggest_job.is_some() {
            self.message = Some("The rules are already running".into());
            return;
        }
        let dataset = self.ws.dataset();
        let (file, dir) = self.rules.for_dataset(dataset);
        // What was accepted so far, for the learned matcher (read here: the
        // dataset stays on this thread).
        let learned = file
            .learned
            .enabled
            .then(|| Learned::new(dataset, &file.learned));
        let docs: Vec<(usize, crate::model::Document)> = if all {
            dataset.documents.iter().cloned().enumerate().collect()
        } else {
            dataset
                .documents
                .get(self.current)
                .map(|d| (self.current, d.clone()))
                .into_iter()
                .collect()
        };
        // The model's spans join the rules' when it may suggest; it reads
        // the rules it was trained with (the rules in use until then).
        let model = if self.rules.model {
            self.model.active()
        } else {
            None
        };
        let its_rules = self.model.rules_other_than(&(file.clone(), dir.clone()));
        let done = Arc::new(AtomicUsize::new(0));
        let (tx, rx) = channel();
        let counter = Arc::clone(&done);
        let total = docs.len();
        let spawned = std::thread::Builder::new()
            .name("suggest".into())
            .spawn(move || {
                let compiled = match compile(&file, dir.as_deref()) {
                    Ok(c) => c,
                    Err(e) => {
                        let _ = tx.send(Err(e));
                        return;
                    }
                };
                let suggester = Suggester { compiled, learned };
                let found: Vec<(usize, Vec<Span>)> = docs
                    .par_iter()
                    .map(|(i, doc)| {
                        let s =
                            suggester.suggest_reading(doc, model.as_deref(), its_rules.as_deref());
                        counter.fetch_add(1, Ordering::Relaxed);
                        (*i, s)
                    })
                    .collect();
                let _ = tx.send(Ok(found));
            });
        if let Err(e) = spawned {
            self.message = Some(format!("cannot start the worker: {e}"));
        } else {
            self.suggest_job = Some(SuggestJob {
                done,
                total,
                result: rx,
            });
        }
    }

    /// Takes the result of a finished rules run.
    pub(super) fn poll_suggest_job(&mut self) {
        let Some(job) = &self.suggest_job else { return };
        let result = match job.result.try_recv() {
            Err(std::sync::mpsc::TryRecvError::Empty) => return,
            Err(std::sync::mpsc::TryRecvError::Disconnected) => {
                Err("the rules run stopped without a result".to_owned())
            }
            Ok(result) => result,
        };
        self.suggest_job = None;
        self.take_suggestions(result);
    }

    /// Waits for a running rules run (tests).
    pub fn wait_for_suggestions(&mut self) {
        if let Some(job) = self.suggest_job.take() {
            let result = job
                .result
                .recv_timeout(std::time::Duration::from_mins(1))
                .unwrap_or_else(|e| Err(format!("the rules run gave no result: {e}")));
            self.take_suggestions(result);
        }
    }

    fn take_suggestions(&mut self, result: SuggestResult) {
        match result {
            Ok(found) => self.add_suggestions(found),
            Err(message) => self.message = Some(message),
        }
    }

    fn add_suggestions(&mut self, found: Vec<(usize, Vec<Span>)>) {
        let labels = &self.ws.dataset().labels;
        let (known, unknown): (Vec<Placed>, Vec<Placed>) = found
            .into_iter()
            .flat_map(|(d, spans)| spans.into_iter().map(move |s| (d, s)))
            .partition(|(_, s)| labels.contains(&s.label));
        let edits = known
            .into_iter()
            .map(|(doc, span)| Edit::AddSuggestion { doc, span })
            .collect();
        let n = self.ws.apply_each_as_one_step(edits);
        let mut message = format!("{n} new suggestions");
        if !unknown.is_empty() {
            let _ = write!(
                message,
                "; {} left out: their labels are not in this dataset's label set",
                unknown.len()
            );
        }
        self.message = Some(message);
    }
}
