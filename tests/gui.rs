//! The annotator driven as a user drives it: pointer drags, keys, menu
//! clicks by accessible label, with the accessibility check on (every
//! widget has an accessible name). Assertions are on the resulting dataset.

#![cfg(feature = "gui")]

mod common;

use common::harness;
use egui::{Event, Key, Modifiers, PointerButton, Pos2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use spanlab::app::{App, Command};
use spanlab::model::{Dataset, Span, Status};

/// The sample plus a second, accented document.
fn two_documents() -> Dataset {
    let mut dataset = spanlab::assets::sample_dataset();
    dataset.documents.push(spanlab::model::Document::new(
        "zurich",
        "Zoë Saldaña met José Martí in Zürich on Monday.\r\nThen they left.",
    ));
    dataset
}

/// The selected char range.
fn selected(harness: &Harness<'_, App>) -> Option<std::ops::Range<usize>> {
    harness
        .state()
        .view()
        .selection
        .as_ref()
        .map(spanlab::app::Selection::range)
}

fn spans(harness: &Harness<'_, App>) -> Vec<Span> {
    let app = harness.state();
    app.dataset().documents[app.current_document()]
        .spans
        .clone()
}

/// Drags with the primary button from the middle of char `from` to the
/// middle of char `to`, in paced steps as a hand would.
fn drag_chars(harness: &mut Harness<'_, App>, from: usize, to: usize, modifiers: Modifiers) {
    let start = harness
        .state()
        .view()
        .char_rect(from)
        .expect("char on screen")
        .center();
    let end = harness
        .state()
        .view()
        .char_rect(to)
        .expect("char on screen")
        .center();
    drag_points(harness, start, end, modifiers);
}

/// Drags with the primary button from `start` to `end` in paced steps.
fn drag_points(harness: &mut Harness<'_, App>, start: Pos2, end: Pos2, modifiers: Modifiers) {
    let press = |pos: Pos2, pressed: bool| Event::PointerButton {
        pos,
        button: PointerButton::Primary,
        pressed,
        modifiers,
    };
    harness
        .input_mut()
        .events
        .push(Event::ModifiersChanged(modifiers));
    harness.input_mut().events.push(Event::PointerMoved(start));
    harness.step();
    harness.input_mut().events.push(press(start, true));
    harness.step();
    for i in 1..=4u8 {
        let t = f32::from(i) / 4.0;
        harness
            .input_mut()
            .events
            .push(Event::PointerMoved(start + (end - start) * t));
        harness.step();
    }
    harness.input_mut().events.push(press(end, false));
    harness.step();
    harness
        .input_mut()
        .events
        .push(Event::ModifiersChanged(Modifiers::NONE));
    harness.run();
}

#[test]
fn drag_select_label_relabel_delete_undo_redo() {
    let mut harness = harness(App::sample());
    harness.run();
    // "Mike Pompeo" is chars 19..30; drag from inside "Mike" to inside "Pompeo":
    // the selection snaps to whole words.
    drag_chars(&mut harness, 20, 27, Modifiers::NONE);
    assert_eq!(selected(&harness), Some(19..30));
    harness.key_press(Key::P);
    harness.run();
    assert_eq!(spans(&harness), [Span::new(19, 30, "PERSON")]);
    assert_eq!(
        harness.state().dataset().documents[0].status,
        Status::InProgress
    );
    assert!(harness.state().session().is_dirty());

    // The new span is selected: its hotkey relabels it.
    harness.key_press(Key::O);
    harness.run();
    assert_eq!(spans(&harness), [Span::new(19, 30, "ORG")]);

    // Delete removes it.
    harness.key_press(Key::Delete);
    harness.run();
    assert_eq!(spans(&harness), []);

    // Undo each step, then redo each.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(spans(&harness), [Span::new(19, 30, "ORG")]);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(spans(&harness), [Span::new(19, 30, "PERSON")]);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(spans(&harness), []);
    assert!(
        !harness.state().session().is_dirty(),
        "back at the loaded revision"
    );
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Y);
    harness.run();
    assert_eq!(spans(&harness), [Span::new(19, 30, "PERSON")]);
    harness.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    harness.run();
    assert_eq!(spans(&harness), [Span::new(19, 30, "ORG")]);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Y);
    harness.run();
    assert_eq!(spans(&harness), []);
}

