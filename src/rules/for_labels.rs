//! The default rules fitted to a dataset's label set: a rule whose label
//! the set lacks proposes the set's own name for it (PERSON → PER on a
//! CoNLL corpus, → person on WNUT-17), or nothing at all. So running the
//! default rules never floods a corpus with PERSON next to its PER.

use std::collections::BTreeSet;

use super::RulesFile;
use crate::model::{Dataset, LabelSet};

/// The default rules' own mapping: each default label and the names other
/// schemes (CoNLL, `OntoNotes`, `WNUT-17`) give the same kind of entity, in the
/// order they are tried.
const ALIASES: [(&str, &[&str]); 5] = [
    ("PERSON", &["PER", "person", "PERS", "Person"]),
    (
        "ORG",
        &[
            "ORGANIZATION",
            "organization",
            "org",
            "corporation",
            "Organization",
        ],
    ),
    ("LOC", &["LOCATION", "location", "loc", "GPE", "Location"]),
    ("EVENT", &["event", "EVT", "Event"]),
    ("DATE", &["date", "Date"]),
];

impl RulesFile {
    /// These rules fitted to `dataset`: a rule keeps its label when the
    /// dataset has spans of it; else it takes an alias (see [`ALIASES`])
    /// the dataset has spans of, else keeps its label if the label set
    /// has it, else takes an alias the set has, else is switched off.
    /// Also gives one line per change, for the user.
    pub fn for_dataset(&self, dataset: &Dataset) -> (Self, Vec<String>) {
        let used: BTreeSet<&str> = dataset
            .documents
            .iter()
            .flat_map(|d| d.spans.iter().chain(&d.suggestions))
            .map(|s| s.label.as_str())
            .collect();
        self.for_labels(&dataset.labels, &used)
    }

    /// [`Self::for_dataset`] given the label set and the labels in use.
    pub fn for_labels(&self, labels: &LabelSet, used: &BTreeSet<&str>) -> (Self, Vec<String>) {
        let mut fitted = self.clone();
        let mut changes: Vec<(String, Vec<String>)> = Vec::new();
        for rule in fitted.rules.iter_mut().filter(|r| r.enabled) {
            if used.contains(rule.label.as_str()) {
                continue;
            }
            let aliases: &[&str] = ALIASES
                .iter()
                .find(|(name, _)| *name == rule.label)
                .map_or(&[], |(_, names)| names);
            let in_use = aliases.iter().find(|n| used.contains(*n));
            let in_set = aliases.iter().find(|n| labels.contains(n));
            let target = match (in_use, labels.contains(&rule.label), in_set) {
                (Some(name), _, _) => Some(*name),
                (None, true, _) => continue,
                (None, false, alias) => alias.copied(),
            };
            let change = if let Some(name) = target {
                let change = format!("{} → {name}", rule.label);
                name.clone_into(&mut rule.label);
                change
            } else {
                rule.enabled = false;
                format!("off, the label set has no {}", rule.label)
            };
            match changes.iter_mut().find(|(c, _)| *c == change) {
                Some((_, ids)) => ids.push(rule.id.clone()),
                None => changes.push((change, vec![rule.id.clone()])),
            }
        }
        // One line per change, naming its rules: "PERSON → PER: titles, roles".
        let changes = changes
            .into_iter()
            .map(|(change, ids)| format!("{change}: {}", ids.join(", ")))
            .collect();
        (fitted, changes)
    }
}

#[cfg(test)]
mod tests {
    use crate::model::LabelSet;
    use crate::rules::default_rules_file;

    fn conll_labels() -> LabelSet {
        let mut labels = LabelSet {
            labels: Vec::new(),
            ..LabelSet::default()
        };
        for name in ["LOC", "MISC", "ORG", "PER"] {
            labels.ensure(name);
        }
        labels
    }

    #[test]
    fn on_conll_labels_the_default_rules_propose_only_conll_labels() {
        let labels = conll_labels();
        let used = ["LOC", "MISC", "ORG", "PER"].into_iter().collect();
        let (fitted, changes) = default_rules_file().for_labels(&labels, &used);
        for rule in fitted.rules.iter().filter(|r| r.enabled) {
            assert!(
                labels.contains(&rule.label),
                "rule {} proposes {}",
                rule.id,
                rule.label
            );
        }
        assert!(
            fitted.rules.iter().any(|r| r.enabled && r.label == "PER"),
            "PERSON rules become PER rules"
        );
        assert!(!changes.is_empty(), "the user is told");
        assert!(
            changes.contains(&"PERSON → PER: titles, honorifics, roles".to_owned()),
            "one line per change, naming its rules: {changes:?}"
        );
        assert!(
            changes
                .iter()
                .any(|c| c.starts_with("off, the label set has no DATE: day-month, month-day")),
            "{changes:?}"
        );
    }

    #[test]
    fn per_in_use_wins_over_an_unused_person_label() {
        // A CoNLL import keeps the default labels in its set: PERSON is
        // there but unused, PER has the spans.
        let mut labels = LabelSet::default();
        labels.ensure("PER");
        let used = ["PER"].into_iter().collect();
        let (fitted, _) = default_rules_file().for_labels(&labels, &used);
        let enabled: Vec<&str> = fitted
            .rules
            .iter()
            .filter(|r| r.enabled)
            .map(|r| r.label.as_str())
            .collect();
        assert!(!enabled.contains(&"PERSON"), "{enabled:?}");
        assert!(enabled.contains(&"PER"), "{enabled:?}");
    }

    #[test]
    fn on_the_default_labels_nothing_changes() {
        let file = default_rules_file();
        let (fitted, changes) =
            file.for_labels(&LabelSet::default(), &std::collections::BTreeSet::new());
        assert_eq!(fitted, file);
        assert!(changes.is_empty(), "{changes:?}");
    }
}
