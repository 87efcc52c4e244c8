//! Training: from a dataset's accepted spans to a [`Tagger`], scored on
//! held-out documents and calibrated there.

use std::collections::BTreeMap;
use std::time::Instant;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::Tagger;
use super::annotated::{Annotated, annotate, extra_features};
use super::bio::TagSet;
use super::crf::{Crf, Example};
use super::evaluate::{fit_temperature, score};
use super::features::{self, Gazetteer, HashedMap};
use super::rule_features::{RuleMatcher, RuleRead};
use super::sentence::Prepared;
use crate::eval::{Counts, Prf};
use crate::model::{Dataset, Document, Name, Status};

/// How to train.
#[derive(Clone, Debug, PartialEq)]
pub struct TrainOptions {
    /// Passes over the training sentences.
    pub epochs: usize,
    /// The fraction of documents held out to score the model (by a hash
    /// of the document id, so the same documents stay out as the dataset
    /// grows).
    pub held_out: f64,
    /// Fixes the order sentences are visited in.
    pub seed: u64,
    /// Also learn from documents still marked new (an imported gold
    /// corpus); by default only done and in-progress documents teach.
    pub include_new: bool,
    /// After scoring, train again on every document (held-out ones too),
    /// keeping the calibration: the model used is the better one, the
    /// figures are the honest ones.
    pub refit: bool,
    /// Learn from "this word is labelled X elsewhere in the document"
    /// (see `tagger::doc_labels`).
    pub document_labels: bool,
}

impl Default for TrainOptions {
    fn default() -> Self {
        Self {
            epochs: 10,
            held_out: 0.2,
            seed: 1,
            include_new: false,
            refit: true,
            document_labels: true,
        }
    }
}

/// How far training has got, for a progress bar.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Progress {
    /// Steps done.
    pub done: usize,
    /// Steps in all.
    pub total: usize,
    /// What is running: `features`, `training`, `scoring`, `retraining`.
    pub stage: &'static str,
}

/// Why no model could be trained.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum TrainError {
    /// The dataset has no documents at all.
    #[error("nothing to learn from: the dataset has no documents")]
    NoDocuments,
    /// No document to learn from has an accepted span.
    #[error(
        "nothing to learn from: {documents} done or in-progress documents, none with an accepted span; mark documents done (or train with --include-new on an imported corpus)"
    )]
    NoSpans {
        /// Documents that were looked at.
        documents: usize,
    },
    /// Documents marked new were included, and none has an accepted span.
    #[error("nothing to learn from: none of the {documents} documents has an accepted span")]
    NoSpansAnywhere {
        /// Documents that were looked at (all but skipped ones).
        documents: usize,
    },
}

/// Held-out counts and scores of one label.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct LabelScore {
    /// True positives, false positives, false negatives.
    pub counts: Counts,
    /// Precision, recall, F1.
    pub scores: Prf,
}

/// What training did and how the model scored.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct TrainReport {
    /// Documents the final model learned from.
    pub documents: usize,
    /// Their sentences.
    pub sentences: usize,
    /// Their tokens.
    pub tokens: usize,
    /// Their accepted spans, as learned.
    pub spans: usize,
    /// Spans BIO could not hold (overlapping another), left out.
    pub dropped_spans: usize,
    /// Documents held out for scoring.
    pub held_out_documents: usize,
    /// Their sentences.
    pub held_out_sentences: usize,
    /// Held-out scores per label (exact match).
    pub per_label: BTreeMap<String, LabelScore>,
    /// Held-out scores over all spans (micro average); `None` when there
    /// was too little data to hold any out.
    pub micro: Option<Prf>,
    /// Passes over the data.
    pub epochs: usize,
    /// Features with a weight.
    pub features: usize,
    /// The calibration temperature.
    pub temperature: f64,
    /// Wall-clock training time, seconds.
    pub seconds: f64,
    /// The rules read as features, by id: each one's label and how many
    /// times it matched in the documents learned from (empty: trained
    /// without rules, or none matched).
    #[serde(default)]
    pub rule_matches: BTreeMap<String, RuleRead>,
}

impl TrainReport {
    /// Held-out micro F1 (0–1), if scored.
    pub fn f1(&self) -> Option<f64> {
        self.micro.map(|m| m.f1)
    }
}

