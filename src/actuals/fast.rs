//! The fast path for large files: a seekable file without quotes is cut
//! into byte ranges at line boundaries, one per thread; each thread splits
//! its lines with `memchr`, looks indicators, periods, units and names up in
//! small caches keyed by their bytes, and folds values into accumulators of
//! its own, which are merged in file order at the end.
//!
//! Any line that is not plain — an unknown indicator, a value the plain
//! parser does not take, a period outside the window, a wrong field count —
//! goes through the same `State::row` as the streaming path, so every path
//! gives the same figures, the same ledger and the same messages. A file
//! with a quote anywhere is left to the streaming csv reader whole: a
//! quoted field may hold a line break, and a range could start inside it.
//! So is one with a lone `\r` (an old Mac line end).

use std::fs::File;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};

use rust_decimal::Decimal;
use rustc_hash::FxHashMap;

use super::{Columns, RowRef, Span, State, order};
use crate::number;

/// Files smaller than this are read by the streaming path: threads would
/// cost more than they save.
pub const MIN_BYTES: u64 = 4 << 20;

/// Rows with more fields than this take the full path.
const MAX_FIELDS: usize = 32;

/// How much each thread reads at a time.
const CHUNK: usize = 1 << 20;

/// The most distinct keys a cache holds; beyond that, lookups are computed
/// each time, so that a column of unique values cannot grow memory.
const CACHE_LIMIT: usize = 4096;

