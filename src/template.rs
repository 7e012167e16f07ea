//! `attain template`: an actuals skeleton to type next period's figures
//! into — the header, then one row per indicator (and per entity where the
//! campaign declares entities for it) with the unit and the next period to
//! report already filled in. CSV, or a worksheet with `-f xlsx`.
//!
//! With `--wide`, the same indicators in a wide table instead
//! ([`wide`]): the campaign's months across (one line per indicator and
//! entity), or its entities across (one line per indicator), each line
//! labelled with the target's name, unit and plan as the report writes it.
//!
//! It reads the actuals only to know how far they go; it computes nothing.

use chrono::{Datelike, Months, NaiveDate};
use rustc_hash::FxHashSet;

use crate::campaign::{Campaign, Indicator};
use crate::error::Error;
use crate::ingest::Across;
use crate::labels::Lang;
use crate::number::Locale;
use crate::period::Span;

/// The skeleton's columns (reference §3).
pub const HEADER: [&str; 6] = ["indicator", "period", "value", "unit", "entity", "source"];

/// One line of the skeleton: indicator, period, (empty) value, unit, entity,
/// (empty) source.
pub type Line = [String; 6];

/// The month to report next: the one after the as-of date's month, within
/// the campaign; the campaign's first month when there are no actuals yet.
pub fn next_period(campaign: &Campaign, as_of: Option<NaiveDate>) -> String {
    month_text(next_month(campaign, as_of))
}

/// The first day of [`next_period`]'s month.
fn next_month(campaign: &Campaign, as_of: Option<NaiveDate>) -> NaiveDate {
    let next = match as_of {
        None => month_start(campaign.span.start),
        Some(d) => month_start(d)
            .checked_add_months(Months::new(1))
            .unwrap_or(d),
    };
    let last = month_start(campaign.span.end);
    next.clamp(month_start(campaign.span.start), last)
}

/// The first day of `day`'s month.
fn month_start(day: NaiveDate) -> NaiveDate {
    day.with_day(1).unwrap_or(day)
}

/// A month as the actuals write it: `2022-03`.
fn month_text(day: NaiveDate) -> String {
    format!("{}-{:02}", day.year(), day.month())
}

/// Every month `span` touches, in order, as the actuals write a month
/// (`2022-01` … `2022-12`): the columns of a wide template by period.
pub fn months(span: &Span) -> Vec<String> {
    let last = month_start(span.end);
    std::iter::successors(Some(month_start(span.start)), |m| {
        m.checked_add_months(Months::new(1))
    })
    .take_while(|m| *m <= last)
    .map(month_text)
    .collect()
}

/// The entities an indicator takes a line per: those of its target's
/// `[target.entities]`, else every declared entity when it says how to
/// combine them (`across`); none means one line for the whole campaign.
fn entities_of<'c>(campaign: &'c Campaign, indicator: &'c Indicator) -> Vec<&'c str> {
    let target = indicator.target.and_then(|i| campaign.targets.get(i));
    let entities: Vec<&str> = target
        .map(|t| t.entity_targets.iter().map(|(e, _)| e.as_str()).collect())
        .unwrap_or_default();
    if entities.is_empty() && indicator.across.is_some() {
        return campaign
            .entity_names
            .iter()
            .map(|(id, _)| id.as_str())
            .collect();
    }
    entities
}

