//! The app's side of the model in the loop: polling the background
//! training once a frame, the model's suggestions in a new document on
//! arrival, the model commands, and accepting every confident model
//! suggestion as one edit. The training itself is in `model_loop/`.

use std::time::{Duration, Instant};

use super::review_order::{ReviewOrder, confident};
use super::{App, Command, Mode};
use crate::edit::Edit;
use crate::model::Status;

impl App {
    /// Lets the model train in the background after accepted spans change
    /// (the window does; tests opt in, so other tests stay deterministic).
    #[must_use]
    pub fn with_model_training(mut self, on: bool) -> Self {
        self.model.enable(on);
        self
    }

    /// Reads the first dataset's model file (none for the sample).
    pub(super) fn with_model_replaced(mut self) -> Self {
        self.model_replaced();
        self
    }

    /// Takes the persisted settings (model, review order) after they were read.
    pub fn apply_persisted(&mut self) {
        self.model.settings = self.persisted.model;
        self.review_settings.order = self.persisted.review_order;
    }

    /// The model loop: the model, its schedule and settings (tests).
    pub fn model_loop(&self) -> &super::model_loop::ModelLoop {
        &self.model
    }

    /// How review walks and what it shows.
    pub fn review_settings(&self) -> super::review_order::ReviewSettings {
        self.review_settings
    }

    /// Reads the dataset's model file after it was replaced.
    pub(super) fn model_replaced(&mut self) {
        let note = self
            .model
            .replaced(self.ws.dataset(), self.ws.path(), self.ws.generation());
        self.model_note = note;
    }

    /// Once a frame: queues and starts training runs, takes a finished one,
    /// and lets the model suggest in a new document on screen.
    pub(super) fn poll_model(&mut self, ctx: &egui::Context) {
        let now = Instant::now();
        let key = super::views::cache_key(&self.ws);
        let dataset = self.ws.dataset();
        let rules = || self.rules.for_dataset(dataset);
        let started = self
            .model
            .observe(dataset, self.ws.path(), &rules, key, now);
        let finished = self.model.poll();
        for note in [self.model_note.take(), started, finished]
            .into_iter()
            .flatten()
        {
            self.message = Some(match self.message.take() {
                Some(m) => format!("{m}; {note}"),
                None => note,
            });
        }
        if self.model.is_training() || self.model.rules_pending() {
            ctx.request_repaint_after(Duration::from_millis(100));
        } else if let Some(wait) = self.model.wait(now) {
            ctx.request_repaint_after(wait + Duration::from_millis(10));
        }
        self.suggest_on_arrival();
        self.view.min_confidence = self.review_settings.min_confidence;
    }

    /// The model's suggestions in the new document on screen, once per
    /// document, when it may suggest. Under the same conflict resolution
    /// as the rules: never over an accepted span or a pending suggestion,
    /// never a rejected one again.
    fn suggest_on_arrival(&mut self) {
        let doc = self.current;
        if !self.rules.model || self.suggest_job.is_some() || self.model.suggested.contains(&doc) {
            return;
        }
        let Some(model) = self.model.active() else {
            return;
        };
        if self.ws.dataset().documents.get(doc).map(|d| d.status) != Some(Status::New) {
            self.model.suggested.insert(doc);
            return;
        }
        // The model reads the rules' matches: the rules it was trained
        // with, or (a model read from its file) the rules in use, compiled
        // on a worker thread; the document waits for them.
        let dataset = self.ws.dataset();
        let in_use = &self.rules;
        let (rules, note) = self.model.rules_for_model(&|| in_use.for_dataset(dataset));
        if let Some(note) = note {
            self.message = Some(note);
        }
        let Some(rules) = rules else {
            return;
        };
        self.model.suggested.insert(doc);
        let Some(document) = self.ws.dataset().documents.get(doc) else {
            return;
        };
        let found = rules.suggest_model(document, &model);
        let edits: Vec<Edit> = found
            .into_iter()
            .map(|span| Edit::AddSuggestion { doc, span })
            .collect();
        if edits.is_empty() {
            return;
        }
        let n = self.ws.apply_each_as_one_step(edits);
        self.message = Some(format!(
            "The model suggests {n} span{} here (confidence on hover)",
            if n == 1 { "" } else { "s" }
        ));
    }

    /// Runs a model command; gives back any other.
    pub(super) fn run_model_command(&mut self, command: Command) -> Option<Command> {
        match command {
            Command::Model => self.windows.model = !self.windows.model,
            Command::TrainModel => {
                self.model.train_now();
                self.message = Some("Training the model in the background".into());
            }
            Command::OrderReview(order) => self.order_review(order),
            Command::AcceptConfident { dataset } => self.accept_confident(dataset),
            Command::SetModelSettings(settings) => {
                self.model.settings = settings;
                self.persisted.model = settings;
            }
            Command::SetMinConfidence(t) => {
                self.review_settings.min_confidence = t.clamp(0.0, 1.0);
                self.refresh_review();
            }
            other => return Some(other),
        }
        None
    }

    /// Reviews in `order` from now on (from the current place).
    fn order_review(&mut self, order: ReviewOrder) {
        self.review_settings.order = order;
        self.persisted.review_order = order;
        self.message = Some(format!("Reviewing in {}", order.name()));
        self.refresh_review();
    }

    /// Puts the first suggestion of the current order on screen again.
    fn refresh_review(&mut self) {
        let Mode::Review(walker) = &self.mode else {
            return;
        };
        let next = self
            .review_settings
            .next(walker, self.ws.dataset(), self.current, 0);
        self.show_suggestion(next);
    }

    /// Accepts every model suggestion at or above the confidence threshold,
    /// here or everywhere, as one undo step.
    fn accept_confident(&mut self, dataset: bool) {
        let t = self.review_settings.min_confidence;
        let docs: Vec<usize> = if dataset {
            (0..self.ws.dataset().documents.len()).collect()
        } else {
            vec![self.current]
        };
        let found = confident(self.ws.dataset(), &docs, t);
        let mut edits: Vec<Edit> = Vec::with_capacity(found.len());
        let mut started = std::collections::BTreeSet::new();
        for (doc, span) in found {
            if self.ws.dataset().documents[doc].status == Status::New && started.insert(doc) {
                edits.push(Edit::SetStatus {
                    doc,
                    status: Status::InProgress,
                });
            }
            edits.push(Edit::AcceptSuggestion { doc, span });
        }
        if edits.is_empty() {
            self.message = Some(format!(
                "No pending model suggestion with confidence ≥ {:.0}%",
                t * 100.0
            ));
            return;
        }
        let statuses = started.len();
        let n = self
            .ws
            .apply_each_as_one_step(edits)
            .saturating_sub(statuses);
        let place = if dataset {
            "in every document"
        } else {
            "in this document"
        };
        self.message = Some(format!(
            "Accepted {n} model suggestions with confidence ≥ {:.0}% {place} (Ctrl+Z undoes them all)",
            t * 100.0
        ));
        self.refresh_review();
    }
}
