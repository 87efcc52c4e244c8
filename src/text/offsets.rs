//! [`OffsetIndex`]: char <-> byte <-> UTF-16 conversions for one text.
//!
//! The index samples the byte and UTF-16 position of every 64th char, so a
//! lookup walks at most 63 chars instead of the whole text, and the index
//! costs about 1/4 byte per char of text. Pure-ASCII texts need no table.

use crate::model::{ByteOffset, CharOffset, Utf16Offset};

/// How many chars lie between two samples.
const STRIDE: usize = 64;

/// A position sample: the byte and UTF-16 offsets of char `k * STRIDE`.
#[derive(Clone, Copy, Debug)]
struct Sample {
    byte: u32,
    utf16: u32,
}

/// Converts offsets between chars, UTF-8 bytes and UTF-16 code units for one
/// text, without rescanning the text for each lookup.
#[derive(Clone, Debug)]
pub struct OffsetIndex<'a> {
    text: &'a str,
    char_len: usize,
    utf16_len: usize,
    /// Empty for ASCII text, where all three units coincide.
    samples: Vec<Sample>,
}

impl<'a> OffsetIndex<'a> {
    /// Indexes `text` in one pass.
    ///
    /// # Panics
    /// Never for texts under 4 GiB; larger ones are refused by the loaders.
    pub fn new(text: &'a str) -> Self {
        if text.is_ascii() {
            return Self {
                text,
                char_len: text.len(),
                utf16_len: text.len(),
                samples: Vec::new(),
            };
        }
        let mut samples = Vec::with_capacity(text.len() / STRIDE + 1);
        let mut utf16 = 0usize;
        let mut char_len = 0usize;
        for (byte, c) in text.char_indices() {
            if char_len.is_multiple_of(STRIDE) {
                samples.push(Sample {
                    byte: to_u32(byte),
                    utf16: to_u32(utf16),
                });
            }
            char_len += 1;
            utf16 += c.len_utf16();
        }
        Self {
            text,
            char_len,
            utf16_len: utf16,
            samples,
        }
    }

    /// True when the text is ASCII (all three units coincide).
    pub fn is_ascii(&self) -> bool {
        self.samples.is_empty()
    }

