//! Edits of the label set: add, remove an unused label, change a label's
//! colour / hotkey / guideline, rename and merge (over every span,
//! suggestion, rejected suggestion and conflict of the dataset), reorder.
//! Each applies and returns its inverse, like every [`super::Edit`].

use serde::{Deserialize, Serialize};

use super::EditError;
use crate::model::{Dataset, Document, Label, Span};

/// One change to the label set.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LabelEdit {
    /// Insert a new label at `index` (at the end when past it).
    Add {
        /// Its place in the palette.
        index: usize,
        /// The label.
        label: Label,
    },
    /// Remove a label no span, suggestion or conflict uses.
    Remove {
        /// The label's name.
        name: String,
    },
    /// Change a label's colour, hotkey and guideline (not its name).
    Update {
        /// The label as it is to be; matched by name.
        label: Label,
    },
    /// Rename a label and every span, suggestion, rejected suggestion and
    /// conflict version that has it.
    Rename {
        /// The current name.
        from: String,
        /// The new name (no label may have it yet).
        to: String,
    },
    /// Move the label at `from` to position `to` in the palette.
    Move {
        /// Its index now.
        from: usize,
        /// Its index after.
        to: usize,
    },
    /// Give every span, suggestion, rejected suggestion and conflict
    /// version of label `from` the label `into` (dropping those that would
    /// duplicate one already there), then remove `from`.
    Merge {
        /// The label that goes away.
        from: String,
        /// The label that takes its spans.
        into: String,
    },
    /// Undoes a merge: the label comes back, and its spans with it.
    Unmerge {
        /// The merged label, as it was.
        label: Label,
        /// Its index in the palette.
        index: usize,
        /// The label it was merged into.
        into: String,
        /// Every span the merge changed or dropped.
        moved: Vec<Moved>,
    },
}

/// A span a merge changed: where it was and whether it was dropped as a
/// duplicate of one already there.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Moved {
    /// Document index.
    pub doc: usize,
    /// Which list.
    pub list: Place,
    /// The span before the merge (with the merged label).
    pub span: Span,
    /// True when it was removed, not relabelled.
    pub dropped: bool,
}

/// A list of spans in a document.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Place {
    /// Accepted spans.
    Spans,
    /// Pending suggestions.
    Suggestions,
    /// Rejected suggestions.
    Rejected,
    /// Span `index` of version `version` of conflict `conflict`.
    Conflict {
        /// Conflict index.
        conflict: usize,
        /// Version index.
        version: usize,
        /// Span index in the version.
        index: usize,
    },
}

const LISTS: [Place; 3] = [Place::Spans, Place::Suggestions, Place::Rejected];

fn list_mut(doc: &mut Document, place: Place) -> Option<&mut Vec<Span>> {
    match place {
        Place::Spans => Some(&mut doc.spans),
        Place::Suggestions => Some(&mut doc.suggestions),
        Place::Rejected => Some(&mut doc.rejected),
        Place::Conflict { .. } => None,
    }
}

fn sort(spans: &mut [Span]) {
    spans.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
}

/// Every span of a label in a dataset: accepted, pending, rejected and in
/// conflicts.
pub fn label_uses(dataset: &Dataset, name: &str) -> usize {
    dataset
        .documents
        .iter()
        .map(|doc| {
            let lists = [&doc.spans, &doc.suggestions, &doc.rejected];
            let in_lists: usize = lists
                .iter()
                .map(|l| l.iter().filter(|s| s.label == name).count())
                .sum();
            let in_conflicts: usize = doc
                .conflicts
                .iter()
                .flat_map(|c| &c.versions)
                .map(|v| v.spans.iter().filter(|s| s.label == name).count())
                .sum();
            in_lists + in_conflicts
        })
        .sum()
}

/// A label name spanlab can write in every format: not empty, no spaces.
fn check_name(dataset: &Dataset, name: &str) -> Result<(), EditError> {
    if name.is_empty() || name.chars().any(char::is_whitespace) {
        return Err(EditError::BadLabelName(name.to_owned()));
    }
    if dataset.labels.contains(name) {
        return Err(EditError::LabelExists(name.to_owned()));
    }
    Ok(())
}

/// The hotkey is a letter or digit no other label has.
fn check_hotkey(dataset: &Dataset, label: &Label) -> Result<(), EditError> {
    let Some(key) = label.hotkey else {
        return Ok(());
    };
    if !key.is_ascii_alphanumeric() {
        return Err(EditError::BadHotkey(key));
    }
    match dataset.labels.by_hotkey(key) {
        Some(other) if other.name != label.name => Err(EditError::HotkeyTaken {
            key,
            label: other.name.clone(),
        }),
        _ => Ok(()),
    }
}

fn index_of(dataset: &Dataset, name: &str) -> Result<usize, EditError> {
    dataset
        .labels
        .labels
        .iter()
        .position(|l| l.name == name)
        .ok_or_else(|| EditError::UnknownLabel(name.to_owned()))
}

