//! The gazetteer feature: strings the analyst accepted, looked up in each
//! sentence (whole phrases and the words inside them).

use super::bio::TagSpan;
use super::keys::{FNV_OFFSET, HashedMap, extend_phrase, word_hash};

/// Strings the analyst accepted, with their most frequent label: whole
/// spans (up to [`Gazetteer::MAX_WORDS`] words) and the words inside them.
#[derive(Clone, Debug, Default)]
pub struct Gazetteer {
    /// Phrase hash → label number.
    pub(crate) phrases: HashedMap<u16>,
    /// Word hash → bit mask of the labels it appears inside (first 64 labels).
    pub(crate) words: HashedMap<u64>,
}

/// What the gazetteer says about one token.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Mark {
    /// The label and whether the token starts the matched phrase.
    pub phrase: Option<(u16, bool)>,
    /// Labels of accepted spans this word appeared inside.
    pub word_labels: u64,
}

impl Gazetteer {
    /// The longest phrase looked up.
    pub const MAX_WORDS: usize = 6;

    /// Builds a gazetteer from sentences and the spans in them.
    pub fn build<'a>(sentences: impl IntoIterator<Item = (&'a [&'a str], &'a [TagSpan])>) -> Self {
        let mut counts: HashedMap<Vec<u32>> = HashedMap::default();
        let mut out = Self::default();
        for (words, spans) in sentences {
            for s in spans {
                if s.end - s.first > Self::MAX_WORDS || s.end > words.len() {
                    continue;
                }
                let h = words[s.first..s.end]
                    .iter()
                    .fold(FNV_OFFSET, |h, w| extend_phrase(h, w));
                let c = counts.entry(h).or_default();
                if c.len() <= s.label {
                    c.resize(s.label + 1, 0);
                }
                c[s.label] += 1;
                if s.label < 64 {
                    for w in &words[s.first..s.end] {
                        *out.words.entry(word_hash(w)).or_default() |= 1 << s.label;
                    }
                }
            }
        }
        for (h, c) in counts {
            // The most frequent label; the first on a tie.
            let best = c
                .iter()
                .enumerate()
                .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(&a.0)))
                .map(|(label, _)| label);
            if let Some(Ok(label)) = best.map(u16::try_from) {
                out.phrases.insert(h, label);
            }
        }
        out
    }

    /// Number of phrases held.
    pub fn len(&self) -> usize {
        self.phrases.len()
    }

    /// True when it holds no phrase.
    pub fn is_empty(&self) -> bool {
        self.phrases.is_empty()
    }

    /// Marks a sentence's words: phrases matched left to right, longest
    /// first, without overlaps.
    pub fn marks(&self, words: &[&str]) -> Vec<Mark> {
        let mut out: Vec<Mark> = words
            .iter()
            .map(|w| Mark {
                phrase: None,
                word_labels: self.words.get(&word_hash(w)).copied().unwrap_or(0),
            })
            .collect();
        if self.phrases.is_empty() {
            return out;
        }
        let mut i = 0;
        let mut hashes = [0u64; Self::MAX_WORDS];
        while i < words.len() {
            let n = Self::MAX_WORDS.min(words.len() - i);
            let mut h = FNV_OFFSET;
            for (k, w) in words[i..i + n].iter().enumerate() {
                h = extend_phrase(h, w);
                hashes[k] = h;
            }
            let found = (1..=n)
                .rev()
                .find_map(|len| Some((len, *self.phrases.get(&hashes[len - 1])?)));
            match found {
                Some((len, label)) => {
                    for (k, mark) in out[i..i + len].iter_mut().enumerate() {
                        mark.phrase = Some((label, k == 0));
                    }
                    i += len;
                }
                None => i += 1,
            }
        }
        out
    }
}
