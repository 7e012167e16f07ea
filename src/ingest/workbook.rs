//! Workbooks as actuals (reference §3.1): a sheet of an `.xlsx`, `.xlsm`,
//! `.xlsb`, `.xls` or `.ods` file, read with calamine, becomes another
//! source of records. Each of its rows is written as one csv record, padded
//! so that the record's line is the sheet's row and its field the sheet's
//! column, and the records go through the same readers and row rules as a
//! csv file's: the ledger, `explain`, `check`, `--by` and every output
//! work the same, and every location is the sheet's cell
//! (`book.xlsx#Sheet!C14`).
//!
//! A cell is written as what it holds, never as it is displayed: a number
//! as its digits (see [`number_text`]) with the run's decimal separator and
//! no grouping, so the locale reader reads it back exactly; text as it is
//! (the usual locale rules apply to it); a date as its day; a formula as
//! its cached value. Cells that hold an error (`#DIV/0!`) or a formula
//! without a value are errors that name the cell.

use calamine::{Data, Range, Reader};

use super::*;

/// The file extensions read as workbooks.
const EXTENSIONS: [&str; 5] = ["xlsx", "xlsm", "xlsb", "xls", "ods"];

/// How many rows from the top a header is looked for in.
const HEADER_SEARCH: usize = 50;

/// Excel holds 15 significant digits; a float with more (`0.1 + 0.2` is
/// 0.30000000000000004) is float noise, rounded to the 15 Excel shows.
const EXCEL_DIGITS: usize = 15;

/// Whether `path` names a workbook, by its extension.
pub(crate) fn is_workbook(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| EXTENSIONS.iter().any(|w| w.eq_ignore_ascii_case(e)))
}

/// A workbook path and the sheet it names: `book.xlsx#Sheet` is the sheet
/// `Sheet` of `book.xlsx` (unless a file of that whole name exists);
/// `book.xlsx` names none. `None` when `path` is not a workbook's.
pub fn workbook_sheet(path: &Path) -> Option<(PathBuf, Option<String>)> {
    if is_workbook(path) {
        return Some((path.to_path_buf(), None));
    }
    let text = path.to_str()?;
    let (book, sheet) = text.rsplit_once('#')?;
    let book = Path::new(book);
    (is_workbook(book) && !path.exists()).then(|| (book.to_path_buf(), Some(sheet.to_string())))
}

/// A header cell's name as the header reader matches it: its text
/// trimmed and lowercased. `None` for a cell that holds no text.
fn header_name(cell: &Data) -> Option<String> {
    match cell {
        Data::String(s) => Some(s.trim().to_lowercase()),
        _ => None,
    }
}

/// Whether a header cell names the indicator column, as the header reader
/// takes it or would suggest it.
fn names_indicator(cell: &Data) -> bool {
    header_name(cell).is_some_and(|name| {
        name == "indicator" || name == "id" || synonym(&name) == Some("indicator")
    })
}

/// A cell with nothing to read: empty, or an empty text (what a formula
/// written without its result holds).
fn blank_cell(cell: &Data) -> bool {
    match cell {
        Data::Empty => true,
        Data::String(s) => s.is_empty(),
        _ => false,
    }
}

