//! The views: one file per panel or window. A view reads the state it is
//! given and queues [`super::Command`]s; it changes nothing but its own
//! widget state (a text field's text, the document view's selection).

pub mod document_list;
pub mod document_panel;
pub mod help;
pub mod label_editor;
pub mod menu_bar;
pub mod mode_panel;
pub mod model_window;
pub mod review_card;
pub mod review_controls;
pub mod rules_window;
pub mod search_bar;
pub mod side_panel;
pub mod span_details;
pub mod span_table;
pub mod stats_window;
pub mod status_bar;

use std::collections::BTreeMap;

use crate::eval::Statistics;
use crate::rules::RuleStats;

/// Figures the windows show, recounted only when the dataset changes:
/// each with the (revision, generation) it was counted at.
#[derive(Default)]
pub struct Caches {
    stats: Option<((u64, u64), Statistics)>,
    rule_stats: Option<((u64, u64), BTreeMap<String, RuleStats>)>,
    /// The review card's text before, of and after its suggestion, by
    /// (dataset generation, document, start, end): a document's text never
    /// changes, so it is cut once per suggestion, not once a frame.
    context: Option<(ContextKey, (String, String, String))>,
}

/// (dataset generation, document, start, end) of a span shown in context.
pub type ContextKey = (u64, usize, usize, usize);

impl Caches {
    /// The context of the span `key` names, cut by `cut` if needed.
    pub fn context(
        &mut self,
        key: ContextKey,
        cut: impl FnOnce() -> (String, String, String),
    ) -> &(String, String, String) {
        if self.context.as_ref().is_some_and(|(k, _)| *k != key) {
            self.context = None;
        }
        &self.context.get_or_insert_with(|| (key, cut())).1
    }

    /// The dataset statistics for `key`, counted if needed.
    pub fn stats(&mut self, key: (u64, u64), dataset: &crate::model::Dataset) -> &Statistics {
        if self.stats.as_ref().is_some_and(|(k, _)| *k != key) {
            self.stats = None;
        }
        &self
            .stats
            .get_or_insert_with(|| (key, crate::eval::statistics(dataset)))
            .1
    }

    /// The per-rule statistics for `key`, counted if needed.
    pub fn rule_stats(
        &mut self,
        key: (u64, u64),
        dataset: &crate::model::Dataset,
    ) -> &BTreeMap<String, RuleStats> {
        if self.rule_stats.as_ref().is_some_and(|(k, _)| *k != key) {
            self.rule_stats = None;
        }
        &self
            .rule_stats
            .get_or_insert_with(|| (key, crate::rules::rule_stats(dataset)))
            .1
    }
}

/// A "Label" choice: any label (`None`) or one of `labels`, under `name`.
pub fn label_choice(
    ui: &mut egui::Ui,
    name: &str,
    width: Option<f32>,
    labels: &crate::model::LabelSet,
    chosen: &mut Option<String>,
) {
    let mut combo = egui::ComboBox::from_label(name);
    if let Some(w) = width {
        combo = combo.width(w);
    }
    combo
        .selected_text(chosen.as_deref().unwrap_or("any"))
        .show_ui(ui, |ui| {
            ui.selectable_value(chosen, None, "any");
            for label in &labels.labels {
                ui.selectable_value(chosen, Some(label.name.clone()), label.name.as_str());
            }
        });
}

/// What the caches of a workspace are keyed by.
pub fn cache_key(ws: &super::Workspace) -> (u64, u64) {
    (ws.revision(), ws.generation())
}
