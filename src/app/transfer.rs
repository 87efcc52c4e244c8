//! File > Import… and File > Export…: a dialog with the same choices as the
//! command line, the work on a worker thread with a progress bar, and a
//! report window of what the format could not hold.

use std::path::PathBuf;
use std::sync::mpsc::{Receiver, channel};
use std::time::Instant;

use egui::Ui;

use super::modal::{Answer, buttons};
use crate::formats::{self, ExportOptions, Imported, Report, split};
use crate::model::{Dataset, Status};

/// Import or export.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    /// Read another tool's files into a new dataset.
    Import,
    /// Write the dataset for another tool.
    Export,
}

/// The dialog's choices.
#[expect(clippy::struct_excessive_bools, reason = "independent check boxes")]
#[derive(Debug)]
pub struct TransferDialog {
    /// Import or export.
    pub direction: Direction,
    /// Index into [`formats::REGISTRY`]; `None` guesses (import only).
    pub format: Option<usize>,
    /// The file or folder.
    pub path: String,
    /// Export only documents marked done.
    pub only_done: bool,
    /// Split spec, e.g. `train=0.8,dev=0.1,test=0.1`; empty for none.
    pub split: String,
    /// Seed of the split.
    pub seed: u64,
    /// CoNLL: BIOES instead of IOB2.
    pub bioes: bool,
    /// JSONL: with tokens.
    pub tokens: bool,
    /// Import: label map, e.g. `PER=PERSON,GPE=LOC`; empty for none.
    pub map: String,
    /// Import: where CoNLL documents begin (`auto`, `docstart`,
    /// `sentence`, or N sentences).
    pub doc_split: String,
    /// Why the last attempt did not start.
    pub error: Option<String>,
    /// Focus the path field on the first frame.
    focused: bool,
}

impl TransferDialog {
    /// A dialog with defaults.
    pub fn new(direction: Direction) -> Self {
        Self {
            direction,
            format: match direction {
                Direction::Import => None,
                Direction::Export => Some(0),
            },
            path: String::new(),
            only_done: false,
            split: String::new(),
            seed: 0,
            bioes: false,
            tokens: false,
            map: String::new(),
            doc_split: String::new(),
            error: None,
            focused: false,
        }
    }
}

/// What a finished job hands back.
pub enum Outcome {
    /// An import's documents (not yet in any dataset).
    Imported(Result<Imported, String>),
    /// An export's summary lines and report.
    Exported(Result<(Vec<String>, Report), String>),
}

/// Work running on a worker thread.
pub struct Job {
    /// What the progress window says.
    pub title: String,
    /// When it started.
    pub started: Instant,
    /// The answer, once there.
    pub result: Receiver<Outcome>,
}

/// A report to show after a job.
pub struct ReportWindow {
    /// The window title.
    pub title: String,
    /// Summary lines.
    pub summary: Vec<String>,
    /// The warnings.
    pub report: Report,
}

/// Draws the dialog; its buttons answer (Enter and Esc are the modal's).
pub fn dialog_ui(dialog: &mut TransferDialog, ui: &mut Ui, answer: &mut Option<Answer>) {
    let title = match dialog.direction {
        Direction::Import => "Import documents",
        Direction::Export => "Export the dataset",
    };
    ui.heading(title);
    let names: Vec<&str> = formats::REGISTRY.iter().map(|f| f.name()).collect();
    let selected = dialog.format.map_or("guess from the file", |i| names[i]);
    egui::ComboBox::from_label("Format")
        .selected_text(selected)
        .show_ui(ui, |ui| {
            if dialog.direction == Direction::Import {
                ui.selectable_value(&mut dialog.format, None, "guess from the file");
            }
            for (i, format) in formats::REGISTRY.iter().enumerate() {
                ui.selectable_value(&mut dialog.format, Some(i), format.name())
                    .on_hover_text(format.description());
            }
        });
    if let Some(i) = dialog.format {
        ui.label(formats::REGISTRY[i].description());
    }
    let hint = match dialog.direction {
        Direction::Import => "file or folder to import",
        Direction::Export => "file (or folder) to write",
    };
    let path = ui.add(
        egui::TextEdit::singleline(&mut dialog.path)
            .hint_text(hint)
            .desired_width(480.0),
    );
    path.widget_info(|| egui::WidgetInfo::labeled(egui::Role::TextInput, true, "Transfer path"));
    if !std::mem::replace(&mut dialog.focused, true) {
        path.request_focus();
    }
    if dialog.direction == Direction::Import {
        import_options_ui(dialog, ui);
    }
    if dialog.direction == Direction::Export {
        ui.checkbox(&mut dialog.only_done, "Only documents marked done");
        ui.horizontal(|ui| {
            let split = ui.add(
                egui::TextEdit::singleline(&mut dialog.split)
                    .hint_text("train=0.8,dev=0.1,test=0.1"),
            );
            split.widget_info(|| egui::WidgetInfo::labeled(egui::Role::TextInput, true, "Split"));
            ui.label("Seed");
            let seed = ui.add(egui::DragValue::new(&mut dialog.seed));
            seed.widget_info(|| egui::WidgetInfo::labeled(egui::Role::SpinButton, true, "Seed"));
        });
        ui.checkbox(&mut dialog.bioes, "CoNLL: BIOES tags instead of IOB2");
        ui.checkbox(
            &mut dialog.tokens,
            "JSONL: with tokens and answer (Prodigy)",
        );
    }
    if let Some(error) = &dialog.error {
        ui.colored_label(ui.visuals().error_fg_color, error);
    }
    let label = match dialog.direction {
        Direction::Import => "Import",
        Direction::Export => "Export",
    };
    buttons(
        ui,
        &[(label, Answer::Ok), ("Cancel", Answer::Cancel)],
        answer,
    );
}

