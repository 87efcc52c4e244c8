//! Labels: the entity types an analyst can assign, with their colour, hotkey
//! and guideline.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// An sRGB colour, written `"#RRGGBB"` in files.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Color {
    /// Red, 0-255.
    pub r: u8,
    /// Green, 0-255.
    pub g: u8,
    /// Blue, 0-255.
    pub b: u8,
}

impl Color {
    /// A colour from its three channels.
    pub const fn rgb(r: u8, g: u8, b: u8) -> Self {
        Self { r, g, b }
    }
}

impl fmt::Display for Color {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{:02X}{:02X}{:02X}", self.r, self.g, self.b)
    }
}

impl FromStr for Color {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let hex = s.strip_prefix('#').unwrap_or(s);
        if hex.len() != 6 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(format!("colour {s:?} is not of the form \"#RRGGBB\""));
        }
        let channel = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).map_err(|e| e.to_string());
        Ok(Self::rgb(channel(0)?, channel(2)?, channel(4)?))
    }
}

impl Serialize for Color {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Color {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = String::deserialize(deserializer)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// One entity type.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Label {
    /// The name written in spans and exports, e.g. `PERSON`.
    pub name: String,
    /// The colour spans of this label are drawn in.
    pub color: Color,
    /// The key that applies this label in the annotator.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hotkey: Option<char>,
    /// A one-line guideline shown to the annotator.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
}

/// The labels of a dataset, in display order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LabelSet {
    /// Whether spans may overlap each other (nested entities). Off by default.
    #[serde(default)]
    pub allow_overlap: bool,
    /// The labels, in the order the palette shows them.
    pub labels: Vec<Label>,
}

/// The label set that ships with spanlab (`assets/labels.ron`).
const DEFAULT_LABELS_RON: &str = include_str!("../../assets/labels.ron");

impl Default for LabelSet {
    fn default() -> Self {
        // The asset is checked by a unit test, so this cannot fail at run time.
        #[expect(clippy::expect_used, reason = "embedded asset, checked by a test")]
        ron::from_str(DEFAULT_LABELS_RON).expect("assets/labels.ron is a valid label set")
    }
}

/// Colours for labels beyond the default ones: mid-tones distinct from
/// the default labels' colours, reading on dark and light.
pub const PALETTE: [Color; 10] = [
    Color::rgb(0xD0, 0x5F, 0x7E),
    Color::rgb(0x3F, 0xA9, 0xB0),
    Color::rgb(0x8E, 0x9B, 0x2F),
    Color::rgb(0x7A, 0x7F, 0xE0),
    Color::rgb(0xC0, 0x72, 0x4A),
    Color::rgb(0x5E, 0xAE, 0x8F),
    Color::rgb(0xB8, 0x5C, 0xB8),
    Color::rgb(0x9A, 0x86, 0x5A),
    Color::rgb(0x4F, 0x95, 0xC9),
    Color::rgb(0x8C, 0x8C, 0x8C),
];

impl LabelSet {
    /// The label with this name.
    pub fn get(&self, name: &str) -> Option<&Label> {
        self.labels.iter().find(|label| label.name == name)
    }

    /// True when a label of this name exists.
    pub fn contains(&self, name: &str) -> bool {
        self.get(name).is_some()
    }

    /// The label whose hotkey is `key` (case-insensitive).
    pub fn by_hotkey(&self, key: char) -> Option<&Label> {
        let key = key.to_lowercase().next().unwrap_or(key);
        self.labels.iter().find(|label| {
            label
                .hotkey
                .is_some_and(|hotkey| hotkey.to_lowercase().next() == Some(key))
        })
    }

