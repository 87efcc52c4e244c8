//! Applying the command queue, once at the end of the frame: the only place
//! where what the user did changes the workspace, the mode or the view.
//! Keys become commands here too (`handle_keys`).

use egui::{Event, Modifiers};

use super::files::Purpose;
use super::keys::hotkey_key;
use super::modal::{Modal, Pending};
use super::transfer::{Direction, TransferDialog};
use super::{App, Command, Mode, Motion, capitalise};
use crate::edit::Edit;
use crate::model::{Span, Status};

impl App {
    /// Turns this frame's key presses into commands (the mode's meaning of
    /// a key first), label keys into [`Command::ApplyLabel`].
    pub(super) fn handle_keys(&mut self, ui: &egui::Ui) {
        let typing = ui.ctx().egui_wants_keyboard_input();
        // An open menu takes Escape itself (and closes).
        let menu_open = egui::Popup::is_any_open(ui.ctx());
        let mode = &self.mode;
        let labels = &self.ws.dataset().labels.labels;
        let queue = &mut self.queue;
        ui.input_mut(|input| {
            input.events.retain(|event| {
                let Event::Key {
                    key,
                    pressed: true,
                    modifiers,
                    ..
                } = event
                else {
                    return true;
                };
                if let Some(command) = Command::for_key(*key, *modifiers, |c| mode.takes(c)) {
                    if command == Command::ClearSelection && menu_open {
                        return true;
                    }
                    if typing && command.is_text_navigation() && command != Command::ClearSelection
                    {
                        return true;
                    }
                    queue.push(command);
                    return false;
                }
                if !typing && (modifiers.is_none() || *modifiers == Modifiers::SHIFT) {
                    let label = labels
                        .iter()
                        .find(|l| l.hotkey.and_then(hotkey_key) == Some(*key));
                    if let Some(label) = label {
                        queue.push(Command::ApplyLabel(label.name.clone()));
                        return false;
                    }
                }
                true
            });
        });
    }

    /// Applies the queued commands, in order.
    pub(super) fn run_queue(&mut self, ui: &egui::Ui) {
        let queued = std::mem::take(&mut self.queue);
        if !queued.is_empty() {
            // What the commands changed shows in the next frame: ask for it.
            ui.ctx().request_repaint();
        }
        for command in queued {
            self.run(ui, command);
        }
    }

    /// Applies an edit; a refused edit shows why and changes nothing.
    pub(super) fn apply(&mut self, edit: Edit) -> bool {
        match self.ws.apply(edit) {
            Ok(()) => true,
            Err(err) => {
                self.message = Some(capitalise(&err.to_string()));
                false
            }
        }
    }

    /// Runs a command about files and dialogs; gives back any other.
    fn run_file_command(&mut self, command: Command) -> Option<Command> {
        match command {
            Command::Open => self.request(Pending::Open(None)),
            Command::OpenRecent(path) => self.request(Pending::Open(Some(path))),
            Command::Save => self.save(),
            Command::SaveAs => self.ask_path(Purpose::SaveAs),
            Command::Quit => self.request(Pending::Quit),
            Command::Import => self.request(Pending::Import),
            Command::Export => {
                self.modal = Some(Modal::Transfer(TransferDialog::new(Direction::Export)));
            }
            Command::LoadRules => self.ask_path(Purpose::LoadRules),
            Command::PathChosen(purpose, path) => {
                if let Err(err) = self.path_chosen(purpose, path) {
                    self.message = Some(err);
                }
            }
            Command::Answer(answer) => self.answer(answer),
            other => return Some(other),
        }
        None
    }

