//! Input in the document view: the mouse (drag, Alt-drag, click, Shift-click)
//! and the word cursor moved by keys.

use std::ops::Range;

use egui::text::CCursor;
use egui::{Galley, Pos2, Ui, vec2};

use super::{DocView, Motion, Selection, ViewOutput};
use crate::app::theme;
use crate::model::{CharOffset, Document, Span};
use crate::text::Token;

impl DocView {
    /// The caret position (a char boundary) nearest to a screen point.
    pub(super) fn boundary_at(&self, pos: Pos2) -> Option<usize> {
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
    pub(super) fn char_at(&self, pos: Pos2) -> Option<usize> {
        let b = self.boundary_at(pos)?;
        [b, b.saturating_sub(1)].into_iter().find(|c| {
            self.char_rect(*c)
                .is_some_and(|r| r.expand2(vec2(0.5, 0.0)).contains(pos))
        })
    }

    pub(super) fn handle_pointer(
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

    pub(super) fn move_over(
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

    pub(super) fn vertical_target(
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
