//! Compiling a rules file into matchers.

use std::path::Path;

use rayon::prelude::*;

pub use super::error::RuleError;
use super::phrases::{PhraseMatcher, PhraseTable};
use super::regex::{CompiledRegex, compile_regex};

use super::file::{RuleKind, RulesFile};
use super::tokens::{CompiledPattern, compile_pattern};

/// What the engine needs to know of a rule.
#[derive(Clone, Debug)]
pub struct RuleMeta {
    /// Its id.
    pub id: String,
    /// Its label.
    pub label: String,
    /// Its priority.
    pub priority: i32,
}

/// A compiled rules file.
pub struct Compiled {
    /// The enabled rules, in file order.
    pub rules: Vec<RuleMeta>,
    /// Every phrase rule.
    pub(crate) phrases: PhraseMatcher,
    /// Per regex rule: the regex, its ASCII twin, its group, its rule.
    /// (Each runs on its own: one alternation or set of all of them
    /// measured slower, as it loses each one's literal prefilter.)
    pub(crate) regexes: Vec<CompiledRegex>,
    /// Token patterns per rule.
    pub(crate) token_rules: Vec<(usize, Vec<CompiledPattern>)>,
    /// The learned matcher's settings.
    pub learned: super::LearnedSettings,
}

impl Compiled {
    /// Compiles `file`; gazetteer paths are read through `read` (relative to
    /// the rules file's folder).
    pub fn new(
        file: &RulesFile,
        read: &dyn Fn(&Path) -> std::io::Result<String>,
    ) -> Result<Self, RuleError> {
        let mut rules = Vec::new();
        // (whole words, case-sensitive) each way.
        let mut tables: [PhraseTable; 4] = Default::default();
        // (pattern, group, rule index, rule id), compiled in parallel below.
        let mut regex_rules = Vec::new();
        let mut token_rules = Vec::new();
        let mut ids = std::collections::HashSet::new();
        for rule in &file.rules {
            let err = |message: String| RuleError::Rule {
                rule: rule.id.clone(),
                message,
            };
            if !ids.insert(rule.id.as_str()) {
                return Err(err("the id is used by another rule".into()));
            }
            if !rule.enabled {
                continue;
            }
            let index = rules.len();
            rules.push(RuleMeta {
                id: rule.id.clone(),
                label: rule.label.clone(),
                priority: rule.priority,
            });
            match &rule.kind {
                RuleKind::Phrases {
                    list,
                    file,
                    case_sensitive,
                    whole_words,
                } => {
                    if let Some(k) = list.iter().position(|p| p.trim().is_empty()) {
                        return Err(err(format!(
                            "phrase {} of the list is empty or only spaces, which would match every space; remove it",
                            k + 1
                        )));
                    }
                    let mut phrases: Vec<String> = list.clone();
                    if let Some(path) = file {
                        let text = read(path)
                            .map_err(|e| err(format!("gazetteer {}: {e}", path.display())))?;
                        phrases.extend(
                            text.lines()
                                .map(str::trim)
                                .filter(|l| !l.is_empty() && !l.starts_with('#'))
                                .map(str::to_owned),
                        );
                    }
                    let table =
                        &mut tables[usize::from(*whole_words) * 2 + usize::from(*case_sensitive)];
                    for phrase in phrases {
                        table.add(phrase, index);
                    }
                }
                RuleKind::Regex { pattern, group } => {
                    regex_rules.push((pattern, group.as_ref(), index, &rule.id));
                }
                RuleKind::Tokens { patterns } => {
                    let compiled: Result<Vec<CompiledPattern>, String> =
                        patterns.iter().map(|p| compile_pattern(p)).collect();
                    token_rules.push((index, compiled.map_err(err)?));
                }
            }
        }
        // Compiling a regex with Unicode classes takes milliseconds: the
        // cores share them.
        // The first bad one in file order is reported.
        let regexes = regex_rules
            .par_iter()
            .map(|&(pattern, group, index, id)| {
                compile_regex(pattern, group, index).map_err(|message| RuleError::Rule {
                    rule: id.clone(),
                    message,
                })
            })
            .collect::<Vec<_>>()
            .into_iter()
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Self {
            rules,
            phrases: {
                let [anywhere_folded, anywhere_exact, words_folded, words_exact] = tables;
                PhraseMatcher::new(words_exact, words_folded, anywhere_exact, anywhere_folded)?
            },
            regexes,
            token_rules,
            learned: file.learned.clone(),
        })
    }

    /// The labels of enabled rules that `labels` does not have, sorted,
    /// each once: what a caller must add with a message, or refuse, before
    /// running the rules (never add silently).
    pub fn labels_missing_from(&self, labels: &crate::model::LabelSet) -> Vec<&str> {
        let mut missing: Vec<&str> = self
            .rules
            .iter()
            .map(|r| r.label.as_str())
            .filter(|l| !labels.contains(l))
            .collect();
        missing.sort_unstable();
        missing.dedup();
        missing
    }

    /// The default rules for English news that ship with spanlab.
    pub fn default_rules() -> Self {
        let file = default_rules_file();
        // The assets are checked by a test, so this cannot fail at run time.
        Self::new(&file, &|p: &Path| embedded_gazetteer(p)).unwrap_or_else(|_| Self::empty())
    }

    /// No rules.
    pub fn empty() -> Self {
        Self {
            rules: Vec::new(),
            phrases: PhraseMatcher::default(),
            regexes: Vec::new(),
            token_rules: Vec::new(),
            learned: super::LearnedSettings::default(),
        }
    }
}

