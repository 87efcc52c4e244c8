//! The centre: the document's text, in the [`DocView`].

use egui::Ui;

use crate::app::{DocView, Workspace};
use crate::model::Span;

/// Draws the current document. The view keeps its own selection (a drag
/// changes the selection, never the dataset).
pub fn ui(
    ui: &mut Ui,
    ws: &Workspace,
    current: usize,
    view: &mut DocView,
    note_draft: &mut Option<(Span, String)>,
    search: &crate::app::Search,
) {
    egui::CentralPanel::default().show(ui, |ui| {
        let dataset = ws.dataset();
        let Some(doc) = dataset.documents.get(current) else {
            ui.label("This dataset has no documents. Open or import some (Ctrl+O).");
            return;
        };
        ui.horizontal(|ui| {
            ui.heading(&doc.id);
            ui.label(doc.status.as_str().replace('_', " "));
        });
        view.prepare(current, doc, ws.generation());
        view.search_hits = search.found().get(&current).map(|f| f.ranges.clone());
        view.current_hit = search.current_hit(current);
        let output = view.ui(ui, doc, &dataset.labels);
        if output.clicked_span.is_some() {
            *note_draft = None;
        }
    });
}
