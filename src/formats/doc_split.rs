//! How an imported corpus is cut into documents: per `-DOCSTART-` (CoNLL's
//! own marks), per sentence, or per N sentences. A CoNLL file without
//! `-DOCSTART-` (WNUT-17) is one run of sentences; by default it becomes a
//! document per sentence. Sentences are the lines of an imported CoNLL
//! document (its blank-line blocks), so a cut never crosses a span.

use std::str::FromStr;

use crate::model::{Document, Span};

/// Where to cut an import into documents.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum DocSplit {
    /// Per `-DOCSTART-`, or per sentence when a file has none.
    #[default]
    Auto,
    /// Only at `-DOCSTART-` (a file without one is one document).
    DocStart,
    /// Every N sentences (blank-line blocks) a new document.
    Sentences(usize),
}

impl FromStr for DocSplit {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim() {
            "" | "auto" => Ok(Self::Auto),
            "docstart" | "file" => Ok(Self::DocStart),
            "sentence" | "block" => Ok(Self::Sentences(1)),
            n => match n.parse::<usize>() {
                Ok(n) if n > 0 => Ok(Self::Sentences(n)),
                _ => Err(format!(
                    "split {s:?}: use auto, docstart, sentence (or block), or a number of sentences per document"
                )),
            },
        }
    }
}

impl DocSplit {
    /// Sentences per document for a CoNLL file that has `-DOCSTART-`
    /// lines or not; `None`: keep its documents.
    pub fn sentences_per_document(self, has_docstart: bool) -> Option<usize> {
        match self {
            Self::Auto if !has_docstart => Some(1),
            Self::Auto | Self::DocStart => None,
            Self::Sentences(n) => Some(n),
        }
    }
}

/// Cuts `doc` after every `per` lines (sentences) into documents
/// `ID-00001`, `ID-00002` …, spans and tokens moved along.
pub fn split_document(doc: Document, per: usize) -> Vec<Document> {
    let per = per.max(1);
    // Char ranges of groups of `per` lines, each with its newline.
    let mut cuts = Vec::new();
    let (mut start, mut pos, mut lines) = (0, 0, 0);
    for c in doc.text.chars() {
        pos += 1;
        if c == '\n' {
            lines += 1;
            if lines == per {
                cuts.push(start..pos);
                start = pos;
                lines = 0;
            }
        }
    }
    if start < pos {
        cuts.push(start..pos);
    }
    if cuts.len() <= 1 {
        return vec![doc];
    }
    let chars: Vec<char> = doc.text.chars().collect();
    let moved = |spans: &[Span], r: &std::ops::Range<usize>| -> Vec<Span> {
        spans
            .iter()
            .filter(|s| s.start.0 >= r.start && s.end.0 <= r.end)
            .map(|s| {
                let mut s = s.clone();
                s.start.0 -= r.start;
                s.end.0 -= r.start;
                s
            })
            .collect()
    };
    cuts.iter()
        .enumerate()
        .map(|(k, r)| {
            let mut part = Document::new(
                format!("{}-{:05}", doc.id, k + 1),
                chars[r.clone()].iter().collect::<String>(),
            );
            part.meta.clone_from(&doc.meta);
            part.status = doc.status;
            part.spans = moved(&doc.spans, r);
            part.suggestions = moved(&doc.suggestions, r);
            part.rejected = moved(&doc.rejected, r);
            part.tokens = doc.tokens.as_ref().map(|tokens| {
                tokens
                    .iter()
                    .filter(|(s, e)| *s >= r.start && *e <= r.end)
                    .map(|(s, e)| (s - r.start, e - r.start))
                    .collect()
            });
            part
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_specs_parse() {
        assert_eq!("".parse(), Ok(DocSplit::Auto));
        assert_eq!("sentence".parse(), Ok(DocSplit::Sentences(1)));
        assert_eq!("25".parse(), Ok(DocSplit::Sentences(25)));
        assert_eq!("docstart".parse(), Ok(DocSplit::DocStart));
        assert!("0".parse::<DocSplit>().is_err());
        assert!("chapters".parse::<DocSplit>().is_err());
    }

    #[test]
    fn sentences_become_documents_with_their_spans() {
        let mut doc = Document::new("w-0001", "Zoë met Ana\nin Zürich today\nok\n");
        doc.spans = vec![
            Span::new(0, 3, "person"),
            Span::new(8, 11, "person"),
            Span::new(15, 21, "location"),
        ];
        doc.tokens = Some(vec![
            (0, 3),
            (4, 7),
            (8, 11),
            (12, 14),
            (15, 21),
            (22, 27),
            (28, 30),
        ]);
        let parts = split_document(doc, 1);
        assert_eq!(parts.len(), 3);
        assert_eq!(parts[1].id, "w-0001-00002");
        assert_eq!(parts[1].text, "in Zürich today\n");
        assert_eq!(parts[1].spans, vec![Span::new(3, 9, "location")]);
        assert_eq!(parts[1].tokens, Some(vec![(0, 2), (3, 9), (10, 15)]));
        assert_eq!(parts[0].spans.len(), 2, "Zoë and Ana");
        let two = split_document(parts.into_iter().next().unwrap(), 2);
        assert_eq!(two.len(), 1, "one sentence stays one document");
    }
}
