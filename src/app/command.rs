//! Every user action as one enum. Views and keys push [`Command`]s into a
//! queue; [`super::App`] applies the queue once, at the end of the frame
//! (`command_handling.rs`). The menus, the key handling (`keys.rs`), the key
//! sheet (F1) and the README's key table (`command_text.rs`) all read
//! [`Command::ALL`].

use std::path::PathBuf;

use crate::edit::Edit;
use crate::model::Span;

use super::files::Purpose;
use super::modal::Answer;
use super::model_loop::ModelSettings;
use super::review_order::ReviewOrder;

/// A user action, with the data it needs. Nothing happens until it is
/// queued and the frame ends.
#[must_use = "a command does nothing until it is queued"]
#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    /// Open a dataset or import text.
    Open,
    /// Save to the current file.
    Save,
    /// Save to a new file (RON or JSON by extension).
    SaveAs,
    /// Import another tool's files as a new dataset.
    Import,
    /// Export the dataset for another tool or a training run.
    Export,
    /// Quit the app.
    Quit,
    /// Undo the last change.
    Undo,
    /// Redo the last undone change.
    Redo,
    /// Move the keyboard focus to the text search box.
    Search,
    /// Go to the next document in the list.
    NextDocument,
    /// Go to the previous document in the list.
    PreviousDocument,
    /// Mark the document done and go to the next one.
    DoneAndNext,
    /// Mark the document skipped and go to the next one.
    SkipAndNext,
    /// Delete the selected span.
    DeleteSpan,
    /// Clear the selection (and close the key sheet, stop a review).
    ClearSelection,
    /// Word cursor one word left.
    WordLeft,
    /// Word cursor one word right.
    WordRight,
    /// Word cursor to the word above.
    LineUp,
    /// Word cursor to the word below.
    LineDown,
    /// Word cursor to the first word of the line.
    LineStart,
    /// Word cursor to the last word of the line.
    LineEnd,
    /// Extend the selection one word left.
    ExtendLeft,
    /// Extend the selection one word right.
    ExtendRight,
    /// Extend the selection to the line above.
    ExtendUp,
    /// Extend the selection to the line below.
    ExtendDown,
    /// Switch between the dark and the light theme.
    ToggleTheme,
    /// Start or stop reviewing pending suggestions one by one.
    Review,
    /// Item by item: accept the current suggestion.
    Accept,
    /// Item by item: reject the current item (suggestion or conflict).
    Reject,
    /// Item by item: leave the current item for later.
    Skip,
    /// Item by item: undo the last decision, if it is still the latest change.
    UndoDecision,
    /// Review: accept every pending suggestion with the same text and label.
    AcceptAllLikeThis,
    /// Suggest the selected span's label at every other occurrence in this document.
    PropagateDocument,
    /// Accept the selected span's label at every other occurrence in this document.
    AcceptPropagateDocument,
    /// Suggest the selected span's label at every other occurrence in the dataset.
    PropagateDataset,
    /// Accept the selected span's label at every other occurrence in the dataset.
    AcceptPropagateDataset,
    /// Run the rules on the current document.
    SuggestDocument,
    /// Run the rules on every document.
    SuggestAll,
    /// Show or hide the rules window.
    Rules,
    /// Load a rules file instead of the default rules.
    LoadRules,
    /// Show or hide the statistics window.
    Statistics,
    /// Start or stop adjudicating conflicts one by one.
    Adjudicate,
    /// Adjudication: take annotator version `n` (0-based).
    TakeVersion(usize),
    /// Adjudication: close the conflict and label its text by hand.
    ResolveByHand,
    /// Show or hide the key sheet.
    Help,
    /// Show or hide the short "how to start" text.
    HowToStart,
    // -- Labels (issue 15) --
    /// Show or hide the label set editor.
    LabelEditor,

    // The model in the loop (issue 14).
    /// Show or hide the model window.
    Model,
    /// Train the model now, without waiting for the next change.
    TrainModel,
    /// Review in this order (reading order, least or most confident first).
    OrderReview(ReviewOrder),
    /// Accept every model suggestion at or above the confidence threshold,
    /// in this document (`dataset: false`) or every document, as one edit.
    AcceptConfident {
        /// Every document, not just this one.
        dataset: bool,
    },
    /// The model's settings picked in the model window.
    SetModelSettings(ModelSettings),
    /// Hide model suggestions below this confidence (0–1).
    SetMinConfidence(f64),
    // Search (issue 15, finding things).
    /// Search: go to the next hit (across documents).
    FindNext,
    /// Search: go to the previous hit (across documents).
    FindPrevious,
    /// Search: clear the query and its highlights.
    ClearSearch,
    /// Show or hide the span table.
    SpanTable,

    // Commands that carry what a view picked; not bound to keys.
    /// Apply a label to the selection, or relabel the selected span.
    ApplyLabel(String),
    /// Show document `n`.
    GoTo(usize),
    /// Apply an edit (from the span details: relabel, note).
    Edit(Edit),
    /// Select a span of the current document and scroll to it.
    SelectSpan(Span),
    /// Accept or reject every pending suggestion of a rule and/or a label.
    DecideAll {
        /// Accept (true) or reject.
        accept: bool,
        /// Only this rule's suggestions (`learned` for the learned matcher).
        rule: Option<String>,
        /// Only this label's suggestions.
        label: Option<String>,
    },
    /// Switch a rule (or `learned`) on or off.
    SetRule {
        /// The rule id.
        id: String,
        /// On or off.
        on: bool,
    },
    /// Open a file from the recent list (asks about unsaved changes first).
    OpenRecent(PathBuf),
    /// A path picked in a native dialog or typed in the prompt.
    PathChosen(Purpose, PathBuf),
    /// The answer to the dialog on screen.
    Answer(Answer),
}

