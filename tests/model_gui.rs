//! The model in the loop, driven as a user drives it: spans accepted in a
//! few documents train the model in the background (frames keep coming
//! while it trains), its suggestions appear in the next document with
//! their confidence, review walks them least confident first, and
//! accepting every model suggestion above a threshold is one undo step.

#![cfg(feature = "gui")]

mod common;

use std::time::{Duration, Instant};

use common::harness;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use spanlab::app::model_loop::ModelSettings;
use spanlab::app::review_order::ReviewOrder;
use spanlab::app::{App, Command};
use spanlab::model::{Dataset, Document, LabelSet, Origin, Span, Status};

/// Who or what is named in each document, and the label key of its label.
const NAMED: [(&str, Key); 14] = [
    ("Mike Pompeo", Key::P),
    ("Reuters", Key::O),
    ("Moon Jae-in", Key::P),
    ("Angela Merkel", Key::P),
    ("Gazprom", Key::O),
    ("Justin Trudeau", Key::P),
    ("Nissan Motor", Key::O),
    ("Jacinda Ardern", Key::P),
    ("Boris Johnson", Key::P),
    ("Xinhua", Key::O),
    ("Narendra Modi", Key::P),
    ("Siemens", Key::O),
    ("Pedro Sanchez", Key::P),
    ("Rutte", Key::P),
];

const OPENING: &str = "On Monday ";

/// One document per person: "On Monday NAME said the talks would go on ."
/// and a sentence without a name; nothing accepted yet.
fn dataset() -> Dataset {
    let mut dataset = Dataset::new(LabelSet::default());
    for (i, (name, _)) in NAMED.iter().enumerate() {
        let text =
            format!("{OPENING}{name} said the talks would go on .\nThe talks went on for hours .");
        dataset
            .documents
            .push(Document::new(format!("d{i:02}"), text));
    }
    dataset
}

/// The char range of the first person named in document `i`.
fn first_name(i: usize) -> std::ops::Range<usize> {
    let start = OPENING.chars().count();
    start..start + NAMED[i].0.chars().count()
}

fn frames(h: &mut Harness<'_, App>, n: usize) {
    for _ in 0..n {
        h.step();
    }
}

