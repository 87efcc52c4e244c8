//! Corpus quality: scores against gold ([`evaluate`]), agreement between
//! annotators ([`agree`]), and merging their files into one dataset with
//! open conflicts to adjudicate ([`merge`]).

mod agree;
mod merge;
mod score;
mod stats;

pub use agree::{Agreement, Disagreement, agree, kappa};
pub use merge::{MergeReport, clusters, merge};
pub use score::{Counts, Evaluation, Matching, Prf, compare, evaluate, mean};
pub use stats::{RuleFigures, Statistics, histogram, statistics};

use std::collections::{HashMap, HashSet};

use crate::model::{Dataset, Document};

/// Every document id of `datasets` (the first dataset's order, then ids
/// only the others have) with each dataset's version of it: `None` when
/// some dataset lacks it or the texts differ, so it cannot be compared.
fn paired<'a>(datasets: &[&'a Dataset]) -> Vec<(&'a str, Option<Vec<&'a Document>>)> {
    let index: Vec<HashMap<&str, &Document>> = datasets
        .iter()
        .map(|d| {
            d.documents
                .iter()
                .map(|doc| (doc.id.as_str(), doc))
                .collect()
        })
        .collect();
    let mut seen = HashSet::new();
    let ids: Vec<&str> = datasets
        .iter()
        .flat_map(|d| d.documents.iter().map(|doc| doc.id.as_str()))
        .filter(|id| seen.insert(*id))
        .collect();
    ids.into_iter()
        .map(|id| {
            let docs: Option<Vec<&Document>> = index.iter().map(|m| m.get(id).copied()).collect();
            (id, docs.filter(|d| d.iter().all(|x| x.text == d[0].text)))
        })
        .collect()
}
