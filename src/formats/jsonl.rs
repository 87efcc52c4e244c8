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
//! ignored, the char offsets rule), `meta` (values kept as text), `tokens`
//! (kept as the document's source tokens), `answer` (`accept` -> done,
//! `reject` -> the spans become rejected suggestions, `ignore` -> skipped).
//! The id is `meta.id`, else the file name and line number. Written: `text`,
//! `spans`, `meta` with the id, and on request `tokens`, span
//! `token_start`/`token_end` (inclusive, as Prodigy writes them) and
//! `"answer": "accept"`.

use std::collections::{BTreeMap, HashSet};
use std::path::Path;

use serde::Serialize;
use serde_json::Value;

use super::{
    ExportOptions, Exported, Format, ImportError, Imported, Report, numbered_id, read_text, syntax,
};
use crate::model::{Dataset, Document, Origin, Span, Status};
use crate::text::{OffsetIndex, document_tokens};

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
    fn import(&self, path: &Path) -> Result<Imported, ImportError> {
        parse(&read_text(path)?, path)
    }
    fn export(&self, dataset: &Dataset, docs: &[usize], options: &ExportOptions) -> Exported {
        write(dataset, docs, options)
    }
}

/// Reads JSONL text (`path` names it in errors and ids).
pub fn parse(input: &str, path: &Path) -> Result<Imported, ImportError> {
    let mut imported = Imported::default();
    let mut ids = HashSet::new();
    for (i, line) in input.lines().enumerate() {
        let line_no = i + 1;
        if line.trim().is_empty() {
            continue;
        }
        let value: Value = serde_json::from_str(line)
            .map_err(|e| syntax(path, line_no, format!("not JSON: {e}")))?;
        let mut doc = document(&value, path, line_no)?;
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
        imported.documents.push(doc);
    }
    Ok(imported)
}

fn document(value: &Value, path: &Path, line: usize) -> Result<Document, ImportError> {
    let text = value
        .get("text")
        .and_then(Value::as_str)
        .ok_or_else(|| syntax(path, line, "expected an object with a \"text\" string"))?;
    let len = text.chars().count();
    let meta = flatten_meta(value.get("meta"));
    let id = meta
        .get("id")
        .cloned()
        .unwrap_or_else(|| numbered_id(path, line));
    let mut doc = Document::new(id, text);
    doc.meta = meta;
    doc.meta.remove("id");
    let mut spans = Vec::new();
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
        spans.push(Span::new(start, end, label).with_origin(Origin::Imported));
    }
    spans.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    spans.dedup_by(|a, b| a.same_place_and_label(b));
    doc.tokens = source_tokens(value, len, path, line)?;
    doc.suggestions = suggestions(value, len, path, line)?;
    match value.get("answer").and_then(Value::as_str) {
        Some("accept") => {
            doc.status = Status::Done;
            doc.spans = spans;
        }
        Some("reject") => {
            doc.status = Status::Done;
            doc.rejected = spans;
        }
        Some("ignore") => {
            doc.status = Status::Skipped;
            doc.spans = spans;
        }
        _ => doc.spans = spans,
    }
    Ok(doc)
}

/// The `suggestions` list `spanlab suggest -` writes, as pending suggestions.
fn suggestions(
    value: &Value,
    len: usize,
    path: &Path,
    line: usize,
) -> Result<Vec<Span>, ImportError> {
    let mut out = Vec::new();
    for (k, s) in value
        .get("suggestions")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .enumerate()
    {
        let n = |key: &str| {
            s.get(key)
                .and_then(Value::as_u64)
                .and_then(|n| usize::try_from(n).ok())
        };
        let (Some(start), Some(end), Some(label)) =
            (n("start"), n("end"), s.get("label").and_then(Value::as_str))
        else {
            return Err(syntax(
                path,
                line,
                format!("suggestions[{k}]: expected {{\"start\", \"end\", \"label\"}}"),
            ));
        };
        if start >= end || end > len {
            return Err(syntax(
                path,
                line,
                format!("suggestions[{k}]: [{start}, {end}) is empty or past the end of the text"),
            ));
        }
        let origin = match s.get("rule").and_then(Value::as_str) {
            Some("learned") => Origin::Learned,
            Some(rule) => Origin::Rule(rule.into()),
            None => Origin::Imported,
        };
        out.push(Span::new(start, end, label).with_origin(origin));
    }
    out.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    out.dedup_by(|a, b| a.same_place_and_label(b));
    Ok(out)
}

