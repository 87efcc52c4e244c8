//! A folder of files in a single-file format (CoNLL, doccano, JSONL, Label
//! Studio) imports like a folder of `.txt` files: each file of the
//! format's extensions is read and parsed on its own, in name order, and
//! their documents follow each other.

use std::path::Path;

use super::import::{ImportError, entries};
use super::read::{read_bytes, utf8};
use crate::formats::doc_split::DocSplit;
use crate::formats::{self, Format, Imported, Input};

/// Imports every file of `format`'s extensions directly in `folder`.
pub(super) fn import_each_file(
    format: &dyn Format,
    folder: &Path,
    split: DocSplit,
) -> Result<Imported, ImportError> {
    let mut out = Imported::default();
    let mut files = 0;
    for entry in entries(folder)? {
        let path = entry.path();
        let named = has_extension(&path, format.extensions());
        // Formats known by content only (doccano) take the files of other
        // formats' extensions (.jsonl) that look like theirs.
        if !path.is_file() || !(named || known_extension(&path)) {
            continue;
        }
        let text = utf8(&path, read_bytes(&path)?)?;
        if !named && !format.sniff(&text) {
            continue;
        }
        let input = Input::file(&path, text);
        let mut imported = format.parse(&input)?;
        super::import::cut(format, input.text(), &mut imported, split);
        out.documents.extend(imported.documents);
        out.has_overlaps |= imported.has_overlaps;
        out.report.extend(imported.report);
        files += 1;
    }
    if files == 0 {
        return Err(ImportError::NoFiles {
            path: folder.into(),
            format: format.name(),
            extensions: format
                .extensions()
                .iter()
                .map(|e| format!(".{e}"))
                .collect::<Vec<_>>()
                .join(", "),
        });
    }
    Ok(out)
}

fn known_extension(path: &Path) -> bool {
    path.extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .is_some_and(|e| formats::by_extension(&e).is_some())
}

fn has_extension(path: &Path, extensions: &[&str]) -> bool {
    path.extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .is_some_and(|e| extensions.contains(&e.as_str()))
}

/// The single-file format of a folder with no `.txt`, `.ann` or WebAnno
/// files: that of its first file with a known extension, by contents,
/// else by extension.
pub(super) fn guess_folder(folder: &Path) -> Result<Option<&'static dyn Format>, ImportError> {
    for entry in entries(folder)? {
        let path = entry.path();
        let ext = path
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_default();
        let Some(by_name) = formats::by_extension(&ext) else {
            continue;
        };
        if !path.is_file() || by_name.is_folder() {
            continue;
        }
        let bytes = read_bytes(&path)?;
        let sniffed = formats::sniff(&String::from_utf8_lossy(&bytes)).filter(|f| !f.is_folder());
        return Ok(Some(sniffed.unwrap_or(by_name)));
    }
    Ok(None)
}
