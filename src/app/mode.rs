//! The mode machine: what the keys mean now. Item-by-item modes (reviewing
//! suggestions, adjudicating conflicts, and the next one) share one
//! [`Walker`]: the item on screen, the items skipped in this pass, and the
//! decisions made, each remembering the history revision it produced, so
//! Backspace undoes a decision only while it is still the latest change.
//!
//! No egui here: the walker is tested on a dataset alone.

use std::collections::HashSet;
use std::hash::Hash;

use crate::model::{Conflict, Dataset, Document, Span};

use super::command::Command;

/// What the keys mean now.
#[derive(Debug, Default)]
pub enum Mode {
    /// Labelling by hand: the ordinary keys.
    #[default]
    Annotate,
    /// Reviewing pending suggestions one by one.
    Review(Walker<Span>),
    /// Adjudicating the open conflicts of a merged dataset one by one.
    Adjudicate(Walker<Conflict>),
}

impl Mode {
    /// True when the mode gives `command`'s key its meaning.
    pub fn takes(&self, command: &Command) -> bool {
        match self {
            Self::Annotate => false,
            Self::Review(_) => matches!(
                command,
                Command::Accept
                    | Command::Reject
                    | Command::Skip
                    | Command::UndoDecision
                    | Command::AcceptAllLikeThis
            ),
            Self::Adjudicate(_) => matches!(
                command,
                Command::TakeVersion(_)
                    | Command::Reject
                    | Command::Skip
                    | Command::ResolveByHand
                    | Command::UndoDecision
            ),
        }
    }

    /// The mode's name, for the mode panel.
    pub fn name(&self) -> &'static str {
        match self {
            Self::Annotate => "Annotating",
            Self::Review(_) => "Reviewing",
            Self::Adjudicate(_) => "Adjudicating",
        }
    }
}

/// Something walked one at a time, in reading order, by an item-by-item mode.
pub trait Item: Clone + PartialEq {
    /// What identifies an item for "skipped" (it may change otherwise).
    type Key: Hash + Eq;
    /// This item's key.
    fn key(&self) -> Self::Key;
    /// Where it starts in its document (chars).
    fn start(&self) -> usize;
    /// The document's items still waiting for a decision, sorted by start.
    fn pending(doc: &Document) -> &[Self];
}

impl Item for Span {
    type Key = (usize, usize, String);
    fn key(&self) -> Self::Key {
        (self.start.0, self.end.0, self.label.to_string())
    }
    fn start(&self) -> usize {
        self.start.0
    }
    fn pending(doc: &Document) -> &[Self] {
        &doc.suggestions
    }
}

impl Item for Conflict {
    type Key = (usize, usize);
    fn key(&self) -> Self::Key {
        (self.start.0, self.end.0)
    }
    fn start(&self) -> usize {
        self.start.0
    }
    fn pending(doc: &Document) -> &[Self] {
        &doc.conflicts
    }
}

/// A decision made in an item-by-item mode.
#[derive(Clone, Debug, PartialEq)]
pub struct Decision<T> {
    /// The document.
    pub doc: usize,
    /// The item decided on.
    pub item: T,
    /// The history revision the decision produced.
    pub revision: u64,
}

/// Where an item-by-item pass is.
#[derive(Debug)]
pub struct Walker<T: Item> {
    /// The item on screen: (document index, item); `None` when every item
    /// was seen, or while the user labels by hand.
    pub current: Option<(usize, T)>,
    /// The user is working on the last item by hand; Skip goes on.
    pub paused: bool,
    skipped: HashSet<(usize, T::Key)>,
    decisions: Vec<Decision<T>>,
}

impl<T: Item> Default for Walker<T> {
    fn default() -> Self {
        Self {
            current: None,
            paused: false,
            skipped: HashSet::new(),
            decisions: Vec::new(),
        }
    }
}

/// Why the last decision cannot be undone.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum UndoRefused {
    /// No decision was made in this pass.
    NoDecision,
    /// Something else changed the dataset after it: undoing now would undo that.
    NotLatest,
}

