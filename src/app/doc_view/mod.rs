//! The document text view: wrapped text with spans drawn as coloured
//! backgrounds under label tags, a word cursor and selection, mouse and
//! keyboard selection.
//!
//! It never lays out or paints the whole document. The text is split into
//! paragraphs at line ends (a line longer than a few thousand chars into
//! blocks, so no galley is ever huge); each paragraph's galley is laid out when it first
//! comes into view and cached (until the wrap width changes), and paragraphs
//! that were not laid out yet have an estimated height. Spans are painted
//! from the cached galley's geometry, so an edit re-lays out nothing: it only
//! changes which rectangles the visible paragraphs paint.

mod glyphs;
mod input;
mod layout;
mod paint;

use std::ops::Range;

use egui::{Pos2, Rect, Sense, Ui, vec2};

use crate::model::{Document, LabelSet, Span};
use crate::text::{Token, token_iter};
use layout::{Paragraph, split_paragraphs};

/// Room above the first row for its label tags.
const TOP_PADDING: f32 = 6.0;

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
    /// Model suggestions below this confidence (0–1) are not drawn (the
    /// review's threshold; the app sets it every frame).
    pub min_confidence: f64,
    /// Search hits in this document (char ranges in text order), highlighted.
    pub search_hits: Option<std::sync::Arc<Vec<Range<usize>>>>,
    /// The search hit the user is on, drawn emphasised.
    pub current_hit: Option<Range<usize>>,
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
        // Tokens and words in one walk with each token's text at hand (a
        // char-offset lookup per token took seconds on a 50 MB text).
        self.tokens.clear();
        self.words.clear();
        for (token, text) in token_iter(&doc.text) {
            self.tokens.push(token);
            if crate::text::is_word(text) {
                self.words.push(token);
            }
        }
        self.tokens.shrink_to_fit();
        self.words.shrink_to_fit();
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
}

#[cfg(test)]
mod tests {
    use super::paint::spans_in;
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
    fn a_long_line_is_cut_into_blocks_at_spaces_with_the_gap_after_the_last() {
        use super::layout::MAX_BLOCK_CHARS;
        let line = "Zoë met Kim ".repeat(1500);
        let text = format!("{line}\nend");
        let ps = split_paragraphs(&text);
        assert!(ps.len() > 3, "{} blocks", ps.len());
        let mut expected = 0;
        for (k, p) in ps.iter().enumerate() {
            assert!(p.chars.len() <= MAX_BLOCK_CHARS, "block {k}: {:?}", p.chars);
            assert_eq!(p.chars.start, expected, "block {k} follows the one before");
            let block = &text[p.bytes.clone()];
            assert_eq!(block.chars().count(), p.chars.len(), "block {k}");
            if !p.gap_below {
                assert!(block.ends_with(' '), "block {k} ends after a space");
            }
            expected = p.chars.end + usize::from(p.gap_below);
        }
        let gaps: Vec<bool> = ps.iter().map(|p| p.gap_below).collect();
        assert_eq!(gaps.iter().filter(|g| **g).count(), 2, "one per line");
        assert_eq!(&text[ps.last().unwrap().bytes.clone()], "end");
        // A line without spaces is cut at the limit.
        let ps = split_paragraphs(&"x".repeat(MAX_BLOCK_CHARS * 2 + 5));
        let lens: Vec<usize> = ps.iter().map(|p| p.chars.len()).collect();
        assert_eq!(lens, [MAX_BLOCK_CHARS, MAX_BLOCK_CHARS, 5]);
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
