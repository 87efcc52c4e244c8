//! spaCy / Prodigy JSONL: one JSON object per line.
//!
//! Wire format (offsets are chars, half-open, as Python counts them):
//!
//! ```json
//! {"text": "Mike Pompeo met Kim", "spans": [{"start": 0, "end": 11, "label": "PERSON"}],
//!  "meta": {"id": "nk-1", "source": "bbc"}, "tokens": [{"text": "Mike", "start": 0, "end": 4, "id": 0}, …],
//!  "answer": "accept"}
//! ```
//!
//! Read: `text` (required), `spans` (optional; `token_start`/`token_end` are
//! ignored, the char offsets rule), `meta` (values kept as the JSON values they are), `tokens`
//! (kept as the document's source tokens). The id is the top-level `id`,
//! else `meta.id`, else the file name and line number. Prodigy's answers:
//! `accept` makes the spans accepted and the document done, `reject` makes
//! them rejected suggestions (never proposed again), `ignore` skips the
//! document and leaves its spans as pending suggestions; a span's own
//! `answer` wins over its task's. Several tasks about the same input (the
//! same `_input_hash`, or the same text where no id tells them apart:
//! Prodigy's binary decisions) become one document holding all their
//! decisions, reported. Top-level fields starting with `_` (`_input_hash`,
//! `_task_hash` …) are kept in `meta`; any other unknown field is reported,
//! as are exact duplicate spans (kept once).
//!
//! Written: `text`, `spans`, `meta` with the id, the `_` fields as they
//! were read, and `answer` for a done (`accept`, or `reject`) or skipped
//! (`ignore`) document. With `--tokens`: `tokens` and span
//! `token_start`/`token_end` (inclusive, as Prodigy writes them, both or
//! neither). With `--tokens`, or for a document read from Prodigy (it has
//! `_input_hash` or `_task_hash`): `answer` per span too, rejected
//! suggestions written as spans answered `reject`.

mod fields;
mod write;

use std::collections::HashSet;
use std::path::Path;

use serde_json::Value;

use super::{
    ExportOptions, Exported, Format, ImportError, Imported, Input, Report, numbered_id, syntax,
};
use crate::model::{Dataset, Document, Origin, Span, Status};
use crate::text::OffsetIndex;
use fields::{flatten_meta, source_tokens, suggestions};
pub use write::write;

/// spaCy / Prodigy JSONL.
pub struct Jsonl;

impl Format for Jsonl {
    fn name(&self) -> &'static str {
        "jsonl"
    }
    fn description(&self) -> &'static str {
        "spaCy / Prodigy JSONL: {\"text\", \"spans\": [{\"start\", \"end\", \"label\"}], \"meta\"}"
    }
    fn extensions(&self) -> &'static [&'static str] {
        &["jsonl", "ndjson"]
    }
    fn sniff(&self, head: &str) -> bool {
        super::first_json_line(head).is_some_and(|v| {
            v.get("text").is_some_and(Value::is_string)
                && (v.get("spans").is_some()
                    || (v.get("label").is_none() && v.get("entities").is_none()))
        })
    }
    fn parse(&self, input: &Input) -> Result<Imported, ImportError> {
        parse(input.text(), &input.path)
    }
    fn export(&self, dataset: &Dataset, docs: &[usize], options: &ExportOptions) -> Exported {
        write(dataset, docs, options)
    }
}

/// Top-level fields that are read into the document (the others are kept
/// in `meta` if they start with `_`, else reported).
const KNOWN: [&str; 7] = [
    "text",
    "spans",
    "meta",
    "tokens",
    "answer",
    "suggestions",
    "id",
];

/// Reads JSONL text (`path` names it in errors and ids).
pub fn parse(input: &str, path: &Path) -> Result<Imported, ImportError> {
    parse_from_line(input, path, 1)
}

