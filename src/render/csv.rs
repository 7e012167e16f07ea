//! CSV and TSV: the reference §8 columns, raw numbers (dot decimal, no grouping,
//! no unit symbols), an absent value as an empty cell; optionally a UTF-8
//! BOM so that Excel reads the Vietnamese names right.
//!
//! One exception to the dot: csv separated by `;` under the `vi` locale is
//! for a spreadsheet set to Vietnamese, which reads `7.39` as text, so its
//! numbers are written with a decimal comma (`7,39`) — the same digits,
//! still no grouping. The comma is written here, at the last step: the
//! cells (and so json) keep their meaning.

use std::borrow::Cow;

use super::{Options, Renderer};
use crate::error::Error;
use crate::labels::Lang;
use crate::number::Locale;
use crate::report::Report;
use crate::view::machine::{self, Cell, cells, columns};

/// CSV: comma-separated unless `--delimiter` says otherwise.
pub struct Csv;
/// TSV: tab-separated.
pub struct Tsv;

impl Renderer for Csv {
    fn render(&self, report: &Report, options: &Options) -> Result<Vec<u8>, Error> {
        let comma = decimal_comma(options.delimiter, options.locale);
        render(report, options.delimiter, options.bom, options.lang, comma)
    }
}

impl Renderer for Tsv {
    fn render(&self, report: &Report, options: &Options) -> Result<Vec<u8>, Error> {
        render(report, b'\t', options.bom, options.lang, false)
    }
}

/// Whether numbers get a decimal comma: csv separated by `;` under the
/// `vi` locale, as a spreadsheet set to Vietnamese imports it. A comma
/// separator keeps the dot (the comma would need quotes around every
/// number), and so does every other locale.
pub fn decimal_comma(delimiter: u8, locale: Locale) -> bool {
    delimiter == b';' && locale == Locale::Vi
}

/// Render the report's rows as delimited text; `comma`: numbers with a
/// decimal comma (see [`decimal_comma`]).
fn render(
    report: &Report,
    delimiter: u8,
    bom: bool,
    lang: Lang,
    comma: bool,
) -> Result<Vec<u8>, Error> {
    if machine::is_by_group(report) {
        let rows = report.summary.groups.iter().map(|g| {
            machine::group_cells(g)
                .iter()
                .map(|c| cell_text(c, comma).into_owned())
                .collect()
        });
        return delimited(
            &machine::GROUP_COLUMNS.map(String::from),
            rows,
            delimiter,
            bom,
        );
    }
    // A trend (`--by period|quarter`) adds two columns per step after the
    // reference §8 columns: the cumulative actual and its attainment; and a
    // third, the value judged, when some target measures a change.
    let keys = columns(report);
    let by_entity = keys.contains(&"entity");
    let changes = machine::has_changes(report);
    let per_step = if changes { 3 } else { 2 };
    let mut header: Vec<String> = keys.iter().map(|c| c.to_string()).collect();
    for label in machine::step_names(report) {
        header.push(format!("{label}_actual"));
        header.push(format!("{label}_attainment_pct"));
        if changes {
            header.push(format!("{label}_measured"));
        }
    }
    // Field by field: a report by entity has hundreds of thousands of
    // rows, and a text cell is written from the report's own string.
    write(&header, delimiter, bom, |writer| {
        for row in &report.rows {
            for cell in &cells(row, lang, by_entity) {
                writer.write_field(cell_text(cell, comma).as_bytes())?;
            }
            for step in &row.trend {
                for cell in machine::step_cells(row, step).iter().take(per_step) {
                    writer.write_field(cell_text(cell, comma).as_bytes())?;
                }
            }
            writer.write_record(None::<&[u8]>)?;
        }
        Ok(())
    })
}

/// A header and records as delimited text, optionally after a UTF-8 BOM.
pub fn delimited(
    header: &[String],
    rows: impl IntoIterator<Item = Vec<String>>,
    delimiter: u8,
    bom: bool,
) -> Result<Vec<u8>, Error> {
    write(header, delimiter, bom, |writer| {
        for row in rows {
            writer.write_record(&row)?;
        }
        Ok(())
    })
}

/// A header and what `body` writes after it, as delimited text.
fn write(
    header: &[String],
    delimiter: u8,
    bom: bool,
    body: impl FnOnce(&mut csv::Writer<Vec<u8>>) -> csv::Result<()>,
) -> Result<Vec<u8>, Error> {
    let mut out = Vec::new();
    if bom {
        out.extend_from_slice(b"\xEF\xBB\xBF");
    }
    let mut writer = csv::WriterBuilder::new()
        .delimiter(delimiter)
        .from_writer(out);
    let written = (|| -> csv::Result<()> {
        writer.write_record(header)?;
        body(&mut writer)?;
        writer.flush()?;
        Ok(())
    })();
    written.map_err(|e| Error::encode("csv", e))?;
    writer.into_inner().map_err(|e| Error::encode("csv", e))
}

/// A cell as text. Text that a spreadsheet would run as a formula (`=`,
/// `+`, `-`, `@` first) gets a leading `'`, which Excel and LibreOffice
/// show as plain text; numbers are never touched, but for a decimal comma
/// in place of the dot when `comma`. A tab or line break inside text
/// becomes a space, so that tsv output stays one record per line for `cut`
/// and `awk`.
fn cell_text(cell: &Cell, comma: bool) -> Cow<'_, str> {
    match cell {
        Cell::Text(s) => {
            let breaks = ['\t', '\n', '\r'];
            let flat = match s.contains(breaks) {
                true => Cow::Owned(s.replace(breaks, " ")),
                false => Cow::Borrowed(s.as_str()),
            };
            if flat.starts_with(['=', '+', '-', '@']) {
                Cow::Owned(format!("'{flat}"))
            } else {
                flat
            }
        }
        Cell::Number(d) if comma => Cow::Owned(d.to_string().replace('.', ",")),
        Cell::Number(d) => Cow::Owned(d.to_string()),
        Cell::Count(n) => Cow::Owned(n.to_string()),
        Cell::Empty => Cow::Borrowed(""),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    use rust_decimal::Decimal;

    #[test]
    fn a_decimal_comma_only_for_semicolons_under_vi() {
        assert!(decimal_comma(b';', Locale::Vi));
        assert!(!decimal_comma(b';', Locale::En));
        assert!(!decimal_comma(b',', Locale::Vi));
        assert!(!decimal_comma(b'\t', Locale::Vi));
    }

    #[test]
    fn the_comma_changes_numbers_only_and_keeps_every_digit() {
        let n = |s: &str| Cell::Number(Decimal::from_str(s).unwrap());
        assert_eq!(cell_text(&n("7.39"), true), "7,39");
        assert_eq!(cell_text(&n("-0.05"), true), "-0,05");
        assert_eq!(cell_text(&n("91700"), true), "91700");
        assert_eq!(
            cell_text(&n("30.06388888888888888888888889"), true),
            "30,06388888888888888888888889"
        );
        assert_eq!(cell_text(&n("7.39"), false), "7.39");
        assert_eq!(cell_text(&Cell::Count(1234), true), "1234");
        let text = Cell::Text("v1.2 (est.)".into());
        assert_eq!(cell_text(&text, true), "v1.2 (est.)");
    }
}
