//! The ledger (reference §9): every row read is used or counted as skipped with
//! its reason, and the report says so.

use super::*;

#[test]
fn every_row_is_used_or_counted_as_skipped_with_its_reason() {
    let out = Run::new()
        .fixture_campaign("flows.toml")
        .args(["-f", "json"])
        .fixture("skips.csv")
        .fixture("mixed.csv")
        .ok();
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
    Run::new()
        .fixture_campaign("flows.toml").args(["-f", "csv"]).fixture("skips.csv")
        .succeeds()
        .stderr(predicate::str::contains(
            "attain: note: 3 of 5 rows skipped (1 unknown_indicator (unknown_thing), 1 empty_value, 1 outside_campaign)",
        ));
}

#[test]
fn the_skipped_rows_note_names_the_id_an_unknown_one_likely_means() {
    // The line a cron mail shows says what `check` would: BUDGET_REVENUE
    // and budget-revenue are budget_revenue; zzz is nothing like an id.
    let csv = "indicator,period,value\n\
        BUDGET_REVENUE,2022,30.000\nbudget-revenue,2022,1\nzzz,2022,1\n";
    Run::report()
        .args(["--lang", "en", "-f", "csv", "-"])
        .stdin(csv)
        .succeeds()
        .stderr(predicate::str::contains(
            "3 unknown_indicator (BUDGET_REVENUE — did you mean budget_revenue?, \
             budget-revenue — did you mean budget_revenue?, zzz)",
        ));
    Run::report()
        .args(["-f", "csv", "-"])
        .stdin(csv)
        .succeeds()
        .stderr(predicate::str::contains(
            "BUDGET_REVENUE — có phải ý bạn là budget_revenue?",
        ));
}

#[test]
fn strict_makes_a_skipped_row_an_error() {
    Run::new()
        .fixture_campaign("flows.toml")
        .arg("--strict")
        .fixture("skips.csv")
        .fails_with(2)
        .stderr(predicate::str::contains(
            "skips.csv:3:1: row skipped as unknown_indicator",
        ))
        .stdout(predicate::str::is_empty());
    Run::new()
        .fixture_campaign("flows.toml")
        .arg("--strict")
        .fixture("monthly.csv")
        .succeeds();
}

#[test]
fn rows_after_an_explicit_as_of_are_skipped() {
    let json = Run::new()
        .fixture_campaign("flows.toml")
        .args(["-f", "json", "--as-of", "2022-06"])
        .fixture("monthly.csv")
        .json();
    assert_eq!(json["as_of"], "2022-06-30");
    assert_eq!(json["rows"]["skipped"]["after_as_of"], 6);
    let revenue = &json["targets"][0];
    assert_eq!(revenue["actual"], serde_json::json!(600));
    // 1200 × 181/365 = 595.068493: 600 is ahead of pace
    assert_eq!(revenue["basis"], "pace");
    assert_eq!(revenue["status"], "exceeded");
}
