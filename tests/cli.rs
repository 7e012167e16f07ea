//! End-to-end tests: the built `attain` binary run on fixture files, as a
//! user or a cron job would run it.

// Test helpers panic on purpose: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};
use std::process::Command;

use assert_cmd::cargo::cargo_bin_cmd;
use predicates::prelude::*;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn fixture(name: &str) -> String {
    root()
        .join("tests/fixtures")
        .join(name)
        .display()
        .to_string()
}

/// `attain` run from the repository root, so that `targets.toml` is found.
fn attain() -> assert_cmd::Command {
    let mut cmd = cargo_bin_cmd!("attain");
    cmd.current_dir(root())
        .env_remove("ATTAIN_TARGETS")
        .env_remove("NO_COLOR");
    cmd
}

fn stdout_of(cmd: &mut assert_cmd::Command) -> String {
    let out = cmd.output().unwrap();
    String::from_utf8(out.stdout).unwrap()
}

/// The CSV output as (id -> column -> value).
fn csv_rows(text: &str) -> Vec<std::collections::HashMap<String, String>> {
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers = reader.headers().unwrap().clone();
    reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            headers
                .iter()
                .zip(r.iter())
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}

fn row<'a>(
    rows: &'a [std::collections::HashMap<String, String>],
    id: &str,
) -> &'a std::collections::HashMap<String, String> {
    rows.iter()
        .find(|r| r["id"] == id)
        .unwrap_or_else(|| panic!("no row {id}"))
}

fn flows(actuals: &[&str]) -> Vec<std::collections::HashMap<String, String>> {
    let mut cmd = attain();
    cmd.args(["report", "-t", &fixture("flows.toml"), "-f", "csv", "-q"]);
    for a in actuals {
        cmd.arg(fixture(a));
    }
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    csv_rows(&String::from_utf8(out.stdout).unwrap())
}

// ── SPEC §11: the shipped campaign and its published figures ───────────────

#[test]
fn shipped_campaign_reproduces_the_published_attainments() {
    let rows = csv_rows(&stdout_of(attain().args(["-f", "csv", "-q"])));
    assert_eq!(rows.len(), 11);
    let expect = [
        ("export_import", "91700", "99.60", "near", "-370"),
        ("budget_revenue", "30372", "99.36", "near", "-195"),
        ("grdp_growth", "7.39", "123.17", "exceeded", "1.39"),
        ("poverty_rate", "0.94", "114.55", "exceeded", "-0.16"),
    ];
    for (id, actual, pct, status, gap) in expect {
        let r = row(&rows, id);
        assert_eq!(r["actual"], actual, "{id}");
        assert_eq!(r["attainment_pct"], pct, "{id}");
        assert_eq!(r["status"], status, "{id}");
        assert_eq!(r["gap"], gap, "{id}");
        assert_eq!(r["basis"], "final", "{id}");
    }
    // The seven targets without a published figure are not invented.
    for id in [
        "social_investment",
        "urbanization_rate",
        "trained_labour_rate",
        "party_orgs_good",
        "party_orgs_failing",
        "party_members_good",
        "orgs_strong",
    ] {
        let r = row(&rows, id);
        assert_eq!(r["status"], "no_data", "{id}");
        assert_eq!(r["light"], "grey", "{id}");
        assert_eq!(r["actual"], "", "{id}");
    }
}

#[test]
fn every_status_and_light_appears_on_the_illustrative_file() {
    let rows = csv_rows(&stdout_of(attain().args([
        "-f",
        "csv",
        "-q",
        "examples/bac-ninh-2022/illustrative.csv",
    ])));
    let expect = [
        ("social_investment", "exceeded", "green"), // 71.2 >= 70
        ("urbanization_rate", "met", "green"),      // 43 = 43 exactly
        ("trained_labour_rate", "near", "amber"),   // 76.5 / 77 = 99.35 %
        ("party_orgs_good", "not_met", "red"),      // 71.3 / 80 = 89.13 % < 90
        ("party_orgs_failing", "not_met", "red"),   // 1 against a zero target
        ("orgs_strong", "no_data", "grey"),         // empty value
    ];
    for (id, status, light) in expect {
        let r = row(&rows, id);
        assert_eq!(
            (r["status"].as_str(), r["light"].as_str()),
            (status, light),
            "{id}"
        );
    }
    assert_eq!(row(&rows, "party_orgs_failing")["attainment_pct"], "");
    assert_eq!(row(&rows, "social_investment")["actual"], "71.2"); // nghìn tỷ đồng = trillion VND
}

// ── Snapshots of the shipped campaign (read before accepting) ──────────────

#[test]
fn snapshot_table_vi() {
    insta::assert_snapshot!(stdout_of(attain().args(["--color", "never"])));
}

#[test]
fn snapshot_table_en_illustrative() {
    insta::assert_snapshot!(stdout_of(attain().args([
        "--color",
        "never",
        "--lang",
        "en",
        "--locale",
        "vi",
        "examples/bac-ninh-2022/illustrative.csv"
    ])));
}

#[test]
fn snapshot_csv() {
    insta::assert_snapshot!(stdout_of(attain().args(["-f", "csv", "-q"])));
}

#[test]
fn snapshot_json() {
    insta::assert_snapshot!(stdout_of(attain().args(["-f", "json", "-q"])));
}

// ── Exit codes and pipes ───────────────────────────────────────────────────

#[test]
fn exit_code_0_on_success() {
    attain().assert().code(0);
}

#[test]
fn exit_code_1_when_fail_on_holds_and_output_is_still_written() {
    attain()
        .args(["--fail-on", "near", "-f", "csv"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("export_import"));
    // Nothing is worse than near once no_data is shown... but no_data is worse than not_met.
    attain().args(["--fail-on", "no_data"]).assert().code(1);
    attain()
        .args([
            "--fail-on",
            "not_met",
            "--group",
            "Kinh tế",
            "examples/bac-ninh-2022/illustrative.csv",
        ])
        .assert()
        .code(0);
}

#[test]
fn exit_code_2_on_bad_input_with_file_line_and_column() {
    attain()
        .args(["-t", &fixture("flows.toml"), &fixture("en_comma.csv")])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "en_comma.csv:3:3: '6,9' is ambiguous under locale en (comma as thousands separator needs three digits after it); use --locale vi or write 6.9",
        ))
        .stderr(predicate::str::starts_with("attain: error: "))
        .stderr(predicate::str::contains("panicked").not());
}

#[test]
fn exit_code_2_on_bad_usage() {
    attain().args(["--sort", "nonsense"]).assert().code(2);
    attain()
        .args(["--only", "great"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "invalid value 'great' for '--only",
        ))
        .stderr(predicate::str::contains(
            "[possible values: exceeded, met, near, not_met, no_data]",
        ));
    attain()
        .args(["-f", "pdf"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "[possible values: table, csv, tsv, json, markdown, html, xlsx]",
        ));
    attain()
        .args(["check", "-f", "csv"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("[possible values: table, json]"));
    attain()
        .args(["--by", "perod"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("a similar value exists: 'period'"));
    attain()
        .args(["-t", "missing.toml"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("attain init"));
}

#[test]
fn vi_locale_rejects_an_english_decimal_with_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("a.csv");
    std::fs::write(
        &csv,
        "indicator,period,value,unit\ngrdp_growth,2022,\"7,39\",%\ngrdp_growth,2022-Q4,7.39,%\n",
    )
    .unwrap();
    attain()
        .arg(&csv)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "a.csv:3:3: '7.39' is ambiguous under locale vi (dot as thousands separator needs three digits after it); use --locale en or write 7,39",
        ));
    // The same file read as en: "7,39" is now the ambiguous one.
    attain()
        .arg(&csv)
        .args(["--locale", "en"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("a.csv:2:3: '7,39'"));
}

#[test]
fn a_closed_stdout_is_success_for_every_format() {
    // Enough targets that the output outgrows the pipe's buffer.
    let dir = tempfile::tempdir().unwrap();
    let mut toml = String::from("[campaign]\nperiod = \"2022\"\n");
    for i in 0..3000 {
        toml.push_str(&format!("[[target]]\nid = \"t{i}\"\nname = \"A rather long target name number {i}\"\nat_least = 1\n"));
    }
    let campaign = dir.path().join("big.toml");
    std::fs::write(&campaign, toml).unwrap();
    let csv = dir.path().join("a.csv");
    std::fs::write(&csv, "indicator,value\nt1,2\n").unwrap();
    let bin = assert_cmd::cargo::cargo_bin!("attain");
    for format in ["table", "csv", "json"] {
        let script = format!(
            "'{}' -t '{}' -f {format} '{}' | head -1 >/dev/null; echo \"status=${{PIPESTATUS[0]}}\"",
            bin.display(),
            campaign.display(),
            csv.display()
        );
        let out = Command::new("bash")
            .arg("-c")
            .arg(&script)
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stdout.contains("status=0"), "{format}: {stdout} {stderr}");
        assert!(!stderr.contains("panicked"), "{format}: {stderr}");
        assert!(!stderr.contains("error"), "{format}: {stderr}");
    }
}

