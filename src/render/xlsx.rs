//! The xlsx workbook (SPEC §8, §9): a `Report` sheet to filter, sort and
//! print, a `Groups` sheet for `--by group`, and a `Rows` sheet that lists
//! every actuals row with its bucket, so that nothing read is lost from view.
//!
//! Cells hold numbers, never numbers written as text: Excel and LibreOffice
//! show them in the reader's own locale through the number formats set here,
//! so `--locale` only shapes the text this module builds (the plan as
//! written). Percentages are stored as fractions (0.996) with a `0.00%`
//! format — Excel's own percent, so a formula such as `=Actual/Plan` gives
//! the same number and the percent filter and charts understand the cell.
//!
//! Like every renderer it computes nothing: it picks decimals, rounds for
//! display and lays the model out. It must not read files or the clock: the
//! creation date is the as-of date, so one report always gives the same
//! bytes.

use std::collections::HashMap;

use chrono::Datelike;
use rust_decimal::Decimal;
use rust_xlsxwriter::{
    Color, DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet,
    XlsxError,
};

use super::{Options, Renderer};
use crate::calc::{Light, Status};
use crate::error::Error;
use crate::labels::{self, Label, Lang};
use crate::number::{self, Locale};
use crate::report::{GroupSummary, Report};
use crate::view::{self, Column, Figure, Shown, View};

/// The workbook.
pub struct Xlsx;

impl Renderer for Xlsx {
    fn render(&self, report: &Report, options: &Options) -> Result<Vec<u8>, Error> {
        render(report, options)
    }
}

// Sheet names stay English whatever `--lang`: formulas and scripts that point
// at `Rows!A:A` keep working on a workbook written in either language.
const REPORT_SHEET: &str = "Report";
const GROUPS_SHEET: &str = "Groups";
const ROWS_SHEET: &str = "Rows";

/// Rows in a worksheet (Excel's limit).
const SHEET_ROWS: u32 = 1_048_576;
/// The header of the Report and Groups sheets: under the title, the as-of
/// line and a blank row.
const HEADER_ROW: u32 = 3;
/// The widest a column grows, in digit widths (Excel's unit), unless it
/// says otherwise; longer text wraps onto more lines of its cell.
const MAX_WIDTH: usize = 32;
/// The widest the name column grows: a target's name reads best on one
/// line, and a province's are long.
const NAME_WIDTH: usize = 56;
/// The widest the source column grows: two lines hold most citations.
const SOURCE_WIDTH: usize = 44;
/// The widest the file column of the Rows sheet grows: a path reads best
/// whole, and wrapping it would double the height of every row.
const PATH_WIDTH: usize = 80;
/// Excel's limit on the text of one cell, in UTF-16 units.
const MAX_CELL_TEXT: usize = 32_767;
/// Room for the autofilter's drop-down button beside a header.
const FILTER_BUTTON: usize = 3;
/// Headers up to this many characters are never wrapped.
const SHORT_HEADER: usize = 12;
/// A4 in the paper codes of Excel's page setup.
const A4: u8 = 9;
/// Height of one line of 11-point text, in points.
const LINE_HEIGHT: f64 = 15.0;

/// Render the report as an xlsx workbook.
pub fn render(report: &Report, options: &Options) -> Result<Vec<u8>, Error> {
    workbook(report, options)
        .and_then(|mut book| book.save_to_buffer())
        .map_err(|e| Error::encode("xlsx", e))
}

fn workbook(report: &Report, options: &Options) -> Result<Workbook, XlsxError> {
    let mut book = Workbook::new();
    book.set_properties(
        &DocProperties::new()
            .set_title(&report.campaign.name)
            .set_creation_datetime(&created(report)?),
    );
    let styles = Styles::new();
    let view = options.view(report);
    book.push_worksheet(report_sheet(&view, &styles)?);
    if view.is_by_group() {
        let mut groups = groups_sheet(&view, &styles)?;
        // The roll-up is what `--by group` asked for: open the workbook on it.
        groups.set_active(true);
        book.push_worksheet(groups);
    }
    book.push_worksheet(rows_sheet(report, options.lang, &styles)?);
    Ok(book)
}

/// The as-of date as the creation date: rust_xlsxwriter would otherwise
/// stamp the current time and no two runs would give the same bytes. A date
/// before Excel's calendar (1900) falls back to its first day.
fn created(report: &Report) -> Result<ExcelDateTime, XlsxError> {
    let d = report.as_of;
    let as_of = match (
        u16::try_from(d.year()),
        u8::try_from(d.month()),
        u8::try_from(d.day()),
    ) {
        (Ok(y), Ok(m), Ok(day)) => ExcelDateTime::from_ymd(y, m, day).ok(),
        _ => None,
    };
    as_of.map_or_else(|| ExcelDateTime::from_ymd(1900, 1, 1), Ok)
}

