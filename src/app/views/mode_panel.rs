//! The mode panel: what the keys mean in the current item-by-item mode, the
//! item on screen and (adjudicating) each annotator's version. It has its
//! own place above the text, so no error message hides the instructions.

use egui::{Color32, RichText, Ui};

use crate::app::adjudicate::conflicts_left;
use crate::app::mode::Mode;
use crate::app::{Command, DocView, Workspace, theme};
use crate::model::Dataset;

/// The instructions of the mode, or `None` while annotating.
pub fn instructions(mode: &Mode, dataset: &Dataset) -> Option<String> {
    match mode {
        Mode::Annotate => None,
        Mode::Review(walker) => {
            let pending: usize = dataset.documents.iter().map(|d| d.suggestions.len()).sum();
            Some(match &walker.current {
                Some((_, span)) => format!(
                    "Reviewing ({pending} pending): {} from {}. A accept, X reject, Space skip, Backspace undo, Shift+A accept all like this, Ctrl+R stop",
                    span.label, span.origin
                ),
                None if pending == 0 => "No pending suggestions: run the rules first (Ctrl+J this document, Ctrl+Shift+J all). Ctrl+R stops reviewing".into(),
                None => format!(
                    "Every pending suggestion was seen; {pending} skipped are still pending. Ctrl+R stops reviewing"
                ),
            })
        }
        Mode::Adjudicate(walker) => {
            let left = conflicts_left(dataset);
            Some(match &walker.current {
                Some((_, conflict)) => format!(
                    "Adjudicating ({left} conflicts left): 1–{} take a version, X reject all, Enter resolve by hand, Space skip, Backspace undo, Ctrl+K stop",
                    conflict.versions.len().min(4)
                ),
                None if walker.paused => {
                    "Label the selected text by hand (label keys), then Space for the next conflict"
                        .into()
                }
                None if left == 0 => {
                    "No open conflicts (merge annotators' files with spanlab merge). Ctrl+K stops"
                        .into()
                }
                None => {
                    format!("Every conflict was seen; {left} skipped are still open. Ctrl+K stops")
                }
            })
        }
    }
}

/// Draws the panel (nothing while annotating).
pub fn ui(
    ui: &mut Ui,
    mode: &Mode,
    ws: &Workspace,
    view: &mut DocView,
    review: &crate::app::review_order::ReviewSettings,
    queue: &mut Vec<Command>,
) {
    let Some(text) = instructions(mode, ws.dataset()) else {
        return;
    };
    egui::Panel::top("mode panel").show(ui, |ui| {
        ui.horizontal_wrapped(|ui| {
            ui.label(RichText::new(mode.name()).strong());
            let instructions = ui.label(&text);
            instructions.widget_info(|| {
                egui::WidgetInfo::labeled(egui::Role::Label, true, format!("Instructions: {text}"))
            });
        });
        if let Mode::Review(_) = mode {
            super::review_controls::ui(ui, review, queue);
        }
        if let Mode::Adjudicate(walker) = mode {
            conflict_ui(ui, walker.current.as_ref(), ws, view, queue);
        }
        // Wrapped, so every key shows however narrow the window.
        ui.horizontal_wrapped(|ui| {
            for command in Command::ALL.iter().filter(|c| mode.takes(c)) {
                if matches!(command, Command::TakeVersion(_)) {
                    continue;
                }
                let text = format!("{} ({})", command.label(), command.shortcut_text());
                if ui
                    .small_button(text)
                    .on_hover_text(command.tooltip())
                    .clicked()
                {
                    queue.push(command.clone());
                }
            }
        });
    });
}

/// Each annotator's version of the current conflict, with its key.
fn conflict_ui(
    ui: &mut Ui,
    current: Option<&(usize, crate::model::Conflict)>,
    ws: &Workspace,
    view: &mut DocView,
    queue: &mut Vec<Command>,
) {
    ui.label(format!("{} conflicts left", conflicts_left(ws.dataset())));
    let Some((doc, conflict)) = current else {
        return;
    };
    let dataset = ws.dataset();
    let Some(document) = dataset.documents.get(*doc) else {
        return;
    };
    // The view's paragraph table slices in O(1) per frame, however far
    // into a long document the conflict is.
    view.prepare(*doc, document, ws.generation());
    let slice = |s: usize, e: usize| view.slice(&document.text, s..e);
    ui.label(
        RichText::new(format!(
            "\u{201c}{}\u{201d}",
            slice(conflict.start.0, conflict.end.0)
        ))
        .strong(),
    );
    for (i, version) in conflict.versions.iter().enumerate() {
        ui.horizontal_wrapped(|ui| {
            let key = if i < 4 {
                format!("{}", i + 1)
            } else {
                "-".into()
            };
            if ui
                .button(format!("{key}: {}", version.annotator))
                .on_hover_text("Take this version")
                .clicked()
                && i < 4
            {
                queue.push(Command::TakeVersion(i));
            }
            if version.spans.is_empty() {
                ui.label(RichText::new("no span").italics());
            }
            for span in &version.spans {
                let color = dataset
                    .labels
                    .get(&span.label)
                    .map_or(Color32::GRAY, |l| theme::color32(l.color));
                ui.label(
                    RichText::new(format!(
                        "{} {}",
                        span.label,
                        slice(span.start.0, span.end.0)
                    ))
                    .color(color),
                );
            }
        });
    }
}
