//! Labels arriving with an import: free keys and distinct colours, and the
//! label map (`--map PER=PERSON` on the command line, "Map labels" in the
//! import window).

mod common;

use common::{data, spanlab, stderr, stdout};
use spanlab::model::Dataset;

fn load(path: &std::path::Path) -> Dataset {
    spanlab::store::load(path).expect("the written dataset loads")
}

/// The app after importing WNUT-17 dev through the import window (Ctrl+I)
/// with `value` typed into its `field`. (WNUT's emoji are not what these
/// tests are about: tofu is fine here.)
#[cfg(feature = "gui")]
fn import_in_window(field: &str, value: &str) -> egui_kittest::Harness<'static, spanlab::app::App> {
    use egui::{Key, Modifiers};
    use egui_kittest::kittest::Queryable as _;
    let mut harness = egui_kittest::Harness::builder()
        .with_size([1280.0, 800.0])
        .allow_missing_glyphs()
        .build_ui_state(
            |ui, app: &mut spanlab::app::App| app.ui(ui),
            spanlab::app::App::sample().with_native_dialogs(false),
        );
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::I);
    harness.run();
    let source = data("wnut17/emerging.dev.conll");
    harness.get_by_label("Transfer path").focus();
    harness
        .get_by_label("Transfer path")
        .type_text(source.to_str().expect("UTF-8 path"));
    harness.get_by_label(field).focus();
    harness.get_by_label(field).type_text(value);
    harness.run();
    harness.get_by_label("Import").click();
    harness.step();
    harness.state_mut().wait_for_job();
    harness.run();
    harness
}

