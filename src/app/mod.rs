//! The eframe shell: views read the state and queue [`Command`]s; the app
//! applies the queue once, at the end of the frame (`command_handling.rs`).
//!
//! - [`Workspace`] (no egui): the dataset session and its files.
//! - [`Mode`]: what the keys mean (annotate, review, adjudicate), one
//!   [`mode::Walker`] for every item-by-item mode.
//! - [`modal::Modal`]: the one dialog on screen, if any.
//! - `views/`: one file per panel or window; `doc_view/`: the document text.
//!
//! See `docs/ARCHITECTURE.md`.

mod access;
mod adjudicate;
mod command;
mod command_handling;
mod command_text;
mod doc_view;
mod file_commands;
pub mod files;
pub mod fonts;
mod keys;
pub mod modal;
pub mod mode;
mod model_gui;
pub mod model_loop;
mod review;
pub mod review_order;
mod review_relabel;
mod rules_load;
mod search;
mod suggest;
mod theme;
pub mod transfer;
mod views;
pub mod workspace;

use std::path::PathBuf;

pub use command::{Command, Menu, Scope};
pub use command_text::markdown_key_table;
pub use doc_view::{DocView, Motion, Selection};
pub use mode::Mode;
pub use search::{Found, Search};
pub use workspace::Workspace;

use crate::assets;
use crate::model::{Dataset, Span};

/// What outlives a run (eframe persistence).
#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct Persisted {
    /// Recently opened or saved datasets, newest first.
    pub recent: Vec<PathBuf>,
    /// Dark theme (`Some(true)`), light (`Some(false)`), or follow the system.
    pub dark: Option<bool>,
    /// The model's activation threshold and minimum sentences.
    pub model: model_loop::ModelSettings,
    /// The review's order.
    pub review_order: review_order::ReviewOrder,
}

/// Which windows are open.
#[derive(Debug, Default)]
#[expect(clippy::struct_excessive_bools, reason = "independent windows")]
struct Windows {
    help: bool,
    how_to_start: bool,
    rules: bool,
    stats: bool,
    model: bool,
}

/// The annotator app.
pub struct App {
    ws: Workspace,
    mode: Mode,
    modal: Option<modal::Modal>,
    queue: Vec<Command>,
    current: usize,
    view: DocView,
    list: views::document_list::ListState,
    search: search::Search,
    span_table: views::span_table::SpanTable,
    note_draft: Option<(Span, String)>,
    message: Option<String>,
    windows: Windows,
    caches: views::Caches,
    report_window: Option<transfer::ReportWindow>,
    job: Option<transfer::Job>,
    suggest_job: Option<suggest::SuggestJob>,
    rules_load: Option<rules_load::RulesLoad>,
    dialog: Option<files::Dialog>,
    native_dialogs: bool,
    allow_close: bool,
    rules: suggest::RulesInUse,
    model: model_loop::ModelLoop,
    /// A message about the model file of a dataset just opened.
    model_note: Option<String>,
    review_settings: review_order::ReviewSettings,
    label_editor: views::label_editor::LabelEditorState,
    fonts_set: bool,
    /// Persisted between runs.
    pub persisted: Persisted,
}

impl App {
    /// An app on a dataset, read from `path` (or not yet saved when `None`).
    pub fn new(dataset: Dataset, path: Option<PathBuf>) -> Self {
        Self {
            ws: Workspace::new(dataset, path),
            mode: Mode::Annotate,
            modal: None,
            queue: Vec::new(),
            current: 0,
            view: DocView::default(),
            list: views::document_list::ListState::default(),
            search: search::Search::new(),
            span_table: views::span_table::SpanTable::default(),
            note_draft: None,
            message: None,
            windows: Windows::default(),
            caches: views::Caches::default(),
            report_window: None,
            job: None,
            suggest_job: None,
            rules_load: None,
            dialog: None,
            native_dialogs: true,
            allow_close: false,
            rules: suggest::RulesInUse::default(),
            model: model_loop::ModelLoop::default(),
            model_note: None,
            review_settings: review_order::ReviewSettings::default(),
            label_editor: views::label_editor::LabelEditorState::default(),
            fonts_set: false,
            persisted: Persisted::default(),
        }
        .with_model_replaced()
    }

    /// The app on the bundled sample dataset.
    pub fn sample() -> Self {
        Self::new(assets::sample_dataset(), None)
    }

    /// The app for `spanlab FILES…`: a dataset file, or files to import;
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

    /// Journals datasets that have no file (the sample, imports) under the
    /// data folder `dir` (`None`: not at all), and offers the unsaved work
    /// a stopped window left there, when the app is on the sample.
    #[must_use]
    pub fn with_data_dir(mut self, dir: Option<PathBuf>) -> Self {
        let ws = std::mem::replace(&mut self.ws, Workspace::new(Dataset::default(), None));
        self.ws = ws.with_data_dir(dir);
        // Only on the sample, never over a file or an import just opened.
        if self.ws.generation() == 0
            && self.ws.path().is_none()
            && self.modal.is_none()
            && let Some(recovery) = self.ws.unsaved_recovery()
        {
            self.modal = Some(modal::Modal::Recovery(recovery));
        }
        self
    }

    /// Native file dialogs on or off (off: always the in-app path prompt;
    /// tests turn them off).
    #[must_use]
    pub fn with_native_dialogs(mut self, on: bool) -> Self {
        self.native_dialogs = on;
        self
    }

