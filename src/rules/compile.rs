//! Compiling a rules file into matchers.

use std::path::{Path, PathBuf};

use rayon::prelude::*;
use regex::{Regex, RegexBuilder};

use super::inner::InnerSearch;
use super::phrases::{PhraseMatcher, PhraseTable};

use super::file::{RuleKind, RulesFile};
use super::tokens::{CompiledPattern, compile_pattern};

/// Why a rules file could not be compiled. Names the rule.
#[derive(Debug, thiserror::Error)]
pub enum RuleError {
    /// The rules file could not be read.
    #[error("{path}: cannot read: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// What the OS said.
        source: std::io::Error,
    },
    /// The rules file does not parse.
    #[error("{path}:{line}:{column}: {message}")]
    Parse {
        /// The file.
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What was expected.
        message: String,
    },
    /// A rule is wrong.
    #[error("rule {rule:?}: {message}")]
    Rule {
        /// The rule's id.
        rule: String,
        /// What is wrong.
        message: String,
    },
}

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

/// A regex rule compiled twice: as written, and with its Unicode classes
/// narrowed to ASCII (`\p{Lu}` to `[A-Z]`, `\w` to `[0-9A-Za-z_]` …), which
/// matches exactly the same on ASCII text and runs far faster: Unicode
/// classes make capture groups cost about a millisecond per match.
pub(crate) struct CompiledRegex {
    /// The pattern as written.
    pub(crate) unicode: Searcher,
    /// Its ASCII twin, when it has Unicode classes to narrow.
    pub(crate) ascii: Option<Searcher>,
    pub(crate) group: Option<String>,
    pub(crate) rule: usize,
}

/// One form of a regex: the regex, and its search from the literals inside
/// it when that is faster.
pub(crate) struct Searcher {
    pub(crate) regex: Regex,
    pub(crate) inner: Option<InnerSearch>,
}

impl Searcher {
    /// The matches of the regex in `text`, in bytes, into `out` (cleared).
    pub(crate) fn find(&self, text: &str, out: &mut Vec<(usize, usize)>) {
        out.clear();
        let searched = self
            .inner
            .as_ref()
            .and_then(|inner| inner.find(text, &mut |s, e| out.push((s, e))));
        if searched.is_none() {
            out.clear();
            out.extend(self.regex.find_iter(text).map(|m| (m.start(), m.end())));
        }
    }
}

/// Compiles one regex rule (and its ASCII twin), within the size limit.
fn compile_regex(
    pattern: &str,
    group: Option<&String>,
    rule: usize,
) -> Result<CompiledRegex, String> {
    let regex = RegexBuilder::new(pattern)
        .size_limit(REGEX_SIZE_LIMIT)
        .dfa_size_limit(REGEX_DFA_CACHE)
        .build()
        .map_err(|e| format!("bad regular expression: {e}"))?;
    if let Some(name) = group
        && !regex.capture_names().any(|n| n == Some(name.as_str()))
    {
        return Err(format!("the pattern has no group named {name:?}"));
    }
    let twin = ascii_twin(pattern);
    let ascii = (twin != pattern)
        .then(|| {
            RegexBuilder::new(&twin)
                .size_limit(REGEX_SIZE_LIMIT)
                .dfa_size_limit(REGEX_DFA_CACHE)
                .build()
                .ok()
        })
        .flatten();
    Ok(CompiledRegex {
        unicode: Searcher {
            regex,
            inner: InnerSearch::new(pattern, REGEX_SIZE_LIMIT),
        },
        ascii: ascii.map(|regex| Searcher {
            regex,
            inner: InnerSearch::new(&twin, REGEX_SIZE_LIMIT),
        }),
        group: group.cloned(),
        rule,
    })
}

/// Whether the ASCII twins match exactly as their patterns do on `text`:
/// when no character outside ASCII is a letter, digit, word character or
/// space (curly quotes, dashes and the like are none of these), the
/// Unicode classes the twins narrow match the same characters.
pub(crate) fn twins_match_alike(text: &str) -> bool {
    let mut rest = text;
    while let Some(i) = rest.bytes().position(|b| !b.is_ascii()) {
        let Some(c) = rest[i..].chars().next() else {
            return false;
        };
        if c.is_alphanumeric() || c.is_whitespace() || regex_syntax::is_word_character(c) {
            return false;
        }
        rest = &rest[i + c.len_utf8()..];
    }
    true
}

/// The pattern with its Unicode classes narrowed to their ASCII members.
pub(crate) fn ascii_twin(pattern: &str) -> String {
    [
        (r"\p{Lu}", "[A-Z]"),
        (r"\p{Ll}", "[a-z]"),
        (r"\p{L}", "[A-Za-z]"),
        (r"\w", "[0-9A-Za-z_]"),
        (r"\d", "[0-9]"),
        (r"\s", r"[\t\n\x0B\x0C\r ]"),
    ]
    .iter()
    .fold(pattern.to_owned(), |p, (unicode, ascii)| {
        p.replace(unicode, ascii)
    })
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

/// The largest compiled size of one regex: a pathological pattern is
/// refused at compile time instead of eating memory.
const REGEX_SIZE_LIMIT: usize = 4 << 20;

/// The most memory a regex's lazy DFA may fill per thread as it learns the
/// text (it grows only as needed). The regex crate's 2 MB is too small for
/// patterns with Unicode classes such as the default rules' names: on text
/// with a few non-ASCII characters the cache was cleared over and over and
/// the search fell back to a slower engine (3 MB/s against 60 MB/s with
/// 8 MB or more; peak memory of the whole run unchanged).
pub(crate) const REGEX_DFA_CACHE: usize = 16 << 20;

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

    /// Reads and compiles a rules file: RON (`.ron`) or a spaCy/Prodigy
    /// pattern file (`.jsonl`).
    pub fn load(path: &Path) -> Result<Self, RuleError> {
        let file = read_rules_file(path)?;
        let base = path.parent().unwrap_or(Path::new(".")).to_path_buf();
        Self::new(&file, &|p: &Path| std::fs::read_to_string(base.join(p)))
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

/// Reads a rules file: RON, or a spaCy/Prodigy pattern file (`.jsonl`).
pub fn read_rules_file(path: &Path) -> Result<RulesFile, RuleError> {
    let text = std::fs::read_to_string(path).map_err(|source| RuleError::Io {
        path: path.into(),
        source,
    })?;
    if path.extension().is_some_and(|e| e == "jsonl") {
        super::read_patterns(&text, path)
    } else {
        parse_ron(&text, path)
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
}
