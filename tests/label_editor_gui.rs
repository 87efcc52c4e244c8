//! The label set editor driven as a user drives it: open it from the
//! Document menu, rename, merge, set a hotkey, and undo each, asserting on
//! the dataset.

#![cfg(feature = "gui")]

mod common;

use common::harness;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use spanlab::app::{App, Command};
use spanlab::model::{Dataset, Document, LabelSet, Origin, Span};

/// A CoNLL-like dataset: PER next to the default PERSON, in spans,
/// suggestions and rejected suggestions of two documents.
fn per_and_person() -> Dataset {
    let mut labels = LabelSet::default();
    labels.ensure("PER");
    let mut dataset = Dataset::new(labels);
    let mut a = Document::new("a", "Zoë Saldaña met José Martí in Zürich.");
    a.spans = vec![Span::new(0, 11, "PER"), Span::new(16, 26, "PERSON")];
    a.suggestions = vec![Span::new(30, 36, "PER").with_origin(Origin::Rule("x".into()))];
    let mut b = Document::new("b", "Mike Pompeo met Kim Yong-chol.");
    b.spans = vec![Span::new(0, 11, "PER")];
    b.rejected = vec![Span::new(16, 29, "PER")];
    dataset.documents.extend([a, b]);
    dataset
}

fn open_editor(h: &mut Harness<'_, App>) {
    h.get_by_label("Document").click();
    h.run();
    h.get_by_label_contains(Command::LabelEditor.label())
        .click();
    h.run();
    h.get_by_label("Name of PER");
}

/// Replaces a text field's text and presses Enter.
fn retype(h: &mut Harness<'_, App>, field: &str, text: &str) {
    h.get_by_label(field).focus();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.get_by_label(field).type_text(text);
    h.run();
    h.key_press(Key::Enter);
    h.run();
}

fn uses(h: &Harness<'_, App>, label: &str) -> usize {
    spanlab::edit::label_uses(h.state().dataset(), label)
}

fn undo(h: &mut Harness<'_, App>) {
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
}

#[test]
fn rename_reaches_every_document_and_undoes_in_one_step() {
    let mut h = harness(App::new(per_and_person(), None));
    open_editor(&mut h);
    retype(&mut h, "Name of PER", "PERSONA");
    let labels: Vec<String> = h
        .state()
        .dataset()
        .labels
        .names()
        .map(str::to_owned)
        .collect();
    assert!(labels.contains(&"PERSONA".to_owned()), "{labels:?}");
    assert!(!labels.contains(&"PER".to_owned()), "{labels:?}");
    assert_eq!(
        uses(&h, "PERSONA"),
        4,
        "spans, suggestion and rejected of both documents"
    );
    assert_eq!(uses(&h, "PER"), 0);
    h.get_by_label("Name of PERSONA");
    undo(&mut h);
    assert_eq!(uses(&h, "PER"), 4, "one undo brings every span back");
    assert!(h.state().dataset().labels.contains("PER"), "and the label");
    h.get_by_label("Name of PER");
}

#[test]
fn rename_onto_a_label_that_exists_is_refused_with_a_message() {
    let mut h = harness(App::new(per_and_person(), None));
    open_editor(&mut h);
    retype(&mut h, "Name of PER", "PERSON");
    assert_eq!(uses(&h, "PER"), 4, "nothing changed");
    let message = h.state().message().unwrap_or_default().to_owned();
    assert!(message.contains("already a label \"PERSON\""), "{message}");
}

#[test]
fn merge_moves_every_span_suggestion_and_rejection_and_undoes() {
    let mut h = harness(App::new(per_and_person(), None));
    let before = h.state().dataset().clone();
    open_editor(&mut h);
    h.get_by_label("Merge label").click();
    h.run();
    h.get_all_by_label("PER")
        .last()
        .expect("the option")
        .click();
    h.run();
    h.get_by_label("Into label").click();
    h.run();
    h.get_all_by_label("PERSON")
        .last()
        .expect("the option")
        .click();
    h.run();
    h.get_by_label("Merge labels").click();
    h.run();
    let dataset = h.state().dataset();
    assert!(!dataset.labels.contains("PER"), "PER is gone");
    assert_eq!(uses(&h, "PER"), 0);
    assert_eq!(uses(&h, "PERSON"), 5, "1 PERSON + 4 PER");
    assert_eq!(
        dataset.documents[1].rejected[0].label, "PERSON",
        "rejected entries too"
    );
    undo(&mut h);
    assert_eq!(
        h.state().dataset(),
        &before,
        "one undo restores the dataset exactly"
    );
}

#[test]
fn a_hotkey_set_in_the_editor_labels_the_selection_and_undoes() {
    let mut h = harness(App::new(per_and_person(), None));
    open_editor(&mut h);
    // PER arrived with the free key r; give it q.
    retype(&mut h, "Key of PER", "q");
    assert_eq!(
        h.state().dataset().labels.get("PER").and_then(|l| l.hotkey),
        Some('q'),
        "the key is set"
    );
    // The key now labels a selection.
    h.state_mut().select(30..36);
    h.key_press(Key::Q);
    h.run();
    let spans = &h.state().dataset().documents[0].spans;
    assert!(
        spans.iter().any(|s| s.start.0 == 30 && s.label == "PER"),
        "{spans:?}"
    );
    undo(&mut h);
    undo(&mut h);
    assert_eq!(
        h.state().dataset().labels.get("PER").and_then(|l| l.hotkey),
        Some('r'),
        "the key is undone"
    );
}

#[test]
fn a_key_another_label_has_is_refused() {
    let mut h = harness(App::new(per_and_person(), None));
    open_editor(&mut h);
    retype(&mut h, "Key of PER", "p");
    assert_eq!(
        h.state().dataset().labels.get("PER").and_then(|l| l.hotkey),
        Some('r')
    );
    let message = h.state().message().unwrap_or_default().to_owned();
    assert!(message.contains("PERSON"), "{message}");
}

#[test]
fn an_unused_label_is_deleted_and_comes_back_on_undo() {
    let mut h = harness(App::new(per_and_person(), None));
    open_editor(&mut h);
    assert!(
        h.get_by_label("Delete PER").accesskit_node().is_disabled(),
        "a label in use cannot be deleted"
    );
    h.get_by_label("Delete EVENT").click();
    h.run();
    assert!(!h.state().dataset().labels.contains("EVENT"), "deleted");
    undo(&mut h);
    assert_eq!(
        h.state().dataset().labels.labels[3].name,
        "EVENT",
        "back in its place"
    );
}
