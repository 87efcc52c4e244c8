//! The model in the loop: the tagger retrained in the background as the
//! analyst accepts spans, its file beside the dataset, and whether it may
//! suggest. No egui here: the app calls [`ModelLoop::observe`] once a
//! frame and [`ModelLoop::poll`] takes a finished run.
//!
//! A change to what the model learns from (the accepted spans and status of
//! done and in-progress documents) queues a run after a quiet spell
//! ([`Debouncer`]); one run goes at a time on a thread named
//! `model-training`, on a snapshot of the data taken when it starts, so a
//! queued run always trains on the latest data. The finished model is
//! swapped in whole (the old one suggests until then) and saved beside the
//! dataset by the training thread (`store::model_path`).

mod activation;
mod debounce;
mod rules;

use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::{Receiver, TryRecvError, channel};
use std::time::{Duration, Instant};

pub use activation::{Activation, ModelSettings, status_line, thousands};
pub use debounce::Debouncer;
pub use rules::RulesToRead;

use crate::model::{Dataset, Status};
use crate::rules::Suggester;
use crate::store;
use crate::tagger::{self, Tagger, TrainOptions};

/// The quiet spell after a change before training starts.
pub const DEBOUNCE: Duration = Duration::from_millis(1500);

/// A trained model and the rules it read as features (compiled), or why
/// not; and a message when its rules did not compile or it could not be
/// saved.
type RunResult = Result<(Tagger, Arc<Suggester>, Option<String>), String>;

/// A run on the training thread.
struct Run {
    result: Receiver<RunResult>,
    generation: u64,
    /// The rules it reads.
    source: RulesToRead,
}

/// The model, its training schedule and its settings.
pub struct ModelLoop {
    /// Threshold, minimum sentences, background training on or off.
    pub settings: ModelSettings,
    model: Option<Arc<Tagger>>,
    /// The rules the model reads, compiled, and what they were compiled
    /// from: those of its training run; for a model read from its file,
    /// the rules in use (compiled when first needed).
    rules: Option<(Arc<Suggester>, RulesToRead)>,
    /// The rules in use being compiled for a model read from its file.
    rules_job: Option<(Receiver<Result<Suggester, String>>, RulesToRead)>,
    schedule: Debouncer,
    run: Option<Run>,
    /// Of the data the model (or the queued run) reflects.
    fingerprint: Option<u64>,
    /// The (revision, generation) last looked at.
    seen: Option<(u64, u64)>,
    generation: u64,
    /// Background training is allowed in this app (tests opt in).
    enabled: bool,
    /// Documents the model already suggested in on arrival (this dataset).
    pub suggested: std::collections::HashSet<usize>,
}

impl std::fmt::Debug for ModelLoop {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ModelLoop")
            .field("settings", &self.settings)
            .field("model", &self.model.is_some())
            .field("schedule", &self.schedule)
            .finish_non_exhaustive()
    }
}

impl Default for ModelLoop {
    fn default() -> Self {
        Self {
            settings: ModelSettings::default(),
            model: None,
            rules: None,
            rules_job: None,
            schedule: Debouncer::new(DEBOUNCE),
            run: None,
            fingerprint: None,
            seen: None,
            generation: 0,
            enabled: false,
            suggested: std::collections::HashSet::new(),
        }
    }
}

impl ModelLoop {
    /// Allows (or stops) background training in this app.
    pub fn enable(&mut self, on: bool) {
        self.enabled = on;
    }

    /// The model, whether or not it may suggest.
    pub fn model(&self) -> Option<&Arc<Tagger>> {
        self.model.as_ref()
    }

    /// The model if it may suggest now.
    pub fn active(&self) -> Option<Arc<Tagger>> {
        self.activation()
            .is_active()
            .then(|| self.model.clone())
            .flatten()
    }

    /// Whether the model suggests, and why not.
    pub fn activation(&self) -> Activation {
        Activation::of(self.model.as_deref().map(Tagger::report), &self.settings)
    }

    /// A run is going.
    pub fn is_training(&self) -> bool {
        self.schedule.is_running()
    }

    /// A run is going or waiting.
    pub fn is_busy(&self) -> bool {
        self.schedule.is_running() || self.schedule.is_queued()
    }

    /// How long until a queued run may start.
    pub fn wait(&self, now: Instant) -> Option<Duration> {
        self.schedule.wait(now)
    }

    /// The status line.
    pub fn status_line(&self) -> String {
        status_line(
            self.model.as_deref().map(Tagger::report),
            &self.activation(),
            self.is_training(),
        )
    }

    /// The dataset was replaced (opened, imported): forgets the old
    /// model and reads the new dataset's model file, if it has one. Trains
    /// soon when there is something to learn and no model file. Returns a
    /// message when the file could not be used.
    pub fn replaced(
        &mut self,
        dataset: &Dataset,
        path: Option<&Path>,
        generation: u64,
    ) -> Option<String> {
        self.schedule.reset();
        self.run = None;
        self.model = None;
        self.rules = None;
        self.rules_job = None;
        self.suggested.clear();
        self.generation = generation;
        self.fingerprint = Some(fingerprint(dataset));
        self.seen = None;
        let mut message = None;
        if let Some(file) = path.map(store::model_path).filter(|p| p.exists()) {
            match store::load_model_for(&file, &dataset.labels) {
                Ok(model) => self.model = Some(Arc::new(model)),
                Err(e) => {
                    message = Some(format!(
                        "The model file cannot be used ({e}); it will be retrained"
                    ));
                }
            }
        }
        if self.model.is_none() && self.settings.train && has_teaching(dataset) {
            self.schedule.now(Instant::now());
        }
        message
    }

