//! Records → folded rows, by key. The rest of a record but its value —
//! indicator, period, entity, unit, source, all at once — is a key. A key
//! is resolved once per reader by the row rules (`rows.rs`): its target,
//! span, unit factor and NFC names; it is found again by a hash of eight
//! overlapping words and a comparison of them ([`Slots`]), beside its
//! running exact total ([`Tally`]). A value is read straight into a
//! mantissa and a scale; `sum` and `mean` keys add integers and make one
//! `Decimal` at the end, the other aggregates take each value in order.
//! A record whose key does not resolve, or that is not plain, goes through
//! the row rules one by one ([`State::row`]), so every path gives the same
//! figures, ledger and messages. A reader ([`Ranged`]) keeps its names
//! (entities, sources) from block to block and hands each block's part
//! only the names it added.

use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};

use hashbrown::HashTable;
use rust_decimal::Decimal;

use super::acc::{MAX_MANTISSA, MAX_SCALE, Total};
use super::blocks::{CHUNK, FileBlock, MAX_FIELDS, Positioned, Unread};
use super::bytemap::ByteMap;
use super::lines::{
    Over, Quotes, blank_record, field, ones, quoted_value, record_end, record_follows,
    split_quoted, trim_cr, unicode_edge, unquote, value_bounds_from_end, word_at, zero_bytes,
};
use super::records::{Fields, Record, Records};
use super::{Columns, MAX_LINE, RowRef, Span, State, blank, order};
use crate::error::Diagnostic;
use crate::number;

/// The most distinct keys a cache holds (entity and source texts,
/// periods, units); beyond that, lookups are computed each time, so that a
/// column of unique values cannot grow memory without bound. A text costs
/// about 100 bytes, so a thread's caches stay within about 25 MiB; 10,000
/// communes × their sources fit many times over (4,096 did not, and every
/// row of such a file took the slow path).
pub(super) const CACHE_LIMIT: usize = 1 << 18;

/// The most line keys (a line without its value) a thread resolves; lines
/// with further keys take the per-field path. A key costs about 200 bytes
/// beside its text, so a full table is about 7 MiB a thread. Daily rows
/// (7 indicators × 336 days × 8 entities: 18,816 keys) fit; with 8,192
/// they took the per-field path, 10 M rows in 1.07 s instead of 0.47 s.
pub(super) const SLOT_LIMIT: usize = if cfg!(test) { 64 } else { 1 << 15 };

/// The longest line key kept; a longer one takes the per-field path, so that
/// the keys of a thread stay within `SLOT_LIMIT × KEY_LIMIT` bytes.
pub(super) const KEY_LIMIT: usize = 512;

// A record keyed by the columns it reads ([`Ranged::record_sparse`]) has at
// most MAX_FIELDS fields, each named by a bit of [`Columns`]' `unread`.
const _: () = assert!(MAX_FIELDS <= 64);

/// Lookups keyed by the bytes as written, so that the 10-millionth
/// `2022-07` costs a hash, not a parse.
#[derive(Default)]
pub(super) struct Caches {
    pub(super) periods: ByteMap<Option<Span>>,
    /// Per indicator: unit text → factor to the indicator's unit.
    pub(super) units: Vec<ByteMap<Option<Decimal>>>,
    /// Entity and source text → its index in `texts` (NFC).
    pub(super) names: ByteMap<u32>,
    pub(super) texts: Vec<String>,
}

