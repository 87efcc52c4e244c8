//! Why an [`Edit`](super::Edit) could not be applied.

use crate::model::Span;

/// Why an edit could not be applied. The dataset is unchanged when one is returned.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum EditError {
    /// No document has this index.
    #[error("there is no document #{0}")]
    NoSuchDocument(usize),
    /// The span is empty, reversed or runs past the text.
    #[error("{span} is outside the text (0..{len} chars) or empty")]
    OutOfBounds {
        /// The span.
        span: Span,
        /// The text's length in chars.
        len: usize,
    },
    /// The label is not in the label set.
    #[error("there is no label {0:?}")]
    UnknownLabel(String),
    /// The same span (start, end, label) is already there.
    #[error("{0} is already there")]
    Duplicate(Span),
    /// The span overlaps an accepted span and overlaps are not allowed.
    #[error("overlaps {0}")]
    Overlap(Span),
    /// The span to change was not found.
    #[error("{0} was not found")]
    NotFound(Span),
    /// The conflict to resolve was not found.
    #[error("the conflict at [{0}, {1}) was not found")]
    ConflictNotFound(usize, usize),
    /// A conflict's region is empty or runs past the text.
    #[error("the conflict region [{0}, {1}) is outside the text or empty")]
    ConflictOutOfBounds(usize, usize),
    /// A label of this name already exists.
    #[error("there is already a label {0:?}")]
    LabelExists(String),
    /// A label name must be non-empty and without spaces.
    #[error("{0:?} cannot be a label name: use letters, digits, - or _, no spaces")]
    BadLabelName(String),
    /// A label still used by spans cannot be removed.
    #[error("label {label:?} is used {uses} times: merge it into another label instead")]
    LabelInUse {
        /// The label.
        label: String,
        /// How many spans, suggestions and conflict spans use it.
        uses: usize,
    },
    /// A hotkey must be a letter or digit.
    #[error("{0:?} cannot be a hotkey: use a letter or a digit")]
    BadHotkey(char),
    /// Another label has this hotkey.
    #[error("key {key:?} is already the key of {label}")]
    HotkeyTaken {
        /// The key.
        key: char,
        /// The label that has it.
        label: String,
    },
    /// No label at this palette index.
    #[error("there is no label #{0}")]
    NoSuchLabelIndex(usize),
}
