//! The panels around the document view: menu bar, document list, label
//! palette and span list, status bar, and the overlays (keys, path prompt,
//! unsaved-changes question).

use egui::{Color32, RichText, Ui};

use super::command::Command;
use super::files::Purpose;
use super::{App, Pending, StatusFilter, theme};
use crate::edit::Edit;
use crate::model::Status;

fn command_button(app: &mut App, ui: &mut Ui, command: Command) {
    let button = egui::Button::new(command.label()).shortcut_text(command.shortcut_text());
    if ui.add(button).on_hover_text(command.tooltip()).clicked() {
        app.queue(command);
    }
}

/// The menu bar: every menu entry is a [`Command`].
pub fn menu_bar(app: &mut App, ui: &mut Ui) {
    egui::Panel::top("menu bar").show(ui, |ui| {
        egui::MenuBar::new().ui(ui, |ui| {
            ui.menu_button("File", |ui| {
                for command in [
                    Command::Open,
                    Command::Save,
                    Command::SaveAs,
                    Command::Import,
                    Command::Export,
                ] {
                    command_button(app, ui, command);
                }
                let recent = app.persisted.recent.clone();
                ui.add_enabled_ui(!recent.is_empty(), |ui| {
                    ui.menu_button("Open recent", |ui| {
                        for path in recent {
                            if ui.button(path.display().to_string()).clicked() {
                                app.request(Pending::Open(Some(path)));
                            }
                        }
                    });
                });
                ui.separator();
                command_button(app, ui, Command::Quit);
            });
            ui.menu_button("Edit", |ui| {
                for command in [
                    Command::Undo,
                    Command::Redo,
                    Command::DeleteSpan,
                    Command::ClearSelection,
                ] {
                    command_button(app, ui, command);
                }
            });
            ui.menu_button("Document", |ui| {
                for command in [
                    Command::NextDocument,
                    Command::PreviousDocument,
                    Command::DoneAndNext,
                    Command::SkipAndNext,
                    Command::Search,
                ] {
                    command_button(app, ui, command);
                }
            });
            ui.menu_button("Suggest", |ui| {
                for command in [
                    Command::SuggestDocument,
                    Command::SuggestAll,
                    Command::Review,
                    Command::PropagateDocument,
                    Command::AcceptPropagateDocument,
                    Command::PropagateDataset,
                    Command::AcceptPropagateDataset,
                    Command::Rules,
                    Command::LoadRules,
                    Command::Adjudicate,
                ] {
                    command_button(app, ui, command);
                }
            });
            ui.menu_button("Select", |ui| {
                for command in &Command::ALL[13..23] {
                    command_button(app, ui, *command);
                }
            });
            ui.menu_button("View", |ui| {
                command_button(app, ui, Command::ToggleTheme);
                command_button(app, ui, Command::Statistics);
                command_button(app, ui, Command::Help);
            });
        });
    });
}

/// The status bar: file, saved state, autosave, last message.
pub fn status_bar(app: &mut App, ui: &mut Ui) {
    egui::Panel::bottom("status bar").show(ui, |ui| {
        ui.horizontal(|ui| {
            let file = app.path.as_ref().map_or_else(
                || "bundled sample / unsaved import (Ctrl+S chooses a file)".to_owned(),
                |p| p.display().to_string(),
            );
            ui.label(file);
            ui.separator();
            if app.session.is_dirty() {
                ui.colored_label(ui.visuals().warn_fg_color, "* unsaved changes");
            } else {
                ui.label("saved");
            }
            if let Some((_, rev, stamp)) = &app.last_autosave
                && *rev > 0
            {
                ui.separator();
                ui.label(format!("autosaved {stamp}"));
            }
            if let Some(message) = &app.message {
                ui.separator();
                ui.label(RichText::new(message).strong());
            }
        });
    });
}

/// A short status tag for the document list (the default fonts have no
/// status symbols, and words read better than symbols anyway).
fn status_icon(status: Status) -> &'static str {
    match status {
        Status::New => "[new]",
        Status::InProgress => "[...]",
        Status::Done => "[done]",
        Status::Skipped => "[skip]",
    }
}

