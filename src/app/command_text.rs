//! What each [`Command`] is called and what it does, in the user's words:
//! the menus, tooltips, the key sheet and the README's key table.

use super::command::Command;
use super::review_order::ReviewOrder;

impl Command {
    /// The menu text, also the accessible label of its menu button.
    pub fn label(&self) -> &'static str {
        match self {
            Self::Open => "Open…",
            Self::Save => "Save",
            Self::SaveAs => "Save as…",
            Self::Import => "Import…",
            Self::Export => "Export…",
            Self::Quit => "Quit",
            Self::Undo => "Undo",
            Self::Redo => "Redo",
            Self::Search => "Search text",
            Self::NextDocument => "Next document",
            Self::PreviousDocument => "Previous document",
            Self::DoneAndNext => "Mark done and next",
            Self::SkipAndNext => "Skip and next",
            Self::DeleteSpan => "Delete span",
            Self::ClearSelection => "Clear selection",
            Self::WordLeft => "Previous word",
            Self::WordRight => "Next word",
            Self::LineUp => "Word above",
            Self::LineDown => "Word below",
            Self::LineStart => "First word of line",
            Self::LineEnd => "Last word of line",
            Self::ExtendLeft => "Extend selection left",
            Self::ExtendRight => "Extend selection right",
            Self::ExtendUp => "Extend selection up",
            Self::ExtendDown => "Extend selection down",
            Self::ToggleTheme => "Dark / light theme",
            Self::Review => "Review suggestions",
            Self::Accept => "Accept",
            Self::Reject => "Reject",
            Self::Skip => "Skip",
            Self::UndoDecision => "Undo last decision",
            Self::AcceptAllLikeThis => "Accept all like this",
            Self::PropagateDocument => "Propagate in document",
            Self::AcceptPropagateDocument => "Propagate and accept in document",
            Self::PropagateDataset => "Propagate in dataset",
            Self::AcceptPropagateDataset => "Propagate and accept in dataset",
            Self::SuggestDocument => "Suggest in this document",
            Self::SuggestAll => "Suggest in all documents",
            Self::Rules => "Rules",
            Self::LoadRules => "Load rules…",
            Self::Statistics => "Statistics",
            Self::Adjudicate => "Adjudicate conflicts",
            Self::TakeVersion(0) => "Take version 1",
            Self::TakeVersion(1) => "Take version 2",
            Self::TakeVersion(2) => "Take version 3",
            Self::TakeVersion(_) => "Take version 4",
            Self::ResolveByHand => "Resolve by hand",
            Self::Help => "Keys",
            Self::HowToStart => "How to start",
            Self::Model => "Model",
            Self::TrainModel => "Train the model now",
            Self::OrderReview(ReviewOrder::Position) => "Review in reading order",
            Self::OrderReview(ReviewOrder::LeastConfident) => "Review least confident first",
            Self::OrderReview(ReviewOrder::MostConfident) => "Review most confident first",
            Self::AcceptConfident { dataset: false } => "Accept confident model suggestions here",
            Self::AcceptConfident { dataset: true } => {
                "Accept confident model suggestions everywhere"
            }
            Self::SetModelSettings(_) => "Model settings",
            Self::SetMinConfidence(_) => "Confidence threshold",
            Self::FindNext => "Next hit",
            Self::FindPrevious => "Previous hit",
            Self::ClearSearch => "Clear search",
            Self::SpanTable => "Span table",
            Self::LabelEditor => "Edit labels…",
            Self::ApplyLabel(_) => "Label",
            Self::GoTo(_) => "Go to document",
            Self::Edit(_) => "Edit",
            Self::SelectSpan(_) => "Select span",
            Self::DecideAll { .. } => "Decide all",
            Self::SetRule { .. } => "Switch rule",
            Self::OpenRecent(_) => "Open recent",
            Self::PathChosen(..) => "Path chosen",
            Self::Answer(_) => "Answer",
        }
    }

    /// A one-line explanation, shown on hover and in the key sheet.
    pub fn tooltip(&self) -> &'static str {
        match self {
            Self::Open | Self::Save | Self::SaveAs | Self::Import | Self::Export | Self::Quit => {
                self.file_tooltip()
            }
            Self::Undo => "Undo the last change",
            Self::Redo => "Redo the last undone change",
            Self::Search => {
                "Search the text of every document (plain text or regex); the list shows the documents with hits"
            }
            Self::NextDocument => "Open the next document of the list",
            Self::PreviousDocument => "Open the previous document of the list",
            Self::DoneAndNext => "Mark this document done and open the next",
            Self::SkipAndNext => "Mark this document skipped and open the next",
            Self::DeleteSpan => "Delete the selected span",
            Self::ClearSelection => "Clear the selection and the selected span",
            Self::WordLeft => "Move the word cursor to the previous word (punctuation is skipped)",
            Self::WordRight => "Move the word cursor to the next word (punctuation is skipped)",
            Self::LineUp => "Move the word cursor to the line above",
            Self::LineDown => "Move the word cursor to the line below",
            Self::LineStart => "Move the word cursor to the start of the line",
            Self::LineEnd => "Move the word cursor to the end of the line",
            Self::ExtendLeft => "Grow the selection by one word to the left",
            Self::ExtendRight => "Grow the selection by one word to the right",
            Self::ExtendUp => "Grow the selection to the line above",
            Self::ExtendDown => "Grow the selection to the line below",
            Self::ToggleTheme => "Switch between the dark and the light theme",
            Self::Review => "Walk the pending suggestions in reading order, one at a time",
            Self::Accept => "While reviewing: accept the current suggestion",
            Self::Reject => {
                "While reviewing: reject the suggestion (it is never proposed again); while adjudicating: close the conflict with no span there"
            }
            Self::Skip => "While reviewing or adjudicating: leave it for later and go to the next",
            Self::UndoDecision => {
                "While reviewing or adjudicating: undo the last decision and go back to it (only if it is still the latest change)"
            }
            Self::AcceptAllLikeThis => {
                "While reviewing: accept every pending suggestion with the same text and label, in every document"
            }
            Self::PropagateDocument => {
                "Suggest the selected span's label at every other occurrence of its text in this document"
            }
            Self::AcceptPropagateDocument => {
                "Label every other occurrence of the selected span's text in this document (one undo step)"
            }
            Self::PropagateDataset => {
                "Suggest the selected span's label at every other occurrence of its text in every document"
            }
            Self::AcceptPropagateDataset => {
                "Label every other occurrence of the selected span's text in every document (one undo step)"
            }
            Self::SuggestDocument => "Run the rules on this document (adds pending suggestions)",
            Self::SuggestAll => "Run the rules on every document, off the UI thread",
            Self::Rules => {
                "Rules with their hits, accepted, rejected and precision; switch rules off; bulk decisions"
            }
            Self::LoadRules => {
                "Use a rules file (.ron) or spaCy/Prodigy patterns (.jsonl) instead of the default rules"
            }
            Self::Statistics => {
                "Charts: spans per label, documents by status, spans per document, each rule's precision"
            }
            Self::Adjudicate => {
                "Walk the open conflicts of a merged dataset in reading order, one at a time"
            }
            Self::TakeVersion(_) => {
                "While adjudicating: accept that annotator's spans here and close the conflict"
            }
            Self::ResolveByHand => {
                "While adjudicating: close the conflict and select its text to label by hand"
            }
            Self::Help => "Show every key",
            Self::HowToStart => "A short guide to the first minutes with spanlab",
            Self::Model
            | Self::TrainModel
            | Self::OrderReview(_)
            | Self::AcceptConfident { .. } => self.model_tooltip(),
            Self::FindNext
            | Self::FindPrevious
            | Self::ClearSearch
            | Self::SpanTable
            | Self::LabelEditor => self.finding_tooltip(),
            Self::ApplyLabel(_) => {
                "Label the selection (or relabel the selected span) with the label whose key it is"
            }
            Self::GoTo(_)
            | Self::Edit(_)
            | Self::SelectSpan(_)
            | Self::DecideAll { .. }
            | Self::SetRule { .. }
            | Self::SetModelSettings(_)
            | Self::SetMinConfidence(_)
            | Self::OpenRecent(_)
            | Self::PathChosen(..)
            | Self::Answer(_) => "",
        }
    }

    /// The tooltips of the file commands.
    fn file_tooltip(&self) -> &'static str {
        match self {
            Self::Open => "Open a dataset (.ron, .json) or import .txt files",
            Self::Save => "Save the dataset to its file (atomically)",
            Self::SaveAs => "Save the dataset to a new .ron or .json file",
            Self::Import => {
                "Read JSONL, doccano, CoNLL, brat, Label Studio, WebAnno or text as a new dataset"
            }
            Self::Export => {
                "Write the dataset as JSONL, doccano, CoNLL, brat, Label Studio, WebAnno or text, optionally split"
            }
            Self::Quit => "Close spanlab (asks first if there are unsaved changes)",
            _ => "",
        }
    }

    /// The tooltips of the search and span table commands (issue 15).
    fn finding_tooltip(&self) -> &'static str {
        match self {
            Self::FindNext => {
                "Go to the next search hit, on to the next document with hits (also Enter in the search box)"
            }
            Self::FindPrevious => {
                "Go to the previous search hit (also Shift+Enter in the search box)"
            }
            Self::ClearSearch => {
                "Clear the search and its highlights (also Esc when nothing is selected)"
            }
            Self::SpanTable => {
                "Every span of the dataset: sort, filter, click to open; relabel or delete picked spans in one undo step"
            }
            Self::LabelEditor => {
                "Add, rename, recolour, reorder, delete or merge labels; set their keys and guidelines (each one undo step)"
            }
            _ => "",
        }
    }
}

