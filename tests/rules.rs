//! Rules and suggestions: each rule kind, conflicts, the never-overlap and
//! never-again guarantees, pattern files, the learned matcher, propagation.

mod common;

use std::path::Path;

use spanlab::model::{Dataset, Document, LabelSet, Origin, Span, Status, markup};
use spanlab::rules::{Compiled, RulesFile, Suggester, propagate, rule_stats};

fn compile(ron: &str) -> Compiled {
    let file: RulesFile = ron::Options::default().from_str(ron).expect("test rules");
    Compiled::new(&file, &|p: &Path| {
        Ok(format!("# gazetteer {}\nZürich\nSão Paulo\n", p.display()))
    })
    .expect("test rules")
}

/// Suggestions for `text` as markup.
fn suggest(compiled: Compiled, text: &str) -> String {
    let doc = Document::new("d", text);
    markup::render(text, &Suggester::new(compiled).suggest(&doc))
}

#[test]
fn phrases_match_whole_words_with_or_without_case() {
    let rules = r#"(rules: [
        (id: "c", label: "LOC", kind: phrases(list: ["Korea", "New York"])),
        (id: "i", label: "ORG", kind: phrases(list: ["nato"], case_sensitive: false)),
        (id: "g", label: "LOC", kind: phrases(file: Some("gaz.txt"))),
    ])"#;
    assert_eq!(
        suggest(
            compile(rules),
            "North Koreans met NATO in New York, Zürich and São Paulo; Korea."
        ),
        "North Koreans met [ORG NATO] in [LOC New York], [LOC Zürich] and [LOC São Paulo]; [LOC Korea]."
    );
}

#[test]
fn regexes_can_name_the_group_that_is_the_span() {
    let rules = r#"(rules: [
        (id: "t", label: "PERSON", kind: regex(pattern: "(?:Mr|Dr) (?P<name>\\p{Lu}\\w+)", group: Some("name"))),
        (id: "y", label: "DATE", kind: regex(pattern: "\\b20\\d\\d\\b")),
    ])"#;
    assert_eq!(
        suggest(compile(rules), "Mr Pompeo met Dr Zoë in 2018."),
        "Mr [PERSON Pompeo] met Dr [PERSON Zoë] in [DATE 2018]."
    );
    let bad = r#"(rules: [(id: "b", label: "X", kind: regex(pattern: "(a", group: None))])"#;
    let file: RulesFile = ron::from_str(bad).unwrap();
    let err = Compiled::new(&file, &|_: &Path| Ok(String::new()))
        .err()
        .unwrap()
        .to_string();
    assert!(
        err.starts_with("rule \"b\": bad regular expression"),
        "{err}"
    );
    let huge =
        r#"(rules: [(id: "huge", label: "X", kind: regex(pattern: "\\w{5000}", group: None))])"#;
    let file: RulesFile = ron::from_str(huge).unwrap();
    let err = Compiled::new(&file, &|_: &Path| Ok(String::new()))
        .err()
        .unwrap()
        .to_string();
    assert!(
        err.starts_with("rule \"huge\"") && err.contains("size limit"),
        "{err}"
    );
}

#[test]
fn token_patterns_match_like_spacy() {
    let rules = r#"#![enable(implicit_some)]
    (rules: [(id: "s", label: "EVENT", kind: tokens(patterns: [
        [(is_title: true, op: "+"), (lower: "summit")],
        [(shape: "dddd"), (lower_in: ["election", "elections"])],
    ]))])"#;
    assert_eq!(
        suggest(
            compile(rules),
            "then the Singapore Summit and the 2018 elections, not the summit."
        ),
        "then the [EVENT Singapore Summit] and the [EVENT 2018 elections], not the summit."
    );
}

#[test]
fn longest_match_wins_then_priority_then_earlier_rule() {
    let rules = r#"(rules: [
        (id: "a", label: "LOC", kind: phrases(list: ["New York"])),
        (id: "b", label: "ORG", kind: phrases(list: ["New York Times"])),
        (id: "c", label: "PERSON", priority: 1, kind: phrases(list: ["Jordan"])),
        (id: "d", label: "LOC", priority: 5, kind: phrases(list: ["Jordan"])),
        (id: "e", label: "DATE", kind: regex(pattern: "May")),
        (id: "f", label: "PERSON", kind: regex(pattern: "May")),
    ])"#;
    assert_eq!(
        suggest(compile(rules), "The New York Times met Jordan in May."),
        "The [ORG New York Times] met [LOC Jordan] in [DATE May]."
    );
}

