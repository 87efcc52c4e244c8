//! Byte-level pieces of the whole-word phrase matcher: the word bitmap,
//! eight-bytes-at-a-time comparison and lowering, first-word keys.

/// One bit per byte of `text`, set where the byte belongs to a letter or a
/// digit (bit `i % 64` of word `i / 64`). ASCII is classified eight bytes
/// at a time; the few 64-byte blocks with other characters are decoded.
pub(super) fn word_bits(text: &str) -> Vec<u64> {
    let bytes = text.as_bytes();
    let mut bits = Vec::with_capacity(bytes.len().div_ceil(64));
    let mut wide = Vec::new();
    for (k, block) in bytes.chunks(64).enumerate() {
        let (mut m, mut high) = (0_u64, 0_u64);
        for (i, chunk) in block.chunks(8).enumerate() {
            let x = load8(chunk);
            high |= x;
            m |= ascii_word_bytes(x) << (8 * i);
        }
        if high & 0x8080_8080_8080_8080 != 0 {
            wide.push(k);
        }
        bits.push(m);
    }
    for k in wide {
        let mut start = k * 64;
        while !text.is_char_boundary(start) {
            start -= 1;
        }
        let end = ((k + 1) * 64).min(text.len());
        for (i, c) in text[start..].char_indices() {
            let i = start + i;
            if i >= end {
                break;
            }
            if !c.is_ascii() && c.is_alphanumeric() {
                for j in i..i + c.len_utf8() {
                    bits[j / 64] |= 1 << (j % 64);
                }
            }
        }
    }
    bits
}

/// Of the eight bytes in `x`, which are ASCII letters or digits: bit `i`
/// for byte `i`.
pub(super) fn ascii_word_bytes(x: u64) -> u64 {
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let y = x & LOW7;
    // Per byte, bit 7 set when the 7-bit value is >= the bound (no byte
    // carries into the next: 0x7f plus at most 0x50 stays below 0x100).
    let digit = (y + 0x5050_5050_5050_5050) & !(y + 0x4646_4646_4646_4646);
    let lower = y | 0x2020_2020_2020_2020;
    let letter = (lower + 0x1f1f_1f1f_1f1f_1f1f) & !(lower + 0x0505_0505_0505_0505);
    let flags = (digit | letter) & !x & HIGH;
    // Bit 7 of each byte gathered into bits 0..8.
    ((flags >> 7).wrapping_mul(0x0102_0408_1020_4080)) >> 56
}

/// The end of the run of set bits that starts at byte `at`.
pub(super) fn run_end(bits: &[u64], at: usize) -> usize {
    let (mut k, shift) = (at / 64, at % 64);
    let ones = (!(bits[k] >> shift)).trailing_zeros() as usize;
    if shift + ones < 64 {
        return at + ones;
    }
    k += 1;
    while k < bits.len() && bits[k] == u64::MAX {
        k += 1;
    }
    k * 64 + bits.get(k).map_or(0, |w| w.trailing_ones() as usize)
}

/// Bits in `WordPhrases::seen`.
pub(super) const SEEN_BITS: usize = 1 << 17;

/// A first word's bit in `WordPhrases::seen`: the hash's top bits (the
/// hash table uses the low ones).
pub(super) fn seen_bit(hash: u64) -> usize {
    usize::try_from(hash >> (64 - SEEN_BITS.trailing_zeros())).unwrap_or(0)
}

/// Whether two byte strings are equal (ASCII letters in any case when
/// `folded`), compared eight bytes at a time.
#[inline]
pub(super) fn same(a: &[u8], b: &[u8], folded: bool) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let fold = |x: u64| if folded { ascii_lower(x) } else { x };
    let (mut ca, mut cb) = (a.chunks_exact(8), b.chunks_exact(8));
    for (x, y) in (&mut ca).zip(&mut cb) {
        if fold(load8(x)) != fold(load8(y)) {
            return false;
        }
    }
    fold(load8(ca.remainder())) == fold(load8(cb.remainder()))
}

/// Up to eight bytes as a little-endian `u64`, zero-padded.
#[inline]
pub(super) fn load8(bytes: &[u8]) -> u64 {
    match bytes.first_chunk::<8>() {
        Some(eight) => u64::from_le_bytes(*eight),
        None => bytes.iter().rev().fold(0, |x, &b| x << 8 | u64::from(b)),
    }
}

/// Each ASCII capital of the eight bytes in `x` lowered; other bytes kept.
pub(super) fn ascii_lower(x: u64) -> u64 {
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let y = x & LOW7;
    // Per byte, bit 7 set when the 7-bit value is >= 'A' / > 'Z'.
    let at_least_a = y + 0x3f3f_3f3f_3f3f_3f3f;
    let past_z = y + 0x2525_2525_2525_2525;
    let upper = at_least_a & !past_z & !x & HIGH;
    x | upper >> 2
}

/// A word's first eight bytes and its hash (case-folded when `folded`):
/// the bytes as machine words, mixed by a folded multiply.
pub(super) fn word_key(word: &[u8], folded: bool) -> (u64, u64) {
    const K: u64 = 0x9e37_79b9_7f4a_7c15;
    let fold = |x: u64| if folded { ascii_lower(x) } else { x };
    let first8 = fold(load8(word));
    let mix = |h: u64, x: u64| {
        let m = u128::from(h ^ x) * u128::from(K);
        #[expect(clippy::cast_possible_truncation, reason = "the two halves are folded")]
        let (low, high) = (m as u64, (m >> 64) as u64);
        low ^ high
    };
    let mut h = mix(word.len() as u64, first8);
    if word.len() > 8 {
        for chunk in word[8..].chunks(8) {
            h = mix(h, fold(load8(chunk)));
        }
    }
    (first8, h)
}

/// The length in bytes of `phrase`'s first word: its leading run of
/// letters and digits, or its first character if that is neither.
pub(super) fn first_word_len(phrase: &str) -> usize {
    let mut chars = phrase.chars();
    match chars.next() {
        None => 0,
        Some(c) if !c.is_alphanumeric() => c.len_utf8(),
        Some(_) => phrase
            .char_indices()
            .find(|&(_, c)| !c.is_alphanumeric())
            .map_or(phrase.len(), |(i, _)| i),
    }
}

/// Whether byte offset `at` of `text` is inside a word: the characters on
/// both sides of it are letters or digits.
pub(super) fn glued(text: &str, at: usize) -> bool {
    if at == 0 || at >= text.len() {
        return false;
    }
    let bytes = text.as_bytes();
    let (before, after) = (bytes[at - 1], bytes[at]);
    if before.is_ascii() && after.is_ascii() {
        return before.is_ascii_alphanumeric() && after.is_ascii_alphanumeric();
    }
    if !text.is_char_boundary(at) {
        return true;
    }
    let word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    word(text[..at].chars().next_back()) && word(text[at..].chars().next())
}