    /// Runs one command.
    fn run(&mut self, ui: &egui::Ui, command: Command) {
        let rest = self
            .run_file_command(command)
            .and_then(|c| self.run_model_command(c));
        let Some(command) = rest else {
            return;
        };
        match command {
            Command::Undo => {
                let edit = self.ws.undo();
                self.after_history_move(edit);
            }
            Command::Redo => {
                let edit = self.ws.redo();
                self.after_history_move(edit);
            }
            Command::Search => self.list.focus_search(),
            Command::NextDocument => self.step_document(true),
            Command::PreviousDocument => self.step_document(false),
            Command::GoTo(doc) => self.go_to(doc),
            Command::DoneAndNext => self.set_status_and_next(Status::Done),
            Command::SkipAndNext => self.set_status_and_next(Status::Skipped),
            Command::DeleteSpan => self.delete_span(),
            Command::ClearSelection => self.clear_selection(),
            Command::WordLeft => self.motion(ui, Motion::Left, false),
            Command::WordRight => self.motion(ui, Motion::Right, false),
            Command::LineUp => self.motion(ui, Motion::Up, false),
            Command::LineDown => self.motion(ui, Motion::Down, false),
            Command::LineStart => self.motion(ui, Motion::RowStart, false),
            Command::LineEnd => self.motion(ui, Motion::RowEnd, false),
            Command::ExtendLeft => self.motion(ui, Motion::Left, true),
            Command::ExtendRight => self.motion(ui, Motion::Right, true),
            Command::ExtendUp => self.motion(ui, Motion::Up, true),
            Command::ExtendDown => self.motion(ui, Motion::Down, true),
            Command::ToggleTheme => {
                let dark = !ui.visuals().dark_mode;
                self.persisted.dark = Some(dark);
                ui.ctx().set_theme(if dark {
                    egui::Theme::Dark
                } else {
                    egui::Theme::Light
                });
                self.view.reset_layout();
            }
            Command::Help => self.windows.help = !self.windows.help,
            Command::HowToStart => self.windows.how_to_start = !self.windows.how_to_start,
            Command::Rules => self.windows.rules = !self.windows.rules,
            Command::Statistics => self.windows.stats = !self.windows.stats,
            Command::LabelEditor => self.label_editor.open = !self.label_editor.open,
            Command::ApplyLabel(label) => self.apply_label(&label),
            Command::Edit(edit) => self.apply_detail_edit(edit),
            Command::SelectSpan(span) => {
                self.view.scroll_to(span.start.0);
                self.view.selection = None;
                self.view.selected_span = Some(span);
            }
            Command::Review => self.toggle_review(),
            Command::Adjudicate => self.toggle_adjudication(),
            Command::Accept
            | Command::Reject
            | Command::Skip
            | Command::UndoDecision
            | Command::AcceptAllLikeThis
            | Command::TakeVersion(_)
            | Command::ResolveByHand => self.walk_command(&command),
            Command::PropagateDocument => self.propagate_selected(false, false),
            Command::AcceptPropagateDocument => self.propagate_selected(false, true),
            Command::PropagateDataset => self.propagate_selected(true, false),
            Command::AcceptPropagateDataset => self.propagate_selected(true, true),
            Command::SuggestDocument => self.run_rules(false),
            Command::SuggestAll => self.run_rules(true),
            Command::DecideAll {
                accept,
                rule,
                label,
            } => self.decide_all_command(accept, rule.as_deref(), label.as_deref()),
            Command::SetRule { id, on } => self.set_rule(&id, on),
            Command::FindNext => self.find(true),
            Command::FindPrevious => self.find(false),
            Command::ClearSearch => self.search.clear(),
            Command::SpanTable => {
                self.span_table.open = !self.span_table.open;
                self.span_table.focus_filter = self.span_table.open;
            }
            // Files, dialogs and the model: run above.
            Command::Open
            | Command::OpenRecent(_)
            | Command::Save
            | Command::SaveAs
            | Command::Quit
            | Command::Import
            | Command::Export
            | Command::LoadRules
            | Command::PathChosen(..)
            | Command::Answer(_)
            | Command::Model
            | Command::TrainModel
            | Command::OrderReview(_)
            | Command::AcceptConfident { .. }
            | Command::SetModelSettings(_)
            | Command::SetMinConfidence(_) => {}
        }
    }

    /// Esc: clears the selection, closes the key sheet, stops a review;
    /// with nothing of that to do, clears the search.
    fn clear_selection(&mut self) {
        let nothing_selected = self.view.selection.is_none() && self.view.selected_span.is_none();
        if nothing_selected && !self.windows.help && !matches!(self.mode, Mode::Review(_)) {
            self.search.clear();
        }
        self.view.selection = None;
        self.view.selected_span = None;
        self.windows.help = false;
        self.windows.how_to_start = false;
        if matches!(self.mode, Mode::Review(_)) {
            self.toggle_review();
        }
    }

    /// Sends an item-by-item command to the mode that takes it.
    fn walk_command(&mut self, command: &Command) {
        match self.mode {
            Mode::Review(_) => self.review_command(command),
            Mode::Adjudicate(_) => self.adjudication_command(command),
            Mode::Annotate => {}
        }
    }

