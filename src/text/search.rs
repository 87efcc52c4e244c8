//! Finding text: a [`SearchQuery`] (plain text or a regular expression,
//! case-insensitive or not) compiled once into a [`Matcher`], and its hits
//! in one text as half-open **char** ranges ([`TextHits`]).
//!
//! The regex crate reports byte offsets; they become char offsets here, in
//! one forward walk over the text (each byte is looked at once, however
//! many hits there are). Empty matches (`a*` between two letters) are not
//! hits: there is nothing to show or jump to.

use std::ops::Range;

/// What the user typed and how it is to be read.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct SearchQuery {
    /// The text or the regular expression.
    pub pattern: String,
    /// Upper and lower case letters match each other.
    pub ignore_case: bool,
    /// `pattern` is a regular expression (regex crate syntax), not plain text.
    pub regex: bool,
}

/// Why a query cannot run.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SearchError {
    /// Nothing to search for.
    #[error("type something to search for")]
    Empty,
    /// The regular expression does not parse (the regex crate's message).
    #[error("not a valid regular expression: {0}")]
    BadRegex(String),
}

/// A compiled query.
#[derive(Clone, Debug)]
pub struct Matcher {
    regex: regex::Regex,
}

/// The hits of a query in one text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TextHits {
    /// The first hits, as char ranges in text order (at most the limit
    /// given to [`Matcher::hits`]).
    pub ranges: Vec<Range<usize>>,
    /// How many hits there are in all (`ranges` may hold fewer).
    pub count: usize,
}

impl Matcher {
    /// Compiles a query. Plain text is matched literally (regex
    /// metacharacters mean themselves).
    pub fn new(query: &SearchQuery) -> Result<Self, SearchError> {
        if query.pattern.is_empty() {
            return Err(SearchError::Empty);
        }
        let pattern = if query.regex {
            query.pattern.clone()
        } else {
            regex::escape(&query.pattern)
        };
        let regex = regex::RegexBuilder::new(&pattern)
            .case_insensitive(query.ignore_case)
            .multi_line(true)
            .size_limit(1 << 24)
            .build()
            .map_err(|e| SearchError::BadRegex(one_line(&e.to_string())))?;
        Ok(Self { regex })
    }

    /// True if the query matches somewhere in `text` (a non-empty match).
    pub fn is_match(&self, text: &str) -> bool {
        self.regex.find_iter(text).any(|m| !m.is_empty())
    }

    /// Every hit in `text`, counted; the first `limit` kept as char ranges.
    pub fn hits(&self, text: &str, limit: usize) -> TextHits {
        let mut out = TextHits::default();
        // The walk: `byte` is a char boundary whose char offset is `char`.
        let (mut byte, mut char) = (0, 0);
        let mut to_char = |b: usize| -> usize {
            char += text.get(byte..b).map_or(0, |s| s.chars().count());
            byte = b;
            char
        };
        for m in self.regex.find_iter(text) {
            if m.is_empty() {
                continue;
            }
            out.count += 1;
            if out.ranges.len() < limit {
                let start = to_char(m.start());
                let end = to_char(m.end());
                out.ranges.push(start..end);
            }
        }
        out
    }
}

/// The regex crate's multi-line error message (with its caret diagram) on
/// one line, for a status line.
fn one_line(message: &str) -> String {
    let lines: Vec<&str> = message.lines().map(str::trim).collect();
    lines
        .iter()
        .rev()
        .find(|l| l.starts_with("error:"))
        .map_or_else(
            || lines.join(" "),
            |l| l.trim_start_matches("error: ").to_owned(),
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn query(pattern: &str, ignore_case: bool, regex: bool) -> Matcher {
        Matcher::new(&SearchQuery {
            pattern: pattern.into(),
            ignore_case,
            regex,
        })
        .unwrap()
    }

    #[test]
    fn plain_hits_are_char_ranges_on_the_unicode_sample() {
        let gold: serde_json::Value =
            serde_json::from_str(include_str!("../../tests/data/unicode-offsets.gold.json"))
                .unwrap();
        let text = gold["text"].as_str().unwrap();
        let spans = gold["spans"].as_array().unwrap();
        assert!(spans.len() >= 5, "the gold file has spans");
        for span in spans {
            let needle = span["text"].as_str().unwrap();
            let start = usize::try_from(span["start"].as_u64().unwrap()).unwrap();
            let end = usize::try_from(span["end"].as_u64().unwrap()).unwrap();
            let hits = query(needle, false, false).hits(text, usize::MAX);
            assert!(
                hits.ranges.contains(&(start..end)),
                "{needle}: {start}..{end} not in {:?}",
                hits.ranges
            );
            assert_eq!(hits.count, hits.ranges.len(), "{needle}");
        }
    }

    #[test]
    #[expect(clippy::single_range_in_vec_init, reason = "lists of hit ranges")]
    fn a_table_of_queries() {
        let text = "Zoë met ZOË in Zürich 🇨🇭; zoë.\nÉcole école";
        let cases: &[(&str, bool, bool, &[Range<usize>])] = &[
            ("Zoë", false, false, &[0..3]),
            ("zoë", true, false, &[0..3, 8..11, 26..29]),
            ("école", true, false, &[31..36, 37..42]),
            ("Zürich", false, false, &[15..21]),
            ("🇨🇭", false, false, &[22..24]),
            ("z.ë", true, true, &[0..3, 8..11, 26..29]),
            ("z.ë", true, false, &[]),
            (r"^\w+", false, true, &[0..3, 31..36]),
            ("ë.", false, false, &[28..30]),
        ];
        for (pattern, ignore_case, regex, want) in cases {
            let hits = query(pattern, *ignore_case, *regex).hits(text, usize::MAX);
            assert_eq!(
                hits.ranges, *want,
                "{pattern} ignore_case={ignore_case} regex={regex}"
            );
        }
    }

    #[test]
    fn empty_matches_are_not_hits_and_the_limit_keeps_the_count() {
        let hits = query("x*", false, true).hits("axxbx", usize::MAX);
        assert_eq!(hits.ranges, [1..3, 4..5]);
        let hits = query("a", false, false).hits("aaaa", 2);
        assert_eq!((hits.ranges.len(), hits.count), (2, 4));
        assert!(!query("x*", false, true).is_match("abc"));
    }

    #[test]
    fn bad_queries_say_why() {
        let bad = SearchQuery {
            pattern: "(PER".into(),
            regex: true,
            ..SearchQuery::default()
        };
        let err = Matcher::new(&bad).unwrap_err().to_string();
        assert!(err.contains("unclosed group"), "{err}");
        assert!(!err.contains('\n'), "one line: {err}");
        assert_eq!(
            Matcher::new(&SearchQuery::default()).unwrap_err(),
            SearchError::Empty
        );
        // The same text as plain text is fine.
        let plain = SearchQuery {
            regex: false,
            ..bad
        };
        assert_eq!(Matcher::new(&plain).unwrap().hits("(PER)", 9).count, 1);
    }
}
