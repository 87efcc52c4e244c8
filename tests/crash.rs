//! Crash tests: a child process (this test binary, run again with an
//! environment variable naming its part) saves or edits, and is killed
//! with SIGKILL at random moments. Whatever moment the kill lands on, the
//! dataset file is the old or the new version, and the journal gives back
//! every edit the child had applied.

#![cfg(unix)]
#![expect(
    clippy::print_stdout,
    reason = "the child reports to its parent; the parent prints figures"
)]

use std::io::{BufRead as _, BufReader, Write as _};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use spanlab::edit::{Edit, Session};
use spanlab::model::{Dataset, Document, LabelSet, Span, Status};
use spanlab::store::{self, FileStamp, Journal, journal};

const ROLE: &str = "SPANLAB_CRASH_CHILD";

/// `SplitMix64`: a small, seedable generator, the same in parent and child.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % n.max(1) as u64).expect("fits")
    }
}

/// A dataset of `docs` documents of news-like text; `version` changes every
/// span, so two versions differ throughout the file.
fn big_dataset(docs: usize, version: usize) -> Dataset {
    let mut dataset = Dataset::new(LabelSet::default());
    let sentence = "Mike Pompeo met Kim Yong-chol in New York on Thursday to prepare the summit. ";
    for d in 0..docs {
        let text = sentence.repeat(12);
        let mut doc = Document::new(format!("doc-{d:05}"), text);
        let n = sentence.chars().count();
        for s in 0..12 {
            let at = s * n;
            let label = if (s + version).is_multiple_of(2) {
                "PERSON"
            } else {
                "ORG"
            };
            doc.spans.push(Span::new(at, at + 11, label));
            doc.spans.push(Span::new(at + 33, at + 41, "LOC"));
        }
        doc.status = if version.is_multiple_of(2) {
            Status::Done
        } else {
            Status::InProgress
        };
        dataset.documents.push(doc);
    }
    dataset
}

/// Runs this test binary as a child playing `role`.
fn child(role: &str, args: &[&Path]) -> Child {
    Command::new(std::env::current_exe().expect("test binary"))
        .args(["--exact", "child_entry", "--nocapture", "--test-threads=1"])
        .env(ROLE, role)
        .env(
            "SPANLAB_CRASH_ARGS",
            std::env::join_paths(args).expect("paths"),
        )
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn child")
}

fn child_args() -> Vec<PathBuf> {
    std::env::split_paths(&std::env::var_os("SPANLAB_CRASH_ARGS").expect("args")).collect()
}

/// The child's side: does its part and exits (or is killed first). In a
/// normal test run (no role set) it does nothing.
#[test]
fn child_entry() {
    match std::env::var(ROLE).as_deref() {
        Ok("save") => {
            let args = child_args();
            let dataset = store::load(&args[0]).expect("source");
            println!("@loaded");
            store::save(&dataset, &args[1]).expect("save");
            println!("@saved");
        }
        Ok("edit") => {
            let args = child_args();
            edit_child(&args[0]);
        }
        _ => {}
    }
}

#[test]
fn a_save_killed_at_200_random_moments_leaves_the_old_or_the_new_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let versions: Vec<PathBuf> = (0..2)
        .map(|v| {
            let path = dir.path().join(format!("v{v}.json"));
            store::save(&big_dataset(1500, v), &path).expect("save");
            path
        })
        .collect();
    let bytes: Vec<Vec<u8>> = versions
        .iter()
        .map(|p| std::fs::read(p).expect("read"))
        .collect();
    assert_ne!(bytes[0], bytes[1]);
    let target = dir.path().join("data.json");
    std::fs::write(&target, &bytes[0]).expect("write");

    // How long one child takes from start to "saved", to spread the kills.
    let started = Instant::now();
    let c = child("save", &[&versions[1], &target]);
    let out = c.wait_with_output().expect("child ran");
    let whole = started.elapsed();
    assert!(String::from_utf8_lossy(&out.stdout).contains("saved"));
    std::fs::write(&target, &bytes[0]).expect("write");

    let mut rng = Rng(7);
    let (mut old, mut new) = (0, 0);
    for kill in 0..200 {
        let current = usize::from(std::fs::read(&target).expect("read") == bytes[1]);
        let next = 1 - current;
        let mut c = child("save", &[&versions[next], &target]);
        // Wait until the child has loaded its data, then kill it somewhere
        // in the time a save takes (or a little after).
        let mut stdout = BufReader::new(c.stdout.take().expect("stdout"));
        let mut line = String::new();
        // (libtest may print "test child_entry ... " in front of it.)
        while !line.contains("@loaded") {
            line.clear();
            assert!(
                stdout.read_line(&mut line).expect("child reports") > 0,
                "child ended"
            );
        }
        let wait = whole.as_micros() * u128::from(rng.next() % 1000) / 1000;
        std::thread::sleep(Duration::from_micros(u64::try_from(wait).expect("fits")));
        c.kill().expect("SIGKILL");
        c.wait().expect("reaped");
        let now = std::fs::read(&target).expect("the file is there");
        if now == bytes[current] {
            old += 1;
        } else if now == bytes[next] {
            new += 1;
        } else {
            panic!(
                "kill {kill}: the file is neither version ({} bytes)",
                now.len()
            );
        }
        // And it is a dataset that loads.
        store::load(&target).expect("loads");
    }
    println!(
        "200 kills while saving {} bytes: {old} left the old version, {new} the new one",
        bytes[1].len()
    );
    assert!(
        old > 0 && new > 0,
        "kills landed both before and after the rename"
    );
}

