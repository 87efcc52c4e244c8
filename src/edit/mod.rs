//! Changes to a dataset as values: [`Edit`] applies and returns its inverse,
//! [`History`] keeps both for undo/redo, and [`Session`] bundles a dataset
//! with its history and saved revision. The GUI and the CLI change data only
//! through here.

mod apply;
pub mod bulk;
mod error;
mod history;
mod labels;
mod session;

pub use apply::{Edit, EditError};
pub use history::History;
pub use labels::{LabelEdit, Moved, Place, label_uses};
pub use session::Session;
