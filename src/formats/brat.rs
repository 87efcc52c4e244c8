//! brat standoff: a folder of `NAME.txt` + `NAME.ann` pairs.
//!
//! Wire format of `.ann` (offsets are chars into the `.txt`, half-open):
//!
//! ```text
//! T1<TAB>PERSON 19 30<TAB>Mike Pompeo
//! T2<TAB>LOC 0 5;10 15<TAB>Basel Zürich          (discontinuous)
//! #1<TAB>AnnotatorNotes T1<TAB>check the spelling
//! R1<TAB>Family Arg1:T1 Arg2:T2
//! ```
//!
//! Read: `T` lines become spans (a discontinuous span becomes one span per
//! fragment, with a warning), `#` notes on a `T` become span notes. `R`,
//! `E`, `A`, `N`, `M` and `*` lines (relations, events, attributes,
//! normalisations) have no place in spanlab and are counted in the report.
//! The document id is the file name without `.txt`.
//!
//! Written: `ID.txt` with the text as is and `ID.ann` with a `T` line per
//! span (a span over a line end as fragments split at it, as brat wants)
//! and a `#` line per note, plus an `annotation.conf` listing the labels so
//! that brat opens the folder as it is. Ids become file names only after
//! sanitising.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use super::{
    ExportOptions, Exported, Format, ImportError, Imported, Input, InputFile, Report, syntax,
};
use crate::model::{CharOffset, Dataset, Document, Origin, Span};
use crate::text::OffsetIndex;

/// brat standoff folders.
pub struct Brat;

impl Format for Brat {
    fn name(&self) -> &'static str {
        "brat"
    }
    fn description(&self) -> &'static str {
        "brat standoff: a folder of .txt + .ann pairs (T spans, # notes)"
    }
    fn extensions(&self) -> &'static [&'static str] {
        &["ann"]
    }
    fn is_folder(&self) -> bool {
        true
    }
    fn folder_files(&self) -> &'static [&'static str] {
        &["txt", "ann", "conf"]
    }
    fn file_means_folder(&self) -> bool {
        true
    }
    fn parse(&self, input: &Input) -> Result<Imported, ImportError> {
        import_folder(input)
    }
    fn export(&self, dataset: &Dataset, docs: &[usize], _options: &ExportOptions) -> Exported {
        write(dataset, docs)
    }
}

fn import_folder(input: &Input) -> Result<Imported, ImportError> {
    let by_name: BTreeMap<&str, &InputFile> =
        input.files.iter().map(|f| (f.name.as_str(), f)).collect();
    let texts: Vec<&InputFile> = input
        .files
        .iter()
        .filter(|f| f.extension() == "txt")
        .collect();
    if texts.is_empty() {
        return Err(ImportError::NothingFound(input.path.clone()));
    }
    let declared = by_name
        .get("annotation.conf")
        .map(|conf| declared_types(&conf.text));
    let mut imported = Imported {
        styles: super::label_style::brat_styles(
            by_name.get("visual.conf").map(|f| f.text.as_str()),
            by_name.get("kb_shortcuts.conf").map(|f| f.text.as_str()),
        ),
        ..Imported::default()
    };
    let mut skipped: BTreeMap<char, usize> = BTreeMap::new();
    for txt in texts {
        let id = txt.stem().to_owned();
        let ann_name = format!("{id}.ann");
        let ann_path = txt.path.with_extension("ann");
        let ann = by_name
            .get(ann_name.as_str())
            .map_or("", |f| f.text.as_str());
        let mut doc = Document::new(id, txt.text.clone());
        doc.meta
            .insert("source".into(), txt.path.to_string_lossy().into());
        parse_ann(ann, &ann_path, &mut doc, &mut imported.report, &mut skipped)?;
        if let Some(declared) = &declared {
            check_declared(ann, &ann_path, declared)?;
        }
        imported.has_overlaps |= super::overlapping(&doc.spans);
        imported.documents.push(doc);
    }
    for (kind, n) in skipped {
        let what = match kind {
            'R' => "relations",
            'E' => "events (their trigger T spans are kept)",
            'A' | 'M' => "attributes",
            'N' => "normalisations",
            _ => "other annotations",
        };
        imported.report.warn(
            "*",
            &format!("{kind} lines"),
            format!("{n} {what} skipped: spanlab holds spans and notes only"),
        );
    }
    Ok(imported)
}