/// The document list: search, status filter, one row per document.
pub fn document_list(app: &mut App, ui: &mut Ui) {
    egui::Panel::left("documents")
        .default_size(260.0)
        .resizable(true)
        .show(ui, |ui| {
            let total = app.dataset().documents.len();
            let done = app
                .dataset()
                .documents
                .iter()
                .filter(|d| d.status == Status::Done)
                .count();
            ui.heading("Documents");
            ui.label(format!("{done} of {total} done"));
            let search = ui.add(
                egui::TextEdit::singleline(&mut app.search)
                    .hint_text("Search id or text (Ctrl+F)")
                    .desired_width(f32::INFINITY),
            );
            search.widget_info(|| {
                egui::WidgetInfo::labeled(egui::Role::SearchInput, true, "Search documents")
            });
            if std::mem::take(&mut app.focus_search) {
                search.request_focus();
            }
            egui::ComboBox::from_label("Status")
                .selected_text(match app.filter {
                    StatusFilter::All => "all".to_owned(),
                    StatusFilter::Only(s) => s.as_str().replace('_', " "),
                })
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut app.filter, StatusFilter::All, "all");
                    for status in Status::ALL {
                        ui.selectable_value(
                            &mut app.filter,
                            StatusFilter::Only(status),
                            status.as_str().replace('_', " "),
                        );
                    }
                });
            ui.separator();
            let listed = app.listed_documents().to_vec();
            let row_height = ui.text_style_height(&egui::TextStyle::Body) + 6.0;
            let mut go = None;
            egui::ScrollArea::vertical()
                .id_salt("document list")
                .show_rows(ui, row_height, listed.len(), |ui, rows| {
                    for &i in &listed[rows] {
                        let doc = &app.dataset().documents[i];
                        let title: String = doc.title().chars().take(60).collect();
                        let text = format!(
                            "{} {} · {} · {} spans",
                            status_icon(doc.status),
                            doc.id,
                            title,
                            doc.spans.len()
                        );
                        let selected = i == app.current;
                        let response = ui.add(egui::Button::selectable(selected, text).truncate());
                        if response.clicked() {
                            go = Some(i);
                        }
                    }
                });
            if let Some(i) = go {
                app.go_to(i);
            }
        });
}

/// The right panel: label palette, this document's spans, the selected span.
pub fn side_panel(app: &mut App, ui: &mut Ui) {
    egui::Panel::right("labels and spans")
        .default_size(280.0)
        .resizable(true)
        .show(ui, |ui| {
            super::adjudicate::conflict_panel(app, ui);
            let doc_index = app.current;
            let labels = app.dataset().labels.labels.clone();
            ui.heading("Labels");
            let mut apply = None;
            // One pass over the document's spans for every label's count.
            let mut counts: std::collections::HashMap<&str, usize> =
                std::collections::HashMap::new();
            if let Some(doc) = app.session.dataset().documents.get(doc_index) {
                for span in &doc.spans {
                    *counts.entry(span.label.as_str()).or_default() += 1;
                }
            }
            for label in &labels {
                let count = counts.get(label.name.as_str()).copied().unwrap_or(0);
                ui.horizontal(|ui| {
                    let (rect, _) =
                        ui.allocate_exact_size(egui::vec2(14.0, 14.0), egui::Sense::hover());
                    ui.painter()
                        .rect_filled(rect, 3.0, theme::color32(label.color));
                    let key = label.hotkey.map(|k| format!(" ({k})")).unwrap_or_default();
                    let button = ui
                        .button(format!("{}{key}", label.name))
                        .on_hover_text(&label.description);
                    if button.clicked() {
                        apply = Some(label.name.clone());
                    }
                    ui.label(count.to_string());
                });
            }
            if let Some(label) = apply {
                app.apply_label(&label);
            }
            ui.separator();
            span_details(app, ui);
            ui.separator();
            ui.heading("Spans");
            let Some(doc) = app.session.dataset().documents.get(doc_index) else {
                return;
            };
            // Only the rows on screen are built: no per-frame work grows
            // with the document.
            app.view.prepare(doc_index, doc, app.generation);
            let view = &app.view;
            let mut clicked = None;
            egui::ScrollArea::vertical().id_salt("span list").show_rows(
                ui,
                22.0,
                doc.spans.len(),
                |ui, rows| {
                    for span in &doc.spans[rows] {
                        let text = view.slice(&doc.text, span.char_range());
                        let selected = view.selected_span.as_ref() == Some(span);
                        let color = labels
                            .iter()
                            .find(|l| l.name == span.label)
                            .map_or(Color32::GRAY, |l| theme::color32(l.color));
                        ui.horizontal(|ui| {
                            ui.label(
                                RichText::new(span.label.as_str())
                                    .color(color)
                                    .small()
                                    .strong(),
                            );
                            if ui
                                .add(egui::Button::selectable(selected, text).truncate())
                                .clicked()
                            {
                                clicked = Some(span.clone());
                            }
                        });
                    }
                },
            );
            if let Some(span) = clicked {
                app.view.scroll_to(span.start.0);
                app.view.selection = None;
                app.view.selected_span = Some(span);
            }
        });
}

