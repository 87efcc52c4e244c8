//! Phrase matching: every phrase rule of a rules file, compiled per mode
//! (case-sensitive or not, whole words or anywhere).
//!
//! Whole-word phrases (the default, and nearly all of them) are found
//! through the word they start with, not by an automaton: a whole-word
//! phrase can only match where the text's word (its run of letters and
//! digits, or one other character) equals the phrase's first word, so the
//! text is scanned once, word by word, each word looked up in a hash table
//! of first words, and only the few phrases under a hit compared byte for
//! byte, longest first; the first that also ends at a word boundary wins
//! and the next match starts after it (matches do not overlap). The cost
//! per word does not grow with the number of phrases. Measured on 8,220
//! CoNLL-2003 entity strings over its text: ~4 ms per MB, against ~18 ms
//! walking the Aho-Corasick automaton from word starts and ~25 ms for the
//! crate's own leftmost-longest search. It finds "New York" in
//! "New York-based", where a leftmost-longest scan stops at the longer
//! "New York-b…" prefix of nothing.
//!
//! Phrases matched anywhere (`whole_words: false`) keep one Aho-Corasick
//! automaton per case mode, leftmost-longest.

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use hashbrown::HashTable;

use super::error::RuleError;
use super::phrase_bytes::{
    SEEN_BITS, first_word_len, glued, run_end, same, seen_bit, word_bits, word_key,
};

/// Phrases before compiling: the patterns and, per pattern, the rules that
/// own it.
#[derive(Default)]
pub(crate) struct PhraseTable {
    patterns: Vec<String>,
    owners: Vec<Vec<usize>>,
    ids: std::collections::HashMap<String, usize>,
}

impl PhraseTable {
    /// Adds `phrase` for `rule` (once per rule and phrase).
    pub(crate) fn add(&mut self, phrase: String, rule: usize) {
        let id = *self.ids.entry(phrase.clone()).or_insert_with(|| {
            self.patterns.push(phrase);
            self.owners.push(Vec::new());
            self.patterns.len() - 1
        });
        if !self.owners[id].contains(&rule) {
            self.owners[id].push(rule);
        }
    }
}

/// A full DFA is fastest while it fits in the CPU caches (a few hundred
/// phrases); beyond that the compact NFA is faster.
const DFA_LIMIT: usize = 500;

/// The phrases that share a first word (small, so that the table of a
/// large gazetteer stays in the CPU caches).
struct Head {
    /// The word's first eight bytes (case-folded when the table is),
    /// little-endian, zero-padded.
    first8: u64,
    /// Length of the word in bytes.
    len: u32,
    /// Where the phrases are in `WordPhrases::order`, longest first.
    first: u32,
    count: u32,
}

/// A phrase's place in `WordPhrases::bytes` and one rule that owns it (a
/// phrase of several rules has one entry per rule).
#[derive(Clone, Copy)]
struct Entry {
    start: u32,
    len: u32,
    rule: u32,
}

/// Whole-word phrases, indexed by their first word.
struct WordPhrases {
    /// ASCII letters compare without case.
    folded: bool,
    /// Some phrase starts with a character that is not a letter or digit.
    starts_with_other: bool,
    /// Bytes a phrase can start with (both cases when folded).
    first: [bool; 256],
    /// Pairs of bytes a phrase can start with, as a 65,536-bit set: most
    /// words are turned away here without hashing them.
    pairs: Vec<u64>,
    /// One bit per first-word hash (a 16 KB Bloom filter): most words that
    /// start no phrase are turned away here, without a probe of the table
    /// (which, for a large gazetteer, misses the CPU caches).
    seen: Vec<u64>,
    heads: HashTable<Head>,
    /// Phrases grouped by first word, each group longest first.
    order: Vec<Entry>,
    /// Every phrase's bytes, one after the other.
    bytes: Vec<u8>,
}

/// Phrases matched anywhere (rules with `whole_words: false`).
struct AnywherePhrases {
    automaton: AhoCorasick,
    owners: Vec<Vec<usize>>,
}