// ── Formats ──────────────────────────────────────────────────────────────

/// The formats every sheet shares, made once.
struct Styles {
    title: Format,
    note: Format,
    heading: Format,
    header: Format,
    text: Format,
    indented: Format,
    right: Format,
    /// Indexed by [`light_index`].
    lights: [Format; 4],
    number: Format,
}

fn light_index(light: Light) -> usize {
    match light {
        Light::Green => 0,
        Light::Amber => 1,
        Light::Red => 2,
        Light::Grey => 3,
    }
}

/// `base` filled with a light's colour. The pairs are Excel's own Good /
/// Neutral / Bad styles, whose dark text stays readable on the fill, in
/// print too; colour-blind readers read the word.
fn filled(base: &Format, light: Light) -> Format {
    let (fill, ink) = match light {
        Light::Green => (0xC6EFCE, 0x006100),
        Light::Amber => (0xFFEB9C, 0x9C5700),
        Light::Red => (0xFFC7CE, 0x9C0006),
        Light::Grey => (0xE7E6E6, 0x3A3A3A),
    };
    base.clone()
        .set_background_color(Color::RGB(fill))
        .set_font_color(Color::RGB(ink))
}

impl Styles {
    fn new() -> Styles {
        // Top-aligned, so a row whose text wraps still reads across.
        let cell = Format::new()
            .set_border(FormatBorder::Thin)
            .set_border_color(Color::RGB(0xBFBFBF))
            .set_align(FormatAlign::Top);
        let text = cell.clone().set_text_wrap();
        Styles {
            title: Format::new().set_bold().set_font_size(14),
            note: Format::new().set_font_color(Color::RGB(0x404040)),
            heading: Format::new().set_bold(),
            header: text
                .clone()
                .set_bold()
                .set_background_color(Color::RGB(0xDDEBF7)),
            // An indent shows only with an explicit left alignment.
            indented: text.clone().set_align(FormatAlign::Left).set_indent(2),
            // A little room before the next column's text.
            right: text.clone().set_align(FormatAlign::Right).set_indent(1),
            lights: [Light::Green, Light::Amber, Light::Red, Light::Grey]
                .map(|light| filled(&text, light)),
            text,
            number: cell,
        }
    }

    /// A number shown with its shape's number format.
    fn number(&self, number: &Number) -> Format {
        let base = match number.light {
            Some(light) => self.light(light),
            None => &self.number,
        };
        base.clone()
            .set_num_format(number_format(number.shape, number.decimals))
    }

    /// A cell filled with a light's colour.
    fn light(&self, light: Light) -> &Format {
        &self.lights[light_index(light)]
    }
}

// ── Cells ────────────────────────────────────────────────────────────────

/// How a number is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Shape {
    /// A value in the target's unit.
    Value,
    /// A signed difference, in percentage points for a % target.
    Gap { points: bool },
    /// A percentage, stored as a fraction.
    Percent,
    /// A signed percentage (change on last year), stored as a fraction.
    Change,
    /// A count of rows or targets.
    Count,
    /// A line number: no thousands separator, as editors show it.
    Line,
}

/// One cell of a table: what it holds and how it shows.
#[derive(Debug, Clone, PartialEq)]
enum Cell {
    Empty,
    Text(String),
    /// An entity under its target.
    Indented(String),
    /// Text that reads as a number (the plan as written), aligned with them.
    Right(String),
    Number(Number),
    /// A status word on its light's colour.
    Light(String, Light),
}

/// A number cell: the value stored, and how it shows.
#[derive(Debug, Clone, PartialEq)]
struct Number {
    value: f64,
    decimals: u32,
    shape: Shape,
    /// The cell as it shows in the `en` locale, for the column's width.
    shown: String,
    /// A group's score is filled with its light, like a status.
    light: Option<Light>,
}

impl Number {
    fn cell(value: f64, decimals: u32, shape: Shape, shown: String) -> Cell {
        Cell::Number(Number {
            value,
            decimals,
            shape,
            shown,
            light: None,
        })
    }

    /// A figure of the view as the workbook stores it.
    fn of(figure: &Figure) -> Number {
        Number {
            value: to_f64(figure.value),
            decimals: figure.decimals,
            shape: match figure.shape {
                view::Shape::Value => Shape::Value,
                view::Shape::Gap { points } => Shape::Gap { points },
                view::Shape::Percent => Shape::Percent,
                view::Shape::Change => Shape::Change,
                view::Shape::Count => Shape::Count,
            },
            shown: figure.plain.clone(),
            light: None,
        }
    }
}

impl Cell {
    fn text(s: &str) -> Cell {
        if s.is_empty() {
            Cell::Empty
        } else {
            Cell::Text(s.to_string())
        }
    }

