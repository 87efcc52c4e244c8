//! Label Studio JSON export: a list of tasks.
//!
//! Wire format (offsets are **UTF-16 code units**, half-open, which is what
//! Label Studio's JavaScript counts; spanlab converts them to chars):
//!
//! ```json
//! [{"id": 1, "data": {"text": "Mike Pompeo met Kim", "id": "nk-1"},
//!   "annotations": [{"result": [{"id": "s1", "from_name": "label", "to_name": "text", "type": "labels",
//!     "value": {"start": 0, "end": 11, "text": "Mike Pompeo", "labels": ["PERSON"]}}]}],
//!   "predictions": [{"result": […]}]}]
//! ```
//!
//! Read: `data.text` (or the first string in `data`), the first annotation's
//! `labels` results as spans (a result with several labels becomes one span
//! per label; later annotations are reported, not merged), `predictions` as
//! pending suggestions. The id is `data.id`, else the task `id`; the other
//! `data` fields are kept in `meta` as the values they are. Written: one
//! task per document with `data.text`, `data.id`, the `meta` fields and one
//! annotation (none for a document nobody annotated).

use std::path::Path;

use serde_json::{Value, json};

use super::{ExportOptions, Exported, Format, ImportError, Imported, Input, Report, syntax};
use crate::model::{Dataset, Document, Origin, Span, Status, Utf16Offset};
use crate::text::OffsetIndex;

/// Label Studio's JSON tasks.
pub struct LabelStudio;

impl Format for LabelStudio {
    fn name(&self) -> &'static str {
        "label-studio"
    }
    fn description(&self) -> &'static str {
        "Label Studio JSON tasks (offsets in UTF-16 units): data.text + annotations[].result[]"
    }
    fn extensions(&self) -> &'static [&'static str] {
        &["json"]
    }
    fn sniff(&self, head: &str) -> bool {
        let start = head.trim_start();
        start.starts_with('[')
            && head.contains("\"data\"")
            && (head.contains("\"annotations\"") || head.contains("\"predictions\""))
    }
    fn parse(&self, input: &Input) -> Result<Imported, ImportError> {
        parse(input.text(), &input.path)
    }
    fn export(&self, dataset: &Dataset, docs: &[usize], _options: &ExportOptions) -> Exported {
        write(dataset, docs)
    }
}

/// Reads a Label Studio task list.
pub fn parse(input: &str, path: &Path) -> Result<Imported, ImportError> {
    let value: Value = serde_json::from_str(input).map_err(|e| {
        syntax(
            path,
            e.line(),
            format!("not JSON: {}", super::json_cause(&e)),
        )
    })?;
    let tasks = value
        .as_array()
        .ok_or_else(|| syntax(path, 1, "expected a JSON list of tasks"))?;
    let lines = element_lines(input);
    let mut imported = Imported::default();
    for (t, task) in tasks.iter().enumerate() {
        let line = lines.get(t).copied().unwrap_or(1);
        let place = |what: &str| syntax(path, line, format!("task {}: {what}", t + 1));
        let data = task
            .get("data")
            .ok_or_else(|| place("expected a \"data\" object"))?;
        let text = data
            .get("text")
            .and_then(Value::as_str)
            .or_else(|| {
                data.as_object()
                    .and_then(|m| m.values().find_map(Value::as_str))
            })
            .ok_or_else(|| place("expected \"data\" with a \"text\" string"))?;
        let id = match (data.get("id"), task.get("id")) {
            (Some(Value::String(s)), _) | (None, Some(Value::String(s))) => s.clone(),
            (Some(Value::Number(n)), _) | (None, Some(Value::Number(n))) => n.to_string(),
            _ => format!("task-{:04}", t + 1),
        };
        let mut doc = Document::new(id, text);
        keep_data_fields(data, &mut doc);
        let index = OffsetIndex::new(text);
        let annotations = task.get("annotations").and_then(Value::as_array);
        if let Some(first) = annotations.and_then(|a| a.first()) {
            doc.spans = results(
                first,
                &index,
                &doc.id,
                (t, line),
                path,
                &mut imported.report,
            )?;
            doc.status = crate::model::Status::Done;
        }
        if annotations.is_some_and(|a| a.len() > 1) {
            imported.report.warn(&doc.id, "", "more than one annotation; only the first was imported (merge annotators with `spanlab merge`)");
        }
        for prediction in task
            .get("predictions")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let mut spans = results(
                prediction,
                &index,
                &doc.id,
                (t, line),
                path,
                &mut imported.report,
            )?;
            doc.suggestions.append(&mut spans);
        }
        doc.sort_spans();
        doc.spans.dedup_by(|a, b| a.same_place_and_label(b));
        doc.suggestions.dedup_by(|a, b| a.same_place_and_label(b));
        imported.has_overlaps |= super::overlapping(&doc.spans);
        imported.documents.push(doc);
    }
    Ok(imported)
}

