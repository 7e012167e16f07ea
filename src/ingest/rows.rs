//! The row rules, once: a record's indicator, period (the window, the
//! as-of date), entity and source (NFC), unit (the factor to the target's
//! unit) and value (the locale's number) decide whether it is folded,
//! skipped (with its ledger bucket) or an error. The threads' fast path
//! resolves a key by these same rules once and sends every row it cannot
//! take plainly here.

use super::*;

impl<'a> State<'a> {
    /// A sum that no longer fits an exact decimal: an error, never a
    /// silently missing value.
    pub(super) fn overflow(&mut self, row: RowRef, id: &str) {
        let loc = self.location(row, 0);
        let id = id.to_string();
        self.error(loc, Code::SumOverflow { id });
    }

    /// A field as trimmed UTF-8 text. A field that is not UTF-8 is an
    /// error that names the likely encoding, and stops the file: every
    /// later row would fail the same way.
    pub(super) fn text<'r>(
        &mut self,
        record: &'r csv::ByteRecord,
        col: usize,
        row: RowRef,
    ) -> Option<&'r str> {
        let field = record.get(col).unwrap_or_default();
        match std::str::from_utf8(field) {
            Ok(s) => Some(s.trim()),
            Err(_) => {
                let loc = self.location(row, col as u64 + 1);
                self.error(loc, not_utf8(field));
                self.file_failed = true;
                None
            }
        }
    }

    /// The value of `result`, or `None` after recording its error at the
    /// row's field `col` (the whole row when the column is absent).
    pub(super) fn reported<T>(
        &mut self,
        result: Result<T, Code>,
        row: RowRef,
        col: Option<usize>,
    ) -> Option<T> {
        match result {
            Ok(v) => Some(v),
            Err(code) => {
                let loc = self.location(row, column(col));
                self.error(loc, code);
                None
            }
        }
    }

    pub(super) fn optional_text<'r>(
        &mut self,
        record: &'r csv::ByteRecord,
        col: Option<usize>,
        row: RowRef,
    ) -> Option<&'r str> {
        match col {
            None => Some(""),
            Some(c) => self.text(record, c, row),
        }
    }

    /// One data row.
    pub(super) fn row(&mut self, record: &csv::ByteRecord, row: RowRef, cols: Columns) {
        // A byte-order mark is invisible; after the header it means two
        // files were joined into one (`cat a.csv b.csv`).
        let bom = "\u{feff}".as_bytes();
        if let Some(col) = (memchr::memchr(bom[0], record.as_slice()).is_some())
            .then(|| record.iter().position(|f| f.starts_with(bom)))
            .flatten()
        {
            let loc = self.location(row, col as u64 + 1);
            self.diagnostics
                .push(Diagnostic::warning(Some(loc), Code::BomInside));
        }
        // Every field is read as text first, so that each is checked to be
        // UTF-8 once, whatever the row turns out to be: a byte that is not,
        // also in a column attain does not read, is the file's encoding
        // error (reference §3), and the file stops.
        let Some(indicator) = self.text(record, cols.indicator, row) else {
            return;
        };
        let Some(period_text) = self.optional_text(record, cols.period, row) else {
            return;
        };
        let Some(value_text) = self.text(record, cols.value, row) else {
            return;
        };
        let Some(unit_text) = self.optional_text(record, cols.unit, row) else {
            return;
        };
        let Some(entity) = self.optional_text(record, cols.entity, row) else {
            return;
        };
        let Some(source) = self.optional_text(record, cols.source, row) else {
            return;
        };
        let Some(published_text) = self.optional_text(record, cols.published, row) else {
            return;
        };
        let Some(rows_text) = self.optional_text(record, cols.rows, row) else {
            return;
        };
        for i in cols.unread(record.len()) {
            if self.text(record, i, row).is_none() {
                return;
            }
        }
        // A grouped row stands for `weight` source rows: each is read, and
        // lands in the row's bucket (the reader counted one).
        let Some(weight) = self.reported(weight(rows_text), row, cols.rows) else {
            return;
        };
        self.ledger.read += weight - 1;
        let keep = |state: &mut Self,
                    (value, number): (&str, Option<Decimal>),
                    unit: &str,
                    entity: &str,
                    bucket: Bucket,
                    key: Option<GroupKey>| {
            if !state.options.keep_rows.keeps(indicator) {
                return;
            }
            if state.kept.len() >= MAX_KEPT_ROWS {
                state.rows_not_kept += 1;
                return;
            }
            let file = state
                .files
                .get(row.file as usize)
                .cloned()
                .unwrap_or_default();
            let sheet = state.sheets.get(row.file as usize) == Some(&true);
            state.kept.push((
                LedgerRow {
                    file,
                    line: row.line,
                    indicator: indicator.to_string(),
                    period: period_text.to_string(),
                    entity: entity.to_string(),
                    value: value.to_string(),
                    number,
                    unit: unit.to_string(),
                    bucket,
                    rows: weight,
                    cell: sheet.then_some(cols.value as u64 + 1),
                },
                key,
            ));
        };
        let field = |col: Option<usize>| {
            col.and_then(|c| record.get(c))
                .map(|f| String::from_utf8_lossy(f).trim().to_string())
                .unwrap_or_default()
        };
        let Some(target_index) = self.campaign.indicator_index(indicator) else {
            keep(
                self,
                (&field(Some(cols.value)), None),
                &field(cols.unit),
                &field(cols.entity),
                Bucket::Skipped(Skip::UnknownIndicator),
                None,
            );
            let location = self.location(row, cols.indicator as u64 + 1);
            self.ledger.skip(SkippedRow {
                location,
                reason: Skip::UnknownIndicator,
                indicator: indicator.to_string(),
                period: period_text.to_string(),
                more: weight - 1,
            });
            return;
        };
        if value_text.is_empty() {
            keep(
                self,
                ("", None),
                &field(cols.unit),
                &field(cols.entity),
                Bucket::Skipped(Skip::EmptyValue),
                None,
            );
            let location = self.location(row, cols.value as u64 + 1);
            self.ledger.skip(SkippedRow {
                location,
                reason: Skip::EmptyValue,
                indicator: indicator.to_string(),
                period: period_text.to_string(),
                more: weight - 1,
            });
            return;
        }
        let target = &self.campaign.indicators[target_index];

        // Parse everything before deciding anything, so that a malformed
        // value is reported even in a row that would be skipped.
        let percent_ok = target.unit.is_percent();
        let value = number::parse(value_text, self.options.locale, percent_ok);
        let span = if period_text.is_empty() {
            Ok(self.campaign.span)
        } else {
            Span::parse(period_text)
        };
        let factor = self.factor(target_index, unit_text);
        let value = value.map_err(|e| Code::BadNumberCell { reason: e.said() });
        let value = self.reported(value, row, Some(cols.value));
        let span = span.map_err(|e| Code::BadPeriod { reason: e.said() });
        let span = self.reported(span, row, cols.period);
        let factor = self.reported(factor, row, cols.unit);
        let published = self.reported(published::parse(published_text), row, cols.published);
        let (Some(value), Some(span), Some(factor), Some(published)) =
            (value, span, factor, published)
        else {
            return;
        };

        // A row of the year before the campaign may be the comparison
        // figure of reference §8 ("so với cùng kỳ"); which ones are is known only
        // at the end, so they are kept aside.
        let in_campaign = self.campaign.span.contains(&span);
        let in_prior_year = !in_campaign && self.prior_window.contains(&span);
        let skip = if !in_campaign && !in_prior_year {
            Some(Skip::OutsideCampaign)
        } else if in_campaign && self.options.as_of.is_some_and(|as_of| span.end > as_of) {
            Some(Skip::AfterAsOf)
        } else {
            None
        };
        if let Some(reason) = skip {
            keep(
                self,
                (value_text, Some(value)),
                &field(cols.unit),
                &field(cols.entity),
                Bucket::Skipped(reason),
                None,
            );
            let location = self.location(row, column(cols.period));
            self.ledger.skip(SkippedRow {
                location,
                reason,
                indicator: indicator.to_string(),
                period: period_text.to_string(),
                more: weight - 1,
            });
            return;
        }
        let read = value;
        // A factor of one leaves the value as written (`0.0` stays `0.0`;
        // a product with zero would be `0`), as on the fast path.
        let product = if factor == Decimal::ONE {
            Some(value)
        } else {
            value.checked_mul(factor)
        };
        let Some(value) = product else {
            let loc = self.location(row, cols.value as u64 + 1);
            let value = clip(value_text).into_owned();
            self.error(loc, Code::ConvertOverflow { value });
            return;
        };
        let entity = crate::text::nfc(entity);
        let entity = entity.as_ref();
        let source = crate::text::nfc(source);
        let source = source.as_ref();

        keep(
            self,
            (value_text, Some(read)),
            &field(cols.unit),
            entity,
            Bucket::Used,
            Some((
                target_index,
                entity.to_string(),
                span,
                in_prior_year,
                published,
            )),
        );
        let (entity, source) = (self.names.id(entity), self.names.id(source));
        if !in_prior_year {
            self.latest_end = Some(self.latest_end.map_or(span.end, |e| e.max(span.end)));
        }
        let seq = self.seq;
        self.acc_for(target_index, in_prior_year, published).add(
            entity,
            span,
            value,
            (row, seq, weight),
            source,
        );
    }

    /// The factor from a row's unit to the target's, cached per unit text.
    pub(super) fn factor(&mut self, target_index: usize, unit_text: &str) -> Result<Decimal, Code> {
        if unit_text.is_empty() {
            return Ok(Decimal::ONE);
        }
        if let Some(f) = self.targets[target_index].factors.get(unit_text) {
            return Ok(*f);
        }
        let target = &self.campaign.indicators[target_index];
        let factor = Unit::parse(unit_text)
            .and_then(|u| u.factor_to(&target.unit))
            .map_err(|e| Code::UnitMismatch {
                unit: clip(unit_text).into_owned(),
                id: target.id.clone(),
                target_unit: target.unit_text.clone(),
                reason: e.said(),
            })?;
        self.targets[target_index]
            .factors
            .insert(unit_text.to_string(), factor);
        Ok(factor)
    }
}
/// The most source rows one grouped row may stand for: far more than any
/// engine groups, and few enough that the counts of a file cannot pass
/// 2^64 (nor a group's 2^56, which is then an overflow error).
pub(super) const MAX_ROWS: u64 = u32::MAX as u64;

