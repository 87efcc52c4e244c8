//! Reviewing suggestions one by one, propagating a span to its other
//! occurrences, and running the rules (off the UI thread). Every decision
//! is an edit, so undo covers it.

use std::collections::HashSet;
use std::fmt::Write as _;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, channel};

use rayon::prelude::*;

use super::App;
use super::transfer::ReportWindow;
use crate::edit::Edit;
use crate::formats::Report;
use crate::model::{Dataset, Origin, Span};
use crate::rules::{Compiled, Learned, Suggester, embedded_gazetteer, propagate};
use crate::text::OffsetIndex;

/// A span and the index of its document.
type Placed = (usize, Span);

/// Where the review is.
#[derive(Debug, Default)]
pub struct Review {
    /// The suggestion shown: (document index, suggestion).
    pub current: Option<(usize, Span)>,
    /// Suggestions skipped in this review: (document, start, end, label).
    skipped: HashSet<(usize, usize, usize, String)>,
    /// Decisions made, newest last, for Backspace.
    decisions: Vec<(usize, Span)>,
}

impl Review {
    /// The first pending suggestion at or after `(doc, char)` in reading
    /// order, wrapping around, that was not skipped.
    fn next(&self, dataset: &Dataset, doc: usize, char: usize) -> Option<(usize, Span)> {
        let n = dataset.documents.len();
        for k in 0..=n {
            let d = (doc + k) % n.max(1);
            let Some(document) = dataset.documents.get(d) else {
                continue;
            };
            let hit = document.suggestions.iter().find(|s| {
                let in_range = match k {
                    0 => s.start.0 >= char,
                    k if k == n => s.start.0 < char,
                    _ => true,
                };
                in_range
                    && !self
                        .skipped
                        .contains(&(d, s.start.0, s.end.0, s.label.to_string()))
            });
            if let Some(s) = hit {
                return Some((d, s.clone()));
            }
        }
        None
    }
}

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

impl App {
    /// Starts or stops reviewing.
    pub(super) fn toggle_review(&mut self) {
        if self.review.take().is_some() {
            self.view.focus = None;
            self.message = Some("Review stopped".into());
            return;
        }
        let from = self.view.selection.as_ref().map_or(0, |s| s.range().start);
        self.adjudication = None;
        let review = Review::default();
        let first = review.next(self.dataset(), self.current, from);
        self.review = Some(review);
        self.show_suggestion(first);
    }

    fn show_suggestion(&mut self, next: Option<(usize, Span)>) {
        let pending: usize = self
            .dataset()
            .documents
            .iter()
            .map(|d| d.suggestions.len())
            .sum();
        if let Some((doc, span)) = next {
            if doc != self.current {
                self.go_to(doc);
            }
            self.view.scroll_to(span.start.0);
            self.view.selection = None;
            self.view.selected_span = None;
            self.view.focus = Some(span.clone());
            let rule = span.origin.to_string();
            self.message = Some(format!(
                "Reviewing ({pending} pending): {} from {rule}. A accept, X reject, Space skip, Backspace undo, Shift+A accept all like this, Ctrl+R stop",
                span.label
            ));
            if let Some(review) = &mut self.review {
                review.current = Some((doc, span));
            }
        } else {
            self.view.focus = None;
            if let Some(review) = &mut self.review {
                review.current = None;
            }
            self.message = Some(if pending == 0 {
                "No pending suggestions: run the rules first (Ctrl+J this document, Ctrl+Shift+J all)".into()
            } else {
                format!("Every pending suggestion was seen; {pending} skipped are still pending")
            });
        }
    }

