//! Import and export speed: the CoNLL-2003 training file (read from
//! `../shared/samples/`, skipped when it is not there) and JSONL of a
//! generated 10,000-document dataset.
//!
//! Target (issue 5): each well under 1 s. Run: `cargo bench --bench formats`.

#![expect(clippy::print_stdout, reason = "the bench reports sizes")]
#![expect(clippy::unwrap_used, reason = "a benchmark stops on any failure")]
#![expect(clippy::cast_precision_loss, reason = "sizes printed in MB")]

mod generate;

use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use spanlab::formats::{self, ExportOptions};
use spanlab::model::{Dataset, LabelSet};
use spanlab::store::ExportedFiles as _;
use spanlab::store::FormatFiles as _;

fn format_benches(c: &mut Criterion) {
    let mut group = c.benchmark_group("formats");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(10));
    let dir = tempfile::tempdir().unwrap();

    let conll = formats::by_name("conll").unwrap();
    let sample = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/samples/conll2003-eng.train.iob1.txt");
    if sample.exists() {
        let mut dataset = Dataset::new(LabelSet::default());
        conll
            .import(&sample)
            .unwrap()
            .into_dataset(&mut dataset)
            .unwrap();
        let all: Vec<usize> = (0..dataset.documents.len()).collect();
        println!("CoNLL-2003 train: {} documents", dataset.documents.len());
        group.bench_function("import CoNLL-2003 train (3.5 MB)", |b| {
            b.iter(|| black_box(conll.import(&sample).unwrap()));
        });
        let out = dir.path().join("out.conll");
        group.bench_function("export CoNLL-2003 train as IOB2", |b| {
            b.iter(|| {
                conll
                    .export(&dataset, &all, &ExportOptions::default())
                    .write(&out)
                    .unwrap();
            });
        });
    } else {
        println!("{} is not here: CoNLL benchmarks skipped", sample.display());
    }

    let jsonl = formats::by_name("jsonl").unwrap();
    let dataset = generate::news_dataset(10_000);
    let all: Vec<usize> = (0..dataset.documents.len()).collect();
    let path = dir.path().join("news.jsonl");
    jsonl
        .export(&dataset, &all, &ExportOptions::default())
        .write(&path)
        .unwrap();
    println!(
        "JSONL: 10,000 documents, {:.1} MB",
        std::fs::metadata(&path).unwrap().len() as f64 / 1e6
    );
    group.bench_function("export JSONL 10k docs", |b| {
        b.iter(|| {
            jsonl
                .export(&dataset, &all, &ExportOptions::default())
                .write(&path)
                .unwrap();
        });
    });
    group.bench_function("import JSONL 10k docs", |b| {
        b.iter(|| black_box(jsonl.import(&path).unwrap()));
    });
    group.finish();
}

criterion_group!(benches, format_benches);
criterion_main!(benches);
