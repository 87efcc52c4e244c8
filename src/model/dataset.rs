//! The dataset: a label set, settings and documents in a stable order.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{Conflict, LabelSet, Span};

/// The file format version this build writes. Files with a higher version
/// are refused; lower versions are read and upgraded.
pub const CURRENT_VERSION: u32 = 1;

/// Where a document stands in the annotation workflow.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Not opened yet.
    #[default]
    New,
    /// Being annotated.
    InProgress,
    /// Finished: its spans are complete.
    Done,
    /// Deliberately left out.
    Skipped,
}

impl Status {
    /// Every status, in workflow order.
    pub const ALL: [Self; 4] = [Self::New, Self::InProgress, Self::Done, Self::Skipped];

    /// The name written in files and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::New => "new",
            Self::InProgress => "in_progress",
            Self::Done => "done",
            Self::Skipped => "skipped",
        }
    }
}

impl std::fmt::Display for Status {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One text to annotate. Its text never changes once imported; only its
/// annotations do, so offsets never need re-mapping.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Document {
    /// A stable, unique id (file name, source id …).
    pub id: String,
    /// The text the offsets point into.
    pub text: String,
    /// Free-form metadata: source, title, date, url … Values are kept as
    /// the JSON values they were imported as (a number stays a number).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub meta: BTreeMap<String, serde_json::Value>,
    /// Workflow status.
    #[serde(default)]
    pub status: Status,
    /// Accepted spans, sorted by start, end, label.
    #[serde(default)]
    pub spans: Vec<Span>,
    /// Pending suggestions, sorted like `spans`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub suggestions: Vec<Span>,
    /// Rejected suggestions, never proposed again.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rejected: Vec<Span>,
    /// The source's own tokens as char ranges `(start, end)`, for documents
    /// imported from token formats (CoNLL, WebAnno, Prodigy). Token exports
    /// use them, so such a corpus round-trips token for token; without
    /// them, exports tokenise by Unicode word boundaries.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tokens: Option<Vec<(usize, usize)>>,
    /// Open disagreements between annotators (from `spanlab merge`), in
    /// text order, waiting for adjudication.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub conflicts: Vec<Conflict>,
}

impl Document {
    /// A new, unannotated document.
    pub fn new(id: impl Into<String>, text: impl Into<String>) -> Self {
        Self {
            id: id.into(),
            text: text.into(),
            meta: BTreeMap::new(),
            status: Status::New,
            spans: Vec::new(),
            suggestions: Vec::new(),
            rejected: Vec::new(),
            tokens: None,
            conflicts: Vec::new(),
        }
    }

    /// The text's length in chars.
    pub fn char_len(&self) -> usize {
        self.text.chars().count()
    }

    /// A short title: the `title` meta field, or else the first non-empty line.
    pub fn title(&self) -> &str {
        if let Some(title) = self.meta.get("title").and_then(serde_json::Value::as_str) {
            return title;
        }
        self.text
            .lines()
            .map(str::trim)
            .find(|line| !line.is_empty())
            .unwrap_or("")
    }

    /// Sorts the three span lists into their canonical order.
    pub fn sort_spans(&mut self) {
        for list in [&mut self.spans, &mut self.suggestions, &mut self.rejected] {
            list.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        }
    }
}

/// Per-dataset settings. Every field has a default, so older files read.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(default)]
pub struct Settings {
    /// Annotation guidelines shown to every annotator of this dataset.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub guidelines: String,
}

/// A labelled corpus: what a RON or JSON dataset file holds.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Dataset {
    /// The file format version (see [`CURRENT_VERSION`]).
    pub version: u32,
    /// The labels spans may carry.
    pub labels: LabelSet,
    /// Dataset-wide settings.
    #[serde(default)]
    pub settings: Settings,
    /// The documents, in a stable order.
    #[serde(default)]
    pub documents: Vec<Document>,
}

impl Default for Dataset {
    fn default() -> Self {
        Self::new(LabelSet::default())
    }
}

impl Dataset {
    /// An empty dataset with these labels.
    pub fn new(labels: LabelSet) -> Self {
        Self {
            version: CURRENT_VERSION,
            labels,
            settings: Settings::default(),
            documents: Vec::new(),
        }
    }

    /// The index of the document with this id.
    pub fn position(&self, id: &str) -> Option<usize> {
        self.documents.iter().position(|doc| doc.id == id)
    }

    /// The document with this id.
    pub fn document(&self, id: &str) -> Option<&Document> {
        self.documents.iter().find(|doc| doc.id == id)
    }

    /// Brings every document's span lists into canonical order.
    pub fn sort_spans(&mut self) {
        use rayon::prelude::*;
        self.documents.par_iter_mut().for_each(Document::sort_spans);
    }

    /// Number of documents with each status, in workflow order.
    pub fn status_counts(&self) -> [(super::Status, usize); 4] {
        Status::ALL.map(|status| {
            let n = self.documents.iter().filter(|d| d.status == status).count();
            (status, n)
        })
    }
}
