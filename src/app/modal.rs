//! The one dialog on screen, if any: [`Modal`]. Every dialog behaves the
//! same: Esc cancels, Enter takes the default button (unless a button has
//! the keyboard focus: then Enter presses that one), Tab moves between the
//! buttons, and no key reaches the document behind it (the app reads no
//! keys while a modal is open). A dialog's buttons queue
//! [`Command::Answer`]; the app acts on the answer at the end of the frame.

use std::path::PathBuf;

use egui::{Key, Modifiers};

use super::command::Command;
use super::files::Prompt;
use super::transfer::TransferDialog;
use super::workspace::Recovery;

/// Something that waits for the user to decide about unsaved changes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Pending {
    /// Close the window.
    Quit,
    /// Open a file (`None`: ask for its path).
    Open(Option<PathBuf>),
    /// Import another tool's files.
    Import,
}

/// A dialog.
#[derive(Debug)]
pub enum Modal {
    /// The in-app path prompt.
    Prompt(Prompt),
    /// "Unsaved changes": save, discard or cancel before going on.
    Unsaved(Pending),
    /// File > Import… or File > Export….
    Transfer(TransferDialog),
    /// A journal of unsaved edits was found.
    Recovery(Recovery),
    /// Another program changed the file before a save.
    Changed(PathBuf),
}

/// A dialog's answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Answer {
    /// The default action (OK, Import, Export).
    Ok,
    /// Close the dialog, changing nothing.
    Cancel,
    /// Unsaved changes: save first.
    Save,
    /// Unsaved changes: throw them away (their journal is set aside).
    Discard,
    /// Recovery: replay the edits.
    Recover,
    /// Recovery: set the journal aside.
    DiscardRecovery,
    /// Recovery: save the recovered version as a second file.
    OpenBoth,
    /// Changed on disk: read the other version.
    Reload,
    /// Changed on disk: save ours elsewhere.
    SaveAs,
    /// Changed on disk: replace theirs with ours.
    Overwrite,
}

impl Modal {
    /// What Enter means (the default button).
    fn default_answer(&self) -> Answer {
        match self {
            Self::Prompt(_) | Self::Transfer(_) => Answer::Ok,
            Self::Unsaved(_) => Answer::Save,
            Self::Recovery(_) => Answer::Recover,
            Self::Changed(_) => Answer::SaveAs,
        }
    }

    /// What Esc means.
    fn cancel_answer(&self) -> Answer {
        match self {
            // Never lose the journal: Esc sets it aside.
            Self::Recovery(_) => Answer::DiscardRecovery,
            _ => Answer::Cancel,
        }
    }
}

