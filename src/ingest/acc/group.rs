//! One (target, entity, span) folded: the 40-byte [`Group`] every aggregate
//! needs, with its first row packed into one word, and the [`Extra`] beside
//! it for what only some aggregates or keys need.

use rust_decimal::Decimal;

use super::*;
use crate::ingest::RowRef;
use crate::period::Span;

/// Two rows of one span with different values: (earlier row, its value,
/// later row, its value).
pub(in crate::ingest) type Tie = (RowRef, Decimal, RowRef, Decimal);

/// No [`Extra`].
pub(super) const NONE: u32 = u32::MAX;

/// The rows of one (target, entity, span), folded: what every aggregate
/// needs, packed into 40 bytes. The total's magnitude is one word, its
/// scale and sign a byte beside the row count; a magnitude beyond 64 bits
/// (a `Decimal` holds 96) moves to the extra ([`WIDE`]). The first row is
/// its file and line in one word ([`FILE_BITS`]).
#[derive(Debug, Clone, Copy)]
pub(in crate::ingest) struct Group {
    pub(in crate::ingest) entity: u32,
    pub(super) extra: u32,
    pub(in crate::ingest) span: Span,
    /// The total's magnitude, when it fits 64 bits (else [`WIDE`]).
    pub(super) low: u64,
    /// The first row: file << LINE_BITS | line.
    pub(super) first: u64,
    /// The row count << 8, and in the low byte the total's scale, its
    /// sign ([`NEGATIVE`]) and whether it is kept in the extra ([`WIDE`]).
    pub(super) count: u64,
}

/// A group's first row packs its file's index into this many bits and its
/// line into the rest: a million files (more than a command line holds),
/// and 17 trillion lines in one file (more than any disk holds). Inputs
/// beyond the million are refused ([`MAX_FILES`]).
pub(super) const FILE_BITS: u32 = 20;
pub(super) const LINE_BITS: u32 = 64 - FILE_BITS;

/// The most actuals files one run reads.
pub(crate) const MAX_FILES: usize = 1 << FILE_BITS;

/// The low byte of [`Group::count`]: the total's scale (0 to 28), its
/// sign, and whether its magnitude is too wide for [`Group::low`] (beyond
/// 2^64, then the total is [`Extra::wide`]: rare, since it takes values
/// summing past 18 quintillion units of their last decimal).
pub(super) const SCALE: u64 = 0x1f;
pub(super) const NEGATIVE: u64 = 0x20;
pub(super) const WIDE: u64 = 0x40;
pub(super) const COUNT_SHIFT: u32 = 8;

pub(super) fn pack(row: RowRef) -> u64 {
    debug_assert!((row.file as usize) < MAX_FILES && row.line < 1 << LINE_BITS);
    (u64::from(row.file) << LINE_BITS) | (row.line & ((1 << LINE_BITS) - 1))
}

/// What a group holds beyond the total, the count and the first row.
#[derive(Debug, Clone)]
pub(in crate::ingest) struct Extra {
    pub(in crate::ingest) min: Decimal,
    pub(in crate::ingest) max: Decimal,
    /// The first row's value, to join groups read by different threads.
    pub(in crate::ingest) first: Decimal,
    /// The latest row in input order, for `last`.
    pub(in crate::ingest) last: Decimal,
    pub(in crate::ingest) last_seq: u64,
    pub(in crate::ingest) last_row: RowRef,
    /// A row of this span whose value differs from an earlier one (for the
    /// `last` tie warning). Boxed: rare.
    pub(in crate::ingest) tie: Option<Box<Tie>>,
    /// Distinct sources (ids in [`Names`]) with the row each first appears
    /// on, in that order; the first [`MAX_SOURCES`].
    pub(in crate::ingest) sources: Vec<(u32, RowRef)>,
    /// The earliest row at which the sum no longer fitted, if it did not.
    pub(in crate::ingest) overflow: Option<RowRef>,
    /// The group's total when its magnitude is beyond 64 bits ([`WIDE`]).
    pub(super) wide: Decimal,
}

pub(in crate::ingest) const MAX_SOURCES: usize = 8;

/// Where a row stands in the input: its file, then its line.
pub(in crate::ingest) fn line_order(row: RowRef) -> (u32, u64) {
    (row.file, row.line)
}

impl Group {
    /// A group of `rows` rows whose total is zero until set
    /// ([`TargetAcc::set_total`]).
    pub(super) fn new(entity: u32, span: Span, rows: u64, first_row: RowRef) -> Group {
        Group {
            entity,
            extra: NONE,
            span,
            low: 0,
            first: pack(first_row),
            count: rows << COUNT_SHIFT,
        }
    }

