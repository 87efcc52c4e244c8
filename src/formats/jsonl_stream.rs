//! One JSONL line in, the same line out with suggestions added: the wire
//! format of `spanlab suggest -`.
//!
//! Read from each line: `text` (required), `spans` (accepted spans:
//! suggestions never overlap them; with `"answer": "reject"` on the line or
//! on a span, they are rejected instead, and never proposed again) and
//! `suggestions` (kept; new ones never overlap them). Each of those lists is
//! `[{"start", "end", "label", …}]` in char offsets, half-open; other keys
//! of a span are ignored. Every other field is checked to be JSON and
//! otherwise not parsed at all.
//!
//! Written: the line's bytes unchanged (field order, spacing, numbers and
//! unknown fields kept byte for byte), with the new suggestions
//! `{"start", "end", "label", "rule"}` (and `"confidence"` in [0, 1] for
//! a model's, whose rule is `"model"`) appended to the line's
//! `suggestions` list, or a `"suggestions": […]` field added at the end of
//! the object when the line had none.

use std::borrow::Cow;

use serde::Deserialize;
use serde_json::value::RawValue;

use crate::model::{Document, Origin, Span};

/// What is wrong with a line; its line number is added by the caller.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum LineError {
    /// The bytes are not UTF-8.
    #[error("not UTF-8 (byte {0} of the line)")]
    NotUtf8(usize),
    /// The line is not a JSON object with a text.
    #[error("not JSON: {0}")]
    NotJson(String),
    /// The line is JSON but not an object.
    #[error("expected an object with a \"text\" string")]
    NotObject,
    /// A span's offsets do not fit the text.
    #[error("{field}[{index}]: [{start}, {end}) is not a range of the text's {len} chars")]
    BadRange {
        /// `spans` or `suggestions`.
        field: &'static str,
        /// The span's index in its list.
        index: usize,
        /// Its start.
        start: u64,
        /// Its end.
        end: u64,
        /// Chars in the text.
        len: usize,
    },
}

#[derive(Deserialize)]
struct Fields<'a> {
    #[serde(borrow)]
    text: Cow<'a, str>,
    #[serde(default, borrow)]
    spans: Option<Vec<SpanIn<'a>>>,
    #[serde(default, borrow)]
    suggestions: Option<&'a RawValue>,
    #[serde(default, borrow)]
    answer: Option<Cow<'a, str>>,
}

#[derive(Deserialize)]
struct SpanIn<'a> {
    start: u64,
    end: u64,
    #[serde(borrow)]
    label: Cow<'a, str>,
    #[serde(default, borrow)]
    answer: Option<Cow<'a, str>>,
}

/// A line read: the document to suggest on, and where its output goes.
#[derive(Debug)]
pub struct Line<'a> {
    /// The document: text, accepted spans, pending and rejected suggestions.
    pub doc: Document,
    raw: &'a str,
    /// Byte where new suggestions are inserted.
    insert_at: usize,
    /// What goes before the first new suggestion at `insert_at`.
    opening: &'static str,
    /// What goes after the last one.
    closing: &'static str,
    /// The list already has items: a new one starts with a comma.
    after_items: bool,
}

/// Reads one line (without its newline).
pub fn read(line: &[u8]) -> Result<Line<'_>, LineError> {
    let raw = std::str::from_utf8(line).map_err(|e| LineError::NotUtf8(e.valid_up_to()))?;
    let trimmed = raw.trim_end_matches([' ', '\t', '\r', '\n']);
    if !raw.trim_start().starts_with('{') {
        // serde would read an array as a struct's fields in order.
        return match serde_json::from_str::<serde::de::IgnoredAny>(raw) {
            Err(e) => Err(LineError::NotJson(super::json_cause(&e))),
            Ok(_) => Err(LineError::NotObject),
        };
    }
    let fields: Fields<'_> =
        serde_json::from_str(raw).map_err(|e| LineError::NotJson(super::json_cause(&e)))?;
    let mut doc = Document::new(String::new(), fields.text.into_owned());
    let len = || doc.text.chars().count();
    let mut text_len = None;
    let reject_all = fields.answer.as_deref() == Some("reject");
    for (index, span) in fields.spans.into_iter().flatten().enumerate() {
        let len = *text_len.get_or_insert_with(len);
        let made = make_span("spans", index, &span, len, Origin::Imported)?;
        let rejected = span.answer.as_deref().map_or(reject_all, |a| a == "reject");
        if rejected {
            doc.rejected.push(made);
        } else {
            doc.spans.push(made);
        }
    }
    let (insert_at, opening, closing, after_items) = match fields.suggestions {
        Some(list) => {
            let items: Vec<SpanIn<'_>> = serde_json::from_str(list.get()).map_err(|e| {
                LineError::NotJson(format!("suggestions: {}", super::json_cause(&e)))
            })?;
            for (index, span) in items.iter().enumerate() {
                let len = *text_len.get_or_insert_with(len);
                let made = make_span("suggestions", index, span, len, Origin::Imported)?;
                doc.suggestions.push(made);
            }
            // `list` is a slice of `raw`: its closing bracket is where new
            // items go.
            let list_end = offset_in(raw, list.get()) + list.get().len() - 1;
            (list_end, "", "", !items.is_empty())
        }
        None => (trimmed.len() - 1, ",\"suggestions\":[", "]", false),
    };
    doc.sort_spans();
    Ok(Line {
        doc,
        raw,
        insert_at,
        opening,
        closing,
        after_items,
    })
}

