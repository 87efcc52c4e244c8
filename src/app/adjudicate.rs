//! Adjudication (the [`Mode::Adjudicate`] walker): walking the open
//! conflicts of a merged dataset and resolving each with a key. Every
//! resolution is one edit (undoable).

use super::mode::Walker;
use super::review::refused;
use super::{App, Command, Mode, Selection};
use crate::edit::Edit;
use crate::model::{Conflict, Dataset, Status};

/// Open conflicts in the whole dataset.
pub fn conflicts_left(dataset: &Dataset) -> usize {
    dataset.documents.iter().map(|d| d.conflicts.len()).sum()
}

impl App {
    /// Starts or stops adjudicating.
    pub(super) fn toggle_adjudication(&mut self) {
        if matches!(self.mode, Mode::Adjudicate(_)) {
            self.mode = Mode::Annotate;
            self.view.focus = None;
            self.message = Some("Adjudication stopped".into());
            return;
        }
        self.view.focus = None;
        let walker = Walker::<Conflict>::default();
        let first = walker.next(self.ws.dataset(), self.current, 0);
        self.mode = Mode::Adjudicate(walker);
        self.show_conflict(first);
    }

    fn show_conflict(&mut self, next: Option<(usize, Conflict)>) {
        if let Some((doc, conflict)) = &next {
            if *doc != self.current {
                self.go_to(*doc);
            }
            self.view.scroll_to(conflict.start.0);
            self.view.selected_span = None;
            self.view.selection = Some(Selection::of(conflict.start.0..conflict.end.0));
        } else {
            self.view.selection = None;
        }
        if let Mode::Adjudicate(walker) = &mut self.mode {
            walker.current = next;
            walker.paused = false;
        }
    }

    /// Acts on an adjudication key.
    pub(super) fn adjudication_command(&mut self, command: &Command) {
        let Mode::Adjudicate(walker) = &mut self.mode else {
            return;
        };
        if *command == Command::UndoDecision {
            match walker.take_undoable(self.ws.revision()) {
                Ok(decision) => {
                    let _ = self.ws.undo();
                    self.show_conflict(Some((decision.doc, decision.item)));
                }
                Err(why) => self.message = Some(refused(&why)),
            }
            return;
        }
        let Some((doc, conflict)) = walker.current.clone() else {
            // Space after resolving by hand: on to the next conflict.
            if *command == Command::Skip {
                let next = walker.next(self.ws.dataset(), self.current, 0);
                self.show_conflict(next);
            }
            return;
        };
        if *command == Command::Skip {
            walker.skip(doc, &conflict);
            let next = walker.next(self.ws.dataset(), doc, 0);
            self.show_conflict(next);
            return;
        }
        let take = match command {
            Command::TakeVersion(i) => Some(*i),
            _ => None,
        };
        if take.is_some_and(|i| i >= conflict.versions.len()) {
            self.message = Some(format!(
                "This conflict has {} versions",
                conflict.versions.len()
            ));
            return;
        }
        let mut edits = vec![Edit::RemoveConflict {
            doc,
            conflict: conflict.clone(),
        }];
        if let Some(i) = take {
            edits.extend(conflict.versions[i].spans.iter().map(|span| Edit::AddSpan {
                doc,
                span: span.clone(),
            }));
        }
        let document = &self.ws.dataset().documents[doc];
        if document.conflicts.len() == 1 && document.status != Status::Done {
            // The last conflict of a document: the document is adjudicated.
            edits.push(Edit::SetStatus {
                doc,
                status: Status::Done,
            });
        }
        if !self.apply(Edit::Group(edits)) {
            return;
        }
        let revision = self.ws.revision();
        if let Mode::Adjudicate(walker) = &mut self.mode {
            walker.decided(doc, conflict.clone(), revision);
        }
        if *command == Command::ResolveByHand {
            // Leave the region selected to label by hand; stay here.
            if let Mode::Adjudicate(walker) = &mut self.mode {
                walker.current = None;
                walker.paused = true;
            }
            self.view.selection = Some(Selection::of(conflict.start.0..conflict.end.0));
            return;
        }
        let next = match &self.mode {
            Mode::Adjudicate(walker) => walker.next(self.ws.dataset(), doc, 0),
            _ => None,
        };
        self.show_conflict(next);
    }
}
