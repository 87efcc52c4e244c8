//! Never losing work, in the annotator: the journal is written as the
//! analyst labels, a journal found on open offers recovery, and a file
//! changed by another program is not overwritten without asking.

#![cfg(feature = "gui")]

mod common;

use std::path::{Path, PathBuf};

use common::harness;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use spanlab::app::App;
use spanlab::edit::Edit;
use spanlab::model::{Dataset, Span};
use spanlab::store::{self, FileStamp, Journal, journal};

/// The sample saved to a fresh folder.
fn saved_sample() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("news.ron");
    store::save(&spanlab::assets::sample_dataset(), &path).expect("save");
    (dir, path)
}

fn pompeo() -> Span {
    Span::new(19, 30, "PERSON")
}

fn on_disk(path: &Path) -> Dataset {
    store::load(path).expect("the file loads")
}

fn label_pompeo(harness: &mut Harness<'_, App>) {
    harness.state_mut().select(19..30);
    harness.run();
    harness.key_press(Key::P);
    harness.run();
    assert!(
        harness.state().dataset().documents[0]
            .spans
            .contains(&pompeo()),
        "P labels the selection"
    );
}

#[test]
fn labelling_writes_the_journal_and_saving_ends_it() {
    let (_dir, path) = saved_sample();
    let mut harness = harness(App::from_args(std::slice::from_ref(&path)));
    harness.run();
    assert!(journal::read(&path).expect("read").is_none(), "no edit yet");
    label_pompeo(&mut harness);
    // Written and synced before the next frame: what a crash now would leave.
    let recovered = journal::read(&path).expect("read").expect("a journal");
    assert_eq!(recovered.base, FileStamp::read(&path).expect("stamp"));
    let mut replayed = on_disk(&path);
    journal::replay(&mut replayed, &recovered.edits);
    assert_eq!(&replayed, harness.state().dataset());
    // Undo is journaled too.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    let recovered = journal::read(&path).expect("read").expect("a journal");
    let mut replayed = on_disk(&path);
    journal::replay(&mut replayed, &recovered.edits);
    assert_eq!(&replayed, harness.state().dataset());
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Y);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::S);
    harness.run();
    assert!(
        journal::read(&path).expect("read").is_none(),
        "saved: ended"
    );
    assert!(on_disk(&path).documents[0].spans.contains(&pompeo()));
}

/// A journal with one labelled span, as a crashed session leaves it, plus a
/// torn half record.
fn crashed_session(path: &Path) {
    let stamp = FileStamp::read(path).expect("stamp");
    let mut j = Journal::create(path, &stamp).expect("journal");
    j.append(&[Edit::AddSpan {
        doc: 0,
        span: pompeo(),
    }])
    .expect("append");
    drop(j);
    let mut bytes = std::fs::read(journal::journal_path(path)).expect("read");
    bytes.extend_from_slice(b"0badf00d {\"add_sp");
    std::fs::write(journal::journal_path(path), bytes).expect("write");
}

#[test]
fn a_journal_found_on_open_is_recovered_and_undoable() {
    let (_dir, path) = saved_sample();
    crashed_session(&path);
    let mut harness = harness(App::from_args(std::slice::from_ref(&path)));
    harness.run();
    harness.get_by_label_contains("1 edit to");
    harness.get_by_label_contains("The last 17 bytes");
    // The window is modal: label keys do nothing until it is answered.
    harness.key_press(Key::O);
    harness.get_by_label("Recover").click();
    harness.run();
    let app = harness.state();
    assert!(app.dataset().documents[0].spans.contains(&pompeo()));
    assert!(app.session().is_dirty(), "recovered, not yet saved");
    // Later edits go on after the complete records; the torn bytes are cut.
    harness.state_mut().select(0..4);
    harness.run();
    harness.key_press(Key::D);
    harness.run();
    let recovered = journal::read(&path).expect("read").expect("journal");
    assert_eq!(recovered.torn, None);
    assert_eq!(recovered.edits.len(), 2);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(
        harness.state().dataset(),
        &on_disk(&path),
        "undo takes it back"
    );
}

#[test]
fn discarding_sets_the_journal_aside() {
    let (_dir, path) = saved_sample();
    crashed_session(&path);
    let mut harness = harness(App::from_args(std::slice::from_ref(&path)));
    harness.run();
    harness.get_by_label("Discard").click();
    harness.run();
    assert_eq!(harness.state().dataset(), &on_disk(&path));
    assert!(journal::read(&path).expect("read").is_none());
    let kept = std::fs::read(journal::discarded_path(&path)).expect("kept aside");
    assert_eq!(journal::parse(&kept).expect("journal").edits.len(), 1);
}

