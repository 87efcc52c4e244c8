//! Help: the key sheet (F1), which scrolls whatever the window size, and a
//! short "how to start".

use egui::{Context, RichText};

use crate::app::Command;
use crate::model::Dataset;

/// The first minutes with spanlab, in a few lines.
pub const HOW_TO_START: &[&str] = &[
    "1. Pick a document on the left (Ctrl+PageDown / Ctrl+PageUp walk the list).",
    "2. Drag over a name in the text (or move the word cursor with the arrow keys and extend with Shift+arrows).",
    "3. Press a label key (p PERSON, o ORG, l LOC, e EVENT, d DATE) or click the label on the right.",
    "4. Ctrl+Enter marks the document done and opens the next.",
    "5. Let the rules help: Ctrl+J suggests spans in this document, Ctrl+R reviews them one by one (A accept, X reject, Space skip).",
    "6. Ctrl+S saves (the sample has no file yet: you choose a .ron or .json name). Until then your edits are journaled and offered back after a crash.",
    "Every change can be undone with Ctrl+Z. F1 lists every key.",
];

/// Draws the key sheet and the how-to-start window when open.
pub fn ui(ctx: &Context, keys_open: &mut bool, how_to_open: &mut bool, dataset: &Dataset) {
    if *keys_open {
        // At most the screen's height: the sheet scrolls inside it.
        let max_height = (ctx.content_rect().height() - 120.0).max(200.0);
        egui::Window::new("Keys")
            .open(keys_open)
            .collapsible(false)
            .default_pos([320.0, 60.0])
            .default_height(max_height)
            .max_height(max_height)
            .vscroll(true)
            .show(ctx, |ui| {
                egui::Grid::new("keys grid").striped(true).show(ui, |ui| {
                    for command in Command::ALL {
                        ui.label(RichText::new(command.shortcut_text()).monospace());
                        ui.label(command.tooltip());
                        ui.end_row();
                    }
                    for label in &dataset.labels.labels {
                        if let Some(key) = label.hotkey {
                            ui.label(RichText::new(key.to_string()).monospace());
                            ui.label(format!(
                                "Label the selection {} (or relabel the selected span)",
                                label.name
                            ));
                            ui.end_row();
                        }
                    }
                });
            });
    }
    if *how_to_open {
        egui::Window::new("How to start")
            .open(how_to_open)
            .collapsible(false)
            .default_pos([360.0, 120.0])
            .default_width(520.0)
            .show(ctx, |ui| {
                for line in HOW_TO_START {
                    ui.label(*line);
                }
            });
    }
}
