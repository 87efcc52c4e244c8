//! The tagger away from its training data: news from outside CoNLL, and
//! documents the analyst has half labelled (part of `benches/tagger.rs`).

use std::path::Path;

use spanlab::formats;
use spanlab::model::{Document, Span};
use spanlab::store::FormatFiles as _;
use spanlab::tagger::{RuleMatcher, TagSet, Tagger, TrainOptions, train_on};

/// News from outside CoNLL: 372 headlines of 2017 (The New York Times and
/// others) annotated in Prodigy with ORG, PERSON and LOCATION, tagged by a
/// model trained on all of CoNLL-2003 train (MISC left out of the score).
pub fn other_news(tags: &TagSet, all: &[&Document], rules: Option<&RuleMatcher<'_>>) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/samples/prodigy/annotated_news_headlines-ORG-PERSON-LOCATION-ner.jsonl");
    let Ok(headlines) = formats::by_name("jsonl").unwrap().import(&path) else {
        println!("{} is not here: no other news measured", path.display());
        return;
    };
    let mut gold = headlines.documents;
    for doc in &mut gold {
        for s in &mut doc.spans {
            s.label = match s.label.as_str() {
                "PERSON" => "PER",
                "LOCATION" => "LOC",
                other => other,
            }
            .into();
        }
    }
    let options = TrainOptions {
        refit: false,
        ..TrainOptions::default()
    };
    let spans: usize = gold.iter().map(|d| d.spans.len()).sum();
    let headlines: Vec<&Document> = gold.iter().collect();
    for (name, rules) in [
        ("without rule features", None),
        ("with the rules' matches", rules),
    ] {
        let m = train_on(tags.clone(), all, &[], &options, rules, &mut |_| {});
        println!(
            "other news ({} headlines, {spans} spans), trained on all CoNLL {name}: {}",
            gold.len(),
            scores(&m, &headlines, rules)
        );
    }
    // What the analyst gets by labelling such headlines: five folds, each
    // fifth tagged by a model trained on the other four (alone, and on
    // top of all of CoNLL).
    let with_product =
        TagSet::new(["LOC", "MISC", "ORG", "PER", "PRODUCT"].map(spanlab::model::Name::from));
    for (name, base) in [("alone", &[][..]), ("plus all CoNLL", all)] {
        let mut counts = spanlab::eval::Counts::default();
        for fold in 0..5 {
            let mut train: Vec<&Document> = base.to_vec();
            let mut test: Vec<&Document> = Vec::new();
            for (i, d) in headlines.iter().enumerate() {
                if i % 5 == fold {
                    test.push(d);
                } else {
                    train.push(d);
                }
            }
            let m = train_on(
                with_product.clone(),
                &train,
                &test,
                &options,
                rules,
                &mut |_| {},
            );
            for (label, c) in &m.report().per_label {
                if label != "MISC" {
                    counts.add(c.counts);
                }
            }
        }
        let p = counts.prf();
        println!(
            "other news, five folds, trained on four fifths of the headlines {name} (with rules): P {:.1} R {:.1} F1 {:.1}",
            p.precision * 100.0,
            p.recall * 100.0,
            p.f1 * 100.0
        );
    }
}

/// Exact-match scores of `m` on `docs` (MISC, which they lack, left out).
fn scores(m: &Tagger, docs: &[&Document], rules: Option<&RuleMatcher<'_>>) -> String {
    let mut counts = std::collections::BTreeMap::<String, spanlab::eval::Counts>::new();
    for doc in docs {
        let found: Vec<Span> = m
            .predict(&bare(doc), rules)
            .into_iter()
            .filter(|s| s.label != "MISC")
            .collect();
        for (label, c) in spanlab::eval::compare(&doc.spans, &found, spanlab::eval::Matching::Exact)
        {
            counts.entry(label).or_default().add(c);
        }
    }
    let mut total = spanlab::eval::Counts::default();
    let per: Vec<String> = counts
        .iter()
        .map(|(l, c)| {
            total.add(*c);
            format!("{l} {:.1}", c.prf().f1 * 100.0)
        })
        .collect();
    let p = total.prf();
    format!(
        "P {:.1} R {:.1} F1 {:.1} ({})",
        p.precision * 100.0,
        p.recall * 100.0,
        p.f1 * 100.0,
        per.join(", ")
    )
}

/// The document's text and tokens, without its spans: what the model
/// is given when it is scored (it reads a document's accepted spans).
pub fn bare(doc: &Document) -> Document {
    let mut out = Document::new(doc.id.clone(), doc.text.clone());
    out.tokens.clone_from(&doc.tokens);
    out
}

/// The analyst labels in reading order: each test document has the spans
/// of its first half of sentences accepted, and the model tags the rest.
/// With and without "labelled X elsewhere in the document" learned.
pub fn half_labelled(
    tags: &TagSet,
    train: &[&Document],
    test: &[&Document],
    rules: Option<&RuleMatcher<'_>>,
) {
    for on in [false, true] {
        let options = TrainOptions {
            refit: false,
            document_labels: on,
            ..TrainOptions::default()
        };
        let m = train_on(tags.clone(), train, test, &options, rules, &mut |_| {});
        let mut counts = spanlab::eval::Counts::default();
        for doc in test {
            let lines: Vec<usize> = doc
                .text
                .split('\n')
                .map(|l| l.chars().count() + 1)
                .collect();
            let cut: usize = lines[..lines.len() / 2].iter().sum();
            let mut d = bare(doc);
            d.spans = doc
                .spans
                .iter()
                .filter(|s| s.end.0 <= cut)
                .cloned()
                .collect();
            let found: Vec<Span> = m
                .predict(&d, rules)
                .into_iter()
                .filter(|s| s.start.0 >= cut)
                .collect();
            let gold: Vec<Span> = doc
                .spans
                .iter()
                .filter(|s| s.start.0 >= cut)
                .cloned()
                .collect();
            for c in spanlab::eval::compare(&gold, &found, spanlab::eval::Matching::Exact).values()
            {
                counts.add(*c);
            }
        }
        println!(
            "labels elsewhere in the document {}: F1 on unlabelled documents {:.1}; second halves with the first halves accepted {:.1}",
            if on { "learned" } else { "not learned" },
            m.report().f1().unwrap_or(0.0) * 100.0,
            counts.prf().f1 * 100.0
        );
    }
}
