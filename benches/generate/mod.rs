//! Deterministic generated corpora for the benchmarks: news-like text with
//! some non-ASCII words, and spans at word boundaries.

#![allow(dead_code, reason = "each bench uses a different subset")]

use spanlab::model::{Dataset, Document, LabelSet, Span, Status};

const WORDS: [&str; 24] = [
    "the",
    "talks",
    "with",
    "North",
    "Korea",
    "are",
    "moving",
    "in",
    "right",
    "direction",
    "said",
    "Pompeo",
    "Zürich",
    "officials",
    "met",
    "on",
    "Thursday",
    "São",
    "Paulo",
    "and",
    "summit",
    "leaders",
    "“peace”",
    "of",
];
const LABELS: [&str; 5] = ["PERSON", "ORG", "LOC", "EVENT", "DATE"];

/// A tiny xorshift generator: deterministic, no dependency.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Self(seed.max(1))
    }

    pub fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        usize::try_from(self.0 % n as u64).unwrap_or(0)
    }
}

/// A document of `words` words in paragraphs of about 80 words, with a span
/// on every `span_every`-th word (one to three words long).
pub fn document(id: &str, words: usize, span_every: usize, rng: &mut Rng) -> Document {
    let mut text = String::with_capacity(words * 7);
    let mut starts = Vec::with_capacity(words);
    let mut chars = 0usize;
    for i in 0..words {
        if i > 0 {
            let sep = if i % 80 == 0 { "\n" } else { " " };
            text.push_str(sep);
            chars += 1;
        }
        let word = WORDS[rng.below(WORDS.len())];
        starts.push((chars, chars + word.chars().count()));
        text.push_str(word);
        chars += word.chars().count();
    }
    let mut doc = Document::new(id, text);
    let mut i = 0;
    while i + 3 < words {
        let len = 1 + rng.below(3);
        doc.spans.push(Span::new(
            starts[i].0,
            starts[i + len - 1].1,
            LABELS[rng.below(5)],
        ));
        i += span_every.max(len + 1);
    }
    doc.status = if rng.below(3) == 0 {
        Status::Done
    } else {
        Status::InProgress
    };
    doc.meta
        .insert("source".into(), format!("generated/{id}").into());
    doc
}

/// A dataset of `docs` news-sized documents (about 550 words and 25 spans each).
pub fn news_dataset(docs: usize) -> Dataset {
    let mut rng = Rng::new(7);
    let mut dataset = Dataset::new(LabelSet::default());
    dataset.documents = (0..docs)
        .map(|i| document(&format!("doc-{i:05}"), 550, 22, &mut rng))
        .collect();
    dataset
}
