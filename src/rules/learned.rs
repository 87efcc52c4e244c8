//! The learned matcher: strings already accepted somewhere in the dataset
//! are proposed wherever they occur again, with the label they were given,
//! when the estimated precision of doing so passes a threshold.
//!
//! For each accepted string it counts how often it was accepted under each
//! label, and how often it occurs in done documents without being labelled.
//! The estimate for (string, label) is
//! `accepted under label / (accepted under any label + unlabelled in done documents)`.

use std::collections::{BTreeMap, HashMap};

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

use super::file::LearnedSettings;
use crate::model::{ByteOffset, Dataset, Document, Status};
use crate::text::OffsetIndex;

/// A string the matcher proposes.
#[derive(Clone, Debug, PartialEq)]
pub struct LearnedEntry {
    /// The string.
    pub text: String,
    /// The label proposed.
    pub label: String,
    /// The estimated precision.
    pub precision: f64,
    /// How often it was accepted under the label.
    pub accepted: usize,
}

/// The learned matcher, built from a dataset.
pub struct Learned {
    automaton: Option<AhoCorasick>,
    /// Per automaton pattern.
    pub entries: Vec<LearnedEntry>,
    /// Labels that get the last-name rule.
    person_labels: Vec<String>,
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// True when bytes `range` of `text` are not inside a longer word.
pub(crate) fn whole_word(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    let first = text[start..end].chars().next();
    let last = text[start..end].chars().next_back();
    let glued_before = before.is_some_and(is_word_char) && first.is_some_and(is_word_char);
    let glued_after = after.is_some_and(is_word_char) && last.is_some_and(is_word_char);
    !glued_before && !glued_after
}

/// The char range of bytes `start..end` of `text` if it is a whole word.
pub(crate) fn word_chars(
    text: &str,
    index: &OffsetIndex<'_>,
    start: usize,
    end: usize,
) -> Option<(usize, usize)> {
    if !whole_word(text, start, end) {
        return None;
    }
    let s = index.byte_to_char(ByteOffset(start))?;
    let e = index.byte_to_char(ByteOffset(end))?;
    Some((s.0, e.0))
}

impl Learned {
    /// Learns from the accepted spans of `dataset`.
    pub fn new(dataset: &Dataset, settings: &LearnedSettings) -> Self {
        // string -> label -> times accepted
        let mut accepted: BTreeMap<String, BTreeMap<String, usize>> = BTreeMap::new();
        for doc in &dataset.documents {
            let index = OffsetIndex::new(&doc.text);
            for span in &doc.spans {
                if let Some(text) = index.slice(span.start, span.end) {
                    let text = text.trim();
                    if !text.is_empty() {
                        *accepted
                            .entry(text.to_owned())
                            .or_default()
                            .entry(span.label.to_string())
                            .or_default() += 1;
                    }
                }
            }
        }
        let strings: Vec<&String> = accepted.keys().collect();
        let unlabelled = count_unlabelled(dataset, &strings);
        let mut entries = Vec::new();
        for (text, labels) in &accepted {
            let total: usize = labels.values().sum();
            let missed = unlabelled.get(text.as_str()).copied().unwrap_or(0);
            let Some((label, &n)) = labels.iter().max_by_key(|(_, n)| **n) else {
                continue;
            };
            #[expect(clippy::cast_precision_loss, reason = "counts far below 2^52")]
            let precision = n as f64 / (total + missed) as f64;
            if n >= settings.min_count && precision >= settings.threshold {
                entries.push(LearnedEntry {
                    text: text.clone(),
                    label: label.clone(),
                    precision,
                    accepted: n,
                });
            }
        }
        let automaton = (!entries.is_empty())
            .then(|| {
                AhoCorasickBuilder::new()
                    .match_kind(MatchKind::LeftmostLongest)
                    .build(entries.iter().map(|e| e.text.as_str()))
                    .ok()
            })
            .flatten();
        Self {
            automaton,
            entries,
            person_labels: settings.person_labels.clone(),
        }
    }

    /// Candidate spans for `doc`: (start char, end char, label).
    pub fn candidates<'a>(
        &'a self,
        doc: &'a Document,
        index: &OffsetIndex<'_>,
    ) -> Vec<(usize, usize, &'a str)> {
        let mut out = Vec::new();
        if let Some(automaton) = &self.automaton {
            for m in automaton.find_iter(&doc.text) {
                let Some((s, e)) = word_chars(&doc.text, index, m.start(), m.end()) else {
                    continue;
                };
                out.push((s, e, self.entries[m.pattern().as_usize()].label.as_str()));
            }
        }
        // Last names: once "Mike Pompeo" is accepted, a later "Pompeo" alone.
        for span in &doc.spans {
            if !self.person_labels.iter().any(|l| *l == span.label) {
                continue;
            }
            let Some(text) = index.slice(span.start, span.end) else {
                continue;
            };
            let Some(last) = text
                .split_whitespace()
                .last()
                .filter(|_| text.split_whitespace().count() > 1)
            else {
                continue;
            };
            let Some(from) = index.char_to_byte(span.end) else {
                continue;
            };
            for (at, _) in doc.text[from.0..].match_indices(last) {
                let (s, e) = (from.0 + at, from.0 + at + last.len());
                if let Some((cs, ce)) = word_chars(&doc.text, index, s, e) {
                    out.push((cs, ce, span.label.as_str()));
                }
            }
        }
        out
    }
}

/// How often each string occurs, whole-word, in done documents without an
/// accepted span over exactly it.
fn count_unlabelled<'a>(dataset: &Dataset, strings: &[&'a String]) -> HashMap<&'a str, usize> {
    let mut out = HashMap::new();
    if strings.is_empty() {
        return out;
    }
    let Ok(automaton) = AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostLongest)
        .build(strings.iter().map(|s| s.as_str()))
    else {
        return out;
    };
    for doc in dataset
        .documents
        .iter()
        .filter(|d| d.status == Status::Done)
    {
        let index = OffsetIndex::new(&doc.text);
        for m in automaton.find_iter(&doc.text) {
            let Some((s, e)) = word_chars(&doc.text, &index, m.start(), m.end()) else {
                continue;
            };
            let labelled = doc.spans.iter().any(|sp| sp.start.0 == s && sp.end.0 == e);
            if !labelled {
                *out.entry(strings[m.pattern().as_usize()].as_str())
                    .or_default() += 1;
            }
        }
    }
    out
}
