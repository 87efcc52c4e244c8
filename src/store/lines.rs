//! Line streams processed on every core, written in input order, in bounded
//! memory: the engine under `spanlab suggest -`.
//!
//! A reader thread pulls raw chunks from the input; the calling thread cuts
//! them into batches of whole lines (about [`Options::batch_bytes`] each, or
//! fewer when the input pauses for [`Options::linger`], so a slow producer
//! still sees its output promptly); each batch is handed to the rayon pool,
//! which works on its lines in parallel; a writer thread puts the finished
//! batches back in input order, writes them and flushes after each. At most
//! [`Options::in_flight`] batches exist at once, so memory stays flat
//! whatever the input's length; a single long line costs about its own size
//! a few times over.
//!
//! Lines are the bytes between `\n`s (a `\r` before the `\n` stays part of
//! the line). The work function says what to insert into each line and
//! where ([`Insert`]); the line's own bytes are written straight from the
//! input batch, never copied, and its `\n` where the input had one, so a
//! file whose last line has no newline comes out the same way. The first
//! line that fails stops the run: every line before it is written, nothing
//! after it.

use std::collections::BTreeMap;
use std::io::{self, Read, Write};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::Duration;

use rayon::prelude::*;

/// How a stream is cut and how much of it may be in memory.
#[derive(Clone, Debug)]
pub struct Options {
    /// A batch is dispatched once it holds this many bytes of whole lines.
    pub batch_bytes: usize,
    /// … or this many lines.
    pub batch_lines: usize,
    /// … or when no input arrived for this long (a slow producer).
    pub linger: Duration,
    /// Batches read but not yet written, at most.
    pub in_flight: usize,
    /// Bytes asked of the input per read.
    pub chunk_bytes: usize,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            batch_bytes: 512 << 10,
            batch_lines: 2048,
            linger: Duration::from_millis(20),
            in_flight: rayon::current_num_threads() + 2,
            chunk_bytes: 128 << 10,
        }
    }
}

/// What a finished stream did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    /// Lines read and written.
    pub lines: usize,
    /// Bytes read.
    pub bytes_in: u64,
    /// Bytes written.
    pub bytes_out: u64,
}

/// Why a stream stopped.
#[derive(Debug, thiserror::Error)]
pub enum LinesError<E: std::fmt::Display> {
    /// The work function refused a line; every line before it was written.
    #[error("line {line}: {error}")]
    Line {
        /// 1-based line number in the input.
        line: usize,
        /// What was wrong with it.
        error: E,
    },
    /// Reading the input failed.
    #[error("cannot read the input: {0}")]
    Read(io::Error),
    /// Writing the output failed.
    #[error("cannot write the output: {0}")]
    Write(io::Error),
}

/// A batch of whole lines and where it starts in the input.
struct Batch {
    index: u64,
    first_line: usize,
    bytes: Vec<u8>,
}

/// A line's output: the line as it came with `parts` inserted, one after
/// the other, at byte `at` (parts, so that a long insert never has to be
/// copied into one growing buffer).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Insert {
    /// Where in the line (a byte offset, at most its length).
    pub at: usize,
    /// What goes there.
    pub parts: Vec<Vec<u8>>,
}

/// One line of a finished batch: where it is in the batch's bytes, whether
/// a newline ended it, and what goes into it.
struct LineOut<E> {
    start: usize,
    end: usize,
    newline: bool,
    insert: Result<Insert, E>,
}

/// A batch's output: its input bytes and each line's insert or error.
struct Done<E> {
    index: u64,
    first_line: usize,
    bytes: Vec<u8>,
    lines: Vec<LineOut<E>>,
}