/// Every phrase rule, compiled.
#[derive(Default)]
pub(crate) struct PhraseMatcher {
    words: Vec<WordPhrases>,
    anywhere: Vec<AnywherePhrases>,
}

impl PhraseMatcher {
    /// Compiles the four tables: (case-sensitive, whole words) each way.
    pub(crate) fn new(
        words_exact: PhraseTable,
        words_folded: PhraseTable,
        anywhere_exact: PhraseTable,
        anywhere_folded: PhraseTable,
    ) -> Result<Self, RuleError> {
        let err = |e: aho_corasick::BuildError| RuleError::Rule {
            rule: "(phrases)".into(),
            message: e.to_string(),
        };
        let mut out = Self::default();
        for (table, folded) in [(words_exact, false), (words_folded, true)] {
            if !table.patterns.is_empty() {
                out.words.push(WordPhrases::new(table, folded));
            }
        }
        for (table, insensitive) in [(anywhere_exact, false), (anywhere_folded, true)] {
            if table.patterns.is_empty() {
                continue;
            }
            let kind = if table.patterns.len() <= DFA_LIMIT {
                AhoCorasickKind::DFA
            } else {
                AhoCorasickKind::ContiguousNFA
            };
            let automaton = AhoCorasick::builder()
                .match_kind(MatchKind::LeftmostLongest)
                .ascii_case_insensitive(insensitive)
                .kind(Some(kind))
                .build(&table.patterns)
                .map_err(err)?;
            out.anywhere.push(AnywherePhrases {
                automaton,
                owners: table.owners,
            });
        }
        Ok(out)
    }

    /// Whether there are no phrases at all.
    #[cfg(test)]
    pub(crate) fn is_empty(&self) -> bool {
        self.words.is_empty() && self.anywhere.is_empty()
    }

    /// Calls `found(start, end, rule)` (byte offsets) for every phrase match
    /// in `text`: for whole-word phrases the longest whole-word phrase at
    /// each word start, for the others leftmost-longest matches.
    pub(crate) fn find(&self, text: &str, found: &mut dyn FnMut(usize, usize, usize)) {
        if !self.words.is_empty() {
            self.find_words(text, found);
        }
        for anywhere in &self.anywhere {
            for m in anywhere.automaton.find_iter(text) {
                for &rule in &anywhere.owners[m.pattern().as_usize()] {
                    found(m.start(), m.end(), rule);
                }
            }
        }
    }

    /// One pass over the words of `text` for both whole-word tables: the
    /// words are found 64 bytes at a time in a bitmap of word bytes, so the
    /// scan does not branch per byte.
    fn find_words(&self, text: &str, found: &mut dyn FnMut(usize, usize, usize)) {
        let bytes = text.as_bytes();
        let bits = word_bits(text);
        // Phrases that start with a character other than a letter or digit
        // can start at any such character, not only at words.
        let others = self.words.iter().any(|t| t.starts_with_other);
        // Per table: matches do not overlap, the next starts after the last.
        let mut resume = [0_usize; 2];
        let mut carry = 0;
        for (k, &w) in bits.iter().enumerate() {
            let mut starts = w & !(w << 1 | carry);
            carry = w >> 63;
            if others {
                let valid = match bytes.len() - k * 64 {
                    n if n >= 64 => u64::MAX,
                    n => (1 << n) - 1,
                };
                starts |= !w & valid;
            }
            while starts != 0 {
                let at = k * 64 + starts.trailing_zeros() as usize;
                starts &= starts - 1;
                let b = bytes[at];
                let next = bytes.get(at + 1).copied();
                let mut end = None;
                for (table, resume) in self.words.iter().zip(&mut resume) {
                    if at < *resume || !table.may_start(b, next) {
                        continue;
                    }
                    let word = *end.get_or_insert_with(|| {
                        if w >> (at % 64) & 1 == 1 {
                            run_end(&bits, at)
                        } else {
                            text[at..]
                                .chars()
                                .next()
                                .map_or(at + 1, |c| at + c.len_utf8())
                        }
                    });
                    if let Some(e) = table.longest_at(text, at, word, found) {
                        *resume = e;
                    }
                }
            }
        }
    }
}