// ── Units ──────────────────────────────────────────────────────────────────

#[test]
fn units_convert_to_the_targets_unit() {
    let rows = flows(&["units.csv"]);
    // 0.5 billion USD = 500 million, + 300 triệu USD + 250 million USD
    assert_eq!(row(&rows, "exports")["actual"], "1050");
    assert_eq!(row(&rows, "exports")["rows_used"], "3");
    // 1.2 nghìn tỷ đồng = 1,200 tỷ đồng (billion VND)
    assert_eq!(row(&rows, "revenue")["actual"], "1200");
}

#[test]
fn mixing_currencies_is_an_error_naming_both_units() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("a.csv");
    std::fs::write(
        &csv,
        "indicator,period,value,unit\nrevenue,2022-01,5,million USD\n",
    )
    .unwrap();
    attain()
        .args(["-t", &fixture("flows.toml")])
        .arg(&csv)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("a.csv:2:4: unit 'million USD' cannot be used for 'revenue' (its unit is 'billion VND')"))
        .stderr(predicate::str::contains("no exchange rates are guessed"));
}

// ── Combining rows (SPEC §5.2, §5.3) ───────────────────────────────────────

#[test]
fn a_monthly_series_sums_all_its_months() {
    let rows = flows(&["monthly.csv"]);
    let r = row(&rows, "revenue");
    assert_eq!(r["actual"], "1200");
    assert_eq!(r["rows_used"], "12");
    assert_eq!(r["status"], "met");
    assert_eq!(r["basis"], "final");
}

#[test]
fn a_year_to_date_series_uses_its_latest_figure() {
    let rows = flows(&["ytd.csv"]);
    let r = row(&rows, "revenue");
    assert_eq!(r["actual"], "1100");
    assert_eq!(r["rows_used"], "1");
    assert_eq!(r["source"], "November report");
    // As of 30 November (the latest end), a flow is judged on pace:
    // expected = 1200 × 334/365 = 1098.082192 → 1100 is ahead.
    assert_eq!(r["expected"], "1098.082192");
    assert_eq!(r["basis"], "pace");
    assert_eq!(r["status"], "exceeded");
    // projected = 1100 × 365/334 = 1202.095808
    assert_eq!(r["projected"], "1202.095808");
}

#[test]
fn a_mix_of_months_and_a_year_to_date_figure_is_not_counted_twice() {
    let rows = flows(&["mixed.csv"]);
    // Nov + Oct + (Jan..Sep = 800); the six months inside Jan..Sep are dropped.
    let r = row(&rows, "revenue");
    assert_eq!(r["actual"], "1000");
    assert_eq!(r["rows_used"], "3");
}

#[test]
fn entities_combine_per_entity_first_then_across() {
    let rows = flows(&["entities.csv"]);
    // last per district (d1: 50 from December, d2: 60), summed across: 110
    assert_eq!(row(&rows, "households")["actual"], "110");
    // mean per district (d1: (70+90)/2 = 80, d2: 60), mean across: 70 —
    // not the mean of the three rows (73.33)
    assert_eq!(row(&rows, "score")["actual"], "70");
    assert_eq!(row(&rows, "score")["rows_used"], "3");
}

#[test]
fn a_level_with_only_entity_rows_needs_across() {
    attain()
        .args(["-t", &fixture("flows.toml"), &fixture("rate_by_entity.csv")])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "flows.toml:19:1: target 'rate' has rows per entity (d1, d2)",
        ))
        .stderr(predicate::str::contains("set across = \"sum\""));
}

#[test]
fn several_rows_without_an_aggregate_is_an_error_asking_for_one() {
    attain()
        .args(["-t", &fixture("flows.toml"), &fixture("no_aggregate.csv")])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "no_aggregate.csv:3: target 'single' has 2 rows in the window (the first at ",
        ))
        .stderr(predicate::str::contains("aggregate = \"sum\" for a flow"))
        .stderr(predicate::str::contains(
            "aggregate = \"last\" for a level or rate",
        ));
}

#[test]
fn a_last_tie_between_different_values_warns_and_the_later_row_wins() {
    let out = attain()
        .args([
            "-t",
            &fixture("flows.toml"),
            "-f",
            "csv",
            &fixture("tie.csv"),
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let rows = csv_rows(&String::from_utf8(out.stdout).unwrap());
    assert_eq!(row(&rows, "rate")["actual"], "52");
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("tie.csv:3: 'rate' has two different values ending on 2022-12-31: 48 at "),
        "{stderr}"
    );
    assert!(stderr.contains("tie.csv:2 and 52 at "), "{stderr}");
    assert!(stderr.contains("the later row (52) is used"), "{stderr}");
}

// ── The ledger (SPEC §9) ───────────────────────────────────────────────────

#[test]
fn every_row_is_used_or_counted_as_skipped_with_its_reason() {
    let out = attain()
        .args([
            "-t",
            &fixture("flows.toml"),
            "-f",
            "json",
            &fixture("skips.csv"),
            &fixture("mixed.csv"),
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let rows = &json["rows"];
    // skips.csv: 5 rows (2 used, 1 unknown, 1 outside, 1 empty);
    // mixed.csv: 9 rows; together with skips.csv the revenue spans are
    // Nov, Oct, Jan..Sep (kept) and Jan..Feb, Mar, Jan..Jun months (dropped).
    assert_eq!(rows["read"], 14);
    assert_eq!(rows["skipped"]["unknown_indicator"], 1);
    assert_eq!(rows["skipped"]["outside_campaign"], 1);
    assert_eq!(rows["skipped"]["empty_value"], 1);
    assert_eq!(rows["skipped"]["after_as_of"], 0);
    assert_eq!(rows["skipped"]["overlap"], 8);
    assert_eq!(rows["used"], 3);
    let skipped: u64 = rows["skipped"]
        .as_object()
        .unwrap()
        .values()
        .map(|v| v.as_u64().unwrap())
        .sum();
    assert_eq!(rows["used"].as_u64().unwrap() + skipped, 14);
    let revenue = json["targets"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == "revenue")
        .unwrap();
    assert_eq!(revenue["actual"], serde_json::json!(1000));
}

#[test]
fn report_says_on_stderr_when_rows_were_skipped() {
    attain()
        .args(["-t", &fixture("flows.toml"), "-f", "csv", &fixture("skips.csv")])
        .assert()
        .code(0)
        .stderr(predicate::str::contains(
            "attain: note: 3 of 5 rows skipped (1 unknown_indicator (unknown_thing), 1 empty_value, 1 outside_campaign)",
        ));
}

#[test]
fn strict_makes_a_skipped_row_an_error() {
    attain()
        .args([
            "-t",
            &fixture("flows.toml"),
            "--strict",
            &fixture("skips.csv"),
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "skips.csv:3:1: row skipped as unknown_indicator",
        ))
        .stdout(predicate::str::is_empty());
    attain()
        .args([
            "-t",
            &fixture("flows.toml"),
            "--strict",
            &fixture("monthly.csv"),
        ])
        .assert()
        .code(0);
}

#[test]
fn rows_after_an_explicit_as_of_are_skipped() {
    let out = attain()
        .args([
            "-t",
            &fixture("flows.toml"),
            "-f",
            "json",
            "--as-of",
            "2022-06",
            &fixture("monthly.csv"),
        ])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["as_of"], "2022-06-30");
    assert_eq!(json["rows"]["skipped"]["after_as_of"], 6);
    let revenue = &json["targets"][0];
    assert_eq!(revenue["actual"], serde_json::json!(600));
    // 1200 × 181/365 = 595.068493: 600 is ahead of pace
    assert_eq!(revenue["basis"], "pace");
    assert_eq!(revenue["status"], "exceeded");
}

#[test]
fn a_million_rows_of_one_tenth_sum_to_exactly_one_hundred_thousand() {
    let dir = tempfile::tempdir().unwrap();
    let campaign = dir.path().join("c.toml");
    std::fs::write(&campaign, "[campaign]\nperiod = \"2022\"\n[[target]]\nid = \"x\"\nat_least = 100000\naggregate = \"sum\"\n").unwrap();
    let csv = dir.path().join("a.csv");
    let mut text = String::with_capacity(14 * 1_000_000 + 20);
    text.push_str("indicator,period,value\n");
    for _ in 0..1_000_000 {
        text.push_str("x,2022-12,0.1\n");
    }
    // A quoted header sends the whole file to the csv reader.
    let quoted = dir.path().join("quoted.csv");
    std::fs::write(&quoted, text.replacen("indicator", "\"indicator\"", 1)).unwrap();
    std::fs::write(&csv, &text).unwrap();
    // Every read path: threads over blocks, one thread, the stream parser
    // (standard input), the csv reader.
    let paths: [(&str, Vec<String>, Option<&String>); 4] = [
        ("blocks", vec![csv.display().to_string()], None),
        (
            "one thread",
            vec![csv.display().to_string(), "--jobs".into(), "1".into()],
            None,
        ),
        ("stdin", vec!["-".into()], Some(&text)),
        ("csv reader", vec![quoted.display().to_string()], None),
    ];
    for (path, args, stdin) in paths {
        let mut cmd = attain();
        cmd.arg("-t")
            .arg(&campaign)
            .args(["-f", "csv", "-q"])
            .args(&args);
        if let Some(input) = stdin {
            cmd.write_stdin(input.clone());
        }
        let rows = csv_rows(&stdout_of(&mut cmd));
        assert_eq!(rows[0]["actual"], "100000", "{path}");
        assert_eq!(rows[0]["status"], "met", "{path}");
        assert_eq!(rows[0]["rows_used"], "1000000", "{path}");
    }
    // Standard input redirected from the file (`- < a.csv`) is read by
    // offset like a named file; one that something has read from already
    // is read on from where it stands.
    let junk = dir.path().join("junk-first.csv");
    std::fs::write(&junk, format!("not,the,header\n{text}")).unwrap();
    for (path, skip) in [(&csv, 0), (&junk, 15)] {
        use std::io::Seek;
        let mut input = std::fs::File::open(path).unwrap();
        input.seek(std::io::SeekFrom::Start(skip)).unwrap();
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_attain"))
            .arg("-t")
            .arg(&campaign)
            .args(["-f", "csv", "-q", "-"])
            .stdin(input)
            .output()
            .unwrap();
        let rows = csv_rows(&String::from_utf8(out.stdout).unwrap());
        assert_eq!(rows[0]["actual"], "100000", "{skip}");
        assert_eq!(rows[0]["rows_used"], "1000000", "{skip}");
    }
}

// ── Inputs and outputs ─────────────────────────────────────────────────────

#[test]
fn actuals_can_come_from_stdin() {
    let input = std::fs::read_to_string(fixture("monthly.csv")).unwrap();
    let out = attain()
        .args(["-t", &fixture("flows.toml"), "-f", "csv", "-q", "-"])
        .write_stdin(input)
        .output()
        .unwrap();
    let rows = csv_rows(&String::from_utf8(out.stdout).unwrap());
    assert_eq!(row(&rows, "revenue")["actual"], "1200");
}

#[test]
fn tsv_files_and_other_delimiters_are_read() {
    assert_eq!(row(&flows(&["tabs.tsv"]), "revenue")["actual"], "1200");
    let out = attain()
        .args([
            "-t",
            &fixture("flows.toml"),
            "-f",
            "csv",
            "-q",
            "--delimiter",
            ";",
            &fixture("semicolon.csv"),
        ])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    // --delimiter also sets the output's separator
    assert!(text.starts_with("id;name;group;"), "{text}");
    let rows = csv_rows(&text.replace(';', ","));
    assert_eq!(row(&rows, "revenue")["actual"], "1200.5");
}

#[test]
fn output_file_is_written_atomically_in_the_format_of_its_extension() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report.json");
    attain()
        .arg("-o")
        .arg(&out)
        .assert()
        .code(0)
        .stdout(predicate::str::is_empty());
    let json: serde_json::Value = serde_json::from_slice(&std::fs::read(&out).unwrap()).unwrap();
    assert_eq!(json["summary"]["total"], 11);
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(leftovers.len(), 1, "{leftovers:?}");
}

#[test]
fn a_failed_run_leaves_an_existing_output_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report.csv");
    std::fs::write(&out, "previous report\n").unwrap();
    attain()
        .args(["-t", &fixture("flows.toml"), "-o"])
        .arg(&out)
        .arg(fixture("en_comma.csv"))
        .assert()
        .code(2);
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "previous report\n");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn bom_starts_the_csv_for_excel() {
    let out = attain()
        .args(["-f", "csv", "--bom", "-q"])
        .output()
        .unwrap();
    assert!(out.stdout.starts_with(b"\xEF\xBB\xBFid,name,"));
    let plain = attain().args(["-f", "csv", "-q"]).output().unwrap();
    assert!(plain.stdout.starts_with(b"id,name,"));
}

