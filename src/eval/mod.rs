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
