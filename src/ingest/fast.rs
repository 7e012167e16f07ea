//! The fast path: a seekable file without quotes is cut into blocks at
//! line boundaries, which threads take in turn; standard input and bytes
//! in memory stream through the same line parser on one thread. Lines are
//! split with `memchr`, the value's delimiters found eight bytes at a
//! time, and a line is looked up by its bytes without the value —
//! indicator, period, entity, unit and source together — in a table of
//! keys resolved once per thread ([`Slots`]). A value is read straight into
//! a fixed-point integer; for `sum` and `mean` the key adds integers and
//! one `Decimal` is made at the end, for the other aggregates each value
//! goes into the target's accumulator in order. Blocks are merged in file
//! order as they finish.
//!
//! Any line that is not plain — an unknown indicator, a value the plain
//! parser does not take, a period outside the window, a wrong field count —
//! goes through the same `State::row` as the streaming path, so every path
//! gives the same figures, the same ledger and the same messages. A file
//! with a quote anywhere is left to the streaming csv reader whole: a
//! quoted field may hold a line break, and a block could start inside it.
//! So is one with a lone `\r` (an old Mac line end). A stream cannot be
//! read twice: the csv reader takes it over from the first such line.

use std::collections::BTreeMap;
use std::fs::File;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicU32, AtomicUsize, Ordering};

use hashbrown::HashTable;
use indicatif::ProgressBar;
use rust_decimal::Decimal;
use std::io::Read;

use super::acc::{MAX_MANTISSA, MAX_SCALE, Total};
use super::bytemap::ByteMap;
use super::records::{Fields, Record, Records};
use super::{Columns, MAX_LINE, Resume, RowRef, Span, State, blank, order};
use crate::error::Diagnostic;
use crate::number;

/// Files smaller than this are read by the streaming path: threads would
/// cost more than they save.
pub const MIN_BYTES: u64 = 4 << 20;

/// Rows with more fields than this take the full path.
pub(super) const MAX_FIELDS: usize = 32;

/// The size of the blocks threads take in turn (small in tests, so that
/// each thread of a small file reads many).
const BLOCK: u64 = if cfg!(test) { 512 } else { 4 << 20 };

/// The most blocks a file is cut into.
const MAX_BLOCKS: usize = 4096;

/// How much each thread reads at a time.
const CHUNK: usize = 64 << 10;

/// The most distinct keys a cache holds (entity and source texts,
/// periods, units); beyond that, lookups are computed each time, so that a
/// column of unique values cannot grow memory without bound. A text costs
/// about 100 bytes, so a thread's caches stay within about 25 MiB; 10,000
/// communes × their sources fit many times over (4,096 did not, and every
/// row of such a file took the slow path).
const CACHE_LIMIT: usize = 1 << 18;

/// The most line keys (a line without its value) a thread resolves; lines
/// with further keys take the per-field path. A key costs about 200 bytes
/// beside its text.
const SLOT_LIMIT: usize = if cfg!(test) { 64 } else { 8192 };

/// The longest line key kept; a longer one takes the per-field path, so that
/// the keys of a thread stay within `SLOT_LIMIT × KEY_LIMIT` bytes.
const KEY_LIMIT: usize = 512;

/// Read `path` with `jobs` threads when it qualifies. Returns false when the
/// file is left to the streaming path (nothing was recorded then).
#[cfg(not(unix))]
pub(super) fn read_file(
    _state: &mut State<'_>,
    _handle: &File,
    _file: u32,
    _delimiter: u8,
    _jobs: usize,
    _min_bytes: u64,
) -> bool {
    false
}

/// Read `path` with `jobs` threads when it qualifies. Returns false when the
/// file is left to the streaming path (nothing was recorded then).
#[cfg(unix)]
pub(super) fn read_file(
    state: &mut State<'_>,
    handle: &File,
    file: u32,
    delimiter: u8,
    jobs: usize,
    min_bytes: u64,
) -> bool {
    use std::os::unix::fs::FileExt;

    // Only a regular file can be read by offset; a FIFO, a device or
    // `/dev/fd/N` is a stream, read once from its start.
    let Ok(meta) = handle.metadata() else {
        return false;
    };
    let len = meta.len();
    if !meta.is_file() || len < min_bytes || jobs == 0 {
        return false;
    }
    // The header: the first line with anything on it.
    let mut head = vec![0u8; 64 * 1024.min(len as usize)];
    let Ok(n) = handle.read_at(&mut head, 0) else {
        return false;
    };
    head.truncate(n);
    let mut start = 0usize;
    let mut header_line = 1u64;
    let header = loop {
        let Some(nl) = memchr::memchr(b'\n', &head[start..]) else {
            return false;
        };
        let line = trim_cr(&head[start..start + nl]);
        if !blank(line, delimiter) {
            break line;
        }
        start += nl + 1;
        header_line += 1;
    };
    let data_start =
        (start + header.len() + 1 + usize::from(head[start + header.len()] == b'\r')) as u64;
    // A lone \r is a line end the fast path does not split on, and a
    // quoted name may hold a line break: both are left to the streaming
    // reader.
    let Some(record) = header_record(header, start == 0, delimiter) else {
        return false;
    };
    let header_row = RowRef {
        file,
        line: header_line,
    };
    // What the header adds is taken back if the file falls to the
    // streaming path, which reads the header again.
    let (ignored, diagnostics) = (state.ignored_columns.len(), state.diagnostics.len());
    let Some(columns) = state.header(&record, header_row, delimiter) else {
        return true; // the header's problem is recorded; the file is done
    };
    let width = record.len();

    // Cut the data into blocks that start at a line; the threads take
    // them in turn, so that a thread slowed by something else on the
    // machine holds up one block, not half the file.
    let jobs = jobs.clamp(1, 64);
    let blocks = (((len - data_start) / BLOCK) as usize).clamp(jobs, MAX_BLOCKS);
    let mut bounds = vec![data_start];
    for k in 1..blocks {
        let guess = data_start + (len - data_start) * k as u64 / blocks as u64;
        let mut window = [0u8; 4096];
        let mut at = guess;
        let cut = loop {
            let Ok(got) = handle.read_at(&mut window, at) else {
                return false;
            };
            if got == 0 {
                break len;
            }
            if let Some(nl) = memchr::memchr(b'\n', &window[..got]) {
                break at + likely_record_start(&window[..got], nl, delimiter, width) as u64;
            }
            at += got as u64;
        };
        if cut > *bounds.last().unwrap_or(&data_start) && cut < len {
            bounds.push(cut);
        }
    }
    bounds.push(len);

    let quote = AtomicBool::new(false);
    let next = AtomicUsize::new(0);
    let progress = state.bar.as_ref().map_or(0, ProgressBar::position);
    // Blocks are merged in file order as soon as the ones before them are.
    let merge = Mutex::new(Merge {
        total: state.sibling(),
        next: 0,
        pending: BTreeMap::new(),
        lines: 0,
        rows: 0,
        expected: data_start,
        failed: false,
        swallowed_end: None,
    });
    let base = &*state;
    std::thread::scope(|scope| {
        for _ in 0..jobs.min(bounds.len() - 1) {
            let (handle, quote, next, merge, bounds) = (handle, &quote, &next, &merge, &bounds);
            scope.spawn(move || {
                let mut reader = Ranged::new(base.sibling(), file, delimiter, columns, width);
                reader.spans = true;
                let mut read = |buf: &mut [u8], at: u64| handle.read_at(buf, at);
                loop {
                    let index = next.fetch_add(1, Ordering::Relaxed);
                    let Some(range) = bounds.get(index..index + 2) else {
                        break;
                    };
                    let block = reader.block(&mut read, (range[0], range[1]), quote);
                    let Ok(mut merge) = merge.lock() else {
                        quote.store(true, Ordering::Relaxed);
                        break;
                    };
                    merge.add(index, block, bounds, (&mut reader, &mut read, quote));
                    // A file that is not UTF-8 names its first bad field
                    // once, on the streaming path; so do the rarer cases
                    // the csv reader judges (see `record_over_lines`).
                    if merge.failed {
                        quote.store(true, Ordering::Relaxed);
                        break;
                    }
                }
            });
        }
    });
    // A quote, a failed thread, or a file that is not UTF-8: read it the
    // streaming way.
    // A sum that overflowed is named at the row that tipped it, which only
    // a reading in order knows: such a file is read again the streaming way
    // too (blocks summed apart cannot say which of their rows it was).
    // A record whose quoted value swallowed a delimiter after a line break
    // is an unterminated quote when nothing but blank lines follows it: the
    // csv reader names that.
    let last_swallowed = |m: &Merge<'_>| {
        m.swallowed_end
            .is_some_and(|end| only_blank_lines(handle, end, len, delimiter))
    };
    let merged = merge.into_inner().ok();
    let Some(merged) = merged.filter(|m| {
        !quote.load(Ordering::Relaxed)
            && m.next == bounds.len() - 1
            && !m.total.overflowed()
            && !last_swallowed(m)
    }) else {
        state.ignored_columns.truncate(ignored);
        state.diagnostics.truncate(diagnostics);
        if let Some(bar) = &state.bar {
            bar.set_position(progress); // the streaming reader counts again
        }
        return false;
    };
    state.absorb(merged.total, header_line);
    if merged.rows == 0 {
        state.no_rows_warning(header_row);
    }
    true
}

/// Where to cut a block in `window`, whose first line break is at `nl`:
/// after the first line break whose next line looks like a record's start
/// (it splits into the header's field count, a quoted value left open at
/// its end counting as one), else after `nl`. In a file whose notes run
/// over lines, a cut after any line break would often fall inside one,
/// and the block would be read twice; a wrong guess costs only that, since
/// [`Merge::add`] checks every block's start.
fn likely_record_start(window: &[u8], nl: usize, delimiter: u8, width: usize) -> usize {
    let mut start = nl + 1;
    let mut ends = [0usize; MAX_FIELDS];
    while let Some(k) = memchr::memchr(b'\n', &window[start..]) {
        let line = trim_cr(&window[start..start + k]);
        if split_quoted(line, delimiter, &mut ends).0 == width {
            return start;
        }
        start += k + 1;
    }
    nl + 1
}

/// Whether the bytes of `handle` from `from` to `len` are blank lines only
/// (spaces and tabs that are not the delimiter, and line ends); false also
/// when they cannot be read.
#[cfg(unix)]
fn only_blank_lines(handle: &File, mut from: u64, len: u64, delimiter: u8) -> bool {
    use std::os::unix::fs::FileExt;
    let mut buf = vec![0u8; CHUNK];
    while from < len {
        let Ok(got) = handle.read_at(&mut buf, from) else {
            return false;
        };
        if got == 0 {
            break;
        }
        let blank = |b: &u8| matches!(b, b'\n' | b'\r' | b' ' | b'\t') && *b != delimiter;
        if !buf[..got].iter().all(blank) {
            return false;
        }
        from += got as u64;
    }
    true
}

/// What the fast parser did not fold: the input from offset `at` on
/// begins with `bytes` (from the line with a quote or a lone `\r`).
struct Unread {
    at: u64,
    bytes: Vec<u8>,
}

