//! Word tokens at corpus speed: Unicode's word boundaries (UAX #29, as
//! `unicode-segmentation` finds them) worked out directly for runs of ASCII,
//! which is most of most corpora, and left to `unicode-segmentation` for
//! the rest.
//!
//! The text is cut at runs of ASCII whitespace. A word boundary always
//! falls before such a run and after it (UAX #29 joins whitespace only to
//! whitespace, and to a following Extend, Format or ZWJ char, never ASCII),
//! and no boundary rule looks across one, so each piece between two runs
//! can be segmented on its own. A piece that is all ASCII is segmented here
//! by the rules below; any other piece goes to `unicode-segmentation`
//! together with the whitespace before it (so a combining mark after a
//! space stays with the space, as UAX #29 says).

use unicode_segmentation::UnicodeSegmentation as _;

use super::words::Token;
use crate::model::CharOffset;

/// The `Word_Break` classes of ASCII chars that matter inside a piece.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    /// `ALetter`: A–Z, a–z.
    Letter,
    /// `Numeric`: 0–9.
    Digit,
    /// `ExtendNumLet`: `_`.
    Underscore,
    /// `MidLetter`: `:`.
    MidLetter,
    /// `MidNumLet` and `Single_Quote`: `.` and `'`.
    MidNumLet,
    /// `MidNum`: `,` and `;`.
    MidNum,
    /// Everything else (also the vertical tab, a Newline that breaks on
    /// both sides).
    Other,
}

fn class(b: u8) -> Class {
    match b {
        b'A'..=b'Z' | b'a'..=b'z' => Class::Letter,
        b'0'..=b'9' => Class::Digit,
        b'_' => Class::Underscore,
        b':' => Class::MidLetter,
        b'.' | b'\'' => Class::MidNumLet,
        b',' | b';' => Class::MidNum,
        _ => Class::Other,
    }
}

/// True when UAX #29 keeps `cur` in the same word as `prev` (rules `WB5`
/// to `WB13b`; with `before` the char before `prev` and `after` the one after
/// `cur`).
fn joins(before: Option<Class>, prev: Class, cur: Class, after: Option<Class>) -> bool {
    use Class::{Digit, Letter, MidLetter, MidNum, MidNumLet, Underscore};
    match (prev, cur) {
        // WB5, WB8 to WB10, WB13a and WB13b.
        (Letter | Digit | Underscore, Letter | Digit | Underscore) => true,
        (Letter, MidLetter | MidNumLet) => after == Some(Letter),
        (MidLetter | MidNumLet, Letter) => before == Some(Letter),
        (Digit, MidNum | MidNumLet) => after == Some(Digit),
        (MidNum | MidNumLet, Digit) => before == Some(Digit),
        _ => false,
    }
}

/// The tokens of `text`, in order, with char offsets: exactly the
/// non-whitespace segments of `split_word_bounds`.
pub(super) fn tokens(text: &str) -> Vec<Token> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    // The char offset of byte `i` (kept up to date a piece at a time).
    let (mut i, mut chars) = (0usize, 0usize);
    while i < bytes.len() {
        let space_from = i;
        while bytes.get(i).is_some_and(u8::is_ascii_whitespace) {
            i += 1;
        }
        let piece_from = i;
        while bytes.get(i).is_some_and(|b| !b.is_ascii_whitespace()) {
            i += 1;
        }
        let piece = &bytes[piece_from..i];
        if piece.is_ascii() {
            chars += piece_from - space_from;
            ascii_piece(piece, chars, &mut out);
            chars += piece.len();
        } else {
            chars += unicode_piece(&text[space_from..i], chars, &mut out);
        }
    }
    out
}

/// Segments an ASCII piece (no whitespace but the vertical tab) that
/// starts at char `at`.
fn ascii_piece(piece: &[u8], at: usize, out: &mut Vec<Token>) {
    let classes: Vec<Class> = piece.iter().map(|&b| class(b)).collect();
    let mut start = 0;
    for k in 1..=piece.len() {
        let boundary = k == piece.len()
            || !joins(
                k.checked_sub(2).map(|j| classes[j]),
                classes[k - 1],
                classes[k],
                classes.get(k + 1).copied(),
            );
        if boundary {
            // A lone vertical tab is whitespace, not a token.
            if !(k - start == 1 && piece[start] == 0x0B) {
                out.push(Token {
                    start: CharOffset(at + start),
                    end: CharOffset(at + k),
                });
            }
            start = k;
        }
    }
}

/// Segments `text` (which starts at char `at`) with `unicode-segmentation`;
/// returns its length in chars.
fn unicode_piece(text: &str, at: usize, out: &mut Vec<Token>) -> usize {
    let mut pos = at;
    for segment in text.split_word_bounds() {
        let len = segment.chars().count();
        if !segment.chars().all(char::is_whitespace) {
            out.push(Token {
                start: CharOffset(pos),
                end: CharOffset(pos + len),
            });
        }
        pos += len;
    }
    pos - at
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    /// What `unicode-segmentation` alone says.
    fn reference(text: &str) -> Vec<Token> {
        let mut out = Vec::new();
        unicode_piece(text, 0, &mut out);
        out
    }

    #[test]
    fn the_word_rules_on_ascii() {
        for text in [
            "U.S. don't 3.14 1,000,000 a.b.c foo_bar _x x_ 12ab ab12 a:b 1:2 a.3 3.a",
            "end. 'quoted' \"double\" a;b 1;2 ...a a.. ,1 1, \u{b}x\u{b} a\u{b}b",
            "tabs\tand\r\nlines\n\n  spaces  e.g. U.K.-based x--y (a) [b] {c} #1 @me",
            "",
            " ",
            "a",
        ] {
            assert_eq!(tokens(text), reference(text), "{text:?}");
        }
    }

    #[test]
    fn mixed_scripts_and_marks_after_spaces() {
        for text in [
            "Zürich São Paulo “peace” naïve café",
            " \u{301}a b \u{301} c\u{200d}\u{1f600} d \u{a0} e",
            "日本語 テキスト and 한국어, עברית 1.5 ١٢٣",
            "x \u{200d}\u{1f468} \u{1f1e9}\u{1f1ea} y",
        ] {
            assert_eq!(tokens(text), reference(text), "{text:?}");
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        #[test]
        fn equals_unicode_segmentation_on_any_text(
            text in proptest::collection::vec(
                prop_oneof![
                    8 => proptest::sample::select(vec![
                        'a', 'Z', 'q', '0', '7', '_', ':', '.', '\'', ',', ';', '"', '-', '(',
                        ' ', ' ', '\t', '\n', '\r', '\u{b}', '\u{c}',
                    ]),
                    1 => proptest::sample::select(vec![
                        'é', '\u{301}', '\u{200d}', '\u{a0}', '日', 'ア', 'א', '١',
                        '\u{1f600}', '\u{1f1e9}', '\u{2028}', '\u{ad}', '’', '·', '\u{85}',
                    ]),
                ],
                0..40,
            ).prop_map(|chars| chars.into_iter().collect::<String>())
        ) {
            prop_assert_eq!(tokens(&text), reference(&text), "{:?}", text);
        }
    }
}