/// Where a command's key acts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// Everywhere.
    Global,
    /// Only in an item-by-item mode that takes it (its key means something
    /// else, or nothing, elsewhere).
    Walk,
}

/// The menus of the menu bar.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Menu {
    /// Files.
    File,
    /// Undo and spans.
    Edit,
    /// Moving between documents.
    Document,
    /// The word cursor and the selection.
    Select,
    /// Rules, review, propagation, adjudication.
    Suggest,
    /// Theme and windows.
    View,
    /// Keys and how to start.
    Help,
}

impl Menu {
    /// Every menu, left to right.
    pub const ALL: [Self; 7] = [
        Self::File,
        Self::Edit,
        Self::Document,
        Self::Select,
        Self::Suggest,
        Self::View,
        Self::Help,
    ];

    /// The menu's title.
    pub fn title(self) -> &'static str {
        match self {
            Self::File => "File",
            Self::Edit => "Edit",
            Self::Document => "Document",
            Self::Select => "Select",
            Self::Suggest => "Suggest",
            Self::View => "View",
            Self::Help => "Help",
        }
    }
}

impl Command {
    /// Every command with a key or a menu entry, in the order of the key
    /// sheet and the README table.
    pub const ALL: [Self; 61] = [
        Self::Open,
        Self::Save,
        Self::SaveAs,
        Self::Import,
        Self::Export,
        Self::Quit,
        Self::Undo,
        Self::Redo,
        Self::Search,
        Self::NextDocument,
        Self::PreviousDocument,
        Self::DoneAndNext,
        Self::SkipAndNext,
        Self::DeleteSpan,
        Self::ClearSelection,
        Self::WordLeft,
        Self::WordRight,
        Self::LineUp,
        Self::LineDown,
        Self::LineStart,
        Self::LineEnd,
        Self::ExtendLeft,
        Self::ExtendRight,
        Self::ExtendUp,
        Self::ExtendDown,
        Self::ToggleTheme,
        Self::Review,
        Self::Accept,
        Self::Reject,
        Self::Skip,
        Self::UndoDecision,
        Self::AcceptAllLikeThis,
        Self::PropagateDocument,
        Self::AcceptPropagateDocument,
        Self::PropagateDataset,
        Self::AcceptPropagateDataset,
        Self::SuggestDocument,
        Self::SuggestAll,
        Self::Rules,
        Self::LoadRules,
        Self::Statistics,
        Self::Adjudicate,
        Self::TakeVersion(0),
        Self::TakeVersion(1),
        Self::TakeVersion(2),
        Self::TakeVersion(3),
        Self::ResolveByHand,
        Self::Help,
        Self::HowToStart,
        // The model in the loop (issue 14).
        Self::Model,
        Self::TrainModel,
        Self::OrderReview(ReviewOrder::Position),
        Self::OrderReview(ReviewOrder::LeastConfident),
        Self::OrderReview(ReviewOrder::MostConfident),
        Self::AcceptConfident { dataset: false },
        Self::AcceptConfident { dataset: true },
        // Search (issue 15).
        Self::FindNext,
        Self::FindPrevious,
        Self::ClearSearch,
        Self::SpanTable,
        // -- Labels (issue 15) --
        Self::LabelEditor,
    ];

