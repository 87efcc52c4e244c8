//! Label colours and keys that come with an import: brat's `visual.conf`
//! (`[drawing]`: `Person bgColor:#FF821C`, tab-separated) and `kb_shortcuts.conf`
//! (`P Person`). Only `#RRGGBB` colours are read; named HTML colours and
//! other keys are left to spanlab's own choice.

use std::collections::BTreeMap;

use crate::model::Color;

/// A label's colour and key as another tool had them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LabelStyle {
    /// Its colour.
    pub color: Option<Color>,
    /// Its key (a letter or digit).
    pub hotkey: Option<char>,
}

/// Reads brat's `visual.conf` colours and `kb_shortcuts.conf` keys.
pub fn brat_styles(visual: Option<&str>, keys: Option<&str>) -> BTreeMap<String, LabelStyle> {
    let mut styles: BTreeMap<String, LabelStyle> = BTreeMap::new();
    let mut section = "";
    for line in visual.unwrap_or_default().lines() {
        let line = line.trim();
        if line.starts_with('[') {
            section = line;
            continue;
        }
        if section != "[drawing]" || line.is_empty() || line.starts_with('#') {
            continue;
        }
        let Some((label, settings)) = line.split_once(char::is_whitespace) else {
            continue;
        };
        let color = settings
            .split(',')
            .filter_map(|s| s.trim().strip_prefix("bgColor:"))
            .find_map(|c| c.trim().parse::<Color>().ok());
        if let Some(color) = color {
            styles.entry(label.to_owned()).or_default().color = Some(color);
        }
    }
    for line in keys.unwrap_or_default().lines() {
        let line = line.trim();
        if line.starts_with('#') {
            continue;
        }
        let mut fields = line.split_whitespace();
        if let (Some(key), Some(label)) = (fields.next(), fields.next()) {
            let mut chars = key.chars();
            if let (Some(c), None) = (chars.next(), chars.next())
                && c.is_ascii_alphanumeric()
            {
                styles.entry(label.to_owned()).or_default().hotkey = Some(c.to_ascii_lowercase());
            }
        }
    }
    styles
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn brat_colours_and_keys_are_read() {
        let visual = "[labels]\nPerson | Person\n[drawing]\nSPAN_DEFAULT\tfgColor:black, bgColor:lightgreen\nPerson\tbgColor:#FF821C\nMoney\tbgColor:#007000, fgColor:white\n";
        let keys = "# keys\nP Person\nM Money\nF1 Nothing\n";
        let styles = brat_styles(Some(visual), Some(keys));
        assert_eq!(styles["Person"].color, Some(Color::rgb(0xFF, 0x82, 0x1C)));
        assert_eq!(styles["Person"].hotkey, Some('p'));
        assert_eq!(styles["Money"].hotkey, Some('m'));
        assert!(
            !styles.contains_key("SPAN_DEFAULT"),
            "named colours are left out"
        );
        assert!(!styles.contains_key("Nothing"), "F1 is not a label key");
    }
}
