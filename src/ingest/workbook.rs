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

/// Whether a header cell names the indicator column, as the header reader
/// takes it or would suggest it.
fn names_indicator(cell: &Data) -> bool {
    let Data::String(s) = cell else {
        return false;
    };
    let name = s.trim().to_lowercase();
    name == "indicator" || name == "id" || synonym(&name) == Some("indicator")
}

/// The row (0-based, the sheet's) of the header in `range`: the first row
/// of the top [`HEADER_SEARCH`] with an indicator column (so that a title
/// above the table is passed over); `None` when none has.
fn header_row(range: &Range<Data>) -> Option<u32> {
    let (top, _) = range.start()?;
    range
        .rows()
        .take(HEADER_SEARCH)
        .position(|row| row.iter().any(names_indicator))
        .map(|i| top + i as u32)
}

/// The first row with anything in it (0-based, the sheet's).
fn first_filled_row(range: &Range<Data>) -> Option<u32> {
    let (top, _) = range.start()?;
    range
        .rows()
        .position(|row| row.iter().any(|c| *c != Data::Empty))
        .map(|i| top + i as u32)
}

/// A number as the decimal it stands for: the shortest text that reads
/// back as the same float (Rust writes it without an exponent), or, when
/// that has more than 15 significant digits, the float rounded to 15, as
/// Excel shows it. With `decimal` for the point.
pub(crate) fn number_text(value: f64, decimal: char) -> String {
    if !value.is_finite() {
        return String::new();
    }
    let shortest = format!("{value}");
    let digits = shortest
        .trim_start_matches(['-', '0', '.'])
        .replace('.', "");
    let significant = digits.trim_end_matches('0').len();
    let text = if significant > EXCEL_DIGITS {
        let rounded = format!("{:.*e}", EXCEL_DIGITS - 1, value);
        Decimal::from_scientific(&rounded)
            .map(|d| d.normalize().to_string())
            .unwrap_or(shortest)
    } else {
        shortest
    };
    if decimal == '.' {
        text
    } else {
        text.replace('.', &decimal.to_string())
    }
}

/// A cell's text in a csv record: what it holds, never how it is shown.
fn cell_text(cell: &Data, decimal: char, out: &mut Vec<u8>) {
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
        Data::DateTime(d) if d.is_datetime() => {
            let (y, m, day, ..) = d.to_ymd_hms_milli();
            push_text(&format!("{y:04}-{m:02}-{day:02}"));
        }
        Data::DateTime(d) => push_text(&number_text(d.as_f64(), decimal)),
        // OpenDocument dates: the day, without a time.
        Data::DateTimeIso(s) => push_text(s.split('T').next().unwrap_or_default()),
        Data::DurationIso(s) => push_text(s),
    }
}

/// A sheet as csv bytes, one record per row from the sheet's first row:
/// the rows above the header (and any wholly empty row) blank lines, and
/// every record padded with the empty columns before the used range, so
/// that lines and fields are the sheet's rows and columns.
struct SheetCsv {
    range: Range<Data>,
    /// The next row to write, relative to the sheet's row 1.
    next: u32,
    /// The header's row (0-based, the sheet's): rows above it are blank.
    header: u32,
    top: u32,
    left: u32,
    end: u32,
    decimal: char,
    buf: Vec<u8>,
    at: usize,
}

impl SheetCsv {
    fn new(range: Range<Data>, header: u32, decimal: char) -> SheetCsv {
        let (top, left) = range.start().unwrap_or((0, 0));
        let end = range.end().map_or(0, |(row, _)| row + 1);
        SheetCsv {
            range,
            next: 0,
            header,
            top,
            left,
            end,
            decimal,
            buf: Vec::with_capacity(1 << 16),
            at: 0,
        }
    }

    /// Write rows into `buf` until it holds some.
    fn fill(&mut self) {
        self.buf.clear();
        self.at = 0;
        while self.buf.len() < (1 << 16) && self.next < self.end {
            let r = self.next;
            self.next += 1;
            if r < self.top || r < self.header {
                self.buf.push(b'\n');
                continue;
            }
            let width = self.range.width();
            let row = (r - self.top) as usize;
            let cells = (0..width).filter_map(|c| self.range.get((row, c)));
            if cells.clone().all(|c| *c == Data::Empty) {
                self.buf.push(b'\n');
                continue;
            }
            for _ in 0..self.left {
                self.buf.push(b',');
            }
            for (i, cell) in cells.enumerate() {
                if i > 0 {
                    self.buf.push(b',');
                }
                cell_text(cell, self.decimal, &mut self.buf);
            }
            self.buf.push(b'\n');
        }
    }
}

