//! [`Edit`] and the one function that applies it.

use serde::{Deserialize, Serialize};

pub use super::error::EditError;
use crate::model::{Conflict, Dataset, Document, Span, Status};

/// One change to a dataset. Documents are named by their index in
/// `Dataset::documents` (documents are never added or removed by edits);
/// spans by their start, end and label, which are unique within a list.
/// Serializable, so the journal can record it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Edit {
    /// Add an accepted span.
    AddSpan {
        /// Document index.
        doc: usize,
        /// The span to add.
        span: Span,
    },
    /// Remove an accepted span.
    RemoveSpan {
        /// Document index.
        doc: usize,
        /// The span to remove (matched by start, end, label).
        span: Span,
    },
    /// Give an accepted span another label.
    Relabel {
        /// Document index.
        doc: usize,
        /// The span as it is now.
        span: Span,
        /// Its new label.
        label: String,
    },
    /// Set or clear an accepted span's note.
    SetNote {
        /// Document index.
        doc: usize,
        /// The span as it is now.
        span: Span,
        /// The new note.
        note: Option<String>,
    },
    /// Add a pending suggestion.
    AddSuggestion {
        /// Document index.
        doc: usize,
        /// The suggestion.
        span: Span,
    },
    /// Remove a pending suggestion without deciding on it.
    RemoveSuggestion {
        /// Document index.
        doc: usize,
        /// The suggestion.
        span: Span,
    },
    /// Turn a pending suggestion into an accepted span (keeping its origin).
    AcceptSuggestion {
        /// Document index.
        doc: usize,
        /// The suggestion.
        span: Span,
    },
    /// Move a pending suggestion to the rejected list, so it is never
    /// proposed again.
    RejectSuggestion {
        /// Document index.
        doc: usize,
        /// The suggestion.
        span: Span,
    },
    /// Put a rejected suggestion back in the pending list.
    Unreject {
        /// Document index.
        doc: usize,
        /// The rejected suggestion.
        span: Span,
    },
    /// Set a document's workflow status.
    SetStatus {
        /// Document index.
        doc: usize,
        /// The new status.
        status: Status,
    },
    /// Add an open conflict between annotators (undoing its resolution).
    AddConflict {
        /// Document index.
        doc: usize,
        /// The conflict.
        conflict: Conflict,
    },
    /// Remove an open conflict (resolving it; the spans taken are added by
    /// separate edits in the same group).
    RemoveConflict {
        /// Document index.
        doc: usize,
        /// The conflict, matched by value.
        conflict: Conflict,
    },
    /// Several edits applied as one: all of them or none.
    Group(Vec<Self>),
    /// A change to the label set (renames and merges reach every document).
    Labels(super::LabelEdit),
}

/// Which span list of a document an edit touches.
#[derive(Clone, Copy)]
enum List {
    Spans,
    Suggestions,
    Rejected,
}