    /// Where the command's key acts.
    pub fn scope(&self) -> Scope {
        match self {
            Self::Accept
            | Self::Reject
            | Self::Skip
            | Self::UndoDecision
            | Self::AcceptAllLikeThis
            | Self::TakeVersion(_)
            | Self::ResolveByHand => Scope::Walk,
            _ => Scope::Global,
        }
    }

    /// The menu the command is listed in, if any (item-by-item commands are
    /// buttons of the mode panel instead).
    pub fn menu(&self) -> Option<Menu> {
        Some(match self {
            Self::Open | Self::Save | Self::SaveAs | Self::Import | Self::Export | Self::Quit => {
                Menu::File
            }
            Self::Undo | Self::Redo | Self::DeleteSpan | Self::ClearSelection => Menu::Edit,
            Self::NextDocument
            | Self::PreviousDocument
            | Self::DoneAndNext
            | Self::SkipAndNext
            | Self::Search
            | Self::FindNext
            | Self::FindPrevious
            | Self::ClearSearch
            | Self::LabelEditor => Menu::Document,
            Self::WordLeft
            | Self::WordRight
            | Self::LineUp
            | Self::LineDown
            | Self::LineStart
            | Self::LineEnd
            | Self::ExtendLeft
            | Self::ExtendRight
            | Self::ExtendUp
            | Self::ExtendDown => Menu::Select,
            Self::SuggestDocument
            | Self::SuggestAll
            | Self::Review
            | Self::PropagateDocument
            | Self::AcceptPropagateDocument
            | Self::PropagateDataset
            | Self::AcceptPropagateDataset
            | Self::Rules
            | Self::LoadRules
            | Self::Adjudicate
            | Self::Model
            | Self::TrainModel
            | Self::OrderReview(_)
            | Self::AcceptConfident { .. } => Menu::Suggest,
            Self::ToggleTheme | Self::Statistics | Self::SpanTable => Menu::View,
            Self::Help | Self::HowToStart => Menu::Help,
            _ => return None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_select_menu_lists_every_selection_command_once() {
        let select: Vec<&str> = Command::ALL
            .iter()
            .filter(|c| c.menu() == Some(Menu::Select))
            .map(Command::label)
            .collect();
        assert_eq!(select.len(), 10, "{select:?}");
        assert!(select.contains(&"Extend selection up"));
        assert!(select.contains(&"Extend selection down"));
        let unique: std::collections::BTreeSet<_> = select.iter().collect();
        assert_eq!(unique.len(), select.len());
    }

    #[test]
    fn every_command_with_a_key_has_a_menu_or_is_item_by_item() {
        for command in Command::ALL {
            assert!(
                command.menu().is_some() || command.scope() == Scope::Walk,
                "{command:?}"
            );
        }
    }
}
