//! The document text view: wrapped text with spans drawn as coloured
//! backgrounds under label tags, a word cursor and selection, mouse and
//! keyboard selection.
//!
//! It never lays out or paints the whole document. The text is split into
//! paragraphs at line ends; each paragraph's galley is laid out when it first
//! comes into view and cached (until the wrap width changes), and paragraphs
//! that were not laid out yet have an estimated height. Spans are painted
//! from the cached galley's geometry, so an edit re-lays out nothing: it only
//! changes which rectangles the visible paragraphs paint.

use std::ops::Range;
use std::sync::Arc;

use egui::text::{CCursor, CharIndex, LayoutJob, TextFormat};
use egui::{Align, FontId, Galley, Pos2, Rect, Sense, Stroke, Ui, pos2, vec2};

use super::theme;
use crate::model::{CharOffset, Document, LabelSet, Span};
use crate::text::{Token, tokens};

/// A selection in chars: the anchor token and the head token (the end that
/// moves). The selected range covers both.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Selection {
    /// Where the selection started.
    pub anchor: Range<usize>,
    /// Where it ends now; arrows with Shift move this end.
    pub head: Range<usize>,
}

impl Selection {
    /// A selection of one range.
    pub fn of(range: Range<usize>) -> Self {
        Self {
            anchor: range.clone(),
            head: range,
        }
    }

    /// The chars selected.
    pub fn range(&self) -> Range<usize> {
        self.anchor.start.min(self.head.start)..self.anchor.end.max(self.head.end)
    }
}

/// Room above the first row for its label tags.
const TOP_PADDING: f32 = 6.0;

/// One line of the text, laid out on its own.
struct Paragraph {
    chars: Range<usize>,
    bytes: Range<usize>,
    height: f32,
    galley: Option<Arc<Galley>>,
    /// Frame number when last painted, to drop galleys far out of view.
    last_used: u64,
}

/// How a word-cursor move goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Motion {
    /// Previous word.
    Left,
    /// Next word.
    Right,
    /// Word on the row above.
    Up,
    /// Word on the row below.
    Down,
    /// First word of the row.
    RowStart,
    /// Last word of the row.
    RowEnd,
}

/// What the user did in the view this frame that the app must act on.
#[derive(Debug, Default)]
pub struct ViewOutput {
    /// A span was clicked.
    pub clicked_span: Option<Span>,
}

/// The document view's state and caches. One per open document.
#[derive(Default)]
pub struct DocView {
    /// Which document the caches are for: (index, text length, generation).
    key: Option<(usize, usize, u64)>,
    paragraphs: Vec<Paragraph>,
    /// Top of each paragraph, and the total height last.
    tops: Vec<f32>,
    tops_dirty: bool,
    tokens: Vec<Token>,
    /// The tokens that are words (not punctuation): where the word cursor stops.
    words: Vec<Token>,
    wrap_width: f32,
    frame: u64,
    /// Where the content's origin was on screen last frame.
    origin: Pos2,
    /// The selection, if any.
    pub selection: Option<Selection>,
    /// The span clicked last, shown in the details panel.
    pub selected_span: Option<Span>,
    /// The suggestion under review, drawn emphasised.
    pub focus: Option<Span>,
    /// A char to bring into view next frame.
    scroll_to: Option<usize>,
    drag_anchor: Option<usize>,
}

impl DocView {
    /// Forgets the document: the next frame lays out afresh.
    pub fn reset(&mut self) {
        *self = Self::default();
    }

    /// Prepares the caches for `doc` (cheap when it is already the one).
    pub fn prepare(&mut self, index: usize, doc: &Document, generation: u64) {
        let key = (index, doc.text.len(), generation);
        if self.key == Some(key) {
            return;
        }
        self.key = Some(key);
        self.paragraphs = split_paragraphs(&doc.text);
        self.tokens = tokens(&doc.text);
        let index = crate::text::OffsetIndex::new(&doc.text);
        self.words = self
            .tokens
            .iter()
            .filter(|t| {
                index
                    .slice(t.start, t.end)
                    .is_some_and(crate::text::is_word)
            })
            .copied()
            .collect();
        self.wrap_width = 0.0;
        self.tops_dirty = true;
        self.selection = None;
        self.selected_span = None;
        self.drag_anchor = None;
    }

    /// Lays every paragraph out again next frame (after a theme change).
    pub fn reset_layout(&mut self) {
        self.wrap_width = 0.0;
    }