#[test]
fn open_both_writes_the_recovered_version_beside_the_file() {
    let (dir, path) = saved_sample();
    crashed_session(&path);
    let mut harness = harness(App::from_args(std::slice::from_ref(&path)));
    harness.run();
    harness.get_by_label("Open both").click();
    harness.run();
    assert_eq!(
        harness.state().dataset(),
        &on_disk(&path),
        "this window: the file"
    );
    let recovered = on_disk(&dir.path().join("news.recovered.ron"));
    assert!(recovered.documents[0].spans.contains(&pompeo()));
}

/// Another program rewrites the file while the analyst works.
fn changed_elsewhere(path: &Path) -> Dataset {
    let mut other = on_disk(path);
    other.documents[0].spans.push(Span::new(0, 4, "ORG"));
    store::save(&other, path).expect("save");
    on_disk(path)
}

#[test]
fn saving_over_another_programs_change_asks_and_overwrite_replaces_it() {
    let (_dir, path) = saved_sample();
    let mut harness = harness(App::from_args(std::slice::from_ref(&path)));
    harness.run();
    label_pompeo(&mut harness);
    let theirs = changed_elsewhere(&path);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::S);
    harness.run();
    harness.get_by_label("Changed on disk");
    assert_eq!(on_disk(&path), theirs, "not overwritten");
    assert!(harness.state().session().is_dirty());
    harness.get_by_label("Overwrite").click();
    harness.run();
    assert_eq!(&on_disk(&path), harness.state().dataset());
    assert!(!harness.state().session().is_dirty());
    // Saving again is an ordinary save: the file is ours now.
    label_second_span_and_save(&mut harness);
    assert_eq!(&on_disk(&path), harness.state().dataset());
}

fn label_second_span_and_save(harness: &mut Harness<'_, App>) {
    harness.state_mut().select(0..4);
    harness.run();
    harness.key_press(Key::D);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::S);
    harness.run();
    assert!(!harness.state().session().is_dirty(), "saved");
}

#[test]
fn reload_takes_the_other_version_and_keeps_ours_in_the_journal() {
    let (_dir, path) = saved_sample();
    let mut harness = harness(App::from_args(std::slice::from_ref(&path)));
    harness.run();
    label_pompeo(&mut harness);
    let theirs = changed_elsewhere(&path);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::S);
    harness.run();
    harness.get_by_label("Reload").click();
    harness.run();
    assert_eq!(harness.state().dataset(), &theirs);
    let kept = std::fs::read(journal::discarded_path(&path)).expect("ours kept aside");
    let edits = journal::parse(&kept).expect("journal").edits;
    assert!(
        matches!(&edits[0], Edit::Group(g) if matches!(&g[0], Edit::AddSpan { span, .. } if *span == pompeo()))
    );
}

/// Names the data folder of the child that [`kill_9_after_labelling_the_sample`] kills.
const KILL_CHILD: &str = "SPANLAB_KILL_CHILD_DATA_DIR";

/// The child: labels in the sample, says so, and waits to be killed.
#[test]
fn child_entry() {
    use std::io::Write as _;
    let Some(dir) = std::env::var_os(KILL_CHILD) else {
        return;
    };
    let mut harness = harness(App::sample().with_data_dir(Some(PathBuf::from(dir))));
    harness.run();
    label_pompeo(&mut harness);
    let mut out = std::io::stdout().lock();
    writeln!(out, "labelled").expect("stdout");
    out.flush().expect("stdout");
    loop {
        std::thread::sleep(std::time::Duration::from_secs(1));
    }
}

#[cfg(unix)]
#[test]
fn kill_9_after_labelling_the_sample_then_recover_at_the_next_start() {
    use std::io::BufRead as _;
    let data = tempfile::tempdir().expect("temp dir");
    let mut child = std::process::Command::new(std::env::current_exe().expect("test binary"))
        .args(["--exact", "child_entry", "--nocapture", "--test-threads=1"])
        .env(KILL_CHILD, data.path())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("child");
    let stdout = child.stdout.take().expect("piped");
    let mut lines = std::io::BufReader::new(stdout).lines();
    let labelled = lines.any(|l| l.is_ok_and(|l| l.trim_end().ends_with("labelled")));
    // SIGKILL: no destructor, no save, no clean-up runs.
    child.kill().expect("kill -9");
    child.wait().expect("reaped");
    assert!(labelled, "the child labelled before it was killed");
    let mut harness = harness(App::sample().with_data_dir(Some(data.path().to_path_buf())));
    harness.run();
    harness.get_by_label("Recover unsaved work");
    harness.get_by_label("Recover").click();
    harness.run();
    assert_eq!(harness.state().dataset().documents[0].spans, [pompeo()]);
    assert_eq!(harness.state().path(), None);
    assert!(
        harness.state().session().is_dirty(),
        "recovered, not yet saved"
    );
}