/// Trains on the accepted spans of `dataset`'s done and in-progress
/// documents (and new ones with `include_new`), holding out a fraction of
/// them to score and calibrate the model. `rules` finds the rule matches
/// read as features (the same should be given when tagging).
pub fn train(
    dataset: &Dataset,
    options: &TrainOptions,
    rules: Option<&RuleMatcher<'_>>,
    progress: &mut dyn FnMut(Progress),
) -> Result<Tagger, TrainError> {
    let docs: Vec<&Document> = dataset
        .documents
        .iter()
        .filter(|d| match d.status {
            Status::Done | Status::InProgress => true,
            Status::New => options.include_new,
            Status::Skipped => false,
        })
        .collect();
    let used: std::collections::HashSet<&str> = docs
        .iter()
        .flat_map(|d| d.spans.iter().map(|s| s.label.as_str()))
        .collect();
    let mut labels: Vec<Name> = dataset
        .labels
        .names()
        .filter(|l| used.contains(l))
        .map(Name::from)
        .collect();
    // Spans whose label left the label set still teach (validation
    // reports them elsewhere); sorted for a stable tag order.
    let mut extra: Vec<&str> = used
        .iter()
        .copied()
        .filter(|l| !dataset.labels.contains(l))
        .collect();
    extra.sort_unstable();
    labels.extend(extra.into_iter().map(Name::from));
    if labels.is_empty() {
        return Err(if dataset.documents.is_empty() {
            TrainError::NoDocuments
        } else if options.include_new {
            TrainError::NoSpansAnywhere {
                documents: docs.len(),
            }
        } else {
            TrainError::NoSpans {
                documents: docs.len(),
            }
        });
    }
    let (mut train_docs, mut held): (Vec<&Document>, Vec<&Document>) = docs
        .iter()
        .partition(|d| !is_held_out(&d.id, options.held_out));
    if docs.len() >= 2 && options.held_out > 0.0 {
        if held.is_empty() {
            held.extend(train_docs.pop());
        } else if train_docs.is_empty() {
            train_docs.extend(held.pop());
        }
    } else {
        train_docs.clone_from(&docs);
        held.clear();
    }
    Ok(train_on(
        TagSet::new(labels),
        &train_docs,
        &held,
        options,
        rules,
        progress,
    ))
}

/// True for the documents held out: a fixed hash of the id below the fraction.
fn is_held_out(id: &str, fraction: f64) -> bool {
    let h = features::word_hash(id) % 10_000;
    #[expect(clippy::cast_precision_loss, reason = "below 10,000")]
    let at = h as f64 / 10_000.0;
    at < fraction
}

/// Trains on `train` and scores on `held` (which may be empty), with the
/// labels of `tags` and the matches of `rules` as features; then, with
/// `options.refit`, trains again on both.
pub fn train_on(
    tags: TagSet,
    train: &[&Document],
    held: &[&Document],
    options: &TrainOptions,
    rules: Option<&RuleMatcher<'_>>,
    progress: &mut dyn FnMut(Progress),
) -> Tagger {
    let started = Instant::now();
    let refit = options.refit && !held.is_empty();
    let total = options.epochs * if refit { 2 } else { 1 } + 1;
    let mut step = |done: usize, stage: &'static str| progress(Progress { done, total, stage });
    step(0, "training");
    let fitted = fit(&tags, train, options, rules, &mut |e| step(e, "training"));
    let mut tagger = Tagger {
        tags,
        crf: fitted.crf,
        gazetteer: fitted.gazetteer,
        temperature: 1.0,
        report: TrainReport::default(),
    };
    let mut report = TrainReport {
        documents: train.len(),
        sentences: fitted.sentences,
        tokens: fitted.tokens,
        spans: fitted.spans,
        dropped_spans: fitted.dropped,
        epochs: options.epochs,
        rule_matches: fitted.rule_matches,
        ..TrainReport::default()
    };
    if !held.is_empty() {
        step(options.epochs, "scoring");
        let scored = score(&tagger, held, rules);
        tagger.temperature = fit_temperature(&tagger.crf, &scored.calibration);
        report.held_out_documents = held.len();
        report.held_out_sentences = scored.sentences;
        let mut total_counts = Counts::default();
        for (label, counts) in scored.counts {
            total_counts.add(counts);
            report.per_label.insert(
                label,
                LabelScore {
                    counts,
                    scores: counts.prf(),
                },
            );
        }
        report.micro = Some(total_counts.prf());
    }
    if refit {
        let all: Vec<&Document> = train.iter().chain(held).copied().collect();
        let base = options.epochs + 1;
        let again = fit(&tagger.tags, &all, options, rules, &mut |e| {
            step(base + e, "retraining");
        });
        tagger.crf = again.crf;
        tagger.gazetteer = again.gazetteer;
        report.documents = all.len();
        report.sentences = again.sentences;
        report.tokens = again.tokens;
        report.spans = again.spans;
        report.dropped_spans = again.dropped;
        report.rule_matches = again.rule_matches;
    }
    report.features = tagger.crf.features();
    report.temperature = tagger.temperature;
    report.seconds = started.elapsed().as_secs_f64();
    tagger.report = report;
    tagger
}

