//! Precision, recall and F1 of predicted spans against gold spans, per
//! label and overall, counted the way conlleval and seqeval count entities.

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};

use crate::model::{Dataset, Span};

/// How a predicted span must agree with a gold span to count.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Matching {
    /// Same start, end and label (conlleval, seqeval's default).
    #[default]
    Exact,
    /// Same label and at least one char in common; each gold span is
    /// matched by at most one predicted span and the other way round.
    Overlap,
}

/// True positives, false positives, false negatives.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    /// Predicted spans that match a gold span.
    pub tp: usize,
    /// Predicted spans that match none.
    pub fp: usize,
    /// Gold spans that no predicted span matches.
    pub fn_: usize,
}

/// Precision, recall and F1, as fractions (0–1).
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Prf {
    /// tp / (tp + fp); 0 when nothing was predicted.
    pub precision: f64,
    /// tp / (tp + fn); 0 when there is no gold span.
    pub recall: f64,
    /// The harmonic mean of precision and recall; 0 when both are 0.
    pub f1: f64,
}

impl Counts {
    /// Adds another count.
    pub fn add(&mut self, other: Self) {
        self.tp += other.tp;
        self.fp += other.fp;
        self.fn_ += other.fn_;
    }

    /// The scores of these counts (conlleval: an empty side scores 0).
    #[expect(clippy::cast_precision_loss, reason = "span counts are far below 2^52")]
    pub fn prf(self) -> Prf {
        let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
        let precision = ratio(self.tp, self.tp + self.fp);
        let recall = ratio(self.tp, self.tp + self.fn_);
        let f1 = if precision + recall == 0.0 {
            0.0
        } else {
            2.0 * precision * recall / (precision + recall)
        };
        Prf {
            precision,
            recall,
            f1,
        }
    }
}

/// The result of comparing predictions with gold.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Evaluation {
    /// How spans were matched.
    pub matching: Matching,
    /// Counts per label (every label seen on either side).
    pub counts: BTreeMap<String, Counts>,
    /// Scores per label.
    pub per_label: BTreeMap<String, Prf>,
    /// Scores over all spans (micro average).
    pub micro: Prf,
    /// The mean of the per-label scores (macro average).
    pub macro_avg: Prf,
    /// Documents scored (present on both sides).
    pub documents: usize,
    /// Gold documents with no prediction: not scored.
    pub missing_in_pred: Vec<String>,
    /// Predicted documents with no gold: not scored.
    pub missing_in_gold: Vec<String>,
    /// Documents whose texts differ between the two sides: not scored.
    pub text_differs: Vec<String>,
}

/// Compares the accepted spans of `pred` with those of `gold`, pairing
/// documents by id. Documents on one side only, or whose texts differ,
/// are listed and not scored.
pub fn evaluate(gold: &Dataset, pred: &Dataset, matching: Matching) -> Evaluation {
    let pred_by_id: HashMap<&str, usize> = pred
        .documents
        .iter()
        .enumerate()
        .map(|(i, d)| (d.id.as_str(), i))
        .collect();
    let gold_ids: std::collections::HashSet<&str> =
        gold.documents.iter().map(|d| d.id.as_str()).collect();
    let mut out = Evaluation {
        matching,
        ..Evaluation::default()
    };
    for doc in &gold.documents {
        let Some(&p) = pred_by_id.get(doc.id.as_str()) else {
            out.missing_in_pred.push(doc.id.clone());
            continue;
        };
        let other = &pred.documents[p];
        if other.text != doc.text {
            out.text_differs.push(doc.id.clone());
            continue;
        }
        out.documents += 1;
        for (label, counts) in compare(&doc.spans, &other.spans, matching) {
            out.counts.entry(label).or_default().add(counts);
        }
    }
    out.missing_in_gold = pred
        .documents
        .iter()
        .filter(|d| !gold_ids.contains(d.id.as_str()))
        .map(|d| d.id.clone())
        .collect();
    let mut total = Counts::default();
    for (label, counts) in &out.counts {
        total.add(*counts);
        out.per_label.insert(label.clone(), counts.prf());
    }
    out.micro = total.prf();
    out.macro_avg = mean(out.per_label.values());
    out
}

/// Counts per label for one document. Each predicted span takes the first
/// unused gold span (in list order) that it matches. Gold spans are
/// visited in start order with a running maximum of their ends, so each
/// prediction looks only at the gold spans that can overlap it.
pub fn compare(gold: &[Span], pred: &[Span], matching: Matching) -> BTreeMap<String, Counts> {
    let mut counts: BTreeMap<String, Counts> = BTreeMap::new();
    let mut gold_used = vec![false; gold.len()];
    let mut order: Vec<usize> = (0..gold.len()).collect();
    order.sort_by_key(|&i| (gold[i].start, gold[i].end));
    let reach: Vec<usize> = order
        .iter()
        .scan(0, |max, &i| {
            *max = (*max).max(gold[i].end.0);
            Some(*max)
        })
        .collect();
    for p in pred {
        let from = reach.partition_point(|&end| end <= p.start.0);
        let to = order.partition_point(|&i| gold[i].start < p.end);
        let hit = order[from..to.max(from)]
            .iter()
            .copied()
            .filter(|&i| {
                let g = &gold[i];
                !gold_used[i]
                    && g.label == p.label
                    && match matching {
                        Matching::Exact => g.start == p.start && g.end == p.end,
                        Matching::Overlap => g.overlaps(p),
                    }
            })
            .min();
        let entry = counts.entry(p.label.to_string()).or_default();
        match hit {
            Some(i) => {
                gold_used[i] = true;
                entry.tp += 1;
            }
            None => entry.fp += 1,
        }
    }
    for (g, used) in gold.iter().zip(gold_used) {
        if !used {
            counts.entry(g.label.to_string()).or_default().fn_ += 1;
        }
    }
    counts
}

