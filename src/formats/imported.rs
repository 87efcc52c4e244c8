//! What an import produced, and how it joins a dataset: labels mapped,
//! the label set it starts from, new labels' colours and keys.

use super::{Report, label_style};
use crate::model::{Dataset, Document};

/// What an import produced.
#[derive(Debug, Default)]
pub struct Imported {
    /// The documents, in file order, with their spans (origin `imported`).
    pub documents: Vec<Document>,
    /// True when some document has overlapping spans (brat, Label Studio,
    /// WebAnno allow them); the receiving label set must allow overlaps.
    pub has_overlaps: bool,
    /// What could not be carried over, and what was changed on the way.
    pub report: Report,
    /// Colours and keys the source tool gave its labels (brat's
    /// `visual.conf`, `kb_shortcuts.conf`), used for labels new to the set.
    pub styles: std::collections::BTreeMap<String, label_style::LabelStyle>,
}

impl Imported {
    /// Labels used by the imported spans, sorted, without repeats.
    pub fn labels(&self) -> Vec<String> {
        let mut labels: Vec<String> = self
            .documents
            .iter()
            .flat_map(|d| d.spans.iter().chain(&d.suggestions))
            .map(|s| s.label.to_string())
            .collect();
        labels.sort();
        labels.dedup();
        labels
    }

    /// The label set an import into a new dataset starts from, given the
    /// labels `used` by everything imported: when the spans carry labels,
    /// only `base`'s labels they use (with their colours, keys and
    /// guidelines, in `base`'s order), so a CoNLL corpus gets its own PER,
    /// LOC, ORG and MISC and not also the default PERSON, EVENT and DATE;
    /// when they carry none (plain text), all of `base`.
    pub fn starting_labels(
        base: &crate::model::LabelSet,
        used: &[String],
    ) -> crate::model::LabelSet {
        if used.is_empty() {
            return base.clone();
        }
        let mut out = base.clone();
        out.labels
            .retain(|l| used.iter().any(|u| *u == l.name.as_str()));
        out
    }

    /// Renames the imported labels by `map` (`PER=PERSON`), dropping spans
    /// that then duplicate another; the drops go to the report.
    pub fn map_labels(&mut self, map: &crate::model::LabelMap) {
        for doc in &mut self.documents {
            let dropped = map.apply(std::slice::from_mut(doc));
            if dropped > 0 {
                self.report.warn(
                    &doc.id,
                    "",
                    format!("{dropped} spans dropped: after the label map they repeat a span already there"),
                );
            }
        }
    }

    /// Adds the documents to `dataset`, adding unknown labels to its label
    /// set and allowing overlaps if the import needs them. The result is
    /// validated; on a problem nothing is changed.
    pub fn into_dataset(self, dataset: &mut Dataset) -> Result<Report, Vec<crate::model::Problem>> {
        let mut merged = dataset.clone();
        // New labels: the source tool's colour, and its key when free
        // (given before spanlab picks keys for the others), else a free key.
        let new: Vec<String> = self
            .labels()
            .into_iter()
            .filter(|l| !merged.labels.contains(l))
            .collect();
        let style = |label: &str| self.styles.get(label).copied().unwrap_or_default();
        for label in &new {
            merged.labels.ensure(label);
            if let Some(added) = merged.labels.labels.last_mut() {
                added.color = style(label).color.unwrap_or(added.color);
                added.hotkey = None;
            }
        }
        for styled in [true, false] {
            for label in &new {
                let added = merged.labels.labels.iter().position(|l| l.name == *label);
                let Some(i) = added.filter(|&i| merged.labels.labels[i].hotkey.is_none()) else {
                    continue;
                };
                let key = if styled {
                    style(label)
                        .hotkey
                        .filter(|k| merged.labels.by_hotkey(*k).is_none())
                } else {
                    merged.labels.free_hotkey(label)
                };
                merged.labels.labels[i].hotkey = key;
            }
        }
        if self.has_overlaps && !merged.labels.allow_overlap {
            merged.labels.allow_overlap = true;
        }
        merged.documents.extend(self.documents);
        merged.sort_spans();
        let problems = merged.problems();
        if !problems.is_empty() {
            return Err(problems);
        }
        *dataset = merged;
        Ok(self.report)
    }
}
