use super::*;
use crate::model::{Document, LabelSet, Span};
use crate::rules::RulesFile;

/// The default rules, as the app reads them.
fn rules() -> RulesToRead {
    (crate::rules::default_rules_file(), None)
}

const NAMES: [&str; 8] = [
    "Mike Pompeo",
    "Kim Jong Un",
    "Moon Jae-in",
    "Angela Merkel",
    "Emmanuel Macron",
    "Justin Trudeau",
    "Shinzo Abe",
    "Jacinda Ardern",
];

/// Documents "Yesterday NAME said no ." with the name accepted in the first `done`.
fn dataset(done: usize) -> Dataset {
    let mut dataset = Dataset::new(LabelSet::default());
    for (i, name) in NAMES.iter().enumerate() {
        let mut doc = Document::new(format!("d{i}"), format!("Yesterday {name} said no ."));
        if i < done {
            doc.spans
                .push(Span::new(10, 10 + name.chars().count(), "PERSON"));
            doc.status = Status::Done;
        }
        dataset.documents.push(doc);
    }
    dataset
}

fn enabled() -> ModelLoop {
    let mut m = ModelLoop::default();
    m.enable(true);
    m
}

#[test]
fn a_change_trains_after_the_quiet_spell_off_the_calling_thread() {
    let mut m = enabled();
    let data = dataset(0);
    assert_eq!(m.replaced(&data, None, 0), None);
    assert!(!m.is_busy(), "nothing to learn: no run queued");
    let t0 = Instant::now();
    let data = dataset(6);
    assert_eq!(m.observe(&data, None, &rules, (1, 0), t0), None);
    assert!(m.is_busy() && !m.is_training(), "queued, waiting for quiet");
    m.observe(&data, None, &rules, (1, 0), t0 + DEBOUNCE / 2);
    assert!(!m.is_training(), "not before the quiet spell");
    m.observe(&data, None, &rules, (1, 0), t0 + DEBOUNCE);
    assert!(m.is_training(), "started once quiet");
    assert!(
        m.status_line().ends_with("training…"),
        "{}",
        m.status_line()
    );
    let message = m.wait_until_idle(&data, None, (1, 0), Duration::from_mins(1));
    assert_eq!(message, None);
    let model = m.model().expect("trained");
    assert_eq!(
        model.report().documents,
        6,
        "learned from the six done documents"
    );
}

#[test]
fn edits_that_do_not_touch_accepted_spans_queue_nothing() {
    let mut m = enabled();
    let mut data = dataset(3);
    m.replaced(&data, None, 0);
    m.wait_until_idle(&data, None, (0, 0), Duration::from_mins(1));
    assert!(m.model().is_some(), "trained on open: nothing on disk");
    data.documents[5]
        .suggestions
        .push(Span::new(0, 3, "PERSON"));
    m.observe(&data, None, &rules, (1, 0), Instant::now());
    assert!(!m.is_busy(), "a new suggestion teaches nothing");
    data.documents[5].status = Status::Done;
    data.documents[5].spans.push(Span::new(10, 20, "PERSON"));
    m.observe(&data, None, &rules, (2, 0), Instant::now());
    assert!(m.is_busy(), "a newly accepted span queues a run");
}

