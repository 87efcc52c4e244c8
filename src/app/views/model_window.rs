//! The model window: how the model learns and how it scores on held-out
//! documents (P/R/F1 per label), what it learned from, training time and
//! size, and when it may suggest (the activation threshold and minimum
//! sentences, changed here and kept between runs).

use egui::{Context, RichText, Ui};

use crate::app::Command;
use crate::app::model_loop::{ModelLoop, ModelSettings, thousands};
use crate::app::review_order::ReviewSettings;
use crate::tagger::TrainReport;

/// Draws the window when it is open; settings are queued as commands.
pub fn ui(
    ctx: &Context,
    open: &mut bool,
    model: &ModelLoop,
    review: &ReviewSettings,
    queue: &mut Vec<Command>,
) {
    if !*open {
        return;
    }
    egui::Window::new("Model")
        .open(open)
        .default_width(520.0)
        .show(ctx, |ui| {
            ui.label(RichText::new(model.status_line()).strong());
            let activation = model.activation();
            let colour = if activation.is_active() {
                ui.visuals().text_color()
            } else {
                ui.visuals().warn_fg_color
            };
            ui.colored_label(colour, activation.reason());
            ui.separator();
            settings_ui(ui, &model.settings, queue);
            ui.separator();
            match model.model() {
                Some(m) => report_ui(ui, m.report(), m.memory_bytes()),
                None => {
                    ui.label("No model yet. It trains in the background a moment after you accept spans in a document marked done or in progress.");
                }
            }
            ui.separator();
            ui.horizontal(|ui| {
                if ui
                    .button(Command::TrainModel.label())
                    .on_hover_text(Command::TrainModel.tooltip())
                    .clicked()
                {
                    queue.push(Command::TrainModel);
                }
                ui.label(format!(
                    "Review order: {}; hiding model suggestions below {:.0}%",
                    review.order.name(),
                    review.min_confidence * 100.0
                ));
            });
        });
}

/// The activation threshold and minimum sentences.
fn settings_ui(ui: &mut Ui, settings: &ModelSettings, queue: &mut Vec<Command>) {
    let mut s = *settings;
    ui.horizontal(|ui| {
        ui.label("Suggest when held-out F1 ≥");
        let f1 = ui.add(egui::Slider::new(&mut s.threshold, 0.0..=1.0).fixed_decimals(2));
        f1.widget_info(|| {
            egui::WidgetInfo::labeled(egui::Role::Slider, true, "Activation threshold")
        });
        ui.label("and sentences ≥");
        let n = ui.add(egui::DragValue::new(&mut s.min_sentences).range(0..=100_000));
        n.widget_info(|| {
            egui::WidgetInfo::labeled(egui::Role::SpinButton, true, "Minimum sentences")
        });
    });
    ui.checkbox(
        &mut s.train,
        "Retrain in the background after accepted spans change",
    );
    if s != *settings {
        queue.push(Command::SetModelSettings(s));
    }
}

/// The rules whose matches it read as features, with their matches.
fn rules_read(r: &TrainReport) -> String {
    if r.rule_matches.is_empty() {
        return "No rule matched in the documents it learned from, so it reads no rule matches."
            .into();
    }
    let read: Vec<String> = r
        .rule_matches
        .iter()
        .map(|(id, r)| format!("{id} ({})", thousands(r.matches)))
        .collect();
    format!(
        "Reads where these rules match as features (matches in training): {}.",
        read.join(", ")
    )
}

/// What it learned from, how long it took, and the held-out scores.
fn report_ui(ui: &mut Ui, r: &TrainReport, bytes: usize) {
    #[expect(clippy::cast_precision_loss, reason = "a size in MB for display")]
    let mb = bytes as f64 / 1_000_000.0;
    ui.label(format!(
        "Trained on {} sentences ({} tokens, {} spans) in {} documents. Scored on {} documents ({} sentences) held out of a first training, then trained again on all.",
        thousands(r.sentences),
        thousands(r.tokens),
        thousands(r.spans),
        thousands(r.documents),
        thousands(r.held_out_documents),
        thousands(r.held_out_sentences),
    ));
    ui.label(format!(
        "Training took {:.2} s ({} epochs); {} features, {mb:.1} MB in memory.",
        r.seconds,
        r.epochs,
        thousands(r.features)
    ));
    ui.label(rules_read(r));
    egui::Grid::new("model scores")
        .striped(true)
        .show(ui, |ui| {
            for heading in ["label", "precision", "recall", "F1", "held-out spans"] {
                ui.label(RichText::new(heading).strong());
            }
            ui.end_row();
            let pct = |v: f64| format!("{:.1}", v * 100.0);
            for (label, score) in &r.per_label {
                ui.label(label);
                ui.label(pct(score.scores.precision));
                ui.label(pct(score.scores.recall));
                ui.label(pct(score.scores.f1));
                ui.label(thousands(score.counts.tp + score.counts.fn_));
                ui.end_row();
            }
            if let Some(m) = r.micro {
                ui.label(RichText::new("all (micro)").strong());
                ui.label(pct(m.precision));
                ui.label(pct(m.recall));
                ui.label(RichText::new(pct(m.f1)).strong());
                ui.end_row();
            }
        });
    if r.micro.is_none() {
        ui.label("Not scored: at least two annotated documents are needed to hold one out.");
    }
}
