//! doccano JSONL, sequence labelling.
//!
//! Wire format (offsets are chars, half-open). doccano writes either form:
//!
//! ```json
//! {"id": 1, "text": "EU rejects German call", "label": [[0, 2, "ORG"], [11, 17, "MISC"]]}
//! {"id": 2, "text": "Peter Blackburn", "entities": [{"id": 7, "start_offset": 0, "end_offset": 15, "label": "PERSON"}]}
//! ```
//!
//! Both are read; other fields (`Comments`, metadata) go to `meta` as the JSON values they are.
//! The id is the `id` field, else the file name and line number. Written in
//! the `label` form with `id` and `text`.

use std::collections::HashSet;
use std::path::Path;

use serde_json::{Value, json};

use super::{
    ExportOptions, Exported, Format, ImportError, Imported, Input, Report, numbered_id, syntax,
};
use crate::model::{Dataset, Document, Origin, Span};

/// doccano's JSONL.
pub struct Doccano;

impl Format for Doccano {
    fn name(&self) -> &'static str {
        "doccano"
    }
    fn description(&self) -> &'static str {
        "doccano JSONL: {\"text\", \"label\": [[start, end, \"LABEL\"]]} or \"entities\": [{\"start_offset\", …}]"
    }
    fn extensions(&self) -> &'static [&'static str] {
        &[]
    }
    fn sniff(&self, head: &str) -> bool {
        super::first_json_line(head).is_some_and(|v| {
            v.get("text").is_some_and(Value::is_string)
                && (v.get("label").is_some_and(Value::is_array)
                    || v.get("entities").is_some_and(Value::is_array))
        })
    }
    fn parse(&self, input: &Input) -> Result<Imported, ImportError> {
        parse(input.text(), &input.path)
    }
    fn export(&self, dataset: &Dataset, docs: &[usize], _options: &ExportOptions) -> Exported {
        write(dataset, docs)
    }
}

/// Keeps the fields doccano does not define in `meta`; a `spans` field
/// (spaCy's) is reported, as its spans are not read.
fn keep_other_fields(value: &Value, doc: &mut Document, line: usize, report: &mut Report) {
    let Value::Object(map) = value else {
        return;
    };
    for (k, v) in map {
        if matches!(
            k.as_str(),
            "id" | "text" | "label" | "entities" | "relations"
        ) {
            continue;
        }
        if k == "spans" {
            report.warn(
                &doc.id,
                "",
                format!("line {line}: the field \"spans\" is not read by the doccano format (kept in meta); spaCy/Prodigy files hold their spans there: import with --format jsonl"),
            );
        }
        doc.meta.insert(k.clone(), v.clone());
    }
}

/// Reads doccano JSONL text.
pub fn parse(input: &str, path: &Path) -> Result<Imported, ImportError> {
    let mut imported = Imported::default();
    let mut ids = HashSet::new();
    for (i, line) in input.lines().enumerate() {
        let line_no = i + 1;
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
        let text = value
            .get("text")
            .and_then(Value::as_str)
            .ok_or_else(|| syntax(path, line_no, "expected an object with a \"text\" string"))?;
        let len = text.chars().count();
        let id = match value.get("id") {
            Some(Value::String(s)) => s.clone(),
            Some(Value::Number(n)) => n.to_string(),
            _ => numbered_id(path, line_no),
        };
        let mut doc = Document::new(id, text);
        let mut raw = Vec::new();
        if let Some(labels) = value.get("label").and_then(Value::as_array) {
            for (k, item) in labels.iter().enumerate() {
                let triple = item.as_array().filter(|a| a.len() == 3);
                let parsed =
                    triple.and_then(|a| Some((as_usize(&a[0])?, as_usize(&a[1])?, a[2].as_str()?)));
                let (s, e, l) = parsed.ok_or_else(|| {
                    syntax(
                        path,
                        line_no,
                        format!("label[{k}]: expected [start, end, \"LABEL\"]"),
                    )
                })?;
                raw.push((s, e, l.to_owned()));
            }
        }
        if let Some(entities) = value.get("entities").and_then(Value::as_array) {
            for (k, item) in entities.iter().enumerate() {
                let parsed = (|| {
                    Some((
                        as_usize(item.get("start_offset")?)?,
                        as_usize(item.get("end_offset")?)?,
                        item.get("label")?.as_str()?,
                    ))
                })();
                let (s, e, l) = parsed.ok_or_else(|| {
                    syntax(path, line_no, format!("entities[{k}]: expected {{\"start_offset\", \"end_offset\", \"label\"}}"))
                })?;
                raw.push((s, e, l.to_owned()));
            }
        }
        for (s, e, l) in raw {
            if s >= e || e > len {
                return Err(syntax(
                    path,
                    line_no,
                    format!("span [{s}, {e}) is empty or past the end of the text ({len} chars)"),
                ));
            }
            doc.spans
                .push(Span::new(s, e, l).with_origin(Origin::Imported));
        }
        doc.sort_spans();
        doc.spans.dedup_by(|a, b| a.same_place_and_label(b));
        keep_other_fields(&value, &mut doc, line_no, &mut imported.report);
        if !ids.insert(doc.id.clone()) {
            let unique = format!("{}-{line_no}", doc.id);
            imported.report.warn(
                &doc.id,
                "",
                format!("line {line_no}: the id is used before; renamed to {unique:?}"),
            );
            doc.id = unique;
        }
        imported.has_overlaps |= super::overlapping(&doc.spans);
        imported.documents.push(doc);
    }
    Ok(imported)
}

fn as_usize(v: &Value) -> Option<usize> {
    v.as_u64().and_then(|n| usize::try_from(n).ok())
}

/// Writes documents as doccano JSONL (the `label` form).
pub fn write(dataset: &Dataset, docs: &[usize]) -> Exported {
    let mut out = String::new();
    let mut report = Report::default();
    for &i in docs {
        let doc = &dataset.documents[i];
        report.check_whitespace(doc);
        let labels: Vec<Value> = doc
            .spans
            .iter()
            .map(|s| json!([s.start.0, s.end.0, s.label]))
            .collect();
        let mut line = serde_json::Map::new();
        line.insert("id".into(), json!(doc.id));
        line.insert("text".into(), json!(doc.text));
        line.insert("label".into(), json!(labels));
        // The fields doccano keeps beside them, as the values they were.
        for (key, value) in &doc.meta {
            if !matches!(key.as_str(), "id" | "text" | "label" | "entities") {
                line.insert(key.clone(), value.clone());
            }
        }
        out.push_str(&Value::Object(line).to_string());
        out.push('\n');
    }
    Exported {
        files: vec![(String::new(), out)],
        report,
    }
}
