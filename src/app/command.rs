//! Every user action, with its menu text, tooltip and shortcuts. The menus,
//! the key handling, the help overlay (F1) and the README's key table all
//! read this one list.

use egui::{Key, KeyboardShortcut, Modifiers};

/// A user action. Widgets queue commands; the app applies them once a frame.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
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
    /// Move the keyboard focus to the document search box.
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
    /// Clear the selection.
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
    /// Review: accept the current suggestion.
    AcceptSuggestion,
    /// Review: reject the current suggestion.
    RejectSuggestion,
    /// Review: leave the current suggestion for later.
    SkipSuggestion,
    /// Review: undo the last decision and go back to it.
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
    /// Run the rules on this document.
    SuggestDocument,
    /// Run the rules on every document.
    SuggestAll,
    /// Show or hide the rules panel.
    Rules,
    /// Show or hide the list of keys.
    Help,
    /// Start or stop adjudicating annotators' conflicts one by one.
    Adjudicate,
    /// Adjudicating: take the first annotator's version.
    TakeVersion1,
    /// Adjudicating: take the second annotator's version.
    TakeVersion2,
    /// Adjudicating: take the third annotator's version.
    TakeVersion3,
    /// Adjudicating: take the fourth annotator's version.
    TakeVersion4,
    /// Adjudicating: reject every version (no span there).
    RejectConflict,
    /// Adjudicating: leave the conflict open and go to the next.
    SkipConflict,
    /// Adjudicating: resolve by hand: close the conflict and select its text.
    EditConflict,
    /// Adjudicating: undo the last resolution and go back to it.
    UndoResolution,
    /// Statistics with charts: spans per label, documents by status, rules.
    Statistics,
    /// Load a rules file or a spaCy/Prodigy pattern file.
    LoadRules,
}

const fn key(key: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(Modifiers::NONE, key)
}
const fn cmd(key: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(Modifiers::COMMAND, key)
}
const fn cmd_shift(key: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::SHIFT), key)
}
const fn shift(key: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(Modifiers::SHIFT, key)
}
const fn cmd_alt(key: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::ALT), key)
}
const fn cmd_alt_shift(key: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(
        Modifiers::COMMAND
            .plus(Modifiers::ALT)
            .plus(Modifiers::SHIFT),
        key,
    )
}
const fn alt(key: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(Modifiers::ALT, key)
}

impl Command {
    /// Every command, in the order menus and the help list show them.
    pub const ALL: [Self; 51] = [
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
        Self::AcceptSuggestion,
        Self::RejectSuggestion,
        Self::SkipSuggestion,
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
        Self::TakeVersion1,
        Self::TakeVersion2,
        Self::TakeVersion3,
        Self::TakeVersion4,
        Self::RejectConflict,
        Self::SkipConflict,
        Self::EditConflict,
        Self::UndoResolution,
        Self::Help,
    ];