impl<T: Item> Walker<T> {
    /// The first pending item at or after `(doc, char)` in reading order,
    /// wrapping around, that was not skipped.
    pub fn next(&self, dataset: &Dataset, doc: usize, char: usize) -> Option<(usize, T)> {
        self.next_where(dataset, doc, char, |_| true)
    }

    /// [`Walker::next`] among the items `shown` keeps (the others are
    /// passed over, as if skipped).
    pub fn next_where(
        &self,
        dataset: &Dataset,
        doc: usize,
        char: usize,
        shown: impl Fn(&T) -> bool,
    ) -> Option<(usize, T)> {
        let n = dataset.documents.len();
        for k in 0..=n {
            let d = (doc + k) % n.max(1);
            let Some(document) = dataset.documents.get(d) else {
                continue;
            };
            let hit = T::pending(document).iter().find(|item| {
                let in_range = match k {
                    0 => item.start() >= char,
                    k if k == n => item.start() < char,
                    _ => true,
                };
                in_range && shown(item) && !self.skipped.contains(&(d, item.key()))
            });
            if let Some(item) = hit {
                return Some((d, item.clone()));
            }
        }
        None
    }

    /// True when the item was left for later in this pass.
    pub fn is_skipped(&self, doc: usize, item: &T) -> bool {
        self.skipped.contains(&(doc, item.key()))
    }

    /// Leaves an item for later in this pass.
    pub fn skip(&mut self, doc: usize, item: &T) {
        self.skipped.insert((doc, item.key()));
    }

    /// Records a decision that took the history to `revision`.
    pub fn decided(&mut self, doc: usize, item: T, revision: u64) {
        self.decisions.push(Decision {
            doc,
            item,
            revision,
        });
    }

    /// The last decision, if the history is still at the revision it made
    /// (the caller then undoes one step). It is forgotten when returned.
    pub fn take_undoable(&mut self, revision: u64) -> Result<Decision<T>, UndoRefused> {
        let last = self.decisions.last().ok_or(UndoRefused::NoDecision)?;
        if last.revision != revision {
            return Err(UndoRefused::NotLatest);
        }
        self.decisions.pop().ok_or(UndoRefused::NoDecision)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dataset() -> Dataset {
        let mut dataset = Dataset::default();
        for (id, starts) in [("a", vec![0, 10]), ("b", vec![]), ("c", vec![5])] {
            let mut doc = Document::new(id, "Zoë Saldaña met José Martí in Zürich.");
            doc.suggestions = starts
                .into_iter()
                .map(|s| Span::new(s, s + 3, "PERSON"))
                .collect();
            dataset.documents.push(doc);
        }
        dataset
    }

    #[test]
    fn the_walker_goes_in_reading_order_wraps_and_leaves_out_skipped() {
        let d = dataset();
        let mut w = Walker::<Span>::default();
        assert_eq!(w.next(&d, 0, 0).map(|(i, s)| (i, s.start.0)), Some((0, 0)));
        assert_eq!(w.next(&d, 0, 1).map(|(i, s)| (i, s.start.0)), Some((0, 10)));
        assert_eq!(w.next(&d, 1, 0).map(|(i, s)| (i, s.start.0)), Some((2, 5)));
        assert_eq!(w.next(&d, 2, 6).map(|(i, s)| (i, s.start.0)), Some((0, 0)));
        w.skip(0, &Span::new(0, 3, "PERSON"));
        assert_eq!(w.next(&d, 2, 6).map(|(i, s)| (i, s.start.0)), Some((0, 10)));
    }

    #[test]
    fn a_decision_is_undoable_only_while_it_is_the_latest_change() {
        let mut w = Walker::<Span>::default();
        assert_eq!(w.take_undoable(0), Err(UndoRefused::NoDecision));
        w.decided(0, Span::new(0, 3, "PERSON"), 4);
        assert_eq!(w.take_undoable(5), Err(UndoRefused::NotLatest));
        let decision = w.take_undoable(4).expect("still the latest");
        assert_eq!(decision.item, Span::new(0, 3, "PERSON"));
        assert_eq!(w.take_undoable(4), Err(UndoRefused::NoDecision));
    }
}
