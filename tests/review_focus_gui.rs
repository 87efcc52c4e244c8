//! Review with focus: the side panel shows the suggestion under review in
//! context with its rule's precision so far; a label key accepts it under
//! that label as one undoable decision; every key of the mode is on screen
//! at 1280 px.

#![cfg(feature = "gui")]

mod common;

use common::harness;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use spanlab::app::{App, Command};
use spanlab::model::{Dataset, Document, LabelSet, Origin, Span};

fn rule(start: usize, end: usize, label: &str) -> Span {
    Span::new(start, end, label).with_origin(Origin::Rule("names".into()))
}

/// One rule, "names": one earlier decision accepted, one rejected; two
/// suggestions pending, the first one labelled ORG but a person.
fn dataset() -> Dataset {
    let mut dataset = Dataset::new(LabelSet::default());
    let mut a = Document::new("a", "Yesterday Zoë Saldaña met José Martí in Zürich.");
    a.suggestions = vec![rule(10, 21, "ORG"), rule(26, 36, "PERSON")];
    let mut b = Document::new("b", "Kim and Acme met.");
    b.spans = vec![rule(0, 3, "PERSON")];
    b.rejected = vec![rule(8, 12, "PERSON")];
    dataset.documents = vec![a, b];
    dataset
}

fn doc_a(h: &Harness<'_, App>) -> (Vec<Span>, Vec<Span>) {
    let d = &h.state().dataset().documents[0];
    (d.spans.clone(), d.suggestions.clone())
}

fn start_review(h: &mut Harness<'_, App>) {
    h.key_press_modifiers(Modifiers::COMMAND, Key::R);
    h.run();
    assert_eq!(
        h.state().reviewing(),
        Some(&(0, rule(10, 21, "ORG"))),
        "the review starts at the first suggestion"
    );
}

#[test]
fn the_side_panel_shows_the_suggestion_in_context_with_its_rules_precision() {
    let mut h = harness(App::new(dataset(), None));
    h.run();
    start_review(&mut h);
    h.get_by_label("Suggestion in context: …Yesterday Zoë Saldaña met José Martí in Zürich.…");
    h.get_by_label("rule names");
    h.get_by_label("Precision so far 50% (1 accepted, 1 rejected)");
    // Every key of the mode is on screen, none cut off at 1280 px.
    for command in [
        Command::Accept,
        Command::Reject,
        Command::Skip,
        Command::UndoDecision,
        Command::AcceptAllLikeThis,
    ] {
        let text = format!("{} ({})", command.label(), command.shortcut_text());
        let rect = h.get_by_label(&text).rect();
        assert!(
            rect.max.x <= 1280.0 && rect.min.x >= 0.0,
            "{text} at {rect:?}"
        );
    }
}

#[test]
fn a_label_key_accepts_the_suggestion_under_that_label_as_one_decision() {
    let mut h = harness(App::new(dataset(), None));
    h.run();
    start_review(&mut h);
    // `p` is PERSON's key: relabel and accept, then on to the next.
    h.key_press(Key::P);
    h.run();
    let (spans, suggestions) = doc_a(&h);
    assert_eq!(
        spans,
        [rule(10, 21, "PERSON")],
        "accepted as PERSON, still the rule's"
    );
    assert_eq!(suggestions, [rule(26, 36, "PERSON")]);
    assert_eq!(h.state().reviewing(), Some(&(0, rule(26, 36, "PERSON"))));
    // Backspace undoes the decision as one step and goes back to it.
    h.key_press(Key::Backspace);
    h.run();
    let (spans, suggestions) = doc_a(&h);
    assert!(spans.is_empty());
    assert_eq!(suggestions, [rule(10, 21, "ORG"), rule(26, 36, "PERSON")]);
    assert_eq!(h.state().reviewing(), Some(&(0, rule(10, 21, "ORG"))));
    // And Ctrl+Z undoes it in one step too.
    h.key_press(Key::L);
    h.run();
    assert_eq!(doc_a(&h).0, [rule(10, 21, "LOC")]);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(
        doc_a(&h),
        (vec![], vec![rule(10, 21, "ORG"), rule(26, 36, "PERSON")])
    );
}
