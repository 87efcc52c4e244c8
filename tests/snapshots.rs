//! Image snapshots of the main window on the sample with spans, dark and
//! light, rendered by wgpu through Mesa's software renderer: a visual
//! regression fails CI. Refresh after an intended change with
//! `UPDATE_SNAPSHOTS=1 cargo test --test snapshots`.

#![cfg(feature = "gui")]

use egui_kittest::Harness;
use spanlab::app::App;
use spanlab::model::Span;

fn labelled_sample() -> App {
    let mut dataset = spanlab::assets::sample_dataset();
    let doc = &mut dataset.documents[0];
    // Secretary of State [PERSON Mike Pompeo] … [LOC North Korea] …
    doc.spans = vec![
        Span::new(19, 30, "PERSON"),
        Span::new(68, 79, "LOC"),
        Span::new(134, 142, "LOC"),
        Span::new(154, 163, "LOC"),
        Span::new(177, 183, "PERSON"),
        Span::new(269, 280, "PERSON"),
        Span::new(313, 323, "LOC"),
        Span::new(505, 512, "DATE"),
    ];
    doc.suggestions = vec![
        Span::new(357, 369, "PERSON").with_origin(spanlab::model::Origin::Rule("titles".into())),
    ];
    App::new(dataset, None).with_native_dialogs(false)
}

fn snapshot(theme: egui::Theme, name: &str) {
    let mut harness = Harness::builder()
        .with_size([1280.0, 800.0])
        .with_theme(theme)
        .wgpu()
        .build_ui_state(|ui, app: &mut App| app.ui(ui), labelled_sample());
    harness.run();
    harness.snapshot(name);
}

#[test]
fn main_window_dark() {
    snapshot(egui::Theme::Dark, "main_window_dark");
}

#[test]
fn main_window_light() {
    snapshot(egui::Theme::Light, "main_window_light");
}
