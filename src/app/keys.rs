//! The keys of every [`Command`]: its shortcuts, how they read, and which
//! command a key press means in the current mode.

use egui::{Key, KeyboardShortcut, Modifiers};

use super::command::{Command, Scope};

const fn key(k: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(Modifiers::NONE, k)
}
const fn shift(k: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(Modifiers::SHIFT, k)
}
const fn cmd(k: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(Modifiers::COMMAND, k)
}
const fn alt(k: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(Modifiers::ALT, k)
}
const fn cmd_shift(k: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::SHIFT), k)
}
const fn cmd_alt(k: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::ALT), k)
}
const fn cmd_alt_shift(k: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(
        Modifiers::COMMAND
            .plus(Modifiers::ALT)
            .plus(Modifiers::SHIFT),
        k,
    )
}

impl Command {
    /// The shortcuts, the first one shown in menus.
    pub fn shortcuts(&self) -> &'static [KeyboardShortcut] {
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
            Self::Accept => const { &[key(Key::A)] },
            Self::Reject => const { &[key(Key::X)] },
            Self::Skip => const { &[key(Key::Space)] },
            Self::UndoDecision => const { &[key(Key::Backspace)] },
            Self::AcceptAllLikeThis => const { &[shift(Key::A)] },
            Self::PropagateDocument => const { &[cmd(Key::G)] },
            Self::AcceptPropagateDocument => const { &[cmd_shift(Key::G)] },
            Self::PropagateDataset => const { &[cmd_alt(Key::G)] },
            Self::AcceptPropagateDataset => const { &[cmd_alt_shift(Key::G)] },
            Self::SuggestDocument => const { &[cmd(Key::J)] },
            Self::SuggestAll => const { &[cmd_shift(Key::J)] },
            Self::Rules => const { &[cmd_shift(Key::R)] },
            Self::LoadRules => const { &[cmd_shift(Key::L)] },
            Self::Statistics => const { &[cmd_shift(Key::I)] },
            Self::Adjudicate => const { &[cmd(Key::K)] },
            Self::TakeVersion(0) => const { &[key(Key::Num1)] },
            Self::TakeVersion(1) => const { &[key(Key::Num2)] },
            Self::TakeVersion(2) => const { &[key(Key::Num3)] },
            Self::TakeVersion(3) => const { &[key(Key::Num4)] },
            Self::ResolveByHand => const { &[key(Key::Enter)] },
            Self::Help => const { &[key(Key::F1)] },
            Self::Model => const { &[cmd_shift(Key::M)] },
            Self::FindNext => const { &[key(Key::F3)] },
            Self::FindPrevious => const { &[shift(Key::F3)] },
            Self::SpanTable => const { &[cmd_shift(Key::F)] },
            Self::LabelEditor => const { &[cmd_shift(Key::E)] },
            _ => &[],
        }
    }

    /// The command a key press means: a command of the item-by-item mode
    /// first (`walk` says which it takes), then an ordinary one.
    pub fn for_key(key: Key, modifiers: Modifiers, walk: impl Fn(&Self) -> bool) -> Option<Self> {
        let hit = |c: &Self| {
            c.shortcuts()
                .iter()
                .any(|s| s.logical_key == key && modifiers.matches_exact(s.modifiers))
        };
        Self::ALL
            .into_iter()
            .find(|c| c.scope() == Scope::Walk && walk(c) && hit(c))
            .or_else(|| {
                Self::ALL
                    .into_iter()
                    .find(|c| c.scope() == Scope::Global && hit(c))
            })
    }

    /// True for commands that act on the document text with plain keys, so
    /// they must not fire while a text field has the keyboard.
    pub fn is_text_navigation(&self) -> bool {
        self.shortcuts().iter().any(|s| {
            (s.modifiers.is_none() || s.modifiers == Modifiers::SHIFT)
                && !is_function_key(s.logical_key)
        })
    }

    /// The shortcuts as text, e.g. `Ctrl+Y, Ctrl+Shift+Z` (Linux/Windows names).
    pub fn shortcut_text(&self) -> String {
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

/// F1 … F12: never text, so they act while a text field has the keyboard.
fn is_function_key(key: Key) -> bool {
    matches!(
        key,
        Key::F1
            | Key::F2
            | Key::F3
            | Key::F4
            | Key::F5
            | Key::F6
            | Key::F7
            | Key::F8
            | Key::F9
            | Key::F10
            | Key::F11
            | Key::F12
    )
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

/// The egui key for a label hotkey (letters and digits).
pub fn hotkey_key(c: char) -> Option<Key> {
    Key::from_name(&c.to_uppercase().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_means_the_modes_command_first() {
        let nothing = |_: &Command| false;
        let review = |c: &Command| matches!(c, Command::Accept | Command::UndoDecision);
        assert_eq!(
            Command::for_key(Key::Backspace, Modifiers::NONE, nothing),
            Some(Command::DeleteSpan)
        );
        assert_eq!(
            Command::for_key(Key::Backspace, Modifiers::NONE, review),
            Some(Command::UndoDecision)
        );
        assert_eq!(Command::for_key(Key::A, Modifiers::NONE, nothing), None);
        assert_eq!(
            Command::for_key(Key::S, Modifiers::COMMAND | Modifiers::SHIFT, nothing),
            Some(Command::SaveAs)
        );
        assert_eq!(
            Command::for_key(Key::S, Modifiers::COMMAND, nothing),
            Some(Command::Save)
        );
    }
}
