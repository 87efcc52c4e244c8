//! Dataset files: exact RON/JSON round trips on real data, offsets against
//! the gold file, and load errors that name the file and the place.

mod common;

use common::{gold, gold_dataset};
use spanlab::assets::sample_dataset;
use spanlab::model::{ByteOffset, CharOffset, Utf16Offset};
use spanlab::store::FormatFiles as _;
use spanlab::store::{self, FileFormat, LoadError};
use spanlab::text::OffsetIndex;

fn round_trip(dataset: &spanlab::model::Dataset, ext: &str) {
    let dir = tempfile::tempdir().expect("test setup");
    let path = dir.path().join(format!("data.{ext}"));
    store::save(dataset, &path).expect("test setup");
    let first = std::fs::read(&path).expect("test setup");
    let loaded = store::load(&path).expect("test setup");
    assert_eq!(&loaded, dataset, "{ext}: loaded dataset differs");
    store::save(&loaded, &path).expect("test setup");
    assert_eq!(
        std::fs::read(&path).expect("test setup"),
        first,
        "{ext}: second save differs"
    );
}

#[test]
fn the_sample_round_trips_exactly_in_ron_and_json() {
    let sample = sample_dataset();
    round_trip(&sample, "ron");
    round_trip(&sample, "json");
}

#[test]
fn the_unicode_gold_round_trips_exactly_in_ron_and_json() {
    let gold = gold_dataset();
    assert_eq!(gold.problems(), [], "the gold dataset is valid");
    round_trip(&gold, "ron");
    round_trip(&gold, "json");
    // The CRLF, the ZWJ sequence and the combining accent survive byte for byte.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("gold.ron");
    store::save(&gold, &path).unwrap();
    let loaded = store::load(&path).unwrap();
    assert_eq!(
        loaded.documents[0].text.as_bytes(),
        std::fs::read(common::data("unicode-offsets.txt")).unwrap()
    );
}

#[test]
fn offset_conversions_agree_with_the_gold_columns() {
    let gold = gold();
    let index = OffsetIndex::new(&gold.text);
    for span in &gold.spans {
        let (s, e) = (CharOffset(span.start), CharOffset(span.end));
        assert_eq!(
            index.char_to_byte(s),
            Some(ByteOffset(span.utf8_start)),
            "{}",
            span.text
        );
        assert_eq!(
            index.char_to_byte(e),
            Some(ByteOffset(span.utf8_end)),
            "{}",
            span.text
        );
        assert_eq!(
            index.char_to_utf16(s),
            Some(Utf16Offset(span.utf16_start)),
            "{}",
            span.text
        );
        assert_eq!(
            index.char_to_utf16(e),
            Some(Utf16Offset(span.utf16_end)),
            "{}",
            span.text
        );
        assert_eq!(index.byte_to_char(ByteOffset(span.utf8_start)), Some(s));
        assert_eq!(index.utf16_to_char(Utf16Offset(span.utf16_end)), Some(e));
        assert_eq!(index.slice(s, e), Some(span.text.as_str()));
    }
}

fn load_str(contents: &str, ext: &str) -> LoadError {
    let dir = tempfile::tempdir().expect("test setup");
    let path = dir.path().join(format!("bad.{ext}"));
    std::fs::write(&path, contents).expect("test setup");
    store::load(&path).expect_err("the file is refused")
}

#[test]
fn a_truncated_file_names_the_file_line_and_column() {
    let json = store::to_string(&sample_dataset(), FileFormat::Json);
    let cut = &json[..json.len() / 2];
    let err = load_str(cut, "json");
    let LoadError::Parse {
        path,
        line,
        column,
        message,
    } = &err
    else {
        panic!("expected a parse error, got {err}");
    };
    assert!(path.ends_with("bad.json"));
    assert_eq!(*line, cut.lines().count(), "{err}");
    assert!(*column > 0, "{err}");
    assert!(message.contains("EOF"), "{err}");

    let ron = store::to_string(&sample_dataset(), FileFormat::Ron);
    let err = load_str(&ron[..ron.len() / 2], "ron");
    assert!(matches!(err, LoadError::Parse { .. }), "{err}");
    assert!(err.to_string().contains("bad.ron:"), "{err}");
}

#[test]
fn wrong_types_name_the_place_and_what_was_expected() {
    let json = store::to_string(&sample_dataset(), FileFormat::Json)
        .replace("\"version\": 1", "\"version\": \"one\"");
    let err = load_str(&json, "json").to_string();
    assert!(err.contains("bad.json:2:"), "{err}");
    assert!(err.contains("expected u32"), "{err}");
}

#[test]
fn bad_offsets_list_every_problem_with_document_and_span() {
    let mut dataset = gold_dataset();
    dataset.labels.allow_overlap = false;
    dataset.documents[0]
        .spans
        .push(spanlab::model::Span::new(150, 999, "LOC"));
    dataset.documents[0]
        .spans
        .push(spanlab::model::Span::new(3, 3, "PER"));
    let err = load_str(&store::to_string(&dataset, FileFormat::Ron), "ron");
    let LoadError::Invalid { problems, .. } = &err else {
        panic!("expected invalid data, got {err}");
    };
    let text = err.to_string();
    assert!(
        text.contains("span LOC [150, 999) ends at char 999, past the end of the text (166 chars)"),
        "{text}"
    );
    assert!(
        text.contains("span PER [3, 3) is empty or reversed"),
        "{text}"
    );
    assert!(
        text.contains("has label \"PER\", which is not in the label set"),
        "{text}"
    );
    assert!(text.contains("overlaps ORG [150, 154)"), "{text}");
    assert!(
        text.lines()
            .skip(1)
            .all(|l| l.contains("bad.ron: document \"unicode-offsets\"")),
        "{text}"
    );
    assert_eq!(problems.len(), 5, "{text}");
}

