//! What a whole document says about its words' capitalisation: a
//! capitalised word that the document also writes in lowercase is less
//! likely a name; a sentence's first word that appears capitalised
//! mid-sentence elsewhere likely is one.

use super::keys::{HashedSet, feature, is_title, is_upper, template, word_hash};

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
    pub(super) fn features(&self, f: &mut Vec<u64>, word: &str, low: &str, first: bool) {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tagger::features::{Gazetteer, sentence_features};

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
