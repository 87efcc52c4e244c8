//! "Labelled X elsewhere in this document": a capitalised word inside an
//! accepted span of one sentence is a feature of the same word in the
//! document's other sentences ("Kim" after "Kim Jong Un" was accepted as
//! a PERSON a paragraph earlier).
//!
//! When tagging, the accepted spans of every other sentence count. In
//! training, where every sentence of a document is labelled, only the
//! earlier sentences count (the analyst labels in reading order), and only
//! in half of the documents, so the model also learns to tag a document
//! nobody has labelled yet, where this feature never fires.

use std::collections::BTreeMap;

use super::bio::TagSpan;
use super::keys::{feature, template, word_hash};

/// Which sentences' spans a sentence sees.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Seen {
    /// Every other sentence's (tagging).
    Others,
    /// The earlier sentences' only (training, in reading order).
    Earlier,
}

fn capitalised(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
}

/// Per token of the document (its sentences in order, each as words and
/// the spans in them, by token index within the sentence), the
/// `DOC_LABEL` features of the labels its word has inside spans of the
/// sentences it sees.
pub fn features(sentences: &[(&[&str], &[TagSpan])], seen: Seen) -> Vec<Vec<u64>> {
    // Per sentence, the (word, label) of every capitalised word inside a span.
    let inside: Vec<Vec<(u64, usize)>> = sentences
        .iter()
        .map(|(words, spans)| {
            spans
                .iter()
                .filter(|s| s.end <= words.len())
                .flat_map(|s| {
                    words[s.first..s.end]
                        .iter()
                        .filter(|w| capitalised(w))
                        .map(move |w| (word_hash(w), s.label))
                })
                .collect()
        })
        .collect();
    let mut counts: BTreeMap<(u64, usize), u32> = BTreeMap::new();
    if seen == Seen::Others {
        for &k in inside.iter().flatten() {
            *counts.entry(k).or_default() += 1;
        }
    }
    let mut labels_of: BTreeMap<u64, Vec<usize>> = BTreeMap::new();
    for &(w, label) in counts.keys() {
        labels_of.entry(w).or_default().push(label);
    }
    let mut out = Vec::new();
    for ((words, _), own) in sentences.iter().zip(&inside) {
        for w in *words {
            let mut f = Vec::new();
            if capitalised(w) {
                let h = word_hash(w);
                for &label in labels_of.get(&h).map_or(&[][..], Vec::as_slice) {
                    let total = counts.get(&(h, label)).copied().unwrap_or(0);
                    let here = match seen {
                        Seen::Others => own.iter().filter(|&&k| k == (h, label)).count(),
                        Seen::Earlier => 0,
                    };
                    if usize::try_from(total).unwrap_or(usize::MAX) > here {
                        f.push(feature(
                            template::DOC_LABEL,
                            &[&u32::try_from(label).unwrap_or(u32::MAX).to_le_bytes()],
                        ));
                    }
                }
            }
            out.push(f);
        }
        if seen == Seen::Earlier {
            for &(w, label) in own {
                let c = counts.entry((w, label)).or_default();
                if *c == 0 {
                    labels_of.entry(w).or_default().push(label);
                }
                *c += 1;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn has_label(f: &[u64], label: u32) -> bool {
        f.contains(&feature(template::DOC_LABEL, &[&label.to_le_bytes()]))
    }

    #[test]
    fn a_word_labelled_in_another_sentence_is_marked() {
        let s1: &[&str] = &["Kim", "Jong", "Un", "met", "Moon", "."];
        let spans1 = [
            TagSpan {
                first: 0,
                end: 3,
                label: 0,
            },
            TagSpan {
                first: 4,
                end: 5,
                label: 0,
            },
        ];
        let s2: &[&str] = &["Later", "Kim", "left", "Seoul", "."];
        let spans2 = [TagSpan {
            first: 3,
            end: 4,
            label: 1,
        }];
        let s3: &[&str] = &["Seoul", "and", "Kim", "agreed", "."];
        let doc = [(s1, &spans1[..]), (s2, &spans2[..]), (s3, &[][..])];

        let others = features(&doc, Seen::Others);
        assert_eq!(others.len(), 16, "one entry per token");
        // Sentence 2: Kim (index 7) from sentence 1; its own Seoul does not count.
        assert!(has_label(&others[7], 0));
        assert!(
            others[9].is_empty(),
            "Seoul is labelled only in its own sentence"
        );
        // Sentence 3: Seoul (11) and Kim (13) from the others.
        assert!(has_label(&others[11], 1) && has_label(&others[13], 0));
        // Sentence 1: Kim is labelled only here; Seoul is nowhere in it.
        assert!(others[0].is_empty(), "{:?}", others[0]);
        assert!(others[3].is_empty(), "lowercase words are never marked");

        let earlier = features(&doc, Seen::Earlier);
        assert!(
            earlier[..6].iter().all(Vec::is_empty),
            "nothing before the first"
        );
        assert!(has_label(&earlier[7], 0));
        assert!(earlier[9].is_empty(), "Seoul's own span is not seen");
        assert!(has_label(&earlier[11], 1) && has_label(&earlier[13], 0));
    }
}
