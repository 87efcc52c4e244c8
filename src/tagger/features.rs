//! Token features: what the tagger knows about each token, as 64-bit
//! hashes of strings such as `w-1=secretary` or `shape=Xx`.
//!
//! Per token: the word, its lowercase form, its shape (`Xx`, `X.X.`,
//! `dd-dd`), prefixes and suffixes of 1–4 chars, the lowercase words and
//! shapes of a ±2 window, word bigrams, flags (title case, all capitals,
//! digits, hyphen, punctuation), the position in the sentence, whether a
//! capitalised word appears in lowercase (or, at a sentence start,
//! capitalised mid-sentence) elsewhere in the document, membership in
//! the [`Gazetteer`] of strings the analyst accepted, and the matches of
//! the analyst's rules ([`super::rule_features`]).
//!
//! How features are hashed is `super::keys`.

pub use super::doc_context::DocContext;
pub use super::gazetteer::{Gazetteer, Mark};
pub use super::keys::{HashedMap, HashedSet, IdHasher, shape, word_hash};
pub(super) use super::keys::{feature, is_title, is_upper, template};

/// Feature hashes of one sentence, token by token.
#[derive(Default)]
pub struct SentenceFeatures {
    /// Every token's features, one after another.
    pub hashes: Vec<u64>,
    /// Token `i`'s features are `hashes[ends[i - 1]..ends[i]]` (from 0 for the first).
    pub ends: Vec<usize>,
}

impl SentenceFeatures {
    /// Token `i`'s feature hashes.
    pub fn token(&self, i: usize) -> &[u64] {
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        &self.hashes[start..self.ends[i]]
    }

    /// Number of tokens.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// True for an empty sentence.
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }
}

/// Features of the word itself: its forms, shape, affixes and flags.
/// Returns whether it is in title case.
fn word_features(f: &mut Vec<u64>, word: &str, low: &str, shape: &str) -> bool {
    use template as t;
    f.push(feature(t::WORD, &[word.as_bytes()]));
    f.push(feature(t::LOWER, &[low.as_bytes()]));
    f.push(feature(t::SHAPE, &[shape.as_bytes()]));
    let chars: Vec<usize> = word.char_indices().map(|c| c.0).collect();
    for k in 1..=4.min(chars.len()) {
        let end = chars.get(k).copied().unwrap_or(word.len());
        f.push(feature(t::PREFIX, &[&word.as_bytes()[..end]]));
    }
    let lchars: Vec<usize> = low.char_indices().map(|c| c.0).collect();
    for k in 1..=4.min(lchars.len()) {
        let start = lchars[lchars.len() - k];
        f.push(feature(t::SUFFIX, &[&low.as_bytes()[start..]]));
    }
    let title = is_title(word);
    let flags: [(bool, &[u8]); 7] = [
        (title, b"title"),
        (is_upper(word), b"upper"),
        (word.chars().any(|c| c.is_ascii_digit()), b"digit"),
        (word.chars().all(|c| c.is_ascii_digit()), b"number"),
        (word.contains('-'), b"hyphen"),
        (!word.chars().any(char::is_alphanumeric), b"punct"),
        (word.contains('.') && word.len() > 1, b"period"),
    ];
    for (on, name) in flags {
        if on {
            f.push(feature(t::FLAG, &[name]));
        }
    }
    title
}

/// What the gazetteer says about token `i` and its neighbours.
fn gazetteer_features(f: &mut Vec<u64>, marks: &[Mark], i: usize) {
    use template as t;
    let mark = marks[i];
    if let Some((label, begin)) = mark.phrase {
        let pos: &[u8] = if begin { b"B" } else { b"I" };
        f.push(feature(t::GAZ_PHRASE, &[pos, &label.to_le_bytes()]));
    }
    let mut bits = mark.word_labels;
    while bits != 0 {
        let label = bits.trailing_zeros();
        bits &= bits - 1;
        f.push(feature(t::GAZ_WORD, &[&label.to_le_bytes()]));
    }
    for (d, near) in [(-1isize, i.checked_sub(1)), (1, i.checked_add(1))] {
        if let Some((label, _)) = near.and_then(|j| marks.get(j)).and_then(|m| m.phrase) {
            f.push(feature(
                t::GAZ_NEAR,
                &[&d.to_le_bytes(), &label.to_le_bytes()],
            ));
        }
    }
}

/// Whether a sentence is a headline (every word capitalised) and whether
/// it is a row of a results table (three numbers or more).
fn sentence_kind(words: &[&str]) -> (bool, bool) {
    let headline = words.len() > 1
        && words
            .iter()
            .all(|w| !w.chars().any(char::is_lowercase) || is_title(w));
    let numbers = words
        .iter()
        .filter(|w| {
            w.chars().any(|c| c.is_ascii_digit())
                && w.chars()
                    .all(|c| c.is_ascii_digit() || c == '.' || c == '-')
        })
        .count();
    (headline, numbers >= 3)
}