    /// Acts on a review key.
    pub(super) fn review_command(&mut self, command: super::Command) {
        use super::Command;
        let Some(review) = &mut self.review else {
            return;
        };
        if command == Command::UndoDecision {
            if let Some((doc, span)) = review.decisions.pop() {
                let _ = self.session.undo();
                self.show_suggestion(Some((doc, span)));
            }
            return;
        }
        let Some((doc, span)) = review.current.clone() else {
            return;
        };
        match command {
            Command::AcceptSuggestion | Command::RejectSuggestion => {
                let decision = if command == Command::AcceptSuggestion {
                    Edit::AcceptSuggestion {
                        doc,
                        span: span.clone(),
                    }
                } else {
                    Edit::RejectSuggestion {
                        doc,
                        span: span.clone(),
                    }
                };
                // The first decision on a new document starts it, in the same undo step.
                let mut edits = vec![decision];
                if self.session.dataset().documents[doc].status == crate::model::Status::New {
                    edits.push(Edit::SetStatus {
                        doc,
                        status: crate::model::Status::InProgress,
                    });
                }
                if self.apply(Edit::Group(edits)) {
                    if let Some(review) = &mut self.review {
                        review.decisions.push((doc, span.clone()));
                    }
                } else if let Some(review) = &mut self.review {
                    review
                        .skipped
                        .insert((doc, span.start.0, span.end.0, span.label.to_string()));
                }
            }
            Command::SkipSuggestion => {
                review
                    .skipped
                    .insert((doc, span.start.0, span.end.0, span.label.to_string()));
            }
            Command::AcceptAllLikeThis => {
                let n = self.accept_all_like(doc, &span);
                if let Some(review) = &mut self.review {
                    review.decisions.push((doc, span.clone()));
                }
                self.message = Some(format!("Accepted {n} suggestions like this one"));
            }
            _ => return,
        }
        let next = self
            .review
            .as_ref()
            .and_then(|r| r.next(self.session.dataset(), doc, span.start.0));
        self.show_suggestion(next);
    }

    /// Accepts every pending suggestion with the text and label of `span`,
    /// in every document, as one undo step. Returns how many.
    fn accept_all_like(&mut self, doc: usize, span: &Span) -> usize {
        let dataset = self.session.dataset();
        let Some(text) = OffsetIndex::new(&dataset.documents[doc].text)
            .slice(span.start, span.end)
            .map(str::to_owned)
        else {
            return 0;
        };
        let edits: Vec<Edit> = dataset
            .documents
            .iter()
            .enumerate()
            .flat_map(|(d, document)| {
                let index = OffsetIndex::new(&document.text);
                document
                    .suggestions
                    .iter()
                    .filter(|s| {
                        s.label == span.label && index.slice(s.start, s.end) == Some(text.as_str())
                    })
                    .map(|s| Edit::AcceptSuggestion {
                        doc: d,
                        span: s.clone(),
                    })
                    .collect::<Vec<_>>()
            })
            .collect();
        self.apply_each_as_one_step(edits)
    }

    /// Applies edits as one undo step, leaving out those that are refused.
    pub(super) fn apply_each_as_one_step(&mut self, edits: Vec<Edit>) -> usize {
        self.session.begin_group();
        let applied = edits
            .into_iter()
            .filter(|e| self.session.apply(e.clone()).is_ok())
            .count();
        self.session.end_group();
        applied
    }

    /// Accepts or rejects every pending suggestion of a rule (or label).
    pub(super) fn decide_all(
        &mut self,
        accept: bool,
        rule: Option<&str>,
        label: Option<&str>,
    ) -> usize {
        let edits: Vec<Edit> = self
            .session
            .dataset()
            .documents
            .iter()
            .enumerate()
            .flat_map(|(d, doc)| {
                doc.suggestions
                    .iter()
                    .filter(|s| {
                        let by_rule = match (&s.origin, rule) {
                            (_, None) => true,
                            (Origin::Rule(id), Some(r)) => id == r,
                            (Origin::Learned, Some(r)) => r == "learned",
                            _ => false,
                        };
                        by_rule && label.is_none_or(|l| s.label == l)
                    })
                    .map(|s| {
                        if accept {
                            Edit::AcceptSuggestion {
                                doc: d,
                                span: s.clone(),
                            }
                        } else {
                            Edit::RejectSuggestion {
                                doc: d,
                                span: s.clone(),
                            }
                        }
                    })
                    .collect::<Vec<_>>()
            })
            .collect();
        self.apply_each_as_one_step(edits)
    }

