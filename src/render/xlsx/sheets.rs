//! The three sheets: Report (the targets, to filter, sort and print),
//! Groups (`--by group`) and Rows (every actuals row with its bucket), with
//! their headings and page setup.

use rust_xlsxwriter::{Worksheet, XlsxError};

use super::cells::{Cell, Number, Shape, cell_text, to_f64};
use super::styles::Styles;
use super::table::Table;
use super::*;
use crate::calc::Status;
use crate::labels::{self, Label, Lang};
use crate::number::Locale;
use crate::report::{GroupSummary, Report};
use crate::view::words;
use crate::view::{Column, View};

/// The title, and the as-of date with the summary, above a table.
pub(super) fn heading(
    sheet: &mut Worksheet,
    view: &View,
    styles: &Styles,
) -> Result<(), XlsxError> {
    sheet.write_string_with_format(0, 0, cell_text(view.title()), &styles.title)?;
    sheet.set_row_height(0, 21)?;
    let line = format!("{} · {}", view.as_of(), view.summary());
    sheet.write_string_with_format(1, 0, cell_text(&line), &styles.note)?;
    Ok(())
}

/// Landscape A4, one page wide, the header repeated on every page.
pub(super) fn page_setup(
    sheet: &mut Worksheet,
    header_row: u32,
    landscape: bool,
) -> Result<(), XlsxError> {
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
pub(super) fn cap(column: Column) -> usize {
    match column {
        Column::Target => NAME_WIDTH,
        Column::Source => SOURCE_WIDTH,
        _ => MAX_WIDTH,
    }
}

pub(super) fn report_sheet(view: &View, styles: &Styles) -> Result<Worksheet, XlsxError> {
    let mut sheet = Worksheet::new();
    sheet.set_name(REPORT_SHEET)?;
    heading(&mut sheet, view, styles)?;

    let cols = view.workbook_columns();
    let headers: Vec<String> = cols.iter().map(|c| view.header(*c)).collect();
    let mut last = HEADER_ROW;
    let caps = cols.iter().map(|c| cap(*c)).collect();
    let mut table = Table::new(&mut sheet, styles, caps);
    table.one_line = (0u16..)
        .zip(&cols)
        .filter(|(_, c)| **c == Column::Source)
        .map(|(i, _)| i)
        .collect();
    table.header(HEADER_ROW, &headers)?;
    for row in &view.report.rows {
        last += 1;
        for (col, column) in (0u16..).zip(&cols) {
            table.put(last, col, &Cell::shown(view.workbook_cell(row, *column)))?;
        }
    }
    table.finish(HEADER_ROW, &headers, true, true)?;
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

pub(super) fn groups_sheet(view: &View, styles: &Styles) -> Result<Worksheet, XlsxError> {
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
    table.finish(HEADER_ROW, &headers, false, true)?;
    let last_col = u16::try_from(headers.len() - 1).unwrap_or(u16::MAX);
    sheet.set_freeze_panes(HEADER_ROW + 1, 1)?;
    sheet.autofilter(HEADER_ROW, 0, last, last_col)?;
    page_setup(&mut sheet, HEADER_ROW, true)?;
    Ok(sheet)
}

/// A group's name, counts per status and score on its light's colour.
pub(super) fn group_cells(view: &View, group: &GroupSummary) -> Vec<Cell> {
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

pub(super) fn rows_sheet(
    report: &Report,
    lang: Lang,
    styles: &Styles,
) -> Result<Worksheet, XlsxError> {
    let mut sheet = Worksheet::new();
    sheet.set_name(ROWS_SHEET)?;
    let headers: Vec<String> = [
        Label::File,
        Label::Line,
        Label::Indicator,
        Label::Period,
        Label::Entity,
        Label::Value,
        Label::ValueRead,
        Label::Unit,
        Label::RowStatus,
    ]
    .iter()
    .map(|l| l.text(lang).to_string())
    .collect();

    let rows = &report.ledger_rows;
    let (shown, not_listed) = ledger_rows_shown(rows.len(), report.ledger_rows_not_kept);
    // Grouped rows (`rows`) say how many source rows each stands for, in a
    // column of its own; a sheet of plain rows has no use for it.
    let grouped = rows[..shown].iter().any(|r| r.rows != 1);
    let mut headers = headers;
    if grouped {
        headers.push(Label::SourceRows.text(lang).to_string());
    }

    // The sheet says what it holds on its first line, the table under it.
    sheet.write_string_with_format(0, 0, labels::rows_sheet_note(lang), &styles.note)?;
    let header_row = 1;
    let mut last = header_row;
    let mut caps = vec![MAX_WIDTH; headers.len()];
    caps[0] = PATH_WIDTH;
    let mut table = Table::new(&mut sheet, styles, caps);
    table.header(header_row, &headers)?;
    for row in &rows[..shown] {
        last += 1;
        let cells = [
            Cell::text(&row.file),
            Cell::count(row.line, Shape::Line),
            Cell::text(&row.indicator),
            Cell::text(&row.period),
            Cell::text(&row.entity),
            Cell::Right(row.value.clone()),
            // The number read, so that SUM and pivots can use the column.
            row.number.map_or(Cell::Empty, |n| {
                let shown = words::human_number(n, Locale::En);
                Number::cell(to_f64(n), words::human_decimals(n), Shape::Value, shown)
            }),
            Cell::text(&row.unit),
            Cell::text(&words::bucket_label(row.bucket, lang)),
            match grouped {
                true => Cell::count(row.rows, Shape::Count),
                false => Cell::Empty,
            },
        ];
        let cells = &cells[..headers.len()];
        for (col, cell) in (0u16..).zip(cells) {
            table.put(last, col, cell)?;
        }
    }
    table.finish(header_row, &headers, false, false)?;
    sheet.set_freeze_panes(header_row + 1, 0)?;
    sheet.autofilter(header_row, 0, last, (headers.len() - 1) as u16)?;
    if not_listed > 0 {
        sheet.write_string_with_format(
            last + 1,
            0,
            labels::rows_not_listed(lang, not_listed),
            &styles.note,
        )?;
    }
    page_setup(&mut sheet, header_row, false)?;
    Ok(sheet)
}

/// How many of the kept rows the Rows sheet lists, and how many rows in all
/// go unlisted: a full sheet gives its last line to that count.
pub(super) fn ledger_rows_shown(kept: usize, not_kept: u64) -> (usize, u64) {
    // The sheet's note and the header take two lines.
    let room = (SHEET_ROWS - 2) as usize;
    let shown = if not_kept > 0 || kept > room {
        kept.min(room - 1)
    } else {
        kept
    };
    (shown, not_kept + (kept - shown) as u64)
}
