//! Issue 11, campaign and check side: inputs that must not crash, and
//! nothing that silently vanishes from `check` or `--by entity`.

use super::*;

/// `attain SUB -t c.toml` in a folder holding the campaign `c.toml` and the
/// actuals `a.csv`.
fn run_in(sub: &'static str, campaign: &str, actuals: &[u8]) -> Run {
    Run::subcommand(sub)
        .campaign(campaign)
        .file("a.csv", actuals)
}

/// A campaign whose one target is a formula of `terms` copies of a series.
fn long_formula_campaign(terms: usize) -> String {
    let formula = vec!["rev"; terms].join(" + ");
    format!(
        "[campaign]\nname = \"x\"\nperiod = \"2022\"\n\n[[series]]\nid = \"rev\"\naggregate = \"sum\"\n\n[[target]]\nid = \"total\"\nformula = \"{formula}\"\nat_least = 1\n"
    )
}

#[test]
fn a_formula_of_fifty_thousand_terms_is_computed_not_a_stack_overflow() {
    let campaign = long_formula_campaign(50_000);
    for sub in ["report", "check"] {
        let cmd = run_in(sub, &campaign, b"indicator,period,value\nrev,2022,2\n");
        let out = cmd.args(["a.csv", "-q"]).output();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{sub}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let cmd = run_in("report", &campaign, b"indicator,period,value\nrev,2022,2\n");
    let rows = cmd.args(["a.csv", "-f", "csv", "-q"]).csv_rows();
    assert_eq!(row(&rows, "total")["actual"], "100000");
}

#[test]
fn check_says_how_many_skipped_rows_it_did_not_list() {
    let mut actuals = String::from("indicator,period,value\n");
    for _ in 0..10_050 {
        actuals.push_str("nope,2022,1\n");
    }
    let cmd = run_in(
        "check",
        "[campaign]\nperiod = \"2022\"\n[[target]]\nid = \"x\"\nat_least = 1\n",
        actuals.as_bytes(),
    );
    let out = cmd.arg("a.csv").output();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("… and 50 more skipped rows, not listed one by one (at most 10000 are)"),
        "{}",
        &text[text.len().saturating_sub(600)..]
    );
    assert_eq!(text.matches("unknown_indicator").count(), 10_000);

    let cmd = run_in(
        "check",
        "[campaign]\nperiod = \"2022\"\n[[target]]\nid = \"x\"\nat_least = 1\n",
        actuals.as_bytes(),
    );
    let out = cmd.args(["-f", "json", "a.csv"]).output();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["rows"]["not_listed"], 50);
    assert_eq!(json["rows"]["listed"].as_array().unwrap().len(), 10_000);
    assert_eq!(json["rows"]["skipped"]["unknown_indicator"], 10_050);
}

const REGIONS: &str = "[campaign]\nperiod = \"2022\"\n\n[[target]]\nid = \"stores\"\nunit = \"stores\"\nat_least = 60\naggregate = \"sum\"\n\n[target.entities]\nnorth = 22\nsouth = 20\ncentral = 18\n";

#[test]
fn an_entity_with_its_own_target_and_no_rows_shows_as_no_data() {
    let actuals = b"indicator,period,value,entity\nstores,2022,22,north\nstores,2022,19,south\n";
    let cmd = run_in("report", REGIONS, actuals);
    let rows = cmd
        .args(["a.csv", "--by", "entity", "-f", "csv", "-q"])
        .csv_rows();
    let entities: Vec<(&str, &str)> = rows
        .iter()
        .map(|r| (r["entity"].as_str(), r["status"].as_str()))
        .collect();
    assert_eq!(
        entities,
        [
            ("", "not_met"),
            ("north", "met"),
            ("south", "near"),
            ("central", "no_data")
        ]
    );
    assert_eq!(rows[3]["target"], "18");
    assert_eq!(rows[3]["actual"], "");

    let cmd = run_in("check", REGIONS, actuals);
    cmd.arg("a.csv")
        .assert()
        .code(0)
        .stdout(predicate::str::contains(
            "target 'stores': entity 'central' has a target of its own in [target.entities] but no usable rows",
        ));
}

#[test]
fn campaign_errors_name_the_target_beside_the_line() {
    let cmd = run_in(
        "report",
        "[campaign]\nperiod = \"2022\"\n[[target]]\nid = \"growth\"\nbetween = [6, 5]\n[[target]]\nid = \"poverty\"\nat_most = nan\n",
        b"indicator,value\ngrowth,1\n",
    );
    cmd.arg("a.csv")
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "c.toml:5:11: target 'growth': between = [6, 5] has its low end above its high end",
        ))
        .stderr(predicate::str::contains(
            "c.toml:8:11: target 'poverty': 'at_most' = nan: not a finite number",
        ));
}