#[test]
fn colour_only_when_asked_or_on_a_terminal() {
    let plain = stdout_of(&mut attain());
    assert!(!plain.contains('\u{1b}'));
    let coloured = stdout_of(attain().args(["--color", "always"]));
    assert!(coloured.contains("\u{1b}["));
    let no_color = stdout_of(attain().env("NO_COLOR", "1"));
    assert!(!no_color.contains('\u{1b}'));
}

#[test]
fn only_group_and_sort_select_and_order_rows() {
    let ids = |args: &[&str]| -> Vec<String> {
        let mut cmd = attain();
        cmd.args(["-f", "csv", "-q", "examples/bac-ninh-2022/illustrative.csv"])
            .args(args);
        csv_rows(&stdout_of(&mut cmd))
            .iter()
            .map(|r| r["id"].clone())
            .collect()
    };
    assert_eq!(
        ids(&["--only", "not_met"]),
        ["party_orgs_good", "party_orgs_failing"]
    );
    assert_eq!(
        ids(&["--group", "Xã hội"]),
        ["urbanization_rate", "trained_labour_rate", "poverty_rate"]
    );
    assert_eq!(
        ids(&["--group", "Xã hội", "--sort", "attainment"]),
        ["poverty_rate", "urbanization_rate", "trained_labour_rate"]
    );
    let by_status = ids(&["--sort", "status"]);
    assert_eq!(by_status.first().unwrap(), "grdp_growth");
    assert_eq!(by_status.last().unwrap(), "orgs_strong");
    let by_id = ids(&["--sort", "id"]);
    assert_eq!(by_id.first().unwrap(), "budget_revenue");
}

#[test]
fn json_summary_counts_every_status() {
    let out = attain()
        .args(["-f", "json", "examples/bac-ninh-2022/illustrative.csv"])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let s = &json["summary"];
    assert_eq!(
        (s["total"].as_u64(), s["met_or_exceeded"].as_u64()),
        (Some(11), Some(5))
    );
    assert_eq!(
        (
            s["exceeded"].as_u64(),
            s["met"].as_u64(),
            s["near"].as_u64()
        ),
        (Some(4), Some(1), Some(3))
    );
    assert_eq!(
        (s["not_met"].as_u64(), s["no_data"].as_u64()),
        (Some(2), Some(1))
    );
    // attainment is a JSON number with its two decimals, not a string
    assert!(String::from_utf8_lossy(&out.stdout).contains("\"attainment_pct\": 99.60,"));
}

#[test]
fn check_lists_skipped_rows_and_exits_0_or_2() {
    attain()
        .args(["check", "-t", &fixture("flows.toml"), &fixture("skips.csv")])
        .assert()
        .code(0)
        .stdout(predicate::str::contains(
            "skips.csv:3:1: skipped: unknown_thing 2022-03 — unknown_indicator",
        ))
        .stdout(predicate::str::contains(
            "skips.csv:5:3: skipped: revenue 2022-04 — empty_value",
        ))
        .stdout(predicate::str::contains(
            "skips.csv: ignored columns: comment",
        ));
    attain()
        .args([
            "check",
            "-t",
            &fixture("flows.toml"),
            &fixture("en_comma.csv"),
        ])
        .assert()
        .code(2)
        .stdout(predicate::str::contains("error: "));
}

#[test]
fn a_misspelt_campaign_key_names_the_line_and_the_fix() {
    let dir = tempfile::tempdir().unwrap();
    let toml = dir.path().join("t.toml");
    std::fs::write(
        &toml,
        "[campaign]\nperiod = \"2022\"\n\n[[target]]\nid = \"x\"\nat_leest = 5\n",
    )
    .unwrap();
    attain()
        .arg("-t")
        .arg(&toml)
        .arg(fixture("monthly.csv"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "t.toml:6:1: target 'x': unknown key 'at_leest' in [[target]]; did you mean 'at_least'?",
        ));
}

