//! The accumulators: what the rows of one target add up to, per (entity,
//! span), in as little memory as the aggregate allows.
//!
//! A key is a few small integers — the entity's id in the state's
//! [`Names`] and the span — and its [`Group`] holds what every aggregate
//! needs: the exact total, the row count and the first row (40 bytes). What
//! only some aggregates need — the extremes, the first and last values in
//! input order, the tie between two values, the sources, the row where a
//! sum overflowed, a total beyond 64 bits — is an [`Extra`] beside it, made
//! for every key of a `last`, `min` or `max` target and, for `sum` and
//! `mean`, only for a key that needs one. The keys are found through a
//! [`GroupIndex`] (a `u32` and a tag byte per slot, at most 7/8 full), so a
//! `sum` key of a file with millions of them costs 46 to 52 bytes.
//!
//! Parts read apart (a thread's block, a stream's block) are joined in
//! input order with [`TargetAcc::join`]; the fast path's per-key tallies,
//! whose rows interleave with the others of their block, come in with
//! [`TargetAcc::merge_sum`]. Either way the figures are those of one pass
//! in order.

use std::collections::HashMap;

use rust_decimal::Decimal;
use rustc_hash::FxBuildHasher;
use std::hash::BuildHasher;

use super::RowRef;
use super::bytemap::ByteMap;
use super::lines::zero_bytes;
use crate::campaign::Aggregate;
use crate::period::Span;

/// The entity and source texts of a state, each once, by a small id; id 0
/// is the empty text (the whole campaign, no source). The texts are kept
/// one after another in one string, and found by their bytes in a
/// [`ByteMap`]: a part read apart meets every name of its block again, so
/// a name costs no allocation of its own.
pub(super) struct Names {
    ids: ByteMap<u32>,
    text: String,
    /// Where each id's text ends in `text` (it starts where the last ends).
    ends: Vec<usize>,
}

/// The names a reader of the fast path added to its [`Names`] while it
/// read one part: the reader keeps its names from part to part, so that a
/// name costs a lookup once per reader, not once per block, and hands
/// each part only the texts of ids `first..`.
#[derive(Debug)]
pub(super) struct Added {
    pub(super) reader: u32,
    pub(super) first: usize,
    text: String,
    ends: Vec<usize>,
}

impl Added {
    /// The texts, in id order.
    pub(super) fn texts(&self) -> impl Iterator<Item = &str> {
        let mut start = 0;
        self.ends.iter().map(move |&end| {
            let text = &self.text[start..end];
            start = end;
            text
        })
    }
}

impl Default for Names {
    fn default() -> Self {
        let mut names = Names {
            ids: ByteMap::default(),
            text: String::new(),
            ends: Vec::new(),
        };
        names.id("");
        names
    }
}

impl Names {
    /// The id of `text`, added when new.
    pub(super) fn id(&mut self, text: &str) -> u32 {
        let hash = ByteMap::<u32>::hash(text.as_bytes());
        if let Some(&id) = self.ids.get(hash, text.as_bytes()) {
            return id;
        }
        let id = self.ends.len() as u32;
        self.text.push_str(text);
        self.ends.push(self.text.len());
        self.ids.insert(hash, text.as_bytes(), id);
        id
    }

    /// The number of texts.
    pub(super) fn len(&self) -> usize {
        self.ends.len()
    }

    /// Each id's rank in the order of the texts (the empty text first).
    pub(super) fn ranks(&self) -> Vec<u32> {
        let mut ids: Vec<u32> = (0..self.len() as u32).collect();
        ids.sort_unstable_by(|a, b| self.get(*a).cmp(self.get(*b)));
        let mut ranks = vec![0; ids.len()];
        for (rank, id) in ids.into_iter().enumerate() {
            ranks[id as usize] = rank as u32;
        }
        ranks
    }

    pub(super) fn get(&self, id: u32) -> &str {
        let id = id as usize;
        let start = if id == 0 { 0 } else { self.ends[id - 1] };
        &self.text[start..self.ends[id]]
    }

    /// What ids `first..` are, handed on by `reader` (see [`Added`]).
    pub(super) fn added(&self, reader: u32, first: usize) -> Added {
        let start = if first == 0 { 0 } else { self.ends[first - 1] };
        Added {
            reader,
            first,
            text: self.text[start..].to_string(),
            ends: self.ends[first..].iter().map(|e| e - start).collect(),
        }
    }

    /// For each of `other`'s ids, the id of the same text here (added when
    /// new): to join a part read apart.
    pub(super) fn remap(&mut self, other: &Names) -> Vec<u32> {
        (0..other.len() as u32)
            .map(|id| self.id(other.get(id)))
            .collect()
    }
}

