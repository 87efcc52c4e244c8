//! The fonts: egui's bundled fonts first, the bundled monospace font (Hack)
//! behind them in the proportional family so the menus' arrow keys
//! (`Alt+→`) always render, then the system's fonts, found on demand by
//! eframe's system font provider (fontconfig on Linux), for every script
//! and emoji the bundled fonts lack.

use std::sync::Arc;

use egui::{FontDefinitions, FontFamily};

/// The bundled fonts, with Hack as the proportional family's last bundled
/// fallback (Ubuntu Light has no arrows; Hack has U+2190..U+21FF).
pub fn definitions() -> FontDefinitions {
    let mut fonts = FontDefinitions::default();
    if let Some(proportional) = fonts.families.get_mut(&FontFamily::Proportional)
        && !proportional.iter().any(|name| name == "Hack")
    {
        proportional.push("Hack".to_owned());
    }
    fonts
}

/// Installs the bundled fonts and, when `system` is true, the system font
/// provider (asked only for characters no bundled font has; its fonts are
/// appended at the lowest priority, so the bundled ones stay first).
pub fn install(ctx: &egui::Context, system: bool) {
    ctx.set_fonts(definitions());
    if system {
        ctx.add_font_provider(Arc::new(
            egui_system_font_provider::SystemFontProvider::new(),
        ));
    }
}

#[cfg(test)]
mod tests {
    use egui::epaint::{FontId, Fonts, TextOptions};

    use super::*;
    use crate::app::Command;

    #[test]
    fn every_menu_entry_and_shortcut_renders_with_the_bundled_fonts_alone() {
        let mut fonts = Fonts::new(TextOptions::default(), definitions());
        for command in Command::ALL {
            let text = format!("{} {}", command.label(), command.shortcut_text());
            assert!(
                fonts.has_glyphs(&FontId::proportional(14.0), &text),
                "a glyph of {text:?} is missing from the bundled fonts"
            );
        }
    }

    #[test]
    fn without_hack_the_arrows_would_be_boxes() {
        let mut fonts = Fonts::new(TextOptions::default(), FontDefinitions::default());
        assert!(
            !fonts.has_glyphs(&FontId::proportional(14.0), "←→↑↓"),
            "egui's proportional fonts gained the arrows: the Hack fallback can go"
        );
    }
}