#[test]
fn alt_drag_selects_exact_characters() {
    let mut harness = harness(App::sample());
    harness.run();
    // "Pompeo" is 24..30; Alt-drag from the left edge of "o" (25) to the
    // right edge of "e" (27) selects exactly "omp e": 25..28, not the word.
    let rect = |c: usize| harness.state().view().char_rect(c).expect("on screen");
    let from = rect(25).left_center() + egui::vec2(0.5, 0.0);
    let to = rect(27).right_center() - egui::vec2(0.5, 0.0);
    drag_points(&mut harness, from, to, Modifiers::ALT);
    assert_eq!(selected(&harness), Some(25..28));
}

#[test]
fn keyboard_only_labelling() {
    let mut harness = harness(App::sample());
    harness.run();
    // Right arrow puts the word cursor on the first word, then walks.
    harness.key_press(Key::ArrowRight);
    harness.run();
    assert_eq!(selected(&harness), Some(0..9));
    for _ in 0..3 {
        harness.key_press(Key::ArrowRight);
        harness.run();
    }
    // On "Mike"; Shift+Right extends over "Pompeo"; p labels it.
    assert_eq!(selected(&harness), Some(19..23));
    harness.key_press_modifiers(Modifiers::SHIFT, Key::ArrowRight);
    harness.run();
    harness.key_press(Key::P);
    harness.run();
    assert_eq!(spans(&harness), [Span::new(19, 30, "PERSON")]);
    // Right moves on from the new span; End goes to the last word of the row.
    harness.key_press(Key::ArrowRight);
    harness.run();
    assert_eq!(selected(&harness), Some(31..34));
    harness.key_press(Key::Home);
    harness.run();
    assert_eq!(selected(&harness), Some(0..9));
    harness.key_press(Key::ArrowDown);
    harness.run();
    let below = selected(&harness).unwrap();
    assert!(below.start > 9, "down moves to a later row: {below:?}");
    // Overlapping labels are refused with a message and change nothing:
    // from the first word, Shift+Right over "of State Mike" reaches into
    // the PERSON span; ORG there is refused.
    harness.key_press(Key::ArrowUp);
    harness.key_press(Key::Home);
    harness.run();
    assert_eq!(selected(&harness), Some(0..9));
    for _ in 0..3 {
        harness.key_press_modifiers(Modifiers::SHIFT, Key::ArrowRight);
    }
    harness.run();
    assert_eq!(selected(&harness), Some(0..23));
    let before = spans(&harness);
    harness.key_press(Key::O);
    harness.run();
    assert_eq!(spans(&harness), before);
    let message = harness.state().message().unwrap_or_default().to_owned();
    assert!(message.contains("Overlaps PERSON [19, 30)"), "{message}");
    // Escape clears the selection.
    harness.key_press(Key::Escape);
    harness.run();
    assert_eq!(harness.state().view().selection, None);
}

#[test]
fn overlapping_spans_are_refused_with_a_message() {
    let mut harness = harness(App::sample());
    harness.run();
    drag_chars(&mut harness, 20, 27, Modifiers::NONE);
    harness.key_press(Key::P);
    harness.run();
    drag_chars(&mut harness, 25, 33, Modifiers::NONE);
    harness.key_press(Key::O);
    harness.run();
    assert_eq!(spans(&harness), [Span::new(19, 30, "PERSON")]);
    let message = harness.state().message().unwrap_or_default().to_owned();
    assert!(message.contains("Overlaps PERSON [19, 30)"), "{message}");
}

