//! Combining rows into a target's actual (reference §5.2, §5.3): units,
//! aggregates over time, entities, ties, exact sums, and derived indicators
//! (formulas over series).

use super::*;

#[test]
fn units_convert_to_the_targets_unit() {
    let rows = Run::report()
        .fixture_campaign("flows.toml")
        .args(["-f", "csv", "-q"])
        .fixture("units.csv")
        .csv_rows();
    // 0.5 billion USD = 500 million, + 300 triệu USD + 250 million USD
    assert_eq!(row(&rows, "exports")["actual"], "1050");
    assert_eq!(row(&rows, "exports")["rows_used"], "3");
    // 1.2 nghìn tỷ đồng = 1,200 tỷ đồng (billion VND)
    assert_eq!(row(&rows, "revenue")["actual"], "1200");
}

#[test]
fn mixing_currencies_is_an_error_naming_both_units() {
    Run::new()
        .fixture_campaign("flows.toml")
        .actuals("indicator,period,value,unit\nrevenue,2022-01,5,million USD\n")
        .fails_with(2)
        .stderr(predicate::str::contains("a.csv:2:4: unit 'million USD' cannot be used for 'revenue' (its unit is 'billion VND')"))
        .stderr(predicate::str::contains("no exchange rates are guessed"));
}

#[test]
fn a_monthly_series_sums_all_its_months() {
    let rows = Run::report()
        .fixture_campaign("flows.toml")
        .args(["-f", "csv", "-q"])
        .fixture("monthly.csv")
        .csv_rows();
    let r = row(&rows, "revenue");
    assert_eq!(r["actual"], "1200");
    assert_eq!(r["rows_used"], "12");
    assert_eq!(r["status"], "met");
    assert_eq!(r["basis"], "final");
}

#[test]
fn a_year_to_date_series_uses_its_latest_figure() {
    let rows = Run::report()
        .fixture_campaign("flows.toml")
        .args(["-f", "csv", "-q"])
        .fixture("ytd.csv")
        .csv_rows();
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
    let rows = Run::report()
        .fixture_campaign("flows.toml")
        .args(["-f", "csv", "-q"])
        .fixture("mixed.csv")
        .csv_rows();
    // Nov + Oct + (Jan..Sep = 800); the six months inside Jan..Sep are dropped.
    let r = row(&rows, "revenue");
    assert_eq!(r["actual"], "1000");
    assert_eq!(r["rows_used"], "3");
}

#[test]
fn entities_combine_per_entity_first_then_across() {
    let rows = Run::report()
        .fixture_campaign("flows.toml")
        .args(["-f", "csv", "-q"])
        .fixture("entities.csv")
        .csv_rows();
    // last per district (d1: 50 from December, d2: 60), summed across: 110
    assert_eq!(row(&rows, "households")["actual"], "110");
    // mean per district (d1: (70+90)/2 = 80, d2: 60), mean across: 70 —
    // not the mean of the three rows (73.33)
    assert_eq!(row(&rows, "score")["actual"], "70");
    assert_eq!(row(&rows, "score")["rows_used"], "3");
}

#[test]
fn a_level_with_only_entity_rows_needs_across() {
    Run::new()
        .fixture_campaign("flows.toml")
        .fixture("rate_by_entity.csv")
        .fails_with(2)
        .stderr(predicate::str::contains(
            "flows.toml:19:1: target 'rate' has rows per entity (d1, d2)",
        ))
        .stderr(predicate::str::contains("set across = \"sum\""));
}

#[test]
fn entities_differing_only_in_case_are_named() {
    let campaign = "[campaign]\nperiod = \"2022\"\n[[target]]\nid = \"rev\"\nat_least = 1\naggregate = \"sum\"\n";
    Run::new()
        .campaign(campaign)
        .args(["-f", "csv"])
        .actuals("indicator,period,value,entity\nrev,2022-01..2022-06,100,Từ Sơn\nrev,2022-01..2022-03,50,từ sơn\n")
        .succeeds()
        .stderr(predicate::str::contains(
            "entities 'Từ Sơn' and 'từ sơn' that differ only in case",
        ));
}

