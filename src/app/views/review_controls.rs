//! The review's active-learning controls in the mode panel: the order of
//! the walk, the confidence threshold below which model suggestions are
//! hidden, and accepting every model suggestion at or above it.

use egui::Ui;

use crate::app::Command;
use crate::app::review_order::{ReviewOrder, ReviewSettings};

/// Draws the controls; choices are queued as commands.
pub fn ui(ui: &mut Ui, review: &ReviewSettings, queue: &mut Vec<Command>) {
    ui.horizontal_wrapped(|ui| {
        ui.label("Order:");
        let combo = egui::ComboBox::from_id_salt("review order")
            .selected_text(review.order.name())
            .show_ui(ui, |ui| {
                for order in ReviewOrder::ALL {
                    let command = Command::OrderReview(order);
                    if ui
                        .selectable_label(review.order == order, order.name())
                        .on_hover_text(command.tooltip())
                        .clicked()
                    {
                        queue.push(command);
                    }
                }
            });
        combo
            .response
            .widget_info(|| egui::WidgetInfo::labeled(egui::Role::ComboBox, true, "Review order"));
        ui.separator();
        let mut t = review.min_confidence;
        let slider = ui
            .add(
                egui::Slider::new(&mut t, 0.0..=1.0)
                    .text("hide model suggestions below")
                    .custom_formatter(|v, _| format!("{:.0}%", v * 100.0)),
            )
            .on_hover_text(
                "Model suggestions less confident than this are hidden and not reviewed",
            );
        if slider.changed() {
            queue.push(Command::SetMinConfidence(t));
        }
        for dataset in [false, true] {
            let command = Command::AcceptConfident { dataset };
            let place = if dataset { "everywhere" } else { "here" };
            let text = format!("Accept model ≥ {:.0}% {place}", t * 100.0);
            if ui
                .small_button(text)
                .on_hover_text(command.tooltip())
                .clicked()
            {
                queue.push(command);
            }
        }
    });
}
