//! WebAnno TSV 3.3, `INCEpTION`'s interchange format: one document per file.
//!
//! Wire format (offsets are **UTF-16 code units** into the document text,
//! half-open; columns are separated by tabs, shown here as spaces):
//!
//! ```text
//! #FORMAT=WebAnno TSV 3.3
//! #T_SP=de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity|value
//!
//!
//! #Text=Secretary of State Mike Pompeo said
//! 1-1  0-9  Secretary  _
//! 1-4  19-23  Mike  PERSON[1]
//! 1-5  24-30  Pompeo  PERSON[1]
//! 1-6  31-35  said  _
//! ```
//!
//! A value `LABEL[n]` marks the tokens of multi-token span `n`; a one-token
//! span is just `LABEL`; several spans on a token are joined by `|`; `_`
//! means none. Reserved characters in tokens and values are escaped with a
//! backslash. The named-entity layer's `value` column is read (or the only
//! span layer's first column); other layers are ignored with a warning.
//! The text is rebuilt from the `#Text` lines at their offsets, with line
//! ends between sentences, and the tokens are kept. Written with one
//! sentence per line of the text and the document's own tokens (or word
//! tokens); spans whose edges fall inside a token are widened and reported.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use super::{ExportOptions, Exported, Format, ImportError, Imported, Input, Report, syntax};
use crate::model::{CharOffset, Dataset, Document, Origin, Span, Utf16Offset};
use crate::text::{OffsetIndex, document_tokens};

/// The named-entity layer `INCEpTION` uses.
const NE_LAYER: &str = "de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity";

/// WebAnno TSV 3.3.
pub struct WebAnno;

impl Format for WebAnno {
    fn name(&self) -> &'static str {
        "webanno"
    }
    fn description(&self) -> &'static str {
        "WebAnno TSV 3.3 (INCEpTION): #Text= sentences, token rows, PER[1] spans, UTF-16 offsets"
    }
    fn extensions(&self) -> &'static [&'static str] {
        &["tsv"]
    }
    fn sniff(&self, head: &str) -> bool {
        head.trim_start_matches('\u{feff}')
            .starts_with("#FORMAT=WebAnno TSV 3")
    }
    fn folder_files(&self) -> &'static [&'static str] {
        &["tsv"]
    }
    fn parse(&self, input: &Input) -> Result<Imported, ImportError> {
        // A file, or a folder of TSV files, one document each (as INCEpTION
        // exports a project).
        let mut all = Imported::default();
        for file in &input.files {
            let id = match file.stem().rsplit_once('/') {
                Some((_, last)) => last,
                None => file.stem(),
            };
            let one = parse(&file.text, &file.path, id)?;
            all.documents.extend(one.documents);
            all.has_overlaps |= one.has_overlaps;
            all.report.extend(one.report);
        }
        Ok(all)
    }
    fn export(&self, dataset: &Dataset, docs: &[usize], _options: &ExportOptions) -> Exported {
        write(dataset, docs)
    }
}

const RESERVED: [(&str, &str); 9] = [
    ("\\", "\\\\"),
    ("[", "\\["),
    ("]", "\\]"),
    ("|", "\\|"),
    ("_", "\\_"),
    ("->", "\\->"),
    (";", "\\;"),
    ("\t", "\\t"),
    ("*", "\\*"),
];

fn escape(s: &str) -> String {
    let mut out = s.to_owned();
    for (plain, escaped) in RESERVED {
        out = out.replace(plain, escaped);
    }
    out.replace('\n', "\\n")
}

fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('t') => out.push('\t'),
                Some('n') => out.push('\n'),
                Some(other) => out.push(other),
                None => out.push('\\'),
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Splits at `sep` where it is not escaped.
fn split_unescaped(s: &str, sep: char) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut start = 0;
    let mut escaped = false;
    for (i, c) in s.char_indices() {
        if escaped {
            escaped = false;
        } else if c == '\\' {
            escaped = true;
        } else if c == sep {
            parts.push(&s[start..i]);
            start = i + c.len_utf8();
        }
    }
    parts.push(&s[start..]);
    parts
}

struct Row {
    line: usize,
    begin: usize,
    end: usize,
    token: String,
    value: String,
}

/// What the lines of a file say, before offsets are resolved.
#[derive(Default)]
struct Lines {
    /// `(UTF-16 start of the sentence, its text)`.
    sentences: Vec<(usize, String)>,
    rows: Vec<Row>,
    report: Report,
}

