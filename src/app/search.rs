//! Text search over every document (Ctrl+F): the query the user types, its
//! results as they stream in from a worker thread, and the hit the user is
//! on (F3 / Enter for the next, Shift for the previous).
//!
//! The worker ("search" thread, on all cores through rayon) searches a
//! snapshot of the documents' ids and texts, taken once per dataset (the
//! text never changes once imported). A newer query cancels the older one:
//! its batches are never read. Datasets under [`SMALL_TEXT_BYTES`] are
//! searched at once on the UI thread (well under a millisecond).

use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, TryRecvError, channel};

use super::App;
use crate::model::Dataset;
use crate::text::search::{Matcher, SearchQuery};
use crate::text::search_run::{Batch, search_documents};

/// Below this much text a search runs on the UI thread.
const SMALL_TEXT_BYTES: usize = 256 * 1024;

/// The ids and texts of the documents, shared with the worker.
type Texts = Arc<Vec<(String, String)>>;

/// A document's hits.
#[derive(Clone, Debug)]
pub struct Found {
    /// Hits in the text as char ranges, in text order (the first
    /// [`crate::text::search_run::RANGES_PER_DOCUMENT`]).
    pub ranges: Arc<Vec<Range<usize>>>,
    /// All hits in the text.
    pub count: usize,
}

/// A search running on the worker.
struct Running {
    cancel: Arc<AtomicBool>,
    batches: Receiver<Batch>,
}

/// The search: query, results, and the hit the user is on.
#[derive(Default)]
pub struct Search {
    /// What the user typed and the toggles (edited by the document list).
    pub query: SearchQuery,
    /// The query (and dataset generation) the results are for.
    asked: Option<(SearchQuery, u64)>,
    texts: Option<(u64, Texts)>,
    running: Option<Running>,
    /// Documents with hits in their text or id, by index.
    found: BTreeMap<usize, Found>,
    hits: usize,
    searched: usize,
    total: usize,
    error: Option<String>,
    version: u64,
    /// The hit the user is on: (document, index in its ranges).
    cursor: Option<(usize, usize)>,
    /// The last search ran on the "search" thread (not on the UI thread).
    on_worker: bool,
}

impl Search {
    /// No query yet; case is ignored until the user says otherwise.
    pub fn new() -> Self {
        Self {
            query: SearchQuery {
                ignore_case: true,
                ..SearchQuery::default()
            },
            ..Self::default()
        }
    }

    /// True when there is a query (the list shows only documents with hits).
    pub fn is_active(&self) -> bool {
        !self.query.pattern.is_empty() && self.error.is_none()
    }

    /// True while the worker is still searching.
    pub fn is_running(&self) -> bool {
        self.running.is_some()
    }

    /// Why the query cannot run (a bad regular expression).
    pub fn error(&self) -> Option<&str> {
        self.error.as_deref()
    }

    /// Documents with hits (in the text or the id), by index.
    pub fn found(&self) -> &BTreeMap<usize, Found> {
        &self.found
    }

    /// Hits in all texts so far, documents searched so far, documents in all.
    pub fn progress(&self) -> (usize, usize, usize) {
        (self.hits, self.searched, self.total)
    }

    /// True if the last search ran on the "search" thread, not the UI
    /// thread (datasets of 256 KiB of text or more).
    pub fn ran_on_worker(&self) -> bool {
        self.on_worker
    }

    /// Changes whenever the results change (for caches built on them).
    pub fn version(&self) -> u64 {
        self.version
    }

    /// The hit the user is on, if it is in document `doc`.
    pub fn current_hit(&self, doc: usize) -> Option<Range<usize>> {
        let (d, i) = self.cursor?;
        (d == doc).then(|| self.found.get(&d)?.ranges.get(i).cloned())?
    }

    /// Clears the query and the results.
    pub fn clear(&mut self) {
        self.query.pattern.clear();
    }

    /// Starts a search when the query or the dataset changed, and takes in
    /// what the worker found since the last frame.
    pub fn update(&mut self, dataset: &Dataset, generation: u64) {
        let asked = (self.query.clone(), generation);
        if self.asked.as_ref() != Some(&asked) {
            self.start(dataset, generation);
            self.asked = Some(asked);
        }
        self.receive();
    }