    /// What the view shows, as a workbook cell: no value is an empty cell.
    fn shown(shown: Shown) -> Cell {
        match shown {
            Shown::Blank | Shown::Dash | Shown::Drawn => Cell::Empty,
            Shown::Text(s) => Cell::text(&s),
            Shown::Entity(s) => Cell::Indented(s),
            Shown::Figure(f) => Cell::Number(Number::of(&f)),
            Shown::Plan { text, revised } => Cell::Right(match revised {
                true => format!("{text} *"),
                false => text,
            }),
            Shown::Status { words, light } => Cell::Light(words.to_string(), light),
        }
    }

    fn count(n: u64, shape: Shape) -> Cell {
        let shown = match shape {
            Shape::Line => n.to_string(),
            _ => number::format(n.into(), Locale::En, None),
        };
        // Counts of rows stay far below 2^53, where f64 is exact.
        Number::cell(n as f64, 0, shape, shown)
    }

    /// The width the cell needs, in Excel's unit (the width of a digit).
    fn width(&self) -> usize {
        match self {
            Cell::Empty => 0,
            Cell::Text(s) | Cell::Right(s) | Cell::Light(s, _) => text_width(s),
            // Two levels of indent take about three digits.
            Cell::Indented(s) => text_width(s) + 3,
            Cell::Number(n) => chars(&n.shown) + 1,
        }
    }
}

/// The nearest double: parsing the decimal's text is exact to the last bit,
/// where `Decimal`'s own conversion can be one unit off (0.996 must be
/// 0.996 in the file).
fn to_f64(v: Decimal) -> f64 {
    v.to_string()
        .parse()
        .unwrap_or_else(|_| rust_decimal::prelude::ToPrimitive::to_f64(&v).unwrap_or(0.0))
}

fn chars(s: &str) -> usize {
    s.chars().count()
}

/// Text is narrower than digits: in Calibri (and the fonts that stand in
/// for it) a letter averages nine tenths of a digit's width.
fn text_width(s: &str) -> usize {
    (chars(s) * TEXT_TENTHS).div_ceil(10)
}

/// The Excel number format of a shape with `dp` decimals. Grouped digits
/// (`#,##0.00`) show as `92,070.00` or `92.070,00` as the reader's locale
/// says; a fixed number of decimals avoids the dangling separator that
/// `#,##0.##` leaves on whole numbers.
fn number_format(shape: Shape, dp: u32) -> String {
    let fraction = if dp == 0 {
        String::new()
    } else {
        format!(".{}", "0".repeat(dp as usize))
    };
    let digits = format!("#,##0{fraction}");
    match shape {
        Shape::Value => digits,
        Shape::Gap { points } => {
            let unit = if points { "\" pp\"" } else { "" };
            format!("+{digits}{unit};-{digits}{unit};0{unit}")
        }
        Shape::Percent => format!("0{fraction}%"),
        Shape::Change => format!("+0{fraction}%;-0{fraction}%;0{fraction}%"),
        Shape::Count => "#,##0".to_string(),
        Shape::Line => "0".to_string(),
    }
}

/// Text as Excel can hold it: a cell takes at most 32,767 UTF-16 units.
fn cell_text(s: &str) -> std::borrow::Cow<'_, str> {
    if s.len() <= MAX_CELL_TEXT {
        return s.into();
    }
    let mut units = 0;
    let mut cut = String::new();
    for c in s.chars() {
        units += c.len_utf16();
        if units > MAX_CELL_TEXT - 1 {
            break;
        }
        cut.push(c);
    }
    cut.push('…');
    cut.into()
}

/// Writes table cells, remembering each column's widest content and the
/// text that will have to wrap, then sizes columns and rows to fit.
struct Table<'a> {
    sheet: &'a mut Worksheet,
    styles: &'a Styles,
    /// The widest each column may grow, in digit widths.
    caps: Vec<usize>,
    /// The widest content of each column so far.
    widths: Vec<usize>,
    /// Text wider than its column's cap: (row, column, text).
    wrapped: Vec<(u32, u16, String)>,
    /// The formats of the number cells written, by look.
    numbers: HashMap<(Shape, u32, Option<Light>), Format>,
}

impl<'a> Table<'a> {
    fn new(sheet: &'a mut Worksheet, styles: &'a Styles, caps: Vec<usize>) -> Self {
        let widths = vec![0; caps.len()];
        Table {
            sheet,
            styles,
            caps,
            widths,
            wrapped: Vec::new(),
            numbers: HashMap::new(),
        }
    }

    fn header(&mut self, row: u32, headers: &[String]) -> Result<(), XlsxError> {
        for (col, text) in (0u16..).zip(headers) {
            self.sheet
                .write_string_with_format(row, col, text, &self.styles.header)?;
        }
        Ok(())
    }

