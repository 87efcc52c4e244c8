//! Tagger tests: exact probabilities, a tiny dataset learned, the model
//! file, and features over text that breaks naive offset code.

use super::*;
use crate::model::{Dataset, Status, markup};
use crate::text::OffsetIndex;

/// A dataset of marked-up documents, all done.
fn dataset(docs: &[&str]) -> Dataset {
    let mut d = Dataset::new(LabelSet::default());
    for (i, m) in docs.iter().enumerate() {
        let (text, spans) = markup::parse(m);
        let mut doc = Document::new(format!("doc{i}"), text);
        doc.spans = spans;
        doc.status = Status::Done;
        d.documents.push(doc);
    }
    d
}

fn confidence(s: &Span) -> f64 {
    match s.origin {
        Origin::Model(c) => c.get(),
        _ => panic!("not a model span: {s:?}"),
    }
}

/// Every allowed tag sequence of a small random model, its probability
/// by brute force.
fn all_paths(crf: &Crf, em: &[f32], len: usize) -> Vec<(Vec<Tag>, f64)> {
    let l = crf.n_tags;
    let mut paths = vec![(Vec::new(), 0.0f64)];
    for t in 0..len {
        let mut next = Vec::new();
        for (p, s) in &paths {
            for y in 0..l {
                let tag = Tag::try_from(y).unwrap();
                let prev: Option<Tag> = p.last().copied();
                if !TagSet::allowed(prev, tag) {
                    continue;
                }
                let from = prev.map_or(l, usize::from);
                let score = s + f64::from(crf.transitions[from * l + y]) + f64::from(em[t * l + y]);
                let mut q: Vec<Tag> = p.clone();
                q.push(tag);
                next.push((q, score));
            }
        }
        paths = next;
    }
    let z: f64 = paths.iter().map(|p| p.1.exp()).sum();
    paths.into_iter().map(|(p, s)| (p, s.exp() / z)).collect()
}

#[test]
fn forward_backward_probabilities_equal_brute_force() {
    // Two labels (5 tags), 5 tokens, weights from a fixed pseudo-random stream.
    let l = 5;
    let len = 5;
    let mut x = 7u64;
    let mut next = || {
        x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
        #[expect(clippy::cast_precision_loss, reason = "test weights")]
        let v = ((x >> 40) as f32 / (1u64 << 24) as f32) * 4.0 - 2.0;
        v
    };
    let crf = Crf {
        n_tags: l,
        transitions: (0..(l + 1) * l).map(|_| next()).collect(),
        ..Crf::default()
    };
    let em: Vec<f32> = (0..len * l).map(|_| next()).collect();
    let paths = all_paths(&crf, &em, len);
    let lattice = crf.lattice(&em, 1.0);
    let close = |a: f64, b: f64| (a - b).abs() < 1e-9;
    let total: f64 = paths.iter().map(|p| p.1).sum();
    assert!(close(total, 1.0), "probabilities sum to 1");
    for t in 0..len {
        for y in 0..l {
            let tag = Tag::try_from(y).unwrap();
            let want: f64 = paths.iter().filter(|p| p.0[t] == tag).map(|p| p.1).sum();
            assert!(close(lattice.marginal(t, tag), want), "marginal {t} {y}");
        }
    }
    for first in 0..len {
        for end in first + 1..=len {
            for label in 0..2 {
                let want: f64 = paths
                    .iter()
                    .filter(|p| TagSet::decode(&p.0).contains(&TagSpan { first, end, label }))
                    .map(|p| p.1)
                    .sum();
                let got = lattice.span_probability(first, end, label);
                assert!(
                    close(got, want),
                    "span {first}..{end} label {label}: {got} vs {want}"
                );
            }
        }
    }
    let best = crf.decode(&em);
    let best_p = paths.iter().map(|p| p.1).fold(0.0, f64::max);
    assert!(
        close(lattice.path_probability(&best), best_p),
        "Viterbi finds the most probable path"
    );
    // A higher temperature flattens the distribution.
    assert!(crf.lattice(&em, 10.0).path_probability(&best) < best_p);
}

fn news() -> Dataset {
    dataset(&[
        "[PERSON Mike Pompeo] met [PERSON Kim Yong Chol] in [LOC Pyongyang] on Friday .",
        "[PERSON Moon Jae-in] flew to [LOC Washington] to see [PERSON Donald Trump] .",
        "Officials in [LOC Seoul] said [PERSON Kim Jong Un] would travel to [LOC Singapore] .",
        "[PERSON Zoë Saldaña] visited [LOC Genève] and [LOC Zürich] last week .",
        "The talks in [LOC Hanoi] ended early , said [PERSON Sarah Sanders] .",
        "[PERSON John Bolton] met [PERSON Chung Eui-yong] in [LOC Tokyo] .",
        "Reporters in [LOC Beijing] asked [PERSON Wang Yi] about the summit .",
        "[PERSON Shinzo Abe] called [PERSON Vladimir Putin] from [LOC Osaka] .",
    ])
}

