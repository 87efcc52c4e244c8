//! The app shell, driven as a user drives it: dialogs that answer Esc and
//! Enter, menus that close on Esc, the key sheet and the Help menu, the
//! mode panel, decisions undone only while they are the latest change, the
//! document list following the current document, and unsaved datasets
//! journaled and offered back.

#![cfg(feature = "gui")]

mod common;

use common::harness;
use egui::{Event, Key, Modifiers, MouseWheelUnit, vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use spanlab::app::App;
use spanlab::model::{Dataset, Document, Span};

fn pompeo() -> Span {
    Span::new(19, 30, "PERSON")
}

fn spans(h: &Harness<'_, App>) -> Vec<Span> {
    let app = h.state();
    app.dataset().documents[app.current_document()]
        .spans
        .clone()
}

fn label(h: &mut Harness<'_, App>, range: std::ops::Range<usize>, key: Key) {
    h.state_mut().select(range);
    h.run();
    h.key_press(key);
    h.run();
}

/// The sample with the default rules' suggestions, reviewing.
fn reviewing_sample() -> Harness<'static, App> {
    let mut h = harness(App::sample());
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::J);
    h.run();
    h.state_mut().wait_for_suggestions();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::R);
    h.run();
    h
}

#[test]
fn backspace_does_not_undo_a_hand_label_made_after_the_decision() {
    let mut h = reviewing_sample();
    let first = h.state().reviewing().cloned().expect("a suggestion");
    h.key_press(Key::A);
    h.run();
    assert_eq!(spans(&h).len(), 1, "accepted");
    // Between the decision and Backspace, a span labelled by hand.
    label(&mut h, 0..9, Key::O);
    assert!(spans(&h).contains(&Span::new(0, 9, "ORG")));
    h.key_press(Key::Backspace);
    h.run();
    assert!(
        spans(&h).contains(&Span::new(0, 9, "ORG")),
        "the hand label stays"
    );
    assert!(
        spans(&h).iter().any(|s| s.start == first.1.start),
        "and the decision"
    );
    let message = h.state().message().unwrap_or_default().to_owned();
    assert!(message.contains("no longer the latest change"), "{message}");
    // Undo the hand label (Ctrl+Z): now the decision is the latest again.
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    h.key_press(Key::Backspace);
    h.run();
    assert!(spans(&h).is_empty(), "the decision is undone");
    assert_eq!(h.state().reviewing(), Some(&first), "and shown again");
}

#[test]
fn the_mode_panel_shows_the_instructions_whatever_the_status_message() {
    let mut h = reviewing_sample();
    h.get_by_label_contains("Instructions: Reviewing (");
    // An error in the status bar does not hide them.
    h.key_press(Key::Delete);
    h.run();
    assert_eq!(h.state().message(), Some("Click a span first to delete it"));
    h.get_by_label_contains("Instructions: Reviewing (");
    assert!(
        h.state()
            .instructions()
            .is_some_and(|i| i.contains("A accept"))
    );
    h.key_press_modifiers(Modifiers::COMMAND, Key::R);
    h.run();
    assert!(h.query_by_label_contains("Instructions:").is_none());
}

/// The last row of the key sheet, a label key.
const LAST_ROW: &str = "Label the selection DATE (or relabel the selected span)";

#[test]
fn the_key_sheet_scrolls_to_the_label_keys_at_every_window_size() {
    for size in [[1024.0, 700.0], [1280.0, 800.0], [1920.0, 1080.0]] {
        let mut h = Harness::builder().with_size(size).build_ui_state(
            |ui, app: &mut App| app.ui(ui),
            App::sample().with_native_dialogs(false),
        );
        h.run();
        h.key_press(Key::F1);
        h.run();
        let first = h.get_by_label(spanlab::app::Command::Open.tooltip()).rect();
        h.hover_at(first.center());
        for _ in 0..40 {
            h.input_mut().events.push(Event::MouseWheel {
                unit: MouseWheelUnit::Point,
                delta: vec2(0.0, -200.0),
                phase: egui::TouchPhase::Move,
                modifiers: Modifiers::NONE,
                source: egui::MouseWheelSource::Wheel,
            });
            h.step();
        }
        h.run();
        let last = h.get_by_label(LAST_ROW).rect();
        assert!(
            last.max.y <= size[1] && last.min.y >= 0.0,
            "{size:?}: the last row is at {last:?}, off the window"
        );
    }
}

#[test]
fn the_help_menu_has_the_key_sheet_and_how_to_start() {
    let mut h = harness(App::sample());
    h.run();
    h.get_by_label("Help").click();
    h.run();
    h.get_by_label_contains("How to start").click();
    h.run();
    h.get_by_label_contains("Press a label key");
    h.get_by_label("Help").click();
    h.run();
    h.get_by_label_contains("Keys").click();
    h.run();
    h.get_by_label(LAST_ROW);
    // Esc closes both.
    h.key_press(Key::Escape);
    h.run();
    assert!(h.query_by_label(LAST_ROW).is_none());
    assert!(h.query_by_label_contains("Press a label key").is_none());
}

