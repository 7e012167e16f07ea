//! The workbook by what a reader of it sees: cells that hold numbers,
//! formats, widths, sheets and deterministic bytes.

use std::io::Read;
use std::path::Path;
use std::str::FromStr;

use rust_decimal::Decimal;

use super::cells::*;
use super::sheets::*;
use super::table::*;
use super::*;
use crate::calc::Status;
use crate::ingest::{Grain, Input, ReadOptions};
use crate::labels::{Label, Lang};
use crate::number::Locale;
use crate::render::Options;
use crate::report::{By, Report, Row, Selection};
use crate::view::Column;

/// The shipped campaign against `actuals`, as `attain report` builds it
/// for xlsx (every row kept).
fn shipped(actuals: &str, view: Selection, trend: Option<Grain>) -> Report {
    of_campaign("targets.toml", actuals, view, trend)
}

/// The campaign `targets` against `actuals`, both relative to the repository.
fn of_campaign(targets: &str, actuals: &str, view: Selection, trend: Option<Grain>) -> Report {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let campaign = crate::campaign::load(&root.join(targets)).unwrap();
    let options = ReadOptions {
        trend,
        keep_rows: crate::ingest::KeepRows::All,
        ..ReadOptions::new(campaign.locale)
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
    // Report, Groups, Rows: the campaign has groups. The sheet says what
    // it holds, on its first line.
    let first = column_texts(&bytes, "xl/worksheets/sheet3.xml", 'A');
    assert!(
        first[0].starts_with("Từng dòng của các tệp số liệu"),
        "{first:?}"
    );
    // The status in the report's language, with its machine name.
    let statuses = column_texts(&bytes, "xl/worksheets/sheet3.xml", 'I');
    assert_eq!(statuses[0], "Trạng thái");
    assert_eq!(statuses.len(), 12, "{statuses:?}");
    assert_eq!(
        statuses.iter().filter(|s| *s == "sử dụng (used)").count(),
        10
    );
    assert!(statuses.contains(&"không có giá trị (empty_value)".to_string()));
    // Line numbers are numbers too, and so is the value read beside the
    // value as written ('7,39' is 7.39).
    let lines = column_texts(&bytes, "xl/worksheets/sheet3.xml", 'B');
    assert_eq!(lines[1..].first().map(String::as_str), Some("2"));
    let read = column_texts(&bytes, "xl/worksheets/sheet3.xml", 'G');
    assert_eq!(read[0], "Giá trị (số)");
    assert!(read.contains(&"7.39".to_string()), "{read:?}");
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
    // Without --by group the Groups sheet is there too, after the Report
    // sheet the workbook opens on.
    let plain = render(&illustrative(), &options()).unwrap();
    let workbook_plain = part(&plain, "xl/workbook.xml");
    assert!(
        workbook_plain.contains("name=\"Groups\""),
        "{workbook_plain}"
    );
    let scores = column_texts(&plain, "xl/worksheets/sheet2.xml", 'A');
    assert!(scores.contains(&"Kinh tế".to_string()), "{scores:?}");
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
    assert_eq!(columns.len(), 20 + 2 * report.steps.len());
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
    // The note and the header take two of the sheet's 1,048,576 lines.
    assert_eq!(ledger_rows_shown(1_048_574, 0), (1_048_574, 0));
    assert_eq!(ledger_rows_shown(1_048_575, 0), (1_048_573, 2));
    assert_eq!(ledger_rows_shown(1_048_574, 5), (1_048_573, 6));
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

#[test]
fn by_entity_every_row_names_its_target_and_its_entity_in_a_column_of_its_own() {
    let view = Selection {
        by: By::Entity,
        ..Selection::default()
    };
    let report = of_campaign(
        "examples/retail-2024/targets.toml",
        "examples/retail-2024/actuals.csv",
        view,
        None,
    );
    let bytes = render(&report, &options()).unwrap();
    let (strings, xml) = (
        shared_strings(&bytes),
        part(&bytes, "xl/worksheets/sheet1.xml"),
    );
    // A cell's text, empty where the row has no such cell.
    let text = |reference: String| {
        if !xml.contains(&format!("<c r=\"{reference}\"")) {
            return String::new();
        }
        let (attributes, body) = cell_xml(&xml, &reference);
        match body
            .strip_prefix("<v>")
            .and_then(|v| v.strip_suffix("</v>"))
        {
            Some(i) if attributes.contains("t=\"s\"") => {
                strings[i.parse::<usize>().unwrap()].clone()
            }
            Some(v) => v.to_string(),
            None => String::new(),
        }
    };
    // The header on row 4, then a target's total and its regions, each row
    // with the target's name; the regions in the entity column.
    assert_eq!(
        (text("A4".into()), text("B4".into())),
        ("Chỉ tiêu".into(), "Đơn vị".into())
    );
    let rows: Vec<(String, String)> = (5..30)
        .map(|r| (text(format!("A{r}")), text(format!("B{r}"))))
        .collect();
    assert!(
        rows.contains(&("Revenue".into(), "North region".into())),
        "{rows:?}"
    );
    assert!(
        rows.contains(&("Revenue".into(), String::new())),
        "{rows:?}"
    );
    assert!(
        rows.iter().filter(|(t, _)| t == "Revenue").count() >= 4,
        "{rows:?}"
    );
    // Without --by entity there is no entity column.
    let plain = of_campaign(
        "examples/retail-2024/targets.toml",
        "examples/retail-2024/actuals.csv",
        Selection::default(),
        None,
    );
    let view = options().view(&plain);
    assert!(!view.workbook_columns().contains(&Column::Entity));
}

#[test]
fn report_rows_are_all_as_tall_as_the_tallest() {
    let options = Options {
        lang: Lang::En,
        ..options()
    };
    let bytes = render(&illustrative(), &options).unwrap();
    let sheet = part(&bytes, "xl/worksheets/sheet1.xml");
    // The rows under the header (row 4 and on): one height for all.
    let heights: Vec<&str> = sheet
        .split("<row ")
        .skip(1)
        .filter(|row| {
            let r: u32 = row[row.find("r=\"").unwrap() + 3..]
                .split('"')
                .next()
                .unwrap()
                .parse()
                .unwrap();
            r > HEADER_ROW + 1
        })
        .map(|row| {
            row.find("ht=\"")
                .map_or("default", |at| row[at + 4..].split('"').next().unwrap())
        })
        .collect();
    assert!(heights.len() >= 11, "{heights:?}");
    assert!(
        heights.iter().all(|h| *h == heights[0]) && heights[0] != "default",
        "a long English name wraps, and every row takes its height: {heights:?}"
    );
}

#[test]
fn the_rows_sheet_counts_the_source_rows_of_grouped_rows_only_when_there_are_some() {
    let mut report = illustrative();
    let sheet_of = |report: &Report| {
        let bytes = render(report, &options()).unwrap();
        let strings = part(&bytes, "xl/sharedStrings.xml");
        (
            strings.contains("Số dòng gốc"),
            part(&bytes, "xl/worksheets/sheet3.xml"),
        )
    };
    assert!(!report.ledger_rows.is_empty());
    let (column, _) = sheet_of(&report);
    assert!(!column, "a sheet of plain rows has no source-rows column");
    report.ledger_rows[0].rows = 12;
    let (column, sheet) = sheet_of(&report);
    assert!(column);
    // The header is row 2, the first row 3; the tenth column (J) counts.
    let (attributes, count) = cell_xml(&sheet, "J3");
    assert_eq!(count, "<v>12</v>", "{attributes}");
    let (_, count) = cell_xml(&sheet, "J4");
    assert_eq!(count, "<v>1</v>");
}
