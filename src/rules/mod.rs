//! Rule-based suggestions: rule files, compiled matchers, the suggestion
//! engine, the learned matcher and per-rule statistics.
//!
//! Rules are data (a RON rules file, or a spaCy/Prodigy pattern JSONL): phrase
//! lists and gazetteers, regular expressions, token patterns. All whole-word
//! phrase rules compile into one index of first words per case mode (one
//! pass over a document's words; phrases matched anywhere, into one
//! Aho-Corasick automaton), each regex runs with the fastest literal
//! search its shape allows (at its start, or from required words inside
//! it), token patterns run over one token array per document, so matching
//! is linear in the text. Conflicts resolve by longest match, then
//! higher priority, then earlier rule. A suggestion never overlaps an
//! accepted span (or a pending suggestion) and never repeats a rejected one.

mod blocks;
mod compile;
mod engine;
mod error;
mod file;
mod for_labels;
mod inner;
mod learned;
mod patterns;
mod phrase_bytes;
mod phrases;
mod regex;
mod regex_parts;
mod stats;
mod tokens;

pub use compile::{
    Compiled, RuleError, default_rules_file, embedded_gazetteer, parse_ron, parse_rules_file,
};
pub use engine::{Propagation, Suggester, propagate};
pub use file::{LearnedSettings, Rule, RuleKind, RulesFile, TokenSpec};
pub use learned::Learned;
pub use patterns::read_patterns;
pub use stats::{RuleStats, rule_stats};