    /// Trains as soon as possible (the user asked).
    pub fn train_now(&mut self) {
        self.schedule.now(Instant::now());
    }

    /// Looks at the dataset once a frame: queues a run when what the model
    /// learns from changed, and starts the queued run when it is due, with
    /// the matches of the rules `rules` gives as features.
    pub fn observe(
        &mut self,
        dataset: &Dataset,
        path: Option<&Path>,
        rules: &dyn Fn() -> RulesToRead,
        key: (u64, u64),
        now: Instant,
    ) -> Option<String> {
        if self.seen != Some(key) {
            self.seen = Some(key);
            let fp = fingerprint(dataset);
            if self.fingerprint != Some(fp) {
                self.fingerprint = Some(fp);
                if self.settings.train {
                    self.schedule.changed(now);
                }
            }
        }
        if !self.enabled || !self.schedule.start(now) {
            return None;
        }
        if !has_teaching(dataset) {
            self.schedule.finished();
            return None;
        }
        self.start(dataset, path, rules()).err()
    }

    /// Starts a run on a snapshot of what the model learns from. The rules
    /// are compiled on the training thread; rules that do not compile are
    /// left out (running them reports why).
    fn start(
        &mut self,
        dataset: &Dataset,
        path: Option<&Path>,
        source: RulesToRead,
    ) -> Result<(), String> {
        let (rules, dir) = source.clone();
        let snapshot = teaching_snapshot(dataset);
        let file = path.map(store::model_path);
        let (tx, rx) = channel();
        let spawned = std::thread::Builder::new()
            .name("model-training".into())
            .spawn(move || {
                let (suggester, rules_note) = rules::compile_for_training(&rules, dir.as_deref());
                let suggester = Arc::new(suggester);
                let find = |d: &crate::model::Document| suggester.rule_matches(d);
                let result = tagger::train(
                    &snapshot,
                    &TrainOptions::default(),
                    Some(&find),
                    &mut |_| {},
                )
                .map_err(|e| e.to_string())
                .map(|model| {
                    let unsaved = file
                        .and_then(|f| store::save_model(&model, &f).err())
                        .map(|e| format!("The model was trained but not saved: {e}"));
                    let note = match (rules_note, unsaved) {
                        (Some(a), Some(b)) => Some(format!("{a}; {b}")),
                        (a, b) => a.or(b),
                    };
                    (model, Arc::clone(&suggester), note)
                });
                // The app may have moved on to another dataset: then nobody listens.
                let _ = tx.send(result);
            });
        match spawned {
            Ok(_) => {
                self.run = Some(Run {
                    result: rx,
                    generation: self.generation,
                    source,
                });
                Ok(())
            }
            Err(e) => {
                self.schedule.finished();
                Err(format!("cannot start training the model: {e}"))
            }
        }
    }

    /// Takes a finished run: the new model is swapped in. Returns a message
    /// when it failed or could not be saved.
    pub fn poll(&mut self) -> Option<String> {
        let run = self.run.as_ref()?;
        let result = match run.result.try_recv() {
            Err(TryRecvError::Empty) => return None,
            Err(TryRecvError::Disconnected) => {
                Err("the model training stopped without a result".to_owned())
            }
            Ok(result) => result,
        };
        let current = run.generation == self.generation;
        let source = run.source.clone();
        self.run = None;
        self.schedule.finished();
        if !current {
            return None;
        }
        match result {
            Ok((model, rules, note)) => {
                self.model = Some(Arc::new(model));
                self.rules = Some((rules, source));
                note
            }
            Err(e) => Some(format!("The model was not trained: {e}")),
        }
    }

    /// Waits (tests) up to `timeout` for the queued and running runs to end.
    pub fn wait_until_idle(
        &mut self,
        dataset: &Dataset,
        path: Option<&Path>,
        key: (u64, u64),
        timeout: Duration,
    ) -> Option<String> {
        let end = Instant::now() + timeout;
        let mut message = None;
        let rules = || super::suggest::RulesInUse::default().for_dataset(dataset);
        while self.is_busy() && Instant::now() < end {
            message = self
                .observe(dataset, path, &rules, key, Instant::now())
                .or(message);
            message = self.poll().or(message);
            std::thread::sleep(Duration::from_millis(10));
        }
        message
    }
}

/// True when some done or in-progress document has an accepted span.
fn has_teaching(dataset: &Dataset) -> bool {
    dataset
        .documents
        .iter()
        .any(|d| teaches(d.status) && !d.spans.is_empty())
}

fn teaches(status: Status) -> bool {
    matches!(status, Status::Done | Status::InProgress)
}

/// The documents the model learns from, with the label set.
fn teaching_snapshot(dataset: &Dataset) -> Dataset {
    let mut snapshot = Dataset::new(dataset.labels.clone());
    snapshot.documents = dataset
        .documents
        .iter()
        .filter(|d| teaches(d.status))
        .cloned()
        .collect();
    snapshot
}

/// A hash of what the model learns from: the labels, and each done or
/// in-progress document's id, text length and accepted spans.
pub fn fingerprint(dataset: &Dataset) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    for name in dataset.labels.names() {
        name.hash(&mut h);
    }
    for doc in dataset.documents.iter().filter(|d| teaches(d.status)) {
        doc.id.hash(&mut h);
        doc.text.len().hash(&mut h);
        for s in &doc.spans {
            (s.start.0, s.end.0, s.label.as_str()).hash(&mut h);
        }
    }
    h.finish()
}

/// The file a dataset's model is kept in, if the dataset has a file.
pub fn model_file(path: Option<&Path>) -> Option<PathBuf> {
    path.map(store::model_path)
}

#[cfg(test)]
mod tests;