/// Read a stream — standard input, or bytes in memory — on this thread,
/// with the same line parser as the threads of a file. From a quote or a
/// lone `\r` on (which a line parser cannot follow), the rest of the stream
/// goes to the csv reader, which carries on where the parser stopped.
pub(super) fn read_stream(
    state: &mut State<'_>,
    mut input: Box<dyn Read + '_>,
    file: u32,
    delimiter: u8,
) {
    // The header: the first line with anything on it.
    let mut head: Vec<u8> = Vec::new();
    let mut start = 0;
    let mut header_line = 1u64;
    let header_end = loop {
        if let Some(nl) = memchr::memchr(b'\n', &head[start..]) {
            if blank(trim_cr(&head[start..start + nl]), delimiter) {
                start += nl + 1;
                header_line += 1;
                continue;
            }
            break Some(start + nl);
        }
        if head.len() - start > MAX_LINE {
            let row = RowRef {
                file,
                line: header_line,
            };
            state.line_too_long(row, 0);
            return;
        }
        let mut chunk = [0u8; 8192];
        match input.read(&mut chunk) {
            Ok(0) => break None,
            Ok(n) => head.extend_from_slice(&chunk[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(_) => break None,
        }
    };
    let header = header_end.map(|end| trim_cr(&head[start..end]));
    // No complete header line, or one the csv reader must read: all of it
    // is the csv reader's.
    let record = header.and_then(|h| header_record(h, start == 0, delimiter));
    let Some((record, header_end)) = record.zip(header_end) else {
        state.read_csv(
            Box::new(std::io::Cursor::new(head).chain(input)),
            file,
            delimiter,
            None,
        );
        return;
    };
    let header_row = RowRef {
        file,
        line: header_line,
    };
    let Some(columns) = state.header(&record, header_row, delimiter) else {
        return;
    };
    let width = record.len();

    // The bytes after the header already read, then the rest of the input.
    let data_start = header_end + 1;
    let shape = (file, delimiter, columns, width);
    let (part, lines, rows, result, input) = if state.options.jobs >= 2 {
        let streamed =
            stream_in_blocks(state, input, &head[data_start..], data_start as u64, shape);
        (
            streamed.part,
            streamed.lines,
            streamed.rows,
            streamed.end,
            streamed.rest,
        )
    } else {
        let mut reader = Ranged::new(state.sibling(), file, delimiter, columns, width);
        let mut buffered = &head[data_start..];
        let read = |buf: &mut [u8], _at: u64| {
            if buffered.is_empty() {
                input.read(buf)
            } else {
                buffered.read(buf)
            }
        };
        let result = reader.run(read, data_start as u64, u64::MAX, &AtomicBool::new(false));
        reader.flush();
        (reader.part, reader.lines, reader.rows, result, input)
    };
    state.absorb(part, header_line);
    match result {
        Ok(()) => {
            if rows == 0 && !state.file_failed {
                state.no_rows_warning(header_row);
            }
        }
        Err(Some(unread)) => {
            let resume = Resume {
                columns,
                width,
                header_row,
                line: header_line + lines,
                byte: unread.at,
                rows,
            };
            let rest = std::io::Cursor::new(unread.bytes).chain(input);
            state.read_csv(Box::new(rest), file, delimiter, Some(resume));
        }
        Err(None) => {
            let location = state.location(header_row, 0);
            state.error(
                location,
                "unreadable",
                format!(
                    "reading stopped after line {}: the input could not be read further",
                    header_line + lines
                ),
            );
        }
    }
}

/// The largest block a stream is cut into for the threads.
const STREAM_BLOCK: usize = 1 << 20;

/// What reading a stream's data lines in blocks gave: the merged part, its
/// lines and rows, how it ended, and the input from where the line parser
/// stopped on (for the csv reader when a record runs over lines).
struct Streamed<'a, 'r> {
    part: State<'a>,
    lines: u64,
    rows: u64,
    end: Result<(), Option<Unread>>,
    rest: Box<dyn Read + 'r>,
}

/// Read a stream's data lines as a file's: this thread reads blocks that
/// end at a line break and hands them to `jobs` threads, which fold them
/// with the line parser; the parts are merged in stream order. When a block
/// holds a record over lines (or a lone `\r`), blocks after it are not
/// merged: their bytes, with the rest of that block and of the input, are
/// handed back for the csv reader, as the single-threaded reader does.
fn stream_in_blocks<'a, 'r>(
    state: &State<'a>,
    mut input: Box<dyn Read + 'r>,
    first: &[u8],
    from: u64,
    (file, delimiter, columns, width): (u32, u8, Columns, usize),
) -> Streamed<'a, 'r> {
    use std::sync::mpsc;

    let jobs = state.options.jobs.clamp(2, 64);
    // A small block in tests (no threshold) puts many blocks in a small input.
    let block = usize::try_from(state.options.fast_min_bytes)
        .unwrap_or(STREAM_BLOCK)
        .clamp(64, STREAM_BLOCK);
    let (send, receive) = mpsc::sync_channel::<(usize, u64, Vec<u8>)>(jobs);
    let receive = Mutex::new(receive);
    let merge = Mutex::new(StreamMerge {
        total: state.sibling(),
        next: 0,
        pending: BTreeMap::new(),
        lines: 0,
        rows: 0,
        end: Ok(()),
        stopped: false,
        spare: BTreeMap::new(),
    });
    let stop = AtomicBool::new(false);
    let mut carry = first.to_vec();
    let mut read_failed = false;
    let base = state;
    std::thread::scope(|scope| {
        for _ in 0..jobs {
            let (receive, merge, stop) = (&receive, &merge, &stop);
            scope.spawn(move || {
                let mut reader = Ranged::new(base.sibling(), file, delimiter, columns, width);
                let never = AtomicBool::new(false);
                loop {
                    let next = receive.lock().ok().and_then(|r| r.recv().ok());
                    let Some((index, at, bytes)) = next else {
                        break;
                    };
                    if stop.load(Ordering::Relaxed) {
                        if let Ok(mut m) = merge.lock() {
                            m.spare.insert(index, bytes);
                        }
                        continue;
                    }
                    (reader.lines, reader.rows) = (0, 0);
                    let mut unread_tail = &bytes[..];
                    let read = |buf: &mut [u8], _at: u64| unread_tail.read(buf);
                    let mut end = reader.run(read, at, u64::MAX, &never);
                    reader.flush();
                    // What run had not read of the block follows what it
                    // gives back.
                    if let Err(Some(unread)) = &mut end {
                        unread.bytes.extend_from_slice(unread_tail);
                    }
                    let part = reader.take_part(base.sibling());
                    let done = Block {
                        part,
                        lines: reader.lines,
                        rows: reader.rows,
                        end,
                        bytes,
                    };
                    if let Ok(mut m) = merge.lock() {
                        if m.add(index, done) {
                            stop.store(true, Ordering::Relaxed);
                        }
                    }
                }
            });
        }
        // This thread reads: blocks end after a line break (the last one
        // where the input ends), so that every block starts on a line.
        let mut at = from;
        let mut index = 0;
        let mut eof = false;
        let mut chunk = vec![0u8; CHUNK];
        // How much to hold before cutting: a block, or more while a line
        // longer than a block has not ended (up to the longest line, which
        // the parser then refuses).
        let mut want = block;
        while !stop.load(Ordering::Relaxed) {
            while !eof && carry.len() < want {
                match input.read(&mut chunk) {
                    Ok(0) => eof = true,
                    Ok(n) => carry.extend_from_slice(&chunk[..n]),
                    Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                    Err(_) => {
                        read_failed = true;
                        eof = true;
                    }
                }
            }
            let cut = if eof {
                carry.len()
            } else {
                match memchr::memrchr(b'\n', &carry) {
                    Some(nl) => nl + 1,
                    None if carry.len() <= MAX_LINE => {
                        want = (carry.len() + CHUNK).min(MAX_LINE + 1);
                        continue;
                    }
                    None => carry.len(),
                }
            };
            want = block;
            if cut == 0 {
                break;
            }
            let rest = carry.split_off(cut);
            let bytes = std::mem::replace(&mut carry, rest);
            if send.send((index, at, bytes)).is_err() {
                break;
            }
            at += cut as u64;
            index += 1;
        }
        drop(send);
    });
    let merge = match merge.into_inner() {
        Ok(m) => m,
        Err(poisoned) => poisoned.into_inner(),
    };
    let mut end = merge.end;
    if read_failed && end.is_ok() && !merge.stopped {
        end = Err(None);
    }
    // The bytes after the record the line parser could not read: the rest
    // of its block, the blocks read after it, what this thread had not yet
    // sent, then the input.
    let rest: Box<dyn Read + 'r> = match &mut end {
        Err(Some(_)) => {
            let mut tail: Vec<u8> = Vec::new();
            for bytes in merge.spare.into_values() {
                tail.extend_from_slice(&bytes);
            }
            tail.extend_from_slice(&carry);
            Box::new(std::io::Cursor::new(tail).chain(input))
        }
        _ => input,
    };
    Streamed {
        part: merge.total,
        lines: merge.lines,
        rows: merge.rows,
        end,
        rest,
    }
}

/// One block of a stream, folded.
struct Block<'a> {
    part: State<'a>,
    lines: u64,
    rows: u64,
    end: Result<(), Option<Unread>>,
    bytes: Vec<u8>,
}

/// A stream's blocks merged in order, up to the first one the line parser
/// could not finish (a record over lines, a lone `\r`, a failed file).
struct StreamMerge<'a> {
    total: State<'a>,
    next: usize,
    pending: BTreeMap<usize, Block<'a>>,
    lines: u64,
    rows: u64,
    end: Result<(), Option<Unread>>,
    /// Whether a block ended the merge; the bytes of blocks after it.
    stopped: bool,
    spare: BTreeMap<usize, Vec<u8>>,
}

impl<'a> StreamMerge<'a> {
    /// Take in a block; true when the blocks after it are not to be read.
    fn add(&mut self, index: usize, block: Block<'a>) -> bool {
        if self.stopped {
            self.spare.insert(index, block.bytes);
            return true;
        }
        self.pending.insert(index, block);
        while let Some(block) = self.pending.remove(&self.next) {
            let failed = block.part.file_failed;
            self.total.absorb(block.part, self.lines);
            self.lines += block.lines;
            self.rows += block.rows;
            self.next += 1;
            if block.end.is_err() || failed {
                self.end = block.end;
                self.stopped = true;
                break;
            }
        }
        if self.stopped {
            for (i, later) in std::mem::take(&mut self.pending) {
                self.spare.insert(i, later.bytes);
            }
        }
        self.stopped
    }
}

/// The blocks read so far, merged in file order.
struct Merge<'a> {
    total: State<'a>,
    /// The next block to merge, and those read but waiting for it.
    next: usize,
    pending: BTreeMap<usize, FileBlock<'a>>,
    /// Lines and rows merged so far.
    lines: u64,
    rows: u64,
    /// Where the next block's first record starts: where the last record
    /// of the blocks merged ends.
    expected: u64,
    /// A block the streaming path must read (the whole file goes there).
    failed: bool,
    /// The latest `swallowed_end` of the blocks merged.
    swallowed_end: Option<u64>,
}

