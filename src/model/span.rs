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
    /// Proposed by the statistical tagger, with its confidence that the
    /// span is right (see [`Confidence`]).
    Model(Confidence),
}

/// A probability in [0, 1], kept to four decimals so spans stay `Eq`,
/// `Ord` and `Hash`. Written in files as a plain number (`0.9312`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Confidence(u16);

impl Confidence {
    /// The scale: ten-thousandths.
    const SCALE: f64 = 10_000.0;

    /// A probability, clamped into [0, 1] (NaN counts as 0).
    #[expect(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        reason = "clamped to 0..=10000 first"
    )]
    pub fn new(probability: f64) -> Self {
        let p = if probability.is_nan() {
            0.0
        } else {
            probability.clamp(0.0, 1.0)
        };
        Self((p * Self::SCALE).round() as u16)
    }

    /// The probability, in [0, 1].
    pub fn get(self) -> f64 {
        f64::from(self.0) / Self::SCALE
    }
}

impl fmt::Display for Confidence {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:.0}%", self.get() * 100.0)
    }
}

impl Serialize for Confidence {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_f64(self.get())
    }
}

impl<'de> Deserialize<'de> for Confidence {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let p = f64::deserialize(deserializer)?;
        if (0.0..=1.0).contains(&p) {
            Ok(Self::new(p))
        } else {
            Err(serde::de::Error::custom(format!(
                "confidence {p} is not between 0 and 1"
            )))
        }
    }
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Manual => f.write_str("manual"),
            Self::Rule(id) => write!(f, "rule {id}"),
            Self::Learned => f.write_str("learned"),
            Self::Imported => f.write_str("imported"),
            Self::Model(confidence) => write!(f, "model {confidence}"),
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