#[test]
fn switching_documents_and_marking_done() {
    let mut harness = harness(App::new(two_documents(), None));
    harness.run();
    assert_eq!(harness.state().current_document(), 0);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::PageDown);
    harness.run();
    assert_eq!(harness.state().current_document(), 1);
    harness.key_press_modifiers(Modifiers::ALT, Key::ArrowUp);
    harness.run();
    assert_eq!(harness.state().current_document(), 0);
    // Mark done and next, from the keyboard.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Enter);
    harness.run();
    assert_eq!(harness.state().dataset().documents[0].status, Status::Done);
    assert_eq!(harness.state().current_document(), 1);
    // Click a document in the list.
    harness.get_by_label_contains("north-korea-talks ·").click();
    harness.run();
    assert_eq!(harness.state().current_document(), 0);
    harness.get_by_label("1 of 2 done");
}

/// Saves through File > Save as… and the in-app path prompt.
fn save_as(harness: &mut Harness<'_, App>, path: &std::path::Path) {
    harness.get_by_label("File").click();
    harness.run();
    harness
        .get_by_label_contains(Command::SaveAs.label())
        .click();
    harness.run();
    let field = harness.get_by_label("File path");
    field.focus();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness
        .get_by_label("File path")
        .type_text(path.to_str().expect("test paths are UTF-8"));
    harness.run();
    harness.key_press(Key::Enter);
    harness.run();
}

#[test]
fn save_to_ron_and_json_then_reload_both() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness(App::new(two_documents(), None));
    harness.run();
    drag_chars(&mut harness, 20, 27, Modifiers::NONE);
    harness.key_press(Key::P);
    harness.run();
    let ron = dir.path().join("labelled.ron");
    save_as(&mut harness, &ron);
    assert_eq!(harness.state().path(), Some(ron.as_path()));
    assert!(!harness.state().session().is_dirty());
    let json = dir.path().join("labelled.json");
    save_as(&mut harness, &json);
    assert_eq!(harness.state().path(), Some(json.as_path()));

    let from_ron = spanlab::store::load(&ron).unwrap();
    let from_json = spanlab::store::load(&json).unwrap();
    assert_eq!(&from_ron, harness.state().dataset());
    assert_eq!(from_ron, from_json);
    assert_eq!(from_ron.documents[0].spans, [Span::new(19, 30, "PERSON")]);

    // Reopen through the app: the same dataset comes back.
    let mut app = App::new(Dataset::default(), None);
    app.open_paths(std::slice::from_ref(&ron)).unwrap();
    assert_eq!(app.dataset(), &from_json);
}

#[test]
fn a_bad_save_path_keeps_the_prompt_open_with_the_reason() {
    let mut harness = harness(App::sample());
    harness.run();
    save_as(&mut harness, std::path::Path::new("/no/such/folder/x.ron"));
    harness.get_by_label_contains("/no/such/folder/x.ron: cannot save");
    assert_eq!(harness.state().path(), None);
}

#[test]
fn every_command_is_in_the_readme_key_table() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    assert!(
        readme.contains(&spanlab::app::markdown_key_table()),
        "README.md's key table is out of date; paste this:\n{}",
        spanlab::app::markdown_key_table()
    );
}

#[test]
fn quitting_with_unsaved_changes_asks_first() {
    let mut harness = harness(App::sample());
    harness.run();
    drag_chars(&mut harness, 20, 27, Modifiers::NONE);
    harness.key_press(Key::P);
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Q);
    harness.run();
    harness.get_by_label("Unsaved changes");
    harness.get_by_label("Cancel").click();
    harness.run();
    assert!(
        harness.query_by_label("Unsaved changes").is_none(),
        "cancel closes the question"
    );
    assert_eq!(spans(&harness).len(), 1, "nothing lost");
    // Opening another file asks the same question.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::O);
    harness.run();
    harness.get_by_label("Discard changes").click();
    harness.run();
    harness.get_by_label("File path");
}

#[test]
fn the_document_list_filters_by_search_and_status() {
    let mut harness = harness(App::new(two_documents(), None));
    harness.run();
    harness.get_by_label("Search text").focus();
    harness.get_by_label("Search text").type_text("zürich");
    harness.run();
    assert!(
        harness
            .query_by_label_contains("north-korea-talks ·")
            .is_none()
    );
    harness.get_by_label_contains("zurich ·");
    // While typing in the search box, letters are text, not label keys.
    assert!(spans(&harness).is_empty());
}