#[test]
fn never_over_an_accepted_span_never_a_rejected_one_again() {
    let rules = compile(
        r#"(rules: [(id: "p", label: "LOC", kind: phrases(list: ["New York", "York", "Zürich"]))])"#,
    );
    let (text, spans) = markup::parse("[ORG New York] Times in Zürich and York");
    let mut doc = Document::new("d", text);
    doc.spans = spans;
    doc.rejected = vec![Span::new(29, 33, "LOC")]; // York
    let found = Suggester::new(rules).suggest(&doc);
    assert_eq!(
        found,
        [Span::new(18, 24, "LOC").with_origin(Origin::Rule("p".into()))]
    );
}

#[test]
fn prodigy_pattern_files_load_as_rules() {
    let compiled =
        spanlab::store::load_rules(&common::data("prodigy/fashion_brands_patterns.jsonl")).unwrap();
    let ids: Vec<&str> = compiled.rules.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids, ["fashion_brands_patterns:FASHION_BRAND:tokens"]);
    let text = "She wore Ann Taylor and Topshop, then Naked and Famous jeans.";
    assert_eq!(
        suggest(compiled, text),
        "She wore [FASHION_BRAND Ann Taylor] and [FASHION_BRAND Topshop], then [FASHION_BRAND Naked and Famous] jeans."
    );
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.jsonl");
    std::fs::write(&bad, "{\"label\": \"X\", \"pattern\": \"ok\"}\n{\"label\": \"X\", \"pattern\": [{\"POS\": \"NOUN\"}]}\n").unwrap();
    let err = spanlab::store::load_rules(&bad).err().unwrap().to_string();
    assert!(
        err.contains("bad.jsonl:2:1: token attribute POS is not supported"),
        "{err}"
    );
}

#[test]
fn the_default_rules_find_most_people_places_and_dates_in_the_sample() {
    let sample = spanlab::assets::sample_dataset();
    let doc = &sample.documents[0];
    let found = Suggester::new(Compiled::default_rules()).suggest(doc);
    let index = spanlab::text::OffsetIndex::new(&doc.text);
    let has = |label: &str, text: &str| {
        found
            .iter()
            .any(|s| s.label == label && index.slice(s.start, s.end) == Some(text))
    };
    for (label, text) in [
        ("PERSON", "Mike Pompeo"),
        ("PERSON", "Donald Trump"),
        ("PERSON", "Kim Yong-chol"),
        ("PERSON", "Gaddafi"),
        ("PERSON", "Sergei Lavrov"),
        ("PERSON", "Joe Hagin"),
        ("LOC", "North Korea"),
        ("LOC", "Pyongyang"),
        ("LOC", "Singapore"),
        ("LOC", "Moscow"),
        ("DATE", "12 June"),
        ("DATE", "Thursday"),
        ("ORG", "UN"),
        ("EVENT", "summit"),
    ] {
        assert!(has(label, text), "{label} {text:?} not suggested");
    }
    // No span carries its title.
    assert!(!found.iter().any(|s| {
        index
            .slice(s.start, s.end)
            .is_some_and(|t| t.starts_with("Mr ") || t.starts_with("Colonel"))
    }));
}

#[test]
fn the_learned_matcher_proposes_accepted_strings_above_its_threshold() {
    let mut dataset = Dataset::new(LabelSet::default());
    let docs = [
        (
            "a",
            "[PERSON Mike Pompeo] flew to [LOC Jordan]. Later Pompeo spoke.",
            Status::Done,
        ),
        ("b", "Jordan said Pompeo and Mike Pompeo met.", Status::Done),
        ("c", "Mike Pompeo visited Jordan.", Status::New),
    ];
    for (id, marked, status) in docs {
        let (text, spans) = markup::parse(marked);
        let mut doc = Document::new(id, text);
        doc.spans = spans;
        doc.status = status;
        dataset.documents.push(doc);
    }
    // "Jordan": accepted once as LOC, unlabelled once in a done document: 1/2.
    // "Mike Pompeo": accepted once, unlabelled once in done "b": 1/2.
    let mut file = RulesFile::default();
    file.learned.threshold = 0.6;
    let strict = Suggester::new(Compiled::new(&file, &|_: &Path| Ok(String::new())).unwrap())
        .learn(&dataset);
    let c = &dataset.documents[2];
    assert!(
        strict.suggest(c).is_empty(),
        "below 0.6 nothing is proposed"
    );
    file.learned.threshold = 0.5;
    let lenient = Suggester::new(Compiled::new(&file, &|_: &Path| Ok(String::new())).unwrap())
        .learn(&dataset);
    assert_eq!(
        markup::render(&c.text, &lenient.suggest(c)),
        "[PERSON Mike Pompeo] visited [LOC Jordan]."
    );
    assert!(
        lenient
            .suggest(c)
            .iter()
            .all(|s| s.origin == Origin::Learned)
    );
    // The last name alone, later in the document of the full name.
    let a = &dataset.documents[0];
    assert_eq!(
        markup::render(&a.text, &lenient.suggest(a)),
        "[PERSON Mike Pompeo] flew to [LOC Jordan]. Later [PERSON Pompeo] spoke."
            .replace("[PERSON Mike Pompeo]", "Mike Pompeo")
            .replace("[LOC Jordan]", "Jordan")
    );
}

