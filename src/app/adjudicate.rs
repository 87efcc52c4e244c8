//! Adjudication: walking the open conflicts of a merged dataset, showing
//! each annotator's version, and resolving each with a key. Every
//! resolution is one edit (undoable).

use std::collections::HashSet;

use egui::{Color32, RichText, Ui};

use super::{App, Command, theme};
use crate::edit::Edit;
use crate::model::{Conflict, Dataset, Status};

/// Where the adjudication is.
#[derive(Debug, Default)]
pub struct Adjudication {
    /// The conflict shown: (document index, conflict).
    pub current: Option<(usize, Conflict)>,
    /// Conflicts skipped in this pass: (document, start, end).
    skipped: HashSet<(usize, usize, usize)>,
    /// Resolutions made, newest last, for Backspace.
    decisions: Vec<(usize, Conflict)>,
}

impl Adjudication {
    /// The first open conflict at or after document `doc` in reading order,
    /// wrapping around, that was not skipped.
    fn next(&self, dataset: &Dataset, doc: usize) -> Option<(usize, Conflict)> {
        let n = dataset.documents.len();
        (0..n).map(|k| (doc + k) % n).find_map(|d| {
            dataset.documents[d]
                .conflicts
                .iter()
                .find(|c| !self.skipped.contains(&(d, c.start.0, c.end.0)))
                .map(|c| (d, c.clone()))
        })
    }
}

/// Open conflicts in the whole dataset.
pub fn conflicts_left(dataset: &Dataset) -> usize {
    dataset.documents.iter().map(|d| d.conflicts.len()).sum()
}

impl App {
    /// Starts or stops adjudicating.
    pub(super) fn toggle_adjudication(&mut self) {
        if self.adjudication.take().is_some() {
            self.view.focus = None;
            self.message = Some("Adjudication stopped".into());
            return;
        }
        self.review = None;
        let adjudication = Adjudication::default();
        let first = adjudication.next(self.dataset(), self.current);
        self.adjudication = Some(adjudication);
        self.show_conflict(first);
    }

    fn show_conflict(&mut self, next: Option<(usize, Conflict)>) {
        let left = conflicts_left(self.dataset());
        if let Some((doc, conflict)) = next {
            if doc != self.current {
                self.go_to(doc);
            }
            self.view.scroll_to(conflict.start.0);
            self.view.selected_span = None;
            self.view.selection = Some(super::Selection::of(conflict.start.0..conflict.end.0));
            self.message = Some(format!(
                "Adjudicating ({left} conflicts left): 1–{} take a version, X reject all, Enter resolve by hand, Space skip, Backspace undo, Ctrl+K stop",
                conflict.versions.len().min(4)
            ));
            if let Some(a) = &mut self.adjudication {
                a.current = Some((doc, conflict));
            }
        } else {
            self.view.selection = None;
            if let Some(a) = &mut self.adjudication {
                a.current = None;
            }
            self.message = Some(if left == 0 {
                "No open conflicts (merge annotators' files with spanlab merge)".into()
            } else {
                format!("Every conflict was seen; {left} skipped are still open")
            });
        }
    }

    /// Acts on an adjudication key.
    pub(super) fn adjudication_command(&mut self, command: Command) {
        let Some(a) = &mut self.adjudication else {
            return;
        };
        if command == Command::UndoResolution {
            if let Some((doc, conflict)) = a.decisions.pop() {
                let _ = self.session.undo();
                self.show_conflict(Some((doc, conflict)));
            }
            return;
        }
        let Some((doc, conflict)) = a.current.clone() else {
            return;
        };
        if command == Command::SkipConflict {
            a.skipped.insert((doc, conflict.start.0, conflict.end.0));
            let next = a.next(self.session.dataset(), doc);
            self.show_conflict(next);
            return;
        }
        let take = match command {
            Command::TakeVersion1 => Some(0),
            Command::TakeVersion2 => Some(1),
            Command::TakeVersion3 => Some(2),
            Command::TakeVersion4 => Some(3),
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
        let document = &self.dataset().documents[doc];
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
        if let Some(a) = &mut self.adjudication {
            a.decisions.push((doc, conflict.clone()));
        }
        if command == Command::EditConflict {
            // Leave the region selected to label by hand; stay here.
            if let Some(a) = &mut self.adjudication {
                a.current = None;
            }
            self.view.selection = Some(super::Selection::of(conflict.start.0..conflict.end.0));
            self.message = Some(
                "Label the selected text by hand (label keys), then Space for the next conflict"
                    .into(),
            );
            return;
        }
        let next = self
            .adjudication
            .as_ref()
            .and_then(|a| a.next(self.dataset(), doc));
        self.show_conflict(next);
    }

    /// Space after resolving by hand: on to the next conflict.
    pub(super) fn adjudication_resume(&mut self) -> bool {
        let Some(a) = &self.adjudication else {
            return false;
        };
        if a.current.is_some() {
            return false;
        }
        let next = a.next(self.dataset(), self.current);
        self.show_conflict(next);
        true
    }
}

/// The side panel's adjudication section: each annotator's version of the
/// current conflict, with its key.
pub(super) fn conflict_panel(app: &mut App, ui: &mut Ui) {
    let Some(a) = &app.adjudication else {
        return;
    };
    let left = conflicts_left(app.dataset());
    ui.heading("Conflict");
    ui.label(format!("{left} conflicts left"));
    let Some((doc, conflict)) = &a.current else {
        return;
    };
    let dataset = app.session.dataset();
    let document = &dataset.documents[*doc];
    // The view's paragraph table slices in O(1) per frame, however far
    // into a long document the conflict is.
    app.view.prepare(*doc, document, app.generation);
    let view = &app.view;
    let slice = |s: usize, e: usize| view.slice(&document.text, s..e);
    ui.label(
        RichText::new(format!(
            "\u{201c}{}\u{201d}",
            slice(conflict.start.0, conflict.end.0)
        ))
        .strong(),
    );
    let mut chosen = None;
    for (i, version) in conflict.versions.iter().enumerate() {
        ui.horizontal_wrapped(|ui| {
            let key = if i < 4 {
                format!("{}", i + 1)
            } else {
                "-".into()
            };
            if ui
                .button(format!("{key}: {}", version.annotator))
                .on_hover_text("Take this version")
                .clicked()
                && i < 4
            {
                chosen = Some(i);
            }
            if version.spans.is_empty() {
                ui.label(RichText::new("no span").italics());
            }
            for span in &version.spans {
                let color = dataset
                    .labels
                    .get(&span.label)
                    .map_or(Color32::GRAY, |l| theme::color32(l.color));
                ui.label(
                    RichText::new(format!(
                        "{} {}",
                        span.label,
                        slice(span.start.0, span.end.0)
                    ))
                    .color(color),
                );
            }
        });
    }
    ui.horizontal(|ui| {
        if ui.button("Reject all (X)").clicked() {
            app.queue.push(Command::RejectConflict);
        }
        if ui.button("By hand (Enter)").clicked() {
            app.queue.push(Command::EditConflict);
        }
        if ui.button("Skip (Space)").clicked() {
            app.queue.push(Command::SkipConflict);
        }
    });
    if let Some(i) = chosen {
        app.queue.push(
            [
                Command::TakeVersion1,
                Command::TakeVersion2,
                Command::TakeVersion3,
                Command::TakeVersion4,
            ][i],
        );
    }
    ui.separator();
}