    fn put(&mut self, row: u32, col: u16, cell: &Cell) -> Result<(), XlsxError> {
        let i = usize::from(col);
        let width = cell.width();
        if let Some(widest) = self.widths.get_mut(i) {
            *widest = (*widest).max(width);
        }
        let styles = self.styles;
        let (text, format) = match cell {
            Cell::Number(n) => {
                // One format per look, not per cell: the Rows sheet may hold
                // a million line numbers.
                let format = self
                    .numbers
                    .entry((n.shape, n.decimals, n.light))
                    .or_insert_with(|| styles.number(n));
                self.sheet
                    .write_number_with_format(row, col, n.value, format)?;
                return Ok(());
            }
            // A blank keeps the table's border.
            Cell::Empty => {
                self.sheet.write_blank(row, col, &styles.text)?;
                return Ok(());
            }
            Cell::Text(s) => (s, &styles.text),
            Cell::Indented(s) => (s, &styles.indented),
            Cell::Right(s) => (s, &styles.right),
            Cell::Light(s, light) => (s, styles.light(*light)),
        };
        if width > self.caps.get(i).copied().unwrap_or(MAX_WIDTH) {
            self.wrapped.push((row, col, text.clone()));
        }
        self.sheet
            .write_string_with_format(row, col, cell_text(text), format)?;
        Ok(())
    }

    /// Set each column to its widest content, within its cap; a header
    /// longer than that wraps onto a second line rather than widen it. Rows
    /// are made tall enough for their wrapped text: neither Excel nor
    /// LibreOffice grows a row by itself when it opens a file. With
    /// `hide_empty`, a column with no content is hidden, not removed: the
    /// others keep their letters from one month's workbook to the next.
    fn finish(
        self,
        header_row: u32,
        headers: &[String],
        hide_empty: bool,
    ) -> Result<(), XlsxError> {
        let mut widths = Vec::with_capacity(headers.len());
        let mut header_lines = 1;
        for (col, header) in (0u16..).zip(headers) {
            let i = usize::from(col);
            let content = self.widths.get(i).copied().unwrap_or(0);
            let cap = self.caps.get(i).copied().unwrap_or(MAX_WIDTH);
            let longest_word = header.split_whitespace().map(chars).max().unwrap_or(0);
            // A short header stays on one line; a long one may take two, but
            // never breaks a word. Both leave room for the filter button.
            let header_min = if chars(header) <= SHORT_HEADER {
                chars(header)
            } else {
                longest_word.max(chars(header).div_ceil(2))
            } + FILTER_BUTTON;
            let width = content.max(header_min).clamp(4, cap.max(header_min));
            self.sheet.set_column_width(col, (width + 1) as f64)?;
            if hide_empty && content == 0 {
                self.sheet.set_column_hidden(col)?;
            } else {
                header_lines =
                    header_lines.max(wrapped_lines(header, width - FILTER_BUTTON, BOLD_TENTHS));
            }
            widths.push(width);
        }
        self.sheet
            .set_row_height(header_row, LINE_HEIGHT * header_lines as f64)?;

        let mut rows: Vec<(u32, usize)> = Vec::new();
        for (row, col, text) in &self.wrapped {
            let width = widths.get(usize::from(*col)).copied().unwrap_or(MAX_WIDTH);
            let lines = wrapped_lines(text, width, TEXT_TENTHS);
            match rows.last_mut() {
                Some((r, most)) if r == row => *most = (*most).max(lines),
                _ => rows.push((*row, lines)),
            }
        }
        for (row, lines) in rows {
            self.sheet.set_row_height(row, LINE_HEIGHT * lines as f64)?;
        }
        Ok(())
    }
}

/// The width of a letter in tenths of a digit: regular and bold text.
const TEXT_TENTHS: usize = 9;
const BOLD_TENTHS: usize = 10;

/// Lines `text` takes when wrapped at word boundaries into `width` digits,
/// each letter `tenths` tenths of a digit wide.
fn wrapped_lines(text: &str, width: usize, tenths: usize) -> usize {
    let room = width * 10;
    text.lines()
        .map(|line| {
            let mut lines = 1;
            let mut used = 0;
            for word in line.split_whitespace().map(|w| chars(w) * tenths) {
                if used > 0 && used + tenths + word > room {
                    lines += 1;
                    used = word;
                } else if used > 0 {
                    used += tenths + word;
                } else {
                    used = word;
                }
            }
            lines
        })
        .sum::<usize>()
        .max(1)
}

