//! The label set editor (Document > Edit labels…): rename, recolour, set
//! the hotkey and guideline, reorder, delete an unused label, add one, and
//! merge one label into another. Every change queues one
//! [`Edit::Labels`], so each is one undo step; renames and merges reach
//! every document.

use egui::{Color32, Ui};

use crate::app::Command;
use crate::app::theme;
use crate::app::workspace::Workspace;
use crate::edit::{Edit, LabelEdit, label_uses};
use crate::model::{Label, LabelSet};

/// The window's own state: whether it is open, and the text fields'
/// drafts (reset when the label set changes).
#[derive(Default)]
pub struct LabelEditorState {
    /// Shown.
    pub open: bool,
    drafts: Vec<Draft>,
    drafts_of: Option<LabelSet>,
    new_name: String,
    merge_from: Option<String>,
    merge_into: Option<String>,
}

#[derive(Clone, Default)]
struct Draft {
    name: String,
    key: String,
    guideline: String,
}

impl LabelEditorState {
    fn sync(&mut self, labels: &LabelSet) {
        if self.drafts_of.as_ref() == Some(labels) {
            return;
        }
        self.drafts = labels
            .labels
            .iter()
            .map(|l| Draft {
                name: l.name.clone(),
                key: l.hotkey.map(String::from).unwrap_or_default(),
                guideline: l.description.clone(),
            })
            .collect();
        self.drafts_of = Some(labels.clone());
    }
}

fn queue_label_edit(queue: &mut Vec<Command>, edit: LabelEdit) {
    queue.push(Command::Edit(Edit::Labels(edit)));
}

fn labelled(response: &egui::Response, label: &str) {
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::TextInput, true, label));
}

/// A committed text field: Enter or leaving the field.
fn committed(response: &egui::Response) -> bool {
    response.lost_focus()
}

/// Draws the window, when open.
pub fn ui(
    ctx: &egui::Context,
    state: &mut LabelEditorState,
    ws: &Workspace,
    queue: &mut Vec<Command>,
) {
    if !state.open {
        return;
    }
    let dataset = ws.dataset();
    state.sync(&dataset.labels);
    let mut open = true;
    egui::Window::new("Labels")
        .open(&mut open)
        .default_pos([300.0, 80.0])
        .default_width(820.0)
        .show(ctx, |ui| {
            ui.label("Each change is one undo step; renames and merges change every document.");
            egui::Grid::new("label rows").striped(true).show(ui, |ui| {
                ui.strong("Colour");
                ui.strong("Name");
                ui.strong("Key");
                ui.strong("Guideline");
                ui.strong("Uses");
                ui.strong("");
                ui.end_row();
                let n = dataset.labels.labels.len();
                for (i, label) in dataset.labels.labels.iter().enumerate() {
                    let uses = label_uses(dataset, &label.name);
                    row_ui(ui, state, label, i, n, uses, queue);
                    ui.end_row();
                }
            });
            ui.separator();
            add_ui(ui, state, dataset.labels.labels.len(), queue);
            ui.separator();
            merge_ui(ui, state, &dataset.labels, queue);
        });
    state.open = open;
}

fn row_ui(
    ui: &mut Ui,
    state: &mut LabelEditorState,
    label: &Label,
    i: usize,
    n: usize,
    uses: usize,
    queue: &mut Vec<Command>,
) {
    let name = &label.name;
    colour_ui(ui, label, queue);
    let Some(draft) = state.drafts.get_mut(i) else {
        return;
    };
    let field = ui.add_sized([120.0, 20.0], egui::TextEdit::singleline(&mut draft.name));
    labelled(&field, &format!("Name of {name}"));
    if committed(&field) && draft.name.trim() != name {
        queue_label_edit(
            queue,
            LabelEdit::Rename {
                from: name.clone(),
                to: draft.name.trim().to_owned(),
            },
        );
    }
    let field = ui.add_sized(
        [24.0, 20.0],
        egui::TextEdit::singleline(&mut draft.key).char_limit(1),
    );
    labelled(&field, &format!("Key of {name}"));
    let key = draft.key.trim().chars().next();
    if committed(&field) && key != label.hotkey {
        queue_label_edit(
            queue,
            LabelEdit::Update {
                label: Label {
                    hotkey: key,
                    ..label.clone()
                },
            },
        );
    }
    let field = ui.add_sized(
        [300.0, 20.0],
        egui::TextEdit::singleline(&mut draft.guideline),
    );
    labelled(&field, &format!("Guideline of {name}"));
    if committed(&field) && draft.guideline != label.description {
        let description = draft.guideline.clone();
        queue_label_edit(
            queue,
            LabelEdit::Update {
                label: Label {
                    description,
                    ..label.clone()
                },
            },
        );
    }
    ui.label(uses.to_string());
    ui.horizontal(|ui| {
        if ui
            .add_enabled(i > 0, egui::Button::new("↑"))
            .on_hover_text(format!("Move {name} up"))
            .clicked()
        {
            queue_label_edit(queue, LabelEdit::Move { from: i, to: i - 1 });
        }
        if ui
            .add_enabled(i + 1 < n, egui::Button::new("↓"))
            .on_hover_text(format!("Move {name} down"))
            .clicked()
        {
            queue_label_edit(queue, LabelEdit::Move { from: i, to: i + 1 });
        }
        let delete = ui
            .add_enabled(uses == 0, egui::Button::new(format!("Delete {name}")))
            .on_disabled_hover_text("In use: merge it into another label instead");
        if delete.clicked() {
            queue_label_edit(queue, LabelEdit::Remove { name: name.clone() });
        }
    });
}

