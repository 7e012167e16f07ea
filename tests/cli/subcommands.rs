//! The helper subcommands: `check`, `explain`, `template`, `init`,
//! `completions` and `man`.

use super::*;

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