fn make_span(
    field: &'static str,
    index: usize,
    span: &SpanIn<'_>,
    len: usize,
    origin: Origin,
) -> Result<Span, LineError> {
    let bad = || LineError::BadRange {
        field,
        index,
        start: span.start,
        end: span.end,
        len,
    };
    let start = usize::try_from(span.start).map_err(|_| bad())?;
    let end = usize::try_from(span.end).map_err(|_| bad())?;
    if start >= end || end > len {
        return Err(bad());
    }
    Ok(Span::new(start, end, span.label.as_ref()).with_origin(origin))
}

/// Where `part`, a slice of `whole`, starts in it.
fn offset_in(whole: &str, part: &str) -> usize {
    (part.as_ptr() as usize).saturating_sub(whole.as_ptr() as usize)
}

/// The bytes inserted into a line, written a list of suggestions at a
/// time: one part per list, so a long insert is never copied as it grows.
#[derive(Debug)]
pub struct Insert {
    /// Where they go in the line (a byte offset).
    pub at: usize,
    /// The parts so far, to be written one after the other.
    pub parts: Vec<Vec<u8>>,
    closing: &'static str,
    comma: bool,
}

impl Insert {
    /// Adds suggestions, in text order.
    pub fn push(&mut self, new: &[Span]) {
        if new.is_empty() {
            return;
        }
        let mut part = Vec::with_capacity(72 * new.len());
        for span in new {
            if self.comma {
                part.push(b',');
            }
            self.comma = true;
            write_suggestion(span, &mut part);
        }
        self.parts.push(part);
    }

    /// The byte offset and the parts to insert there.
    pub fn finish(mut self) -> (usize, Vec<Vec<u8>>) {
        self.parts.push(self.closing.as_bytes().to_vec());
        (self.at, self.parts)
    }
}

impl Line<'_> {
    /// An insert to fill with [`Insert::push`]: the rest of the line stays
    /// as it came.
    pub fn start_insert(&self) -> Insert {
        Insert {
            at: self.insert_at,
            parts: vec![self.opening.as_bytes().to_vec()],
            closing: self.closing,
            comma: self.after_items,
        }
    }

    /// What to insert into the line for `new` suggestions, and at which
    /// byte.
    pub fn insert(&self, new: &[Span]) -> (usize, Vec<u8>) {
        let mut insert = self.start_insert();
        insert.push(new);
        let (at, parts) = insert.finish();
        (at, parts.concat())
    }

    /// Appends the whole line with `new` suggestions added to `out`.
    pub fn write(&self, new: &[Span], out: &mut Vec<u8>) {
        let (at, insert) = self.insert(new);
        let raw = self.raw.as_bytes();
        out.extend_from_slice(&raw[..at]);
        out.extend_from_slice(&insert);
        out.extend_from_slice(&raw[at..]);
    }
}