fn results(
    annotation: &Value,
    index: &OffsetIndex<'_>,
    doc_id: &str,
    (task, line): (usize, usize),
    path: &Path,
    report: &mut Report,
) -> Result<Vec<Span>, ImportError> {
    let task = task + 1;
    let mut spans = Vec::new();
    for (r, result) in annotation
        .get("result")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .enumerate()
    {
        let Some(value) = result.get("value") else {
            continue;
        };
        let Some(labels) = value.get("labels").and_then(Value::as_array) else {
            report.warn(
                doc_id,
                "",
                format!(
                    "result {r} is not a span label (type {}); skipped",
                    result.get("type").unwrap_or(&Value::Null)
                ),
            );
            continue;
        };
        let offset = |k: &str| {
            value
                .get(k)
                .and_then(Value::as_u64)
                .and_then(|n| usize::try_from(n).ok())
        };
        let (Some(start), Some(end)) = (offset("start"), offset("end")) else {
            return Err(syntax(
                path,
                line,
                format!("task {task}, result {r}: expected whole-number \"start\" and \"end\""),
            ));
        };
        let to_char = |u: usize| index.utf16_to_char(Utf16Offset(u));
        let (Some(s), Some(e)) = (to_char(start), to_char(end)) else {
            return Err(syntax(
                path,
                line,
                format!(
                    "task {task}, result {r}: UTF-16 offsets [{start}, {end}) fall outside the text or inside a character"
                ),
            ));
        };
        if s >= e {
            return Err(syntax(
                path,
                line,
                format!("task {task}, result {r}: [{start}, {end}) is empty"),
            ));
        }
        if let Some(expected) = value.get("text").and_then(Value::as_str)
            && index.slice(s, e) != Some(expected)
        {
            report.warn(doc_id, expected, format!("result {r}: its \"text\" differs from the text at [{start}, {end}); the offsets were kept"));
        }
        for label in labels.iter().filter_map(Value::as_str) {
            spans.push(Span {
                start: s,
                end: e,
                label: label.into(),
                origin: Origin::Imported,
                note: None,
            });
        }
    }
    Ok(spans)
}

/// Writes documents as a Label Studio task list.
pub fn write(dataset: &Dataset, docs: &[usize]) -> Exported {
    let mut report = Report::default();
    for &i in docs {
        report.check_whitespace(&dataset.documents[i]);
    }
    let tasks: Vec<Value> = docs
        .iter()
        .enumerate()
        .map(|(t, &i)| {
            let doc = &dataset.documents[i];
            let index = OffsetIndex::new(&doc.text);
            let result: Vec<Value> = doc
                .spans
                .iter()
                .enumerate()
                .map(|(k, span)| result_of(&index, k, span))
                .collect();
            let mut data = serde_json::Map::new();
            for (key, value) in &doc.meta {
                data.insert(key.clone(), value.clone());
            }
            data.insert("id".into(), json!(doc.id));
            data.insert("text".into(), json!(doc.text));
            let mut task = json!({"id": t + 1, "data": data});
            // A document nobody annotated goes without an annotation, so a
            // re-import keeps it new; its suggestions go as predictions.
            let annotated = doc.status != Status::New || !doc.spans.is_empty();
            task["annotations"] = if annotated {
                json!([{"result": result}])
            } else {
                json!([])
            };
            if !doc.suggestions.is_empty() {
                let predicted: Vec<Value> = doc
                    .suggestions
                    .iter()
                    .enumerate()
                    .map(|(k, span)| result_of(&index, k, span))
                    .collect();
                task["predictions"] = json!([{"result": predicted}]);
            }
            task
        })
        .collect();
    let mut out = serde_json::to_string_pretty(&tasks).unwrap_or_default();
    out.push('\n');
    Exported {
        files: vec![(String::new(), out)],
        report,
    }
}

/// Keeps the task's `data` fields other than its text and id in `meta`,
/// as the values they are (written back into `data` on export).
fn keep_data_fields(data: &Value, doc: &mut Document) {
    let Some(map) = data.as_object() else {
        return;
    };
    for (key, value) in map {
        let is_text = value.as_str() == Some(doc.text.as_str());
        if !matches!(key.as_str(), "id" | "text") && !is_text {
            doc.meta.insert(key.clone(), value.clone());
        }
    }
}

/// One span as a Label Studio result.
fn result_of(index: &OffsetIndex<'_>, k: usize, span: &Span) -> Value {
    let u = |c| index.char_to_utf16(c).map_or(0, |u| u.0);
    json!({
        "id": format!("s{}", k + 1),
        "from_name": "label",
        "to_name": "text",
        "type": "labels",
        "value": {
            "start": u(span.start),
            "end": u(span.end),
            "text": index.slice(span.start, span.end).unwrap_or(""),
            "labels": [span.label],
        },
    })
}

/// The 1-based line on which each element of a top-level JSON array
/// starts, for messages (the input is known to parse).
fn element_lines(input: &str) -> Vec<usize> {
    let mut lines = Vec::new();
    let (mut depth, mut line) = (0usize, 1usize);
    let (mut in_string, mut escaped, mut expecting) = (false, false, false);
    for b in input.bytes() {
        if b == b'\n' {
            line += 1;
        }
        if in_string {
            match (escaped, b) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'"') => in_string = false,
                _ => {}
            }
            continue;
        }
        if expecting && !b.is_ascii_whitespace() && b != b']' {
            lines.push(line);
            expecting = false;
        }
        match b {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth += 1;
                expecting = depth == 1 && b == b'[';
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            b',' if depth == 1 => expecting = true,
            _ => {}
        }
    }
    lines
}