#[test]
fn a_tiny_dataset_is_learned() {
    let data = news();
    let options = TrainOptions {
        held_out: 0.0,
        epochs: 20,
        ..TrainOptions::default()
    };
    let model = train(&data, &options, None, &mut |_| {}).unwrap();
    assert_eq!(
        model.labels(),
        ["PERSON", "LOC"],
        "label-set order, used labels only"
    );
    // The training documents come back as taught (gazetteer features
    // are jackknifed in training, so a perfect fit is not guaranteed).
    let (mut right, mut gold) = (0, 0);
    for doc in &data.documents {
        // The text alone: the model reads a document's accepted spans.
        let found: Vec<Span> = model
            .predict(&Document::new(doc.id.clone(), doc.text.clone()), None)
            .into_iter()
            .map(|s| Span::new(s.start.0, s.end.0, s.label))
            .collect();
        gold += doc.spans.len();
        right += doc.spans.iter().filter(|s| found.contains(s)).count();
    }
    assert!(right + 1 >= gold, "{right} of {gold} spans");
    // A new sentence with known names in a new frame.
    let doc = Document::new("new", "Reporters said Mike Pompeo flew to Tokyo .");
    let found = model.predict(&doc, None);
    let plain: Vec<String> = found
        .iter()
        .map(|s| format!("{} {}", s.label, &doc.text[s.char_range()]))
        .collect();
    assert_eq!(plain, ["PERSON Mike Pompeo", "LOC Tokyo"]);
    assert_eq!(model.report().documents, 8);
    assert_eq!(model.report().spans, 22);
    assert!(model.report().micro.is_none(), "nothing held out");
}

#[test]
fn confidences_are_probabilities_and_rank_sure_spans_first() {
    let data = news();
    let model = train(&data, &TrainOptions::default(), None, &mut |_| {}).unwrap();
    let doc = Document::new(
        "new",
        "Mike Pompeo met Kim Yong Chol in Pyongyang .\nSomeone met Ugo Xylo near Quorra .",
    );
    let results = model.analyse(&doc, None);
    for r in &results {
        assert!((0.0..=1.0).contains(&r.best_path_probability));
        for s in &r.spans {
            let c = confidence(s);
            assert!((0.0..=1.0).contains(&c), "{c}");
        }
    }
    // The sentence the model has seen is surer than the one it has not.
    assert!(
        results[0].best_path_probability > results[1].best_path_probability,
        "{results:?}"
    );
    let seen: Vec<f64> = results[0].spans.iter().map(confidence).collect();
    assert_eq!(seen.len(), 3, "{results:?}");
    let unseen_max = results[1].spans.iter().map(confidence).fold(0.0, f64::max);
    assert!(
        seen.iter().all(|&c| c > unseen_max),
        "seen {seen:?} vs unseen {unseen_max}"
    );
}

#[test]
fn the_model_file_round_trips_and_refuses_other_versions() {
    let model = train(&news(), &TrainOptions::default(), None, &mut |_| {}).unwrap();
    let bytes = model.to_bytes();
    let back = Tagger::from_bytes(&bytes).unwrap();
    assert_eq!(back.to_bytes(), bytes, "written the same again");
    assert_eq!(back.report(), model.report());
    let doc = Document::new("x", "Kim Jong Un met Moon Jae-in in Seoul .");
    assert_eq!(back.predict(&doc, None), model.predict(&doc, None));

    let mut other = bytes.clone();
    other[14..18].copy_from_slice(&(MODEL_VERSION + 1).to_le_bytes());
    assert_eq!(
        Tagger::from_bytes(&other).unwrap_err(),
        ModelFileError::Version {
            found: MODEL_VERSION + 1,
            expected: MODEL_VERSION
        }
    );
    assert_eq!(
        Tagger::from_bytes(b"{\"version\": 1}").unwrap_err(),
        ModelFileError::NotAModel
    );
    for cut in [20, bytes.len() / 2, bytes.len() - 1] {
        assert!(
            matches!(
                Tagger::from_bytes(&bytes[..cut]),
                Err(ModelFileError::Corrupt(_))
            ),
            "cut at {cut}"
        );
    }
    // A byte changed in the weights, which still parse: the checksum says so.
    let mut flipped = bytes.clone();
    let at = bytes.len() * 3 / 4;
    flipped[at] ^= 0x40;
    let err = Tagger::from_bytes(&flipped).unwrap_err().to_string();
    assert!(
        err.contains("checksum does not match") && err.contains("retrain"),
        "{err}"
    );

    // A version 1 file (no checksum, the same features but for the rule
    // and document ones) is still read.
    let mut v1 = bytes[..bytes.len() - 4].to_vec();
    v1[14..18].copy_from_slice(&1u32.to_le_bytes());
    let old = Tagger::from_bytes(&v1).unwrap();
    assert_eq!(old.predict(&doc, None), model.predict(&doc, None));
}