/// An exact sum, `mantissa × 10^-scale`, kept within what a `Decimal`
/// holds (a 96-bit mantissa, 28 decimals) so that the `Decimal` made at the
/// end is exact. Every path sums this way, row by row or a thread's rows at
/// a time, so the result does not depend on the order: the exact total at
/// the largest scale of its values (`0.10 + 0.2` is `0.30`, `0.5 + -0.5` is
/// `0.0`, never `-0.0`). A sum that does not fit is an overflow, never
/// rounded.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct Total {
    pub(super) mantissa: i128,
    pub(super) scale: u32,
}

/// The largest mantissa a `Decimal` holds.
pub(super) const MAX_MANTISSA: i128 = (1 << 96) - 1;

/// The most decimals a `Decimal` holds.
pub(super) const MAX_SCALE: u32 = 28;

impl Total {
    pub(super) fn of(value: Decimal) -> Total {
        Total {
            mantissa: value.mantissa(),
            scale: value.scale(),
        }
    }

    /// Add `other`; false, leaving this total as it was, when the exact sum
    /// would not fit a `Decimal`.
    #[inline(always)]
    pub(super) fn add(&mut self, other: Total) -> bool {
        if self.scale == other.scale {
            return match self.mantissa.checked_add(other.mantissa) {
                Some(sum) if sum.abs() <= MAX_MANTISSA => {
                    self.mantissa = sum;
                    true
                }
                _ => false,
            };
        }
        self.add_rescaled(other)
    }

    /// [`Self::add`] for totals of different scales.
    fn add_rescaled(&mut self, other: Total) -> bool {
        let (mut a, mut b) = (self.mantissa, other.mantissa);
        let scale = self.scale.max(other.scale);
        let widen = |m: i128, from: u32| {
            10i128
                .checked_pow(scale - from)
                .and_then(|p| m.checked_mul(p))
        };
        if self.scale < scale {
            let Some(w) = widen(a, self.scale) else {
                return false;
            };
            a = w;
        }
        if other.scale < scale {
            let Some(w) = widen(b, other.scale) else {
                return false;
            };
            b = w;
        }
        match a.checked_add(b) {
            Some(sum) if sum.abs() <= MAX_MANTISSA && scale <= MAX_SCALE => {
                *self = Total {
                    mantissa: sum,
                    scale,
                };
                true
            }
            _ => false,
        }
    }

    /// The total as a `Decimal`; None only if it was built outside `add`.
    pub(super) fn decimal(self) -> Option<Decimal> {
        Decimal::try_from_i128_with_scale(self.mantissa, self.scale).ok()
    }
}

/// Two rows of one span with different values: (earlier row, its value,
/// later row, its value).
pub(super) type Tie = (RowRef, Decimal, RowRef, Decimal);

/// No [`Extra`].
const NONE: u32 = u32::MAX;

/// The rows of one (target, entity, span), folded: what every aggregate
/// needs, packed into 40 bytes. The total's magnitude is one word, its
/// scale and sign a byte beside the row count; a magnitude beyond 64 bits
/// (a `Decimal` holds 96) moves to the extra ([`WIDE`]). The first row is
/// its file and line in one word ([`FILE_BITS`]).
#[derive(Debug, Clone, Copy)]
pub(super) struct Group {
    pub(super) entity: u32,
    extra: u32,
    pub(super) span: Span,
    /// The total's magnitude, when it fits 64 bits (else [`WIDE`]).
    low: u64,
    /// The first row: file << LINE_BITS | line.
    first: u64,
    /// The row count << 8, and in the low byte the total's scale, its
    /// sign ([`NEGATIVE`]) and whether it is kept in the extra ([`WIDE`]).
    count: u64,
}

/// A group's first row packs its file's index into this many bits and its
/// line into the rest: a million files (more than a command line holds),
/// and 17 trillion lines in one file (more than any disk holds). Inputs
/// beyond the million are refused ([`MAX_FILES`]).
const FILE_BITS: u32 = 20;
const LINE_BITS: u32 = 64 - FILE_BITS;

/// The most actuals files one run reads.
pub(crate) const MAX_FILES: usize = 1 << FILE_BITS;

/// The low byte of [`Group::count`]: the total's scale (0 to 28), its
/// sign, and whether its magnitude is too wide for [`Group::low`] (beyond
/// 2^64, then the total is [`Extra::wide`]: rare, since it takes values
/// summing past 18 quintillion units of their last decimal).
const SCALE: u64 = 0x1f;
const NEGATIVE: u64 = 0x20;
const WIDE: u64 = 0x40;
const COUNT_SHIFT: u32 = 8;

fn pack(row: RowRef) -> u64 {
    debug_assert!((row.file as usize) < MAX_FILES && row.line < 1 << LINE_BITS);
    (u64::from(row.file) << LINE_BITS) | (row.line & ((1 << LINE_BITS) - 1))
}

