//! What the fuzz targets (`fuzz/`) run, shared with the tests that replay
//! their corpora and crash regressions (`tests/fuzz_regressions.rs`): each
//! target feeds arbitrary bytes to one reader, which must answer with a
//! value or an error and never panic, and checks what the reader promises
//! about what it accepts.

use std::path::Path;

use crate::edit::Edit;
use crate::formats::{self, Input, InputFile};
use crate::model::{Dataset, Document, LabelSet, Span};
use crate::rules::{Compiled, parse_ron, read_patterns};
use crate::store::{self, FileFormat, journal};

/// Every fuzz target, by name (also the folder names under `fuzz/corpus/`).
pub const TARGETS: &[&str] = &[
    "dataset_json",
    "dataset_ron",
    "import_jsonl",
    "import_doccano",
    "import_conll",
    "import_brat",
    "import_label_studio",
    "import_webanno",
    "import_text",
    "rules_ron",
    "patterns_jsonl",
    "journal",
];

/// Runs target `target` on `data`. Panics only when a reader breaks a
/// promise (which is what the fuzzer looks for).
///
/// # Panics
/// When a reader panics, or accepts input it then cannot keep its promise
/// on: a loaded dataset that does not save and load back identically, an
/// import that yields a dataset breaking an invariant.
pub fn run(target: &str, data: &[u8]) {
    match target {
        "dataset_json" => dataset(data, FileFormat::Json),
        "dataset_ron" => dataset(data, FileFormat::Ron),
        "rules_ron" => {
            if let Ok(text) = std::str::from_utf8(data)
                && let Ok(file) = parse_ron(text, Path::new("fuzz.ron"))
            {
                let _ = Compiled::new(&file, &|_| Err(std::io::ErrorKind::NotFound.into()));
            }
        }
        "patterns_jsonl" => {
            if let Ok(text) = std::str::from_utf8(data)
                && let Ok(file) = read_patterns(text, Path::new("fuzz.jsonl"))
            {
                let _ = Compiled::new(&file, &|_| Err(std::io::ErrorKind::NotFound.into()));
            }
        }
        "journal" => {
            if let Some(recovered) = journal::parse(data) {
                let mut dataset = Dataset::new(LabelSet::default());
                dataset
                    .documents
                    .push(Document::new("a", "Mike Pompeo met Kim in Zürich."));
                dataset.documents[0].spans.push(Span::new(0, 11, "PERSON"));
                let before = dataset.clone();
                let (_, failed) = journal::replay(&mut dataset, &recovered.edits);
                if failed.len() == recovered.edits.len() {
                    assert_eq!(dataset, before, "edits that fail change nothing");
                }
                assert!(dataset.problems().is_empty(), "edits keep the invariants");
                // Framing: whatever came before, an intact record after a
                // line end is read, and all damage before it is damage, not
                // a torn tail.
                let edit = Edit::SetStatus {
                    doc: 0,
                    status: crate::model::Status::Done,
                };
                let json = serde_json::to_string(&edit).expect("edits serialize");
                let mut more = data.to_vec();
                more.extend_from_slice(
                    format!("\n{:08x} {json}\n", crc32fast::hash(json.as_bytes())).as_bytes(),
                );
                let again = journal::parse(&more).expect("the header is still there");
                assert_eq!(
                    again.edits.last(),
                    Some(&edit),
                    "an intact record after damage"
                );
                assert_eq!(
                    again.torn, None,
                    "damage before an intact record is not a torn tail"
                );
                assert_eq!(
                    again.valid_len,
                    more.len() as u64,
                    "resume keeps everything"
                );
                // What parses writes back the same.
                for edit in &recovered.edits {
                    let json = serde_json::to_string(edit).expect("edits serialize");
                    let again: Edit = serde_json::from_str(&json).expect("and read back");
                    assert_eq!(&again, edit, "an edit changed in a JSON round trip");
                }
            }
        }
        _ => {
            if let Some(name) = target.strip_prefix("import_") {
                import(&name.replace('_', "-"), data);
            }
        }
    }
}

fn dataset(data: &[u8], format: FileFormat) {
    let Ok(mut dataset) = store::parse(data, format) else {
        return;
    };
    dataset.sort_spans();
    if !dataset.problems().is_empty() {
        return;
    }
    // A dataset that loads saves and loads back the same.
    let written = store::to_string(&dataset, format);
    let again = store::parse(written.as_bytes(), format).expect("what spanlab writes it reads");
    assert_eq!(again, dataset, "a round trip changed the dataset");
}

