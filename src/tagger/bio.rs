//! BIO tags over tokens: a document's spans become one tag per token and
//! back.
//!
//! Tag 0 is `O` (outside); label `k` of the tag set has `B-` tag `2k + 1`
//! (first token of a span) and `I-` tag `2k + 2` (every later token). An
//! `I-X` tag may only follow `B-X` or `I-X`; the decoder never produces
//! anything else, and [`TagSet::decode`] reads a stray `I-X` as a start.

use crate::model::{Name, Span};
use crate::text::Token;

/// A tag's number: `O`, or `B-`/`I-` of a label.
pub type Tag = u16;

/// The outside tag.
pub const OUTSIDE: Tag = 0;

/// The labels a model tags with, and their `B-`/`I-` tags.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TagSet {
    labels: Vec<Name>,
}

/// A document's spans as tags, and what BIO could not hold.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Encoded {
    /// One tag per token.
    pub tags: Vec<Tag>,
    /// Spans left out: overlapping an earlier (or longer) one, covering no
    /// token, or with a label outside the tag set.
    pub dropped: usize,
}

/// A span found in tags: tokens `first..end` with label number `label`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TagSpan {
    /// Index of its first token.
    pub first: usize,
    /// One past its last token.
    pub end: usize,
    /// Index of its label in the tag set.
    pub label: usize,
}

impl TagSet {
    /// A tag set over these labels, in this order.
    pub fn new(labels: impl IntoIterator<Item = Name>) -> Self {
        Self {
            labels: labels.into_iter().collect(),
        }
    }

    /// The labels, in tag order.
    pub fn labels(&self) -> &[Name] {
        &self.labels
    }

    /// Number of tags: `O` plus `B-` and `I-` per label.
    pub fn len(&self) -> usize {
        1 + 2 * self.labels.len()
    }

    /// True when there are no labels (only `O`).
    pub fn is_empty(&self) -> bool {
        self.labels.is_empty()
    }