/// What a thread read of one block of a file.
struct FileBlock<'a> {
    part: State<'a>,
    /// Lines passed and rows read, from the block's start.
    lines: u64,
    rows: u64,
    /// Where it started, and where its last record ends.
    from: u64,
    ended_at: u64,
    swallowed_end: Option<u64>,
    ok: bool,
}

impl<'a> Merge<'a> {
    /// Take in block `index` of those cut at `bounds`. A block is cut at a
    /// line start, which is a record's start unless a quoted value holding
    /// a line break runs over the cut: then the block before it ends past
    /// the cut, and the block is read again (by `reader`, on this thread)
    /// from where that record ends. Checking each start against the end of
    /// the record before it is what makes every block start on a record.
    fn add(
        &mut self,
        index: usize,
        block: FileBlock<'a>,
        bounds: &[u64],
        (reader, read, stop): (&mut Ranged<'a>, &mut Positioned<'_>, &AtomicBool),
    ) {
        self.pending.insert(index, block);
        while let Some(mut block) = self.pending.remove(&self.next) {
            if block.from != self.expected {
                let to = bounds[self.next + 1];
                let dropped = std::mem::replace(&mut block.part, self.total.sibling());
                self.total.drop_part(dropped);
                if self.expected >= to {
                    // The record before it ran over the whole block.
                    self.next += 1;
                    continue;
                }
                block = reader.fresh().block(read, (self.expected, to), stop);
            }
            if !block.ok {
                self.failed = true;
                return;
            }
            self.total.absorb(block.part, self.lines);
            self.lines += block.lines;
            self.rows += block.rows;
            self.expected = block.ended_at;
            self.swallowed_end = block.swallowed_end.or(self.swallowed_end);
            self.next += 1;
        }
    }
}

/// Reads a file at an offset (`pread`).
type Positioned<'h> = dyn FnMut(&mut [u8], u64) -> std::io::Result<usize> + Send + 'h;

/// The header line's names as the csv reader reads them (it drops a
/// byte-order mark at the very start of the input, then unquotes); None
/// when the line has a lone `\r` or a quoted name that does not close on
/// it, which the csv reader must read.
fn header_record(line: &[u8], at_start: bool, delimiter: u8) -> Option<csv::ByteRecord> {
    if memchr::memchr(b'\r', line).is_some() {
        return None;
    }
    let line = match line.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) if at_start => rest,
        _ => line,
    };
    let mut ends = [0usize; MAX_FIELDS];
    let mut record = csv::ByteRecord::new();
    match split_quoted(line, delimiter, &mut ends).1 {
        Quotes::Open => return None,
        Quotes::None => {
            for field in line.split(|b| *b == delimiter) {
                record.push_field(field);
            }
        }
        _ => unquote(line, delimiter, &mut record, &mut Vec::new()),
    }
    Some(record)
}

/// Drop a line's `\r` ending.
fn trim_cr(line: &[u8]) -> &[u8] {
    line.strip_suffix(b"\r").unwrap_or(line)
}

/// Whether a field's first or last character is beyond ASCII and either
/// white space (which `str::trim` removes and [`trim`] does not) or not
/// UTF-8 at all: the full path then reads the field.
fn unicode_edge(field: &[u8]) -> bool {
    let space = |bytes: &[u8]| {
        std::str::from_utf8(bytes)
            .map_or(true, |s| s.chars().next().is_some_and(char::is_whitespace))
    };
    let first = match field.first() {
        Some(&b) if b >= 0x80 => {
            let width = match b {
                0xC0..=0xDF => 2,
                0xE0..=0xEF => 3,
                _ => 4,
            };
            space(field.get(..width).unwrap_or(field))
        }
        _ => false,
    };
    let last = match field.last() {
        Some(&b) if b >= 0x80 => {
            // Back over continuation bytes to the character's first byte.
            let start = (1..=4.min(field.len()))
                .map(|k| field.len() - k)
                .find(|&i| field[i] & 0xC0 != 0x80)
                .unwrap_or(0);
            space(&field[start..])
        }
        _ => false,
    };
    first || last
}

/// Trim ASCII and no-break spaces as `str::trim` does for these inputs.
fn trim(bytes: &[u8]) -> &[u8] {
    let start = bytes
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(bytes.len());
    let end = bytes
        .iter()
        .rposition(|b| !b.is_ascii_whitespace())
        .map_or(start, |e| e + 1);
    &bytes[start..end]
}

/// Lookups keyed by the bytes as written, so that the 10-millionth
/// `2022-07` costs a hash, not a parse.
#[derive(Default)]
struct Caches {
    periods: ByteMap<Option<Span>>,
    /// Per indicator: unit text → factor to the indicator's unit.
    units: Vec<ByteMap<Option<Decimal>>>,
    /// Entity and source text → its index in `texts` (NFC).
    names: ByteMap<u32>,
    texts: Vec<String>,
}

/// One thread's reader of one byte range.
struct Ranged<'a> {
    /// What the current block's rows add up to.
    part: State<'a>,
    file: u32,
    delimiter: u8,
    columns: Columns,
    width: usize,
    caches: Caches,
    record: csv::ByteRecord,
    /// A field being unquoted.
    scratch: Vec<u8>,
    /// The line keys met so far.
    slots: Slots,
    /// Values waiting to be added ([`Self::defer`]).
    pending: Vec<Pending>,
    /// Per text of `caches.texts`, its id in the reader's names, which
    /// go on from part to part (`u32::MAX` until the reader meets it).
    part_ids: Vec<u32>,
    /// Whether lines are looked up by their key (see [`Self::miss_rate`]),
    /// and the lookups and hits in a full table so far.
    keyed: bool,
    full_lookups: u32,
    full_hits: u32,
    /// Whether lines may be folded without the per-row ledger.
    plain_rows: bool,
    /// Newlines passed (for the next range's line numbers).
    lines: u64,
    /// Data rows read.
    rows: u64,
    /// Whether a record over lines (a quoted value holding a line break) is
    /// read here: by a file's threads, whose blocks [`read_file`] checks
    /// start on a record. A stream's blocks give such a record to the csv
    /// reader.
    spans: bool,
    /// With `spans`: the offset from which records are the next block's,
    /// whether a line starting there was reached, and where the last
    /// record read ends (past the block when that record runs over its end).
    stop_at: u64,
    stopped: bool,
    ended_at: u64,
    /// Where the last record read whose value over lines has a delimiter
    /// after a line break ends: a stray quote may have swallowed rows,
    /// which is an error when no record follows it in the file.
    swallowed_end: Option<u64>,
    /// [`Records`]' masks, kept for the next buffer.
    masks: Vec<bytemask::Masks>,
    /// This reader's number among all readers, and how many of its
    /// names (`part.names`, kept from part to part) it has handed on.
    reader: u32,
    names_handed: usize,
}

/// The next reader's number.
static READERS: AtomicU32 = AtomicU32::new(0);

impl<'a> Ranged<'a> {
    /// A reader of `file`'s lines into `part`.
    fn new(part: State<'a>, file: u32, delimiter: u8, columns: Columns, width: usize) -> Self {
        // Kept rows take the per-row path, which keeps them; when only some
        // indicators' rows are kept, their keys send them there.
        let plain_rows = part.options.keep_rows != super::KeepRows::All;
        Ranged {
            part,
            file,
            delimiter,
            columns,
            width,
            caches: Caches::default(),
            record: csv::ByteRecord::new(),
            scratch: Vec::new(),
            slots: Slots::default(),
            pending: Vec::with_capacity(BATCH),
            part_ids: Vec::new(),
            keyed: true,
            full_lookups: 0,
            full_hits: 0,
            plain_rows,
            lines: 0,
            rows: 0,
            spans: false,
            stop_at: u64::MAX,
            stopped: false,
            ended_at: 0,
            swallowed_end: None,
            masks: Vec::new(),
            reader: READERS.fetch_add(1, Ordering::Relaxed),
            names_handed: 0,
        }
    }

    /// A reader of the same file and columns, with caches and names of its
    /// own: for a block read again in the middle of a merge, whose part
    /// must not come before the parts this reader has handed on already.
    fn fresh(&self) -> Self {
        let mut fresh = Ranged::new(
            self.part.sibling(),
            self.file,
            self.delimiter,
            self.columns,
            self.width,
        );
        fresh.spans = self.spans;
        fresh
    }

    /// Read the bytes `from..to` of the input with `read(buffer, offset)`
    /// and fold their lines. Stops early, with what it has not folded, at
    /// a quote or a lone `\r`, or when `stop` is raised by another thread;
    /// `Err(None)` when reading fails.
    fn run(
        &mut self,
        mut read: impl FnMut(&mut [u8], u64) -> std::io::Result<usize>,
        from: u64,
        to: u64,
        stop: &AtomicBool,
    ) -> Result<(), Option<Unread>> {
        let mut buf = vec![0u8; CHUNK];
        // buf[..kept] is a line begun in the previous read; buf[0] is at
        // offset `buf_at`, and the next read starts at `at`.
        let mut kept = 0;
        let mut buf_at = from;
        let mut at = from;
        if self.spans {
            // Records that start before `to` are this block's; the last
            // may run past it.
            (self.stop_at, self.stopped, self.ended_at) = (to, false, from);
        }
        while at < to || (self.spans && kept > 0) {
            if stop.load(Ordering::Relaxed) {
                return Err(None);
            }
            if kept == buf.len() {
                // A record over lines that long: the csv reader names it.
                if self.spans && kept >= MAX_LINE && memchr::memchr(b'\n', &buf[..kept]).is_some() {
                    return Err(None);
                }
                if kept >= MAX_LINE {
                    let row = RowRef {
                        file: self.file,
                        line: self.lines + 1,
                    };
                    self.part.line_too_long(row, 0);
                    return Ok(());
                }
                buf.resize(buf.len() * 2, 0); // a line longer than the buffer
            }
            let want = usize::try_from(to.saturating_sub(at))
                .map_or(buf.len() - kept, |w| w.min(buf.len() - kept));
            // Past the block, only the rest of its last record is wanted.
            let want = if want == 0 { buf.len() - kept } else { want };
            let got = match read(&mut buf[kept..kept + want], at) {
                Ok(got) => got,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(_) => return Err(None),
            };
            if got == 0 {
                break;
            }
            if let Some(bar) = &self.part.bar {
                bar.inc(got as u64);
            }
            let end = kept + got;
            let done = match self.scan(&buf[..end], buf_at) {
                Ok(done) => done,
                Err(line) => {
                    buf.truncate(end);
                    return Err(Some(Unread {
                        at: buf_at + line as u64,
                        bytes: buf.split_off(line),
                    }));
                }
            };
            buf.copy_within(done..end, 0);
            kept = end - done;
            buf_at += done as u64;
            at += got as u64;
            if self.part.file_failed {
                return Ok(()); // the bad field is named; the rest is not read
            }
            if self.stopped {
                self.ended_at = buf_at;
                return Ok(());
            }
        }
        if self.spans {
            self.ended_at = buf_at + kept as u64;
        }
        if kept > 0 {
            // The last line, without a newline: any \r in it is a lone one,
            // and a quote still open there is the csv reader's to name.
            buf.truncate(kept);
            let open =
                || split_quoted(&buf, self.delimiter, &mut [0; MAX_FIELDS]).1 == Quotes::Open;
            if memchr::memchr(b'\r', &buf).is_some() || open() {
                return Err(Some(Unread {
                    at: buf_at,
                    bytes: buf,
                }));
            }
            self.line(&buf, buf_at);
            self.lines -= 1; // no newline ended it
        }
        Ok(())
    }