#[test]
fn a_failed_save_keeps_the_old_file_and_the_data() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("data.ron");
    let dataset = sample_dataset();
    store::save(&dataset, &path).unwrap();
    let before = std::fs::read(&path).unwrap();

    // Make the folder read-only. Root ignores that, so check it took.
    let writable = std::fs::metadata(dir.path()).unwrap().permissions();
    let mut readonly = writable.clone();
    readonly.set_readonly(true);
    std::fs::set_permissions(dir.path(), readonly).unwrap();
    let readonly_works = std::fs::write(dir.path().join("probe"), "").is_err();
    if readonly_works {
        let mut changed = dataset.clone();
        changed.documents[0].status = spanlab::model::Status::Done;
        let err = store::save(&changed, &path).unwrap_err();
        assert!(
            err.to_string().starts_with(&path.display().to_string()),
            "{err}"
        );
        assert_eq!(std::fs::read(&path).unwrap(), before, "old file untouched");
        assert_eq!(
            changed.documents[0].status,
            spanlab::model::Status::Done,
            "data intact"
        );
    }
    std::fs::set_permissions(dir.path(), writable).unwrap();

    // A folder that does not exist: an error naming the file, nothing written.
    let missing = dir.path().join("no/such/folder/data.json");
    let err = store::save(&dataset, &missing).unwrap_err();
    assert!(
        err.to_string().contains("no/such/folder/data.json"),
        "{err}"
    );
}

#[test]
fn unknown_extensions_are_refused() {
    let err = store::load(std::path::Path::new("data.yaml")).unwrap_err();
    assert_eq!(
        err.to_string(),
        "data.yaml: not a dataset file: the name must end in .ron or .json"
    );
}

#[test]
fn a_save_over_a_file_another_program_changed_is_refused_and_changes_nothing() {
    let dir = tempfile::tempdir().expect("test setup");
    let path = dir.path().join("data.json");
    store::save(&sample_dataset(), &path).expect("test setup");
    let (mut ours, stamp) = store::load_stamped(&path).expect("loads");
    assert!(stamp.matches(&path));
    // Unchanged on disk: the save goes through and returns the new stamp.
    ours.documents[0]
        .spans
        .push(spanlab::model::Span::new(19, 30, "PERSON"));
    ours.sort_spans();
    let stamp = store::save_stamped(&ours, &path, Some(&stamp)).expect("saves");
    assert_eq!(stamp, store::FileStamp::read(&path).expect("stamp"));
    // Another program writes the file (same size even: one byte differs).
    let mut theirs = std::fs::read(&path).expect("read");
    let at = theirs.iter().position(|&b| b == b'P').expect("a P");
    theirs[at] = b'Q';
    std::fs::write(&path, &theirs).expect("write");
    let err = store::save_stamped(&ours, &path, Some(&stamp)).unwrap_err();
    assert!(
        err.to_string()
            .contains("data.json: not saved: the file was changed on disk by another program"),
        "{err}"
    );
    assert_eq!(std::fs::read(&path).expect("read"), theirs, "theirs kept");
    // Deleted by another program counts as changed too.
    std::fs::remove_file(&path).expect("rm");
    assert!(store::save_stamped(&ours, &path, Some(&stamp)).is_err());
}

#[test]
fn deeply_nested_files_are_refused_without_overflowing_the_stack() {
    for depth in [200, 100_000] {
        let json = format!(
            "{{\"version\":1,\"extra\":{}{},\"documents\":[]}}",
            "[".repeat(depth),
            "]".repeat(depth)
        );
        let err = load_str(&json, "json").to_string();
        assert!(err.contains("bad.json:1:"), "{err}");
        let ron = format!(
            "(version: 1, extra: {}{}, documents: [])",
            "(".repeat(depth),
            ")".repeat(depth)
        );
        let err = load_str(&ron, "ron").to_string();
        // Refused at the unknown field now, before the nesting is read.
        assert!(
            err.contains("bad.ron:1:") && err.contains("field named `extra`"),
            "{err}"
        );
    }
    // Importers read JSON too.
    let dir = tempfile::tempdir().expect("test setup");
    for (name, line) in [
        (
            "deep.jsonl",
            format!("{{\"text\":\"x\",\"extra\":{}}}\n", "[".repeat(100_000)),
        ),
        ("deep.json", format!("[{}", "{\"a\":".repeat(100_000))),
    ] {
        let path = dir.path().join(name);
        std::fs::write(&path, line).expect("test setup");
        for format in spanlab::formats::REGISTRY {
            if !format.is_folder() {
                let _ = format.import(&path);
            }
        }
    }
}
