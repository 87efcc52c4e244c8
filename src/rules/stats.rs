//! Per-rule statistics, computed from the dataset itself, so they follow
//! every review decision (and every undo) without bookkeeping.

use std::collections::BTreeMap;

use crate::model::{Dataset, Document, Origin, Span};

/// How one rule has fared.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RuleStats {
    /// Suggestions still pending.
    pub pending: usize,
    /// Suggestions accepted (spans whose origin is the rule).
    pub accepted: usize,
    /// Suggestions rejected.
    pub rejected: usize,
}

impl RuleStats {
    /// Everything the rule proposed.
    pub fn hits(&self) -> usize {
        self.pending + self.accepted + self.rejected
    }

    /// Accepted / (accepted + rejected), once something was decided.
    pub fn precision(&self) -> Option<f64> {
        let decided = self.accepted + self.rejected;
        #[expect(clippy::cast_precision_loss, reason = "counts far below 2^52")]
        (decided > 0).then(|| self.accepted as f64 / decided as f64)
    }
}

/// Statistics per rule id (`learned` for the learned matcher, `model` for
/// the tagger), sorted by id. Counted on every core.
pub fn rule_stats(dataset: &Dataset) -> BTreeMap<String, RuleStats> {
    use rayon::prelude::*;
    let counted = (dataset.documents.par_iter())
        .fold(BTreeMap::new, |mut out, doc| {
            count(doc, &mut out);
            out
        })
        .reduce(BTreeMap::new, |mut a, b| {
            for (rule, stats) in b {
                let into: &mut RuleStats = a.entry(rule).or_default();
                into.pending += stats.pending;
                into.accepted += stats.accepted;
                into.rejected += stats.rejected;
            }
            a
        });
    (counted.into_iter())
        .map(|(rule, stats)| (rule.to_owned(), stats))
        .collect()
}

/// Adds one document's spans to `out`, by the rule that proposed them.
fn count<'a>(doc: &'a Document, out: &mut BTreeMap<&'a str, RuleStats>) {
    tally(&doc.suggestions, out, |s| &mut s.pending);
    tally(&doc.spans, out, |s| &mut s.accepted);
    tally(&doc.rejected, out, |s| &mut s.rejected);
}

/// Counts `spans` into the `field` of their rule's statistics.
fn tally<'a>(
    spans: &'a [Span],
    out: &mut BTreeMap<&'a str, RuleStats>,
    field: fn(&mut RuleStats) -> &mut usize,
) {
    for span in spans {
        let rule = match &span.origin {
            Origin::Rule(id) => id.as_str(),
            Origin::Learned => "learned",
            Origin::Model(_) => "model",
            Origin::Manual | Origin::Imported => continue,
        };
        *field(out.entry(rule).or_default()) += 1;
    }
}