/// Random edits the child applies and the parent replays identically.
fn random_step(session: &mut Session, rng: &mut Rng) {
    let docs = session.dataset().documents.len();
    let doc = rng.below(docs);
    let d = &session.dataset().documents[doc];
    let len = d.text.chars().count();
    match rng.below(10) {
        0 => {
            session.undo();
        }
        1 => {
            session.redo();
        }
        2 => {
            let status = [
                Status::New,
                Status::InProgress,
                Status::Done,
                Status::Skipped,
            ][rng.below(4)];
            let _ = session.apply(Edit::SetStatus { doc, status });
        }
        3 | 4 if !d.spans.is_empty() => {
            let span = d.spans[rng.below(d.spans.len())].clone();
            let _ = session.apply(Edit::RemoveSpan { doc, span });
        }
        5 if !d.spans.is_empty() => {
            let span = d.spans[rng.below(d.spans.len())].clone();
            let label = ["PERSON", "ORG", "LOC"][rng.below(3)].to_owned();
            let _ = session.apply(Edit::Relabel { doc, span, label });
        }
        _ => {
            let start = rng.below(len - 1);
            let end = start + 1 + rng.below(12.min(len - start - 1));
            let label = ["PERSON", "ORG", "LOC", "EVENT"][rng.below(4)];
            let _ = session.apply(Edit::AddSpan {
                doc,
                span: Span::new(start, end, label),
            });
        }
    }
}

const EDITS: usize = 3000;

fn edit_child(path: &Path) {
    let (dataset, stamp) = store::load_stamped(path).expect("dataset");
    let mut session = Session::new(dataset);
    session.record_applied();
    let mut journal = Journal::create(path, &stamp).expect("journal");
    let mut rng = Rng(42);
    let mut out = std::io::stdout().lock();
    for step in 0..EDITS {
        random_step(&mut session, &mut rng);
        // What the app does once per frame.
        journal.append(&session.take_applied()).expect("append");
        journal.sync().expect("sync");
        writeln!(out, "@{step}").expect("report");
        out.flush().expect("flush");
    }
    std::thread::sleep(Duration::from_mins(1));
}

#[test]
fn edits_killed_at_random_moments_are_all_recovered_from_the_journal() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("data.json");
    let base = big_dataset(20, 0);
    store::save(&base, &path).expect("save");
    let base_stamp = FileStamp::read(&path).expect("stamp");
    // Every state the child passes through, step by step.
    let mut session = Session::new(base.clone());
    let mut rng = Rng(42);
    let mut states = Vec::with_capacity(EDITS);
    for _ in 0..EDITS {
        random_step(&mut session, &mut rng);
        states.push(session.dataset().clone());
    }
    let mut pick = Rng(9);
    let mut torn = 0;
    for kill in 0..30 {
        let mut c = child("edit", &[&path]);
        let mut stdout = BufReader::new(c.stdout.take().expect("stdout"));
        let target = pick.below(EDITS - 1);
        let mut line = String::new();
        let mut reported = None;
        while stdout.read_line(&mut line).expect("read") > 0 {
            let Some((_, step)) = line.trim().split_once('@') else {
                line.clear();
                continue; // the test harness's own lines
            };
            let step: usize = step.parse().expect("a step");
            line.clear();
            reported = Some(step);
            if step >= target {
                break;
            }
        }
        // Land somewhere in the next edits, mid-write now and then.
        std::thread::sleep(Duration::from_micros(pick.next() % 300));
        c.kill().expect("SIGKILL");
        c.wait().expect("reaped");
        let reported = reported.expect("the child applied edits");
        let recovered = journal::read(&path).expect("read").expect("journal");
        assert_eq!(recovered.base, base_stamp);
        torn += usize::from(recovered.torn.is_some());
        let mut dataset = store::load(&path).expect("dataset");
        let (_, failed) = journal::replay(&mut dataset, &recovered.edits);
        assert!(failed.is_empty(), "kill {kill}: {failed:?}");
        // Every reported edit is in; at most the edits after it too.
        let found = (reported..EDITS).find(|&s| states[s] == dataset);
        assert!(
            found.is_some(),
            "kill {kill}: the recovered dataset is not the state after step {reported} or later"
        );
        std::fs::remove_file(journal::journal_path(&path)).expect("clean");
    }
    println!("30 kills: every reported edit recovered; {torn} journals ended in a torn record");
}