    /// The word tokens of the document.
    pub fn tokens(&self) -> &[Token] {
        &self.tokens
    }

    /// Asks the view to scroll `char` into view on the next frame.
    pub fn scroll_to(&mut self, char: usize) {
        self.scroll_to = Some(char);
    }

    /// Draws the view and handles the mouse. Call [`Self::prepare`] first.
    pub fn ui(&mut self, ui: &mut Ui, doc: &Document, labels: &LabelSet) -> ViewOutput {
        self.frame += 1;
        let width = (ui.available_width() - 24.0).max(120.0);
        if (width - self.wrap_width).abs() > 0.5 {
            self.relayout(width);
        }
        let mut output = ViewOutput::default();
        let scroll_target = self.scroll_to.take();
        let mut area = egui::ScrollArea::vertical()
            .id_salt("document text")
            .auto_shrink([false, false]);
        if let Some(char) = scroll_target {
            let y = self.char_y(char);
            let visible = ui.available_height();
            area = area.vertical_scroll_offset((y - visible / 3.0).max(0.0));
        }
        area.show_viewport(ui, |ui, viewport| {
            self.update_tops();
            let total = self.tops.last().copied().unwrap_or(0.0);
            let (rect, response) = ui.allocate_exact_size(
                vec2(width + 16.0, total + TOP_PADDING),
                Sense::click_and_drag(),
            );
            response.widget_info(|| {
                egui::WidgetInfo::labeled(egui::Role::Document, true, "Document text")
            });
            self.origin = rect.min + vec2(8.0, TOP_PADDING);
            let visible = self.visible_paragraphs(viewport.expand2(vec2(0.0, 200.0)));
            for p in visible.clone() {
                self.ensure_galley(ui, doc, p);
            }
            self.update_tops();
            for p in visible {
                self.paint_paragraph(ui, doc, labels, p);
            }
            self.handle_pointer(ui, &response, doc, &mut output);
            self.hover_tooltip(&response, doc);
            self.drop_far_galleys();
        });
        output
    }

    fn relayout(&mut self, width: f32) {
        self.wrap_width = width;
        let chars_per_row = (width / (theme::TEXT_SIZE * 0.5)).max(1.0);
        for p in &mut self.paragraphs {
            p.galley = None;
            #[expect(clippy::cast_precision_loss, reason = "an estimate")]
            let rows = (p.chars.len() as f32 / chars_per_row).ceil().max(1.0);
            p.height = rows * theme::ROW_HEIGHT;
        }
        self.tops_dirty = true;
    }

    fn update_tops(&mut self) {
        if !self.tops_dirty {
            return;
        }
        self.tops.clear();
        let mut y = 0.0;
        for p in &self.paragraphs {
            self.tops.push(y);
            y += p.height + theme::PARAGRAPH_GAP;
        }
        self.tops.push(y);
        self.tops_dirty = false;
    }

    fn visible_paragraphs(&self, viewport: Rect) -> Range<usize> {
        let n = self.paragraphs.len();
        let first = self.tops[..n].partition_point(|top| *top <= viewport.min.y);
        let last = self.tops[..n].partition_point(|top| *top < viewport.max.y);
        first.saturating_sub(1)..last.min(n)
    }

    fn ensure_galley(&mut self, ui: &Ui, doc: &Document, p: usize) {
        let frame = self.frame;
        let paragraph = &mut self.paragraphs[p];
        paragraph.last_used = frame;
        if paragraph.galley.is_some() {
            return;
        }
        let text = &doc.text[paragraph.bytes.clone()];
        let format = TextFormat {
            font_id: FontId::proportional(theme::TEXT_SIZE),
            color: ui.visuals().text_color(),
            line_height: Some(theme::ROW_HEIGHT),
            valign: Align::BOTTOM,
            ..TextFormat::default()
        };
        let mut job = LayoutJob::single_section(text.to_owned(), format);
        job.wrap.max_width = self.wrap_width;
        let galley = ui.fonts_mut(|fonts| fonts.layout_job(job));
        let height = galley.size().y.max(theme::ROW_HEIGHT);
        if (height - paragraph.height).abs() > 0.1 {
            paragraph.height = height;
            self.tops_dirty = true;
        }
        paragraph.galley = Some(galley);
    }

    fn drop_far_galleys(&mut self) {
        let frame = self.frame;
        for p in &mut self.paragraphs {
            if p.galley.is_some() && frame.saturating_sub(p.last_used) > 600 {
                p.galley = None;
            }
        }
    }

