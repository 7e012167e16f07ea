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
use crate::campaign::Aggregate;
use crate::period::Span;

mod group;
mod index;
mod names;
#[cfg(test)]
mod tests;
mod total;

pub(crate) use group::MAX_FILES;
pub(super) use group::{Extra, Group, line_order};
use group::{NEGATIVE, NONE, WIDE, pack};
use index::GroupIndex;
pub(super) use names::{Added, Names};
pub(super) use total::{MAX_MANTISSA, MAX_SCALE, Total};
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
    /// `rows` is how many source rows it stands for (one, unless the file
    /// has a `rows` column).
    pub(super) fn add(
        &mut self,
        entity: u32,
        span: Span,
        value: Decimal,
        (row, seq, rows): (RowRef, u64, u64),
        source: u32,
    ) {
        self.add_hashed(
            key_hash(entity, span),
            entity,
            span,
            value,
            (row, seq, rows),
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
        (row, seq, rows): (RowRef, u64, u64),
        source: u32,
    ) {
        let (at, new) = self.find_hashed(hash, entity, span);
        let each = !self.sums_only();
        if new {
            self.groups.push(Group::new(entity, span, rows, row));
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
        let fits = self.add_total(at, Total::of(value)) & self.groups[at].add_rows(rows);
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
            // A tally of grouped lines can count past what a group holds.
            let mut group = Group::new(entity, span, 0, first_row);
            let fits = group.add_rows(rows);
            self.groups.push(group);
            self.set_total(at, total);
            if !fits {
                self.extra_mut(at, Decimal::ZERO, first_row, 0)
                    .overflowed(first_row);
            }
        } else {
            let earlier = self.groups[at].first_row();
            let fits = self.add_total(at, total) & self.groups[at].add_rows(rows);
            let group = &mut self.groups[at];
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
            let fits = self.add_total(at, later_total) & self.groups[at].add_rows(group.rows());
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

    /// Take in the groups of `earlier` (an earlier publication's rows,
    /// same names) whose (entity, span) has none here; those that have one
    /// are superseded by it and returned, for the ledger.
    pub(super) fn keep_absent(&mut self, earlier: TargetAcc) -> Vec<Group> {
        let mut superseded = Vec::new();
        let mut extras: Vec<Option<Extra>> = earlier.extras.into_iter().map(Some).collect();
        for mut group in earlier.groups {
            let extra = extras.get_mut(group.extra as usize).and_then(Option::take);
            let (at, new) = self.find(group.entity, group.span);
            if !new {
                superseded.push(group);
                continue;
            }
            group.extra = NONE;
            self.groups.push(group);
            if let Some(x) = extra {
                self.groups[at].extra = self.extras.len() as u32;
                self.extras.push(x);
            }
        }
        superseded
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
