//! Layout of the document view: paragraphs (one per line of the text, a
//! long line cut into blocks of at most [`MAX_BLOCK_CHARS`]), their galleys laid out when they first come into view, their tops, and
//! the screen rectangles of char ranges.

use std::ops::Range;
use std::sync::Arc;

use egui::text::{CCursor, LayoutJob, TextFormat};
use egui::{Align, FontId, Galley, Rect, Ui, vec2};

use super::{DocView, glyphs};
use crate::app::theme;
use crate::model::Document;

/// One line of the text, laid out on its own.
pub(super) struct Paragraph {
    pub(super) chars: Range<usize>,
    pub(super) bytes: Range<usize>,
    pub(super) height: f32,
    /// True for a line's last block: the paragraph gap goes below it.
    pub(super) gap_below: bool,
    pub(super) galley: Option<Arc<Galley>>,
    /// Frame number when last painted, to drop galleys far out of view.
    pub(super) last_used: u64,
}

impl DocView {
    pub(super) fn relayout(&mut self, width: f32) {
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

    pub(super) fn update_tops(&mut self) {
        if !self.tops_dirty {
            return;
        }
        self.tops.clear();
        let mut y = 0.0;
        for p in &self.paragraphs {
            self.tops.push(y);
            y += p.height;
            if p.gap_below {
                y += theme::PARAGRAPH_GAP;
            }
        }
        self.tops.push(y);
        self.tops_dirty = false;
    }

    pub(super) fn visible_paragraphs(&self, viewport: Rect) -> Range<usize> {
        let n = self.paragraphs.len();
        let first = self.tops[..n].partition_point(|top| *top <= viewport.min.y);
        let last = self.tops[..n].partition_point(|top| *top < viewport.max.y);
        first.saturating_sub(1)..last.min(n)
    }

    pub(super) fn ensure_galley(&mut self, ui: &Ui, doc: &Document, p: usize) {
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

    pub(super) fn drop_far_galleys(&mut self) {
        let frame = self.frame;
        for p in &mut self.paragraphs {
            if p.galley.is_some() && frame.saturating_sub(p.last_used) > 600 {
                p.galley = None;
            }
        }
    }

    /// The paragraph holding `char`.
    pub(super) fn paragraph_of(&self, char: usize) -> usize {
        self.paragraphs
            .partition_point(|p| p.chars.end < char)
            .min(self.paragraphs.len().saturating_sub(1))
    }

    pub(super) fn char_y(&mut self, char: usize) -> f32 {
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
    pub(super) fn range_rects(&self, p: usize, range: Range<usize>) -> Vec<Rect> {
        let paragraph = &self.paragraphs[p];
        let Some(galley) = &paragraph.galley else {
            return Vec::new();
        };
        let offset = self.origin.to_vec2() + vec2(0.0, self.tops[p]);
        let local = range.start.saturating_sub(paragraph.chars.start)
            ..range.end.min(paragraph.chars.end) - paragraph.chars.start.min(range.end);
        // Rows count glyphs, not chars, after right-to-left text: walk the
        // chars row by row (`glyphs.rs`).
        let chars: Vec<char> = galley.text().chars().collect();
        let mut rects = Vec::new();
        let mut row_start = 0;
        for row in &galley.rows {
            let glyph_chars: Vec<(char, f32)> = row
                .glyphs
                .iter()
                .map(|g| (g.chr, g.advance_width))
                .collect();
            let order = glyphs::row_order(&glyph_chars, chars.get(row_start..).unwrap_or_default());
            let n = order.len();
            let s = local.start.max(row_start);
            let e = local.end.min(row_start + n);
            if s < e {
                let bottom = row.max_y();
                let top = bottom - theme::TEXT_SIZE * 1.3;
                let range = s - row_start..e - row_start;
                for rect in glyphs::char_range_rects(&row.glyphs, &order, range, (top, bottom)) {
                    rects.push(rect.translate(vec2(row.pos.x, 0.0) + offset));
                }
            }
            row_start += n;
        }
        rects
    }
}

/// The most chars laid out as one galley. A longer line (a 50 MB text with
/// no line ends) is cut into blocks of about this size at a space, so no
/// galley ever holds more than a screenful or two: laying out and keeping
/// one galley of the whole line took minutes and gigabytes.
pub(super) const MAX_BLOCK_CHARS: usize = 2000;

/// The text's lines, each a paragraph; a line longer than
/// [`MAX_BLOCK_CHARS`] is cut into several blocks, the gap below only after
/// its last one.
pub(super) fn split_paragraphs(text: &str) -> Vec<Paragraph> {
    let mut out = Vec::new();
    let mut char_pos = 0;
    let mut byte_pos = 0;
    for line in text.split('\n') {
        let content = line.strip_suffix('\r').unwrap_or(line);
        let (mut c, mut b) = (char_pos, byte_pos);
        let mut rest = content;
        loop {
            let (chars, bytes) = block_end(rest);
            let last = bytes == rest.len();
            out.push(Paragraph {
                chars: c..c + chars,
                bytes: b..b + bytes,
                height: theme::ROW_HEIGHT,
                gap_below: last,
                galley: None,
                last_used: 0,
            });
            if last {
                break;
            }
            rest = &rest[bytes..];
            c += chars;
            b += bytes;
        }
        char_pos += line.chars().count() + 1;
        byte_pos += line.len() + 1;
    }
    out
}

/// Where the first block of `line` ends, in chars and bytes: the whole line
/// when it is short, else just after the last space among the last quarter
/// of [`MAX_BLOCK_CHARS`] chars (or at the limit when there is none).
fn block_end(line: &str) -> (usize, usize) {
    let mut space = None;
    for (n, (i, ch)) in line.char_indices().enumerate() {
        if n == MAX_BLOCK_CHARS {
            return space.unwrap_or((n, i));
        }
        if ch.is_whitespace() && n >= MAX_BLOCK_CHARS * 3 / 4 {
            space = Some((n + 1, i + ch.len_utf8()));
        }
    }
    (line.chars().count(), line.len())
}
