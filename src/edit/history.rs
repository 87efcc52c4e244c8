//! Undo/redo: a linear list of applied edits with their inverses.

use crate::model::Dataset;

use super::{Edit, EditError};

/// One undoable step: the edit as applied and the edit that undoes it.
#[derive(Clone, Debug)]
struct Step {
    redo: Edit,
    undo: Edit,
    /// The revision the dataset is at after this step.
    revision: u64,
}

/// The undo/redo history of a dataset.
///
/// Every step gets a fresh revision number that is never reused, so
/// "modified" is simply `revision() != saved revision`, even after undoing
/// and making a different change. History is never saved to disk.
#[derive(Clone, Debug, Default)]
pub struct History {
    steps: Vec<Step>,
    /// Steps before the cursor are applied; from it on they can be redone.
    cursor: usize,
    last_revision: u64,
    /// Edits of the group being recorded, if any: (redo, undo) pairs.
    open_group: Option<Vec<(Edit, Edit)>>,
}

impl History {
    /// Applies `edit` to `dataset` and records it. On error nothing changes.
    pub fn apply(&mut self, dataset: &mut Dataset, edit: Edit) -> Result<(), EditError> {
        let undo = edit.clone().apply(dataset)?;
        if let Some(group) = &mut self.open_group {
            group.push((edit, undo));
        } else {
            self.push(edit, undo);
        }
        Ok(())
    }

    /// Starts recording a group: every edit applied until [`Self::end_group`]
    /// becomes one undo step.
    pub fn begin_group(&mut self) {
        if self.open_group.is_none() {
            self.open_group = Some(Vec::new());
        }
    }

    /// Ends the group started by [`Self::begin_group`]; an empty group adds no step.
    pub fn end_group(&mut self) {
        let Some(group) = self.open_group.take() else {
            return;
        };
        if group.is_empty() {
            return;
        }
        let (redo, mut undo): (Vec<Edit>, Vec<Edit>) = group.into_iter().unzip();
        undo.reverse();
        self.push(Edit::Group(redo), Edit::Group(undo));
    }

    fn push(&mut self, redo: Edit, undo: Edit) {
        self.steps.truncate(self.cursor);
        self.last_revision += 1;
        self.steps.push(Step {
            redo,
            undo,
            revision: self.last_revision,
        });
        self.cursor = self.steps.len();
    }

    /// Undoes the last step; returns the edit that was applied to undo it.
    pub fn undo(&mut self, dataset: &mut Dataset) -> Option<Edit> {
        self.end_group();
        let step = self.steps.get(self.cursor.checked_sub(1)?)?;
        let edit = step.undo.clone();
        // An inverse of an applied step always applies; if the dataset was
        // changed behind the history's back, refuse rather than corrupt.
        edit.clone().apply(dataset).ok()?;
        self.cursor -= 1;
        Some(edit)
    }

    /// Redoes the step after the cursor; returns the edit applied.
    pub fn redo(&mut self, dataset: &mut Dataset) -> Option<Edit> {
        self.end_group();
        let step = self.steps.get(self.cursor)?;
        let edit = step.redo.clone();
        edit.clone().apply(dataset).ok()?;
        self.cursor += 1;
        Some(edit)
    }

    /// True when there is a step to undo.
    pub fn can_undo(&self) -> bool {
        self.cursor > 0
    }

    /// True when there is a step to redo.
    pub fn can_redo(&self) -> bool {
        self.cursor < self.steps.len()
    }

    /// The revision the dataset is at: 0 before any edit, then a fresh
    /// number per step.
    pub fn revision(&self) -> u64 {
        self.cursor
            .checked_sub(1)
            .map_or(0, |i| self.steps[i].revision)
    }
}