#[test]
fn the_campaign_file_can_come_from_the_environment() {
    let out = cargo_bin_cmd!("attain")
        .current_dir(std::env::temp_dir())
        .env("ATTAIN_TARGETS", root().join("targets.toml"))
        .args(["-f", "csv", "-q"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(Path::new(&root().join("targets.toml")).exists());
    assert_eq!(csv_rows(&String::from_utf8(out.stdout).unwrap()).len(), 11);
}

// ── The corpus of bad inputs (tests/fixtures/bad/) ──────────────────────────

/// Each case directory holds actuals (and a targets.toml when the campaign is
/// the broken part), optional `args`, and `expect`: the exit code, then
/// substrings the output must contain. The whole output is a reviewed
/// snapshot, so a change of wording is a reviewed change.
#[test]
fn bad_inputs_get_messages_a_clerk_can_act_on() {
    let corpus = root().join("tests/fixtures/bad");
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&corpus)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    assert!(cases.len() >= 30, "only {} cases", cases.len());
    let mut failures = Vec::new();
    for case in &cases {
        let slug = case.file_name().unwrap().to_string_lossy().into_owned();
        let expect = std::fs::read_to_string(case.join("expect")).unwrap();
        let mut lines = expect.lines();
        let code: i32 = lines.next().unwrap().trim().parse().unwrap();
        let extra: Vec<String> = std::fs::read_to_string(case.join("args"))
            .map(|a| {
                a.lines()
                    .map(str::to_string)
                    .filter(|l| !l.is_empty())
                    .collect()
            })
            .unwrap_or_default();
        let mut actuals: Vec<String> = std::fs::read_dir(case)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".csv") || n.ends_with(".tsv"))
            .collect();
        actuals.sort();
        let mut cmd = cargo_bin_cmd!("attain");
        cmd.current_dir(case)
            .env_remove("ATTAIN_TARGETS")
            .arg("check");
        if !extra.iter().any(|a| a == "-t") {
            let targets = if case.join("targets.toml").exists() {
                "targets.toml"
            } else {
                "../base.toml"
            };
            cmd.args(["-t", targets]);
        }
        cmd.args(&extra).args(&actuals);
        let out = cmd.output().unwrap();
        let text = format!(
            "exit: {}\n--- stdout\n{}--- stderr\n{}",
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        if out.status.code() != Some(code) {
            failures.push(format!(
                "{slug}: exit {:?}, expected {code}\n{text}",
                out.status.code()
            ));
        }
        for want in lines.filter(|l| !l.trim().is_empty()) {
            if !text.contains(want) {
                failures.push(format!("{slug}: output lacks {want:?}\n{text}"));
            }
        }
        if text.contains("panicked") {
            failures.push(format!("{slug}: panicked\n{text}"));
        }
        insta::with_settings!({ snapshot_suffix => slug.clone(), prepend_module_to_snapshot => false }, {
            insta::assert_snapshot!("bad", text);
        });
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

// ── Robustness: arbitrary files through the real binary ────────────────────

mod robustness {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]

        /// Whatever the file holds, attain answers with 0, 1 or 2, never a
        /// panic, and every error names the file it is about.
        #[test]
        fn arbitrary_actuals_files_never_break_attain(
            bytes in prop_oneof![
                any::<Vec<u8>>(),
                "(indicator,period,value,unit,entity\n)?([a-z_]{0,8},[0-9Q.-]{0,8},[0-9.,()% -]{0,8},[a-zA-Z %]{0,6},[a-z]{0,3}\n){0,6}"
                    .prop_map(String::into_bytes),
            ],
            format in prop::sample::select(vec!["table", "csv", "json"]),
        ) {
            let dir = tempfile::tempdir().unwrap();
            let csv = dir.path().join("a.csv");
            std::fs::write(&csv, &bytes).unwrap();
            for subcommand in ["report", "check"] {
                // check prints a listing or json only
                let format = if subcommand == "check" && format == "csv" { "table" } else { format };
                let out = attain()
                    .args([subcommand, "-t", &fixture("flows.toml"), "-f", format])
                    .arg(&csv)
                    .output()
                    .unwrap();
                let stderr = String::from_utf8_lossy(&out.stderr);
                prop_assert!(matches!(out.status.code(), Some(0..=2)), "{subcommand}: {:?} {stderr}", out.status);
                prop_assert!(!stderr.contains("panicked"), "{stderr}");
                for line in stderr.lines().filter(|l| l.starts_with("attain: error:")) {
                    prop_assert!(line.contains("a.csv") || line.contains("flows.toml"), "unlocated: {line}");
                }
            }
        }
    }
}