/// The entity and event types an `annotation.conf` declares (a `T` line
/// may carry either: event triggers are `T` lines too).
pub fn declared_types(conf: &str) -> std::collections::BTreeSet<String> {
    let mut section = "";
    let mut types = std::collections::BTreeSet::new();
    for line in conf.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if line.starts_with('[') && line.ends_with(']') {
            section = line;
            continue;
        }
        if matches!(section, "[entities]" | "[events]")
            && !line.starts_with('<')
            && let Some(name) = line.split_whitespace().next()
        {
            types.insert(name.trim_start_matches('!').to_owned());
        }
    }
    types
}

/// Refuses a `T` line whose type `annotation.conf` does not declare.
fn check_declared(
    ann: &str,
    path: &Path,
    declared: &std::collections::BTreeSet<String>,
) -> Result<(), ImportError> {
    for (i, line) in ann.lines().enumerate() {
        if !line.starts_with('T') {
            continue;
        }
        let label = line
            .split('\t')
            .nth(1)
            .and_then(|m| m.split(' ').next())
            .unwrap_or("");
        if !declared.contains(label) {
            return Err(syntax(
                path,
                i + 1,
                format!(
                    "the type {label:?} is not declared in the annotation.conf beside it; declare it there, or import without that file"
                ),
            ));
        }
    }
    Ok(())
}

/// Checks a `T` line's text against the `.txt` at its fragments (joined
/// by a space, as brat writes them).
fn check_text(
    given: &str,
    fragments: &[Span],
    index: &OffsetIndex<'_>,
    ranges: &str,
) -> Result<(), String> {
    let actual = fragments
        .iter()
        .map(|f| index.slice(f.start, f.end).unwrap_or(""))
        .collect::<Vec<_>>()
        .join(" ");
    if given == actual {
        Ok(())
    } else {
        Err(format!(
            "the text {given:?} differs from {actual:?} at {ranges} in the .txt: the .ann is shifted or belongs to another text"
        ))
    }
}

/// Reads one `.ann` into `doc`.
pub fn parse_ann(
    ann: &str,
    path: &Path,
    doc: &mut Document,
    report: &mut Report,
    skipped: &mut BTreeMap<char, usize>,
) -> Result<(), ImportError> {
    let len = doc.char_len();
    let index = OffsetIndex::new(&doc.text);
    // T id -> the spans it became, for notes.
    let mut by_id: BTreeMap<&str, Vec<Span>> = BTreeMap::new();
    let mut notes: Vec<(&str, &str)> = Vec::new();
    for (i, line) in ann.lines().enumerate() {
        let line_no = i + 1;
        if line.trim().is_empty() {
            continue;
        }
        let mut fields = line.splitn(3, '\t');
        let id = fields.next().unwrap_or("");
        let kind = id.chars().next().unwrap_or(' ');
        match kind {
            'T' => {
                let middle = fields.next().ok_or_else(|| {
                    syntax(
                        path,
                        line_no,
                        "expected \"T1<TAB>LABEL START END<TAB>text\"",
                    )
                })?;
                let (label, ranges) = middle.split_once(' ').ok_or_else(|| {
                    syntax(path, line_no, "expected a label, then START END offsets")
                })?;
                let mut fragments = Vec::new();
                for range in ranges.split(';') {
                    let mut numbers = range.split_whitespace().map(str::parse::<usize>);
                    let (Some(Ok(start)), Some(Ok(end)), None) =
                        (numbers.next(), numbers.next(), numbers.next())
                    else {
                        return Err(syntax(
                            path,
                            line_no,
                            format!("offsets {range:?} are not two whole numbers START END"),
                        ));
                    };
                    if start >= end || end > len {
                        return Err(syntax(
                            path,
                            line_no,
                            format!(
                                "[{start}, {end}) is empty or past the end of the text ({len} chars)"
                            ),
                        ));
                    }
                    fragments.push(Span::new(start, end, label).with_origin(Origin::Imported));
                }
                if let Some(given) = fields.next() {
                    check_text(given, &fragments, &index, ranges)
                        .map_err(|message| syntax(path, line_no, message))?;
                }
                if fragments.len() > 1 {
                    let text = index
                        .slice(fragments[0].start, fragments[fragments.len() - 1].end)
                        .unwrap_or("");
                    report.warn(
                        &doc.id,
                        text,
                        format!(
                            "{id} is discontinuous; imported as {} separate spans",
                            fragments.len()
                        ),
                    );
                }
                by_id.insert(id, fragments);
            }
            '#' => {
                let target = fields
                    .next()
                    .and_then(|m| m.split_whitespace().nth(1))
                    .unwrap_or("");
                notes.push((target, fields.next().unwrap_or("")));
            }
            _ => *skipped.entry(kind).or_default() += 1,
        }
    }
    for (target, note) in notes {
        match by_id.get_mut(target) {
            Some(spans) => {
                for span in spans {
                    span.note = Some(note.to_owned());
                }
            }
            None => *skipped.entry('#').or_default() += 1,
        }
    }
    let mut spans: Vec<Span> = by_id.into_values().flatten().collect();
    spans.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    spans.dedup_by(|a, b| a.same_place_and_label(b));
    doc.spans = spans;
    Ok(())
}