#[test]
fn opening_a_broken_file_keeps_the_open_dataset_and_says_why() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("broken.json");
    std::fs::write(&bad, "{\"version\": 1, \"labels\": ").unwrap();
    let mut app = App::sample();
    let before = app.dataset().clone();
    let err = app.open_paths(std::slice::from_ref(&bad)).unwrap_err();
    assert!(err.contains("broken.json:1:"), "{err}");
    assert_eq!(app.dataset(), &before);
    // `spanlab FILE` with a bad file opens the sample and shows the error.
    let app = App::from_args(&[bad]);
    assert!(app.message().unwrap_or_default().contains("broken.json"));
    // A folder of text files is imported as a new, unsaved dataset.
    std::fs::write(dir.path().join("a.txt"), "Mike Pompeo").unwrap();
    let app = App::from_args(&[dir.path().to_path_buf()]);
    let ids: Vec<&str> = app
        .dataset()
        .documents
        .iter()
        .map(|d| d.id.as_str())
        .collect();
    assert_eq!(ids, ["a"]);
    assert_eq!(
        app.path(),
        None,
        "an import is saved under a name the user chooses"
    );
}

#[test]
fn file_import_and_export_through_the_menus() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness(App::sample());
    harness.run();
    // Import the doccano sample, guessing its format.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::I);
    harness.run();
    let source = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/doccano/example.jsonl"
    );
    harness.get_by_label("Transfer path").focus();
    harness.get_by_label("Transfer path").type_text(source);
    harness.run();
    harness.get_by_label("Import").click();
    harness.step();
    harness.state_mut().wait_for_job();
    harness.run();
    assert_eq!(harness.state().dataset().documents.len(), 3);
    assert_eq!(spans(&harness).len(), 2, "EU and German");
    harness.get_by_label("Import report");
    assert!(
        harness.state().dataset().labels.contains("MISC"),
        "new labels are added"
    );

    // Export it as CoNLL, split in two.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::E);
    harness.run();
    harness.get_by_label("Format").click();
    harness.run();
    harness.get_by_label("conll").click();
    harness.run();
    let out = dir.path().join("corpus");
    harness.get_by_label("Transfer path").focus();
    harness
        .get_by_label("Transfer path")
        .type_text(out.to_str().expect("UTF-8 path"));
    harness.get_by_label("Split").focus();
    harness.get_by_label("Split").type_text("train=2,test=1");
    harness.run();
    harness.get_by_label("Export").click();
    harness.step();
    harness.state_mut().wait_for_job();
    harness.run();
    let train = std::fs::read_to_string(out.join("train.conll")).unwrap();
    let test = std::fs::read_to_string(out.join("test.conll")).unwrap();
    assert_eq!(
        train.matches("-DOCSTART-").count() + test.matches("-DOCSTART-").count(),
        3
    );
    // Every span begins with one B- tag (IOB2), in one file or the other.
    let spans_total: usize = harness
        .state()
        .dataset()
        .documents
        .iter()
        .map(|d| d.spans.len())
        .sum();
    let begins = |s: &str| s.lines().filter(|l| l.contains(" B-")).count();
    assert_eq!(begins(&train) + begins(&test), spans_total);
    assert!(spans_total > 0);
    harness.get_by_label("Export report");
}

#[test]
fn a_failed_import_keeps_the_open_dataset() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.conll");
    std::fs::write(&bad, "EU B-ORG\nrejects\n").unwrap();
    let mut harness = harness(App::sample());
    harness.run();
    let before = harness.state().dataset().clone();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::I);
    harness.run();
    harness.get_by_label("Transfer path").focus();
    harness
        .get_by_label("Transfer path")
        .type_text(bad.to_str().expect("UTF-8 path"));
    harness.run();
    harness.get_by_label("Import").click();
    harness.step();
    harness.state_mut().wait_for_job();
    harness.run();
    assert_eq!(harness.state().dataset(), &before);
    let message = harness.state().message().unwrap_or_default().to_owned();
    assert!(
        message.contains("bad.conll:2: expected a token and a tag"),
        "{message}"
    );
}