#[test]
fn the_model_is_saved_beside_the_dataset_and_read_on_open() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("news.ron");
    let data = dataset(6);
    let mut m = enabled();
    m.replaced(&data, Some(&path), 0);
    let message = m.wait_until_idle(&data, Some(&path), (0, 0), Duration::from_mins(1));
    assert_eq!(message, None);
    assert!(store::model_path(&path).exists(), "saved as a sidecar");
    let mut again = enabled();
    assert_eq!(again.replaced(&data, Some(&path), 1), None);
    assert!(again.model().is_some(), "read on open");
    assert!(!again.is_busy(), "a model on disk: no retraining on open");
    // Its rules are compiled on a worker, not on the calling thread.
    assert!(again.rules().is_none());
    assert!(matches!(again.rules_for_model(&rules), (None, None)));
    assert!(again.rules_pending());
    let end = Instant::now() + Duration::from_mins(1);
    let compiled = loop {
        if let (Some(r), note) = again.rules_for_model(&rules) {
            assert_eq!(note, None);
            break r;
        }
        assert!(Instant::now() < end, "the rules were compiled");
        std::thread::sleep(Duration::from_millis(5));
    };
    assert!(compiled.compiled.rules.iter().any(|r| r.id == "countries"));
    assert!(!again.rules_pending() && again.rules().is_some());

    std::fs::write(store::model_path(&path), b"garbage").expect("write");
    let mut broken = enabled();
    let message = broken.replaced(&data, Some(&path), 2).expect("said");
    assert!(
        message.contains(".news.ron.model") && message.contains("retrained"),
        "{message}"
    );
    assert!(broken.is_busy(), "retrains instead");
}

#[test]
fn a_run_for_a_replaced_dataset_is_dropped() {
    let mut m = enabled();
    let data = dataset(6);
    m.replaced(&data, None, 0);
    m.observe(&data, None, &rules, (0, 0), Instant::now());
    assert!(m.is_training(), "started at once: no model yet");
    let other = dataset(0);
    m.replaced(&other, None, 1);
    m.wait_until_idle(&other, None, (0, 1), Duration::from_mins(1));
    assert!(
        m.model().is_none(),
        "the old dataset's model is not swapped in"
    );
}

#[test]
fn without_opting_in_nothing_trains() {
    let mut m = ModelLoop::default();
    let data = dataset(6);
    m.replaced(&data, None, 0);
    m.observe(&data, None, &rules, (0, 0), Instant::now() + DEBOUNCE * 2);
    assert!(!m.is_training(), "background training is off by default");
}

#[test]
fn the_rules_read_in_training_are_kept_and_new_rules_queue_a_run() {
    let mut m = enabled();
    let mut data = dataset(6);
    data.documents[0].text = "Yesterday Mike Pompeo said no to France .".into();
    m.replaced(&data, None, 0);
    m.wait_until_idle(&data, None, (0, 0), Duration::from_mins(1));
    let model = m.model().expect("trained");
    assert_eq!(
        model
            .report()
            .rule_matches
            .get("countries")
            .map(|r| r.matches),
        Some(1),
        "the default rules' matches were read: {:?}",
        model.report().rule_matches
    );
    let rules = m.rules().expect("the rules trained with, compiled");
    assert!(rules.compiled.rules.iter().any(|r| r.id == "countries"));
    assert!(
        m.rules_other_than(&self::rules()).is_none(),
        "the rules in use are the ones it read: they run once"
    );
    assert!(m.rules_other_than(&(RulesFile::default(), None)).is_some());
    assert!(!m.is_busy());
    m.rules_changed(Instant::now());
    assert!(m.is_busy(), "other rules: the model retrains to read them");
}

#[test]
fn a_model_read_from_its_file_names_the_rules_in_use_lack() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("news.ron");
    let mut data = dataset(6);
    data.documents[0].text = "Yesterday Mike Pompeo said no to France .".into();
    let mut m = enabled();
    m.replaced(&data, Some(&path), 0);
    m.wait_until_idle(&data, Some(&path), (0, 0), Duration::from_mins(1));
    let mut again = enabled();
    assert_eq!(again.replaced(&data, Some(&path), 1), None);
    let no_rules = || (RulesFile::default(), None);
    let end = Instant::now() + Duration::from_mins(1);
    let note = loop {
        if let (Some(_), note) = again.rules_for_model(&no_rules) {
            break note;
        }
        assert!(Instant::now() < end, "the rules were compiled");
        std::thread::sleep(Duration::from_millis(5));
    };
    let note = note.expect("a note");
    assert!(
        note.contains("lack (countries)") && note.contains("retrain"),
        "{note}"
    );
}
