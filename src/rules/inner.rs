//! Regexes searched from a word inside them.
//!
//! A regex such as the default `org-heads`, "one to four capitalised words,
//! then Ministry, Bank, Party …", has no fixed first word, so the regex
//! crate runs its automaton over every byte of the text (~2 ms per MB).
//! But every match contains one of its head words, and those are rare:
//! this finds them with one literal search (Teddy, many MB per ms), walks
//! back from each over the part of the regex before it (a reverse lazy
//! DFA, anchored, so a few bytes), and confirms the whole match forwards
//! from there (anchored). That is the regex crate's own "reverse inner"
//! strategy, which it declines for such regexes because in contrived texts
//! it may pick a different one of two overlapping matches than a scan from
//! the left would; every match reported here is still a match of the regex,
//! matches never overlap, and on real text (tests) they are the same.

use aho_corasick::AhoCorasick;
use regex_automata::hybrid::dfa::{Cache, DFA};
use regex_automata::nfa::thompson::{self, WhichCaptures};
use regex_automata::util::pool::Pool;
use regex_automata::util::prefilter::Prefilter;
use regex_automata::{Anchored, Input, MatchKind, meta};
use regex_syntax::hir::literal::{ExtractKind, Extractor};
use regex_syntax::hir::{Hir, HirKind};

/// A function that makes a cache for the reverse DFA.
type MakeCache =
    Box<dyn Fn() -> Cache + Send + Sync + std::panic::RefUnwindSafe + std::panic::UnwindSafe>;

/// A regex with a required set of literals inside it, searched from them.
pub(crate) struct InnerSearch {
    /// The literals one of which every match contains.
    literals: AhoCorasick,
    /// The part of the regex before the literals, reversed.
    prefix: DFA,
    caches: Pool<Cache, MakeCache>,
    /// The whole regex, run anchored from where the prefix starts.
    forward: meta::Regex,
}

/// The most literals worth searching for at once.
const MAX_LITERALS: usize = 128;

impl InnerSearch {
    /// The inner search for `pattern`, or `None` when the regex crate's own
    /// search is the better one: the regex starts with a literal search of
    /// its own (fixed words, or a few possible bytes), or no part of the
    /// top-level sequence after the first is a short, finite, required list
    /// of literals.
    pub(crate) fn new(pattern: &str, size_limit: usize) -> Option<Self> {
        let hir = regex_syntax::parse(pattern).ok()?;
        // Any literal search at the start (even one the regex crate deems
        // slow, such as "a digit") measured faster than literals inside.
        if Prefilter::from_hir_prefix(MatchKind::LeftmostFirst, &hir).is_some() {
            return None;
        }
        let HirKind::Concat(parts) = hir.kind() else {
            return None;
        };
        let (k, literals) = parts.iter().enumerate().skip(1).find_map(|(k, part)| {
            // A part that can match nothing is not required.
            if part.properties().minimum_len().is_none_or(|n| n == 0) {
                return None;
            }
            let seq = Extractor::new().kind(ExtractKind::Prefix).extract(part);
            let literals = seq.literals()?;
            (!literals.is_empty()
                && literals.len() <= MAX_LITERALS
                && literals.iter().all(|l| !l.is_empty()))
            .then(|| {
                (
                    k,
                    literals
                        .iter()
                        .map(|l| l.as_bytes().to_vec())
                        .collect::<Vec<_>>(),
                )
            })
        })?;
        let literals = AhoCorasick::builder()
            .match_kind(aho_corasick::MatchKind::LeftmostFirst)
            .build(&literals)
            .ok()?;
        let reversed = thompson::Compiler::new()
            .configure(
                thompson::Config::new()
                    .reverse(true)
                    .which_captures(WhichCaptures::None)
                    .nfa_size_limit(Some(size_limit)),
            )
            .build_from_hir(&Hir::concat(parts[..k].to_vec()))
            .ok()?;
        let prefix = DFA::builder()
            .configure(
                DFA::config()
                    .match_kind(MatchKind::All)
                    .unicode_word_boundary(true)
                    .cache_capacity(super::regex_parts::REGEX_DFA_CACHE),
            )
            .build_from_nfa(reversed)
            .ok()?;
        let forward = meta::Regex::builder()
            .configure(
                meta::Config::new()
                    .nfa_size_limit(Some(size_limit))
                    .hybrid_cache_capacity(super::regex_parts::REGEX_DFA_CACHE),
            )
            .build(pattern)
            .ok()?;
        let for_caches = prefix.clone();
        let make: MakeCache = Box::new(move || for_caches.create_cache());
        Some(Self {
            literals,
            prefix,
            caches: Pool::new(make),
            forward,
        })
    }

