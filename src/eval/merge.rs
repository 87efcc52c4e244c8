//! Merging annotators' datasets of the same documents: the spans all agree
//! on are accepted, each disagreement becomes an open conflict kept in the
//! file for adjudication.

use std::collections::HashSet;

use serde::Serialize;

use crate::model::{CharOffset, Conflict, Dataset, Document, Span, Status, Version};

/// The places where versions differ: spans not in every version, grouped
/// by overlap (across versions). Each is (start, end, per version its spans
/// there), in text order.
pub fn clusters(versions: &[&[Span]]) -> Vec<(usize, usize, Vec<Vec<Span>>)> {
    let agreed = agreement(versions);
    let agreed = |s: &Span| agreed.contains(&key(s));
    let mut open: Vec<(usize, Span)> = versions
        .iter()
        .enumerate()
        .flat_map(|(i, v)| v.iter().filter(|s| !agreed(s)).map(move |s| (i, s.clone())))
        .collect();
    open.sort_by_key(|a| (a.1.start, a.1.end));
    let mut out: Vec<(usize, usize, Vec<Vec<Span>>)> = Vec::new();
    for (who, span) in open {
        match out.last_mut() {
            Some((_, end, parts)) if span.start.0 < *end => {
                *end = (*end).max(span.end.0);
                parts[who].push(span);
            }
            _ => {
                let mut parts = vec![Vec::new(); versions.len()];
                let (start, end) = (span.start.0, span.end.0);
                parts[who].push(span);
                out.push((start, end, parts));
            }
        }
    }
    out
}

/// A span's place and label.
fn key(s: &Span) -> (usize, usize, &str) {
    (s.start.0, s.end.0, s.label.as_str())
}

/// The spans (place and label) every version has: one hash set per
/// version, so agreement costs O(spans), not spans².
fn agreement<'a>(versions: &[&'a [Span]]) -> HashSet<(usize, usize, &'a str)> {
    let Some((first, rest)) = versions.split_first() else {
        return HashSet::new();
    };
    let others: Vec<HashSet<(usize, usize, &str)>> =
        rest.iter().map(|v| v.iter().map(key).collect()).collect();
    first
        .iter()
        .map(key)
        .filter(|k| others.iter().all(|o| o.contains(k)))
        .collect()
}

/// What a merge did.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct MergeReport {
    /// Documents merged.
    pub documents: usize,
    /// Spans every annotator agreed on (accepted).
    pub agreed: usize,
    /// Open conflicts written.
    pub conflicts: usize,
    /// Documents not in every file, or whose texts differ: left out.
    pub skipped: Vec<String>,
}

/// Merges `datasets` (annotators `names`, same order). Documents follow the
/// first dataset's order; labels are the union of every label set.
pub fn merge(names: &[String], datasets: &[&Dataset]) -> (Dataset, MergeReport) {
    let mut report = MergeReport::default();
    let Some(first) = datasets.first() else {
        return (Dataset::default(), report);
    };
    let mut out = Dataset::new(first.labels.clone());
    out.settings = first.settings.clone();
    for d in &datasets[1..] {
        for label in &d.labels.labels {
            out.labels.ensure(&label.name);
        }
    }
    for (id, docs) in super::paired(datasets) {
        let Some(docs) = docs else {
            report.skipped.push(id.to_owned());
            continue;
        };
        let doc = docs[0];
        let mut merged = Document::new(doc.id.clone(), doc.text.clone());
        merged.meta = doc.meta.clone();
        merged.tokens.clone_from(&doc.tokens);
        let versions: Vec<&[Span]> = docs.iter().map(|d| d.spans.as_slice()).collect();
        let agreed = agreement(&versions);
        merged.spans = doc
            .spans
            .iter()
            .filter(|s| agreed.contains(&key(s)))
            .cloned()
            .collect();
        merged.conflicts = clusters(&versions)
            .into_iter()
            .map(|(start, end, parts)| Conflict {
                start: CharOffset(start),
                end: CharOffset(end),
                versions: names
                    .iter()
                    .zip(parts)
                    .map(|(name, spans)| Version {
                        annotator: name.clone(),
                        spans,
                    })
                    .collect(),
            })
            .collect();
        merged.status =
            if merged.conflicts.is_empty() && docs.iter().all(|d| d.status == Status::Done) {
                Status::Done
            } else if merged.spans.is_empty() && merged.conflicts.is_empty() {
                Status::New
            } else {
                Status::InProgress
            };
        report.documents += 1;
        report.agreed += merged.spans.len();
        report.conflicts += merged.conflicts.len();
        out.documents.push(merged);
    }
    (out, report)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::LabelSet;

    fn annotated(id: &str, spans: &[Span]) -> Dataset {
        let mut d = Dataset::new(LabelSet::default());
        let mut doc = Document::new(id, "Mike Pompeo met Kim Jong-un in Singapore");
        doc.spans = spans.to_vec();
        doc.status = Status::Done;
        d.documents.push(doc);
        d
    }

    #[test]
    fn agreed_spans_are_accepted_and_each_disagreement_is_one_conflict() {
        let a = annotated(
            "a",
            &[
                Span::new(0, 11, "PERSON"),
                Span::new(16, 27, "PERSON"),
                Span::new(31, 40, "LOC"),
            ],
        );
        let b = annotated(
            "a",
            &[
                Span::new(0, 11, "PERSON"),
                Span::new(16, 19, "PERSON"),
                Span::new(31, 40, "ORG"),
            ],
        );
        let c = annotated(
            "a",
            &[Span::new(0, 11, "PERSON"), Span::new(16, 27, "PERSON")],
        );
        let names: Vec<String> = ["a", "b", "c"].map(String::from).to_vec();
        let (merged, report) = merge(&names, &[&a, &b, &c]);
        let doc = &merged.documents[0];
        assert_eq!(doc.spans, [Span::new(0, 11, "PERSON")]);
        assert_eq!(doc.conflicts.len(), 2);
        let kim = &doc.conflicts[0];
        assert_eq!((kim.start.0, kim.end.0), (16, 27));
        assert_eq!(kim.versions[0].spans, [Span::new(16, 27, "PERSON")]);
        assert_eq!(kim.versions[1].spans, [Span::new(16, 19, "PERSON")]);
        assert_eq!(kim.versions[2].annotator, "c");
        let place = &doc.conflicts[1];
        assert_eq!(place.versions[2].spans, [], "c labelled nothing there");
        assert_eq!(doc.status, Status::InProgress);
        assert_eq!((report.agreed, report.conflicts), (1, 2));
        assert!(merged.problems().is_empty(), "{:?}", merged.problems());
        // Identical files: no conflicts, done.
        let (same, _) = merge(&names[..2], &[&a, &a]);
        assert!(same.documents[0].conflicts.is_empty());
        assert_eq!(same.documents[0].status, Status::Done);
        // Documents only one annotator has are left out and reported, on
        // either side.
        let other = annotated("z", &[]);
        let (_, report) = merge(&names[..2], &[&a, &other]);
        assert_eq!(report.skipped, ["a", "z"]);
    }
}
