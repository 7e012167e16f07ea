//! Table layout: writing a sheet's cells while remembering each column's
//! widest content and the text that wraps, then sizing columns and rows.

use std::collections::HashMap;

use rust_xlsxwriter::{Format, Worksheet, XlsxError};

use super::cells::{Cell, Shape, cell_text, chars};
use super::styles::Styles;
use super::*;
use crate::calc::Light;

/// Writes table cells, remembering each column's widest content and the
/// text that will have to wrap, then sizes columns and rows to fit.
pub(super) struct Table<'a> {
    pub(super) sheet: &'a mut Worksheet,
    pub(super) styles: &'a Styles,
    /// The widest each column may grow, in digit widths.
    pub(super) caps: Vec<usize>,
    /// The widest content of each column so far.
    pub(super) widths: Vec<usize>,
    /// Text wider than its column's cap: (row, column, text).
    pub(super) wrapped: Vec<(u32, u16, String)>,
    /// The formats of the number cells written, by look.
    pub(super) numbers: HashMap<(Shape, u32, Option<Light>), Format>,
    /// The last row a cell was written to.
    pub(super) last_row: Option<u32>,
    /// Columns whose text stays on one line (a source's citation: wrapped,
    /// it made every row of the report four lines tall).
    pub(super) one_line: Vec<u16>,
}

impl<'a> Table<'a> {
    pub(super) fn new(sheet: &'a mut Worksheet, styles: &'a Styles, caps: Vec<usize>) -> Self {
        let widths = vec![0; caps.len()];
        Table {
            sheet,
            styles,
            caps,
            widths,
            wrapped: Vec::new(),
            numbers: HashMap::new(),
            last_row: None,
            one_line: Vec::new(),
        }
    }

    pub(super) fn header(&mut self, row: u32, headers: &[String]) -> Result<(), XlsxError> {
        for (col, text) in (0u16..).zip(headers) {
            self.sheet
                .write_string_with_format(row, col, text, &self.styles.header)?;
        }
        Ok(())
    }

    pub(super) fn put(&mut self, row: u32, col: u16, cell: &Cell) -> Result<(), XlsxError> {
        let i = usize::from(col);
        self.last_row = self.last_row.max(Some(row));
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
            Cell::Text(s) if self.one_line.contains(&col) => (s, &styles.line),
            Cell::Text(s) => (s, &styles.text),
            Cell::Indented(s) => (s, &styles.indented),
            Cell::Right(s) => (s, &styles.right),
            Cell::Light(s, light) => (s, styles.light(*light)),
        };
        let one_line = self.one_line.contains(&col);
        if width > self.caps.get(i).copied().unwrap_or(MAX_WIDTH) && !one_line {
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
    /// With `even`, every row under the header is as tall as the tallest,
    /// so the table reads as a grid and prints evenly (the report and its
    /// groups; the Rows sheet, which may hold a million rows, sizes each).
    pub(super) fn finish(
        self,
        header_row: u32,
        headers: &[String],
        hide_empty: bool,
        even: bool,
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
        let tallest = rows.iter().map(|(_, lines)| *lines).max().unwrap_or(1);
        match self.last_row {
            Some(last) if even && tallest > 1 => {
                for row in header_row + 1..=last {
                    self.sheet
                        .set_row_height(row, LINE_HEIGHT * tallest as f64)?;
                }
            }
            _ => {
                for (row, lines) in rows {
                    self.sheet.set_row_height(row, LINE_HEIGHT * lines as f64)?;
                }
            }
        }
        Ok(())
    }
}

/// The width of a letter in tenths of a digit: regular and bold text.
pub(super) const TEXT_TENTHS: usize = 9;
pub(super) const BOLD_TENTHS: usize = 10;

/// Lines `text` takes when wrapped at word boundaries into `width` digits,
/// each letter `tenths` tenths of a digit wide.
pub(super) fn wrapped_lines(text: &str, width: usize, tenths: usize) -> usize {
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
