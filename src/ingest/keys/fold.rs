//! Folding a value into its key's running total: the value found between
//! the key's bytes, the batch of deferred adds, the aggregates that take
//! each value in order, a new key resolved into a slot, and the fixed-point
//! sums handed to the target accumulators at the end of a part.

use rust_decimal::Decimal;

use super::slots::*;
use super::*;
use crate::ingest::blocks::MAX_FIELDS;
use crate::ingest::lines::{Quotes, ones, split_quoted, value_bounds_from_end, zero_bytes};
use crate::ingest::{RowRef, order};
use crate::number;

impl<'a> Ranged<'a> {
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
    pub(in crate::ingest) fn fold(
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
    pub(in crate::ingest) fn fold_in(
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
    pub(in crate::ingest) fn miss_rate(&mut self, hit: bool) {
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
    pub(in crate::ingest) fn value_bounds(
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
    pub(in crate::ingest) fn each(
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
    pub(in crate::ingest) fn defer(&mut self, key: Key, value: Decimal, row: RowRef, seq: u64) {
        let (entity, source) = (self.name_id(key.entity), self.name_id(key.source));
        let hash = crate::ingest::acc::key_hash(entity, key.span);
        // The line was counted as read; the rows it stands for beside it.
        self.part.ledger.read += key.rows - 1;
        self.part
            .acc_for(key.indicator, false, key.published)
            .prefetch(hash);
        self.pending.push(Pending {
            hash,
            indicator: key.indicator,
            entity,
            source,
            span: key.span,
            published: key.published,
            value,
            row,
            seq,
            rows: key.rows,
        });
        if self.pending.len() == BATCH {
            self.settle();
        }
    }

    /// Add the deferred values, in input order: before anything else
    /// reads or adds to the part's targets.
    pub(in crate::ingest) fn settle(&mut self) {
        for p in self.pending.drain(..) {
            self.part
                .acc_for(p.indicator, false, p.published)
                .add_hashed(
                    p.hash,
                    p.entity,
                    p.span,
                    p.value,
                    (p.row, p.seq, p.rows),
                    p.source,
                );
        }
    }

    /// The id in the reader's names (the current part's) of the text
    /// `text` of [`Caches::texts`]: looked up once per text and reader.
    pub(in crate::ingest) fn name_id(&mut self, text: usize) -> u32 {
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
    pub(in crate::ingest) fn keeps(&self, index: usize) -> bool {
        let part = &self.part;
        part.options
            .keep_rows
            .keeps(&part.campaign.indicators[index].id)
    }
    /// Resolve a new line key from its first line (without `\n` or `\r`);
    /// None when the table is full or the key too long to keep.
    #[inline(never)]
    pub(in crate::ingest) fn new_slot(
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
        // here once checks every such line: all of it is UTF-8 (reference §3,
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
    pub(in crate::ingest) fn flush(&mut self) {
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
            // Each line was counted as read; the rows it stands for here.
            let rows = tally.count * key.rows;
            part.ledger.read += rows - tally.count;
            part.latest_end = Some(
                part.latest_end
                    .map_or(key.span.end, |e| e.max(key.span.end)),
            );
            part.acc_for(key.indicator, false, key.published).merge_sum(
                entity,
                key.span,
                (tally.total, rows),
                first,
                source,
            );
        }
    }
}