    /// The `B-` tag of label number `label`.
    #[expect(
        clippy::cast_possible_truncation,
        reason = "label sets have far fewer than 32k labels"
    )]
    pub fn begin(label: usize) -> Tag {
        (2 * label + 1) as Tag
    }

    /// The `I-` tag of label number `label`.
    pub fn inside(label: usize) -> Tag {
        Self::begin(label) + 1
    }

    /// The label number of a `B-` or `I-` tag; `None` for `O`.
    pub fn label_of(tag: Tag) -> Option<usize> {
        (tag != OUTSIDE).then(|| (usize::from(tag) - 1) / 2)
    }

    /// True for an `I-` tag.
    pub fn is_inside(tag: Tag) -> bool {
        tag != OUTSIDE && tag.is_multiple_of(2)
    }

    /// Whether `next` may follow `prev` (`None`: the sentence's start).
    pub fn allowed(prev: Option<Tag>, next: Tag) -> bool {
        if !Self::is_inside(next) {
            return true;
        }
        prev.is_some_and(|p| p != OUTSIDE && Self::label_of(p) == Self::label_of(next))
    }

    /// The tag's name: `O`, `B-PERSON`, `I-PERSON`.
    pub fn name(&self, tag: Tag) -> String {
        match Self::label_of(tag).and_then(|l| self.labels.get(l)) {
            None => "O".to_owned(),
            Some(label) if Self::is_inside(tag) => format!("I-{label}"),
            Some(label) => format!("B-{label}"),
        }
    }

    /// The number of a label, if it is in the set.
    pub fn label_index(&self, label: &str) -> Option<usize> {
        self.labels.iter().position(|l| l == label)
    }

    /// Tags `tokens` with `spans`. A span covers every token it touches (a
    /// span edge inside a token widens to the token). Spans are taken
    /// longest first at each start; one that would share a token with a
    /// span already taken is dropped and counted.
    pub fn encode(&self, tokens: &[Token], spans: &[Span]) -> Encoded {
        let mut out = Encoded {
            tags: vec![OUTSIDE; tokens.len()],
            dropped: 0,
        };
        let mut order: Vec<&Span> = spans.iter().collect();
        order.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
        let mut taken = vec![false; tokens.len()];
        for span in order {
            let first = tokens.partition_point(|t| t.end <= span.start);
            let end = tokens.partition_point(|t| t.start < span.end);
            let label = self.label_index(&span.label);
            match label {
                Some(label) if first < end && !taken[first..end].iter().any(|&t| t) => {
                    taken[first..end].fill(true);
                    out.tags[first..end].fill(Self::inside(label));
                    out.tags[first] = Self::begin(label);
                }
                _ => out.dropped += 1,
            }
        }
        out
    }

    /// The spans in a tag sequence, in order. A stray `I-X` (after `O` or
    /// another label) starts a span.
    pub fn decode(tags: &[Tag]) -> Vec<TagSpan> {
        let mut out: Vec<TagSpan> = Vec::new();
        let mut open = false;
        for (i, &tag) in tags.iter().enumerate() {
            let Some(label) = Self::label_of(tag) else {
                open = false;
                continue;
            };
            match out.last_mut() {
                Some(last) if open && Self::is_inside(tag) && last.label == label => {
                    last.end = i + 1;
                }
                _ => {
                    out.push(TagSpan {
                        first: i,
                        end: i + 1,
                        label,
                    });
                    open = true;
                }
            }
        }
        out
    }

    /// The spans of a tag sequence as char spans over `tokens`.
    pub fn spans(&self, tokens: &[Token], tags: &[Tag]) -> Vec<Span> {
        Self::decode(tags)
            .into_iter()
            .filter_map(|s| {
                let label = self.labels.get(s.label)?;
                Some(Span::new(
                    tokens.get(s.first)?.start.0,
                    tokens.get(s.end - 1)?.end.0,
                    label.clone(),
                ))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::markup;
    use crate::text::tokens;
    use proptest::prelude::*;

    fn set() -> TagSet {
        TagSet::new(["PERSON".into(), "ORG".into(), "LOC".into()])
    }

    #[test]
    fn spans_become_bio_tags_and_back() {
        let (text, spans) =
            markup::parse("[PERSON Mike Pompeo] met [ORG UN] [ORG staff] in [LOC Zürich] .");
        let toks = tokens(&text);
        let set = set();
        let enc = set.encode(&toks, &spans);
        let names: Vec<String> = enc.tags.iter().map(|&t| set.name(t)).collect();
        assert_eq!(
            names,
            [
                "B-PERSON", "I-PERSON", "O", "B-ORG", "B-ORG", "O", "B-LOC", "O"
            ]
        );
        assert_eq!(enc.dropped, 0);
        assert_eq!(set.spans(&toks, &enc.tags), spans);
    }

    #[test]
    fn overlaps_unknown_labels_and_gaps_are_dropped_and_counted() {
        let text = "NATO summit in Riga";
        let toks = tokens(text);
        let spans = [
            Span::new(0, 11, "ORG"),
            Span::new(0, 4, "ORG"),
            Span::new(15, 19, "CITY"),
            Span::new(4, 5, "LOC"),
        ];
        let enc = set().encode(&toks, &spans);
        assert_eq!(enc.dropped, 3, "the inner NATO, the unknown label, a space");
        assert_eq!(set().spans(&toks, &enc.tags), [Span::new(0, 11, "ORG")]);
    }

    #[test]
    fn an_edge_inside_a_token_widens_to_the_token() {
        let text = "Kim Jong-un’s visit";
        let toks = tokens(text);
        let enc = set().encode(&toks, &[Span::new(1, 10, "PERSON")]);
        assert_eq!(set().spans(&toks, &enc.tags), [Span::new(0, 13, "PERSON")]);
    }

    #[test]
    fn stray_inside_tags_start_spans_and_transitions_forbid_them() {
        let tags = [
            OUTSIDE,
            TagSet::inside(0),
            TagSet::inside(1),
            TagSet::inside(1),
        ];
        let found = TagSet::decode(&tags);
        assert_eq!(
            found,
            [
                TagSpan {
                    first: 1,
                    end: 2,
                    label: 0
                },
                TagSpan {
                    first: 2,
                    end: 4,
                    label: 1
                }
            ]
        );
        assert!(!TagSet::allowed(None, TagSet::inside(0)));
        assert!(!TagSet::allowed(Some(OUTSIDE), TagSet::inside(0)));
        assert!(!TagSet::allowed(Some(TagSet::begin(1)), TagSet::inside(0)));
        assert!(TagSet::allowed(Some(TagSet::begin(0)), TagSet::inside(0)));
        assert!(TagSet::allowed(Some(TagSet::inside(0)), TagSet::inside(0)));
        assert!(TagSet::allowed(None, TagSet::begin(2)));
    }

    proptest! {
        /// Any set of token-aligned, non-overlapping spans (one token or
        /// many, touching or not, at either end, any label) survives the
        /// round trip exactly, over text with non-ASCII words.
        #[test]
        fn token_aligned_spans_round_trip(
            cuts in proptest::collection::vec((0usize..4, 1usize..4, 0usize..3), 0..12)
        ) {
            let words = ["Zoë", "Saldaña", "met", "王小明", "in", "Genève", ",", "2018", "“", "NATO", "’s", "talks"];
            let text = words.iter().cycle().take(40).copied().collect::<Vec<_>>().join(" ");
            let toks = tokens(&text);
            let set = set();
            let mut spans = Vec::new();
            let mut at = 0;
            for (gap, len, label) in cuts {
                let first = at + gap;
                let end = first + len;
                if end > toks.len() {
                    break;
                }
                spans.push(Span::new(toks[first].start.0, toks[end - 1].end.0, set.labels()[label].clone()));
                at = end;
            }
            let enc = set.encode(&toks, &spans);
            prop_assert_eq!(enc.dropped, 0);
            prop_assert_eq!(set.spans(&toks, &enc.tags), spans);
            for (i, &t) in enc.tags.iter().enumerate() {
                prop_assert!(TagSet::allowed(i.checked_sub(1).map(|p| enc.tags[p]), t));
            }
        }
    }
}
