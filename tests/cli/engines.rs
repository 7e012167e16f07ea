//! Beyond one machine (README): an engine's grouped rows on standard input,
//! as duckdb and spark-sql print them.

use super::*;

/// What an engine prints for the README's queries on the shipped campaign:
/// budget revenue per district and month, export-import per quarter and the
/// poverty rate for the year, the last two without an entity (an empty
/// field), every value a DECIMAL(38,6). Summed as f64 in this order, budget
/// revenue would come to 30371.999999999985 and export-import to
/// 91699.99999999999.
fn grouped_rows() -> Vec<[String; 4]> {
    let mut rows = Vec::new();
    for (entity, value) in [("Thuận Thành", "1030.900000"), ("Từ Sơn", "1500.100000")] {
        for month in 1..=12 {
            rows.push([
                "budget_revenue".into(),
                format!("2022-{month:02}"),
                entity.into(),
                value.into(),
            ]);
        }
    }
    for (quarter, value) in [
        ("2022-Q1", "22925.100000"),
        ("2022-Q2", "22925.300000"),
        ("2022-Q3", "22924.900000"),
        ("2022-Q4", "22924.700000"),
    ] {
        rows.push([
            "export_import".into(),
            quarter.into(),
            String::new(),
            value.into(),
        ]);
    }
    rows.push([
        "poverty_rate".into(),
        "2022".into(),
        String::new(),
        "0.940000".into(),
    ]);
    rows
}

/// `duckdb -csv` output: a header, commas, non-ASCII text quoted.
fn duckdb_csv() -> String {
    let mut out = String::from("indicator,period,entity,value\n");
    for [indicator, period, entity, value] in grouped_rows() {
        let entity = if entity.is_empty() {
            entity
        } else {
            format!("\"{entity}\"")
        };
        out.push_str(&format!("{indicator},{period},{entity},{value}\n"));
    }
    out
}

/// `spark-sql --hiveconf hive.cli.print.header=true -e ...` output: tabs,
/// nothing quoted.
fn spark_sql_tsv() -> String {
    let mut out = String::from("indicator\tperiod\tentity\tvalue\n");
    for row in grouped_rows() {
        out.push_str(&row.join("\t"));
        out.push('\n');
    }
    out
}

/// `attain report ARGS -` fed `input` on stdin, and the same bytes read from
/// a file: both succeed with the same output, which is returned.
fn report_from_stdin_and_file(args: &[&str], input: &str) -> String {
    let from_stdin = Run::report().args(args).arg("-").stdin(input).ok();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("grouped.csv");
    std::fs::write(&file, input).unwrap();
    let from_file = Run::report().args(args).arg(&file).ok();
    let stdout = String::from_utf8(from_stdin.stdout).unwrap();
    assert_eq!(stdout, String::from_utf8(from_file.stdout).unwrap());
    stdout
}

#[test]
fn grouped_rows_from_an_engine_on_stdin_sum_exactly() {
    let rows = csv_rows(&report_from_stdin_and_file(
        &["--locale", "en", "-f", "csv", "-q"],
        &duckdb_csv(),
    ));
    let figures = |id: &str| {
        let r = row(&rows, id);
        [
            r["actual"].clone(),
            r["gap"].clone(),
            r["attainment_pct"].clone(),
            r["status"].clone(),
            r["rows_used"].clone(),
        ]
    };
    // 12 × 1,030.9 + 12 × 1,500.1 = 12,370.8 + 18,001.2 = 30,372 (not
    // 30,371.999999999985); 30,372 / 30,567 = 99.362 % → 99.36, gap −195,
    // near (>= 90); each grouped row counts once: 24.
    assert_eq!(
        figures("budget_revenue"),
        ["30372", "-195", "99.36", "near", "24"]
    );
    // 22,925.1 + 22,925.3 + 22,924.9 + 22,924.7 = 91,700;
    // 91,700 / 92,070 = 99.598 % → 99.60, gap −370.
    assert_eq!(
        figures("export_import"),
        ["91700", "-370", "99.60", "near", "4"]
    );
    // at_most 1.1: 2 − 0.94 / 1.1 = 114.545 % → 114.55, gap −0.16 pp.
    assert_eq!(
        figures("poverty_rate"),
        ["0.94", "-0.16", "114.55", "exceeded", "1"]
    );
    // The months and quarters end on 31 December: judged on the final target.
    assert_eq!(row(&rows, "budget_revenue")["basis"], "final");
}

