//! Writing exports: what a format produced in memory, to a file or folder,
//! each file atomically.

use std::path::{Path, PathBuf};

use super::read::plain_io;
use crate::formats::{ExportOptions, Exported, Format, Report, split};
use crate::model::Dataset;

/// Why an export failed. Files already there are left as they were.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// Writing failed.
    #[error("{}: cannot write: {}", path.display(), plain_io(source))]
    Io {
        /// The file.
        path: PathBuf,
        /// What the OS said.
        source: std::io::Error,
    },
}

/// One part an export wrote.
#[derive(Debug)]
pub struct WrittenPart {
    /// The file or folder written.
    pub path: PathBuf,
    /// How many documents it holds.
    pub documents: usize,
    /// How many spans it holds.
    pub spans: usize,
}

/// Exports documents `docs` of `dataset` to `path`, or, with `parts`, shuffles
/// them with `seed` and writes one file (or folder) per part inside `path`
/// (`path/train.conll`, `path/dev.conll` …). What `spanlab export` and the
/// app's File > Export… both run.
pub fn export_to(
    format: &dyn Format,
    dataset: &Dataset,
    docs: &[usize],
    parts: Option<&[split::Part]>,
    seed: u64,
    options: &ExportOptions,
    path: &Path,
) -> Result<(Vec<WrittenPart>, Report), ExportError> {
    let chunks: Vec<(String, Vec<usize>)> = match parts {
        Some(parts) => parts
            .iter()
            .map(|p| p.name.clone())
            .zip(split::split(docs, parts, seed))
            .collect(),
        None => vec![(String::new(), docs.to_vec())],
    };
    let mut written = Vec::new();
    let mut report = Report::default();
    for (name, docs) in chunks {
        let exported = format.export(dataset, &docs, options);
        let single_file = exported.files.len() == 1 && exported.files[0].0.is_empty();
        let target = match (name.is_empty(), single_file) {
            (true, _) => path.to_path_buf(),
            (false, true) => {
                let ext = format.extensions().first().copied().unwrap_or("json");
                path.join(format!("{name}.{ext}"))
            }
            (false, false) => path.join(&name),
        };
        if !name.is_empty() {
            std::fs::create_dir_all(path).map_err(|source| ExportError::Io {
                path: path.to_path_buf(),
                source,
            })?;
        }
        write_exported(&exported, &target)?;
        written.push(WrittenPart {
            path: target,
            documents: docs.len(),
            spans: docs.iter().map(|&i| dataset.documents[i].spans.len()).sum(),
        });
        report.extend(exported.report);
    }
    Ok((written, report))
}

/// Writing an export's files: `exported.write(path)`.
pub trait ExportedFiles {
    /// Writes the files to `path` (a file, or a folder for folder formats),
    /// each atomically.
    fn write(&self, path: &Path) -> Result<(), ExportError>;
}

impl ExportedFiles for Exported {
    fn write(&self, path: &Path) -> Result<(), ExportError> {
        write_exported(self, path)
    }
}

/// Writes the files of an export to `path` (a file, or a folder for folder
/// formats), each atomically. A new folder is filled under a temporary name
/// and renamed into place at the end, so a failed export leaves no
/// half-written folder; into an existing folder files are replaced one by
/// one, and an error says how many were written.
pub fn write_exported(exported: &Exported, path: &Path) -> Result<(), ExportError> {
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| ExportError::Io { path, source }
    };
    if let [(name, contents)] = exported.files.as_slice()
        && name.is_empty()
    {
        return super::write_atomic(path, |w| w.write_all(contents.as_bytes())).map_err(io(path));
    }
    if path.exists() {
        for (k, (name, contents)) in exported.files.iter().enumerate() {
            let target = path.join(name);
            super::write_atomic(&target, |w| w.write_all(contents.as_bytes())).map_err(
                |source| ExportError::Io {
                    path: target.clone(),
                    source: std::io::Error::new(
                        source.kind(),
                        format!(
                            "{}; {k} of {} files were written before it",
                            plain_io(&source),
                            exported.files.len()
                        ),
                    ),
                },
            )?;
        }
        return Ok(());
    }
    let parent = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(parent).map_err(io(parent))?;
    let folder_name = path
        .file_name()
        .map_or_else(|| "export".into(), |n| n.to_string_lossy().into_owned());
    // A plain folder (not a 0700 temporary one): it gets the umask's
    // permissions, as the folder written directly would.
    let temp = (0..100)
        .map(|n| parent.join(format!(".{folder_name}.{}-{n}.tmp", std::process::id())))
        .find(|candidate| std::fs::create_dir(candidate).is_ok())
        .ok_or_else(|| ExportError::Io {
            path: parent.to_path_buf(),
            source: std::io::Error::other("cannot create a temporary folder"),
        })?;
    let written = write_files(exported, &temp, path);
    if let Err(err) = written {
        let _ = std::fs::remove_dir_all(&temp);
        return Err(err);
    }
    std::fs::rename(&temp, path).map_err(|source| {
        let _ = std::fs::remove_dir_all(&temp);
        ExportError::Io {
            path: path.to_path_buf(),
            source,
        }
    })?;
    Ok(())
}

/// Writes each file into `folder`, naming `shown` in errors.
fn write_files(exported: &Exported, folder: &Path, shown: &Path) -> Result<(), ExportError> {
    for (name, contents) in &exported.files {
        let target = folder.join(name);
        std::fs::write(&target, contents)
            .and_then(|()| std::fs::File::open(&target)?.sync_all())
            .map_err(|source| ExportError::Io {
                path: shown.join(name),
                source,
            })?;
    }
    Ok(())
}
