//! The tagger on CoNLL-2003 English train: learn from the first 80% of the
//! documents, tag the last 20%, score exact entity matches as conlleval
//! does. The figures are in `benches/tagger.rs` and the README.

#![expect(clippy::print_stderr, reason = "the test prints the scores it checks")]

mod common;

use spanlab::formats;
use spanlab::model::{Dataset, Document, LabelSet, Origin};
use spanlab::rules::{Compiled, Suggester, default_rules_file, embedded_gazetteer};
use spanlab::store::FormatFiles as _;
use spanlab::tagger::{TagSet, TrainOptions, train_on};

#[test]
#[ignore = "reads ../shared/samples/conll2003-eng.train.iob1.txt, which may not be copied here; CI runs it"]
fn held_out_f1_reaches_88_and_confident_spans_are_right_more_often() {
    let dataset = formats::by_name("conll")
        .unwrap()
        .import(&common::shared_sample("conll2003-eng.train.iob1.txt"))
        .unwrap();
    // The default rules fitted to CoNLL's labels, read as features as
    // `spanlab train` and the app read them.
    let mut conll = Dataset::new(LabelSet::default());
    conll.documents = dataset.documents;
    let fitted = default_rules_file().for_dataset(&conll).0;
    let rules = Suggester::new(Compiled::new(&fitted, &|p| embedded_gazetteer(p)).unwrap());
    let find = |d: &Document| rules.rule_matches(d);
    let docs = conll.documents;
    let cut = docs.len() * 4 / 5;
    let train: Vec<&Document> = docs[..cut].iter().collect();
    let test: Vec<&Document> = docs[cut..].iter().collect();
    let tags = TagSet::new(["LOC".into(), "MISC".into(), "ORG".into(), "PER".into()]);
    let options = TrainOptions {
        refit: false,
        ..TrainOptions::default()
    };
    let model = train_on(tags, &train, &test, &options, Some(&find), &mut |_| {});
    let report = model.report();
    for (label, s) in &report.per_label {
        eprintln!(
            "{label:<5} P {:.3} R {:.3} F1 {:.3}",
            s.scores.precision, s.scores.recall, s.scores.f1
        );
    }
    let f1 = report.f1().unwrap();
    eprintln!("micro F1 {f1:.4}, trained in {:.1} s", report.seconds);
    assert!(f1 >= 0.88, "micro F1 {f1:.4} below 0.88");
    assert_eq!(report.per_label.len(), 4);

    // Ranked by confidence, the surer half of the spans is right more often.
    let mut ranked: Vec<(f64, bool)> = Vec::new();
    for doc in &test {
        // Its text and tokens only: the model reads accepted spans.
        let mut bare = Document::new(doc.id.clone(), doc.text.clone());
        bare.tokens.clone_from(&doc.tokens);
        for s in model.predict(&bare, Some(&find)) {
            let Origin::Model(c) = s.origin else {
                panic!("a model span without a confidence: {s:?}")
            };
            assert!((0.0..=1.0).contains(&c.get()));
            let right = doc.spans.iter().any(|g| g.same_place_and_label(&s));
            ranked.push((c.get(), right));
        }
    }
    ranked.sort_by(|a, b| b.0.total_cmp(&a.0));
    let (sure, unsure) = ranked.split_at(ranked.len() / 2);
    #[expect(clippy::cast_precision_loss, reason = "shares of counts")]
    let share = |s: &[(f64, bool)]| s.iter().filter(|x| x.1).count() as f64 / s.len() as f64;
    eprintln!(
        "surer half right {:.3}, less sure half right {:.3}",
        share(sure),
        share(unsure)
    );
    assert!(share(sure) > share(unsure) + 0.05);
    // Calibrated: the mean confidence is close to the share of spans right.
    #[expect(clippy::cast_precision_loss, reason = "a mean")]
    let mean = ranked.iter().map(|x| x.0).sum::<f64>() / ranked.len() as f64;
    let right = share(&ranked);
    eprintln!("mean confidence {mean:.3}, share right {right:.3}");
    assert!(
        (mean - right).abs() < 0.05,
        "mean confidence {mean:.3} vs right {right:.3}"
    );
}