fn import(name: &str, data: &[u8]) {
    let Some(format) = formats::by_name(name) else {
        return;
    };
    let text = |bytes: &[u8]| String::from_utf8_lossy(bytes).into_owned();
    let input = if format.file_means_folder() {
        // brat: the bytes before the first NUL are the text, after it the .ann.
        let cut = data.iter().position(|&b| b == 0).unwrap_or(data.len());
        let ann = data.get(cut + 1..).unwrap_or_default();
        let file = |name: &str, text: String| InputFile {
            path: Path::new("fuzz").join(name),
            name: name.to_owned(),
            text,
        };
        Input {
            path: "fuzz".into(),
            files: vec![
                file("doc.ann", text(ann)),
                file("doc.txt", text(&data[..cut])),
            ],
        }
    } else {
        let ext = format.extensions().first().copied().unwrap_or("txt");
        Input::file(format!("input.{ext}"), text(data))
    };
    let Ok(imported) = format.parse(&input) else {
        return;
    };
    let mut dataset = Dataset::new(LabelSet::default());
    if imported.into_dataset(&mut dataset).is_ok() {
        assert!(
            dataset.problems().is_empty(),
            "an accepted import breaks an invariant"
        );
        check_decisions(&dataset);
        if name == "jsonl" {
            check_round_trip(format, &dataset);
        }
        if name == "brat"
            && let Some(ann) = input.files.first()
            && let Some(doc) = dataset.documents.first()
        {
            check_brat_text(&ann.text, doc);
        }
    }
}

/// Every single-fragment `T` line of an accepted `.ann` names the text its
/// span covers.
fn check_brat_text(ann: &str, doc: &Document) {
    let index = crate::text::OffsetIndex::new(&doc.text);
    for line in ann.lines().filter(|l| l.starts_with('T')) {
        let fields: Vec<&str> = line.splitn(3, '\t').collect();
        let (Some(middle), Some(given)) = (fields.get(1), fields.get(2)) else {
            continue;
        };
        let numbers: Vec<usize> = middle
            .split_whitespace()
            .skip(1)
            .map_while(|n| n.parse().ok())
            .collect();
        if let [start, end] = numbers[..]
            && !middle.contains(';')
        {
            let actual = index
                .slice(
                    crate::model::CharOffset(start),
                    crate::model::CharOffset(end),
                )
                .unwrap_or("");
            assert_eq!(actual, *given, "an accepted T line names other text");
        }
    }
}

/// No span is both accepted and rejected (Prodigy's answers, merged tasks).
fn check_decisions(dataset: &Dataset) {
    for doc in &dataset.documents {
        for span in &doc.spans {
            assert!(
                !doc.rejected.iter().any(|r| r.same_place_and_label(span)),
                "{span} is both accepted and rejected in {}",
                doc.id
            );
        }
    }
}

/// Export with answers, import again: the same ids, statuses (in progress
/// has no Prodigy answer and comes back new), accepted and rejected spans.
fn check_round_trip(format: &dyn formats::Format, dataset: &Dataset) {
    let docs: Vec<usize> = (0..dataset.documents.len()).collect();
    let options = formats::ExportOptions {
        with_tokens: true,
        ..formats::ExportOptions::default()
    };
    let exported = format.export(dataset, &docs, &options);
    let text = exported.files.first().map_or("", |f| f.1.as_str());
    let again = format
        .parse(&Input::file("again.jsonl", text))
        .expect("what spanlab writes it reads");
    assert_eq!(again.documents.len(), dataset.documents.len(), "documents");
    for (a, b) in dataset.documents.iter().zip(&again.documents) {
        assert_eq!(a.id, b.id, "the ids stay in order");
        let status = match a.status {
            crate::model::Status::InProgress => crate::model::Status::New,
            other => other,
        };
        assert_eq!(status, b.status, "status of {}", a.id);
        let key = |spans: &[Span]| -> Vec<(usize, usize, String)> {
            spans
                .iter()
                .map(|s| (s.start.0, s.end.0, s.label.to_string()))
                .collect()
        };
        assert_eq!(key(&a.spans), key(&b.spans), "spans of {}", a.id);
        assert_eq!(key(&a.rejected), key(&b.rejected), "rejected of {}", a.id);
    }
}