#[test]
fn engine_decimals_under_a_vi_campaign_ask_for_locale_en() {
    // The shipped campaign reads `1.030,9`; an engine writes `1030.900000`,
    // which is refused (never guessed) with the flag that reads it.
    Run::report()
        .args(["-q", "--lang", "en", "-"])
        .stdin(duckdb_csv())
        .fails_with(2)
        .stdout("")
        .stderr(predicate::str::contains(
            "<stdin>:2:4: '1030.900000' is ambiguous under locale vi",
        ))
        .stderr(predicate::str::contains("use --locale en"));
}

#[test]
fn spark_sql_output_is_read_with_delimiter_tab_and_matches_the_csv() {
    // Without --delimiter the tab-separated header is one column.
    Run::report()
        .args(["--locale", "en", "--lang", "en", "-q", "-"])
        .stdin(spark_sql_tsv())
        .fails_with(2)
        .stderr(predicate::str::contains("pass --delimiter"));
    // Without hive.cli.print.header=true spark-sql prints no header, and the
    // first grouped row cannot stand in for one.
    let headerless = spark_sql_tsv().split_once('\n').unwrap().1.to_string();
    Run::report()
        .args([
            "--locale",
            "en",
            "--lang",
            "en",
            "--delimiter",
            "tab",
            "-q",
            "-",
        ])
        .stdin(headerless)
        .fails_with(2)
        .stderr(predicate::str::contains(
            "<stdin>:1:1: the header has no 'indicator' or 'value' column",
        ));
    let from_spark = report_from_stdin_and_file(
        &["--locale", "en", "--delimiter", "tab", "-f", "json", "-q"],
        &spark_sql_tsv(),
    );
    let from_duckdb =
        report_from_stdin_and_file(&["--locale", "en", "-f", "json", "-q"], &duckdb_csv());
    assert_eq!(from_spark, from_duckdb);
    let json: serde_json::Value = serde_json::from_str(&from_spark).unwrap();
    let target = |id: &str| {
        json["targets"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["id"] == id)
            .unwrap()
            .clone()
    };
    assert_eq!(target("budget_revenue")["actual"], serde_json::json!(30372));
    assert_eq!(target("export_import")["actual"], serde_json::json!(91700));
    // The ledger counts the 29 grouped rows the engine printed, not the
    // receipts behind them.
    assert_eq!(json["rows"]["read"], serde_json::json!(29));
    assert_eq!(json["rows"]["used"], serde_json::json!(29));
}

#[test]
fn sql_writes_the_pushdown_query_by_the_campaigns_rules() {
    let q = Run::subcommand("sql")
        .args([
            "--engine",
            "duckdb",
            "--from",
            "lake/*.parquet",
            "--as-of",
            "2022-11-30",
        ])
        .stdout();
    // Every indicator of the shipped campaign, with its aggregate.
    assert!(q.contains("('export_import', 'sum')"), "{q}");
    assert!(q.contains("('poverty_rate', 'last')"), "{q}");
    assert!(q.contains("read_parquet('lake/*.parquet')"), "{q}");
    assert!(q.contains("count(*) as n"), "{q}");
    assert!(q.contains("as \"rows\""), "{q}");
    // November 30 ends its month: no month is grouped by day.
    assert!(q.contains("when false then"), "{q}");
    let q = Run::subcommand("sql")
        .args(["--engine", "spark", "--from", "receipts", "--entity", ""])
        .stdout();
    assert!(
        q.contains("max_by(v, coalesce(d, date '2022-12-31'))"),
        "{q}"
    );
    assert!(q.contains("'' as ent"), "{q}");
    assert!(q.contains("from receipts\n"), "{q}");
}

