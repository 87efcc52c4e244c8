//! Agreement between annotators who labelled the same documents: pairwise
//! span F1, Cohen's kappa (two annotators) or Fleiss' kappa (more) over
//! tokens, per label, and the list of places where they disagree.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::score::{Counts, Matching, Prf, compare};
use crate::model::{CharOffset, Dataset, Document, Span};
use crate::text::{OffsetIndex, document_tokens};

/// One place where annotators disagree.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Disagreement {
    /// The document.
    pub document: String,
    /// Char range covering every version.
    pub start: usize,
    /// End of that range (exclusive).
    pub end: usize,
    /// The text of that range.
    pub text: String,
    /// Per annotator (in input order): their spans there, as "LABEL text".
    pub versions: Vec<Vec<String>>,
}

/// The agreement between annotators.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Agreement {
    /// Annotator names, in input order.
    pub annotators: Vec<String>,
    /// Documents every annotator has (with the same text).
    pub documents: usize,
    /// Documents not shared by all, or with differing text: not compared.
    pub skipped: Vec<String>,
    /// Span F1 (exact) per pair of annotators (i, j), i < j.
    pub pairwise_f1: Vec<(usize, usize, f64)>,
    /// Cohen's kappa (two annotators) or Fleiss' kappa (three or more)
    /// over every token's label, O included.
    pub kappa: f64,
    /// Which kappa `kappa` is.
    pub kappa_kind: &'static str,
    /// Per label: the same kappa over "this label or not".
    pub kappa_per_label: BTreeMap<String, f64>,
    /// Tokens compared.
    pub tokens: usize,
    /// Every disagreement.
    pub disagreements: Vec<Disagreement>,
}

/// The label of each token of `doc` in `spans` ("O" outside every span). A
/// token belongs to the first span in the list that contains its start.
/// Tokens are sorted, so each span finds its tokens by binary search:
/// O((spans + tokens) log tokens), not tokens × spans.
fn token_labels<'a>(doc: &Document, spans: &'a [Span]) -> Vec<&'a str> {
    let starts: Vec<usize> = document_tokens(doc).iter().map(|t| t.start.0).collect();
    let mut labels: Vec<Option<&str>> = vec![None; starts.len()];
    for span in spans {
        let from = starts.partition_point(|&s| s < span.start.0);
        let to = starts.partition_point(|&s| s < span.end.0);
        for label in &mut labels[from..to.max(from)] {
            label.get_or_insert(span.label.as_str());
        }
    }
    labels.into_iter().map(|l| l.unwrap_or("O")).collect()
}

/// Compares annotators' datasets of the same documents (paired by id).
///
/// # Panics
/// Never: fewer than two datasets give an empty agreement.
pub fn agree(names: &[String], datasets: &[&Dataset]) -> Agreement {
    let mut out = Agreement {
        annotators: names.to_vec(),
        kappa_kind: if datasets.len() > 2 {
            "Fleiss"
        } else {
            "Cohen"
        },
        ..Agreement::default()
    };
    if datasets.len() < 2 {
        return out;
    }
    let n = datasets.len();
    let mut pair_counts = vec![Counts::default(); n * n];
    // Per token: each annotator's label.
    let mut rows: Vec<Vec<String>> = Vec::new();
    for (id, docs) in super::paired(datasets) {
        let Some(docs) = docs else {
            out.skipped.push(id.to_owned());
            continue;
        };
        out.documents += 1;
        for i in 0..n {
            for j in i + 1..n {
                for counts in compare(&docs[i].spans, &docs[j].spans, Matching::Exact).values() {
                    pair_counts[i * n + j].add(*counts);
                }
            }
        }
        let labels: Vec<Vec<&str>> = docs
            .iter()
            .map(|d| token_labels(docs[0], &d.spans))
            .collect();
        for t in 0..labels[0].len() {
            rows.push(labels.iter().map(|l| l[t].to_owned()).collect());
        }
        let versions: Vec<&[Span]> = docs.iter().map(|d| d.spans.as_slice()).collect();
        let index = OffsetIndex::new(&docs[0].text);
        let slice = |s: usize, e: usize| index.slice(CharOffset(s), CharOffset(e)).unwrap_or("");
        for (start, end, parts) in super::merge::clusters(&versions) {
            out.disagreements.push(Disagreement {
                document: id.to_owned(),
                start,
                end,
                text: slice(start, end).to_owned(),
                versions: parts
                    .iter()
                    .map(|spans| {
                        spans
                            .iter()
                            .map(|s| format!("{} {}", s.label, slice(s.start.0, s.end.0)))
                            .collect()
                    })
                    .collect(),
            });
        }
    }
    for i in 0..n {
        for j in i + 1..n {
            let Prf { f1, .. } = pair_counts[i * n + j].prf();
            out.pairwise_f1.push((i, j, f1));
        }
    }
    out.tokens = rows.len();
    out.kappa = kappa(&rows);
    let labels: BTreeSet<&str> = rows
        .iter()
        .flatten()
        .map(String::as_str)
        .filter(|l| *l != "O")
        .collect();
    for label in labels {
        let binary: Vec<Vec<String>> = rows
            .iter()
            .map(|r| r.iter().map(|l| (l == label).to_string()).collect())
            .collect();
        out.kappa_per_label.insert(label.to_owned(), kappa(&binary));
    }
    out
}

