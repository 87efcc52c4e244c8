//! The report every import and export ends with.

use std::fmt;

/// One thing a format could not carry over as it was.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Warning {
    /// The document's id.
    pub document: String,
    /// The text concerned (a span's text, a line).
    pub text: String,
    /// What happened to it.
    pub message: String,
}

/// Everything an import or export could not hold, in document order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Report {
    /// The warnings.
    pub warnings: Vec<Warning>,
}

impl Report {
    /// Adds a warning.
    pub fn warn(&mut self, document: &str, text: &str, message: impl Into<String>) {
        self.warnings.push(Warning {
            document: document.to_owned(),
            text: text.to_owned(),
            message: message.into(),
        });
    }

    /// True when there is nothing to report.
    pub fn is_empty(&self) -> bool {
        self.warnings.is_empty()
    }

    /// Warns about each span of `doc` with whitespace at either edge: most
    /// training tools (spaCy among them) refuse such spans.
    pub fn check_whitespace(&mut self, doc: &crate::model::Document) {
        let index = crate::text::OffsetIndex::new(&doc.text);
        for span in &doc.spans {
            let text = index.slice(span.start, span.end).unwrap_or("");
            if text.starts_with(char::is_whitespace) || text.ends_with(char::is_whitespace) {
                self.warn(&doc.id, text, format!("{span} has leading or trailing whitespace, which spaCy and most trainers refuse; written as it is"));
            }
        }
    }

    /// Appends another report.
    pub fn extend(&mut self, other: Self) {
        self.warnings.extend(other.warnings);
    }
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.document.as_str(), self.text.as_str()) {
            ("*", text) => write!(f, "all documents: {text}: {}", self.message),
            (doc, "") => write!(f, "document {doc:?}: {}", self.message),
            (doc, text) => write!(f, "document {doc:?}: {text:?}: {}", self.message),
        }
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for w in &self.warnings {
            writeln!(f, "{w}")?;
        }
        Ok(())
    }
}
