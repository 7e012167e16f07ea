//! Workbooks as actuals (issue 17): the shipped Bắc Ninh actuals saved as
//! xlsx and ods give the very reports the csv gives; sheets are chosen by
//! name, number or `#`; a title above the header is passed over; errors
//! name the sheet's cell.

use std::io::Write;

use assert_cmd::assert::Assert;
use rust_xlsxwriter::{Formula, Workbook};

use super::*;

/// The shipped campaign, by its full path (the runs with files of their
/// own run in a folder of their own).
pub(super) fn shipped() -> String {
    root().join("targets.toml").display().to_string()
}

/// `attain report` of the shipped campaign, in English, on the file
/// `name` holding `bytes`, after `args`: a run expected to fail.
pub(super) fn english_report(args: &[&str], name: &str, bytes: &[u8]) -> Assert {
    Run::report()
        .args(["-t", &shipped(), "--lang", "en"])
        .args(args)
        .arg(name)
        .file(name, bytes)
        .fails_with(2)
}

/// A number as the vi locale writes it (`30.372`, `7,39`), as a float.
fn vi_number(text: &str) -> Option<f64> {
    text.replace('.', "").replace(',', ".").parse().ok()
}

/// The rows of a csv (header first) as a sheet's cells: the `value`
/// column (and `numbers`) as numeric cells where the text is a vi number,
/// every other cell as text; rows `above` the header first.
fn cells(csv_text: &str) -> Vec<Vec<String>> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(csv_text.as_bytes());
    reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

/// An xlsx of `rows` in sheet `sheet`, after the sheets named in `before`
/// (left empty) and under the lines of `above`: the value column as
/// numbers.
fn xlsx(rows: &[Vec<String>], sheet: &str, before: &[&str], above: &[&str]) -> Vec<u8> {
    let mut book = Workbook::new();
    for name in before {
        book.add_worksheet().set_name(*name).unwrap();
    }
    let ws = book.add_worksheet().set_name(sheet).unwrap();
    for (r, line) in above.iter().enumerate() {
        ws.write_string(r as u32, 0, *line).unwrap();
    }
    let top = above.len() as u32;
    let value = rows[0].iter().position(|h| h == "value").unwrap();
    for (r, row) in rows.iter().enumerate() {
        for (c, text) in row.iter().enumerate() {
            let (r, c) = (top + r as u32, c as u16);
            match vi_number(text) {
                Some(n) if r > top && usize::from(c) == value => ws.write_number(r, c, n),
                _ if text.is_empty() => continue,
                _ => ws.write_string(r, c, text),
            }
            .unwrap();
        }
    }
    book.save_to_buffer().unwrap()
}

/// An OpenDocument spreadsheet of `rows` in sheet `sheet`, the value
/// column as float cells: the XML LibreOffice writes, reduced to what a
/// reader needs.
fn ods(rows: &[Vec<String>], sheet: &str) -> Vec<u8> {
    let esc = |s: &str| {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('"', "&quot;")
    };
    let value = rows[0].iter().position(|h| h == "value").unwrap();
    let mut table = String::new();
    for (r, row) in rows.iter().enumerate() {
        table.push_str("<table:table-row>");
        for (c, text) in row.iter().enumerate() {
            match vi_number(text) {
                Some(n) if r > 0 && c == value => table.push_str(&format!(
                    r#"<table:table-cell office:value-type="float" office:value="{n}"><text:p>{}</text:p></table:table-cell>"#,
                    esc(text)
                )),
                _ if text.is_empty() => table.push_str("<table:table-cell/>"),
                _ => table.push_str(&format!(
                    r#"<table:table-cell office:value-type="string"><text:p>{}</text:p></table:table-cell>"#,
                    esc(text)
                )),
            }
        }
        table.push_str("</table:table-row>");
    }
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.3"><office:body><office:spreadsheet><table:table table:name="{}">{table}</table:table></office:spreadsheet></office:body></office:document-content>"#,
        esc(sheet)
    );
    let manifest = r#"<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#;
    let mut out = std::io::Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut out);
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    zip.start_file("mimetype", stored).unwrap();
    zip.write_all(b"application/vnd.oasis.opendocument.spreadsheet")
        .unwrap();
    zip.start_file("META-INF/manifest.xml", stored).unwrap();
    zip.write_all(manifest.as_bytes()).unwrap();
    zip.start_file("content.xml", stored).unwrap();
    zip.write_all(content.as_bytes()).unwrap();
    zip.finish().unwrap();
    out.into_inner()
}

