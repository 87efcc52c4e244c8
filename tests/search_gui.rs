//! Text search and the document list's filters, driven as a user drives
//! them: typing in the search box, F3 / Enter / Shift+F3 / Esc, the
//! toggles and filters by their accessible labels. Assertions are on the
//! app's state (current document, current hit, listed rows).

#![cfg(feature = "gui")]

mod common;

use common::harness;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use spanlab::app::App;
use spanlab::model::{Dataset, Document, LabelSet, Span, Status};

/// Three documents: Zürich twice in the first, never in the second, once
/// in the third (with a Zurich without umlaut in the second).
fn cities() -> Dataset {
    let mut dataset = Dataset::new(LabelSet::default());
    let texts = [
        ("first", "Zoë flew to Zürich.\nIn ZÜRICH she met José."),
        ("second", "Bern is the capital; Zurich is not."),
        ("third", "A train from Zürich to Bern."),
    ];
    for (id, text) in texts {
        dataset.documents.push(Document::new(id, text));
    }
    dataset
}

fn type_query(h: &mut Harness<'_, App>, text: &str) {
    h.get_by_label("Search text").focus();
    h.get_by_label("Search text").type_text(text);
    h.run();
}

/// (current document, current hit) after a key.
fn press(
    h: &mut Harness<'_, App>,
    modifiers: Modifiers,
    key: Key,
) -> (usize, Option<std::ops::Range<usize>>) {
    h.key_press_modifiers(modifiers, key);
    h.run();
    let app = h.state();
    let doc = app.current_document();
    (doc, app.search().current_hit(doc))
}

#[test]
fn the_search_counts_hits_and_lists_only_documents_with_hits() {
    let mut h = harness(App::new(cities(), None));
    h.run();
    type_query(&mut h, "Zürich");
    assert!(
        !h.state().search().ran_on_worker(),
        "a small dataset: at once"
    );
    let (hits, searched, total) = h.state().search().progress();
    assert_eq!(
        (hits, searched, total),
        (3, 3, 3),
        "case ignored by default"
    );
    h.get_by_label("3 hits in 2 documents");
    h.get_by_label_contains("first ·");
    h.get_by_label_contains("third ·");
    assert!(
        h.query_by_label_contains("second ·").is_none(),
        "no hit, not listed"
    );
    h.get_by_label("2 hits");
    h.get_by_label("1 hit");
    // Char offsets of the hits in the first document (ü is one char).
    let found = &h.state().search().found()[&0];
    assert_eq!(*found.ranges, [12..18, 23..29]);
    // Case matters once "Ignore case" is off.
    h.get_by_label("Ignore case").click();
    h.run();
    assert_eq!(h.state().search().progress().0, 2);
    // While typing in the search box, letters are text, not label keys.
    assert!(
        h.state()
            .dataset()
            .documents
            .iter()
            .all(|d| d.spans.is_empty())
    );
}

#[test]
fn f3_and_enter_walk_the_hits_across_documents_and_back() {
    let mut h = harness(App::new(cities(), None));
    h.run();
    type_query(&mut h, "zürich");
    // Enter in the search box: the first hit of the current document.
    assert_eq!(
        press(&mut h, Modifiers::NONE, Key::Enter),
        (0, Some(12..18))
    );
    assert_eq!(press(&mut h, Modifiers::NONE, Key::F3), (0, Some(23..29)));
    // On to the next document with hits, skipping the one without.
    assert_eq!(press(&mut h, Modifiers::NONE, Key::F3), (2, Some(13..19)));
    // Wraps around.
    assert_eq!(press(&mut h, Modifiers::NONE, Key::F3), (0, Some(12..18)));
    // Back, with Shift+F3 and with Shift+Enter in the box.
    assert_eq!(press(&mut h, Modifiers::SHIFT, Key::F3), (2, Some(13..19)));
    h.get_by_label("Search text").focus();
    assert_eq!(
        press(&mut h, Modifiers::SHIFT, Key::Enter),
        (0, Some(23..29))
    );
    assert!(
        h.state()
            .message()
            .unwrap_or_default()
            .contains("Hit 2 of 2"),
        "{:?}",
        h.state().message()
    );
    // The hit is drawn on the document (highlights for the current one).
    assert_eq!(h.state().view().current_hit, Some(23..29));
    assert_eq!(
        h.state().view().search_hits.as_deref().map(Vec::len),
        Some(2)
    );
}

#[test]
fn a_regex_finds_and_a_bad_regex_says_why() {
    let mut h = harness(App::new(cities(), None));
    h.run();
    h.get_by_label("Regex").click();
    h.run();
    type_query(&mut h, r"Z[uü]rich\b");
    let (hits, ..) = h.state().search().progress();
    assert_eq!(hits, 4, "Zurich too");
    h.get_by_label_contains("second ·");
    // An unclosed group: the error shows, nothing panics, nothing is listed as found.
    type_query(&mut h, "(");
    h.get_by_label_contains("Not a valid regular expression");
    assert!(h.state().search().error().is_some());
    assert!(h.state().search().found().is_empty());
    // F3 with a bad regex says why instead of moving.
    h.key_press(Key::F3);
    h.run();
    assert_eq!(h.state().current_document(), 0);
}

