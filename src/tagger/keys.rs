//! Feature keys: the 64-bit hashes features, words and phrases are known
//! by, the hash maps keyed by them, and the word tests the feature files
//! share. Hashes are computed with FNV-1a, fixed here, so a saved model
//! means the same on every machine and every run.

use std::hash::{BuildHasherDefault, Hasher};

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

pub(super) fn is_title(word: &str) -> bool {
    let mut chars = word.chars();
    chars.next().is_some_and(char::is_uppercase) && chars.any(char::is_lowercase)
}

pub(super) fn is_upper(word: &str) -> bool {
    word.chars().any(char::is_alphabetic) && !word.chars().any(char::is_lowercase)
}

/// Template numbers: the first byte hashed of each kind of feature.
pub mod template {
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