/// Parses a rules file's text: RON, or a spaCy/Prodigy pattern file when
/// `path` ends in `.jsonl`. (Reading it is `store::read_rules_file`.)
pub fn parse_rules_file(text: &str, path: &Path) -> Result<RulesFile, RuleError> {
    if path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("jsonl"))
    {
        super::read_patterns(text, path)
    } else {
        parse_ron(text, path)
    }
}

/// The default rules file (`assets/rules.ron`).
pub fn default_rules_file() -> RulesFile {
    parse_ron(
        include_str!("../../assets/rules.ron"),
        Path::new("assets/rules.ron"),
    )
    .unwrap_or_default()
}

/// The gazetteers built into the binary, by their path in the default rules.
pub fn embedded_gazetteer(path: &Path) -> std::io::Result<String> {
    match path.to_str() {
        Some("gazetteers/countries.txt") => {
            Ok(include_str!("../../assets/gazetteers/countries.txt").to_owned())
        }
        Some("gazetteers/cities.txt") => {
            Ok(include_str!("../../assets/gazetteers/cities.txt").to_owned())
        }
        _ => Err(std::io::Error::new(
            std::io::ErrorKind::NotFound,
            "not an embedded gazetteer",
        )),
    }
}

/// Parses a RON rules file.
pub fn parse_ron(text: &str, path: &Path) -> Result<RulesFile, RuleError> {
    ron::Options::default()
        .from_str(text)
        .map_err(|e| RuleError::Parse {
            path: path.into(),
            line: e.span.start.line,
            column: e.span.start.col,
            message: e.code.to_string(),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_rules_compile() {
        let file = default_rules_file();
        assert!(file.rules.len() >= 10, "{} rules", file.rules.len());
        let compiled = Compiled::new(&file, &|p: &Path| embedded_gazetteer(p)).unwrap();
        assert_eq!(compiled.rules.len(), file.rules.len());
        assert!(!compiled.phrases.is_empty() && !compiled.regexes.is_empty());
    }

    #[test]
    fn rule_labels_missing_from_the_label_set_are_named() {
        let compiled = Compiled::default_rules();
        assert!(
            compiled
                .labels_missing_from(&crate::model::LabelSet::default())
                .is_empty(),
            "the default rules use the default labels"
        );
        let only_person = crate::model::LabelSet {
            labels: crate::model::LabelSet::default()
                .labels
                .into_iter()
                .filter(|l| l.name == "PERSON")
                .collect(),
            ..crate::model::LabelSet::default()
        };
        let missing = compiled.labels_missing_from(&only_person);
        assert!(
            missing.contains(&"LOC") && !missing.contains(&"PERSON"),
            "{missing:?}"
        );
    }
}