/// The title, and the as-of date with the summary, above a table.
fn heading(sheet: &mut Worksheet, view: &View, styles: &Styles) -> Result<(), XlsxError> {
    sheet.write_string_with_format(0, 0, cell_text(view.title()), &styles.title)?;
    sheet.set_row_height(0, 21)?;
    let line = format!("{} · {}", view.as_of(), view.summary());
    sheet.write_string_with_format(1, 0, cell_text(&line), &styles.note)?;
    Ok(())
}

/// Landscape A4, one page wide, the header repeated on every page.
fn page_setup(sheet: &mut Worksheet, header_row: u32, landscape: bool) -> Result<(), XlsxError> {
    sheet.set_paper_size(A4);
    if landscape {
        sheet.set_landscape();
    }
    sheet.set_print_fit_to_pages(1, 0);
    sheet.set_repeat_rows(header_row, header_row)?;
    Ok(())
}

// ── The Report sheet ─────────────────────────────────────────────────────

/// The widest a column may grow.
fn cap(column: Column) -> usize {
    match column {
        Column::Target => NAME_WIDTH,
        Column::Source => SOURCE_WIDTH,
        _ => MAX_WIDTH,
    }
}

fn report_sheet(view: &View, styles: &Styles) -> Result<Worksheet, XlsxError> {
    let mut sheet = Worksheet::new();
    sheet.set_name(REPORT_SHEET)?;
    heading(&mut sheet, view, styles)?;

    let cols = view.workbook_columns();
    let headers: Vec<String> = cols.iter().map(|c| view.header(*c)).collect();
    let mut last = HEADER_ROW;
    let caps = cols.iter().map(|c| cap(*c)).collect();
    let mut table = Table::new(&mut sheet, styles, caps);
    table.header(HEADER_ROW, &headers)?;
    for row in &view.report.rows {
        last += 1;
        for (col, column) in (0u16..).zip(&cols) {
            table.put(last, col, &Cell::shown(view.cell(row, *column)))?;
        }
    }
    table.finish(HEADER_ROW, &headers, true)?;
    let last_col = u16::try_from(cols.len().saturating_sub(1)).unwrap_or(u16::MAX);
    // The name column stays in view while the numbers scroll sideways.
    sheet.set_freeze_panes(HEADER_ROW + 1, 1)?;
    sheet.autofilter(HEADER_ROW, 0, last, last_col)?;

    // Notes under the table, as under the terminal table.
    let mut at = last + 2;
    for note in view.revision_notes() {
        sheet.write_string_with_format(at, 0, cell_text(&note), &styles.note)?;
        at += 1;
    }
    let warnings = &view.report.warnings;
    if !warnings.is_empty() {
        at += 1;
        sheet.write_string_with_format(at, 0, Label::Warnings.text(view.lang), &styles.heading)?;
        for warning in warnings {
            at += 1;
            sheet.write_string_with_format(at, 0, cell_text(&warning.to_string()), &styles.note)?;
        }
    }
    page_setup(&mut sheet, HEADER_ROW, true)?;
    Ok(sheet)
}

// ── The Groups sheet (`--by group`) ──────────────────────────────────────

fn groups_sheet(view: &View, styles: &Styles) -> Result<Worksheet, XlsxError> {
    let mut sheet = Worksheet::new();
    sheet.set_name(GROUPS_SHEET)?;
    heading(&mut sheet, view, styles)?;

    // The page's header, with the count of met or exceeded before the score.
    let mut headers = view.group_header();
    headers.insert(
        headers.len() - 1,
        Label::MetOrExceeded.text(view.lang).to_string(),
    );

    let mut last = HEADER_ROW;
    let mut caps = vec![MAX_WIDTH; headers.len()];
    caps[0] = NAME_WIDTH;
    let mut table = Table::new(&mut sheet, styles, caps);
    table.header(HEADER_ROW, &headers)?;
    for group in &view.report.summary.groups {
        last += 1;
        for (col, cell) in (0u16..).zip(group_cells(view, group)) {
            table.put(last, col, &cell)?;
        }
    }
    table.finish(HEADER_ROW, &headers, false)?;
    let last_col = u16::try_from(headers.len() - 1).unwrap_or(u16::MAX);
    sheet.set_freeze_panes(HEADER_ROW + 1, 1)?;
    sheet.autofilter(HEADER_ROW, 0, last, last_col)?;
    page_setup(&mut sheet, HEADER_ROW, true)?;
    Ok(sheet)
}

/// A group's name, counts per status and score on its light's colour.
fn group_cells(view: &View, group: &GroupSummary) -> Vec<Cell> {
    let count = |n: usize| Cell::count(n as u64, Shape::Count);
    let mut cells = vec![Cell::text(view.group_name(group)), count(group.targets)];
    cells.extend(Status::ALL.iter().map(|s| count(View::count(group, *s))));
    cells.push(count(View::met_or_exceeded(group)));
    cells.push(match view.score(group) {
        Some((score, light)) => Cell::Number(Number {
            light: Some(light),
            ..Number::of(&score)
        }),
        None => Cell::Light(view.score_words(group), group.light),
    });
    cells
}