/// A number as the decimal it stands for: the shortest text that reads
/// back as the same float (Rust writes it without an exponent), or, when
/// that has more than 15 significant digits, the float rounded to 15, as
/// Excel shows it. With `decimal` for the point.
pub(crate) fn number_text(value: f64, decimal: char) -> String {
    if !value.is_finite() {
        return String::new();
    }
    // Below half of the 15th decimal place: the noise of a subtraction
    // (`=0.3-0.1-0.2` holds -2.8e-17), which Excel shows as 0.
    if value.abs() < 5e-16 {
        return "0".into();
    }
    // Rounded to 15 significant digits, a float whose shortest text has
    // 15 or fewer is that text (it lies far closer to it than a 15-digit
    // step): the usual case, taken as it is. One with more loses its
    // noise; then at most 15 places.
    let shortest = format!("{value}");
    let (int, frac) = shortest.split_once('.').unwrap_or((&shortest, ""));
    let int = int.trim_start_matches('-').trim_start_matches('0');
    let significant = if int.is_empty() {
        frac.trim_start_matches('0').len()
    } else {
        int.len() + frac.len()
    };
    let text = if significant <= EXCEL_DIGITS && frac.len() <= EXCEL_DIGITS {
        shortest
    } else {
        let rounded = format!("{:.*e}", EXCEL_DIGITS - 1, value);
        match Decimal::from_scientific(&rounded) {
            Ok(d) => d.round_dp(EXCEL_DIGITS as u32).normalize().to_string(),
            // Past what a decimal holds (1e28 and more): as it is, for the
            // reader to refuse as too large.
            Err(_) => shortest,
        }
    };
    if decimal == '.' {
        text
    } else {
        text.replace('.', &decimal.to_string())
    }
}

/// A cell's text in a csv record: what it holds, never how it is shown.
/// In a header (`header`), a date on the 1st of a month is that month: a
/// column typed `1/2022` or `Jan 2022` is a date Excel shows as `Jan-22`.
fn cell_text(cell: &Data, decimal: char, header: bool, out: &mut Vec<u8>) {
    let mut push_text = |text: &str| {
        if text.contains([',', '"', '\n', '\r']) {
            // A line break in a cell (Alt+Enter) reads as a space: the
            // record stays on the sheet's row.
            out.push(b'"');
            for c in text.chars() {
                match c {
                    '"' => out.extend_from_slice(b"\"\""),
                    '\n' | '\r' => out.push(b' '),
                    c => {
                        let mut buf = [0u8; 4];
                        out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
                    }
                }
            }
            out.push(b'"');
        } else {
            out.extend_from_slice(text.as_bytes());
        }
    };
    match cell {
        Data::Empty | Data::Error(_) => {}
        Data::String(s) => push_text(s),
        Data::Int(i) => push_text(&i.to_string()),
        Data::Float(f) => push_text(&number_text(*f, decimal)),
        Data::Bool(b) => push_text(if *b { "TRUE" } else { "FALSE" }),
        // A time of day alone (a serial under 1) is no day: its number.
        Data::DateTime(d) if d.is_datetime() && d.as_f64() >= 1.0 => {
            let (y, m, day, ..) = d.to_ymd_hms_milli();
            if header && day == 1 {
                push_text(&format!("{y:04}-{m:02}"));
            } else {
                push_text(&format!("{y:04}-{m:02}-{day:02}"));
            }
        }
        Data::DateTime(d) => push_text(&number_text(d.as_f64(), decimal)),
        // OpenDocument dates: the day, without a time.
        Data::DateTimeIso(s) => {
            let day = s.split('T').next().unwrap_or_default();
            match day.strip_suffix("-01") {
                Some(month) if header && month.len() == 7 => push_text(month),
                _ => push_text(day),
            }
        }
        Data::DurationIso(s) => push_text(s),
    }
}

/// A cell of a sheet: its row and column (from 0) and what it holds.
type SheetCell = (u32, u32, Data);

/// A sheet's cells in row-major order, the empty ones left out: an xlsx
/// sheet read as a stream, so that memory does not grow with its rows, or
/// a sheet calamine loads whole (ods, xls, xlsb).
enum Cells<'b> {
    /// calamine's cell reader (whose type it does not name), its cells
    /// given as they come.
    Stream(Box<dyn FnMut() -> Result<Option<SheetCell>, String> + 'b>),
    Loaded {
        range: Range<Data>,
        /// The next cell to look at, relative to the range.
        at: (usize, usize),
    },
}

