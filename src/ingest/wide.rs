//! Wide tables (reference §3.2): a header whose columns are periods
//! (`2022-01 … 2022-12`, `2022-Q1`, `Tháng 1 … Tháng 12`, `Quý I … Quý IV`)
//! or, with `--wide entity`, entities, holds one value per cell: the row
//! gives the indicator (and entity, unit, source), the column the period or
//! the entity. Each filled cell becomes one record for the row rules — the
//! row's fields with the column's period or entity added as a field of its
//! own — so a wide table is another source of records, not a second set of
//! rules. An empty cell is no row, as a blank line is none: the ledger
//! counts the figures a table holds, not its grid.

use chrono::Datelike;

use super::*;
use crate::diagnostic::Said;

/// The columns of a wide table, found in its header.
#[derive(Debug, Clone)]
pub(super) struct Spread {
    /// Each value column and the period (written as attain reads it) or
    /// the entity its header names.
    pub(super) cols: Vec<(usize, Vec<u8>)>,
    /// The columns attain does not read, checked to be UTF-8 once a row.
    pub(super) unread: Vec<usize>,
}

/// Roman numerals of the quarters, as Vietnamese documents write them.
const QUARTERS: [&str; 4] = ["i", "ii", "iii", "iv"];

/// What a header cell says as a period column: `None` when it is no
/// period and does not look like one (a `name`, a `plan`, a note); else the
/// period as attain reads it (`Tháng 3` → `2022-03`, the year the month
/// has in the campaign), or why it cannot be read (`2022-13`, `Tháng 13`).
pub(super) fn period_column(text: &str, span: Span) -> Option<Result<String, Said>> {
    let text = text.trim();
    let lower = text.to_lowercase();
    // `Tháng 3`, `Tháng 03/2022`, `Quý I`, `Quý 2 năm 2022`.
    let local = [("tháng", 12u32), ("thang", 12), ("quý", 4), ("quy", 4)]
        .into_iter()
        .find_map(|(word, most)| Some((lower.strip_prefix(word)?.trim(), most)));
    if let Some((rest, most)) = local {
        return Some(local_period(text, rest, most, span));
    }
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    let looks = digits == 4 && matches!(text.as_bytes().get(4), None | Some(b'-'));
    if !looks {
        return None;
    }
    Some(match Span::parse(text) {
        Ok(_) => Ok(text.to_string()),
        Err(e) => Err(e.said()),
    })
}

/// `Tháng N` / `Quý N` (`most` 12 or 4) after its word: the number (or a
/// quarter's Roman numeral), and an optional year (`/2022`, `năm 2022`);
/// without one, the year the month or quarter starts in within the
/// campaign.
fn local_period(text: &str, rest: &str, most: u32, span: Span) -> Result<String, Said> {
    let unreadable = || {
        Said::new(
            format!(
                "'{text}' is not a month or a quarter; write Tháng 1 … Tháng 12, Quý I … Quý IV (a year may follow: Tháng 3/2022), or 2022-03, 2022-Q1"
            ),
            format!(
                "'{text}' không phải là một tháng hay một quý; hãy viết Tháng 1 … Tháng 12, Quý I … Quý IV (có thể kèm năm: Tháng 3/2022), hoặc 2022-03, 2022-Q1"
            ),
        )
    };
    let (number, year) = match rest.split_once(['/', '-']) {
        Some((n, y)) => (n.trim(), Some(y.trim())),
        None => match rest.split_once("năm").or_else(|| rest.split_once("nam")) {
            Some((n, y)) => (n.trim(), Some(y.trim())),
            None => (rest, None),
        },
    };
    let n = match number.parse::<u32>() {
        Ok(n) => n,
        Err(_) if most == 4 => QUARTERS
            .iter()
            .position(|q| *q == number)
            .map_or(0, |i| i as u32 + 1),
        Err(_) => 0,
    };
    if n == 0 || n > most {
        return Err(unreadable());
    }
    let first_month = if most == 4 { (n - 1) * 3 + 1 } else { n };
    let year = match year {
        Some(y) => y.parse::<i32>().map_err(|_| unreadable())?,
        // The year in which that month starts inside the campaign; a
        // campaign of a calendar year is that year.
        None => (span.start.year()..=span.end.year())
            .find(|&y| {
                NaiveDate::from_ymd_opt(y, first_month, 1)
                    .is_some_and(|d| d <= span.end && span.start <= month_end(d))
            })
            .unwrap_or(span.start.year()),
    };
    Ok(if most == 4 {
        format!("{year}-Q{n}")
    } else {
        format!("{year}-{n:02}")
    })
}