/// Cohen's kappa for two raters, Fleiss' kappa for more, over items (rows
/// of one category per rater). Perfect agreement with one category only
/// (chance agreement 1) counts as 1.
#[expect(
    clippy::cast_precision_loss,
    reason = "token counts are far below 2^52"
)]
pub fn kappa(rows: &[Vec<String>]) -> f64 {
    let Some(raters) = rows.first().map(Vec::len) else {
        return 1.0;
    };
    let items = rows.len() as f64;
    if raters == 2 {
        let mut agree = 0.0;
        let mut marginal: [BTreeMap<&str, f64>; 2] = Default::default();
        for row in rows {
            if row[0] == row[1] {
                agree += 1.0;
            }
            for (r, m) in marginal.iter_mut().enumerate() {
                *m.entry(row[r].as_str()).or_default() += 1.0;
            }
        }
        let po = agree / items;
        let pe: f64 = marginal[0]
            .iter()
            .map(|(k, a)| a / items * marginal[1].get(k).copied().unwrap_or(0.0) / items)
            .sum();
        return chance_corrected(po, pe);
    }
    // Fleiss: per item, how many raters chose each category.
    let r = raters as f64;
    let mut totals: BTreeMap<&str, f64> = BTreeMap::new();
    let mut p_sum = 0.0;
    for row in rows {
        let mut counts: BTreeMap<&str, f64> = BTreeMap::new();
        for c in row {
            *counts.entry(c.as_str()).or_default() += 1.0;
            *totals.entry(c.as_str()).or_default() += 1.0;
        }
        p_sum += (counts.values().map(|n| n * n).sum::<f64>() - r) / (r * (r - 1.0));
    }
    let po = p_sum / items;
    let pe: f64 = totals.values().map(|t| (t / (items * r)).powi(2)).sum();
    chance_corrected(po, pe)
}