/// The text of a span of the current document.
fn text_of(harness: &Harness<'_, App>, span: &Span) -> String {
    let doc = &harness.state().dataset().documents[harness.state().current_document()];
    spanlab::text::OffsetIndex::new(&doc.text)
        .slice(span.start, span.end)
        .expect("span in the text")
        .to_owned()
}

#[test]
fn reviewing_suggestions_by_keys() {
    let mut harness = harness(App::sample());
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::J);
    // The rules run on a worker thread: wait for their result.
    harness.run();
    harness.state_mut().wait_for_suggestions();
    harness.run();
    let pending = harness.state().dataset().documents[0].suggestions.len();
    assert!(pending > 40, "{pending} suggestions from the default rules");
    harness.key_press_modifiers(Modifiers::COMMAND, Key::R);
    harness.run();
    let first = harness.state().reviewing().cloned().unwrap();
    assert_eq!(
        (first.1.start.0, first.1.end.0, first.1.label.as_str()),
        (19, 30, "PERSON")
    );
    // A accepts: a span whose origin names the rule.
    harness.key_press(Key::A);
    harness.run();
    let accepted = spans(&harness);
    assert_eq!(accepted.len(), 1);
    assert_eq!(
        accepted[0].origin,
        spanlab::model::Origin::Rule("titles".into())
    );
    // X rejects the next one.
    let second = harness.state().reviewing().cloned().unwrap();
    harness.key_press(Key::X);
    harness.run();
    assert!(
        harness.state().dataset().documents[0]
            .rejected
            .contains(&second.1)
    );
    // Space skips, Backspace undoes the last decision and goes back to it.
    let third = harness.state().reviewing().cloned().unwrap();
    harness.key_press(Key::Space);
    harness.run();
    assert_ne!(harness.state().reviewing(), Some(&third));
    assert!(
        harness.state().dataset().documents[0]
            .suggestions
            .contains(&third.1),
        "skipped stays pending"
    );
    harness.key_press(Key::Backspace);
    harness.run();
    assert_eq!(harness.state().reviewing(), Some(&second));
    assert!(
        harness.state().dataset().documents[0].rejected.is_empty(),
        "the rejection is undone"
    );
    // Walk to a "Pompeo" suggestion and accept all like it with Shift+A.
    for _ in 0..10 {
        let (_, span) = harness.state().reviewing().cloned().unwrap();
        if text_of(&harness, &span) == "Pompeo" {
            break;
        }
        harness.key_press(Key::Space);
        harness.run();
    }
    let before = spans(&harness).len();
    harness.key_press_modifiers(Modifiers::SHIFT, Key::A);
    harness.run();
    let pompeos = spans(&harness)
        .iter()
        .filter(|s| text_of(&harness, s) == "Pompeo")
        .count();
    assert_eq!(pompeos, 5, "every pending Pompeo PERSON accepted");
    assert_eq!(spans(&harness).len(), before + 5);
    // One undo step takes them all back.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(spans(&harness).len(), before);
    // Escape stops the review.
    harness.key_press(Key::Escape);
    harness.run();
    assert!(harness.state().reviewing().is_none());
}

#[test]
fn propagating_a_span_to_its_other_occurrences() {
    let mut harness = harness(App::sample());
    harness.run();
    // "Pompeo" at 24..30 as PERSON, then propagate in the document.
    harness.state_mut().select(24..30);
    harness.key_press(Key::P);
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::G);
    harness.run();
    let doc = &harness.state().dataset().documents[0];
    assert_eq!(doc.suggestions.len(), 5, "five other Pompeo");
    assert!(doc.suggestions.iter().all(|s| s.label == "PERSON"));
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    // With Shift they are accepted at once, as one undo step.
    harness.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::G);
    harness.run();
    assert_eq!(spans(&harness).len(), 6);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(spans(&harness).len(), 1);
}

