//! The statistical tagger: a linear-chain model over token features that
//! learns from the analyst's accepted spans and proposes spans with a
//! confidence.
//!
//! A document is cut into tokens and sentences ([`Prepared`]); each token
//! gets features ([`features`]); the document's accepted spans become BIO
//! tags ([`TagSet`]); an averaged perceptron learns weights for features
//! and tag transitions ([`Crf`]); Viterbi finds the best tags of a new
//! sentence and forward–backward gives each proposed span its probability
//! of being exactly right. [`train`] learns from the done and in-progress
//! documents of a dataset, scores itself on a held-out fifth of them, and
//! calibrates its confidences there.
//!
//! ```
//! use spanlab::model::{Dataset, Document, LabelSet, Span, Status};
//! use spanlab::tagger::{self, TrainOptions};
//!
//! let mut dataset = Dataset::new(LabelSet::default());
//! for (i, name) in ["Mike Pompeo", "Kim Jong Un", "Moon Jae-in"].iter().enumerate() {
//!     let mut doc = Document::new(format!("d{i}"), format!("Yesterday {name} said no ."));
//!     doc.spans.push(Span::new(10, 10 + name.chars().count(), "PERSON"));
//!     doc.status = Status::Done;
//!     dataset.documents.push(doc);
//! }
//! let model = tagger::train(&dataset, &TrainOptions::default(), None, &mut |_| {})?;
//! let found = model.predict(&Document::new("new", "Yesterday Kim Jong Un said no ."), None);
//! assert_eq!(found[0].char_range(), 10..21);
//! # Ok::<(), spanlab::tagger::TrainError>(())
//! ```
//!
//! No egui here, and nothing on disk: the model file is bytes
//! ([`Tagger::to_bytes`]); `store` puts it beside the dataset.

mod annotated;
mod averaged;
mod bio;
mod crf;
mod doc_context;
mod doc_labels;
mod evaluate;
pub mod features;
mod file;
mod gazetteer;
mod keys;
pub mod rule_features;
mod sentence;
mod train;

use std::ops::Range;

use crate::model::{Confidence, Document, LabelSet, Name, Origin, Span};

pub use bio::{Encoded, OUTSIDE, Tag, TagSet, TagSpan};
pub use crf::{Crf, Lattice};
pub use features::Gazetteer;
pub use file::{MODEL_VERSION, ModelFileError};
pub use rule_features::{RuleMatch, RuleMatcher, RuleRead};
pub use sentence::{MAX_SENTENCE_TOKENS, Prepared};
pub use train::{LabelScore, Progress, TrainError, TrainOptions, TrainReport, train, train_on};

/// A trained model: its labels, weights, gazetteer of accepted strings,
/// calibration and how it scored when trained. `Send + Sync`: one model
/// tags documents on many threads at once.
#[derive(Clone, Debug)]
pub struct Tagger {
    pub(crate) tags: TagSet,
    pub(crate) crf: Crf,
    pub(crate) gazetteer: Gazetteer,
    /// Divides scores before probabilities are taken (fitted on held-out data).
    pub(crate) temperature: f64,
    pub(crate) report: TrainReport,
}

/// What the model makes of one sentence.
#[derive(Clone, Debug)]
pub struct SentenceResult {
    /// The sentence's tokens, as indices into the document's tokens.
    pub tokens: Range<usize>,
    /// The spans it proposes, with origin [`Origin::Model`] and their confidence.
    pub spans: Vec<Span>,
    /// The probability of its whole best tagging: low means the model is
    /// unsure of this sentence (what active learning asks about first).
    pub best_path_probability: f64,
}

/// The model was trained for other labels than a dataset has.
#[derive(Debug, thiserror::Error)]
#[error(
    "the model was trained for the labels {model}, and this dataset has no {missing}: retrain it with `spanlab train`"
)]
pub struct LabelMismatch {
    /// The model's labels, comma-separated.
    pub model: String,
    /// The labels the dataset lacks, comma-separated.
    pub missing: String,
}

impl Tagger {
    /// The labels it tags with.
    pub fn labels(&self) -> &[Name] {
        self.tags.labels()
    }

    /// How it was trained and how it scored on held-out documents.
    pub fn report(&self) -> &TrainReport {
        &self.report
    }

    /// The calibration temperature.
    pub fn temperature(&self) -> f64 {
        self.temperature
    }

    /// Bytes the model takes in memory (weights, feature index, gazetteer).
    pub fn memory_bytes(&self) -> usize {
        self.crf.memory_bytes()
            + self.gazetteer.phrases.capacity() * (8 + 2 + 1)
            + self.gazetteer.words.capacity() * (8 + 8 + 1)
    }