fn colour_ui(ui: &mut Ui, label: &Label, queue: &mut Vec<Command>) {
    ui.menu_button(swatch_text(label), |ui| {
        ui.label(format!("Colour of {}", label.name));
        ui.horizontal_wrapped(|ui| {
            for &colour in LabelSet::offered_colours() {
                let button = egui::Button::new("    ").fill(theme::color32(colour));
                if ui.add(button).on_hover_text(colour.to_string()).clicked() {
                    queue_label_edit(
                        queue,
                        LabelEdit::Update {
                            label: Label {
                                color: colour,
                                ..label.clone()
                            },
                        },
                    );
                    ui.close();
                }
            }
        });
    })
    .response
    .on_hover_text(format!("Colour of {}: {}", label.name, label.color));
}

fn swatch_text(label: &Label) -> egui::RichText {
    egui::RichText::new("■■■")
        .color(theme::color32(label.color))
        .background_color(Color32::TRANSPARENT)
}

fn add_ui(ui: &mut Ui, state: &mut LabelEditorState, n: usize, queue: &mut Vec<Command>) {
    ui.horizontal(|ui| {
        let field = ui.add(
            egui::TextEdit::singleline(&mut state.new_name)
                .hint_text("NEW_LABEL")
                .desired_width(140.0),
        );
        labelled(&field, "New label name");
        let name = state.new_name.trim().to_owned();
        let enter = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        if (ui
            .add_enabled(!name.is_empty(), egui::Button::new("Add label"))
            .clicked()
            || enter)
            && !name.is_empty()
        {
            let labels = state.drafts_of.clone().unwrap_or_default();
            let mut set = labels;
            set.ensure(&name);
            if let Some(label) = set.get(&name).cloned() {
                queue_label_edit(queue, LabelEdit::Add { index: n, label });
            }
            state.new_name.clear();
        }
    });
}

fn merge_ui(
    ui: &mut Ui,
    state: &mut LabelEditorState,
    labels: &LabelSet,
    queue: &mut Vec<Command>,
) {
    ui.horizontal(|ui| {
        ui.label("Merge");
        pick(ui, "Merge label", &mut state.merge_from, labels);
        ui.label("into");
        pick(ui, "Into label", &mut state.merge_into, labels);
        let ready = matches!((&state.merge_from, &state.merge_into), (Some(a), Some(b)) if a != b);
        let button = ui
            .add_enabled(ready, egui::Button::new("Merge labels"))
            .on_hover_text("Every span, suggestion and rejected suggestion of the first label gets the second; the first label goes away");
        if button.clicked()
            && let (Some(from), Some(into)) = (state.merge_from.take(), state.merge_into.take())
        {
            queue_label_edit(queue, LabelEdit::Merge { from, into });
        }
    });
}

fn pick(ui: &mut Ui, id: &str, choice: &mut Option<String>, labels: &LabelSet) {
    if choice.as_ref().is_some_and(|c| !labels.contains(c)) {
        *choice = None;
    }
    let combo = egui::ComboBox::from_id_salt(id)
        .selected_text(choice.as_deref().unwrap_or("—"))
        .show_ui(ui, |ui| {
            for name in labels.names() {
                ui.selectable_value(choice, Some(name.to_owned()), name);
            }
        });
    combo
        .response
        .widget_info(|| egui::WidgetInfo::labeled(egui::Role::ComboBox, true, id));
}
