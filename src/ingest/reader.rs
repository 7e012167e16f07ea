//! The csv reader: the general path. It reads what the threads leave to it
//! (small files, streams it takes over, `--encoding`, the rest of a file
//! after a record the fast path cannot split), finds the columns by name in
//! the header, and hands each record to the row rules (`rows.rs`). Physical
//! line numbers come from the newlines that pass through it ([`LineIndex`]).

use super::*;

impl<'a> State<'a> {
    /// Read csv records from `reader`: from its header, or, with `resume`,
    /// from where the fast stream parser stopped (a quote or a lone `\r`).
    pub(super) fn read_csv(
        &mut self,
        reader: Box<dyn Read + '_>,
        file: u32,
        delimiter: u8,
        resume: Option<Resume>,
    ) {
        // The csv crate's line numbers skip blank lines and count a CRLF
        // ending late; the physical line of each record comes from counting
        // the newlines that pass through the reader instead.
        let lines = Rc::new(RefCell::new(LineIndex::default()));
        let counted = Counted {
            inner: reader,
            lines: Rc::clone(&lines),
            bar: self.bar.clone(),
        };
        let mut csv = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .has_headers(false)
            .flexible(true)
            .buffer_capacity(CSV_BUFFER)
            .from_reader(counted);
        let (line_base, byte_base) = resume.as_ref().map_or((0, 0), |r| (r.line, r.byte));
        let line_of = |p: Option<&csv::Position>| {
            p.map_or(0, |p| line_base + lines.borrow_mut().line_at(p.byte()))
        };
        let mut record = csv::ByteRecord::new();
        let mut header_row = RowRef { file, line: 1 };
        let mut rows_in_file = 0u64;

        let (columns, width) = if let Some(resume) = resume {
            header_row = resume.header_row;
            rows_in_file = resume.rows;
            (resume.columns, resume.width)
        } else {
            // The header line: the first that is not blank.
            let read = loop {
                match csv.read_byte_record(&mut record) {
                    Ok(true) if record.len() == 1 && blank(&record[0], delimiter) => {}
                    other => break other,
                }
            };
            match read {
                Ok(true) => {}
                Ok(false) => {
                    let loc = self.location(header_row, 1);
                    let empty = Diagnostic::warning(Some(loc), Code::EmptyFile);
                    self.diagnostics.push(empty);
                    return;
                }
                Err(e) => {
                    if !self.too_long(&e, &lines, file, 0) {
                        let loc = self.location(header_row, 1);
                        self.error(loc, csv_error(&e));
                    }
                    return;
                }
            }
            header_row.line = line_of(record.position());
            lines.borrow_mut().record_end = csv.position().byte();
            let Some(columns) = self.header(&record, header_row, delimiter) else {
                return;
            };
            (columns, record.len())
        };

        let mut pending_quote: Option<(RowRef, usize)> = None;
        // A quoted value over several lines, named once the next record
        // shows that its quote was closed (else it is an unterminated one).
        let mut pending_multiline: Option<Diagnostic> = None;
        loop {
            let result = csv.read_byte_record(&mut record);
            if matches!(result, Ok(true)) {
                self.diagnostics.extend(pending_multiline.take());
            }
            match result {
                Ok(true) => {}
                Ok(false) => {
                    match (pending_quote, pending_multiline) {
                        (Some((row, col)), _) => self.unterminated_quote(row, col),
                        (None, Some(d)) => self.diagnostics.push(d),
                        (None, None) => {}
                    }
                    break;
                }
                Err(e) => {
                    if !self.too_long(&e, &lines, file, line_base) {
                        let line = line_of(e.position());
                        let loc = self.location(RowRef { file, line }, 1);
                        self.error(loc, csv_error(&e));
                    }
                    return;
                }
            }
            lines.borrow_mut().record_end = csv.position().byte();
            if record.len() == 1 && blank(&record[0], delimiter) {
                continue; // spaces only: a blank line, as on every path
            }
            let line = line_of(record.position());
            let row = RowRef { file, line };
            self.seq = order(file, byte_base + record.position().map_or(0, |p| p.byte()));
            rows_in_file += 1;
            self.ledger.read += 1;
            // A quote that is never closed swallows the rest of the file into
            // one value: a field with a line break and a delimiter after it,
            // in the file's last record. A quoted note with a line break in
            // the middle of the file is fine.
            let swallowed = record.iter().position(|f| {
                f.iter()
                    .position(|b| *b == b'\n')
                    .is_some_and(|nl| f[nl..].contains(&delimiter))
            });
            pending_quote = swallowed.map(|col| (row, col));
            if let (Some(col), true) = (swallowed, record.len() != width) {
                self.unterminated_quote(row, col);
                return;
            }
            // The csv reader counts the line breaks it passes, also inside
            // quotes (not a lone \r): a record over lines moved it by more
            // than one, or by one when it is the input's last and no line
            // break ends it, so only records that moved it are looked into.
            let after = csv.position().line();
            let spans =
                after > record.position().map_or(after, |p| p.line()) || lines.borrow().lone_cr;
            pending_multiline = if spans {
                self.multiline(&record, row)
            } else {
                None
            };
            if record.len() != width {
                self.field_count_error(row, record.len(), width);
                continue;
            }
            match self.spread.take() {
                Some(spread) => {
                    self.wide_row(&record, row, columns, &spread);
                    self.spread = Some(spread);
                }
                None => self.row(&record, row, columns),
            }
            if self.file_failed {
                return;
            }
        }
        if rows_in_file == 0 {
            self.no_rows_warning(header_row);
        }
    }

