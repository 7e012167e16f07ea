//! The xlsx workbook (reference §8, §9): a `Report` sheet to filter, sort and
//! print, a `Groups` sheet with the groups' scores (when the campaign has
//! groups), and a `Rows` sheet that lists
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

use chrono::Datelike;
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Workbook, XlsxError};

use super::{Options, Renderer};
use crate::error::Error;
use crate::report::Report;

mod cells;
mod sheets;
mod styles;
mod table;
#[cfg(test)]
mod tests;

use sheets::{groups_sheet, report_sheet, rows_sheet};
use styles::Styles;

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
/// The widest the name column grows: a province's names are long, and a
/// 56-wide column (as before) printed the sheet at half size; longer
/// names wrap onto a second line.
const NAME_WIDTH: usize = 36;
/// The widest the source column grows: a citation wraps rather than
/// shrinking the printed page.
const SOURCE_WIDTH: usize = 30;
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
    // Every other format shows the groups' scores: the workbook does in a
    // sheet of its own whenever the campaign has groups.
    if view.is_by_group() || view.shows_sections() {
        let mut groups = groups_sheet(&view, &styles)?;
        // The roll-up is what `--by group` asked for: open the workbook on it.
        groups.set_active(view.is_by_group());
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