#[test]
fn several_rows_without_an_aggregate_is_an_error_asking_for_one() {
    Run::new()
        .fixture_campaign("flows.toml")
        .fixture("no_aggregate.csv")
        .fails_with(2)
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
    let out = Run::new()
        .fixture_campaign("flows.toml")
        .args(["-f", "csv"])
        .fixture("tie.csv")
        .ok();
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

#[test]
fn a_tie_of_three_rows_names_the_value_used() {
    let campaign = "[campaign]\nperiod = \"2022\"\n[[target]]\nid = \"lv\"\nat_least = 50\naggregate = \"last\"\n";
    Run::new()
        .campaign(campaign)
        .args(["-f", "csv"])
        .actuals("indicator,period,value\nlv,2022-06,60\nlv,2022-06,40\nlv,2022-06,70\n")
        .succeeds()
        .stdout(predicate::str::contains("lv,lv,,,at_least,50,,,,,70,"))
        .stderr(predicate::str::contains(
            "40 at a.csv:3 and 70 at a.csv:4; the later row (70) is used",
        ));
}

#[test]
fn sums_too_large_to_hold_exactly_are_errors_not_no_data() {
    let big = "79228162514264337593543950335";
    let text = format!("indicator,period,value,entity\nx,2022-01,{big},\nx,2022-02,{big},\n");
    Run::new()
        .campaign(FLOW_2022)
        .actuals(text)
        .fails_with(2)
        .stderr(predicate::str::contains("is too large to hold exactly"));
    let text = format!("indicator,period,value,entity\nx,2022-01,{big},d1\nx,2022-01,{big},d2\n");
    Run::new()
        .campaign(FLOW_2022)
        .actuals(text)
        .fails_with(2)
        .stderr(predicate::str::contains("too large to combine exactly"));
}

#[test]
fn a_derived_ratio_is_a_ratio_of_sums_never_a_mean_of_ratios() {
    // d1: 90 of 100 organisations good (90 %); d2: 1 of 10 (10 %).
    // Ratio of sums: 91 / 110 = 82.727 % (met); the mean of the two
    // ratios, 50 %, must not come out.
    let actuals = "indicator,period,value,entity\norgs_good_n,2022,90,d1\norgs_n,2022,100,d1\norgs_good_n,2022,1,d2\norgs_n,2022,10,d2\n";
    let rows = Run::new()
        .campaign(PARTY)
        .args(["-f", "csv", "-q"])
        .actuals(actuals)
        .csv_rows();
    let r = row(&rows, "orgs_good");
    // 91 / 110 does not end: machine formats round it to six places.
    assert_eq!(r["actual"], "82.727273");
    assert_eq!(r["attainment_pct"], "103.41"); // 82.7272… / 80
    assert_eq!(r["status"], "exceeded");
    assert_eq!(r["rows_used"], "4");
    // per entity, the formula is applied to that entity's components
    let by_entity = Run::new()
        .campaign(PARTY)
        .args(["-f", "csv", "-q", "--by", "entity"])
        .actuals(actuals)
        .csv_rows();
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
    let rows = Run::new()
        .campaign(PARTY)
        .args(["-f", "csv", "-q"])
        .actuals(actuals)
        .csv_rows();
    assert_eq!(
        (rows[0]["actual"].as_str(), rows[0]["status"].as_str()),
        ("", "no_data")
    );
    Run::check()
        .campaign(PARTY)
        .actuals(actuals)
        .succeeds()
        .stdout(predicate::str::contains(
            "target 'orgs_good': formula \"orgs_good_n / orgs_n * 100\" has no value: a division by zero; it shows as no_data",
        ));
    // A missing component says which one.
    Run::check()
        .campaign(PARTY)
        .file("b.csv", "indicator,period,value\norgs_good_n,2022,5\n")
        .arg("b.csv")
        .assert()
        .stdout(predicate::str::contains(
            "the component 'orgs_n' has no value",
        ));
}

#[test]
fn formula_errors_point_into_the_toml_string() {
    let bad = PARTY.replace("orgs_good_n / orgs_n * 100", "orgs_good_n / (orgs_n * 100");
    // line 21: `formula = "orgs_good_n / (orgs_n * 100"`; the text starts at
    // column 12 and the missing ')' belongs after its 27 characters: 39
    Run::new()
        .campaign(&bad)
        .actuals("indicator,value\norgs_n,1\n")
        .fails_with(2)
        .stderr(predicate::str::contains(
            "c.toml:21:39: target 'orgs_good': formula = \"orgs_good_n / (orgs_n * 100\": a '(' is not closed",
        ));
    let unknown = PARTY.replace("orgs_good_n / orgs_n", "orgs_good_n / org_n");
    Run::new()
        .campaign(&unknown)
        .actuals("indicator,value\norgs_n,1\n")
        .fails_with(2)
        .stderr(predicate::str::contains(
            "no target or [[series]] has the id 'org_n'; did you mean 'orgs_n'?",
        ));
}