/// The last day of the month `day` is in.
fn month_end(day: NaiveDate) -> NaiveDate {
    let next = if day.month() == 12 {
        NaiveDate::from_ymd_opt(day.year() + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(day.year(), day.month() + 1, 1)
    };
    next.and_then(|d| d.pred_opt()).unwrap_or(day)
}

impl<'a> State<'a> {
    /// The wide layout of a header, if it is one: its period columns (or,
    /// with `--wide entity`, its entity columns). `Err` after recording
    /// the header's error: a column that looks like a period and is not,
    /// or a header that mixes both layouts.
    pub(super) fn spread(
        &mut self,
        record: &csv::ByteRecord,
        names: &[String],
        row: RowRef,
    ) -> Result<Option<Spread>, ()> {
        // A wide table still names its indicators in a column; a line
        // without one (data where a header should be) is no header at all.
        if !names.iter().any(|n| n == "indicator" || n == "id") {
            return Ok(None);
        }
        let across = self.options.wide.unwrap_or(Across::Period);
        let original = |i: usize| {
            let field = record.get(i).unwrap_or_default();
            let field = if i == 0 {
                field.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(field)
            } else {
                field
            };
            String::from_utf8_lossy(field).trim().to_string()
        };
        let mut cols = Vec::new();
        for (i, name) in names.iter().enumerate() {
            if KNOWN_COLUMNS.contains(&name.as_str()) || name.is_empty() {
                continue;
            }
            match across {
                Across::Entity => cols.push((i, original(i).into_bytes())),
                Across::Period => match period_column(&original(i), self.campaign.span) {
                    None => {}
                    Some(Ok(period)) => cols.push((i, period.into_bytes())),
                    Some(Err(reason)) => {
                        let loc = self.location(row, i as u64 + 1);
                        let column = clip(&original(i)).into_owned();
                        self.error(loc, Code::BadPeriodColumn { column, reason });
                        return Err(());
                    }
                },
            }
        }
        if cols.is_empty() {
            return Ok(None);
        }
        let (replaced, word) = match across {
            Across::Period => ("period", "period"),
            Across::Entity => ("entity", "entity"),
        };
        if let Some(i) = names.iter().position(|n| n == "value" || n == replaced) {
            let loc = self.location(row, i as u64 + 1);
            let column = names[i].clone();
            self.error(
                loc,
                Code::WideMixed {
                    column,
                    across: word,
                },
            );
            return Err(());
        }
        Ok(Some(Spread {
            cols,
            unread: Vec::new(),
        }))
    }

    /// One record of a wide table: each filled value cell read as a row of
    /// its own, with its column's period or entity.
    pub(super) fn wide_row(
        &mut self,
        record: &csv::ByteRecord,
        row: RowRef,
        columns: Columns,
        spread: &Spread,
    ) {
        // The reader counted the record as one row; it holds as many as
        // its filled cells.
        self.ledger.read -= 1;
        for &i in &spread.unread {
            if self.text(record, i, row).is_none() {
                return;
            }
        }
        // Each cell is read as a short record of the fields the rules read
        // (indicator, the cell's value, then the row's period, unit,
        // entity, source, published and rows, the column's period or
        // entity among them), not as a copy of the whole row: a row of
        // thousands of columns costs each cell the same.
        let added = record.len();
        let optional = [
            columns.period,
            columns.unit,
            columns.entity,
            columns.source,
            columns.published,
            columns.rows,
        ];
        let mut short = Columns {
            indicator: 0,
            value: 1,
            unread: 0,
            wide: false,
            ..columns
        };
        let mut next = 2;
        for (slot, col) in [
            &mut short.period,
            &mut short.unit,
            &mut short.entity,
            &mut short.source,
            &mut short.published,
            &mut short.rows,
        ]
        .into_iter()
        .zip(optional)
        {
            *slot = col.map(|_| {
                next += 1;
                next - 1
            });
        }
        let seq = self.seq;
        let mut cell = csv::ByteRecord::new();
        for (j, (col, across)) in spread.cols.iter().enumerate() {
            let value = record.get(*col).unwrap_or_default();
            if value.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            // The record's fields, and the column each stands for (from 1).
            cell.clear();
            let mut from = vec![columns.indicator as u64 + 1, *col as u64 + 1];
            cell.push_field(record.get(columns.indicator).unwrap_or_default());
            cell.push_field(value);
            for i in optional.into_iter().flatten() {
                if i == added {
                    cell.push_field(across);
                    from.push(*col as u64 + 1);
                } else {
                    cell.push_field(record.get(i).unwrap_or_default());
                    from.push(i as u64 + 1);
                }
            }
            self.ledger.read += 1;
            self.seq = seq + j as u64;
            let (listed, said) = (self.ledger.listed.len(), self.diagnostics.len());
            let kept = self.kept.len();
            self.row(&cell, row, short);
            for (kept, _) in &mut self.kept[kept..] {
                if let Some(c) = &mut kept.cell {
                    *c = *col as u64 + 1;
                }
            }
            // What the rules say of a field is said of its column; of the
            // cell's period or entity, or of its whole row, of the cell.
            let at_cell = |loc: &mut Location| {
                if loc.line == row.line {
                    loc.col = match loc.col {
                        0 => *col as u64 + 1,
                        k => from.get(k as usize - 1).copied().unwrap_or(k),
                    };
                }
            };
            let first = listed.min(self.ledger.listed.len());
            for skipped in &mut self.ledger.listed[first..] {
                at_cell(&mut skipped.location);
            }
            for d in &mut self.diagnostics[said..] {
                if let Some(loc) = &mut d.location {
                    at_cell(loc);
                }
            }
            if self.file_failed {
                return;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(from: &str, to: &str) -> Span {
        Span {
            start: from.parse().unwrap(),
            end: to.parse().unwrap(),
        }
    }

    #[test]
    fn period_columns_are_read_in_every_form_the_offices_write() {
        let y2022 = span("2022-01-01", "2022-12-31");
        let read = |t: &str| period_column(t, y2022).map(|r| r.map_err(|e| e.en));
        assert_eq!(read("2022-03"), Some(Ok("2022-03".into())));
        assert_eq!(read("2022-Q1"), Some(Ok("2022-Q1".into())));
        assert_eq!(read("2022"), Some(Ok("2022".into())));
        assert_eq!(
            read("2022-01..2022-06"),
            Some(Ok("2022-01..2022-06".into()))
        );
        assert_eq!(read("Tháng 3"), Some(Ok("2022-03".into())));
        assert_eq!(read("tháng 03/2023"), Some(Ok("2023-03".into())));
        assert_eq!(read("Quý IV"), Some(Ok("2022-Q4".into())));
        assert_eq!(read("Quý 2 năm 2021"), Some(Ok("2021-Q2".into())));
        assert!(matches!(read("Tháng 13"), Some(Err(_))));
        assert!(matches!(read("Quý V"), Some(Err(_))));
        assert!(matches!(read("2022-13"), Some(Err(_))));
        assert_eq!(read("name"), None);
        assert_eq!(read("Ghi chú"), None);
        assert_eq!(read("Kế hoạch 2022"), None);
    }

    #[test]
    fn a_month_without_a_year_takes_the_campaigns() {
        let fiscal = span("2022-07-01", "2023-06-30");
        let read = |t: &str| period_column(t, fiscal).and_then(Result::ok);
        assert_eq!(read("Tháng 9").as_deref(), Some("2022-09"));
        assert_eq!(read("Tháng 2").as_deref(), Some("2023-02"));
        assert_eq!(read("Quý I").as_deref(), Some("2023-Q1"));
    }
}