#[test]
fn escape_clears_the_search_and_its_highlights() {
    let mut h = harness(App::new(cities(), None));
    h.run();
    type_query(&mut h, "bern");
    assert!(h.query_by_label_contains("first ·").is_none());
    h.key_press(Key::F3);
    h.run();
    assert_eq!(h.state().current_document(), 1);
    h.key_press(Key::Escape);
    h.run();
    assert!(h.state().search().query.pattern.is_empty());
    assert!(!h.state().search().is_active());
    assert_eq!(h.state().view().search_hits, None);
    h.get_by_label_contains("first ·");
    h.get_by_label_contains("second ·");
}

#[test]
fn a_large_dataset_is_searched_off_the_ui_thread() {
    let mut dataset = Dataset::new(LabelSet::default());
    for i in 0..4000 {
        let text = if i % 100 == 7 {
            "Großbritannien und Zürich. ".repeat(10)
        } else {
            "Nothing to see here, move along please. ".repeat(10)
        };
        dataset.documents.push(Document::new(format!("d{i}"), text));
    }
    let mut h = harness(App::new(dataset, None));
    h.run();
    h.get_by_label("Search text").focus();
    h.get_by_label("Search text").type_text("zürich");
    h.step();
    h.step();
    assert!(
        h.state().search().ran_on_worker(),
        "1.6 MB of text: the search thread"
    );
    h.state_mut().wait_for_search();
    assert!(!h.state().search().is_running());
    assert_eq!(h.state().search().progress(), (400, 4000, 4000));
    assert_eq!(h.state().search().found().len(), 40);
    // A newer query replaces the older one's results.
    h.get_by_label("Search text").type_text("x");
    h.step();
    h.state_mut().wait_for_search();
    assert_eq!(h.state().search().progress().0, 0);
}

#[test]
fn the_list_filters_by_label_pending_suggestions_and_status() {
    let mut dataset = cities();
    dataset.documents[0].spans.push(Span::new(0, 3, "PERSON"));
    dataset.documents[1].spans.push(Span::new(0, 4, "LOC"));
    dataset.documents[2]
        .suggestions
        .push(Span::new(13, 19, "LOC"));
    dataset.documents[2].status = Status::Done;
    let mut h = harness(App::new(dataset, None));
    h.run();
    let listed = |h: &Harness<'_, App>| {
        ["first ·", "second ·", "third ·"]
            .into_iter()
            .filter(|id| h.query_by_label_contains(id).is_some())
            .count()
    };
    assert_eq!(listed(&h), 3);
    h.get_by_label("Label").click();
    h.run();
    h.get_by_label("LOC").click();
    h.run();
    assert_eq!(listed(&h), 1, "only the document with a LOC span");
    h.get_by_label_contains("second ·");
    h.get_by_label("Label").click();
    h.run();
    h.get_by_label("any").click();
    h.run();
    h.get_by_label("Has suggestions").click();
    h.run();
    assert_eq!(listed(&h), 1);
    h.get_by_label_contains("third ·");
    h.get_by_label("Has suggestions").click();
    h.get_by_label("Status").click();
    h.run();
    h.get_by_role_and_label(egui::accesskit::Role::Button, "new")
        .click();
    h.run();
    assert_eq!(listed(&h), 2, "the done one is hidden");
    // Rows say the status in words, and the span count.
    assert_eq!(h.query_all_by_label("1 span").count(), 2);
    assert!(h.query_by_label_contains("[new]").is_none());
}

#[test]
fn a_long_title_is_cut_and_the_span_count_stays_in_view() {
    let mut dataset = cities();
    let long = format!(
        "{} Zürich.",
        "A very long headline about Zoë and José ".repeat(12)
    );
    dataset.documents[1] = Document::new("long", long);
    dataset.documents[1].spans = vec![
        Span::new(0, 1, "PERSON"),
        Span::new(2, 6, "ORG"),
        Span::new(7, 11, "LOC"),
    ];
    let mut h = harness(App::new(dataset, None));
    h.run();
    let count = h.get_by_label("3 spans").rect();
    let row = h
        .get_by_label_contains("long · A very long headline")
        .rect();
    let panel_right = h.get_by_label("Search text").rect().max.x;
    assert!(
        count.max.x <= panel_right + 1.0,
        "count {count:?} inside the list ({panel_right})"
    );
    assert!(
        row.max.x <= count.min.x,
        "the title {row:?} stops before the count {count:?}"
    );
    // The full title shows on hover (the tooltip: the id, then the title).
    let tooltip = |h: &Harness<'_, App>| {
        h.query_all_by_label_contains("long\nA very long headline")
            .next()
            .is_some()
    };
    assert!(!tooltip(&h), "no tooltip before the hover");
    h.get_by_label_contains("long · A very long headline")
        .hover();
    h.run();
    assert!(tooltip(&h), "the tooltip holds the full title");
}
