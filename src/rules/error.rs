//! Why a rules file could not be read or compiled.

use std::path::PathBuf;

/// Why a rules file could not be compiled. Names the rule.
#[derive(Debug, thiserror::Error)]
pub enum RuleError {
    /// The rules file or a gazetteer could not be read (the reader's
    /// message names the file and the cause).
    #[error(transparent)]
    Read(Box<dyn std::error::Error + Send + Sync>),
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
