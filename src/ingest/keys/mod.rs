//! Records → folded rows, by key. The rest of a record but its value —
//! indicator, period, entity, unit, source, all at once — is a key. A key
//! is resolved once per reader by the row rules (`rows.rs`): its target,
//! span, unit factor and NFC names; it is found again by a hash of eight
//! overlapping words and a comparison of them ([`Slots`]), beside its
//! running exact total ([`Tally`](slots::Tally)). A value is read straight into a
//! mantissa and a scale; `sum` and `mean` keys add integers and make one
//! `Decimal` at the end, the other aggregates take each value in order.
//! A record whose key does not resolve, or that is not plain, goes through
//! the row rules one by one ([`State::row`]), so every path gives the same
//! figures, ledger and messages. A reader ([`Ranged`]) keeps its names
//! (entities, sources) from block to block and hands each block's part
//! only the names it added.

use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};

use rust_decimal::Decimal;

use super::blocks::{CHUNK, FileBlock, MAX_FIELDS, Positioned, Unread};
use super::bytemap::ByteMap;
use super::lines::{Quotes, split_quoted};
use super::{Columns, MAX_LINE, RowRef, Span, State};

mod fields;
mod fold;
mod scan;
mod slots;

use slots::{BATCH, Pending, Slots};
pub(super) use slots::{same_bytes, word_in};

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
    /// [`Records`](super::records::Records)' masks, kept for the next buffer.
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
}
