//! Property tests of edits and history: any sequence of edits, undone, gives
//! back the original dataset; redone, gives the same state again.

use proptest::prelude::*;
use spanlab::edit::{Edit, Session};
use spanlab::model::{Dataset, Document, LabelSet, Origin, Span, Status};

const TEXTS: [&str; 2] = [
    "Zoë Saldaña met 王小明 in Zürich 🇨🇭 on Monday.",
    "Secretary of State Mike Pompeo met Kim Yong-chol in New York.",
];

fn dataset() -> Dataset {
    let mut dataset = Dataset::new(LabelSet::default());
    for (i, text) in TEXTS.iter().enumerate() {
        dataset
            .documents
            .push(Document::new(format!("d{i}"), *text));
    }
    // One pending suggestion per document to accept or reject.
    dataset.documents[0]
        .suggestions
        .push(Span::new(23, 29, "LOC").with_origin(Origin::Rule("cities".into())));
    dataset.documents[1]
        .suggestions
        .push(Span::new(52, 60, "LOC").with_origin(Origin::Learned));
    dataset
}

fn span() -> impl Strategy<Value = Span> {
    (
        0usize..64,
        1usize..12,
        prop::sample::select(vec!["PERSON", "ORG", "LOC", "DATE", "EVENT"]),
    )
        .prop_map(|(start, len, label)| Span::new(start, start + len, label))
}

fn edit() -> impl Strategy<Value = Edit> {
    let doc = 0usize..3; // 2 is out of range on purpose
    let leaf = prop_oneof![
        (doc.clone(), span()).prop_map(|(doc, span)| Edit::AddSpan { doc, span }),
        (doc.clone(), span()).prop_map(|(doc, span)| Edit::RemoveSpan { doc, span }),
        (
            doc.clone(),
            span(),
            prop::sample::select(vec!["PERSON", "ORG"])
        )
            .prop_map(|(doc, span, l)| Edit::Relabel {
                doc,
                span,
                label: l.into()
            }),
        (doc.clone(), span(), prop::option::of("[a-zé ]{0,8}"))
            .prop_map(|(doc, span, note)| Edit::SetNote { doc, span, note }),
        (doc.clone(), span()).prop_map(|(doc, span)| Edit::AddSuggestion { doc, span }),
        (doc.clone()).prop_map(|doc| Edit::AcceptSuggestion {
            doc,
            span: Span::new(23, 29, "LOC")
        }),
        (doc.clone()).prop_map(|doc| Edit::RejectSuggestion {
            doc,
            span: Span::new(52, 60, "LOC")
        }),
        (doc.clone(), prop::sample::select(Status::ALL.to_vec()))
            .prop_map(|(doc, status)| Edit::SetStatus { doc, status }),
    ];
    leaf.prop_recursive(2, 12, 4, |inner| {
        prop::collection::vec(inner, 0..4).prop_map(Edit::Group)
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn undo_all_restores_and_redo_all_replays(edits in prop::collection::vec(edit(), 0..24)) {
        let original = dataset();
        let mut session = Session::new(original.clone());
        let mut applied = 0;
        for edit in edits {
            let before = session.dataset().clone();
            if session.apply(edit).is_ok() {
                applied += 1;
                prop_assert_eq!(session.dataset().problems(), vec![], "edits keep the invariants");
            } else {
                prop_assert_eq!(session.dataset(), &before, "a refused edit changes nothing");
            }
        }
        let edited = session.dataset().clone();
        for _ in 0..applied {
            prop_assert!(session.undo().is_some());
        }
        prop_assert!(session.undo().is_none());
        prop_assert_eq!(session.dataset(), &original);
        prop_assert!(!session.is_dirty());
        for _ in 0..applied {
            prop_assert!(session.redo().is_some());
        }
        prop_assert_eq!(session.dataset(), &edited);
    }

    #[test]
    fn every_inverse_undoes_its_edit(edit in edit()) {
        let mut data = dataset();
        let before = data.clone();
        if let Ok(inverse) = edit.apply(&mut data) {
            let after = data.clone();
            let redo = inverse.apply(&mut data).unwrap();
            prop_assert_eq!(&data, &before);
            redo.apply(&mut data).unwrap();
            prop_assert_eq!(&data, &after);
        }
    }
}