    /// The text this index is for.
    pub fn text(&self) -> &'a str {
        self.text
    }

    /// Length of the text in chars.
    pub fn char_len(&self) -> usize {
        self.char_len
    }

    /// Length of the text in UTF-16 code units.
    pub fn utf16_len(&self) -> usize {
        self.utf16_len
    }

    /// The byte offset of a char offset; `None` past the end.
    pub fn char_to_byte(&self, char: CharOffset) -> Option<ByteOffset> {
        self.walk_from_char(char).map(|(byte, _)| byte)
    }

    /// The UTF-16 offset of a char offset; `None` past the end.
    pub fn char_to_utf16(&self, char: CharOffset) -> Option<Utf16Offset> {
        self.walk_from_char(char).map(|(_, utf16)| utf16)
    }

    /// The char offset of a byte offset; `None` past the end or inside a char.
    pub fn byte_to_char(&self, byte: ByteOffset) -> Option<CharOffset> {
        if byte.0 > self.text.len() || !self.text.is_char_boundary(byte.0) {
            return None;
        }
        if self.samples.is_empty() {
            return Some(CharOffset(byte.0));
        }
        let k = self
            .samples
            .partition_point(|s| s.byte as usize <= byte.0)
            .saturating_sub(1);
        let from = self.samples[k].byte as usize;
        Some(CharOffset(
            k * STRIDE + self.text[from..byte.0].chars().count(),
        ))
    }

    /// The char offset of a UTF-16 offset; `None` past the end or between the
    /// two halves of a surrogate pair.
    pub fn utf16_to_char(&self, utf16: Utf16Offset) -> Option<CharOffset> {
        if utf16.0 > self.utf16_len {
            return None;
        }
        if self.samples.is_empty() {
            return Some(CharOffset(utf16.0));
        }
        let k = self
            .samples
            .partition_point(|s| s.utf16 as usize <= utf16.0)
            .saturating_sub(1);
        let mut at = self.samples[k].utf16 as usize;
        let mut char = k * STRIDE;
        let from = self.samples[k].byte as usize;
        for c in self.text[from..].chars() {
            if at >= utf16.0 {
                break;
            }
            at += c.len_utf16();
            char += 1;
        }
        (at == utf16.0).then_some(CharOffset(char))
    }

    /// The text of a char range; `None` if it is reversed or runs past the end.
    pub fn slice(&self, start: CharOffset, end: CharOffset) -> Option<&'a str> {
        if start > end {
            return None;
        }
        let start = self.char_to_byte(start)?;
        let end = self.char_to_byte(end)?;
        Some(&self.text[start.0..end.0])
    }

    /// The byte range of a char range; `None` if it is reversed or runs past the end.
    pub fn byte_range(&self, start: CharOffset, end: CharOffset) -> Option<std::ops::Range<usize>> {
        if start > end {
            return None;
        }
        Some(self.char_to_byte(start)?.0..self.char_to_byte(end)?.0)
    }

    fn walk_from_char(&self, char: CharOffset) -> Option<(ByteOffset, Utf16Offset)> {
        if char.0 > self.char_len {
            return None;
        }
        if self.samples.is_empty() {
            return Some((ByteOffset(char.0), Utf16Offset(char.0)));
        }
        let k = char.0 / STRIDE;
        let Some(sample) = self.samples.get(k) else {
            // char == char_len, a multiple of STRIDE past the last sample.
            return Some((ByteOffset(self.text.len()), Utf16Offset(self.utf16_len)));
        };
        let mut byte = sample.byte as usize;
        let mut utf16 = sample.utf16 as usize;
        for c in self.text[byte..].chars().take(char.0 - k * STRIDE) {
            byte += c.len_utf8();
            utf16 += c.len_utf16();
        }
        Some((ByteOffset(byte), Utf16Offset(utf16)))
    }
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn ascii_offsets_coincide() {
        let index = OffsetIndex::new("Mike Pompeo");
        assert_eq!(index.char_to_byte(CharOffset(5)), Some(ByteOffset(5)));
        assert_eq!(index.byte_to_char(ByteOffset(11)), Some(CharOffset(11)));
        assert_eq!(index.char_to_byte(CharOffset(12)), None);
    }

    #[test]
    fn emoji_count_one_char_two_utf16_units_four_bytes() {
        let index = OffsetIndex::new("a😀b");
        assert_eq!(index.char_to_byte(CharOffset(2)), Some(ByteOffset(5)));
        assert_eq!(index.char_to_utf16(CharOffset(2)), Some(Utf16Offset(3)));
        assert_eq!(index.utf16_to_char(Utf16Offset(3)), Some(CharOffset(2)));
        assert_eq!(
            index.utf16_to_char(Utf16Offset(2)),
            None,
            "inside a surrogate pair"
        );
        assert_eq!(
            index.byte_to_char(ByteOffset(2)),
            None,
            "inside a UTF-8 sequence"
        );
        assert_eq!(index.slice(CharOffset(1), CharOffset(3)), Some("😀b"));
    }

    proptest! {
        #[test]
        fn conversions_agree_with_a_naive_scan(text in "\\PC{0,300}") {
            let index = OffsetIndex::new(&text);
            let mut byte = 0;
            let mut utf16 = 0;
            let chars: Vec<char> = text.chars().collect();
            for (i, c) in chars.iter().chain(std::iter::once(&'\0')).enumerate() {
                prop_assert_eq!(index.char_to_byte(CharOffset(i)), Some(ByteOffset(byte)));
                prop_assert_eq!(index.char_to_utf16(CharOffset(i)), Some(Utf16Offset(utf16)));
                prop_assert_eq!(index.byte_to_char(ByteOffset(byte)), Some(CharOffset(i)));
                prop_assert_eq!(index.utf16_to_char(Utf16Offset(utf16)), Some(CharOffset(i)));
                if i == chars.len() { break; }
                byte += c.len_utf8();
                utf16 += c.len_utf16();
            }
            prop_assert_eq!(index.char_len(), chars.len());
            prop_assert_eq!(index.char_to_byte(CharOffset(chars.len() + 1)), None);
        }
    }
}
