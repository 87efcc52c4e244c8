//! Plain text: each `.txt` file becomes one document.
//!
//! Wire format: the file's bytes, which must be UTF-8, are the document text
//! as is (line ends, a BOM, trailing newline all kept: offsets in other
//! tools' files for the same text then stay right). The document id is the
//! file name without `.txt`; files found by walking a folder get their path
//! below that folder (`2018/june/nk-talks`), so ids are unique. `meta.source`
//! records the path read.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::{ExportOptions, Exported, Format, ImportError, Imported, Report};
use crate::model::{Dataset, Document};

/// Plain UTF-8 text files.
pub struct PlainText;

impl Format for PlainText {
    fn name(&self) -> &'static str {
        "text"
    }
    fn description(&self) -> &'static str {
        "plain UTF-8 .txt files or folders of them, one document each (no spans)"
    }
    fn extensions(&self) -> &'static [&'static str] {
        &["txt"]
    }
    fn is_folder(&self) -> bool {
        true
    }
    fn import(&self, path: &Path) -> Result<Imported, ImportError> {
        Ok(Imported {
            documents: import_paths(&[path.to_path_buf()])?,
            ..Imported::default()
        })
    }
    fn export(&self, dataset: &Dataset, docs: &[usize], _options: &ExportOptions) -> Exported {
        let mut report = Report::default();
        let files = docs
            .iter()
            .map(|&i| {
                let doc = &dataset.documents[i];
                if !doc.spans.is_empty() {
                    report.warn(
                        &doc.id,
                        "",
                        format!(
                            "{} spans not written: plain text holds no spans",
                            doc.spans.len()
                        ),
                    );
                }
                (
                    format!("{}.txt", super::brat::safe_file_name(&doc.id)),
                    doc.text.clone(),
                )
            })
            .collect();
        Exported { files, report }
    }
}

/// Reads `.txt` files and folders of them (walked recursively, in name
/// order) into documents, in the order given.
pub fn import_paths(paths: &[PathBuf]) -> Result<Vec<Document>, ImportError> {
    let mut files = Vec::new();
    for path in paths {
        let meta = std::fs::metadata(path).map_err(|source| ImportError::Io {
            path: path.clone(),
            source,
        })?;
        if meta.is_dir() {
            let before = files.len();
            walk(path, path, &mut files)?;
            if files.len() == before {
                return Err(ImportError::NothingFound(path.clone()));
            }
        } else {
            let id = stem(path);
            files.push((id, path.clone()));
        }
    }
    let mut seen: HashMap<String, PathBuf> = HashMap::new();
    let mut documents = Vec::with_capacity(files.len());
    for (id, path) in files {
        if let Some(first) = seen.get(&id) {
            return Err(ImportError::DuplicateId {
                id,
                first: first.clone(),
                second: path,
            });
        }
        seen.insert(id.clone(), path.clone());
        documents.push(read_document(id, &path)?);
    }
    Ok(documents)
}

/// Reads one UTF-8 text file as a document with the given id.
pub fn read_document(id: String, path: &Path) -> Result<Document, ImportError> {
    let bytes = std::fs::read(path).map_err(|source| ImportError::Io {
        path: path.into(),
        source,
    })?;
    let text = String::from_utf8(bytes).map_err(|e| ImportError::NotUtf8 {
        path: path.into(),
        byte_offset: e.utf8_error().valid_up_to(),
    })?;
    let mut doc = Document::new(id, text);
    doc.meta
        .insert("source".into(), path.to_string_lossy().into_owned());
    Ok(doc)
}

fn walk(root: &Path, dir: &Path, out: &mut Vec<(String, PathBuf)>) -> Result<(), ImportError> {
    let io = |source| ImportError::Io {
        path: dir.into(),
        source,
    };
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .map_err(io)?
        .collect::<Result<_, _>>()
        .map_err(io)?;
    entries.sort_by_key(std::fs::DirEntry::file_name);
    for entry in entries {
        let path = entry.path();
        let kind = entry.file_type().map_err(io)?;
        if kind.is_dir() {
            walk(root, &path, out)?;
        } else if path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("txt"))
        {
            let relative = path.strip_prefix(root).unwrap_or(&path);
            let id = relative
                .with_extension("")
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            out.push((id, path));
        }
    }
    Ok(())
}

fn stem(path: &Path) -> String {
    path.file_stem()
        .map_or_else(|| path.to_string_lossy(), |s| s.to_string_lossy())
        .into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_folder_becomes_documents_in_name_order_with_path_ids() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("june")).unwrap();
        std::fs::write(dir.path().join("b.txt"), "Zoë in Zürich\r\n").unwrap();
        std::fs::write(dir.path().join("a.txt"), "Kim").unwrap();
        std::fs::write(dir.path().join("june/c.txt"), "Pompeo").unwrap();
        std::fs::write(dir.path().join("notes.md"), "not text").unwrap();
        let docs = import_paths(&[dir.path().to_path_buf()]).unwrap();
        let ids: Vec<_> = docs.iter().map(|d| d.id.as_str()).collect();
        assert_eq!(ids, ["a", "b", "june/c"]);
        assert_eq!(docs[1].text, "Zoë in Zürich\r\n", "text kept as is");
    }

    #[test]
    fn non_utf8_files_are_refused_by_name() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("latin1.txt");
        std::fs::write(&path, b"Z\xfcrich").unwrap();
        let err = import_paths(std::slice::from_ref(&path)).unwrap_err();
        let message = err.to_string();
        assert!(
            message.starts_with(&path.display().to_string()),
            "{message}"
        );
        assert!(
            message.contains("not UTF-8") && message.contains("offset 1"),
            "{message}"
        );
    }

    #[test]
    fn clashing_ids_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("x")).unwrap();
        std::fs::write(dir.path().join("a.txt"), "1").unwrap();
        std::fs::write(dir.path().join("x/a.txt"), "2").unwrap();
        let err =
            import_paths(&[dir.path().join("a.txt"), dir.path().join("x/a.txt")]).unwrap_err();
        assert!(
            matches!(err, ImportError::DuplicateId { ref id, .. } if id == "a"),
            "{err}"
        );
    }
}