/// The skeleton's lines: every indicator that takes rows (targets without a
/// formula, then series), per entity where the campaign gives the target
/// entity targets, or declares `[entities]` and says how to combine them.
pub fn lines(campaign: &Campaign, as_of: Option<NaiveDate>) -> Vec<Line> {
    let period = next_period(campaign, as_of);
    let mut out = Vec::new();
    for indicator in &campaign.indicators {
        let mut entities = entities_of(campaign, indicator);
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

/// A wide skeleton (`--wide`): a header, lines of text cells, and where
/// the cells to type figures into begin. Every cell from
/// [`Wide::first_value`] on is left empty.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Wide {
    pub header: Vec<String>,
    pub lines: Vec<Vec<String>>,
    /// The first column that holds a figure (a month or an entity); the
    /// columns before it label the line.
    pub first_value: usize,
    /// How many columns from the left stay in view in a workbook: the
    /// indicator, its entity and its name.
    pub kept_in_view: usize,
}

/// The wide skeleton of `across`: the campaign's months across
/// ([`by_period`]) or its entities across ([`by_entity`]). Names are in
/// `lang`, plans in `locale`, as the report writes them.
pub fn wide(
    campaign: &Campaign,
    as_of: Option<NaiveDate>,
    across: Across,
    locale: Locale,
    lang: Lang,
) -> Wide {
    match across {
        Across::Period => by_period(campaign, as_of, locale, lang),
        Across::Entity => by_entity(campaign, as_of, locale, lang),
    }
}

/// Months across: the lines of the long skeleton (one per indicator, and
/// per entity where it has entity lines), and a column per month of the
/// campaign. Header: `indicator, entity, name, unit, plan, 2022-01 …`;
/// `entity` only when some line has one. An entity's line shows its own
/// target when it has one.
pub fn by_period(
    campaign: &Campaign,
    as_of: Option<NaiveDate>,
    locale: Locale,
    lang: Lang,
) -> Wide {
    let on = next_month(campaign, as_of);
    let with_entity = campaign
        .indicators
        .iter()
        .any(|i| !entities_of(campaign, i).is_empty());
    let mut header = vec!["indicator".to_string()];
    if with_entity {
        header.push("entity".to_string());
    }
    header.extend(["name", "unit", "plan"].map(String::from));
    let first_value = header.len();
    header.extend(months(&campaign.span));
    let mut lines = Vec::new();
    for indicator in &campaign.indicators {
        let name = name_of(campaign, indicator, lang);
        let mut entities: Vec<Option<&str>> = entities_of(campaign, indicator)
            .into_iter()
            .map(Some)
            .collect();
        if entities.is_empty() {
            entities.push(None);
        }
        for entity in entities {
            let mut line = vec![indicator.id.clone()];
            if with_entity {
                line.push(entity.unwrap_or_default().to_string());
            }
            line.push(name.to_string());
            line.push(indicator.unit_text.clone());
            line.push(plan_of(campaign, indicator, entity, on, locale, lang));
            line.resize(header.len(), String::new());
            lines.push(line);
        }
    }
    Wide {
        header,
        lines,
        first_value,
        kept_in_view: if with_entity { 3 } else { 2 },
    }
}

/// Entities across: a line per indicator the long skeleton gives entity
/// lines, a column per entity (the declared `[entities]`, then any other
/// that a `[target.entities]` names), and the period to report next.
/// Header: `indicator, name, unit, plan, period, north, south …`. An
/// indicator reported for the whole campaign only has no place here.
pub fn by_entity(
    campaign: &Campaign,
    as_of: Option<NaiveDate>,
    locale: Locale,
    lang: Lang,
) -> Wide {
    let on = next_month(campaign, as_of);
    let period = month_text(on);
    let mut entities: Vec<&str> = campaign
        .entity_names
        .iter()
        .map(|(id, _)| id.as_str())
        .collect();
    let mut seen: FxHashSet<&str> = entities.iter().copied().collect();
    let mut taken = Vec::new();
    for indicator in &campaign.indicators {
        let of = entities_of(campaign, indicator);
        if of.is_empty() {
            continue;
        }
        for e in of {
            if seen.insert(e) {
                entities.push(e);
            }
        }
        taken.push(indicator);
    }
    let mut header: Vec<String> = ["indicator", "name", "unit", "plan", "period"]
        .map(String::from)
        .to_vec();
    let first_value = header.len();
    header.extend(entities.iter().map(|e| e.to_string()));
    let lines = taken
        .into_iter()
        .map(|indicator| {
            let mut line = vec![
                indicator.id.clone(),
                name_of(campaign, indicator, lang).to_string(),
                indicator.unit_text.clone(),
                plan_of(campaign, indicator, None, on, locale, lang),
                period.clone(),
            ];
            line.resize(header.len(), String::new());
            line
        })
        .collect();
    Wide {
        header,
        lines,
        first_value,
        kept_in_view: 2,
    }
}

/// An indicator's name in `lang`: its target's or its series', else its id.
fn name_of<'c>(campaign: &'c Campaign, indicator: &'c Indicator, lang: Lang) -> &'c str {
    let name = match indicator.target.and_then(|i| campaign.targets.get(i)) {
        Some(target) => Some(&target.name),
        None => campaign
            .series
            .iter()
            .find(|s| s.id == indicator.id)
            .map(|s| &s.name),
    };
    name.map_or(indicator.id.as_str(), |n| n.get(lang, &indicator.id))
}

/// The plan as the report's Plan column writes it (`≥ 92.070`, `5–6`,
/// `giảm 1–1,5 điểm %`): an entity's own target when it has one, else the
/// target in force on `on`. A series has none.
fn plan_of(
    campaign: &Campaign,
    indicator: &Indicator,
    entity: Option<&str>,
    on: NaiveDate,
    locale: Locale,
    lang: Lang,
) -> String {
    use crate::view::words::{human_change_plan, human_target};
    let Some(target) = indicator.target.and_then(|i| campaign.targets.get(i)) else {
        return String::new();
    };
    let own = entity.and_then(|e| {
        target
            .entity_targets
            .iter()
            .find(|(id, _)| id == e)
            .map(|(_, kind)| *kind)
    });
    let kind = own.unwrap_or_else(|| target.in_force(on).0);
    let plan = human_target(kind, target.strict, locale);
    human_change_plan(target.measure, &plan, target.unit.is_percent(), lang)
}

/// A wide skeleton as CSV.
pub fn wide_csv(wide: &Wide, delimiter: u8) -> Result<Vec<u8>, Error> {
    crate::render::csv::delimited(&wide.header, wide.lines.iter().cloned(), delimiter, false)
}

/// A wide skeleton as a worksheet: a bold header row and the labelling
/// columns kept in view, the labels as text (so that an id like `007` or a
/// period like `2022-03` stays as typed), and the cells to fill in
/// formatted as numbers.
pub fn wide_xlsx(wide: &Wide) -> Result<Vec<u8>, Error> {
    use rust_xlsxwriter::{Format, Workbook};
    let fail = |e: rust_xlsxwriter::XlsxError| Error::encode("xlsx", e);
    let column = |c: usize| u16::try_from(c).map_err(|e| Error::encode("xlsx", e));
    let row = |r: usize| u32::try_from(r + 1).map_err(|e| Error::encode("xlsx", e));
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("Actuals").map_err(fail)?;
    // Printed (to check what was typed), the months across fit a page's
    // width: landscape, as many pages down as the lines need.
    sheet.set_landscape();
    sheet.set_print_fit_to_pages(1, 0);
    sheet.set_print_gridlines(true);
    let bold = Format::new().set_bold().set_num_format("@");
    let text = Format::new().set_num_format("@");
    // Excel's own number format: a figure typed in shows as typed.
    let number = Format::new().set_num_format("General");
    for (col, name) in wide.header.iter().enumerate() {
        sheet
            .write_string_with_format(0, column(col)?, name, &bold)
            .map_err(fail)?;
    }
    for (r, line) in wide.lines.iter().enumerate() {
        for (col, cell) in line.iter().enumerate() {
            let (r, c) = (row(r)?, column(col)?);
            if col >= wide.first_value {
                sheet.write_blank(r, c, &number).map_err(fail)?;
            } else if cell.is_empty() {
                sheet.write_blank(r, c, &text).map_err(fail)?;
            } else {
                sheet
                    .write_string_with_format(r, c, cell, &text)
                    .map_err(fail)?;
            }
        }
    }
    for col in 0..wide.header.len() {
        let c = column(col)?;
        // Lines typed below the skeleton's get the same formats.
        let format = if col < wide.first_value {
            &text
        } else {
            &number
        };
        sheet.set_column_format(c, format).map_err(fail)?;
        sheet
            .set_column_width(c, column_width(wide, col))
            .map_err(fail)?;
    }
    sheet
        .set_freeze_panes(1, column(wide.kept_in_view)?)
        .map_err(fail)?;
    workbook.save_to_buffer().map_err(fail)
}

/// A column as wide as its longest label, at most 50 characters (a
/// longer name is cut off on screen, whole in its cell), and a figure's
/// column room for at least ten digits.
fn column_width(wide: &Wide, col: usize) -> f64 {
    let longest = std::iter::once(&wide.header[col])
        .chain(wide.lines.iter().filter_map(|l| l.get(col)))
        .map(|s| s.chars().count())
        .max()
        .unwrap_or(0);
    let least = if col >= wide.first_value { 12 } else { 8 };
    (longest + 2).clamp(least, 50) as f64
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

    /// A campaign of `period` with one target and no entities.
    fn over(period: &str) -> Campaign {
        let text = format!(
            "[campaign]\nperiod = \"{period}\"\n[[target]]\nid = \"rev\"\nname = {{ en = \"Revenue\", vi = \"Doanh thu\" }}\nunit = \"billion VND\"\nat_least = 92070\naggregate = \"sum\"\n"
        );
        crate::campaign::parse("t.toml", &text, Path::new(".")).unwrap()
    }

    fn months_of(period: &str) -> Vec<String> {
        let c = over(period);
        let wide = by_period(&c, None, Locale::En, Lang::En);
        wide.header[wide.first_value..].to_vec()
    }

    #[test]
    fn the_months_across_are_the_campaigns() {
        let year: Vec<String> = (1..=12).map(|m| format!("2022-{m:02}")).collect();
        assert_eq!(months_of("2022"), year);
        assert_eq!(months_of("2022-Q2"), ["2022-04", "2022-05", "2022-06"]);
        assert_eq!(
            months_of("2021-11..2022-02"),
            ["2021-11", "2021-12", "2022-01", "2022-02"]
        );
        let fiscal = months_of("2021-07..2022-06");
        assert_eq!(fiscal.len(), 12);
        assert_eq!(
            (fiscal[5].as_str(), fiscal[6].as_str()),
            ("2021-12", "2022-01")
        );
        assert_eq!(months_of("2022-06-15"), ["2022-06"]);
    }

    #[test]
    fn months_across_label_every_line_with_name_unit_and_plan() {
        let c = campaign("across = \"mean\"\nname = { en = \"Rate\", vi = \"Tỷ lệ\" }\n");
        let wide = by_period(&c, None, Locale::Vi, Lang::Vi);
        assert_eq!(
            wide.header[..wide.first_value],
            ["indicator", "entity", "name", "unit", "plan"]
        );
        assert_eq!(wide.header.len(), 5 + 12);
        assert_eq!(wide.kept_in_view, 3);
        let labels: Vec<&[String]> = wide.lines.iter().map(|l| &l[..5]).collect();
        let rows = [
            ["rev", "n", "rev", "billion VND", "≥ 6"],
            ["rev", "s", "rev", "billion VND", "≥ 4"],
            ["rate", "n", "Tỷ lệ", "%", "≤ 2"],
            ["rate", "s", "Tỷ lệ", "%", "≤ 2"],
            ["good_n", "", "good_n", "organisations", ""],
        ];
        assert_eq!(labels, rows.map(|r| r.map(String::from)));
        // the lines of the long skeleton, in its order
        let long: Vec<(String, String)> = lines(&c, None)
            .into_iter()
            .map(|[indicator, _, _, _, entity, _]| (indicator, entity))
            .collect();
        let keys: Vec<(String, String)> = wide
            .lines
            .iter()
            .map(|l| (l[0].clone(), l[1].clone()))
            .collect();
        assert_eq!(keys, long);
        assert!(
            wide.lines
                .iter()
                .all(|l| l.len() == wide.header.len() && l[5..].iter().all(String::is_empty))
        );
        // without entities there is no entity column
        let wide = by_period(&over("2022"), None, Locale::Vi, Lang::Vi);
        assert_eq!(
            wide.header[..wide.first_value],
            ["indicator", "name", "unit", "plan"]
        );
        assert_eq!(
            wide.lines[0][..4],
            ["rev", "Doanh thu", "billion VND", "≥ 92.070"]
        );
        assert_eq!(wide.kept_in_view, 2);
        let text = String::from_utf8(wide_csv(&wide, b',').unwrap()).unwrap();
        assert!(text.starts_with(
            "indicator,name,unit,plan,2022-01,2022-02,2022-03,2022-04,2022-05,2022-06,2022-07,2022-08,2022-09,2022-10,2022-11,2022-12\nrev,Doanh thu,billion VND,≥ 92.070,,,,,,,,,,,,\n"
        ), "{text}");
    }

    #[test]
    fn a_revised_plan_is_the_one_in_force_at_the_next_period() {
        let c = campaign("revised = [{ from = 2022-07-01, at_most = 1.5 }]\n");
        let plan = |as_of| {
            let wide = by_period(&c, as_of, Locale::En, Lang::En);
            wide.lines
                .iter()
                .find(|l| l[0] == "rate")
                .map(|l| l[4].clone())
                .unwrap()
        };
        assert_eq!(plan(None), "≤ 2");
        assert_eq!(plan(NaiveDate::from_ymd_opt(2022, 6, 30)), "≤ 1.5");
    }

    #[test]
    fn entities_across_have_a_line_per_indicator_taken_per_entity() {
        let c = campaign("across = \"mean\"\n");
        let as_of = NaiveDate::from_ymd_opt(2022, 3, 31);
        let wide = by_entity(&c, as_of, Locale::En, Lang::En);
        assert_eq!(
            wide.header,
            ["indicator", "name", "unit", "plan", "period", "n", "s"]
        );
        assert_eq!(wide.first_value, 5);
        let labels: Vec<&[String]> = wide.lines.iter().map(|l| &l[..5]).collect();
        let rows = [
            ["rev", "rev", "billion VND", "≥ 10", "2022-04"],
            ["rate", "rate", "%", "≤ 2", "2022-04"],
        ];
        assert_eq!(labels, rows.map(|r| r.map(String::from)));
        assert!(wide.lines.iter().all(|l| l[5..] == ["", ""]));
        // an entity a target names but [entities] does not is a column too
        let text = "[campaign]\nperiod = \"2022\"\n[entities]\nn = \"North\"\n[[target]]\nid = \"rev\"\nat_least = 10\naggregate = \"sum\"\n[target.entities]\ns = 4\nn = 6\n";
        let c = crate::campaign::parse("t.toml", text, Path::new(".")).unwrap();
        let wide = super::wide(&c, None, Across::Entity, Locale::En, Lang::En);
        assert_eq!(wide.header[5..], ["n", "s"]);
        let text = String::from_utf8(wide_csv(&wide, b';').unwrap()).unwrap();
        assert_eq!(
            text,
            "indicator;name;unit;plan;period;n;s\nrev;rev;;≥ 10;2022-01;;\n"
        );
        assert!(wide_xlsx(&wide).unwrap().starts_with(b"PK"));
    }
}
