//! CSV and TSV: the SPEC §8 columns, raw numbers (dot decimal, no grouping,
//! no unit symbols), an absent value as an empty cell; optionally a UTF-8
//! BOM so that Excel reads the Vietnamese names right.

use super::{Cell, cells, columns};
use crate::error::Error;
use crate::labels::Lang;
use crate::report::Report;

/// Render the report's rows as delimited text.
pub fn render(report: &Report, delimiter: u8, bom: bool, lang: Lang) -> Result<Vec<u8>, Error> {
    if report.by == crate::report::By::Group {
        let rows = report
            .summary
            .groups
            .iter()
            .map(|g| super::group_cells(g).iter().map(cell_text).collect());
        return delimited(
            &super::GROUP_COLUMNS.map(String::from),
            rows,
            delimiter,
            bom,
        );
    }
    // A trend (`--by period|quarter`) adds two columns per step after the
    // SPEC §8 columns: the cumulative actual and its attainment.
    let quarterly = super::quarterly(report);
    let by_entity = report.by == crate::report::By::Entity;
    let mut header: Vec<String> = columns(report).iter().map(|c| c.to_string()).collect();
    for step in &report.steps {
        let label = super::step_label(step, quarterly, Lang::En);
        header.push(format!("{label}_actual"));
        header.push(format!("{label}_attainment_pct"));
    }
    let rows = report.rows.iter().map(|row| {
        let mut record: Vec<String> = cells(row, lang, by_entity).iter().map(cell_text).collect();
        for step in &row.trend {
            record.push(cell_text(&super::exact(step.actual)));
            record.push(cell_text(&super::pct(step.attainment_pct)));
        }
        record
    });
    delimited(&header, rows, delimiter, bom)
}

/// A header and records as delimited text, optionally after a UTF-8 BOM.
pub fn delimited(
    header: &[String],
    rows: impl IntoIterator<Item = Vec<String>>,
    delimiter: u8,
    bom: bool,
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
        for row in rows {
            writer.write_record(&row)?;
        }
        writer.flush()?;
        Ok(())
    })();
    let fail = |e: String| Error::Usage(format!("could not write csv: {e}"));
    written.map_err(|e| fail(e.to_string()))?;
    writer.into_inner().map_err(|e| fail(e.to_string()))
}

/// A cell as text. Text that a spreadsheet would run as a formula (`=`,
/// `+`, `-`, `@` first) gets a leading `'`, which Excel and LibreOffice
/// show as plain text; numbers are never touched. A tab or line break inside
/// text becomes a space, so that tsv output stays one record per line for
/// `cut` and `awk`.
fn cell_text(cell: &Cell) -> String {
    match cell {
        Cell::Text(s) => {
            let flat: String = s
                .chars()
                .map(|c| {
                    if matches!(c, '\t' | '\n' | '\r') {
                        ' '
                    } else {
                        c
                    }
                })
                .collect();
            if flat.starts_with(['=', '+', '-', '@']) {
                format!("'{flat}")
            } else {
                flat
            }
        }
        Cell::Number(d) => d.to_string(),
        Cell::Count(n) => n.to_string(),
        Cell::Empty => String::new(),
    }
}