/// The features of every token of one sentence; `rules` holds each
/// token's further features (rule matches, see [`super::rule_features`];
/// labels elsewhere in the document), or is empty for none.
pub fn sentence_features(
    words: &[&str],
    doc: &DocContext,
    gazetteer: &Gazetteer,
    rules: &[Vec<u64>],
) -> SentenceFeatures {
    use template as t;
    let n = words.len();
    let lower: Vec<String> = words.iter().map(|w| w.to_lowercase()).collect();
    let shapes: Vec<String> = words.iter().map(|w| shape(w)).collect();
    let marks = gazetteer.marks(words);
    let (headline, table) = sentence_kind(words);
    let lower_at = |i: isize| -> &[u8] {
        usize::try_from(i)
            .ok()
            .and_then(|i| lower.get(i))
            .map_or(if i < 0 { b"<s>" } else { b"</s>" }, |s| s.as_bytes())
    };
    let shape_at = |i: isize| -> &[u8] {
        usize::try_from(i)
            .ok()
            .and_then(|i| shapes.get(i))
            .map_or(if i < 0 { b"<s>" } else { b"</s>" }, |s| s.as_bytes())
    };
    let mut out = SentenceFeatures {
        hashes: Vec::with_capacity(n * 48),
        ends: Vec::with_capacity(n),
    };
    for (i, &word) in words.iter().enumerate() {
        let f = &mut out.hashes;
        #[expect(clippy::cast_possible_wrap, reason = "sentences are short")]
        let at = i as isize;
        let low = lower[i].as_str();
        f.push(feature(t::BIAS, &[]));
        let title = word_features(f, word, low, &shapes[i]);
        if title && headline {
            f.push(feature(t::FLAG, &[b"all-title-sentence"]));
        }
        if i == 0 {
            f.push(feature(t::POSITION, &[b"first", shapes[i].as_bytes()]));
        }
        if i + 1 == n {
            f.push(feature(t::POSITION, &[b"last"]));
        }
        for d in [-2isize, -1, 1, 2] {
            let dd = d.to_le_bytes();
            f.push(feature(t::WINDOW, &[&dd, lower_at(at + d)]));
            f.push(feature(t::WINDOW_SHAPE, &[&dd, shape_at(at + d)]));
        }
        for d in [-1isize, 1] {
            if let Some(w) = usize::try_from(at + d).ok().and_then(|j| words.get(j)) {
                f.push(feature(t::WINDOW_WORD, &[&d.to_le_bytes(), w.as_bytes()]));
                let l = &lower[usize::try_from(at + d).unwrap_or(0)];
                let start = l.char_indices().rev().nth(2).map_or(0, |c| c.0);
                f.push(feature(
                    t::SUFFIX_NEAR,
                    &[&d.to_le_bytes(), &l.as_bytes()[start..]],
                ));
            }
        }
        f.push(feature(
            t::BIGRAM,
            &[b"-1", lower_at(at - 1), low.as_bytes()],
        ));
        f.push(feature(
            t::BIGRAM,
            &[b"+1", low.as_bytes(), lower_at(at + 1)],
        ));
        f.push(feature(
            t::BIGRAM,
            &[b"-2-1", lower_at(at - 2), lower_at(at - 1)],
        ));
        f.push(feature(
            t::BIGRAM,
            &[b"+1+2", lower_at(at + 1), lower_at(at + 2)],
        ));
        f.push(feature(
            t::BIGRAM,
            &[b"-1+1", lower_at(at - 1), lower_at(at + 1)],
        ));
        if table {
            f.push(feature(t::FLAG, &[b"table", shapes[i].as_bytes()]));
        }
        f.push(feature(
            t::SHAPES3,
            &[shape_at(at - 1), shapes[i].as_bytes(), shape_at(at + 1)],
        ));
        f.push(feature(
            t::SHAPE_LOWER_NEAR,
            &[b"-1", lower_at(at - 1), shapes[i].as_bytes()],
        ));
        f.push(feature(
            t::SHAPE_LOWER_NEAR,
            &[b"+1", shapes[i].as_bytes(), lower_at(at + 1)],
        ));
        doc.features(f, word, low, i == 0);
        gazetteer_features(f, &marks, i);
        if let Some(r) = rules.get(i) {
            f.extend_from_slice(r);
        }
        out.ends.push(out.hashes.len());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tagger::TagSpan;

    #[test]
    fn shapes_keep_one_char_per_run() {
        assert_eq!(shape("Pompeo"), "Xx");
        assert_eq!(shape("U.S."), "X.X.");
        assert_eq!(shape("2018-06-12"), "d-d-d");
        assert_eq!(shape("Saldaña"), "Xx");
        assert_eq!(shape("王小明"), "x");
        assert_eq!(shape("“"), "“");
    }

    #[test]
    fn the_gazetteer_matches_the_longest_phrase() {
        let s1: &[&str] = &["Mike", "Pompeo", "met", "Kim"];
        let spans1 = [
            TagSpan {
                first: 0,
                end: 2,
                label: 0,
            },
            TagSpan {
                first: 3,
                end: 4,
                label: 0,
            },
        ];
        let s2: &[&str] = &["Pompeo", "visited", "Kim", "Il", "Sung", "Square"];
        let spans2 = [TagSpan {
            first: 2,
            end: 6,
            label: 1,
        }];
        let gz = Gazetteer::build([(s1, &spans1[..]), (s2, &spans2[..])]);
        assert_eq!(gz.len(), 3);
        let marks = gz.marks(&["at", "Kim", "Il", "Sung", "Square", "Kim"]);
        let phrases: Vec<_> = marks.iter().map(|m| m.phrase).collect();
        assert_eq!(
            phrases,
            [
                None,
                Some((1, true)),
                Some((1, false)),
                Some((1, false)),
                Some((1, false)),
                Some((0, true))
            ]
        );
        assert_eq!(
            marks[1].word_labels, 0b11,
            "Kim is inside a PERSON and a LOC"
        );
        assert_eq!(marks[0].word_labels, 0);
    }
}
