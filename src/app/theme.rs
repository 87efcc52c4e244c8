//! Colours and sizes of the document view, in one place. Label colours come
//! from the label set; this file decides how they are drawn on a dark or a
//! light background.

use egui::{Color32, Visuals};

use crate::model::Color;

/// Size of the document text, in points.
pub const TEXT_SIZE: f32 = 16.0;
/// Height of one text row: the text plus room above it for label tags.
pub const ROW_HEIGHT: f32 = TEXT_SIZE * 1.8;
/// Size of the label tags drawn above spans.
pub const TAG_SIZE: f32 = 10.5;
/// Space between paragraphs.
pub const PARAGRAPH_GAP: f32 = 4.0;

/// A label colour as egui's.
pub fn color32(color: Color) -> Color32 {
    Color32::from_rgb(color.r, color.g, color.b)
}

/// The fill behind a span's text: the label colour, translucent enough for
/// the text to stay readable in both themes.
pub fn span_fill(color: Color, visuals: &Visuals) -> Color32 {
    let alpha = if visuals.dark_mode { 150 } else { 110 };
    Color32::from_rgba_unmultiplied(color.r, color.g, color.b, alpha)
}

/// The colour of a label tag's text: the label colour, shifted towards the
/// text colour of the theme so that it has contrast.
pub fn tag_text(color: Color, visuals: &Visuals) -> Color32 {
    let base = color32(color);
    if visuals.dark_mode {
        base.lerp_to_gamma(Color32::WHITE, 0.35)
    } else {
        base.lerp_to_gamma(Color32::BLACK, 0.35)
    }
}

/// The fill behind the current selection / word cursor.
pub fn selection_fill(visuals: &Visuals) -> Color32 {
    visuals.selection.bg_fill.gamma_multiply(0.55)
}

/// The highlighter fill behind a search hit (amber, readable in both themes).
pub fn search_hit_fill(visuals: &Visuals) -> Color32 {
    if visuals.dark_mode {
        Color32::from_rgba_unmultiplied(230, 160, 0, 85)
    } else {
        Color32::from_rgba_unmultiplied(255, 200, 0, 140)
    }
}

/// The outline of the search hit the user is on.
pub fn current_hit_stroke(visuals: &Visuals) -> Color32 {
    if visuals.dark_mode {
        Color32::from_rgb(255, 170, 0)
    } else {
        Color32::from_rgb(200, 90, 0)
    }
}
