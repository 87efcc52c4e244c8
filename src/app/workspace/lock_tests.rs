//! A dataset open in one window is locked: a second window or a command
//! line writer is refused, and the first window's live journal is never
//! offered for recovery elsewhere.

use super::*;
use crate::model::Span;

fn pompeo() -> Edit {
    Edit::AddSpan {
        doc: 0,
        span: Span::new(19, 30, "PERSON"),
    }
}

fn saved() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("news.json");
    store::save(&crate::assets::sample_dataset(), &path).unwrap();
    (dir, path)
}

#[test]
fn a_second_window_on_an_open_dataset_is_refused_and_never_offered_its_live_journal() {
    let (_dir, path) = saved();
    let mut first = Workspace::new(Dataset::default(), None);
    first.open(&path).unwrap();
    first.apply(pompeo()).unwrap();
    assert_eq!(first.flush_journal(), None);
    let live = std::fs::read(journal::journal_path(&path)).unwrap();

    let mut second = Workspace::new(Dataset::default(), None);
    let err = second.open(&path).unwrap_err();
    assert!(
        err.contains("news.json: open in another spanlab (process ")
            && err.ends_with("close it there first"),
        "{err}"
    );
    assert!(second.path().is_none(), "nothing opened");
    assert_eq!(
        std::fs::read(journal::journal_path(&path)).unwrap(),
        live,
        "the first window's journal is untouched"
    );
    assert!(journal::discarded_paths(&path).is_empty(), "nor set aside");
    // A command-line writer is refused too.
    assert!(store::DatasetLock::acquire(&path).is_err());
    // The first window goes on journaling and saving.
    first
        .apply(Edit::SetStatus {
            doc: 0,
            status: crate::model::Status::Done,
        })
        .unwrap();
    assert_eq!(first.flush_journal(), None);
    assert_eq!(journal::read(&path).unwrap().unwrap().edits.len(), 2);

    // Once the first window is gone, its journal is a crashed session's.
    drop(first);
    let (_, recovery) = second.open(&path).unwrap();
    assert_eq!(recovery.expect("offered now").recovered.edits.len(), 2);
}

#[test]
fn a_window_reopens_and_saves_its_own_dataset_and_save_as_moves_the_lock() {
    let (dir, path) = saved();
    let mut ws = Workspace::new(Dataset::default(), None);
    ws.open(&path).unwrap();
    ws.open(&path).unwrap();
    ws.apply(pompeo()).unwrap();
    ws.save_to(&path).unwrap();
    // However the path is spelled.
    let cwd = std::env::current_dir().unwrap();
    let other_spelling = dir.path().join(".").join("news.json");
    ws.apply(Edit::SetStatus {
        doc: 0,
        status: crate::model::Status::Done,
    })
    .unwrap();
    ws.save_to(&other_spelling).unwrap();
    assert_eq!(std::env::current_dir().unwrap(), cwd);
    assert!(store::DatasetLock::acquire(&path).is_err(), "still held");
    let copy = dir.path().join("copy.json");
    ws.save_to(&copy).unwrap();
    assert!(store::DatasetLock::acquire(&path).is_ok(), "let go of");
    assert!(
        store::DatasetLock::acquire(&copy).is_err(),
        "the new file is held"
    );
    drop(ws);
    assert!(store::DatasetLock::acquire(&copy).is_ok());
}
