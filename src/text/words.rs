//! Word tokens by Unicode word boundaries (UAX #29), and snapping a char
//! range to them.
//!
//! A token is a non-whitespace segment between word boundaries: a word
//! (`Pompeo`, `2018`, `un’s`) or a single punctuation mark (`“`, `-`, `.`).
//! The GUI's drag selection and the token formats (CoNLL, WebAnno) use the
//! same tokens, so what an analyst selects is what an export can hold.

use unicode_segmentation::UnicodeSegmentation;

use crate::model::CharOffset;

/// A token: the half-open char range `[start, end)` of a non-whitespace segment.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Token {
    /// First char.
    pub start: CharOffset,
    /// One past the last char.
    pub end: CharOffset,
}

impl Token {
    /// The char range as a plain `Range<usize>`.
    pub fn char_range(&self) -> std::ops::Range<usize> {
        self.start.0..self.end.0
    }
}

/// The tokens of `text`, in order, with char offsets.
/// (Unicode's word boundaries; runs of ASCII are segmented directly, see
/// `ascii_words`.)
pub fn tokens(text: &str) -> Vec<Token> {
    super::ascii_words::tokens(text)
}

/// The tokens of `text` one at a time, each with its text: what [`tokens`]
/// returns, without holding them all (a 20 MB document has millions).
pub fn token_iter(text: &str) -> impl Iterator<Item = (Token, &str)> {
    let mut char_pos = 0usize;
    text.split_word_bounds().filter_map(move |segment| {
        let start = char_pos;
        let mut blank = true;
        for c in segment.chars() {
            char_pos += 1;
            blank &= c.is_whitespace();
        }
        (!blank).then_some((
            Token {
                start: CharOffset(start),
                end: CharOffset(char_pos),
            },
            segment,
        ))
    })
}

/// The tokens exports use for a document: its source tokens when it came
/// from a token format, else [`tokens`] of its text.
pub fn document_tokens(doc: &crate::model::Document) -> Vec<Token> {
    match &doc.tokens {
        Some(tokens) => tokens
            .iter()
            .map(|&(start, end)| Token {
                start: CharOffset(start),
                end: CharOffset(end),
            })
            .collect(),
        None => tokens(&doc.text),
    }
}

/// True when a segment is a word (has a letter or digit), not punctuation.
pub fn is_word(segment: &str) -> bool {
    segment.chars().any(char::is_alphanumeric)
}

/// The token that contains char `at`, if `at` is not whitespace.
pub fn word_at(tokens: &[Token], at: CharOffset) -> Option<Token> {
    let i = tokens.partition_point(|t| t.end <= at);
    tokens.get(i).filter(|t| t.start <= at).copied()
}

/// Widens the char range between `a` and `b` (in either order) to whole
/// tokens: the start moves back to the start of the token it falls in, the
/// end forward to the end of the token it falls in. Whitespace at either
/// edge is dropped. `None` when the range holds no token.
pub fn snap_to_words(
    tokens: &[Token],
    a: CharOffset,
    b: CharOffset,
) -> Option<(CharOffset, CharOffset)> {
    let (start, end) = if a <= b { (a, b) } else { (b, a) };
    // First token that ends after `start`; last token that starts before `end`.
    let first = tokens.partition_point(|t| t.end <= start);
    let last = tokens.partition_point(|t| t.start < end.max(CharOffset(start.0 + 1)));
    if first >= last {
        return None;
    }
    Some((tokens[first].start, tokens[last - 1].end))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts<'a>(text: &'a str, tokens: &[Token]) -> Vec<&'a str> {
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        let byte = |c: CharOffset| chars.get(c.0).map_or(text.len(), |(b, _)| *b);
        tokens
            .iter()
            .map(|t| &text[byte(t.start)..byte(t.end)])
            .collect()
    }

    #[test]
    fn tokens_split_words_and_punctuation_with_char_offsets() {
        let text = "He said “Kim Jong-un’s man” left.";
        let toks = tokens(text);
        assert_eq!(
            texts(text, &toks),
            [
                "He", "said", "“", "Kim", "Jong", "-", "un’s", "man", "”", "left", "."
            ]
        );
        assert_eq!(
            toks[3],
            Token {
                start: CharOffset(9),
                end: CharOffset(12)
            }
        );
    }

    #[test]
    fn snapping_widens_a_partial_drag_to_whole_words() {
        let text = "Secretary of State Mike Pompeo has said";
        let toks = tokens(text);
        // "ke Pomp" -> "Mike Pompeo"
        let snapped = snap_to_words(&toks, CharOffset(21), CharOffset(28));
        assert_eq!(snapped, Some((CharOffset(19), CharOffset(30))));
        // A backwards drag snaps the same way.
        assert_eq!(
            snap_to_words(&toks, CharOffset(28), CharOffset(21)),
            snapped
        );
        // Whitespace at the edges is dropped.
        assert_eq!(
            snap_to_words(&toks, CharOffset(18), CharOffset(31)),
            Some((CharOffset(19), CharOffset(30)))
        );
        // A click (empty range) inside a word selects the word.
        assert_eq!(
            snap_to_words(&toks, CharOffset(20), CharOffset(20)),
            Some((CharOffset(19), CharOffset(23)))
        );
        // Only whitespace: nothing.
        assert_eq!(snap_to_words(&toks, CharOffset(18), CharOffset(19)), None);
    }

    #[test]
    fn word_at_finds_the_token_under_a_char() {
        let text = "Zoë Saldaña met 王小明";
        let toks = tokens(text);
        assert_eq!(
            word_at(&toks, CharOffset(5)),
            Some(Token {
                start: CharOffset(4),
                end: CharOffset(11)
            })
        );
        assert_eq!(word_at(&toks, CharOffset(3)), None, "a space is no word");
        assert!(is_word("Saldaña") && is_word("2018") && !is_word("“"));
    }
}
