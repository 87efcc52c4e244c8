//! spaCy / Prodigy pattern files (JSONL):
//! `{"label": "ORG", "pattern": "Apple"}` (a phrase) or
//! `{"label": "ORG", "pattern": [{"lower": "ann"}, {"lower": "taylor"}]}` (tokens).
//! Keys may be upper or lower case (`LOWER`, `lower`); `{"LOWER": {"IN": [...]}}`
//! and `OP` are understood. Patterns become one phrase rule and one token
//! rule per label, with ids `FILE:LABEL` and `FILE:LABEL:tokens`.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::Value;

use super::error::RuleError;
use super::file::{Rule, RuleKind, RulesFile, TokenSpec};

/// Reads a pattern file into rules.
pub fn read_patterns(text: &str, path: &Path) -> Result<RulesFile, RuleError> {
    let stem = path
        .file_stem()
        .map_or_else(|| "patterns".into(), |s| s.to_string_lossy().into_owned());
    let mut phrases: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut token_patterns: BTreeMap<String, Vec<Vec<TokenSpec>>> = BTreeMap::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let err = |message: String| RuleError::Parse {
            path: path.into(),
            line: i + 1,
            column: 1,
            message,
        };
        let value: Value = serde_json::from_str(line)
            .map_err(|e| err(format!("not JSON: {}", crate::formats::json_cause(&e))))?;
        let label = value
            .get("label")
            .and_then(Value::as_str)
            .ok_or_else(|| err("expected a \"label\" string".into()))?
            .to_owned();
        match value.get("pattern") {
            Some(Value::String(s)) => phrases.entry(label).or_default().push(s.clone()),
            Some(Value::Array(tokens)) => {
                let specs = tokens
                    .iter()
                    .map(token_spec)
                    .collect::<Result<Vec<_>, String>>()
                    .map_err(err)?;
                token_patterns.entry(label).or_default().push(specs);
            }
            _ => {
                return Err(err(
                    "expected \"pattern\": a string or a list of token objects".into(),
                ));
            }
        }
    }
    let mut rules = Vec::new();
    for (label, list) in phrases {
        rules.push(Rule {
            id: format!("{stem}:{label}"),
            label,
            priority: 0,
            enabled: true,
            kind: RuleKind::Phrases {
                list,
                file: None,
                case_sensitive: true,
                whole_words: true,
            },
        });
    }
    for (label, patterns) in token_patterns {
        rules.push(Rule {
            id: format!("{stem}:{label}:tokens"),
            label,
            priority: 0,
            enabled: true,
            kind: RuleKind::Tokens { patterns },
        });
    }
    Ok(RulesFile {
        rules,
        learned: super::LearnedSettings::default(),
    })
}

fn token_spec(value: &Value) -> Result<TokenSpec, String> {
    let map = value
        .as_object()
        .ok_or("a token pattern entry must be an object")?;
    let mut spec = TokenSpec::default();
    for (key, v) in map {
        let key = key.to_ascii_uppercase();
        let text = || {
            v.as_str()
                .map(str::to_owned)
                .ok_or(format!("{key} must be a string"))
        };
        let flag = || v.as_bool().ok_or(format!("{key} must be true or false"));
        let in_list = || -> Option<Vec<String>> {
            v.get("IN")
                .or_else(|| v.get("in"))?
                .as_array()?
                .iter()
                .map(|x| x.as_str().map(str::to_owned))
                .collect()
        };
        match key.as_str() {
            "ORTH" | "TEXT" if v.is_object() => {
                spec.orth_in =
                    Some(in_list().ok_or(format!("{key}: expected {{\"IN\": [strings]}}"))?);
            }
            "ORTH" | "TEXT" => spec.orth = Some(text()?),
            "LOWER" if v.is_object() => {
                spec.lower_in =
                    Some(in_list().ok_or(format!("{key}: expected {{\"IN\": [strings]}}"))?);
            }
            "LOWER" => spec.lower = Some(text()?),
            "IS_TITLE" => spec.is_title = Some(flag()?),
            "IS_UPPER" => spec.is_upper = Some(flag()?),
            "IS_DIGIT" => spec.is_digit = Some(flag()?),
            "SHAPE" => spec.shape = Some(text()?),
            "OP" => spec.op = Some(text()?),
            other => {
                return Err(format!(
                    "token attribute {other} is not supported (ORTH, TEXT, LOWER, IN, IS_TITLE, IS_UPPER, IS_DIGIT, SHAPE, OP are)"
                ));
            }
        }
    }
    Ok(spec)
}
