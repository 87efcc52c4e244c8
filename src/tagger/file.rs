//! The model file: a trained [`Tagger`] as bytes and back.
//!
//! Wire format (all numbers little-endian):
//!
//! ```text
//! "spanlab-model\n"            14 bytes
//! version                      u32 (MODEL_VERSION)
//! header length                u64, then that many bytes of JSON:
//!   {"labels": [...], "temperature", "n_tags", "features", "phrases",
//!    "words", "report": {...}}
//! feature hashes               features × u64, in weight-row order
//! weights                      features × n_tags × f32
//! transitions                  (n_tags + 1) × n_tags × f32 (start row last)
//! gazetteer phrases            phrases × (u64 hash, u16 label), sorted
//! gazetteer words              words × (u64 hash, u64 label mask), sorted
//! CRC-32 of everything above   u32 (from version 2)
//! ```
//!
//! The version changes whenever the features or the layout change: a
//! model from another version would read its weights against the wrong
//! features, so it is refused, never guessed at. Version 1 files (no
//! checksum; their features are a subset of version 2's, which adds rule
//! and document features, so their weights mean the same) are still read.
//! A version 2 file whose checksum does not match is refused as damaged: a
//! flipped byte in the weights would otherwise tag silently worse.

use serde::{Deserialize, Serialize};

use super::Tagger;
use super::bio::TagSet;
use super::crf::Crf;
use super::features::{Gazetteer, HashedMap};
use super::train::TrainReport;
use crate::model::Name;

/// The model file version this build reads and writes.
pub const MODEL_VERSION: u32 = 2;

const MAGIC: &[u8] = b"spanlab-model\n";

/// Why bytes are not a model this build can use.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ModelFileError {
    /// The bytes do not start like a model file.
    #[error("not a spanlab model file")]
    NotAModel,
    /// Written by another version of spanlab.
    #[error(
        "model file version {found}, but this spanlab reads version {expected}: retrain with `spanlab train`"
    )]
    Version {
        /// The file's version.
        found: u32,
        /// The version this build reads.
        expected: u32,
    },
    /// Cut short or damaged.
    #[error("damaged model file: {0}; retrain with `spanlab train`")]
    Corrupt(String),
}

#[derive(Serialize, Deserialize)]
struct Header {
    labels: Vec<Name>,
    temperature: f64,
    n_tags: usize,
    features: usize,
    phrases: usize,
    words: usize,
    report: TrainReport,
}

