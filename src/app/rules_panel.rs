//! The rules window: every rule with its hits, accepted, rejected and
//! precision (computed from the dataset, so it follows every decision and
//! undo), a switch per rule, bulk decisions by rule or by label, and the
//! buttons that run the rules.

use egui::{Context, RichText};

use super::App;
use super::command::Command;
use crate::rules::rule_stats;

/// Draws the rules window when it is open.
pub fn rules_window(app: &mut App, ctx: &Context) {
    if let Some(job) = &app.suggest_job {
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
    if !app.show_rules {
        return;
    }
    // Recounted only when the dataset changes, not every frame.
    let key = (app.session.revision(), app.generation);
    if app.rule_stats.as_ref().is_none_or(|(k, _)| *k != key) {
        app.rule_stats = Some((key, rule_stats(app.session.dataset())));
    }
    let stats = app
        .rule_stats
        .as_ref()
        .map(|(_, s)| s.clone())
        .unwrap_or_default();
    let mut open = true;
    let mut decide: Option<Decision> = None;
    let mut run = None;
    egui::Window::new("Rules")
        .open(&mut open)
        .default_width(620.0)
        .show(ctx, |ui| {
            rules_grid(app, ui, &stats, &mut decide);
            ui.separator();
            ui.horizontal_wrapped(|ui| {
                ui.label("By label:");
                let labels: Vec<String> = app
                    .session
                    .dataset()
                    .labels
                    .names()
                    .map(str::to_owned)
                    .collect();
                for label in labels {
                    ui.menu_button(&label, |ui| {
                        if ui.button(format!("Accept all pending {label}")).clicked() {
                            decide = Some((true, None, Some(label.clone())));
                        }
                        if ui.button(format!("Reject all pending {label}")).clicked() {
                            decide = Some((false, None, Some(label.clone())));
                        }
                    });
                }
            });
            ui.horizontal(|ui| {
                if ui.button(Command::SuggestDocument.label()).clicked() {
                    run = Some(false);
                }
                if ui.button(Command::SuggestAll.label()).clicked() {
                    run = Some(true);
                }
            });
        });
    app.show_rules &= open;
    if let Some((accept, rule, label)) = decide {
        let n = app.decide_all(accept, rule.as_deref(), label.as_deref());
        app.message = Some(format!(
            "{} {n} suggestions",
            if accept { "Accepted" } else { "Rejected" }
        ));
    }
    if let Some(all) = run {
        app.run_rules(all);
    }
}

/// A bulk decision: accept?, by rule, by label.
type Decision = (bool, Option<String>, Option<String>);

/// One row per rule (and the learned matcher): switch, counts, bulk buttons.
fn rules_grid(
    app: &mut App,
    ui: &mut egui::Ui,
    stats: &std::collections::BTreeMap<String, crate::rules::RuleStats>,
    decide: &mut Option<Decision>,
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
        let mut rows: Vec<(String, String)> = app
            .rules_file
            .rules
            .iter()
            .map(|r| (r.id.clone(), r.label.clone()))
            .collect();
        rows.push(("learned".into(), "(any)".into()));
        for (id, label) in rows {
            let mut on = if id == "learned" {
                app.rules_file.learned.enabled
            } else {
                app.rules_file
                    .rules
                    .iter()
                    .find(|r| r.id == id)
                    .is_some_and(|r| r.enabled)
            };
            let toggle = ui.checkbox(&mut on, "");
            toggle.widget_info(|| {
                egui::WidgetInfo::selected(egui::Role::CheckBox, true, on, format!("rule {id} on"))
            });
            if toggle.changed() {
                if id == "learned" {
                    app.rules_file.learned.enabled = on;
                } else if let Some(rule) = app.rules_file.rules.iter_mut().find(|r| r.id == id) {
                    rule.enabled = on;
                }
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
                            *decide = Some((accept, Some(id.clone()), None));
                        }
                    }
                }
            });
            ui.end_row();
        }
    });
}
