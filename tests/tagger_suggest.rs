//! Model spans as suggestions: they go through the rules engine's conflict
//! resolution like any rule's (never over an accepted span, never a
//! rejected one again, rules first on a tie).

use spanlab::model::{Dataset, Document, LabelSet, Origin, Span, Status, markup};
use spanlab::rules::{Compiled, RulesFile, Suggester};
use spanlab::tagger::{TrainOptions, train};

fn news() -> Dataset {
    let mut d = Dataset::new(LabelSet::default());
    let docs = [
        "[PERSON Mike Pompeo] met [PERSON Kim Yong Chol] in [LOC Pyongyang] on Friday .",
        "[PERSON Moon Jae-in] flew to [LOC Washington] to see [PERSON Donald Trump] .",
        "Officials in [LOC Seoul] said [PERSON Kim Jong Un] would travel to [LOC Singapore] .",
        "[PERSON Zoë Saldaña] visited [LOC Genève] and [LOC Zürich] last week .",
        "The talks in [LOC Hanoi] ended early , said [PERSON Sarah Sanders] .",
        "[PERSON John Bolton] met [PERSON Chung Eui-yong] in [LOC Tokyo] .",
    ];
    for (i, m) in docs.iter().enumerate() {
        let (text, spans) = markup::parse(m);
        let mut doc = Document::new(format!("d{i}"), text);
        doc.spans = spans;
        doc.status = Status::Done;
        d.documents.push(doc);
    }
    d
}

fn no_rules() -> Suggester {
    Suggester::new(
        Compiled::new(&RulesFile::default(), &|_: &std::path::Path| {
            Ok(String::new())
        })
        .expect("no rules to compile"),
    )
}

#[test]
fn model_suggestions_respect_accepted_and_rejected_spans() {
    let model = train(&news(), &TrainOptions::default(), None, &mut |_| {}).unwrap();
    let text = "Reporters said Mike Pompeo flew to Tokyo and Seoul .";
    let mut doc = Document::new("new", text);
    let suggester = no_rules();
    let plain = |spans: &[Span]| -> Vec<String> {
        spans
            .iter()
            .map(|s| format!("{} {}", s.label, &text[s.char_range()]))
            .collect()
    };
    let found = suggester.suggest_with(&doc, Some(&model));
    assert_eq!(
        plain(&found),
        ["PERSON Mike Pompeo", "LOC Tokyo", "LOC Seoul"]
    );
    assert!(found.iter().all(|s| matches!(s.origin, Origin::Model(_))));
    assert!(
        suggester.suggest(&doc).is_empty(),
        "no model, no rules: nothing"
    );

    // An accepted span over "Pompeo" blocks the model's "Mike Pompeo"; a
    // rejected "LOC Tokyo" is not proposed again.
    doc.spans.push(Span::new(20, 26, "ORG"));
    doc.rejected.push(found[1].clone());
    let again = suggester.suggest_with(&doc, Some(&model));
    assert_eq!(plain(&again), ["LOC Seoul"]);
}

/// A rules file of organisation names: what the analyst's rules know.
fn org_rules() -> Suggester {
    let file: RulesFile = ron::from_str(
        r#"(rules: [(id: "firms", label: "ORG", kind: phrases(list: [
            "Acme", "Globex", "Initech", "Umbrella", "Hooli", "Vandelay", "Soylent",
        ]))])"#,
    )
    .expect("a rules file");
    Suggester::new(
        Compiled::new(&file, &|_: &std::path::Path| Ok(String::new())).expect("compiles"),
    )
}

#[test]
fn rule_matches_are_features_the_model_learns_to_trust() {
    // The same contexts hold people and firms, one word each: only the
    // rule tells them apart.
    let mut d = Dataset::new(LabelSet::default());
    let people = ["Pompeo", "Merkel", "Macron", "Trudeau", "Sanders"];
    let firms = ["Acme", "Globex", "Initech", "Umbrella", "Vandelay"];
    let mut lines = Vec::new();
    for (p, f) in people.iter().zip(firms) {
        lines.push(format!("Yesterday [PERSON {p}] said no ."));
        lines.push(format!("Yesterday [ORG {f}] said no ."));
        lines.push(format!(
            "On Monday [ORG {f}] left and [PERSON {p}] stayed ."
        ));
    }
    for (i, m) in lines.iter().enumerate() {
        let (text, spans) = markup::parse(m);
        let mut doc = Document::new(format!("d{i}"), text);
        doc.spans = spans;
        doc.status = Status::Done;
        d.documents.push(doc);
    }
    let rules = org_rules();
    let find = |doc: &Document| rules.rule_matches(doc);
    let options = TrainOptions::default();
    let with = train(&d, &options, Some(&find), &mut |_| {}).unwrap();
    assert_eq!(
        with.report().rule_matches.get("firms").map(|r| r.matches),
        Some(10),
        "every firm in the documents learned from"
    );
    let without = train(&d, &options, None, &mut |_| {}).unwrap();
    assert!(without.report().rule_matches.is_empty());

    // Hooli and Wibbik were never accepted, and share no letters at
    // either end with a word that was: only the rule knows Hooli.
    let new = Document::new(
        "new",
        "Yesterday Hooli said no . Yesterday Wibbik said no .",
    );
    let labels = |spans: Vec<Span>| -> Vec<String> {
        spans
            .iter()
            .map(|s| format!("{} {}", s.label, &new.text[s.char_range()]))
            .collect()
    };
    assert_eq!(
        labels(with.predict(&new, Some(&find))),
        ["ORG Hooli", "PERSON Wibbik"]
    );
    let blind: Vec<String> = labels(without.predict(&new, None))
        .iter()
        .map(|l| l.split(' ').next().unwrap_or_default().to_owned())
        .collect();
    assert!(
        blind.len() == 2 && blind[0] == blind[1],
        "without the rule, the two look alike: {blind:?}"
    );
    // Through the rules engine, the model reads the same matches.
    let found = rules.suggest_model(&new, &with);
    assert_eq!(labels(found.clone()), ["ORG Hooli", "PERSON Wibbik"]);
    assert!(found.iter().all(|s| matches!(s.origin, Origin::Model(_))));
}

#[test]
fn a_word_accepted_earlier_in_the_document_tells_the_model_its_label() {
    // "Jordan" is a person in some articles and a country in others, in
    // the same words: only its label earlier in the article tells. (A
    // model trained without `document_labels` tags both the same way.)
    let mut d = Dataset::new(LabelSet::default());
    for i in 0..40 {
        let label = if i % 2 == 0 { "PERSON" } else { "LOC" };
        let (text, spans) = markup::parse(&format!(
            "Yesterday [{label} Jordan] spoke . Later [{label} Jordan] left ."
        ));
        let mut doc = Document::new(format!("d{i}"), text);
        doc.spans = spans;
        doc.status = Status::Done;
        d.documents.push(doc);
    }
    let model = train(&d, &TrainOptions::default(), None, &mut |_| {}).unwrap();
    let text = "Yesterday Jordan spoke . Later Jordan left .";
    let second = |label: &str| {
        let mut doc = Document::new("new", text);
        doc.spans.push(Span::new(10, 16, label));
        let found = model.predict(&doc, None);
        found
            .iter()
            .find(|s| s.start.0 == 31)
            .map(|s| s.label.to_string())
    };
    assert_eq!(second("PERSON").as_deref(), Some("PERSON"));
    assert_eq!(second("LOC").as_deref(), Some("LOC"));
}
