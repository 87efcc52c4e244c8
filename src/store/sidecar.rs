//! The one naming scheme for every file spanlab keeps beside a dataset. The
//! app and the command line ask here; nobody else invents a path.
//!
//! For `news.ron`:
//!
//! | file | what it holds |
//! |---|---|
//! | `.news.ron.journal` | the edits since the last save ([`super::journal`]) |
//! | `.news.ron.journal.discarded` | a journal set aside (changes thrown away, never deleted) |
//! | `news.recovered.ron` | a recovered version saved beside the file ("Open both") |
//! | `.news.ron.model` | the tagger trained on it ([`super::load_model`]) |
//!
//! Datasets that have no file yet (the bundled sample, a fresh import) get
//! a base file in the user's data folder ([`super::unsaved`]), and the same
//! sidecars beside that base.

use std::path::{Path, PathBuf};

/// A file kept beside a dataset file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sidecar {
    /// The journal of edits since the last save.
    Journal,
    /// A journal set aside when its changes were thrown away.
    DiscardedJournal,
    /// A recovered version, saved as a second dataset file.
    Recovered,
    /// The tagger trained on the dataset.
    Model,
}

/// The path of `kind` beside the dataset file `dataset`.
pub fn sidecar_path(dataset: &Path, kind: Sidecar) -> PathBuf {
    let name = dataset
        .file_name()
        .map_or_else(|| "dataset".into(), |n| n.to_string_lossy().into_owned());
    match kind {
        Sidecar::Journal => dataset.with_file_name(format!(".{name}.journal")),
        Sidecar::DiscardedJournal => dataset.with_file_name(format!(".{name}.journal.discarded")),
        Sidecar::Model => dataset.with_file_name(format!(".{name}.model")),
        Sidecar::Recovered => {
            let stem = dataset
                .file_stem()
                .map_or_else(|| "dataset".into(), |s| s.to_string_lossy().into_owned());
            let ext = dataset
                .extension()
                .map_or_else(|| "ron".into(), |e| e.to_string_lossy().into_owned());
            dataset.with_file_name(format!("{stem}.recovered.{ext}"))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_sidecar_sits_beside_its_dataset() {
        let p = Path::new("/data/Zürich news.json");
        assert_eq!(
            sidecar_path(p, Sidecar::Journal),
            PathBuf::from("/data/.Zürich news.json.journal")
        );
        assert_eq!(
            sidecar_path(p, Sidecar::DiscardedJournal),
            PathBuf::from("/data/.Zürich news.json.journal.discarded")
        );
        assert_eq!(
            sidecar_path(p, Sidecar::Recovered),
            PathBuf::from("/data/Zürich news.recovered.json")
        );
    }
}
