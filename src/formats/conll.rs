//! CoNLL: one token per line, the tag in the last column.
//!
//! Wire format:
//!
//! ```text
//! -DOCSTART- -X- -X- O
//!
//! EU NNP I-NP I-ORG
//! rejects VBZ I-VP O
//!
//! Peter NNP I-NP B-PER
//! ```
//!
//! Columns are separated by spaces or tabs; the first is the token, the last
//! the tag; any columns between (POS, chunk) are ignored. Blank lines end
//! sentences, `-DOCSTART-` lines end documents (a file without them is one
//! document). Tags may be IOB1 (as CoNLL-2003 ships: `I-` starts an entity,
//! `B-` only where two of a type touch), IOB2, BIOES or BILOU: one decoder
//! reads them all. The document text is rebuilt from the tokens, single
//! spaces between tokens and a newline after each sentence, and the tokens
//! are kept, so exporting it again gives the same tokens.
//!
//! Written as `token TAG` in IOB2 (or BIOES on request), tokenised with the
//! document's own tokens (or word tokens), one `-DOCSTART- O` per document.
//! Spans CoNLL cannot hold are reported: overlapping spans (the later one is
//! left out) and edges inside a token (the span is widened to its tokens).

use std::path::Path;

use super::{
    ExportOptions, Exported, Format, ImportError, Imported, Input, Report, numbered_id, syntax,
};
use crate::model::{Dataset, Document, Origin, Span};
use crate::text::{OffsetIndex, Token, document_tokens};

/// CoNLL columns (IOB1, IOB2, BIOES).
pub struct Conll;

impl Format for Conll {
    fn name(&self) -> &'static str {
        "conll"
    }
    fn description(&self) -> &'static str {
        "CoNLL columns, tag last: reads IOB1, IOB2, BIOES; writes IOB2 (or BIOES)"
    }
    fn extensions(&self) -> &'static [&'static str] {
        &["conll", "iob", "iob1", "iob2", "bio", "bioes", "tsv"]
    }
    fn sniff(&self, head: &str) -> bool {
        let mut lines = head
            .lines()
            .filter(|l| !l.trim().is_empty())
            .take(20)
            .peekable();
        lines.peek().is_some()
            && lines.all(|l| {
                let last = l.split_whitespace().last().unwrap_or("");
                l.starts_with("-DOCSTART-")
                    || (l.split_whitespace().count() >= 2 && parse_tag(last).is_ok())
            })
    }
    fn parse(&self, input: &Input) -> Result<Imported, ImportError> {
        parse(input.text(), &input.path)
    }
    fn export(&self, dataset: &Dataset, docs: &[usize], options: &ExportOptions) -> Exported {
        write(dataset, docs, options.bioes)
    }
}

/// The prefix of a tag.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Prefix {
    Begin,
    Inside,
    End,
    Single,
}

/// A parsed tag: outside, or a prefix and a label.
type Tag<'a> = Option<(Prefix, &'a str)>;

/// `O` -> `Ok(None)`; `B-PER` -> `Ok(Some((Begin, "PER")))`; junk -> `Err(())`.
fn parse_tag(tag: &str) -> Result<Tag<'_>, ()> {
    if tag == "O" {
        return Ok(None);
    }
    let (prefix, label) = tag.split_once('-').ok_or(())?;
    let prefix = match prefix {
        "B" => Prefix::Begin,
        "I" => Prefix::Inside,
        "E" | "L" => Prefix::End,
        "S" | "U" => Prefix::Single,
        _ => return Err(()),
    };
    if label.is_empty() {
        Err(())
    } else {
        Ok(Some((prefix, label)))
    }
}

/// Builds one document while lines are read.
struct Builder {
    text: String,
    chars: usize,
    tokens: Vec<(usize, usize)>,
    spans: Vec<Span>,
    /// The open entity: its start char and label.
    open: Option<(usize, String)>,
    sentence_has_tokens: bool,
}

impl Builder {
    fn new() -> Self {
        Self {
            text: String::new(),
            chars: 0,
            tokens: Vec::new(),
            spans: Vec::new(),
            open: None,
            sentence_has_tokens: false,
        }
    }

    fn close(&mut self) {
        if let Some((start, label)) = self.open.take() {
            let end = self.tokens.last().map_or(start, |t| t.1);
            self.spans
                .push(Span::new(start, end, label).with_origin(Origin::Imported));
        }
    }

    fn end_sentence(&mut self) {
        self.close();
        if self.sentence_has_tokens {
            self.text.push('\n');
            self.chars += 1;
            self.sentence_has_tokens = false;
        }
    }