impl Cells<'_> {
    /// The next filled cell; `Err` with why the sheet cannot be read on.
    fn next(&mut self) -> Result<Option<SheetCell>, String> {
        match self {
            Cells::Stream(next) => next(),
            Cells::Loaded { range, at } => {
                let (top, left) = range.start().unwrap_or((0, 0));
                let (height, width) = range.get_size();
                while at.0 < height {
                    let (r, c) = *at;
                    *at = if c + 1 < width {
                        (r, c + 1)
                    } else {
                        (r + 1, 0)
                    };
                    match range.get((r, c)) {
                        Some(Data::Empty) | None => {}
                        Some(value) => {
                            return Ok(Some((top + r as u32, left + c as u32, value.clone())));
                        }
                    }
                }
                Ok(None)
            }
        }
    }
}

/// What reading a sheet found that is not a row: cells holding an error,
/// empty cells of the `value` column (a formula without a value would be
/// one: calamine gives it as empty), and why reading stopped, if it did.
/// The sheet's formulas are read (a second pass) only when there are such
/// cells, or the workbook says its formulas were never calculated.
#[derive(Default)]
struct Found {
    errors: Vec<(u32, u32, String)>,
    blanks: Vec<(u32, u32)>,
    stopped: Option<String>,
}

/// A sheet as csv bytes, one record per row from the sheet's first row:
/// the rows above the header (and any wholly empty row) blank lines, and
/// every record's fields the sheet's columns from A to the header's last,
/// so that lines and fields are the sheet's rows and columns.
struct SheetCsv<'b> {
    cells: Cells<'b>,
    /// Cells read ahead (finding the header), then the next one.
    ahead: VecDeque<SheetCell>,
    /// The next row to write (from 0).
    next: u32,
    /// The header's row (from 0): rows above it are blank lines.
    header: u32,
    /// Which columns the header names: its last is the records' width.
    named: Vec<bool>,
    /// Which columns attain reads (an error value elsewhere, in a note,
    /// is no error).
    read: Vec<bool>,
    /// The `value` column: an empty cell in it may be a formula without a
    /// value. (A wide table's empty cells are months not reported yet.)
    value: Option<u32>,
    decimal: char,
    found: Rc<RefCell<Found>>,
    done: bool,
    buf: Vec<u8>,
    at: usize,
}

impl SheetCsv<'_> {
    fn next_cell(&mut self) -> Option<SheetCell> {
        if let Some(cell) = self.ahead.pop_front() {
            return Some(cell);
        }
        if self.done {
            return None;
        }
        match self.cells.next() {
            Ok(Some(cell)) => Some(cell),
            Ok(None) => {
                self.done = true;
                None
            }
            Err(reason) => {
                self.done = true;
                self.found.borrow_mut().stopped = Some(reason);
                None
            }
        }
    }

    fn peek_row(&mut self) -> Option<u32> {
        if self.ahead.is_empty() {
            let cell = self.next_cell()?;
            self.ahead.push_back(cell);
        }
        self.ahead.front().map(|c| c.0)
    }

    /// Write rows into `buf` until it holds some, or the sheet ends.
    fn fill(&mut self) {
        self.buf.clear();
        self.at = 0;
        let width = self.named.len() as u32;
        let mut row: Vec<SheetCell> = Vec::new();
        while self.buf.len() < (1 << 16) {
            let Some(first) = self.next_cell() else {
                return;
            };
            let r = first.0;
            row.clear();
            row.push(first);
            while self.peek_row() == Some(r) {
                if let Some(cell) = self.next_cell() {
                    row.push(cell);
                }
            }
            for _ in self.next..r {
                self.buf.push(b'\n');
            }
            self.next = r + 1;
            row.retain(|c| c.1 < width);
            if r <= self.header || row.is_empty() {
                if r == self.header {
                    self.write(&row, width);
                }
                self.buf.push(b'\n');
                continue;
            }
            let mut found = self.found.borrow_mut();
            for (_, c, value) in &row {
                if let Data::Error(e) = value
                    && self.read.get(*c as usize) == Some(&true)
                {
                    found.errors.push((r, *c, e.to_string()));
                }
            }
            if let Some(v) = self.value {
                let held = row.iter().find(|cell| cell.1 == v);
                if held.is_none_or(|cell| blank_cell(&cell.2)) {
                    found.blanks.push((r, v));
                }
            }
            drop(found);
            self.write(&row, width);
            self.buf.push(b'\n');
        }
    }

    /// One record's fields: the cells of `row` in their columns.
    fn write(&mut self, row: &[SheetCell], width: u32) {
        let mut cells = row.iter().peekable();
        for c in 0..width {
            if c > 0 {
                self.buf.push(b',');
            }
            if let Some(cell) = cells.next_if(|cell| cell.1 == c) {
                let header = row.first().is_some_and(|cell| cell.0 == self.header);
                cell_text(&cell.2, self.decimal, header, &mut self.buf);
            }
        }
    }
}

