//! Output for spreadsheets set to Vietnamese and input as a colleague's
//! export writes it (issue 15): `--out-delimiter` separates csv output
//! alone, and with `;` under the vi locale writes decimal commas; the
//! campaign's `delimiter` and `encoding` say how its actuals are written,
//! so a Windows-1258 `;` export reads with no flags; Markdown holds a
//! value and its symbol together with a non-breaking space.

use super::*;

/// CSV output separated by `;`, as rows of (column -> value).
fn semicolon_rows(text: &str) -> Vec<CsvRow> {
    delimited_rows(text, b';')
}

#[test]
fn out_delimiter_separates_the_csv_alone_and_the_shipped_comma_actuals_still_read() {
    // The shipped campaign is vi, its actuals comma-separated.
    let out = Run::new()
        .args(["-f", "csv", "-q", "--out-delimiter", ";"])
        .ok();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("id;name;group;unit;kind;"), "{text}");
    let rows = semicolon_rows(&text);
    let grdp = row(&rows, "grdp_growth");
    assert_eq!(grdp["actual"], "7,39");
    assert_eq!(grdp["gap"], "1,39");
    assert_eq!(grdp["attainment_pct"], "123,17", "still two places");
    let exim = row(&rows, "export_import");
    assert_eq!(exim["actual"], "91700", "no grouping");
    assert_eq!(exim["gap"], "-370");
    assert_eq!(exim["attainment_pct"], "99,60");
    let poverty = row(&rows, "poverty_rate");
    assert_eq!(poverty["actual"], "0,94");
    // words keep their dots and commas
    assert!(exim["source"].contains("91,7 tỷ USD"), "{exim:?}");
}

#[test]
fn decimal_commas_only_for_a_semicolon_under_vi() {
    // a comma separator keeps the dot, under vi too
    let rows = Run::new()
        .args(["-f", "csv", "-q", "--out-delimiter", ","])
        .csv_rows();
    assert_eq!(row(&rows, "grdp_growth")["actual"], "7.39");
    // `;` under en: dots
    let campaign = "[campaign]\nperiod = \"2022\"\nlocale = \"en\"\n[[target]]\nid = \"x\"\nunit = \"%\"\nat_least = 5\naggregate = \"last\"\n";
    let text = Run::new()
        .campaign(campaign)
        .args(["-f", "csv", "-q", "--out-delimiter", ";"])
        .actuals("indicator,period,value\nx,2022,7.39\n")
        .stdout();
    assert_eq!(row(&semicolon_rows(&text), "x")["actual"], "7.39", "{text}");
    // and under --locale vi the same campaign gets commas
    let text = Run::new()
        .campaign(campaign)
        .args(["-f", "csv", "-q", "--out-delimiter", ";", "--locale", "vi"])
        .actuals("indicator,period,value\nx,2022,\"7,39\"\n")
        .stdout();
    assert_eq!(row(&semicolon_rows(&text), "x")["actual"], "7,39", "{text}");
    // tsv is always tab-separated, with dots
    let text = Run::new()
        .args(["-f", "tsv", "-q", "--out-delimiter", ";"])
        .stdout();
    assert!(text.starts_with("id\tname\t"), "{text}");
    assert!(text.contains("\t7.39\t"), "{text}");
}

#[test]
fn delimiter_still_sets_both_and_out_delimiter_wins_for_the_output() {
    let campaign = "[campaign]\nperiod = \"2022\"\nlocale = \"vi\"\n[[target]]\nid = \"x\"\nunit = \"%\"\nat_least = 5\naggregate = \"last\"\n";
    let actuals = "indicator;period;value\nx;2022;7,39\n";
    // as before: `--delimiter ';'` reads `;` and writes `;`, now with commas
    let text = Run::new()
        .campaign(campaign)
        .args(["-f", "csv", "-q", "--delimiter", ";"])
        .actuals(actuals)
        .stdout();
    assert_eq!(row(&semicolon_rows(&text), "x")["actual"], "7,39", "{text}");
    // reading `;`, writing `,` for a program that wants plain csv
    let rows = Run::new()
        .campaign(campaign)
        .args([
            "-f",
            "csv",
            "-q",
            "--delimiter",
            ";",
            "--out-delimiter",
            ",",
        ])
        .actuals(actuals)
        .csv_rows();
    assert_eq!(row(&rows, "x")["actual"], "7.39");
}

#[test]
fn json_is_the_same_whatever_the_csv_separator() {
    let plain = Run::new().args(["-f", "json", "-q"]).stdout();
    let semicolon = Run::new()
        .args(["-f", "json", "-q", "--out-delimiter", ";"])
        .stdout();
    assert_eq!(plain, semicolon);
    assert!(plain.contains("7.39"), "{plain}");
}

#[test]
fn a_bad_out_delimiter_is_a_usage_error() {
    Run::new()
        .args(["-f", "csv", "--out-delimiter", ";;"])
        .fails_with(2)
        .stderr(predicate::str::contains("';;'"));
}

