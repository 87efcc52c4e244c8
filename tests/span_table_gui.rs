//! The span table driven by its accessible labels: filter, sort, jump to a
//! span, and relabel / delete picked spans across documents as one
//! undoable edit.

#![cfg(feature = "gui")]

mod common;

use common::harness;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use spanlab::app::App;
use spanlab::model::{Dataset, Document, LabelSet, Span};

/// Two documents with ORG spans (one of them really a person) and a LOC.
fn dataset() -> Dataset {
    let mut dataset = Dataset::new(LabelSet::default());
    let mut a = Document::new("alpha", "Zoë met Ørsted staff in Zürich.");
    a.spans = vec![
        Span::new(0, 3, "ORG"),
        Span::new(8, 14, "ORG"),
        Span::new(24, 30, "LOC"),
    ];
    let mut b = Document::new("beta", "Bruno joined Ørsted.");
    b.spans = vec![Span::new(0, 5, "ORG"), Span::new(13, 19, "ORG")];
    dataset.documents = vec![a, b];
    dataset
}

fn labels(h: &Harness<'_, App>) -> Vec<Vec<String>> {
    h.state()
        .dataset()
        .documents
        .iter()
        .map(|d| d.spans.iter().map(|s| s.label.to_string()).collect())
        .collect()
}

fn open_table(h: &mut Harness<'_, App>) {
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::F);
    h.run();
    h.get_by_label("5 of 5 spans shown · 0 picked");
}

#[test]
fn picked_spans_are_relabelled_in_one_undoable_edit() {
    let mut h = harness(App::new(dataset(), None));
    h.run();
    open_table(&mut h);
    // The two people filed as ORG, picked one by one in different documents.
    h.get_by_label("Pick Zoë in alpha").click();
    h.get_by_label("Pick Bruno in beta").click();
    h.run();
    h.get_by_label("5 of 5 spans shown · 2 picked");
    h.get_by_label("New label").click();
    h.run();
    h.get_by_label("PERSON").click();
    h.run();
    h.get_by_label("Relabel picked").click();
    h.run();
    assert_eq!(
        labels(&h),
        [vec!["PERSON", "ORG", "LOC"], vec!["PERSON", "ORG"]],
        "both documents changed"
    );
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(
        labels(&h),
        [vec!["ORG", "ORG", "LOC"], vec!["ORG", "ORG"]],
        "one undo step"
    );
}

#[test]
fn filtered_spans_are_deleted_together_and_come_back_with_undo() {
    let mut h = harness(App::new(dataset(), None));
    h.run();
    open_table(&mut h);
    h.get_by_label("Filter spans").focus();
    h.get_by_label("Filter spans").type_text("ørsted");
    h.run();
    h.get_by_label("2 of 5 spans shown · 0 picked");
    h.get_by_label("Pick all shown").click();
    h.run();
    h.get_by_label("Delete picked").click();
    h.run();
    assert_eq!(labels(&h), [vec!["ORG", "LOC"], vec!["ORG"]]);
    h.get_by_label("0 of 3 spans shown · 0 picked");
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(labels(&h), [vec!["ORG", "ORG", "LOC"], vec!["ORG", "ORG"]]);
}

#[test]
fn the_table_sorts_filters_by_label_and_opens_a_span() {
    let mut h = harness(App::new(dataset(), None));
    h.run();
    open_table(&mut h);
    let order = |h: &Harness<'_, App>| -> Vec<String> {
        h.query_all_by_label_contains("Pick ")
            .filter_map(|n| n.accesskit_node().label())
            .filter(|l| l.contains(" in "))
            .collect()
    };
    assert_eq!(order(&h)[0], "Pick Zoë in alpha", "document order first");
    h.get_by_label("Sort by text").click();
    h.run();
    assert_eq!(order(&h)[0], "Pick Bruno in beta", "by text, a-z");
    h.get_by_label("Sort by text").click();
    h.run();
    // Code point order: Ø after Z; the later document first among equals.
    assert_eq!(order(&h)[0], "Pick Ørsted in beta", "by text, z-a");
    h.get_by_label("Span label").click();
    h.run();
    h.get_by_role_and_label(egui::accesskit::Role::Button, "LOC")
        .click();
    h.run();
    assert_eq!(order(&h), ["Pick Zürich in alpha"]);
    // A click on the text opens the document with the span selected.
    h.get_by_label("Span label").click();
    h.run();
    h.get_by_label("any").click();
    h.run();
    h.get_by_label("Bruno").click();
    h.run();
    assert_eq!(h.state().current_document(), 1);
    assert_eq!(h.state().view().selected_span, Some(Span::new(0, 5, "ORG")));
}