    /// Fold every complete record of `bytes` (which begin at file offset
    /// `base`); returns where the unfinished last record starts, or, as an
    /// error, where the csv reader is to go on (see [`Self::scan_lines`]).
    /// Stops after a line whose bytes are not UTF-8.
    ///
    /// Records and their value fields are found with [`Records`]; from the
    /// first record it finds irregular on, the bytes go to
    /// [`Self::scan_lines`], which reads such records as the csv reader
    /// does or hands them to it.
    fn scan(&mut self, bytes: &[u8], base: u64) -> Result<usize, usize> {
        let next_block = usize::try_from(self.stop_at.saturating_sub(base)).unwrap_or(usize::MAX);
        let mut scratch = std::mem::take(&mut self.masks);
        let mut records = Records::new(bytes, self.delimiter, self.columns.value, &mut scratch);
        let result = loop {
            let record = match records.next() {
                None => {
                    let start = records.pos();
                    self.stopped |= start >= next_block;
                    break Ok(start);
                }
                Some(Ok(record)) if record.start >= next_block => {
                    self.stopped = true;
                    break Ok(record.start);
                }
                Some(Ok(record)) => record,
                Some(Err(start)) => {
                    if start >= next_block {
                        self.stopped = true;
                        break Ok(start);
                    }
                    let at = base + start as u64;
                    break match self.scan_lines(&bytes[start..], at) {
                        Ok(done) => Ok(start + done),
                        Err(line) => Err(start + line),
                    };
                }
            };
            if self.plain_rows && self.keyed {
                self.record(bytes, &record, base);
            } else {
                self.record_fields(bytes, &record, &records, base);
            }
            if self.part.file_failed {
                break Ok(record.at + 1);
            }
        };
        self.masks = scratch;
        result
    }

    /// A regular record (see [`Records`]) while records are looked up by
    /// their key ([`Self::scan`] sees to it): folded by its key, a plain
    /// quoted value read between its quotes (a record whose field count is
    /// not the header's has no key met before, and [`Self::new_slot`]
    /// sends it on); an empty one, or one with too few fields, read field
    /// by field by [`Self::line`].
    #[inline]
    fn record(&mut self, bytes: &[u8], record: &Record, base: u64) {
        let offset = base + record.start as u64;
        let (start, end) = (record.start, record.end);
        match record.value {
            Some((mut from, mut to)) if end > start => {
                // A regular record's quoted field is `"…"`, quotes at both ends.
                if record.quoted && bytes[from] == b'"' {
                    (from, to) = (from + 1, to - 1);
                }
                self.fold(bytes, (start, end), (from, to), offset, record.at, true);
            }
            _ => self.line(&bytes[start..record.at], offset),
        }
    }

    /// A regular record that is not looked up by its key, read field by
    /// field as [`Self::line`] reads a line, with the fields [`Records`]
    /// finds.
    #[inline(never)]
    fn record_fields(&mut self, bytes: &[u8], record: &Record, records: &Records, base: u64) {
        let mut fields = Fields::default();
        let line = &bytes[record.start..record.at];
        if !records.fields(record, &mut fields) {
            return self.line(line, base + record.start as u64);
        }
        let line = &bytes[record.start..record.end];
        if fields.count == 1 && blank(line, self.delimiter) {
            self.lines += 1;
            return; // a blank line, as the csv reader skips it
        }
        let quotes = if record.quoted {
            Quotes::Simple
        } else {
            Quotes::None
        };
        let offset = base + record.start as u64;
        self.split_line(line, offset, (fields.count, quotes), &fields.ends);
    }

    /// [`Self::scan`] line by line: every complete line of `bytes` (which
    /// begin at file offset `base`) is folded; returns where the
    /// unfinished last line starts, or, as an error, where the line with a
    /// quote or a lone `\r` that this reader cannot follow starts (the rest
    /// is the csv reader's).
    fn scan_lines(&mut self, bytes: &[u8], base: u64) -> Result<usize, usize> {
        let mut start = 0;
        // Lines from here on are the next block's (see `spans`).
        let next_block = usize::try_from(self.stop_at.saturating_sub(base)).unwrap_or(usize::MAX);
        // Most files have neither quotes nor \r: a quick pass says so, and
        // lines then split on \n alone.
        if memchr::memchr2(b'"', b'\r', bytes).is_none() {
            for at in memchr::memchr_iter(b'\n', bytes) {
                if start >= next_block {
                    self.stopped = true;
                    break;
                }
                self.end_line(bytes, start, at, base);
                start = at + 1;
                if self.part.file_failed {
                    break;
                }
            }
            self.stopped |= start >= next_block;
            return Ok(start);
        }
        // Else lines with quotes or CRLF ends. A lone \r (not before a \n)
        // is a line end the line parser does not follow: from its line on,
        // the input is the csv reader's. One at the very end of the bytes
        // is known with the next read (its line is unfinished anyway).
        let lone = memchr::memchr_iter(b'\r', bytes)
            .find(|&i| i + 1 < bytes.len() && bytes[i + 1] != b'\n');
        let limit = lone.unwrap_or(bytes.len());
        for at in memchr::memchr_iter(b'\n', &bytes[..limit]) {
            if at < start {
                continue; // inside a record over lines, read already
            }
            if start >= next_block {
                self.stopped = true;
                return Ok(start);
            }
            // A quoted field open at the end of the line holds a line
            // break, so the record goes on: read here when this reader
            // takes such records, else the csv reader's.
            if !self.quoted_line(bytes, (start, at), base) {
                if !self.spans {
                    return Err(start);
                }
                match self.record_over_lines(&bytes[..limit], start, base) {
                    Some(Over::Read(next)) => {
                        start = next;
                        if self.part.file_failed {
                            return Ok(start);
                        }
                        continue;
                    }
                    // The rest comes with the next read; a lone \r ahead
                    // leaves it to the csv reader.
                    Some(Over::Unfinished) if lone.is_none() => return Ok(start),
                    _ => return Err(start),
                }
            }
            start = at + 1;
            if self.part.file_failed {
                return Ok(start);
            }
        }
        if start >= next_block {
            self.stopped = true;
            return Ok(start);
        }
        match lone {
            Some(_) => Err(start),
            None => Ok(start),
        }
    }

    /// The record that starts at `bytes[start]` and whose quoted value holds
    /// a line break: read as the csv reader reads it, with the same
    /// `multiline_value` warning. `Over::Read` with where the next record
    /// starts; `Unfinished` when `bytes` end first; None when the record is
    /// the csv reader's to judge: a field with a line break and a delimiter
    /// after it (a stray quote may have swallowed rows) in a record whose
    /// field count is wrong. Such a record that is the file's last is
    /// judged by [`read_file`] (see `swallowed_end`).
    fn record_over_lines(&mut self, bytes: &[u8], start: usize, base: u64) -> Option<Over> {
        let Some(end) = record_end(bytes, start, self.delimiter) else {
            return Some(Over::Unfinished);
        };
        let text = trim_cr(&bytes[start..end]);
        self.record.clear();
        unquote(text, self.delimiter, &mut self.record, &mut self.scratch);
        let delimiter = self.delimiter;
        let swallowed = self
            .record
            .iter()
            .any(|f| memchr::memchr(b'\n', f).is_some_and(|nl| f[nl..].contains(&delimiter)));
        if swallowed {
            if self.record.len() != self.width {
                return None;
            }
            self.swallowed_end = Some(base + end as u64 + 1);
        }
        let row = self.next_row(base + start as u64);
        let record = std::mem::take(&mut self.record);
        self.settle();
        let part = &mut self.part;
        if record.len() == self.width {
            part.row(&record, row, self.columns);
        } else {
            part.field_count_error(row, record.len(), self.width);
        }
        // As the csv reader names it: after the record's own messages.
        if let Some((col, spanned)) = super::multiline_spanned(&record) {
            // The message names a line, known once the part is absorbed.
            let loc = part.location(row, col as u64 + 1);
            let warning = Diagnostic::warning(Some(loc), "multiline_value", String::new());
            part.multiline_at.push((part.diagnostics.len(), spanned));
            part.diagnostics.push(warning);
        }
        self.record = record;
        self.lines += memchr::memchr_iter(b'\n', text).count() as u64;
        Some(Over::Read(end + 1))
    }

    /// A line of a file with quotes whose quoted fields all close on it (a
    /// line with none goes on to [`Self::end_line`]): folded by
    /// its key like any line when its quoted fields are plain `"…"` (the
    /// value's quotes belong to the key's bytes), else by [`Self::line`],
    /// which reads the fields as the csv reader does. `ends` are its
    /// fields' ends, quotes understood.
    ///
    /// False, with nothing read, when a quoted field is still open at the
    /// end of the line. A line whose bytes around its value are a key met
    /// before is folded without reading past its value: the key was split
    /// in full when it was new, and the same bytes split the same way.
    fn quoted_line(&mut self, bytes: &[u8], (start, at): (usize, usize), base: u64) -> bool {
        let offset = base + start as u64;
        let end = if at > start && bytes[at - 1] == b'\r' {
            at - 1
        } else {
            at
        };
        let column = self.columns.value;
        if self.plain_rows && self.keyed {
            let after = self.width - 1 - column;
            if let Some((from, to)) =
                quoted_value(&bytes[start..end], self.delimiter, column, after)
            {
                let value = (start + from, start + to);
                if self.fold(bytes, (start, end), value, offset, at, false) {
                    return true;
                }
            }
        }
        let mut ends = [0usize; MAX_FIELDS];
        let (count, quotes) = split_quoted(&bytes[start..end], self.delimiter, &mut ends);
        match quotes {
            Quotes::Open => return false,
            // No quote after all (a line of a file with quotes elsewhere).
            Quotes::None => {
                self.end_line(bytes, start, at, base);
                return true;
            }
            Quotes::Simple | Quotes::Other => {}
        }
        if !self.plain_rows
            || !self.keyed
            || quotes != Quotes::Simple
            || count != self.width
            || count > MAX_FIELDS
        {
            // Split once: the line goes on with these ends.
            self.split_line(&bytes[start..end], offset, (count, quotes), &ends);
            return true;
        }
        let field_start = if column == 0 { 0 } else { ends[column - 1] + 1 };
        let (mut value_start, mut value_end) = (start + field_start, start + ends[column]);
        if bytes.get(value_start) == Some(&b'"') {
            value_start += 1;
            value_end -= 1;
        }
        self.fold(
            bytes,
            (start, end),
            (value_start, value_end),
            offset,
            at,
            true,
        );
        true
    }

    /// The line `bytes[start..at]` (`at` is its `\n`): folded here when its
    /// key is known and its value plain, else by [`Self::line`].
    fn end_line(&mut self, bytes: &[u8], start: usize, at: usize, base: u64) {
        let offset = base + start as u64;
        let end = if at > start && bytes[at - 1] == b'\r' {
            at - 1
        } else {
            at
        };
        if end == start || !self.plain_rows || !self.keyed {
            return self.line(&bytes[start..at], offset);
        }
        let Some(value) = self.value_bounds(bytes, start, end) else {
            return self.line(&bytes[start..at], offset);
        };
        self.fold(bytes, (start, end), value, offset, at, true);
    }

