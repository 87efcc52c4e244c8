//! The command line, run as a user would: import, validate, stats, convert.

mod common;

use std::path::Path;
use std::process::Command;

use common::{s, spanlab, stderr, stdout};

#[test]
fn import_then_validate_stats_and_convert() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("news.ron");
    let article = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/north-korea-talks.txt");
    let gold = common::data("unicode-offsets.txt");
    let o = spanlab(&["import", s(&article), s(&gold), "-o", s(&out)]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("2 documents, 0 spans imported"),
        "{}",
        stdout(&o)
    );

    let o = spanlab(&["validate", s(&out)]);
    assert!(o.status.success(), "{}", stdout(&o));
    assert!(
        stdout(&o).contains("valid: 2 documents, 0 spans"),
        "{}",
        stdout(&o)
    );

    let o = spanlab(&["stats", s(&out)]);
    assert!(o.status.success());
    let text = stdout(&o);
    assert!(text.contains("documents  2"), "{text}");
    assert!(text.contains("  new          2"), "{text}");
    assert!(text.contains("suggestions pending  0"), "{text}");

    let json = dir.path().join("news.json");
    let o = spanlab(&["convert", s(&out), s(&json)]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        spanlab::store::load(&json).unwrap(),
        spanlab::store::load(&out).unwrap()
    );

    // Importing over an existing dataset needs --force.
    let o = spanlab(&["import", s(&article), "-o", s(&out)]);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("already exists; pass --force"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn validate_lists_every_problem_with_file_and_place_and_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    let mut dataset = common::gold_dataset();
    dataset.documents[0]
        .spans
        .push(spanlab::model::Span::new(160, 170, "LOC"));
    dataset.documents[0]
        .spans
        .push(spanlab::model::Span::new(9, 2, "DATE"));
    dataset.documents[0]
        .spans
        .push(spanlab::model::Span::new(0, 11, "PERSON"));
    let path = dir.path().join("broken.json");
    std::fs::write(
        &path,
        spanlab::store::to_string(&dataset, spanlab::store::FileFormat::Json),
    )
    .unwrap();
    let o = spanlab(&["validate", s(&path)]);
    assert_eq!(o.status.code(), Some(1));
    let text = stdout(&o);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 4, "{text}");
    assert!(
        lines[..3]
            .iter()
            .all(|l| l.starts_with(&format!("{}: document \"unicode-offsets\"", s(&path)))),
        "{text}"
    );
    assert!(
        text.contains("span LOC [160, 170) ends at char 170"),
        "{text}"
    );
    assert!(
        text.contains("span DATE [9, 2) is empty or reversed"),
        "{text}"
    );
    assert!(
        text.contains("span PERSON [0, 11) is a duplicate"),
        "{text}"
    );
    assert!(lines[3].ends_with("invalid: 3 problems"), "{text}");
}

