//! The regex pieces every regex search shares: size limits and the
//! narrowing of Unicode classes to ASCII.

/// The largest compiled size of one regex: a pathological pattern is
/// refused at compile time instead of eating memory.
pub(crate) const REGEX_SIZE_LIMIT: usize = 4 << 20;

/// The most memory a regex's lazy DFA may fill per thread as it learns the
/// text (it grows only as needed). The regex crate's 2 MB is too small for
/// patterns with Unicode classes such as the default rules' names: on text
/// with a few non-ASCII characters the cache was cleared over and over and
/// the search fell back to a slower engine (3 MB/s against 60 MB/s with
/// 8 MB or more; peak memory of the whole run unchanged).
pub(crate) const REGEX_DFA_CACHE: usize = 16 << 20;

/// Whether the ASCII twins match exactly as their patterns do on `text`:
/// when no character outside ASCII is a letter, digit, word character or
/// space (curly quotes, dashes and the like are none of these), the
/// Unicode classes the twins narrow match the same characters.
pub(crate) fn twins_match_alike(text: &str) -> bool {
    let mut rest = text;
    while let Some(i) = rest.bytes().position(|b| !b.is_ascii()) {
        let Some(c) = rest[i..].chars().next() else {
            return false;
        };
        if c.is_alphanumeric() || c.is_whitespace() || regex_syntax::is_word_character(c) {
            return false;
        }
        rest = &rest[i + c.len_utf8()..];
    }
    true
}

/// The pattern with its Unicode classes narrowed to their ASCII members.
pub(crate) fn ascii_twin(pattern: &str) -> String {
    [
        (r"\p{Lu}", "[A-Z]"),
        (r"\p{Ll}", "[a-z]"),
        (r"\p{L}", "[A-Za-z]"),
        (r"\w", "[0-9A-Za-z_]"),
        (r"\d", "[0-9]"),
        (r"\s", r"[\t\n\x0B\x0C\r ]"),
    ]
    .iter()
    .fold(pattern.to_owned(), |p, (unicode, ascii)| {
        p.replace(unicode, ascii)
    })
}