    /// Calls `found(start, end)` for each match in `text`, in order, not
    /// overlapping. `None` when the reverse DFA gave up (it may on some
    /// non-ASCII text): the caller then searches the usual way.
    pub(crate) fn find(&self, text: &str, found: &mut dyn FnMut(usize, usize)) -> Option<()> {
        let hay = text.as_bytes();
        let mut cache = self.caches.get();
        // No match starts before `pos`; the next literal is looked for from `at`.
        let (mut pos, mut at) = (0, 0);
        while at < hay.len() {
            let Some(lit) = self
                .literals
                .find(aho_corasick::Input::new(hay).span(at..hay.len()))
            else {
                break;
            };
            let back = Input::new(hay)
                .span(pos..lit.start())
                .anchored(Anchored::Yes);
            let Some(start) = self.prefix.try_search_rev(&mut cache, &back).ok()? else {
                at = lit.start() + 1;
                continue;
            };
            let whole = Input::new(hay)
                .span(start.offset()..hay.len())
                .anchored(Anchored::Yes);
            match self.forward.search(&whole) {
                Some(m) if !m.is_empty() => {
                    found(m.start(), m.end());
                    pos = m.end();
                    // A match that ends before its literal leaves the
                    // literal for the next one.
                    at = m.end().max(lit.start());
                }
                _ => at = lit.start() + 1,
            }
        }
        Some(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::{RuleKind, default_rules_file};

    fn plain(pattern: &str, text: &str) -> Vec<(usize, usize)> {
        regex::Regex::new(pattern)
            .map(|r| r.find_iter(text).map(|m| (m.start(), m.end())).collect())
            .unwrap_or_default()
    }

    fn inner(search: &InnerSearch, text: &str) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        search.find(text, &mut |s, e| out.push((s, e)));
        out
    }

    const LIMIT: usize = 4 << 20;

    #[test]
    fn only_regexes_without_a_fast_first_word_are_searched_from_inside() {
        assert!(InnerSearch::new(r"(?:Mr|Mrs|Dr)\.?\s+\p{Lu}\p{L}+", LIMIT).is_none());
        assert!(InnerSearch::new(r"\b[0-9]{1,2}\s+(?:May|June)\b", LIMIT).is_none());
        assert!(InnerSearch::new(r"\b\p{Lu}\p{L}*\s+(?:Bank|Party)\b", LIMIT).is_some());
        // No required literal: the heads are optional.
        assert!(InnerSearch::new(r"\b\p{Lu}\p{L}*(?:\s+(?:Bank|Party))?", LIMIT).is_none());
    }

    #[test]
    fn the_default_rules_find_the_same_matches_on_real_text() {
        let data = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data");
        let mut texts = vec![
            std::fs::read_to_string(data.join("unicode-offsets.txt")).unwrap_or_default(),
            crate::assets::sample_dataset().documents[0].text.clone(),
        ];
        let wnut = crate::formats::by_name("conll")
            .and_then(|f| crate::store::import(f, &data.join("wnut17/emerging.dev.conll")).ok())
            .expect("the WNUT-17 sample imports");
        texts.extend(wnut.documents.into_iter().map(|d| d.text));
        // Text made to hit the heads: runs of capitals before them.
        texts.push(
            "The Bank of England and the Royal Bank, the Labour Party Conference, \
             World Cup Final, the peace talks and presidential elections, \
             New York Times Post Office Bank Party. Bank. X Y Z W V Union"
                .to_owned(),
        );
        let mut searched = Vec::new();
        let mut matched = 0;
        for rule in default_rules_file().rules {
            let RuleKind::Regex { pattern, .. } = rule.kind else {
                continue;
            };
            let Some(search) = InnerSearch::new(&pattern, LIMIT) else {
                continue;
            };
            for text in &texts {
                let found = inner(&search, text);
                assert_eq!(found, plain(&pattern, text), "rule {} on {text:?}", rule.id);
                matched += found.len();
            }
            searched.push(rule.id);
        }
        assert!(
            ["org-heads", "events", "events-common"]
                .iter()
                .all(|id| searched.iter().any(|s| s == id)),
            "{searched:?}"
        );
        assert!(matched > 20, "{matched} matches by {searched:?}");
    }

    #[test]
    #[ignore = "reads ../shared/samples/conll2003-eng.train.iob1.txt, which may not be copied here; CI runs it"]
    fn the_default_rules_find_the_same_matches_in_conll_2003() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../shared/samples/conll2003-eng.train.iob1.txt");
        let conll = crate::formats::by_name("conll")
            .and_then(|f| crate::store::import(f, &path).ok())
            .expect("the CoNLL-2003 training file imports");
        let mut compared = 0;
        for rule in default_rules_file().rules {
            let RuleKind::Regex { pattern, .. } = rule.kind else {
                continue;
            };
            let twin = crate::rules::regex_parts::ascii_twin(&pattern);
            for p in [&pattern, &twin] {
                let Some(search) = InnerSearch::new(p, LIMIT) else {
                    continue;
                };
                for doc in &conll.documents {
                    let found = inner(&search, &doc.text);
                    assert_eq!(found, plain(p, &doc.text), "rule {} in {}", rule.id, doc.id);
                    compared += found.len();
                }
            }
        }
        assert!(compared > 1000, "{compared} matches compared");
    }

    proptest::proptest! {
        /// On any text, every match is a match of the regex, in order and
        /// not overlapping.
        #[test]
        fn every_match_is_a_match(
            words in proptest::collection::vec(
                proptest::sample::select(vec![
                    "Bank", "Party", "bank", "Royal", "The", "of", "England", "X", "\n", ",", " ", "  ",
                ]),
                0..40,
            ),
        ) {
            let pattern = r"(?-u:\b)(?:\p{Lu}\p{L}*\s+){1,3}(?:Bank|Party)(?:\s+of(?:\s+\p{Lu}\p{L}+)+)?";
            let search = InnerSearch::new(pattern, LIMIT).expect("searched from inside");
            let text = words.join(" ");
            let whole = regex::Regex::new(&format!("^(?:{pattern})$")).expect("valid");
            let found = inner(&search, &text);
            let mut last = 0;
            for &(s, e) in &found {
                proptest::prop_assert!(s >= last && s < e, "{found:?}");
                proptest::prop_assert!(
                    whole.is_match(&text[s..e]) || regex::Regex::new(pattern)
                        .expect("valid")
                        .find_at(&text, s)
                        .is_some_and(|m| m.start() == s && m.end() == e),
                    "{:?} is not a match",
                    &text[s..e]
                );
                last = e;
            }
        }
    }
}
