//! Finding a block's records and lines: the record loop over the fields
//! [`Records`] finds, the line loop for files with quotes or odd line ends,
//! and the records whose quoted value holds a line break. Each record is
//! handed to the fold by its key or to the per-field path.

use super::*;
use crate::error::Diagnostic;
use crate::ingest::blank;
use crate::ingest::blocks::MAX_FIELDS;
use crate::ingest::lines::{
    Over, Quotes, quoted_value, record_end, record_follows, split_quoted, trim_cr, unquote,
};
use crate::ingest::records::{Fields, Record, Records};

impl<'a> Ranged<'a> {
    /// Fold every complete record of `bytes` (which begin at file offset
    /// `base`); returns where the unfinished last record starts, or, as an
    /// error, where the csv reader is to go on (see [`Self::scan_lines`]).
    /// Stops after a line whose bytes are not UTF-8.
    ///
    /// Records and their value fields are found with [`Records`]; from the
    /// first record it finds irregular on, the bytes go to
    /// [`Self::scan_lines`], which reads such records as the csv reader
    /// does or hands them to it.
    pub(in crate::ingest) fn scan(&mut self, bytes: &[u8], base: u64) -> Result<usize, usize> {
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
    pub(in crate::ingest) fn record(&mut self, bytes: &[u8], record: &Record, base: u64) {
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
    /// left out must still be UTF-8 (reference §3); a record with one that is
    /// not, or of the wrong field count, is read field by field.
    #[inline]
    pub(in crate::ingest) fn record_sparse(
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
    pub(in crate::ingest) fn record_fields(
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
    pub(in crate::ingest) fn record_split(
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
    pub(in crate::ingest) fn scan_lines(
        &mut self,
        bytes: &[u8],
        base: u64,
    ) -> Result<usize, usize> {
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
    pub(in crate::ingest) fn record_over_lines(
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
        if let Some((col, spanned)) = crate::ingest::multiline_spanned(&record) {
            // The message names a line, known once the part is absorbed.
            let loc = part.location(row, col as u64 + 1);
            let warning =
                Diagnostic::warning(Some(loc), crate::ingest::multiline_value(0, spanned));
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
    pub(in crate::ingest) fn quoted_line(
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
    pub(in crate::ingest) fn end_line(&mut self, bytes: &[u8], start: usize, at: usize, base: u64) {
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
}