/// A model fitted to some documents, and what it saw.
struct Fitted {
    crf: Crf,
    gazetteer: Gazetteer,
    sentences: usize,
    tokens: usize,
    spans: usize,
    dropped: usize,
    rule_matches: BTreeMap<String, RuleRead>,
}

/// Fits weights to `docs`. Each half of the documents (even and odd
/// positions) sees gazetteer features from the other half only
/// ("jackknifed"), so the model learns how far a string seen elsewhere can
/// be trusted rather than that it always is; the gazetteer kept for
/// tagging is built from every document. Rules are not learned from the
/// documents, so their matches need no such care.
fn fit(
    tags: &TagSet,
    docs: &[&Document],
    options: &TrainOptions,
    rules: Option<&RuleMatcher<'_>>,
    progress: &mut dyn FnMut(usize),
) -> Fitted {
    let prepared: Vec<Prepared<'_>> = docs.par_iter().map(|d| Prepared::new(d)).collect();
    let annotated: Vec<Annotated<'_>> = prepared
        .par_iter()
        .zip(docs.par_iter())
        .map(|(p, d)| annotate(tags, p, d))
        .collect();
    let (extra, rule_matches) = extra_features(docs, &prepared, &annotated, options, rules);
    let gazetteer_of = |fold: Option<usize>| {
        Gazetteer::build(
            annotated
                .iter()
                .enumerate()
                .filter(|(i, _)| fold.is_none_or(|f| i % 2 == f))
                .flat_map(|(_, a)| {
                    a.words
                        .iter()
                        .copied()
                        .zip(a.spans.iter().map(Vec::as_slice))
                }),
        )
    };
    let folds = [gazetteer_of(Some(0)), gazetteer_of(Some(1))];
    let gazetteer = gazetteer_of(None);
    let hashed: Vec<Vec<features::SentenceFeatures>> = annotated
        .par_iter()
        .enumerate()
        .map(|(i, _)| {
            prepared[i]
                .features(&folds[1 - i % 2], &extra[i])
                .map(|(_, f)| f)
                .collect()
        })
        .collect();
    let mut index: HashedMap<u32> = HashedMap::default();
    let mut examples = Vec::new();
    let (mut sentences, mut tokens, mut spans, mut dropped) = (0, 0, 0, 0);
    for (a, h) in annotated.iter().zip(hashed) {
        dropped += a.dropped;
        for ((f, t), s) in h.into_iter().zip(&a.tags).zip(&a.spans) {
            if t.is_empty() {
                continue;
            }
            sentences += 1;
            tokens += t.len();
            spans += s.len();
            let rows = f
                .hashes
                .iter()
                .map(|h| {
                    let next = u32::try_from(index.len()).unwrap_or(u32::MAX);
                    *index.entry(*h).or_insert(next)
                })
                .collect();
            let ends = f
                .ends
                .iter()
                .map(|&e| u32::try_from(e).unwrap_or(u32::MAX))
                .collect();
            examples.push(Example {
                rows,
                ends,
                tags: t.clone(),
            });
        }
    }
    let rows = index.len();
    let crf = Crf::train(
        index,
        rows,
        tags.len(),
        &examples,
        options.epochs,
        options.seed,
        progress,
    );
    Fitted {
        crf,
        gazetteer,
        sentences,
        tokens,
        spans,
        dropped,
        rule_matches,
    }
}
