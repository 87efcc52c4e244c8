//! A disagreement between annotators, kept in the dataset until someone
//! adjudicates it (`spanlab merge` makes them).

use serde::{Deserialize, Serialize};

use super::{CharOffset, Span};

/// A place in a document where annotators disagree: each one's spans
/// there. Resolving it takes one version's spans as accepted spans, or
/// none.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Conflict {
    /// First char of the region (covering every version's spans).
    pub start: CharOffset,
    /// End of the region (exclusive).
    pub end: CharOffset,
    /// Each annotator's version, in the order the files were merged.
    pub versions: Vec<Version>,
}

/// One annotator's spans in a conflict's region (possibly none).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Version {
    /// Who: the name of the file the spans came from.
    pub annotator: String,
    /// Their spans inside the region.
    #[serde(default)]
    pub spans: Vec<Span>,
}