impl Read for SheetCsv<'_> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        if self.at == self.buf.len() {
            self.fill();
        }
        let n = out.len().min(self.buf.len() - self.at);
        out[..n].copy_from_slice(&self.buf[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}

/// The cells read to find the header, and the header's row with whether
/// it has an indicator column (else it is the first row with anything).
type TopOfSheet = (VecDeque<SheetCell>, Option<(u32, bool)>);

/// Read the top of a sheet to find its header: the row given (from 0), or
/// the first among the top [`HEADER_SEARCH`] with an indicator column.
/// Returns the cells read, the header's row and whether it was found (or
/// is only the first row with anything in it); `None` for a sheet with
/// nothing in it.
fn find_header(cells: &mut Cells<'_>, given: Option<u32>) -> Result<TopOfSheet, String> {
    let mut ahead = VecDeque::new();
    let mut first: Option<u32> = None;
    let mut found: Option<u32> = None;
    let mut row_has_indicator = false;
    let mut current: Option<u32> = None;
    while let Some(cell) = cells.next()? {
        let r = cell.0;
        if current != Some(r) {
            // The row before is complete.
            if row_has_indicator && found.is_none() {
                found = current;
            }
            row_has_indicator = false;
            current = Some(r);
        }
        let top = *first.get_or_insert(r);
        row_has_indicator |= names_indicator(&cell.2);
        ahead.push_back(cell);
        let done = match given {
            Some(g) => r > g,
            None => found.is_some() || r >= top + HEADER_SEARCH as u32,
        };
        if done {
            break;
        }
    }
    if row_has_indicator && found.is_none() {
        found = current;
    }
    let header = match given {
        Some(g) => Some((g, true)),
        None => found.map(|f| (f, true)).or(first.map(|f| (f, false))),
    };
    Ok((ahead, header))
}

impl<'a> State<'a> {
    /// Read the sheet of the workbook at `path` that `sheet` (or
    /// `--sheet`) names, the first by default. `name` is the input as
    /// given, for messages about the file itself.
    pub(super) fn read_workbook(&mut self, path: &Path, sheet: Option<String>, name: &str) {
        let file_error = |state: &mut State<'_>, code: Code| {
            state.files.push(name.to_string());
            state.sheets.push(false);
            let loc = Location::new(name, 0, 0);
            state.error(loc, code);
        };
        if path.is_dir() {
            let reason = io::Error::from(io::ErrorKind::IsADirectory).to_string();
            let path = path.display().to_string();
            return file_error(self, Code::CannotOpen { path, reason });
        }
        let mut book = match calamine::open_workbook_auto(path) {
            Ok(book) => book,
            Err(e) => {
                let code = match std::fs::metadata(path) {
                    Err(io) => open_error(path, &io),
                    Ok(_) => Code::CannotOpen {
                        path: path.display().to_string(),
                        reason: e.to_string(),
                    },
                };
                return file_error(self, code);
            }
        };
        let sheets = book.sheet_names();
        let wanted = sheet.or_else(|| self.options.sheet.clone());
        // By default the first sheet a reader sees: visible, and a
        // worksheet (not a chart).
        let first = book
            .sheets_metadata()
            .iter()
            .find(|s| {
                s.visible == calamine::SheetVisible::Visible
                    && s.typ == calamine::SheetType::WorkSheet
            })
            .map(|s| s.name.clone());
        let chosen = match &wanted {
            Some(w) => pick_sheet(&sheets, w),
            None => first.or_else(|| sheets.first().cloned()),
        };
        let Some(chosen) = chosen else {
            let code = match wanted {
                Some(wanted) => Code::NoSuchSheet {
                    wanted: clip(&wanted).into_owned(),
                    sheets: sheets.iter().map(|s| clip(s).into_owned()).collect(),
                },
                None => Code::EmptyFile,
            };
            return file_error(self, code);
        };
        let shown = format!("{}#{chosen}", Input::File(path.to_path_buf()).display());
        let identity = format!("{:?}", crate::output::identity(path));
        if let Some((_, _, first)) = self
            .sheets_read
            .iter()
            .find(|(id, sheet, _)| *id == identity && *sheet == chosen)
        {
            let first = first.clone();
            return file_error(self, Code::SheetTwice { first });
        }
        self.sheets_read
            .push((identity, chosen.clone(), shown.clone()));
        let cannot = |e: &dyn std::fmt::Display| Code::CannotOpen {
            path: shown.clone(),
            reason: e.to_string(),
        };
        let mut cells = match &mut book {
            calamine::Sheets::Xlsx(xlsx) => match xlsx.worksheet_cells_reader(&chosen) {
                Ok(mut reader) => Cells::Stream(Box::new(move || {
                    loop {
                        match reader.next_cell() {
                            Ok(Some(cell)) => {
                                let (row, col) = cell.get_position();
                                let value = Data::from(cell.get_value().clone());
                                if value != Data::Empty {
                                    return Ok(Some((row, col, value)));
                                }
                            }
                            Ok(None) => return Ok(None),
                            Err(e) => return Err(e.to_string()),
                        }
                    }
                })),
                Err(e) => return file_error(self, cannot(&e)),
            },
            other => match other.worksheet_range(&chosen) {
                Ok(range) => Cells::Loaded { range, at: (0, 0) },
                Err(e) => return file_error(self, cannot(&e)),
            },
        };
        let file = self.files.len() as u32;
        self.files.push(shown.clone());
        self.sheets.push(true);
        let given = self.options.header_row.map(|n| n - 1);
        let (ahead, header) = match find_header(&mut cells, given) {
            Ok(found) => found,
            Err(reason) => {
                let loc = Location::new(shown.clone(), 0, 0);
                self.error(loc, cannot(&reason));
                return;
            }
        };
        if let Some(given) = given {
            let last = ahead.iter().map(|c| c.0).max();
            if last.is_none_or(|last| last < given) {
                let loc = Location::new(shown, 0, 0);
                let code = Code::HeaderRowPastEnd {
                    row: given + 1,
                    last: last.map_or(0, |l| l + 1),
                };
                self.error(loc, code);
                return;
            }
        }
        // The first sheet, taken by default, that has no indicator column
        // where a header would be: the workbook's other sheets are named,
        // and the first that looks like actuals.
        let with_indicator = header.is_some_and(|(_, indicator)| indicator);
        if !with_indicator && wanted.is_none() && sheets.len() > 1 {
            drop(cells);
            let likely = sheets
                .iter()
                .filter(|s| **s != chosen)
                .find(|s| {
                    book.worksheet_range(s).is_ok_and(|range| {
                        let mut cells = Cells::Loaded { range, at: (0, 0) };
                        matches!(find_header(&mut cells, None), Ok((_, Some((_, true)))))
                    })
                })
                .map(|s| clip(s).into_owned());
            let code = Code::SheetNotActuals {
                sheet: clip(&chosen).into_owned(),
                sheets: sheets.iter().map(|s| clip(s).into_owned()).collect(),
                likely,
            };
            self.error(Location::new(shown, 0, 0), code);
            return;
        }
        let Some((header, _)) = header else {
            let loc = self.location(RowRef { file, line: 1 }, 0);
            self.diagnostics
                .push(Diagnostic::warning(Some(loc), Code::EmptyFile));
            return;
        };
        let mut rows_above: Vec<u32> = ahead.iter().map(|c| c.0).filter(|&r| r < header).collect();
        rows_above.dedup();
        if !rows_above.is_empty() {
            self.above_header.push(AboveHeader {
                file: shown.clone(),
                rows: rows_above.len() as u64,
                header: u64::from(header) + 1,
            });
        }
        // The header's columns, in one pass over its cells (a wide table's
        // can be thousands): which are named, which read, which is `value`.
        let mut named: Vec<bool> = Vec::new();
        let mut read: Vec<bool> = Vec::new();
        let mut value = None;
        for (_, c, cell) in ahead.iter().filter(|c| c.0 == header) {
            let c = *c as usize;
            if named.len() <= c {
                named.resize(c + 1, false);
                read.resize(c + 1, false);
            }
            named[c] = !blank_cell(cell);
            let name = header_name(cell).unwrap_or_else(|| cell.to_string());
            read[c] = named[c] && self.reads_column(&name);
            let is_value = name == "value" || synonym(&name) == Some("value");
            if value.is_none() && is_value && matches!(cell, Data::String(_)) {
                value = Some(c as u32);
            }
        }
        let found = Rc::new(RefCell::new(Found::default()));
        let reader = SheetCsv {
            cells,
            ahead,
            next: 0,
            header,
            named,
            read,
            value,
            decimal: self.options.locale.decimal_sep(),
            found: Rc::clone(&found),
            done: false,
            buf: Vec::with_capacity(1 << 16),
            at: 0,
        };
        // Whether the workbook's formulas were never calculated is looked
        // up on another thread while this one reads the sheet: it reads
        // the sheets' XML through once more.
        let book_path = path.to_path_buf();
        let stale =
            std::thread::spawn(move || never_calculated(&book_path) && has_formulas(&book_path));
        self.file_failed = false;
        let refused = RefCell::new(None);
        blocks::read_stream(self, Box::new(reader), file, b',', &refused);
        let found = std::mem::take(&mut *found.borrow_mut());
        let stale = stale.join().unwrap_or(true);
        self.cell_problems(&mut book, &chosen, stale, header, found);
    }

    /// Whether a column of this header is read: one of attain's own (not
    /// `note`, `name`, `plan`), or a wide table's period or entity.
    fn reads_column(&self, name: &str) -> bool {
        if KNOWN_COLUMNS.contains(&name) || synonym(name).is_some() {
            return !matches!(name, "note" | "name" | "plan");
        }
        match self.options.wide {
            Some(Across::Entity) => true,
            _ => wide::period_column(name, self.campaign.span).is_some(),
        }
    }

    /// (`stale`: the workbook asks for its formulas to be calculated on
    /// opening and has some. It says so whether it has any or not,
    /// xlsxwriter's always does: its sheets' XML is looked through for a
    /// formula first, which costs a tenth of reading the formulas.)
    ///
    /// Errors at the cells that hold no value to read: an error value
    /// (`#DIV/0!`), or a formula never calculated (a file written by a
    /// program, not saved by a spreadsheet), in the header's columns; and
    /// a sheet whose reading stopped.
    fn cell_problems<R>(
        &mut self,
        book: &mut calamine::Sheets<R>,
        sheet: &str,
        stale: bool,
        header: u32,
        found: Found,
    ) where
        R: io::Read + io::Seek,
    {
        let file = self.files.len() as u32 - 1;
        let at = |r: u32| RowRef {
            file,
            line: u64::from(r) + 1,
        };
        for (r, c, error) in &found.errors {
            let loc = self.location(at(*r), u64::from(*c) + 1);
            let error = error.clone();
            self.error(loc, Code::CellError { error });
        }
        if let Some(reason) = found.stopped {
            let loc = self.location(RowRef { file, line: 0 }, 0);
            let path = self.files.last().cloned().unwrap_or_default();
            self.error(loc, Code::CannotOpen { path, reason });
        }
        if found.blanks.is_empty() && !stale {
            return;
        }
        let Ok(formulas) = book.worksheet_formula(sheet) else {
            return;
        };
        let blanks: rustc_hash::FxHashSet<(u32, u32)> = found.blanks.into_iter().collect();
        let errors: rustc_hash::FxHashSet<(u32, u32)> =
            found.errors.iter().map(|(r, c, _)| (*r, *c)).collect();
        let (fr, fc) = formulas.start().unwrap_or((0, 0));
        for (r, c, formula) in formulas.used_cells() {
            let (r, c) = (fr + r as u32, fc + c as u32);
            if formula.is_empty() || r <= header || errors.contains(&(r, c)) {
                continue;
            }
            // An error value is named already, as what it is.
            if stale || blanks.contains(&(r, c)) {
                let loc = self.location(at(r), u64::from(c) + 1);
                let formula = clip(formula).into_owned();
                self.error(loc, Code::UncalculatedFormula { formula });
            }
        }
    }
}