#[test]
fn wnut_labels_arrive_with_keys_and_colours_of_their_own() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("wnut.ron");
    let input = data("wnut17/emerging.dev.conll");
    let output = spanlab(&[
        "import",
        input.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let dataset = load(&out);
    let mut names: Vec<&str> = dataset.labels.names().collect();
    names.sort_unstable();
    assert_eq!(
        names,
        [
            "corporation",
            "creative-work",
            "group",
            "location",
            "person",
            "product"
        ],
        "WNUT-17's own labels, not also the default PERSON, ORG, LOC, EVENT, DATE"
    );
    let keys: Vec<char> = dataset
        .labels
        .labels
        .iter()
        .filter_map(|l| l.hotkey)
        .collect();
    assert_eq!(
        keys.len(),
        dataset.labels.labels.len(),
        "every label has a key: {keys:?}"
    );
    let unique: std::collections::BTreeSet<_> = keys.iter().collect();
    assert_eq!(unique.len(), keys.len(), "{keys:?}");
    let colours: std::collections::BTreeSet<String> = dataset
        .labels
        .labels
        .iter()
        .map(|l| l.color.to_string())
        .collect();
    assert_eq!(
        colours.len(),
        dataset.labels.labels.len(),
        "distinct colours"
    );
}

#[test]
fn map_renames_imported_labels_onto_the_dataset_labels() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("wnut.ron");
    let input = data("wnut17/emerging.dev.conll");
    let output = spanlab(&[
        "import",
        input.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--map",
        "person=PERSON,location=LOC,corporation=ORG",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(!stdout(&output).contains("person,"), "{}", stdout(&output));
    let dataset = load(&out);
    for gone in ["person", "location", "corporation"] {
        assert!(!dataset.labels.contains(gone), "{gone} was mapped away");
        assert_eq!(spanlab::edit::label_uses(&dataset, gone), 0, "{gone}");
    }
    assert!(
        spanlab::edit::label_uses(&dataset, "PERSON") > 400,
        "WNUT dev has 470 person spans"
    );
    assert!(dataset.labels.contains("product"), "unmapped labels stay");
}

#[test]
fn a_bad_map_is_refused_naming_the_pair() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("x.ron");
    let input = data("wnut17/emerging.dev.conll");
    let output = spanlab(&[
        "import",
        input.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--map",
        "person",
    ]);
    assert!(!output.status.success(), "refused");
    assert!(
        stderr(&output).contains("--map: label map: \"person\" is not FROM=TO"),
        "{}",
        stderr(&output)
    );
    assert!(!out.exists(), "nothing written");
}

#[cfg(feature = "gui")]
#[test]
fn the_import_window_maps_labels() {
    let harness = import_in_window("Map labels", "person=PERSON,location=LOC");
    let dataset = harness.state().dataset();
    assert!(!dataset.labels.contains("person"), "mapped away");
    assert!(
        spanlab::edit::label_uses(dataset, "PERSON") > 400,
        "onto PERSON"
    );
    assert!(spanlab::edit::label_uses(dataset, "LOC") > 0, "onto LOC");
    assert!(dataset.labels.contains("group"), "unmapped labels stay");
}

/// A small CoNLL-2003-style corpus (PER, LOC, ORG, MISC) with text the
/// default rules have something to say about.
const CONLL: &str = "-DOCSTART- -X- -X- O

Secretary NNP B-NP O
of IN I-NP O
State NNP I-NP O
Mike NNP I-NP I-PER
Pompeo NNP I-NP I-PER
met VBD O O
officials NNS O O
in IN O O
Pyongyang NNP O I-LOC
. . O O

President NNP O O
Donald NNP O O
Trump NNP O O
visited VBD O O
France NNP O O
and CC O O
Germany NNP O O
on IN O O
12 CD O O
June NNP O O
. . O O
";

#[test]
fn the_default_rules_propose_conll_labels_on_a_conll_corpus() {
    let dir = tempfile::tempdir().unwrap();
    let conll = dir.path().join("news.conll");
    std::fs::write(&conll, CONLL).unwrap();
    let out = dir.path().join("news.ron");
    let output = spanlab(&[
        "import",
        conll.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let output = spanlab(&["suggest", out.to_str().unwrap()]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("PERSON → PER"),
        "the user is told: {}",
        stderr(&output)
    );
    let dataset = load(&out);
    let suggested: Vec<String> = dataset
        .documents
        .iter()
        .flat_map(|d| d.suggestions.iter().map(|s| s.label.to_string()))
        .collect();
    assert!(
        suggested.iter().any(|l| l == "PER"),
        "Donald Trump as PER: {suggested:?}"
    );
    assert!(
        suggested.iter().any(|l| l == "LOC"),
        "France as LOC: {suggested:?}"
    );
    assert!(
        !suggested.iter().any(|l| l == "PERSON"),
        "no PERSON next to PER: {suggested:?}"
    );
    // The label set is the corpus's own: no PERSON, EVENT or DATE beside
    // it, so the DATE and EVENT rules, with nowhere to go, propose nothing.
    let mut names: Vec<&str> = dataset.labels.names().collect();
    names.sort_unstable();
    assert_eq!(names, ["LOC", "PER"], "the labels CONLL uses");
    for label in &suggested {
        assert!(
            ["PER", "LOC"].contains(&label.as_str()),
            "{label} in {suggested:?}"
        );
    }
}

/// Copies `files` of `tests/data/` into a new folder.
fn folder_of(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary folder");
    for (from, to) in files {
        std::fs::copy(data(from), dir.path().join(to)).expect("the test file copies");
    }
    dir
}

#[test]
fn a_folder_of_conll_files_imports_like_a_folder_of_text() {
    let dir = folder_of(&[
        ("wnut17/emerging.dev.conll", "a-dev.conll"),
        ("wnut17/wnut17train.conll", "b-train.conll"),
    ]);
    let out = tempfile::tempdir().unwrap();
    let ron = out.path().join("wnut.ron");
    let output = spanlab(&[
        "import",
        dir.path().to_str().unwrap(),
        "-o",
        ron.to_str().unwrap(),
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let dataset = load(&ron);
    let ids: Vec<&str> = dataset.documents.iter().map(|d| d.id.as_str()).collect();
    assert!(ids.iter().any(|id| id.starts_with("a-dev")), "{ids:?}");
    assert!(ids.iter().any(|id| id.starts_with("b-train")), "{ids:?}");
    assert!(
        spanlab::edit::label_uses(&dataset, "person") > 400,
        "spans came along"
    );
}

#[test]
fn a_folder_of_doccano_files_imports_and_an_empty_one_says_what_is_missing() {
    let dir = folder_of(&[("doccano/example.jsonl", "one.jsonl")]);
    let out = tempfile::tempdir().unwrap();
    let ron = out.path().join("d.ron");
    let output = spanlab(&[
        "import",
        dir.path().to_str().unwrap(),
        "-o",
        ron.to_str().unwrap(),
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(load(&ron).documents.len(), 3, "doccano's three examples");
    let empty = tempfile::tempdir().unwrap();
    let output = spanlab(&[
        "import",
        empty.path().to_str().unwrap(),
        "--format",
        "conll",
        "-o",
        out.path().join("e.ron").to_str().unwrap(),
    ]);
    assert!(!output.status.success(), "refused");
    assert!(
        stderr(&output).contains("no conll files (.conll"),
        "{}",
        stderr(&output)
    );
}

fn import_wnut_train(split: Option<&str>) -> Dataset {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let out = dir.path().join("train.ron");
    let input = data("wnut17/wnut17train.conll");
    let mut args = vec![
        "import",
        input.to_str().expect("UTF-8 path"),
        "-o",
        out.to_str().expect("UTF-8 path"),
    ];
    if let Some(split) = split {
        args.extend(["--split", split]);
    }
    let output = spanlab(&args);
    assert!(output.status.success(), "{}", stderr(&output));
    load(&out)
}

#[test]
fn wnut17_train_without_docstart_becomes_a_document_per_sentence() {
    let dataset = import_wnut_train(None);
    assert_eq!(
        dataset.documents.len(),
        3394,
        "WNUT-17 train has 3,394 sentences"
    );
    let spans: usize = dataset.documents.iter().map(|d| d.spans.len()).sum();
    assert_eq!(spans, 1975, "every entity kept across the cuts");
    assert_eq!(dataset.documents[1].id, "wnut17train-0001-00002");
}

#[test]
fn split_by_n_sentences_or_not_at_all() {
    assert_eq!(
        import_wnut_train(Some("100")).documents.len(),
        34,
        "3,394 / 100, rounded up"
    );
    assert_eq!(
        import_wnut_train(Some("docstart")).documents.len(),
        1,
        "no -DOCSTART-: one document"
    );
    let spans: usize = import_wnut_train(Some("100"))
        .documents
        .iter()
        .map(|d| d.spans.len())
        .sum();
    assert_eq!(spans, 1975);
}

#[cfg(feature = "gui")]
#[test]
fn the_import_window_cuts_conll_every_n_sentences() {
    let harness = import_in_window("Documents per", "100");
    assert_eq!(
        harness.state().dataset().documents.len(),
        11,
        "1,009 dev sentences, 100 a document"
    );
}

#[test]
fn brat_visual_conf_colours_and_kb_shortcuts_keys_come_along() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let out = dir.path().join("brat.ron");
    let input = data("brat-news");
    let output = spanlab(&[
        "import",
        input.to_str().expect("UTF-8 path"),
        "-o",
        out.to_str().expect("UTF-8 path"),
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let labels = load(&out).labels;
    let person = labels.get("Person").expect("Person arrives");
    assert_eq!(person.color.to_string(), "#FF821C", "visual.conf's colour");
    assert!(
        labels.get("PERSON").is_none(),
        "brat's types, not the defaults"
    );
    assert_eq!(person.hotkey, Some('p'), "p is free for brat's Person");
    assert_eq!(
        labels.get("GPE").and_then(|l| l.hotkey),
        Some('g'),
        "kb_shortcuts.conf's key"
    );
    assert_eq!(labels.get("Money").and_then(|l| l.hotkey), Some('m'));
    assert_eq!(
        labels.get("Money").map(|l| l.color.to_string()).as_deref(),
        Some("#007000")
    );
}
