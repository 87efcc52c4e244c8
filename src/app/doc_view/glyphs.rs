//! Which glyph of a laid-out row shows which char. egui 0.37 keeps one
//! glyph per char for left-to-right text, but a right-to-left run (an
//! Arabic or Hebrew word) comes out of the shaper in visual order, followed
//! by zero-width copies of all but one of its chars (an artefact of egui's
//! cluster bookkeeping). [`row_order`] recovers, for each char, the glyph
//! that shows it, so span boxes sit over the glyphs of their own chars.

use egui::epaint::text::Glyph;
use egui::{Rect, pos2};

/// Longest right-to-left run looked for at once (chars).
const MAX_RUN: usize = 256;

/// Strong right-to-left chars: Hebrew, Arabic, Syriac, Thaana, N'Ko,
/// Samaritan, Mandaic and their presentation forms.
fn is_rtl(c: char) -> bool {
    matches!(c, '\u{0590}'..='\u{08FF}' | '\u{FB1D}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}')
}

/// For the chars a row shows (from the start of `chars`, in logical
/// order), the index of each one's glyph; its length is how many chars the
/// row holds. `glyphs` are the row's (char, advance width) in visual order.
pub(super) fn row_order(glyphs: &[(char, f32)], chars: &[char]) -> Vec<usize> {
    let mut order = Vec::with_capacity(glyphs.len());
    let (mut gi, mut ci) = (0, 0);
    while gi < glyphs.len() && ci < chars.len() {
        if is_rtl(chars[ci]) {
            let limit = MAX_RUN.min(glyphs.len() - gi).min(chars.len() - ci);
            // The longest k whose glyphs are its chars reversed.
            let run = (1..=limit)
                .rev()
                .find(|&k| (0..k).all(|j| glyphs[gi + k - 1 - j].0 == chars[ci + j]));
            if let Some(k) = run {
                order.extend((0..k).map(|j| gi + k - 1 - j));
                gi += k;
                // Skip egui's zero-width copies of chars 1..k of the run.
                let mut j = 1;
                while j < k && gi < glyphs.len() && glyphs[gi] == (chars[ci + j], 0.0) {
                    gi += 1;
                    j += 1;
                }
                ci += k;
                continue;
            }
        }
        order.push(gi);
        gi += 1;
        ci += 1;
    }
    order
}

/// The rectangles (row-local x, the given y extent) over the glyphs of the
/// row's chars `range`: one per visually contiguous run of glyphs.
pub(super) fn char_range_rects(
    glyphs: &[Glyph],
    order: &[usize],
    range: std::ops::Range<usize>,
    y: (f32, f32),
) -> Vec<Rect> {
    let mut indices: Vec<usize> = order.get(range).unwrap_or_default().to_vec();
    indices.sort_unstable();
    let mut rects: Vec<Rect> = Vec::new();
    let mut previous: Option<usize> = None;
    for g in indices {
        let Some(glyph) = glyphs.get(g) else {
            continue;
        };
        let x0 = glyph.pos.x;
        // Up to where the next glyph starts (kerning included), when it
        // follows on: the same edge the caret has there.
        let advance = x0 + glyph.advance_width;
        let x1 = glyphs
            .get(g + 1)
            .map(|next| next.pos.x)
            .filter(|next| (next - advance).abs() < 2.0)
            .unwrap_or(advance);
        match (previous, rects.last_mut()) {
            (Some(p), Some(last)) if p + 1 == g => {
                last.min.x = last.min.x.min(x0);
                last.max.x = last.max.x.max(x1);
            }
            _ => rects.push(Rect::from_min_max(pos2(x0, y.0), pos2(x1, y.1))),
        }
        previous = Some(g);
    }
    rects
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Glyphs from a string; `_` after a char makes it a zero-width copy.
    fn glyphs(s: &str) -> Vec<(char, f32)> {
        let mut out: Vec<(char, f32)> = Vec::new();
        for c in s.chars() {
            if c == '_' {
                if let Some(last) = out.last_mut() {
                    last.1 = 0.0;
                }
            } else {
                out.push((c, 1.0));
            }
        }
        out
    }

    fn order(glyph_text: &str, text: &str) -> Vec<usize> {
        let chars: Vec<char> = text.chars().collect();
        row_order(&glyphs(glyph_text), &chars)
    }

    #[test]
    fn left_to_right_rows_map_each_char_to_its_own_glyph() {
        assert_eq!(
            order("Zoë met 王小明", "Zoë met 王小明"),
            (0..11).collect::<Vec<_>>()
        );
    }

    #[test]
    fn an_emoji_sequence_keeps_one_glyph_per_char() {
        // 👩‍👩‍👧: one drawn glyph and four zero-width ones.
        assert_eq!(
            order("a👩\u{200d}_👩_\u{200d}_👧_b", "a👩\u{200d}👩\u{200d}👧b"),
            [0, 1, 2, 3, 4, 5, 6]
        );
    }

    #[test]
    fn a_right_to_left_word_maps_onto_its_mirrored_glyphs_and_skips_the_copies() {
        // What egui 0.37 lays out for "in القاهرة now" (measured).
        let map = order("in ةرهاقلال_ق_ا_ه_ر_ة_ now", "in القاهرة now");
        assert_eq!(&map[..3], &[0, 1, 2], "Latin before");
        assert_eq!(
            &map[3..10],
            &[9, 8, 7, 6, 5, 4, 3],
            "the Arabic word mirrored"
        );
        assert_eq!(&map[10..], &[16, 17, 18, 19], "Latin after the copies");
    }

    #[test]
    fn two_right_to_left_words_stay_in_logical_word_order() {
        // egui has no paragraph bidi: the words keep their logical order.
        let map = order("תירבעב_ר_י_ת_ םולשל_ו_ם_", "עברית שלום");
        assert_eq!(map, [4, 3, 2, 1, 0, 9, 13, 12, 11, 10]);
    }

    #[test]
    fn a_row_consumes_only_the_chars_it_has_glyphs_for() {
        assert_eq!(order("ab ", "ab cd").len(), 3, "the next row starts at c");
    }
}