impl LabelEdit {
    /// Applies the edit and returns the one that undoes it; on error the
    /// dataset is unchanged.
    pub fn apply(self, dataset: &mut Dataset) -> Result<Self, EditError> {
        match self {
            Self::Add { index, label } => {
                check_name(dataset, &label.name)?;
                check_hotkey(dataset, &label)?;
                let name = label.name.clone();
                let index = index.min(dataset.labels.labels.len());
                dataset.labels.labels.insert(index, label);
                Ok(Self::Remove { name })
            }
            Self::Remove { name } => {
                let index = index_of(dataset, &name)?;
                let uses = label_uses(dataset, &name);
                if uses > 0 {
                    return Err(EditError::LabelInUse { label: name, uses });
                }
                let label = dataset.labels.labels.remove(index);
                Ok(Self::Add { index, label })
            }
            Self::Update { label } => {
                let index = index_of(dataset, &label.name)?;
                check_hotkey(dataset, &label)?;
                let old = std::mem::replace(&mut dataset.labels.labels[index], label);
                Ok(Self::Update { label: old })
            }
            Self::Rename { from, to } => {
                let index = index_of(dataset, &from)?;
                check_name(dataset, &to)?;
                dataset.labels.labels[index].name.clone_from(&to);
                relabel_everywhere(dataset, &from, &to);
                Ok(Self::Rename { from: to, to: from })
            }
            Self::Move { from, to } => {
                let n = dataset.labels.labels.len();
                if from >= n || to >= n {
                    return Err(EditError::NoSuchLabelIndex(from.max(to)));
                }
                let label = dataset.labels.labels.remove(from);
                dataset.labels.labels.insert(to, label);
                Ok(Self::Move { from: to, to: from })
            }
            Self::Merge { from, into } => merge(dataset, &from, &into),
            Self::Unmerge {
                label,
                index,
                into,
                moved,
            } => unmerge(dataset, label, index, into, moved),
        }
    }
}

fn relabel_everywhere(dataset: &mut Dataset, from: &str, to: &str) {
    for doc in &mut dataset.documents {
        for place in LISTS {
            if let Some(list) = list_mut(doc, place)
                && list.iter().any(|s| s.label == from)
            {
                for span in list.iter_mut().filter(|s| s.label == from) {
                    span.label = to.into();
                }
                sort(list);
            }
        }
        for span in doc
            .conflicts
            .iter_mut()
            .flat_map(|c| &mut c.versions)
            .flat_map(|v| &mut v.spans)
            .filter(|s| s.label == from)
        {
            span.label = to.into();
        }
    }
}

fn merge(dataset: &mut Dataset, from: &str, into: &str) -> Result<LabelEdit, EditError> {
    let index = index_of(dataset, from)?;
    index_of(dataset, into)?;
    if from == into {
        return Err(EditError::LabelExists(into.to_owned()));
    }
    let mut moved = Vec::new();
    for (d, doc) in dataset.documents.iter_mut().enumerate() {
        for place in LISTS {
            let Some(list) = list_mut(doc, place) else {
                continue;
            };
            if !list.iter().any(|s| s.label == from) {
                continue;
            }
            let old = std::mem::take(list);
            let mut kept: Vec<Span> = Vec::with_capacity(old.len());
            for span in &old {
                if span.label != from {
                    kept.push(span.clone());
                }
            }
            for span in old.into_iter().filter(|s| s.label == from) {
                let mut relabelled = span.clone();
                relabelled.label = into.into();
                let dropped = kept.iter().any(|s| s.same_place_and_label(&relabelled));
                if !dropped {
                    kept.push(relabelled);
                }
                moved.push(Moved {
                    doc: d,
                    list: place,
                    span,
                    dropped,
                });
            }
            sort(&mut kept);
            *list = kept;
        }
        for (c, conflict) in doc.conflicts.iter_mut().enumerate() {
            for (v, version) in conflict.versions.iter_mut().enumerate() {
                for (i, span) in version.spans.iter_mut().enumerate() {
                    if span.label == from {
                        let original = span.clone();
                        span.label = into.into();
                        moved.push(Moved {
                            doc: d,
                            list: Place::Conflict {
                                conflict: c,
                                version: v,
                                index: i,
                            },
                            span: original,
                            dropped: false,
                        });
                    }
                }
            }
        }
    }
    let label = dataset.labels.labels.remove(index);
    Ok(LabelEdit::Unmerge {
        label,
        index,
        into: into.to_owned(),
        moved,
    })
}

fn unmerge(
    dataset: &mut Dataset,
    label: Label,
    index: usize,
    into: String,
    moved: Vec<Moved>,
) -> Result<LabelEdit, EditError> {
    check_name(dataset, &label.name)?;
    index_of(dataset, &into)?;
    if moved.iter().any(|m| m.doc >= dataset.documents.len()) {
        return Err(EditError::NoSuchDocument(dataset.documents.len()));
    }
    let from = label.name.clone();
    for m in moved {
        let doc = &mut dataset.documents[m.doc];
        if let Place::Conflict {
            conflict,
            version,
            index,
        } = m.list
        {
            if let Some(span) = doc
                .conflicts
                .get_mut(conflict)
                .and_then(|c| c.versions.get_mut(version))
                .and_then(|v| v.spans.get_mut(index))
            {
                *span = m.span;
            }
            continue;
        }
        let Some(list) = list_mut(doc, m.list) else {
            continue;
        };
        if !m.dropped {
            let mut relabelled = m.span.clone();
            relabelled.label = into.as_str().into();
            list.retain(|s| !s.same_place_and_label(&relabelled));
        }
        list.push(m.span);
    }
    for doc in &mut dataset.documents {
        for place in LISTS {
            if let Some(list) = list_mut(doc, place) {
                sort(list);
            }
        }
    }
    let index = index.min(dataset.labels.labels.len());
    dataset.labels.labels.insert(index, label);
    Ok(LabelEdit::Merge { from, into })
}

#[cfg(test)]
#[path = "labels_tests.rs"]
mod tests;