#[test]
fn check_json_lists_errors_warnings_and_rows_with_locations() {
    let out = attain()
        .args([
            "check",
            "-f",
            "json",
            "-t",
            &fixture("flows.toml"),
            &fixture("skips.csv"),
            &fixture("en_comma.csv"),
        ])
        .output()
        .unwrap();
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
fn strict_report_turns_a_warning_into_an_error() {
    attain()
        .args(["-t", &fixture("flows.toml"), &fixture("tie.csv")])
        .assert()
        .code(0);
    attain()
        .args([
            "-t",
            &fixture("flows.toml"),
            "--strict",
            &fixture("tie.csv"),
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "has two different values ending on 2022-12-31",
        ))
        .stderr(predicate::str::contains("(an error under --strict)"));
}

// ── Mid-year: pace, profiles, revisions, change on last year (SPEC §6.3) ───

/// Run `report -f csv` on a campaign and actuals given as text.
fn report_csv(
    campaign: &str,
    actuals: &str,
    args: &[&str],
) -> Vec<std::collections::HashMap<String, String>> {
    let dir = tempfile::tempdir().unwrap();
    let toml = dir.path().join("c.toml");
    std::fs::write(&toml, campaign).unwrap();
    let csv = dir.path().join("a.csv");
    std::fs::write(&csv, actuals).unwrap();
    let out = attain()
        .arg("-t")
        .arg(&toml)
        .args(["-f", "csv", "-q"])
        .args(args)
        .arg(&csv)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    csv_rows(&String::from_utf8(out.stdout).unwrap())
}

#[test]
fn worked_example_budget_revenue_as_of_30_november() {
    // SPEC §11, last row: 28,267 of 30,567 by 30 November (f = 334/365).
    let rows = csv_rows(&stdout_of(attain().args([
        "-f",
        "csv",
        "-q",
        "examples/bac-ninh-2022/ytd-2022-11.csv",
    ])));
    let r = row(&rows, "budget_revenue");
    assert_eq!(r["attainment_pct"], "92.48");
    assert_eq!(r["expected"], "27970.89863");
    assert_eq!(r["pace_pct"], "101.06");
    assert_eq!(r["projected"], "30890.583832");
    assert_eq!(r["projected_pct"], "101.06");
    assert_eq!(
        (r["status"].as_str(), r["basis"].as_str()),
        ("exceeded", "pace")
    );
}

#[test]
fn export_import_is_at_risk_on_the_year_to_date_file() {
    let out = attain()
        .args(["-f", "csv", "examples/bac-ninh-2022/ytd-2022-11.csv"])
        .output()
        .unwrap();
    let rows = csv_rows(&String::from_utf8(out.stdout).unwrap());
    let r = row(&rows, "export_import");
    // The latest year-to-date figure (Jan–Nov, 78.6 bn USD) is used; the
    // three earlier ones overlap it.
    assert_eq!(r["actual"], "78600");
    assert_eq!(r["rows_used"], "1");
    // 92,070 × 334/365 = 84,250.36 expected; 78,600 / 84,250.36 = 93.29 %
    assert_eq!(r["expected"], "84250.356164");
    assert_eq!(r["pace_pct"], "93.29");
    assert_eq!(
        (r["status"].as_str(), r["light"].as_str()),
        ("near", "amber")
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("3 of 7 rows skipped (3 overlap)"),
        "{stderr}"
    );
    // GRDP growth is a rate: the latest figure of the year (Jan–Sep), judged
    // against the final target.
    let g = row(&rows, "grdp_growth");
    assert_eq!(
        (g["actual"].as_str(), g["basis"].as_str()),
        ("10.04", "final")
    );
    // The human table labels pace statuses as people say them.
    let table = stdout_of(attain().args([
        "--lang",
        "en",
        "--color",
        "never",
        "examples/bac-ninh-2022/ytd-2022-11.csv",
    ]));
    assert!(
        table.contains("at risk") && table.contains("ahead") && table.contains("Expected to date"),
        "{table}"
    );
}

const FLOW_2022: &str =
    "[campaign]\nperiod = \"2022\"\n[[target]]\nid = \"x\"\nat_least = 1000\naggregate = \"sum\"\n";

#[test]
fn a_strict_target_is_not_met_by_an_equal_actual() {
    // "dưới 1,1 %" and "trên 77 %": equal is near, a hair better exceeds.
    let campaign = "[campaign]\nperiod = \"2022\"\n\
        [[target]]\nid = \"poverty\"\nunit = \"%\"\nat_most = 1.1\nstrict = true\n\
        [[target]]\nid = \"trained\"\nunit = \"%\"\nat_least = 77\nstrict = true\n";
    let rows = report_csv(
        campaign,
        "indicator,period,value\npoverty,2022,1.1\ntrained,2022,77\n",
        &[],
    );
    assert_eq!(rows[0]["status"], "near", "{rows:?}");
    assert_eq!(rows[0]["attainment_pct"], "100.00");
    assert_eq!(rows[1]["status"], "near", "{rows:?}");
    let rows = report_csv(
        campaign,
        "indicator,period,value\npoverty,2022,1.09\ntrained,2022,77.1\n",
        &[],
    );
    assert_eq!(rows[0]["status"], "exceeded", "{rows:?}");
    assert_eq!(rows[1]["status"], "exceeded", "{rows:?}");
    // Without `strict`, equal is met.
    let rows = report_csv(
        &campaign.replace("strict = true\n", ""),
        "indicator,period,value\npoverty,2022,1.1\ntrained,2022,77\n",
        &[],
    );
    assert_eq!(rows[0]["status"], "met", "{rows:?}");
    assert_eq!(rows[1]["status"], "met", "{rows:?}");
}

#[test]
fn a_profile_that_puts_forty_percent_of_the_year_in_december() {
    let campaign = format!("{FLOW_2022}profile = [5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 10, 40]\n");
    // By 30 November 60 % of the year's weight has passed: expected 600.
    let rows = report_csv(
        &campaign,
        "indicator,period,value\nx,2022-01..2022-11,610\n",
        &[],
    );
    assert_eq!(rows[0]["expected"], "600");
    assert_eq!(rows[0]["pace_pct"], "101.67");
    assert_eq!(rows[0]["status"], "exceeded");
    // projected = 610 / 0.6 = 1016.67: the seasonal projection, not 610 × 365/334
    assert_eq!(rows[0]["projected"], "1016.666667");
    // On 16 December, 16 of December's 31 days count: f = (60 + 40 × 16/31) / 100.
    let rows = report_csv(
        &campaign,
        "indicator,period,value\nx,2022-01..2022-11,610\n",
        &["--as-of", "2022-12-16"],
    );
    // 1000 × (60 × 31 + 40 × 16) / (100 × 31) = 806.451613
    assert_eq!(rows[0]["expected"], "806.451613");
    assert_eq!(rows[0]["status"], "not_met"); // 610 / 806.45 = 75.6 %
    // The same figure under linear phasing is judged against 1000 × 334/365.
    let linear = report_csv(
        FLOW_2022,
        "indicator,period,value\nx,2022-01..2022-11,610\n",
        &[],
    );
    assert_eq!(linear[0]["expected"], "915.068493");
}

#[test]
fn leap_years_count_their_366_days() {
    let campaign = "[campaign]\nperiod = \"2024\"\n[[target]]\nid = \"x\"\nat_least = 366\naggregate = \"sum\"\n";
    // 31 + 29 = 60 days by 29 February 2024
    let rows = report_csv(
        campaign,
        "indicator,period,value\nx,2024-01,31\nx,2024-02,29\n",
        &[],
    );
    assert_eq!(rows[0]["expected"], "60");
    assert_eq!(rows[0]["pace_pct"], "100.00");
    assert_eq!(rows[0]["status"], "met");
}

#[test]
fn a_fiscal_year_from_july_and_a_six_month_campaign() {
    let fiscal = "[campaign]\nstart = 2022-07-01\nend = 2023-06-30\n[[target]]\nid = \"x\"\nat_least = 365\naggregate = \"sum\"\n";
    // 184 days from 1 July to 31 December
    let rows = report_csv(
        fiscal,
        "indicator,period,value\nx,2022-07..2022-12,184\nx,2022-06,999\n",
        &[],
    );
    assert_eq!(rows[0]["actual"], "184");
    assert_eq!(rows[0]["expected"], "184");
    assert_eq!(rows[0]["status"], "met");
    let half = "[campaign]\nstart = 2022-01-01\nend = 2022-06-30\n[[target]]\nid = \"x\"\nat_least = 181\naggregate = \"sum\"\n";
    let rows = report_csv(half, "indicator,period,value\nx,2022-Q1,90\n", &[]);
    assert_eq!(rows[0]["expected"], "90"); // 181 × 90/181
    assert_eq!(rows[0]["basis"], "pace");
    let rows = report_csv(half, "indicator,period,value\nx,2022-H1,170\n", &[]);
    assert_eq!(
        (rows[0]["basis"].as_str(), rows[0]["status"].as_str()),
        ("final", "near")
    );
}

const GRDP_REVISED: &str = "[campaign]\nperiod = \"2022\"\n[[target]]\nid = \"grdp_growth\"\nunit = \"%\"\nbetween = [5, 6]\naggregate = \"last\"\nrevised = [{ from = 2022-07-09, between = [8, 10], source = \"NQ HĐND tỉnh, 09/07/2022\" }]\n";

#[test]
fn a_revision_is_used_from_its_date_on() {
    // As of June (before the revision): the original 5–6.
    let rows = report_csv(
        GRDP_REVISED,
        "indicator,period,value\ngrdp_growth,2022-H1,14.7\n",
        &[],
    );
    assert_eq!(
        (
            rows[0]["target_low"].as_str(),
            rows[0]["target_high"].as_str()
        ),
        ("5", "6")
    );
    assert_eq!(rows[0]["original_target"], "");
    assert_eq!(rows[0]["status"], "exceeded");
    // At the year's end (after it): 8–10, and the original kept.
    let rows = report_csv(
        GRDP_REVISED,
        "indicator,period,value\ngrdp_growth,2022,7.39\n",
        &[],
    );
    assert_eq!(
        (
            rows[0]["target_low"].as_str(),
            rows[0]["target_high"].as_str()
        ),
        ("8", "10")
    );
    assert_eq!(rows[0]["original_target"], "5–6");
    // 7.39 / 8 = 92.375 % → near
    assert_eq!(
        (
            rows[0]["attainment_pct"].as_str(),
            rows[0]["status"].as_str()
        ),
        ("92.38", "near")
    );
}

#[test]
fn the_table_marks_a_revised_target_with_a_footnote() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("c.toml"), GRDP_REVISED).unwrap();
    std::fs::write(
        dir.path().join("a.csv"),
        "indicator,period,value\ngrdp_growth,2022,7.39\n",
    )
    .unwrap();
    let table = stdout_of(
        attain()
            .current_dir(dir.path())
            .args(["-t", "c.toml", "--color", "never", "a.csv"]),
    );
    assert!(table.contains("8–10 *"), "{table}");
    assert!(
        table.contains("* grdp_growth: revised on 2022-07-09 from 5–6 (NQ HĐND tỉnh, 09/07/2022)"),
        "{table}"
    );
    let json: serde_json::Value = serde_json::from_slice(
        &attain()
            .current_dir(dir.path())
            .args(["-t", "c.toml", "-f", "json", "a.csv"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    assert_eq!(json["targets"][0]["original_target"], "5–6");
}

#[test]
fn change_on_last_year_for_a_monthly_series() {
    let campaign = "[campaign]\nperiod = \"2022\"\n[[target]]\nid = \"x\"\nat_least = 1000\naggregate = \"sum\"\n";
    // Jan–Mar 2022 against Jan–Mar 2021; the April 2021 row is not comparable.
    let actuals = "indicator,period,value\nx,2021-01,80\nx,2021-02,80\nx,2021-03,90\nx,2021-04,99\nx,2022-01,100\nx,2022-02,100\nx,2022-03,100\n";
    let rows = report_csv(campaign, actuals, &[]);
    // 300 against 250: +20 %
    assert_eq!(rows[0]["previous"], "250");
    assert_eq!(rows[0]["change_pct"], "20.00");
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("c.toml"), campaign).unwrap();
    std::fs::write(dir.path().join("a.csv"), actuals).unwrap();
    let out = attain()
        .current_dir(dir.path())
        .args(["-t", "c.toml", "-f", "json", "a.csv"])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["rows"]["comparison"], 3);
    assert_eq!(json["rows"]["used"], 3);
    assert_eq!(json["rows"]["skipped"]["outside_campaign"], 1);
}

#[test]
fn change_on_last_year_for_a_year_to_date_series() {
    let campaign = "[campaign]\nperiod = \"2022\"\n[[target]]\nid = \"x\"\nat_least = 30567\naggregate = \"sum\"\n";
    // "28.267 tỷ đồng … giảm 8,4% so với cùng kỳ": Jan–Nov 2021 was 30,859
    let actuals = "indicator,period,value\nx,2021,33000\nx,2021-01..2021-11,30859\nx,2022-01..2022-11,28267\n";
    let rows = report_csv(campaign, actuals, &[]);
    assert_eq!(rows[0]["previous"], "30859");
    assert_eq!(rows[0]["change_pct"], "-8.40");
    // No figure for the same span a year earlier: no change, never a guess.
    let rows = report_csv(
        campaign,
        "indicator,period,value\nx,2021,33000\nx,2022-01..2022-11,28267\n",
        &[],
    );
    assert_eq!(
        (rows[0]["previous"].as_str(), rows[0]["change_pct"].as_str()),
        ("", "")
    );
}

#[test]
fn by_period_shows_the_cumulative_actual_at_each_month_end() {
    let campaign = "[campaign]\nperiod = \"2022\"\n[[target]]\nid = \"x\"\nat_least = 1200\naggregate = \"sum\"\n[[target]]\nid = \"r\"\nunit = \"%\"\nat_least = 50\naggregate = \"last\"\n";
    let actuals = "indicator,period,value\nx,2022-01,100\nx,2022-02,100\nx,2022-03,150\nx,2022-01..2022-04,480\nr,2022-02,40\nr,2022-04,55\n";
    let rows = report_csv(campaign, actuals, &["--by", "period"]);
    let x = row(&rows, "x");
    // January 100, February 200, March 350, April the year-to-date 480
    let months: Vec<&str> = ["2022-01", "2022-02", "2022-03", "2022-04"]
        .iter()
        .map(|m| x[&format!("{m}_actual")].as_str())
        .collect();
    assert_eq!(months, ["100", "200", "350", "480"]);
    assert_eq!(x["2022-04_attainment_pct"], "40.00");
    assert!(
        !x.contains_key("2022-05_actual"),
        "no column after the as-of month"
    );
    // a level: the latest value as of each month's end
    let r = row(&rows, "r");
    let levels: Vec<&str> = ["2022-01", "2022-02", "2022-03", "2022-04"]
        .iter()
        .map(|m| r[&format!("{m}_actual")].as_str())
        .collect();
    assert_eq!(levels, ["", "40", "40", "55"]);
    // The SPEC columns are unchanged in front of the trend.
    assert_eq!(x["actual"], "480");
    // quarterly
    let rows = report_csv(campaign, actuals, &["--by", "quarter"]);
    assert_eq!(row(&rows, "x")["2022-Q1_actual"], "350");
    assert_eq!(row(&rows, "x")["2022-Q2_actual"], "480");
}