#[test]
fn the_rules_window_shows_counts_and_decides_in_bulk() {
    // The sample twice: the copy is where a rule switched off would show.
    let mut dataset = spanlab::assets::sample_dataset();
    let mut copy = dataset.documents[0].clone();
    copy.id = "copy".into();
    dataset.documents.push(copy);
    let mut harness = harness(App::new(dataset, None));
    harness.run();
    let from = |h: &Harness<'_, App>, doc: usize, id: &str| {
        h.state().dataset().documents[doc]
            .suggestions
            .iter()
            .filter(|s| s.origin == spanlab::model::Origin::Rule(id.into()))
            .count()
    };
    let suggest = |h: &mut Harness<'_, App>| {
        h.key_press_modifiers(Modifiers::COMMAND, Key::J);
        h.run();
        h.state_mut().wait_for_suggestions();
        h.run();
    };
    suggest(&mut harness);
    harness.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::R);
    harness.run();
    harness.get_by_label("rule titles on");
    let cities = from(&harness, 0, "cities");
    assert!(cities > 3);
    assert!(from(&harness, 0, "countries") > 0);
    harness.get_by_label("reject all of cities").click();
    harness.run();
    assert_eq!(
        harness.state().dataset().documents[0].rejected.len(),
        cities
    );
    assert_eq!(from(&harness, 0, "cities"), 0);
    // Running again here: the rejected ones are never proposed again,
    // though their rule is on.
    harness.get_by_label("rule countries on").click();
    harness.run();
    suggest(&mut harness);
    assert_eq!(from(&harness, 0, "cities"), 0);
    assert_eq!(
        harness.state().dataset().documents[0].rejected.len(),
        cities
    );
    // In the copy, the rule switched off proposes nothing; the others do.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::PageDown);
    harness.run();
    assert_eq!(harness.state().current_document(), 1);
    suggest(&mut harness);
    assert_eq!(from(&harness, 1, "countries"), 0, "switched off");
    assert!(from(&harness, 1, "cities") > 0, "on, and not rejected here");
    assert!(from(&harness, 1, "titles") > 0);
}

#[test]
fn opening_another_tools_file_imports_it_by_its_format() {
    let prodigy = std::path::PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/prodigy/annotated_news_headlines-ORG-PERSON-LOCATION-ner.jsonl"
    ));
    let app = App::from_args(&[prodigy]);
    assert_eq!(app.dataset().documents.len(), 373);
    assert!(app.dataset().labels.contains("LOCATION"));
    assert_eq!(app.path(), None);
}

#[test]
fn a_rule_switched_off_proposes_nothing_and_the_others_still_run() {
    let mut harness = harness(App::sample());
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::R);
    harness.run();
    harness.get_by_label("rule countries on").click();
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::J);
    // The rules run on a worker thread: wait for them as a user would.
    harness.run();
    harness.state_mut().wait_for_suggestions();
    harness.run();
    let doc = &harness.state().dataset().documents[0];
    let origin = |id: &str| spanlab::model::Origin::Rule(id.into());
    assert!(
        !doc.suggestions
            .iter()
            .any(|s| s.origin == origin("countries"))
    );
    assert!(
        doc.suggestions.iter().any(|s| s.origin == origin("cities")),
        "gazetteers still load"
    );
    assert!(doc.suggestions.iter().any(|s| s.origin == origin("titles")));
}

/// Suggest > Load rules… (Ctrl+Shift+L), the path typed into the prompt.
fn load_rules(harness: &mut Harness<'_, App>, path: &std::path::Path) {
    harness.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::L);
    harness.run();
    harness.get_by_label("File path").focus();
    harness
        .get_by_label("File path")
        .type_text(path.to_str().expect("UTF-8 test path"));
    harness.run();
    harness.key_press(Key::Enter);
    harness.run();
}

