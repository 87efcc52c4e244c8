//! Two windows on one dataset: the second spanlab is refused with a clear
//! message and does not offer to "recover" the first one's live journal.

#![cfg(feature = "gui")]

mod common;

use common::{harness, s, spanlab, stderr};
use egui::Key;
use egui_kittest::kittest::Queryable as _;
use spanlab::app::App;
use spanlab::model::Span;
use spanlab::store::{self, journal};

#[test]
fn a_second_window_on_an_open_dataset_is_refused_and_does_not_offer_the_live_journal() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("news.ron");
    store::save(&spanlab::assets::sample_dataset(), &path).expect("save");
    let mut first = harness(App::from_args(std::slice::from_ref(&path)));
    first.run();
    first.state_mut().select(19..30);
    first.run();
    first.key_press(Key::P);
    first.run();
    let live = std::fs::read(journal::journal_path(&path)).expect("a live journal");

    let mut second = harness(App::from_args(std::slice::from_ref(&path)));
    second.run();
    let message = second.state().message().unwrap_or_default().to_owned();
    assert!(
        message.contains("news.ron: open in another spanlab"),
        "{message}"
    );
    assert!(second.state().path().is_none(), "the dataset is not opened");
    assert!(
        second
            .query_by_label_contains("were not saved")
            .or_else(|| second.query_by_label_contains("was not saved"))
            .is_none(),
        "no recovery offered"
    );
    assert_eq!(
        std::fs::read(journal::journal_path(&path)).expect("still there"),
        live
    );
    // Another process is refused as well: `spanlab suggest` writes datasets.
    let o = spanlab(&["suggest", s(&path)]);
    assert!(
        !o.status.success(),
        "suggest must not write an open dataset"
    );
    assert!(
        stderr(&o).contains("in use by another spanlab"),
        "{}",
        stderr(&o)
    );
    // The first window saves as usual.
    first.key_press_modifiers(egui::Modifiers::COMMAND, Key::S);
    first.run();
    let saved = store::load(&path).expect("loads");
    assert!(
        saved.documents[0]
            .spans
            .contains(&Span::new(19, 30, "PERSON"))
    );
}