// ── The Rows sheet ───────────────────────────────────────────────────────

fn rows_sheet(report: &Report, lang: Lang, styles: &Styles) -> Result<Worksheet, XlsxError> {
    let mut sheet = Worksheet::new();
    sheet.set_name(ROWS_SHEET)?;
    let headers: Vec<String> = [
        Label::File,
        Label::Line,
        Label::Indicator,
        Label::Period,
        Label::Entity,
        Label::Value,
        Label::Unit,
        Label::RowStatus,
    ]
    .iter()
    .map(|l| l.text(lang).to_string())
    .collect();

    let rows = &report.ledger_rows;
    let (shown, not_listed) = ledger_rows_shown(rows.len(), report.ledger_rows_not_kept);

    let mut last = 0;
    let mut caps = vec![MAX_WIDTH; headers.len()];
    caps[0] = PATH_WIDTH;
    let mut table = Table::new(&mut sheet, styles, caps);
    table.header(0, &headers)?;
    for row in &rows[..shown] {
        last += 1;
        let cells = [
            Cell::text(&row.file),
            Cell::count(row.line, Shape::Line),
            Cell::text(&row.indicator),
            Cell::text(&row.period),
            Cell::text(&row.entity),
            Cell::Right(row.value.clone()),
            Cell::text(&row.unit),
            Cell::text(row.bucket.name()),
        ];
        for (col, cell) in (0u16..).zip(&cells) {
            table.put(last, col, cell)?;
        }
    }
    table.finish(0, &headers, false)?;
    sheet.set_freeze_panes(1, 0)?;
    sheet.autofilter(0, 0, last, (headers.len() - 1) as u16)?;
    if not_listed > 0 {
        sheet.write_string_with_format(
            last + 1,
            0,
            labels::rows_not_listed(lang, not_listed),
            &styles.note,
        )?;
    }
    page_setup(&mut sheet, 0, false)?;
    Ok(sheet)
}