    pub(in crate::ingest) fn rows(&self) -> u64 {
        self.count >> COUNT_SHIFT
    }

    /// Count `rows` more; false, leaving the count, past 2^56 rows in
    /// all (a file of grouped rows, each standing for up to 2^32, can say
    /// so): the group is then an overflow, as a sum too large is.
    #[must_use]
    pub(super) fn add_rows(&mut self, rows: u64) -> bool {
        let fits = self
            .rows()
            .checked_add(rows)
            .is_some_and(|n| n < 1 << (64 - COUNT_SHIFT));
        if fits {
            self.count += rows << COUNT_SHIFT;
        }
        fits
    }

    /// The total, unless it is too wide to be kept here.
    pub(super) fn narrow_total(&self) -> Option<Total> {
        if self.count & WIDE != 0 {
            return None;
        }
        let magnitude = i128::from(self.low);
        Some(Total {
            mantissa: if self.count & NEGATIVE != 0 {
                -magnitude
            } else {
                magnitude
            },
            scale: (self.count & SCALE) as u32,
        })
    }

    pub(in crate::ingest) fn first_row(&self) -> RowRef {
        RowRef {
            file: (self.first >> LINE_BITS) as u32,
            line: self.first & ((1 << LINE_BITS) - 1),
        }
    }

    /// The first row moved `lines` lines down (a part read apart).
    pub(super) fn shift(&mut self, lines: u64) {
        let mut row = self.first_row();
        row.line += lines;
        self.first = pack(row);
    }
}

impl Extra {
    pub(super) fn of(value: Decimal, row: RowRef, seq: u64) -> Extra {
        Extra {
            min: value,
            max: value,
            first: value,
            last: value,
            last_seq: seq,
            last_row: row,
            tie: None,
            sources: Vec::new(),
            overflow: None,
            wide: Decimal::ZERO,
        }
    }

    /// Note that the sum no longer fits from `row` on (the earliest such
    /// row is kept).
    pub(super) fn overflowed(&mut self, row: RowRef) {
        self.overflow = Some(match self.overflow {
            Some(o) if line_order(o) <= line_order(row) => o,
            _ => row,
        });
    }

    /// Add a source first met at `row`, unless known or the list is full.
    pub(super) fn add_source(&mut self, source: u32, row: RowRef) {
        if self.sources.len() < MAX_SOURCES && !self.sources.iter().any(|(s, _)| *s == source) {
            self.sources.push((source, row));
        }
    }

    /// Join `later` (rows after these, in input order, the first of them
    /// at `later_first_row`), as if both had been read in one pass.
    pub(super) fn join(&mut self, later: Extra, later_first_row: RowRef) {
        if let Some(row) = later.overflow {
            self.overflowed(row);
        }
        self.min = self.min.min(later.min);
        self.max = self.max.max(later.max);
        // The latest pair of differing values: inside the later group, else
        // where the later group's (equal) values begin.
        self.tie = later.tie.or(if self.last != later.first {
            Some(Box::new((
                self.last_row,
                self.last,
                later_first_row,
                later.first,
            )))
        } else {
            self.tie.take()
        });
        self.last = later.last;
        self.last_seq = later.last_seq;
        self.last_row = later.last_row;
        self.join_sources(later.sources);
    }

    /// The union of two source lists, each in first-appearance order: the
    /// first [`MAX_SOURCES`] in input order, whichever list holds them.
    pub(super) fn join_sources(&mut self, other: Vec<(u32, RowRef)>) {
        for (source, row) in other {
            match self.sources.iter_mut().find(|(s, _)| *s == source) {
                Some((_, first)) => {
                    if line_order(row) < line_order(*first) {
                        *first = row;
                    }
                }
                None => self.sources.push((source, row)),
            }
        }
        self.sources.sort_by_key(|(_, row)| line_order(*row));
        self.sources.truncate(MAX_SOURCES);
    }

    /// Move every row reference `lines` lines down, and the sources to the
    /// ids of the state joined into.
    pub(super) fn shift(&mut self, lines: u64, remap: &[u32]) {
        self.last_row.line += lines;
        for (source, row) in &mut self.sources {
            row.line += lines;
            *source = remap[*source as usize];
        }
        if let Some((a, _, b, _)) = self.tie.as_deref_mut() {
            a.line += lines;
            b.line += lines;
        }
        if let Some(row) = &mut self.overflow {
            row.line += lines;
        }
    }
}
