//! The span table (View > Span table): every accepted span of the dataset
//! with its text, label, document and origin; sortable by each column,
//! filtered by text or document and by label. A click on a span's text
//! opens its document with the span selected. Picked rows can be relabelled
//! or deleted together, as one undoable edit (`edit::bulk`).

use std::collections::BTreeMap;

use egui::{Align, Layout, RichText, Ui};

use crate::app::{Command, Workspace};
use crate::edit::bulk;
use crate::model::{Dataset, Span};
use crate::text::OffsetIndex;

/// A column the table sorts by.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
enum Column {
    #[default]
    Document,
    Text,
    Label,
    Origin,
}

/// One row: a span, its document and its text.
struct Row {
    doc: usize,
    span: Span,
    text: String,
}

/// A span of the dataset by (document, start, end, label): unique.
type PickKey = (usize, usize, usize, String);

fn pick_key(doc: usize, span: &Span) -> PickKey {
    (doc, span.start.0, span.end.0, span.label.to_string())
}

/// What the rows depend on: revision, generation, filter, label, sort.
type RowsKey = (u64, u64, String, Option<String>, Column, bool);

/// The window's state.
#[derive(Default)]
pub struct SpanTable {
    /// Whether the window is open.
    pub open: bool,
    /// Put the keyboard in the filter field next frame.
    pub focus_filter: bool,
    filter: String,
    label: Option<String>,
    sort: Column,
    descending: bool,
    relabel_to: Option<String>,
    /// The picked spans, by (document, start, end, label).
    picked: BTreeMap<PickKey, (usize, Span)>,
    rows: Vec<Row>,
    key: Option<RowsKey>,
}

impl SpanTable {
    /// Rebuilds the rows when the dataset, the filters or the order changed;
    /// picks are forgotten when the dataset changed.
    fn refresh(&mut self, ws: &Workspace) {
        let key = (
            ws.revision(),
            ws.generation(),
            self.filter.clone(),
            self.label.clone(),
            self.sort,
            self.descending,
        );
        if self.key.as_ref() == Some(&key) {
            return;
        }
        if self
            .key
            .as_ref()
            .is_none_or(|k| (k.0, k.1) != (key.0, key.1))
        {
            self.picked.clear();
        }
        self.rows = rows(ws.dataset(), &self.filter, self.label.as_deref());
        let by = |a: &Row, b: &Row| match self.sort {
            Column::Document => pick_key(a.doc, &a.span).cmp(&pick_key(b.doc, &b.span)),
            Column::Text => (a.text.to_lowercase(), a.doc).cmp(&(b.text.to_lowercase(), b.doc)),
            Column::Label => (&a.span.label, a.doc).cmp(&(&b.span.label, b.doc)),
            Column::Origin => {
                (a.span.origin.to_string(), a.doc).cmp(&(b.span.origin.to_string(), b.doc))
            }
        };
        self.rows
            .sort_by(|a, b| if self.descending { by(b, a) } else { by(a, b) });
        self.key = Some(key);
    }
}

/// The spans that pass the filters, in dataset order.
fn rows(dataset: &Dataset, filter: &str, label: Option<&str>) -> Vec<Row> {
    let needle = filter.to_lowercase();
    let mut out = Vec::new();
    for (doc, document) in dataset.documents.iter().enumerate() {
        if document.spans.is_empty() {
            continue;
        }
        let index = OffsetIndex::new(&document.text);
        let id_matches = !needle.is_empty() && document.id.to_lowercase().contains(&needle);
        for span in &document.spans {
            if label.is_some_and(|l| span.label != l) {
                continue;
            }
            let text = index.slice(span.start, span.end).unwrap_or_default();
            if needle.is_empty() || id_matches || text.to_lowercase().contains(&needle) {
                out.push(Row {
                    doc,
                    span: span.clone(),
                    text: text.to_owned(),
                });
            }
        }
    }
    out
}

/// Column widths: text, label, document (origin takes the rest).
const WIDTHS: [f32; 3] = [220.0, 90.0, 170.0];

/// A widget in a column of a fixed width, left-aligned.
fn cell(ui: &mut Ui, width: f32, widget: impl egui::Widget) -> egui::Response {
    let height = ui.spacing().interact_size.y;
    ui.allocate_ui_with_layout(
        egui::vec2(width, height),
        Layout::left_to_right(Align::Center),
        |ui| {
            ui.set_min_width(width);
            ui.add(widget)
        },
    )
    .inner
}

/// A sort button for a column's header.
fn header_ui(ui: &mut Ui, table: &mut SpanTable, column: Column, title: &str, width: f32) {
    let sorted = table.sort == column;
    let suffix = match (sorted, table.descending) {
        (false, _) => "",
        (true, false) => " (a-z)",
        (true, true) => " (z-a)",
    };
    let text = RichText::new(format!("{title}{suffix}")).strong();
    let button = cell(ui, width, egui::Button::new(text).frame(false));
    button.widget_info(|| {
        egui::WidgetInfo::labeled(
            egui::Role::Button,
            true,
            format!("Sort by {}", title.to_lowercase()),
        )
    });
    if button.clicked() {
        if sorted {
            table.descending = !table.descending;
        } else {
            table.sort = column;
            table.descending = false;
        }
    }
}