impl Tagger {
    /// The model as the bytes of a model file.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut keys = vec![0u64; self.crf.features()];
        for (&h, &row) in &self.crf.index {
            if let Some(k) = keys.get_mut(row as usize) {
                *k = h;
            }
        }
        let mut phrases: Vec<(u64, u16)> = self
            .gazetteer
            .phrases
            .iter()
            .map(|(&h, &l)| (h, l))
            .collect();
        phrases.sort_unstable();
        let mut words: Vec<(u64, u64)> =
            self.gazetteer.words.iter().map(|(&h, &m)| (h, m)).collect();
        words.sort_unstable();
        let header = Header {
            labels: self.tags.labels().to_vec(),
            temperature: self.temperature,
            n_tags: self.crf.n_tags,
            features: keys.len(),
            phrases: phrases.len(),
            words: words.len(),
            report: self.report.clone(),
        };
        let header = serde_json::to_vec(&header).unwrap_or_default();
        let mut out = Vec::with_capacity(
            64 + header.len() + keys.len() * (8 + 4 * self.crf.n_tags) + phrases.len() * 10,
        );
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&MODEL_VERSION.to_le_bytes());
        out.extend_from_slice(&(header.len() as u64).to_le_bytes());
        out.extend_from_slice(&header);
        for k in keys {
            out.extend_from_slice(&k.to_le_bytes());
        }
        for w in self.crf.weights.iter().chain(&self.crf.transitions) {
            out.extend_from_slice(&w.to_le_bytes());
        }
        for (h, l) in phrases {
            out.extend_from_slice(&h.to_le_bytes());
            out.extend_from_slice(&l.to_le_bytes());
        }
        for (h, m) in words {
            out.extend_from_slice(&h.to_le_bytes());
            out.extend_from_slice(&m.to_le_bytes());
        }
        let crc = crc32fast::hash(&out);
        out.extend_from_slice(&crc.to_le_bytes());
        out
    }

    /// Reads a model from the bytes of a model file.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, ModelFileError> {
        let mut r = Reader { bytes, at: 0 };
        if r.take(MAGIC.len()).ok() != Some(MAGIC) {
            return Err(ModelFileError::NotAModel);
        }
        let version = u32::from_le_bytes(r.array()?);
        let bytes = match version {
            1 => bytes,
            MODEL_VERSION => {
                let Some(body) = bytes.len().checked_sub(4).and_then(|n| bytes.get(..n)) else {
                    return Err(corrupt("cut short"));
                };
                let mut stored = [0; 4];
                stored.copy_from_slice(&bytes[body.len()..]);
                if crc32fast::hash(body) != u32::from_le_bytes(stored) {
                    return Err(corrupt(
                        "its checksum does not match (changed or cut short)",
                    ));
                }
                body
            }
            found => {
                return Err(ModelFileError::Version {
                    found,
                    expected: MODEL_VERSION,
                });
            }
        };
        r.bytes = bytes;
        let len = usize::try_from(u64::from_le_bytes(r.array()?))
            .map_err(|_| corrupt("header length"))?;
        let header: Header = serde_json::from_slice(r.take(len)?)
            .map_err(|e| ModelFileError::Corrupt(format!("header: {e}")))?;
        let n_tags = header.n_tags;
        if n_tags != 1 + 2 * header.labels.len() {
            return Err(corrupt("tag count does not match the labels"));
        }
        // Sizes are checked against the bytes left before anything is
        // allocated, so a damaged count cannot ask for gigabytes.
        let need = |n: usize, each: usize| n.checked_mul(each).ok_or_else(|| corrupt("sizes"));
        r.check(need(header.features, 8)?)?;
        let mut index: HashedMap<u32> = HashedMap::default();
        index.reserve(header.features);
        for row in 0..header.features {
            let h = u64::from_le_bytes(r.array()?);
            let row = u32::try_from(row).map_err(|_| corrupt("too many features"))?;
            index.insert(h, row);
        }
        let floats = need(header.features, n_tags)?;
        r.check(need(floats, 4)?)?;
        let weights = (0..floats)
            .map(|_| r.array().map(f32::from_le_bytes))
            .collect::<Result<Vec<_>, _>>()?;
        let transitions = (0..(n_tags + 1) * n_tags)
            .map(|_| r.array().map(f32::from_le_bytes))
            .collect::<Result<Vec<_>, _>>()?;
        r.check(need(header.phrases, 10)?)?;
        let mut gazetteer = Gazetteer::default();
        gazetteer.phrases.reserve(header.phrases);
        for _ in 0..header.phrases {
            let h = u64::from_le_bytes(r.array()?);
            let l = u16::from_le_bytes(r.array()?);
            gazetteer.phrases.insert(h, l);
        }
        r.check(need(header.words, 16)?)?;
        gazetteer.words.reserve(header.words);
        for _ in 0..header.words {
            let h = u64::from_le_bytes(r.array()?);
            let m = u64::from_le_bytes(r.array()?);
            gazetteer.words.insert(h, m);
        }
        if r.at != bytes.len() {
            return Err(corrupt("bytes after the end"));
        }
        Ok(Self {
            tags: TagSet::new(header.labels),
            crf: Crf {
                n_tags,
                index,
                weights,
                transitions,
            },
            gazetteer,
            temperature: header.temperature,
            report: header.report,
        })
    }
}

fn corrupt(what: &str) -> ModelFileError {
    ModelFileError::Corrupt(what.to_owned())
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn check(&self, n: usize) -> Result<(), ModelFileError> {
        if self.bytes.len() - self.at < n {
            return Err(corrupt("cut short"));
        }
        Ok(())
    }

    fn take(&mut self, n: usize) -> Result<&'a [u8], ModelFileError> {
        self.check(n)?;
        let out = &self.bytes[self.at..self.at + n];
        self.at += n;
        Ok(out)
    }

    fn array<const N: usize>(&mut self) -> Result<[u8; N], ModelFileError> {
        let mut out = [0; N];
        out.copy_from_slice(self.take(N)?);
        Ok(out)
    }
}