    /// Fold the line `bytes[start..end]` (its `\n` at `at`) whose value is
    /// `bytes[value_start..value_end]` by its key, the bytes around the
    /// value; by [`Self::line`] when the value is not a plain number or the
    /// key is new and needs the full treatment. Without `any_key`, only a
    /// key met before is used, and false means nothing was done.
    ///
    /// The rarer paths it calls ([`Self::new_slot`], [`Self::each`],
    /// [`Self::line`]) are not inlined: the fold of a known key then keeps
    /// its values in registers (a frame of 264 bytes instead of 664, 3 %
    /// of the time of a plain file).
    fn fold(
        &mut self,
        bytes: &[u8],
        (start, end): (usize, usize),
        (value_start, value_end): (usize, usize),
        offset: u64,
        at: usize,
        any_key: bool,
    ) -> bool {
        let (prefix, suffix) = ((start, value_start), (value_end, end));
        let Some((mantissa, scale)) =
            number::read_plain(&bytes[value_start..value_end], self.part.options.locale)
        else {
            if any_key {
                self.line(&bytes[start..at], offset);
            }
            return any_key;
        };
        let words = key_words(bytes, prefix, suffix);
        let hash = words_hash(&words, value_start - start, end - value_end);
        let found = self.slots.find(hash, &words, bytes, prefix, suffix);
        if self.slots.keys.len() >= SLOT_LIMIT {
            self.miss_rate(found.is_some());
        }
        let index = match found {
            Some(index) => index,
            None if !any_key => return false,
            None => match self.new_slot(bytes, prefix, suffix, (hash, words)) {
                Some(index) => index,
                None => {
                    self.line(&bytes[start..at], offset);
                    return true;
                }
            },
        };
        let line = self.lines + 1;
        let seq = order(self.file, offset);
        let folded = match self.slots.keys[index].how {
            How::Full => false,
            How::Sum => self.slots.keys[index].tally.add(mantissa, scale, line, seq),
            How::Each => self.each(index, mantissa, scale, line, seq),
        };
        if folded {
            self.lines += 1;
            self.rows += 1;
            self.part.ledger.read += 1;
        } else if any_key {
            self.line(&bytes[start..at], offset);
        }
        folded || any_key
    }

    /// Count a lookup in a full key table; when most of a window of them
    /// miss (a file of far more keys than the table holds, such as 10,000
    /// communes × 30 targets × 12 months), lines stop being looked up by
    /// their key and take the per-field path straight away, which is then
    /// the faster one.
    fn miss_rate(&mut self, hit: bool) {
        const WINDOW: u32 = if cfg!(test) { 256 } else { 1 << 16 };
        self.full_lookups += 1;
        self.full_hits += u32::from(hit);
        if self.full_lookups == WINDOW {
            self.keyed = self.full_hits * 2 >= WINDOW;
            (self.full_lookups, self.full_hits) = (0, 0);
        }
    }

    /// Where the value field of the line `bytes[start..end]` begins and
    /// ends; None when the line has too few fields. Delimiters are found
    /// eight bytes at a time, from whichever end has fewer fields before
    /// the value, and only up to it: a key met before was checked to have
    /// the header's field count, and a line with the same bytes around its
    /// value has it too ([`Self::new_slot`] checks new keys).
    #[inline]
    fn value_bounds(&self, bytes: &[u8], start: usize, end: usize) -> Option<(usize, usize)> {
        let column = self.columns.value;
        let after = self.width - 1 - column;
        let pattern = u64::from_ne_bytes([self.delimiter; 8]);
        if after < column {
            return value_bounds_from_end(bytes, start, end, after, pattern);
        }
        let mut seen = 0;
        let mut value_start = start;
        let mut at = start;
        while at < end {
            // Bytes past the line's end are masked off.
            let mut hits = zero_bytes(word_in(bytes, at, end) ^ pattern);
            let count = ones(hits);
            // The delimiters numbered `column` and `column + 1` bound the value.
            if seen + count >= column {
                let mut n = seen;
                while hits != 0 {
                    n += 1;
                    let position = at + (hits.trailing_zeros() / 8) as usize;
                    if n == column {
                        value_start = position + 1;
                    } else if n == column + 1 {
                        return Some((value_start, position));
                    }
                    hits &= hits - 1;
                }
            }
            seen += count;
            at += 8;
        }
        // No delimiter after the value: it is the last field.
        (seen == column).then_some((value_start, end))
    }

    /// Add a value of a key whose aggregate needs each value in order.
    #[inline(never)]
    fn each(&mut self, index: usize, mantissa: i64, scale: u32, line: u64, seq: u64) -> bool {
        let Some(key) = self.slots.resolved[index] else {
            return false;
        };
        let Some(value) = Decimal::try_from_i128_with_scale(i128::from(mantissa), scale)
            .ok()
            .and_then(|v| key.factor.map_or(Some(v), |f| v.checked_mul(f)))
        else {
            return false;
        };
        let part = &mut self.part;
        part.latest_end = Some(
            part.latest_end
                .map_or(key.span.end, |e| e.max(key.span.end)),
        );
        let row = RowRef {
            file: self.file,
            line,
        };
        self.defer(key, value, row, seq);
        true
    }

    /// Add a row's value to its target's group, in a batch: the batch's
    /// index slots are asked for before the first is added, so that their
    /// memory reads overlap (a block of a file of millions of keys makes
    /// new groups at most rows).
    fn defer(&mut self, key: Key, value: Decimal, row: RowRef, seq: u64) {
        let (entity, source) = (self.name_id(key.entity), self.name_id(key.source));
        let hash = super::acc::key_hash(entity, key.span);
        self.part.targets[key.indicator].prefetch(hash);
        self.pending.push(Pending {
            hash,
            indicator: key.indicator,
            entity,
            source,
            span: key.span,
            value,
            row,
            seq,
        });
        if self.pending.len() == BATCH {
            self.settle();
        }
    }

    /// Add the deferred values, in input order: before anything else
    /// reads or adds to the part's targets.
    fn settle(&mut self) {
        for p in self.pending.drain(..) {
            self.part.targets[p.indicator].add_hashed(
                p.hash,
                p.entity,
                p.span,
                p.value,
                (p.row, p.seq),
                p.source,
            );
        }
    }

    /// The id in the reader's names (the current part's) of the text
    /// `text` of [`Caches::texts`]: looked up once per text and reader.
    fn name_id(&mut self, text: usize) -> u32 {
        if self.part_ids.len() <= text {
            self.part_ids.resize(text + 1, u32::MAX);
        }
        if self.part_ids[text] == u32::MAX {
            self.part_ids[text] = self.part.names.id(&self.caches.texts[text]);
        }
        self.part_ids[text]
    }

    /// Whether the rows of the campaign's indicator `index` are kept one by
    /// one (they then take the per-row path, which keeps them).
    fn keeps(&self, index: usize) -> bool {
        let part = &self.part;
        part.options
            .keep_rows
            .keeps(&part.campaign.indicators[index].id)
    }