/// How many of the kept rows the Rows sheet lists, and how many rows in all
/// go unlisted: a full sheet gives its last line to that count.
fn ledger_rows_shown(kept: usize, not_kept: u64) -> (usize, u64) {
    let room = (SHEET_ROWS - 1) as usize;
    let shown = if not_kept > 0 || kept > room {
        kept.min(room - 1)
    } else {
        kept
    };
    (shown, not_kept + (kept - shown) as u64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;
    use std::path::Path;
    use std::str::FromStr;

    use crate::ingest::{Grain, Input, ReadOptions};
    use crate::report::{By, Row, Selection};

    /// The shipped campaign against `actuals`, as `attain report` builds it
    /// for xlsx (every row kept).
    fn shipped(actuals: &str, view: Selection, trend: Option<Grain>) -> Report {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let campaign = crate::campaign::load(&root.join("targets.toml")).unwrap();
        let options = ReadOptions {
            locale: campaign.locale,
            delimiter: None,
            as_of: None,
            encoding: None,
            trend,
            keep_rows: crate::ingest::KeepRows::All,
            jobs: 1,
            fast_min_bytes: crate::ingest::FAST_MIN_BYTES,
            progress: false,
        };
        let inputs = [Input::File(root.join(actuals))];
        let ingest = crate::ingest::read(&campaign, &inputs, &options);
        assert!(!ingest.has_errors(), "{:?}", ingest.diagnostics);
        crate::report::build(&campaign, &ingest, &view)
    }

    fn illustrative() -> Report {
        shipped(
            "examples/bac-ninh-2022/illustrative.csv",
            Selection::default(),
            None,
        )
    }

    fn options() -> Options {
        Options {
            format: super::super::Format::Xlsx,
            locale: Locale::Vi,
            lang: Lang::Vi,
            color: false,
            delimiter: b',',
            bom: false,
            width: None,
        }
    }

    /// One part of the workbook's zip, as text.
    fn part(bytes: &[u8], name: &str) -> String {
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let mut text = String::new();
        zip.by_name(name)
            .unwrap()
            .read_to_string(&mut text)
            .unwrap();
        text
    }

    /// The `<c>` element of one cell: its attributes and its content.
    fn cell_xml(sheet: &str, reference: &str) -> (String, String) {
        let start = sheet
            .find(&format!("<c r=\"{reference}\""))
            .unwrap_or_else(|| panic!("no cell {reference}"));
        let rest = &sheet[start..];
        let open = rest.find('>').unwrap();
        let (attributes, body) = (&rest[..open], &rest[open + 1..]);
        if attributes.ends_with('/') {
            return (attributes.to_string(), String::new());
        }
        let close = body.find("</c>").unwrap();
        (attributes.to_string(), body[..close].to_string())
    }

    /// The shared strings, in order.
    fn shared_strings(bytes: &[u8]) -> Vec<String> {
        part(bytes, "xl/sharedStrings.xml")
            .split("<si>")
            .skip(1)
            .map(|si| {
                let t = &si[si.find("<t").unwrap()..];
                let t = &t[t.find('>').unwrap() + 1..];
                t[..t.find("</t>").unwrap()].to_string()
            })
            .collect()
    }

    /// The texts of one column of a sheet, top to bottom, shared strings resolved.
    fn column_texts(bytes: &[u8], sheet: &str, column: char) -> Vec<String> {
        let strings = shared_strings(bytes);
        let xml = part(bytes, sheet);
        let references: Vec<String> = xml
            .split(&format!("<c r=\"{column}"))
            .skip(1)
            .filter_map(|c| {
                let digits: String = c.chars().take_while(char::is_ascii_digit).collect();
                (!digits.is_empty()).then(|| format!("{column}{digits}"))
            })
            .collect();
        references
            .iter()
            .map(|r| {
                let (attributes, body) = cell_xml(&xml, r);
                let value = body
                    .strip_prefix("<v>")
                    .and_then(|v| v.strip_suffix("</v>"));
                match value {
                    Some(i) if attributes.contains("t=\"s\"") => {
                        strings[i.parse::<usize>().unwrap()].clone()
                    }
                    Some(v) => v.to_string(),
                    None => String::new(),
                }
            })
            .collect()
    }

    #[test]
    fn the_workbook_is_a_zip_with_the_report_and_rows_sheets() {
        let bytes = render(&illustrative(), &options()).unwrap();
        assert!(bytes.starts_with(b"PK"));
        let workbook = part(&bytes, "xl/workbook.xml");
        let report = workbook.find("name=\"Report\"").unwrap();
        let rows = workbook.find("name=\"Rows\"").unwrap();
        assert!(report < rows);
        assert!(part(&bytes, "xl/worksheets/sheet1.xml").contains("<autoFilter"));
        assert!(part(&bytes, "xl/worksheets/sheet2.xml").contains("<autoFilter"));
    }

    #[test]
    fn actuals_and_attainments_are_numbers_not_text() {
        let bytes = render(&illustrative(), &options()).unwrap();
        let sheet = part(&bytes, "xl/worksheets/sheet1.xml");
        // Row 6 is export_import (title, as-of line, blank, header, grdp).
        let (attributes, actual) = cell_xml(&sheet, "H6");
        assert_eq!(actual, "<v>91700</v>");
        assert!(!attributes.contains("t=\""), "{attributes}");
        let (attributes, attainment) = cell_xml(&sheet, "J6");
        assert_eq!(attainment, "<v>0.996</v>");
        assert!(!attributes.contains("t=\""), "{attributes}");
        // The header stays in view: frozen under row 4, with the names.
        assert!(sheet.contains("topLeftCell=\"B5\""), "{sheet}");
    }

    #[test]
    fn percentages_and_gaps_have_number_formats() {
        let bytes = render(&illustrative(), &options()).unwrap();
        let styles = part(&bytes, "xl/styles.xml");
        assert!(styles.contains("formatCode=\"0.00%\""), "{styles}");
        assert!(styles.contains("formatCode=\"#,##0\""), "{styles}");
        assert!(styles.contains(
            "formatCode=\"+#,##0.00&quot; pp&quot;;-#,##0.00&quot; pp&quot;;0&quot; pp&quot;\""
        ));
    }

    #[test]
    fn the_rows_sheet_lists_every_row_with_its_bucket() {
        let bytes = render(&illustrative(), &options()).unwrap();
        let statuses = column_texts(&bytes, "xl/worksheets/sheet2.xml", 'H');
        assert_eq!(statuses[0], "Trạng thái");
        assert_eq!(statuses.len(), 12, "{statuses:?}");
        assert_eq!(statuses.iter().filter(|s| *s == "used").count(), 10);
        assert!(statuses.contains(&"empty_value".to_string()));
        // Line numbers are numbers too.
        let lines = column_texts(&bytes, "xl/worksheets/sheet2.xml", 'B');
        assert_eq!(lines[1..].first().map(String::as_str), Some("2"));
    }

    #[test]
    fn the_same_report_gives_the_same_bytes() {
        let report = illustrative();
        let first = render(&report, &options()).unwrap();
        assert_eq!(first, render(&report, &options()).unwrap());
        let core = part(&first, "docProps/core.xml");
        assert!(core.contains("2022-12-31T00:00:00Z"), "{core}");
        assert!(core.contains("<dc:title>Bắc Ninh — chỉ tiêu"), "{core}");
    }

    #[test]
    fn by_group_adds_a_groups_sheet_before_the_rows() {
        let view = Selection {
            by: By::Group,
            ..Selection::default()
        };
        let report = shipped("examples/bac-ninh-2022/illustrative.csv", view, None);
        let bytes = render(&report, &options()).unwrap();
        let workbook = part(&bytes, "xl/workbook.xml");
        let groups = workbook.find("name=\"Groups\"").unwrap();
        assert!(groups < workbook.find("name=\"Rows\"").unwrap());
        let names = column_texts(&bytes, "xl/worksheets/sheet2.xml", 'A');
        assert!(names.contains(&"Kinh tế".to_string()), "{names:?}");
    }

    #[test]
    fn by_period_adds_an_actual_and_an_attainment_per_step() {
        let report = shipped(
            "examples/bac-ninh-2022/ytd-2022-11.csv",
            Selection::default(),
            Some(Grain::Month),
        );
        assert!(!report.steps.is_empty());
        let view = options().view(&report);
        let columns = view.workbook_columns();
        assert_eq!(columns.len(), 18 + 2 * report.steps.len());
        assert_eq!(
            view.header(*columns.last().unwrap()),
            format!(
                "{} {}",
                Label::Attainment.text(view.lang),
                view.step_labels().last().unwrap()
            )
        );
        render(&report, &options()).unwrap();
    }

    #[test]
    fn a_row_not_judged_leaves_the_judgement_empty() {
        let report = illustrative();
        let view = options().view(&report);
        let mut row = report.rows[1].clone();
        row.judged = false;
        let cell = |row: &Row, column| Cell::shown(view.cell(row, column));
        for column in [
            Column::Plan,
            Column::PlanValue,
            Column::Attainment,
            Column::Gap,
            Column::Status,
        ] {
            assert_eq!(cell(&row, column), Cell::Empty, "{column:?}");
        }
        assert!(matches!(cell(&row, Column::Actual), Cell::Number(_)));
    }

    #[test]
    fn a_percentage_never_rounds_across_the_boundary_of_its_status() {
        let report = illustrative();
        let view = options().view(&report);
        let mut row = report.rows[1].clone();
        assert_eq!(row.status, Status::Near);
        let shown = |row: &Row, v: &str| {
            let mut row = row.clone();
            row.attainment_pct = Some(Decimal::from_str(v).unwrap());
            match Cell::shown(view.cell(&row, Column::Attainment)) {
                Cell::Number(n) => (n.value, n.decimals),
                other => panic!("{other:?}"),
            }
        };
        assert_eq!(shown(&row, "99.598"), (0.996, 2));
        assert_eq!(shown(&row, "99.996"), (0.99996, 3));
        row.status = Status::Exceeded;
        assert_eq!(shown(&row, "100.004"), (1.0, 2));
    }

    #[test]
    fn values_keep_the_decimals_the_table_shows() {
        let decimals = |v: &str| {
            let dp = crate::view::words::human_decimals(Decimal::from_str(v).unwrap());
            (dp, number_format(Shape::Value, dp))
        };
        assert_eq!(decimals("91700"), (0, "#,##0".to_string()));
        assert_eq!(decimals("7.39"), (2, "#,##0.00".to_string()));
        assert_eq!(decimals("27970.898630"), (2, "#,##0.00".to_string()));
        assert_eq!(number_format(Shape::Change, 2), "+0.00%;-0.00%;0.00%");
    }

    #[test]
    fn a_full_rows_sheet_gives_its_last_line_to_the_rows_not_listed() {
        assert_eq!(ledger_rows_shown(11, 0), (11, 0));
        assert_eq!(ledger_rows_shown(1_048_575, 0), (1_048_575, 0));
        assert_eq!(ledger_rows_shown(1_048_575, 5), (1_048_574, 6));
        assert_eq!(ledger_rows_shown(10, 3), (10, 3));
    }

    #[test]
    fn text_too_long_for_a_cell_is_cut() {
        let long = "x".repeat(MAX_CELL_TEXT + 10);
        let cut = cell_text(&long);
        assert_eq!(cut.encode_utf16().count(), MAX_CELL_TEXT);
        assert!(cut.ends_with('…'));
        assert_eq!(cell_text("short"), "short");
    }

    #[test]
    fn wrapped_text_counts_its_lines() {
        assert_eq!(wrapped_lines("Expected to date", 20, BOLD_TENTHS), 1);
        assert_eq!(wrapped_lines("Expected to date", 10, BOLD_TENTHS), 2);
        assert_eq!(wrapped_lines("one\ntwo", 40, TEXT_TENTHS), 2);
    }
}