    /// Whether `e` is [`Counted`] refusing a record longer than
    /// [`MAX_LINE`] (recorded at the line it starts on) or [`EncodingCheck`]
    /// refusing the bytes under `--encoding` (recorded at its line).
    pub(super) fn too_long(
        &mut self,
        e: &csv::Error,
        lines: &RefCell<LineIndex>,
        file: u32,
        line_base: u64,
    ) -> bool {
        let csv::ErrorKind::Io(io) = e.kind() else {
            return false;
        };
        let Some(inner) = io.get_ref() else {
            return false;
        };
        if let Some(refused) = inner.downcast_ref::<Refused>() {
            self.refuse(refused, file);
            return true;
        }
        if !inner.is::<TooLong>() {
            return false;
        }
        let mut lines = lines.borrow_mut();
        let start = lines.record_end;
        let line = line_base + lines.line_at(start);
        let spanned = lines.pending.iter().filter(|(o, _)| *o >= start).count() as u64;
        drop(lines);
        self.line_too_long(RowRef { file, line }, spanned);
        true
    }

    /// A line, or a quoted value over `spanned` line breaks, longer than
    /// [`MAX_LINE`]: an error, and the rest of the file is not read.
    pub(crate) fn line_too_long(&mut self, row: RowRef, spanned: u64) {
        let loc = self.location(row, 1);
        let mib = MAX_LINE >> 20;
        let code = if spanned == 0 {
            Code::LineTooLong { mib }
        } else {
            Code::QuotedValueTooLong { mib }
        };
        self.error(loc, code);
        self.file_failed = true;
    }

    /// The warning for a record whose quoted value holds line breaks: legal
    /// CSV (a note over two lines), but also what a stray quote does — it
    /// runs over the next lines and swallows their rows. So it is named,
    /// with where it opens and closes, and `--strict` refuses it.
    pub(super) fn multiline(&self, record: &csv::ByteRecord, row: RowRef) -> Option<Diagnostic> {
        let (col, spanned) = multiline_spanned(record)?;
        let loc = self.location(row, col as u64 + 1);
        let code = multiline_value(row.line, spanned);
        Some(Diagnostic::warning(Some(loc), code))
    }

    /// Whether a sum of what was read no longer fits.
    pub(super) fn overflowed(&self) -> bool {
        self.targets
            .iter()
            .chain(&self.prior)
            .chain(self.editions.accs())
            .any(TargetAcc::overflowed)
    }

    pub(super) fn field_count_error(&mut self, row: RowRef, fields: usize, width: usize) {
        let loc = self.location(row, fields.min(width) as u64 + 1);
        self.error(loc, Code::FieldCount { fields, width });
    }