/// Reads JSONL text whose first line is line `first_line` of `path` (a
/// stream read line by line): errors and ids name the right line, once.
pub fn parse_from_line(
    input: &str,
    path: &Path,
    first_line: usize,
) -> Result<Imported, ImportError> {
    let mut imported = Imported::default();
    let mut ids = HashSet::new();
    // Input -> the document it became, to merge Prodigy's several tasks
    // (binary decisions) about one input.
    let mut by_text: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for (i, line) in input.lines().enumerate() {
        let line_no = first_line + i;
        if line.trim().is_empty() {
            continue;
        }
        let value: Value = serde_json::from_str(line).map_err(|e| {
            syntax(
                path,
                line_no,
                format!("not JSON: {}", super::json_cause(&e)),
            )
        })?;
        let mut doc = document(&value, path, line_no, &mut imported.report)?;
        // Prodigy names an input by its hash; without one, a text without
        // an id of its own is the same input as an earlier same text.
        let key = match doc.meta.get("_input_hash") {
            Some(hash) => Some(format!("hash {hash}")),
            None if doc.id == numbered_id(path, line_no) => Some(format!("text {}", doc.text)),
            None => None,
        };
        if let Some(&first) = key.as_ref().and_then(|k| by_text.get(k)) {
            let into = &mut imported.documents[first];
            merge_task(into, doc, line_no, &mut imported.report);
            imported.has_overlaps |= super::overlapping(&into.spans);
            continue;
        }
        if !ids.insert(doc.id.clone()) {
            let unique = format!("{}-{line_no}", doc.id);
            imported.report.warn(
                &doc.id,
                "",
                format!("line {line_no}: the id is used before; renamed to {unique:?}"),
            );
            doc.id = unique;
            ids.insert(doc.id.clone());
        }
        imported.has_overlaps |= super::overlapping(&doc.spans);
        if let Some(key) = key {
            by_text.insert(key, imported.documents.len());
        }
        imported.documents.push(doc);
    }
    Ok(imported)
}

/// Merges a later task about the same text into the document of the first:
/// every decision kept, a span accepted in one and rejected in the other
/// stays accepted (and is reported).
fn merge_task(into: &mut Document, task: Document, line: usize, report: &mut Report) {
    report.warn(
        &into.id,
        "",
        format!(
            "line {line}: another task about the same text; its decisions are merged into this document"
        ),
    );
    let has = |list: &[Span], s: &Span| list.iter().any(|t| t.same_place_and_label(s));
    for span in task.spans {
        if !has(&into.spans, &span) {
            into.rejected.retain(|r| !r.same_place_and_label(&span));
            into.spans.push(span);
        }
    }
    for span in task.rejected {
        if has(&into.spans, &span) {
            let index = OffsetIndex::new(&into.text);
            let text = index.slice(span.start, span.end).unwrap_or("");
            report.warn(
                &into.id,
                text,
                format!("line {line}: {span} is rejected here but accepted in an earlier task; kept accepted"),
            );
        } else if !has(&into.rejected, &span) {
            into.rejected.push(span);
        }
    }
    for span in task.suggestions {
        if !has(&into.suggestions, &span) && !has(&into.spans, &span) && !has(&into.rejected, &span)
        {
            into.suggestions.push(span);
        }
    }
    into.suggestions
        .retain(|s| !has(&into.spans, s) && !has(&into.rejected, s));
    if into.status == Status::Skipped || task.status == Status::Done {
        into.status = task.status;
    }
    into.sort_spans();
}

/// The document id: top-level `id` (doccano, Argilla, many scripts), else
/// `meta.id`, else the file name and line number.
fn document_id(value: &Value, path: &Path, line: usize) -> String {
    let as_id = |v: &Value| match v {
        Value::String(s) if !s.is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    };
    value
        .get("id")
        .and_then(as_id)
        .or_else(|| value.get("meta").and_then(|m| m.get("id")).and_then(as_id))
        .unwrap_or_else(|| numbered_id(path, line))
}

/// A span's own `answer`, if it has one.
fn span_answer(span: &Value) -> Option<&str> {
    span.get("answer").and_then(Value::as_str)
}