/// Read `path` with `jobs` threads when it qualifies. Returns false when the
/// file is left to the streaming path (nothing was recorded then).
#[cfg(not(unix))]
pub(super) fn read_file(
    _state: &mut State<'_>,
    _path: &Path,
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
    path: &Path,
    file: u32,
    delimiter: u8,
    jobs: usize,
    min_bytes: u64,
) -> bool {
    use std::os::unix::fs::FileExt;

    let Ok(handle) = File::open(path) else {
        return false;
    };
    let Ok(len) = handle.metadata().map(|m| m.len()) else {
        return false;
    };
    if len < min_bytes || jobs == 0 {
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
        if !line.is_empty() {
            break line;
        }
        start += nl + 1;
        header_line += 1;
    };
    let data_start =
        (start + header.len() + 1 + usize::from(head[start + header.len()] == b'\r')) as u64;
    // A quote may hide a line break; a lone \r is a line end the fast
    // path does not split on: both are left to the streaming reader.
    if memchr::memchr2(b'"', b'\r', header).is_some() {
        return false;
    }
    let mut record = csv::ByteRecord::new();
    for field in header.split(|b| *b == delimiter) {
        record.push_field(field);
    }
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

    // Cut the data into ranges that start at a line.
    let jobs = jobs.clamp(1, 64);
    let mut bounds = vec![data_start];
    for k in 1..jobs {
        let guess = data_start + (len - data_start) * k as u64 / jobs as u64;
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
                break at + nl as u64 + 1;
            }
            at += got as u64;
        };
        if cut > *bounds.last().unwrap_or(&data_start) && cut < len {
            bounds.push(cut);
        }
    }
    bounds.push(len);

    let quote = AtomicBool::new(false);
    let campaign = state.campaign;
    let options = state.options;
    let files = state.files.clone();
    let results: Vec<Option<(State<'_>, u64, u64)>> = std::thread::scope(|scope| {
        let handles: Vec<_> = bounds
            .windows(2)
            .map(|range| {
                let (from, to) = (range[0], range[1]);
                let (handle, quote, files) = (&handle, &quote, files.clone());
                scope.spawn(move || {
                    let mut part = State::new(campaign, options);
                    part.files = files;
                    let mut reader = Ranged {
                        part: &mut part,
                        file,
                        delimiter,
                        columns,
                        width,
                        caches: Caches::default(),
                        record: csv::ByteRecord::new(),
                        lines: 0,
                        rows: 0,
                    };
                    let ok = reader.run(handle, from, to, quote);
                    let (lines, rows) = (reader.lines, reader.rows);
                    ok.then_some((part, lines, rows))
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().ok().flatten())
            .collect()
    });
    // A quote, a failed thread, or a file that is not UTF-8 (whose first
    // bad field the streaming path names once): read it the streaming way.
    let failed = results
        .iter()
        .any(|r| r.as_ref().is_none_or(|(part, _, _)| part.file_failed));
    if quote.load(Ordering::Relaxed) || failed {
        state.ignored_columns.truncate(ignored);
        state.diagnostics.truncate(diagnostics);
        return false;
    }
    // Merge in file order; each part's lines count from its range's start.
    let mut line_base = header_line;
    let mut rows = 0;
    for (part, lines, part_rows) in results.into_iter().flatten() {
        state.absorb(part, line_base);
        line_base += lines;
        rows += part_rows;
    }
    if rows == 0 {
        state.no_rows_warning(header_row);
    }
    true
}

/// Drop a line's `\r` ending.
fn trim_cr(line: &[u8]) -> &[u8] {
    line.strip_suffix(b"\r").unwrap_or(line)
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
    periods: FxHashMap<Vec<u8>, Option<Span>>,
    /// Per indicator: unit text → factor to the indicator's unit.
    units: Vec<FxHashMap<Vec<u8>, Option<Decimal>>>,
    /// Entity and source text → its index in `texts` (NFC).
    names: FxHashMap<Vec<u8>, u32>,
    texts: Vec<String>,
}

/// One thread's reader of one byte range.
struct Ranged<'p, 'a> {
    part: &'p mut State<'a>,
    file: u32,
    delimiter: u8,
    columns: Columns,
    width: usize,
    caches: Caches,
    record: csv::ByteRecord,
    /// Newlines passed (for the next range's line numbers).
    lines: u64,
    /// Data rows read.
    rows: u64,
}

impl Ranged<'_, '_> {
    #[cfg(unix)]
    fn run(&mut self, handle: &File, from: u64, to: u64, quote: &AtomicBool) -> bool {
        use std::os::unix::fs::FileExt;
        let mut buf = vec![0u8; CHUNK];
        let mut carry: Vec<u8> = Vec::new();
        let mut at = from;
        // The offset in the file of carry[0].
        let mut carry_at = from;
        while at < to {
            if quote.load(Ordering::Relaxed) {
                return false;
            }
            let want = ((to - at) as usize).min(CHUNK);
            let Ok(got) = handle.read_at(&mut buf[..want], at) else {
                return false;
            };
            if got == 0 {
                break;
            }
            let chunk = &buf[..got];
            let lone_cr = memchr::memchr_iter(b'\r', chunk).any(|p| match chunk.get(p + 1) {
                Some(next) => *next != b'\n',
                None => {
                    let mut next = [0u8; 1];
                    !matches!(handle.read_at(&mut next, at + got as u64), Ok(1) if next[0] == b'\n')
                }
            });
            if lone_cr || memchr::memchr(b'"', chunk).is_some() {
                quote.store(true, Ordering::Relaxed);
                return false;
            }
            let mut start = 0;
            for nl in memchr::memchr_iter(b'\n', chunk) {
                if carry.is_empty() {
                    self.line(&chunk[start..nl], at + start as u64);
                } else {
                    carry.extend_from_slice(&chunk[start..nl]);
                    let line = std::mem::take(&mut carry);
                    self.line(&line, carry_at);
                }
                start = nl + 1;
            }
            if start < got {
                if carry.is_empty() {
                    carry_at = at + start as u64;
                }
                carry.extend_from_slice(&chunk[start..]);
            }
            at += got as u64;
        }
        if !carry.is_empty() {
            let line = std::mem::take(&mut carry);
            self.line(&line, carry_at);
            self.lines -= 1; // no newline ended it
        }
        true
    }

    #[cfg(not(unix))]
    fn run(&mut self, _handle: &File, _from: u64, _to: u64, _quote: &AtomicBool) -> bool {
        false
    }

    /// One line (without its `\n`), starting at byte `offset` of the file.
    fn line(&mut self, line: &[u8], offset: u64) {
        self.lines += 1;
        let line = trim_cr(line);
        if line.is_empty() {
            return; // a blank line, as the csv reader skips it
        }
        self.rows += 1;
        let row = RowRef {
            file: self.file,
            line: self.lines,
        };
        let part = &mut *self.part;
        part.ledger.read += 1;
        part.seq = order(self.file, offset);
        // Field boundaries without copying: ends[i] is where field i ends.
        let mut ends = [0usize; MAX_FIELDS];
        let mut count = 0;
        // Lines are short: a plain loop beats setting up a vector search.
        for (d, byte) in line.iter().enumerate() {
            if *byte == self.delimiter {
                if count < MAX_FIELDS {
                    ends[count] = d;
                }
                count += 1;
            }
        }
        if count < MAX_FIELDS {
            ends[count] = line.len();
        }
        count += 1;
        if count != self.width {
            part.field_count_error(row, count, self.width);
            return;
        }
        if count > MAX_FIELDS || !self.plain(line, &ends[..count], row) {
            self.record.clear();
            for field in line.split(|b| *b == self.delimiter) {
                self.record.push_field(field);
            }
            let record = std::mem::take(&mut self.record);
            self.part.row(&record, row, self.columns);
            self.record = record;
        }
    }

    /// Fold a plain row straight into its accumulator; false when the row
    /// needs the full treatment.
    fn plain(&mut self, line: &[u8], ends: &[usize], row: RowRef) -> bool {
        let cols = self.columns;
        let part = &mut *self.part;
        if part.options.keep_rows {
            return false;
        }
        // A field whose trimmed edge is not ASCII may end in a no-break
        // space, which only the full path trims: leave such rows to it.
        let mut odd_edge = false;
        let mut field = |c: Option<usize>| match c {
            Some(c) if c < ends.len() => {
                let start = if c == 0 { 0 } else { ends[c - 1] + 1 };
                let f = trim(&line[start..ends[c]]);
                odd_edge |=
                    f.first().is_some_and(|b| *b >= 0x80) || f.last().is_some_and(|b| *b >= 0x80);
                f
            }
            _ => &b""[..],
        };
        let Some(indicator) = part
            .campaign
            .indicators
            .iter()
            .position(|i| i.id.as_bytes() == field(Some(cols.indicator)))
        else {
            return false;
        };
        let Ok(value_text) = std::str::from_utf8(field(Some(cols.value))) else {
            return false;
        };
        if value_text.is_empty() {
            return false;
        }
        let info = &part.campaign.indicators[indicator];
        let Ok(value) = number::parse(value_text, part.options.locale, info.unit.is_percent())
        else {
            return false;
        };
        let period = field(cols.period);
        let span = if period.is_empty() {
            part.campaign.span
        } else {
            match cached(&mut self.caches.periods, period, |p| {
                std::str::from_utf8(p)
                    .ok()
                    .and_then(|t| Span::parse(t).ok())
            }) {
                Some(span) => span,
                None => return false,
            }
        };
        if !part.campaign.span.contains(&span) || part.options.as_of.is_some_and(|d| span.end > d) {
            return false;
        }
        let unit = field(cols.unit);
        let value = if unit.is_empty() {
            value
        } else {
            if self.caches.units.len() <= indicator {
                self.caches
                    .units
                    .resize_with(indicator + 1, FxHashMap::default);
            }
            let factor = cached(&mut self.caches.units[indicator], unit, |u| {
                std::str::from_utf8(u)
                    .ok()
                    .and_then(|u| crate::unit::Unit::parse(u).ok())
                    .and_then(|u| u.factor_to(&info.unit).ok())
            });
            match factor {
                Some(f) if f == Decimal::ONE => value,
                Some(f) => match value.checked_mul(f) {
                    Some(v) => v,
                    None => return false,
                },
                None => return false,
            }
        };
        let (entity_bytes, source_bytes) = (field(cols.entity), field(cols.source));
        if odd_edge {
            return false;
        }
        let (Some(entity), Some(source)) = (
            self.caches.text(entity_bytes),
            self.caches.text(source_bytes),
        ) else {
            return false;
        };
        part.latest_end = Some(part.latest_end.map_or(span.end, |e| e.max(span.end)));
        let (entity, source) = (&self.caches.texts[entity], &self.caches.texts[source]);
        part.targets[indicator].add(entity, span, value, row, part.seq, source);
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
        if let Some(found) = self.names.get(bytes) {
            return Some(*found as usize);
        }
        if self.names.len() >= CACHE_LIMIT {
            return None;
        }
        let text = std::str::from_utf8(bytes).ok()?;
        self.texts.push(crate::text::nfc(text).into_owned());
        let index = self.texts.len() - 1;
        self.names.insert(bytes.to_vec(), index as u32);
        Some(index)
    }
}

/// A cached lookup by bytes; beyond [`CACHE_LIMIT`] keys, computed each time.
fn cached<V: Clone>(
    cache: &mut FxHashMap<Vec<u8>, V>,
    key: &[u8],
    compute: impl FnOnce(&[u8]) -> V,
) -> V {
    if let Some(v) = cache.get(key) {
        return v.clone();
    }
    let v = compute(key);
    if cache.len() < CACHE_LIMIT {
        cache.insert(key.to_vec(), v.clone());
    }
    v
}
