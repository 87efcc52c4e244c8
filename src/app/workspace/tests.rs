//! The workspace's file behaviour, without a window.

use super::*;
use crate::model::Span;

fn pompeo() -> Edit {
    Edit::AddSpan {
        doc: 0,
        span: Span::new(19, 30, "PERSON"),
    }
}

#[test]
fn a_file_is_journaled_from_the_first_edit_and_saving_ends_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("news.ron");
    store::save(&crate::assets::sample_dataset(), &path).unwrap();
    let mut ws = Workspace::new(Dataset::default(), None);
    let (message, recovery) = ws.open(&path).unwrap();
    assert!(message.starts_with("Opened"), "{message}");
    assert!(recovery.is_none());
    assert!(ws.journal_file().is_none(), "no edit yet");
    ws.apply(pompeo()).unwrap();
    assert_eq!(ws.flush_journal(), None);
    let recovered = journal::read(&path).unwrap().unwrap();
    assert_eq!(recovered.edits, [pompeo()]);
    ws.save_to(&path).unwrap();
    assert!(journal::read(&path).unwrap().is_none());
    assert!(!ws.is_dirty());
}

#[test]
fn another_programs_change_is_not_overwritten_without_asking() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("news.json");
    store::save(&crate::assets::sample_dataset(), &path).unwrap();
    let mut ws = Workspace::new(Dataset::default(), None);
    ws.open(&path).unwrap();
    ws.apply(pompeo()).unwrap();
    let mut theirs = store::load(&path).unwrap();
    theirs.documents[0].spans.push(Span::new(0, 4, "ORG"));
    store::save(&theirs, &path).unwrap();
    assert!(matches!(ws.save_to(&path), Err(SaveFailed::Changed(_))));
    assert_eq!(store::load(&path).unwrap(), theirs);
    ws.overwrite(&path).unwrap();
    assert_eq!(&store::load(&path).unwrap(), ws.dataset());
}

#[test]
fn an_unsaved_dataset_is_journaled_in_the_data_folder_and_recovered() {
    let data = tempfile::tempdir().unwrap();
    let sample = crate::assets::sample_dataset();
    let mut ws = Workspace::new(sample.clone(), None).with_data_dir(Some(data.path().into()));
    ws.apply(pompeo()).unwrap();
    assert_eq!(ws.flush_journal(), None);
    let journal_file = ws.journal_file().unwrap().to_path_buf();
    assert!(journal_file.starts_with(data.path()));
    // This window still runs: nothing to offer another one.
    let other = Workspace::new(sample.clone(), None).with_data_dir(Some(data.path().into()));
    assert!(other.unsaved_recovery().is_none());
    // The window stops without saving (its lock goes with it).
    drop(ws);
    let mut next = Workspace::new(sample, None).with_data_dir(Some(data.path().into()));
    let recovery = next.unsaved_recovery().expect("offered");
    assert!(recovery.unsaved);
    let message = next
        .recover(recovery, RecoveryChoice::Recover, false)
        .unwrap();
    assert!(
        message.starts_with("Recovered 1 unsaved edit to a dataset never saved"),
        "{message}"
    );
    assert!(
        next.dataset().documents[0]
            .spans
            .contains(&Span::new(19, 30, "PERSON"))
    );
    assert!(next.is_dirty() && next.path().is_none());
    // Saving to a file removes the base and its journal.
    let file = data.path().join("mine.ron");
    next.save_to(&file).unwrap();
    assert!(!journal_file.exists());
    assert!(crate::store::unsaved::orphans(data.path()).is_empty());
}