fn chance_corrected(po: f64, pe: f64) -> f64 {
    if (1.0 - pe).abs() < 1e-12 {
        if (po - 1.0).abs() < 1e-12 { 1.0 } else { 0.0 }
    } else {
        (po - pe) / (1.0 - pe)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::LabelSet;

    fn rows(data: &[&[&str]]) -> Vec<Vec<String>> {
        data.iter()
            .map(|r| r.iter().map(|s| (*s).to_owned()).collect())
            .collect()
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn cohen_by_hand() {
        // 10 items: both say A on 4, both B on 3, (A,B) on 2, (B,A) on 1.
        // po = 0.7; rater 1 A 6/10, rater 2 A 5/10; pe = .6·.5 + .4·.5 = .5;
        // kappa = (.7 − .5)/(1 − .5) = 0.4.
        let mut data: Vec<&[&str]> = Vec::new();
        data.extend(std::iter::repeat_n(&["A", "A"][..], 4));
        data.extend(std::iter::repeat_n(&["B", "B"][..], 3));
        data.extend(std::iter::repeat_n(&["A", "B"][..], 2));
        data.push(&["B", "A"]);
        assert!(close(kappa(&rows(&data)), 0.4));
        // Identical with one category only: 1 (not 0/0).
        assert!(close(kappa(&rows(&[&["O", "O"], &["O", "O"]])), 1.0));
        // Always disagreeing on two categories: po 0, pe .5 → −1.
        assert!(close(kappa(&rows(&[&["A", "B"], &["B", "A"]])), -1.0));
    }

    #[test]
    fn fleiss_by_hand() {
        // 3 raters, 4 items: (A,A,A), (A,A,B), (B,B,B), (A,B,B).
        // P_i: 1, 1/3, 1, 1/3 → P̄ = 2/3. Totals A 6/12, B 6/12 → P̄e = 0.5.
        // kappa = (2/3 − 1/2)/(1/2) = 1/3.
        let k = kappa(&rows(&[
            &["A", "A", "A"],
            &["A", "A", "B"],
            &["B", "B", "B"],
            &["A", "B", "B"],
        ]));
        assert!(close(k, 1.0 / 3.0), "{k}");
    }

    fn annotated(spans: &[Span]) -> Dataset {
        let mut d = Dataset::new(LabelSet::default());
        let mut doc = Document::new("a", "Mike Pompeo met Kim in Singapore");
        doc.spans = spans.to_vec();
        d.documents.push(doc);
        d
    }

    #[test]
    fn two_annotators_tokens_pairs_and_disagreements() {
        // Tokens: Mike Pompeo met Kim in Singapore (6).
        let a = annotated(&[Span::new(0, 11, "PERSON"), Span::new(23, 32, "LOC")]);
        let b = annotated(&[Span::new(0, 11, "PERSON"), Span::new(16, 19, "PERSON")]);
        let names = vec!["a".to_owned(), "b".to_owned()];
        let g = agree(&names, &[&a, &b]);
        assert_eq!((g.documents, g.tokens), (1, 6));
        // Spans: 1 agreed of 2 each → F1 0.5.
        assert_eq!(g.pairwise_f1, [(0, 1, 0.5)]);
        // Tokens a: P P O O O L; b: P P O P O O. po = 4/6;
        // a: P 2/6, O 3/6, L 1/6; b: P 3/6, O 3/6; pe = 6/36 + 9/36 = 15/36;
        // kappa = (24/36 − 15/36)/(21/36) = 9/21.
        assert!(close(g.kappa, 9.0 / 21.0), "{}", g.kappa);
        assert_eq!(g.disagreements.len(), 2);
        assert_eq!(g.disagreements[0].text, "Kim");
        assert_eq!(
            g.disagreements[0].versions,
            [vec![], vec!["PERSON Kim".to_owned()]]
        );
        assert_eq!(g.disagreements[1].versions[0], ["LOC Singapore"]);
        // Identical files: everything 1, nothing to list.
        let g = agree(&names, &[&a, &a]);
        assert!(close(g.kappa, 1.0) && g.disagreements.is_empty());
        assert_eq!(g.pairwise_f1, [(0, 1, 1.0)]);
        // Disjoint labels on the same words: a PERSON where b says ORG.
        // Tokens a: P P O O O O; b: G G O O O O. po 4/6; pe = (4/6)² = 16/36;
        // kappa = (24 − 16)/(36 − 16) = 0.4. Per label PERSON: b never says
        // it, so pe = po = 4/6 and kappa 0.
        let pa = annotated(&[Span::new(0, 11, "PERSON")]);
        let ob = annotated(&[Span::new(0, 11, "ORG")]);
        let g = agree(&names, &[&pa, &ob]);
        assert!(close(g.kappa, 0.4), "{}", g.kappa);
        assert!(close(g.kappa_per_label["PERSON"], 0.0));
        assert_eq!(g.pairwise_f1, [(0, 1, 0.0)]);
        // One side empty: span F1 0, kappa 0 (one rater always O).
        let none = annotated(&[]);
        let g = agree(&names, &[&a, &none]);
        assert_eq!(g.pairwise_f1, [(0, 1, 0.0)]);
        assert!(close(g.kappa, 0.0), "{}", g.kappa);
    }
}
