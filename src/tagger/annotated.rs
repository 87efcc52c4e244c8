//! A document ready for training or tagging: its sentences with the BIO
//! tags and spans of its accepted spans, and the further features of each
//! token (rule matches, labels elsewhere in the document).

use std::collections::BTreeMap;

use rayon::prelude::*;

use super::TrainOptions;
use super::bio::{Tag, TagSet, TagSpan};
use super::doc_labels::{self, Seen};
use super::features;
use super::rule_features::{self, RuleMatcher, RuleRead};
use super::sentence::Prepared;
use crate::model::Document;

/// One document ready for training: its sentences' words, gold tags and spans.
pub struct Annotated<'a> {
    /// Each sentence's words.
    pub words: Vec<&'a [&'a str]>,
    /// Each sentence's tags.
    pub tags: Vec<Vec<Tag>>,
    /// Each sentence's spans, by token index within it.
    pub spans: Vec<Vec<TagSpan>>,
    /// Spans BIO could not hold.
    pub dropped: usize,
}

impl Annotated<'_> {
    /// Each sentence's words and spans.
    pub fn sentences(&self) -> Vec<(&[&str], &[TagSpan])> {
        self.words
            .iter()
            .copied()
            .zip(self.spans.iter().map(Vec::as_slice))
            .collect()
    }
}

/// Adds `more` features to each token's `extra` ones (either may be empty: none).
pub fn merge_features(extra: &mut Vec<Vec<u64>>, more: Vec<Vec<u64>>) {
    if extra.is_empty() {
        *extra = more;
    } else {
        for (e, m) in extra.iter_mut().zip(more) {
            e.extend(m);
        }
    }
}

/// A document's sentences with the BIO tags and spans of its accepted spans.
pub fn annotate<'a>(tags: &TagSet, prepared: &'a Prepared<'a>, doc: &Document) -> Annotated<'a> {
    let encoded = tags.encode(&prepared.tokens, &doc.spans);
    let mut out = Annotated {
        words: Vec::new(),
        tags: Vec::new(),
        spans: Vec::new(),
        dropped: encoded.dropped,
    };
    for range in &prepared.sentences {
        let mut t = encoded.tags[range.clone()].to_vec();
        // A span running over a sentence end starts again in the next one.
        if let Some(first) = t.first_mut()
            && TagSet::is_inside(*first)
        {
            *first -= 1;
        }
        out.spans.push(TagSet::decode(&t));
        out.tags.push(t);
        out.words.push(&prepared.words[range.clone()]);
    }
    out
}

/// Each document's further features per token: its rule matches (and how
/// often each rule matched), and in half of the documents (by a hash of
/// the id) the labels of earlier sentences' spans.
pub fn extra_features(
    docs: &[&Document],
    prepared: &[Prepared<'_>],
    annotated: &[Annotated<'_>],
    options: &TrainOptions,
    rules: Option<&RuleMatcher<'_>>,
) -> (Vec<Vec<Vec<u64>>>, BTreeMap<String, RuleRead>) {
    let mut rule_matches = BTreeMap::new();
    let mut extra: Vec<Vec<Vec<u64>>> = match rules {
        None => vec![Vec::new(); docs.len()],
        Some(find) => {
            let found: Vec<_> = docs.par_iter().map(|d| find(d)).collect();
            for m in found.iter().flatten() {
                rule_matches
                    .entry(m.rule.to_owned())
                    .or_insert_with(|| RuleRead {
                        label: m.label.to_owned(),
                        matches: 0,
                    })
                    .matches += 1;
            }
            prepared
                .par_iter()
                .zip(&found)
                .map(|(p, m)| rule_features::token_features(&p.tokens, m))
                .collect()
        }
    };
    // Labels elsewhere in the document: from the earlier sentences, in
    // half of the documents (by a hash of the id).
    if options.document_labels {
        extra
            .par_iter_mut()
            .zip(annotated.par_iter().zip(docs.par_iter()))
            .filter(|(_, (_, d))| features::word_hash(&d.id) >> 11 & 1 == 0)
            .for_each(|(e, (a, _))| {
                merge_features(e, doc_labels::features(&a.sentences(), Seen::Earlier));
            });
    }
    (extra, rule_matches)
}
