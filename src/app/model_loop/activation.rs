//! When the model may suggest, and what the status line says about it.

use serde::{Deserialize, Serialize};

use crate::tagger::TrainReport;

/// The model's settings, kept between runs (eframe persistence).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ModelSettings {
    /// The held-out F1 (0–1) the model must reach before it suggests.
    pub threshold: f64,
    /// The annotated sentences it must have learned from first.
    pub min_sentences: usize,
    /// Train in the background after accepted spans change.
    pub train: bool,
}

impl Default for ModelSettings {
    fn default() -> Self {
        Self {
            threshold: 0.5,
            min_sentences: 50,
            train: true,
        }
    }
}

/// Whether the model suggests, and if not, why.
#[derive(Clone, Debug, PartialEq)]
pub enum Activation {
    /// No model yet.
    NoModel,
    /// Too few annotated sentences: (has, needs).
    ColdStart(usize, usize),
    /// Nothing could be held out to score it (one annotated document).
    NotScored,
    /// Its held-out F1 is below the threshold: (F1, threshold).
    Below(f64, f64),
    /// It suggests.
    Active,
}

impl Activation {
    /// Judges a model's report against the settings.
    pub fn of(report: Option<&TrainReport>, settings: &ModelSettings) -> Self {
        let Some(report) = report else {
            return Self::NoModel;
        };
        if report.sentences < settings.min_sentences {
            return Self::ColdStart(report.sentences, settings.min_sentences);
        }
        match report.f1() {
            None if settings.threshold > 0.0 => Self::NotScored,
            Some(f1) if f1 < settings.threshold => Self::Below(f1, settings.threshold),
            _ => Self::Active,
        }
    }

    /// True when the model suggests.
    pub fn is_active(&self) -> bool {
        *self == Self::Active
    }

    /// Why it does not suggest (or that it does), in the user's words.
    pub fn reason(&self) -> String {
        match self {
            Self::NoModel => {
                "no model yet: accept spans and mark documents done or in progress".into()
            }
            Self::ColdStart(has, needs) => format!(
                "not suggesting: needs ≥ {} annotated sentences (has {})",
                thousands(*needs),
                thousands(*has)
            ),
            Self::NotScored => {
                "not suggesting: needs a second annotated document to score itself on".into()
            }
            Self::Below(f1, threshold) => {
                format!("not suggesting: F1 {f1:.2} below {threshold:.2}")
            }
            Self::Active => "suggesting".into(),
        }
    }
}

/// The status line: "model: 1,240 sentences, F1 84.1 (held out), training…".
pub fn status_line(report: Option<&TrainReport>, activation: &Activation, busy: bool) -> String {
    let mut out = match report {
        None => "model: none".to_owned(),
        Some(r) => {
            let f1 = r.f1().map_or_else(
                || "not scored".to_owned(),
                |f| format!("F1 {:.1} (held out)", f * 100.0),
            );
            format!("model: {} sentences, {f1}", thousands(r.sentences))
        }
    };
    if busy {
        out.push_str(", training…");
    } else if !activation.is_active() && report.is_some() {
        out.push_str(", ");
        out.push_str(&activation.reason());
    }
    out
}

/// `1240` as `1,240`.
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::eval::Prf;

    fn report(sentences: usize, f1: Option<f64>) -> TrainReport {
        TrainReport {
            sentences,
            micro: f1.map(|f1| Prf {
                precision: f1,
                recall: f1,
                f1,
            }),
            ..TrainReport::default()
        }
    }

    #[test]
    fn the_model_suggests_only_past_both_gates_and_says_why_not() {
        let s = ModelSettings::default();
        assert_eq!(Activation::of(None, &s), Activation::NoModel);
        let cold = Activation::of(Some(&report(12, Some(0.9))), &s);
        assert_eq!(
            cold.reason(),
            "not suggesting: needs ≥ 50 annotated sentences (has 12)"
        );
        let low = Activation::of(Some(&report(60, Some(0.41))), &s);
        assert_eq!(low.reason(), "not suggesting: F1 0.41 below 0.50");
        assert!(
            Activation::of(Some(&report(60, Some(0.5))), &s).is_active(),
            "at the threshold"
        );
        assert_eq!(
            Activation::of(Some(&report(60, None)), &s),
            Activation::NotScored
        );
        let open = ModelSettings {
            threshold: 0.0,
            min_sentences: 0,
            train: true,
        };
        assert!(
            Activation::of(Some(&report(1, None)), &open).is_active(),
            "gates off"
        );
    }

    #[test]
    fn the_status_line_reads_as_the_issue_says() {
        let r = report(1240, Some(0.841));
        let a = Activation::of(Some(&r), &ModelSettings::default());
        assert_eq!(
            status_line(Some(&r), &a, true),
            "model: 1,240 sentences, F1 84.1 (held out), training…"
        );
        assert_eq!(
            status_line(Some(&r), &a, false),
            "model: 1,240 sentences, F1 84.1 (held out)"
        );
        assert_eq!(
            status_line(None, &Activation::NoModel, true),
            "model: none, training…"
        );
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1_234_567), "1,234,567");
    }
}