#[test]
fn a_model_for_other_labels_is_refused() {
    let model = train(&news(), &TrainOptions::default(), None, &mut |_| {}).unwrap();
    assert!(model.check_labels(&LabelSet::default()).is_ok());
    let mut labels = LabelSet::default();
    labels.labels.retain(|l| l.name != "LOC");
    let err = model.check_labels(&labels).unwrap_err().to_string();
    assert!(
        err.contains("PERSON, LOC") && err.contains("no LOC"),
        "{err}"
    );
}

#[test]
fn nothing_to_learn_from_says_what_to_do() {
    let mut data = news();
    for d in &mut data.documents {
        d.status = Status::New;
    }
    let err = train(&data, &TrainOptions::default(), None, &mut |_| {}).unwrap_err();
    assert_eq!(err, TrainError::NoSpans { documents: 0 });
    assert!(err.to_string().contains("mark documents done"));
    let options = TrainOptions {
        include_new: true,
        ..TrainOptions::default()
    };
    assert!(train(&data, &options, None, &mut |_| {}).is_ok());
    for d in &mut data.documents {
        d.spans.clear();
    }
    let err = train(&data, &options, None, &mut |_| {}).unwrap_err();
    assert_eq!(err, TrainError::NoSpansAnywhere { documents: 8 });
    assert!(!err.to_string().contains("--include-new"), "{err}");
    data.documents.clear();
    let err = train(&data, &options, None, &mut |_| {}).unwrap_err();
    assert_eq!(
        err.to_string(),
        "nothing to learn from: the dataset has no documents"
    );
}

#[test]
fn features_and_spans_on_unicode_text_keep_char_offsets() {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/unicode-offsets.txt");
    let text = std::fs::read_to_string(path).unwrap();
    let doc = Document::new("u", text.clone());
    let prepared = Prepared::new(&doc);
    let index = OffsetIndex::new(&text);
    assert!(!prepared.tokens.is_empty());
    for (t, w) in prepared.tokens.iter().zip(&prepared.words) {
        assert_eq!(
            index.slice(t.start, t.end),
            Some(*w),
            "token text at its char offsets"
        );
    }
    let covered: usize = prepared.sentences.iter().map(ExactSizeIterator::len).sum();
    assert_eq!(
        covered,
        prepared.tokens.len(),
        "sentences cover every token"
    );
    // The default rules' matches land on the tokens under them.
    let suggester = crate::rules::Suggester::new(crate::rules::Compiled::default_rules());
    let find = |d: &Document| suggester.rule_matches(d);
    let matches = find(&doc);
    assert!(
        matches.iter().any(|m| index.slice(
            crate::model::CharOffset(m.start),
            crate::model::CharOffset(m.end)
        ) == Some("NATO")),
        "{matches:?}"
    );
    let rules = prepared.rule_features(&doc, Some(&find));
    for m in &matches {
        let label_feature = |place: &[u8]| {
            features::feature(features::template::RULE_LABEL, &[place, m.label.as_bytes()])
        };
        for (t, f) in prepared.tokens.iter().zip(&rules) {
            let under = t.start.0 < m.end && m.start < t.end.0;
            let marked = [b"B", b"I", b"L", b"U"]
                .iter()
                .any(|p| f.contains(&label_feature(*p)));
            assert!(!under || marked, "{m:?} over {t:?}");
        }
    }
    for (r, f) in prepared.features(&Gazetteer::default(), &rules) {
        assert_eq!(f.len(), r.len());
        assert!((0..f.len()).all(|i| f.token(i).len() >= 20));
    }
    // Trained on its own spans (overlaps dropped), the model tags it back
    // on char offsets that slice the same strings.
    let gold_path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/unicode-offsets.gold.json");
    let gold: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(gold_path).unwrap()).unwrap();
    let mut doc = doc;
    let mut labels = LabelSet::default();
    for s in gold["spans"].as_array().unwrap() {
        let label = s["label"].as_str().unwrap();
        labels.ensure(label);
        doc.spans.push(Span::new(
            usize::try_from(s["start"].as_u64().unwrap()).unwrap(),
            usize::try_from(s["end"].as_u64().unwrap()).unwrap(),
            label,
        ));
    }
    doc.sort_spans();
    doc.status = Status::Done;
    let mut data = Dataset::new(labels);
    data.documents.push(doc.clone());
    let model = train(&data, &TrainOptions::default(), Some(&find), &mut |_| {}).unwrap();
    assert_eq!(model.report().dropped_spans, 1, "NATO inside NATO summit");
    assert!(!model.report().rule_matches.is_empty());
    let found = model.predict(&doc, Some(&find));
    assert!(!found.is_empty());
    for s in &found {
        let want = doc
            .spans
            .iter()
            .find(|g| g.start == s.start && g.end == s.end);
        assert!(
            want.is_some(),
            "{s} is one of the taught spans: {:?}",
            index.slice(s.start, s.end)
        );
    }
}