/// A colleague's export: Windows-1258, `;`-separated, decimal commas.
/// Its unit is written as old Excel writes it, a base letter and a
/// combining tone mark ("tỷ đồng": `ty` 0xD2, 0xF0 0xF4 0xCC `ng`).
fn windows_1258_export() -> Vec<u8> {
    let text = "indicator;period;value;unit;entity\r\n\
                revenue;2022;420,5;UNIT;Hưng Yên\r\n\
                revenue;2022;385,0;UNIT;Sơn Tây\r\n";
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1258.encode(text);
    assert!(!unmappable, "every letter is in Windows-1258");
    let unit: &[u8] = b"ty\xD2 \xF0\xF4\xCCng";
    let mut file = Vec::new();
    let mut rest: &[u8] = &bytes;
    while let Some(at) = rest.windows(4).position(|w| w == b"UNIT") {
        file.extend_from_slice(&rest[..at]);
        file.extend_from_slice(unit);
        rest = &rest[at + 4..];
    }
    file.extend_from_slice(rest);
    assert!(std::str::from_utf8(&file).is_err(), "not UTF-8");
    file
}

const REVENUE: &str =
    "[[target]]\nid = \"revenue\"\nunit = \"tỷ đồng\"\nat_least = 1000\naggregate = \"sum\"\n";

#[test]
fn the_campaign_says_how_its_actuals_are_written_and_no_flag_is_needed() {
    let campaign = format!(
        "[campaign]\nperiod = \"2022\"\nlocale = \"vi\"\nactuals = [\"a.csv\"]\n\
         delimiter = \";\"\nencoding = \"windows-1258\"\n{REVENUE}"
    );
    let rows = Run::new()
        .campaign(&campaign)
        .file("a.csv", windows_1258_export())
        .args(["-f", "csv", "-q", "--by", "entity"])
        .csv_rows();
    let revenue: Vec<&CsvRow> = rows.iter().filter(|r| r["id"] == "revenue").collect();
    assert!(
        revenue.iter().any(|r| r["actual"] == "805.5"),
        "the total, and csv output keeps its comma: {rows:?}"
    );
    assert!(
        revenue.iter().any(|r| r["entity"] == "Hưng Yên"),
        "decoded: {rows:?}"
    );
    Run::check()
        .campaign(&campaign)
        .file("a.csv", windows_1258_export())
        .succeeds();
    // the same campaign without the two keys cannot read the file
    let bare =
        format!("[campaign]\nperiod = \"2022\"\nlocale = \"vi\"\nactuals = [\"a.csv\"]\n{REVENUE}");
    Run::new()
        .campaign(&bare)
        .file("a.csv", windows_1258_export())
        .fails_with(2);
}

#[test]
fn the_flags_win_over_the_campaign() {
    let campaign = format!(
        "[campaign]\nperiod = \"2022\"\nlocale = \"vi\"\n\
         delimiter = \";\"\nencoding = \"windows-1258\"\n{REVENUE}"
    );
    // this month's file came as UTF-8 with commas
    let rows = Run::new()
        .campaign(&campaign)
        .args(["-f", "csv", "-q", "--delimiter", ",", "--encoding", "utf-8"])
        .actuals("indicator,period,value,entity\nrevenue,2022,\"1.032,5\",Từ Sơn\n")
        .csv_rows();
    assert_eq!(row(&rows, "revenue")["actual"], "1032.5");
}

#[test]
fn a_bad_delimiter_or_encoding_in_the_campaign_is_located() {
    let campaign = format!("[campaign]\nperiod = \"2022\"\nencoding = \"windows-9999\"\n{REVENUE}");
    Run::new()
        .campaign(&campaign)
        .actuals("indicator,period,value\nrevenue,2022,1\n")
        .fails_with(2)
        .stderr(predicate::str::contains(
            "c.toml:3:12: encoding = 'windows-9999' is not an encoding",
        ));
}

#[test]
fn markdown_holds_each_value_and_its_symbol_together() {
    let page = Run::new().args(["-f", "markdown", "-q"]).stdout();
    for bound in [
        "≥\u{a0}92.070",
        "99,6\u{a0}%",
        "-0,16\u{a0}pp",
        "114,5\u{a0}%",
    ] {
        assert!(page.contains(bound), "{bound:?} missing:\n{page}");
    }
    // no breakable space is left between a value and a symbol in a table
    for line in page.lines().filter(|l| l.starts_with('|')) {
        let chars: Vec<char> = line.chars().collect();
        for (i, w) in chars.windows(3).enumerate() {
            let digit_then_symbol =
                w[0].is_ascii_digit() && w[1] == ' ' && matches!(w[2], '%' | 'p');
            let symbol_then_digit = matches!(w[0], '≥' | '≤' | '>' | '<') && w[1] == ' ';
            assert!(
                !digit_then_symbol && !symbol_then_digit,
                "a breakable space at {i} in {line}"
            );
        }
    }
    // the other formats keep plain spaces
    let table = Run::new().args(["--color", "never"]).stdout();
    assert!(table.contains("99,6 %") && !table.contains("99,6\u{a0}%"));
}