/// The `tokens` list, if any, as char ranges.
fn source_tokens(
    value: &Value,
    len: usize,
    path: &Path,
    line: usize,
) -> Result<Option<Vec<(usize, usize)>>, ImportError> {
    let Some(tokens) = value.get("tokens").and_then(Value::as_array) else {
        return Ok(None);
    };
    let parsed: Option<Vec<(usize, usize)>> = tokens
        .iter()
        .map(|t| {
            let n = |k: &str| {
                t.get(k)
                    .and_then(Value::as_u64)
                    .and_then(|n| usize::try_from(n).ok())
            };
            Some((n("start")?, n("end")?))
        })
        .collect();
    let parsed = parsed.ok_or_else(|| {
        syntax(
            path,
            line,
            "tokens: expected objects with \"start\" and \"end\"",
        )
    })?;
    let ordered = parsed.windows(2).all(|w| w[0].1 <= w[1].0)
        && parsed.iter().all(|&(s, e)| s < e && e <= len);
    if !ordered {
        return Err(syntax(
            path,
            line,
            "tokens: offsets out of order or past the end of the text",
        ));
    }
    Ok(Some(parsed))
}

/// Meta values as text: strings as they are, anything else as JSON.
fn flatten_meta(meta: Option<&Value>) -> BTreeMap<String, String> {
    let Some(Value::Object(map)) = meta else {
        return BTreeMap::new();
    };
    map.iter()
        .map(|(k, v)| {
            let text = match v {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            (k.clone(), text)
        })
        .collect()
}

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
    #[serde(skip_serializing_if = "Option::is_none")]
    token_start: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    token_end: Option<usize>,
    label: &'a str,
}

#[derive(Serialize)]
struct OutLine<'a> {
    text: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    tokens: Option<Vec<OutToken<'a>>>,
    spans: Vec<OutSpan<'a>>,
    meta: BTreeMap<&'a str, &'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    answer: Option<&'a str>,
}

/// Writes documents as JSONL.
pub fn write(dataset: &Dataset, docs: &[usize], options: &ExportOptions) -> Exported {
    let mut out = String::new();
    let mut report = Report::default();
    for &i in docs {
        let doc = &dataset.documents[i];
        report.check_whitespace(doc);
        let index = OffsetIndex::new(&doc.text);
        let tokens = options.with_tokens.then(|| document_tokens(doc));
        let spans = doc
            .spans
            .iter()
            .map(|span| {
                let (token_start, token_end) = match &tokens {
                    Some(tokens) => {
                        let first = tokens.binary_search_by_key(&span.start, |t| t.start).ok();
                        let last = tokens.binary_search_by_key(&span.end, |t| t.end).ok();
                        if first.is_none() || last.is_none() {
                            let text = index.slice(span.start, span.end).unwrap_or("");
                            report.warn(&doc.id, text, format!("{span}: an edge falls inside a token; written without token_start/token_end"));
                        }
                        (first, last)
                    }
                    None => (None, None),
                };
                OutSpan {
                    start: span.start.0,
                    end: span.end.0,
                    token_start,
                    token_end,
                    label: &span.label,
                }
            })
            .collect();
        let mut meta: BTreeMap<&str, &str> = doc
            .meta
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        meta.insert("id", &doc.id);
        let line = OutLine {
            text: &doc.text,
            tokens: tokens.as_ref().map(|tokens| {
                tokens
                    .iter()
                    .enumerate()
                    .map(|(id, t)| OutToken {
                        text: index.slice(t.start, t.end).unwrap_or(""),
                        start: t.start.0,
                        end: t.end.0,
                        id,
                    })
                    .collect()
            }),
            spans,
            meta,
            answer: options.with_tokens.then_some("accept"),
        };
        // Our own types always serialize.
        if let Ok(json) = serde_json::to_string(&line) {
            out.push_str(&json);
            out.push('\n');
        }
    }
    Exported {
        files: vec![(String::new(), out)],
        report,
    }
}