#[test]
fn propagation_finds_other_occurrences_and_lists_blocked_ones() {
    let mut dataset = Dataset::new(LabelSet::default());
    for (id, marked) in [
        ("a", "[PERSON Kim] met Kim and Kimberly."),
        ("b", "[ORG Kim Group] and Kim."),
    ] {
        let (text, spans) = markup::parse(marked);
        let mut doc = Document::new(id, text);
        doc.spans = spans;
        dataset.documents.push(doc);
    }
    let found = propagate(&dataset, &[0, 1], "Kim", "PERSON");
    let places: Vec<(usize, usize, usize)> = found
        .found
        .iter()
        .map(|(d, s)| (*d, s.start.0, s.end.0))
        .collect();
    assert_eq!(places, [(0, 8, 11), (1, 14, 17)]);
    assert_eq!(
        found.blocked,
        [(1, 0, 3)],
        "inside the accepted ORG span: listed, not changed"
    );
}

#[test]
fn rule_stats_follow_decisions() {
    let mut dataset = Dataset::new(LabelSet::default());
    let mut doc = Document::new("a", "Kim met Lee and Park.");
    doc.spans = vec![Span::new(0, 3, "PERSON").with_origin(Origin::Rule("names".into()))];
    doc.rejected = vec![Span::new(8, 11, "PERSON").with_origin(Origin::Rule("names".into()))];
    doc.suggestions = vec![Span::new(16, 20, "PERSON").with_origin(Origin::Rule("names".into()))];
    dataset.documents.push(doc);
    let stats = rule_stats(&dataset)["names"];
    assert_eq!(
        (stats.hits(), stats.accepted, stats.rejected, stats.pending),
        (3, 1, 1, 1)
    );
    assert_eq!(stats.precision(), Some(0.5));
}

#[test]
fn a_pathological_regex_is_refused_at_compile_time_with_its_rule() {
    let file: RulesFile = ron::Options::default()
        .from_str(
            r#"(rules: [
                (id: "fine", label: "DATE", kind: regex(pattern: "\\d{4}")),
                (id: "huge", label: "LOC", kind: regex(pattern: "(?:\\p{L}{100}){100}")),
            ])"#,
        )
        .expect("test rules");
    let err = Compiled::new(&file, &|_: &Path| Ok(String::new()))
        .err()
        .expect("refused")
        .to_string();
    assert!(
        err.starts_with("rule \"huge\": bad regular expression") && err.contains("size limit"),
        "{err}"
    );
}

#[test]
fn curly_quotes_and_accented_names_change_nothing_but_the_bytes() {
    let rules = Suggester::new(Compiled::default_rules());
    let found = |text: &str| -> Vec<(usize, usize, String)> {
        rules
            .suggest(&Document::new("d", text))
            .into_iter()
            .map(|s| (s.start.0, s.end.0, s.label.to_string()))
            .collect()
    };
    // Curly quotes and dashes are not letters: the same spans, at the same
    // char offsets, as with their ASCII look-alikes.
    let sample = spanlab::assets::sample_dataset().documents[0].text.clone();
    let plain: String = sample
        .chars()
        .map(|c| match c {
            '\u{2018}' | '\u{2019}' => '\'',
            '\u{201c}' | '\u{201d}' => '"',
            '\u{2013}' | '\u{2014}' => '-',
            c => c,
        })
        .collect();
    assert_ne!(sample, plain, "the sample has curly quotes");
    let curly = found(&sample);
    assert!(curly.len() > 40, "{} suggestions", curly.len());
    assert_eq!(curly, found(&plain));
    // Letters outside ASCII: the Unicode classes apply.
    let text = "On Monday President José Ramos-Horta met Mr Ólafur Grímsson in Zürich.";
    let index = spanlab::text::OffsetIndex::new(text);
    let labelled: Vec<(String, &str)> = found(text)
        .into_iter()
        .map(|(s, e, label)| {
            let slice = index
                .slice(spanlab::model::CharOffset(s), spanlab::model::CharOffset(e))
                .unwrap_or_default();
            (label, slice)
        })
        .collect();
    for expected in [
        ("DATE", "Monday"),
        ("PERSON", "José Ramos-Horta"),
        ("PERSON", "Ólafur Grímsson"),
        ("LOC", "Zürich"),
    ] {
        assert!(
            labelled
                .iter()
                .any(|(l, t)| l == expected.0 && *t == expected.1),
            "{expected:?} not in {labelled:?}"
        );
    }
}
