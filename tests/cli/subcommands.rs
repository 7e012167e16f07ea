//! The helper subcommands: `check`, `explain`, `template`, `init`,
//! `completions` and `man`.

use super::*;

#[test]
fn check_lists_skipped_rows_and_exits_0_or_2() {
    Run::check()
        .fixture_campaign("flows.toml")
        .fixture("skips.csv")
        .succeeds()
        .stdout(predicate::str::contains(
            "skips.csv:3:1: skipped: unknown_thing 2022-03 — unknown_indicator",
        ))
        .stdout(predicate::str::contains(
            "skips.csv:5:3: skipped: revenue 2022-04 — empty_value",
        ))
        .stdout(predicate::str::contains(
            "skips.csv: ignored columns: comment",
        ));
    Run::check()
        .fixture_campaign("flows.toml")
        .fixture("en_comma.csv")
        .fails_with(2)
        .stdout(predicate::str::contains("error: "));
}

#[test]
fn check_json_lists_errors_warnings_and_rows_with_locations() {
    let out = Run::check()
        .fixture_campaign("flows.toml")
        .args(["-f", "json"])
        .fixture("skips.csv")
        .fixture("en_comma.csv")
        .output();
    assert_eq!(out.status.code(), Some(2));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let errors = json["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0]["line"], 3);
    assert_eq!(errors[0]["column"], 3);
    assert_eq!(errors[0]["code"], "bad_number");
    assert!(
        errors[0]["file"]
            .as_str()
            .unwrap()
            .ends_with("en_comma.csv")
    );
    let warnings = json["warnings"].as_array().unwrap();
    assert!(
        warnings
            .iter()
            .any(|w| w["code"] == "target_without_rows" && w["line"].as_u64() > Some(0))
    );
    assert_eq!(json["rows"]["read"], 7);
    assert_eq!(json["rows"]["skipped"]["unknown_indicator"], 1);
    let listed = json["rows"]["listed"].as_array().unwrap();
    assert_eq!(listed.len(), 3);
    assert_eq!(listed[0]["reason"], "unknown_indicator");
    assert_eq!(listed[0]["line"], 3);
    assert_eq!(json["ignored_columns"][0]["columns"][0], "comment");
}

#[test]
fn explain_shows_rows_formula_and_threshold() {
    Run::explain()
        .args(["export_import", "budget_revenue", "-a", "examples/bac-ninh-2022/ytd-2022-11.csv", "--lang", "en"])
        .succeeds()
        .stdout(predicate::str::contains("rows used   examples/bac-ninh-2022/ytd-2022-11.csv:5  export_import 2022-01..2022-11  78,6 tỷ USD (× 1.000 to million USD)"))
        .stdout(predicate::str::contains("— overlap (a later or longer figure"))
        .stdout(predicate::str::contains("attainment  A / T = 28.267 / 30.567 = 92,48 %"))
        .stdout(predicate::str::contains("pace        A / E = 28.267 / 27.970,90 = 101,06 %"))
        .stdout(predicate::str::contains("but 93,29 % is at or above the amber threshold 90,00 %"));
    Run::explain()
        .args([
            "party_orgs_failing",
            "orgs_strong",
            "-a",
            "examples/bac-ninh-2022/illustrative.csv",
            "--lang",
            "en",
        ])
        .succeeds()
        .stdout(predicate::str::contains(
            "none: a target of zero or less is judged by comparison alone",
        ))
        .stdout(predicate::str::contains(
            "skipped     examples/bac-ninh-2022/illustrative.csv:12",
        ))
        .stdout(predicate::str::contains("empty_value"));
    Run::explain()
        .args(["export_imports", "--lang", "en"])
        .fails_with(2)
        .stderr(predicate::str::contains("did you mean 'export_import'?"));
}

/// What `attain explain ID -a a.csv` prints for a campaign and actuals.
fn explain(campaign: &str, actuals: &str, id: &str) -> String {
    Run::explain()
        .campaign(campaign)
        .file("a.csv", actuals)
        .args([id, "-a", "a.csv"])
        .stdout()
}

#[test]
fn explain_a_formula_lists_its_components_rows() {
    let text = explain(
        PARTY,
        "indicator,period,value,entity\norgs_good_n,2022,90,d1\norgs_n,2022,100,d1\n",
        "orgs_good",
    );
    assert!(
        text.contains("formula orgs_good_n / orgs_n * 100"),
        "{text}"
    );
    assert!(
        text.contains("a.csv:2  orgs_good_n 2022  90")
            && text.contains("a.csv:3  orgs_n 2022  100"),
        "{text}"
    );
}

/// `explain` keeps the rows of the targets it explains, not the first
/// rows of the file: a target whose rows come after more rows of others than
/// are ever kept (100,000) still lists them, and the others' rows are folded
/// as in a report (here by threads: the file is over 4 MiB).
#[test]
fn explain_lists_its_targets_rows_wherever_they_are_in_a_large_file() {
    let campaign = format!(
        "{PARTY}\n[[target]]\nid = \"members\"\nunit = \"people\"\nat_least = 1\naggregate = \"sum\"\n"
    );
    let mut actuals = String::from("indicator,period,value,entity\n");
    for i in 0..200_000 {
        actuals.push_str(&format!(
            "members,2022-{:02},{},d{}\n",
            i % 12 + 1,
            i % 97,
            i % 50
        ));
    }
    actuals.push_str("orgs_good_n,2022,90,d1\norgs_n,2022,100,d1\n");
    assert!(actuals.len() > 4 << 20);
    let text = explain(&campaign, &actuals, "orgs_good");
    assert!(
        text.contains("a.csv:200002  orgs_good_n 2022  90")
            && text.contains("a.csv:200003  orgs_n 2022  100"),
        "{text}"
    );
    assert!(!text.contains("members 2022"), "{text}");
    // The explained target's own rows, when it is one of many.
    let text = explain(&campaign, &actuals, "members");
    assert!(text.contains("a.csv:2  members 2022-01  0"), "{text}");
    assert!(!text.contains("orgs_n 2022"), "{text}");
}

#[test]
fn template_gives_next_period_per_indicator_and_entity() {
    let rows = Run::subcommand("template")
        .arg("examples/bac-ninh-2022/ytd-2022-11.csv")
        .csv_rows();
    assert_eq!(rows.len(), 11);
    assert_eq!(
        (
            rows[1]["indicator"].as_str(),
            rows[1]["period"].as_str(),
            rows[1]["unit"].as_str()
        ),
        ("export_import", "2022-12", "million USD")
    );
    assert!(rows.iter().all(|r| r["value"].is_empty()));
    let retail = Run::subcommand("template")
        .args(["-t", "examples/retail-2024/targets.toml"])
        .csv_rows();
    let revenue: Vec<&str> = retail
        .iter()
        .filter(|r| r["indicator"] == "revenue")
        .map(|r| r["entity"].as_str())
        .collect();
    assert_eq!(revenue, ["north", "south", "central"]);
    assert!(
        retail.iter().any(|r| r["indicator"] == "gross_profit"),
        "series are filled in too"
    );
    assert!(
        !retail.iter().any(|r| r["indicator"] == "gross_margin"),
        "a formula has no rows of its own"
    );
    let dir = tempfile::tempdir().unwrap();
    Run::subcommand("template")
        .arg("-o")
        .arg(dir.path().join("t.xlsx"))
        .succeeds();
    assert!(
        std::fs::read(dir.path().join("t.xlsx"))
            .unwrap()
            .starts_with(b"PK")
    );
}

#[test]
fn template_wide_puts_the_campaigns_months_across() {
    let out = Run::subcommand("template").arg("--wide").stdout();
    let mut lines = out.lines();
    let months: Vec<String> = (1..=12).map(|m| format!("2022-{m:02}")).collect();
    assert_eq!(
        lines.next(),
        Some(format!("indicator,name,unit,plan,{}", months.join(",")).as_str())
    );
    // names in the campaign's language, plans as the report writes them
    assert_eq!(
        lines.next(),
        Some("grdp_growth,Tốc độ tăng trưởng GRDP,%,5–6,,,,,,,,,,,,")
    );
    let rows = csv_rows(&out);
    assert_eq!(rows.len(), 11, "the long template's lines: {out}");
    let plans: Vec<(&str, &str)> = rows
        .iter()
        .map(|r| (r["indicator"].as_str(), r["plan"].as_str()))
        .collect();
    assert!(plans.contains(&("export_import", "≥ 92.070")), "{plans:?}");
    assert!(plans.contains(&("poverty_rate", "≤ 1,1")), "{plans:?}");
    assert!(plans.contains(&("party_orgs_failing", "≤ 0")), "{plans:?}");
    assert!(
        rows.iter()
            .all(|r| !r["unit"].is_empty() && months.iter().all(|m| r[m].is_empty()))
    );
    // --wide period is the same; tsv is the same table with tabs
    assert_eq!(
        Run::subcommand("template")
            .args(["--wide", "period"])
            .stdout(),
        out
    );
    let tsv = Run::subcommand("template")
        .args(["--wide", "-f", "tsv"])
        .stdout();
    assert_eq!(delimited_rows(&tsv, b'\t'), rows);
    // an entity line per declared entity, with the entity's own plan
    let retail = Run::subcommand("template")
        .args(["-t", "examples/retail-2024/targets.toml", "--wide"])
        .stdout();
    assert!(
        retail.starts_with("indicator,entity,name,unit,plan,2024-01,"),
        "{retail}"
    );
    assert!(
        retail.contains("\nrevenue,south,Revenue,thousand USD,\"≥ 16,000\",,"),
        "{retail}"
    );
    assert!(
        retail.contains("\nsafety_incidents,,Safety incidents,incidents,≤ 0,,"),
        "{retail}"
    );
}

#[test]
fn template_wide_entity_puts_the_entities_across() {
    let run = || {
        Run::subcommand("template").args([
            "-t",
            "examples/retail-2024/targets.toml",
            "--wide",
            "entity",
        ])
    };
    let out = run().stdout();
    // the period is the one the long template writes
    let long = Run::subcommand("template")
        .args(["-t", "examples/retail-2024/targets.toml"])
        .csv_rows();
    let period = &long[0]["period"];
    let mut lines = out.lines();
    assert_eq!(
        lines.next(),
        Some("indicator,name,unit,plan,period,north,south,central")
    );
    assert_eq!(
        lines.next(),
        Some(format!("revenue,Revenue,thousand USD,\"≥ 48,000\",{period},,,").as_str())
    );
    let rows = csv_rows(&out);
    let ids: Vec<&str> = rows.iter().map(|r| r["indicator"].as_str()).collect();
    // the indicators the long template gives entity lines, in its order
    assert_eq!(ids, ["revenue", "stores", "churn", "inventory_days"]);
    assert!(
        rows.iter()
            .all(|r| r["north"].is_empty() && &r["period"] == period)
    );
    // a workbook's lines are the same
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("e.xlsx");
    run().arg("-o").arg(&path).succeeds();
    let (sheet, strings, _) = xlsx_parts(&path);
    assert!(sheet.contains(r#"<pane xSplit="2" ySplit="1""#), "{sheet}");
    for text in [
        "central",
        "inventory_days",
        "Inventory days",
        "30–45",
        period,
    ] {
        assert!(strings.contains(&format!("<t>{text}</t>")), "{text}");
    }
}

#[test]
fn template_wide_xlsx_is_a_sheet_to_type_into() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nhap-lieu.xlsx");
    Run::subcommand("template")
        .args(["-f", "xlsx", "--wide", "-o"])
        .arg(&path)
        .succeeds();
    let (sheet, strings, styles) = xlsx_parts(&path);
    // the header and the indicator and name columns stay in view
    assert!(
        sheet.contains(r#"<pane xSplit="2" ySplit="1" topLeftCell="C2""#),
        "{sheet}"
    );
    for text in [
        "indicator",
        "plan",
        "2022-01",
        "2022-12",
        "export_import",
        "Tổng kim ngạch xuất nhập khẩu",
        "≥ 92.070",
    ] {
        assert!(
            strings.contains(&format!("<t>{text}</t>")),
            "{text}: {strings}"
        );
    }
    // 1 header and 11 lines of 4 labels and 12 months; the months empty
    assert!(sheet.contains(r#"<dimension ref="A1:P12"/>"#), "{sheet}");
    let style_of = |cell: &str| -> usize {
        let start = format!("<c r=\"{cell}\" s=\"");
        let rest = &sheet[sheet.find(&start).unwrap() + start.len()..];
        rest[..rest.find('"').unwrap()].parse().unwrap()
    };
    let xfs: Vec<&str> = styles
        .split("<cellXfs")
        .nth(1)
        .unwrap()
        .split("<xf ")
        .skip(1)
        .collect();
    let number_format = |xf: &str| -> String {
        let id = xf
            .split("numFmtId=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap();
        styles
            .split(&format!("numFmtId=\"{id}\" formatCode=\""))
            .nth(1)
            .map_or(id.to_string(), |rest| {
                rest.split('"').next().unwrap().to_string()
            })
    };
    // the header bold, the labels text, the month cells numbers
    assert!(xfs[style_of("A1")].contains(r#"fontId="1""#));
    assert!(styles.contains("<b/>"));
    assert_eq!(number_format(xfs[style_of("A2")]), "@");
    assert_eq!(number_format(xfs[style_of("P12")]), "General");
    assert!(sheet.contains(&format!("<c r=\"P12\" s=\"{}\"/>", style_of("P12"))));
    // columns wide enough for a name
    assert!(
        sheet.contains(r#"<col min="2" max="2" width="50"#),
        "{sheet}"
    );
}

/// The first sheet, the shared strings and the styles of a workbook.
fn xlsx_parts(path: &Path) -> (String, String, String) {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut part = |name: &str| {
        let mut text = String::new();
        zip.by_name(name)
            .unwrap()
            .read_to_string(&mut text)
            .unwrap();
        text
    };
    (
        part("xl/worksheets/sheet1.xml"),
        part("xl/sharedStrings.xml"),
        part("xl/styles.xml"),
    )
}

#[test]
fn init_writes_a_campaign_check_accepts_and_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    Run::subcommand("init").current_dir(dir.path()).succeeds();
    let written = std::fs::read_to_string(dir.path().join("targets.toml")).unwrap();
    assert!(written.contains("formula = ") && written.contains("revised = "));
    Run::check()
        .current_dir(dir.path())
        .succeeds()
        .stdout(predicate::str::contains("5 targets"));
    Run::subcommand("init")
        .current_dir(dir.path())
        .fails_with(2)
        .stderr(predicate::str::contains("already exists"));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("targets.toml")).unwrap(),
        written
    );
}

#[test]
fn completions_and_man_page_come_from_the_cli() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        Run::subcommand("completions")
            .arg(shell)
            .succeeds()
            .stdout(predicate::str::contains("attain"));
    }
    Run::subcommand("completions")
        .arg("bash")
        .assert()
        .stdout(predicate::str::contains("--fail-on"));
    Run::subcommand("man")
        .succeeds()
        .stdout(predicate::str::contains(".TH attain"))
        .stdout(predicate::str::contains("fail\\-on"));
}

/// `attain man` carries the reference manual: every heading of
/// docs/reference.md is a section (`.SH`) or subsection (`.SS`) of the page.
#[test]
fn the_man_page_carries_every_section_of_the_reference() {
    let reference =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/reference.md"))
            .unwrap();
    let out = Run::subcommand("man").output();
    assert!(out.status.success());
    let page = String::from_utf8(out.stdout).unwrap();
    let mut headings = 0;
    for line in reference.lines().filter(|l| l.starts_with('#')) {
        let (hashes, title) = line.split_once(' ').unwrap();
        let roff = title
            .replace('`', "")
            .replace('\\', "\\e")
            .replace('-', "\\-");
        let request = if hashes == "###" { ".SS" } else { ".SH" };
        let wanted = format!("\n{request} \"{roff}\"\n");
        assert!(page.contains(&wanted), "the man page lacks {wanted:?}");
        headings += 1;
    }
    assert!(headings > 40, "{headings} headings");
}
