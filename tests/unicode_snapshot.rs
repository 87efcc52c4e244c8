//! The Unicode sample rendered with real glyphs: Latin with accents, CJK,
//! an emoji ZWJ sequence and a flag, Arabic, Hebrew and Devanagari, with
//! span boxes over the Arabic word and the emoji. Fonts come from the
//! system (eframe's system font provider, as in the app); the snapshot is
//! byte-stable with the Debian packages `.ci/run` installs, and the test
//! says which font is missing rather than failing on a pixel diff.
//! Refresh with `UPDATE_SNAPSHOTS=1 cargo test --test unicode_snapshot`.

#![cfg(feature = "gui")]

mod common;

use egui::epaint::text::{FallbackRequest, FontFamily, FontProvider as _};
use egui_kittest::Harness;
use egui_system_font_provider::SystemFontProvider;
use spanlab::app::App;
use spanlab::model::{Dataset, Document, LabelSet, Span};

/// A line in three more scripts.
const SCRIPTS_LINE: &str = "中文 日本語 한국어 · עברית שלום · हिन्दी नमस्ते";

/// A char of each script the snapshot shows, the font family fontconfig
/// must give it (prefix), and the Debian package that has that font.
const NEEDED: [(char, &str, &str); 6] = [
    ('中', "Noto Sans CJK", "fonts-noto-cjk"),
    ('한', "Noto Sans CJK", "fonts-noto-cjk"),
    ('ق', "DejaVu Sans", "fonts-dejavu-core"),
    ('ש', "DejaVu Sans", "fonts-dejavu-core"),
    ('ह', "Noto Sans Devanagari", "fonts-noto-core"),
    ('👩', "Noto Color Emoji", "fonts-noto-color-emoji"),
];

/// Fails with the list of fonts the system lacks (and the packages to install).
fn require_fonts() {
    let provider = SystemFontProvider::new().with_locale(Some("en"));
    let mut missing = Vec::new();
    for (c, family, package) in NEEDED {
        let cluster = c.to_string();
        let request = FallbackRequest {
            cluster: &cluster,
            family: &FontFamily::Proportional,
        };
        let found = provider.font_for(&request).map(|font| font.name);
        let ok = found
            .as_deref()
            .is_some_and(|name| name.starts_with(&format!("system:{family}")));
        if !ok {
            missing.push(format!(
                "{c:?} needs {family} (Debian package {package}), the system gives {}",
                found.as_deref().unwrap_or("no font")
            ));
        }
    }
    assert!(
        missing.is_empty(),
        "fonts missing for the Unicode snapshot; install them (`.ci/run` does):\n  {}",
        missing.join("\n  ")
    );
}

/// The sample's text plus the scripts line, with spans over the Arabic
/// word and the two emoji runs.
fn unicode_dataset() -> Dataset {
    let sample = std::fs::read_to_string(common::data("unicode-offsets.txt"))
        .expect("tests/data/unicode-offsets.txt");
    let text = format!("{}\n{SCRIPTS_LINE}\n", sample.trim_end());
    let find = |needle: &str| {
        let byte = text.find(needle).expect("the needle is in the text");
        let start = text[..byte].chars().count();
        Span::new(start, start + needle.chars().count(), "LOC")
    };
    let mut doc = Document::new("unicode", text.clone());
    doc.spans = vec![
        find("القاهرة"),
        Span::new(find("👩").start.0, find("👩").start.0 + 5, "PERSON"),
        Span::new(find("😀😀").start.0, find("😀😀").end.0, "EVENT"),
        find("עברית"),
    ];
    doc.spans.sort_by_key(|s| s.start.0);
    let mut dataset = Dataset::new(LabelSet::default());
    dataset.documents.push(doc);
    dataset
}

fn unicode_harness(theme: egui::Theme) -> Harness<'static, App> {
    Harness::builder()
        .with_size([1000.0, 420.0])
        .with_theme(theme)
        .with_context_setup(|ctx| spanlab::app::fonts::install(ctx, true))
        .wgpu()
        .build_ui_state(
            |ui, app: &mut App| app.ui(ui),
            App::new(unicode_dataset(), None).with_native_dialogs(false),
        )
}

#[test]
fn unicode_sample_renders_real_glyphs_with_spans_over_the_right_chars() {
    require_fonts();
    // kittest panics on any char no font can draw: getting here means
    // every char of the text found a glyph.
    let mut harness = unicode_harness(egui::Theme::Light);
    harness.run();
    harness.snapshot("unicode_sample");
}