/// Steps frames until the model is trained and idle (a timeout fails the test).
fn until_trained(h: &mut Harness<'_, App>) {
    let end = Instant::now() + Duration::from_secs(90);
    loop {
        h.step();
        let m = h.state().model_loop();
        if m.model().is_some() && !m.is_busy() {
            return;
        }
        assert!(
            Instant::now() < end,
            "the model did not finish training: {m:?}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Labels the name in the first `n` documents with its label key (P, O)
/// and marks each done (Ctrl+Enter), as a user does.
fn annotate(h: &mut Harness<'_, App>, n: usize) {
    for (i, (_, key)) in NAMED.iter().enumerate().take(n) {
        assert_eq!(h.state().current_document(), i, "on document {i}");
        h.state_mut().select(first_name(i));
        frames(h, 1);
        h.key_press(*key);
        frames(h, 1);
        h.key_press_modifiers(Modifiers::COMMAND, Key::Enter);
        frames(h, 1);
    }
}

fn model_suggestions(doc: &Document) -> Vec<(Span, f64)> {
    doc.suggestions
        .iter()
        .filter_map(|s| match s.origin {
            Origin::Model(c) => Some((s.clone(), c.get())),
            _ => None,
        })
        .collect()
}

/// The app with the gates open (any F1, any number of sentences), after
/// spans accepted in eight documents and the background training done.
fn trained() -> Harness<'static, App> {
    let mut h = harness(App::new(dataset(), None).with_model_training(true));
    h.state_mut()
        .queue(Command::SetModelSettings(ModelSettings {
            threshold: 0.0,
            min_sentences: 0,
            train: true,
        }));
    frames(&mut h, 2);
    annotate(&mut h, 8);
    assert!(
        h.state().model_loop().is_busy(),
        "accepted spans queue a training run"
    );
    until_trained(&mut h);
    h
}

#[test]
fn accepted_spans_train_the_model_in_the_background_and_it_suggests_in_the_next_document() {
    let mut h = trained();
    let app = h.state();
    let report = app.model_loop().model().expect("trained").report();
    assert_eq!(report.documents, 8, "learned from the eight done documents");
    assert!(
        app.model_loop()
            .status_line()
            .starts_with("model: 16 sentences"),
        "{}",
        app.model_loop().status_line()
    );
    // The ninth document, new, was on screen while it trained; the model
    // suggests there once it is ready.
    frames(&mut h, 2);
    let app = h.state();
    assert_eq!(app.current_document(), 8);
    let doc = &app.dataset().documents[8];
    let found = model_suggestions(doc);
    let wanted = Span::new(first_name(8).start, first_name(8).end, "PERSON");
    assert!(
        found
            .iter()
            .any(|(s, _)| s.char_range() == wanted.char_range() && s.label == "PERSON"),
        "{found:?}"
    );
    assert!(
        found.iter().all(|(_, c)| (0.0..=1.0).contains(c)),
        "{found:?}"
    );
    assert!(
        app.message()
            .is_some_and(|m| m.contains("The model suggests")),
        "{:?}",
        app.message()
    );
    // Hovering the suggestion shows the model's confidence.
    let (_, confidence) = found
        .iter()
        .find(|(s, _)| s.char_range() == wanted.char_range())
        .cloned()
        .expect("found above");
    let rect = app.view().char_rect(wanted.start.0 + 1).expect("laid out");
    h.hover_at(rect.center());
    // Past egui's tooltip delay.
    for _ in 0..60 {
        h.step();
        std::thread::sleep(Duration::from_millis(10));
    }
    let tip = format!(
        "suggestion PERSON from the model · confidence {:.0}%",
        confidence * 100.0
    );
    h.get_by_label(&tip);
}

/// Runs the rules and the model on every document (Ctrl+Shift+J) and
/// waits for them.
fn suggest_everywhere(h: &mut Harness<'_, App>) {
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::J);
    frames(h, 1);
    h.state_mut().wait_for_suggestions();
    frames(h, 1);
}

/// Every model suggestion of the dataset: (document, span, confidence).
fn every_model_suggestion(dataset: &Dataset) -> Vec<(usize, Span, f64)> {
    dataset
        .documents
        .iter()
        .enumerate()
        .flat_map(|(d, doc)| {
            model_suggestions(doc)
                .into_iter()
                .map(move |(s, c)| (d, s, c))
        })
        .collect()
}

#[test]
fn review_walks_the_least_confident_model_suggestion_first() {
    let mut h = trained();
    suggest_everywhere(&mut h);
    // What the walk must be: the model's suggestions by confidence (ties
    // in reading order), then the rules'.
    let mut expected = every_model_suggestion(h.state().dataset());
    let reading: Vec<(usize, Span)> = expected.iter().map(|(d, s, _)| (*d, s.clone())).collect();
    expected.sort_by(|a, b| {
        a.2.total_cmp(&b.2)
            .then(a.0.cmp(&b.0))
            .then(a.1.start.cmp(&b.1.start))
    });
    let expected: Vec<(usize, Span)> = expected.into_iter().map(|(d, s, _)| (d, s)).collect();
    assert!(
        expected.len() >= 4,
        "the model suggests in the new documents: {expected:?}"
    );
    assert_ne!(expected, reading, "the confidences reorder the walk");
    h.state_mut()
        .queue(Command::OrderReview(ReviewOrder::LeastConfident));
    frames(&mut h, 1);
    h.key_press_modifiers(Modifiers::COMMAND, Key::R);
    frames(&mut h, 1);
    let mut walked = Vec::new();
    while let Some(item) = h.state().reviewing().cloned() {
        walked.push(item);
        h.key_press(Key::Space);
        frames(&mut h, 1);
        assert!(walked.len() < 500, "the walk ends");
    }
    let n = expected.len();
    assert_eq!(walked[..n], expected[..], "least confident first");
    assert!(
        walked[n..]
            .iter()
            .all(|(_, s)| !matches!(s.origin, Origin::Model(_))),
        "the rules' suggestions after: {walked:?}"
    );
}

#[test]
fn accepting_every_model_suggestion_above_a_threshold_is_one_undo_step() {
    let mut h = trained();
    suggest_everywhere(&mut h);
    let before = h.state().dataset().clone();
    let all = every_model_suggestion(&before);
    let mut confidences: Vec<f64> = all.iter().map(|(_, _, c)| *c).collect();
    confidences.sort_by(f64::total_cmp);
    // A threshold between the lowest and the highest, so some stay pending.
    let t = confidences[confidences.len() / 2];
    let (above, below): (Vec<_>, Vec<_>) = all.iter().partition(|(_, _, c)| *c >= t);
    assert!(
        !above.is_empty() && !below.is_empty(),
        "some above the threshold, some below: {confidences:?}"
    );
    h.state_mut().queue(Command::SetMinConfidence(t));
    h.state_mut()
        .queue(Command::AcceptConfident { dataset: true });
    frames(&mut h, 1);
    let after = h.state().dataset().clone();
    for (d, s, _) in &above {
        assert!(after.documents[*d].spans.contains(s), "accepted: {s:?}");
        assert_ne!(after.documents[*d].status, Status::New, "started");
    }
    for (d, s, _) in &below {
        assert!(
            after.documents[*d].suggestions.contains(s),
            "still pending: {s:?}"
        );
    }
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    frames(&mut h, 1);
    assert_eq!(
        h.state().dataset(),
        &before,
        "one Ctrl+Z restores the dataset exactly"
    );
}

#[test]
fn the_rules_window_counts_the_models_decisions_like_a_rules_and_settings_persist() {
    let mut h = trained();
    assert_eq!(
        h.state().persisted.model.min_sentences,
        0,
        "the window's settings are kept between runs"
    );
    let pending = model_suggestions(&h.state().dataset().documents[8]).len();
    assert!(pending > 0, "the model suggested in document 8");
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::R);
    frames(&mut h, 2);
    h.get_by_label("rule model on");
    h.get_by_label("accept all of model").click();
    frames(&mut h, 2);
    let app = h.state();
    assert!(
        app.dataset()
            .documents
            .iter()
            .all(|d| model_suggestions(d).is_empty()),
        "every model suggestion accepted"
    );
    let stats = spanlab::rules::rule_stats(app.dataset());
    let model = stats.get("model").copied().unwrap_or_default();
    assert_eq!(model.accepted, pending, "{model:?}");
    assert_eq!(model.precision(), Some(1.0), "{model:?}");
}