#[test]
fn sql_refuses_files_for_postgres_in_the_campaigns_language() {
    Run::subcommand("sql")
        .args(["--engine", "postgres", "--from", "lake/*.parquet"])
        .fails_with(2)
        .stdout("")
        .stderr(predicate::str::contains("PostgreSQL đọc bảng"))
        .stderr(predicate::str::contains("--engine duckdb"));
    Run::subcommand("sql")
        .args(["--engine", "postgres", "--from", "x.csv", "--lang", "en"])
        .fails_with(2)
        .stderr(predicate::str::contains("PostgreSQL reads tables"));
}

#[test]
fn a_grouped_row_counts_the_source_rows_it_stands_for() {
    // 30 daily rows of budget revenue in two months and one empty value,
    // grouped: the ledger, rows_used and check count source rows.
    let grouped = "indicator,period,entity,value,rows\n\
        budget_revenue,2022-01-01..2022-01-31,,15000,20\n\
        budget_revenue,2022-02-01..2022-02-10,,14000,10\n\
        budget_revenue,,,,1\n\
        budget_revnue,,,,3\n";
    let json = Run::report()
        .args(["--locale", "en", "--lang", "en", "-f", "json", "-q", "-"])
        .stdin(grouped)
        .json();
    assert_eq!(json["rows"]["read"], 34);
    assert_eq!(json["rows"]["used"], 30);
    assert_eq!(json["rows"]["skipped"]["empty_value"], 1);
    assert_eq!(json["rows"]["skipped"]["unknown_indicator"], 3);
    let budget = json["targets"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == "budget_revenue")
        .unwrap();
    assert_eq!(budget["rows_used"], 30);
    assert_eq!(budget["actual"], 29000);
    assert_eq!(json["as_of"], "2022-02-10");
    Run::check()
        .args(["--locale", "en", "--lang", "en", "-"])
        .stdin(grouped)
        .assert()
        .stdout(predicate::str::contains("34 rows"));
    Run::report()
        .args(["--locale", "en", "--lang", "en", "-q", "-"])
        .stdin("indicator,period,value,rows\nbudget_revenue,2022-01,5,1.5\n")
        .fails_with(2)
        .stderr(predicate::str::contains("'1.5' in the rows column"));
}

#[test]
fn sql_never_writes_its_query_over_the_campaign() {
    let dir = tempfile::tempdir().unwrap();
    let campaign = dir.path().join("c.toml");
    std::fs::copy("targets.toml", &campaign).unwrap();
    let before = std::fs::read(&campaign).unwrap();
    let link = dir.path().join("link.toml");
    std::os::unix::fs::symlink(&campaign, &link).unwrap();
    Run::subcommand("sql")
        .arg("-t")
        .arg(&campaign)
        .args(["--engine", "duckdb", "--from", "t", "--lang", "en", "-o"])
        .arg(&link)
        .fails_with(2)
        .stderr(predicate::str::contains(
            "attain never writes over its inputs",
        ));
    assert_eq!(std::fs::read(&campaign).unwrap(), before);
    let out = dir.path().join("q.sql");
    Run::subcommand("sql")
        .arg("-t")
        .arg(&campaign)
        .args(["--engine", "duckdb", "--from", "t", "-o"])
        .arg(&out)
        .succeeds();
    assert!(std::fs::read_to_string(&out).unwrap().contains("from t\n"));
}

#[test]
fn explain_says_how_many_source_rows_a_grouped_row_stands_for() {
    let grouped = "indicator,period,entity,value,rows\n\
        budget_revenue,2022-01-01..2022-01-31,,15000,20\n\
        budget_revenue,2022-02,,14000,1\n";
    let text = Run::explain()
        .args([
            "budget_revenue",
            "--locale",
            "en",
            "--lang",
            "en",
            "-a",
            "-",
        ])
        .stdin(grouped)
        .stdout();
    assert!(text.contains("15000, for 20 source rows"), "{text}");
    assert!(!text.contains("14000, for"), "{text}");
}