/// How many source rows a `rows` cell says its row stands for: a whole
/// number of at least one, written plainly (`12`, not `1,200` or `12.0`:
/// engines print counts so); empty is one.
pub(super) fn weight(text: &str) -> Result<u64, Code> {
    if text.is_empty() {
        return Ok(1);
    }
    text.parse::<u64>()
        .ok()
        .filter(|n| (1..=MAX_ROWS).contains(n) && text.bytes().all(|b| b.is_ascii_digit()))
        .ok_or_else(|| Code::BadRows {
            text: clip(text).into_owned(),
        })
}

/// A 0-based field index as a 1-based column; 0 (the whole row) when absent.
pub(super) fn column(index: Option<usize>) -> u64 {
    index.map_or(0, |c| c as u64 + 1)
}

/// The error for a field that is not UTF-8: the text as the likely
/// encoding would read it, that encoding, and the `--encoding` that reads it.
pub(super) fn not_utf8(field: &[u8]) -> Code {
    let (description, label) = legacy_encoding_name(field);
    let shown = match encoding_rs::Encoding::for_label(label.as_bytes()) {
        Some(encoding) => encoding.decode(field).0.into_owned(),
        None => String::from_utf8_lossy(field).into_owned(),
    };
    let shown: String = crate::text::nfc(&shown)
        .chars()
        .filter(|c| *c != '\0')
        .take(40)
        .collect();
    Code::NotUtf8 {
        shown,
        label,
        description,
    }
}

