//! The statistics window: spans per label, documents by status, spans per
//! document, and each rule's precision, as charts (`egui_plot`). The figures
//! are `eval::statistics`, the same as `spanlab stats --json`, recounted
//! only when the dataset changes.

use egui::Color32;
use egui_plot::{Bar, BarChart, Plot};

use super::Caches;
use crate::app::{Workspace, theme};
use crate::eval::Statistics;

/// A bar chart of named values, the names under the bars.
fn bars(
    ui: &mut egui::Ui,
    id: &str,
    title: &str,
    values: &[(String, f64, Color32)],
    max_y: Option<f64>,
) {
    ui.label(egui::RichText::new(title).strong());
    let names: Vec<String> = values.iter().map(|(n, _, _)| n.clone()).collect();
    let chart = BarChart::new(
        title,
        values
            .iter()
            .enumerate()
            .map(|(i, (name, v, color))| {
                #[expect(clippy::cast_precision_loss, reason = "a handful of bars")]
                Bar::new(i as f64, *v).name(name).fill(*color).width(0.7)
            })
            .collect(),
    );
    let mut plot = Plot::new(id)
        .height(125.0)
        .allow_zoom(false)
        .allow_drag(false)
        .allow_scroll(false)
        .allow_boxed_zoom(false)
        .include_y(0.0)
        // A grid line (and so a name) under every bar.
        .x_grid_spacer(egui_plot::uniform_grid_spacer(|_| [1.0, 2.0, 4.0]))
        .x_axis_formatter(move |mark, _| {
            let i = mark.value.round();
            if (mark.value - i).abs() > 1e-6 || i < 0.0 {
                return String::new();
            }
            #[expect(
                clippy::cast_possible_truncation,
                clippy::cast_sign_loss,
                reason = "checked above"
            )]
            names.get(i as usize).cloned().unwrap_or_default()
        });
    if let Some(max) = max_y {
        plot = plot.include_y(max);
    }
    plot.show(ui, |p| p.bar_chart(chart));
}

/// The window, when open.
pub fn ui(ctx: &egui::Context, open: &mut bool, ws: &Workspace, caches: &mut Caches) {
    if !*open {
        return;
    }
    let s = caches.stats(super::cache_key(ws), ws.dataset());
    let labels = &ws.dataset().labels;
    let color = |name: &str| {
        labels
            .get(name)
            .map_or(Color32::GRAY, |l| theme::color32(l.color))
    };
    egui::Window::new("Statistics")
        .open(open)
        .default_size([640.0, 730.0])
        .default_pos([20.0, 40.0])
        .vscroll(true)
        .show(ctx, |ui| {
            let Statistics {
                documents,
                by_status,
                spans,
                spans_per_document,
                conflicts,
                rules,
                ..
            } = s;
            let total: usize = spans.iter().map(|(_, n)| n).sum();
            ui.label(format!(
                "{}, {}, {}",
                crate::text::count(*documents, "document"),
                crate::text::count(total, "span"),
                crate::text::count(*conflicts, "open conflict")
            ));
            #[expect(clippy::cast_precision_loss, reason = "counts far below 2^52")]
            let as_bars = |v: &[(String, usize)],
                           c: &dyn Fn(&str) -> Color32|
             -> Vec<(String, f64, Color32)> {
                v.iter()
                    .map(|(n, k)| (n.clone(), *k as f64, c(n)))
                    .collect()
            };
            bars(
                ui,
                "spans per label",
                "Spans per label",
                &as_bars(spans, &color),
                None,
            );
            let status_color = |_: &str| ui.visuals().selection.bg_fill;
            let statuses = as_bars(by_status, &status_color);
            bars(
                ui,
                "documents by status",
                "Documents by status",
                &statuses,
                None,
            );
            bars(
                ui,
                "spans per document",
                "Documents by number of spans",
                &histogram_bars(spans_per_document),
                None,
            );
            let decided: Vec<(String, f64, Color32)> = rules
                .iter()
                .filter_map(|r| {
                    r.precision.map(|p| {
                        (
                            r.rule.clone(),
                            p * 100.0,
                            Color32::from_rgb(0x3f, 0xa8, 0x66),
                        )
                    })
                })
                .collect();
            if decided.is_empty() {
                ui.label("Rule precision appears once suggestions have been accepted or rejected.");
            } else {
                bars(
                    ui,
                    "rule precision",
                    "Rule precision (%)",
                    &decided,
                    Some(100.0),
                );
            }
        });
}

/// The spans-per-document histogram as bars.
fn histogram_bars(buckets: &[(usize, usize, usize)]) -> Vec<(String, f64, Color32)> {
    buckets
        .iter()
        .map(|(from, to, n)| {
            let name = if from == to {
                from.to_string()
            } else {
                format!("{from}-{to}")
            };
            #[expect(clippy::cast_precision_loss, reason = "counts far below 2^52")]
            (name, *n as f64, Color32::from_rgb(0x70, 0x90, 0xb0))
        })
        .collect()
}
