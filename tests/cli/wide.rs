//! Wide tables (issue 17): periods (or, with `--wide entity`, entities)
//! across the top, one value per cell, in a csv or a workbook, give the
//! report of the same figures in the long layout; a header that mixes the
//! layouts or has an unreadable period column names the column.

use rust_xlsxwriter::Workbook;

use super::*;

/// The year-to-date Bắc Ninh file without its `source` column (a wide row
/// has one source for all its cells), in the long layout.
const YTD_LONG: &str = "indicator,period,value,unit
export_import,2022-01..2022-06,\"49,6\",tỷ USD
export_import,2022-01..2022-08,\"56,9\",tỷ USD
export_import,2022-01..2022-09,\"65,3\",tỷ USD
export_import,2022-01..2022-11,\"78,6\",tỷ USD
budget_revenue,2022-01..2022-11,28.267,tỷ đồng
grdp_growth,2022-H1,\"14,7\",%
grdp_growth,2022-01..2022-09,\"10,04\",%
";

/// The same figures, wide: a period per column.
const YTD_WIDE: &str =
    "indicator,unit,2022-H1,2022-01..2022-06,2022-01..2022-08,2022-01..2022-09,2022-01..2022-11
export_import,tỷ USD,,\"49,6\",\"56,9\",\"65,3\",\"78,6\"
budget_revenue,tỷ đồng,,,,,28.267
grdp_growth,%,\"14,7\",,,\"10,04\",
";

use super::workbooks::{english_report, shipped};

fn report(format: &str, name: &str, bytes: &[u8], extra: &[&str]) -> String {
    let out = Run::report()
        .args(["-t", &shipped(), "-q", "-f", format])
        .args(extra)
        .arg(name)
        .file(name, bytes)
        .ok();
    String::from_utf8(out.stdout).unwrap()
}

/// A workbook of `csv_text`'s cells, numbers where the vi locale reads one
/// outside the first `text_cols` columns.
fn xlsx_of(csv_text: &str, text_cols: usize) -> Vec<u8> {
    let mut book = Workbook::new();
    let ws = book.add_worksheet().set_name("Lũy kế").unwrap();
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(csv_text.as_bytes());
    for (r, record) in reader.records().enumerate() {
        for (c, text) in record.unwrap().iter().enumerate() {
            let number = text.replace('.', "").replace(',', ".").parse::<f64>();
            match number {
                Ok(n) if r > 0 && c >= text_cols => ws.write_number(r as u32, c as u16, n),
                _ if text.is_empty() => continue,
                _ => ws.write_string(r as u32, c as u16, text),
            }
            .unwrap();
        }
    }
    book.save_to_buffer().unwrap()
}

#[test]
fn the_year_to_date_file_wide_in_a_csv_and_a_workbook_gives_the_long_report() {
    let book = xlsx_of(YTD_WIDE, 2);
    for format in ["table", "csv", "json", "md"] {
        let long = report(format, "long.csv", YTD_LONG.as_bytes(), &[]);
        assert_eq!(
            report(format, "wide.csv", YTD_WIDE.as_bytes(), &[]),
            long,
            "-f {format}"
        );
        assert_eq!(report(format, "wide.xlsx", &book, &[]), long, "-f {format}");
    }
    // The ledger counts figures, not the grid's empty cells.
    Run::check()
        .args(["-t", &shipped(), "--lang", "en", "wide.csv"])
        .file("wide.csv", YTD_WIDE)
        .succeeds()
        .stdout(predicate::str::contains("7 rows read, 4 used, 3 skipped"));
}

#[test]
fn vietnamese_month_and_quarter_headers_take_the_campaigns_year() {
    let long = "indicator,period,value\nbudget_revenue,2022-01,2.500\nbudget_revenue,2022-02,2.600\nbudget_revenue,2022-Q2,\"8.000,5\"\n";
    let wide = "Chỉ tiêu ghi chú,indicator,Tháng 1,Tháng 02/2022,Quý II\nThu ngân sách,budget_revenue,2.500,2.600,\"8.000,5\"\n";
    assert_eq!(
        report("json", "w.csv", wide.as_bytes(), &[]),
        report("json", "l.csv", long.as_bytes(), &[])
    );
}

