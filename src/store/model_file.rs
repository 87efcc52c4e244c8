//! The tagger's model file beside its dataset: `.NAME.model`.

use std::path::{Path, PathBuf};

use crate::model::LabelSet;
use crate::tagger::{LabelMismatch, ModelFileError, Tagger};

/// The model file of a dataset file: `.NAME.model` in its folder.
pub fn model_path(dataset: &Path) -> PathBuf {
    super::sidecar_path(dataset, super::Sidecar::Model)
}

/// Why a model file could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    /// The file could not be read (its message names it).
    #[error("{0}")]
    Read(Box<super::ReadError>),
    /// The file could not be written.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// What the OS said.
        source: std::io::Error,
    },
    /// Not a model this build can use.
    #[error("{path}: {source}")]
    Invalid {
        /// The file.
        path: PathBuf,
        /// What is wrong with it.
        source: ModelFileError,
    },
    /// Trained for labels the dataset does not have.
    #[error("{path}: {source}")]
    Labels {
        /// The file.
        path: PathBuf,
        /// Which labels.
        source: LabelMismatch,
    },
    /// Larger than spanlab reads.
    #[error(
        "{path}: {size} bytes is more than the {limit}-byte limit; raise it with SPANLAB_MAX_FILE_BYTES"
    )]
    TooLarge {
        /// The file.
        path: PathBuf,
        /// Its size in bytes.
        size: u64,
        /// The limit in bytes.
        limit: u64,
    },
}

/// Writes a model file atomically.
pub fn save_model(model: &Tagger, path: &Path) -> Result<(), ModelError> {
    let bytes = model.to_bytes();
    super::write_atomic(path, |w| w.write_all(&bytes)).map_err(|source| ModelError::Io {
        path: path.into(),
        source,
    })
}

/// Reads a model file, refusing one from another version or a damaged one.
pub fn load_model(path: &Path) -> Result<Tagger, ModelError> {
    // The size-limited reader (it refuses folders, FIFOs and devices too);
    // its message names the file already.
    let bytes = super::read_bytes(path).map_err(|e| ModelError::Read(Box::new(e)))?;
    Tagger::from_bytes(&bytes).map_err(|source| ModelError::Invalid {
        path: path.into(),
        source,
    })
}

/// Reads a model file for a dataset with these labels: refused too when
/// the model tags with a label the dataset does not have.
pub fn load_model_for(path: &Path, labels: &LabelSet) -> Result<Tagger, ModelError> {
    let model = load_model(path)?;
    model
        .check_labels(labels)
        .map_err(|source| ModelError::Labels {
            path: path.into(),
            source,
        })?;
    Ok(model)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Dataset, Document, Span, Status};
    use crate::tagger::{TrainOptions, train};

    #[test]
    fn a_model_is_saved_beside_its_dataset_and_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let dataset_path = dir.path().join("news.ron");
        let path = model_path(&dataset_path);
        assert_eq!(path, dir.path().join(".news.ron.model"));
        let mut data = Dataset::new(LabelSet::default());
        for (i, name) in ["Mike Pompeo", "Kim Jong Un"].iter().enumerate() {
            let mut doc = Document::new(format!("d{i}"), format!("Today {name} spoke ."));
            doc.spans
                .push(Span::new(6, 6 + name.chars().count(), "PERSON"));
            doc.status = Status::Done;
            data.documents.push(doc);
        }
        let model = train(&data, &TrainOptions::default(), None, &mut |_| {}).unwrap();
        save_model(&model, &path).unwrap();
        let back = load_model_for(&path, &data.labels).unwrap();
        assert_eq!(back.to_bytes(), model.to_bytes());

        let mut other = LabelSet::default();
        other.labels.retain(|l| l.name != "PERSON");
        let err = load_model_for(&path, &other).unwrap_err().to_string();
        assert!(
            err.starts_with(&path.display().to_string()) && err.contains("no PERSON"),
            "{err}"
        );

        std::fs::write(&path, b"not a model").unwrap();
        let err = load_model(&path).unwrap_err().to_string();
        assert!(err.ends_with("not a spanlab model file"), "{err}");
        let err = load_model(&dir.path().join("missing.model"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("missing.model"), "{err}");
    }
}