#[test]
fn escape_closes_an_open_menu_and_keeps_the_selection() {
    let mut h = harness(App::sample());
    h.run();
    h.state_mut().select(19..30);
    h.get_by_label("File").click();
    h.run();
    h.get_by_label_contains("Open…");
    h.key_press(Key::Escape);
    h.run();
    assert!(
        h.query_by_label_contains("Open…").is_none(),
        "the menu is closed"
    );
    assert_eq!(
        h.state()
            .view()
            .selection
            .as_ref()
            .map(spanlab::app::Selection::range),
        Some(19..30),
        "the Esc was the menu's, not the selection's"
    );
}

#[test]
fn the_unsaved_changes_question_answers_escape_and_enter() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("news.ron");
    spanlab::store::save(&spanlab::assets::sample_dataset(), &path).expect("save");
    let mut h = harness(App::from_args(std::slice::from_ref(&path)));
    h.run();
    label(&mut h, 19..30, Key::P);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Q);
    h.run();
    h.get_by_label("Unsaved changes");
    // Esc cancels; no key reached the document behind it.
    h.key_press(Key::Escape);
    h.run();
    assert!(h.query_by_label("Unsaved changes").is_none());
    assert_eq!(spans(&h), [pompeo()]);
    assert!(
        h.state().view().selected_span.is_some(),
        "Esc did not reach the text"
    );
    // Enter takes the default button: Save, then go on (here: the open prompt).
    h.key_press_modifiers(Modifiers::COMMAND, Key::O);
    h.run();
    h.get_by_label("Unsaved changes");
    h.key_press(Key::Enter);
    h.run();
    assert!(!h.state().session().is_dirty());
    let saved = spanlab::store::load(&path).expect("saved");
    assert_eq!(saved.documents[0].spans, [pompeo()]);
    h.get_by_label("File path");
}

#[test]
fn the_first_escape_closes_the_import_dialog() {
    let mut h = harness(App::sample());
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::I);
    h.run();
    h.get_by_label("Transfer path").type_text("somewhere");
    h.run();
    assert!(h.get_by_label("Transfer path").is_focused());
    h.key_press(Key::Escape);
    h.run();
    assert!(h.query_by_label("Transfer path").is_none());
}

#[test]
fn the_document_list_follows_ctrl_page_down() {
    let mut dataset = Dataset::new(spanlab::assets::sample_dataset().labels);
    for i in 0..80 {
        dataset.documents.push(Document::new(
            format!("doc-{i:02}"),
            "Zoë met José in Zürich.",
        ));
    }
    let mut h = harness(App::new(dataset, None));
    h.run();
    assert!(
        h.query_by_label_contains("doc-60 ·").is_none(),
        "far down the list"
    );
    for _ in 0..60 {
        h.key_press_modifiers(Modifiers::COMMAND, Key::PageDown);
    }
    h.run();
    assert_eq!(h.state().current_document(), 60);
    let row = h.get_by_label_contains("doc-60 ·").rect();
    assert!(row.min.y > 0.0 && row.max.y < 800.0, "{row:?}");
}

#[test]
fn the_status_bar_never_says_saved_without_a_file() {
    let mut h = harness(App::sample());
    h.run();
    h.get_by_label("not saved to a file");
    assert!(h.query_by_label("saved").is_none());
    label(&mut h, 19..30, Key::P);
    h.get_by_label("* unsaved changes");
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert!(!h.state().session().is_dirty());
    h.get_by_label("not saved to a file");
    assert!(h.query_by_label("saved").is_none());
}

#[test]
fn unsaved_work_on_the_sample_is_offered_back_at_the_next_start() {
    let data = tempfile::tempdir().expect("temp dir");
    let start = || harness(App::sample().with_data_dir(Some(data.path().to_path_buf())));
    let mut h = start();
    h.run();
    label(&mut h, 19..30, Key::P);
    // A second window meanwhile is offered nothing: the work is this window's.
    let mut other = start();
    other.run();
    assert!(other.query_by_label("Recover unsaved work").is_none());
    drop(other);
    // The window goes away without saving (as in a crash).
    drop(h);
    let mut h = start();
    h.run();
    h.get_by_label("Recover unsaved work");
    h.get_by_label_contains("1 edit to a dataset that was never saved to a file");
    h.get_by_label("Recover").click();
    h.run();
    assert_eq!(spans(&h), [pompeo()]);
    assert!(h.state().session().is_dirty());
    assert_eq!(h.state().path(), None);
    // Recovered work goes on being journaled: more edits, then another restart.
    label(&mut h, 0..9, Key::O);
    drop(h);
    let mut h = start();
    h.run();
    h.get_by_label("Recover").click();
    h.run();
    assert_eq!(spans(&h), [Span::new(0, 9, "ORG"), pompeo()]);
}