impl WordPhrases {
    fn new(table: PhraseTable, folded: bool) -> Self {
        let PhraseTable {
            patterns, owners, ..
        } = table;
        let mut first = [false; 256];
        let mut pairs = vec![0_u64; 1024];
        let cases = |b: u8| -> Vec<u8> {
            if folded {
                vec![b.to_ascii_lowercase(), b.to_ascii_uppercase()]
            } else {
                vec![b]
            }
        };
        // Phrases grouped by first word (case-folded when folded).
        let mut groups: std::collections::BTreeMap<Vec<u8>, Vec<u32>> =
            std::collections::BTreeMap::new();
        for (id, p) in patterns.iter().enumerate() {
            let bytes = p.as_bytes();
            let Some(&b0) = bytes.first() else { continue };
            let seconds: Vec<u8> = match bytes.get(1) {
                Some(&b1) => cases(b1),
                None => (0..=255).collect(),
            };
            for a in cases(b0) {
                first[usize::from(a)] = true;
                for &b in &seconds {
                    let bit = usize::from(a) << 8 | usize::from(b);
                    pairs[bit >> 6] |= 1 << (bit & 63);
                }
            }
            let head = &bytes[..first_word_len(p)];
            let key = if folded {
                head.to_ascii_lowercase()
            } else {
                head.to_vec()
            };
            groups
                .entry(key)
                .or_default()
                .push(u32::try_from(id).unwrap_or(u32::MAX));
        }
        let mut heads = HashTable::with_capacity(groups.len());
        let mut seen = vec![0_u64; SEEN_BITS / 64];
        let mut order = Vec::with_capacity(patterns.len());
        let mut all = Vec::new();
        let to_u32 = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        for (key, mut ids) in groups {
            ids.sort_by_key(|&id| std::cmp::Reverse(patterns[id as usize].len()));
            let first = order.len();
            for id in ids {
                let p = patterns[id as usize].as_bytes();
                let start = to_u32(all.len());
                all.extend_from_slice(p);
                for &rule in &owners[id as usize] {
                    order.push(Entry {
                        start,
                        len: to_u32(p.len()),
                        rule: to_u32(rule),
                    });
                }
            }
            let (first8, hash) = word_key(&key, folded);
            let bit = seen_bit(hash);
            seen[bit / 64] |= 1 << (bit % 64);
            let head = Head {
                first8,
                len: to_u32(key.len()),
                first: to_u32(first),
                count: to_u32(order.len() - first),
            };
            heads.insert_unique(hash, head, |h| {
                let s = order[h.first as usize].start as usize;
                word_key(&all[s..s + h.len as usize], folded).1
            });
        }
        let starts_with_other = patterns
            .iter()
            .any(|p| p.chars().next().is_some_and(|c| !c.is_alphanumeric()));
        Self {
            folded,
            starts_with_other,
            first,
            pairs,
            seen,
            heads,
            order,
            bytes: all,
        }
    }

    /// Whether a phrase can start with byte `b` followed by `next`.
    fn may_start(&self, b: u8, next: Option<u8>) -> bool {
        if !self.first[usize::from(b)] {
            return false;
        }
        next.is_none_or(|n| {
            let bit = usize::from(b) << 8 | usize::from(n);
            self.pairs[bit >> 6] & (1 << (bit & 63)) != 0
        })
    }