    /// Read the block `from..to` of a file (records starting in it, the
    /// last one to its end) into a part of its own.
    fn block(
        &mut self,
        read: &mut Positioned<'_>,
        (from, to): (u64, u64),
        stop: &AtomicBool,
    ) -> FileBlock<'a> {
        (self.lines, self.rows, self.swallowed_end) = (0, 0, None);
        let ok = self.run(&mut *read, from, to, stop).is_ok();
        self.flush();
        let fresh = self.part.sibling();
        let part = self.take_part(fresh);
        FileBlock {
            ok: ok && !part.file_failed,
            part,
            lines: self.lines,
            rows: self.rows,
            from,
            ended_at: self.ended_at,
            swallowed_end: self.swallowed_end,
        }
    }

    /// The part read so far, `fresh` taking its place. The names go on
    /// with the reader (and `part_ids` stay right); the part takes the
    /// ones it added.
    fn take_part(&mut self, mut fresh: State<'a>) -> State<'a> {
        self.settle();
        fresh.names = std::mem::take(&mut self.part.names);
        let mut part = std::mem::replace(&mut self.part, fresh);
        let names = &self.part.names;
        part.added = Some(names.added(self.reader, self.names_handed));
        self.names_handed = names.len();
        part
    }

    /// Resolve a new line key from its first line (without `\n` or `\r`);
    /// None when the table is full or the key too long to keep.
    #[inline(never)]
    fn new_slot(
        &mut self,
        bytes: &[u8],
        prefix: (usize, usize),
        suffix: (usize, usize),
        (hash, words): (u64, Words),
    ) -> Option<usize> {
        let line = &bytes[prefix.0..suffix.1];
        let (prefix, suffix) = (&bytes[prefix.0..prefix.1], &bytes[suffix.0..suffix.1]);
        if self.slots.keys.len() >= SLOT_LIMIT || prefix.len() + suffix.len() > KEY_LIMIT {
            return None;
        }
        // A line folded by its key has the key's bytes, so checking them
        // here once checks every such line: all of it is UTF-8 (SPEC §3,
        // also the columns attain does not read; the value is a plain
        // ASCII number). A line that is not goes the full way, which names
        // the field and stops the file.
        let utf8 = |b: &[u8]| b.is_ascii() || std::str::from_utf8(b).is_ok();
        if !utf8(prefix) || !utf8(suffix) {
            return None;
        }
        let mut ends = [0usize; MAX_FIELDS];
        // Lines with this key are taken on its field count: check it here
        // (quotes understood: a quoted value may hold the delimiter).
        let (count, quotes) = split_quoted(line, self.delimiter, &mut ends);
        if count != self.width || count > MAX_FIELDS || quotes > Quotes::Simple {
            return None;
        }
        let key = self.resolve(line, &ends[..count]);
        let (how, tally) = match key {
            None => (How::Full, Tally::default()),
            Some(key) if self.keeps(key.indicator) => (How::Full, Tally::default()),
            Some(key) if self.part.targets[key.indicator].sums_only() => {
                match key
                    .factor
                    .map(|f| i64::try_from(f.mantissa()).map(|m| (m, f.scale())))
                {
                    None => (How::Sum, Tally::default()),
                    Some(Ok((factor, factor_scale))) => (
                        How::Sum,
                        Tally {
                            factor,
                            factor_scale,
                            ..Tally::default()
                        },
                    ),
                    Some(Err(_)) => (How::Each, Tally::default()),
                }
            }
            Some(_) => (How::Each, Tally::default()),
        };
        Some(
            self.slots
                .insert((hash, words), prefix, suffix, how, key, tally),
        )
    }

    /// Hand the fixed-point sums to the target accumulators.
    fn flush(&mut self) {
        self.settle();
        for index in 0..self.slots.keys.len() {
            let (slot, key) = (&mut self.slots.keys[index], self.slots.resolved[index]);
            let (How::Sum, Some(key)) = (slot.how, key) else {
                continue;
            };
            let tally = &mut slot.tally;
            if tally.count == 0 {
                continue;
            }
            // The key stays resolved for the next block; its sum starts anew.
            let tally = std::mem::replace(
                tally,
                Tally {
                    factor: tally.factor,
                    factor_scale: tally.factor_scale,
                    ..Tally::default()
                },
            );
            let first = RowRef {
                file: self.file,
                line: tally.first_line,
            };
            let (entity, source) = (self.name_id(key.entity), self.name_id(key.source));
            let part = &mut self.part;
            part.latest_end = Some(
                part.latest_end
                    .map_or(key.span.end, |e| e.max(key.span.end)),
            );
            part.targets[key.indicator].merge_sum(
                entity,
                key.span,
                (tally.total, tally.count),
                first,
                source,
            );
        }
    }

    /// One line (without its `\n`), starting at byte `offset` of the file.
    #[inline(never)]
    fn line(&mut self, line: &[u8], offset: u64) {
        let line = trim_cr(line);
        if blank(line, self.delimiter) {
            self.lines += 1;
            return; // a blank line, as the csv reader skips it
        }
        let mut ends = [0usize; MAX_FIELDS];
        let split = split_quoted(line, self.delimiter, &mut ends);
        self.split_line(line, offset, split, &ends);
    }

    /// The data row that starts at byte `offset`: counted, and placed in
    /// input order.
    fn next_row(&mut self, offset: u64) -> RowRef {
        self.lines += 1;
        self.rows += 1;
        self.part.ledger.read += 1;
        self.part.seq = order(self.file, offset);
        RowRef {
            file: self.file,
            line: self.lines,
        }
    }

    /// [`Self::line`] for a line that is not blank, without its line end,
    /// split at `ends` into `count` fields.
    fn split_line(
        &mut self,
        line: &[u8],
        offset: u64,
        (count, quotes): (usize, Quotes),
        ends: &[usize; MAX_FIELDS],
    ) {
        let row = self.next_row(offset);
        if count != self.width {
            self.part.field_count_error(row, count, self.width);
            return;
        }
        if count > MAX_FIELDS || quotes > Quotes::Simple || !self.plain(line, &ends[..count], row) {
            self.record.clear();
            if quotes == Quotes::None {
                for field in line.split(|b| *b == self.delimiter) {
                    self.record.push_field(field);
                }
            } else {
                unquote(line, self.delimiter, &mut self.record, &mut self.scratch);
            }
            let record = std::mem::take(&mut self.record);
            self.settle();
            self.part.row(&record, row, self.columns);
            self.record = record;
        }
    }

    /// Fold a plain row straight into its accumulator; false when the row
    /// needs the full treatment.
    fn plain(&mut self, line: &[u8], ends: &[usize], row: RowRef) -> bool {
        let Some(key) = self.resolve(line, ends) else {
            return false;
        };
        if self.keeps(key.indicator) {
            return false;
        }
        // The fields read are UTF-8 (the caches and the id comparison saw
        // to it); a byte that is not in another field is the file's
        // encoding error, which the full path names.
        for c in self.columns.unread(ends.len()) {
            let f = field(line, ends, Some(c));
            if !f.is_ascii() && std::str::from_utf8(f).is_err() {
                return false;
            }
        }
        let value = field(line, ends, Some(self.columns.value));
        // A no-break space at the edge is trimmed by the full path only.
        if unicode_edge(value) {
            return false;
        }
        let part = &mut self.part;
        let percent = part.campaign.indicators[key.indicator].unit.is_percent();
        let Some(value) = std::str::from_utf8(value)
            .ok()
            .filter(|v| !v.is_empty())
            .and_then(|v| number::parse(v, part.options.locale, percent).ok())
        else {
            return false;
        };
        let value = match key.factor {
            None => value,
            Some(f) => match value.checked_mul(f) {
                Some(v) => v,
                None => return false,
            },
        };
        part.latest_end = Some(
            part.latest_end
                .map_or(key.span.end, |e| e.max(key.span.end)),
        );
        let seq = part.seq;
        self.defer(key, value, row, seq);
        true
    }

    /// What a plain row's fields other than the value say: its target,
    /// span, unit factor, entity and source. None when any of them needs
    /// the full path (an unknown indicator, a period outside the window, a
    /// unit that does not convert, a name with a non-ASCII edge, …).
    fn resolve(&mut self, line: &[u8], ends: &[usize]) -> Option<Key> {
        let cols = self.columns;
        let part = &self.part;
        let texts = [cols.entity, cols.source].map(|c| field(line, ends, c));
        // A field that begins or ends with a space beyond ASCII (a
        // no-break space), which only the full path trims: such rows are
        // left to it. `Quế Võ` ends in a letter and stays here.
        let odd = |f: &[u8]| unicode_edge(f);
        let (indicator_text, period, unit) = (
            field(line, ends, Some(cols.indicator)),
            field(line, ends, cols.period),
            field(line, ends, cols.unit),
        );
        if [indicator_text, period, unit]
            .iter()
            .chain(&texts)
            .any(|f| odd(f))
        {
            return None;
        }
        let indicator = part
            .campaign
            .indicator_index(std::str::from_utf8(indicator_text).ok()?)?;
        let span = if period.is_empty() {
            part.campaign.span
        } else {
            cached(&mut self.caches.periods, period, |p| {
                std::str::from_utf8(p)
                    .ok()
                    .and_then(|t| Span::parse(t).ok())
            })?
        };
        if !part.campaign.span.contains(&span) || part.options.as_of.is_some_and(|d| span.end > d) {
            return None;
        }
        let info = &part.campaign.indicators[indicator];
        let factor = if unit.is_empty() {
            None
        } else {
            if self.caches.units.len() <= indicator {
                self.caches
                    .units
                    .resize_with(indicator + 1, ByteMap::default);
            }
            let factor = cached(&mut self.caches.units[indicator], unit, |u| {
                std::str::from_utf8(u)
                    .ok()
                    .and_then(|u| crate::unit::Unit::parse(u).ok())
                    .and_then(|u| u.factor_to(&info.unit).ok())
            })?;
            (factor != Decimal::ONE).then_some(factor)
        };
        let entity = self.caches.text(texts[0])?;
        let source = self.caches.text(texts[1])?;
        Some(Key {
            indicator,
            span,
            factor,
            entity,
            source,
        })
    }
}

/// Field `c` of a line split at `ends`, trimmed; empty when absent.
fn field<'a>(line: &'a [u8], ends: &[usize], c: Option<usize>) -> &'a [u8] {
    match c {
        Some(c) if c < ends.len() => {
            let start = if c == 0 { 0 } else { ends[c - 1] + 1 };
            let raw = &line[start..ends[c]];
            // A plain quoted field (`"46,4"`, [`Quotes::Simple`]) is its
            // text between the quotes, as the csv reader reads it.
            let raw = match raw {
                [b'"', inner @ .., b'"'] => inner,
                _ => raw,
            };
            trim(raw)
        }
        _ => &b""[..],
    }
}

/// What a line's quotes are, read as the csv reader reads them (RFC 4180:
/// a field that starts with `"` is quoted, `""` inside it is a quote; a
/// quote elsewhere is a character). Ordered: each needs more than the one
/// before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Quotes {
    /// No quote at all.
    None,
    /// Quoted fields are `"…"` with no quote inside: the text between.
    Simple,
    /// Quotes that need reading (`""`, text after a closing quote, a
    /// quote inside an unquoted field): [`unquote`] reads the fields.
    Other,
    /// A quoted field is still open at the end of the line: it holds a
    /// line break, and the record goes on.
    Open,
}

/// Where a line's fields end, quotes understood (a delimiter inside a
/// quoted field does not end it), and what its quotes are. Like
/// [`split`], it counts every field and records the first [`MAX_FIELDS`].
pub(super) fn split_quoted(
    line: &[u8],
    delimiter: u8,
    ends: &mut [usize; MAX_FIELDS],
) -> (usize, Quotes) {
    if memchr::memchr(b'"', line).is_none() {
        return (split(line, delimiter, ends), Quotes::None);
    }
    let mut quotes = Quotes::None;
    let mut count = 0;
    let mut record = |count: &mut usize, end: usize| {
        if let Some(e) = ends.get_mut(*count) {
            *e = end;
        }
        *count += 1;
    };
    // Field by field; fields are short, so plain loops beat setting up a
    // vector search for each.
    let find = |from: usize, byte: u8| {
        line[from..]
            .iter()
            .position(|&b| b == byte)
            .map(|k| from + k)
    };
    let mut at = 0;
    loop {
        let end = if line.get(at) == Some(&b'"') {
            quotes = quotes.max(Quotes::Simple);
            // The closing quote: the first `"` not doubled.
            let mut from = at + 1;
            let close = loop {
                match find(from, b'"') {
                    None => return (count + 1, Quotes::Open),
                    Some(q) if line.get(q + 1) == Some(&b'"') => {
                        quotes = Quotes::Other; // `""`: a quote in the text
                        from = q + 2;
                    }
                    Some(q) => break q,
                }
            };
            match line.get(close + 1) {
                None => line.len(),
                Some(&b) if b == delimiter => close + 1,
                // Text after the closing quote belongs to the field.
                Some(_) => {
                    quotes = Quotes::Other;
                    find(close + 1, delimiter).unwrap_or(line.len())
                }
            }
        } else {
            let mut end = at;
            while let Some(&b) = line.get(end) {
                if b == delimiter {
                    break;
                }
                if b == b'"' {
                    quotes = Quotes::Other; // a quote inside an unquoted field
                }
                end += 1;
            }
            end
        };
        record(&mut count, end);
        if end >= line.len() {
            return (count, quotes);
        }
        at = end + 1;
    }
}

/// What [`Ranged::record_over_lines`] did.
enum Over {
    /// Read; the next record starts here.
    Read(usize),
    /// The bytes end before the record does.
    Unfinished,
}

/// Where the record that starts at `bytes[start]` ends (the index of its
/// `\n`), read as the csv reader reads it: a field that starts with `"` is
/// quoted up to a `"` not doubled, and may hold line breaks; text after
/// its closing quote, and any quote in a field that does not start with
/// one, is a character. None when the bytes end first.
fn record_end(bytes: &[u8], start: usize, delimiter: u8) -> Option<usize> {
    let mut at = start;
    loop {
        if bytes.get(at) == Some(&b'"') {
            let mut from = at + 1;
            at = loop {
                let quote = from + memchr::memchr(b'"', bytes.get(from..)?)?;
                match bytes.get(quote + 1) {
                    Some(b'"') => from = quote + 2,
                    Some(_) => break quote + 1,
                    None => return None, // a doubled quote, or the end?
                }
            };
        }
        let found = at + memchr::memchr2(delimiter, b'\n', bytes.get(at..)?)?;
        if bytes[found] == b'\n' {
            return Some(found);
        }
        at = found + 1;
    }
}

