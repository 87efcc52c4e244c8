//! The desktop annotator: an eframe app over an [`edit::Session`].
//!
//! The app never changes the dataset directly: widgets queue [`Command`]s
//! or produce [`Edit`]s, which the session applies (so undo covers all).

mod adjudicate;
mod command;
mod doc_view;
mod file_ops;
mod files;
mod panels;
mod review;
mod rules_panel;
mod safety;
mod stats_window;
mod theme;
mod transfer;

use std::path::{Path, PathBuf};
use std::time::Instant;

use egui::{Event, Key, Modifiers};

pub use command::{Command, markdown_key_table};
pub use doc_view::{DocView, Motion, Selection};
use files::{Dialog, Prompt, Purpose};
use transfer::{Direction, Job, ReportWindow, TransferDialog};

use crate::assets;
use crate::edit::{Edit, Session};
use crate::model::{Dataset, Span, Status};

/// What outlives a run (eframe persistence).
#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct Persisted {
    /// Recently opened or saved datasets, newest first.
    pub recent: Vec<PathBuf>,
    /// Dark theme (`Some(true)`), light (`Some(false)`), or follow the system.
    pub dark: Option<bool>,
}

/// Something that waits for the user to decide about unsaved changes.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Pending {
    Quit,
    Open(Option<PathBuf>),
    Import,
}

/// Which documents the list shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum StatusFilter {
    /// Every document.
    #[default]
    All,
    /// Only documents with this status.
    Only(Status),
}

/// What the filtered document list depends on: revision, generation, filter, search.
type ListKey = (u64, u64, StatusFilter, String);

/// The annotator app.
#[expect(clippy::struct_excessive_bools, reason = "independent UI flags")]
pub struct App {
    session: Session,
    /// The file the dataset came from; `None` for the bundled sample or imports.
    path: Option<PathBuf>,
    /// That file as loaded or last saved, to notice other programs' changes.
    disk: Option<crate::store::FileStamp>,
    /// The journal of edits since the last save (started by the first edit).
    journal: Option<crate::store::Journal>,
    /// A journal found when opening, waiting for the user's answer.
    recovery: Option<safety::Recovery>,
    /// The file another program changed, waiting for the user's answer.
    conflict: Option<PathBuf>,
    /// Bumped whenever the dataset is replaced, so views drop their caches.
    generation: u64,
    current: usize,
    view: DocView,
    filter: StatusFilter,
    search: String,
    focus_search: bool,
    /// The filtered document list and the (revision, filter, search) it is for.
    listed: (Vec<usize>, Option<ListKey>),
    show_help: bool,
    message: Option<String>,
    prompt: Option<Prompt>,
    dialog: Option<Dialog>,
    native_dialogs: bool,
    confirm: Option<Pending>,
    allow_close: bool,
    queue: Vec<Command>,
    last_autosave: Option<(Instant, u64, String)>,
    autosave_enabled: bool,
    /// Persisted between runs.
    pub persisted: Persisted,
    note_draft: Option<(Span, String)>,
    transfer: Option<TransferDialog>,
    job: Option<Job>,
    report_window: Option<ReportWindow>,
    review: Option<review::Review>,
    adjudication: Option<adjudicate::Adjudication>,
    show_stats: bool,
    /// The figures the statistics window charts, and the (revision,
    /// generation) they were counted at.
    stats: Option<((u64, u64), crate::eval::Statistics)>,
    /// The rules in use: the built-in default rules.
    rules_file: crate::rules::RulesFile,
    /// The folder gazetteer paths are relative to; `None` for the built-in
    /// gazetteers of the default rules.
    rules_dir: Option<PathBuf>,
    show_rules: bool,
    suggest_job: Option<review::SuggestJob>,
    /// Per-rule statistics and the (revision, generation) they were counted at.
    rule_stats: Option<(
        (u64, u64),
        std::collections::BTreeMap<String, crate::rules::RuleStats>,
    )>,
}

