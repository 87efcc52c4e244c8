//! Typed text positions. Mixing char, byte and UTF-16 positions is a classic
//! source of wrong offsets, so each has its own type; `text::OffsetIndex`
//! converts between them.

use serde::{Deserialize, Serialize};

macro_rules! offset_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(
            Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
        )]
        #[serde(transparent)]
        pub struct $name(pub usize);

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }

        impl From<usize> for $name {
            fn from(value: usize) -> Self {
                Self(value)
            }
        }
    };
}

offset_type!(
    /// A position counted in Unicode scalar values (Rust `char`s). The unit of
    /// every persisted span offset.
    CharOffset
);
offset_type!(
    /// A position counted in UTF-8 bytes: what `str` slicing, regex and
    /// aho-corasick use.
    ByteOffset
);
offset_type!(
    /// A position counted in UTF-16 code units: what Label Studio, WebAnno
    /// and JavaScript count.
    Utf16Offset
);
