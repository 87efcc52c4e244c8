//! Writing spaCy / Prodigy JSONL (the wire format is in the module above).

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::Value;

use super::super::{ExportOptions, Exported, Report};
use crate::model::{Dataset, Document, Status};
use crate::text::{OffsetIndex, document_tokens};

#[derive(Serialize)]
struct OutToken<'a> {
    text: &'a str,
    start: usize,
    end: usize,
    id: usize,
}

#[derive(Serialize)]
struct OutSpan<'a> {
    start: usize,
    end: usize,
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    tokens: Option<TokenRange>,
    label: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    answer: Option<&'static str>,
}

/// A span's first and last token (inclusive): both or neither.
#[derive(Serialize)]
struct TokenRange {
    token_start: usize,
    token_end: usize,
}

#[derive(Serialize)]
struct OutLine<'a> {
    text: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    tokens: Option<Vec<OutToken<'a>>>,
    spans: Vec<OutSpan<'a>>,
    meta: BTreeMap<&'a str, &'a Value>,
    #[serde(flatten)]
    kept: BTreeMap<&'a str, &'a Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    answer: Option<&'static str>,
}

/// The answer Prodigy would have recorded for a document: done is `accept`
/// (`reject` when it holds only rejected suggestions), skipped is `ignore`,
/// a document not decided yet has none.
fn task_answer(doc: &Document) -> Option<&'static str> {
    match doc.status {
        Status::Skipped => Some("ignore"),
        Status::Done if doc.spans.is_empty() && !doc.rejected.is_empty() => Some("reject"),
        Status::Done => Some("accept"),
        Status::New | Status::InProgress => None,
    }
}

/// Writes documents as JSONL. A done or skipped document gets its `answer`.
/// With tokens (Prodigy's shape), or for a document read from Prodigy (it
/// has `_input_hash` or `_task_hash`), each span gets its own answer and
/// rejected suggestions are written as spans answered `reject`. The `_`
/// fields read are written back as they were.
pub fn write(dataset: &Dataset, docs: &[usize], options: &ExportOptions) -> Exported {
    super::super::write_in_parallel(dataset, docs, &|doc, out, report| {
        write_document(doc, options, out, report);
    })
}

/// One document's line, its problems into `report`.
fn write_document(doc: &Document, options: &ExportOptions, out: &mut String, report: &mut Report) {
    {
        report.check_whitespace(doc);
        // Char offsets are written as they are; the index is needed only
        // to cut token texts.
        let index = options.with_tokens.then(|| OffsetIndex::new(&doc.text));
        let slice = |start, end| {
            index
                .as_ref()
                .and_then(|i| i.slice(start, end))
                .unwrap_or("")
        };
        let prodigy = options.with_tokens
            || doc.meta.contains_key("_input_hash")
            || doc.meta.contains_key("_task_hash");
        let tokens = options.with_tokens.then(|| document_tokens(doc));
        let rejected = if prodigy {
            doc.rejected.as_slice()
        } else {
            &[]
        };
        let spans = doc
            .spans
            .iter()
            .map(|s| (s, "accept"))
            .chain(rejected.iter().map(|s| (s, "reject")))
            .map(|(span, answer)| {
                let range = tokens.as_ref().and_then(|tokens| {
                    let first = tokens.binary_search_by_key(&span.start, |t| t.start).ok();
                    let last = tokens.binary_search_by_key(&span.end, |t| t.end).ok();
                    if let (Some(token_start), Some(token_end)) = (first, last) {
                        Some(TokenRange {
                            token_start,
                            token_end,
                        })
                    } else {
                        let text = slice(span.start, span.end);
                        report.warn(&doc.id, text, format!("{span}: an edge falls inside a token; written without token_start/token_end"));
                        None
                    }
                });
                OutSpan {
                    start: span.start.0,
                    end: span.end.0,
                    tokens: range,
                    label: &span.label,
                    answer: prodigy.then_some(answer),
                }
            })
            .collect();
        let mut meta: BTreeMap<&str, &Value> = BTreeMap::new();
        let mut kept: BTreeMap<&str, &Value> = BTreeMap::new();
        for (key, value) in &doc.meta {
            if key.starts_with('_') {
                kept.insert(key, value);
            } else {
                meta.insert(key, value);
            }
        }
        let id = Value::String(doc.id.clone());
        meta.insert("id", &id);
        let line = OutLine {
            text: &doc.text,
            tokens: tokens.as_ref().map(|tokens| {
                tokens
                    .iter()
                    .enumerate()
                    .map(|(id, t)| OutToken {
                        text: slice(t.start, t.end),
                        start: t.start.0,
                        end: t.end.0,
                        id,
                    })
                    .collect()
            }),
            spans,
            meta,
            kept,
            answer: task_answer(doc),
        };
        // Our own types always serialize.
        if let Ok(json) = serde_json::to_string(&line) {
            out.push_str(&json);
            out.push('\n');
        }
    }
}
