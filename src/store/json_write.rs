//! JSON datasets written at corpus speed: byte for byte what
//! `serde_json::to_writer_pretty` writes, with the documents serialised on
//! every core a chunk at a time while the previous chunk is being written,
//! so the cores never wait for the disk and memory stays two chunks' size.
//!
//! A save can also change each document on the way out
//! ([`write_prepared`]): `spanlab suggest` adds a document's suggestions
//! and serialises it in one step, while its text is still in the cache.

use std::io::{self, Write};

use rayon::prelude::*;

use crate::model::{Dataset, Document};

/// Documents serialised per step.
const CHUNK: usize = 256;

/// What the dataset without its documents serialises to, split where the
/// documents go: `head` up to and including `"documents": `, and `tail`
/// after the (empty) list.
struct Skeleton {
    text: Vec<u8>,
    at: usize,
}

impl Skeleton {
    fn new(dataset: &Dataset) -> io::Result<Self> {
        const MARK: &[u8] = b"\n  \"documents\": []";
        // Every field but the documents (a field added to Dataset must be
        // added here: the literal does not compile without it).
        let skeleton = Dataset {
            version: dataset.version,
            labels: dataset.labels.clone(),
            settings: dataset.settings.clone(),
            documents: Vec::new(),
        };
        let text = serde_json::to_vec_pretty(&skeleton).map_err(io::Error::other)?;
        let at = memchr::memmem::rfind(&text, MARK)
            .map(|i| i + MARK.len() - 2)
            .ok_or_else(|| io::Error::other("a dataset without a documents field"))?;
        Ok(Self { text, at })
    }
}

/// Writes `dataset` as pretty JSON (without a final line break).
pub(super) fn write(dataset: &Dataset, writer: &mut dyn Write) -> io::Result<()> {
    if dataset.documents.is_empty() {
        return serde_json::to_writer_pretty(writer, dataset).map_err(io::Error::other);
    }
    let skeleton = Skeleton::new(dataset)?;
    write_documents(
        &skeleton,
        dataset.documents.chunks(CHUNK),
        &|chunk: &[Document]| chunk.par_iter().map(document).collect(),
        writer,
    )
}

/// Like [`write`], running `prepare` on each document (in parallel) right
/// before it is serialised. If writing fails, some documents may have been
/// prepared and others not.
pub(super) fn write_prepared(
    dataset: &mut Dataset,
    prepare: &(dyn Fn(&mut Document) + Sync),
    writer: &mut dyn Write,
) -> io::Result<()> {
    if dataset.documents.is_empty() {
        return serde_json::to_writer_pretty(writer, dataset).map_err(io::Error::other);
    }
    let skeleton = Skeleton::new(dataset)?;
    write_documents(
        &skeleton,
        dataset.documents.chunks_mut(CHUNK),
        &|chunk: &mut [Document]| {
            chunk
                .par_iter_mut()
                .map(|doc| {
                    prepare(doc);
                    document(doc)
                })
                .collect()
        },
        writer,
    )
}

/// The skeleton's head, then each chunk's documents as `serialise` makes
/// them — chunk k+1 on the pool while chunk k is written — then its tail.
fn write_documents<C: Send>(
    skeleton: &Skeleton,
    chunks: impl Iterator<Item = C>,
    serialise: &(dyn Fn(C) -> io::Result<Vec<Vec<u8>>> + Sync),
    writer: &mut dyn Write,
) -> io::Result<()> {
    writer.write_all(&skeleton.text[..skeleton.at])?;
    writer.write_all(b"[")?;
    let mut first = true;
    let mut put = |parts: Vec<Vec<u8>>| -> io::Result<()> {
        for part in &parts {
            // Each part starts with the comma that separates it from the
            // one before; the first document has none.
            let skip = usize::from(std::mem::take(&mut first));
            writer.write_all(&part[skip..])?;
        }
        Ok(())
    };
    std::thread::scope(|scope| -> io::Result<()> {
        let mut ahead = None;
        for chunk in chunks {
            let next = std::thread::Builder::new()
                .name("spanlab-save".into())
                .spawn_scoped(scope, move || serialise(chunk))?;
            if let Some(done) = ahead.replace(next) {
                put(joined(done)?)?;
            }
        }
        match ahead {
            Some(done) => put(joined(done)?),
            None => Ok(()),
        }
    })?;
    writer.write_all(b"\n  ]")?;
    writer.write_all(&skeleton.text[skeleton.at + 2..])
}

fn joined(
    handle: std::thread::ScopedJoinHandle<'_, io::Result<Vec<Vec<u8>>>>,
) -> io::Result<Vec<Vec<u8>>> {
    handle
        .join()
        .map_err(|_| io::Error::other("serialising documents failed"))?
}

/// One document as it sits in the `documents` list: a comma, a line break,
/// and its pretty JSON two levels in, written by [`Nested`] straight into
/// a buffer sized for it.
fn document(doc: &Document) -> io::Result<Vec<u8>> {
    use serde::Serialize as _;
    let spans = doc.spans.len() + doc.suggestions.len() + doc.rejected.len();
    let mut out = Vec::with_capacity(doc.text.len() + 160 * spans + 512);
    out.extend_from_slice(b",\n    ");
    let mut serializer = serde_json::Serializer::with_formatter(&mut out, Nested::default());
    doc.serialize(&mut serializer).map_err(io::Error::other)?;
    Ok(out)
}

/// `serde_json`'s `PrettyFormatter` (two spaces a level), starting two
/// levels in: what a document inside the dataset's `documents` list is.
struct Nested {
    level: usize,
    has_value: bool,
}

impl Default for Nested {
    fn default() -> Self {
        Self {
            level: 2,
            has_value: false,
        }
    }
}

impl Nested {
    fn indent<W: ?Sized + Write>(&self, writer: &mut W) -> io::Result<()> {
        const SPACES: &[u8] = b"                                                                ";
        let mut n = self.level * 2;
        while n > 0 {
            let take = n.min(SPACES.len());
            writer.write_all(&SPACES[..take])?;
            n -= take;
        }
        Ok(())
    }

    /// `{` or `[`: one level in.
    fn open<W: ?Sized + Write>(&mut self, writer: &mut W, bracket: &[u8]) -> io::Result<()> {
        self.level += 1;
        self.has_value = false;
        writer.write_all(bracket)
    }

    /// `}` or `]`: on a line of its own after any values.
    fn close<W: ?Sized + Write>(&mut self, writer: &mut W, bracket: &[u8]) -> io::Result<()> {
        self.level -= 1;
        if self.has_value {
            writer.write_all(b"\n")?;
            self.indent(writer)?;
        }
        writer.write_all(bracket)
    }

    /// Before a value or key: a comma after the one before, a new line.
    fn next<W: ?Sized + Write>(&self, writer: &mut W, first: bool) -> io::Result<()> {
        writer.write_all(if first { b"\n" } else { b",\n" })?;
        self.indent(writer)
    }
}

impl serde_json::ser::Formatter for Nested {
    fn begin_array<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.open(writer, b"[")
    }

    fn end_array<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.close(writer, b"]")
    }

    fn begin_array_value<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.next(writer, first)
    }

    fn end_array_value<W: ?Sized + Write>(&mut self, _writer: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.open(writer, b"{")
    }

    fn end_object<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.close(writer, b"}")
    }

    fn begin_object_key<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.next(writer, first)
    }

    fn begin_object_value<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        writer.write_all(b": ")
    }

    fn end_object_value<W: ?Sized + Write>(&mut self, _writer: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}
