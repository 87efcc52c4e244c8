//! Tests of the label set edits.

use super::*;
use crate::model::{LabelSet, Origin};

fn dataset() -> Dataset {
    let mut labels = LabelSet::default();
    labels.ensure("PER");
    let mut dataset = Dataset::new(labels);
    let mut doc = Document::new("d", "Zoë Saldaña met 王小明 in Zürich.");
    doc.spans = vec![Span::new(0, 11, "PER"), Span::new(16, 19, "PERSON")];
    doc.suggestions = vec![Span::new(16, 19, "PER").with_origin(Origin::Rule("x".into()))];
    doc.rejected = vec![Span::new(23, 29, "PER")];
    dataset.documents.push(doc);
    dataset
}

fn labels_of(dataset: &Dataset) -> Vec<String> {
    let doc = &dataset.documents[0];
    [&doc.spans, &doc.suggestions, &doc.rejected]
        .iter()
        .flat_map(|l| l.iter().map(|s| format!("{s}")))
        .collect()
}

#[test]
fn rename_changes_every_list_and_undoes() {
    let mut ds = dataset();
    let before = ds.clone();
    let undo = LabelEdit::Rename {
        from: "PER".into(),
        to: "PERSONA".into(),
    }
    .apply(&mut ds)
    .unwrap();
    assert!(
        ds.labels.contains("PERSONA") && !ds.labels.contains("PER"),
        "renamed"
    );
    assert_eq!(label_uses(&ds, "PERSONA"), 3, "span, suggestion, rejected");
    undo.apply(&mut ds).unwrap();
    assert_eq!(ds, before, "undo restores");
}

#[test]
fn rename_onto_an_existing_label_is_refused() {
    let mut ds = dataset();
    let err = LabelEdit::Rename {
        from: "PER".into(),
        to: "PERSON".into(),
    }
    .apply(&mut ds);
    assert_eq!(err, Err(EditError::LabelExists("PERSON".into())));
}

#[test]
fn merge_relabels_drops_duplicates_and_undoes_exactly() {
    let mut ds = dataset();
    ds.documents[0]
        .suggestions
        .push(Span::new(16, 19, "PERSON"));
    ds.documents[0]
        .suggestions
        .sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    let before = ds.clone();
    let undo = LabelEdit::Merge {
        from: "PER".into(),
        into: "PERSON".into(),
    }
    .apply(&mut ds)
    .unwrap();
    assert!(!ds.labels.contains("PER"), "the merged label is gone");
    assert_eq!(label_uses(&ds, "PER"), 0, "{:?}", labels_of(&ds));
    assert_eq!(
        ds.documents[0].suggestions.len(),
        1,
        "the duplicate suggestion dropped"
    );
    assert_eq!(ds.documents[0].rejected[0].label, "PERSON", "rejected too");
    let redo = undo.apply(&mut ds).unwrap();
    assert_eq!(ds, before, "undo restores every span, origin included");
    redo.apply(&mut ds).unwrap();
    assert_eq!(label_uses(&ds, "PERSON"), 4, "redo merges again");
}

#[test]
fn remove_refuses_a_label_in_use_and_add_undoes_remove() {
    let mut ds = dataset();
    let err = LabelEdit::Remove { name: "PER".into() }.apply(&mut ds);
    assert_eq!(
        err,
        Err(EditError::LabelInUse {
            label: "PER".into(),
            uses: 3
        })
    );
    let before = ds.clone();
    let undo = LabelEdit::Remove {
        name: "DATE".into(),
    }
    .apply(&mut ds)
    .unwrap();
    assert!(!ds.labels.contains("DATE"), "removed");
    undo.apply(&mut ds).unwrap();
    assert_eq!(ds, before, "back in its place");
}

#[test]
fn hotkeys_must_be_free_letters_or_digits() {
    let mut ds = dataset();
    let mut per = ds.labels.get("PER").unwrap().clone();
    per.hotkey = Some('o');
    let err = LabelEdit::Update { label: per.clone() }.apply(&mut ds);
    assert_eq!(
        err,
        Err(EditError::HotkeyTaken {
            key: 'o',
            label: "ORG".into()
        })
    );
    per.hotkey = Some('q');
    let undo = LabelEdit::Update { label: per }.apply(&mut ds).unwrap();
    assert_eq!(ds.labels.by_hotkey('q').unwrap().name, "PER", "set");
    undo.apply(&mut ds).unwrap();
    assert!(ds.labels.by_hotkey('q').is_none(), "undone");
    assert_eq!(
        ds.labels.get("PER").unwrap().hotkey,
        Some('r'),
        "the key it had"
    );
}

#[test]
fn move_reorders_and_undoes() {
    let mut ds = dataset();
    let undo = LabelEdit::Move { from: 0, to: 2 }.apply(&mut ds).unwrap();
    assert_eq!(ds.labels.labels[2].name, "PERSON", "moved");
    undo.apply(&mut ds).unwrap();
    assert_eq!(ds.labels.labels[0].name, "PERSON", "back");
}