impl Command {
    /// The tooltips of the model's commands (issue 14).
    fn model_tooltip(&self) -> &'static str {
        match self {
            Self::Model => {
                "The model that learns from accepted spans: its held-out P/R/F1 per label, size, training time, and when it may suggest"
            }
            Self::TrainModel => "Retrain the model on the accepted spans now, in the background",
            Self::OrderReview(ReviewOrder::Position) => {
                "Review walks the pending suggestions document by document, in reading order"
            }
            Self::OrderReview(ReviewOrder::LeastConfident) => {
                "Review asks about the model's least confident suggestions first (they teach it most)"
            }
            Self::OrderReview(ReviewOrder::MostConfident) => {
                "Review shows the model's most confident suggestions first (fast acceptance)"
            }
            Self::AcceptConfident { dataset: false } => {
                "Accept every model suggestion in this document with confidence at or above the threshold (one undo step)"
            }
            Self::AcceptConfident { dataset: true } => {
                "Accept every model suggestion in every document with confidence at or above the threshold (one undo step)"
            }
            _ => "",
        }
    }
}

/// The key table of the README, generated from [`Command::ALL`] (a test
/// checks that README.md contains it).
pub fn markdown_key_table() -> String {
    use std::fmt::Write as _;
    let mut out = String::from("| keys | command | what it does |\n|---|---|---|\n");
    for command in Command::ALL {
        let _ = writeln!(
            out,
            "| {} | {} | {} |",
            command.shortcut_text(),
            command.label(),
            command.tooltip()
        );
    }
    out
}
