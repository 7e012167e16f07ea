//! The per-field path: a line split into its fields, a plain row folded
//! straight into its accumulator, and what a row's fields other than its
//! value say (target, span, unit factor, names) resolved into a key.

use rust_decimal::Decimal;

use super::slots::*;
use super::*;
use crate::ingest::blocks::MAX_FIELDS;
use crate::ingest::bytemap::ByteMap;
use crate::ingest::lines::{
    Quotes, blank_record, field, split_quoted, trim_cr, unicode_edge, unquote,
};
use crate::ingest::{RowRef, Span, blank, order};
use crate::number;

impl<'a> Ranged<'a> {
    /// One line (without its `\n`), starting at byte `offset` of the file.
    #[inline(never)]
    pub(in crate::ingest) fn line(&mut self, line: &[u8], offset: u64) {
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
    pub(in crate::ingest) fn next_row(&mut self, offset: u64) -> RowRef {
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
    pub(in crate::ingest) fn split_line(
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
    pub(in crate::ingest) fn plain(&mut self, line: &[u8], ends: &[usize], row: RowRef) -> bool {
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
    pub(in crate::ingest) fn resolve(&mut self, line: &[u8], ends: &[usize]) -> Option<Key> {
        let cols = self.columns;
        // A publication date is part of the key: its rows go to that
        // date's accumulator, and which date counts is decided at the end.
        // A date the row rules refuse is theirs to name.
        let published = match cols.published {
            None => None,
            Some(_) => {
                let text = std::str::from_utf8(field(line, ends, cols.published)).ok()?;
                crate::ingest::published::parse(text).ok()?
            }
        };
        // A count the row rules refuse is theirs to name.
        let rows = match cols.rows {
            None => 1,
            Some(_) => {
                let text = std::str::from_utf8(field(line, ends, cols.rows)).ok()?;
                crate::ingest::rows::weight(text).ok()?
            }
        };
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
            published,
            rows,
        })
    }
}
