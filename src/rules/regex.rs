//! Compiled regex rules: each pattern as written and its ASCII twin, each
//! searched from the literals inside it when that is faster.

use regex::{Regex, RegexBuilder};

use super::inner::InnerSearch;
use super::regex_parts::{REGEX_DFA_CACHE, REGEX_SIZE_LIMIT, ascii_twin};

/// A regex rule compiled twice: as written, and with its Unicode classes
/// narrowed to ASCII (`\p{Lu}` to `[A-Z]`, `\w` to `[0-9A-Za-z_]` …), which
/// matches exactly the same on ASCII text and runs far faster: Unicode
/// classes make capture groups cost about a millisecond per match.
pub(crate) struct CompiledRegex {
    /// The pattern as written.
    pub(crate) unicode: Searcher,
    /// Its ASCII twin, when it has Unicode classes to narrow.
    pub(crate) ascii: Option<Searcher>,
    pub(crate) group: Option<String>,
    pub(crate) rule: usize,
}

/// One form of a regex: the regex, and its search from the literals inside
/// it when that is faster.
pub(crate) struct Searcher {
    pub(crate) regex: Regex,
    pub(crate) inner: Option<InnerSearch>,
}

impl Searcher {
    /// The matches of the regex in `text`, in bytes, into `out` (cleared).
    pub(crate) fn find(&self, text: &str, out: &mut Vec<(usize, usize)>) {
        out.clear();
        let searched = self
            .inner
            .as_ref()
            .and_then(|inner| inner.find(text, &mut |s, e| out.push((s, e))));
        if searched.is_none() {
            out.clear();
            out.extend(self.regex.find_iter(text).map(|m| (m.start(), m.end())));
        }
    }
}

/// Compiles one regex rule (and its ASCII twin), within the size limit.
pub(crate) fn compile_regex(
    pattern: &str,
    group: Option<&String>,
    rule: usize,
) -> Result<CompiledRegex, String> {
    let regex = RegexBuilder::new(pattern)
        .size_limit(REGEX_SIZE_LIMIT)
        .dfa_size_limit(REGEX_DFA_CACHE)
        .build()
        .map_err(|e| format!("bad regular expression: {e}"))?;
    if let Some(name) = group
        && !regex.capture_names().any(|n| n == Some(name.as_str()))
    {
        return Err(format!("the pattern has no group named {name:?}"));
    }
    let twin = ascii_twin(pattern);
    let ascii = (twin != pattern)
        .then(|| {
            RegexBuilder::new(&twin)
                .size_limit(REGEX_SIZE_LIMIT)
                .dfa_size_limit(REGEX_DFA_CACHE)
                .build()
                .ok()
        })
        .flatten();
    Ok(CompiledRegex {
        unicode: Searcher {
            regex,
            inner: InnerSearch::new(pattern, REGEX_SIZE_LIMIT),
        },
        ascii: ascii.map(|regex| Searcher {
            regex,
            inner: InnerSearch::new(&twin, REGEX_SIZE_LIMIT),
        }),
        group: group.cloned(),
        rule,
    })
}
