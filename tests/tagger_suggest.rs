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
    let model = train(&news(), &TrainOptions::default(), &mut |_| {}).unwrap();
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