    /// The longest phrase at `at`, whose first word is `text[at..word]`,
    /// that ends on a word boundary: reports it (and any other phrase of
    /// the same text, when folded) and returns its end.
    fn longest_at(
        &self,
        text: &str,
        at: usize,
        word: usize,
        found: &mut dyn FnMut(usize, usize, usize),
    ) -> Option<usize> {
        let bytes = text.as_bytes();
        let head = &bytes[at..word];
        let (first8, hash) = word_key(head, self.folded);
        let bit = seen_bit(hash);
        if self.seen[bit / 64] >> (bit % 64) & 1 == 0 {
            return None;
        }
        let group = self.heads.find(hash, |h| {
            h.first8 == first8
                && h.len as usize == head.len()
                && (head.len() <= 8 || {
                    let s = self.order[h.first as usize].start as usize;
                    same(&self.bytes[s + 8..s + head.len()], &head[8..], self.folded)
                })
        })?;
        let entries = &self.order[group.first as usize..][..group.count as usize];
        let fits = |e: &Entry| {
            let (s, len) = (e.start as usize, e.len as usize);
            bytes.get(at..at + len).is_some_and(|t| {
                same(t, &self.bytes[s..s + len], self.folded) && !glued(text, at + len)
            })
        };
        let best = entries.iter().position(fits)?;
        let Entry { start, len, .. } = entries[best];
        for e in &entries[best..] {
            if e.len != len {
                break;
            }
            if e.start == start || fits(e) {
                found(at, at + len as usize, e.rule as usize);
            }
        }
        Some(at + len as usize)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::phrase_bytes::*;

    fn matcher(phrases: &[&str], whole: bool, insensitive: bool) -> PhraseMatcher {
        let mut table = PhraseTable::default();
        for p in phrases {
            table.add((*p).to_owned(), 0);
        }
        let empty = PhraseTable::default;
        match (whole, insensitive) {
            (true, false) => PhraseMatcher::new(table, empty(), empty(), empty()),
            (true, true) => PhraseMatcher::new(empty(), table, empty(), empty()),
            (false, false) => PhraseMatcher::new(empty(), empty(), table, empty()),
            (false, true) => PhraseMatcher::new(empty(), empty(), empty(), table),
        }
        .unwrap()
    }

    fn found(m: &PhraseMatcher, text: &str) -> Vec<String> {
        let mut out = Vec::new();
        m.find(text, &mut |s, e, _| out.push(text[s..e].to_owned()));
        out
    }

    #[test]
    fn whole_words_only_and_the_longest_that_ends_on_a_boundary() {
        let m = matcher(&["New York", "New York Times", "York", "US"], true, false);
        assert_eq!(
            found(&m, "The New York Timesx and New York-based USA US. York"),
            ["New York", "New York", "US", "York"]
        );
    }

    #[test]
    fn case_insensitive_walks_both_cases() {
        let m = matcher(&["nato"], true, true);
        assert_eq!(found(&m, "NATO and Nato, not Natos"), ["NATO", "Nato"]);
    }

    #[test]
    fn the_pair_filter_keeps_one_byte_phrases_and_every_case() {
        let m = matcher(&["A", "Ü"], true, false);
        assert_eq!(found(&m, "A team, Übung, Ü."), ["A", "Ü"]);
        let m = matcher(&["nAtO", "x"], true, true);
        assert_eq!(found(&m, "NATO nato NaTo X"), ["NATO", "nato", "NaTo", "X"]);
    }

    #[test]
    fn unicode_words_are_not_split() {
        let m = matcher(&["Paris", "Zürich", "東京"], true, false);
        assert_eq!(
            found(&m, "Parisé Zürich éParis 東京 Paris"),
            ["Zürich", "東京", "Paris"]
        );
    }

    /// The definition, checked at every char boundary: the longest phrase
    /// that starts where a word may start and ends where one may end; the
    /// next match starts after it.
    fn reference(phrases: &[&str], text: &str, folded: bool) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        let mut resume = 0;
        for at in (0..text.len()).filter(|&i| text.is_char_boundary(i)) {
            if at < resume || glued(text, at) {
                continue;
            }
            let fits = |p: &&&str| {
                text.get(at..at + p.len()).is_some_and(|t| {
                    (t == **p || folded && t.eq_ignore_ascii_case(p)) && !glued(text, at + p.len())
                })
            };
            if let Some(len) = phrases.iter().filter(fits).map(|p| p.len()).max() {
                out.push((at, at + len));
                resume = at + len;
            }
        }
        out
    }