#[test]
fn by_period_table_has_a_sparkline_and_json_a_trend() {
    let table = stdout_of(attain().args([
        "--by",
        "period",
        "--color",
        "never",
        "--lang",
        "en",
        "examples/bac-ninh-2022/ytd-2022-11.csv",
    ]));
    assert!(
        table.contains("Trend") && table.contains("2022-11"),
        "{table}"
    );
    assert!(table.contains("▅▅▅▆▆▇"), "{table}");
    let out = attain()
        .args([
            "--by",
            "period",
            "-f",
            "json",
            "examples/bac-ninh-2022/ytd-2022-11.csv",
        ])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let trend = json["targets"][1]["trend"].as_array().unwrap();
    assert_eq!(trend.len(), 11);
    assert_eq!(trend[10]["period"], "2022-11");
    assert_eq!(trend[10]["actual"], serde_json::json!(78600));
    assert_eq!(trend[7]["actual"], serde_json::json!(56900));
    assert_eq!(trend[0]["actual"], serde_json::Value::Null);
    attain()
        .args(["--by", "district"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "[possible values: entity, group, period, quarter]",
        ));
}

// ── Breakdown: entities, groups, derived indicators ────────────────────────

const PARTY: &str = r#"[campaign]
period = "2022"

[entities]
d1 = "Huyện Một"

[[series]]
id = "orgs_good_n"
unit = "organisations"
aggregate = "sum"

[[series]]
id = "orgs_n"
unit = "organisations"
aggregate = "sum"

[[target]]
id = "orgs_good"
unit = "%"
at_least = 80
formula = "orgs_good_n / orgs_n * 100"
"#;

#[test]
fn a_derived_ratio_is_a_ratio_of_sums_never_a_mean_of_ratios() {
    // d1: 90 of 100 organisations good (90 %); d2: 1 of 10 (10 %).
    // Ratio of sums: 91 / 110 = 82.727 % (met); the mean of the two
    // ratios, 50 %, must not come out.
    let actuals = "indicator,period,value,entity\norgs_good_n,2022,90,d1\norgs_n,2022,100,d1\norgs_good_n,2022,1,d2\norgs_n,2022,10,d2\n";
    let rows = report_csv(PARTY, actuals, &[]);
    let r = row(&rows, "orgs_good");
    assert!(r["actual"].starts_with("82.72727272"), "{}", r["actual"]);
    assert_eq!(r["attainment_pct"], "103.41"); // 82.7272… / 80
    assert_eq!(r["status"], "exceeded");
    assert_eq!(r["rows_used"], "4");
    // per entity, the formula is applied to that entity's components
    let by_entity = report_csv(PARTY, actuals, &["--by", "entity"]);
    let d1 = by_entity.iter().find(|r| r["entity"] == "d1").unwrap();
    let d2 = by_entity.iter().find(|r| r["entity"] == "d2").unwrap();
    assert_eq!(
        (d1["actual"].as_str(), d1["status"].as_str()),
        ("90", "exceeded")
    );
    assert_eq!(
        (d2["actual"].as_str(), d2["status"].as_str()),
        ("10", "not_met")
    );
}

#[test]
fn a_division_by_zero_is_no_data_with_its_reason() {
    let actuals = "indicator,period,value\norgs_good_n,2022,0\norgs_n,2022,0\n";
    let rows = report_csv(PARTY, actuals, &[]);
    assert_eq!(
        (rows[0]["actual"].as_str(), rows[0]["status"].as_str()),
        ("", "no_data")
    );
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("c.toml"), PARTY).unwrap();
    std::fs::write(dir.path().join("a.csv"), actuals).unwrap();
    attain()
        .current_dir(dir.path())
        .args(["check", "-t", "c.toml", "a.csv"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains(
            "target 'orgs_good': formula \"orgs_good_n / orgs_n * 100\" has no value: a division by zero; it shows as no_data",
        ));
    // A missing component says which one.
    std::fs::write(
        dir.path().join("b.csv"),
        "indicator,period,value\norgs_good_n,2022,5\n",
    )
    .unwrap();
    attain()
        .current_dir(dir.path())
        .args(["check", "-t", "c.toml", "b.csv"])
        .assert()
        .stdout(predicate::str::contains(
            "the component 'orgs_n' has no value",
        ));
}

#[test]
fn formula_errors_point_into_the_toml_string() {
    let dir = tempfile::tempdir().unwrap();
    let bad = PARTY.replace("orgs_good_n / orgs_n * 100", "orgs_good_n / (orgs_n * 100");
    std::fs::write(dir.path().join("c.toml"), &bad).unwrap();
    std::fs::write(dir.path().join("a.csv"), "indicator,value\norgs_n,1\n").unwrap();
    // line 21: `formula = "orgs_good_n / (orgs_n * 100"`; the text starts at
    // column 12 and the missing ')' belongs after its 27 characters: 39
    attain()
        .current_dir(dir.path())
        .args(["-t", "c.toml", "a.csv"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "c.toml:21:39: target 'orgs_good': formula = \"orgs_good_n / (orgs_n * 100\": a '(' is not closed",
        ));
    let unknown = PARTY.replace("orgs_good_n / orgs_n", "orgs_good_n / org_n");
    std::fs::write(dir.path().join("c.toml"), &unknown).unwrap();
    attain()
        .current_dir(dir.path())
        .args(["-t", "c.toml", "a.csv"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "no target or [[series]] has the id 'org_n'; did you mean 'orgs_n'?",
        ));
}

#[test]
fn entities_are_judged_against_their_own_targets() {
    let rows = csv_rows(&stdout_of(attain().args([
        "-t",
        "examples/retail-2024/targets.toml",
        "--by",
        "entity",
        "-f",
        "csv",
        "-q",
    ])));
    let stores: Vec<_> = rows.iter().filter(|r| r["id"] == "stores").collect();
    assert_eq!(stores.len(), 4, "the total and three regions");
    assert_eq!(stores[0]["entity"], "");
    assert_eq!(
        (stores[0]["actual"].as_str(), stores[0]["target"].as_str()),
        ("58", "60")
    );
    let region = |e: &str| stores.iter().find(|r| r["entity"] == e).unwrap();
    // central: 17 of its own 18 = 94.44 % < 95 (the campaign's near) → not met
    assert_eq!(
        (
            region("central")["target"].as_str(),
            region("central")["status"].as_str()
        ),
        ("18", "not_met")
    );
    assert_eq!(region("north")["status"], "met"); // 22 of 22
    assert_eq!(
        (
            region("south")["attainment_pct"].as_str(),
            region("south")["status"].as_str()
        ),
        ("95.00", "near")
    );
    // A share of a flow with no target of its own is shown, not judged.
    let incidents: Vec<_> = rows
        .iter()
        .filter(|r| r["id"] == "safety_incidents" && !r["entity"].is_empty())
        .collect();
    assert_eq!(incidents.len(), 2);
    assert!(
        incidents
            .iter()
            .all(|r| r["status"].is_empty() && r["target"].is_empty() && !r["actual"].is_empty())
    );
    // json carries the same rows with an entity key after id
    let out = attain()
        .args([
            "-t",
            "examples/retail-2024/targets.toml",
            "--by",
            "entity",
            "-f",
            "json",
        ])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("\"id\": \"stores\",\n      \"entity\": \"central\","),
        "entity follows id"
    );
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(
        json["targets"].as_array().unwrap().len(),
        6 + 3 + 3 + 3 + 3 + 3 + 2
    );
    assert_eq!(
        json["summary"]["total"], 6,
        "the summary counts targets, not entity rows"
    );
}

#[test]
fn check_warns_when_entity_targets_do_not_add_up() {
    let text = std::fs::read_to_string(root().join("examples/retail-2024/targets.toml")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("t.toml"),
        text.replace("north = 18000", "north = 17000"),
    )
    .unwrap();
    attain()
        .current_dir(dir.path())
        .args(["check", "-t", "t.toml"])
        .arg(root().join("examples/retail-2024/actuals.csv"))
        .assert()
        .code(0)
        .stdout(predicate::str::contains(
            "the entities' targets of 'revenue' add up to 47000, not to the campaign's 48000",
        ));
}

