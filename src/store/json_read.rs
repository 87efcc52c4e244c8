//! JSON datasets read on every core. A scan that knows JSON strings cuts
//! the `documents` list into its elements; each element is parsed on its
//! own, on the pool, and the rest of the file is parsed as a dataset with
//! an empty list. Anything unexpected gives up: the caller then parses the
//! whole file the ordinary way, which also places its errors exactly.

use std::ops::Range;

use rayon::prelude::*;

use crate::model::{Dataset, Document};

/// Files smaller than this are parsed in one piece: splitting would not pay.
const PARALLEL_FROM: usize = 1 << 20;

/// The dataset in `bytes`, parsed a document at a time on every core, or
/// `None` when the file is small, or is not a well-formed dataset (the
/// ordinary parse then says what is wrong, and where).
pub(super) fn parse_parallel(bytes: &[u8]) -> Option<Dataset> {
    if bytes.len() < PARALLEL_FROM {
        return None;
    }
    let (list, elements) = split_documents(bytes)?;
    let mut rest = Vec::with_capacity(bytes.len() - list.len() + 2);
    rest.extend_from_slice(&bytes[..list.start]);
    rest.extend_from_slice(b"[]");
    rest.extend_from_slice(&bytes[list.end..]);
    let mut dataset: Dataset = serde_json::from_slice(&rest).ok()?;
    dataset.documents = elements
        .into_par_iter()
        .map(|range| serde_json::from_slice::<Document>(&bytes[range]))
        .collect::<Result<_, _>>()
        .ok()?;
    Some(dataset)
}

/// Where the top-level `"documents"` list sits (from `[` to past `]`), and
/// where each of its elements does.
fn split_documents(bytes: &[u8]) -> Option<(Range<usize>, Vec<Range<usize>>)> {
    let mut i = skip_space(bytes, 0);
    if bytes.get(i) != Some(&b'{') {
        return None;
    }
    i += 1;
    loop {
        i = skip_space(bytes, i);
        let key_end = string_end(bytes, i)?;
        let is_documents = &bytes[i..key_end] == b"\"documents\"";
        i = skip_space(bytes, key_end);
        if bytes.get(i) != Some(&b':') {
            return None;
        }
        i = skip_space(bytes, i + 1);
        if is_documents {
            return list_elements(bytes, i);
        }
        i = skip_space(bytes, value_end(bytes, i)?);
        match bytes.get(i)? {
            b',' => i += 1,
            _ => return None,
        }
    }
}

/// The elements of the list starting at `start` (which must be `[`).
fn list_elements(bytes: &[u8], start: usize) -> Option<(Range<usize>, Vec<Range<usize>>)> {
    if bytes.get(start) != Some(&b'[') {
        return None;
    }
    let mut elements = Vec::new();
    let mut i = skip_space(bytes, start + 1);
    if bytes.get(i) == Some(&b']') {
        return Some((start..i + 1, elements));
    }
    loop {
        if bytes.get(i) != Some(&b'{') {
            return None;
        }
        let end = value_end(bytes, i)?;
        elements.push(i..end);
        i = skip_space(bytes, end);
        match bytes.get(i)? {
            b',' => i = skip_space(bytes, i + 1),
            b']' => return Some((start..i + 1, elements)),
            _ => return None,
        }
    }
}

/// Past the JSON value starting at `start`: a string, or an object or list
/// (brackets counted outside strings), or a scalar (up to the next
/// delimiter; the parser judges it).
fn value_end(bytes: &[u8], start: usize) -> Option<usize> {
    match bytes.get(start)? {
        b'"' => string_end(bytes, start),
        b'{' | b'[' => {
            // Byte by byte outside strings (the structure is short), a
            // string at a time inside them (the text is long).
            let mut depth = 0usize;
            let mut i = start;
            while let Some(&b) = bytes.get(i) {
                match b {
                    b'"' => {
                        i = string_end(bytes, i)?;
                        continue;
                    }
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth -= 1;
                        if depth == 0 {
                            return Some(i + 1);
                        }
                    }
                    _ => {}
                }
                i += 1;
            }
            None
        }
        _ => {
            let len = bytes[start..]
                .iter()
                .position(|b| matches!(b, b',' | b'}' | b']') || b.is_ascii_whitespace())?;
            Some(start + len)
        }
    }
}

