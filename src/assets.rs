//! What ships inside the binary: the default label set and the sample
//! dataset, so spanlab runs from any folder.

use crate::model::Dataset;
use crate::store::{FileFormat, parse};

/// The default label set, as RON (`assets/labels.ron`).
pub const LABELS_RON: &str = include_str!("../assets/labels.ron");

/// The bundled sample dataset, as RON (`assets/sample.ron`): one BBC news
/// article about the 2018 North Korea talks, unlabelled.
pub const SAMPLE_RON: &str = include_str!("../assets/sample.ron");

/// The name the sample dataset is shown under until it is saved elsewhere.
pub const SAMPLE_NAME: &str = "sample.ron";

/// The bundled sample dataset.
pub fn sample_dataset() -> Dataset {
    // The asset is checked by a test, so parsing cannot fail at run time;
    // fall back to an empty dataset rather than panic all the same.
    parse(SAMPLE_RON.as_bytes(), FileFormat::Ron).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sample_is_the_article_unlabelled_and_valid() {
        let dataset = sample_dataset();
        assert_eq!(dataset.problems(), []);
        assert_eq!(dataset.documents.len(), 1);
        let doc = &dataset.documents[0];
        assert_eq!(doc.id, "north-korea-talks");
        assert_eq!(doc.text, include_str!("../assets/north-korea-talks.txt"));
        assert!(doc.spans.is_empty());
        assert_eq!(doc.status, crate::model::Status::New);
        assert_eq!(dataset.labels, crate::model::LabelSet::default());
    }
}
