//! [`Session`]: a dataset, its undo history and the revision last saved.

use crate::model::Dataset;

use super::{Edit, EditError, History};

/// A dataset being worked on: what the GUI and the CLI both drive.
#[derive(Debug, Default)]
pub struct Session {
    dataset: Dataset,
    history: History,
    saved_revision: u64,
    /// Every edit applied (undo and redo included), kept for the journal
    /// while recording is on.
    applied: Option<Vec<Edit>>,
}

impl Session {
    /// A session on a dataset as loaded (not modified).
    pub fn new(dataset: Dataset) -> Self {
        Self {
            dataset,
            history: History::default(),
            saved_revision: 0,
            applied: None,
        }
    }

    /// The dataset, read-only: changes go through [`Self::apply`].
    pub fn dataset(&self) -> &Dataset {
        &self.dataset
    }

    /// Applies an edit and records it for undo.
    pub fn apply(&mut self, edit: Edit) -> Result<(), EditError> {
        match &mut self.applied {
            Some(applied) => {
                self.history.apply(&mut self.dataset, edit.clone())?;
                applied.push(edit);
                Ok(())
            }
            None => self.history.apply(&mut self.dataset, edit),
        }
    }

    /// From now on, keeps every edit applied to the dataset (including the
    /// edits that undo and redo apply) until [`Self::take_applied`]: what a
    /// journal needs to replay this session.
    pub fn record_applied(&mut self) {
        self.applied.get_or_insert_with(Vec::new);
    }

    /// The edits applied since the last call, in order.
    pub fn take_applied(&mut self) -> Vec<Edit> {
        self.applied
            .as_mut()
            .map(std::mem::take)
            .unwrap_or_default()
    }

    fn recorded(&mut self, edit: Option<Edit>) -> Option<Edit> {
        if let (Some(applied), Some(edit)) = (&mut self.applied, &edit) {
            applied.push(edit.clone());
        }
        edit
    }

    /// Starts a group of edits that undo as one step.
    pub fn begin_group(&mut self) {
        self.history.begin_group();
    }

    /// Ends the group started by [`Self::begin_group`].
    pub fn end_group(&mut self) {
        self.history.end_group();
    }

    /// Undoes the last step; returns the edit applied to undo it.
    pub fn undo(&mut self) -> Option<Edit> {
        let edit = self.history.undo(&mut self.dataset);
        self.recorded(edit)
    }

    /// Redoes the last undone step; returns the edit applied.
    pub fn redo(&mut self) -> Option<Edit> {
        let edit = self.history.redo(&mut self.dataset);
        self.recorded(edit)
    }

    /// The undo history.
    pub fn history(&self) -> &History {
        &self.history
    }

    /// The current revision (changes with every edit, undo and redo).
    pub fn revision(&self) -> u64 {
        self.history.revision()
    }

    /// True when the dataset differs from what was last saved or loaded.
    pub fn is_dirty(&self) -> bool {
        self.history.revision() != self.saved_revision
    }

    /// Records that the current revision is what is on disk.
    pub fn mark_saved(&mut self) {
        self.saved_revision = self.history.revision();
    }

    /// Gives the dataset back, ending the session.
    pub fn into_dataset(self) -> Dataset {
        self.dataset
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Document, LabelSet, Span, Status};

    fn session() -> Session {
        let mut dataset = Dataset::new(LabelSet::default());
        dataset
            .documents
            .push(Document::new("a", "Mike Pompeo flew to New York."));
        Session::new(dataset)
    }

    #[test]
    fn dirty_follows_the_saved_revision_through_undo_and_redo() {
        let mut s = session();
        assert!(!s.is_dirty());
        s.apply(Edit::AddSpan {
            doc: 0,
            span: Span::new(0, 11, "PERSON"),
        })
        .unwrap();
        assert!(s.is_dirty());
        s.mark_saved();
        assert!(!s.is_dirty());
        s.undo().unwrap();
        assert!(s.is_dirty(), "undoing past the save makes it dirty");
        s.redo().unwrap();
        assert!(!s.is_dirty(), "redoing back to the save is clean");
        s.undo().unwrap();
        s.apply(Edit::SetStatus {
            doc: 0,
            status: Status::Done,
        })
        .unwrap();
        assert!(
            s.is_dirty(),
            "a different change after undo is a new revision"
        );
        assert!(!s.history().can_redo(), "a new edit drops the redo branch");
    }

    #[test]
    fn recorded_edits_replay_to_the_same_dataset() {
        let mut s = session();
        let start = s.dataset().clone();
        s.record_applied();
        s.apply(Edit::AddSpan {
            doc: 0,
            span: Span::new(0, 11, "PERSON"),
        })
        .unwrap();
        s.apply(Edit::AddSpan {
            doc: 0,
            span: Span::new(0, 4, "PERSON"),
        })
        .unwrap_err();
        s.undo().unwrap();
        s.redo().unwrap();
        s.apply(Edit::SetStatus {
            doc: 0,
            status: Status::Done,
        })
        .unwrap();
        s.undo().unwrap();
        let applied = s.take_applied();
        assert_eq!(applied.len(), 5, "refused edits are not recorded");
        let mut replayed = start;
        for edit in applied {
            edit.apply(&mut replayed).unwrap();
        }
        assert_eq!(&replayed, s.dataset());
        assert!(s.take_applied().is_empty());
    }

    #[test]
    fn a_group_undoes_as_one_step() {
        let mut s = session();
        s.begin_group();
        s.apply(Edit::AddSpan {
            doc: 0,
            span: Span::new(0, 11, "PERSON"),
        })
        .unwrap();
        s.apply(Edit::AddSpan {
            doc: 0,
            span: Span::new(20, 28, "LOC"),
        })
        .unwrap();
        s.end_group();
        assert_eq!(s.dataset().documents[0].spans.len(), 2);
        s.undo().unwrap();
        assert!(s.dataset().documents[0].spans.is_empty(), "both undone");
        assert!(!s.history().can_undo());
        s.redo().unwrap();
        assert_eq!(s.dataset().documents[0].spans.len(), 2);
    }
}