#[test]
fn by_group_scores_are_weighted_clamped_and_skip_no_data() {
    let campaign = r#"[campaign]
period = "2022"
[[target]]
id = "a"
group = "G"
at_least = 100
weight = 3
[[target]]
id = "b"
group = "G"
at_least = 100
[[target]]
id = "c"
group = "G"
at_least = 100
[[target]]
id = "d"
group = "Empty"
at_least = 1
"#;
    // a: 150 % clamped to 120; b: 60 %; c: no data → (3 × 120 + 60) / 4 = 105
    let rows = report_csv(
        campaign,
        "indicator,value\na,150\nb,60\n",
        &["--by", "group"],
    );
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0]["group"], "G");
    assert_eq!(
        (rows[0]["score"].as_str(), rows[0]["light"].as_str()),
        ("105.00", "green")
    );
    assert_eq!(
        (
            rows[0]["exceeded"].as_str(),
            rows[0]["not_met"].as_str(),
            rows[0]["no_data"].as_str()
        ),
        ("1", "1", "1")
    );
    assert_eq!(
        (
            rows[1]["group"].as_str(),
            rows[1]["score"].as_str(),
            rows[1]["light"].as_str()
        ),
        ("Empty", "", "grey")
    );
    let table = stdout_of(attain().args([
        "-t",
        "examples/retail-2024/targets.toml",
        "--by",
        "group",
        "--color",
        "never",
    ]));
    assert!(
        table.contains("Sales and customers") && table.contains("83.9%"),
        "{table}"
    );
}

// ── Regressions from review ────────────────────────────────────────────────

/// Run attain in a temp dir holding `c.toml` and `a.csv`.
/// A folder holding the campaign `c.toml` and the actuals `a.csv`.
fn campaign_dir(campaign: &str, actuals: &[u8]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("c.toml"), campaign).unwrap();
    std::fs::write(dir.path().join("a.csv"), actuals).unwrap();
    dir
}

fn in_dir(campaign: &str, actuals: &[u8]) -> (tempfile::TempDir, assert_cmd::Command) {
    let dir = campaign_dir(campaign, actuals);
    let mut cmd = attain();
    cmd.current_dir(dir.path()).args(["-t", "c.toml"]);
    (dir, cmd)
}

#[test]
fn a_misspelt_group_is_an_error_not_an_empty_report() {
    attain()
        .args(["--group", "xã hội", "--fail-on", "near"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "no group 'xã hội'; did you mean 'Xã hội'?",
        ));
}

#[test]
fn a_tie_of_three_rows_names_the_value_used() {
    let campaign = "[campaign]\nperiod = \"2022\"\n[[target]]\nid = \"lv\"\nat_least = 50\naggregate = \"last\"\n";
    let (_dir, mut cmd) = in_dir(
        campaign,
        b"indicator,period,value\nlv,2022-06,60\nlv,2022-06,40\nlv,2022-06,70\n",
    );
    cmd.args(["-f", "csv", "a.csv"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("lv,lv,,,at_least,50,,,,,70,"))
        .stderr(predicate::str::contains(
            "40 at a.csv:3 and 70 at a.csv:4; the later row (70) is used",
        ));
}

#[cfg(unix)]
#[test]
fn an_output_file_is_readable_like_any_file_and_keeps_its_mode() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r.csv");
    attain().arg("-o").arg(&out).assert().code(0);
    // 0666 less the umask: readable by others at least under the usual 022
    let mode = std::fs::metadata(&out).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode & 0o600, 0o600);
    std::fs::set_permissions(&out, std::fs::Permissions::from_mode(0o640)).unwrap();
    attain().arg("-o").arg(&out).assert().code(0);
    assert_eq!(
        std::fs::metadata(&out).unwrap().permissions().mode() & 0o777,
        0o640
    );
}

#[test]
fn blank_and_repeated_extra_columns_are_ignored() {
    let (_dir, mut cmd) = in_dir(FLOW_2022, b"indicator,value,,,comment,comment\nx,5,,,a,b\n");
    cmd.args(["-f", "csv", "-q", "a.csv"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("x,x,,,at_least,1000,,,,,5,"));
}

#[test]
fn a_file_with_another_separator_gets_the_delimiter_to_use() {
    let (_dir, mut cmd) = in_dir(FLOW_2022, b"indicator;period;value\nx;2022;5\n");
    cmd.arg("a.csv")
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "the file seems to be separated by ';': pass --delimiter ';'",
        ));
}

#[test]
fn early_figures_are_compared_with_the_target_to_date_for_the_scale_warning() {
    // 550 by 2 January is on pace for 100,000 a year; not "100 times off".
    let campaign = "[campaign]\nperiod = \"2022\"\n[[target]]\nid = \"rev\"\nat_least = 100000\naggregate = \"sum\"\n";
    let (_dir, mut cmd) = in_dir(
        campaign,
        b"indicator,period,value\nrev,2022-01-01,300\nrev,2022-01-02,250\n",
    );
    cmd.args(["--strict", "-f", "csv", "a.csv"])
        .assert()
        .code(0)
        .stderr(predicate::str::contains("100 times").not());
}

#[test]
fn entities_differing_only_in_case_are_named() {
    let campaign = "[campaign]\nperiod = \"2022\"\n[[target]]\nid = \"rev\"\nat_least = 1\naggregate = \"sum\"\n";
    let (_dir, mut cmd) = in_dir(campaign, "indicator,period,value,entity\nrev,2022-01..2022-06,100,Từ Sơn\nrev,2022-01..2022-03,50,từ sơn\n".as_bytes());
    cmd.args(["-f", "csv", "a.csv"])
        .assert()
        .code(0)
        .stderr(predicate::str::contains(
            "entities 'Từ Sơn' and 'từ sơn' that differ only in case",
        ));
}

#[test]
fn utf16_without_a_byte_order_mark_is_named() {
    let bytes: Vec<u8> = "indicator,value\nx,5\n"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    let (_dir, mut cmd) = in_dir(FLOW_2022, &bytes);
    cmd.arg("a.csv")
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "UTF-16 without a byte-order mark; pass --encoding utf-16le",
        ));
}

#[test]
fn sums_too_large_to_hold_exactly_are_errors_not_no_data() {
    let big = "79228162514264337593543950335";
    let text = format!("indicator,period,value,entity\nx,2022-01,{big},\nx,2022-02,{big},\n");
    let (_dir, mut cmd) = in_dir(FLOW_2022, text.as_bytes());
    cmd.arg("a.csv")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("is too large to hold exactly"));
    let text = format!("indicator,period,value,entity\nx,2022-01,{big},d1\nx,2022-01,{big},d2\n");
    let (_dir, mut cmd) = in_dir(FLOW_2022, text.as_bytes());
    cmd.arg("a.csv")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("too large to combine exactly"));
}