#[test]
fn rules_loaded_from_a_pattern_file_replace_the_defaults() {
    let dir = tempfile::tempdir().expect("temp dir");
    let patterns = dir.path().join("people.jsonl");
    std::fs::write(
        &patterns,
        "{\"label\": \"PERSON\", \"pattern\": \"Mike Pompeo\"}\n{\"label\": \"LOC\", \"pattern\": [{\"LOWER\": \"singapore\"}]}\n",
    )
    .expect("write");
    let broken = dir.path().join("broken.jsonl");
    std::fs::write(&broken, "{\"label\": \"PERSON\"}\n").expect("write");
    let mut harness = harness(App::sample());
    harness.run();
    // A broken file is refused in the prompt, naming file and line.
    load_rules(&mut harness, &broken);
    harness.get_by_label_contains("broken.jsonl:1:1: expected \"pattern\"");
    harness.key_press(Key::Escape);
    harness.run();
    load_rules(&mut harness, &patterns);
    assert!(
        harness
            .state()
            .message()
            .is_some_and(|m| m.starts_with("Loaded 2 rules from")),
        "{:?}",
        harness.state().message()
    );
    harness.key_press_modifiers(Modifiers::COMMAND, Key::J);
    harness.run();
    harness.state_mut().wait_for_suggestions();
    harness.run();
    let doc = &harness.state().dataset().documents[0];
    let origins: std::collections::BTreeSet<String> = doc
        .suggestions
        .iter()
        .map(|s| s.origin.to_string())
        .collect();
    assert!(
        doc.suggestions
            .iter()
            .any(|s| s.start.0 == 19 && s.end.0 == 30 && s.label == "PERSON"),
        "{origins:?}"
    );
    assert!(
        origins.iter().all(|o| o.contains("people:")),
        "only the loaded rules ran: {origins:?}"
    );
}

#[test]
fn rules_that_no_longer_compile_report_why_and_change_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let rules = dir.path().join("rules.ron");
    let gazetteer = dir.path().join("people.txt");
    std::fs::write(&gazetteer, "Mike Pompeo\n").expect("write");
    std::fs::write(
        &rules,
        "#![enable(implicit_some)]\n(rules: [(id: \"people\", label: \"PERSON\", priority: 1, kind: phrases(file: \"people.txt\"))])",
    )
    .expect("write");
    let mut harness = harness(App::sample());
    harness.run();
    load_rules(&mut harness, &rules);
    assert!(
        harness
            .state()
            .message()
            .is_some_and(|m| m.starts_with("Loaded 1 rule from")),
        "{:?}",
        harness.state().message()
    );
    // The gazetteer goes away after the rules were loaded: the run, which
    // compiles them on its worker thread, says so.
    std::fs::remove_file(&gazetteer).expect("remove");
    harness.key_press_modifiers(Modifiers::COMMAND, Key::J);
    harness.run();
    harness.state_mut().wait_for_suggestions();
    harness.run();
    let message = harness.state().message().unwrap_or_default().to_owned();
    assert!(
        message.contains("people") && message.contains("people.txt"),
        "{message}"
    );
    assert!(
        harness.state().dataset().documents[0]
            .suggestions
            .is_empty()
    );
    assert!(!harness.state().session().is_dirty());
}

#[test]
fn a_gazetteer_outside_the_rules_folder_is_named_when_the_rules_load() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir(dir.path().join("rules")).expect("mkdir");
    let rules = dir.path().join("rules/rules.ron");
    std::fs::write(dir.path().join("people.txt"), "Mike Pompeo\n").expect("write");
    std::fs::write(
        &rules,
        "#![enable(implicit_some)]\n(rules: [(id: \"people\", label: \"PERSON\", kind: phrases(file: \"../people.txt\"))])",
    )
    .expect("write");
    let mut harness = harness(App::sample());
    harness.run();
    load_rules(&mut harness, &rules);
    let message = harness.state().message().unwrap_or_default().to_owned();
    assert!(
        message.starts_with("Loaded 1 rule from")
            && message.contains("read a gazetteer outside the rules file's folder: ")
            && message.contains("people.txt (rule people)"),
        "{message}"
    );
}
