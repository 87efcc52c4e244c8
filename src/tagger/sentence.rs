//! A document cut into tokens and sentences, the units the tagger reads.
//!
//! Tokens are the document's own (kept from a token format such as CoNLL)
//! or its Unicode word tokens (see [`crate::text::tokens`]). A sentence
//! ends at a line break, after `.`, `!` or `?` when the next token starts
//! with a capital letter or a digit, and after [`MAX_SENTENCE_TOKENS`]
//! tokens.

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
        let mut sentences = Vec::new();
        let mut start = 0;
        for i in 1..tokens.len() {
            let line_break = {
                let from = breaks.partition_point(|&b| b < tokens[i - 1].end.0);
                breaks.get(from).is_some_and(|&b| b < tokens[i].start.0)
            };
            let full_stop = matches!(words[i - 1], "." | "!" | "?")
                && words[i]
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit());
            if line_break || full_stop || i - start >= MAX_SENTENCE_TOKENS {
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
    fn long_runs_are_cut() {
        let doc = Document::new("d", "word ".repeat(450));
        let p = Prepared::new(&doc);
        let lens: Vec<usize> = p.sentences.iter().map(ExactSizeIterator::len).collect();
        assert_eq!(lens, [200, 200, 50]);
    }
}
