//! The menu bar: every entry is a [`Command`] from [`Command::ALL`], in the
//! menu [`Command::menu`] names, plus the recent files.

use std::path::PathBuf;

use egui::Ui;

use crate::app::command::{Command, Menu};

/// A menu entry: the command's label, shortcut and tooltip.
pub fn command_button(ui: &mut Ui, command: &Command, queue: &mut Vec<Command>) {
    let button = egui::Button::new(command.label()).shortcut_text(command.shortcut_text());
    if ui.add(button).on_hover_text(command.tooltip()).clicked() {
        queue.push(command.clone());
    }
}

/// Draws the menu bar.
pub fn ui(ui: &mut Ui, recent: &[PathBuf], queue: &mut Vec<Command>) {
    egui::Panel::top("menu bar").show(ui, |ui| {
        egui::MenuBar::new().ui(ui, |ui| {
            for menu in Menu::ALL {
                ui.menu_button(menu.title(), |ui| {
                    for command in Command::ALL.iter().filter(|c| c.menu() == Some(menu)) {
                        if *command == Command::Quit {
                            recent_ui(ui, recent, queue);
                            ui.separator();
                        }
                        command_button(ui, command, queue);
                    }
                });
            }
        });
    });
}

fn recent_ui(ui: &mut Ui, recent: &[PathBuf], queue: &mut Vec<Command>) {
    ui.add_enabled_ui(!recent.is_empty(), |ui| {
        ui.menu_button("Open recent", |ui| {
            for path in recent {
                if ui.button(path.display().to_string()).clicked() {
                    queue.push(Command::OpenRecent(path.clone()));
                }
            }
        });
    });
}
