//! `attain template`: an actuals skeleton to type next period's figures
//! into — the header, then one row per indicator (and per entity where the
//! campaign declares entities for it) with the unit and the next period to
//! report already filled in. CSV, or a worksheet with `-f xlsx`.
//!
//! It reads the actuals only to know how far they go; it computes nothing.

use chrono::{Datelike, Months, NaiveDate};

use crate::campaign::Campaign;
use crate::error::Error;

/// The skeleton's columns (reference §3).
pub const HEADER: [&str; 6] = ["indicator", "period", "value", "unit", "entity", "source"];

/// One line of the skeleton: indicator, period, (empty) value, unit, entity,
/// (empty) source.
pub type Line = [String; 6];

/// The month to report next: the one after the as-of date's month, within
/// the campaign; the campaign's first month when there are no actuals yet.
pub fn next_period(campaign: &Campaign, as_of: Option<NaiveDate>) -> String {
    let month_start = |d: NaiveDate| d.with_day(1).unwrap_or(d);
    let next = match as_of {
        None => month_start(campaign.span.start),
        Some(d) => month_start(d)
            .checked_add_months(Months::new(1))
            .unwrap_or(d),
    };
    let last = month_start(campaign.span.end);
    let month = next.clamp(month_start(campaign.span.start), last);
    format!("{}-{:02}", month.year(), month.month())
}

/// The skeleton's lines: every indicator that takes rows (targets without a
/// formula, then series), per entity where the campaign gives the target
/// entity targets, or declares `[entities]` and says how to combine them.
pub fn lines(campaign: &Campaign, as_of: Option<NaiveDate>) -> Vec<Line> {
    let period = next_period(campaign, as_of);
    let mut out = Vec::new();
    for indicator in &campaign.indicators {
        let target = indicator.target.and_then(|i| campaign.targets.get(i));
        let mut entities: Vec<&str> = target
            .map(|t| t.entity_targets.iter().map(|(e, _)| e.as_str()).collect())
            .unwrap_or_default();
        if entities.is_empty() && indicator.across.is_some() {
            entities = campaign
                .entity_names
                .iter()
                .map(|(id, _)| id.as_str())
                .collect();
        }
        if entities.is_empty() {
            entities.push("");
        }
        for entity in entities {
            out.push([
                indicator.id.clone(),
                period.clone(),
                String::new(),
                indicator.unit_text.clone(),
                entity.to_string(),
                String::new(),
            ]);
        }
    }
    out
}

/// The skeleton as CSV.
pub fn csv(lines: &[Line], delimiter: u8) -> Result<Vec<u8>, Error> {
    let header = HEADER.map(String::from);
    crate::render::csv::delimited(&header, lines.iter().map(|l| l.to_vec()), delimiter, false)
}

/// The skeleton as a worksheet: text cells, a bold frozen header, and the
/// value column left empty to type into.
pub fn xlsx(lines: &[Line]) -> Result<Vec<u8>, Error> {
    use rust_xlsxwriter::{Format, Workbook};
    let fail = |e: rust_xlsxwriter::XlsxError| Error::encode("xlsx", e);
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("Actuals").map_err(fail)?;
    let bold = Format::new().set_bold();
    for (col, name) in HEADER.iter().enumerate() {
        sheet
            .write_string_with_format(0, col as u16, *name, &bold)
            .map_err(fail)?;
    }
    for (row, line) in lines.iter().enumerate() {
        for (col, text) in line.iter().enumerate() {
            if !text.is_empty() {
                sheet
                    .write_string(row as u32 + 1, col as u16, text)
                    .map_err(fail)?;
            }
        }
    }
    sheet.set_freeze_panes(1, 0).map_err(fail)?;
    let widths = [22.0, 12.0, 14.0, 16.0, 18.0, 30.0];
    for (col, width) in widths.iter().enumerate() {
        sheet.set_column_width(col as u16, *width).map_err(fail)?;
    }
    workbook.save_to_buffer().map_err(fail)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn campaign(extra: &str) -> Campaign {
        let text = format!(
            "[campaign]\nperiod = \"2022\"\n[entities]\nn = \"North\"\ns = \"South\"\n[[series]]\nid = \"good_n\"\nunit = \"organisations\"\naggregate = \"sum\"\n[[target]]\nid = \"rev\"\nunit = \"billion VND\"\nat_least = 10\naggregate = \"sum\"\n[target.entities]\nn = 6\ns = 4\n[[target]]\nid = \"rate\"\nunit = \"%\"\nat_most = 2\naggregate = \"last\"\n{extra}"
        );
        crate::campaign::parse("t.toml", &text, Path::new(".")).unwrap()
    }

    #[test]
    fn the_next_period_follows_the_actuals() {
        let c = campaign("");
        assert_eq!(next_period(&c, None), "2022-01");
        assert_eq!(
            next_period(&c, NaiveDate::from_ymd_opt(2022, 11, 30)),
            "2022-12"
        );
        assert_eq!(
            next_period(&c, NaiveDate::from_ymd_opt(2022, 6, 15)),
            "2022-07"
        );
        // at the campaign's end, the last month is still the one to report
        assert_eq!(
            next_period(&c, NaiveDate::from_ymd_opt(2022, 12, 31)),
            "2022-12"
        );
    }

    #[test]
    fn one_line_per_indicator_and_declared_entity() {
        let c = campaign("across = \"mean\"\n");
        let lines = lines(&c, None);
        let keys: Vec<(&str, &str, &str)> = lines
            .iter()
            .map(|l| (l[0].as_str(), l[4].as_str(), l[3].as_str()))
            .collect();
        assert_eq!(
            keys,
            [
                ("rev", "n", "billion VND"),
                ("rev", "s", "billion VND"),
                ("rate", "n", "%"),
                ("rate", "s", "%"),
                ("good_n", "", "organisations"),
            ]
        );
        let text = String::from_utf8(csv(&lines, b',').unwrap()).unwrap();
        assert!(text.starts_with(
            "indicator,period,value,unit,entity,source\nrev,2022-01,,billion VND,n,\n"
        ));
        assert!(xlsx(&lines).unwrap().starts_with(b"PK"));
    }
}
