//! The status bar: the file, whether the work is saved, the model's
//! state (once there is a model), the last message.

use egui::{RichText, Ui};

use crate::app::Workspace;

/// What the status bar says about saving.
pub fn saved_state(ws: &Workspace) -> &'static str {
    match (ws.path().is_some(), ws.is_dirty()) {
        (_, true) => "* unsaved changes",
        (true, false) => "saved",
        // Never "saved": there is no file (the journal keeps edits until one is chosen).
        (false, false) => "not saved to a file",
    }
}

/// Draws the status bar.
pub fn ui(ui: &mut Ui, ws: &Workspace, message: Option<&str>, model: Option<&str>) {
    egui::Panel::bottom("status bar").show(ui, |ui| {
        ui.horizontal(|ui| {
            let file = ws.path().map_or_else(
                || "bundled sample / unsaved import (Ctrl+S chooses a file)".to_owned(),
                |p| p.display().to_string(),
            );
            ui.label(file);
            ui.separator();
            let state = saved_state(ws);
            if ws.is_dirty() {
                ui.colored_label(ui.visuals().warn_fg_color, state);
            } else {
                ui.label(state);
            }
            if let Some(model) = model {
                ui.separator();
                ui.label(model);
            }
            if let Some(message) = message {
                ui.separator();
                ui.label(RichText::new(message).strong());
            }
        });
    });
}
