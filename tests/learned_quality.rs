//! Learned-matcher quality on CoNLL-2003: learn from the first 80% of the
//! documents (as if annotated and marked done), suggest on the other 20%
//! (their spans removed), and score the suggestions against the gold spans,
//! per label, for several thresholds. Threshold 0 is a plain gazetteer of
//! every training string with its most frequent label.

#![expect(
    clippy::print_stderr,
    reason = "the test prints the quality table it checks"
)]

mod common;

use std::collections::{BTreeMap, BTreeSet};

use spanlab::formats;
use spanlab::model::{Dataset, LabelSet, Status};
use spanlab::rules::{Compiled, RulesFile, Suggester};
use spanlab::store::FormatFiles as _;

/// Exact-match counts per label: (true positives, suggested, gold).
type Counts = BTreeMap<String, (usize, usize, usize)>;

fn score(
    threshold: f64,
    train: &Dataset,
    test: &[spanlab::model::Document],
    gold: &[BTreeSet<(usize, usize, String)>],
) -> Counts {
    let mut file = RulesFile::default();
    file.learned.threshold = threshold;
    let compiled = Compiled::new(&file, &|_: &std::path::Path| Ok(String::new()))
        .expect("no rules to compile");
    let suggester = Suggester::new(compiled).learn(train);
    let mut counts = Counts::new();
    for (doc, gold) in test.iter().zip(gold) {
        for g in gold {
            counts.entry(g.2.clone()).or_default().2 += 1;
        }
        for s in suggester.suggest(doc) {
            let entry = counts.entry(s.label.to_string()).or_default();
            entry.1 += 1;
            if gold.contains(&(s.start.0, s.end.0, s.label.to_string())) {
                entry.0 += 1;
            }
        }
    }
    counts
}

#[expect(clippy::cast_precision_loss, reason = "ratios of counts")]
fn prf(tp: usize, suggested: usize, gold: usize) -> (f64, f64, f64) {
    let p = if suggested == 0 {
        0.0
    } else {
        tp as f64 / suggested as f64
    };
    let r = if gold == 0 {
        0.0
    } else {
        tp as f64 / gold as f64
    };
    let f = if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    };
    (p, r, f)
}

#[test]
#[ignore = "reads ../shared/samples/conll2003-eng.train.iob1.txt, which may not be copied here; CI runs it"]
fn learned_suggestions_are_far_more_precise_than_a_gazetteer() {
    let imported = formats::by_name("conll")
        .unwrap()
        .import(&common::shared_sample("conll2003-eng.train.iob1.txt"))
        .unwrap();
    let mut all = imported.documents;
    let cut = all.len() * 4 / 5;
    let test: Vec<_> = all.split_off(cut);
    let mut train = Dataset::new(LabelSet {
        allow_overlap: false,
        labels: Vec::new(),
    });
    for label in ["PER", "LOC", "ORG", "MISC"] {
        train.labels.ensure(label);
    }
    for mut doc in all {
        doc.status = Status::Done;
        train.documents.push(doc);
    }
    let gold: Vec<BTreeSet<(usize, usize, String)>> = test
        .iter()
        .map(|d| {
            d.spans
                .iter()
                .map(|s| (s.start.0, s.end.0, s.label.to_string()))
                .collect()
        })
        .collect();
    let test: Vec<_> = test
        .into_iter()
        .map(|mut d| {
            d.spans.clear();
            d
        })
        .collect();
    let mut table = BTreeMap::new();
    for tenths in [0u32, 3, 5, 6, 7, 8, 9] {
        let threshold = f64::from(tenths) / 10.0;
        let counts = score(threshold, &train, &test, &gold);
        let (tp, sug, gold_n) = counts
            .values()
            .fold((0, 0, 0), |a, c| (a.0 + c.0, a.1 + c.1, a.2 + c.2));
        let (p, r, f) = prf(tp, sug, gold_n);
        eprintln!(
            "threshold {threshold:.1}: suggested {sug}, right {tp}, wrong {}, gold {gold_n}: P {:.1} R {:.1} F1 {:.1}",
            sug - tp,
            p * 100.0,
            r * 100.0,
            f * 100.0
        );
        for (label, (tp, sug, g)) in &counts {
            let (p, r, f) = prf(*tp, *sug, *g);
            eprintln!(
                "    {label:<5} P {:.1} R {:.1} F1 {:.1} (suggested {sug}, right {tp}, gold {g})",
                p * 100.0,
                r * 100.0,
                f * 100.0
            );
        }
        table.insert(tenths, (tp, sug, gold_n));
    }
    let (g_tp, g_sug, _) = table[&0];
    let (l_tp, l_sug, _) = table[&5];
    // At the chosen threshold (0.5): about half the wrong suggestions of the
    // gazetteer (measured 358 vs 707) at the same recall (2,359 vs 2,360 right).
    let (l_wrong, g_wrong) = (l_sug - l_tp, g_sug - g_tp);
    assert!(
        l_wrong * 100 <= g_wrong * 55,
        "wrong: learned {l_wrong} vs gazetteer {g_wrong}"
    );
    assert!(
        l_tp * 100 >= g_tp * 99,
        "right: learned {l_tp} vs gazetteer {g_tp}"
    );
}
