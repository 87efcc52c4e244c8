//! The right panel: the label palette, the selected span's details, and
//! this document's spans.

use egui::{Color32, RichText, Ui};

use crate::app::{Command, DocView, Workspace, theme};
use crate::model::Span;

/// Draws the panel. Clicking a label queues [`Command::ApplyLabel`];
/// clicking a span queues [`Command::SelectSpan`].
pub fn ui(
    ui: &mut Ui,
    ws: &Workspace,
    current: usize,
    view: &mut DocView,
    note_draft: &mut Option<(Span, String)>,
    review: Option<(&(usize, Span), &mut super::Caches)>,
    queue: &mut Vec<Command>,
) {
    egui::Panel::right("labels and spans")
        .default_size(280.0)
        .resizable(true)
        .show(ui, |ui| {
            let dataset = ws.dataset();
            let doc = dataset.documents.get(current);
            palette_ui(ui, ws, doc, queue);
            ui.separator();
            if let Some((suggestion, caches)) = review {
                super::review_card::ui(ui, ws, caches, suggestion);
            } else {
                super::span_details::ui(
                    ui,
                    ws,
                    current,
                    view.selected_span.as_ref(),
                    note_draft,
                    queue,
                );
            }
            ui.separator();
            ui.heading("Spans");
            let Some(doc) = doc else {
                return;
            };
            // Only the rows on screen are built: no per-frame work grows
            // with the document.
            view.prepare(current, doc, ws.generation());
            let view = &*view;
            egui::ScrollArea::vertical().id_salt("span list").show_rows(
                ui,
                22.0,
                doc.spans.len(),
                |ui, rows| {
                    for span in &doc.spans[rows] {
                        let text = view.slice(&doc.text, span.char_range());
                        let selected = view.selected_span.as_ref() == Some(span);
                        let color = dataset
                            .labels
                            .get(&span.label)
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
                                queue.push(Command::SelectSpan(span.clone()));
                            }
                        });
                    }
                },
            );
        });
}

/// The label palette: colour, name and key, and the count in this document.
fn palette_ui(
    ui: &mut Ui,
    ws: &Workspace,
    doc: Option<&crate::model::Document>,
    queue: &mut Vec<Command>,
) {
    ui.heading("Labels");
    // One pass over the document's spans for every label's count.
    let mut counts: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for span in doc.map(|d| d.spans.as_slice()).unwrap_or_default() {
        *counts.entry(span.label.as_str()).or_default() += 1;
    }
    for label in &ws.dataset().labels.labels {
        let count = counts.get(label.name.as_str()).copied().unwrap_or(0);
        ui.horizontal(|ui| {
            let (rect, _) = ui.allocate_exact_size(egui::vec2(14.0, 14.0), egui::Sense::hover());
            ui.painter()
                .rect_filled(rect, 3.0, theme::color32(label.color));
            let key = label.hotkey.map(|k| format!(" ({k})")).unwrap_or_default();
            let button = ui
                .button(format!("{}{key}", label.name))
                .on_hover_text(&label.description);
            if button.clicked() {
                queue.push(Command::ApplyLabel(label.name.clone()));
            }
            ui.label(count.to_string());
        });
    }
}