    fn start(&mut self, dataset: &Dataset, generation: u64) {
        if let Some(running) = self.running.take() {
            running.cancel.store(true, Ordering::Relaxed);
        }
        self.found.clear();
        self.hits = 0;
        self.searched = 0;
        self.total = dataset.documents.len();
        self.error = None;
        self.cursor = None;
        self.version += 1;
        if self.query.pattern.is_empty() {
            return;
        }
        let matcher = match Matcher::new(&self.query) {
            Ok(m) => m,
            Err(e) => {
                self.error = Some(crate::app::capitalise(&e.to_string()));
                return;
            }
        };
        if self.texts.as_ref().is_none_or(|(g, _)| *g != generation) {
            let texts = dataset
                .documents
                .iter()
                .map(|d| (d.id.clone(), d.text.clone()))
                .collect();
            self.texts = Some((generation, Arc::new(texts)));
        }
        let Some((_, texts)) = &self.texts else {
            return;
        };
        let size: usize = texts.iter().map(|(_, t)| t.len()).sum();
        self.on_worker = size >= SMALL_TEXT_BYTES;
        let (tx, rx) = channel();
        let cancel = Arc::new(AtomicBool::new(false));
        if size < SMALL_TEXT_BYTES {
            search_documents(texts, &matcher, &cancel, |b| {
                let _ = tx.send(b);
            });
        } else {
            let texts = Arc::clone(texts);
            let stop = Arc::clone(&cancel);
            let spawned = std::thread::Builder::new()
                .name("search".into())
                .spawn(move || {
                    search_documents(&texts, &matcher, &stop, |b| {
                        // A closed channel: a newer query took over.
                        if tx.send(b).is_err() {
                            stop.store(true, Ordering::Relaxed);
                        }
                    });
                });
            if let Err(e) = spawned {
                self.error = Some(format!("Cannot start the search: {e}"));
                return;
            }
        }
        self.running = Some(Running {
            cancel,
            batches: rx,
        });
    }

    /// Takes in the batches that arrived (never blocks).
    fn receive(&mut self) {
        let Some(running) = &self.running else { return };
        loop {
            match running.batches.try_recv() {
                Ok(batch) => {
                    self.searched += batch.searched;
                    for hits in batch.found {
                        self.hits += hits.text.count;
                        self.found.insert(
                            hits.doc,
                            Found {
                                ranges: Arc::new(hits.text.ranges),
                                count: hits.text.count,
                            },
                        );
                    }
                    self.version += 1;
                }
                Err(TryRecvError::Empty) => return,
                Err(TryRecvError::Disconnected) => {
                    self.running = None;
                    return;
                }
            }
        }
    }

    /// Moves to the next (or previous) hit from document `current`: within
    /// the document first, then to the next document with hits, wrapping
    /// around. Returns the document and the hit's chars.
    pub fn step(&mut self, current: usize, forward: bool) -> Option<(usize, Range<usize>)> {
        let with_hits = |(&d, f): (&usize, &Found)| (!f.ranges.is_empty()).then_some(d);
        let count = |d: usize| self.found.get(&d).map_or(0, |f| f.ranges.len());
        let within = match self.cursor {
            Some((d, i)) if d == current => {
                if forward {
                    (i + 1 < count(d)).then_some((d, i + 1))
                } else {
                    i.checked_sub(1).map(|i| (d, i))
                }
            }
            _ if count(current) > 0 => {
                Some((current, if forward { 0 } else { count(current) - 1 }))
            }
            _ => None,
        };
        let next = within.or_else(|| {
            let doc = if forward {
                let after = self.found.range(current + 1..).find_map(with_hits);
                after.or_else(|| self.found.iter().find_map(with_hits))
            } else {
                let before = self.found.range(..current).rev().find_map(with_hits);
                before.or_else(|| self.found.iter().rev().find_map(with_hits))
            }?;
            Some((doc, if forward { 0 } else { count(doc) - 1 }))
        })?;
        self.cursor = Some(next);
        let range = self.found.get(&next.0)?.ranges.get(next.1)?.clone();
        Some((next.0, range))
    }
}

impl App {
    /// Goes to the next (or previous) search hit, in another document if
    /// need be, and scrolls it into view.
    pub(super) fn find(&mut self, forward: bool) {
        if !self.search.is_active() {
            self.list.focus_search();
            self.message = Some(
                self.search
                    .error()
                    .unwrap_or("Type something to search for (Ctrl+F)")
                    .to_owned(),
            );
            return;
        }
        let Some((doc, range)) = self.search.step(self.current, forward) else {
            let more = if self.search.is_running() { " yet" } else { "" };
            self.message = Some(format!("No hits{more}"));
            return;
        };
        self.go_to(doc);
        self.view.scroll_to(range.start);
        let (hits, _, _) = self.search.progress();
        let in_doc = self.search.found().get(&doc).map_or(0, |f| f.count);
        let at = self.search.cursor.map_or(0, |(_, i)| i + 1);
        let docs = self.search.found().len();
        self.message = Some(format!(
            "Hit {at} of {in_doc} in this document · {hits} in {docs} documents"
        ));
    }

    /// The search: query, results, the hit the user is on (for tests).
    pub fn search(&self) -> &Search {
        &self.search
    }

    /// Waits until the running search has finished (tests, benchmarks).
    pub fn wait_for_search(&mut self) {
        let deadline = std::time::Instant::now() + std::time::Duration::from_mins(1);
        self.search.update(self.ws.dataset(), self.ws.generation());
        while self.search.is_running() && std::time::Instant::now() < deadline {
            std::thread::sleep(std::time::Duration::from_millis(2));
            self.search.update(self.ws.dataset(), self.ws.generation());
        }
    }
}
