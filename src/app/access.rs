//! What views, tests and the embedding program read of the [`App`], and the
//! two ways in from outside a frame: selecting text and queueing a command.

use std::path::Path;

use super::{App, Command, DocView, Mode, Selection, Workspace, views};
use crate::model::{Dataset, Span};

impl App {
    /// The workspace: the dataset, its history and its files.
    pub fn workspace(&self) -> &Workspace {
        &self.ws
    }

    /// The session: the dataset, its history, the saved revision.
    pub fn session(&self) -> &crate::edit::Session {
        self.ws.session()
    }

    /// The dataset.
    pub fn dataset(&self) -> &Dataset {
        self.ws.dataset()
    }

    /// The mode: what the keys mean now.
    pub fn mode(&self) -> &Mode {
        &self.mode
    }

    /// The index of the document on screen.
    pub fn current_document(&self) -> usize {
        self.current
    }

    /// The file the dataset is saved to, if any.
    pub fn path(&self) -> Option<&Path> {
        self.ws.path()
    }

    /// The last message shown in the status bar.
    pub fn message(&self) -> Option<&str> {
        self.message.as_deref()
    }

    /// What the mode panel says: the current mode's instructions.
    pub fn instructions(&self) -> Option<String> {
        views::mode_panel::instructions(&self.mode, self.ws.dataset())
    }

    /// The conflict being adjudicated, if adjudicating: (document, conflict).
    pub fn adjudicating(&self) -> Option<&(usize, crate::model::Conflict)> {
        match &self.mode {
            Mode::Adjudicate(w) => w.current.as_ref(),
            _ => None,
        }
    }

    /// The suggestion under review, if reviewing: (document, suggestion).
    pub fn reviewing(&self) -> Option<&(usize, Span)> {
        match &self.mode {
            Mode::Review(w) => w.current.as_ref(),
            _ => None,
        }
    }

    /// The document view (selection, layout), for tests.
    pub fn view(&self) -> &DocView {
        &self.view
    }

    /// Selects a char range of the current document, as a drag would.
    pub fn select(&mut self, range: std::ops::Range<usize>) {
        self.view.selected_span = None;
        self.view.selection = Some(Selection::of(range));
    }

    /// Queues a command, as a menu click or a key does; it runs at the end
    /// of the next frame.
    pub fn queue(&mut self, command: Command) {
        self.queue.push(command);
    }
}