    /// Propagates the selected span to the other occurrences of its text.
    pub(super) fn propagate_selected(&mut self, whole_dataset: bool, accept: bool) {
        let Some(span) = self.view.selected_span.clone() else {
            self.message =
                Some("Click a span first: its text and label are what is propagated".into());
            return;
        };
        let dataset = self.session.dataset();
        let doc = &dataset.documents[self.current];
        let Some(text) = OffsetIndex::new(&doc.text)
            .slice(span.start, span.end)
            .map(str::to_owned)
        else {
            return;
        };
        let docs: Vec<usize> = if whole_dataset {
            (0..dataset.documents.len()).collect()
        } else {
            vec![self.current]
        };
        let found = propagate(dataset, &docs, &text, &span.label);
        let edits: Vec<Edit> = found
            .found
            .into_iter()
            .map(|(doc, s)| {
                if accept {
                    Edit::AddSpan {
                        doc,
                        span: s.with_origin(Origin::Manual),
                    }
                } else {
                    Edit::AddSuggestion { doc, span: s }
                }
            })
            .collect();
        let n = self.apply_each_as_one_step(edits);
        let verb = if accept { "labelled" } else { "suggested" };
        self.message = Some(format!(
            "{text:?}: {n} other occurrences {verb} {}; {} overlap accepted spans",
            span.label,
            found.blocked.len()
        ));
        if !found.blocked.is_empty() {
            let mut report = Report::default();
            for (d, s, e) in &found.blocked {
                let id = &self.session.dataset().documents[*d].id;
                report.warn(
                    id,
                    &text,
                    format!("chars {s}..{e} overlap an accepted span; left as they are"),
                );
            }
            self.report_window = Some(ReportWindow {
                title: "Propagation".into(),
                summary: vec![format!("{n} occurrences of {text:?} {verb} {}", span.label)],
                report,
            });
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
        let file = self.rules_file.clone();
        let dir = self.rules_dir.clone();
        let dataset = self.session.dataset();
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
        let done = Arc::new(AtomicUsize::new(0));
        let (tx, rx) = channel();
        let counter = Arc::clone(&done);
        let total = docs.len();
        let spawned = std::thread::Builder::new()
            .name("suggest".into())
            .spawn(move || {
                let read = |p: &std::path::Path| match &dir {
                    Some(dir) => std::fs::read_to_string(dir.join(p)),
                    None => embedded_gazetteer(p),
                };
                let compiled = match Compiled::new(&file, &read) {
                    Ok(c) => c,
                    Err(e) => {
                        let _ = tx.send(Err(e.to_string()));
                        return;
                    }
                };
                let suggester = Suggester { compiled, learned };
                let found: Vec<(usize, Vec<Span>)> = docs
                    .par_iter()
                    .map(|(i, doc)| {
                        let s = suggester.suggest(doc);
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

    /// Reads a rules file (RON, or spaCy/Prodigy pattern JSONL) for the app
    /// to use from now on; gazetteer paths are relative to its folder. The
    /// rules in use stay when it cannot be read or compiled.
    pub(super) fn load_rules(&mut self, path: &std::path::Path) -> Result<(), String> {
        let file = crate::store::read_rules_file(path).map_err(|e| e.to_string())?;
        let dir = path
            .parent()
            .unwrap_or(std::path::Path::new("."))
            .to_path_buf();
        Compiled::new(&file, &|p: &std::path::Path| {
            std::fs::read_to_string(dir.join(p))
        })
        .map_err(|e| format!("{}: {e}", path.display()))?;
        let n = file.rules.len();
        self.message = Some(format!(
            "Loaded {n} rule{} from {}",
            if n == 1 { "" } else { "s" },
            path.display()
        ));
        self.rules_file = file;
        self.rules_dir = Some(dir);
        self.rule_stats = None;
        Ok(())
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
        let labels = &self.session.dataset().labels;
        let (known, unknown): (Vec<Placed>, Vec<Placed>) = found
            .into_iter()
            .flat_map(|(d, spans)| spans.into_iter().map(move |s| (d, s)))
            .partition(|(_, s)| labels.contains(&s.label));
        let edits = known
            .into_iter()
            .map(|(doc, span)| Edit::AddSuggestion { doc, span })
            .collect();
        let n = self.apply_each_as_one_step(edits);
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
