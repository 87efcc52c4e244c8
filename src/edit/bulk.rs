//! Bulk edits over spans picked across the dataset (the span table): one
//! [`Edit::Group`], so one undo step, however many documents it touches.

use super::Edit;
use crate::model::Span;

/// Gives every picked accepted span `label` (spans that have it already
/// are left out). `picked` holds (document index, span).
pub fn relabel_all(picked: &[(usize, Span)], label: &str) -> Edit {
    Edit::Group(
        picked
            .iter()
            .filter(|(_, span)| span.label != label)
            .map(|(doc, span)| Edit::Relabel {
                doc: *doc,
                span: span.clone(),
                label: label.to_owned(),
            })
            .collect(),
    )
}

/// Removes every picked accepted span.
pub fn remove_all(picked: &[(usize, Span)]) -> Edit {
    Edit::Group(
        picked
            .iter()
            .map(|(doc, span)| Edit::RemoveSpan {
                doc: *doc,
                span: span.clone(),
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::Session;
    use crate::model::{Dataset, Document, LabelSet};

    fn dataset() -> Dataset {
        let mut dataset = Dataset::new(LabelSet::default());
        let mut a = Document::new("a", "Zoë met José in Zürich.");
        a.spans = vec![Span::new(0, 3, "ORG"), Span::new(16, 22, "LOC")];
        let mut b = Document::new("b", "Ørsted A/S hired Zoë.");
        b.spans = vec![Span::new(0, 10, "ORG"), Span::new(17, 20, "ORG")];
        dataset.documents = vec![a, b];
        dataset
    }

    #[test]
    fn a_bulk_relabel_across_documents_is_one_undo_step() {
        let mut session = Session::new(dataset());
        let before = session.dataset().clone();
        let picked = vec![
            (0, Span::new(0, 3, "ORG")),
            (1, Span::new(17, 20, "ORG")),
            (0, Span::new(16, 22, "LOC")),
        ];
        session.apply(relabel_all(&picked, "PERSON")).unwrap();
        let labels = |s: &Session, d: usize| -> Vec<String> {
            s.dataset().documents[d]
                .spans
                .iter()
                .map(|s| s.label.to_string())
                .collect()
        };
        assert_eq!(labels(&session, 0), ["PERSON", "PERSON"]);
        assert_eq!(labels(&session, 1), ["ORG", "PERSON"]);
        session.undo().unwrap();
        assert_eq!(session.dataset(), &before, "one undo restores all three");
        assert!(session.undo().is_none(), "it was one step");
    }

    #[test]
    fn a_bulk_delete_is_one_undo_step_and_a_missing_span_changes_nothing() {
        let mut session = Session::new(dataset());
        let before = session.dataset().clone();
        let picked = vec![(0, Span::new(0, 3, "ORG")), (1, Span::new(0, 10, "ORG"))];
        session.apply(remove_all(&picked)).unwrap();
        assert_eq!(session.dataset().documents[1].spans.len(), 1);
        session.undo().unwrap();
        assert_eq!(session.dataset(), &before);
        let stale = vec![(0, Span::new(0, 3, "ORG")), (1, Span::new(1, 2, "ORG"))];
        assert!(session.apply(remove_all(&stale)).is_err());
        assert_eq!(session.dataset(), &before, "rolled back");
    }
}
