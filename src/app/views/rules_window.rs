//! The rules window: every rule with its hits, accepted, rejected and
//! precision (computed from the dataset, so it follows every decision and
//! undo), a switch per rule, bulk decisions by rule or by label, and the
//! buttons that run the rules.

use egui::{Context, RichText};

use super::Caches;
use crate::app::Command;
use crate::app::Workspace;
use crate::app::suggest::{RulesInUse, SuggestJob};

/// Draws the progress of a rules run, and the rules window when it is open.
/// Switches, bulk decisions and runs are queued as commands.
pub fn ui(
    ctx: &Context,
    open: &mut bool,
    job: Option<&SuggestJob>,
    rules: &RulesInUse,
    ws: &Workspace,
    caches: &mut Caches,
    queue: &mut Vec<Command>,
) {
    if let Some(job) = job {
        let done = job.done.load(std::sync::atomic::Ordering::Relaxed);
        #[expect(clippy::cast_precision_loss, reason = "a progress fraction")]
        let fraction = done as f32 / job.total.max(1) as f32;
        egui::Window::new("Suggesting")
            .collapsible(false)
            .anchor(egui::Align2::CENTER_CENTER, egui::Vec2::ZERO)
            .show(ctx, |ui| {
                ui.label(format!(
                    "Running the rules: {done} of {} documents",
                    job.total
                ));
                ui.add(egui::ProgressBar::new(fraction).show_percentage());
            });
        ctx.request_repaint_after(std::time::Duration::from_millis(100));
    }
    if !*open {
        return;
    }
    // Recounted only when the dataset changes, not every frame.
    let stats = caches.rule_stats(super::cache_key(ws), ws.dataset());
    egui::Window::new("Rules")
        .open(open)
        .default_width(620.0)
        .show(ctx, |ui| {
            rules_grid(ui, rules, stats, queue);
            ui.separator();
            ui.horizontal_wrapped(|ui| {
                ui.label("By label:");
                for label in ws.dataset().labels.names() {
                    ui.menu_button(label, |ui| {
                        for (accept, verb) in [(true, "Accept"), (false, "Reject")] {
                            if ui.button(format!("{verb} all pending {label}")).clicked() {
                                queue.push(Command::DecideAll {
                                    accept,
                                    rule: None,
                                    label: Some(label.to_owned()),
                                });
                            }
                        }
                    });
                }
            });
            ui.horizontal(|ui| {
                for command in [Command::SuggestDocument, Command::SuggestAll] {
                    if ui.button(command.label()).clicked() {
                        queue.push(command);
                    }
                }
            });
        });
}

/// One row per rule (and the learned matcher): switch, counts, bulk buttons.
fn rules_grid(
    ui: &mut egui::Ui,
    rules: &RulesInUse,
    stats: &std::collections::BTreeMap<String, crate::rules::RuleStats>,
    queue: &mut Vec<Command>,
) {
    egui::Grid::new("rules grid").striped(true).show(ui, |ui| {
        for heading in [
            "on",
            "rule",
            "label",
            "hits",
            "accepted",
            "rejected",
            "precision",
            "pending",
        ] {
            ui.label(RichText::new(heading).strong());
        }
        ui.end_row();
        let mut rows: Vec<(String, String)> = rules
            .file
            .rules
            .iter()
            .map(|r| (r.id.clone(), r.label.clone()))
            .collect();
        rows.push(("learned".into(), "(any)".into()));
        rows.push(("model".into(), "(any)".into()));
        for (id, label) in rows {
            let mut on = rules.is_on(&id);
            let toggle = ui.checkbox(&mut on, "");
            toggle.widget_info(|| {
                egui::WidgetInfo::selected(egui::Role::CheckBox, true, on, format!("rule {id} on"))
            });
            if toggle.changed() {
                queue.push(Command::SetRule { id: id.clone(), on });
            }
            let s = stats.get(&id).copied().unwrap_or_default();
            ui.label(&id);
            ui.label(&label);
            ui.label(s.hits().to_string());
            ui.label(s.accepted.to_string());
            ui.label(s.rejected.to_string());
            ui.label(
                s.precision()
                    .map_or_else(|| "-".to_owned(), |p| format!("{:.0}%", p * 100.0)),
            );
            ui.horizontal(|ui| {
                ui.label(s.pending.to_string());
                if s.pending > 0 {
                    for (accept, verb) in [(true, "accept"), (false, "reject")] {
                        let button = ui.small_button(format!("{verb} all"));
                        let name = format!("{verb} all of {id}");
                        button.widget_info(|| {
                            egui::WidgetInfo::labeled(egui::Role::Button, true, &name)
                        });
                        if button
                            .on_hover_text(format!("{verb} every pending suggestion of {id}"))
                            .clicked()
                        {
                            queue.push(Command::DecideAll {
                                accept,
                                rule: Some(id.clone()),
                                label: None,
                            });
                        }
                    }
                }
            });
            ui.end_row();
        }
    });
}