    fn token(&mut self, token: &str, tag: Tag<'_>) {
        if self.sentence_has_tokens {
            self.text.push(' ');
            self.chars += 1;
        }
        let start = self.chars;
        self.text.push_str(token);
        self.chars += token.chars().count();
        let continues = |open: &Option<(usize, String)>, label: &str| {
            open.as_ref().is_some_and(|(_, l)| l == label)
        };
        match tag {
            None => self.close(),
            Some((Prefix::Begin | Prefix::Single, label)) => {
                self.close();
                self.open = Some((start, label.to_owned()));
            }
            Some((Prefix::Inside | Prefix::End, label)) => {
                if !continues(&self.open, label) {
                    self.close();
                    self.open = Some((start, label.to_owned()));
                }
            }
        }
        self.tokens.push((start, self.chars));
        self.sentence_has_tokens = true;
        if matches!(tag, Some((Prefix::End | Prefix::Single, _))) {
            self.close();
        }
    }

    fn finish(mut self, id: String) -> Option<Document> {
        self.end_sentence();
        if self.tokens.is_empty() {
            return None;
        }
        let mut doc = Document::new(id, self.text);
        doc.spans = self.spans;
        doc.tokens = Some(self.tokens);
        Some(doc)
    }
}

/// Reads CoNLL text.
pub fn parse(input: &str, path: &Path) -> Result<Imported, ImportError> {
    let mut imported = Imported::default();
    let mut builder = Builder::new();
    let mut n = 0;
    // (columns, line) of the first token line: every token line has as many.
    let mut shape: Option<(usize, usize)> = None;
    for (i, line) in input.lines().enumerate() {
        let mut fields = line.split_whitespace();
        let Some(token) = fields.next() else {
            builder.end_sentence();
            continue;
        };
        if token == "-DOCSTART-" {
            let done = std::mem::replace(&mut builder, Builder::new());
            if let Some(doc) = done.finish(numbered_id(path, n + 1)) {
                imported.documents.push(doc);
                n += 1;
            }
            continue;
        }
        let columns = line.split_whitespace().count();
        match shape {
            _ if columns < 2 => {}
            None => shape = Some((columns, i + 1)),
            Some((expected, first)) if expected != columns => {
                return Err(syntax(
                    path,
                    i + 1,
                    format!(
                        "{columns} columns where line {first} has {expected}: a truncated or joined line?"
                    ),
                ));
            }
            Some(_) => {}
        }
        let tag = fields.last().ok_or_else(|| {
            syntax(
                path,
                i + 1,
                format!("expected a token and a tag, found only {token:?}"),
            )
        })?;
        let tag = parse_tag(tag).map_err(|()| {
            syntax(
                path,
                i + 1,
                format!("tag {tag:?} is not O or B-/I-/E-/S-/L-/U- followed by a label"),
            )
        })?;
        builder.token(token, tag);
    }
    if let Some(doc) = builder.finish(numbered_id(path, n + 1)) {
        imported.documents.push(doc);
    }
    Ok(imported)
}

/// Writes documents as CoNLL (IOB2, or BIOES).
pub fn write(dataset: &Dataset, docs: &[usize], bioes: bool) -> Exported {
    super::write_in_parallel(dataset, docs, &|doc, out, report| {
        write_document(doc, bioes, out, report);
    })
}

fn write_document(doc: &Document, bioes: bool, out: &mut String, report: &mut Report) {
    let index = OffsetIndex::new(&doc.text);
    let tokens = document_tokens(doc);
    let mut tags: Vec<Tag<'_>> = vec![None; tokens.len()];
    let mut reach = 0usize;
    for span in &doc.spans {
        let text = index.slice(span.start, span.end).unwrap_or("");
        if span.start.0 < reach {
            report.warn(
                &doc.id,
                text,
                format!("{span} overlaps another span; CoNLL cannot hold overlaps, left out"),
            );
            continue;
        }
        let Some(covered) = super::covered_tokens(doc, &index, &tokens, span, report) else {
            continue;
        };
        let (first, last) = (covered.start, covered.end);
        if crosses_line(&doc.text, &index, &tokens[first..last]) {
            report.warn(
                &doc.id,
                text,
                format!("{span} crosses a line end, so it spans two CoNLL sentences"),
            );
        }
        reach = span.end.0.max(tokens[last - 1].end.0);
        for (k, tag) in tags[first..last].iter_mut().enumerate() {
            let n = last - first;
            let prefix = match (bioes, k, n) {
                (true, _, 1) => Prefix::Single,
                (true, k, n) if k + 1 == n => Prefix::End,
                (_, 0, _) => Prefix::Begin,
                _ => Prefix::Inside,
            };
            *tag = Some((prefix, span.label.as_str()));
        }
    }
    out.push_str("-DOCSTART- O\n\n");
    let ranges = byte_ranges(&doc.text, &index, &tokens);
    let mut previous_end: Option<usize> = None;
    for (tag, range) in tags.iter().zip(&ranges) {
        if let Some(end) = previous_end
            && doc
                .text
                .get(end..range.start)
                .is_some_and(|gap| gap.contains('\n'))
        {
            out.push('\n');
        }
        out.push_str(doc.text.get(range.clone()).unwrap_or(""));
        out.push(' ');
        match tag {
            None => out.push('O'),
            Some((prefix, label)) => {
                out.push(match prefix {
                    Prefix::Begin => 'B',
                    Prefix::Inside => 'I',
                    Prefix::End => 'E',
                    Prefix::Single => 'S',
                });
                out.push('-');
                out.push_str(label);
            }
        }
        out.push('\n');
        previous_end = Some(range.end);
    }
    if previous_end.is_some() {
        out.push('\n');
    }
}

