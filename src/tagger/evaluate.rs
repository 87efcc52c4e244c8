//! Scoring a trained model on the held-out documents, and fitting the
//! temperature that turns its path scores into calibrated confidences.

use std::collections::BTreeMap;

use rayon::prelude::*;

use super::Tagger;
use super::bio::{TagSet, TagSpan};
use super::crf::Crf;
use super::rule_features::RuleMatcher;
use super::sentence::Prepared;
use crate::eval::{Counts, Matching, compare};
use crate::model::{Document, Span};

/// A held-out sentence for calibration: its emission scores and the spans
/// the model proposed there, each with whether it was right.
pub(super) struct Calibration {
    emissions: Vec<f32>,
    spans: Vec<(TagSpan, bool)>,
}

/// What scoring the held-out documents found.
pub(super) struct Scored {
    pub(super) counts: BTreeMap<String, Counts>,
    pub(super) sentences: usize,
    pub(super) calibration: Vec<Calibration>,
}

/// Tags the held-out documents (with `rules`' matches as features) and
/// counts exact matches per label.
pub(super) fn score(
    tagger: &Tagger,
    held: &[&Document],
    rules: Option<&RuleMatcher<'_>>,
) -> Scored {
    let per_doc: Vec<(BTreeMap<String, Counts>, Vec<Calibration>)> = held
        .par_iter()
        .map(|doc| {
            let prepared = Prepared::new(doc);
            let gold: std::collections::HashSet<(usize, usize, &str)> = doc
                .spans
                .iter()
                .map(|s| (s.start.0, s.end.0, s.label.as_str()))
                .collect();
            let rules = prepared.rule_features(doc, rules);
            let mut predicted = Vec::new();
            let calibration = prepared
                .features(&tagger.gazetteer, &rules)
                .map(|(range, f)| {
                    let emissions = tagger.crf.emissions(&f);
                    let tokens = &prepared.tokens[range];
                    let spans = TagSet::decode(&tagger.crf.decode(&emissions))
                        .into_iter()
                        .map(|s| {
                            let label = &tagger.tags.labels()[s.label];
                            let (start, end) = (tokens[s.first].start.0, tokens[s.end - 1].end.0);
                            predicted.push(Span::new(start, end, label.clone()));
                            (s, gold.contains(&(start, end, label.as_str())))
                        })
                        .collect();
                    Calibration { emissions, spans }
                })
                .collect();
            let counts = compare(&doc.spans, &predicted, Matching::Exact);
            (counts, calibration)
        })
        .collect();
    let mut out = Scored {
        counts: BTreeMap::new(),
        sentences: 0,
        calibration: Vec::new(),
    };
    for (counts, calibration) in per_doc {
        for (label, c) in counts {
            out.counts.entry(label).or_default().add(c);
        }
        out.sentences += calibration.len();
        out.calibration.extend(calibration);
    }
    out
}

/// The temperature at which span confidences best predict which spans
/// are right (least log loss), by golden-section search over its logarithm.
pub(super) fn fit_temperature(crf: &Crf, held: &[Calibration]) -> f64 {
    let with_spans: Vec<&Calibration> = held.iter().filter(|c| !c.spans.is_empty()).collect();
    if with_spans.is_empty() {
        return 1.0;
    }
    let loss = |log_t: f64| -> f64 {
        let t = log_t.exp();
        with_spans
            .par_iter()
            .map(|c| {
                let lattice = crf.lattice(&c.emissions, t);
                c.spans
                    .iter()
                    .map(|(s, right)| {
                        let p = lattice
                            .span_probability(s.first, s.end, s.label)
                            .clamp(1e-6, 1.0 - 1e-6);
                        -if *right { p.ln() } else { (1.0 - p).ln() }
                    })
                    .sum::<f64>()
            })
            .sum()
    };
    let phi = (5f64.sqrt() - 1.0) / 2.0;
    let (mut a, mut b) = (0.01f64.ln(), 100f64.ln());
    let mut c = b - phi * (b - a);
    let mut d = a + phi * (b - a);
    let (mut fc, mut fd) = (loss(c), loss(d));
    for _ in 0..30 {
        if fc < fd {
            b = d;
            d = c;
            fd = fc;
            c = b - phi * (b - a);
            fc = loss(c);
        } else {
            a = c;
            c = d;
            fc = fd;
            d = a + phi * (b - a);
            fd = loss(d);
        }
    }
    f64::midpoint(a, b).exp()
}