impl App {
    /// An app on a dataset, read from `path` (or not yet saved when `None`).
    pub fn new(dataset: Dataset, path: Option<PathBuf>) -> Self {
        let mut session = Session::new(dataset);
        session.record_applied();
        Self {
            session,
            path,
            disk: None,
            journal: None,
            recovery: None,
            conflict: None,
            generation: 0,
            current: 0,
            view: DocView::default(),
            filter: StatusFilter::All,
            search: String::new(),
            focus_search: false,
            listed: (Vec::new(), None),
            show_help: false,
            message: None,
            prompt: None,
            dialog: None,
            native_dialogs: true,
            confirm: None,
            allow_close: false,
            queue: Vec::new(),
            last_autosave: None,
            autosave_enabled: true,
            persisted: Persisted::default(),
            note_draft: None,
            transfer: None,
            job: None,
            report_window: None,
            review: None,
            adjudication: None,
            show_stats: false,
            stats: None,
            rules_file: crate::rules::default_rules_file(),
            rules_dir: None,
            show_rules: false,
            suggest_job: None,
            rule_stats: None,
        }
    }

    /// The app on the bundled sample dataset.
    pub fn sample() -> Self {
        Self::new(assets::sample_dataset(), None)
    }

    /// The app for `spanlab FILES…`: a dataset file, or text files to import;
    /// the sample when none are given. A file that cannot be read leaves the
    /// sample open with the error shown.
    pub fn from_args(files: &[PathBuf]) -> Self {
        let mut app = Self::sample();
        if !files.is_empty()
            && let Err(err) = app.open_paths(files)
        {
            app.message = Some(err);
        }
        app
    }

    /// Native file dialogs on or off (off: always the in-app path prompt;
    /// tests turn them off). Also turns autosave off when `false`.
    #[must_use]
    pub fn with_native_dialogs(mut self, on: bool) -> Self {
        self.native_dialogs = on;
        self.autosave_enabled = on;
        self
    }

    /// The session: the dataset, its history, the saved revision.
    pub fn session(&self) -> &Session {
        &self.session
    }

    /// The dataset.
    pub fn dataset(&self) -> &Dataset {
        self.session.dataset()
    }

    /// The index of the document on screen.
    pub fn current_document(&self) -> usize {
        self.current
    }

    /// The file the dataset is saved to, if any.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// The last message shown in the status bar.
    pub fn message(&self) -> Option<&str> {
        self.message.as_deref()
    }

    /// The conflict being adjudicated, if adjudicating: (document, conflict).
    pub fn adjudicating(&self) -> Option<&(usize, crate::model::Conflict)> {
        self.adjudication.as_ref().and_then(|a| a.current.as_ref())
    }

    /// The suggestion under review, if reviewing: (document, suggestion).
    pub fn reviewing(&self) -> Option<&(usize, Span)> {
        self.review.as_ref().and_then(|r| r.current.as_ref())
    }

    /// The document view (selection, layout), for tests.
    pub fn view(&self) -> &DocView {
        &self.view
    }

    /// Selects a char range of the current document, as a drag would.
    pub fn select(&mut self, range: std::ops::Range<usize>) {
        self.view.selected_span = None;
        self.view.selection = Some(Selection::of(range));
    }

    /// Queues a command, as a menu click or a key does.
    pub fn queue(&mut self, command: Command) {
        self.queue.push(command);
    }

    /// Replaces the dataset (after open or import).
    fn replace(&mut self, dataset: Dataset, path: Option<PathBuf>) {
        // Changes the user chose not to save: their journal is set aside.
        self.close_journal(!self.session.is_dirty());
        self.session = Session::new(dataset);
        self.session.record_applied();
        self.path = path;
        self.disk = None;
        self.recovery = None;
        self.conflict = None;
        self.generation += 1;
        self.current = 0;
        self.view.reset();
        self.listed.1 = None;
        self.last_autosave = None;
        if let Some(path) = &self.path {
            self.remember(path.clone());
        }
    }

    fn remember(&mut self, path: PathBuf) {
        let recent = &mut self.persisted.recent;
        recent.retain(|p| *p != path);
        recent.insert(0, path);
        recent.truncate(10);
    }

    /// Applies an edit; a refused edit shows why and changes nothing.
    fn apply(&mut self, edit: Edit) -> bool {
        match self.session.apply(edit) {
            Ok(()) => true,
            Err(err) => {
                self.message = Some(capitalise(&err.to_string()));
                false
            }
        }
    }

