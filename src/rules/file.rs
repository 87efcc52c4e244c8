//! The rules file: what the user writes.
//!
//! ```ron
//! #![enable(implicit_some)]
//! (
//!   rules: [
//!     (id: "titles", label: "PERSON", priority: 10,
//!      kind: regex(pattern: r"\b(?:Mr|Dr|President)\.?\s+(?P<name>\p{Lu}\w+)", group: "name")),
//!     (id: "countries", label: "LOC", kind: phrases(file: "gazetteers/countries.txt")),
//!     (id: "weekdays", label: "DATE", kind: phrases(list: ["Monday", "Tuesday"])),
//!     (id: "summits", label: "EVENT",
//!      kind: tokens(patterns: [[(is_title: true, op: "+"), (lower: "summit")]])),
//!   ],
//!   learned: (enabled: true, threshold: 0.6),
//! )
//! ```
//!
//! Gazetteer paths are relative to the rules file.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

fn yes() -> bool {
    true
}

/// A rules file.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct RulesFile {
    /// The rules, in order (earlier wins a tie).
    #[serde(default)]
    pub rules: Vec<Rule>,
    /// The learned matcher's settings.
    #[serde(default)]
    pub learned: LearnedSettings,
}

/// One named rule.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Rule {
    /// A unique id, recorded in each suggestion's origin.
    pub id: String,
    /// The label its suggestions get.
    pub label: String,
    /// Higher wins between equally long matches.
    #[serde(default)]
    pub priority: i32,
    /// Switched off rules make no suggestions.
    #[serde(default = "yes")]
    pub enabled: bool,
    /// What it matches.
    pub kind: RuleKind,
}

/// What a rule matches.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RuleKind {
    /// Fixed strings, inline and/or from a gazetteer file (one per line).
    Phrases {
        /// Inline phrases.
        #[serde(default)]
        list: Vec<String>,
        /// A gazetteer file, relative to the rules file.
        #[serde(default)]
        file: Option<PathBuf>,
        /// Match case exactly (default); otherwise ASCII case is ignored.
        #[serde(default = "yes")]
        case_sensitive: bool,
        /// Match whole words only (default).
        #[serde(default = "yes")]
        whole_words: bool,
    },
    /// A regular expression (the `regex` crate: linear time).
    Regex {
        /// The pattern.
        pattern: String,
        /// The named capture group that is the span; the whole match if none.
        #[serde(default)]
        group: Option<String>,
    },
    /// spaCy Matcher-style token patterns; any of them may match.
    Tokens {
        /// Each pattern is a list of token specs.
        patterns: Vec<Vec<TokenSpec>>,
    },
}

/// One token of a token pattern: every given attribute must hold.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct TokenSpec {
    /// The exact text.
    pub orth: Option<String>,
    /// The lower-cased text.
    pub lower: Option<String>,
    /// The text is one of these.
    pub orth_in: Option<Vec<String>>,
    /// The lower-cased text is one of these.
    pub lower_in: Option<Vec<String>>,
    /// Starts with a capital followed by lower case (`Pompeo`).
    pub is_title: Option<bool>,
    /// All letters are capitals (`NATO`).
    pub is_upper: Option<bool>,
    /// All digits (`2018`).
    pub is_digit: Option<bool>,
    /// spaCy's shape (`Xxxxx`, `dd`, `XX`).
    pub shape: Option<String>,
    /// `?` (optional), `+` (one or more), `*` (any number); one if none.
    pub op: Option<String>,
}

/// Settings of the learned matcher.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct LearnedSettings {
    /// Propose strings accepted elsewhere.
    pub enabled: bool,
    /// The lowest estimated precision to propose at: accepted under the
    /// label / (accepted under any label + occurrences left unlabelled in
    /// done documents).
    pub threshold: f64,
    /// The fewest acceptances of a string before it is proposed.
    pub min_count: usize,
    /// Labels for which a later bare last name is proposed once a
    /// multi-word name was accepted in the same document.
    pub person_labels: Vec<String>,
}

impl Default for LearnedSettings {
    fn default() -> Self {
        Self {
            enabled: true,
            threshold: 0.5,
            min_count: 1,
            person_labels: vec!["PERSON".into(), "PER".into()],
        }
    }
}
