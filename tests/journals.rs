//! Journals are never lost: a damaged record costs only itself, a journal
//! set aside twice keeps both, `spanlab recover` lists and replays the ones
//! set aside, and recovery never deletes a journal.

mod common;

use std::path::Path;

use common::{s, spanlab, stderr, stdout};
use spanlab::edit::Edit;
use spanlab::model::Span;
use spanlab::store::{FileStamp, Journal, journal};

fn add(start: usize, end: usize, label: &str) -> Edit {
    Edit::AddSpan {
        doc: 0,
        span: Span::new(start, end, label),
    }
}

/// A journal of three edits to `path` whose second record is damaged.
fn damaged_journal(path: &Path) {
    let mut j = Journal::create(path, &FileStamp::read(path).expect("stamp")).expect("journal");
    j.append(&[add(19, 30, "PERSON"), add(0, 4, "ORG"), add(5, 9, "LOC")])
        .expect("appended");
    drop(j);
    let jp = journal::journal_path(path);
    let mut bytes = std::fs::read(&jp).expect("read");
    let ends: Vec<usize> = (0..bytes.len()).filter(|&i| bytes[i] == b'\n').collect();
    bytes[ends[1] + 15] ^= 0x20;
    std::fs::write(jp, bytes).expect("written");
}

#[test]
fn a_damaged_record_in_the_middle_of_a_journal_loses_only_itself_and_recovery_keeps_the_journal() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("news.json");
    spanlab::store::save(&spanlab::assets::sample_dataset(), &path).unwrap();
    damaged_journal(&path);
    let o = spanlab(&["recover", s(&path)]);
    assert!(o.status.success(), "{}{}", stdout(&o), stderr(&o));
    let out = stdout(&o);
    assert!(
        out.contains(".news.json.journal: line 3: damaged record skipped"),
        "{out}"
    );
    assert!(
        !out.contains("stopped while writing"),
        "damage is not a torn tail: {out}"
    );
    assert!(out.contains("recovered 2 edits into"), "{out}");
    let doc = &spanlab::store::load(&path).unwrap().documents[0];
    assert!(doc.spans.contains(&Span::new(19, 30, "PERSON")));
    assert!(
        doc.spans.contains(&Span::new(5, 9, "LOC")),
        "the edit after the damage"
    );
    assert!(
        journal::read(&path).unwrap().is_none(),
        "no live journal left"
    );
    let kept = journal::discarded_paths(&path);
    assert_eq!(kept.len(), 1, "the journal is kept aside, not deleted");
    assert!(out.contains(&kept[0].display().to_string()), "{out}");
}

#[test]
fn journals_set_aside_twice_are_both_kept_listed_and_replayable() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("news.json");
    spanlab::store::save(&spanlab::assets::sample_dataset(), &path).unwrap();
    for edit in [add(19, 30, "PERSON"), add(0, 4, "ORG")] {
        let mut j = Journal::create(&path, &FileStamp::read(&path).unwrap()).unwrap();
        j.append(&[edit]).unwrap();
        drop(j);
        let o = spanlab(&["recover", "--discard", s(&path)]);
        assert!(o.status.success(), "{}", stderr(&o));
    }
    assert_eq!(
        journal::discarded_paths(&path).len(),
        2,
        "the first not overwritten"
    );
    let o = spanlab(&["recover", s(&path)]);
    assert!(
        stdout(&o).contains("no journal, nothing to recover (2 set aside: spanlab recover --list)"),
        "{}",
        stdout(&o)
    );
    let o = spanlab(&["recover", "--list", s(&path)]);
    let out = stdout(&o);
    assert!(
        out.contains("--discarded 1: ")
            && out.contains("--discarded 2: ")
            && out.contains("1 edit\n"),
        "{out}"
    );
    // The first one set aside is replayed; it stays where it is.
    let o = spanlab(&["recover", "--discarded", "1", s(&path)]);
    assert!(o.status.success(), "{}", stderr(&o));
    let doc = &spanlab::store::load(&path).unwrap().documents[0];
    assert!(
        doc.spans.contains(&Span::new(19, 30, "PERSON")),
        "{}",
        stdout(&o)
    );
    assert!(!doc.spans.contains(&Span::new(0, 4, "ORG")));
    assert_eq!(journal::discarded_paths(&path).len(), 2);
    let o = spanlab(&["recover", "--discarded", "3", s(&path)]);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("no journal set aside number 3 (2 set aside"),
        "{}",
        stderr(&o)
    );
}
