//! The dataset invariants, checked on every load and import.
//!
//! - every span has `start < end <= text length in chars`;
//! - every span's label exists in the label set;
//! - no two spans in one list are exact duplicates (same start, end, label);
//! - accepted spans do not overlap unless the label set allows it;
//! - document ids are unique, label names and hotkeys are unique.

use std::collections::HashSet;
use std::fmt;

use super::{CURRENT_VERSION, Dataset, Document, Span};

/// Which of a document's span lists a problem is in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SpanList {
    /// Accepted spans.
    Spans,
    /// Pending suggestions.
    Suggestions,
    /// Rejected suggestions.
    Rejected,
    /// An annotator's version in an open conflict.
    Conflict,
}

impl fmt::Display for SpanList {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Spans => "span",
            Self::Suggestions => "suggestion",
            Self::Rejected => "rejected suggestion",
            Self::Conflict => "conflict span",
        })
    }
}

/// What is wrong.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ProblemKind {
    /// `end` lies past the end of the text.
    #[error("ends at char {end}, past the end of the text ({len} chars)")]
    OffsetPastEnd {
        /// The span's end.
        end: usize,
        /// The text's length in chars.
        len: usize,
    },
    /// `start >= end`.
    #[error("is empty or reversed: start {start} is not before end {end}")]
    EmptyOrReversed {
        /// The span's start.
        start: usize,
        /// The span's end.
        end: usize,
    },
    /// The label is not in the label set.
    #[error("has label {0:?}, which is not in the label set")]
    UnknownLabel(String),
    /// Another span has the same start, end and label.
    #[error("is a duplicate of another with the same start, end and label")]
    DuplicateSpan,
    /// Overlaps another accepted span, and the label set does not allow it.
    #[error("overlaps {0}; this label set does not allow overlapping spans")]
    Overlap(Span),
    /// Two documents share an id.
    #[error("has the same id as document #{0}; ids must be unique")]
    DuplicateDocumentId(usize),
    /// Two labels share a name.
    #[error("label {0:?} is defined twice")]
    DuplicateLabel(String),
    /// Two labels share a hotkey.
    #[error("hotkey {key:?} is used by both {first:?} and {second:?}")]
    DuplicateHotkey {
        /// The key.
        key: char,
        /// The first label using it.
        first: String,
        /// The second label using it.
        second: String,
    },
    /// The document's token list is not sorted, overlaps, or runs past the text.
    #[error(
        "has a bad token list: token {index} ({start}, {end}) is empty, out of order or past the end ({len} chars)"
    )]
    BadToken {
        /// Which token.
        index: usize,
        /// Its start.
        start: usize,
        /// Its end.
        end: usize,
        /// The text's length in chars.
        len: usize,
    },
    /// A conflict's region is empty or past the text, or one of its spans
    /// lies outside it.
    #[error(
        "has a conflict [{start}, {end}) that is empty, past the end of the text, or does not contain its spans"
    )]
    BadConflict {
        /// The region's start.
        start: usize,
        /// The region's end.
        end: usize,
    },
    /// The file was written by a newer spanlab.
    #[error(
        "has format version {0}, newer than this spanlab reads ({CURRENT_VERSION}); update spanlab"
    )]
    VersionTooNew(u32),
}

/// One broken invariant, with where it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// The document's id, if the problem is in a document.
    pub document: Option<String>,
    /// The span list and span, if the problem is about a span.
    pub span: Option<(SpanList, Span)>,
    /// What is wrong.
    pub kind: ProblemKind,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.document, &self.span) {
            (Some(doc), Some((list, span))) => write!(f, "document {doc:?}: {list} {span} "),
            (Some(doc), None) => write!(f, "document {doc:?} "),
            (None, _) => f.write_str("dataset: "),
        }?;
        write!(f, "{}", self.kind)
    }
}

impl std::error::Error for Problem {}