/// What a group holds beyond the total, the count and the first row.
#[derive(Debug, Clone)]
pub(super) struct Extra {
    pub(super) min: Decimal,
    pub(super) max: Decimal,
    /// The first row's value, to join groups read by different threads.
    pub(super) first: Decimal,
    /// The latest row in input order, for `last`.
    pub(super) last: Decimal,
    pub(super) last_seq: u64,
    pub(super) last_row: RowRef,
    /// A row of this span whose value differs from an earlier one (for the
    /// `last` tie warning). Boxed: rare.
    pub(super) tie: Option<Box<Tie>>,
    /// Distinct sources (ids in [`Names`]) with the row each first appears
    /// on, in that order; the first [`MAX_SOURCES`].
    pub(super) sources: Vec<(u32, RowRef)>,
    /// The earliest row at which the sum no longer fitted, if it did not.
    pub(super) overflow: Option<RowRef>,
    /// The group's total when its magnitude is beyond 64 bits ([`WIDE`]).
    wide: Decimal,
}

pub(super) const MAX_SOURCES: usize = 8;

/// Where a row stands in the input: its file, then its line.
pub(super) fn line_order(row: RowRef) -> (u32, u64) {
    (row.file, row.line)
}

impl Group {
    /// A group of `rows` rows whose total is zero until set
    /// ([`TargetAcc::set_total`]).
    fn new(entity: u32, span: Span, rows: u64, first_row: RowRef) -> Group {
        Group {
            entity,
            extra: NONE,
            span,
            low: 0,
            first: pack(first_row),
            count: rows << COUNT_SHIFT,
        }
    }

    pub(super) fn rows(&self) -> u64 {
        self.count >> COUNT_SHIFT
    }

    fn add_rows(&mut self, rows: u64) {
        // 2^56 rows: more than any input holds.
        self.count += rows << COUNT_SHIFT;
    }