    /// The paragraph holding `char`.
    fn paragraph_of(&self, char: usize) -> usize {
        self.paragraphs
            .partition_point(|p| p.chars.end < char)
            .min(self.paragraphs.len().saturating_sub(1))
    }

    fn char_y(&mut self, char: usize) -> f32 {
        self.update_tops();
        let p = self.paragraph_of(char);
        let top = self.tops.get(p).copied().unwrap_or(0.0);
        let local = match &self.paragraphs.get(p).and_then(|p| p.galley.clone()) {
            Some(galley) => {
                let start = self.paragraphs[p].chars.start;
                galley.pos_from_cursor(CCursor::new(char - start)).min.y
            }
            None => 0.0,
        };
        top + local
    }

    /// Screen rectangles of a char range within paragraph `p` (one per row).
    fn range_rects(&self, p: usize, range: Range<usize>) -> Vec<Rect> {
        let paragraph = &self.paragraphs[p];
        let Some(galley) = &paragraph.galley else {
            return Vec::new();
        };
        let offset = self.origin.to_vec2() + vec2(0.0, self.tops[p]);
        let local = range.start.saturating_sub(paragraph.chars.start)
            ..range.end.min(paragraph.chars.end) - paragraph.chars.start.min(range.end);
        let mut rects = Vec::new();
        let mut row_start = 0;
        for row in &galley.rows {
            let n = row.char_count_excluding_newline().0;
            let s = local.start.max(row_start);
            let e = local.end.min(row_start + n);
            if s < e {
                let x0 = row.pos.x + row.x_offset(CharIndex(s - row_start));
                let x1 = row.pos.x + row.x_offset(CharIndex(e - row_start));
                let bottom = row.max_y();
                let top = bottom - theme::TEXT_SIZE * 1.3;
                rects.push(Rect::from_min_max(pos2(x0, top), pos2(x1, bottom)).translate(offset));
            }
            row_start += n + usize::from(row.ends_with_newline);
        }
        rects
    }