impl Dataset {
    /// Every broken invariant, in document order. Empty when the dataset is valid.
    pub fn problems(&self) -> Vec<Problem> {
        let mut problems = Vec::new();
        let dataset_problem = |kind| Problem {
            document: None,
            span: None,
            kind,
        };
        if self.version > CURRENT_VERSION {
            problems.push(dataset_problem(ProblemKind::VersionTooNew(self.version)));
        }
        let mut names = HashSet::new();
        for label in &self.labels.labels {
            if !names.insert(label.name.as_str()) {
                problems.push(dataset_problem(ProblemKind::DuplicateLabel(
                    label.name.clone(),
                )));
            }
        }
        for (i, a) in self.labels.labels.iter().enumerate() {
            let Some(key) = a.hotkey else { continue };
            let key = key.to_lowercase().next().unwrap_or(key);
            let clash = self.labels.labels[i + 1..].iter().find(|b| {
                b.hotkey
                    .is_some_and(|k| k.to_lowercase().next() == Some(key))
            });
            if let Some(b) = clash {
                problems.push(dataset_problem(ProblemKind::DuplicateHotkey {
                    key,
                    first: a.name.clone(),
                    second: b.name.clone(),
                }));
            }
        }
        // Each document's own problems on every core (counting a large
        // corpus's chars is most of the work), listed in document order.
        let own: Vec<Vec<Problem>> = {
            use rayon::prelude::*;
            (self.documents.par_iter())
                .map(|doc| {
                    let mut out = Vec::new();
                    self.document_problems(doc, &mut out);
                    out
                })
                .collect()
        };
        let mut ids = std::collections::HashMap::new();
        for ((index, doc), own) in self.documents.iter().enumerate().zip(own) {
            if let Some(first) = ids.insert(doc.id.as_str(), index) {
                problems.push(Problem {
                    document: Some(doc.id.clone()),
                    span: None,
                    kind: ProblemKind::DuplicateDocumentId(first),
                });
            }
            problems.extend(own);
        }
        problems
    }

    /// The problems of one document's spans, appended to `out`.
    pub fn document_problems(&self, doc: &Document, out: &mut Vec<Problem>) {
        let len = doc.char_len();
        if let Some(tokens) = &doc.tokens {
            let mut previous_end = 0;
            for (index, &(start, end)) in tokens.iter().enumerate() {
                if start >= end || start < previous_end || end > len {
                    out.push(Problem {
                        document: Some(doc.id.clone()),
                        span: None,
                        kind: ProblemKind::BadToken {
                            index,
                            start,
                            end,
                            len,
                        },
                    });
                    break;
                }
                previous_end = end;
            }
        }
        let conflict_spans = conflict_problems(doc, len, out);
        for (list, spans) in [
            (SpanList::Spans, &doc.spans),
            (SpanList::Suggestions, &doc.suggestions),
            (SpanList::Rejected, &doc.rejected),
            (SpanList::Conflict, &conflict_spans),
        ] {
            let mut report = |span: &Span, kind| {
                out.push(Problem {
                    document: Some(doc.id.clone()),
                    span: Some((list, span.clone())),
                    kind,
                });
            };
            for span in spans {
                if span.start >= span.end {
                    report(
                        span,
                        ProblemKind::EmptyOrReversed {
                            start: span.start.0,
                            end: span.end.0,
                        },
                    );
                } else if span.end.0 > len {
                    report(
                        span,
                        ProblemKind::OffsetPastEnd {
                            end: span.end.0,
                            len,
                        },
                    );
                }
                if !self.labels.contains(&span.label) {
                    report(span, ProblemKind::UnknownLabel(span.label.to_string()));
                }
            }
            if list == SpanList::Conflict {
                // Versions may repeat each other's spans: only bounds and labels.
                continue;
            }
            let mut sorted: Vec<&Span> = spans.iter().collect();
            sorted.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
            for pair in sorted.windows(2) {
                if pair[0].same_place_and_label(pair[1]) {
                    report(pair[1], ProblemKind::DuplicateSpan);
                }
            }
            if list == SpanList::Spans && !self.labels.allow_overlap {
                let mut reach: Option<&Span> = None;
                for span in sorted.into_iter().filter(|s| s.start < s.end) {
                    match reach {
                        Some(prev) if span.start < prev.end && !prev.same_place_and_label(span) => {
                            report(span, ProblemKind::Overlap(prev.clone()));
                        }
                        _ => {}
                    }
                    if reach.is_none_or(|prev| span.end > prev.end) {
                        reach = Some(span);
                    }
                }
            }
        }
    }
}