fn span_details(app: &mut App, ui: &mut Ui) {
    ui.heading("Selected span");
    let Some(span) = app.view.selected_span.clone() else {
        ui.label("Click a span to see it here.");
        return;
    };
    let doc = app.current;
    let mut edit = None;
    egui::ComboBox::from_label("Label")
        .selected_text(span.label.as_str())
        .show_ui(ui, |ui| {
            for name in app.dataset().labels.names() {
                if ui.selectable_label(name == span.label, name).clicked() && name != span.label {
                    edit = Some(Edit::Relabel {
                        doc,
                        span: span.clone(),
                        label: name.to_owned(),
                    });
                }
            }
        });
    ui.label(format!(
        "chars {}..{} · origin: {}",
        span.start, span.end, span.origin
    ));
    if app
        .note_draft
        .as_ref()
        .is_none_or(|(for_span, _)| *for_span != span)
    {
        app.note_draft = Some((span.clone(), span.note.clone().unwrap_or_default()));
    }
    let Some((_, draft)) = &mut app.note_draft else {
        return;
    };
    let response = ui.add(
        egui::TextEdit::multiline(draft)
            .desired_rows(2)
            .hint_text("Note"),
    );
    response
        .widget_info(|| egui::WidgetInfo::labeled(egui::Role::MultilineTextInput, true, "Note"));
    if response.lost_focus() {
        let note = Some(draft.trim().to_owned()).filter(|n| !n.is_empty());
        if note != span.note {
            edit = Some(Edit::SetNote {
                doc,
                span: span.clone(),
                note,
            });
        }
    }
    if ui.button("Delete span").clicked() {
        app.queue(Command::DeleteSpan);
    }
    if let Some(edit) = edit {
        let new_span = match &edit {
            Edit::Relabel { label, .. } => Some(crate::model::Span {
                label: label.as_str().into(),
                ..span.clone()
            }),
            Edit::SetNote { note, .. } => Some(crate::model::Span {
                note: note.clone(),
                ..span.clone()
            }),
            _ => None,
        };
        if app.apply(edit) {
            app.view.selected_span = new_span;
            app.note_draft = None;
        }
    }
}

/// The centre: the document's text.
pub fn document_panel(app: &mut App, ui: &mut Ui) {
    egui::CentralPanel::default().show(ui, |ui| {
        let index = app.current;
        let generation = app.generation;
        let dataset = app.session.dataset();
        let Some(doc) = dataset.documents.get(index) else {
            ui.label("This dataset has no documents. Open or import some (Ctrl+O).");
            return;
        };
        ui.horizontal(|ui| {
            ui.heading(&doc.id);
            ui.label(doc.status.as_str().replace('_', " "));
        });
        app.view.prepare(index, doc, generation);
        let output = app.view.ui(ui, doc, &dataset.labels);
        if output.clicked_span.is_some() {
            app.note_draft = None;
        }
    });
}