/// Where the value (field `column`, with `after` fields after it) of a line
/// with quotes is, inside its quotes if it has them, reading only the fields
/// from the nearer end of the line up to it; None when one of those fields,
/// or the value, is not plain (see [`Quotes::Simple`]). Only for a line
/// whose key is then found among those met: the rest of the line is the
/// key's, which was split in full, from its start, when it was new. That is
/// what makes reading from the end sound: the bytes before the value end in
/// its opening quote (or a delimiter), the value holds no quote (nor, when
/// unquoted, a delimiter), so a line with a known key's bytes around such a
/// value splits as the key's first line did.
fn quoted_value(line: &[u8], delimiter: u8, column: usize, after: usize) -> Option<(usize, usize)> {
    if after < column {
        return quoted_value_from_end(line, delimiter, after);
    }
    let mut at = 0;
    for c in 0..=column {
        let (from, to, next) = if line.get(at) == Some(&b'"') {
            let close = find2(line, at + 1, b'"', b'"')?;
            match line.get(close + 1) {
                None => (at + 1, close, close + 1),
                Some(&b) if b == delimiter => (at + 1, close, close + 1),
                Some(_) => return None, // `""` or text after the quote
            }
        } else {
            let to = match find2(line, at, delimiter, b'"') {
                Some(k) if line[k] == b'"' => return None,
                Some(k) => k,
                None => line.len(),
            };
            (at, to, to)
        };
        if c == column {
            return Some((from, to));
        }
        if next >= line.len() {
            return None; // too few fields
        }
        at = next + 1;
    }
    None
}

/// [`quoted_value`] read from the line's end: the value has `after`
/// fields after it.
fn quoted_value_from_end(line: &[u8], delimiter: u8, after: usize) -> Option<(usize, usize)> {
    let mut end = line.len();
    for i in 0..=after {
        let (from, to, start) = if end > 0 && line[end - 1] == b'"' {
            let open = rfind2(line, end - 1, b'"', b'"')?;
            // `""`, or text before the opening quote: not plain.
            if open > 0 && line[open - 1] != delimiter {
                return None;
            }
            (open + 1, end - 1, open)
        } else {
            let start = match rfind2(line, end, delimiter, b'"') {
                Some(k) if line[k] == b'"' => return None,
                Some(k) => k + 1,
                None => 0,
            };
            (start, end, start)
        };
        if i == after {
            return Some((from, to));
        }
        if start == 0 {
            return None; // too few fields
        }
        end = start - 1; // the delimiter before this field
    }
    None
}

/// The first byte of `line` at or after `at` that is `a` or `b`, eight
/// bytes at a time (fields are short: a vector search costs more to set up).
#[inline]
fn find2(line: &[u8], mut at: usize, a: u8, b: u8) -> Option<usize> {
    let (pa, pb) = (u64::from_ne_bytes([a; 8]), u64::from_ne_bytes([b; 8]));
    while at + 8 <= line.len() {
        let word = word_at(line, at);
        let hits = zero_bytes(word ^ pa) | zero_bytes(word ^ pb);
        if hits != 0 {
            return Some(at + (hits.trailing_zeros() / 8) as usize);
        }
        at += 8;
    }
    let rest = line.get(at..)?;
    rest.iter().position(|&c| c == a || c == b).map(|k| at + k)
}

/// The last byte of `line` before `end` that is `a` or `b`.
#[inline]
fn rfind2(line: &[u8], mut end: usize, a: u8, b: u8) -> Option<usize> {
    let (pa, pb) = (u64::from_ne_bytes([a; 8]), u64::from_ne_bytes([b; 8]));
    while end >= 8 {
        let word = word_at(line, end - 8);
        let hits = zero_bytes(word ^ pa) | zero_bytes(word ^ pb);
        if hits != 0 {
            return Some(end - 8 + (63 - hits.leading_zeros()) as usize / 8);
        }
        end -= 8;
    }
    line[..end].iter().rposition(|&c| c == a || c == b)
}

/// The fields of a line whose quoted fields all close on it, read as the
/// csv reader reads them, into `record`.
pub(super) fn unquote(
    line: &[u8],
    delimiter: u8,
    record: &mut csv::ByteRecord,
    field: &mut Vec<u8>,
) {
    #[derive(PartialEq)]
    enum State {
        Start,
        Unquoted,
        Quoted,
        QuoteInQuoted,
    }
    let mut state = State::Start;
    field.clear();
    for &b in line {
        match state {
            State::Start if b == b'"' => state = State::Quoted,
            State::Start | State::Unquoted | State::QuoteInQuoted if b == delimiter => {
                record.push_field(field);
                field.clear();
                state = State::Start;
            }
            State::Start | State::Unquoted => {
                field.push(b);
                state = State::Unquoted;
            }
            State::Quoted if b == b'"' => state = State::QuoteInQuoted,
            State::Quoted => field.push(b),
            State::QuoteInQuoted => {
                field.push(b);
                state = if b == b'"' {
                    State::Quoted
                } else {
                    State::Unquoted
                };
            }
        }
    }
    record.push_field(field);
}

/// How many fields a line has, and where the first [`MAX_FIELDS`] end
/// (`ends[i]` is the end of field i).
fn split(line: &[u8], delimiter: u8, ends: &mut [usize; MAX_FIELDS]) -> usize {
    let mut count = 0;
    // Lines are short: a plain loop beats setting up a vector search.
    for (d, byte) in line.iter().enumerate() {
        if *byte == delimiter {
            if let Some(end) = ends.get_mut(count) {
                *end = d;
            }
            count += 1;
        }
    }
    if let Some(end) = ends.get_mut(count) {
        *end = line.len();
    }
    count + 1
}

/// The eight bytes at `at` as a little-endian word, zero past the end.
#[inline]
fn word_at(bytes: &[u8], at: usize) -> u64 {
    if let Some(Ok(word)) = bytes.get(at..at + 8).map(<[u8; 8]>::try_from) {
        return u64::from_le_bytes(word);
    }
    word_tail(bytes, at)
}

/// [`word_at`] for the last bytes of a buffer.
#[cold]
fn word_tail(bytes: &[u8], at: usize) -> u64 {
    let mut word = [0u8; 8];
    let rest = bytes.get(at..).unwrap_or_default();
    let n = rest.len().min(8);
    word[..n].copy_from_slice(&rest[..n]);
    u64::from_le_bytes(word)
}

/// The high bit of every byte of `word` that is zero, and no other bit.
pub(super) fn zero_bytes(word: u64) -> u64 {
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    !(((word & LOW7) + LOW7) | word | LOW7)
}

/// [`Ranged::value_bounds`] from the line's end, for a value with `after`
/// fields after it.
#[inline]
fn value_bounds_from_end(
    bytes: &[u8],
    start: usize,
    end: usize,
    after: usize,
    pattern: u64,
) -> Option<(usize, usize)> {
    let mut seen = 0;
    let mut value_end = end;
    let mut high = end;
    while high > start {
        let low = high.saturating_sub(8).max(start);
        // The bytes low..high, in the low end of the word.
        let mut hits = zero_bytes(word_in(bytes, low, high) ^ pattern);
        let count = ones(hits);
        // Counted from the end, delimiter `after` ends the value and the
        // next one is just before it.
        if seen + count >= after {
            let mut n = seen;
            while hits != 0 {
                n += 1;
                let top = 63 - hits.leading_zeros();
                let position = low + (top / 8) as usize;
                if n == after {
                    value_end = position;
                } else if n == after + 1 {
                    return Some((position + 1, value_end));
                }
                hits ^= 1 << top;
            }
        }
        seen += count;
        high = low;
    }
    None
}

/// How many bytes of a [`zero_bytes`] mask are set: one bit per byte at
/// most, so a multiply adds them up (cheaper than count_ones where the
/// CPU baseline has no popcnt).
#[inline]
fn ones(hits: u64) -> usize {
    ((hits >> 7).wrapping_mul(0x0101_0101_0101_0101) >> 56) as usize
}

/// A line key as eight words, six for the bytes before the value and two
/// for those after: overlapping loads that cover every byte of a part up to
/// [`PREFIX_COVER`] and [`SUFFIX_COVER`] bytes long (a longer part is also
/// compared byte by byte). Most layouts put the value after indicator,
/// period and entity, so the part before it is the longer one.
type Words = [u64; 8];

/// The longest parts before and after the value that [`Words`] cover whole.
const PREFIX_COVER: usize = 48;
const SUFFIX_COVER: usize = 16;

#[inline]
fn key_words(bytes: &[u8], prefix: (usize, usize), suffix: (usize, usize)) -> Words {
    let mut words = [0u64; 8];
    part_words(bytes, prefix, &mut words[..6]);
    part_words(bytes, suffix, &mut words[6..]);
    words
}

/// `out.len()` words for `bytes[from..to]`: the part itself when it is at
/// most 8 bytes, else loads from both ends towards the middle, each within
/// the part (they overlap when it is short).
#[inline]
fn part_words(bytes: &[u8], (from, to): (usize, usize), out: &mut [u64]) {
    let n = to - from;
    if n <= 8 {
        out[0] = word_in(bytes, from, to);
        return;
    }
    let count = out.len();
    for (i, word) in out.iter_mut().enumerate() {
        let at = if i < count / 2 {
            from + (8 * i).min(n - 8)
        } else {
            to - 8 - (8 * (count - 1 - i)).min(n - 8)
        };
        *word = word_at(bytes, at);
    }
}

/// A hash of a key's words and part lengths: independent multiplies, then
/// one mix (the table takes its index from the low bits).
#[inline]
fn words_hash(words: &Words, prefix: usize, suffix: usize) -> u64 {
    const K: [u64; 8] = [
        0x9e37_79b9_7f4a_7c15,
        0xc2b2_ae3d_27d4_eb4f,
        0x1656_67b1_9e37_79f9,
        0x85eb_ca77_c2b2_ae63,
        0x27d4_eb2f_1656_67c5,
        0xf135_7aea_2e62_a9c5,
        0x94d0_49bb_1331_11eb,
        0xbf58_476d_1ce4_e5b9,
    ];
    let mut hash = ((prefix as u64) << 32) ^ suffix as u64;
    for (word, k) in words.iter().zip(K) {
        hash ^= word.wrapping_mul(k);
    }
    let hash = (hash ^ (hash >> 31)).wrapping_mul(K[0]);
    hash ^ (hash >> 29)
}

/// The word at `at` with the bytes from `end` on zeroed.
#[inline]
fn word_in(bytes: &[u8], at: usize, end: usize) -> u64 {
    word_at(bytes, at) & mask(end - at)
}

/// A word's first `left` bytes (all eight from 8 on).
#[inline]
fn mask(left: usize) -> u64 {
    if left < 8 {
        (1u64 << (left * 8)) - 1
    } else {
        u64::MAX
    }
}

/// The values [`Ranged::defer`] holds before adding them.
const BATCH: usize = 16;

/// A row's value on its way to its target's group.
struct Pending {
    hash: u64,
    indicator: usize,
    entity: u32,
    source: u32,
    span: Span,
    value: Decimal,
    row: RowRef,
    seq: u64,
}

/// A line key's resolution, shared by every line with the same bytes
/// around the value.
#[derive(Clone, Copy)]
struct Key {
    indicator: usize,
    span: Span,
    /// The unit factor to the target's unit; None for none (or exactly 1).
    factor: Option<Decimal>,
    /// Entity and source: indexes into [`Caches::texts`].
    entity: usize,
    source: usize,
}

/// The line keys (a line without its value) a thread has met: a hash
/// index, the keys' bytes one after another, and per key what to do with
/// its values. What every line touches is kept small and together.
#[derive(Default)]
struct Slots {
    table: HashTable<u32>,
    bytes: Vec<u8>,
    keys: Vec<KeyAt>,
    /// None for a key that does not resolve.
    resolved: Vec<Option<Key>>,
}