    /// Applies `label` to the selection (new span) or to the selected span (relabel).
    fn apply_label(&mut self, label: &str) {
        if self.relabel_accept(label) {
            return;
        }
        let doc = self.current;
        if let Some(span) = self.view.selected_span.clone() {
            if span.label == label {
                return;
            }
            let edit = Edit::Relabel {
                doc,
                span: span.clone(),
                label: label.to_owned(),
            };
            if self.apply(edit) {
                self.view.selected_span = Some(Span {
                    label: label.into(),
                    ..span
                });
                self.message = None;
            }
            return;
        }
        let Some(range) = self.view.selection.as_ref().map(super::Selection::range) else {
            self.message = Some("Select some text first (drag, double-click or arrow keys)".into());
            return;
        };
        if range.is_empty() {
            return;
        }
        let span = Span::new(range.start, range.end, label);
        let mut edits = vec![Edit::AddSpan {
            doc,
            span: span.clone(),
        }];
        if self
            .ws
            .dataset()
            .documents
            .get(doc)
            .is_some_and(|d| d.status == Status::New)
        {
            edits.push(Edit::SetStatus {
                doc,
                status: Status::InProgress,
            });
        }
        if self.apply(Edit::Group(edits)) {
            // Collapse the selection so the new span shows in its own colour.
            self.view.selection = None;
            self.view.selected_span = Some(span);
            self.message = None;
        }
    }

    /// An edit from the span details (relabel, note): the selected span follows it.
    fn apply_detail_edit(&mut self, edit: Edit) {
        let new_span = match &edit {
            Edit::Relabel { span, label, .. } => Some(Span {
                label: label.as_str().into(),
                ..span.clone()
            }),
            Edit::SetNote { span, note, .. } => Some(Span {
                note: note.clone(),
                ..span.clone()
            }),
            _ => None,
        };
        // A renamed or merged label leaves no selected span behind.
        if matches!(edit, Edit::Labels(_)) {
            self.view.selected_span = None;
        }
        if self.apply(edit) {
            if new_span.is_some() {
                self.view.selected_span = new_span;
            }
            self.note_draft = None;
        }
    }

    fn delete_span(&mut self) {
        if let Some(span) = self.view.selected_span.take() {
            let doc = self.current;
            self.apply(Edit::RemoveSpan { doc, span });
        } else {
            self.message = Some("Click a span first to delete it".into());
        }
    }

    /// Shows document `index`.
    pub(super) fn go_to(&mut self, index: usize) {
        if index < self.ws.dataset().documents.len() && index != self.current {
            self.current = index;
            self.view.reset();
            // Prepared now, so a span selected by the next command (a jump
            // from the span table) survives the next frame.
            if let Some(doc) = self.ws.dataset().documents.get(index) {
                self.view.prepare(index, doc, self.ws.generation());
            }
            self.note_draft = None;
            self.list.scroll_to_current();
        }
    }

    fn step_document(&mut self, forward: bool) {
        let list = self.list.listed(&self.ws, &self.search).to_vec();
        let pos = list.iter().position(|&i| i == self.current);
        let next = match (pos, forward) {
            (Some(p), true) => list.get(p + 1).copied(),
            (Some(p), false) => p.checked_sub(1).and_then(|p| list.get(p).copied()),
            (None, true) => list.iter().copied().find(|&i| i > self.current),
            (None, false) => list.iter().rev().copied().find(|&i| i < self.current),
        };
        if let Some(i) = next {
            self.go_to(i);
        } else {
            let end = if forward { "last" } else { "first" };
            self.message = Some(format!("This is the {end} document"));
        }
    }

    fn set_status_and_next(&mut self, status: Status) {
        let doc = self.current;
        if self
            .ws
            .dataset()
            .documents
            .get(doc)
            .is_some_and(|d| d.status != status)
        {
            self.apply(Edit::SetStatus { doc, status });
        }
        self.step_document(true);
    }

    fn after_history_move(&mut self, edit: Option<Edit>) {
        match edit {
            None => self.message = Some("Nothing to undo or redo".into()),
            Some(edit) => {
                if let Some(&doc) = edit.documents().first()
                    && doc != self.current
                {
                    self.go_to(doc);
                }
                let spans = self
                    .ws
                    .dataset()
                    .documents
                    .get(self.current)
                    .map(|d| d.spans.as_slice())
                    .unwrap_or_default();
                if let Some(selected) = &self.view.selected_span
                    && !spans.contains(selected)
                {
                    self.view.selected_span = None;
                }
                self.message = None;
            }
        }
    }

    fn motion(&mut self, ui: &egui::Ui, motion: Motion, extend: bool) {
        let Some(doc) = self.ws.dataset().documents.get(self.current) else {
            return;
        };
        self.view.move_cursor(ui, doc, motion, extend);
    }
}