/// One thread's reader of one byte range.
pub(super) struct Ranged<'a> {
    /// What the current block's rows add up to.
    pub(super) part: State<'a>,
    pub(super) file: u32,
    pub(super) delimiter: u8,
    pub(super) columns: Columns,
    pub(super) width: usize,
    pub(super) caches: Caches,
    pub(super) record: csv::ByteRecord,
    /// A field being unquoted.
    pub(super) scratch: Vec<u8>,
    /// The line keys met so far.
    pub(super) slots: Slots,
    /// Values waiting to be added ([`Self::defer`]).
    pub(super) pending: Vec<Pending>,
    /// Per text of `caches.texts`, its id in the reader's names, which
    /// go on from part to part (`u32::MAX` until the reader meets it).
    pub(super) part_ids: Vec<u32>,
    /// Whether lines are looked up by their key (see [`Self::miss_rate`]),
    /// and the lookups and hits in a full table so far.
    pub(super) keyed: bool,
    pub(super) full_lookups: u32,
    pub(super) full_hits: u32,
    /// Whether lines may be folded without the per-row ledger.
    pub(super) plain_rows: bool,
    /// Whether records are looked up by the columns attain reads only (the
    /// header has others: a document number, a timestamp, a note), and
    /// the key so made.
    pub(super) sparse: bool,
    pub(super) sparse_key: Vec<u8>,
    /// Newlines passed (for the next range's line numbers).
    pub(super) lines: u64,
    /// Data rows read.
    pub(super) rows: u64,
    /// Whether a record over lines (a quoted value holding a line break) is
    /// read here: by a file's threads, whose blocks [`read_file`] checks
    /// start on a record, and by a stream's, whose blocks are cut where the
    /// quotes before are even (one cut inside a record leaves a quote open
    /// at its block's end, and the csv reader takes over from there).
    pub(super) spans: bool,
    /// Whether the input is a stream, which cannot be read again: what a
    /// file's reader leaves to a second reading (a record over lines longer
    /// than [`MAX_LINE`], one whose value swallowed a delimiter after a
    /// line break) a stream's hands to the csv reader at once.
    pub(super) stream: bool,
    /// With `stream`: whether the bytes read are the input's last (a
    /// stream's threads are told with each block; on one thread it is not
    /// known, and taken to be so). A record whose value swallowed a
    /// delimiter after a line break and that only blank bytes follow there
    /// may be the input's last record, which the csv reader calls an
    /// unterminated quote: such a record goes to it.
    pub(super) at_end: bool,
    /// With `spans`: the offset from which records are the next block's,
    /// whether a line starting there was reached, and where the last
    /// record read ends (past the block when that record runs over its end).
    pub(super) stop_at: u64,
    pub(super) stopped: bool,
    pub(super) ended_at: u64,
    /// Where the last record read whose value over lines has a delimiter
    /// after a line break ends: a stray quote may have swallowed rows,
    /// which is an error when no record follows it in the file.
    pub(super) swallowed_end: Option<u64>,
    /// [`Records`]' masks, kept for the next buffer.
    pub(super) masks: Vec<bytemask::Masks>,
    /// This reader's number among all readers, and how many of its
    /// names (`part.names`, kept from part to part) it has handed on.
    pub(super) reader: u32,
    pub(super) names_handed: usize,
}

/// The next reader's number.
pub(super) static READERS: AtomicU32 = AtomicU32::new(0);