fn report_of(format: &str, name: &str, bytes: &[u8]) -> String {
    let out = Run::report()
        .args(["-t", &shipped(), "-q", "-f", format, name])
        .file(name, bytes)
        .ok();
    String::from_utf8(out.stdout).unwrap()
}

/// The report of a csv file, under the shipped campaign named as the
/// workbooks' runs name it.
fn csv_report(format: &str, path: &Path) -> String {
    let out = Run::report()
        .args(["-t", &shipped(), "-q", "-f", format])
        .arg(path)
        .ok();
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn the_shipped_actuals_as_xlsx_and_ods_give_the_reports_the_csv_gives() {
    for example in ["actuals.csv", "ytd-2022-11.csv", "illustrative.csv"] {
        let path = root().join("examples/bac-ninh-2022").join(example);
        let text = std::fs::read_to_string(&path).unwrap();
        let rows = cells(&text);
        let book = xlsx(&rows, "Thực hiện", &[], &[]);
        let sheet = ods(&rows, "Thực hiện");
        for format in ["table", "csv", "json", "md", "html"] {
            let from_csv = csv_report(format, &path);
            assert!(!from_csv.is_empty());
            assert_eq!(
                report_of(format, "a.xlsx", &book),
                from_csv,
                "{example} as xlsx, -f {format}"
            );
            assert_eq!(
                report_of(format, "a.ods", &sheet),
                from_csv,
                "{example} as ods, -f {format}"
            );
        }
    }
}

#[test]
fn a_sheet_is_chosen_by_name_number_or_hash_and_a_title_above_is_passed_over() {
    let text = std::fs::read_to_string(root().join("examples/bac-ninh-2022/actuals.csv")).unwrap();
    let rows = cells(&text);
    let from_csv = csv_report("csv", &root().join("examples/bac-ninh-2022/actuals.csv"));
    let title = ["BÁO CÁO THỰC HIỆN NĂM 2022", "Đơn vị: Sở KH&ĐT"];
    let book = xlsx(&rows, "Thực hiện", &["Hướng dẫn"], &title);
    // By name (any case), by number, by `#`.
    for how in [
        vec!["--sheet", "thực hiện", "b.xlsx"],
        vec!["--sheet", "2", "b.xlsx"],
        vec!["b.xlsx#Thực hiện"],
    ] {
        let out = Run::report()
            .args(["-t", &shipped(), "-q", "-f", "csv"])
            .args(&how)
            .file("b.xlsx", &book)
            .ok();
        assert_eq!(String::from_utf8(out.stdout).unwrap(), from_csv, "{how:?}");
    }
    // The first sheet, read by default, is not actuals: the sheets are named.
    english_report(&[], "b.xlsx", &book)
        .stderr(predicate::str::contains(
            "error: b.xlsx#Hướng dẫn: the first sheet, 'Hướng dẫn', has no header",
        ))
        .stderr(predicate::str::contains("'Thực hiện' looks like actuals"));
    english_report(&["--sheet", "Data"], "b.xlsx", &book).stderr(predicate::str::contains(
        "the workbook has no sheet 'Data'; its sheets: 'Hướng dẫn', 'Thực hiện'",
    ));
    // check counts the title's rows, and names the header's row.
    Run::check()
        .args(["-t", &shipped(), "--lang", "en", "b.xlsx#Thực hiện"])
        .file("b.xlsx", &book)
        .succeeds()
        .stdout(predicate::str::contains(
            "b.xlsx#Thực hiện: the header is row 3; 2 row(s) above it (a title) not read",
        ));
    // explain names the cell each row's value is in.
    Run::explain()
        .args([
            "-t",
            &shipped(),
            "--lang",
            "en",
            "export_import",
            "-a",
            "b.xlsx#2",
        ])
        .file("b.xlsx", &book)
        .succeeds()
        .stdout(predicate::str::contains(
            "rows used   b.xlsx#Thực hiện!C5  export_import 2022  91,7 tỷ USD",
        ));
    // --header-row says where the header is.
    let out = Run::report()
        .args(["-t", &shipped(), "-q", "-f", "csv", "--header-row", "3"])
        .arg("b.xlsx#2")
        .file("b.xlsx", &book)
        .ok();
    assert_eq!(String::from_utf8(out.stdout).unwrap(), from_csv);
}

#[test]
fn errors_and_skipped_rows_name_the_sheets_cell() {
    let mut book = Workbook::new();
    let ws = book.add_worksheet().set_name("KQ").unwrap();
    let header = ["indicator", "period", "value", "unit"];
    for (c, h) in header.iter().enumerate() {
        ws.write_string(1, c as u16 + 1, *h).unwrap();
    }
    // B3..E3: a text value the vi locale cannot read.
    ws.write_string(2, 1, "budget_revenue").unwrap();
    ws.write_string(2, 2, "2022").unwrap();
    ws.write_string(2, 3, "30.5").unwrap();
    ws.write_string(2, 4, "tỷ đồng").unwrap();
    // Row 4: a formula whose value is an error.
    ws.write_string(3, 1, "export_import").unwrap();
    ws.write_number(3, 2, 2022).unwrap();
    ws.write_formula(3, 3, Formula::new("=1/0").set_result("#DIV/0!"))
        .unwrap();
    // Row 5: an id nobody knows, skipped.
    ws.write_string(4, 1, "BUDGET_REVENUE").unwrap();
    ws.write_number(4, 3, 1.5).unwrap();
    // Row 6: a date cell in the period column, outside the campaign.
    ws.write_string(5, 1, "urbanization_rate").unwrap();
    let day = rust_xlsxwriter::Format::new().set_num_format("dd/mm/yyyy");
    let date = rust_xlsxwriter::ExcelDateTime::from_ymd(2019, 6, 30).unwrap();
    ws.write_datetime_with_format(5, 2, date, &day).unwrap();
    ws.write_number(5, 3, 44.5).unwrap();
    // Row 7: a formula written by a program, never calculated.
    ws.write_string(6, 1, "poverty_rate").unwrap();
    ws.write_formula(6, 3, Formula::new("=D6/2").set_result(""))
        .unwrap();
    let bytes = book.save_to_buffer().unwrap();
    let out = Run::check()
        .args(["-t", &shipped(), "--lang", "en", "k.xlsx"])
        .file("k.xlsx", &bytes)
        .output();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("k.xlsx#KQ!D3: error:"), "{stdout}");
    assert!(
        stdout.contains("k.xlsx#KQ!D4: error: this cell holds the error #DIV/0!"),
        "{stdout}"
    );
    assert!(
        stdout.contains("k.xlsx#KQ!B5: skipped: BUDGET_REVENUE — unknown_indicator"),
        "{stdout}"
    );
    assert!(
        stdout.contains("k.xlsx#KQ!C6: skipped: urbanization_rate 2019-06-30 — outside_campaign"),
        "{stdout}"
    );
    assert!(
        stdout.contains(
            "k.xlsx#KQ!D7: error: this cell holds the formula =D6/2 but no calculated value"
        ),
        "{stdout}"
    );
    // The empty column A before the table is no column of its own.
    assert!(!stdout.contains("ignored columns"), "{stdout}");
}

