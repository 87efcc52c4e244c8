//! Rule matches as token features: where the analyst's rules (and the
//! gazetteers they read) match, the tagger learns how far each rule can be
//! trusted, and where its matches begin and end.
//!
//! The tagger does not run rules itself: a caller that has them (the rules
//! engine, see `rules::Suggester::rule_matches`) hands over each
//! document's matches, at training and at tagging time alike. A rule the
//! model never saw in training has no weight and changes nothing.

use super::keys::{feature, template};
use crate::model::Document;
use crate::text::Token;

/// One match of a rule in a document, in chars (half-open), before the
/// rules engine resolves conflicts: overlapping matches all count.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RuleMatch<'r> {
    /// First char.
    pub start: usize,
    /// One past the last char.
    pub end: usize,
    /// The rule's id.
    pub rule: &'r str,
    /// The label it proposes.
    pub label: &'r str,
}

/// A rule the model read in training: its label and how often it matched.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct RuleRead {
    /// The label it proposed.
    pub label: String,
    /// Its matches in the documents learned from.
    pub matches: usize,
}

/// Finds a document's rule matches (the rules engine, as a closure).
pub type RuleMatcher<'r> = dyn Fn(&Document) -> Vec<RuleMatch<'r>> + Sync + 'r;

/// Per token, the feature hashes of the rule matches over it and beside
/// it: the rule's id and label with the token's place in the match
/// (`B`egin, `I`nside, `L`ast, `U`nit), and the label of a match that
/// starts right after (`next`) or ends right before (`prev`) the token.
/// `tokens` are in text order; tokens without a match get no allocation.
pub fn token_features(tokens: &[Token], matches: &[RuleMatch<'_>]) -> Vec<Vec<u64>> {
    use template as t;
    let mut out: Vec<Vec<u64>> = vec![Vec::new(); tokens.len()];
    for m in matches {
        let first = tokens.partition_point(|t| t.end.0 <= m.start);
        let end = first + tokens[first..].partition_point(|t| t.start.0 < m.end);
        if first >= end {
            continue;
        }
        for (k, f) in out[first..end].iter_mut().enumerate() {
            let place: &[u8] = match (k == 0, first + k + 1 == end) {
                (true, true) => b"U",
                (true, false) => b"B",
                (false, true) => b"L",
                (false, false) => b"I",
            };
            f.push(feature(t::RULE, &[place, m.rule.as_bytes()]));
            f.push(feature(t::RULE_LABEL, &[place, m.label.as_bytes()]));
        }
        if let Some(before) = first.checked_sub(1) {
            out[before].push(feature(t::RULE_NEAR, &[b"next", m.label.as_bytes()]));
        }
        if let Some(after) = out.get_mut(end) {
            after.push(feature(t::RULE_NEAR, &[b"prev", m.label.as_bytes()]));
        }
    }
    for f in &mut out {
        if f.len() > 1 {
            f.sort_unstable();
            f.dedup();
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::CharOffset;

    fn token(start: usize, end: usize) -> Token {
        Token {
            start: CharOffset(start),
            end: CharOffset(end),
        }
    }

    #[test]
    fn matches_mark_the_tokens_they_cover_and_their_neighbours() {
        use template as t;
        // "Mr John Smith of Acme Corp"
        let tokens = [
            token(0, 2),
            token(3, 7),
            token(8, 13),
            token(14, 16),
            token(17, 21),
            token(22, 26),
        ];
        let matches = [
            RuleMatch {
                start: 3,
                end: 13,
                rule: "honorifics",
                label: "PERSON",
            },
            RuleMatch {
                start: 17,
                end: 26,
                rule: "org-heads",
                label: "ORG",
            },
            RuleMatch {
                start: 22,
                end: 26,
                rule: "known-orgs",
                label: "ORG",
            },
        ];
        let f = token_features(&tokens, &matches);
        let has =
            |i: usize, template: u8, parts: &[&[u8]]| f[i].contains(&feature(template, parts));
        assert!(has(1, t::RULE, &[b"B", b"honorifics"]));
        assert!(has(2, t::RULE, &[b"L", b"honorifics"]));
        assert!(has(2, t::RULE_LABEL, &[b"L", b"PERSON"]));
        assert!(has(0, t::RULE_NEAR, &[b"next", b"PERSON"]));
        assert!(has(3, t::RULE_NEAR, &[b"prev", b"PERSON"]));
        assert!(
            has(5, t::RULE, &[b"L", b"org-heads"]),
            "overlapping matches all count"
        );
        assert!(has(5, t::RULE, &[b"U", b"known-orgs"]));
        assert_eq!(
            f[5].iter()
                .filter(|&&h| h == feature(t::RULE_LABEL, &[b"U", b"ORG"]))
                .count(),
            1
        );
        assert_eq!((f[0].len(), f[3].len()), (1, 2), "{f:?}");
    }

    #[test]
    fn matches_outside_every_token_are_ignored() {
        let tokens = [token(0, 3), token(10, 12)];
        let matches = [
            RuleMatch {
                start: 4,
                end: 9,
                rule: "r",
                label: "X",
            },
            RuleMatch {
                start: 40,
                end: 50,
                rule: "r",
                label: "X",
            },
        ];
        let f = token_features(&tokens, &matches);
        assert!(f.iter().all(Vec::is_empty), "{f:?}");
    }
}
