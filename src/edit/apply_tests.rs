//! Tests of applying and inverting edits.

use super::*;
use crate::model::{LabelSet, Origin};

fn dataset() -> Dataset {
    let mut dataset = Dataset::new(LabelSet::default());
    dataset.documents.push(Document::new(
        "nk",
        "Secretary of State Mike Pompeo met Kim Yong-chol in New York.",
    ));
    dataset
}

/// [`dataset`] with "Mike Pompeo" accepted as PERSON.
fn with_pompeo() -> Dataset {
    let mut data = dataset();
    Edit::AddSpan {
        doc: 0,
        span: Span::new(19, 30, "PERSON"),
    }
    .apply(&mut data)
    .unwrap();
    data
}

#[test]
fn add_then_undo_restores_the_dataset() {
    let mut data = dataset();
    let before = data.clone();
    let undo = Edit::AddSpan {
        doc: 0,
        span: Span::new(19, 30, "PERSON"),
    }
    .apply(&mut data)
    .unwrap();
    assert_eq!(data.documents[0].spans, [Span::new(19, 30, "PERSON")]);
    undo.apply(&mut data).unwrap();
    assert_eq!(data, before);
}

#[test]
fn overlapping_and_duplicate_spans_are_refused_and_change_nothing() {
    let mut data = with_pompeo();
    let before = data.clone();
    let err = Edit::AddSpan {
        doc: 0,
        span: Span::new(24, 34, "ORG"),
    }
    .apply(&mut data);
    assert_eq!(err, Err(EditError::Overlap(Span::new(19, 30, "PERSON"))));
    let err = Edit::AddSpan {
        doc: 0,
        span: Span::new(19, 30, "PERSON"),
    }
    .apply(&mut data);
    assert_eq!(err, Err(EditError::Duplicate(Span::new(19, 30, "PERSON"))));
    let err = Edit::AddSpan {
        doc: 0,
        span: Span::new(55, 70, "LOC"),
    }
    .apply(&mut data);
    assert!(
        matches!(err, Err(EditError::OutOfBounds { len: 61, .. })),
        "{err:?}"
    );
    let err = Edit::AddSpan {
        doc: 0,
        span: Span::new(0, 9, "TITLE"),
    }
    .apply(&mut data);
    assert_eq!(err, Err(EditError::UnknownLabel("TITLE".into())));
    assert_eq!(data, before);
}

#[test]
fn a_failing_group_is_rolled_back_whole() {
    let mut data = dataset();
    let before = data.clone();
    let group = Edit::Group(vec![
        Edit::AddSpan {
            doc: 0,
            span: Span::new(19, 30, "PERSON"),
        },
        Edit::SetStatus {
            doc: 0,
            status: Status::Done,
        },
        Edit::AddSpan {
            doc: 0,
            span: Span::new(25, 30, "PERSON"),
        },
    ]);
    assert!(group.apply(&mut data).is_err());
    assert_eq!(data, before);
}

#[test]
fn accepting_a_suggestion_keeps_its_rule_and_undo_puts_it_back() {
    let mut data = dataset();
    let suggestion = Span::new(52, 60, "LOC").with_origin(Origin::Rule("cities".into()));
    Edit::AddSuggestion {
        doc: 0,
        span: suggestion.clone(),
    }
    .apply(&mut data)
    .unwrap();
    let before = data.clone();
    let undo = Edit::AcceptSuggestion {
        doc: 0,
        span: Span::new(52, 60, "LOC"),
    }
    .apply(&mut data)
    .unwrap();
    assert_eq!(data.documents[0].spans, std::slice::from_ref(&suggestion));
    assert!(
        data.documents[0].suggestions.is_empty(),
        "no longer pending"
    );
    undo.apply(&mut data).unwrap();
    assert_eq!(data, before);
}

#[test]
fn a_rejected_suggestion_is_remembered() {
    let mut data = dataset();
    let suggestion = Span::new(35, 38, "PERSON");
    Edit::AddSuggestion {
        doc: 0,
        span: suggestion.clone(),
    }
    .apply(&mut data)
    .unwrap();
    let undo = Edit::RejectSuggestion {
        doc: 0,
        span: suggestion.clone(),
    }
    .apply(&mut data)
    .unwrap();
    assert_eq!(
        data.documents[0].rejected,
        std::slice::from_ref(&suggestion)
    );
    assert!(
        data.documents[0].suggestions.is_empty(),
        "no longer pending"
    );
    undo.apply(&mut data).unwrap();
    assert_eq!(data.documents[0].suggestions, [suggestion]);
    assert!(
        data.documents[0].rejected.is_empty(),
        "undo forgets the rejection"
    );
}

#[test]
fn relabel_and_note_invert() {
    let mut data = with_pompeo();
    let before = data.clone();
    let undo_relabel = Edit::Relabel {
        doc: 0,
        span: Span::new(19, 30, "PERSON"),
        label: "ORG".into(),
    }
    .apply(&mut data)
    .unwrap();
    let undo_note = Edit::SetNote {
        doc: 0,
        span: Span::new(19, 30, "ORG"),
        note: Some("check".into()),
    }
    .apply(&mut data)
    .unwrap();
    assert_eq!(data.documents[0].spans[0].label, "ORG");
    assert_eq!(data.documents[0].spans[0].note.as_deref(), Some("check"));
    undo_note.apply(&mut data).unwrap();
    undo_relabel.apply(&mut data).unwrap();
    assert_eq!(data, before);
}
