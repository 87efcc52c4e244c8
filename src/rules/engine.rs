//! The suggestion engine: runs every matcher over a document, resolves
//! conflicts, and drops what may not be proposed.

use std::collections::HashSet;

use super::compile::Compiled;
use super::learned::{Learned, word_chars};
use super::tokens::TokenInfo;
use crate::model::{CharOffset, Confidence, Dataset, Document, Origin, Span};
use crate::tagger::{RuleMatch, Tagger};
use crate::text::{OffsetIndex, token_iter};

/// Token rules see this many tokens at a time …
const TOKEN_WINDOW: usize = 16_384;
/// … plus this many after them, where a match may end.
const TOKEN_OVERLAP: usize = 1_024;

/// A match before conflicts are resolved.
#[derive(Clone, Debug)]
struct Candidate<'a> {
    start: usize,
    end: usize,
    label: &'a str,
    /// Rule index, or `usize::MAX` for the learned matcher and the model.
    rule: usize,
    /// The rule's id (empty for the learned matcher and the model).
    rule_id: &'a str,
    priority: i32,
    /// The model's confidence, for a model candidate.
    confidence: Option<Confidence>,
}

/// The priority of model spans: above the learned matcher's, below every
/// rule's (a rule is the analyst's explicit word).
const MODEL_PRIORITY: i32 = i32::MIN + 1;

/// Rules compiled, plus the learned matcher if on.
pub struct Suggester {
    /// The compiled rules.
    pub compiled: Compiled,
    /// The learned matcher, built from a dataset.
    pub learned: Option<Learned>,
}

impl Suggester {
    /// A suggester with these rules and no learned matcher.
    pub fn new(compiled: Compiled) -> Self {
        Self {
            compiled,
            learned: None,
        }
    }

    /// Builds the learned matcher from `dataset`'s accepted spans.
    #[must_use]
    pub fn learn(mut self, dataset: &Dataset) -> Self {
        self.learned = Some(Learned::new(dataset, &self.compiled.learned));
        self
    }

    /// The new suggestions for `doc`, sorted: never overlapping an accepted
    /// span or a pending suggestion, never a rejected one again.
    pub fn suggest(&self, doc: &Document) -> Vec<Span> {
        self.suggest_with(doc, None)
    }

    /// Like [`Suggester::suggest`], with the spans a trained model finds
    /// as further candidates (origin `model`, with their confidence).
    /// They go through the same conflict resolution: longest first, then
    /// priority (below every rule, above the learned matcher); never over
    /// an accepted span or a pending suggestion; a rejected one never again.
    pub fn suggest_with(&self, doc: &Document, model: Option<&Tagger>) -> Vec<Span> {
        self.suggest_reading(doc, model, None)
    }

    /// [`Suggester::suggest_with`], where the model reads the matches of
    /// `its_rules` (the rules it was trained with) instead of these
    /// rules' matches, when given.
    pub fn suggest_reading(
        &self,
        doc: &Document,
        model: Option<&Tagger>,
        its_rules: Option<&Self>,
    ) -> Vec<Span> {
        let mut candidates = self.rule_candidates(doc);
        let predicted = model
            .map(|m| match its_rules {
                Some(rules) => m.predict_with_matches(doc, &rules.rule_matches(doc)),
                None => m.predict_with_matches(doc, &Self::as_matches(&candidates)),
            })
            .unwrap_or_default();
        if let Some(learned) = &self.learned {
            let index = OffsetIndex::new(&doc.text);
            candidates.extend(learned.candidates(doc, &index).into_iter().map(
                |(start, end, label)| Candidate {
                    start,
                    end,
                    label,
                    rule: usize::MAX,
                    rule_id: "",
                    priority: i32::MIN,
                    confidence: None,
                },
            ));
        }
        candidates.extend(Self::model_candidates(&predicted));
        self.resolve(doc, candidates)
    }