fn document(
    value: &Value,
    path: &Path,
    line: usize,
    report: &mut Report,
) -> Result<Document, ImportError> {
    let text = value
        .get("text")
        .and_then(Value::as_str)
        .ok_or_else(|| syntax(path, line, "expected an object with a \"text\" string"))?;
    let len = text.chars().count();
    let id = document_id(value, path, line);
    let mut doc = Document::new(id, text);
    doc.meta = flatten_meta(value.get("meta"));
    doc.meta.remove("id");
    if let Value::Object(fields) = value {
        for (key, field) in fields {
            if KNOWN.contains(&key.as_str()) {
                continue;
            }
            if key.starts_with('_') {
                // Prodigy's _input_hash, _task_hash, _session_id …: kept,
                // and written back as the values they were.
                doc.meta.insert(key.clone(), field.clone());
            } else {
                let hint = if matches!(key.as_str(), "label" | "entities") {
                    "; doccano files hold their spans there: import with --format doccano"
                } else {
                    ""
                };
                report.warn(
                    &doc.id,
                    "",
                    format!("line {line}: the field {key:?} is not read by the jsonl format and left out{hint}"),
                );
            }
        }
    }
    let task_answer = value.get("answer").and_then(Value::as_str);
    if let Some(answer) = task_answer
        && !matches!(answer, "accept" | "reject" | "ignore")
    {
        return Err(syntax(
            path,
            line,
            format!("answer {answer:?}: expected \"accept\", \"reject\" or \"ignore\""),
        ));
    }
    let (mut spans, mut rejected, mut pending) =
        answered_spans(value, task_answer, len, path, line)?;
    let index = OffsetIndex::new(text);
    for list in [&mut spans, &mut rejected, &mut pending] {
        sort_and_merge(list, &doc.id, &index, line, report);
    }
    doc.tokens = source_tokens(value, len, path, line)?;
    doc.suggestions = suggestions(value, len, path, line)?;
    doc.suggestions.extend(pending);
    doc.suggestions
        .sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    doc.suggestions.dedup_by(|a, b| a.same_place_and_label(b));
    doc.status = match task_answer {
        Some("accept" | "reject") => Status::Done,
        Some(_) => Status::Skipped,
        None => Status::New,
    };
    doc.spans = spans;
    doc.rejected = rejected;
    Ok(doc)
}

/// Spans by their answer: (accepted, rejected, ignored).
type Answered = (Vec<Span>, Vec<Span>, Vec<Span>);

/// The `spans` list, sorted by their answers (a span's own, else its
/// task's): (accepted, rejected, ignored).
fn answered_spans(
    value: &Value,
    task_answer: Option<&str>,
    len: usize,
    path: &Path,
    line: usize,
) -> Result<Answered, ImportError> {
    let mut spans = Vec::new();
    let mut rejected = Vec::new();
    let mut pending = Vec::new();
    for (k, span) in value
        .get("spans")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .enumerate()
    {
        let field = |name: &str| span.get(name);
        let offset = |name: &str| {
            field(name)
                .and_then(Value::as_u64)
                .and_then(|n| usize::try_from(n).ok())
                .ok_or_else(|| {
                    syntax(
                        path,
                        line,
                        format!("spans[{k}]: expected a whole number \"{name}\""),
                    )
                })
        };
        let (start, end) = (offset("start")?, offset("end")?);
        let label = field("label").and_then(Value::as_str).ok_or_else(|| {
            syntax(
                path,
                line,
                format!("spans[{k}]: expected a \"label\" string"),
            )
        })?;
        if start >= end || end > len {
            return Err(syntax(
                path,
                line,
                format!(
                    "spans[{k}]: [{start}, {end}) is empty or past the end of the text ({len} chars)"
                ),
            ));
        }
        let made = Span::new(start, end, label).with_origin(Origin::Imported);
        // A span's own answer wins over its task's.
        match span_answer(span).or(task_answer) {
            Some("reject") => rejected.push(made),
            Some("ignore") => pending.push(made),
            Some("accept") | None => spans.push(made),
            Some(other) => {
                return Err(syntax(
                    path,
                    line,
                    format!(
                        "spans[{k}]: answer {other:?}: expected \"accept\", \"reject\" or \"ignore\""
                    ),
                ));
            }
        }
    }
    Ok((spans, rejected, pending))
}

/// Sorts spans and merges exact duplicates, reporting each merge.
fn sort_and_merge(
    spans: &mut Vec<Span>,
    id: &str,
    index: &OffsetIndex<'_>,
    line: usize,
    report: &mut Report,
) {
    spans.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    let before = spans.len();
    let mut merged = Vec::new();
    spans.dedup_by(|a, b| {
        let same = a.same_place_and_label(b);
        if same {
            merged.push(b.clone());
        }
        same
    });
    debug_assert_eq!(
        before,
        spans.len() + merged.len(),
        "every span is kept or merged"
    );
    for span in merged {
        let text = index.slice(span.start, span.end).unwrap_or("");
        report.warn(
            id,
            text,
            format!("line {line}: {span} is listed twice; kept once"),
        );
    }
}