#[test]
fn validate_reports_truncated_and_mistyped_files_without_panicking() {
    let dir = tempfile::tempdir().unwrap();
    let json = spanlab::store::to_string(
        &spanlab::assets::sample_dataset(),
        spanlab::store::FileFormat::Json,
    );
    let cases = [
        (
            "truncated.json",
            json[..json.len() - 40].to_owned(),
            "EOF while parsing",
        ),
        (
            "types.json",
            json.replace("\"status\": \"new\"", "\"status\": 7"),
            "types.json:46:17: expected value",
        ),
        (
            "garbage.ron",
            "(version: 1, labels: [}".to_owned(),
            "garbage.ron:1:",
        ),
        ("empty.json", String::new(), "empty.json:1:0: EOF"),
        ("binary.ron", "\u{0}\u{1}\u{2}".to_owned(), "binary.ron:1:"),
    ];
    for (name, contents, expected) in cases {
        let path = dir.path().join(name);
        std::fs::write(&path, contents).unwrap();
        let o = spanlab(&["validate", s(&path)]);
        assert_eq!(o.status.code(), Some(1), "{name}: {}", stderr(&o));
        assert!(stdout(&o).contains(expected), "{name}: {}", stdout(&o));
        assert!(stdout(&o).contains(name), "{name}: {}", stdout(&o));
        assert!(!stderr(&o).contains("panicked"), "{name}: {}", stderr(&o));
    }
    let o = spanlab(&["validate", s(&dir.path().join("missing.ron"))]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stdout(&o).contains("missing.ron: cannot read"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn import_refuses_non_utf8_text_by_name_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("latin1.txt");
    std::fs::write(&bad, b"Z\xfcrich").unwrap();
    let out = dir.path().join("out.json");
    let o = spanlab(&["import", s(&bad), "-o", s(&out)]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("latin1.txt:1: not UTF-8"),
        "{}",
        stderr(&o)
    );
    assert!(!out.exists(), "nothing written");
}

#[test]
fn a_failed_import_writes_nothing_and_export_splits_deterministically() {
    let dir = tempfile::tempdir().unwrap();
    let dataset = dir.path().join("corpus.ron");
    let o = spanlab(&[
        "import",
        s(&common::data(
            "prodigy/annotated_news_headlines-ORG-PERSON-LOCATION-ner.jsonl",
        )),
        s(&common::data("unicode-offsets.gold.json")),
        "--format",
        "jsonl",
        "-o",
        s(&dataset),
    ]);
    // The gold file is not JSONL: the import fails whole, naming the file and line.
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("unicode-offsets.gold.json:1: not JSON"),
        "{}",
        stderr(&o)
    );
    assert!(!dataset.exists(), "a failed import writes nothing");

    let o = spanlab(&[
        "import",
        s(&common::data(
            "prodigy/annotated_news_headlines-ORG-PERSON-LOCATION-ner.jsonl",
        )),
        "-o",
        s(&dataset),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let split = |out: &Path, seed: &str| {
        let o = spanlab(&[
            "export",
            s(&dataset),
            "--format",
            "conll",
            "-o",
            s(out),
            "--split",
            "train=0.8,dev=0.1,test=0.1",
            "--seed",
            seed,
        ]);
        assert!(o.status.success(), "{}", stderr(&o));
        stdout(&o)
    };
    let a = dir.path().join("a");
    let b = dir.path().join("b");
    let c = dir.path().join("c");
    let report = split(&a, "7");
    split(&b, "7");
    split(&c, "8");
    assert!(report.contains("train.conll: 298 documents"), "{report}");
    assert!(report.contains("dev.conll: 38 documents"), "{report}");
    assert!(report.contains("test.conll: 37 documents"), "{report}");
    for part in ["train.conll", "dev.conll", "test.conll"] {
        assert_eq!(
            std::fs::read(a.join(part)).unwrap(),
            std::fs::read(b.join(part)).unwrap(),
            "same seed, same {part}"
        );
    }
    assert_ne!(
        std::fs::read(a.join("dev.conll")).unwrap(),
        std::fs::read(c.join("dev.conll")).unwrap()
    );
    let docs = |p: &Path| {
        std::fs::read_to_string(p)
            .unwrap()
            .matches("-DOCSTART-")
            .count()
    };
    assert_eq!(
        docs(&a.join("train.conll")) + docs(&a.join("dev.conll")) + docs(&a.join("test.conll")),
        373
    );
}

#[test]
fn suggest_adds_suggestions_and_reports_per_rule() {
    let dir = tempfile::tempdir().unwrap();
    let dataset = dir.path().join("news.json");
    let o = spanlab(&[
        "import",
        concat!(env!("CARGO_MANIFEST_DIR"), "/assets/north-korea-talks.txt"),
        "-o",
        s(&dataset),
    ]);
    assert!(o.status.success());
    let o = spanlab(&["suggest", s(&dataset)]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(
        text.contains("titles") && text.contains("countries"),
        "{text}"
    );
    let loaded = spanlab::store::load(&dataset).unwrap();
    let pending = loaded.documents[0].suggestions.len();
    assert!(pending > 40, "{pending} suggestions");
    // Running again adds nothing new: suggestions never repeat or overlap.
    let o = spanlab(&["suggest", s(&dataset)]);
    assert!(stdout(&o).contains(": 0 new suggestions"), "{}", stdout(&o));
}

#[test]
fn suggest_streams_jsonl_in_flat_memory() {
    use std::io::{BufRead as _, Write as _};
    let mut child = common::spawn_piped(&["suggest", "-"]);
    let pid = child.id();
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::Builder::new()
        .name("feed".into())
        .spawn(move || {
            for i in 0..100_000 {
                let line = format!(
                    "{{\"text\": \"Mr Pompeo met Kim in Singapore on Monday, story {i}.\", \"meta\": {{\"id\": \"s{i}\"}}}}\n"
                );
                if stdin.write_all(line.as_bytes()).is_err() {
                    break;
                }
            }
        })
        .unwrap();
    let rss = || -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
        status
            .lines()
            .find(|l| l.starts_with("VmRSS:"))
            .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
            .unwrap_or(0)
    };
    let stdout = std::io::BufReader::new(child.stdout.take().unwrap());
    let mut samples = Vec::new();
    let mut lines = 0;
    for line in stdout.lines() {
        let line = line.unwrap();
        lines += 1;
        if lines == 1 {
            let value: serde_json::Value = serde_json::from_str(&line).unwrap();
            assert_eq!(value["meta"]["id"], "s0", "every input field is kept");
            let labels: Vec<&str> = value["suggestions"]
                .as_array()
                .unwrap()
                .iter()
                .map(|s| s["label"].as_str().unwrap())
                .collect();
            assert_eq!(labels, ["PERSON", "LOC", "DATE"]);
        }
        if lines % 10_000 == 0 {
            samples.push(rss());
        }
    }
    writer.join().unwrap();
    assert!(child.wait().unwrap().success());
    assert_eq!(lines, 100_000);
    // Flat: after the first 10,000 documents the resident set grows by no
    // more than 4 MB over the next 90,000.
    let first = samples[0];
    let last = *samples.last().unwrap();
    assert!(first > 0, "could not read /proc");
    assert!(
        last <= first + 4 * 1024,
        "RSS grew from {first} kB to {last} kB: {samples:?}"
    );
}

#[test]
fn files_over_the_size_limit_are_refused_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.json");
    std::fs::write(
        &path,
        spanlab::store::to_string(
            &spanlab::assets::sample_dataset(),
            spanlab::store::FileFormat::Json,
        ),
    )
    .unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_spanlab"))
        .args(["validate", s(&path)])
        .env("SPANLAB_MAX_FILE_BYTES", "1000")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    let text = stdout(&o);
    assert!(
        text.contains("big.json: ") && text.contains("more than the 1000-byte limit"),
        "{text}"
    );
}

#[test]
fn recover_replays_the_journal_reports_a_torn_tail_and_ends_it() {
    use spanlab::edit::Edit;
    use spanlab::model::Span;
    use spanlab::store::{FileStamp, Journal, journal};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("news.json");
    spanlab::store::save(&spanlab::assets::sample_dataset(), &path).unwrap();
    let o = spanlab(&["recover", s(&path)]);
    assert!(o.status.success() && stdout(&o).contains("no journal, nothing to recover"));

    let write_journal = |base: &FileStamp| {
        let mut j = Journal::create(&path, base).unwrap();
        j.append(&[
            Edit::AddSpan {
                doc: 0,
                span: Span::new(19, 30, "PERSON"),
            },
            Edit::AddSpan {
                doc: 0,
                span: Span::new(0, 4, "ORG"),
            },
        ])
        .unwrap();
        drop(j);
        let jp = journal::journal_path(&path);
        let mut bytes = std::fs::read(&jp).unwrap();
        bytes.extend_from_slice(b"12345678 {\"set_status\":");
        std::fs::write(jp, bytes).unwrap();
    };
    // A journal written against another version is not replayed blindly.
    let stale = FileStamp {
        len: 3,
        modified_ns: 0,
        crc32: 1,
    };
    write_journal(&stale);
    let before = std::fs::read(&path).unwrap();
    let o = spanlab(&["recover", s(&path)]);
    assert!(!o.status.success());
    let err = stderr(&o);
    assert!(
        err.contains(".news.json.journal: the journal was written against another version")
            && err.contains("--force"),
        "{err}"
    );
    assert_eq!(std::fs::read(&path).unwrap(), before, "nothing written");

    write_journal(&FileStamp::read(&path).unwrap());
    let o = spanlab(&["recover", s(&path)]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("ignored the last 23 bytes"), "{out}");
    assert!(out.contains("recovered 2 edits into"), "{out}");
    let doc = &spanlab::store::load(&path).unwrap().documents[0];
    assert!(doc.spans.contains(&Span::new(19, 30, "PERSON")));
    assert!(doc.spans.contains(&Span::new(0, 4, "ORG")));
    assert!(journal::read(&path).unwrap().is_none(), "journal ended");
    assert!(
        journal::discarded_path(&path).exists(),
        "and kept aside, not deleted"
    );

    write_journal(&FileStamp::read(&path).unwrap());
    let o = spanlab(&["recover", "--discard", s(&path)]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(journal::read(&path).unwrap().is_none());
    assert_eq!(journal::discarded_paths(&path).len(), 2, "both kept aside");
}