/// File names Windows reserves, whatever the extension.
const RESERVED_NAMES: [&str; 22] = [
    "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8",
    "COM9", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
];

/// A document id made safe as a file name: no separators, no `..`, no
/// control characters, no reserved Windows names.
pub fn safe_file_name(id: &str) -> String {
    let mapped: String = id
        .chars()
        .map(|c| {
            if c.is_control() || matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|') {
                '_'
            } else {
                c
            }
        })
        .collect();
    let name = mapped.trim_matches(|c: char| c == '.' || c.is_whitespace());
    let stem = name.split('.').next().unwrap_or("").to_ascii_uppercase();
    if name.is_empty() || RESERVED_NAMES.contains(&stem.as_str()) {
        format!("_{name}")
    } else {
        name.to_owned()
    }
}

/// Writes documents as brat `.txt` + `.ann` pairs and an `annotation.conf`.
pub fn write(dataset: &Dataset, docs: &[usize]) -> Exported {
    let mut files = Vec::new();
    let mut report = Report::default();
    let stems = super::names::file_stems(dataset, docs, &mut report);
    for (&i, name) in docs.iter().zip(stems) {
        let doc = &dataset.documents[i];
        report.check_whitespace(doc);
        let index = OffsetIndex::new(&doc.text);
        let mut ann = String::new();
        let mut note_n = 0;
        for (k, span) in doc.spans.iter().enumerate() {
            let text = index.slice(span.start, span.end).unwrap_or("");
            let fragments = line_fragments(&index, span.start, span.end);
            let offsets = fragments
                .iter()
                .map(|(s, e)| format!("{s} {e}"))
                .collect::<Vec<_>>()
                .join(";");
            let shown: Vec<&str> = fragments
                .iter()
                .map(|(s, e)| index.slice(CharOffset(*s), CharOffset(*e)).unwrap_or(""))
                .collect();
            let _ = writeln!(
                ann,
                "T{}\t{} {offsets}\t{}",
                k + 1,
                span.label,
                shown.join(" ")
            );
            if fragments.len() > 1 {
                report.warn(
                    &doc.id,
                    text,
                    format!(
                        "{span} crosses a line end; written as {} fragments",
                        fragments.len()
                    ),
                );
            }
            if let Some(note) = &span.note {
                note_n += 1;
                let _ = writeln!(
                    ann,
                    "#{note_n}\tAnnotatorNotes T{}\t{}",
                    k + 1,
                    note.replace(['\n', '\t'], " ")
                );
            }
        }
        files.push((format!("{name}.txt"), doc.text.clone()));
        files.push((format!("{name}.ann"), ann));
    }
    let mut conf = String::from("[entities]\n");
    for label in dataset.labels.names() {
        conf.push_str(label);
        conf.push('\n');
    }
    conf.push_str("\n[relations]\n\n[events]\n\n[attributes]\n");
    files.push(("annotation.conf".into(), conf));
    Exported { files, report }
}

/// Splits `[start, end)` at line ends into non-empty fragments.
fn line_fragments(
    index: &OffsetIndex<'_>,
    start: CharOffset,
    end: CharOffset,
) -> Vec<(usize, usize)> {
    let text = index.slice(start, end).unwrap_or("");
    let mut out = Vec::new();
    let mut pos = start.0;
    for piece in text.split('\n') {
        let n = piece.chars().count();
        let trimmed = piece.strip_suffix('\r').map_or(n, |p| p.chars().count());
        if trimmed > 0 {
            out.push((pos, pos + trimmed));
        }
        pos += n + 1;
    }
    if out.is_empty() {
        out.push((start.0, end.0));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_become_safe_file_names() {
        assert_eq!(safe_file_name("../../etc/passwd"), "_.._etc_passwd");
        assert_eq!(safe_file_name("CON"), "_CON");
        assert_eq!(safe_file_name("con.txt"), "_con.txt");
        assert_eq!(safe_file_name("a/b\\c\u{7}"), "a_b_c_");
        assert_eq!(safe_file_name(".."), "_");
        assert_eq!(safe_file_name("nk-talks"), "nk-talks");
    }
}
