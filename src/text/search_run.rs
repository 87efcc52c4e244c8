//! A search over every document of a dataset, on all cores, streaming:
//! [`search_documents`] hands each finished batch of documents to a sink as
//! soon as it is done (so the first hits show long before the last document
//! is searched), and stops early when told to (a newer query replaced it).

use std::sync::atomic::{AtomicBool, Ordering};

use rayon::prelude::*;

use super::search::{Matcher, TextHits};

/// Documents per batch: small enough that the first batch comes back in a
/// few milliseconds, large enough that sending batches costs nothing.
const BATCH_DOCUMENTS: usize = 64;

/// Hit ranges kept per document (all hits are counted).
pub const RANGES_PER_DOCUMENT: usize = 10_000;

/// The hits of one document.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DocumentHits {
    /// The document's index in the dataset.
    pub doc: usize,
    /// The query matches the document's id.
    pub id_match: bool,
    /// The hits in the document's text.
    pub text: TextHits,
}

/// What one batch found.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Batch {
    /// How many documents the batch searched.
    pub searched: usize,
    /// The documents with a hit in their text or id, in dataset order.
    pub found: Vec<DocumentHits>,
}

/// Searches the `(id, text)` of every document; `sink` gets each batch
/// (batches arrive in any order, from any thread). Returns false when
/// `cancel` stopped it before the end.
pub fn search_documents<S>(
    documents: &[(S, S)],
    matcher: &Matcher,
    cancel: &AtomicBool,
    sink: impl Fn(Batch) + Sync,
) -> bool
where
    S: AsRef<str> + Sync,
{
    documents
        .par_chunks(BATCH_DOCUMENTS)
        .enumerate()
        .for_each(|(chunk, documents)| {
            if cancel.load(Ordering::Relaxed) {
                return;
            }
            let first = chunk * BATCH_DOCUMENTS;
            let found = documents
                .iter()
                .enumerate()
                .filter_map(|(i, (id, text))| {
                    let hits = DocumentHits {
                        doc: first + i,
                        id_match: matcher.is_match(id.as_ref()),
                        text: matcher.hits(text.as_ref(), RANGES_PER_DOCUMENT),
                    };
                    (hits.id_match || hits.text.count > 0).then_some(hits)
                })
                .collect();
            sink(Batch {
                searched: documents.len(),
                found,
            });
        });
    !cancel.load(Ordering::Relaxed)
}

#[cfg(test)]
mod tests {
    use std::sync::Mutex;

    use super::*;
    use crate::text::search::SearchQuery;

    fn matcher(pattern: &str) -> Matcher {
        Matcher::new(&SearchQuery {
            pattern: pattern.into(),
            ignore_case: true,
            regex: false,
        })
        .unwrap()
    }

    #[test]
    fn every_document_is_searched_once_and_hits_name_their_document() {
        let documents: Vec<(String, String)> = (0..1000)
            .map(|i| {
                let text = if i % 7 == 0 {
                    "Zürich, zürich"
                } else {
                    "Bern"
                };
                (format!("doc-{i}"), text.to_owned())
            })
            .collect();
        let batches = Mutex::new(Vec::new());
        let done = search_documents(
            &documents,
            &matcher("ZÜRICH"),
            &AtomicBool::new(false),
            |b| {
                batches.lock().unwrap().push(b);
            },
        );
        assert!(done, "not cancelled");
        let batches = batches.into_inner().unwrap();
        let searched: usize = batches.iter().map(|b| b.searched).sum();
        assert_eq!(searched, 1000, "each document once");
        let mut found: Vec<DocumentHits> = batches.into_iter().flat_map(|b| b.found).collect();
        found.sort_by_key(|h| h.doc);
        assert_eq!(found.len(), 143, "every 7th document");
        assert!(
            found
                .iter()
                .all(|h| h.doc % 7 == 0 && h.text.ranges == [0..6, 8..14])
        );
    }

    #[test]
    fn ids_match_too_and_a_cancelled_search_stops() {
        let documents = vec![("bern-1", "nothing here"), ("x", "Bern")];
        let found = Mutex::new(Vec::new());
        search_documents(&documents, &matcher("bern"), &AtomicBool::new(false), |b| {
            found.lock().unwrap().extend(b.found);
        });
        let found = found.into_inner().unwrap();
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(
            found
                .iter()
                .any(|h| h.doc == 0 && h.id_match && h.text.count == 0)
        );
        let calls = Mutex::new(0);
        let done = search_documents(&documents, &matcher("bern"), &AtomicBool::new(true), |_| {
            *calls.lock().unwrap() += 1;
        });
        assert!(!done, "cancelled");
        assert_eq!(*calls.lock().unwrap(), 0, "no batch after a cancel");
    }
}
