//! Load and save of a 10,000-document dataset (~50 MB as JSON), RON and JSON,
//! plus the peak memory of a JSON load.
//!
//! Targets (issue 2): JSON load <= 1 s, JSON save <= 1 s, peak memory while
//! loading <= 3x the file size. Also (issue 7): what the journal costs per
//! edit (append + fdatasync, as the app does once per frame with edits), and
//! the change check before a save (stat + read + CRC-32 of the file).
//! Run: `cargo bench --bench store`.

#![expect(clippy::print_stdout, reason = "the bench reports memory figures")]
#![expect(clippy::unwrap_used, reason = "a benchmark stops on any failure")]
#![expect(clippy::cast_precision_loss, reason = "sizes printed in MB")]

mod generate;

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use spanlab::store;

fn store_benches(c: &mut Criterion) {
    let dataset = generate::news_dataset(10_000);
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("news.json");
    let ron = dir.path().join("news.ron");
    store::save(&dataset, &json).unwrap();
    store::save(&dataset, &ron).unwrap();
    let json_size = std::fs::metadata(&json).unwrap().len();
    let ron_size = std::fs::metadata(&ron).unwrap().len();
    let spans: usize = dataset.documents.iter().map(|d| d.spans.len()).sum();
    println!(
        "dataset: {} documents, {spans} spans; JSON {:.1} MB, RON {:.1} MB",
        dataset.documents.len(),
        mb(json_size),
        mb(ron_size)
    );
    report_peak_memory("load JSON", json_size, || {
        drop(black_box(store::load(&json).unwrap()));
    });
    report_peak_memory("load RON", ron_size, || {
        drop(black_box(store::load(&ron).unwrap()));
    });

    let mut group = c.benchmark_group("store 10k docs");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(20));
    group.bench_function("load JSON", |b| {
        b.iter(|| black_box(store::load(&json).unwrap()));
    });
    group.bench_function("save JSON", |b| {
        b.iter(|| store::save(black_box(&dataset), &json).unwrap());
    });
    group.bench_function("load RON", |b| {
        b.iter(|| black_box(store::load(&ron).unwrap()));
    });
    group.bench_function("save RON", |b| {
        b.iter(|| store::save(black_box(&dataset), &ron).unwrap());
    });
    group.bench_function("check JSON unchanged before a save", |b| {
        let stamp = store::FileStamp::read(&json).unwrap();
        b.iter(|| assert!(stamp.matches(black_box(&json)), "unchanged"));
    });
    group.finish();

    let mut group = c.benchmark_group("journal");
    let stamp = store::FileStamp::read(&json).unwrap();
    let mut journal = store::Journal::create(&json, &stamp).unwrap();
    let edit = spanlab::edit::Edit::Group(vec![
        spanlab::edit::Edit::AddSpan {
            doc: 1234,
            span: spanlab::model::Span::new(19, 30, "PERSON"),
        },
        spanlab::edit::Edit::SetStatus {
            doc: 1234,
            status: spanlab::model::Status::InProgress,
        },
    ]);
    group.bench_function("append one labelling edit and sync", |b| {
        b.iter(|| {
            journal
                .append(std::slice::from_ref(black_box(&edit)))
                .unwrap();
            journal.sync().unwrap();
        });
    });
    group.finish();
}

fn mb(bytes: u64) -> f64 {
    bytes as f64 / 1e6
}

/// Runs `f` and prints how far the resident set grew above where it was
/// (Linux: `VmHWM` after resetting it through `/proc/self/clear_refs`).
fn report_peak_memory(what: &str, file_size: u64, f: impl FnOnce()) {
    let read = |field: &str| -> Option<u64> {
        let status = std::fs::read_to_string("/proc/self/status").ok()?;
        let line = status.lines().find(|l| l.starts_with(field))?;
        line.split_whitespace()
            .nth(1)?
            .parse::<u64>()
            .ok()
            .map(|kb| kb * 1024)
    };
    if std::fs::write("/proc/self/clear_refs", "5").is_err() {
        println!("{what}: peak memory not measurable here");
        return;
    }
    let base = read("VmRSS:").unwrap_or(0);
    f();
    let peak = read("VmHWM:").unwrap_or(0).saturating_sub(base);
    println!(
        "{what}: peak memory {:.1} MB above baseline = {:.2}x the file size",
        mb(peak),
        peak as f64 / file_size as f64
    );
}

criterion_group!(benches, store_benches);
criterion_main!(benches);
