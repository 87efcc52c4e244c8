//! The document view on a generated 200,000-word document with 20,000
//! spans, driven headless through the real `App::ui`: a frame while
//! scrolling, a frame after adding a span, a frame after undo (each
//! including tessellation), and the time to open the document. Then one
//! 50 MB document (generated here; once in lines, once as a single line):
//! the time to the first two frames and the peak memory they add.
//!
//! Target (issue 3): each frame <= 8 ms; opening <= 1 s. Target (issue 13):
//! a 50 MB document shows within 2 s with at most 10x its size in memory.
//! Run: `cargo bench --bench view`.

#![expect(clippy::print_stdout, reason = "the bench reports the opening time")]
#![expect(clippy::unwrap_used, reason = "a benchmark stops on any failure")]

mod generate;

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use egui::{Event, MouseWheelUnit, Pos2, RawInput, Rect, vec2};
use spanlab::app::{App, Command};
use spanlab::model::{Dataset, LabelSet};

fn big_dataset() -> Dataset {
    let mut rng = generate::Rng::new(11);
    let mut dataset = Dataset::new(LabelSet::default());
    dataset
        .documents
        .push(generate::document("big", 200_000, 10, &mut rng));
    dataset
}

fn input(events: Vec<Event>) -> RawInput {
    RawInput {
        screen_rect: Some(Rect::from_min_size(Pos2::ZERO, vec2(1280.0, 800.0))),
        events,
        ..RawInput::default()
    }
}

/// Runs one frame of the app and tessellates it, as eframe does.
fn frame(ctx: &egui::Context, app: &mut App, events: Vec<Event>) {
    let mut output = ctx.run_ui(input(events), |ui| app.ui(ui));
    // No renderer takes the font texture here (debug builds assert on it).
    output.textures_delta.clear();
    black_box(ctx.tessellate(output.shapes, output.pixels_per_point));
}

/// A field of `/proc/self/status` in MB (Linux; 0 elsewhere).
fn status_mb(key: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with(key))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<u64>().ok())
        })
        .map_or(0, |kb| kb / 1024)
}

/// About `bytes` of news-like words, a line end every `line_every` words
/// (0: one line).
fn huge_text(bytes: usize, line_every: usize) -> String {
    const WORDS: [&str; 10] = [
        "Kim",
        "met",
        "Moon",
        "in",
        "Zürich",
        "Seoul",
        "talks",
        "the",
        "president",
        "said.",
    ];
    let mut text = String::with_capacity(bytes + 16);
    let mut i = 0usize;
    while text.len() < bytes {
        if i > 0 {
            let newline = line_every > 0 && i.is_multiple_of(line_every);
            text.push(if newline { '\n' } else { ' ' });
        }
        text.push_str(WORDS[(i * 7 + i / 3) % WORDS.len()]);
        i += 1;
    }
    text
}

/// Opens one 50 MB document: time to the first two frames, peak memory
/// they add (the peak is reset first where Linux allows).
fn huge_document(line_every: usize) {
    let text = huge_text(50 << 20, line_every);
    let mb = text.len() >> 20;
    let mut dataset = Dataset::new(LabelSet::default());
    dataset
        .documents
        .push(spanlab::model::Document::new("huge", text));
    let _ = std::fs::write("/proc/self/clear_refs", "5");
    let before = status_mb("VmRSS:");
    let ctx = egui::Context::default();
    let started = Instant::now();
    let mut app = App::new(dataset, None).with_native_dialogs(false);
    frame(&ctx, &mut app, Vec::new());
    frame(&ctx, &mut app, Vec::new());
    let took = started.elapsed();
    let added = status_mb("VmHWM:").saturating_sub(before);
    #[expect(clippy::cast_precision_loss, reason = "a ratio for a report")]
    let ratio = added as f64 / mb as f64;
    let shape = if line_every == 0 {
        "one line".to_owned()
    } else {
        format!("a line every {line_every} words")
    };
    println!(
        "{mb} MB document ({shape}): window in {:.2} s, peak memory +{added} MB ({ratio:.1}x the text)",
        took.as_secs_f64()
    );
}

fn view_benches(c: &mut Criterion) {
    huge_document(0);
    huge_document(80);
    let dataset = big_dataset();
    let spans = dataset.documents[0].spans.len();
    let words = dataset.documents[0].text.split_whitespace().count();
    println!(
        "document: {words} words, {spans} spans, {} bytes",
        dataset.documents[0].text.len()
    );

    let ctx = egui::Context::default();
    let started = Instant::now();
    let mut app = App::new(dataset.clone(), None).with_native_dialogs(false);
    frame(&ctx, &mut app, Vec::new());
    frame(&ctx, &mut app, Vec::new());
    println!(
        "open: first two frames after loading took {:.1} ms",
        started.elapsed().as_secs_f64() * 1e3
    );

    let mut group = c.benchmark_group("view 200k words");
    group.measurement_time(Duration::from_secs(10));
    let wheel = || {
        vec![
            Event::PointerMoved(Pos2::new(600.0, 400.0)),
            Event::MouseWheel {
                unit: MouseWheelUnit::Point,
                delta: vec2(0.0, -60.0),
                phase: egui::TouchPhase::Move,
                modifiers: egui::Modifiers::NONE,
                source: egui::MouseWheelSource::Wheel,
            },
        ]
    };
    group.bench_function("frame while scrolling", |b| {
        b.iter(|| frame(&ctx, &mut app, wheel()));
    });

    // Back to the top, where the span is added.
    let mut app = App::new(dataset, None).with_native_dialogs(false);
    frame(&ctx, &mut app, Vec::new());
    frame(&ctx, &mut app, Vec::new());
    // Word 5 of the text is never inside a generated span.
    let text = &app.dataset().documents[0].text;
    let start = text
        .split(' ')
        .take(5)
        .map(|w| w.chars().count() + 1)
        .sum::<usize>();
    let len = text.split(' ').nth(5).unwrap().chars().count();
    // A command queued before a frame is applied at the end of that frame
    // (as a key press is) and shows in the next one. Each measurement is
    // the frame that applies the command plus the frame that first draws
    // its result, divided by two: the mean frame time from the key to the
    // change on screen.
    let add_then_draw = |app: &mut App| {
        app.select(start..start + len);
        app.queue(Command::ApplyLabel("PERSON".into()));
        frame(&ctx, app, Vec::new());
        frame(&ctx, app, Vec::new());
    };
    group.bench_function("frame after adding a span", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                let t = Instant::now();
                add_then_draw(&mut app);
                total += t.elapsed() / 2;
                app.queue(Command::Undo);
                frame(&ctx, &mut app, Vec::new());
                frame(&ctx, &mut app, Vec::new());
            }
            assert_eq!(
                app.dataset().documents[0].spans.len(),
                spans,
                "each add was undone"
            );
            total
        });
    });
    group.bench_function("frame after undo", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                add_then_draw(&mut app);
                let t = Instant::now();
                app.queue(Command::Undo);
                frame(&ctx, &mut app, Vec::new());
                frame(&ctx, &mut app, Vec::new());
                total += t.elapsed() / 2;
            }
            total
        });
    });
    group.finish();
}

criterion_group!(benches, view_benches);
criterion_main!(benches);