    /// The text of a char range of the prepared document, found through the
    /// paragraph table (a walk within one paragraph, not over the text).
    pub fn slice<'t>(&self, text: &'t str, chars: Range<usize>) -> &'t str {
        let byte = |c: usize| -> Option<usize> {
            let p = self.paragraphs.get(self.paragraph_of(c))?;
            let skip = c.checked_sub(p.chars.start)?;
            let line = text.get(p.bytes.start..)?;
            match line.char_indices().nth(skip) {
                Some((b, _)) => Some(p.bytes.start + b),
                // One past the last char is the end of the text; further is outside.
                None => (line.chars().count() == skip).then_some(text.len()),
            }
        };
        match (byte(chars.start), byte(chars.end)) {
            (Some(s), Some(e)) if s <= e => text.get(s..e).unwrap_or(""),
            _ => "",
        }
    }

    /// The screen rectangle of one char, from the last frame's layout (for
    /// tests that drive the mouse).
    pub fn char_rect(&self, char: usize) -> Option<Rect> {
        let p = self.paragraph_of(char);
        self.range_rects(p, char..char + 1).first().copied()
    }

    fn paint_paragraph(&self, ui: &Ui, doc: &Document, labels: &LabelSet, p: usize) {
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
        if let Some(selection) = &self.selection {
            for rect in self.range_rects(p, selection.range()) {
                painter.rect_filled(rect, 2.0, theme::selection_fill(visuals));
            }
        }
        for suggestion in suggestions {
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

    /// On hover over a span or suggestion: its label and where it came from.
    fn hover_tooltip(&self, response: &egui::Response, doc: &Document) {
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
        } else if let Some(s) = doc.suggestions.iter().find(covers) {
            format!("suggestion {} from {}", s.label, s.origin)
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

    /// The caret position (a char boundary) nearest to a screen point.
    fn boundary_at(&self, pos: Pos2) -> Option<usize> {
        let local_y = pos.y - self.origin.y;
        let n = self.paragraphs.len();
        let p = self.tops[..n]
            .partition_point(|top| *top <= local_y)
            .checked_sub(1)?;
        let paragraph = &self.paragraphs[p];
        let galley = paragraph.galley.as_ref()?;
        let local = pos - (self.origin + vec2(0.0, self.tops[p]));
        let cursor = galley.cursor_from_pos(local);
        Some(paragraph.chars.start + cursor.index.0)
    }

    /// The char under a screen point, if the point is on a glyph.
    fn char_at(&self, pos: Pos2) -> Option<usize> {
        let b = self.boundary_at(pos)?;
        [b, b.saturating_sub(1)].into_iter().find(|c| {
            self.char_rect(*c)
                .is_some_and(|r| r.expand2(vec2(0.5, 0.0)).contains(pos))
        })
    }

    fn handle_pointer(
        &mut self,
        ui: &Ui,
        response: &egui::Response,
        doc: &Document,
        output: &mut ViewOutput,
    ) {
        let modifiers = ui.input(|i| i.modifiers);
        // The anchor is where the button went down, not where the drag was
        // recognised a few pixels later.
        if response.drag_started()
            && let Some(pos) = ui.input(|i| i.pointer.press_origin())
        {
            self.drag_anchor = self.boundary_at(pos);
        }
        if response.dragged()
            && let (Some(anchor), Some(pos)) = (self.drag_anchor, response.interact_pointer_pos())
            && let Some(head) = self.boundary_at(pos)
        {
            self.selected_span = None;
            self.selection = if modifiers.alt {
                (anchor != head).then_some(Selection {
                    anchor: anchor..anchor,
                    head: head..head,
                })
            } else {
                crate::text::snap_to_words(&self.tokens, CharOffset(anchor), CharOffset(head))
                    .map(|(s, e)| Selection::of(s.0..e.0))
            };
        }
        if response.drag_stopped() {
            self.drag_anchor = None;
        }
        if response.clicked() || response.double_clicked() {
            let pos = response.interact_pointer_pos().unwrap_or_default();
            let Some(char) = self.char_at(pos) else {
                self.selection = None;
                self.selected_span = None;
                return;
            };
            let hit = doc
                .spans
                .iter()
                .filter(|s| s.char_range().contains(&char))
                .min_by_key(|s| s.char_len());
            if let Some(span) = hit
                && !modifiers.shift
            {
                self.selection = None;
                self.selected_span = Some(span.clone());
                output.clicked_span = Some(span.clone());
                return;
            }
            let word = crate::text::word_at(&self.tokens, CharOffset(char)).map(|t| t.char_range());
            self.selected_span = None;
            match (word, &mut self.selection, modifiers.shift) {
                (Some(word), Some(selection), true) => selection.head = word,
                (Some(word), _, _) => self.selection = Some(Selection::of(word)),
                (None, _, _) => self.selection = None,
            }
        }
    }

    /// Moves the word cursor (or, with `extend`, the selection's head).
    pub fn move_cursor(&mut self, ui: &Ui, doc: &Document, motion: Motion, extend: bool) {
        let words = std::mem::take(&mut self.words);
        self.move_over(ui, doc, &words, motion, extend);
        self.words = words;
    }

    fn move_over(
        &mut self,
        ui: &Ui,
        doc: &Document,
        words: &[Token],
        motion: Motion,
        extend: bool,
    ) {
        if words.is_empty() {
            return;
        }
        let from = self
            .selection
            .as_ref()
            .map(|s| s.head.clone())
            .or_else(|| self.selected_span.as_ref().map(Span::char_range));
        let Some(from) = from else {
            let first = words[0].char_range();
            self.selection = Some(Selection::of(first.clone()));
            self.scroll_to = Some(first.start);
            return;
        };
        let target = match motion {
            Motion::Left => {
                let i = words.partition_point(|t| t.start.0 < from.start);
                words.get(i.saturating_sub(1)).map(Token::char_range)
            }
            Motion::Right => {
                let i = words.partition_point(|t| t.start.0 < from.end);
                words.get(i).map(Token::char_range)
            }
            Motion::Up | Motion::Down | Motion::RowStart | Motion::RowEnd => {
                self.vertical_target(ui, doc, words, from.start, motion)
            }
        };
        let Some(target) = target else { return };
        self.selected_span = None;
        match (&mut self.selection, extend) {
            (Some(selection), true) => selection.head = target.clone(),
            _ => self.selection = Some(Selection::of(target.clone())),
        }
        self.scroll_to = Some(target.start);
    }

    fn vertical_target(
        &mut self,
        ui: &Ui,
        doc: &Document,
        words: &[Token],
        from: usize,
        motion: Motion,
    ) -> Option<Range<usize>> {
        let p = self.paragraph_of(from);
        self.ensure_galley(ui, doc, p);
        let paragraph = &self.paragraphs[p];
        let galley = paragraph.galley.clone()?;
        let local = CCursor::new(from - paragraph.chars.start);
        let start = paragraph.chars.start;
        let point = |galley: &Galley, c: CCursor| galley.pos_from_cursor(c).center();
        let target_char = match motion {
            Motion::RowStart => start + galley.cursor_begin_of_row(&local).index.0,
            Motion::RowEnd => {
                let end = start + galley.cursor_end_of_row(&local).index.0;
                let i = words.partition_point(|t| t.start.0 < end);
                return words.get(i.checked_sub(1)?).map(Token::char_range);
            }
            Motion::Up | Motion::Down => {
                let at = point(&galley, local);
                let dy = if motion == Motion::Up {
                    -theme::ROW_HEIGHT
                } else {
                    theme::ROW_HEIGHT
                };
                let y = at.y + dy;
                if y >= 0.0 && y <= galley.size().y {
                    start + galley.cursor_from_pos(vec2(at.x, y)).index.0
                } else {
                    let q = if motion == Motion::Up {
                        p.checked_sub(1)?
                    } else {
                        p + 1
                    };
                    if q >= self.paragraphs.len() {
                        return None;
                    }
                    self.ensure_galley(ui, doc, q);
                    let other = self.paragraphs[q].galley.clone()?;
                    let y = if motion == Motion::Up {
                        other.size().y - 2.0
                    } else {
                        2.0
                    };
                    self.paragraphs[q].chars.start + other.cursor_from_pos(vec2(at.x, y)).index.0
                }
            }
            Motion::Left | Motion::Right => from,
        };
        // The word under the target, or the next one on the same line.
        let i = words.partition_point(|t| t.end.0 <= target_char);
        words.get(i).map(Token::char_range)
    }
}

/// The spans that start or end inside `chars` (spans are sorted by start).
fn spans_in<'a>(spans: &'a [Span], chars: &Range<usize>) -> &'a [Span] {
    let upto = spans.partition_point(|s| s.start.0 < chars.end.max(chars.start + 1));
    let mut from = spans[..upto].partition_point(|s| s.start.0 < chars.start);
    while from > 0 && spans[from - 1].end.0 > chars.start {
        from -= 1;
    }
    &spans[from..upto]
}