#[test]
fn a_sheet_named_twice_a_hidden_first_sheet_and_bytes_in_the_wrong_place() {
    let text = std::fs::read_to_string(root().join("examples/bac-ninh-2022/actuals.csv")).unwrap();
    let rows = cells(&text);
    let plain = xlsx(&rows, "Số liệu", &[], &[]);
    // One sheet by two names would count twice.
    Run::report()
        .args(["-t", &shipped(), "--lang", "en", "a.xlsx", "a.xlsx#1"])
        .file("a.xlsx", &plain)
        .fails_with(2)
        .stderr(predicate::str::contains(
            "a.xlsx#1: this sheet is read already, as a.xlsx#Số liệu",
        ));
    // A hidden first sheet (a lookup table) is not the one read by default.
    let mut book = Workbook::new();
    let hidden = book.add_worksheet().set_name("lookup").unwrap();
    hidden.write_string(0, 0, "indicator").unwrap();
    hidden.write_string(0, 1, "value").unwrap();
    hidden.write_string(1, 0, "grdp_growth").unwrap();
    hidden.write_number(1, 1, 1).unwrap();
    hidden.set_hidden(true);
    let data = book.add_worksheet().set_name("Số liệu").unwrap();
    data.set_active(true);
    for (r, row) in rows.iter().enumerate() {
        for (c, text) in row.iter().enumerate() {
            match vi_number(text) {
                Some(n) if r > 0 && c == 2 => data.write_number(r as u32, c as u16, n),
                _ => data.write_string(r as u32, c as u16, text),
            }
            .unwrap();
        }
    }
    let with_hidden = book.save_to_buffer().unwrap();
    assert_eq!(
        report_of("csv", "h.xlsx", &with_hidden),
        csv_report("csv", &root().join("examples/bac-ninh-2022/actuals.csv"))
    );
    // --header-row below the sheet's end is an error, not an empty report.
    english_report(&["--header-row", "40"], "a.xlsx", &plain).stderr(predicate::str::contains(
        "--header-row 40 is below the sheet's last row (5)",
    ));
    // A workbook's bytes where CSV text is read.
    Run::report()
        .args(["-t", &shipped(), "--lang", "en", "-"])
        .stdin(&plain)
        .fails_with(2)
        .stderr(predicate::str::contains(
            "<stdin>:1: this is a workbook (xlsx), not CSV text",
        ));
    // `--wide` alone before a file means periods.
    Run::report()
        .args(["-t", &shipped(), "-q", "--wide", "a.xlsx"])
        .file("a.xlsx", &plain)
        .succeeds();
}