/// Checks each open conflict's region; returns every version's spans (for
/// the bounds and label checks every span gets).
fn conflict_problems(doc: &Document, len: usize, out: &mut Vec<Problem>) -> Vec<Span> {
    let mut conflict_spans = Vec::new();
    for c in &doc.conflicts {
        let inside = c
            .versions
            .iter()
            .flat_map(|v| &v.spans)
            .all(|s| c.start <= s.start && s.end <= c.end);
        if c.start >= c.end || c.end.0 > len || !inside {
            out.push(Problem {
                document: Some(doc.id.clone()),
                span: None,
                kind: ProblemKind::BadConflict {
                    start: c.start.0,
                    end: c.end.0,
                },
            });
        }
        for v in &c.versions {
            conflict_spans.extend(v.spans.iter().cloned());
        }
    }
    conflict_spans
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Document, LabelSet};

    fn dataset_with(spans: Vec<Span>) -> Dataset {
        let mut doc = Document::new("d1", "Zoë met Mike Pompeo in Zürich.");
        doc.spans = spans;
        let mut dataset = Dataset::new(LabelSet::default());
        dataset.documents.push(doc);
        dataset
    }

    fn kinds(dataset: &Dataset) -> Vec<ProblemKind> {
        dataset.problems().into_iter().map(|p| p.kind).collect()
    }

    #[test]
    fn a_valid_dataset_has_no_problems() {
        let dataset = dataset_with(vec![Span::new(0, 3, "PERSON"), Span::new(23, 29, "LOC")]);
        assert_eq!(kinds(&dataset), []);
    }

    #[test]
    fn offset_past_end_counts_chars_not_bytes() {
        // 30 chars, 32 bytes: an end of 31 is past the end even though it is a
        // valid byte offset.
        let dataset = dataset_with(vec![Span::new(23, 31, "LOC")]);
        assert_eq!(
            kinds(&dataset),
            [ProblemKind::OffsetPastEnd { end: 31, len: 30 }]
        );
        let problem = dataset.problems().remove(0).to_string();
        assert_eq!(
            problem,
            "document \"d1\": span LOC [23, 31) ends at char 31, past the end of the text (30 chars)"
        );
    }

    #[test]
    fn empty_and_reversed_spans_are_refused() {
        let dataset = dataset_with(vec![Span::new(5, 5, "PERSON"), Span::new(9, 4, "PERSON")]);
        assert_eq!(
            kinds(&dataset),
            [
                ProblemKind::EmptyOrReversed { start: 5, end: 5 },
                ProblemKind::EmptyOrReversed { start: 9, end: 4 }
            ]
        );
    }

    #[test]
    fn unknown_labels_are_named() {
        let dataset = dataset_with(vec![Span::new(0, 3, "PER")]);
        assert_eq!(kinds(&dataset), [ProblemKind::UnknownLabel("PER".into())]);
    }

    #[test]
    fn duplicates_are_refused_whatever_their_origin() {
        let dataset = dataset_with(vec![
            Span::new(8, 19, "PERSON"),
            Span::new(8, 19, "PERSON").with_origin(crate::model::Origin::Imported),
        ]);
        assert_eq!(kinds(&dataset), [ProblemKind::DuplicateSpan]);
    }

    #[test]
    fn overlaps_are_refused_unless_the_label_set_allows_them() {
        let mut dataset = dataset_with(vec![Span::new(8, 19, "PERSON"), Span::new(13, 19, "ORG")]);
        assert_eq!(
            kinds(&dataset),
            [ProblemKind::Overlap(Span::new(8, 19, "PERSON"))]
        );
        dataset.labels.allow_overlap = true;
        assert_eq!(kinds(&dataset), []);
    }

    #[test]
    fn touching_spans_do_not_overlap() {
        let dataset = dataset_with(vec![
            Span::new(8, 12, "PERSON"),
            Span::new(12, 19, "PERSON"),
        ]);
        assert_eq!(kinds(&dataset), []);
    }

    #[test]
    fn suggestions_are_checked_too_but_may_overlap() {
        let mut dataset = dataset_with(vec![]);
        dataset.documents[0].suggestions =
            vec![Span::new(8, 19, "PERSON"), Span::new(13, 40, "ORG")];
        let problems = dataset.problems();
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].span.as_ref().unwrap().0, SpanList::Suggestions);
    }

    #[test]
    fn duplicate_document_ids_and_labels_are_refused() {
        let mut dataset = dataset_with(vec![]);
        dataset.documents.push(Document::new("d1", "again"));
        let dup = dataset.labels.labels[0].clone();
        dataset.labels.labels.push(dup);
        let kinds = kinds(&dataset);
        assert!(
            kinds.contains(&ProblemKind::DuplicateDocumentId(0)),
            "{kinds:?}"
        );
        assert!(
            kinds.contains(&ProblemKind::DuplicateLabel("PERSON".into())),
            "{kinds:?}"
        );
        assert!(
            kinds
                .iter()
                .any(|k| matches!(k, ProblemKind::DuplicateHotkey { key: 'p', .. })),
            "{kinds:?}"
        );
    }

    #[test]
    fn newer_versions_are_refused() {
        let mut dataset = dataset_with(vec![]);
        dataset.version = CURRENT_VERSION + 1;
        assert_eq!(
            kinds(&dataset),
            [ProblemKind::VersionTooNew(CURRENT_VERSION + 1)]
        );
    }
}