#[test]
fn entities_across_with_wide_entity() {
    let campaign = "[campaign]\nperiod = \"2022\"\n[[target]]\nid = \"rev\"\nat_least = 100\naggregate = \"sum\"\nacross = \"sum\"\n";
    let long = "indicator,period,entity,value\nrev,2022-06,Từ Sơn,40\nrev,2022-06,Tiên Du,25.5\nrev,2022-07,Từ Sơn,10\n";
    let wide = "indicator,period,Từ Sơn,Tiên Du\nrev,2022-06,40,25.5\nrev,2022-07,10,\n";
    let run = |name: &str, text: &str, extra: &[&str]| {
        let out = Run::report()
            .campaign(campaign)
            .args(["-q", "-f", "json", "--by", "entity"])
            .args(extra)
            .arg(name)
            .file(name, text)
            .ok();
        String::from_utf8(out.stdout).unwrap()
    };
    assert_eq!(
        run("w.csv", wide, &["--wide", "entity"]),
        run("l.csv", long, &[])
    );
    // Without --wide entity the entity names are ignored columns, and no
    // value column is there.
    Run::report()
        .campaign(campaign)
        .args(["--lang", "en", "w.csv"])
        .file("w.csv", wide)
        .fails_with(2)
        .stderr(predicate::str::contains("the header has no 'value' column"));
}

#[test]
fn a_header_that_mixes_layouts_or_has_a_bad_period_column_names_the_column() {
    english_report(
        &[],
        "w.csv",
        b"indicator,2022-01,2022-13\nbudget_revenue,1,2\n",
    )
    .stderr(predicate::str::contains("w.csv:1:3"))
    .stderr(predicate::str::contains(
        "the column '2022-13' of this wide table is not a period attain reads",
    ));
    english_report(
        &[],
        "w.csv",
        b"indicator,value,Th\xc3\xa1ng 1\nbudget_revenue,1,2\n",
    )
    .stderr(predicate::str::contains("w.csv:1:2"))
    .stderr(predicate::str::contains("and also a 'value' column"));
    Run::report()
        .args(["-t", &shipped(), "w.csv"])
        .file("w.csv", "indicator,Tháng 13\nbudget_revenue,1\n")
        .fails_with(2)
        .stderr(predicate::str::contains("w.csv:1:2"))
        .stderr(predicate::str::contains(
            "'Tháng 13' không phải là một tháng",
        ));
    // In a workbook, the header's cell.
    let book = xlsx_of("indicator,Quý V\nbudget_revenue,1\n", 1);
    english_report(&[], "w.xlsx", &book).stderr(predicate::str::contains("w.xlsx#Lũy kế!B1"));
}

#[test]
fn the_wide_template_filled_in_is_read_back() {
    let template = Run::subcommand("template").arg("--wide").ok();
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(template.stdout.as_slice());
    let mut rows: Vec<Vec<String>> = reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect();
    let column = |name: &str| rows[0].iter().position(|h| h == name).unwrap();
    let (jan, mar) = (column("2022-01"), column("2022-03"));
    for row in rows.iter_mut().filter(|r| r[0] == "export_import") {
        row[jan] = "7.500,5".into();
        row[mar] = "8.000".into();
    }
    let mut writer = csv::Writer::from_writer(Vec::new());
    for row in &rows {
        writer.write_record(row).unwrap();
    }
    let filled = writer.into_inner().unwrap();
    let long =
        "indicator,period,value\nexport_import,2022-01,\"7.500,5\"\nexport_import,2022-03,8.000\n";
    assert_eq!(
        report("json", "filled.csv", &filled, &[]),
        report("json", "long.csv", long.as_bytes(), &[])
    );
}

#[test]
fn a_wide_cells_messages_name_its_column() {
    // The months of 2023 are outside the 2022 campaign: each skip names
    // the cell that holds the figure.
    Run::check()
        .args(["-t", &shipped(), "--lang", "en", "o.csv"])
        .file(
            "o.csv",
            "indicator,unit,Tháng 1,2023-01,2023-02\nexport_import,tỷ USD,1,3,4\n",
        )
        .succeeds()
        .stdout(predicate::str::contains(
            "o.csv:2:4: skipped: export_import 2023-01",
        ))
        .stdout(predicate::str::contains(
            "o.csv:2:5: skipped: export_import 2023-02",
        ));
}

#[test]
fn the_wide_template_of_entities_needs_entities() {
    Run::subcommand("template")
        .args(["--wide", "entity"])
        .fails_with(2)
        .stderr(predicate::str::contains("targets.toml không có đơn vị nào"));
}