/// Modal windows: keys help, path prompt, unsaved-changes question.
pub fn overlays(app: &mut App, ctx: &egui::Context) {
    if app.show_help {
        let mut open = true;
        egui::Window::new("Keys")
            .open(&mut open)
            .collapsible(false)
            .show(ctx, |ui| {
                egui::Grid::new("keys grid").striped(true).show(ui, |ui| {
                    for command in Command::ALL {
                        ui.label(RichText::new(command.shortcut_text()).monospace());
                        ui.label(command.tooltip());
                        ui.end_row();
                    }
                    for label in &app.dataset().labels.labels {
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
        app.show_help &= open;
    }
    super::rules_panel::rules_window(app, ctx);
    prompt(app, ctx);
    confirm(app, ctx);
    transfer(app, ctx);
    super::safety::windows(app, ctx);
    super::stats_window::stats_window(app, ctx);
}

fn prompt(app: &mut App, ctx: &egui::Context) {
    let Some(prompt) = &mut app.prompt else {
        return;
    };
    let mut done = None;
    let mut cancel = false;
    egui::Modal::new(egui::Id::unique("path prompt")).show(ctx, |ui| {
        ui.heading(prompt.purpose.title());
        let edit = ui.add(egui::TextEdit::singleline(&mut prompt.text).desired_width(480.0));
        edit.widget_info(|| egui::WidgetInfo::labeled(egui::Role::TextInput, true, "File path"));
        edit.request_focus();
        if let Some(error) = &prompt.error {
            ui.colored_label(ui.visuals().error_fg_color, error);
        }
        ui.horizontal(|ui| {
            let enter = ui.input(|i| i.key_pressed(egui::Key::Enter));
            if ui.button("OK").clicked() || enter {
                done = Some((prompt.purpose, std::path::PathBuf::from(prompt.text.trim())));
            }
            if ui.button("Cancel").clicked() || ui.input(|i| i.key_pressed(egui::Key::Escape)) {
                cancel = true;
            }
        });
    });
    if cancel {
        app.prompt = None;
    } else if let Some((purpose, path)) = done {
        match app.path_chosen(purpose, path) {
            Ok(()) => app.prompt = None,
            Err(err) => {
                if let Some(prompt) = &mut app.prompt {
                    prompt.error = Some(err);
                }
            }
        }
    }
}

fn transfer(app: &mut App, ctx: &egui::Context) {
    if let Some(job) = &app.job {
        super::transfer::progress_ui(job, ctx);
    }
    if let Some(window) = &app.report_window
        && !super::transfer::report_ui(window, ctx)
    {
        app.report_window = None;
    }
    let Some(dialog) = &mut app.transfer else {
        return;
    };
    let mut answer = None;
    egui::Modal::new(egui::Id::unique("transfer dialog")).show(ctx, |ui| {
        answer = super::transfer::dialog_ui(dialog, ui);
    });
    match answer {
        Some(true) => match super::transfer::start(dialog, app.session.dataset()) {
            Ok(job) => {
                app.job = Some(job);
                app.transfer = None;
            }
            Err(err) => dialog.error = Some(err),
        },
        Some(false) => app.transfer = None,
        None => {}
    }
}

fn confirm(app: &mut App, ctx: &egui::Context) {
    let Some(pending) = app.confirm.clone() else {
        return;
    };
    let mut choice = None;
    egui::Modal::new(egui::Id::unique("unsaved changes")).show(ctx, |ui| {
        ui.heading("Unsaved changes");
        ui.label("This dataset has changes that are not saved.");
        ui.horizontal(|ui| {
            if ui.button("Save").clicked() {
                choice = Some(0);
            }
            if ui.button("Discard changes").clicked() {
                choice = Some(1);
            }
            if ui.button("Cancel").clicked() {
                choice = Some(2);
            }
        });
    });
    match choice {
        Some(0) => {
            app.confirm = None;
            match app.path.clone() {
                Some(path) => match app.save_to(&path) {
                    Ok(()) => app.proceed(pending),
                    Err(err) => app.message = Some(err),
                },
                None => app.ask_path(Purpose::SaveAs),
            }
        }
        Some(1) => {
            app.confirm = None;
            app.close_journal(false);
            app.proceed(pending);
        }
        Some(_) => app.confirm = None,
        None => {}
    }
}
