//! The selected span: its label (a choice), origin, note, and delete.

use egui::Ui;

use crate::app::{Command, Workspace};
use crate::edit::Edit;
use crate::model::Span;

/// Draws the details of `selected`; changes are queued as [`Command::Edit`].
pub fn ui(
    ui: &mut Ui,
    ws: &Workspace,
    doc: usize,
    selected: Option<&Span>,
    note_draft: &mut Option<(Span, String)>,
    queue: &mut Vec<Command>,
) {
    ui.heading("Selected span");
    let Some(span) = selected else {
        ui.label("Click a span to see it here.");
        return;
    };
    egui::ComboBox::from_label("Label")
        .selected_text(span.label.as_str())
        .show_ui(ui, |ui| {
            for name in ws.dataset().labels.names() {
                if ui.selectable_label(name == span.label, name).clicked() && name != span.label {
                    queue.push(Command::Edit(Edit::Relabel {
                        doc,
                        span: span.clone(),
                        label: name.to_owned(),
                    }));
                }
            }
        });
    ui.label(format!(
        "chars {}..{} · origin: {}",
        span.start, span.end, span.origin
    ));
    if note_draft
        .as_ref()
        .is_none_or(|(for_span, _)| for_span != span)
    {
        *note_draft = Some((span.clone(), span.note.clone().unwrap_or_default()));
    }
    if let Some((_, draft)) = note_draft {
        let response = ui.add(
            egui::TextEdit::multiline(draft)
                .desired_rows(2)
                .hint_text("Note"),
        );
        response.widget_info(|| {
            egui::WidgetInfo::labeled(egui::Role::MultilineTextInput, true, "Note")
        });
        if response.lost_focus() {
            let note = Some(draft.trim().to_owned()).filter(|n| !n.is_empty());
            if note != span.note {
                queue.push(Command::Edit(Edit::SetNote {
                    doc,
                    span: span.clone(),
                    note,
                }));
            }
        }
    }
    if ui.button("Delete span").clicked() {
        queue.push(Command::DeleteSpan);
    }
}
