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
//! Hashes are computed with FNV-1a, fixed here, so a saved model means the
//! same on every machine and every run.

use std::hash::{BuildHasherDefault, Hasher};

pub use super::gazetteer::{Gazetteer, Mark};

/// A hash map keyed by values that are hashes already.
pub type HashedMap<V> = hashbrown::HashMap<u64, V, BuildHasherDefault<IdHasher>>;
/// A hash set of values that are hashes already.
pub type HashedSet = hashbrown::HashSet<u64, BuildHasherDefault<IdHasher>>;

/// A hasher that passes a `u64` key through (keys are FNV hashes).
#[derive(Default, Clone, Copy)]
pub struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8 | u64::from(b)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        }
    }
    fn write_u64(&mut self, key: u64) {
        self.0 = key;
    }
}

pub(super) const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

fn fnv(mut h: u64, bytes: &[u8]) -> u64 {
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(FNV_PRIME);
    }
    h
}

/// Spreads an FNV hash's bits (the map takes the low bits as bucket).
fn finish(mut h: u64) -> u64 {
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h
}

/// The hash of a feature: a template number and its parts.
pub(super) fn feature(template: u8, parts: &[&[u8]]) -> u64 {
    let mut h = fnv(FNV_OFFSET, &[template]);
    for part in parts {
        h = fnv(h, part);
        h = fnv(h, &[0x1f]);
    }
    finish(h)
}

/// The hash of a word, as the gazetteer and document context key it.
pub fn word_hash(word: &str) -> u64 {
    finish(fnv(FNV_OFFSET, word.as_bytes()))
}

/// The hash of a run of words, built one word at a time.
pub(super) fn extend_phrase(h: u64, word: &str) -> u64 {
    fnv(fnv(h, word.as_bytes()), &[0x1e])
}

/// The word's shape: capitals `X`, small letters `x`, digits `d`, other
/// chars as themselves, runs of one class kept once, at most 8 chars.
pub fn shape(word: &str) -> String {
    let mut out = String::new();
    let mut last = None;
    for c in word.chars() {
        let class = if c.is_uppercase() {
            'X'
        } else if c.is_alphabetic() {
            'x'
        } else if c.is_numeric() {
            'd'
        } else {
            c
        };
        if last != Some(class) {
            out.push(class);
            last = Some(class);
            if out.chars().count() >= 8 {
                break;
            }
        }
    }
    out
}

fn is_title(word: &str) -> bool {
    let mut chars = word.chars();
    chars.next().is_some_and(char::is_uppercase) && chars.any(char::is_lowercase)
}

fn is_upper(word: &str) -> bool {
    word.chars().any(char::is_alphabetic) && !word.chars().any(char::is_lowercase)
}

/// What the whole document says about its words' capitalisation.
#[derive(Default)]
pub struct DocContext {
    /// Words written in lowercase somewhere.
    lower: HashedSet,
    /// Words written capitalised somewhere other than a sentence start.
    title_inside: HashedSet,
}

impl DocContext {
    /// What the document says about a capitalised word (`first`: it
    /// starts its sentence, where capitals say little).
    fn features(&self, f: &mut Vec<u64>, word: &str, low: &str, first: bool) {
        let title = is_title(word);
        if title || is_upper(word) {
            if self.lower.contains(&word_hash(low)) {
                f.push(feature(template::DOC, &[b"lower-elsewhere"]));
            }
            if first && title && self.title_inside.contains(&word_hash(word)) {
                f.push(feature(template::DOC, &[b"capital-mid-sentence-elsewhere"]));
            }
        }
    }

    /// Reads every sentence of a document (`sentences` as word slices).
    pub fn new<'a>(sentences: impl IntoIterator<Item = &'a [&'a str]>) -> Self {
        let mut out = Self::default();
        for words in sentences {
            for (i, w) in words.iter().enumerate() {
                if w.chars().any(char::is_lowercase) && !w.chars().any(char::is_uppercase) {
                    out.lower.insert(word_hash(w));
                } else if i > 0 && is_title(w) {
                    out.title_inside.insert(word_hash(w));
                }
            }
        }
        out
    }
}

pub(super) mod template {
    pub const BIAS: u8 = 0;
    pub const WORD: u8 = 1;
    pub const LOWER: u8 = 2;
    pub const SHAPE: u8 = 3;
    pub const PREFIX: u8 = 4;
    pub const SUFFIX: u8 = 5;
    pub const FLAG: u8 = 6;
    pub const POSITION: u8 = 7;
    pub const WINDOW: u8 = 8;
    pub const WINDOW_SHAPE: u8 = 9;
    pub const BIGRAM: u8 = 10;
    pub const SHAPES3: u8 = 11;
    pub const DOC: u8 = 12;
    pub const GAZ_PHRASE: u8 = 13;
    pub const GAZ_WORD: u8 = 14;
    pub const GAZ_NEAR: u8 = 15;
    pub const WINDOW_WORD: u8 = 16;
    pub const SUFFIX_NEAR: u8 = 17;
    pub const SHAPE_LOWER_NEAR: u8 = 18;
    pub const RULE: u8 = 19;
    pub const RULE_LABEL: u8 = 20;
    pub const RULE_NEAR: u8 = 21;
    pub const DOC_LABEL: u8 = 22;
}

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

    #[test]
    fn document_context_sees_other_sentences() {
        let a: &[&str] = &["Rain", "fell", "on", "Tuesday"];
        let b: &[&str] = &["The", "rain", "in", "Spain"];
        let c: &[&str] = &["Spain", "won"];
        let ctx = DocContext::new([a, b, c]);
        let gz = Gazetteer::default();
        let has = |words: &[&str], i: usize, what: &[u8]| {
            sentence_features(words, &ctx, &gz, &[])
                .token(i)
                .contains(&feature(template::DOC, &[what]))
        };
        assert!(has(a, 0, b"lower-elsewhere"), "rain is lowercase in b");
        assert!(!has(c, 0, b"lower-elsewhere"));
        assert!(
            has(c, 0, b"capital-mid-sentence-elsewhere"),
            "Spain mid-sentence in b"
        );
        assert!(!has(a, 0, b"capital-mid-sentence-elsewhere"));
    }
}
