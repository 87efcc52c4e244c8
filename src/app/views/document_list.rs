//! The document list: search, status filter, one row per document. It
//! scrolls to the current document when that changes by a command.

use egui::Ui;

use crate::app::{Command, Workspace};
use crate::model::Status;

/// Which documents the list shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum StatusFilter {
    /// Every document.
    #[default]
    All,
    /// Only documents with this status.
    Only(Status),
}

/// What the filtered list depends on: revision, generation, filter, search.
type ListKey = (u64, u64, StatusFilter, String);

/// The list's own state: the search text, the filter, and the filtered
/// rows (recomputed only when what they depend on changes).
#[derive(Default)]
pub struct ListState {
    filter: StatusFilter,
    search: String,
    focus_search: bool,
    scroll_to_current: bool,
    /// The rows on screen last frame (positions in the filtered list).
    visible_rows: std::ops::Range<usize>,
    listed: (Vec<usize>, Option<ListKey>),
}

impl ListState {
    /// Puts the keyboard in the search box next frame.
    pub fn focus_search(&mut self) {
        self.focus_search = true;
    }

    /// Brings the current document's row into view next frame.
    pub fn scroll_to_current(&mut self) {
        self.scroll_to_current = true;
    }

    /// Forgets the filtered rows (the dataset was replaced).
    pub fn invalidate(&mut self) {
        self.listed.1 = None;
    }

    /// The documents the list shows, in dataset order.
    pub fn listed(&mut self, ws: &Workspace) -> &[usize] {
        let key = (
            ws.revision(),
            ws.generation(),
            self.filter,
            self.search.clone(),
        );
        if self.listed.1.as_ref() != Some(&key) {
            let needle = self.search.to_lowercase();
            self.listed.0 = ws
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

/// Draws the list; a click queues [`Command::GoTo`].
pub fn ui(
    ui: &mut Ui,
    ws: &Workspace,
    current: usize,
    state: &mut ListState,
    queue: &mut Vec<Command>,
) {
    egui::Panel::left("documents")
        .default_size(260.0)
        .resizable(true)
        .show(ui, |ui| {
            let documents = &ws.dataset().documents;
            let done = documents
                .iter()
                .filter(|d| d.status == Status::Done)
                .count();
            ui.heading("Documents");
            ui.label(format!("{done} of {} done", documents.len()));
            let search = ui.add(
                egui::TextEdit::singleline(&mut state.search)
                    .hint_text("Search id or text (Ctrl+F)")
                    .desired_width(f32::INFINITY),
            );
            search.widget_info(|| {
                egui::WidgetInfo::labeled(egui::Role::SearchInput, true, "Search documents")
            });
            if std::mem::take(&mut state.focus_search) {
                search.request_focus();
            }
            egui::ComboBox::from_label("Status")
                .selected_text(match state.filter {
                    StatusFilter::All => "all".to_owned(),
                    StatusFilter::Only(s) => s.as_str().replace('_', " "),
                })
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut state.filter, StatusFilter::All, "all");
                    for status in Status::ALL {
                        ui.selectable_value(
                            &mut state.filter,
                            StatusFilter::Only(status),
                            status.as_str().replace('_', " "),
                        );
                    }
                });
            ui.separator();
            let scroll = std::mem::take(&mut state.scroll_to_current);
            let shown = state.visible_rows.clone();
            let listed = state.listed(ws);
            let row_height = ui.text_style_height(&egui::TextStyle::Body) + 6.0;
            let mut area = egui::ScrollArea::vertical().id_salt("document list");
            // Only when the row is off screen: a click in the list does not jump.
            let off_screen = |row: usize| row <= shown.start || row + 1 >= shown.end;
            if scroll
                && let Some(row) = listed.iter().position(|&i| i == current)
                && off_screen(row)
            {
                // Rows are laid out one by one (show_rows): the offset of a
                // row is its index times the row pitch; keep it mid-list.
                let pitch = row_height + ui.spacing().item_spacing.y;
                #[expect(clippy::cast_precision_loss, reason = "row counts far below 2^23")]
                let top = row as f32 * pitch;
                let visible = ui.available_height();
                area = area.vertical_scroll_offset((top - visible / 2.0).max(0.0));
            }
            let mut seen = 0..0;
            area.show_rows(ui, row_height, listed.len(), |ui, rows| {
                seen = rows.clone();
                for &i in &listed[rows] {
                    let doc = &documents[i];
                    let title: String = doc.title().chars().take(60).collect();
                    let text = format!(
                        "{} {} · {} · {} spans",
                        status_icon(doc.status),
                        doc.id,
                        title,
                        doc.spans.len()
                    );
                    let response = ui.add(egui::Button::selectable(i == current, text).truncate());
                    if response.clicked() {
                        queue.push(Command::GoTo(i));
                    }
                }
            });
            state.visible_rows = seen;
        });
}