/// Each token's byte range, in one walk over the text for tokens in order
/// (a token before the last one is looked up in `index`).
fn byte_ranges(
    text: &str,
    index: &OffsetIndex<'_>,
    tokens: &[Token],
) -> Vec<std::ops::Range<usize>> {
    if index.is_ascii() {
        return tokens.iter().map(Token::char_range).collect();
    }
    let (mut char, mut byte) = (0usize, 0usize);
    let mut at = |target: usize| -> usize {
        if target < char {
            return index
                .char_to_byte(crate::model::CharOffset(target))
                .map_or(text.len(), |b| b.0);
        }
        for c in text[byte..].chars() {
            if char == target {
                break;
            }
            byte += c.len_utf8();
            char += 1;
        }
        byte
    };
    tokens
        .iter()
        .map(|t| {
            let start = at(t.start.0);
            start..at(t.end.0)
        })
        .collect()
}

fn crosses_line(text: &str, index: &OffsetIndex<'_>, tokens: &[Token]) -> bool {
    let (Some(first), Some(last)) = (tokens.first(), tokens.last()) else {
        return false;
    };
    index
        .byte_range(first.start, last.end)
        .is_some_and(|r| text[r].contains('\n'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spans_of(input: &str) -> Vec<(String, String)> {
        let imported = parse(input, Path::new("t.conll")).unwrap();
        let doc = &imported.documents[0];
        let index = OffsetIndex::new(&doc.text);
        doc.spans
            .iter()
            .map(|s| {
                (
                    s.label.to_string(),
                    index.slice(s.start, s.end).unwrap().to_owned(),
                )
            })
            .collect()
    }

    #[test]
    fn iob1_iob2_and_bioes_decode_to_the_same_entities() {
        let iob1 = "Peter I-PER\nBlackburn I-PER\nmet O\nKim I-PER\nJong B-PER\nvisited O\nNew I-LOC\nYork I-LOC\n";
        let iob2 = "Peter B-PER\nBlackburn I-PER\nmet O\nKim B-PER\nJong B-PER\nvisited O\nNew B-LOC\nYork I-LOC\n";
        let bioes = "Peter B-PER\nBlackburn E-PER\nmet O\nKim S-PER\nJong S-PER\nvisited O\nNew B-LOC\nYork E-LOC\n";
        let expected = [
            ("PER", "Peter Blackburn"),
            ("PER", "Kim"),
            ("PER", "Jong"),
            ("LOC", "New York"),
        ]
        .map(|(l, t)| (l.to_owned(), t.to_owned()));
        assert_eq!(spans_of(iob1), expected);
        assert_eq!(spans_of(iob2), expected);
        assert_eq!(spans_of(bioes), expected);
    }

    #[test]
    fn sentences_and_documents_split_and_text_is_rebuilt() {
        let input = "-DOCSTART- -X- -X- O\n\nEU NNP I-NP I-ORG\nrejects VBZ I-VP O\n\nPeter NNP I-NP I-PER\n\n-DOCSTART- -X- -X- O\n\nZürich NNP I-NP I-LOC\n";
        let imported = parse(input, Path::new("news.conll")).unwrap();
        assert_eq!(imported.documents.len(), 2);
        assert_eq!(imported.documents[0].id, "news-0001");
        assert_eq!(imported.documents[0].text, "EU rejects\nPeter\n");
        assert_eq!(imported.documents[1].text, "Zürich\n");
        assert_eq!(
            imported.documents[1].spans,
            [Span::new(0, 6, "LOC").with_origin(Origin::Imported)]
        );
    }

    #[test]
    fn malformed_lines_name_the_line_and_what_was_expected() {
        let err = parse("EU B-ORG\nrejects\n", Path::new("bad.conll"))
            .unwrap_err()
            .to_string();
        assert_eq!(
            err,
            "bad.conll:2: expected a token and a tag, found only \"rejects\""
        );
        let err = parse("EU X-ORG\n", Path::new("bad.conll"))
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("bad.conll:1: tag \"X-ORG\""), "{err}");
    }
}
