//! A document cut into tokens and sentences, the units the tagger reads.
//!
//! Tokens are the document's own (kept from a token format such as CoNLL)
//! or its Unicode word tokens (see [`crate::text::tokens`]). A sentence
//! ends at a line break; in a document without tokens of its own also
//! after `.`, `!` or `?` when the next token starts with a capital letter
//! or a digit (a token format's sentences are its lines, so "George N .
//! Parks" in WNUT-17 stays one sentence); and after
//! [`MAX_SENTENCE_TOKENS`] tokens. Only the last cuts inside an accepted
//! span.

use std::ops::Range;

use super::features::{DocContext, Gazetteer, SentenceFeatures, sentence_features};
use super::rule_features::{RuleMatcher, token_features};
use crate::model::Document;
use crate::text::{OffsetIndex, Token, document_tokens};

/// The longest sentence the tagger reads in one piece.
pub const MAX_SENTENCE_TOKENS: usize = 200;

/// A document's tokens, their text and its sentences.
pub struct Prepared<'a> {
    /// The tokens, char offsets into the text.
    pub tokens: Vec<Token>,
    /// Each token's text.
    pub words: Vec<&'a str>,
    /// Sentences as ranges of token indices, in order, covering every token.
    pub sentences: Vec<Range<usize>>,
}

impl<'a> Prepared<'a> {
    /// Tokenises `doc` and cuts it into sentences. Tokens outside the text
    /// (a corrupt token list) are left out.
    pub fn new(doc: &'a Document) -> Self {
        let index = OffsetIndex::new(&doc.text);
        let mut tokens = Vec::new();
        let mut words = Vec::new();
        // Line breaks, as char offsets, to find sentence ends between tokens.
        let mut breaks = Vec::new();
        for (i, c) in doc.text.chars().enumerate() {
            if c == '\n' {
                breaks.push(i);
            }
        }
        for t in document_tokens(doc) {
            if let Some(w) = index.slice(t.start, t.end).filter(|w| !w.is_empty()) {
                tokens.push(t);
                words.push(w);
            }
        }
        // Cuts before token i that would split an accepted span.
        let mut in_span = vec![false; tokens.len()];
        for span in &doc.spans {
            let first = tokens.partition_point(|t: &Token| t.end <= span.start);
            let end = tokens.partition_point(|t: &Token| t.start < span.end);
            for inside in in_span.iter_mut().take(end).skip(first + 1) {
                *inside = true;
            }
        }
        let own_tokens = doc.tokens.is_some();
        let mut sentences = Vec::new();
        let mut start = 0;
        for i in 1..tokens.len() {
            let line_break = {
                let from = breaks.partition_point(|&b| b < tokens[i - 1].end.0);
                breaks.get(from).is_some_and(|&b| b < tokens[i].start.0)
            };
            let full_stop = !own_tokens
                && matches!(words[i - 1], "." | "!" | "?")
                && words[i]
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit());
            if (line_break || full_stop) && !in_span[i] || i - start >= MAX_SENTENCE_TOKENS {
                sentences.push(start..i);
                start = i;
            }
        }
        if start < tokens.len() {
            sentences.push(start..tokens.len());
        }
        Self {
            tokens,
            words,
            sentences,
        }
    }

    /// Each token's rule-match features: `doc`'s (this document's) matches
    /// by `rules`, or none.
    pub(super) fn rule_features(
        &self,
        doc: &Document,
        rules: Option<&RuleMatcher<'_>>,
    ) -> Vec<Vec<u64>> {
        rules.map_or_else(Vec::new, |find| token_features(&self.tokens, &find(doc)))
    }

    /// Each sentence with its features, in order, computed as they are
    /// taken: the document's context, `gazetteer`, and per token the
    /// rule-match features `rules` (from [`Prepared::rule_features`]).
    pub(super) fn features<'s>(
        &'s self,
        gazetteer: &'s Gazetteer,
        rules: &'s [Vec<u64>],
    ) -> impl Iterator<Item = (Range<usize>, SentenceFeatures)> + 's {
        let context = DocContext::new(self.sentences.iter().map(|r| &self.words[r.clone()]));
        self.sentences.iter().map(move |r| {
            let words = &self.words[r.clone()];
            let rules = rules.get(r.clone()).unwrap_or(&[]);
            (
                r.clone(),
                sentence_features(words, &context, gazetteer, rules),
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_end_at_lines_and_full_stops() {
        let doc = Document::new(
            "d",
            "Mike Pompeo met Kim. He left.\nZoë stayed in Genève ( 2018 ) .\n\nEnd",
        );
        let p = Prepared::new(&doc);
        let sentences: Vec<Vec<&str>> = p
            .sentences
            .iter()
            .map(|r| p.words[r.clone()].to_vec())
            .collect();
        assert_eq!(
            sentences,
            [
                vec!["Mike", "Pompeo", "met", "Kim", "."],
                vec!["He", "left", "."],
                vec!["Zoë", "stayed", "in", "Genève", "(", "2018", ")", "."],
                vec!["End"],
            ]
        );
    }

    #[test]
    fn accepted_spans_and_a_token_formats_lines_are_not_cut_at_full_stops() {
        let text = "George N . Parks said no . He left .";
        let mut doc = Document::new("d", text);
        doc.spans.push(crate::model::Span::new(0, 16, "person"));
        let p = Prepared::new(&doc);
        let lens: Vec<usize> = p.sentences.iter().map(ExactSizeIterator::len).collect();
        assert_eq!(lens, [7, 3], "not after \"N .\", inside the span");
        doc.spans.clear();
        let p = Prepared::new(&doc);
        let lens: Vec<usize> = p.sentences.iter().map(ExactSizeIterator::len).collect();
        assert_eq!(lens, [3, 4, 3], "without it, at every full stop");
        // Tokens of its own (a CoNLL line): one sentence.
        doc.tokens = Some(
            crate::text::tokens(text)
                .iter()
                .map(|t| (t.start.0, t.end.0))
                .collect(),
        );
        let p = Prepared::new(&doc);
        let lens: Vec<usize> = p.sentences.iter().map(ExactSizeIterator::len).collect();
        assert_eq!(lens, [10]);
    }

    #[test]
    fn long_runs_are_cut() {
        let doc = Document::new("d", "word ".repeat(450));
        let p = Prepared::new(&doc);
        let lens: Vec<usize> = p.sentences.iter().map(ExactSizeIterator::len).collect();
        assert_eq!(lens, [200, 200, 50]);
    }
}