    pub(super) fn no_rows_warning(&mut self, header: RowRef) {
        let loc = self.location(header, 1);
        self.diagnostics
            .push(Diagnostic::warning(Some(loc), Code::NoRows));
    }

    pub(super) fn unterminated_quote(&mut self, row: RowRef, col: usize) {
        let loc = self.location(row, col as u64 + 1);
        self.error(loc, Code::UnterminatedQuote);
    }

    /// Find the columns by name; an error (and `None`) if a required one is missing.
    pub(super) fn header(
        &mut self,
        record: &csv::ByteRecord,
        row: RowRef,
        delimiter: u8,
    ) -> Option<Columns> {
        let file = row.file;
        if let Some(first) = record.get(0) {
            let utf16 = if first.starts_with(&[0xFF, 0xFE]) {
                Some("utf-16le")
            } else if first.starts_with(&[0xFE, 0xFF]) {
                Some("utf-16be")
            } else {
                None
            };
            let workbook = if first.starts_with(b"PK\x03\x04") {
                Some("xlsx")
            } else if first.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
                Some("xls")
            } else {
                None
            };
            if let Some(kind) = workbook {
                let loc = self.location(row, 0);
                self.error(loc, Code::WorkbookAsCsv { kind });
                return None;
            }
            if let Some(label) = utf16 {
                let loc = self.location(row, 1);
                self.error(loc, Code::Utf16WithBom { label });
                return None;
            }
        }
        if record.iter().any(|f| f.contains(&0)) {
            let loc = self.location(row, 1);
            self.error(loc, Code::Utf16WithoutBom);
            return None;
        }
        let mut names = Vec::with_capacity(record.len());
        for (i, field) in record.iter().enumerate() {
            let field = if i == 0 {
                field.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(field)
            } else {
                field
            };
            match std::str::from_utf8(field) {
                Ok(s) => names.push(s.trim().to_lowercase()),
                Err(_) => {
                    let loc = self.location(row, i as u64 + 1);
                    self.error(loc, not_utf8(field));
                    return None;
                }
            }
        }
        // Other columns are ignored, so only a repeated column attain reads
        // is a problem (Excel exports often end in several blank ones).
        for (i, n) in names.iter().enumerate() {
            if !KNOWN_COLUMNS.contains(&n.as_str()) {
                continue;
            }
            if let Some(j) = names[..i].iter().position(|m| m == n) {
                let loc = self.location(row, i as u64 + 1);
                let code = Code::DuplicateColumn {
                    column: clip(n).into_owned(),
                    first: j + 1,
                    second: i + 1,
                };
                self.error(loc, code);
                return None;
            }
        }
        self.spread = None;
        let Ok(spread) = self.spread(record, &names, row) else {
            return None;
        };
        // Which columns a wide table's cells are in, by position: a look-up
        // per column, not a search of them (a header can have thousands).
        let mut spread_cols = vec![false; names.len()];
        for (c, _) in spread.iter().flat_map(|s| &s.cols) {
            spread_cols[*c] = true;
        }
        let spread_col = |i: usize| spread_cols[i];
        let find = |want: &[&str]| names.iter().position(|n| want.contains(&n.as_str()));
        // `id` is an alias of `indicator`; when both are there, `indicator`
        // is read and `id` is an ignored column like any other.
        let indicator = find(&["indicator"]).or_else(|| find(&["id"]));
        let value = find(&["value"]).or_else(|| spread.as_ref().map(|s| s.cols[0].0));
        let mut missing = Vec::new();
        if indicator.is_none() {
            missing.push("indicator");
        }
        if value.is_none() {
            missing.push("value");
        }
        if !missing.is_empty() {
            // The names found are quoted only when one of them is a column
            // attain knows or would suggest: a line of a file that is not a
            // CSV of actuals (`actuals = ["/etc/shadow"]`) is not printed.
            let other_delimiter = match names.as_slice() {
                [only] => [b',', b';', b'\t', b'|']
                    .into_iter()
                    .find(|d| *d != delimiter && only.as_bytes().contains(d)),
                _ => None,
            };
            let known = |n: &str| {
                let n = n.trim();
                KNOWN_COLUMNS.contains(&n)
                    || synonym(n).is_some()
                    || closest(n, &["indicator", "value"]).is_some()
            };
            let recognisable = names.iter().any(|n| known(n))
                || other_delimiter.is_some_and(|d| names[0].split(d as char).any(known));
            const LISTED: usize = 12;
            let found = if names.iter().all(|n| n.is_empty()) {
                HeaderSeen::Blank
            } else if recognisable {
                HeaderSeen::Columns {
                    shown: names
                        .iter()
                        .take(LISTED)
                        .map(|n| crate::text::clip(n).into_owned())
                        .collect(),
                    more: names.len().saturating_sub(LISTED),
                }
            } else {
                HeaderSeen::NotColumns {
                    fields: names.len(),
                }
            };
            let renames = missing
                .iter()
                .filter_map(|want| {
                    names
                        .iter()
                        .find(|n| closest(n, &[want]).is_some() || synonym(n) == Some(want))
                        .map(|n| (clip(n).into_owned(), *want))
                })
                .collect();
            // One column that holds another separator: the wrong delimiter.
            let delimiter = other_delimiter.map(|d| {
                if d == b'\t' {
                    "\\t".to_string()
                } else {
                    (d as char).to_string()
                }
            });
            let loc = self.location(row, 1);
            let code = Code::MissingColumn {
                missing,
                found,
                renames,
                delimiter,
            };
            self.error(loc, code);
            return None;
        }
        // A sheet's empty columns (before its table, between its parts)
        // are not columns anyone wrote.
        let sheet = self.sheets.get(file as usize) == Some(&true);
        let ignored: Vec<String> = names
            .iter()
            .enumerate()
            .filter(|(i, n)| {
                !KNOWN_COLUMNS.contains(&n.as_str())
                    || (n.as_str() == "id" && Some(*i) != indicator)
            })
            .filter(|(_, n)| !(sheet && n.is_empty()))
            .filter(|(i, _)| !spread_col(*i))
            .map(|(_, n)| {
                if n.is_empty() {
                    "(blank)".to_string()
                } else {
                    n.clone()
                }
            })
            .collect();
        if !ignored.is_empty() {
            let name = self.files.get(file as usize).cloned().unwrap_or_default();
            self.ignored_columns.push((name, ignored));
        }
        // A wide table's period or entity is a field added to each cell's
        // record, after the row's own.
        let added = Some(names.len());
        let across = self.options.wide.unwrap_or(Across::Period);
        let mut columns = Columns {
            indicator: indicator?,
            value: value?,
            period: match (&spread, across) {
                (Some(_), Across::Period) => added,
                _ => find(&["period"]),
            },
            unit: find(&["unit"]),
            entity: match (&spread, across) {
                (Some(_), Across::Entity) => added,
                _ => find(&["entity"]),
            },
            source: find(&["source"]),
            published: find(&["published"]),
            rows: find(&["rows"]),
            unread: 0,
            wide: names.len() > 64,
        };
        if let Some(mut spread) = spread {
            // Each cell's record is read with no column unread: the row's
            // own are checked once, not once a cell.
            spread.unread = (0..names.len())
                .filter(|&i| !columns.reads(i) && !spread_col(i))
                .collect();
            self.spread = Some(spread);
            columns.wide = false;
            return Some(columns);
        }
        columns.unread = (0..names.len().min(64))
            .filter(|&i| !columns.reads(i))
            .fold(0, |bits, i| bits | 1 << i);
        Some(columns)
    }
}