    /// Applies `label` to the selection (new span) or to the selected span (relabel).
    pub fn apply_label(&mut self, label: &str) {
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
        let Some(range) = self.view.selection.as_ref().map(Selection::range) else {
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
        if self.dataset().documents[doc].status == Status::New {
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

    fn go_to(&mut self, index: usize) {
        if index < self.dataset().documents.len() && index != self.current {
            self.current = index;
            self.view.reset();
            self.note_draft = None;
        }
    }

    fn step_document(&mut self, forward: bool) {
        let list = self.listed_documents().to_vec();
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

    /// The documents the list shows, in dataset order.
    pub fn listed_documents(&mut self) -> &[usize] {
        let key = (
            self.session.revision(),
            self.generation,
            self.filter,
            self.search.clone(),
        );
        if self.listed.1.as_ref() != Some(&key) {
            let needle = self.search.to_lowercase();
            self.listed.0 = self
                .dataset()
                .documents
                .iter()
                .enumerate()
                .filter(|(_, d)| match self.filter {
                    StatusFilter::All => true,
                    StatusFilter::Only(status) => d.status == status,
                })
                .filter(|(_, d)| {
                    needle.is_empty()
                        || d.id.to_lowercase().contains(&needle)
                        || d.text.to_lowercase().contains(&needle)
                })
                .map(|(i, _)| i)
                .collect();
            self.listed.1 = Some(key);
        }
        &self.listed.0
    }

    fn set_status_and_next(&mut self, status: Status) {
        let doc = self.current;
        if self
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
                let spans = &self.dataset().documents[self.current].spans;
                if let Some(selected) = &self.view.selected_span
                    && !spans.contains(selected)
                {
                    self.view.selected_span = None;
                }
                self.message = None;
            }
        }
    }

    /// Runs one command.
    fn run(&mut self, ui: &egui::Ui, command: Command) {
        let doc_index = self.current;
        match command {
            Command::Open => self.request(Pending::Open(None)),
            Command::Save => match self.path.clone() {
                Some(path) => {
                    if let Err(err) = self.save_to(&path) {
                        self.message = Some(err);
                    }
                }
                None => self.ask_path(Purpose::SaveAs),
            },
            Command::SaveAs => self.ask_path(Purpose::SaveAs),
            Command::Quit => self.request(Pending::Quit),
            Command::Import => self.request(Pending::Import),
            Command::Export => self.transfer = Some(TransferDialog::new(Direction::Export)),
            Command::Undo => {
                let edit = self.session.undo();
                self.after_history_move(edit);
            }
            Command::Redo => {
                let edit = self.session.redo();
                self.after_history_move(edit);
            }
            Command::Search => self.focus_search = true,
            Command::NextDocument => self.step_document(true),
            Command::PreviousDocument => self.step_document(false),
            Command::DoneAndNext => self.set_status_and_next(Status::Done),
            Command::SkipAndNext => self.set_status_and_next(Status::Skipped),
            Command::DeleteSpan => {
                if let Some(span) = self.view.selected_span.take() {
                    self.apply(Edit::RemoveSpan {
                        doc: doc_index,
                        span,
                    });
                } else {
                    self.message = Some("Click a span first to delete it".into());
                }
            }
            Command::ClearSelection => {
                self.view.selection = None;
                self.view.selected_span = None;
                self.show_help = false;
                if self.review.is_some() {
                    self.toggle_review();
                }
            }
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
            Command::Help => self.show_help = !self.show_help,
            Command::Review => self.toggle_review(),
            Command::AcceptSuggestion
            | Command::RejectSuggestion
            | Command::SkipSuggestion
            | Command::UndoDecision
            | Command::AcceptAllLikeThis => self.review_command(command),
            Command::PropagateDocument => self.propagate_selected(false, false),
            Command::AcceptPropagateDocument => self.propagate_selected(false, true),
            Command::PropagateDataset => self.propagate_selected(true, false),
            Command::AcceptPropagateDataset => self.propagate_selected(true, true),
            Command::SuggestDocument => self.run_rules(false),
            Command::SuggestAll => self.run_rules(true),
            Command::Rules => self.show_rules = !self.show_rules,
            Command::Statistics => self.show_stats = !self.show_stats,
            Command::LoadRules => self.ask_path(Purpose::LoadRules),
            Command::Adjudicate => self.toggle_adjudication(),
            Command::SkipConflict => {
                if !self.adjudication_resume() {
                    self.adjudication_command(command);
                }
            }
            Command::TakeVersion1
            | Command::TakeVersion2
            | Command::TakeVersion3
            | Command::TakeVersion4
            | Command::RejectConflict
            | Command::EditConflict
            | Command::UndoResolution => self.adjudication_command(command),
        }
    }

    fn motion(&mut self, ui: &egui::Ui, motion: Motion, extend: bool) {
        let Some(doc) = self.session.dataset().documents.get(self.current) else {
            return;
        };
        self.view.move_cursor(ui, doc, motion, extend);
    }

    /// Handles keys: commands first, then label hotkeys.
    fn handle_keys(&mut self, ui: &egui::Ui) {
        let typing = ui.ctx().egui_wants_keyboard_input();
        let mut labels_pressed = Vec::new();
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
                let mode = if self.review.is_some() {
                    Some(command::Mode::Review)
                } else if self.adjudication.is_some() {
                    Some(command::Mode::Adjudicate)
                } else {
                    None
                };
                let hit = Command::ALL
                    .into_iter()
                    .find(|command| {
                        command.mode().is_some()
                            && command.mode() == mode
                            && command.shortcuts().iter().any(|s| {
                                s.logical_key == *key && modifiers.matches_exact(s.modifiers)
                            })
                    })
                    .or_else(|| {
                        Command::ALL.into_iter().find(|command| {
                            command.mode().is_none()
                                && command.shortcuts().iter().any(|s| {
                                    s.logical_key == *key && modifiers.matches_exact(s.modifiers)
                                })
                        })
                    });
                if let Some(command) = hit {
                    if typing && command.is_text_navigation() && command != Command::ClearSelection
                    {
                        return true;
                    }
                    self.queue.push(command);
                    return false;
                }
                if !typing && (modifiers.is_none() || *modifiers == Modifiers::SHIFT) {
                    labels_pressed.push(*key);
                }
                true
            });
        });
        for key in labels_pressed {
            let label = self
                .dataset()
                .labels
                .labels
                .iter()
                .find(|l| l.hotkey.and_then(hotkey_key) == Some(key))
                .map(|l| l.name.clone());
            if let Some(label) = label {
                self.apply_label(&label);
            }
        }
    }

    /// Draws the whole app for one frame and applies what the user did.
    pub fn ui(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        if self.prompt.is_none()
            && self.confirm.is_none()
            && self.transfer.is_none()
            && self.recovery.is_none()
            && self.conflict.is_none()
        {
            self.handle_keys(ui);
        }
        self.poll_dialog(&ctx);
        self.poll_job();
        self.poll_suggest_job();
        self.handle_dropped_files(&ctx);
        panels::menu_bar(self, ui);
        panels::status_bar(self, ui);
        panels::document_list(self, ui);
        panels::side_panel(self, ui);
        panels::document_panel(self, ui);
        panels::overlays(self, &ctx);
        let queued = std::mem::take(&mut self.queue);
        for command in queued {
            self.run(ui, command);
        }
        self.flush_journal();
        self.autosave();
    }
}