fn never_calculated(path: &Path) -> bool {
    let Ok(file) = std::fs::File::open(path) else {
        return false;
    };
    let Ok(mut zip) = zip::ZipArchive::new(io::BufReader::new(file)) else {
        return false;
    };
    let Ok(part) = zip.by_name("xl/workbook.xml") else {
        return false;
    };
    let mut xml = String::new();
    if part.take(1 << 20).read_to_string(&mut xml).is_err() {
        return false;
    }
    xml.contains(r#"fullCalcOnLoad="1""#) || xml.contains(r#"fullCalcOnLoad="true""#)
}

/// Whether any worksheet of an xlsx holds a formula: an `<f>` element
/// (`<f>`, `<f t="shared" …>`, `<x:f>`) in its XML.
fn has_formulas(path: &Path) -> bool {
    let Ok(file) = std::fs::File::open(path) else {
        return true;
    };
    let Ok(mut zip) = zip::ZipArchive::new(io::BufReader::new(file)) else {
        return true;
    };
    let parts: Vec<String> = zip
        .file_names()
        .filter_map(Result::ok)
        .filter(|n| n.starts_with("xl/worksheets/") && n.ends_with(".xml"))
        .map(|n| n.to_string())
        .collect();
    let mut chunk = vec![0u8; 1 << 16];
    for part in parts {
        let Ok(mut xml) = zip.by_name(&part) else {
            return true;
        };
        // The last two bytes of a chunk are kept for an element cut by it.
        let mut kept = 0;
        loop {
            let n = match xml.read(&mut chunk[kept..]) {
                Ok(0) => break,
                Ok(n) => n,
                Err(_) => return true,
            };
            let bytes = &chunk[..kept + n];
            // `<f` or a prefix's `:f`, then the end of the name. (A text
            // that holds `:f>` only costs the reading of the formulas.)
            let formula = memchr::memchr_iter(b'f', bytes).any(|i| {
                i > 0
                    && matches!(bytes[i - 1], b'<' | b':')
                    && matches!(bytes.get(i + 1), Some(b'>' | b' ' | b'/'))
            });
            if formula {
                return true;
            }
            kept = bytes.len().min(2);
            let from = bytes.len() - kept;
            chunk.copy_within(from..from + kept, 0);
        }
    }
    false
}

/// The sheet `wanted` names: its name exactly, else as written in another
/// case or with spaces around, else its number from 1.
fn pick_sheet(sheets: &[String], wanted: &str) -> Option<String> {
    let folded = wanted.trim().to_lowercase();
    sheets
        .iter()
        .find(|s| *s == wanted)
        .or_else(|| sheets.iter().find(|s| s.trim().to_lowercase() == folded))
        .or_else(|| {
            let n: usize = wanted.trim().parse().ok()?;
            sheets.get(n.checked_sub(1)?)
        })
        .cloned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_float_is_its_shortest_digits_and_float_noise_is_rounded() {
        assert_eq!(number_text(30567.0, ','), "30567");
        assert_eq!(number_text(91.7, ','), "91,7");
        assert_eq!(number_text(7.39, '.'), "7.39");
        assert_eq!(number_text(0.1 + 0.2, '.'), "0.3");
        assert_eq!(number_text(-1.5e-7, '.'), "-0.00000015");
        assert_eq!(number_text(1e21, '.'), "1000000000000000000000");
        assert_eq!(number_text(123456789.12345678, '.'), "123456789.123457");
        assert_eq!(number_text(f64::NAN, '.'), "");
        assert_eq!(number_text(0.3 - 0.1 - 0.2, '.'), "0");
        assert_eq!(number_text(1.234567890123456e-10, '.'), "0.000000000123457");
        assert_eq!(number_text(-46.4, ','), "-46,4");
        assert_eq!(number_text(123456789012345.0, '.'), "123456789012345");
    }

    #[test]
    fn a_date_is_its_day_a_month_in_a_header_and_a_time_alone_its_number() {
        use calamine::{ExcelDateTime, ExcelDateTimeType};
        let text = |serial: f64, header: bool| {
            let cell = Data::DateTime(ExcelDateTime::new(
                serial,
                ExcelDateTimeType::DateTime,
                false,
            ));
            let mut out = Vec::new();
            cell_text(&cell, ',', header, &mut out);
            String::from_utf8(out).unwrap()
        };
        // 44742 is 2022-06-30, 44562 2022-01-01.
        assert_eq!(text(44742.0, false), "2022-06-30");
        assert_eq!(text(44742.75, false), "2022-06-30");
        assert_eq!(text(44562.0, true), "2022-01");
        assert_eq!(text(44562.0, false), "2022-01-01");
        // A decimal comma is quoted in the record.
        assert_eq!(text(0.5, false), "\"0,5\"");
        let iso = |s: &str, header: bool| {
            let mut out = Vec::new();
            cell_text(&Data::DateTimeIso(s.into()), '.', header, &mut out);
            String::from_utf8(out).unwrap()
        };
        assert_eq!(iso("2022-06-30T00:00:00", false), "2022-06-30");
        assert_eq!(iso("2022-03-01", true), "2022-03");
    }

    #[test]
    fn a_sheet_is_named_by_its_name_its_case_or_its_number() {
        let sheets = vec!["Tổng hợp".to_string(), "Thực hiện".to_string()];
        assert_eq!(
            pick_sheet(&sheets, "Thực hiện").as_deref(),
            Some("Thực hiện")
        );
        assert_eq!(
            pick_sheet(&sheets, " thực hiện ").as_deref(),
            Some("Thực hiện")
        );
        assert_eq!(pick_sheet(&sheets, "2").as_deref(), Some("Thực hiện"));
        assert_eq!(pick_sheet(&sheets, "3"), None);
        assert_eq!(pick_sheet(&sheets, "0"), None);
    }

    #[test]
    fn a_hash_names_a_sheet_of_a_workbook_only() {
        assert_eq!(
            workbook_sheet(Path::new("a/b.xlsx#Thực hiện")),
            Some((PathBuf::from("a/b.xlsx"), Some("Thực hiện".into())))
        );
        assert_eq!(
            workbook_sheet(Path::new("b.ODS")),
            Some((PathBuf::from("b.ODS"), None))
        );
        assert_eq!(workbook_sheet(Path::new("b.csv#x")), None);
        assert_eq!(workbook_sheet(Path::new("b.csv")), None);
    }
}
