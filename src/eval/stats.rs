//! The figures of a dataset that the statistics window charts and
//! `spanlab stats --json` prints: one computation for both.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::model::{Dataset, Document, Span};
use crate::rules::rule_stats;

/// One rule's figures.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RuleFigures {
    /// The rule id (`learned` for the learned matcher).
    pub rule: String,
    /// Suggestions made in all.
    pub hits: usize,
    /// Accepted.
    pub accepted: usize,
    /// Rejected.
    pub rejected: usize,
    /// Still pending.
    pub pending: usize,
    /// accepted / (accepted + rejected), once something was decided.
    pub precision: Option<f64>,
}

/// A dataset's figures.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Statistics {
    /// Documents in all.
    pub documents: usize,
    /// Documents per status, in workflow order.
    pub by_status: Vec<(String, usize)>,
    /// Accepted spans per label: the label set's order, then any others.
    pub spans: Vec<(String, usize)>,
    /// Pending suggestions per label.
    pub suggestions: Vec<(String, usize)>,
    /// Rejected suggestions per label.
    pub rejected: Vec<(String, usize)>,
    /// Histogram of accepted spans per document: (from, to inclusive, documents).
    pub spans_per_document: Vec<(usize, usize, usize)>,
    /// Open conflicts between annotators.
    pub conflicts: usize,
    /// Per rule, once suggestions exist.
    pub rules: Vec<RuleFigures>,
}

/// Computes every figure in one pass over the documents (plus one for the
/// rules).
pub fn statistics(dataset: &Dataset) -> Statistics {
    Statistics {
        documents: dataset.documents.len(),
        by_status: dataset
            .status_counts()
            .iter()
            .map(|(s, n)| (s.as_str().to_owned(), *n))
            .collect(),
        spans: by_label(dataset, |d| &d.spans),
        suggestions: by_label(dataset, |d| &d.suggestions),
        rejected: by_label(dataset, |d| &d.rejected),
        spans_per_document: histogram(dataset.documents.iter().map(|d| d.spans.len())),
        conflicts: dataset.documents.iter().map(|d| d.conflicts.len()).sum(),
        rules: rule_stats(dataset)
            .into_iter()
            .map(|(rule, s)| RuleFigures {
                rule,
                hits: s.hits(),
                accepted: s.accepted,
                rejected: s.rejected,
                pending: s.pending,
                precision: s.precision(),
            })
            .collect(),
    }
}

/// Counts per label: label-set order first, then any others by name.
fn by_label(dataset: &Dataset, list: impl Fn(&Document) -> &Vec<Span>) -> Vec<(String, usize)> {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for doc in &dataset.documents {
        for span in list(doc) {
            *counts.entry(span.label.as_str()).or_default() += 1;
        }
    }
    let mut out: Vec<(String, usize)> = dataset
        .labels
        .names()
        .map(|name| (name.to_owned(), counts.remove(name).unwrap_or(0)))
        .collect();
    out.extend(counts.into_iter().map(|(k, n)| (k.to_owned(), n)));
    out
}

/// Buckets of equal width over 0..=max: one per value up to 20 values,
/// else 20 buckets.
pub fn histogram(values: impl Iterator<Item = usize> + Clone) -> Vec<(usize, usize, usize)> {
    let Some(max) = values.clone().max() else {
        return Vec::new();
    };
    let width = (max + 1).div_ceil(20).max(1);
    let mut buckets: Vec<(usize, usize, usize)> = (0..=max / width)
        .map(|b| (b * width, b * width + width - 1, 0))
        .collect();
    for v in values {
        buckets[v / width].2 += 1;
    }
    buckets
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn histogram_buckets_by_hand() {
        assert_eq!(
            histogram([0, 2, 2, 3].into_iter()),
            [(0, 0, 1), (1, 1, 0), (2, 2, 2), (3, 3, 1)]
        );
        // 0..=99: 20 buckets of 5.
        let h = histogram((0..100).chain([7]));
        assert_eq!(h.len(), 20);
        assert_eq!(h[1], (5, 9, 6));
        assert_eq!(h[19], (95, 99, 5));
        assert!(histogram(std::iter::empty()).is_empty());
    }
}