#[test]
fn float_noise_is_rounded_and_month_dates_in_a_header_are_months() {
    let mut book = Workbook::new();
    let ws = book.add_worksheet().set_name("KQ").unwrap();
    let month = rust_xlsxwriter::Format::new().set_num_format("mmm-yy");
    ws.write_string(0, 0, "indicator").unwrap();
    for (c, m) in [(1u16, 1u8), (2, 2)] {
        let date = rust_xlsxwriter::ExcelDateTime::from_ymd(2022, m, 1).unwrap();
        ws.write_datetime_with_format(0, c, date, &month).unwrap();
    }
    ws.write_string(1, 0, "budget_revenue").unwrap();
    ws.write_number(1, 1, 2500.0).unwrap();
    // 0.3 - 0.1 - 0.2 as a float holds -2.8e-17: nothing, as Excel shows.
    ws.write_number(1, 2, 0.3 - 0.1 - 0.2).unwrap();
    let bytes = book.save_to_buffer().unwrap();
    let long = "indicator,period,value\nbudget_revenue,2022-01,2.500\nbudget_revenue,2022-02,0\n";
    assert_eq!(
        report_of("json", "m.xlsx", &bytes),
        String::from_utf8(
            Run::report()
                .args(["-t", &shipped(), "-q", "-f", "json", "l.csv"])
                .file("l.csv", long)
                .ok()
                .stdout
        )
        .unwrap()
    );
}