    /// The label names, in order.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.labels.iter().map(|label| label.name.as_str())
    }

    /// The colours offered for a label: the default labels' colours, then
    /// [`PALETTE`] (worked out once).
    pub fn offered_colours() -> &'static [Color] {
        static COLOURS: std::sync::LazyLock<Vec<Color>> = std::sync::LazyLock::new(|| {
            let mut out: Vec<Color> = LabelSet::default().labels.iter().map(|l| l.color).collect();
            for c in PALETTE {
                if !out.contains(&c) {
                    out.push(c);
                }
            }
            out
        });
        &COLOURS
    }

    /// Adds a label with a generated colour if none of this name exists
    /// (used when importing data whose labels are not in the set).
    pub fn ensure(&mut self, name: &str) {
        if self.contains(name) {
            return;
        }
        // The first palette colour no label has yet, else cycle.
        let color = PALETTE
            .iter()
            .copied()
            .find(|c| self.labels.iter().all(|l| l.color != *c))
            .unwrap_or(PALETTE[self.labels.len() % PALETTE.len()]);
        let hotkey = self.free_hotkey(name);
        self.labels.push(Label {
            name: name.to_owned(),
            color,
            hotkey,
            description: String::new(),
        });
    }

    /// A letter or digit no label has as its key: the first free letter of
    /// `name`, else of the alphabet, else a digit. `a` and `x` are left
    /// out: in review they accept and reject.
    pub fn free_hotkey(&self, name: &str) -> Option<char> {
        const RESERVED: [char; 2] = ['a', 'x'];
        let candidates = name
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .map(|c| c.to_ascii_lowercase())
            .chain('a'..='z')
            .chain('1'..='9');
        candidates
            .filter(|c| !RESERVED.contains(c))
            .find(|&c| self.by_hotkey(c).is_none())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_label_set_has_the_five_news_labels_with_distinct_keys_and_colours() {
        let set = LabelSet::default();
        let names: Vec<_> = set.names().collect();
        assert_eq!(names, ["PERSON", "ORG", "LOC", "EVENT", "DATE"]);
        let mut keys: Vec<_> = set.labels.iter().filter_map(|l| l.hotkey).collect();
        keys.dedup();
        assert_eq!(keys.len(), 5, "every default label has its own hotkey");
        let colors: std::collections::HashSet<_> = set.labels.iter().map(|l| l.color).collect();
        assert_eq!(colors.len(), 5, "every default label has its own colour");
        assert!(
            set.labels.iter().all(|l| !l.description.is_empty()),
            "guidelines"
        );
        assert!(!set.allow_overlap, "overlaps are off by default");
    }

    #[test]
    fn colours_parse_and_print_as_hex() {
        let c: Color = "#4c9be8".parse().unwrap();
        assert_eq!(c, Color::rgb(0x4C, 0x9B, 0xE8));
        assert_eq!(c.to_string(), "#4C9BE8");
        assert!("#12345".parse::<Color>().is_err());
        assert!("#GG0000".parse::<Color>().is_err());
    }

    #[test]
    fn hotkeys_match_either_case() {
        let set = LabelSet::default();
        assert_eq!(set.by_hotkey('p').map(|l| l.name.as_str()), Some("PERSON"));
        assert_eq!(set.by_hotkey('P').map(|l| l.name.as_str()), Some("PERSON"));
        assert!(set.by_hotkey('z').is_none());
    }
}

#[cfg(test)]
mod import_tests {
    use super::*;

    #[test]
    fn imported_labels_get_free_keys_and_distinct_colours() {
        let mut set = LabelSet::default();
        for name in [
            "PER",
            "MISC",
            "location",
            "person",
            "creative-work",
            "corporation",
        ] {
            set.ensure(name);
        }
        let keys: Vec<char> = set.labels.iter().filter_map(|l| l.hotkey).collect();
        assert_eq!(
            keys.len(),
            set.labels.len(),
            "every label has a key: {keys:?}"
        );
        let unique: std::collections::BTreeSet<_> = keys.iter().collect();
        assert_eq!(unique.len(), keys.len(), "no key twice: {keys:?}");
        assert_eq!(
            set.get("MISC").and_then(|l| l.hotkey),
            Some('m'),
            "its own initial when free"
        );
        assert_eq!(
            set.get("PER").and_then(|l| l.hotkey),
            Some('r'),
            "p is PERSON's; e is EVENT's"
        );
        let colours: std::collections::BTreeSet<_> =
            set.labels.iter().map(|l| l.color.to_string()).collect();
        assert_eq!(colours.len(), set.labels.len(), "distinct colours");
    }
}