    /// The total, unless it is too wide to be kept here.
    fn narrow_total(&self) -> Option<Total> {
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

    pub(super) fn first_row(&self) -> RowRef {
        RowRef {
            file: (self.first >> LINE_BITS) as u32,
            line: self.first & ((1 << LINE_BITS) - 1),
        }
    }

    /// The first row moved `lines` lines down (a part read apart).
    fn shift(&mut self, lines: u64) {
        let mut row = self.first_row();
        row.line += lines;
        self.first = pack(row);
    }
}

impl Extra {
    fn of(value: Decimal, row: RowRef, seq: u64) -> Extra {
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
    fn overflowed(&mut self, row: RowRef) {
        self.overflow = Some(match self.overflow {
            Some(o) if line_order(o) <= line_order(row) => o,
            _ => row,
        });
    }

    /// Add a source first met at `row`, unless known or the list is full.
    fn add_source(&mut self, source: u32, row: RowRef) {
        if self.sources.len() < MAX_SOURCES && !self.sources.iter().any(|(s, _)| *s == source) {
            self.sources.push((source, row));
        }
    }

    /// Join `later` (rows after these, in input order, the first of them
    /// at `later_first_row`), as if both had been read in one pass.
    fn join(&mut self, later: Extra, later_first_row: RowRef) {
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
    fn join_sources(&mut self, other: Vec<(u32, RowRef)>) {
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
    fn shift(&mut self, lines: u64, remap: &[u32]) {
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

/// Where each group of a [`TargetAcc`] is, by the hash of its key: open
/// addressing over a byte of the hash per slot (0 for an empty one) and the
/// group's position, probed eight slots at a time (a word of tags compared
/// at once, as hashbrown does with SIMD), groups of eight visited in
/// triangular steps. Built here rather than taken from a hash map so that a
/// join can touch the slots of the keys it will look up next before it
/// needs them: with millions of keys every lookup misses the caches, and
/// waiting on one miss at a time was a quarter of the time of a file of
/// 10,000 communes. At most seven eighths full, so a key costs 5.7 to 11.4
/// bytes here.
#[derive(Debug, Default)]
struct GroupIndex {
    tags: Vec<u8>,
    slots: Vec<u32>,
    len: usize,
}

impl GroupIndex {
    fn tag(hash: u64) -> u8 {
        (hash >> 57) as u8 | 0x80
    }

    /// The eight tags from `pos` (a multiple of eight) as a word.
    #[inline]
    fn word(&self, pos: usize) -> u64 {
        self.tags
            .get(pos..pos + 8)
            .and_then(|t| <[u8; 8]>::try_from(t).ok())
            .map_or(0, u64::from_le_bytes)
    }

    /// The position of the group whose key has `hash` and satisfies `eq`,
    /// or the empty slot where it would go.
    #[inline]
    fn find(&self, hash: u64, eq: impl Fn(u32) -> bool) -> Result<u32, usize> {
        if self.tags.is_empty() {
            return Err(0);
        }
        let mask = self.tags.len() - 1;
        let pattern = u64::from(Self::tag(hash)) * 0x0101_0101_0101_0101;
        let mut pos = hash as usize & mask & !7;
        let mut stride = 0;
        loop {
            let word = self.word(pos);
            let mut hits = zero_bytes(word ^ pattern);
            while hits != 0 {
                let at = pos + (hits.trailing_zeros() / 8) as usize;
                if eq(self.slots[at]) {
                    return Ok(self.slots[at]);
                }
                hits &= hits - 1;
            }
            let empty = zero_bytes(word);
            if empty != 0 {
                return Err(pos + (empty.trailing_zeros() / 8) as usize);
            }
            // Never full: a free slot is always found.
            stride += 8;
            pos = (pos + stride) & mask;
        }
    }

    /// Ask for the first slots of `hash`, so that its lookup soon after
    /// finds them in the cache.
    #[inline]
    fn prefetch(&self, hash: u64) {
        let pos = hash as usize & self.tags.len().wrapping_sub(1) & !7;
        if let (Some(tag), Some(slot)) = (self.tags.get(pos), self.slots.get(pos)) {
            prefetch::prefetch(tag);
            prefetch::prefetch(slot);
        }
    }

    /// Whether one more key would make the index more than seven eighths
    /// full.
    fn full(&self) -> bool {
        (self.len + 1) * 8 > self.tags.len() * 7
    }

    /// Put group `at`, whose key has `hash`, in the empty slot `pos`.
    fn put(&mut self, pos: usize, hash: u64, at: usize) {
        self.tags[pos] = Self::tag(hash);
        self.slots[pos] = at as u32;
        self.len += 1;
    }

    /// Put group `at`, whose key has `hash` and is not here yet, in the
    /// first empty slot its probe meets.
    fn insert(&mut self, hash: u64, at: usize) {
        let pos = self.find(hash, |_| false).err().unwrap_or(0);
        self.put(pos, hash, at);
    }

    /// Double the slots (at least 16) and put back the groups, whose keys'
    /// hashes come in order of position.
    fn grow(&mut self, hashes: impl Iterator<Item = u64>) {
        self.rebuild((self.tags.len() * 2).max(16), hashes);
    }

    /// Make the index `size` slots (a power of two) with the groups whose
    /// keys' hashes come in order of position.
    fn rebuild(&mut self, size: usize, hashes: impl Iterator<Item = u64>) {
        self.tags = vec![0; size];
        self.slots = vec![0; size];
        self.len = 0;
        for (at, hash) in hashes.enumerate() {
            self.insert(hash, at);
        }
    }
}

/// The groups of one target.
#[derive(Debug, Default)]
pub(super) struct TargetAcc {
    index: GroupIndex,
    groups: Vec<Group>,
    extras: Vec<Extra>,
    /// What the aggregate needs beyond sums and counts: the order of values
    /// (`last`, or none set), or the extremes (`min`, `max`). Skipping the
    /// decimal comparisons the others do not need is most of a row's cost.
    needs_order: bool,
    needs_extremes: bool,
    /// Unit conversions seen, by the unit text of the row.
    pub(super) factors: HashMap<String, Decimal>,
}

pub(super) fn key_hash(entity: u32, span: Span) -> u64 {
    FxBuildHasher.hash_one((entity, span))
}

impl TargetAcc {
    pub(super) fn for_aggregate(aggregate: Option<Aggregate>) -> TargetAcc {
        TargetAcc {
            needs_order: matches!(aggregate, None | Some(Aggregate::Last)),
            needs_extremes: matches!(aggregate, Some(Aggregate::Min | Aggregate::Max)),
            ..TargetAcc::default()
        }
    }

    /// Whether the aggregate needs only sums and counts (`sum`, `mean`).
    pub(super) fn sums_only(&self) -> bool {
        !self.needs_order && !self.needs_extremes
    }

    pub(super) fn groups(&self) -> &[Group] {
        &self.groups
    }

    pub(super) fn is_empty(&self) -> bool {
        self.groups.is_empty()
    }

    pub(super) fn extra(&self, group: &Group) -> Option<&Extra> {
        self.extras.get(group.extra as usize)
    }

    /// The group of (`entity`, `span`), and whether it is new (then it is
    /// to be pushed at the returned position).
    fn find(&mut self, entity: u32, span: Span) -> (usize, bool) {
        self.find_hashed(key_hash(entity, span), entity, span)
    }

    /// [`Self::find`] given the key's hash.
    #[inline]
    fn find_hashed(&mut self, hash: u64, entity: u32, span: Span) -> (usize, bool) {
        let groups = &self.groups;
        let found = self.index.find(hash, |i| {
            let g = &groups[i as usize];
            g.entity == entity && g.span == span
        });
        let at = groups.len();
        match found {
            Ok(i) => (i as usize, false),
            Err(_) if self.index.full() => {
                self.index
                    .grow(groups.iter().map(|g| key_hash(g.entity, g.span)));
                self.index.insert(hash, at);
                (at, true)
            }
            Err(pos) => {
                self.index.put(pos, hash, at);
                (at, true)
            }
        }
    }

    /// A group's exact total.
    pub(super) fn total(&self, group: &Group) -> Total {
        group.narrow_total().unwrap_or_else(|| {
            Total::of(
                self.extras
                    .get(group.extra as usize)
                    .map_or(Decimal::ZERO, |x| x.wide),
            )
        })
    }

    /// Set group `at`'s total: in the group when its magnitude fits 64
    /// bits, else in its extra.
    fn set_total(&mut self, at: usize, total: Total) {
        let magnitude = total.mantissa.unsigned_abs();
        let sign = if total.mantissa < 0 { NEGATIVE } else { 0 };
        let rows = self.groups[at].count & !0xff;
        match u64::try_from(magnitude) {
            Ok(low) => {
                let group = &mut self.groups[at];
                group.low = low;
                group.count = rows | sign | u64::from(total.scale);
            }
            Err(_) => {
                let first = self.groups[at].first_row();
                // Within ±(2^96 - 1) and 28 decimals: a `Decimal` holds it.
                let wide = total.decimal().unwrap_or_default();
                self.extra_mut(at, Decimal::ZERO, first, 0).wide = wide;
                let group = &mut self.groups[at];
                group.low = 0;
                group.count = rows | WIDE;
            }
        }
    }

    /// Add `other` to group `at`'s total; false, leaving it, when the sum
    /// does not fit.
    fn add_total(&mut self, at: usize, other: Total) -> bool {
        let mut total = self.total(&self.groups[at]);
        let fits = total.add(other);
        if fits {
            self.set_total(at, total);
        }
        fits
    }

    /// The group's extra, made when it has none.
    fn extra_mut(&mut self, at: usize, value: Decimal, row: RowRef, seq: u64) -> &mut Extra {
        let group = &mut self.groups[at];
        if group.extra == NONE {
            group.extra = self.extras.len() as u32;
            self.extras.push(Extra::of(value, row, seq));
        }
        &mut self.extras[group.extra as usize]
    }

    /// Fold one row into its (entity, span) group.
    pub(super) fn add(
        &mut self,
        entity: u32,
        span: Span,
        value: Decimal,
        row: RowRef,
        seq: u64,
        source: u32,
    ) {
        self.add_hashed(
            key_hash(entity, span),
            entity,
            span,
            value,
            (row, seq),
            source,
        );
    }

    /// Ask for the index slots of the key whose [`key_hash`] is `hash`, to
    /// [`Self::add_hashed`] it soon after.
    pub(super) fn prefetch(&self, hash: u64) {
        self.index.prefetch(hash);
    }

    /// [`Self::add`] given the key's hash.
    pub(super) fn add_hashed(
        &mut self,
        hash: u64,
        entity: u32,
        span: Span,
        value: Decimal,
        (row, seq): (RowRef, u64),
        source: u32,
    ) {
        let (at, new) = self.find_hashed(hash, entity, span);
        let each = !self.sums_only();
        if new {
            self.groups.push(Group::new(entity, span, 1, row));
            // The extra first, with the value (a wide total would make one
            // without it).
            if each || source != 0 {
                let extra = self.extra_mut(at, value, row, seq);
                if source != 0 {
                    extra.sources.push((source, row));
                }
            }
            self.set_total(at, Total::of(value));
            return;
        }
        let fits = self.add_total(at, Total::of(value));
        self.groups[at].add_rows(1);
        if !each && fits && source == 0 {
            return;
        }
        let (needs_order, needs_extremes) = (self.needs_order, self.needs_extremes);
        let extra = self.extra_mut(at, value, row, seq);
        if !fits {
            extra.overflowed(row);
        }
        if needs_extremes {
            extra.min = extra.min.min(value);
            extra.max = extra.max.max(value);
        }
        // The latest pair of differing values: the warning names the value
        // used and the one it replaced.
        if needs_order && extra.last != value {
            extra.tie = Some(Box::new((extra.last_row, extra.last, row, value)));
        }
        extra.last = value;
        extra.last_seq = seq;
        extra.last_row = row;
        if source != 0 {
            extra.add_source(source, row);
        }
    }

    /// Fold in a `sum` or `mean` key's rows summed apart (the fast path's
    /// tally), whose rows may lie before, after or between the group's:
    /// totals, counts and the first row come out as if read in order.
    pub(super) fn merge_sum(
        &mut self,
        entity: u32,
        span: Span,
        (total, rows): (Total, u64),
        first_row: RowRef,
        source: u32,
    ) {
        let (at, new) = self.find(entity, span);
        if new {
            self.groups.push(Group::new(entity, span, rows, first_row));
            self.set_total(at, total);
        } else {
            let earlier = self.groups[at].first_row();
            let fits = self.add_total(at, total);
            let group = &mut self.groups[at];
            group.add_rows(rows);
            if line_order(first_row) < line_order(earlier) {
                group.first = pack(first_row);
            }
            if !fits {
                // The sum tipped over at the group that begins later.
                let later = if line_order(first_row) > line_order(earlier) {
                    first_row
                } else {
                    earlier
                };
                self.extra_mut(at, Decimal::ZERO, first_row, 0)
                    .overflowed(later);
            }
        }
        if source != 0 {
            let extra = self.extra_mut(at, Decimal::ZERO, first_row, 0);
            extra.join_sources(vec![(source, first_row)]);
        }
    }

    /// Join the rows of `later` (read after these), their lines moved
    /// `lines` down and their names to this state's ids by `remap`.
    pub(super) fn join(&mut self, later: TargetAcc, lines: u64, remap: &[u32]) {
        if self.groups.is_empty() {
            return self.take(later, lines, remap);
        }
        let each = !self.sums_only();
        let mut extras: Vec<Option<Extra>> = later.extras.into_iter().map(Some).collect();
        let hashes: Vec<u64> = later
            .groups
            .iter()
            .map(|g| key_hash(remap[g.entity as usize], g.span))
            .collect();
        // Asking for the slots of the key some groups ahead, and for the
        // group their first slot of the same tag names half as far ahead
        // (the slots are in the cache by then), lets the memory reads of
        // many lookups overlap instead of following one another.
        const AHEAD: usize = 16;
        for (i, mut group) in later.groups.into_iter().enumerate() {
            if let Some(&ahead) = hashes.get(i + AHEAD) {
                self.index.prefetch(ahead);
            }
            if let Some(&ahead) = hashes.get(i + AHEAD / 2)
                && let Ok(at) = self.index.find(ahead, |_| true)
                && let Some(g) = self.groups.get(at as usize)
            {
                prefetch::prefetch(g);
            }
            group.entity = remap[group.entity as usize];
            group.shift(lines);
            let mut extra = extras.get_mut(group.extra as usize).and_then(Option::take);
            if let Some(x) = &mut extra {
                x.shift(lines, remap);
            }
            let (at, new) = self.find_hashed(hashes[i], group.entity, group.span);
            if new {
                group.extra = NONE;
                self.groups.push(group);
                if let Some(x) = extra {
                    self.groups[at].extra = self.extras.len() as u32;
                    self.extras.push(x);
                }
                continue;
            }
            // The later rows tipped the sum over: at their first row, as
            // when the rows are read in one pass and the first of them is
            // the one.
            let later_total = group
                .narrow_total()
                .unwrap_or_else(|| Total::of(extra.as_ref().map_or(Decimal::ZERO, |x| x.wide)));
            let fits = self.add_total(at, later_total);
            self.groups[at].add_rows(group.rows());
            if !fits {
                self.extra_mut(at, Decimal::ZERO, group.first_row(), 0)
                    .overflowed(group.first_row());
            }
            let Some(later_extra) = extra else {
                continue;
            };
            match (self.groups[at].extra, each) {
                (NONE, _) => {
                    self.groups[at].extra = self.extras.len() as u32;
                    self.extras.push(later_extra);
                }
                (i, true) => self.extras[i as usize].join(later_extra, group.first_row()),
                (i, false) => {
                    let mine = &mut self.extras[i as usize];
                    if let Some(row) = later_extra.overflow {
                        mine.overflowed(row);
                    }
                    mine.join_sources(later_extra.sources);
                }
            }
        }
    }

    /// [`Self::join`] into no groups: `later`'s become these, in their
    /// order, without a lookup each (the first file's blocks, merged apart,
    /// joined into the state that reads every file).
    fn take(&mut self, later: TargetAcc, lines: u64, remap: &[u32]) {
        let TargetAcc {
            index,
            mut groups,
            mut extras,
            ..
        } = later;
        for group in &mut groups {
            group.entity = remap[group.entity as usize];
            group.shift(lines);
        }
        for extra in &mut extras {
            extra.shift(lines, remap);
        }
        self.index = index;
        if remap.iter().enumerate().any(|(i, &id)| id as usize != i) {
            let size = self.index.tags.len();
            self.index
                .rebuild(size, groups.iter().map(|g| key_hash(g.entity, g.span)));
        }
        (self.groups, self.extras) = (groups, extras);
    }

    /// Whether a sum no longer fits.
    pub(super) fn overflowed(&self) -> bool {
        self.extras.iter().any(|x| x.overflow.is_some())
    }

    /// [`Self::by_entity`], with the groups moved into that order, so that
    /// reading an entity's groups reads memory in order (every trend step
    /// reads them all again); the index is dropped, since nothing is looked
    /// up any more once reading is done.
    pub(super) fn arrange_by_entity(&mut self) -> ByEntity {
        let mut by = self.by_entity();
        self.groups = by
            .members
            .iter()
            .map(|&m| self.groups[m as usize])
            .collect();
        for (at, m) in by.members.iter_mut().enumerate() {
            *m = at as u32;
        }
        self.index = GroupIndex::default();
        by
    }

    /// The groups by entity, the entities in the order of their first rows
    /// (as a single pass reading row by row meets them, so that lists built
    /// from them — sources, coverage — are the same on every path), each
    /// entity's groups in the order they were made. Linear in the groups
    /// but for sorting the entities.
    pub(super) fn by_entity(&self) -> ByEntity {
        // Each entity's slot, by its id (ids are small and dense).
        let ids = self.groups.iter().map(|g| g.entity as usize + 1).max();
        let mut local = vec![u32::MAX; ids.unwrap_or(0)];
        let mut firsts: Vec<((u32, u64), u32)> = Vec::new();
        let mut counts: Vec<u32> = Vec::new();
        let mut slot_of = Vec::with_capacity(self.groups.len());
        for g in &self.groups {
            let next = firsts.len() as u32;
            let slot = &mut local[g.entity as usize];
            if *slot == u32::MAX {
                *slot = next;
            }
            let slot = *slot;
            if slot == next {
                firsts.push((line_order(g.first_row()), g.entity));
                counts.push(0);
            }
            let s = slot as usize;
            firsts[s].0 = firsts[s].0.min(line_order(g.first_row()));
            counts[s] += 1;
            slot_of.push(slot);
        }
        let mut order: Vec<u32> = (0..firsts.len() as u32).collect();
        order.sort_by_key(|&s| firsts[s as usize].0);
        // Where each slot's groups start in `members`, in entity order.
        let mut rank = vec![0u32; firsts.len()];
        let mut starts = Vec::with_capacity(order.len() + 1);
        let mut at = 0u32;
        for (r, &s) in order.iter().enumerate() {
            rank[s as usize] = r as u32;
            starts.push(at);
            at += counts[s as usize];
        }
        starts.push(at);
        let mut fill = starts.clone();
        let mut members = vec![0u32; self.groups.len()];
        for (i, &slot) in slot_of.iter().enumerate() {
            let r = rank[slot as usize] as usize;
            members[fill[r] as usize] = i as u32;
            fill[r] += 1;
        }
        ByEntity {
            entities: order.iter().map(|&s| firsts[s as usize].1).collect(),
            starts,
            members,
            // Input order until the names' order is noted.
            by_name: (0..order.len() as u32).collect(),
        }
    }
}

/// A target's groups by entity ([`TargetAcc::by_entity`]).
pub(super) struct ByEntity {
    entities: Vec<u32>,
    starts: Vec<u32>,
    members: Vec<u32>,
    /// The positions in `entities` in the order of the entities' names
    /// (see [`Self::order_by_name`]).
    by_name: Vec<u32>,
}

impl ByEntity {
    /// Note the order of the entities' names, `rank` giving each name id's
    /// place: once, so that every figure and trend step lists its
    /// entities in that order without sorting them.
    pub(super) fn order_by_name(&mut self, rank: &[u32]) {
        let rank_of = |e: u32| rank.get(e as usize).copied().unwrap_or(u32::MAX);
        let entities = &self.entities;
        self.by_name.sort_by_key(|&p| rank_of(entities[p as usize]));
    }

    /// The positions in [`Self::iter`]'s order, in the order of the
    /// entities' names.
    pub(super) fn by_name(&self) -> &[u32] {
        &self.by_name
    }

    /// Each entity with the positions of its groups.
    pub(super) fn iter(&self) -> impl Iterator<Item = (u32, &[u32])> + '_ {
        self.entities.iter().enumerate().map(|(i, &e)| {
            let (from, to) = (self.starts[i] as usize, self.starts[i + 1] as usize);
            (e, &self.members[from..to])
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sum_key_packs_into_40_bytes() {
        assert_eq!(std::mem::size_of::<Group>(), 40);
    }

    #[test]
    fn totals_round_trip_narrow_or_wide() {
        for mantissa in [
            0,
            1,
            -1,
            i64::MAX as i128 + 7,
            u64::MAX as i128,
            u64::MAX as i128 + 1,
            -(1 << 80),
            MAX_MANTISSA,
            -MAX_MANTISSA,
        ] {
            for aggregate in [Aggregate::Sum, Aggregate::Last] {
                let total = Total {
                    mantissa,
                    scale: 28,
                };
                let mut acc = TargetAcc::for_aggregate(Some(aggregate));
                let row = RowRef { file: 0, line: 1 };
                let value = total.decimal().unwrap();
                acc.add(0, Span::parse("2022").unwrap(), value, row, 0, 0);
                let g = acc.groups()[0];
                assert_eq!(acc.total(&g), total);
                assert_eq!(g.rows(), 1);
                // A `last` group keeps its value beside a wide total.
                if aggregate == Aggregate::Last {
                    let x = acc.extra(&g).unwrap();
                    assert_eq!((x.last, x.min, x.max), (value, value, value));
                }
            }
        }
        for row in [
            RowRef { file: 0, line: 1 },
            RowRef {
                file: MAX_FILES as u32 - 1,
                line: (1 << LINE_BITS) - 1,
            },
            RowRef {
                file: 70_000,
                line: 5_000_000_000,
            },
        ] {
            let span = Span::parse("2022").unwrap();
            let g = Group::new(0, span, 1, row);
            assert_eq!(g.first_row(), row);
        }
    }

    #[test]
    fn a_sum_grows_wide_and_back_exactly() {
        // Past 2^64 units of the last decimal and back under, on every way
        // in: row by row, a tally summed apart, and a part joined.
        let big = Decimal::from_i128_with_scale(u64::MAX as i128, 0);
        let row = |line| RowRef { file: 0, line };
        let span = Span::parse("2022").unwrap();
        let mut acc = TargetAcc::for_aggregate(Some(Aggregate::Sum));
        acc.add(0, span, big, row(1), 0, 0);
        acc.add(0, span, big, row(2), 0, 0);
        let g = acc.groups()[0];
        assert_eq!(acc.total(&g).decimal(), Some(big * Decimal::TWO));
        acc.merge_sum(0, span, (Total::of(-big), 1), row(3), 0);
        let mut part = TargetAcc::for_aggregate(Some(Aggregate::Sum));
        part.add(0, span, big, row(1), 0, 0);
        part.add(0, span, big, row(2), 0, 0);
        acc.join(part, 3, &[0]);
        acc.add(0, span, -big * Decimal::TWO, row(6), 0, 0);
        let g = acc.groups()[0];
        assert_eq!(acc.total(&g).decimal(), Some(big));
        assert_eq!(g.rows(), 6);
        assert_eq!(g.count & WIDE, 0, "back to the group's own word");
    }

    fn span(month: u32) -> Span {
        Span::parse(&format!("2022-{month:02}")).unwrap()
    }

    /// The groups as (entity text, span, total, rows, first row), sorted.
    fn listed(acc: &TargetAcc, names: &Names) -> Vec<(String, Span, Total, u64, RowRef)> {
        let mut out: Vec<_> = acc
            .groups()
            .iter()
            .map(|g| {
                (
                    names.get(g.entity).to_string(),
                    g.span,
                    acc.total(g),
                    g.rows(),
                    g.first_row(),
                )
            })
            .collect();
        out.sort_by(|a, b| (&a.0, a.1.start, a.4.line).cmp(&(&b.0, b.1.start, b.4.line)));
        out
    }

    #[test]
    fn the_index_finds_every_key_as_it_grows() {
        let mut acc = TargetAcc::for_aggregate(Some(Aggregate::Sum));
        // Enough keys to grow the index many times over, each met twice.
        for round in 0..2u64 {
            for entity in 0..20_000u32 {
                let row = RowRef {
                    file: 0,
                    line: round * 100_000 + u64::from(entity),
                };
                acc.add(entity, span(entity % 12 + 1), Decimal::ONE, row, 0, 0);
            }
        }
        assert_eq!(acc.groups().len(), 20_000);
        let groups = acc.groups().to_vec();
        for (at, g) in groups.iter().enumerate() {
            assert_eq!(g.rows(), 2);
            assert_eq!(g.first_row().line, u64::from(g.entity));
            assert_eq!(acc.find(g.entity, g.span), (at, false));
        }
        assert!(acc.index.len * 8 <= acc.index.tags.len() * 7);
    }

    #[test]
    fn parts_joined_give_what_one_pass_gives() {
        // Three parts of rows read apart, each with names of its own; the
        // first joined into nothing (taken whole), the others into it.
        let rows: Vec<(&str, u32, i64)> = (0..3000)
            .map(|i| {
                (
                    ["Xã A", "Phường B", "", "Thị trấn C"][i % 4],
                    (i % 7) as u32 + 1,
                    i as i64 - 900,
                )
            })
            .collect();
        // Rows read in one part, their lines counted from the part's start.
        let read = |rows: &[(&str, u32, i64)], names: &mut Names| {
            let mut acc = TargetAcc::for_aggregate(Some(Aggregate::Sum));
            for (line, (name, month, value)) in rows.iter().enumerate() {
                let row = RowRef {
                    file: 0,
                    line: line as u64 + 1,
                };
                let id = names.id(name);
                acc.add(id, span(*month), Decimal::new(*value, 1), row, 0, 0);
            }
            acc
        };
        let mut one_names = Names::default();
        let one = read(&rows, &mut one_names);
        let mut joined = TargetAcc::for_aggregate(Some(Aggregate::Sum));
        let mut names = Names::default();
        // The state's ids differ from the first part's: taking it whole
        // rebuilds its index.
        names.id("Xã A");
        for (k, part_rows) in rows.chunks(1000).enumerate() {
            let mut part_names = Names::default();
            // Names met in another order than the whole file meets them.
            for name in ["Thị trấn C", "Phường B"] {
                part_names.id(name);
            }
            let part = read(part_rows, &mut part_names);
            let remap = names.remap(&part_names);
            joined.join(part, k as u64 * 1000, &remap);
        }
        assert_eq!(listed(&joined, &names), listed(&one, &one_names));
    }
}