/// Physical line numbers for the csv reader's records, from the newlines
/// that pass through it. Only the newlines the reader has read ahead of the
/// current record are kept, so memory stays flat.
#[derive(Debug, Default)]
pub(super) struct LineIndex {
    /// Newlines before the current record.
    pub(super) passed: u64,
    /// Newlines read but not yet passed: their offset, and whether the line
    /// they end was blank (nothing but `\r`).
    pub(super) pending: VecDeque<(u64, bool)>,
    /// Bytes read so far.
    pub(super) offset: u64,
    /// Whether the line being read has had anything but line-end bytes.
    pub(super) started: bool,
    /// A `\r` ended the last chunk: a line end unless a `\n` follows.
    pub(super) cr_pending: bool,
    pub(super) cr_offset: u64,
    /// Where the csv reader's last record ended: reading more than
    /// [`MAX_LINE`] past it (and the reader's buffer) is refused.
    pub(super) record_end: u64,
    /// Whether a lone `\r` has been seen (a line end the csv reader's own
    /// line count does not see).
    pub(super) lone_cr: bool,
}

/// The error [`Counted`] returns for a record longer than [`MAX_LINE`].
#[derive(Debug)]
pub(super) struct TooLong;

impl std::fmt::Display for TooLong {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "a line longer than {} bytes", MAX_LINE)
    }
}

