//! The suggestion under review, in the side panel: its text in context,
//! its label, the rule that proposed it and that rule's precision so far,
//! and which keys decide (a label key accepts it under that label).

use egui::{Color32, RichText, Ui};

use super::{Caches, cache_key};
use crate::app::{Workspace, theme};
use crate::model::{CharOffset, Origin, Span};
use crate::text::OffsetIndex;

/// Chars of context shown on each side of the suggestion.
const CONTEXT_CHARS: usize = 60;

/// The rule id a suggestion's statistics are kept under.
fn rule_id(origin: &Origin) -> Option<String> {
    match origin {
        Origin::Rule(id) => Some(id.to_string()),
        Origin::Learned => Some("learned".to_owned()),
        Origin::Model(_) => Some("model".to_owned()),
        Origin::Manual | Origin::Imported => None,
    }
}

/// The text before, of, and after a span, cut at line ends.
fn in_context(text: &str, span: &Span) -> (String, String, String) {
    let index = OffsetIndex::new(text);
    let (start, end) = (span.start.0, span.end.0);
    let slice = |s: usize, e: usize| {
        index
            .slice(CharOffset(s), CharOffset(e.min(index.char_len())))
            .unwrap_or_default()
    };
    let before = slice(start.saturating_sub(CONTEXT_CHARS), start);
    let before = before.rsplit('\n').next().unwrap_or_default();
    let after = slice(end, end + CONTEXT_CHARS);
    let after = after.split('\n').next().unwrap_or_default();
    (
        format!("…{before}"),
        slice(start, end).to_owned(),
        format!("{after}…"),
    )
}

/// Draws the card for the suggestion `(doc, span)`.
pub fn ui(ui: &mut Ui, ws: &Workspace, caches: &mut Caches, current: &(usize, Span)) {
    let (doc, span) = current;
    let dataset = ws.dataset();
    let Some(document) = dataset.documents.get(*doc) else {
        return;
    };
    ui.heading("Suggestion");
    let color = dataset
        .labels
        .get(&span.label)
        .map_or(Color32::GRAY, |l| theme::color32(l.color));
    let key = (cache_key(ws).1, *doc, span.start.0, span.end.0);
    let (before, text, after) = caches
        .context(key, || in_context(&document.text, span))
        .clone();
    let normal = egui::TextFormat {
        color: ui.visuals().text_color(),
        ..egui::TextFormat::default()
    };
    let fill = dataset
        .labels
        .get(&span.label)
        .map_or(Color32::TRANSPARENT, |l| {
            theme::span_fill(l.color, ui.visuals())
        });
    let mut job = egui::text::LayoutJob::default();
    job.append(&before, 0.0, normal.clone());
    job.append(
        &text,
        0.0,
        egui::TextFormat {
            color: ui.visuals().strong_text_color(),
            background: fill,
            ..normal.clone()
        },
    );
    job.append(&after, 0.0, normal);
    job.wrap.max_width = ui.available_width();
    let context = ui.label(job);
    context.widget_info(|| {
        egui::WidgetInfo::labeled(
            egui::Role::Label,
            true,
            format!("Suggestion in context: {before}{text}{after}"),
        )
    });
    ui.horizontal(|ui| {
        ui.label("Label");
        ui.label(RichText::new(span.label.as_str()).color(color).strong());
    });
    ui.horizontal_wrapped(|ui| {
        ui.label("From");
        ui.label(RichText::new(span.origin.to_string()).strong());
    });
    let precision = rule_id(&span.origin).and_then(|id| {
        let stats = caches.rule_stats(cache_key(ws), dataset).get(&id)?;
        Some(match stats.precision() {
            Some(p) => format!(
                "Precision so far {:.0}% ({} accepted, {} rejected)",
                p * 100.0,
                stats.accepted,
                stats.rejected
            ),
            None => "Precision so far: no decisions yet".to_owned(),
        })
    });
    if let Some(precision) = precision {
        ui.label(precision);
    }
    ui.label(RichText::new("A accepts, X rejects; a label key accepts it under that label").weak());
}
