//! The search box above the document list (Ctrl+F): the query, the
//! "ignore case" and "regex" toggles, and one line saying what was found
//! (or why the regex is wrong, or how far the search has got).

use egui::{Key, Modifiers, Ui};

use crate::app::{Command, Search};

/// Draws the search box; Enter / Shift+Enter in it queue the next /
/// previous hit. `focus` puts the keyboard in it.
pub fn ui(ui: &mut Ui, search: &mut Search, focus: bool, queue: &mut Vec<Command>) {
    let edit = egui::TextEdit::singleline(&mut search.query.pattern)
        .hint_text("Search text (Ctrl+F)")
        // Enter goes to the next hit and the box keeps the keyboard.
        .return_key(None)
        .desired_width(f32::INFINITY);
    let response = ui.add(edit);
    response
        .widget_info(|| egui::WidgetInfo::labeled(egui::Role::SearchInput, true, "Search text"));
    if focus {
        response.request_focus();
    }
    if response.has_focus() {
        ui.input_mut(|input| {
            if input.consume_key(Modifiers::SHIFT, Key::Enter) {
                queue.push(Command::FindPrevious);
            } else if input.consume_key(Modifiers::NONE, Key::Enter) {
                queue.push(Command::FindNext);
            }
        });
    }
    ui.horizontal(|ui| {
        ui.checkbox(&mut search.query.ignore_case, "Ignore case")
            .on_hover_text("Upper and lower case letters match each other");
        ui.checkbox(&mut search.query.regex, "Regex")
            .on_hover_text("Read the query as a regular expression (regex crate syntax)");
    });
    if let Some(error) = search.error() {
        ui.colored_label(ui.visuals().error_fg_color, error);
    } else if search.is_active() {
        ui.label(summary(search));
    }
}

/// "12 hits in 3 documents", with how far the search has got while it runs.
fn summary(search: &Search) -> String {
    let (hits, searched, total) = search.progress();
    let docs = search.found().len();
    let found = match (hits, docs) {
        (0, 0) => "No hits".to_owned(),
        (1, _) => format!("1 hit in {docs} document{}", plural(docs)),
        _ => format!("{hits} hits in {docs} document{}", plural(docs)),
    };
    if search.is_running() {
        format!("{found} · searching, {searched} of {total} documents")
    } else {
        found
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