/// The filter field and the label filter.
fn filters_ui(ui: &mut Ui, ws: &Workspace, table: &mut SpanTable) {
    ui.horizontal(|ui| {
        let field = ui.add(
            egui::TextEdit::singleline(&mut table.filter)
                .hint_text("Filter by span text or document id")
                .desired_width(260.0),
        );
        if std::mem::take(&mut table.focus_filter) {
            field.request_focus();
        }
        field.widget_info(|| {
            egui::WidgetInfo::labeled(egui::Role::SearchInput, true, "Filter spans")
        });
        super::label_choice(
            ui,
            "Span label",
            None,
            &ws.dataset().labels,
            &mut table.label,
        );
    });
}

/// The rows, only those on screen laid out.
fn rows_ui(ui: &mut Ui, ws: &Workspace, table: &mut SpanTable, queue: &mut Vec<Command>) {
    let documents = &ws.dataset().documents;
    let row_height = ui.spacing().interact_size.y;
    let picked = &mut table.picked;
    egui::ScrollArea::vertical()
        .id_salt("span table rows")
        .max_height(ui.available_height() - 70.0)
        .auto_shrink([false, true])
        .show_rows(ui, row_height, table.rows.len(), |ui, range| {
            for row in &table.rows[range] {
                let id = documents.get(row.doc).map_or("", |d| d.id.as_str());
                ui.horizontal(|ui| {
                    let key = pick_key(row.doc, &row.span);
                    let mut on = picked.contains_key(&key);
                    let check = ui.checkbox(&mut on, "");
                    check.widget_info(|| {
                        egui::WidgetInfo::selected(
                            egui::Role::CheckBox,
                            true,
                            on,
                            format!("Pick {} in {id}", row.text),
                        )
                    });
                    if check.changed() {
                        if on {
                            picked.insert(key, (row.doc, row.span.clone()));
                        } else {
                            picked.remove(&key);
                        }
                    }
                    let text = egui::Button::new(row.text.as_str()).frame(false).truncate();
                    if cell(ui, WIDTHS[0], text)
                        .on_hover_text("Open the document at this span")
                        .clicked()
                    {
                        queue.push(Command::GoTo(row.doc));
                        queue.push(Command::SelectSpan(row.span.clone()));
                    }
                    cell(
                        ui,
                        WIDTHS[1],
                        egui::Label::new(row.span.label.as_str()).truncate(),
                    );
                    cell(ui, WIDTHS[2], egui::Label::new(id).truncate());
                    ui.add(egui::Label::new(row.span.origin.to_string()).truncate());
                });
            }
        });
}

/// Pick all / none, and the bulk relabel and delete.
fn bulk_ui(ui: &mut Ui, ws: &Workspace, table: &mut SpanTable, queue: &mut Vec<Command>) {
    ui.horizontal(|ui| {
        if ui.button("Pick all shown").clicked() {
            table.picked = table
                .rows
                .iter()
                .map(|r| (pick_key(r.doc, &r.span), (r.doc, r.span.clone())))
                .collect();
        }
        if ui.button("Pick none").clicked() {
            table.picked.clear();
        }
    });
    ui.horizontal(|ui| {
        let picked: Vec<(usize, Span)> = table.picked.values().cloned().collect();
        ui.add_enabled_ui(!picked.is_empty(), |ui| {
            egui::ComboBox::from_label("New label")
                .selected_text(table.relabel_to.as_deref().unwrap_or("choose"))
                .show_ui(ui, |ui| {
                    for label in &ws.dataset().labels.labels {
                        ui.selectable_value(
                            &mut table.relabel_to,
                            Some(label.name.clone()),
                            label.name.as_str(),
                        );
                    }
                });
            let relabel = table.relabel_to.clone();
            if ui
                .add_enabled(relabel.is_some(), egui::Button::new("Relabel picked"))
                .clicked()
                && let Some(label) = relabel
            {
                queue.push(Command::Edit(bulk::relabel_all(&picked, &label)));
            }
            if ui.button("Delete picked").clicked() {
                queue.push(Command::Edit(bulk::remove_all(&picked)));
            }
        });
    });
}

/// Draws the window when it is open.
pub fn ui(ctx: &egui::Context, table: &mut SpanTable, ws: &Workspace, queue: &mut Vec<Command>) {
    if !table.open {
        return;
    }
    let mut open = true;
    egui::Window::new("Span table")
        .open(&mut open)
        .default_size([760.0, 520.0])
        .show(ctx, |ui| {
            table.refresh(ws);
            filters_ui(ui, ws, table);
            let total: usize = ws.dataset().documents.iter().map(|d| d.spans.len()).sum();
            ui.label(format!(
                "{} of {total} spans shown · {} picked",
                table.rows.len(),
                table.picked.len()
            ));
            ui.separator();
            ui.horizontal(|ui| {
                ui.add_space(ui.spacing().interact_size.y + ui.spacing().item_spacing.x);
                header_ui(ui, table, Column::Text, "Text", WIDTHS[0]);
                header_ui(ui, table, Column::Label, "Label", WIDTHS[1]);
                header_ui(ui, table, Column::Document, "Document", WIDTHS[2]);
                header_ui(ui, table, Column::Origin, "Origin", 90.0);
            });
            rows_ui(ui, ws, table, queue);
            ui.separator();
            bulk_ui(ui, ws, table, queue);
        });
    table.open = open;
}