    fn positions(m: &PhraseMatcher, text: &str) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        m.find(text, &mut |s, e, _| out.push((s, e)));
        out.dedup();
        out
    }

    proptest::proptest! {
        #[test]
        fn whole_word_matching_follows_its_definition(
            phrases in proptest::collection::vec("[aAbB .\\-éÉ1]{1,6}", 1..8),
            text in "[aAbB .\\-éÉ1x]{0,60}",
            folded: bool,
        ) {
            let phrases: Vec<&str> = phrases.iter().map(String::as_str).collect();
            let m = matcher(&phrases, true, folded);
            proptest::prop_assert_eq!(positions(&m, &text), reference(&phrases, &text, folded));
        }
    }

    #[test]
    fn every_match_on_real_text_follows_the_definition() {
        let data = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data");
        // Every entity string of WNUT-17 over its own text, and every word
        // and word pair of the Unicode torture file over itself.
        let wnut = crate::formats::by_name("conll")
            .and_then(|f| crate::store::import(f, &data.join("wnut17/emerging.dev.conll")).ok())
            .expect("the WNUT-17 sample imports");
        let mut texts = Vec::new();
        for doc in &wnut.documents {
            let index = crate::text::OffsetIndex::new(&doc.text);
            let phrases: Vec<String> = doc
                .spans
                .iter()
                .filter_map(|s| index.slice(s.start, s.end).map(str::to_owned))
                .collect();
            texts.push((doc.text.clone(), phrases));
        }
        let unicode = std::fs::read_to_string(data.join("unicode-offsets.txt"))
            .expect("the Unicode sample is there");
        let words: Vec<&str> = unicode.split_whitespace().collect();
        let mut phrases: Vec<String> = words.iter().map(|w| (*w).to_owned()).collect();
        phrases.extend(words.windows(2).map(|w| w.join(" ")));
        texts.push((unicode.clone(), phrases));
        let all: Vec<String> = texts.iter().flat_map(|(_, p)| p.clone()).collect();
        let all: Vec<&str> = all.iter().map(String::as_str).collect();
        for folded in [false, true] {
            let m = matcher(&all, true, folded);
            let mut matched = 0;
            for (text, _) in &texts {
                let found = positions(&m, text);
                assert_eq!(found, reference(&all, text, folded), "in {text:?}");
                matched += found.len();
            }
            assert!(matched > 1000, "{matched} matches");
        }
    }

    #[test]
    fn the_byte_tricks_agree_with_the_standard_library() {
        for b in 0..=u8::MAX {
            let x = u64::from(b) << 16 | 0x4100_0000_0000_007a;
            let bits = ascii_word_bytes(x);
            assert_eq!(bits >> 2 & 1 == 1, b.is_ascii_alphanumeric(), "byte {b:#x}");
            assert_eq!(bits & !(1 << 2), 1 | 1 << 7, "neighbours of byte {b:#x}");
            let lowered = ascii_lower(x).to_le_bytes();
            assert_eq!(lowered[2], b.to_ascii_lowercase(), "byte {b:#x}");
            assert_eq!(
                (lowered[0], lowered[7]),
                (b'z', b'a'),
                "neighbours of {b:#x}"
            );
        }
        let text = "ab1 Zürich-x\u{a0}é ²½ 東京";
        let bits = word_bits(text);
        for (i, _) in text.char_indices() {
            let c = text[i..].chars().next().unwrap_or(' ');
            assert_eq!(
                bits[i / 64] >> (i % 64) & 1 == 1,
                c.is_alphanumeric(),
                "{c:?}"
            );
        }
        assert!(same(b"Hello World!", b"hELLO wORLD!", true));
        assert!(!same(b"Hello World!", b"hELLO wORLD!", false));
        assert!(!same(b"Hello World?", b"Hello World!", false));
        assert_eq!(word_key(b"NATO", true), word_key(b"nato", true));
        assert_ne!(word_key(b"NATO", false), word_key(b"nato", false));
    }

    #[test]
    fn anywhere_phrases_match_inside_words() {
        let m = matcher(&["York"], false, false);
        assert_eq!(found(&m, "Yorkshire"), ["York"]);
    }
}
