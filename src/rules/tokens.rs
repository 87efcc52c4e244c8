//! Token patterns, a subset of spaCy's Matcher: per token `ORTH`, `LOWER`,
//! `IN`-lists, `IS_TITLE`, `IS_UPPER`, `IS_DIGIT`, `SHAPE`, and the operators `?`,
//! `+`, `*`. Matched over the document's tokens (words and punctuation),
//! computed once per document; the longest match at each start wins.

use std::collections::HashSet;

use super::file::TokenSpec;

/// How often a token spec may repeat.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Op {
    One,
    Optional,
    OneOrMore,
    Any,
}

/// A token spec with its sets built.
#[derive(Debug)]
struct Spec {
    orth: Option<String>,
    lower: Option<String>,
    orth_in: Option<HashSet<String>>,
    lower_in: Option<HashSet<String>>,
    is_title: Option<bool>,
    is_upper: Option<bool>,
    is_digit: Option<bool>,
    shape: Option<String>,
    op: Op,
}

/// A compiled token pattern.
#[derive(Debug)]
pub struct CompiledPattern(Vec<Spec>);

/// Compiles one pattern; the error says what is wrong.
pub fn compile_pattern(specs: &[TokenSpec]) -> Result<CompiledPattern, String> {
    if specs.is_empty() {
        return Err("a token pattern is empty".into());
    }
    let compiled = specs
        .iter()
        .map(|s| {
            let op = match s.op.as_deref() {
                None | Some("1") => Op::One,
                Some("?") => Op::Optional,
                Some("+") => Op::OneOrMore,
                Some("*") => Op::Any,
                Some(other) => return Err(format!("token op {other:?} is not ?, + or *")),
            };
            Ok(Spec {
                orth: s.orth.clone(),
                lower: s.lower.clone(),
                orth_in: s.orth_in.as_ref().map(|v| v.iter().cloned().collect()),
                lower_in: s.lower_in.as_ref().map(|v| v.iter().cloned().collect()),
                is_title: s.is_title,
                is_upper: s.is_upper,
                is_digit: s.is_digit,
                shape: s.shape.clone(),
                op,
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    if compiled
        .iter()
        .all(|s| matches!(s.op, Op::Optional | Op::Any))
    {
        return Err("a token pattern must require at least one token".into());
    }
    Ok(CompiledPattern(compiled))
}

/// A token of a document with the attributes patterns test.
#[derive(Debug)]
pub struct TokenInfo<'a> {
    /// First char.
    pub start: usize,
    /// One past the last char.
    pub end: usize,
    /// The text.
    pub orth: &'a str,
    /// The lower-cased text, computed on first use.
    lower: std::cell::OnceCell<String>,
}

impl<'a> TokenInfo<'a> {
    /// A token over `orth` at chars `start..end`.
    pub fn new(orth: &'a str, start: usize, end: usize) -> Self {
        Self {
            start,
            end,
            orth,
            lower: std::cell::OnceCell::new(),
        }
    }

    fn lower(&self) -> &str {
        self.lower.get_or_init(|| self.orth.to_lowercase())
    }

    fn is_title(&self) -> bool {
        let mut chars = self.orth.chars();
        chars.next().is_some_and(char::is_uppercase) && chars.all(|c| !c.is_uppercase())
    }

    fn is_upper(&self) -> bool {
        self.orth.chars().any(char::is_alphabetic) && !self.orth.chars().any(char::is_lowercase)
    }

    fn is_digit(&self) -> bool {
        !self.orth.is_empty() && self.orth.chars().all(|c| c.is_ascii_digit())
    }

    /// spaCy's shape: capitals X, lower case x, digits d, others as they
    /// are; a run of more than four of one kind is cut to four.
    fn shape(&self) -> String {
        let mut out = String::new();
        let mut last = None;
        let mut run = 0;
        for c in self.orth.chars() {
            let s = if c.is_uppercase() {
                'X'
            } else if c.is_lowercase() {
                'x'
            } else if c.is_numeric() {
                'd'
            } else {
                c
            };
            run = if Some(s) == last { run + 1 } else { 1 };
            last = Some(s);
            if run <= 4 {
                out.push(s);
            }
        }
        out
    }
}

impl Spec {
    fn matches(&self, t: &TokenInfo<'_>) -> bool {
        self.orth.as_ref().is_none_or(|o| o == t.orth)
            && self.lower.as_ref().is_none_or(|l| l == t.lower())
            && self.orth_in.as_ref().is_none_or(|s| s.contains(t.orth))
            && self.lower_in.as_ref().is_none_or(|s| s.contains(t.lower()))
            && self.is_title.is_none_or(|b| b == t.is_title())
            && self.is_upper.is_none_or(|b| b == t.is_upper())
            && self.is_digit.is_none_or(|b| b == t.is_digit())
            && self.shape.as_ref().is_none_or(|s| *s == t.shape())
    }
}

impl CompiledPattern {
    /// The end (exclusive token index) of the longest match starting at
    /// token `start`, if any.
    pub fn longest_match(&self, tokens: &[TokenInfo<'_>], start: usize) -> Option<usize> {
        // The set of token positions reachable after each spec.
        let mut ends = vec![start];
        for spec in &self.0 {
            let mut next = Vec::new();
            for &e in &ends {
                match spec.op {
                    Op::One => {
                        if tokens.get(e).is_some_and(|t| spec.matches(t)) {
                            next.push(e + 1);
                        }
                    }
                    Op::Optional => {
                        next.push(e);
                        if tokens.get(e).is_some_and(|t| spec.matches(t)) {
                            next.push(e + 1);
                        }
                    }
                    Op::OneOrMore | Op::Any => {
                        if spec.op == Op::Any {
                            next.push(e);
                        }
                        let mut k = e;
                        while tokens.get(k).is_some_and(|t| spec.matches(t)) {
                            k += 1;
                            next.push(k);
                        }
                    }
                }
            }
            next.sort_unstable();
            next.dedup();
            if next.is_empty() {
                return None;
            }
            ends = next;
        }
        ends.into_iter().filter(|&e| e > start).max()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(f: impl FnOnce(&mut TokenSpec)) -> TokenSpec {
        let mut s = TokenSpec::default();
        f(&mut s);
        s
    }

    fn infos(words: &[&'static str]) -> Vec<TokenInfo<'static>> {
        words
            .iter()
            .enumerate()
            .map(|(i, w)| TokenInfo::new(w, i, i + 1))
            .collect()
    }

    #[test]
    fn operators_and_attributes() {
        let pattern = compile_pattern(&[
            spec(|s| s.lower_in = Some(vec!["mr".into(), "president".into()])),
            spec(|s| {
                s.orth = Some(".".into());
                s.op = Some("?".into());
            }),
            spec(|s| {
                s.is_title = Some(true);
                s.op = Some("+".into());
            }),
        ])
        .unwrap();
        let tokens = infos(&[
            "said",
            "President",
            "Donald",
            "Trump",
            "and",
            "Mr",
            ".",
            "Kim",
            "left",
        ]);
        assert_eq!(pattern.longest_match(&tokens, 1), Some(4));
        assert_eq!(pattern.longest_match(&tokens, 5), Some(8));
        assert_eq!(pattern.longest_match(&tokens, 0), None);
    }

    #[test]
    fn shape_digit_and_upper() {
        let year = compile_pattern(&[spec(|s| s.shape = Some("dddd".into()))]).unwrap();
        let upper = compile_pattern(&[spec(|s| s.is_upper = Some(true))]).unwrap();
        let digit = compile_pattern(&[spec(|s| s.is_digit = Some(true))]).unwrap();
        let tokens = infos(&["2018", "NATO", "Zürich", "123456"]);
        assert_eq!(year.longest_match(&tokens, 0), Some(1));
        assert_eq!(
            year.longest_match(&tokens, 3),
            Some(4),
            "a run of six digits has shape dddd"
        );
        assert_eq!(upper.longest_match(&tokens, 1), Some(2));
        assert_eq!(upper.longest_match(&tokens, 2), None);
        assert_eq!(digit.longest_match(&tokens, 3), Some(4));
    }

    #[test]
    fn bad_patterns_are_refused() {
        assert!(compile_pattern(&[]).is_err());
        assert!(compile_pattern(&[spec(|s| s.op = Some("*".into()))]).is_err());
        assert!(
            compile_pattern(&[spec(|s| s.op = Some("{2}".into()))])
                .unwrap_err()
                .contains("{2}")
        );
    }
}
