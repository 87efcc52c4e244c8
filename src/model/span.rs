//! A labelled half-open char range of a document's text.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::CharOffset;

/// A short name (a label, a rule id) stored inline when it fits in 24
/// bytes, as nearly all do: making a span allocates nothing. Derefs to
/// `str` and compares with `&str` and `String`.
pub type Name = compact_str::CompactString;

/// Where a span or suggestion came from.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Origin {
    /// Marked by hand.
    #[default]
    Manual,
    /// Proposed by the rule with this id.
    Rule(Name),
    /// Proposed by the learned matcher (strings accepted elsewhere).
    Learned,
    /// Read from another tool's file.
    Imported,
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Manual => f.write_str("manual"),
            Self::Rule(id) => write!(f, "rule {id}"),
            Self::Learned => f.write_str("learned"),
            Self::Imported => f.write_str("imported"),
        }
    }
}

/// A labelled range `[start, end)` of char offsets into a document's text.
///
/// The same type holds accepted spans, pending suggestions and rejected
/// suggestions; which list it sits in says which it is.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Span {
    /// First char of the span.
    pub start: CharOffset,
    /// One past the last char of the span.
    pub end: CharOffset,
    /// The label's name; it exists in the dataset's label set.
    pub label: Name,
    /// Who made it.
    #[serde(default, skip_serializing_if = "is_manual")]
    pub origin: Origin,
    /// A free-form note by the annotator.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

fn is_manual(origin: &Origin) -> bool {
    *origin == Origin::Manual
}

impl Span {
    /// A manual span over chars `start..end`.
    pub fn new(start: usize, end: usize, label: impl Into<Name>) -> Self {
        Self {
            start: CharOffset(start),
            end: CharOffset(end),
            label: label.into(),
            origin: Origin::Manual,
            note: None,
        }
    }

    /// The same span with another origin.
    #[must_use]
    pub fn with_origin(mut self, origin: Origin) -> Self {
        self.origin = origin;
        self
    }

    /// The char range as a plain `Range<usize>`.
    pub fn char_range(&self) -> std::ops::Range<usize> {
        self.start.0..self.end.0
    }

    /// Length in chars (0 for an invalid, reversed span).
    pub fn char_len(&self) -> usize {
        self.end.0.saturating_sub(self.start.0)
    }

    /// True when the two spans share at least one char.
    pub fn overlaps(&self, other: &Self) -> bool {
        self.start < other.end && other.start < self.end
    }

    /// True when the two spans cover the same chars with the same label:
    /// what counts as a duplicate (origin and note do not matter).
    pub fn same_place_and_label(&self, other: &Self) -> bool {
        self.start == other.start && self.end == other.end && self.label == other.label
    }

    /// The key spans are kept sorted by: start, then end, then label.
    pub fn sort_key(&self) -> (CharOffset, CharOffset, &str) {
        (self.start, self.end, &self.label)
    }
}

impl fmt::Display for Span {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} [{}, {})", self.label, self.start, self.end)
    }
}
