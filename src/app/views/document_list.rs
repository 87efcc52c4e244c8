//! The document list: the text search box, filters (status, label, pending
//! suggestions), one row per document. With a search, the list shows only
//! the documents with hits, each with its hit count. It scrolls to the
//! current document when that changes by a command.

use egui::{Align, Layout, RichText, Ui, vec2};

use crate::app::{Command, Search, Workspace};
use crate::model::{Document, Status};

/// Which documents the list shows, by status.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum StatusFilter {
    /// Every document.
    #[default]
    All,
    /// Only documents with this status.
    Only(Status),
}

/// The list's filters.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ListFilter {
    /// By status.
    pub status: StatusFilter,
    /// Only documents with an accepted span of this label.
    pub label: Option<String>,
    /// Only documents with pending suggestions.
    pub pending: bool,
}

impl ListFilter {
    /// True if `doc` passes every filter.
    pub fn admits(&self, doc: &Document) -> bool {
        let status = match self.status {
            StatusFilter::All => true,
            StatusFilter::Only(status) => doc.status == status,
        };
        let label = self
            .label
            .as_deref()
            .is_none_or(|l| doc.spans.iter().any(|s| s.label == l));
        status && label && (!self.pending || !doc.suggestions.is_empty())
    }
}

/// What the filtered list depends on: revision, generation, filter, search.
type ListKey = (u64, u64, ListFilter, Option<u64>);

/// The list's own state: the filters and the filtered rows (recomputed
/// only when what they depend on changes).
#[derive(Default)]
pub struct ListState {
    filter: ListFilter,
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

    /// The documents the list shows, in dataset order: those that pass the
    /// filters and, with a search, have a hit.
    pub fn listed(&mut self, ws: &Workspace, search: &Search) -> &[usize] {
        let key = (
            ws.revision(),
            ws.generation(),
            self.filter.clone(),
            search.is_active().then(|| search.version()),
        );
        if self.listed.1.as_ref() != Some(&key) {
            let documents = &ws.dataset().documents;
            let admits = |&i: &usize| documents.get(i).is_some_and(|d| self.filter.admits(d));
            self.listed.0 = if search.is_active() {
                search.found().keys().copied().filter(admits).collect()
            } else {
                (0..documents.len()).filter(admits).collect()
            };
            self.listed.1 = Some(key);
        }
        &self.listed.0
    }
}

/// The status as a word, in a colour of its own.
fn status_tag(status: Status, visuals: &egui::Visuals) -> RichText {
    let (word, color) = match status {
        Status::New => ("new", visuals.weak_text_color()),
        Status::InProgress => ("in progress", egui::Color32::from_rgb(70, 140, 230)),
        Status::Done => ("done", egui::Color32::from_rgb(60, 170, 90)),
        Status::Skipped => ("skipped", visuals.weak_text_color()),
    };
    RichText::new(word).small().color(color)
}

/// The filter widgets: status, label, pending suggestions.
fn filters_ui(ui: &mut Ui, ws: &Workspace, filter: &mut ListFilter) {
    ui.horizontal(|ui| {
        egui::ComboBox::from_label("Status")
            .width(90.0)
            .selected_text(match filter.status {
                StatusFilter::All => "all".to_owned(),
                StatusFilter::Only(s) => s.as_str().replace('_', " "),
            })
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut filter.status, StatusFilter::All, "all");
                for status in Status::ALL {
                    ui.selectable_value(
                        &mut filter.status,
                        StatusFilter::Only(status),
                        status.as_str().replace('_', " "),
                    );
                }
            });
        super::label_choice(
            ui,
            "Label",
            Some(90.0),
            &ws.dataset().labels,
            &mut filter.label,
        );
    });
    ui.checkbox(&mut filter.pending, "Has suggestions")
        .on_hover_text("Only documents with pending suggestions to review");
}

/// One row: the document's id and title (cut to fit, full on hover), then
/// its status, hit count, suggestions to review and span count, always
/// visible on the right.
fn row_ui(ui: &mut Ui, doc: &Document, selected: bool, hits: Option<usize>) -> bool {
    let height = ui.spacing().interact_size.y;
    let response = ui.allocate_ui_with_layout(
        vec2(ui.available_width(), height),
        Layout::right_to_left(Align::Center),
        |ui| {
            let spans = doc.spans.len();
            ui.label(RichText::new(format!("{spans} span{}", plural(spans))).small());
            let pending = doc.suggestions.len();
            if pending > 0 {
                ui.label(RichText::new(format!("{pending} to review")).small().weak())
                    .on_hover_text(format!(
                        "{pending} pending suggestion{} to accept or reject",
                        plural(pending)
                    ));
            }
            if let Some(hits) = hits {
                ui.label(
                    RichText::new(format!("{hits} hit{}", plural(hits)))
                        .small()
                        .strong(),
                );
            }
            ui.label(status_tag(doc.status, ui.visuals()));
            ui.with_layout(Layout::left_to_right(Align::Center), |ui| {
                let text = format!("{} · {}", doc.id, doc.title());
                ui.add(egui::Button::selectable(selected, text).truncate())
                    .on_hover_text(format!("{}\n{}", doc.id, doc.title()))
                    .clicked()
            })
            .inner
        },
    );
    response.inner
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// Draws the list; a click queues [`Command::GoTo`].
pub fn ui(
    ui: &mut Ui,
    ws: &Workspace,
    current: usize,
    state: &mut ListState,
    search: &mut Search,
    queue: &mut Vec<Command>,
) {
    egui::Panel::left("documents")
        .default_size(300.0)
        .resizable(true)
        .show(ui, |ui| {
            let documents = &ws.dataset().documents;
            let done = documents
                .iter()
                .filter(|d| d.status == Status::Done)
                .count();
            ui.heading("Documents");
            ui.label(format!("{done} of {} done", documents.len()));
            let focus = std::mem::take(&mut state.focus_search);
            super::search_bar::ui(ui, search, focus, queue);
            filters_ui(ui, ws, &mut state.filter);
            ui.separator();
            let scroll = std::mem::take(&mut state.scroll_to_current);
            let shown = state.visible_rows.clone();
            let listed = state.listed(ws, search);
            if listed.is_empty() {
                ui.weak("No document matches the search and filters.");
            }
            let row_height = ui.spacing().interact_size.y;
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
            let searching = search.is_active();
            let mut seen = 0..0;
            area.show_rows(ui, row_height, listed.len(), |ui, rows| {
                seen = rows.clone();
                for &i in &listed[rows] {
                    let hits = searching.then(|| search.found().get(&i).map_or(0, |f| f.count));
                    if row_ui(ui, &documents[i], i == current, hits) {
                        queue.push(Command::GoTo(i));
                    }
                }
            });
            state.visible_rows = seen;
        });
}