    /// Only the model's suggestions for `doc` (reading these rules'
    /// matches as features), under the same conflict resolution.
    pub fn suggest_model(&self, doc: &Document, model: &Tagger) -> Vec<Span> {
        let predicted = model.predict_with_matches(doc, &self.rule_matches(doc));
        self.resolve(doc, Self::model_candidates(&predicted).collect())
    }

    fn model_candidates(predicted: &[Span]) -> impl Iterator<Item = Candidate<'_>> {
        predicted.iter().map(|s| Candidate {
            start: s.start.0,
            end: s.end.0,
            label: &s.label,
            rule: usize::MAX,
            rule_id: "",
            priority: MODEL_PRIORITY,
            confidence: match s.origin {
                Origin::Model(c) => Some(c),
                _ => Some(Confidence::default()),
            },
        })
    }

    /// Every match of every rule in `doc` (not the learned matcher's),
    /// overlapping ones included, before conflicts are resolved and
    /// whatever the document already holds: what the model reads as
    /// features (see `tagger::rule_features`).
    pub fn rule_matches(&self, doc: &Document) -> Vec<RuleMatch<'_>> {
        Self::as_matches(&self.rule_candidates(doc))
    }

    fn as_matches<'a>(candidates: &[Candidate<'a>]) -> Vec<RuleMatch<'a>> {
        candidates
            .iter()
            .map(|c| RuleMatch {
                start: c.start,
                end: c.end,
                rule: c.rule_id,
                label: c.label,
            })
            .collect()
    }

    /// Phrase, regex and token rule matches, in chars.
    fn rule_candidates(&self, doc: &Document) -> Vec<Candidate<'_>> {
        let text = doc.text.as_str();
        let ascii = text.is_ascii();
        // Phrase and regex matches in bytes: (start, end, rule).
        let mut found = Vec::with_capacity(64);
        self.compiled
            .phrases
            .find(text, &mut |start, end, rule| found.push((start, end, rule)));
        self.regex_matches(text, ascii, &mut found);
        let mut candidates = self.in_chars(text, ascii, found);
        self.token_candidates(doc, &mut candidates);
        candidates
    }

    /// Byte matches as candidates in chars: sorted by start, so one pass
    /// counts the chars of the whole text once (no offset table needed).
    fn in_chars(
        &self,
        text: &str,
        ascii: bool,
        mut found: Vec<(usize, usize, usize)>,
    ) -> Vec<Candidate<'_>> {
        // Stable: the matchers' runs, each in text order, merge.
        found.sort_by_key(|f| f.0);
        let (mut byte, mut char) = (0, 0);
        let mut out = Vec::with_capacity(found.len());
        for (start, end, rule) in found {
            if start >= end || !text.is_char_boundary(start) || !text.is_char_boundary(end) {
                continue;
            }
            let (start, end) = if ascii {
                (start, end)
            } else {
                char += text[byte..start].chars().count();
                byte = start;
                (char, char + text[start..end].chars().count())
            };
            let meta = &self.compiled.rules[rule];
            out.push(Candidate {
                start,
                end,
                label: &meta.label,
                rule,
                rule_id: &meta.id,
                priority: meta.priority,
                confidence: None,
            });
        }
        out
    }

    /// Every regex rule's matches (or its group's), in bytes.
    fn regex_matches(&self, text: &str, ascii: bool, out: &mut Vec<(usize, usize, usize)>) {
        // The ASCII twins are several times faster; they apply to most
        // text, which has no letters outside ASCII.
        let ascii_text = ascii || super::regex_parts::twins_match_alike(text);
        let mut matches = Vec::new();
        for r in &self.compiled.regexes {
            let searcher = match &r.ascii {
                Some(ascii) if ascii_text => ascii,
                _ => &r.unicode,
            };
            searcher.find(text, &mut matches);
            for &(start, end) in &matches {
                let Some(name) = &r.group else {
                    out.push((start, end, r.rule));
                    continue;
                };
                // Capture within the match only, with the ASCII twin when
                // the match is ASCII (the same result, far faster).
                let capturer = match &r.ascii {
                    Some(ascii) if ascii_text || text[start..end].is_ascii() => &ascii.regex,
                    _ => &r.unicode.regex,
                };
                if let Some(g) = capturer
                    .captures_at(&text[..end], start)
                    .and_then(|c| c.name(name))
                {
                    out.push((g.start(), g.end(), r.rule));
                }
            }
        }
    }

    fn token_candidates<'a>(&'a self, doc: &Document, out: &mut Vec<Candidate<'a>>) {
        if self.compiled.token_rules.is_empty() {
            return;
        }
        // Tokens are looked at a window at a time, so a document of
        // millions of tokens costs a window's memory, not a token table:
        // matches start in the window's first part and may run into the
        // rest (TOKEN_OVERLAP tokens, far longer than any name).
        let mut all =
            token_iter(&doc.text).map(|(t, orth)| TokenInfo::new(orth, t.start.0, t.end.0));
        let mut infos: Vec<TokenInfo<'_>> = Vec::with_capacity(TOKEN_WINDOW + TOKEN_OVERLAP);
        infos.extend(all.by_ref().take(TOKEN_WINDOW + TOKEN_OVERLAP));
        loop {
            let ended = infos.len() < TOKEN_WINDOW + TOKEN_OVERLAP;
            let starts = if ended { infos.len() } else { TOKEN_WINDOW };
            for (rule, patterns) in &self.compiled.token_rules {
                let meta = &self.compiled.rules[*rule];
                for start in 0..starts {
                    let best = patterns
                        .iter()
                        .filter_map(|p| p.longest_match(&infos, start))
                        .max();
                    if let Some(end) = best {
                        out.push(Candidate {
                            start: infos[start].start,
                            end: infos[end - 1].end,
                            label: &meta.label,
                            rule: *rule,
                            rule_id: &meta.id,
                            priority: meta.priority,
                            confidence: None,
                        });
                    }
                }
            }
            if ended {
                return;
            }
            infos.drain(..TOKEN_WINDOW);
            infos.extend(all.by_ref().take(TOKEN_WINDOW));
        }
    }

    /// Longest first, then priority, then rule order; greedy, no overlaps.
    ///
    /// The greedy choice is made per group of candidates that overlap one
    /// another (a group's choices cannot affect another group), so most
    /// candidates, which overlap nothing, cost no sorting, and the result
    /// comes out in text order.
    fn resolve(&self, doc: &Document, mut candidates: Vec<Candidate<'_>>) -> Vec<Span> {
        // Each matcher reports in text order: a stable sort merges the runs.
        candidates.sort_by_key(|c| (c.start, c.end));
        let rejected: HashSet<(usize, usize, &str)> = doc
            .rejected
            .iter()
            .map(|s| (s.start.0, s.end.0, s.label.as_str()))
            .collect();
        let mut taken: Vec<(usize, usize)> = doc
            .spans
            .iter()
            .chain(&doc.suggestions)
            .map(|s| (s.start.0, s.end.0))
            .collect();
        taken.sort_unstable();
        // reach[i]: the furthest end among taken[..=i] (accepted spans may
        // nest, so ends are not in order).
        let reach: Vec<usize> = taken
            .iter()
            .scan(0, |far, t| {
                *far = t.1.max(*far);
                Some(*far)
            })
            .collect();
        let blocked = |c: &Candidate<'_>| {
            let i = taken.partition_point(|t| t.0 < c.end);
            i > 0 && reach[i - 1] > c.start
                || !rejected.is_empty() && rejected.contains(&(c.start, c.end, c.label))
        };
        let mut out: Vec<Span> = Vec::with_capacity(candidates.len());
        let mut i = 0;
        while i < candidates.len() {
            let (mut j, mut end) = (i + 1, candidates[i].end);
            while j < candidates.len() && candidates[j].start < end {
                end = end.max(candidates[j].end);
                j += 1;
            }
            let group = &mut candidates[i..j];
            i = j;
            if let [c] = group {
                if !blocked(c) {
                    out.push(self.span(c));
                }
                continue;
            }
            group.sort_by(|a, b| {
                (b.end - b.start)
                    .cmp(&(a.end - a.start))
                    .then(b.priority.cmp(&a.priority))
                    .then(a.rule.cmp(&b.rule))
                    .then(a.start.cmp(&b.start))
            });
            let first = out.len();
            for c in group.iter() {
                let free = out[first..]
                    .iter()
                    .all(|s| s.end.0 <= c.start || c.end <= s.start.0);
                if free && !blocked(c) {
                    out.push(self.span(c));
                }
            }
            out[first..].sort_by_key(|s| s.start);
        }
        out
    }

    /// The suggestion a candidate makes.
    fn span(&self, c: &Candidate<'_>) -> Span {
        let origin = if let Some(confidence) = c.confidence {
            Origin::Model(confidence)
        } else if c.rule == usize::MAX {
            Origin::Learned
        } else {
            Origin::Rule(self.compiled.rules[c.rule].id.as_str().into())
        };
        Span {
            start: CharOffset(c.start),
            end: CharOffset(c.end),
            label: c.label.into(),
            origin,
            note: None,
        }
    }
}

