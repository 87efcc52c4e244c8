//! Very long documents suggested on a block at a time, so the memory of a
//! run does not grow with a document's suggestions.

use super::engine::Suggester;
use crate::model::{CharOffset, Document, Span};
use crate::tagger::Tagger;

impl Suggester {
    /// The new suggestions for `doc`, as [`Suggester::suggest_with`] makes them,
    /// handed to `emit` in text order a block of about `block_bytes` at a
    /// time. A document longer than that is cut at paragraph breaks (a
    /// blank line, else a line break, else a space) outside every span and
    /// suggestion, and each block is matched on its own: a match would have
    /// to run across a paragraph break to be missed.
    pub fn suggest_in_blocks(
        &self,
        doc: &Document,
        model: Option<&Tagger>,
        block_bytes: usize,
        emit: &mut dyn FnMut(Vec<Span>),
    ) {
        let text = doc.text.as_str();
        if text.len() <= block_bytes.max(1) {
            emit(self.suggest_with(doc, model));
            return;
        }
        // Every annotation's char range, sorted by start, to keep cuts
        // outside them.
        let mut taken: Vec<(usize, usize)> = doc
            .spans
            .iter()
            .chain(&doc.suggestions)
            .chain(&doc.rejected)
            .map(|s| (s.start.0, s.end.0))
            .collect();
        taken.sort_unstable();
        let (mut byte, mut char) = (0usize, 0usize);
        while byte < text.len() {
            let end = cut(text, byte, block_bytes, char, &taken);
            let block = &text[byte..end];
            let chars = block.chars().count();
            let range = char..char + chars;
            let inside = |s: &&Span| s.start.0 >= range.start && s.end.0 <= range.end;
            let shift = |s: &Span| {
                let mut s = s.clone();
                s.start = CharOffset(s.start.0 - range.start);
                s.end = CharOffset(s.end.0 - range.start);
                s
            };
            let mut part = Document::new(String::new(), block);
            part.spans = doc.spans.iter().filter(inside).map(shift).collect();
            part.suggestions = doc.suggestions.iter().filter(inside).map(shift).collect();
            part.rejected = doc.rejected.iter().filter(inside).map(shift).collect();
            let mut found = self.suggest_with(&part, model);
            for s in &mut found {
                s.start = CharOffset(s.start.0 + range.start);
                s.end = CharOffset(s.end.0 + range.start);
            }
            emit(found);
            byte = end;
            char = range.end;
        }
    }
}

/// Where the block starting at `byte` (char `char`) ends: the last
/// paragraph break, else line break, else space in its second half that is
/// outside every range of `taken`; the whole rest of the text if it is
/// short; the first free break after the limit otherwise.
fn cut(
    text: &str,
    byte: usize,
    block_bytes: usize,
    char: usize,
    taken: &[(usize, usize)],
) -> usize {
    if text.len() - byte <= block_bytes {
        return text.len();
    }
    // Breaks sit in ASCII bytes, so each candidate is a char boundary.
    let free = |at: usize| {
        let c = char + text[byte..at].chars().count();
        // Any range with start < c must end at or before c.
        let i = taken.partition_point(|t| t.0 < c);
        taken[..i].iter().all(|t| t.1 <= c)
    };
    let half = byte + block_bytes / 2;
    let limit = byte + block_bytes;
    let bytes = text.as_bytes();
    for pattern in [&b"\n\n"[..], b"\n", b" "] {
        let found = memchr::memmem::rfind_iter(&bytes[half..limit], pattern)
            .map(|at| half + at + pattern.len())
            .find(|&at| free(at));
        if let Some(at) = found {
            return at;
        }
    }
    // No break in the block: the first one after it, or the end.
    memchr::memchr2_iter(b'\n', b' ', &bytes[limit..])
        .map(|at| limit + at + 1)
        .find(|&at| free(at))
        .unwrap_or(text.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::Compiled;

    #[test]
    fn blocks_give_what_one_pass_gives_when_no_match_crosses_a_paragraph() {
        let article = include_str!("../../assets/north-korea-talks.txt");
        let mut doc = Document::new("long", article.repeat(40));
        // An accepted span and a rejected suggestion somewhere in the middle.
        let whole = Suggester::new(Compiled::default_rules()).suggest(&doc);
        assert!(whole.len() > 1_000, "{} suggestions", whole.len());
        doc.spans.push(whole[700].clone());
        doc.rejected.push(whole[900].clone());
        let suggester = Suggester::new(Compiled::default_rules());
        let once = suggester.suggest(&doc);
        let mut blocks = Vec::new();
        let mut calls = 0;
        suggester.suggest_in_blocks(&doc, None, 5_000, &mut |found| {
            calls += 1;
            blocks.extend(found);
        });
        assert!(calls > 10, "cut into {calls} blocks");
        assert_eq!(blocks, once);
        assert_eq!(
            once.len(),
            whole.len() - 2,
            "the span and the rejection block two"
        );
    }

    #[test]
    fn cuts_fall_outside_annotations_and_on_char_boundaries() {
        let text = "ä b\n\nc d\né f g h";
        let taken = [(3, 7)];
        for block in 1..text.len() {
            let at = cut(text, 0, block, 0, &taken);
            assert!(text.is_char_boundary(at), "block {block}: {at}");
            let c = text[..at].chars().count();
            assert!(
                c <= 3 || c >= 7,
                "block {block}: cut at char {c} inside [3, 7)"
            );
        }
    }
}
