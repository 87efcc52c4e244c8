//! Suggestion speed: a gazetteer of every entity string of the CoNLL-2003
//! training file (one phrase rule per label) plus the default rules, over
//! ~2.5 MB of its text; and the time to compile the default rules.
//!
//! Target (issue 4): >= 56 MB/s (100x spaCy's `EntityRuler` on this kind of
//! job); default rules compile well under 100 ms.
//! Run: `cargo bench --bench rules` (reads ../shared/samples/).
//!
//! Measured on the 2-core development VM (2026-11-29, three runs; the VM's
//! speed swings by ~30% from minute to minute, so median and best samples):
//! 8,220 phrases + 18 default rules over 3.28 MB, 93,096 suggestions;
//! all cores (as `spanlab suggest` runs) median 65-82 MB/s, best 70-86;
//! one thread median 35-40 MB/s, best 41-46; the same text with curly
//! apostrophes, one thread, median 34-36, best 37-42; compiling the default
//! rules 20-22 ms (best), 26-30 ms (median).

#![expect(clippy::print_stdout, reason = "the bench reports sizes")]
#![expect(clippy::unwrap_used, reason = "a benchmark stops on any failure")]
#![expect(clippy::cast_precision_loss, reason = "sizes printed in MB")]

use std::collections::{BTreeMap, BTreeSet};
use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use rayon::prelude::*;
use spanlab::formats;
use spanlab::model::Document;
use spanlab::rules::{Compiled, Rule, RuleKind, Suggester, default_rules_file};
use spanlab::store::FormatFiles as _;
use spanlab::text::OffsetIndex;

fn rules_benches(c: &mut Criterion) {
    let mut group = c.benchmark_group("rules");
    group.bench_function("compile the default rules", |b| {
        b.iter(|| black_box(Compiled::default_rules()));
    });

    let sample = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/samples/conll2003-eng.train.iob1.txt");
    if !sample.exists() {
        println!(
            "{} is not here: the throughput benchmark is skipped",
            sample.display()
        );
        return;
    }
    let imported = formats::by_name("conll").unwrap().import(&sample).unwrap();
    let (suggester, phrases) = gazetteer_and_default_rules(&imported.documents);
    let defaults = default_rules_file();
    // The documents without their spans (nothing blocks a suggestion), twice
    // over to reach ~2.5 MB.
    let mut docs: Vec<Document> = Vec::new();
    let mut bytes = 0;
    while bytes < 2_500_000 {
        for doc in &imported.documents {
            let plain = Document::new(doc.id.clone(), doc.text.clone());
            bytes += plain.text.len();
            docs.push(plain);
        }
    }
    let suggestions: usize = docs.iter().map(|d| suggester.suggest(d).len()).sum();
    println!(
        "{phrases} gazetteer phrases + {} default rules over {} documents, {:.2} MB: {suggestions} suggestions",
        defaults.rules.len(),
        docs.len(),
        bytes as f64 / 1e6
    );
    group.throughput(Throughput::Bytes(bytes as u64));
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(10));
    group.bench_function(
        "gazetteer + default rules over CoNLL text, one thread",
        |b| {
            b.iter(|| {
                docs.iter()
                    .map(|d| suggester.suggest(d).len())
                    .sum::<usize>()
            });
        },
    );
    // Real news has curly quotes: the same text with ’ for every '.
    let curly: Vec<Document> = docs
        .iter()
        .map(|d| Document::new(d.id.clone(), d.text.replace('\'', "\u{2019}")))
        .collect();
    group.bench_function(
        "gazetteer + default rules over CoNLL text with curly quotes, one thread",
        |b| {
            b.iter(|| {
                curly
                    .iter()
                    .map(|d| suggester.suggest(d).len())
                    .sum::<usize>()
            });
        },
    );
    // As `spanlab suggest` runs: documents in parallel on every core.
    group.bench_function(
        "gazetteer + default rules over CoNLL text, all cores",
        |b| {
            b.iter(|| {
                docs.par_iter()
                    .map(|d| suggester.suggest(d).len())
                    .sum::<usize>()
            });
        },
    );
    group.finish();
}

/// A suggester with one phrase rule per label listing every entity string
/// of `documents`, plus the default rules; and the number of phrases.
fn gazetteer_and_default_rules(documents: &[Document]) -> (Suggester, usize) {
    // Every entity string, per label.
    let mut gazetteer: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for doc in documents {
        let index = OffsetIndex::new(&doc.text);
        for span in &doc.spans {
            let text = index.slice(span.start, span.end).unwrap().to_owned();
            gazetteer
                .entry(span.label.to_string())
                .or_default()
                .insert(text);
        }
    }
    let phrases: usize = gazetteer.values().map(BTreeSet::len).sum();
    let mut file = default_rules_file();
    file.learned.enabled = false;
    for (label, list) in gazetteer {
        file.rules.push(Rule {
            id: format!("gazetteer-{label}"),
            label,
            priority: 0,
            enabled: true,
            kind: RuleKind::Phrases {
                list: list.into_iter().collect(),
                file: None,
                case_sensitive: true,
                whole_words: true,
            },
        });
    }
    let compiled = Compiled::new(&file, &|p: &Path| {
        let assets = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets");
        std::fs::read_to_string(assets.join(p))
    })
    .unwrap();
    let suggester = Suggester::new(compiled);
    (suggester, phrases)
}

criterion_group!(benches, rules_benches);
criterion_main!(benches);