    /// Opens a dataset file, or imports other files and folders as a new
    /// dataset without a file. On error the open dataset stays as it is.
    pub fn open_paths(&mut self, paths: &[PathBuf]) -> Result<(), String> {
        let is_dataset =
            paths.len() == 1 && crate::store::FileFormat::from_path(&paths[0]).is_some();
        if is_dataset {
            let (message, recovery) = self.ws.open(&paths[0])?;
            self.after_replace();
            self.remember(paths[0].clone());
            self.message = Some(message);
            if let Some(recovery) = recovery {
                self.modal = Some(modal::Modal::Recovery(recovery));
            }
        } else {
            let (n, report) = self.ws.import(paths)?;
            self.after_replace();
            self.message = Some(format!(
                "Imported {}; save to choose a file",
                crate::text::count(n, "document")
            ));
            if !report.is_empty() {
                self.report_window = Some(transfer::ReportWindow {
                    title: "Import report".into(),
                    summary: vec![format!("{} imported", crate::text::count(n, "document"))],
                    report,
                });
            }
        }
        Ok(())
    }

    /// Resets what belonged to the dataset that was replaced.
    fn after_replace(&mut self) {
        self.mode = Mode::Annotate;
        self.current = 0;
        self.view.reset();
        self.note_draft = None;
        self.list.invalidate();
        self.model_replaced();
        if matches!(
            self.modal,
            Some(modal::Modal::Recovery(_) | modal::Modal::Changed(_))
        ) {
            self.modal = None;
        }
    }

    fn remember(&mut self, path: PathBuf) {
        let recent = &mut self.persisted.recent;
        recent.retain(|p| *p != path);
        recent.insert(0, path);
        recent.truncate(10);
    }

    /// Draws the whole app for one frame: the views read the state and
    /// queue commands, then the queue is applied.
    pub fn ui(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        if !self.fonts_set {
            // The app's bundled fonts (the menus' arrows), in every harness too.
            fonts::install(&ctx, false);
            self.fonts_set = true;
        }
        if self.modal.is_none() {
            self.handle_keys(ui);
        }
        self.poll_dialog(&ctx);
        self.poll_job();
        self.poll_suggest_job();
        self.poll_rules_load();
        self.poll_model(&ctx);
        self.handle_dropped_files(&ctx);
        self.views_ui(ui);
        self.search.update(self.ws.dataset(), self.ws.generation());
        if self.search.is_running() {
            ctx.request_repaint_after(std::time::Duration::from_millis(30));
        }
        self.run_queue(ui);
        if let Some(warning) = self.ws.flush_journal() {
            self.message = Some(warning);
        }
    }

    /// Every view, in panel order; each reads and queues.
    fn views_ui(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        let q = &mut self.queue;
        views::menu_bar::ui(ui, &self.persisted.recent, q);
        // Nothing about the model until it exists or trains.
        let model_status = (self.model.model().is_some() || self.model.is_busy())
            .then(|| self.model.status_line());
        views::status_bar::ui(
            ui,
            &self.ws,
            self.message.as_deref(),
            model_status.as_deref(),
        );
        views::document_list::ui(
            ui,
            &self.ws,
            self.current,
            &mut self.list,
            &mut self.search,
            q,
        );
        let review = match &self.mode {
            Mode::Review(walker) => walker.current.as_ref().map(|c| (c, &mut self.caches)),
            _ => None,
        };
        views::side_panel::ui(
            ui,
            &self.ws,
            self.current,
            &mut self.view,
            &mut self.note_draft,
            review,
            q,
        );
        views::mode_panel::ui(
            ui,
            &self.mode,
            &self.ws,
            &mut self.view,
            &self.review_settings,
            q,
        );
        views::document_panel::ui(
            ui,
            &self.ws,
            self.current,
            &mut self.view,
            &mut self.note_draft,
            &self.search,
        );
        views::help::ui(
            &ctx,
            &mut self.windows.help,
            &mut self.windows.how_to_start,
            self.ws.dataset(),
        );
        views::rules_window::ui(
            &ctx,
            &mut self.windows.rules,
            self.suggest_job.as_ref(),
            &self.rules,
            &self.ws,
            &mut self.caches,
            q,
        );
        views::stats_window::ui(&ctx, &mut self.windows.stats, &self.ws, &mut self.caches);
        views::model_window::ui(
            &ctx,
            &mut self.windows.model,
            &self.model,
            &self.review_settings,
            q,
        );
        views::span_table::ui(&ctx, &mut self.span_table, &self.ws, q);
        views::label_editor::ui(&ctx, &mut self.label_editor, &self.ws, q);
        if let Some(job) = &self.job {
            transfer::progress_ui(job, &ctx);
        }
        if let Some(window) = &self.report_window
            && !transfer::report_ui(window, &ctx)
        {
            self.report_window = None;
        }
        if let Some(modal) = &mut self.modal {
            modal::ui(&ctx, modal, q);
        }
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

fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    chars
        .next()
        .map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
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
            // eframe adds the system font provider itself (`system_fonts`).
            fonts::install(&cc.egui_ctx, false);
            let mut app = App::from_args(&files)
                .with_data_dir(crate::store::unsaved::data_dir())
                .with_model_training(true);
            if let Some(storage) = cc.storage {
                app.persisted = eframe::get_value(storage, eframe::APP_KEY).unwrap_or_default();
                app.apply_persisted();
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