impl std::error::Error for TooLong {}

impl LineIndex {
    /// Note the line ends in `bytes`: `\n`, `\r\n` (ending at its `\n`),
    /// and a lone `\r`, which the csv reader also takes for a line end (old
    /// Mac files). A `\r` last in a chunk is decided by the next chunk.
    pub(super) fn scan(&mut self, bytes: &[u8]) {
        if std::mem::take(&mut self.cr_pending) && bytes.first() != Some(&b'\n') {
            self.lone_cr = true;
            self.pending.push_back((self.cr_offset, !self.started));
            self.started = false;
        }
        let mut from = 0;
        for p in memchr::memchr2_iter(b'\r', b'\n', bytes) {
            self.started |= p > from;
            let end = match bytes[p] {
                b'\n' => true,
                _ => match bytes.get(p + 1) {
                    Some(b'\n') => false, // the \n ends this line
                    Some(_) => true,
                    None => {
                        self.cr_pending = true;
                        self.cr_offset = self.offset + p as u64;
                        false
                    }
                },
            };
            if end {
                self.lone_cr |= bytes[p] == b'\r';
                self.pending
                    .push_back((self.offset + p as u64, !self.started));
                self.started = false;
            }
            from = p + 1;
        }
        self.started |= bytes.len() > from;
        self.offset += bytes.len() as u64;
    }

    /// The 1-based line of the record whose bytes start at `start`: its
    /// content begins after any rest of the previous line ending and any
    /// blank lines.
    pub(super) fn line_at(&mut self, start: u64) -> u64 {
        while let Some(&(offset, _)) = self.pending.front() {
            if offset >= start {
                break;
            }
            self.passed += 1;
            self.pending.pop_front();
        }
        let mut line = self.passed + 1;
        for (i, &(offset, blank)) in self.pending.iter().enumerate() {
            if (i == 0 && offset == start) || blank {
                line += 1;
            } else {
                break;
            }
        }
        line
    }
}

/// The field of `record` where a value over lines opens (its index), and
/// how many lines the record's values span; None for a record on one line.
pub(super) fn multiline_spanned(record: &csv::ByteRecord) -> Option<(usize, u64)> {
    let breaks = |f: &[u8]| {
        // \r\n, \n and a lone \r each end a line, as line numbers count.
        let lf = memchr::memchr_iter(b'\n', f).count();
        let cr = memchr::memchr_iter(b'\r', f)
            .filter(|&i| f.get(i + 1) != Some(&b'\n'))
            .count();
        lf + cr
    };
    memchr::memchr2(b'\n', b'\r', record.as_slice())?;
    let col = record.iter().position(|f| breaks(f) > 0)?;
    Some((col, record.iter().map(breaks).sum::<usize>() as u64))
}

/// The `multiline_value` warning of a quoted value that opens on `line` and
/// runs over the next `spanned` lines.
/// A quoted value that opens on `line` and spans `spanned` line breaks.
pub(super) fn multiline_value(line: u64, spanned: u64) -> Code {
    let closes = line + spanned;
    Code::MultilineValue { closes, spanned }
}

pub(super) fn csv_error(e: &csv::Error) -> Code {
    match e.kind() {
        csv::ErrorKind::Io(io) => Code::CsvUnreadable {
            reason: io.to_string(),
        },
        _ => Code::CsvMalformed {
            reason: e.to_string(),
        },
    }
}