/// `{"start":…,"end":…,"label":…,"rule":…}`, and `"confidence"` for the
/// model's.
fn write_suggestion(span: &Span, out: &mut Vec<u8>) {
    use std::io::Write as _;
    let rule: Cow<'_, str> = match &span.origin {
        Origin::Rule(id) => Cow::Borrowed(id.as_str()),
        Origin::Model(_) => Cow::Borrowed("model"),
        other => Cow::Owned(other.to_string()),
    };
    // Writing to a Vec cannot fail.
    let _ = write!(
        out,
        "{{\"start\":{},\"end\":{},\"label\":",
        span.start.0, span.end.0
    );
    let _ = serde_json::to_writer(&mut *out, span.label.as_str());
    out.extend_from_slice(b",\"rule\":");
    let _ = serde_json::to_writer(&mut *out, rule.as_ref());
    if let Origin::Model(confidence) = span.origin {
        let _ = write!(out, ",\"confidence\":{:.4}", confidence.get());
    }
    out.push(b'}');
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sugg(start: usize, end: usize, label: &str, rule: &str) -> Span {
        Span::new(start, end, label).with_origin(Origin::Rule(rule.into()))
    }

    fn out(line: &str, new: &[Span]) -> String {
        let read = read(line.as_bytes()).expect("reads");
        let mut out = Vec::new();
        read.write(new, &mut out);
        String::from_utf8(out).expect("utf-8")
    }

    #[test]
    fn fields_numbers_and_spacing_kept_byte_for_byte() {
        let line =
            r#"{ "id" : 7, "text":"Kim met Moon", "score": 1.50e3, "x": {"y": [1, 2.0]} }  "#;
        let new = [sugg(0, 3, "PERSON", "people")];
        assert_eq!(
            out(line, &new),
            r#"{ "id" : 7, "text":"Kim met Moon", "score": 1.50e3, "x": {"y": [1, 2.0]} ,"suggestions":[{"start":0,"end":3,"label":"PERSON","rule":"people"}]}  "#
        );
    }

    #[test]
    fn existing_suggestions_kept_and_new_ones_appended() {
        let line = r#"{"text":"Kim met Moon","suggestions":[{"start":8,"end":12,"label":"PERSON","rule":"a"}],"z":1}"#;
        let read = read(line.as_bytes()).expect("reads");
        assert_eq!(
            read.doc.suggestions.len(),
            1,
            "the existing suggestion is read"
        );
        let new = [sugg(0, 3, "PERSON", "b")];
        assert_eq!(
            out(line, &new),
            r#"{"text":"Kim met Moon","suggestions":[{"start":8,"end":12,"label":"PERSON","rule":"a"},{"start":0,"end":3,"label":"PERSON","rule":"b"}],"z":1}"#
        );
        assert_eq!(out(line, &[]), line, "nothing new: the line as it was");
        let empty = r#"{"text":"Kim","suggestions":[ ]}"#;
        assert_eq!(
            out(empty, &new),
            r#"{"text":"Kim","suggestions":[ {"start":0,"end":3,"label":"PERSON","rule":"b"}]}"#
        );
    }

    #[test]
    fn spans_block_and_rejected_answers_become_rejections() {
        let line = r#"{"text":"Kim met Moon","spans":[{"start":0,"end":3,"label":"PERSON","token_start":0},{"start":8,"end":12,"label":"PERSON","answer":"reject"}]}"#;
        let read = read(line.as_bytes()).expect("reads");
        assert_eq!(read.doc.spans.len(), 1, "accepted span");
        assert_eq!(read.doc.rejected.len(), 1, "rejected span");
        let all =
            r#"{"text":"Kim","answer":"reject","spans":[{"start":0,"end":3,"label":"PERSON"}]}"#;
        let read = super::read(all.as_bytes()).expect("reads");
        assert_eq!(
            (read.doc.spans.len(), read.doc.rejected.len()),
            (0, 1),
            "a rejected task"
        );
    }

    #[test]
    fn escaped_text_is_unescaped_and_unicode_counts_chars() {
        let read = read(r#"{"text":"caf\u00e9 \"Z\u00fcrich\""}"#.as_bytes()).expect("reads");
        assert_eq!(read.doc.text, "café \"Zürich\"");
    }

    #[test]
    fn bad_lines_say_what_is_wrong() {
        let cases: [(&[u8], &str); 7] = [
            (
                b"{\"text\": 3}",
                "not JSON: invalid type: integer `3`, expected a string",
            ),
            (b"[\"a\"]", "expected an object with a \"text\" string"),
            (b"{\"txt\": \"a\"}", "not JSON: missing field `text`"),
            (
                b"{\"text\": \"ab\"",
                "not JSON: EOF while parsing an object",
            ),
            (b"{\"text\": \"a\xff\"}", "not UTF-8 (byte 11 of the line)"),
            (
                b"{\"text\": \"ab\", \"spans\": [{\"start\": 1, \"end\": 3, \"label\": \"X\"}]}",
                "spans[0]: [1, 3) is not a range of the text's 2 chars",
            ),
            (
                b"{\"text\": \"ab\", \"suggestions\": 5}",
                "not JSON: suggestions: invalid type: integer `5`, expected a sequence",
            ),
        ];
        for (line, want) in cases {
            let got = read(line).map(|_| ()).map_err(|e| e.to_string());
            let got = got.expect_err("refused");
            assert!(got.starts_with(want), "{got:?} should start with {want:?}");
        }
    }
}
