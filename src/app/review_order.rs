//! Active learning in review: the order pending suggestions are walked in
//! (reading order, least confident first, most confident first), the
//! confidence below which model suggestions are hidden, and which
//! suggestions "accept every model suggestion ≥ t" takes. No egui here.

use crate::model::{Dataset, Document, Origin, Span};

use super::mode::Walker;

/// The order of the review walk.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum ReviewOrder {
    /// Document by document, in reading order.
    #[default]
    Position,
    /// The model's least confident suggestions first (what teaches it most).
    LeastConfident,
    /// The model's most confident suggestions first (fast acceptance).
    MostConfident,
}

impl ReviewOrder {
    /// Every order, as the choice lists them.
    pub const ALL: [Self; 3] = [Self::Position, Self::LeastConfident, Self::MostConfident];

    /// The order's name in the choice.
    pub fn name(self) -> &'static str {
        match self {
            Self::Position => "reading order",
            Self::LeastConfident => "least confident first",
            Self::MostConfident => "most confident first",
        }
    }
}

/// How the review walks and what it shows.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct ReviewSettings {
    /// The walk's order.
    pub order: ReviewOrder,
    /// Model suggestions below this confidence (0–1) are hidden and not walked.
    pub min_confidence: f64,
}

/// A suggestion's confidence, if the model made it.
pub fn confidence(span: &Span) -> Option<f64> {
    match span.origin {
        Origin::Model(c) => Some(c.get()),
        _ => None,
    }
}

impl ReviewSettings {
    /// True when the suggestion is shown (rules' suggestions always are).
    pub fn shows(&self, span: &Span) -> bool {
        confidence(span).is_none_or(|c| c >= self.min_confidence)
    }

    /// The next suggestion to review after `(doc, char)`: in reading order,
    /// or over the whole dataset by confidence (ties in reading order;
    /// suggestions without a confidence, the rules', after the model's).
    /// Hidden and skipped suggestions are left out.
    pub fn next(
        &self,
        walker: &Walker<Span>,
        dataset: &Dataset,
        doc: usize,
        char: usize,
    ) -> Option<(usize, Span)> {
        if self.order == ReviewOrder::Position {
            return walker.next_where(dataset, doc, char, |s| self.shows(s));
        }
        let rank = |s: &Span| -> (u8, i64) {
            #[expect(
                clippy::cast_possible_truncation,
                reason = "a confidence scaled to 0..=10000"
            )]
            let c = confidence(s).map(|c| (c * 10_000.0).round() as i64);
            match (c, self.order) {
                (None, _) => (1, 0),
                (Some(c), ReviewOrder::MostConfident) => (0, -c),
                (Some(c), _) => (0, c),
            }
        };
        dataset
            .documents
            .iter()
            .enumerate()
            .flat_map(|(d, document)| document.suggestions.iter().map(move |s| (d, s)))
            .filter(|(d, s)| self.shows(s) && !walker.is_skipped(*d, s))
            .min_by_key(|(d, s)| (rank(s), *d, s.start.0))
            .map(|(d, s)| (d, s.clone()))
    }
}

/// The model suggestions with confidence ≥ `t` in `docs`, as (document, span).
pub fn confident(dataset: &Dataset, docs: &[usize], t: f64) -> Vec<(usize, Span)> {
    let empty = Document::new("", "");
    docs.iter()
        .flat_map(|&d| {
            let document = dataset.documents.get(d).unwrap_or(&empty);
            document
                .suggestions
                .iter()
                .filter(|s| confidence(s).is_some_and(|c| c >= t))
                .map(move |s| (d, s.clone()))
                .collect::<Vec<_>>()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Confidence;

    fn model(start: usize, p: f64) -> Span {
        Span::new(start, start + 3, "PERSON").with_origin(Origin::Model(Confidence::new(p)))
    }

    fn dataset() -> Dataset {
        let mut dataset = Dataset::default();
        let docs = [
            vec![model(0, 0.9), Span::new(5, 8, "PERSON"), model(10, 0.3)],
            vec![model(0, 0.6), model(20, 0.05)],
        ];
        for (i, suggestions) in docs.into_iter().enumerate() {
            let mut doc = Document::new(
                format!("d{i}"),
                "Zoë Saldaña met José Martí in Zürich today.",
            );
            doc.suggestions = suggestions;
            dataset.documents.push(doc);
        }
        dataset
    }

    /// Walks every suggestion as Skip would, returning (doc, start) in order.
    fn walk(settings: &ReviewSettings, dataset: &Dataset) -> Vec<(usize, usize)> {
        let mut walker = Walker::<Span>::default();
        let mut out = Vec::new();
        let mut at = (0, 0);
        while let Some((d, s)) = settings.next(&walker, dataset, at.0, at.1) {
            out.push((d, s.start.0));
            walker.skip(d, &s);
            at = (d, s.start.0);
        }
        out
    }

    #[test]
    fn the_walk_follows_the_chosen_order_and_hides_what_is_below_the_threshold() {
        let d = dataset();
        let mut s = ReviewSettings::default();
        assert_eq!(walk(&s, &d), [(0, 0), (0, 5), (0, 10), (1, 0), (1, 20)]);
        s.order = ReviewOrder::LeastConfident;
        assert_eq!(walk(&s, &d), [(1, 20), (0, 10), (1, 0), (0, 0), (0, 5)]);
        s.order = ReviewOrder::MostConfident;
        assert_eq!(walk(&s, &d), [(0, 0), (1, 0), (0, 10), (1, 20), (0, 5)]);
        s.min_confidence = 0.5;
        assert_eq!(
            walk(&s, &d),
            [(0, 0), (1, 0), (0, 5)],
            "rules' suggestions always show"
        );
        s.order = ReviewOrder::Position;
        assert_eq!(walk(&s, &d), [(0, 0), (0, 5), (1, 0)]);
    }

    #[test]
    fn confident_takes_only_model_suggestions_at_or_above_t() {
        let d = dataset();
        let found: Vec<(usize, usize)> = confident(&d, &[0, 1], 0.6)
            .iter()
            .map(|(d, s)| (*d, s.start.0))
            .collect();
        assert_eq!(found, [(0, 0), (1, 0)]);
        assert_eq!(confident(&d, &[1], 0.0).len(), 2, "this document only");
        assert!(confident(&d, &[7], 0.0).is_empty(), "no such document");
    }
}
