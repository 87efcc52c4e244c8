//! Plain text: each `.txt` file becomes one document.
//!
//! Wire format: the file's bytes, which must be UTF-8, are the document text
//! as is (line ends, a BOM, trailing newline all kept: offsets in other
//! tools' files for the same text then stay right). The document id is the
//! file name without `.txt`; files found by walking a folder get their path
//! below that folder (`2018/june/nk-talks`), so ids are unique. `meta.source`
//! records the path read.

use std::collections::HashMap;
use std::path::Path;

use super::{ExportOptions, Exported, Format, ImportError, Imported, Input, Report};
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
    fn folder_files(&self) -> &'static [&'static str] {
        &["txt"]
    }
    fn walks_subfolders(&self) -> bool {
        true
    }
    fn parse(&self, input: &Input) -> Result<Imported, ImportError> {
        Ok(Imported {
            documents: documents(input)?,
            ..Imported::default()
        })
    }
    fn export(&self, dataset: &Dataset, docs: &[usize], _options: &ExportOptions) -> Exported {
        let mut report = Report::default();
        let stems = super::names::file_stems(dataset, docs, &mut report);
        let files = docs
            .iter()
            .zip(stems)
            .map(|(&i, stem)| {
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
                (format!("{stem}.txt"), doc.text.clone())
            })
            .collect();
        Exported { files, report }
    }
}

/// The documents of `.txt` files read (a folder's walked recursively, in
/// name order): the id is the path below the folder named, without `.txt`.
pub fn documents(input: &Input) -> Result<Vec<Document>, ImportError> {
    let mut seen: HashMap<&str, &Path> = HashMap::new();
    let mut documents = Vec::with_capacity(input.files.len());
    for file in &input.files {
        let id = file.stem();
        if let Some(first) = seen.insert(id, &file.path) {
            return Err(ImportError::DuplicateId {
                id: id.to_owned(),
                first: first.to_path_buf(),
                second: file.path.clone(),
            });
        }
        let mut doc = Document::new(id, file.text.clone());
        doc.meta
            .insert("source".into(), file.path.to_string_lossy().into());
        documents.push(doc);
    }
    if documents.is_empty() {
        return Err(ImportError::NothingFound(input.path.clone()));
    }
    Ok(documents)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_become_documents_with_path_ids_and_their_text_as_is() {
        let file = |name: &str, text: &str| super::super::InputFile {
            path: Path::new("in").join(name),
            name: name.to_owned(),
            text: text.to_owned(),
        };
        let input = Input {
            path: "in".into(),
            files: vec![
                file("a.txt", "Kim"),
                file("b.txt", "Zoë in Zürich\r\n"),
                file("june/c.txt", "Pompeo"),
            ],
        };
        let docs = documents(&input).unwrap();
        let ids: Vec<_> = docs.iter().map(|d| d.id.as_str()).collect();
        assert_eq!(ids, ["a", "b", "june/c"]);
        assert_eq!(docs[1].text, "Zoë in Zürich\r\n", "text kept as is");
    }
}
