//! Mapping imported labels onto the dataset's: `PER=PERSON,GPE=LOC`
//! (`--map` on the command line, "Map labels" in the import window).

use std::collections::BTreeMap;
use std::str::FromStr;

use super::{Document, Span};

/// Label renames applied to imported spans: from → to.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LabelMap(pub BTreeMap<String, String>);

impl FromStr for LabelMap {
    type Err = String;

    /// Parses `FROM=TO,FROM=TO` (spaces around names ignored; empty: no map).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let mut map = BTreeMap::new();
        for pair in s.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let Some((from, to)) = pair.split_once('=') else {
                return Err(format!(
                    "label map: {pair:?} is not FROM=TO (e.g. PER=PERSON)"
                ));
            };
            let (from, to) = (from.trim(), to.trim());
            if from.is_empty() || to.is_empty() || to.chars().any(char::is_whitespace) {
                return Err(format!(
                    "label map: {pair:?} needs a label on both sides of = and no spaces"
                ));
            }
            if map.insert(from.to_owned(), to.to_owned()).is_some() {
                return Err(format!("label map: {from:?} is mapped twice"));
            }
        }
        Ok(Self(map))
    }
}

impl LabelMap {
    /// True when nothing is mapped.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// What `label` becomes.
    pub fn get<'a>(&'a self, label: &'a str) -> &'a str {
        self.0.get(label).map_or(label, String::as_str)
    }

    /// Renames the labels of every span, suggestion, rejected suggestion and
    /// conflict span of `documents`; a span that then duplicates another of
    /// its list (PER and PERSON over the same words) is dropped. Returns
    /// how many were dropped.
    pub fn apply(&self, documents: &mut [Document]) -> usize {
        if self.is_empty() {
            return 0;
        }
        let mut dropped = 0;
        for doc in documents {
            for list in [&mut doc.spans, &mut doc.suggestions, &mut doc.rejected] {
                dropped += self.apply_list(list);
            }
            for span in doc
                .conflicts
                .iter_mut()
                .flat_map(|c| &mut c.versions)
                .flat_map(|v| &mut v.spans)
            {
                let to = self.get(&span.label).to_owned();
                span.label = to.into();
            }
        }
        dropped
    }

    fn apply_list(&self, list: &mut Vec<Span>) -> usize {
        let before = list.len();
        for span in list.iter_mut() {
            let to = self.get(&span.label).to_owned();
            span.label = to.into();
        }
        list.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        list.dedup_by(|a, b| a.same_place_and_label(b));
        before - list.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_pairs_and_refuses_what_is_not_a_pair() {
        let map: LabelMap = "PER=PERSON, GPE = LOC".parse().unwrap();
        assert_eq!(map.get("PER"), "PERSON");
        assert_eq!(map.get("GPE"), "LOC");
        assert_eq!(map.get("MISC"), "MISC", "unmapped labels stay");
        assert!("".parse::<LabelMap>().unwrap().is_empty(), "empty: no map");
        let err = "PER".parse::<LabelMap>().unwrap_err();
        assert!(err.contains("\"PER\" is not FROM=TO"), "{err}");
        assert!("PER=".parse::<LabelMap>().is_err(), "no target");
        assert!("A=B,A=C".parse::<LabelMap>().is_err(), "twice");
    }

    #[test]
    fn mapping_onto_a_label_already_there_drops_the_duplicate() {
        let mut doc = Document::new("d", "Zoë Saldaña met 王小明.");
        doc.spans = vec![
            Span::new(0, 11, "PER"),
            Span::new(0, 11, "PERSON"),
            Span::new(16, 19, "PER"),
        ];
        let map: LabelMap = "PER=PERSON".parse().unwrap();
        let mut docs = vec![doc];
        assert_eq!(map.apply(&mut docs), 1, "one duplicate");
        let labels: Vec<&str> = docs[0].spans.iter().map(|s| s.label.as_str()).collect();
        assert_eq!(labels, ["PERSON", "PERSON"]);
    }
}
