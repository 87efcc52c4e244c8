//! Text positions and words: conversions between char, UTF-8 byte and UTF-16
//! offsets ([`OffsetIndex`]), word tokens, and snapping a char range to word
//! boundaries, and text search ([`search`], [`search_run`]). This is the one
//! place offsets change unit.

mod ascii_words;
mod offsets;
mod plural;
pub mod search;
pub mod search_run;
mod words;

pub use offsets::OffsetIndex;
pub use plural::count;
pub use words::{Token, document_tokens, is_word, snap_to_words, token_iter, tokens, word_at};