    /// The rules it read as features in training that `rules` (the ids of
    /// the rules it tags with) lacks, in order: without their matches its
    /// suggestions are worse than its scores say.
    pub fn rules_missing<'a>(&'a self, rules: &[&str]) -> Vec<&'a str> {
        self.report
            .rule_matches
            .keys()
            .map(String::as_str)
            .filter(|id| !rules.contains(id))
            .collect()
    }

    /// Checks that every label it tags with is in `labels`.
    pub fn check_labels(&self, labels: &LabelSet) -> Result<(), LabelMismatch> {
        let missing: Vec<&str> = self
            .labels()
            .iter()
            .filter(|l| !labels.contains(l))
            .map(Name::as_str)
            .collect();
        if missing.is_empty() {
            return Ok(());
        }
        Err(LabelMismatch {
            model: self
                .labels()
                .iter()
                .map(Name::as_str)
                .collect::<Vec<_>>()
                .join(", "),
            missing: missing.join(", "),
        })
    }

    /// Every span the model finds in `doc`, in text order, with origin
    /// [`Origin::Model`] carrying its confidence; `rules` finds the rule
    /// matches it reads as features (give the ones it was trained with).
    /// The document's accepted spans are read as "labelled X elsewhere in
    /// the document" (to score the model on gold documents, give them
    /// without their spans); its spans are not otherwise looked at: the
    /// rules engine's conflict resolution keeps suggestions off accepted
    /// and rejected spans (see `rules::Suggester::suggest_with`).
    pub fn predict(&self, doc: &Document, rules: Option<&RuleMatcher<'_>>) -> Vec<Span> {
        self.analyse(doc, rules)
            .into_iter()
            .flat_map(|s| s.spans)
            .collect()
    }

    /// The model's reading of each sentence of `doc`.
    pub fn analyse(&self, doc: &Document, rules: Option<&RuleMatcher<'_>>) -> Vec<SentenceResult> {
        let prepared = Prepared::new(doc);
        let extra = self.extra_features(&prepared, doc, prepared.rule_features(doc, rules));
        self.analyse_prepared(&prepared, &extra)
    }

    /// Each token's rule features `rules` plus the labels its word has in
    /// `doc`'s accepted spans elsewhere.
    fn extra_features(
        &self,
        prepared: &Prepared<'_>,
        doc: &Document,
        mut rules: Vec<Vec<u64>>,
    ) -> Vec<Vec<u64>> {
        if !doc.spans.is_empty() {
            let annotated = annotated::annotate(&self.tags, prepared, doc);
            let labels = doc_labels::features(&annotated.sentences(), doc_labels::Seen::Others);
            annotated::merge_features(&mut rules, labels);
        }
        rules
    }

    /// [`Tagger::predict`] with the document's rule matches already found.
    pub fn predict_with_matches(&self, doc: &Document, matches: &[RuleMatch<'_>]) -> Vec<Span> {
        let prepared = Prepared::new(doc);
        let rules = rule_features::token_features(&prepared.tokens, matches);
        let extra = self.extra_features(&prepared, doc, rules);
        self.analyse_prepared(&prepared, &extra)
            .into_iter()
            .flat_map(|s| s.spans)
            .collect()
    }

    /// [`Tagger::analyse`] of a document already prepared, with each
    /// token's further features (rule matches, labels elsewhere in the
    /// document; empty for none).
    pub fn analyse_prepared(
        &self,
        prepared: &Prepared<'_>,
        rules: &[Vec<u64>],
    ) -> Vec<SentenceResult> {
        prepared
            .features(&self.gazetteer, rules)
            .map(|(range, feats)| {
                let em = self.crf.emissions(&feats);
                let tags = self.crf.decode(&em);
                let found = TagSet::decode(&tags);
                let lattice = self.crf.lattice(&em, self.temperature);
                let tokens = &prepared.tokens[range.clone()];
                let spans = found
                    .iter()
                    .filter_map(|s| {
                        let label = self.tags.labels().get(s.label)?;
                        let confidence = lattice.span_probability(s.first, s.end, s.label);
                        Some(
                            Span::new(
                                tokens.get(s.first)?.start.0,
                                tokens.get(s.end - 1)?.end.0,
                                label.clone(),
                            )
                            .with_origin(Origin::Model(Confidence::new(confidence))),
                        )
                    })
                    .collect();
                SentenceResult {
                    tokens: range,
                    spans,
                    best_path_probability: lattice.path_probability(&tags),
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests;