impl Edit {
    /// Applies the edit to `dataset` and returns the edit that undoes it.
    /// On error the dataset is left exactly as it was.
    pub fn apply(self, dataset: &mut Dataset) -> Result<Self, EditError> {
        match self {
            Self::AddSpan { doc, span } => {
                check_new(dataset, doc, &span, List::Spans)?;
                insert(doc_mut(dataset, doc)?, List::Spans, span.clone());
                Ok(Self::RemoveSpan { doc, span })
            }
            Self::RemoveSpan { doc, span } => {
                let removed = remove(doc_mut(dataset, doc)?, List::Spans, &span)?;
                Ok(Self::AddSpan { doc, span: removed })
            }
            Self::Relabel { doc, span, label } => relabel(dataset, doc, &span, label),
            Self::SetNote { doc, span, note } => {
                let document = doc_mut(dataset, doc)?;
                let i = find(document, List::Spans, &span)?;
                let old = std::mem::replace(&mut document.spans[i].note, note);
                let span = document.spans[i].clone();
                Ok(Self::SetNote {
                    doc,
                    span,
                    note: old,
                })
            }
            Self::AddSuggestion { doc, span } => {
                check_new(dataset, doc, &span, List::Suggestions)?;
                insert(doc_mut(dataset, doc)?, List::Suggestions, span.clone());
                Ok(Self::RemoveSuggestion { doc, span })
            }
            Self::RemoveSuggestion { doc, span } => {
                let removed = remove(doc_mut(dataset, doc)?, List::Suggestions, &span)?;
                Ok(Self::AddSuggestion { doc, span: removed })
            }
            Self::AcceptSuggestion { doc, span } => accept(dataset, doc, &span),
            Self::RejectSuggestion { doc, span } => {
                let document = doc_mut(dataset, doc)?;
                let i = find(document, List::Suggestions, &span)?;
                let rejected = document.suggestions.remove(i);
                if find(document, List::Rejected, &rejected).is_err() {
                    insert(document, List::Rejected, rejected.clone());
                }
                Ok(Self::Unreject {
                    doc,
                    span: rejected,
                })
            }
            Self::Unreject { doc, span } => {
                let document = doc_mut(dataset, doc)?;
                let i = find(document, List::Rejected, &span)?;
                if find(document, List::Suggestions, &span).is_ok() {
                    return Err(EditError::Duplicate(span));
                }
                let restored = document.rejected.remove(i);
                insert(document, List::Suggestions, restored.clone());
                Ok(Self::RejectSuggestion {
                    doc,
                    span: restored,
                })
            }
            Self::SetStatus { doc, status } => {
                let document = doc_mut(dataset, doc)?;
                let old = std::mem::replace(&mut document.status, status);
                Ok(Self::SetStatus { doc, status: old })
            }
            Self::AddConflict { doc, conflict } => add_conflict(dataset, doc, conflict),
            Self::RemoveConflict { doc, conflict } => remove_conflict(dataset, doc, &conflict),
            Self::Labels(edit) => edit.apply(dataset).map(Self::Labels),
            Self::Group(edits) => {
                let mut undo = Vec::with_capacity(edits.len());
                for edit in edits {
                    match edit.apply(dataset) {
                        Ok(inverse) => undo.push(inverse),
                        Err(err) => {
                            roll_back(dataset, undo);
                            return Err(err);
                        }
                    }
                }
                undo.reverse();
                Ok(Self::Group(undo))
            }
        }
    }

    /// The indexes of the documents this edit touches, sorted, without repeats.
    pub fn documents(&self) -> Vec<usize> {
        let mut out = Vec::new();
        self.collect_documents(&mut out);
        out.sort_unstable();
        out.dedup();
        out
    }

    fn collect_documents(&self, out: &mut Vec<usize>) {
        match self {
            Self::Group(edits) => edits.iter().for_each(|e| e.collect_documents(out)),
            Self::Labels(_) => {}
            Self::AddSpan { doc, .. }
            | Self::RemoveSpan { doc, .. }
            | Self::Relabel { doc, .. }
            | Self::SetNote { doc, .. }
            | Self::AddSuggestion { doc, .. }
            | Self::RemoveSuggestion { doc, .. }
            | Self::AcceptSuggestion { doc, .. }
            | Self::RejectSuggestion { doc, .. }
            | Self::Unreject { doc, .. }
            | Self::SetStatus { doc, .. }
            | Self::AddConflict { doc, .. }
            | Self::RemoveConflict { doc, .. } => out.push(*doc),
        }
    }

    /// True for a group with nothing in it.
    pub fn is_empty_group(&self) -> bool {
        matches!(self, Self::Group(edits) if edits.iter().all(Self::is_empty_group))
    }
}

fn add_conflict(dataset: &mut Dataset, doc: usize, conflict: Conflict) -> Result<Edit, EditError> {
    let document = doc_mut(dataset, doc)?;
    if conflict.start >= conflict.end || conflict.end.0 > document.char_len() {
        return Err(EditError::ConflictOutOfBounds(
            conflict.start.0,
            conflict.end.0,
        ));
    }
    let at = document
        .conflicts
        .partition_point(|c| (c.start, c.end) <= (conflict.start, conflict.end));
    document.conflicts.insert(at, conflict.clone());
    Ok(Edit::RemoveConflict { doc, conflict })
}

fn remove_conflict(
    dataset: &mut Dataset,
    doc: usize,
    conflict: &Conflict,
) -> Result<Edit, EditError> {
    let document = doc_mut(dataset, doc)?;
    let i = document
        .conflicts
        .iter()
        .position(|c| c == conflict)
        .ok_or(EditError::ConflictNotFound(
            conflict.start.0,
            conflict.end.0,
        ))?;
    let conflict = document.conflicts.remove(i);
    Ok(Edit::AddConflict { doc, conflict })
}

