//! `spanlab eval`, `agree` and `merge` on real corpora, through the binary.

mod common;

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Output};

use spanlab::model::Dataset;

fn spanlab(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_spanlab"))
        .args(args)
        .output()
        .expect("the spanlab binary runs")
}

fn s(path: &Path) -> &str {
    path.to_str().expect("UTF-8 test paths")
}

fn eval_json(gold: &Path, pred: &Path, matching: &str) -> serde_json::Value {
    let o = spanlab(&[
        "eval",
        "--gold",
        s(gold),
        "--pred",
        s(pred),
        "--match",
        matching,
        "--json",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    serde_json::from_slice(&o.stdout).expect("JSON out")
}

/// Every 10th span removed, every 7th other one given the next label.
/// Returns the damaged copy and the counts that must come out, per label:
/// (tp, fp, fn).
fn damaged(gold: &Dataset) -> (Dataset, BTreeMap<String, (u64, u64, u64)>) {
    let labels: Vec<String> = gold.labels.labels.iter().map(|l| l.name.clone()).collect();
    let mut copy = gold.clone();
    let mut expected: BTreeMap<String, (u64, u64, u64)> = BTreeMap::new();
    let mut n = 0;
    for doc in &mut copy.documents {
        let mut kept = Vec::new();
        for mut span in std::mem::take(&mut doc.spans) {
            n += 1;
            if n % 10 == 0 {
                expected.entry(span.label.to_string()).or_default().2 += 1;
                continue;
            }
            if n % 7 == 0 {
                let at = labels
                    .iter()
                    .position(|l| *l == span.label)
                    .expect("known label");
                let other = labels[(at + 1) % labels.len()].clone();
                expected.entry(span.label.to_string()).or_default().2 += 1;
                expected.entry(other.clone()).or_default().1 += 1;
                span.label = other.into();
            } else {
                expected.entry(span.label.to_string()).or_default().0 += 1;
            }
            kept.push(span);
        }
        kept.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        doc.spans = kept;
    }
    (copy, expected)
}

fn check_corpus(corpus: &Path) {
    let dir = tempfile::tempdir().expect("temp dir");
    let gold_path = dir.path().join("gold.json");
    let o = spanlab(&["import", s(corpus), "-o", s(&gold_path)]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    // Against itself: 100 on every label (read straight from the corpus).
    let same = eval_json(corpus, corpus, "exact");
    let per_label = same["per_label"].as_object().expect("labels");
    assert!(per_label.len() >= 4, "{per_label:?}");
    for (label, s) in per_label {
        assert_eq!(s["f1"], 1.0, "{label}");
        assert_eq!(s["precision"], 1.0, "{label}");
    }
    assert_eq!(same["micro"]["f1"], 1.0, "micro F1 against itself");
    // Against a damaged copy: exactly the counts the damage implies.
    let gold = spanlab::store::load(&gold_path).expect("gold");
    let (copy, expected) = damaged(&gold);
    let pred_path = dir.path().join("pred.json");
    spanlab::store::save(&copy, &pred_path).expect("save");
    let e = eval_json(&gold_path, &pred_path, "exact");
    let mut total = (0, 0, 0);
    for (label, (tp, fp, fn_)) in &expected {
        let c = &e["counts"][label];
        assert_eq!(
            (c["tp"].as_u64(), c["fp"].as_u64(), c["fn_"].as_u64()),
            (Some(*tp), Some(*fp), Some(*fn_)),
            "{label}"
        );
        total = (total.0 + tp, total.1 + fp, total.2 + fn_);
    }
    #[expect(clippy::cast_precision_loss, reason = "small counts")]
    let (p, r) = (
        total.0 as f64 / (total.0 + total.1) as f64,
        total.0 as f64 / (total.0 + total.2) as f64,
    );
    let micro = &e["micro"];
    assert!(
        (micro["precision"].as_f64().expect("p") - p).abs() < 1e-12,
        "{micro}"
    );
    assert!(
        (micro["recall"].as_f64().expect("r") - r).abs() < 1e-12,
        "{micro}"
    );
    assert!(
        (micro["f1"].as_f64().expect("f") - 2.0 * p * r / (p + r)).abs() < 1e-12,
        "{micro}"
    );
    // The table prints the same figures, in percent.
    let o = spanlab(&["eval", "--gold", s(&gold_path), "--pred", s(&pred_path)]);
    let table = String::from_utf8_lossy(&o.stdout);
    assert!(table.contains(&format!("{:6.2}", p * 100.0)), "{table}");
}

#[test]
fn eval_of_wnut17_against_itself_and_a_damaged_copy() {
    check_corpus(&common::data("wnut17/emerging.dev.conll"));
}

#[test]
#[ignore = "reads ../shared/samples (CoNLL-2003 may not be copied into the repository); CI runs it"]
fn eval_of_conll2003_against_itself_and_a_damaged_copy() {
    check_corpus(&common::shared_sample("conll2003-eng.train.iob1.txt"));
}

#[test]
fn eval_reports_documents_on_one_side() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut a = spanlab::assets::sample_dataset();
    let mut b = a.clone();
    a.documents[0].id = "only-in-gold".into();
    b.documents[0].id = "only-in-pred".into();
    let (pa, pb) = (dir.path().join("a.json"), dir.path().join("b.json"));
    spanlab::store::save(&a, &pa).expect("save");
    spanlab::store::save(&b, &pb).expect("save");
    let o = spanlab(&["eval", "--gold", s(&pa), "--pred", s(&pb)]);
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        out.contains("1 gold documents with no prediction (not scored): only-in-gold"),
        "{out}"
    );
    assert!(
        out.contains("1 predicted documents not in gold (not scored): only-in-pred"),
        "{out}"
    );
}

#[test]
fn agree_and_merge_two_annotators() {
    let dir = tempfile::tempdir().expect("temp dir");
    let base = spanlab::assets::sample_dataset();
    let mut ann = base.clone();
    ann.documents[0].spans = vec![
        spanlab::model::Span::new(19, 30, "PERSON"),
        spanlab::model::Span::new(0, 4, "ORG"),
    ];
    let mut bob = base;
    bob.documents[0].spans = vec![
        spanlab::model::Span::new(19, 30, "PERSON"),
        spanlab::model::Span::new(0, 4, "LOC"),
    ];
    let (pa, pb) = (dir.path().join("ann.json"), dir.path().join("bob.ron"));
    spanlab::store::save(&ann, &pa).expect("save");
    spanlab::store::save(&bob, &pb).expect("save");
    let o = spanlab(&["agree", s(&pa), s(&pb)]);
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(out.contains("span F1 ann vs bob: 50.00"), "{out}");
    assert!(out.contains("Cohen's kappa over tokens"), "{out}");
    assert!(out.contains("1 disagreements:"), "{out}");
    assert!(out.contains("ann: ORG"), "{out}");
    assert!(out.contains("bob: LOC"), "{out}");
    let merged = dir.path().join("merged.ron");
    let o = spanlab(&["merge", s(&pa), s(&pb), "-o", s(&merged)]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(String::from_utf8_lossy(&o.stdout).contains("1 agreed span accepted, 1 open conflict"));
    let m = spanlab::store::load(&merged).expect("merged loads");
    assert_eq!(
        m.documents[0].spans,
        [spanlab::model::Span::new(19, 30, "PERSON")]
    );
    assert_eq!(m.documents[0].conflicts.len(), 1);
    assert_eq!(m.documents[0].conflicts[0].versions[1].annotator, "bob");
}

#[test]
fn stats_json_gives_the_figures_the_statistics_window_charts() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("news.json");
    let o = spanlab(&[
        "import",
        concat!(env!("CARGO_MANIFEST_DIR"), "/assets/north-korea-talks.txt"),
        "-o",
        s(&path),
    ]);
    assert!(o.status.success());
    assert!(spanlab(&["suggest", s(&path)]).status.success());
    // Review a little: accept the first two suggestions, reject the third.
    let mut d = spanlab::store::load(&path).expect("dataset");
    let doc = &mut d.documents[0];
    let mut pending = std::mem::take(&mut doc.suggestions);
    let rejected = pending.remove(2);
    doc.spans.extend(pending.drain(..2));
    doc.rejected.push(rejected);
    doc.suggestions = pending;
    doc.sort_spans();
    spanlab::store::save(&d, &path).expect("save");
    let o = spanlab(&["stats", s(&path), "--json"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
    let expected =
        serde_json::to_value(spanlab::eval::statistics(&d)).expect("statistics serialize");
    assert_eq!(json, expected);
    assert_eq!(json["documents"], 1);
    let spans: u64 = json["spans"]
        .as_array()
        .expect("spans")
        .iter()
        .map(|p| p[1].as_u64().expect("count"))
        .sum();
    assert_eq!(spans, 2);
    let decided: Vec<&serde_json::Value> = json["rules"]
        .as_array()
        .expect("rules")
        .iter()
        .filter(|r| !r["precision"].is_null())
        .collect();
    assert!(!decided.is_empty(), "a reviewed rule has a precision");
}
