//! Review with a label key: the suggestion under review is accepted under
//! the label whose key was pressed (relabel and accept in one step, one
//! undoable edit; Backspace undoes it as a decision).

use super::{App, Mode};
use crate::edit::Edit;
use crate::model::{Span, Status};

impl App {
    /// While reviewing a suggestion: accepts it as `label` and moves on.
    /// Returns false when not reviewing one, or when text or a span is
    /// selected (the label key then labels that, as it does elsewhere).
    pub(super) fn relabel_accept(&mut self, label: &str) -> bool {
        let Mode::Review(walker) = &self.mode else {
            return false;
        };
        if self.view.selection.is_some() || self.view.selected_span.is_some() {
            return false;
        }
        let Some((doc, span)) = walker.current.clone() else {
            return false;
        };
        let Some(document) = self.ws.dataset().documents.get(doc) else {
            return false;
        };
        let relabelled = Span {
            label: label.into(),
            ..span.clone()
        };
        let mut edits = Vec::new();
        if relabelled.label != span.label {
            edits.push(Edit::RemoveSuggestion {
                doc,
                span: span.clone(),
            });
            edits.push(Edit::AddSuggestion {
                doc,
                span: relabelled.clone(),
            });
        }
        edits.push(Edit::AcceptSuggestion {
            doc,
            span: relabelled,
        });
        if document.status == Status::New {
            edits.push(Edit::SetStatus {
                doc,
                status: Status::InProgress,
            });
        }
        let applied = self.apply(Edit::Group(edits));
        let revision = self.ws.revision();
        let Mode::Review(walker) = &mut self.mode else {
            return true;
        };
        if applied {
            walker.decided(doc, span.clone(), revision);
            self.message = Some(format!("Accepted as {label}"));
        } else {
            walker.skip(doc, &span);
        }
        let next = walker.next(self.ws.dataset(), doc, span.start.0);
        self.show_suggestion(next);
        true
    }
}
