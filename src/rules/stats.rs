//! Per-rule statistics, computed from the dataset itself, so they follow
//! every review decision (and every undo) without bookkeeping.

use std::collections::BTreeMap;

use crate::model::{Dataset, Origin};

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

/// Statistics per rule id (`learned` for the learned matcher), sorted by id.
pub fn rule_stats(dataset: &Dataset) -> BTreeMap<String, RuleStats> {
    let mut out: BTreeMap<String, RuleStats> = BTreeMap::new();
    let key = |origin: &Origin| match origin {
        Origin::Rule(id) => Some(id.to_string()),
        Origin::Learned => Some("learned".to_owned()),
        Origin::Model(_) => Some("model".to_owned()),
        Origin::Manual | Origin::Imported => None,
    };
    for doc in &dataset.documents {
        for s in &doc.suggestions {
            if let Some(k) = key(&s.origin) {
                out.entry(k).or_default().pending += 1;
            }
        }
        for s in &doc.spans {
            if let Some(k) = key(&s.origin) {
                out.entry(k).or_default().accepted += 1;
            }
        }
        for s in &doc.rejected {
            if let Some(k) = key(&s.origin) {
                out.entry(k).or_default().rejected += 1;
            }
        }
    }
    out
}