/// Runs `work` on every line of `input` on the rayon pool and writes the
/// results to `output` in input order. `work(line)` (the line without its
/// newline) says what to insert where. `progress` is called with the bytes
/// read as batches are dispatched.
pub fn run<R, W, E, F>(
    input: R,
    output: W,
    options: &Options,
    work: F,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<Summary, LinesError<E>>
where
    R: Read + Send + 'static,
    W: Write + Send,
    E: std::fmt::Display + Send + 'static,
    F: Fn(&[u8]) -> Result<Insert, E> + Send + Sync,
{
    let work = &work;
    let (chunk_tx, chunk_rx) = mpsc::sync_channel::<io::Result<Vec<u8>>>(4);
    // The reader may block on a silent input forever: it is never joined,
    // it ends when its channel closes or the input ends.
    let chunk_bytes = options.chunk_bytes.max(1);
    std::thread::Builder::new()
        .name("lines-reader".into())
        .spawn(move || read_chunks(input, chunk_bytes, &chunk_tx))
        .map_err(LinesError::Read)?;
    let failed = AtomicBool::new(false);
    let (done_tx, done_rx) = mpsc::channel::<Done<E>>();
    // In-flight batches: a token is sent before a batch is dispatched and
    // taken back once the writer has written it; when the writer stops, the
    // tokens' channel closes and no more batches go out.
    let (token_tx, token_rx) = mpsc::sync_channel::<()>(options.in_flight.max(1));
    let mut summary = Summary::default();
    let mut read_error = None;
    let write_result = std::thread::scope(|threads| {
        let failed = &failed;
        let writer = threads.spawn(move || write_in_order(output, &done_rx, &token_rx, failed));
        rayon::in_place_scope(|scope| {
            let mut cutter = Cutter::new(options);
            let dispatch = |batch: Batch| {
                if token_tx.send(()).is_err() {
                    return false;
                }
                let done_tx = done_tx.clone();
                scope.spawn(move |_| {
                    let lines = process(&batch.bytes, work);
                    // The writer has gone only if writing failed; that is
                    // reported there.
                    let _ = done_tx.send(Done {
                        index: batch.index,
                        first_line: batch.first_line,
                        bytes: batch.bytes,
                        lines,
                    });
                });
                true
            };
            while !failed.load(Ordering::Relaxed) {
                let next = if cutter.is_empty() {
                    chunk_rx.recv().map_err(|_| RecvTimeoutError::Disconnected)
                } else {
                    chunk_rx.recv_timeout(options.linger)
                };
                match next {
                    Ok(Ok(chunk)) => {
                        summary.bytes_in += chunk.len() as u64;
                        cutter.push(&chunk);
                        while let Some(batch) = cutter.full_batch() {
                            progress(summary.bytes_in);
                            if !dispatch(batch) {
                                break;
                            }
                        }
                    }
                    Ok(Err(e)) => {
                        read_error = Some(e);
                        break;
                    }
                    Err(RecvTimeoutError::Timeout) => {
                        if let Some(batch) = cutter.whole_lines() {
                            progress(summary.bytes_in);
                            dispatch(batch);
                        }
                    }
                    Err(RecvTimeoutError::Disconnected) => {
                        if let Some(batch) = cutter.rest() {
                            progress(summary.bytes_in);
                            dispatch(batch);
                        }
                        break;
                    }
                }
            }
        });
        drop(done_tx);
        writer
            .join()
            .unwrap_or_else(|_| Err(LinesError::Write(io::Error::other("the writer panicked"))))
    });
    let (lines, bytes_out) = write_result?;
    if let Some(e) = read_error {
        return Err(LinesError::Read(e));
    }
    summary.lines = lines;
    summary.bytes_out = bytes_out;
    Ok(summary)
}

/// Reads `input` in chunks until it ends or nobody listens.
fn read_chunks<R: Read>(mut input: R, size: usize, tx: &mpsc::SyncSender<io::Result<Vec<u8>>>) {
    loop {
        let mut chunk = vec![0; size];
        match input.read(&mut chunk) {
            Ok(0) => return,
            Ok(n) => {
                chunk.truncate(n);
                if tx.send(Ok(chunk)).is_err() {
                    return;
                }
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => {
                let _ = tx.send(Err(e));
                return;
            }
        }
    }
}

/// Every line of a batch through `work`, in parallel.
fn process<E, F>(bytes: &[u8], work: &F) -> Vec<LineOut<E>>
where
    E: Send,
    F: Fn(&[u8]) -> Result<Insert, E> + Sync,
{
    let mut lines = Vec::new();
    let mut start = 0;
    for end in memchr::memchr_iter(b'\n', bytes) {
        lines.push((start, end, true));
        start = end + 1;
    }
    if start < bytes.len() {
        lines.push((start, bytes.len(), false));
    }
    lines
        .par_iter()
        .with_min_len(8)
        .map(|&(start, end, newline)| LineOut {
            start,
            end,
            newline,
            insert: work(&bytes[start..end]),
        })
        .collect()
}

/// Writes finished batches in input order; on the first failed line,
/// writes the lines before it and stops.
fn write_in_order<W: Write, E: std::fmt::Display>(
    output: W,
    done: &mpsc::Receiver<Done<E>>,
    tokens: &mpsc::Receiver<()>,
    failed: &AtomicBool,
) -> Result<(usize, u64), LinesError<E>> {
    let mut output = io::BufWriter::with_capacity(1 << 20, output);
    let mut waiting = BTreeMap::new();
    let mut next = 0u64;
    let (mut lines, mut bytes) = (0usize, 0u64);
    let stop = |e| {
        failed.store(true, Ordering::Relaxed);
        e
    };
    for batch in done {
        waiting.insert(batch.index, batch);
        while let Some(batch) = waiting.remove(&next) {
            next += 1;
            for (i, line) in batch.lines.into_iter().enumerate() {
                let insert = match line.insert {
                    Ok(insert) => insert,
                    Err(error) => {
                        output.flush().map_err(|e| stop(LinesError::Write(e)))?;
                        return Err(stop(LinesError::Line {
                            line: batch.first_line + i,
                            error,
                        }));
                    }
                };
                let raw = &batch.bytes[line.start..line.end];
                let at = insert.at.min(raw.len());
                let newline: &[u8] = if line.newline { b"\n" } else { b"" };
                let inserted = insert.parts.iter().map(Vec::as_slice);
                let parts = std::iter::once(&raw[..at])
                    .chain(inserted)
                    .chain([&raw[at..], newline]);
                for part in parts {
                    output
                        .write_all(part)
                        .map_err(|e| stop(LinesError::Write(e)))?;
                    bytes += part.len() as u64;
                }
                lines += 1;
            }
            output.flush().map_err(|e| stop(LinesError::Write(e)))?;
            // A batch written: one more may be read.
            let _ = tokens.try_recv();
        }
    }
    output.flush().map_err(|e| stop(LinesError::Write(e)))?;
    Ok((lines, bytes))
}

/// Cuts raw chunks into batches of whole lines.
struct Cutter {
    pending: Vec<u8>,
    /// Bytes of `pending` that are whole lines (up to and with the last `\n`).
    whole: usize,
    /// Whole lines in `pending`.
    lines: usize,
    next_index: u64,
    next_line: usize,
    batch_bytes: usize,
    batch_lines: usize,
}

impl Cutter {
    fn new(options: &Options) -> Self {
        Self {
            pending: Vec::new(),
            whole: 0,
            lines: 0,
            next_index: 0,
            next_line: 1,
            batch_bytes: options.batch_bytes.max(1),
            batch_lines: options.batch_lines.max(1),
        }
    }

    fn is_empty(&self) -> bool {
        self.pending.is_empty()
    }

    fn push(&mut self, chunk: &[u8]) {
        let from = self.pending.len();
        self.pending.extend_from_slice(chunk);
        for at in memchr::memchr_iter(b'\n', &self.pending[from..]) {
            self.lines += 1;
            self.whole = from + at + 1;
        }
    }

    /// A batch if enough whole lines wait.
    fn full_batch(&mut self) -> Option<Batch> {
        if self.whole >= self.batch_bytes || self.lines >= self.batch_lines {
            // Cut at the line that reaches the limit, not at all of them:
            // one huge chunk of short lines still makes batches of bounded size.
            let mut cut = 0;
            let mut count = 0;
            for at in memchr::memchr_iter(b'\n', &self.pending[..self.whole]) {
                cut = at + 1;
                count += 1;
                if cut >= self.batch_bytes || count >= self.batch_lines {
                    break;
                }
            }
            return Some(self.take(cut, count));
        }
        None
    }

    /// Every whole line waiting, however few.
    fn whole_lines(&mut self) -> Option<Batch> {
        (self.whole > 0).then(|| self.take(self.whole, self.lines))
    }

    /// Everything left, the last line with or without its newline.
    fn rest(&mut self) -> Option<Batch> {
        if self.pending.is_empty() {
            return None;
        }
        let lines = self.lines + usize::from(self.pending.len() > self.whole);
        Some(self.take(self.pending.len(), lines))
    }

    fn take(&mut self, cut: usize, count: usize) -> Batch {
        let rest = self.pending.split_off(cut);
        let bytes = std::mem::replace(&mut self.pending, rest);
        self.whole -= cut.min(self.whole);
        self.lines -= count.min(self.lines);
        let batch = Batch {
            index: self.next_index,
            first_line: self.next_line,
            bytes,
        };
        self.next_index += 1;
        self.next_line += count;
        batch
    }
}

/// A reader over an `Arc<[u8]>`, for tests that stream from memory.
#[derive(Clone, Debug)]
pub struct SharedBytes {
    bytes: Arc<[u8]>,
    at: usize,
    /// Bytes handed out per read at most (to exercise chunk boundaries).
    pub step: usize,
}

impl SharedBytes {
    /// A reader over `bytes`, `step` bytes per read at most.
    pub fn new(bytes: impl Into<Arc<[u8]>>, step: usize) -> Self {
        Self {
            bytes: bytes.into(),
            at: 0,
            step: step.max(1),
        }
    }
}

impl Read for SharedBytes {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = buf.len().min(self.step).min(self.bytes.len() - self.at);
        buf[..n].copy_from_slice(&self.bytes[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::sync::Mutex;

    /// Inserts `<LINE IN CAPITALS>` after a line's first byte.
    fn upper(line: &[u8]) -> Result<Insert, String> {
        if line.starts_with(b"!bad") {
            return Err("bad line".to_owned());
        }
        let mut bytes = vec![b'<'];
        bytes.extend(line.iter().map(u8::to_ascii_uppercase));
        bytes.push(b'>');
        Ok(Insert {
            at: line.len().min(1),
            parts: vec![bytes],
        })
    }

    /// What [`upper`] makes of a whole input.
    fn expected(input: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        let mut lines: Vec<&[u8]> = input.split(|&b| b == b'\n').collect();
        let last = lines.pop().unwrap_or_default();
        for line in lines {
            let insert = upper(line).expect("good line");
            out.extend_from_slice(&line[..insert.at]);
            out.extend_from_slice(&insert.parts.concat());
            out.extend_from_slice(&line[insert.at..]);
            out.push(b'\n');
        }
        if !last.is_empty() {
            let insert = upper(last).expect("good line");
            out.extend_from_slice(&last[..insert.at]);
            out.extend_from_slice(&insert.parts.concat());
            out.extend_from_slice(&last[insert.at..]);
        }
        out
    }

    fn run_on(input: &[u8], options: &Options) -> (Vec<u8>, Result<Summary, String>) {
        let mut out = Vec::new();
        let result = run(
            SharedBytes::new(input.to_vec(), 7),
            &mut out,
            options,
            upper,
            &|_| {},
        )
        .map_err(|e| e.to_string());
        (out, result)
    }

    fn small() -> Options {
        Options {
            batch_bytes: 16,
            batch_lines: 3,
            in_flight: 2,
            chunk_bytes: 5,
            ..Options::default()
        }
    }

    #[test]
    fn every_line_in_order_last_newline_kept_or_not() {
        for input in [
            &b"a\nbb\n\nccc\r\nd"[..],
            b"a\nbb\n\nccc\r\nd\n",
            b"",
            b"\n",
        ] {
            let (out, result) = run_on(input, &small());
            assert_eq!(out, expected(input), "for {input:?}");
            let newlines = memchr::memchr_iter(b'\n', input).count();
            let lines = newlines + usize::from(!input.is_empty() && !input.ends_with(b"\n"));
            assert_eq!(result.map(|s| s.lines), Ok(lines), "for {input:?}");
        }
    }

    #[test]
    fn a_bad_line_stops_after_every_line_before_it() {
        let input = b"one\ntwo\nthree\nfour\n!bad five\nsix\nseven\n";
        let (out, result) = run_on(input, &small());
        assert_eq!(out, expected(b"one\ntwo\nthree\nfour\n"));
        assert_eq!(result, Err("line 5: bad line".to_owned()));
    }

    #[test]
    fn a_slow_producer_gets_its_lines_before_the_input_ends() {
        // A pipe that gives one line and then stays open: the line must
        // come out after the linger time, not at EOF.
        struct Shared(Arc<Mutex<Vec<u8>>>);
        impl Write for Shared {
            fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
                self.0.lock().expect("not poisoned").extend_from_slice(buf);
                Ok(buf.len())
            }
            fn flush(&mut self) -> io::Result<()> {
                Ok(())
            }
        }
        let (rx, mut tx) = std::io::pipe().expect("a pipe");
        let out = Arc::new(Mutex::new(Vec::new()));
        let sink = Shared(Arc::clone(&out));
        let handle = std::thread::Builder::new()
            .name("pipeline".into())
            .spawn(move || run(rx, sink, &Options::default(), upper, &|_| {}).map(|s| s.lines))
            .expect("a thread");
        tx.write_all(b"first\n").expect("written");
        let mut seen = false;
        for _ in 0..200 {
            if out.lock().expect("not poisoned").as_slice() == b"f<FIRST>irst\n" {
                seen = true;
                break;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        assert!(
            seen,
            "the first line was not written while the input stayed open"
        );
        tx.write_all(b"second\n").expect("written");
        drop(tx);
        assert_eq!(handle.join().expect("no panic").ok(), Some(2));
        assert_eq!(
            out.lock().expect("not poisoned").as_slice(),
            expected(b"first\nsecond\n")
        );
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        #[test]
        fn order_kept_for_any_batching(
            lines in proptest::collection::vec("[a-z]{0,40}", 0..200),
            batch_bytes in 1usize..300,
            batch_lines in 1usize..50,
            in_flight in 1usize..6,
            chunk_bytes in 1usize..100,
            newline_at_end: bool,
        ) {
            let mut input = lines.join("\n").into_bytes();
            if newline_at_end && !input.is_empty() {
                input.push(b'\n');
            }
            let options = Options { batch_bytes, batch_lines, in_flight, chunk_bytes, ..Options::default() };
            let mut out = Vec::new();
            let result = run(SharedBytes::new(input.clone(), chunk_bytes), &mut out, &options, upper, &|_| {});
            prop_assert!(result.is_ok(), "{:?}", result.err().map(|e| e.to_string()));
            prop_assert_eq!(out, expected(&input));
        }
    }
}