/// A guess at a non-UTF-8 file's encoding, for the error message only —
/// attain never decodes by guess. NUL bytes mean UTF-16; Windows-1258 writes
/// Vietnamese tone marks as combining bytes right after a letter.
pub(super) fn legacy_encoding_name(field: &[u8]) -> (&'static str, &'static str) {
    if field.contains(&0) {
        return ("UTF-16 (NUL bytes between the letters)", "utf-16le");
    }
    // Windows-1258: combining grave, hook, tilde, acute, dot below, and the
    // letters đ/Đ, ơ/Ơ, ư/Ư, ă/Ă.
    const TONE_MARKS: [u8; 5] = [0xCC, 0xD2, 0xDE, 0xEC, 0xF2];
    const VI_LETTERS: [u8; 8] = [0xD0, 0xF0, 0xD5, 0xF5, 0xDD, 0xFD, 0xC3, 0xE3];
    let tone_after_letter = field
        .windows(2)
        .any(|w| w[0].is_ascii_alphabetic() && TONE_MARKS.contains(&w[1]));
    if tone_after_letter || field.iter().any(|b| VI_LETTERS.contains(b)) {
        (
            "Windows-1258 (Vietnamese, from an old Excel or accounting program)",
            "windows-1258",
        )
    } else {
        (
            "Windows-1252 (Western European, from an old Excel)",
            "windows-1252",
        )
    }
}