/// Past the closing quote of the string whose opening quote is at `start`.
fn string_end(bytes: &[u8], start: usize) -> Option<usize> {
    if bytes.get(start) != Some(&b'"') {
        return None;
    }
    let mut i = start + 1;
    loop {
        let at = i + memchr::memchr2(b'"', b'\\', bytes.get(i..)?)?;
        if bytes[at] == b'"' {
            return Some(at + 1);
        }
        i = at + 2;
    }
}

fn skip_space(bytes: &[u8], mut i: usize) -> usize {
    while bytes.get(i).is_some_and(u8::is_ascii_whitespace) {
        i += 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{LabelSet, Span};

    fn big_dataset() -> Dataset {
        let mut dataset = Dataset::new(LabelSet::default());
        dataset.labels.ensure("documents");
        for i in 0..3_000 {
            let text = format!(
                "Zürich \"{i}\" {{[\\]}} documents: [] ✓ {}",
                "x".repeat(300)
            );
            let mut doc = crate::model::Document::new(format!("d{i}"), text);
            let mut span = Span::new(0, 6, "documents");
            span.note = Some("a \"note\" with ] and }".into());
            doc.spans.push(span);
            dataset.documents.push(doc);
        }
        dataset
    }

    #[test]
    fn parallel_parse_equals_the_ordinary_parse() {
        let dataset = big_dataset();
        for bytes in [
            serde_json::to_vec_pretty(&dataset).expect("serialises"),
            serde_json::to_vec(&dataset).expect("serialises"),
        ] {
            assert!(bytes.len() > PARALLEL_FROM, "big enough to go parallel");
            let parallel = parse_parallel(&bytes).expect("a well-formed dataset");
            let ordinary: Dataset = serde_json::from_slice(&bytes).expect("parses");
            assert_eq!(parallel, ordinary, "the same dataset either way");
        }
    }

    #[test]
    fn fields_in_any_order_and_documents_last_or_first() {
        let dataset = big_dataset();
        let documents = serde_json::to_string(&dataset.documents).expect("serialises");
        let labels = serde_json::to_string(&dataset.labels).expect("serialises");
        let text = format!(
            "\u{20}{{ \"documents\" : {documents} ,\n\"labels\": {labels}, \"version\": 1 }}\n"
        );
        let parsed = parse_parallel(text.as_bytes()).expect("a well-formed dataset");
        assert_eq!(parsed.documents, dataset.documents, "documents first");
    }

    #[test]
    fn anything_unexpected_falls_back_to_the_ordinary_parse() {
        let good = serde_json::to_vec(&big_dataset()).expect("serialises");
        let text = String::from_utf8(good.clone()).expect("UTF-8");
        let damaged = [
            // A document that is not an object, a truncated file, an
            // unknown field, a broken document, a second documents key.
            text.replacen("[{\"id\"", "[7,{\"id\"", 1),
            text[..text.len() - 10].to_owned(),
            text.replacen("\"id\":\"d5\"", "\"id\":\"d5\",\"bogus\":1", 1),
            text.replacen("\"id\":\"d9\"", "\"id\":d9", 1),
            text.replacen("{\"version\"", "{\"documents\":[],\"version\"", 1),
        ];
        for (i, bytes) in damaged.iter().enumerate() {
            assert!(
                parse_parallel(bytes.as_bytes()).is_none(),
                "damaged copy {i} is left to the ordinary parse"
            );
        }
        assert!(parse_parallel(&good).is_some(), "the undamaged file parses");
    }
}