/// Where a key's bytes are in [`Slots::bytes`]: the bytes before the
/// value, then those after it.
struct KeyAt {
    at: u32,
    prefix: u32,
    len: u32,
    how: How,
    /// The key's [`Words`], compared before (and mostly instead of) its
    /// bytes.
    words: Words,
    /// Its values so far (for [`How::Sum`]), beside the words a lookup has
    /// just read.
    tally: Tally,
}

/// What to do with the values of a key.
#[derive(Clone, Copy, PartialEq, Eq)]
enum How {
    /// The key does not resolve: each such line takes the full path.
    Full,
    /// Each value goes into the target's accumulator in input order (the
    /// aggregates that use the order or the extremes).
    Each,
    /// `sum` and `mean` need only a total and a count: kept in a [`Tally`].
    Sum,
}

impl Slots {
    /// The key whose bytes are those of `line` in the ranges `prefix`
    /// and `suffix` (whose [`Words`] and their hash are given).
    fn find(
        &self,
        hash: u64,
        words: &Words,
        line: &[u8],
        prefix: (usize, usize),
        suffix: (usize, usize),
    ) -> Option<usize> {
        let (bytes, keys) = (&self.bytes, &self.keys);
        let (p, s) = (prefix.1 - prefix.0, suffix.1 - suffix.0);
        // Words cover every byte of parts up to these lengths.
        let short = p <= PREFIX_COVER && s <= SUFFIX_COVER;
        self.table
            .find(hash, |&i| {
                let k = &keys[i as usize];
                let at = k.at as usize;
                k.prefix as usize == p
                    && k.len as usize == p + s
                    && k.words
                        .iter()
                        .zip(words)
                        .fold(0, |diff, (a, b)| diff | (a ^ b))
                        == 0
                    && (short
                        || (same_bytes(&bytes[at..at + p], &line[prefix.0..prefix.1])
                            && same_bytes(&bytes[at + p..at + p + s], &line[suffix.0..suffix.1])))
            })
            .map(|&i| i as usize)
    }

    fn insert(
        &mut self,
        (hash, words): (u64, Words),
        prefix: &[u8],
        suffix: &[u8],
        how: How,
        key: Option<Key>,
        tally: Tally,
    ) -> usize {
        let index = self.keys.len();
        // Both fit: at most SLOT_LIMIT keys of at most KEY_LIMIT bytes.
        let at = self.bytes.len();
        self.bytes.extend_from_slice(prefix);
        self.bytes.extend_from_slice(suffix);
        let (p, len) = (prefix.len(), prefix.len() + suffix.len());
        self.keys.push(KeyAt {
            at: at as u32,
            prefix: p as u32,
            len: len as u32,
            how,
            words,
            tally,
        });
        self.resolved.push(key);
        let keys = &self.keys;
        self.table.insert_unique(hash, index as u32, |&i| {
            let k = &keys[i as usize];
            words_hash(&k.words, k.prefix as usize, (k.len - k.prefix) as usize)
        });
        index
    }
}

/// One key's values: their exact total, count, first and last lines, and
/// the unit factor (mantissa and scale; a mantissa of 0 for none).
#[derive(Default, Clone)]
struct Tally {
    total: Total,
    count: u64,
    factor: i64,
    factor_scale: u32,
    first_line: u64,
    last_line: u64,
    last_seq: u64,
}

impl Tally {
    /// Add `mantissa × 10^-scale` times the factor, as a `Decimal` product
    /// would be; false, leaving the tally as it was, when the product or the
    /// sum is not exact (the row then takes the `Decimal` path).
    #[inline]
    fn add(&mut self, mantissa: i64, scale: u32, line: u64, seq: u64) -> bool {
        let value = if self.factor == 0 {
            Total {
                mantissa: i128::from(mantissa),
                scale,
            }
        } else if mantissa == 0 {
            // A `Decimal` product with zero is a plain 0.
            Total::default()
        } else {
            match i128::from(mantissa).checked_mul(i128::from(self.factor)) {
                Some(m) if m.abs() <= MAX_MANTISSA && scale + self.factor_scale <= MAX_SCALE => {
                    Total {
                        mantissa: m,
                        scale: scale + self.factor_scale,
                    }
                }
                _ => return false,
            }
        };
        if !self.total.add(value) {
            return false;
        }
        if self.count == 0 {
            self.first_line = line;
        }
        self.count += 1;
        self.last_line = line;
        self.last_seq = seq;
        true
    }
}

impl Caches {
    /// The index of a text's NFC form in `texts`. None — the row then takes
    /// the full path — when the bytes are not UTF-8 or the cache is full (a
    /// column of unique notes must not grow memory).
    fn text(&mut self, bytes: &[u8]) -> Option<usize> {
        if bytes.is_empty() {
            // Slot 0 is always the empty text.
            if self.texts.is_empty() {
                self.texts.push(String::new());
            }
            return Some(0);
        }
        if self.texts.is_empty() {
            self.texts.push(String::new());
        }
        let hash = ByteMap::<u32>::hash(bytes);
        if let Some(found) = self.names.get(hash, bytes) {
            return Some(*found as usize);
        }
        if self.names.len() >= CACHE_LIMIT {
            return None;
        }
        let text = std::str::from_utf8(bytes).ok()?;
        self.texts.push(crate::text::nfc(text).into_owned());
        let index = self.texts.len() - 1;
        self.names.insert(hash, bytes, index as u32);
        Some(index)
    }
}

/// A cached lookup by bytes; beyond [`CACHE_LIMIT`] keys, computed each time.
fn cached<V: Clone>(cache: &mut ByteMap<V>, key: &[u8], compute: impl FnOnce(&[u8]) -> V) -> V {
    let hash = ByteMap::<V>::hash(key);
    if let Some(v) = cache.get(hash, key) {
        return v.clone();
    }
    let v = compute(key);
    if cache.len() < CACHE_LIMIT {
        cache.insert(hash, key, v.clone());
    }
    v
}

/// Whether two byte strings are equal, compared a word at a time (two
/// overlapping loads up to 16 bytes): keys and texts are short, and a
/// library call per comparison costs more than the comparison.
#[inline]
pub(super) fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    let n = a.len();
    if n != b.len() {
        return false;
    }
    if n < 8 {
        return a.iter().zip(b).all(|(x, y)| x == y);
    }
    let mut at = 0;
    while at + 8 < n {
        if word_at(a, at) != word_at(b, at) {
            return false;
        }
        at += 8;
    }
    word_at(a, n - 8) == word_at(b, n - 8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_space_beyond_ascii_at_an_edge_needs_the_full_path() {
        for (field, edge) in [
            ("Quế Võ", false),
            ("Từ Sơn", false),
            ("Bắc Ninh\u{a0}", true),
            ("\u{a0}Bắc Ninh", true),
            ("\u{3000}x", true),
            ("x\u{2009}", true),
            ("plain", false),
            ("", false),
        ] {
            assert_eq!(unicode_edge(field.as_bytes()), edge, "{field:?}");
        }
        // Bytes that are not UTF-8 at an edge: the full path names them.
        assert!(unicode_edge(b"caf\xe9"));
        assert!(unicode_edge(b"\xe9t\xe9"));
    }

    #[test]
    fn quotes_are_split_as_the_csv_reader_splits_them() {
        let mut ends = [0; MAX_FIELDS];
        let cases: [(&[u8], usize, Quotes); 8] = [
            (b"a,b,c", 3, Quotes::None),
            (b"a,\"6,9\",c", 3, Quotes::Simple),
            (b"\"a\",\"\",\"c\"", 3, Quotes::Simple),
            (b"a,\"x\"\"y\",c", 3, Quotes::Other),
            (b"a,\"x\"y,c", 3, Quotes::Other),
            (b"a,5 inch\",c", 3, Quotes::Other),
            (b"a,\"open,c", 2, Quotes::Open),
            (b"a,\"x\"\"", 2, Quotes::Open),
        ];
        for (line, count, quotes) in cases {
            let got = split_quoted(line, b',', &mut ends);
            assert_eq!(got, (count, quotes), "{}", String::from_utf8_lossy(line));
        }
        let mut record = csv::ByteRecord::new();
        unquote(
            b"a,\"x\"\"y\",\"p\"q, \"s\",e\"f",
            b',',
            &mut record,
            &mut Vec::new(),
        );
        let fields: Vec<&[u8]> = record.iter().collect();
        assert_eq!(fields, [&b"a"[..], b"x\"y", b"pq", b" \"s\"", b"e\"f"]);
    }

    /// The value's bounds, read from either end, are those of the full
    /// split whenever the fields read are plain; and whatever the line, a
    /// value found holds no quote (nor, unquoted, a delimiter): what makes
    /// a known key's bytes around it split as the key's first line did.
    /// Lines of three to five fields, each empty, plain, quoted, quoted with
    /// a delimiter, `""`, `"a""b"`, a stray quote or text after a quote.
    #[test]
    fn the_value_is_found_from_either_end_as_the_full_split_finds_it() {
        let kinds: [&[u8]; 8] = [
            b"",
            b"ab",
            b"\"x,y\"",
            b"\"\"",
            b"\"a\"\"b\"",
            b"5\"",
            b"\"q\"r",
            b"\"open",
        ];
        let plain = |f: &[u8]| match f {
            [b'"', inner @ .., b'"'] => !inner.contains(&b'"'),
            _ => !f.contains(&b'"'),
        };
        let mut ends = [0; MAX_FIELDS];
        let mut checked = 0;
        for width in 3..=5usize {
            for n in 0..kinds.len().pow(width as u32) {
                let (mut line, mut fields, mut k) = (Vec::new(), Vec::new(), n);
                for f in 0..width {
                    if f > 0 {
                        line.push(b',');
                    }
                    let field = kinds[k % kinds.len()];
                    (k, _) = (k / kinds.len(), line.extend_from_slice(field));
                    fields.push(field);
                }
                split_quoted(&line, b',', &mut ends);
                for column in 0..width {
                    let start = if column == 0 { 0 } else { ends[column - 1] + 1 };
                    let mut want = (start, ends[column]);
                    if line.get(start) == Some(&b'"') {
                        want = (want.0 + 1, want.1 - 1);
                    }
                    let forward = quoted_value(&line, b',', column, width);
                    let backward = quoted_value_from_end(&line, b',', width - 1 - column);
                    let text = String::from_utf8_lossy(&line);
                    if fields[..=column].iter().all(|f| plain(f)) {
                        assert_eq!(forward, Some(want), "{text} column {column}");
                        checked += 1;
                    }
                    if fields.iter().all(|f| plain(f)) {
                        assert_eq!(backward, Some(want), "{text} column {column} from the end");
                        checked += 1;
                    }
                    for (from, to) in [forward, backward].into_iter().flatten() {
                        let value = &line[from..to];
                        let quoted = from > 0 && line[from - 1] == b'"';
                        assert!(!value.contains(&b'"'), "{text} column {column}");
                        assert!(quoted || !value.contains(&b','), "{text} column {column}");
                    }
                }
            }
        }
        assert!(checked > 5_000, "{checked}");
    }
}
