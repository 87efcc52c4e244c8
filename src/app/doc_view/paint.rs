//! Painting the document view: spans as coloured backgrounds under label
//! tags, suggestions outlined, conflicts underlined, the selection, the
//! suggestion under review, and the hover tooltip.

use std::ops::Range;

use egui::{FontId, Stroke, Ui, pos2, vec2};

use super::DocView;
use crate::app::theme;
use crate::model::{Document, LabelSet, Span};

impl DocView {
    pub(super) fn paint_paragraph(&self, ui: &Ui, doc: &Document, labels: &LabelSet, p: usize) {
        let paragraph = &self.paragraphs[p];
        let Some(galley) = paragraph.galley.clone() else {
            return;
        };
        let painter = ui.painter();
        let visuals = ui.visuals();
        let chars = paragraph.chars.clone();
        let spans = spans_in(&doc.spans, &chars);
        let suggestions = spans_in(&doc.suggestions, &chars);
        for span in spans {
            let Some(label) = labels.get(&span.label) else {
                continue;
            };
            let fill = theme::span_fill(label.color, visuals);
            for rect in self.range_rects(p, span.char_range()) {
                painter.rect_filled(rect.expand2(vec2(1.0, 0.0)), 3.0, fill);
            }
        }
        self.paint_search_hits(ui, p);
        if let Some(selection) = &self.selection {
            for rect in self.range_rects(p, selection.range()) {
                painter.rect_filled(rect, 2.0, theme::selection_fill(visuals));
            }
        }
        for suggestion in suggestions.iter().filter(|s| self.shows(s)) {
            let Some(label) = labels.get(&suggestion.label) else {
                continue;
            };
            let stroke = Stroke::new(1.5, theme::color32(label.color));
            for rect in self.range_rects(p, suggestion.char_range()) {
                painter.rect_stroke(rect, 3.0, stroke, egui::StrokeKind::Outside);
            }
        }
        // Open conflicts between annotators: a thick warning underline.
        let warn = Stroke::new(2.5, visuals.warn_fg_color);
        for c in doc
            .conflicts
            .iter()
            .filter(|c| c.start.0 < chars.end && c.end.0 > chars.start)
        {
            for rect in self.range_rects(p, c.start.0..c.end.0) {
                let y = rect.max.y + 1.5;
                painter.line_segment([pos2(rect.min.x, y), pos2(rect.max.x, y)], warn);
            }
        }
        let top = self.origin + vec2(0.0, self.tops[p]);
        painter.galley(top, galley, visuals.text_color());
        let tag_font = FontId::proportional(theme::TAG_SIZE);
        for span in spans {
            let Some(label) = labels.get(&span.label) else {
                continue;
            };
            if span.start.0 < chars.start {
                continue;
            }
            if let Some(first) = self.range_rects(p, span.char_range()).first() {
                painter.text(
                    pos2(first.min.x, first.min.y - 1.0),
                    egui::Align2::LEFT_BOTTOM,
                    &label.name,
                    tag_font.clone(),
                    theme::tag_text(label.color, visuals),
                );
            }
        }
        if let Some(focus) = &self.focus
            && focus.start.0 < chars.end
            && focus.end.0 > chars.start
            && let Some(label) = labels.get(&focus.label)
        {
            let fill = theme::span_fill(label.color, visuals).gamma_multiply(0.6);
            let stroke = Stroke::new(2.5, visuals.strong_text_color());
            for rect in self.range_rects(p, focus.char_range()) {
                painter.rect_filled(rect, 3.0, fill);
                painter.rect_stroke(rect.expand(1.5), 3.0, stroke, egui::StrokeKind::Outside);
            }
            if let Some(first) = self.range_rects(p, focus.char_range()).first() {
                painter.text(
                    pos2(first.min.x, first.min.y - 1.0),
                    egui::Align2::LEFT_BOTTOM,
                    format!("{}?", label.name),
                    FontId::proportional(theme::TAG_SIZE),
                    theme::tag_text(label.color, visuals),
                );
            }
        }
        if let Some(selected) = &self.selected_span
            && selected.start.0 < chars.end
            && selected.end.0 > chars.start
        {
            let stroke = Stroke::new(2.0, visuals.strong_text_color());
            for rect in self.range_rects(p, selected.char_range()) {
                painter.rect_stroke(rect.expand(1.0), 3.0, stroke, egui::StrokeKind::Outside);
            }
        }
    }