impl Read for SheetCsv {
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
        let chosen = match &wanted {
            Some(w) => pick_sheet(&sheets, w),
            None => sheets.first().cloned(),
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
        let range = match book.worksheet_range(&chosen) {
            Ok(range) => range,
            Err(e) => {
                let code = Code::CannotOpen {
                    path: format!("{}#{chosen}", path.display()),
                    reason: e.to_string(),
                };
                return file_error(self, code);
            }
        };
        let file = self.files.len() as u32;
        let shown = format!("{}#{chosen}", Input::File(path.to_path_buf()).display());
        self.files.push(shown.clone());
        self.sheets.push(true);

        let header = match self.options.header_row {
            Some(n) => Some(n - 1),
            None => header_row(&range),
        };
        // The first sheet, taken by default, that has no indicator column
        // where a header would be: the workbook's other sheets are named,
        // those that look like actuals first.
        if header.is_none() && wanted.is_none() && sheets.len() > 1 {
            let likely = sheets
                .iter()
                .skip(1)
                .find(|s| {
                    book.worksheet_range(s)
                        .is_ok_and(|r| header_row(&r).is_some())
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
        let Some(header) = header.or_else(|| first_filled_row(&range)) else {
            let loc = self.location(RowRef { file, line: 1 }, 0);
            self.diagnostics
                .push(Diagnostic::warning(Some(loc), Code::EmptyFile));
            return;
        };
        let (top, _) = range.start().unwrap_or((0, 0));
        let above = range
            .rows()
            .take(header.saturating_sub(top) as usize)
            .filter(|row| row.iter().any(|c| *c != Data::Empty))
            .count() as u64;
        if above > 0 {
            self.above_header.push(AboveHeader {
                file: shown,
                rows: above,
                header: u64::from(header) + 1,
            });
        }
        self.cell_problems(&mut book, &chosen, &range, header);
        let reader = SheetCsv::new(range, header, self.options.locale.decimal_sep());
        self.file_failed = false;
        let refused = RefCell::new(None);
        blocks::read_stream(self, Box::new(reader), file, b',', &refused);
    }

    /// Errors at the cells that hold no value to read: an error value
    /// (`#DIV/0!`), or a formula never calculated (a file written by a
    /// program, not saved by a spreadsheet), in the header's columns.
    fn cell_problems<R>(
        &mut self,
        book: &mut calamine::Sheets<R>,
        sheet: &str,
        range: &Range<Data>,
        header: u32,
    ) where
        R: io::Read + io::Seek,
    {
        let (top, left) = range.start().unwrap_or((0, 0));
        let file = self.files.len() as u32 - 1;
        let header_cells: Vec<bool> = range
            .rows()
            .nth(header.saturating_sub(top) as usize)
            .map(|row| row.iter().map(|c| *c != Data::Empty).collect())
            .unwrap_or_default();
        let mut empties = false;
        for (i, row) in range.rows().enumerate() {
            let r = top + i as u32;
            if r <= header {
                continue;
            }
            let filled = row.iter().any(|c| *c != Data::Empty);
            for (j, cell) in row.iter().enumerate() {
                match cell {
                    Data::Error(e) => {
                        let at = RowRef {
                            file,
                            line: u64::from(r) + 1,
                        };
                        let loc = self.location(at, u64::from(left) + j as u64 + 1);
                        let error = e.to_string();
                        self.error(loc, Code::CellError { error });
                    }
                    Data::Empty if filled && header_cells.get(j) == Some(&true) => empties = true,
                    _ => {}
                }
            }
        }
        if !empties {
            return;
        }
        let Ok(formulas) = book.worksheet_formula(sheet) else {
            return;
        };
        for (r, c, formula) in formulas.used_cells() {
            let (fr, fc) = formulas.start().unwrap_or((0, 0));
            let (r, c) = (fr + r as u32, fc + c as u32);
            if formula.is_empty() || r <= header {
                continue;
            }
            let empty = range.get_value((r, c)).is_none_or(|v| *v == Data::Empty);
            if empty {
                let at = RowRef {
                    file,
                    line: u64::from(r) + 1,
                };
                let loc = self.location(at, u64::from(c) + 1);
                let formula = clip(formula).into_owned();
                self.error(loc, Code::UncalculatedFormula { formula });
            }
        }
    }
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
