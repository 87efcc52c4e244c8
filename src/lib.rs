//! spanlab: label named-entity spans in text, review rule-based suggestions,
//! and export training corpora.
//!
//! The library does everything the app does to data, without a window:
//!
//! ```
//! use spanlab::edit::{Edit, Session};
//! use spanlab::model::{Dataset, Document, LabelSet, Span};
//!
//! let mut dataset = Dataset::new(LabelSet::default());
//! dataset.documents.push(Document::new("nk", "Secretary of State Mike Pompeo said"));
//! let mut session = Session::new(dataset);
//! session.apply(Edit::AddSpan { doc: 0, span: Span::new(19, 30, "PERSON") })?;
//! assert!(session.is_dirty());
//! session.undo();
//! assert!(session.dataset().documents[0].spans.is_empty());
//! # Ok::<(), spanlab::edit::EditError>(())
//! ```
//!
//! Offsets everywhere are char offsets, half-open (see [`model`]).

#[cfg(feature = "gui")]
pub mod app;
pub mod assets;
pub mod edit;
pub mod eval;
pub mod formats;
pub mod fuzzing;
pub mod model;
pub mod rules;
pub mod store;
pub mod tagger;
pub mod text;

pub mod cli;