/// Reads one WebAnno TSV document with the given id.
pub fn parse(input: &str, path: &Path, id: &str) -> Result<Imported, ImportError> {
    let Lines {
        sentences,
        rows,
        report,
    } = read_lines(input, path, id)?;
    let text = rebuild_text(&sentences);
    let index = OffsetIndex::new(&text);
    let to_char = |u: usize, line: usize| {
        index.utf16_to_char(Utf16Offset(u)).ok_or_else(|| {
            syntax(
                path,
                line,
                format!("offset {u} lies outside the #Text lines or inside a character"),
            )
        })
    };
    let mut tokens = Vec::with_capacity(rows.len());
    let mut open: BTreeMap<String, (CharOffset, CharOffset, String)> = BTreeMap::new();
    let mut spans = Vec::new();
    for row in &rows {
        let (s, e) = (to_char(row.begin, row.line)?, to_char(row.end, row.line)?);
        if s >= e {
            return Err(syntax(
                path,
                row.line,
                format!("token offsets {}-{} are empty", row.begin, row.end),
            ));
        }
        let actual = index.slice(s, e).unwrap_or("");
        if actual != row.token {
            return Err(syntax(
                path,
                row.line,
                format!(
                    "the token {:?} differs from {actual:?}, the #Text at its offsets {}-{}: the offsets are shifted or the #Text line was edited",
                    row.token, row.begin, row.end
                ),
            ));
        }
        tokens.push((s.0, e.0));
        for value in split_unescaped(&row.value, '|') {
            if value == "_" || value == "*" || value.is_empty() {
                continue;
            }
            match value.strip_suffix(']').and_then(|v| v.rsplit_once('[')) {
                Some((label, n)) => {
                    let entry = open.entry(n.to_owned()).or_insert((s, e, unescape(label)));
                    entry.1 = e;
                }
                None => spans.push(imported_span(s, e, unescape(value))),
            }
        }
    }
    spans.extend(
        open.into_values()
            .map(|(s, e, label)| imported_span(s, e, label)),
    );
    spans.retain(|s| s.label != "*");
    let mut doc = Document::new(id, text);
    doc.tokens = Some(tokens);
    doc.spans = spans;
    doc.sort_spans();
    doc.spans.dedup_by(|a, b| a.same_place_and_label(b));
    let has_overlaps = super::overlapping(&doc.spans);
    Ok(Imported {
        documents: vec![doc],
        has_overlaps,
        report,
        ..Imported::default()
    })
}

fn imported_span(start: CharOffset, end: CharOffset, label: String) -> Span {
    Span {
        start,
        end,
        label: label.into(),
        origin: Origin::Imported,
        note: None,
    }
}

/// The text: each sentence at its offset, line ends in the gaps.
fn rebuild_text(sentences: &[(usize, String)]) -> String {
    let mut text = String::new();
    let mut utf16 = 0usize;
    for (start, sentence) in sentences {
        while utf16 < *start {
            text.push('\n');
            utf16 += 1;
        }
        text.push_str(sentence);
        utf16 += sentence.encode_utf16().count();
    }
    text
}

