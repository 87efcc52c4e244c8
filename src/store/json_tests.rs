//! Saving JSON datasets: byte for byte `serde_json`'s pretty output, and
//! saves that prepare each document on the way out.

use super::*;
use crate::model::{Document, LabelSet, Span};

fn pretty(dataset: &Dataset) -> Vec<u8> {
    let mut out = serde_json::to_vec_pretty(dataset).expect("serialises");
    out.push(b'\n');
    out
}

fn ours(dataset: &Dataset) -> Vec<u8> {
    let mut out = Vec::new();
    serialize(dataset, FileFormat::Json, &mut out).expect("serialises");
    out
}

#[test]
fn parallel_json_is_byte_for_byte_serde_jsons_pretty_output() {
    let sample: Dataset =
        ron::from_str(include_str!("../../assets/sample.ron")).expect("the bundled sample");
    assert_eq!(ours(&sample), pretty(&sample), "the bundled sample");
    let empty = Dataset::new(LabelSet::default());
    assert_eq!(ours(&empty), pretty(&empty), "no documents");
    // Over several chunks, with a label called "documents", notes with
    // line breaks and quotes, non-ASCII text.
    let mut many = Dataset::new(LabelSet::default());
    many.labels.ensure("documents");
    for i in 0..700 {
        let mut doc = Document::new(format!("d{i}"), format!("Zürich \"{i}\"\n  documents: []"));
        let mut span = Span::new(0, 6, "documents");
        span.note = Some("a \"note\"\nover two lines".into());
        doc.spans.push(span);
        doc.meta.insert("n".into(), i.into());
        many.documents.push(doc);
    }
    assert_eq!(ours(&many), pretty(&many), "700 documents");
}

#[test]
fn a_prepared_save_writes_every_document_as_prepared_in_both_formats() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let mut original = Dataset::new(LabelSet::default());
    original.labels.ensure("X");
    for i in 0..600 {
        original
            .documents
            .push(Document::new(format!("d{i}"), format!("text {i}")));
    }
    let prepare = |doc: &mut Document| doc.spans.push(Span::new(0, 4, "X"));
    let mut expected = original.clone();
    expected.documents.iter_mut().for_each(prepare);
    for name in ["out.json", "out.ron"] {
        let path = dir.path().join(name);
        let mut dataset = original.clone();
        save_stamped_prepared(&mut dataset, &path, None, &prepare).expect("saves");
        assert_eq!(
            dataset, expected,
            "{name}: the dataset in memory is prepared"
        );
        assert_eq!(load(&path).expect("loads"), expected, "{name}: on disk too");
    }
    let json = std::fs::read(dir.path().join("out.json")).expect("reads");
    assert_eq!(json, pretty(&expected), "byte for byte the pretty output");
}

#[test]
fn a_prepared_save_over_a_changed_file_prepares_and_writes_nothing() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let path = dir.path().join("data.json");
    let mut dataset = Dataset::new(LabelSet::default());
    dataset.documents.push(Document::new("d", "text"));
    save(&dataset, &path).expect("saves");
    let (mut loaded, stamp) = load_stamped(&path).expect("loads");
    std::fs::write(&path, b"changed by someone else").expect("writes");
    let touched = std::sync::atomic::AtomicBool::new(false);
    let prepare = |_: &mut Document| touched.store(true, std::sync::atomic::Ordering::SeqCst);
    let err = save_stamped_prepared(&mut loaded, &path, Some(&stamp), &prepare)
        .expect_err("the file changed");
    assert!(matches!(err, SaveError::Changed(_)), "{err}");
    assert!(!touched.into_inner(), "nothing prepared");
    assert_eq!(
        std::fs::read(&path).expect("reads"),
        b"changed by someone else",
        "the other program's file is kept"
    );
}