impl eframe::App for App {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        Self::ui(self, ui);
        self.close_requested(&ui.ctx().clone());
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, eframe::APP_KEY, &self.persisted);
    }
}

/// The egui key for a label hotkey (letters and digits).
fn hotkey_key(c: char) -> Option<Key> {
    Key::from_name(&c.to_uppercase().to_string())
}

fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    chars
        .next()
        .map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}

/// The wall-clock time as HH:MM:SS (UTC), for the status bar.
fn clock_time() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    format!(
        "{:02}:{:02}:{:02} UTC",
        secs / 3600 % 24,
        secs / 60 % 60,
        secs % 60
    )
}

/// Opens the annotator window on `files` (or the sample) and runs until it closes.
pub fn run(files: &[PathBuf]) -> anyhow::Result<()> {
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("spanlab")
            .with_inner_size([1280.0, 800.0])
            .with_min_inner_size([640.0, 400.0])
            .with_drag_and_drop(true),
        persist_window: true,
        ..Default::default()
    };
    let files = files.to_vec();
    eframe::run_native(
        "spanlab",
        options,
        Box::new(move |cc| {
            let mut app = App::from_args(&files);
            if let Some(storage) = cc.storage {
                app.persisted = eframe::get_value(storage, eframe::APP_KEY).unwrap_or_default();
            }
            if let Some(dark) = app.persisted.dark {
                cc.egui_ctx.set_theme(if dark {
                    egui::Theme::Dark
                } else {
                    egui::Theme::Light
                });
            }
            Ok(Box::new(app))
        }),
    )
    .map_err(|e| anyhow::anyhow!("cannot open the window: {e}"))
}
