//! File names for per-document exports (brat, text, WebAnno): one rule for
//! every format that writes a file per document.

use std::collections::HashSet;

use super::Report;
use super::brat::safe_file_name;
use crate::model::Dataset;

/// The longest file stem written, in bytes: with an extension and the
/// `.NAME.XXXXXX.tmp` of an atomic write it stays under the 255 bytes most
/// file systems allow.
pub const MAX_STEM_BYTES: usize = 200;

/// A file stem per document of `docs`: the id made safe as a file name,
/// shortened to [`MAX_STEM_BYTES`], and made unique (ignoring case, as
/// Windows and macOS do) by appending the document's number. Each change
/// beyond sanitising is reported.
pub fn file_stems(dataset: &Dataset, docs: &[usize], report: &mut Report) -> Vec<String> {
    let mut used = HashSet::new();
    docs.iter()
        .map(|&i| {
            let id = &dataset.documents[i].id;
            let mut name = safe_file_name(id);
            let mut why = None;
            if name.len() > MAX_STEM_BYTES {
                name = shorten(&name, MAX_STEM_BYTES - 8).to_owned();
                why = Some("the id is too long for a file name");
            }
            if used.contains(&name.to_lowercase()) {
                why = Some("the file name is taken by another id");
            }
            if why.is_some() {
                let mut n = i;
                loop {
                    let candidate = format!("{name}-{n}");
                    if !used.contains(&candidate.to_lowercase()) {
                        name = candidate;
                        break;
                    }
                    n += docs.len();
                }
            }
            used.insert(name.to_lowercase());
            if let Some(why) = why {
                report.warn(id, "", format!("{why}; written as {name:?}"));
            }
            name
        })
        .collect()
}

/// The longest prefix of `s` of at most `bytes` bytes that ends on a char.
fn shorten(s: &str, bytes: usize) -> &str {
    let mut end = bytes.min(s.len());
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Document, LabelSet};

    fn stems(ids: &[&str]) -> (Vec<String>, Report) {
        let mut dataset = Dataset::new(LabelSet::default());
        for id in ids {
            dataset.documents.push(Document::new(*id, "x"));
        }
        let mut report = Report::default();
        let docs: Vec<usize> = (0..ids.len()).collect();
        (file_stems(&dataset, &docs, &mut report), report)
    }

    #[test]
    fn ids_that_sanitise_alike_get_distinct_names_and_a_report() {
        let (names, report) = stems(&["a/b", "a_b", "A_B"]);
        assert_eq!(names, ["a_b", "a_b-1", "A_B-2"]);
        assert_eq!(report.warnings.len(), 2, "{report}");
    }

    #[test]
    fn an_id_of_300_bytes_is_shortened_on_a_char_boundary() {
        let long = "é".repeat(150);
        let (names, report) = stems(&[&long, &long[..298]]);
        assert!(names.iter().all(|n| n.len() <= MAX_STEM_BYTES), "{names:?}");
        assert_ne!(names[0], names[1]);
        assert_eq!(report.warnings.len(), 2, "{report}");
    }
}
