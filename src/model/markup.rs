//! A compact markup for spans in tests and examples:
//! `"[PERSON Mike Pompeo] met [ORG UN] staff"` is the text
//! `"Mike Pompeo met UN staff"` with two spans. Brackets cannot nest; a
//! literal `[` or `]` is written `\[` or `\]`.

use super::Span;

/// Splits marked-up text into plain text and spans (char offsets).
///
/// # Panics
/// On malformed markup: it is written by hand in tests, never read from a user's file.
pub fn parse(markup: &str) -> (String, Vec<Span>) {
    let mut text = String::new();
    let mut spans = Vec::new();
    let mut chars = markup.chars().peekable();
    let mut open: Option<(usize, String)> = None;
    let mut len = 0usize;
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                let escaped = chars.next().unwrap_or('\\');
                text.push(escaped);
                len += 1;
            }
            '[' => {
                assert!(open.is_none(), "nested [ in markup {markup:?}");
                let label: String = chars.by_ref().take_while(|c| *c != ' ').collect();
                open = Some((len, label));
            }
            ']' => {
                let (start, label) = open
                    .take()
                    .unwrap_or_else(|| panic!("stray ] in {markup:?}"));
                spans.push(Span::new(start, len, label));
            }
            c => {
                text.push(c);
                len += 1;
            }
        }
    }
    assert!(open.is_none(), "unclosed [ in markup {markup:?}");
    (text, spans)
}

/// Writes text and non-overlapping spans as markup (the inverse of [`parse`]).
pub fn render(text: &str, spans: &[Span]) -> String {
    let mut sorted: Vec<&Span> = spans.iter().collect();
    sorted.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    let mut out = String::new();
    let mut next = sorted.iter().peekable();
    let mut open_end = None;
    for (i, c) in text.chars().chain(std::iter::once('\0')).enumerate() {
        if open_end == Some(i) {
            out.push(']');
            open_end = None;
        }
        if open_end.is_none()
            && let Some(span) = next.next_if(|s| s.start.0 == i)
        {
            out.push('[');
            out.push_str(&span.label);
            out.push(' ');
            open_end = Some(span.end.0);
        }
        if i == text.chars().count() {
            break;
        }
        if matches!(c, '[' | ']' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_round_trips_with_non_ascii_text() {
        let markup = "[PERSON Zoë Saldaña] met [PERSON 王小明] in [LOC Zürich] 🇨🇭 \\[sic\\]";
        let (text, spans) = parse(markup);
        assert_eq!(text, "Zoë Saldaña met 王小明 in Zürich 🇨🇭 [sic]");
        assert_eq!(
            spans,
            [
                Span::new(0, 11, "PERSON"),
                Span::new(16, 19, "PERSON"),
                Span::new(23, 29, "LOC")
            ]
        );
        assert_eq!(render(&text, &spans), markup);
    }
}