/// What propagating a span found.
#[derive(Debug, Default)]
pub struct Propagation {
    /// New spans: (document index, span) with the source span's label.
    pub found: Vec<(usize, Span)>,
    /// Occurrences overlapping an accepted span: (document index, start, end), not changed.
    pub blocked: Vec<(usize, usize, usize)>,
}

/// Every other whole-word occurrence of `text` in documents `docs`, as
/// spans labelled `label`, except those already there (as spans or pending
/// suggestions, or rejected) and those overlapping an accepted span (listed
/// in `blocked`).
pub fn propagate(dataset: &Dataset, docs: &[usize], text: &str, label: &str) -> Propagation {
    let mut out = Propagation::default();
    if text.trim().is_empty() {
        return out;
    }
    for &d in docs {
        let doc = &dataset.documents[d];
        let index = OffsetIndex::new(&doc.text);
        for (at, _) in doc.text.match_indices(text) {
            let Some((cs, ce)) = word_chars(&doc.text, &index, at, at + text.len()) else {
                continue;
            };
            let span = Span::new(cs, ce, label);
            let same = |x: &Span| x.same_place_and_label(&span);
            if doc.spans.iter().any(same)
                || doc.suggestions.iter().any(same)
                || doc.rejected.iter().any(same)
            {
                continue;
            }
            if doc.spans.iter().any(|x| x.overlaps(&span)) {
                out.blocked.push((d, cs, ce));
                continue;
            }
            out.found.push((d, span.with_origin(Origin::Learned)));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_rules_find_every_match_across_their_windows() {
        let file: crate::rules::RulesFile = ron::from_str(
            r#"#![enable(implicit_some)]
            (rules: [(id: "summits", label: "EVENT",
                kind: tokens(patterns: [[(is_title: true, op: "+"), (lower: "summit")]]))])"#,
        )
        .expect("a rules file");
        let compiled = Compiled::new(&file, &|_| Ok(String::new())).expect("compiles");
        // 7 tokens a sentence, 8,000 sentences: 56,000 tokens, so matches
        // straddle every window boundary.
        let sentence = "the Geneva Peace Summit was held . ";
        let doc = Document::new("long", sentence.repeat(8_000));
        let found = Suggester::new(compiled).suggest(&doc);
        assert_eq!(found.len(), 8_000, "one match per sentence");
        let len = sentence.chars().count();
        for (i, span) in found.iter().enumerate() {
            assert_eq!(
                (span.start.0, span.end.0),
                (i * len + 4, i * len + 23),
                "match {i}"
            );
        }
    }
}