/// The import's own choices: the label map.
fn import_options_ui(dialog: &mut TransferDialog, ui: &mut Ui) {
    ui.horizontal(|ui| {
        ui.label("Label map (imported=dataset)");
        let map = ui.add(
            egui::TextEdit::singleline(&mut dialog.map)
                .hint_text("PER=PERSON,GPE=LOC")
                .desired_width(300.0),
        );
        map.widget_info(|| egui::WidgetInfo::labeled(egui::Role::TextInput, true, "Map labels"));
    });
    ui.horizontal(|ui| {
        ui.label("CoNLL documents");
        let split = ui.add(
            egui::TextEdit::singleline(&mut dialog.doc_split)
                .hint_text("auto: per -DOCSTART-, else per sentence; or docstart, sentence, N")
                .desired_width(420.0),
        );
        split.widget_info(|| {
            egui::WidgetInfo::labeled(egui::Role::TextInput, true, "Documents per")
        });
    });
}

/// Starts the dialog's job on a worker thread.
pub fn start(dialog: &TransferDialog, dataset: &Dataset) -> Result<Job, String> {
    let path = PathBuf::from(dialog.path.trim());
    if dialog.path.trim().is_empty() {
        return Err("Type the path of a file or folder".into());
    }
    let (tx, rx) = channel();
    let title;
    match dialog.direction {
        Direction::Import => {
            let format = match dialog.format {
                Some(i) => formats::REGISTRY[i],
                None => crate::store::guess(&path).map_err(|e| e.to_string())?,
            };
            let map: crate::model::LabelMap = dialog.map.parse()?;
            let doc_split: crate::formats::doc_split::DocSplit = dialog.doc_split.parse()?;
            title = format!("Importing {} ({})", path.display(), format.name());
            spawn(move || {
                let imported =
                    crate::store::import_with(format, &path, doc_split).map(|mut imported| {
                        imported.map_labels(&map);
                        imported
                    });
                let _ = tx.send(Outcome::Imported(imported.map_err(|e| e.to_string())));
            })?;
        }
        Direction::Export => {
            let format = formats::REGISTRY[dialog.format.unwrap_or(0)];
            let parts = if dialog.split.trim().is_empty() {
                None
            } else {
                Some(split::parse_parts(&dialog.split)?)
            };
            let docs: Vec<usize> = (0..dataset.documents.len())
                .filter(|&i| !dialog.only_done || dataset.documents[i].status == Status::Done)
                .collect();
            title = format!(
                "Exporting {} documents to {} ({})",
                docs.len(),
                path.display(),
                format.name()
            );
            let options = ExportOptions {
                bioes: dialog.bioes,
                with_tokens: dialog.tokens,
            };
            let dataset = dataset.clone();
            let seed = dialog.seed;
            spawn(move || {
                let result = crate::store::export_to(
                    format,
                    &dataset,
                    &docs,
                    parts.as_deref(),
                    seed,
                    &options,
                    &path,
                )
                .map(|(written, report)| {
                    let summary = written
                        .iter()
                        .map(|p| format!("{}: {} documents", p.path.display(), p.documents))
                        .collect();
                    (summary, report)
                })
                .map_err(|e| e.to_string());
                let _ = tx.send(Outcome::Exported(result));
            })?;
        }
    }
    Ok(Job {
        title,
        started: Instant::now(),
        result: rx,
    })
}

fn spawn(work: impl FnOnce() + Send + 'static) -> Result<(), String> {
    std::thread::Builder::new()
        .name("transfer".into())
        .spawn(work)
        .map(drop)
        .map_err(|e| format!("cannot start the worker: {e}"))
}

/// Draws the progress window of a running job.
pub fn progress_ui(job: &Job, ctx: &egui::Context) {
    egui::Window::new("Working")
        .collapsible(false)
        .resizable(false)
        .anchor(egui::Align2::CENTER_CENTER, egui::Vec2::ZERO)
        .show(ctx, |ui| {
            ui.label(&job.title);
            ui.add(
                egui::ProgressBar::new(0.0)
                    .animate(true)
                    .text(format!("{:.1} s", job.started.elapsed().as_secs_f32())),
            );
        });
    ctx.request_repaint_after(std::time::Duration::from_millis(100));
}

/// Draws a report window; returns false once closed.
pub fn report_ui(window: &ReportWindow, ctx: &egui::Context) -> bool {
    let mut open = true;
    egui::Window::new(&window.title)
        .open(&mut open)
        .default_width(560.0)
        .show(ctx, |ui| {
            for line in &window.summary {
                ui.label(line);
            }
            let n = window.report.warnings.len();
            if n == 0 {
                ui.label("Nothing was left out or changed.");
                return;
            }
            ui.label(format!(
                "{n} warnings: what the format could not hold as it was"
            ));
            egui::ScrollArea::vertical()
                .max_height(360.0)
                .show(ui, |ui| {
                    for w in window.report.warnings.iter().take(500) {
                        ui.label(w.to_string());
                    }
                    if n > 500 {
                        ui.label(format!("… and {} more", n - 500));
                    }
                });
        });
    open
}