    /// The menu text, also the accessible label of its menu button.
    pub fn label(self) -> &'static str {
        match self {
            Self::Open => "Open…",
            Self::Save => "Save",
            Self::SaveAs => "Save as…",
            Self::Import => "Import…",
            Self::Export => "Export…",
            Self::Quit => "Quit",
            Self::Undo => "Undo",
            Self::Redo => "Redo",
            Self::Search => "Search documents",
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
            Self::AcceptSuggestion => "Accept suggestion",
            Self::RejectSuggestion => "Reject suggestion",
            Self::SkipSuggestion => "Skip suggestion",
            Self::UndoDecision => "Undo last decision",
            Self::AcceptAllLikeThis => "Accept all like this",
            Self::PropagateDocument => "Propagate in document",
            Self::AcceptPropagateDocument => "Propagate and accept in document",
            Self::PropagateDataset => "Propagate in dataset",
            Self::AcceptPropagateDataset => "Propagate and accept in dataset",
            Self::SuggestDocument => "Suggest in this document",
            Self::SuggestAll => "Suggest in all documents",
            Self::Rules => "Rules",
            Self::Help => "Keys",
            Self::Adjudicate => "Adjudicate conflicts",
            Self::TakeVersion1 => "Take version 1",
            Self::TakeVersion2 => "Take version 2",
            Self::TakeVersion3 => "Take version 3",
            Self::TakeVersion4 => "Take version 4",
            Self::RejectConflict => "Reject all versions",
            Self::SkipConflict => "Skip conflict",
            Self::EditConflict => "Resolve by hand",
            Self::UndoResolution => "Undo resolution",
            Self::Statistics => "Statistics",
            Self::LoadRules => "Load rules…",
        }
    }

    /// A one-line explanation, shown on hover and in the help list.
    pub fn tooltip(self) -> &'static str {
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
            Self::Undo => "Undo the last change",
            Self::Redo => "Redo the last undone change",
            Self::Search => "Find documents by id or text",
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
            Self::AcceptSuggestion => "While reviewing: accept the current suggestion",
            Self::RejectSuggestion => "While reviewing: reject it (it is never proposed again)",
            Self::SkipSuggestion => "While reviewing: leave it pending and go to the next",
            Self::UndoDecision => "While reviewing: undo the last decision and go back to it",
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
            Self::Help => "Show every key",
            Self::Adjudicate => {
                "Walk the open conflicts of a merged dataset in reading order, one at a time"
            }
            Self::TakeVersion1 | Self::TakeVersion2 | Self::TakeVersion3 | Self::TakeVersion4 => {
                "While adjudicating: accept that annotator's spans here and close the conflict"
            }
            Self::RejectConflict => "While adjudicating: close the conflict with no span there",
            Self::SkipConflict => "While adjudicating: leave it open and go to the next",
            Self::EditConflict => {
                "While adjudicating: close the conflict and select its text to label by hand"
            }
            Self::UndoResolution => {
                "While adjudicating: undo the last resolution and go back to it"
            }
            Self::LoadRules => {
                "Use a rules file (.ron) or spaCy/Prodigy patterns (.jsonl) instead of the default rules"
            }
            Self::Statistics => {
                "Charts: spans per label, documents by status, spans per document, each rule's precision"
            }
        }
    }

    /// The shortcuts, the first one shown in menus. Checked in this order,
    /// and more specific modifiers before fewer (Ctrl+Shift+S before Ctrl+S).
    pub fn shortcuts(self) -> &'static [KeyboardShortcut] {
        match self {
            Self::Open => const { &[cmd(Key::O)] },
            Self::Save => const { &[cmd(Key::S)] },
            Self::SaveAs => const { &[cmd_shift(Key::S)] },
            Self::Import => const { &[cmd(Key::I)] },
            Self::Export => const { &[cmd(Key::E)] },
            Self::Quit => const { &[cmd(Key::Q)] },
            Self::Undo => const { &[cmd(Key::Z)] },
            Self::Redo => const { &[cmd(Key::Y), cmd_shift(Key::Z)] },
            Self::Search => const { &[cmd(Key::F)] },
            Self::NextDocument => const { &[cmd(Key::PageDown), alt(Key::ArrowDown)] },
            Self::PreviousDocument => const { &[cmd(Key::PageUp), alt(Key::ArrowUp)] },
            Self::DoneAndNext => const { &[cmd(Key::Enter)] },
            Self::SkipAndNext => const { &[cmd_shift(Key::Enter)] },
            Self::DeleteSpan => const { &[key(Key::Delete), key(Key::Backspace)] },
            Self::ClearSelection => const { &[key(Key::Escape)] },
            Self::WordLeft => const { &[key(Key::ArrowLeft), cmd(Key::ArrowLeft)] },
            Self::WordRight => const { &[key(Key::ArrowRight), cmd(Key::ArrowRight)] },
            Self::LineUp => const { &[key(Key::ArrowUp)] },
            Self::LineDown => const { &[key(Key::ArrowDown)] },
            Self::LineStart => const { &[key(Key::Home)] },
            Self::LineEnd => const { &[key(Key::End)] },
            Self::ExtendLeft => const { &[shift(Key::ArrowLeft), cmd_shift(Key::ArrowLeft)] },
            Self::ExtendRight => const { &[shift(Key::ArrowRight), cmd_shift(Key::ArrowRight)] },
            Self::ExtendUp => const { &[shift(Key::ArrowUp)] },
            Self::ExtendDown => const { &[shift(Key::ArrowDown)] },
            Self::ToggleTheme => const { &[cmd_shift(Key::T)] },
            Self::Review => const { &[cmd(Key::R)] },
            Self::AcceptSuggestion => const { &[key(Key::A)] },
            Self::RejectSuggestion | Self::RejectConflict => const { &[key(Key::X)] },
            Self::SkipSuggestion | Self::SkipConflict => const { &[key(Key::Space)] },
            Self::UndoDecision | Self::UndoResolution => const { &[key(Key::Backspace)] },
            Self::AcceptAllLikeThis => const { &[shift(Key::A)] },
            Self::PropagateDocument => const { &[cmd(Key::G)] },
            Self::AcceptPropagateDocument => const { &[cmd_shift(Key::G)] },
            Self::PropagateDataset => const { &[cmd_alt(Key::G)] },
            Self::AcceptPropagateDataset => const { &[cmd_alt_shift(Key::G)] },
            Self::SuggestDocument => const { &[cmd(Key::J)] },
            Self::SuggestAll => const { &[cmd_shift(Key::J)] },
            Self::Rules => const { &[cmd_shift(Key::R)] },
            Self::Help => const { &[key(Key::F1)] },
            Self::Adjudicate => const { &[cmd(Key::K)] },
            Self::TakeVersion1 => const { &[key(Key::Num1)] },
            Self::TakeVersion2 => const { &[key(Key::Num2)] },
            Self::TakeVersion3 => const { &[key(Key::Num3)] },
            Self::TakeVersion4 => const { &[key(Key::Num4)] },
            Self::EditConflict => const { &[key(Key::Enter)] },
            Self::Statistics => const { &[cmd_shift(Key::I)] },
            Self::LoadRules => const { &[cmd_shift(Key::L)] },
        }
    }

    /// The mode a command's key only acts in (taking precedence there over
    /// the same key's other meaning), or `None` for keys that always act.
    pub fn mode(self) -> Option<Mode> {
        match self {
            Self::AcceptSuggestion
            | Self::RejectSuggestion
            | Self::SkipSuggestion
            | Self::UndoDecision
            | Self::AcceptAllLikeThis => Some(Mode::Review),
            Self::TakeVersion1
            | Self::TakeVersion2
            | Self::TakeVersion3
            | Self::TakeVersion4
            | Self::RejectConflict
            | Self::SkipConflict
            | Self::EditConflict
            | Self::UndoResolution => Some(Mode::Adjudicate),
            _ => None,
        }
    }

    /// True for commands that act on the document text with plain keys, so
    /// they must not fire while a text field has the keyboard.
    pub fn is_text_navigation(self) -> bool {
        self.shortcuts()
            .iter()
            .any(|s| s.modifiers.is_none() || s.modifiers == Modifiers::SHIFT)
    }

    /// The shortcuts as text, e.g. `Ctrl+Y, Ctrl+Shift+Z` (Linux/Windows names).
    pub fn shortcut_text(self) -> String {
        self.shortcuts()
            .iter()
            .map(|s| {
                let mut parts = Vec::new();
                if s.modifiers.command || s.modifiers.ctrl {
                    parts.push("Ctrl");
                }
                if s.modifiers.alt {
                    parts.push("Alt");
                }
                if s.modifiers.shift {
                    parts.push("Shift");
                }
                parts.push(key_name(s.logical_key));
                parts.join("+")
            })
            .collect::<Vec<_>>()
            .join(", ")
    }
}

fn key_name(key: Key) -> &'static str {
    match key {
        Key::ArrowLeft => "←",
        Key::ArrowRight => "→",
        Key::ArrowUp => "↑",
        Key::ArrowDown => "↓",
        Key::PageUp => "PageUp",
        Key::PageDown => "PageDown",
        other => other.name(),
    }
}

/// A mode with keys of its own.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Reviewing suggestions one by one.
    Review,
    /// Adjudicating conflicts one by one.
    Adjudicate,
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