/// Reads the header, the `#Text` lines and the token rows.
fn read_lines(input: &str, path: &Path, id: &str) -> Result<Lines, ImportError> {
    let mut lines = input.lines().enumerate();
    let first = lines
        .next()
        .map_or("", |(_, l)| l)
        .trim_start_matches('\u{feff}');
    if !first.starts_with("#FORMAT=WebAnno TSV 3") {
        return Err(syntax(
            path,
            1,
            "expected the header \"#FORMAT=WebAnno TSV 3.3\"",
        ));
    }
    let mut out = Lines::default();
    let mut column = None;
    let mut columns = 0usize;
    let mut span_layers = Vec::new();
    let mut pending_text: Option<String> = None;
    for (i, line) in lines {
        let line_no = i + 1;
        let layer = ["#T_SP=", "#T_CH=", "#T_RL="]
            .iter()
            .find_map(|p| line.strip_prefix(p));
        if let Some(layer) = layer {
            let mut parts = layer.split('|');
            let name = parts.next().unwrap_or("");
            let features: Vec<&str> = parts.collect();
            if line.starts_with("#T_SP=") {
                span_layers.push(columns);
                if name == NE_LAYER || name.ends_with(".NamedEntity") {
                    column =
                        Some(columns + features.iter().position(|f| *f == "value").unwrap_or(0));
                }
            }
            columns += features.len().max(1);
        } else if let Some(text) = line.strip_prefix("#Text=") {
            let text = unescape(text);
            pending_text = Some(match pending_text.take() {
                Some(previous) => format!("{previous}\n{text}"),
                None => text,
            });
        } else if !line.starts_with('#') && !line.trim().is_empty() {
            let fields: Vec<&str> = line.split('\t').collect();
            if fields.len() < 3 {
                return Err(syntax(
                    path,
                    line_no,
                    "expected SENTENCE-TOKEN<TAB>BEGIN-END<TAB>TOKEN<TAB>values",
                ));
            }
            if fields[0].contains('.') {
                continue; // sub-token rows carry no token of their own
            }
            let (begin, end) = fields[1]
                .split_once('-')
                .and_then(|(b, e)| Some((b.parse().ok()?, e.parse().ok()?)))
                .ok_or_else(|| {
                    syntax(
                        path,
                        line_no,
                        format!("offsets {:?} are not BEGIN-END", fields[1]),
                    )
                })?;
            if let Some(text) = pending_text.take() {
                out.sentences.push((begin, text));
            }
            // (`then_some(span_layers[0])` would index before the test: a
            // file with no span layer panicked here; found by fuzzing.)
            let only_layer = match span_layers.as_slice() {
                [only] => Some(*only),
                _ => None,
            };
            let col = column.or(only_layer);
            let value = col.and_then(|c| fields.get(3 + c)).copied().unwrap_or("_");
            out.rows.push(Row {
                line: line_no,
                begin,
                end,
                token: unescape(fields[2]),
                value: value.to_owned(),
            });
        }
    }
    if span_layers.len() > 1 {
        let read = if column.is_some() {
            "only the named-entity layer was read"
        } else {
            "no named-entity layer, so no spans were read"
        };
        out.report
            .warn(id, "", format!("{} span layers; {read}", span_layers.len()));
    }
    Ok(out)
}

/// Writes documents as WebAnno TSV: one file per document, named by its
/// sanitised id, or a single file when there is one document.
pub fn write(dataset: &Dataset, docs: &[usize]) -> Exported {
    let mut report = Report::default();
    let mut files = Vec::new();
    let stems = super::names::file_stems(dataset, docs, &mut report);
    for (&i, stem) in docs.iter().zip(stems) {
        let doc = &dataset.documents[i];
        let tsv = write_document(doc, &mut report);
        let name = if docs.len() == 1 {
            String::new()
        } else {
            format!("{stem}.tsv")
        };
        files.push((name, tsv));
    }
    Exported { files, report }
}

fn write_document(doc: &Document, report: &mut Report) -> String {
    let index = OffsetIndex::new(&doc.text);
    let tokens = document_tokens(doc);
    let mut values: Vec<Vec<String>> = vec![Vec::new(); tokens.len()];
    let mut next_id = 1;
    for span in &doc.spans {
        let Some(covered) = super::covered_tokens(doc, &index, &tokens, span, report) else {
            continue;
        };
        let (first, last) = (covered.start, covered.end);
        let label = escape(&span.label);
        let value = if last - first == 1 {
            label
        } else {
            let v = format!("{label}[{next_id}]");
            next_id += 1;
            v
        };
        for slot in &mut values[first..last] {
            slot.push(value.clone());
        }
    }
    let mut out = format!("#FORMAT=WebAnno TSV 3.3\n#T_SP={NE_LAYER}|value\n\n");
    let u16 = |c: CharOffset| index.char_to_utf16(c).map_or(0, |u| u.0);
    let mut sentence = 0;
    let mut k = 0;
    while k < tokens.len() {
        // A sentence: the tokens up to the next line end.
        let mut end = k + 1;
        while end < tokens.len()
            && !index
                .slice(tokens[end - 1].end, tokens[end].start)
                .is_some_and(|g| g.contains('\n'))
        {
            end += 1;
        }
        sentence += 1;
        let text = index
            .slice(tokens[k].start, tokens[end - 1].end)
            .unwrap_or("");
        let _ = writeln!(out, "\n#Text={}", text.replace('\\', "\\\\"));
        for (n, t) in tokens[k..end].iter().enumerate() {
            let token = index.slice(t.start, t.end).unwrap_or("");
            let value = if values[k + n].is_empty() {
                "_".to_owned()
            } else {
                values[k + n].join("|")
            };
            let _ = writeln!(
                out,
                "{sentence}-{}\t{}-{}\t{}\t{value}\t",
                n + 1,
                u16(t.start),
                u16(t.end),
                escape(token)
            );
        }
        k = end;
    }
    out
}
