//! Reviewing suggestions one by one (the [`Mode::Review`] walker),
//! propagating a span to its other occurrences, and bulk decisions. Every
//! decision is an edit, so undo covers it.

use super::mode::{UndoRefused, Walker};
use super::transfer::ReportWindow;
use super::{App, Command, Mode};
use crate::edit::Edit;
use crate::formats::Report;
use crate::model::{Origin, Span, Status};
use crate::rules::propagate;
use crate::text::OffsetIndex;

impl App {
    /// Starts or stops reviewing.
    pub(super) fn toggle_review(&mut self) {
        if matches!(self.mode, Mode::Review(_)) {
            self.mode = Mode::Annotate;
            self.view.focus = None;
            self.message = Some("Review stopped".into());
            return;
        }
        let from = self.view.selection.as_ref().map_or(0, |s| s.range().start);
        let walker = Walker::<Span>::default();
        let first = walker.next(self.ws.dataset(), self.current, from);
        self.view.selection = None;
        self.mode = Mode::Review(walker);
        self.show_suggestion(first);
    }

    /// Puts `next` on screen (or, `None`, says every suggestion was seen).
    pub(super) fn show_suggestion(&mut self, next: Option<(usize, Span)>) {
        if let Some((doc, span)) = &next {
            if *doc != self.current {
                self.go_to(*doc);
            }
            self.view.scroll_to(span.start.0);
            self.view.selection = None;
            self.view.selected_span = None;
            self.view.focus = Some(span.clone());
        } else {
            self.view.focus = None;
        }
        if let Mode::Review(walker) = &mut self.mode {
            walker.current = next;
        }
    }

    /// Acts on a review key.
    pub(super) fn review_command(&mut self, command: &Command) {
        let Mode::Review(walker) = &mut self.mode else {
            return;
        };
        if *command == Command::UndoDecision {
            match walker.take_undoable(self.ws.revision()) {
                Ok(decision) => {
                    let _ = self.ws.undo();
                    self.show_suggestion(Some((decision.doc, decision.item)));
                }
                Err(why) => self.message = Some(refused(&why)),
            }
            return;
        }
        let Some((doc, span)) = walker.current.clone() else {
            return;
        };
        match command {
            Command::Accept | Command::Reject => {
                let decision = if *command == Command::Accept {
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
                if self.ws.dataset().documents[doc].status == Status::New {
                    edits.push(Edit::SetStatus {
                        doc,
                        status: Status::InProgress,
                    });
                }
                let applied = self.apply(Edit::Group(edits));
                let revision = self.ws.revision();
                if let Mode::Review(walker) = &mut self.mode {
                    if applied {
                        walker.decided(doc, span.clone(), revision);
                    } else {
                        walker.skip(doc, &span);
                    }
                }
            }
            Command::Skip => walker.skip(doc, &span),
            Command::AcceptAllLikeThis => {
                let n = self.accept_all_like(doc, &span);
                let revision = self.ws.revision();
                if n > 0
                    && let Mode::Review(walker) = &mut self.mode
                {
                    walker.decided(doc, span.clone(), revision);
                }
                self.message = Some(format!("Accepted {n} suggestions like this one"));
            }
            _ => return,
        }
        let next = match &self.mode {
            Mode::Review(walker) => walker.next(self.ws.dataset(), doc, span.start.0),
            _ => None,
        };
        self.show_suggestion(next);
    }

    /// Accepts every pending suggestion with the text and label of `span`,
    /// in every document, as one undo step. Returns how many.
    fn accept_all_like(&mut self, doc: usize, span: &Span) -> usize {
        let dataset = self.ws.dataset();
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
        self.ws.apply_each_as_one_step(edits)
    }

    /// Accepts or rejects every pending suggestion of a rule (or label).
    pub(super) fn decide_all(
        &mut self,
        accept: bool,
        rule: Option<&str>,
        label: Option<&str>,
    ) -> usize {
        let edits: Vec<Edit> = self
            .ws
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
        self.ws.apply_each_as_one_step(edits)
    }

    /// Propagates the selected span to the other occurrences of its text.
    pub(super) fn propagate_selected(&mut self, whole_dataset: bool, accept: bool) {
        let Some(span) = self.view.selected_span.clone() else {
            self.message =
                Some("Click a span first: its text and label are what is propagated".into());
            return;
        };
        let dataset = self.ws.dataset();
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
        let n = self.ws.apply_each_as_one_step(edits);
        let verb = if accept { "labelled" } else { "suggested" };
        self.message = Some(format!(
            "{text:?}: {n} other occurrences {verb} {}; {} overlap accepted spans",
            span.label,
            found.blocked.len()
        ));
        if !found.blocked.is_empty() {
            let mut report = Report::default();
            for (d, s, e) in &found.blocked {
                let id = &self.ws.dataset().documents[*d].id;
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
}

/// Why Backspace did nothing, for the status bar.
pub(super) fn refused(why: &UndoRefused) -> String {
    match why {
        UndoRefused::NoDecision => "No decision to undo in this pass".into(),
        UndoRefused::NotLatest => "The last decision is no longer the latest change (something else was changed after it): Ctrl+Z undoes changes one by one".into(),
    }
}
