//! Helpers shared by the integration tests.

#![allow(dead_code, reason = "each test binary uses a different subset")]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use spanlab::model::{Dataset, Document, LabelSet, Span};

/// A file in `tests/data/`.
pub fn data(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
}

/// A file in the project's shared samples (`../shared/samples/`), for data
/// that may not be copied into the repository.
pub fn shared_sample(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/samples")
        .join(name)
}

/// One span of the gold file, with its offsets in all three units.
#[derive(Debug, serde::Deserialize)]
pub struct GoldSpan {
    pub start: usize,
    pub end: usize,
    pub label: String,
    pub text: String,
    pub utf8_start: usize,
    pub utf8_end: usize,
    pub utf16_start: usize,
    pub utf16_end: usize,
}

/// `tests/data/unicode-offsets.gold.json`.
#[derive(Debug, serde::Deserialize)]
pub struct Gold {
    pub text: String,
    pub spans: Vec<GoldSpan>,
}

pub fn gold() -> Gold {
    let json = std::fs::read_to_string(data("unicode-offsets.gold.json"))
        .expect("tests/data/unicode-offsets.gold.json");
    serde_json::from_str(&json).expect("the gold file parses")
}

/// The gold file as a dataset (overlaps allowed: NATO sits inside NATO summit).
pub fn gold_dataset() -> Dataset {
    let gold = gold();
    let labels = LabelSet {
        allow_overlap: true,
        ..LabelSet::default()
    };
    let mut doc = Document::new("unicode-offsets", gold.text);
    doc.spans = gold
        .spans
        .iter()
        .map(|s| Span::new(s.start, s.end, s.label.clone()))
        .collect();
    doc.meta
        .insert("source".into(), "unicode-offsets.gold.json".into());
    let mut dataset = Dataset::new(labels);
    dataset.documents.push(doc);
    dataset
}

/// The real app in a 1280x800 headless window, driven as a user drives it,
/// with native dialogs off (the in-app path field is used).
#[cfg(feature = "gui")]
pub fn harness(app: spanlab::app::App) -> egui_kittest::Harness<'static, spanlab::app::App> {
    egui_kittest::Harness::builder()
        .with_size([1280.0, 800.0])
        .build_ui_state(
            |ui, app: &mut spanlab::app::App| app.ui(ui),
            app.with_native_dialogs(false),
        )
}

/// Runs the spanlab binary with `args`.
pub fn spanlab(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_spanlab"))
        .args(args)
        .output()
        .expect("the spanlab binary runs")
}

/// Starts the spanlab binary with `args`, its standard streams piped.
pub fn spawn_piped(args: &[&str]) -> std::process::Child {
    use std::process::Stdio;
    Command::new(env!("CARGO_BIN_EXE_spanlab"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the spanlab binary runs")
}

/// Runs the spanlab binary with `args`, `input` on its standard input.
pub fn with_stdin(args: &[&str], input: &[u8]) -> Output {
    use std::io::Write as _;
    let mut child = spawn_piped(args);
    child
        .stdin
        .take()
        .expect("piped")
        .write_all(input)
        .expect("the input is written");
    child.wait_with_output().expect("the spanlab binary ends")
}

/// A finished command's standard output as text.
pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// A finished command's standard error as text.
pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// A test path as a command-line argument.
pub fn s(path: &Path) -> &str {
    path.to_str().expect("test paths are UTF-8")
}