fn split_paragraphs(text: &str) -> Vec<Paragraph> {
    let mut out = Vec::new();
    let mut char_pos = 0;
    let mut byte_pos = 0;
    for line in text.split('\n') {
        let content = line.strip_suffix('\r').unwrap_or(line);
        let chars = content.chars().count();
        out.push(Paragraph {
            chars: char_pos..char_pos + chars,
            bytes: byte_pos..byte_pos + content.len(),
            height: theme::ROW_HEIGHT,
            galley: None,
            last_used: 0,
        });
        char_pos += line.chars().count() + 1;
        byte_pos += line.len() + 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_split_at_line_ends_and_drop_the_carriage_return() {
        let ps = split_paragraphs("Zoë\r\nKim\n\nend");
        let chars: Vec<_> = ps.iter().map(|p| p.chars.clone()).collect();
        assert_eq!(chars, [0..3, 5..8, 9..9, 10..13]);
        let bytes: Vec<_> = ps.iter().map(|p| p.bytes.clone()).collect();
        assert_eq!(bytes, [0..4, 6..9, 10..10, 11..14]);
    }

    #[test]
    fn spans_in_finds_spans_touching_a_paragraph() {
        let spans = vec![
            Span::new(0, 3, "A"),
            Span::new(5, 12, "B"),
            Span::new(13, 14, "C"),
        ];
        assert_eq!(spans_in(&spans, &(9..13)), &spans[1..2]);
        assert_eq!(spans_in(&spans, &(0..4)), &spans[0..1]);
        assert!(spans_in(&spans, &(3..5)).is_empty());
    }

    #[test]
    fn slices_by_char_range_across_paragraphs() {
        let text = "Zoë met\r\nJosé Martí\n\nin Zürich";
        let mut view = DocView::default();
        view.prepare(0, &Document::new("d", text), 0);
        assert_eq!(view.slice(text, 0..3), "Zoë");
        assert_eq!(view.slice(text, 9..19), "José Martí");
        assert_eq!(view.slice(text, 4..13), "met\r\nJosé");
        assert_eq!(view.slice(text, 24..30), "Zürich");
        assert_eq!(view.slice(text, 24..99), "", "past the end");
    }

    #[test]
    fn a_selection_covers_anchor_and_head() {
        let mut s = Selection::of(19..23);
        s.head = 24..30;
        assert_eq!(s.range(), 19..30);
        s.head = 4..8;
        assert_eq!(s.range(), 4..23);
    }
}