/// The mean of some scores (all zero for none).
pub fn mean<'a>(scores: impl Iterator<Item = &'a Prf>) -> Prf {
    let (mut sum, mut n) = (Prf::default(), 0_u32);
    for s in scores {
        sum.precision += s.precision;
        sum.recall += s.recall;
        sum.f1 += s.f1;
        n += 1;
    }
    if n == 0 {
        return sum;
    }
    let n = f64::from(n);
    Prf {
        precision: sum.precision / n,
        recall: sum.recall / n,
        f1: sum.f1 / n,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Document, LabelSet};

    fn dataset(docs: &[(&str, &[Span])]) -> Dataset {
        let mut d = Dataset::new(LabelSet::default());
        for (id, spans) in docs {
            let mut doc =
                Document::new(*id, "Mike Pompeo met Kim Jong-un in Singapore on 12 June.");
            doc.spans = spans.to_vec();
            d.documents.push(doc);
        }
        d
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn exact_counts_by_hand() {
        // Gold: PERSON Mike Pompeo, PERSON Kim Jong-un, LOC Singapore, DATE 12 June.
        let gold = dataset(&[(
            "a",
            &[
                Span::new(0, 11, "PERSON"),
                Span::new(16, 27, "PERSON"),
                Span::new(31, 40, "LOC"),
                Span::new(44, 51, "DATE"),
            ],
        )]);
        // Pred: Pompeo right, "Kim" too short, Singapore as ORG, an extra LOC.
        let pred = dataset(&[(
            "a",
            &[
                Span::new(0, 11, "PERSON"),
                Span::new(16, 19, "PERSON"),
                Span::new(31, 40, "ORG"),
                Span::new(44, 51, "DATE"),
                Span::new(5, 11, "LOC"),
            ],
        )]);
        let e = evaluate(&gold, &pred, Matching::Exact);
        assert_eq!(
            e.counts["PERSON"],
            Counts {
                tp: 1,
                fp: 1,
                fn_: 1
            }
        );
        assert_eq!(
            e.counts["LOC"],
            Counts {
                tp: 0,
                fp: 1,
                fn_: 1
            }
        );
        assert_eq!(
            e.counts["ORG"],
            Counts {
                tp: 0,
                fp: 1,
                fn_: 0
            }
        );
        assert_eq!(
            e.counts["DATE"],
            Counts {
                tp: 1,
                fp: 0,
                fn_: 0
            }
        );
        // Micro: tp 2, fp 3, fn 2 → P 2/5, R 2/4, F1 = 2·0.4·0.5/0.9 = 4/9.
        assert!(close(e.micro.precision, 0.4) && close(e.micro.recall, 0.5));
        assert!(close(e.micro.f1, 4.0 / 9.0));
        // Macro F1: PERSON 0.5, LOC 0, ORG 0, DATE 1 → 0.375.
        assert!(close(e.macro_avg.f1, 0.375));
        // Overlap: "Kim" now matches Kim Jong-un; the LOC inside Pompeo
        // matches no LOC.
        let o = evaluate(&gold, &pred, Matching::Overlap);
        assert_eq!(
            o.counts["PERSON"],
            Counts {
                tp: 2,
                fp: 0,
                fn_: 0
            }
        );
        assert!(close(o.micro.precision, 3.0 / 5.0) && close(o.micro.recall, 3.0 / 4.0));
    }

    #[test]
    fn edge_cases_identical_empty_and_disjoint() {
        let spans = [Span::new(0, 11, "PERSON"), Span::new(31, 40, "LOC")];
        let gold = dataset(&[("a", &spans)]);
        let same = evaluate(&gold, &gold, Matching::Exact);
        assert!(close(same.micro.f1, 1.0) && close(same.macro_avg.f1, 1.0));
        // Nothing predicted: P 0 (nothing to be right about), R 0, F1 0.
        let empty = dataset(&[("a", &[])]);
        let e = evaluate(&gold, &empty, Matching::Exact);
        assert_eq!(e.micro, Prf::default());
        assert_eq!(
            e.counts["PERSON"],
            Counts {
                tp: 0,
                fp: 0,
                fn_: 1
            }
        );
        // No gold spans at all: every prediction is a false positive.
        let e = evaluate(&empty, &gold, Matching::Exact);
        assert_eq!(
            e.counts["LOC"],
            Counts {
                tp: 0,
                fp: 1,
                fn_: 0
            }
        );
        assert_eq!(e.micro, Prf::default());
        // Both empty: no labels, scores 0, nothing to average.
        let e = evaluate(&empty, &empty, Matching::Exact);
        assert!(e.per_label.is_empty() && e.documents == 1);
        // Disjoint labels: the same places, other names.
        let other = dataset(&[("a", &[Span::new(0, 11, "PER"), Span::new(31, 40, "GPE")])]);
        let e = evaluate(&gold, &other, Matching::Overlap);
        assert_eq!(e.per_label.len(), 4);
        assert!(close(e.micro.f1, 0.0));
    }

    #[test]
    fn documents_on_one_side_are_listed_not_scored() {
        let gold = dataset(&[("a", &[Span::new(0, 11, "PERSON")]), ("b", &[])]);
        let pred = dataset(&[("a", &[Span::new(0, 11, "PERSON")]), ("c", &[])]);
        let e = evaluate(&gold, &pred, Matching::Exact);
        assert_eq!(e.documents, 1);
        assert_eq!(e.missing_in_pred, ["b"]);
        assert_eq!(e.missing_in_gold, ["c"]);
        assert!(close(e.micro.f1, 1.0));
    }
}
