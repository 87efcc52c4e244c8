//! Fields of a JSONL line read beside its text and spans: the suggestions
//! `spanlab suggest -` wrote, source tokens, meta values.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::Value;

use super::super::{ImportError, syntax};
use crate::model::{Origin, Span};

/// The `suggestions` list `spanlab suggest -` writes, as pending suggestions.
pub(super) fn suggestions(
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
pub(super) fn source_tokens(
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

/// Meta values as the JSON values they are (a number stays a number).
pub(super) fn flatten_meta(meta: Option<&Value>) -> BTreeMap<String, Value> {
    let Some(Value::Object(map)) = meta else {
        return BTreeMap::new();
    };
    map.iter().map(|(k, v)| (k.clone(), v.clone())).collect()
}
