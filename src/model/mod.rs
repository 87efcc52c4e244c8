//! The data model every part of spanlab shares: [`Dataset`], [`Document`],
//! [`Span`], [`LabelSet`], and the invariants that hold for them.
//!
//! Offsets are **Unicode scalar value (char) offsets** into a document's text,
//! half-open: a span `[start, end)` covers chars `start..end`. Nothing in this
//! module does I/O or knows about a window.

mod conflict;
mod dataset;
mod label;
mod label_map;
pub mod markup;
mod offset;
mod span;
mod validate;

pub use conflict::{Conflict, Version};
pub use dataset::{CURRENT_VERSION, Dataset, Document, Settings, Status};
pub use label::{Color, Label, LabelSet};
pub use label_map::LabelMap;
pub use offset::{ByteOffset, CharOffset, Utf16Offset};
pub use span::{Confidence, Name, Origin, Span};
pub use validate::{Problem, ProblemKind, SpanList};