    /// True when a suggestion is drawn: not a model suggestion below the
    /// confidence threshold.
    fn shows(&self, s: &Span) -> bool {
        match s.origin {
            crate::model::Origin::Model(c) => c.get() >= self.min_confidence,
            _ => true,
        }
    }

    /// Search hits: a highlighter fill under the text, the current hit
    /// outlined as well.
    fn paint_search_hits(&self, ui: &Ui, p: usize) {
        let Some(hits) = &self.search_hits else {
            return;
        };
        let chars = &self.paragraphs[p].chars;
        let painter = ui.painter();
        let fill = theme::search_hit_fill(ui.visuals());
        let from = hits.partition_point(|h| h.end <= chars.start);
        for hit in hits[from..].iter().take_while(|h| h.start <= chars.end) {
            for rect in self.range_rects(p, hit.clone()) {
                painter.rect_filled(rect, 2.0, fill);
            }
        }
        if let Some(hit) = &self.current_hit {
            let stroke = Stroke::new(2.0, theme::current_hit_stroke(ui.visuals()));
            for rect in self.range_rects(p, hit.clone()) {
                painter.rect_stroke(rect.expand(1.0), 2.0, stroke, egui::StrokeKind::Outside);
            }
        }
    }

    /// On hover over a span or suggestion: its label and where it came from.
    pub(super) fn hover_tooltip(&self, response: &egui::Response, doc: &Document) {
        let Some(char) = response.hover_pos().and_then(|pos| self.char_at(pos)) else {
            return;
        };
        let covers = |s: &&Span| s.char_range().contains(&char);
        let conflict = doc
            .conflicts
            .iter()
            .find(|c| (c.start.0..c.end.0).contains(&char));
        let text = if let Some(c) = conflict {
            let versions: Vec<String> = c
                .versions
                .iter()
                .map(|v| {
                    let labels: Vec<&str> = v.spans.iter().map(|s| s.label.as_str()).collect();
                    let labels = if labels.is_empty() {
                        "no span".to_owned()
                    } else {
                        labels.join(" + ")
                    };
                    format!("{}: {labels}", v.annotator)
                })
                .collect();
            format!("conflict · {}", versions.join(" · "))
        } else if let Some(s) = doc
            .suggestions
            .iter()
            .filter(|s| self.shows(s))
            .find(covers)
        {
            match s.origin {
                crate::model::Origin::Model(c) => {
                    format!("suggestion {} from the model · confidence {c}", s.label)
                }
                _ => format!("suggestion {} from {}", s.label, s.origin),
            }
        } else if let Some(s) = doc.spans.iter().find(covers) {
            let note = s
                .note
                .as_deref()
                .map(|n| format!(" · {n}"))
                .unwrap_or_default();
            format!("{} ({}){note}", s.label, s.origin)
        } else {
            return;
        };
        response.clone().on_hover_ui_at_pointer(|ui| {
            ui.label(text);
        });
    }
}

/// The spans that start or end inside `chars` (spans are sorted by start).
pub(super) fn spans_in<'a>(spans: &'a [Span], chars: &Range<usize>) -> &'a [Span] {
    let upto = spans.partition_point(|s| s.start.0 < chars.end.max(chars.start + 1));
    let mut from = spans[..upto].partition_point(|s| s.start.0 < chars.start);
    while from > 0 && spans[from - 1].end.0 > chars.start {
        from -= 1;
    }
    &spans[from..upto]
}
