//! The rules the model reads as features: compiled on the training
//! thread with each run, or (for a model read from its file) on a worker
//! the first time the model suggests; and a retrain when they change.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::{TryRecvError, channel};
use std::time::Instant;

use super::ModelLoop;
use crate::rules::{Compiled, RulesFile, Suggester};
use crate::tagger::Tagger;

/// The rules a run reads as features, and the folder of their gazetteers
/// (`None`: the built-in ones).
pub type RulesToRead = (RulesFile, Option<PathBuf>);

impl ModelLoop {
    /// The rules the model reads, compiled: those of its training run, or
    /// (a model read from its file) the rules in use once compiled.
    pub fn rules(&self) -> Option<&Arc<Suggester>> {
        self.rules.as_ref().map(|(rules, _)| rules)
    }

    /// [`ModelLoop::rules`] when they are other than `in_use`; `None` when
    /// they are the same, so the rules in use, already run, give the
    /// model its matches and no rule runs twice.
    pub fn rules_other_than(&self, in_use: &RulesToRead) -> Option<Arc<Suggester>> {
        self.rules
            .as_ref()
            .filter(|(_, source)| source != in_use)
            .map(|(rules, _)| Arc::clone(rules))
    }

    /// The compiled rules the model reads: those it was trained with, or,
    /// for a model read from its file, the rules `in_use` gives, compiled
    /// on a worker thread this starts; `None` until they are ready. Also a
    /// message when they did not compile (the model then reads none).
    pub fn rules_for_model(
        &mut self,
        in_use: &dyn Fn() -> RulesToRead,
    ) -> (Option<Arc<Suggester>>, Option<String>) {
        if let Some(rules) = self.rules() {
            return (Some(Arc::clone(rules)), None);
        }
        if let Some((job, _)) = &self.rules_job {
            let result = match job.try_recv() {
                Err(TryRecvError::Empty) => return (None, None),
                Err(TryRecvError::Disconnected) => Err("the worker stopped".to_owned()),
                Ok(result) => result,
            };
            let Some((_, source)) = self.rules_job.take() else {
                return (None, None);
            };
            let (rules, note) = match result {
                Ok(rules) => {
                    let note = self.model.as_deref().and_then(|m| missing_note(m, &rules));
                    (rules, note)
                }
                Err(e) => (
                    Suggester::new(Compiled::empty()),
                    Some(format!("The model reads no rules: {e}")),
                ),
            };
            let rules = Arc::new(rules);
            self.rules = Some((Arc::clone(&rules), source));
            return (Some(rules), note);
        }
        let source = in_use();
        let (file, dir) = source.clone();
        let (tx, rx) = channel();
        let spawned = std::thread::Builder::new()
            .name("model-rules".into())
            .spawn(move || {
                let compiled = super::super::suggest::compile(&file, dir.as_deref());
                let _ = tx.send(compiled.map(Suggester::new));
            });
        match spawned {
            Ok(_) => {
                self.rules_job = Some((rx, source));
                (None, None)
            }
            Err(e) => (None, Some(format!("cannot start a worker: {e}"))),
        }
    }

    /// The rules for a model read from its file are being compiled.
    pub fn rules_pending(&self) -> bool {
        self.rules_job.is_some()
    }

    /// The rules in use changed: the model retrains after the quiet spell
    /// (when background training is on) to read the new rules' matches.
    pub fn rules_changed(&mut self, now: Instant) {
        if self.settings.train && self.model.is_some() {
            self.schedule.changed(now);
        }
    }
}

/// The rules a training run reads, compiled; none (and a message) when
/// they do not compile.
pub(super) fn compile_for_training(
    rules: &RulesFile,
    dir: Option<&Path>,
) -> (Suggester, Option<String>) {
    match super::super::suggest::compile(rules, dir) {
        Ok(c) => (Suggester::new(c), None),
        Err(e) => (
            Suggester::new(Compiled::empty()),
            Some(format!(
                "the model was trained without rules, which did not compile: {e}"
            )),
        ),
    }
}

/// Names the rules `model` learned from that `rules` lack, if any.
fn missing_note(model: &Tagger, rules: &Suggester) -> Option<String> {
    let ids: Vec<&str> = rules.compiled.rules.iter().map(|r| r.id.as_str()).collect();
    let missing = model.rules_missing(&ids);
    (!missing.is_empty()).then(|| {
        format!(
            "The model learned from rules the rules in use lack ({}): load them, or let it retrain",
            missing.join(", ")
        )
    })
}