fn relabel(
    dataset: &mut Dataset,
    doc: usize,
    span: &Span,
    label: String,
) -> Result<Edit, EditError> {
    if !dataset.labels.contains(&label) {
        return Err(EditError::UnknownLabel(label));
    }
    let document = doc_mut(dataset, doc)?;
    let i = find(document, List::Spans, span)?;
    let mut relabelled = document.spans[i].clone();
    let old = std::mem::replace(&mut relabelled.label, label.into()).into_string();
    if document
        .spans
        .iter()
        .any(|s| s.same_place_and_label(&relabelled))
    {
        return Err(EditError::Duplicate(relabelled));
    }
    document.spans.remove(i);
    insert(document, List::Spans, relabelled.clone());
    Ok(Edit::Relabel {
        doc,
        span: relabelled,
        label: old,
    })
}

fn accept(dataset: &mut Dataset, doc: usize, span: &Span) -> Result<Edit, EditError> {
    let document = doc_mut(dataset, doc)?;
    let i = find(document, List::Suggestions, span)?;
    let accepted = document.suggestions[i].clone();
    check_new(dataset, doc, &accepted, List::Spans)?;
    let document = doc_mut(dataset, doc)?;
    document.suggestions.remove(i);
    insert(document, List::Spans, accepted.clone());
    Ok(Edit::Group(vec![
        Edit::RemoveSpan {
            doc,
            span: accepted.clone(),
        },
        Edit::AddSuggestion {
            doc,
            span: accepted,
        },
    ]))
}

/// Undoes already-applied edits (given as their inverses, in apply order).
fn roll_back(dataset: &mut Dataset, applied_inverses: Vec<Edit>) {
    for inverse in applied_inverses.into_iter().rev() {
        // An inverse of an edit that just applied always applies.
        let result = inverse.apply(dataset);
        debug_assert!(result.is_ok(), "rolling back a group failed: {result:?}");
    }
}

fn doc_mut(dataset: &mut Dataset, doc: usize) -> Result<&mut Document, EditError> {
    dataset
        .documents
        .get_mut(doc)
        .ok_or(EditError::NoSuchDocument(doc))
}

fn list(document: &Document, list: List) -> &Vec<Span> {
    match list {
        List::Spans => &document.spans,
        List::Suggestions => &document.suggestions,
        List::Rejected => &document.rejected,
    }
}

fn list_mut(document: &mut Document, list: List) -> &mut Vec<Span> {
    match list {
        List::Spans => &mut document.spans,
        List::Suggestions => &mut document.suggestions,
        List::Rejected => &mut document.rejected,
    }
}

/// Checks that `span` may be added to `which` of document `doc`.
fn check_new(dataset: &Dataset, doc: usize, span: &Span, which: List) -> Result<(), EditError> {
    let document = dataset
        .documents
        .get(doc)
        .ok_or(EditError::NoSuchDocument(doc))?;
    if span.start >= span.end || span.end.0 > document.char_len() {
        return Err(EditError::OutOfBounds {
            span: span.clone(),
            len: document.char_len(),
        });
    }
    if !dataset.labels.contains(&span.label) {
        return Err(EditError::UnknownLabel(span.label.to_string()));
    }
    let spans = list(document, which);
    if find(document, which, span).is_ok() {
        return Err(EditError::Duplicate(span.clone()));
    }
    if matches!(which, List::Spans) && !dataset.labels.allow_overlap {
        // Accepted spans are sorted and do not overlap each other, so their
        // ends rise with their starts: only the last one starting before
        // `span.end` can reach into `span`.
        let upto = spans.partition_point(|s| s.start < span.end);
        if let Some(hit) = upto
            .checked_sub(1)
            .map(|i| &spans[i])
            .filter(|s| s.overlaps(span))
        {
            return Err(EditError::Overlap(hit.clone()));
        }
    }
    Ok(())
}

fn find(document: &Document, which: List, span: &Span) -> Result<usize, EditError> {
    let spans = list(document, which);
    let key = span.sort_key();
    spans
        .binary_search_by(|s| s.sort_key().cmp(&key))
        .or_else(|_| {
            // Lists read from files are sorted on load; fall back to a scan
            // in case one is not.
            spans
                .iter()
                .position(|s| s.same_place_and_label(span))
                .ok_or(())
        })
        .map_err(|()| EditError::NotFound(span.clone()))
}

fn insert(document: &mut Document, which: List, span: Span) {
    let spans = list_mut(document, which);
    let key = span.sort_key();
    let at = spans.partition_point(|s| s.sort_key() < key);
    spans.insert(at, span);
}

fn remove(document: &mut Document, which: List, span: &Span) -> Result<Span, EditError> {
    let i = find(document, which, span)?;
    Ok(list_mut(document, which).remove(i))
}

#[cfg(test)]
#[path = "apply_tests.rs"]
mod tests;