impl<'a> Ranged<'a> {
    /// A reader of `file`'s lines into `part`.
    pub(super) fn new(
        part: State<'a>,
        file: u32,
        delimiter: u8,
        columns: Columns,
        width: usize,
    ) -> Self {
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
            sparse: columns.unread != 0 && width <= MAX_FIELDS,
            sparse_key: Vec::new(),
            lines: 0,
            rows: 0,
            spans: false,
            stream: false,
            at_end: true,
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
    pub(super) fn fresh(&self) -> Self {
        let mut fresh = Ranged::new(
            self.part.sibling(),
            self.file,
            self.delimiter,
            self.columns,
            self.width,
        );
        fresh.spans = self.spans;
        fresh.stream = self.stream;
        fresh.at_end = self.at_end;
        fresh
    }

    /// Read the bytes `from..to` of the input with `read(buffer, offset)`
    /// and fold their lines. Stops early, with what it has not folded, at
    /// a quote or a lone `\r`, or when `stop` is raised by another thread;
    /// `Err(None)` when reading fails.
    pub(super) fn run(
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
                    if self.stream {
                        return Err(Some(Unread {
                            at: buf_at,
                            bytes: buf,
                        }));
                    }
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
            if self.spans && memchr::memchr(b'\n', &buf).is_some() {
                // A record over lines, the input's last, that no line
                // break ends: read as if one did, with the warning.
                buf.push(b'\n');
                let read = self.scan_lines(&buf, buf_at);
                buf.pop();
                return match read {
                    Ok(_) => {
                        self.lines -= 1; // no newline ended it
                        Ok(())
                    }
                    Err(start) => Err(Some(Unread {
                        at: buf_at + start as u64,
                        bytes: buf.split_off(start),
                    })),
                };
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
    pub(super) fn scan(&mut self, bytes: &[u8], base: u64) -> Result<usize, usize> {
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
            if self.plain_rows && self.keyed && self.sparse {
                self.record_sparse(bytes, &record, &records, base);
            } else if self.plain_rows && self.keyed {
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
    pub(super) fn record(&mut self, bytes: &[u8], record: &Record, base: u64) {
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

    /// A regular record of a file with columns attain does not read,
    /// looked up by a key made of the columns it reads: the record with
    /// every other field emptied. A document number or a timestamp on
    /// every row would otherwise make every line's key new. The fields
    /// left out must still be UTF-8 (SPEC §3); a record with one that is
    /// not, or of the wrong field count, is read field by field.
    #[inline]
    pub(super) fn record_sparse(
        &mut self,
        bytes: &[u8],
        record: &Record,
        records: &Records,
        base: u64,
    ) {
        let mut fields = Fields::default();
        if !records.fields(record, &mut fields) {
            return self.record_fields(bytes, record, records, base);
        }
        if record.end == record.start || fields.count != self.width {
            return self.record_split(bytes, record, &fields, base);
        }
        let line = &bytes[record.start..record.end];
        let mut key = std::mem::take(&mut self.sparse_key);
        key.clear();
        let mut value = (0, 0);
        let mut from = 0;
        for (i, &to) in fields.ends[..fields.count].iter().enumerate() {
            if i > 0 {
                key.push(self.delimiter);
            }
            let field = &line[from..to];
            from = to + 1;
            if self.columns.unread & (1 << i) != 0 {
                if !field.is_ascii() && std::str::from_utf8(field).is_err() {
                    self.sparse_key = key;
                    return self.record_split(bytes, record, &fields, base);
                }
                continue;
            }
            if i == self.columns.value {
                value = (key.len(), key.len() + field.len());
                // A regular record's quoted field is `"…"`, quotes at both ends.
                if record.quoted && field.first() == Some(&b'"') {
                    value = (value.0 + 1, value.1 - 1);
                }
            }
            key.extend_from_slice(field);
        }
        let offset = base + record.start as u64;
        let real = &bytes[record.start..record.at];
        self.fold_in(&key, (0, key.len()), value, offset, real, true);
        self.sparse_key = key;
    }

    /// A regular record that is not looked up by its key, read field by
    /// field as [`Self::line`] reads a line, with the fields [`Records`]
    /// finds.
    #[inline(never)]
    pub(super) fn record_fields(
        &mut self,
        bytes: &[u8],
        record: &Record,
        records: &Records,
        base: u64,
    ) {
        let mut fields = Fields::default();
        if !records.fields(record, &mut fields) {
            return self.line(&bytes[record.start..record.at], base + record.start as u64);
        }
        self.record_split(bytes, record, &fields, base);
    }

    /// [`Self::record_fields`] of a record whose fields are found. Not
    /// inlined: [`Self::record_sparse`], inlined in the record loop, calls
    /// it on its rare paths only.
    #[inline(never)]
    pub(super) fn record_split(
        &mut self,
        bytes: &[u8],
        record: &Record,
        fields: &Fields,
        base: u64,
    ) {
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
    pub(super) fn scan_lines(&mut self, bytes: &[u8], base: u64) -> Result<usize, usize> {
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
    pub(super) fn record_over_lines(
        &mut self,
        bytes: &[u8],
        start: usize,
        base: u64,
    ) -> Option<Over> {
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
            // The csv reader calls it an unterminated quote when nothing but
            // blank records follows: a file's merge checks that at the end; a
            // stream, which cannot be read again, leaves such a record in
            // hand to the csv reader when only blank lines follow it to the
            // input's end, or a line with a quote comes first.
            let follows = record_follows(bytes.get(end + 1..).unwrap_or_default(), delimiter);
            let judged_here = match follows {
                Some(more) => more || !self.at_end,
                None => false,
            };
            if self.record.len() != self.width || (self.stream && !judged_here) {
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
            let warning = Diagnostic::warning(Some(loc), super::multiline_value(0, spanned));
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
    pub(super) fn quoted_line(
        &mut self,
        bytes: &[u8],
        (start, at): (usize, usize),
        base: u64,
    ) -> bool {
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
    pub(super) fn end_line(&mut self, bytes: &[u8], start: usize, at: usize, base: u64) {
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
    pub(super) fn fold(
        &mut self,
        bytes: &[u8],
        (start, end): (usize, usize),
        value: (usize, usize),
        offset: u64,
        at: usize,
        any_key: bool,
    ) -> bool {
        self.fold_in(
            bytes,
            (start, end),
            value,
            offset,
            &bytes[start..at],
            any_key,
        )
    }

    /// [`Self::fold`] of a key in `bytes` (the line itself, or a key made
    /// of some of its fields) whose line is `line`, read in full when the
    /// key cannot be folded.
    #[inline]
    pub(super) fn fold_in(
        &mut self,
        bytes: &[u8],
        (start, end): (usize, usize),
        (value_start, value_end): (usize, usize),
        offset: u64,
        line: &[u8],
        any_key: bool,
    ) -> bool {
        let (prefix, suffix) = ((start, value_start), (value_end, end));
        let Some((mantissa, scale)) =
            number::read_plain(&bytes[value_start..value_end], self.part.options.locale)
        else {
            if any_key {
                self.line(line, offset);
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
                    self.line(line, offset);
                    return true;
                }
            },
        };
        let at_line = self.lines + 1;
        let seq = order(self.file, offset);
        let folded = match self.slots.keys[index].how {
            How::Full => false,
            How::Sum => self.slots.keys[index]
                .tally
                .add(mantissa, scale, at_line, seq),
            How::Each => self.each(index, mantissa, scale, at_line, seq),
        };
        if folded {
            self.lines += 1;
            self.rows += 1;
            self.part.ledger.read += 1;
        } else if any_key {
            self.line(line, offset);
        }
        folded || any_key
    }

    /// Count a lookup in a full key table; when most of a window of them
    /// miss (a file of far more keys than the table holds, such as 10,000
    /// communes × 30 targets × 12 months), lines stop being looked up by
    /// their key and take the per-field path straight away, which is then
    /// the faster one.
    pub(super) fn miss_rate(&mut self, hit: bool) {
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
    pub(super) fn value_bounds(
        &self,
        bytes: &[u8],
        start: usize,
        end: usize,
    ) -> Option<(usize, usize)> {
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
    pub(super) fn each(
        &mut self,
        index: usize,
        mantissa: i64,
        scale: u32,
        line: u64,
        seq: u64,
    ) -> bool {
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
    pub(super) fn defer(&mut self, key: Key, value: Decimal, row: RowRef, seq: u64) {
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
    pub(super) fn settle(&mut self) {
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
    pub(super) fn name_id(&mut self, text: usize) -> u32 {
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
    pub(super) fn keeps(&self, index: usize) -> bool {
        let part = &self.part;
        part.options
            .keep_rows
            .keeps(&part.campaign.indicators[index].id)
    }

    /// Read the block `from..to` of a file (records starting in it, the
    /// last one to its end) into a part of its own.
    pub(super) fn block(
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
    pub(super) fn take_part(&mut self, mut fresh: State<'a>) -> State<'a> {
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
    pub(super) fn new_slot(
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
    pub(super) fn flush(&mut self) {
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
    pub(super) fn line(&mut self, line: &[u8], offset: u64) {
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
    pub(super) fn next_row(&mut self, offset: u64) -> RowRef {
        self.lines += 1;
        self.rows += 1;
        self.part.ledger.read += 1;
        self.part.seq = order(self.file, offset);
        RowRef {
            file: self.file,
            line: self.lines,
        }
    }

    /// [`Self::line`] for a line whose bytes are not blank, without its line end,
    /// split at `ends` into `count` fields.
    pub(super) fn split_line(
        &mut self,
        line: &[u8],
        offset: u64,
        (count, quotes): (usize, Quotes),
        ends: &[usize; MAX_FIELDS],
    ) {
        if count == 1
            && quotes != Quotes::None
            && blank_record(line, self.delimiter, &mut self.record, &mut self.scratch)
        {
            self.lines += 1;
            return; // `""` alone: a blank line, as the csv reader skips it
        }
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
    pub(super) fn plain(&mut self, line: &[u8], ends: &[usize], row: RowRef) -> bool {
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
    pub(super) fn resolve(&mut self, line: &[u8], ends: &[usize]) -> Option<Key> {
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

/// A line key as eight words, six for the bytes before the value and two
/// for those after: overlapping loads that cover every byte of a part up to
/// [`PREFIX_COVER`] and [`SUFFIX_COVER`] bytes long (a longer part is also
/// compared byte by byte). Most layouts put the value after indicator,
/// period and entity, so the part before it is the longer one.
pub(super) type Words = [u64; 8];

/// The longest parts before and after the value that [`Words`] cover whole.
pub(super) const PREFIX_COVER: usize = 48;
pub(super) const SUFFIX_COVER: usize = 16;

#[inline]
pub(super) fn key_words(bytes: &[u8], prefix: (usize, usize), suffix: (usize, usize)) -> Words {
    let mut words = [0u64; 8];
    part_words(bytes, prefix, &mut words[..6]);
    part_words(bytes, suffix, &mut words[6..]);
    words
}

/// `out.len()` words for `bytes[from..to]`: the part itself when it is at
/// most 8 bytes, else loads from both ends towards the middle, each within
/// the part (they overlap when it is short).
#[inline]
pub(super) fn part_words(bytes: &[u8], (from, to): (usize, usize), out: &mut [u64]) {
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
pub(super) fn words_hash(words: &Words, prefix: usize, suffix: usize) -> u64 {
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
pub(super) fn word_in(bytes: &[u8], at: usize, end: usize) -> u64 {
    word_at(bytes, at) & mask(end - at)
}

/// A word's first `left` bytes (all eight from 8 on).
#[inline]
pub(super) fn mask(left: usize) -> u64 {
    if left < 8 {
        (1u64 << (left * 8)) - 1
    } else {
        u64::MAX
    }
}

/// The values [`Ranged::defer`] holds before adding them.
pub(super) const BATCH: usize = 16;

/// A row's value on its way to its target's group.
pub(super) struct Pending {
    pub(super) hash: u64,
    pub(super) indicator: usize,
    pub(super) entity: u32,
    pub(super) source: u32,
    pub(super) span: Span,
    pub(super) value: Decimal,
    pub(super) row: RowRef,
    pub(super) seq: u64,
}

/// A line key's resolution, shared by every line with the same bytes
/// around the value.
#[derive(Clone, Copy)]
pub(super) struct Key {
    pub(super) indicator: usize,
    pub(super) span: Span,
    /// The unit factor to the target's unit; None for none (or exactly 1).
    pub(super) factor: Option<Decimal>,
    /// Entity and source: indexes into [`Caches::texts`].
    pub(super) entity: usize,
    pub(super) source: usize,
}

/// The line keys (a line without its value) a thread has met: a hash
/// index, the keys' bytes one after another, and per key what to do with
/// its values. What every line touches is kept small and together.
#[derive(Default)]
pub(super) struct Slots {
    pub(super) table: HashTable<u32>,
    pub(super) bytes: Vec<u8>,
    pub(super) keys: Vec<KeyAt>,
    /// None for a key that does not resolve.
    pub(super) resolved: Vec<Option<Key>>,
}

/// Where a key's bytes are in [`Slots::bytes`]: the bytes before the
/// value, then those after it.
pub(super) struct KeyAt {
    pub(super) at: u32,
    pub(super) prefix: u32,
    pub(super) len: u32,
    pub(super) how: How,
    /// The key's [`Words`], compared before (and mostly instead of) its
    /// bytes.
    pub(super) words: Words,
    /// Its values so far (for [`How::Sum`]), beside the words a lookup has
    /// just read.
    pub(super) tally: Tally,
}

/// What to do with the values of a key.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum How {
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
    pub(super) fn find(
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

    pub(super) fn insert(
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
pub(super) struct Tally {
    pub(super) total: Total,
    pub(super) count: u64,
    pub(super) factor: i64,
    pub(super) factor_scale: u32,
    pub(super) first_line: u64,
    pub(super) last_line: u64,
    pub(super) last_seq: u64,
}

impl Tally {
    /// Add `mantissa × 10^-scale` times the factor, as a `Decimal` product
    /// would be; false, leaving the tally as it was, when the product or the
    /// sum is not exact (the row then takes the `Decimal` path).
    #[inline]
    pub(super) fn add(&mut self, mantissa: i64, scale: u32, line: u64, seq: u64) -> bool {
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
    pub(super) fn text(&mut self, bytes: &[u8]) -> Option<usize> {
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
pub(super) fn cached<V: Clone>(
    cache: &mut ByteMap<V>,
    key: &[u8],
    compute: impl FnOnce(&[u8]) -> V,
) -> V {
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