/// Draws the dialog and queues its answer.
pub fn ui(ctx: &egui::Context, modal: &mut Modal, queue: &mut Vec<Command>) {
    // Esc and Enter are the dialog's before any widget sees them (a focused
    // text field would take the first Esc only to let go of the focus).
    let escape = ctx.input_mut(|i| i.consume_key(Modifiers::NONE, Key::Escape));
    // A focused button takes Enter itself; in a text field Enter means OK.
    let button_focused = ctx
        .memory(egui::Memory::focused)
        .is_some_and(|id| egui::text_edit::TextEditState::load(ctx, id).is_none());
    let enter = !button_focused && ctx.input_mut(|i| i.consume_key(Modifiers::NONE, Key::Enter));
    let mut answer = None;
    let (id, title) = match modal {
        Modal::Prompt(_) => ("path prompt", ""),
        Modal::Unsaved(_) => ("unsaved changes", "Unsaved changes"),
        Modal::Transfer(_) => ("transfer dialog", ""),
        Modal::Recovery(_) => ("recover unsaved work", "Recover unsaved work"),
        Modal::Changed(_) => ("changed on disk", "Changed on disk"),
    };
    egui::Modal::new(egui::Id::unique(id)).show(ctx, |ui| {
        if !title.is_empty() {
            ui.heading(title);
        }
        match modal {
            Modal::Prompt(prompt) => super::files::prompt_ui(ui, prompt, &mut answer),
            Modal::Transfer(dialog) => super::transfer::dialog_ui(dialog, ui, &mut answer),
            Modal::Unsaved(_) => {
                ui.label("This dataset has changes that are not saved.");
                buttons(
                    ui,
                    &[
                        ("Save", Answer::Save),
                        ("Discard changes", Answer::Discard),
                        ("Cancel", Answer::Cancel),
                    ],
                    &mut answer,
                );
            }
            Modal::Recovery(recovery) => recovery_ui(ui, recovery, &mut answer),
            Modal::Changed(path) => {
                ui.label(format!(
                    "{} was changed by another program since it was opened here.",
                    path.display()
                ));
                ui.label("Reload reads its new contents (your changes here are set aside in the journal file); Save as writes yours to another file; Overwrite replaces the other program's version with yours.");
                buttons(
                    ui,
                    &[
                        ("Reload", Answer::Reload),
                        ("Save as…", Answer::SaveAs),
                        ("Overwrite", Answer::Overwrite),
                        ("Cancel", Answer::Cancel),
                    ],
                    &mut answer,
                );
            }
        }
    });
    if escape {
        answer = Some(modal.cancel_answer());
    } else if enter && answer.is_none() {
        answer = Some(modal.default_answer());
    }
    if let Some(answer) = answer {
        queue.push(Command::Answer(answer));
    }
}

/// A row of buttons, each answering.
pub fn buttons(ui: &mut egui::Ui, row: &[(&str, Answer)], answer: &mut Option<Answer>) {
    ui.horizontal(|ui| {
        for (text, a) in row {
            if ui.button(*text).clicked() {
                *answer = Some(*a);
            }
        }
    });
}

fn recovery_ui(ui: &mut egui::Ui, recovery: &Recovery, answer: &mut Option<Answer>) {
    let r = &recovery.recovered;
    let whose = if recovery.unsaved {
        "a dataset that was never saved to a file".to_owned()
    } else {
        recovery.file.display().to_string()
    };
    ui.label(unsaved_edits_sentence(r.edits.len(), &whose));
    if !r.damaged.is_empty() {
        let lines: Vec<String> = r.damaged.iter().map(|(line, _)| line.to_string()).collect();
        ui.label(format!(
            "The journal is damaged: {} record{} (line {}) could not be read and {} skipped; the edits after {} are kept.",
            lines.len(),
            if lines.len() == 1 { "" } else { "s" },
            lines.join(", "),
            if lines.len() == 1 { "is" } else { "are" },
            if lines.len() == 1 { "it" } else { "them" },
        ));
    }
    if let Some((bytes, why)) = &r.torn {
        ui.label(format!(
            "The last {bytes} bytes of the journal were cut off mid-write and are ignored ({why})."
        ));
    }
    ui.label("Recover replays them here (undo takes them back). Discard sets them aside. Open both saves the recovered version as a second file and opens it in another window.");
    buttons(
        ui,
        &[
            ("Recover", Answer::Recover),
            ("Discard", Answer::DiscardRecovery),
            ("Open both", Answer::OpenBoth),
        ],
        answer,
    );
}

/// "1 edit to X was not saved …" / "3 edits to X were not saved …".
pub fn unsaved_edits_sentence(n: usize, whose: &str) -> String {
    let (edits, were) = if n == 1 {
        ("edit", "was")
    } else {
        ("edits", "were")
    };
    format!("{n} {edits} to {whose} {were} not saved when spanlab last stopped.")
}

#[cfg(test)]
mod sentence_tests {
    #[test]
    fn one_edit_was_not_saved_and_two_edits_were() {
        assert_eq!(
            super::unsaved_edits_sentence(1, "a.json"),
            "1 edit to a.json was not saved when spanlab last stopped."
        );
        assert_eq!(
            super::unsaved_edits_sentence(2, "a.json"),
            "2 edits to a.json were not saved when spanlab last stopped."
        );
    }
}