#[test]
fn csv_text_that_a_spreadsheet_would_run_is_defused() {
    let (_dir, mut cmd) = in_dir(
        FLOW_2022,
        b"indicator,value,source\nx,5,\"=HYPERLINK(\"\"http://x\"\")\"\n",
    );
    cmd.args(["-f", "csv", "-q", "a.csv"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains(",\"'=HYPERLINK("));
}

#[test]
fn a_flow_without_phasing_still_projects() {
    let campaign = format!("{FLOW_2022}phasing = \"none\"\n");
    let rows = report_csv(
        &campaign,
        "indicator,period,value\nx,2022-01..2022-06,500\n",
        &[],
    );
    // judged on the final target, but projected = 500 × 365 / 181
    assert_eq!(
        (rows[0]["basis"].as_str(), rows[0]["projected"].as_str()),
        ("final", "1008.287293")
    );
}

// ── Reports people read, and the helper subcommands ────────────────────────

#[test]
fn snapshot_markdown_vi() {
    insta::assert_snapshot!(stdout_of(attain().args([
        "-f",
        "markdown",
        "examples/bac-ninh-2022/illustrative.csv"
    ])));
}

#[test]
fn markdown_has_a_table_per_group_with_lights_and_notes() {
    let md = stdout_of(attain().args([
        "-f",
        "md",
        "--lang",
        "en",
        "examples/bac-ninh-2022/ytd-2022-11.csv",
    ]));
    assert!(md.starts_with("# Bắc Ninh"), "{md}");
    assert_eq!(
        md.matches("\n## ").count(),
        3,
        "one section per group: {md}"
    );
    assert!(
        md.contains("| 🟡 | Export-import turnover | million USD | ≥ 92.070 | 78.600 | 85,4 % |"),
        "{md}"
    );
    assert!(
        md.contains("| 84.250,36 | 93,3 % | 85.895,21 |"),
        "pace columns: {md}"
    );
    assert!(md.contains("### Notes\n\n- 3 of 7 rows skipped"), "{md}");
    // -o with the .md extension
    let dir = tempfile::tempdir().unwrap();
    attain()
        .arg("-o")
        .arg(dir.path().join("r.md"))
        .assert()
        .code(0);
    assert!(
        std::fs::read_to_string(dir.path().join("r.md"))
            .unwrap()
            .contains("| ⚪ |")
    );
}

#[test]
fn explain_shows_rows_formula_and_threshold() {
    attain()
        .args(["explain", "export_import", "budget_revenue", "-a", "examples/bac-ninh-2022/ytd-2022-11.csv", "--lang", "en"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("rows used   examples/bac-ninh-2022/ytd-2022-11.csv:5  export_import 2022-01..2022-11  78,6 tỷ USD (× 1.000 to million USD)"))
        .stdout(predicate::str::contains("— overlap (a later or longer figure"))
        .stdout(predicate::str::contains("attainment  A / T = 28.267 / 30.567 = 92,48 %"))
        .stdout(predicate::str::contains("pace        A / E = 28.267 / 27.970,90 = 101,06 %"))
        .stdout(predicate::str::contains("but 93,29 % is at or above the amber threshold 90,00 %"));
    attain()
        .args([
            "explain",
            "party_orgs_failing",
            "orgs_strong",
            "-a",
            "examples/bac-ninh-2022/illustrative.csv",
            "--lang",
            "en",
        ])
        .assert()
        .code(0)
        .stdout(predicate::str::contains(
            "none: a target of zero or less is judged by comparison alone",
        ))
        .stdout(predicate::str::contains(
            "skipped     examples/bac-ninh-2022/illustrative.csv:12",
        ))
        .stdout(predicate::str::contains("empty_value"));
    attain()
        .args(["explain", "export_imports"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("did you mean 'export_import'?"));
}

/// What `attain explain ID` prints for the campaign and actuals of `dir`
/// (made by [`in_dir`]).
fn explain_in(dir: &tempfile::TempDir, id: &str) -> String {
    stdout_of(
        attain()
            .current_dir(dir.path())
            .args(["explain", "-t", "c.toml", id, "-a", "a.csv"]),
    )
}

#[test]
fn explain_a_formula_lists_its_components_rows() {
    let (dir, _) = in_dir(
        PARTY,
        b"indicator,period,value,entity\norgs_good_n,2022,90,d1\norgs_n,2022,100,d1\n",
    );
    let text = explain_in(&dir, "orgs_good");
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
    let (dir, _) = in_dir(&campaign, actuals.as_bytes());
    let text = explain_in(&dir, "orgs_good");
    assert!(
        text.contains("a.csv:200002  orgs_good_n 2022  90")
            && text.contains("a.csv:200003  orgs_n 2022  100"),
        "{text}"
    );
    assert!(!text.contains("members 2022"), "{text}");
    // The explained target's own rows, when it is one of many.
    let text = explain_in(&dir, "members");
    assert!(text.contains("a.csv:2  members 2022-01  0"), "{text}");
    assert!(!text.contains("orgs_n 2022"), "{text}");
}

#[test]
fn template_gives_next_period_per_indicator_and_entity() {
    let out = stdout_of(attain().args(["template", "examples/bac-ninh-2022/ytd-2022-11.csv"]));
    let rows = csv_rows(&out);
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
    let retail = csv_rows(&stdout_of(attain().args([
        "template",
        "-t",
        "examples/retail-2024/targets.toml",
    ])));
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
    attain()
        .args(["template", "-o"])
        .arg(dir.path().join("t.xlsx"))
        .assert()
        .code(0);
    assert!(
        std::fs::read(dir.path().join("t.xlsx"))
            .unwrap()
            .starts_with(b"PK")
    );
}

#[test]
fn init_writes_a_campaign_check_accepts_and_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    attain()
        .current_dir(dir.path())
        .arg("init")
        .assert()
        .code(0);
    let written = std::fs::read_to_string(dir.path().join("targets.toml")).unwrap();
    assert!(written.contains("formula = ") && written.contains("revised = "));
    attain()
        .current_dir(dir.path())
        .arg("check")
        .assert()
        .code(0)
        .stdout(predicate::str::contains("5 targets"));
    attain()
        .current_dir(dir.path())
        .arg("init")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("already exists"));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("targets.toml")).unwrap(),
        written
    );
}

#[test]
fn a_subcommand_after_the_options_is_named_not_read_as_a_file() {
    attain()
        .args(["-t", "targets.toml", "check"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "'check' is a subcommand: write it first",
        ));
}

#[test]
fn completions_and_man_page_come_from_the_cli() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        attain()
            .args(["completions", shell])
            .assert()
            .code(0)
            .stdout(predicate::str::contains("attain"));
    }
    attain()
        .args(["completions", "bash"])
        .assert()
        .stdout(predicate::str::contains("--fail-on"));
    attain()
        .arg("man")
        .assert()
        .code(0)
        .stdout(predicate::str::contains(".TH attain"))
        .stdout(predicate::str::contains("fail\\-on"));
}

/// The table as a terminal `cols` columns wide shows it: attain run under
/// `script`, whose pseudo-terminal `stty` sets to that width, with the
/// colours' escape sequences taken out. None where `script` cannot run (it
/// is part of every Debian system; in CI that fails the test).
fn table_in_terminal(cols: u16, args: &str) -> Option<String> {
    let command = format!(
        "stty cols {cols} rows 300; exec {} {args}",
        env!("CARGO_BIN_EXE_attain")
    );
    let out = std::process::Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .current_dir(root())
        .env_remove("ATTAIN_TARGETS")
        .env_remove("NO_COLOR")
        .env("TERM", "xterm-256color")
        .output();
    let out = match out {
        Ok(out) if out.status.success() => out,
        other => {
            assert!(
                std::env::var("CI").as_deref() != Ok("true"),
                "`script` could not run attain in a terminal: {other:?}"
            );
            eprintln!("skipped: `script` could not run attain in a terminal: {other:?}");
            return None;
        }
    };
    let text = String::from_utf8(out.stdout).unwrap().replace("\r\n", "\n");
    let mut plain = String::new();
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            // CSI: ESC [ parameters, then a final letter.
            for c in chars.by_ref() {
                if c.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            plain.push(c);
        }
    }
    Some(plain)
}

#[test]
fn a_narrow_terminal_drops_the_bar_and_never_breaks_a_number() {
    let args = "examples/bac-ninh-2022/illustrative.csv";
    let Some(wide) = table_in_terminal(200, args) else {
        return;
    };
    assert!(wide.contains("│██") || wide.contains("┆██"), "{wide}");
    for cols in [60, 80, 100] {
        let Some(narrow) = table_in_terminal(cols, args) else {
            return;
        };
        assert!(!narrow.contains('█'), "a bar at {cols} columns:\n{narrow}");
        // Every figure whole on one line.
        for figure in [
            "92.070",
            "91.700",
            "30.567",
            "30.372",
            "7,39",
            "123,2 %",
            "≥ 92.070",
        ] {
            assert!(
                narrow.contains(figure),
                "{figure} broken at {cols} columns:\n{narrow}"
            );
        }
    }
}

/// The visible text of an HTML page: tags, the style block and entities
/// dropped, runs of white space folded.
fn html_text(html: &str) -> String {
    let body = html.split("</style>").last().unwrap_or(html);
    let mut out = String::new();
    let mut in_tag = false;
    for c in body.chars() {
        match c {
            '<' => {
                in_tag = true;
                out.push(' ');
            }
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    let out = out
        .replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'");
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn snapshot_html_text() {
    let html = stdout_of(attain().args(["-f", "html", "examples/bac-ninh-2022/illustrative.csv"]));
    assert!(
        html.starts_with("<!DOCTYPE html>") || html.starts_with("<!doctype html>"),
        "{}",
        &html[..40]
    );
    assert_eq!(
        html.matches("class=\"bullet\"").count(),
        11,
        "one chart per target"
    );
    assert!(!html.contains("<script") && !html.contains("src=") && !html.contains("url("));
    insta::assert_snapshot!(html_text(&html));
}

// ── Beyond one machine: an engine's grouped rows on stdin (README) ─────────

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
    let from_stdin = attain()
        .arg("report")
        .args(args)
        .arg("-")
        .write_stdin(input)
        .output()
        .unwrap();
    assert!(
        from_stdin.status.success(),
        "{}",
        String::from_utf8_lossy(&from_stdin.stderr)
    );
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("grouped.csv");
    std::fs::write(&file, input).unwrap();
    let from_file = attain()
        .arg("report")
        .args(args)
        .arg(&file)
        .output()
        .unwrap();
    assert!(
        from_file.status.success(),
        "{}",
        String::from_utf8_lossy(&from_file.stderr)
    );
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
    attain()
        .args(["report", "-q", "-"])
        .write_stdin(duckdb_csv())
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains(
            "<stdin>:2:4: '1030.900000' is ambiguous under locale vi",
        ))
        .stderr(predicate::str::contains("use --locale en"));
}

#[test]
fn spark_sql_output_is_read_with_delimiter_tab_and_matches_the_csv() {
    // Without --delimiter the tab-separated header is one column.
    attain()
        .args(["report", "--locale", "en", "-q", "-"])
        .write_stdin(spark_sql_tsv())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("pass --delimiter"));
    // Without hive.cli.print.header=true spark-sql prints no header, and the
    // first grouped row cannot stand in for one.
    let headerless = spark_sql_tsv().split_once('\n').unwrap().1.to_string();
    attain()
        .args(["report", "--locale", "en", "--delimiter", "tab", "-q", "-"])
        .write_stdin(headerless)
        .assert()
        .code(2)
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

// ── Issue 11: safe by construction (tests/safety/) ───────────────────────────
#[path = "safety/campaign.rs"]
mod safety_campaign;
#[path = "safety/inject.rs"]
mod safety_inject;
#[path = "safety/inputs.rs"]
mod safety_inputs;
#[path = "safety/output.rs"]
mod safety_output;
