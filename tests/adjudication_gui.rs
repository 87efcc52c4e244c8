//! Adjudicating a merged dataset in the annotator, by keys.

#![cfg(feature = "gui")]

mod common;

use common::harness;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use spanlab::app::App;
use spanlab::model::{Dataset, Span, Status};

/// Two annotators of the sample: both label Mike Pompeo; ann says
/// "Secretary" is ORG where bob says nothing, and they label "Kim
/// Yong-chol" differently.
fn merged() -> Dataset {
    let base = spanlab::assets::sample_dataset();
    let text = &base.documents[0].text;
    let kim = text.find("Kim Yong-chol").expect("in the sample");
    let kim = text[..kim].chars().count();
    let mut ann = base.clone();
    ann.documents[0].spans = vec![
        Span::new(0, 9, "ORG"),
        Span::new(19, 30, "PERSON"),
        Span::new(kim, kim + 13, "PERSON"),
    ];
    let mut bob = base;
    bob.documents[0].spans = vec![
        Span::new(19, 30, "PERSON"),
        Span::new(kim, kim + 3, "PERSON"),
    ];
    let names = vec!["ann".to_owned(), "bob".to_owned()];
    let (merged, report) = spanlab::eval::merge(&names, &[&ann, &bob]);
    assert_eq!(report.conflicts, 2, "two disagreements");
    merged
}

fn conflicts(h: &Harness<'_, App>) -> usize {
    h.state().dataset().documents[0].conflicts.len()
}

#[test]
fn conflicts_are_resolved_by_keys_and_undone() {
    // As an analyst gets it: a merged file, opened.
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("merged.ron");
    spanlab::store::save(&merged(), &path).expect("save");
    let dataset = spanlab::store::load(&path).expect("the conflicts load back");
    assert_eq!(dataset, merged());
    let kim_start = dataset.documents[0].conflicts[1].start.0;
    let mut h = harness(App::from_args(std::slice::from_ref(&path)));
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::K);
    h.run();
    // The first conflict, "Secretary": each version with its key.
    let (_, first) = h.state().adjudicating().cloned().expect("adjudicating");
    assert_eq!(first.start.0, 0);
    h.get_by_label("2 conflicts left");
    h.get_by_label("1: ann");
    h.get_by_label("2: bob");
    // X: neither version (no span there).
    h.key_press(Key::X);
    h.run();
    assert_eq!(conflicts(&h), 1);
    assert!(
        !h.state().dataset().documents[0]
            .spans
            .iter()
            .any(|s| s.label == "ORG")
    );
    h.get_by_label("1 conflicts left");
    // 1: take ann's "Kim Yong-chol".
    let (_, second) = h.state().adjudicating().cloned().expect("next conflict");
    assert_eq!(second.start.0, kim_start);
    h.key_press(Key::Num1);
    h.run();
    let doc = &h.state().dataset().documents[0];
    assert!(doc.conflicts.is_empty());
    assert!(
        doc.spans
            .contains(&Span::new(kim_start, kim_start + 13, "PERSON"))
    );
    assert_eq!(
        doc.status,
        Status::Done,
        "the last conflict closes the document"
    );
    assert!(h.state().adjudicating().is_none());
    // Backspace takes the last resolution back and shows it again.
    h.key_press(Key::Backspace);
    h.run();
    assert_eq!(conflicts(&h), 1);
    assert_eq!(
        h.state().adjudicating().map(|(_, c)| c.start.0),
        Some(kim_start)
    );
    // 2: bob's shorter "Kim" instead.
    h.key_press(Key::Num2);
    h.run();
    let doc = &h.state().dataset().documents[0];
    assert!(
        doc.spans
            .contains(&Span::new(kim_start, kim_start + 3, "PERSON"))
    );
    // Saved: the resolutions are in the file.
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run();
    let saved = spanlab::store::load(&path).expect("saved");
    assert!(saved.documents[0].conflicts.is_empty(), "resolved on disk");
    assert_eq!(&saved, h.state().dataset());
    // Every resolution is an ordinary undo step too.
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(conflicts(&h), 2);
}

#[test]
fn resolving_by_hand_selects_the_text_and_space_goes_on() {
    let mut h = harness(App::new(merged(), None));
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::K);
    h.run();
    h.key_press(Key::Enter);
    h.run();
    assert_eq!(conflicts(&h), 1);
    let selected = h
        .state()
        .view()
        .selection
        .as_ref()
        .map(spanlab::app::Selection::range);
    assert_eq!(
        selected,
        Some(0..9),
        "the region is selected to label by hand"
    );
    h.key_press(Key::L);
    h.run();
    assert!(
        h.state().dataset().documents[0]
            .spans
            .contains(&Span::new(0, 9, "LOC"))
    );
    h.key_press(Key::Space);
    h.run();
    assert!(
        h.state().adjudicating().is_some(),
        "on to the next conflict"
    );
}

#[test]
fn the_statistics_window_opens_from_the_view_menu() {
    let mut h = harness(App::new(merged(), None));
    h.run();
    h.get_by_label("View").click();
    h.run();
    h.get_by_label_contains("Statistics").click();
    h.run();
    h.get_by_label_contains("1 document, 1 span, 2 open conflicts");
    h.get_by_label("Spans per label");
    h.get_by_label("Documents by status");
}
