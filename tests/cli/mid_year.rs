//! Mid-year (reference §6.3): pace against the target to date, profiles, fiscal
//! and leap years, revisions in force from their date, change on last year.

use super::*;

#[test]
fn worked_example_budget_revenue_as_of_30_november() {
    // reference §11, last row: 28,267 of 30,567 by 30 November (f = 334/365).
    let rows = Run::new()
        .args(["-f", "csv", "-q", "examples/bac-ninh-2022/ytd-2022-11.csv"])
        .csv_rows();
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
    let out = Run::new()
        .args(["-f", "csv", "examples/bac-ninh-2022/ytd-2022-11.csv"])
        .output();
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
        stderr.contains("bỏ qua 3/7 dòng (3 trùng kỳ với số liệu khác (overlap))"),
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
    let table = Run::new()
        .args([
            "--lang",
            "en",
            "--color",
            "never",
            "examples/bac-ninh-2022/ytd-2022-11.csv",
        ])
        .stdout();
    assert!(
        table.contains("at risk") && table.contains("ahead") && table.contains("Expected to date"),
        "{table}"
    );
}

#[test]
fn a_profile_that_puts_forty_percent_of_the_year_in_december() {
    let campaign = format!("{FLOW_2022}profile = [5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 10, 40]\n");
    // By 30 November 60 % of the year's weight has passed: expected 600.
    let rows = Run::new()
        .campaign(&campaign)
        .args(["-f", "csv", "-q"])
        .actuals("indicator,period,value\nx,2022-01..2022-11,610\n")
        .csv_rows();
    assert_eq!(rows[0]["expected"], "600");
    assert_eq!(rows[0]["pace_pct"], "101.67");
    assert_eq!(rows[0]["status"], "exceeded");
    // projected = 610 / 0.6 = 1016.67: the seasonal projection, not 610 × 365/334
    assert_eq!(rows[0]["projected"], "1016.666667");
    // On 16 December, 16 of December's 31 days count: f = (60 + 40 × 16/31) / 100.
    let rows = Run::new()
        .campaign(&campaign)
        .args(["-f", "csv", "-q", "--as-of", "2022-12-16"])
        .actuals("indicator,period,value\nx,2022-01..2022-11,610\n")
        .csv_rows();
    // 1000 × (60 × 31 + 40 × 16) / (100 × 31) = 806.451613
    assert_eq!(rows[0]["expected"], "806.451613");
    assert_eq!(rows[0]["status"], "not_met"); // 610 / 806.45 = 75.6 %
    // The same figure under linear phasing is judged against 1000 × 334/365.
    let linear = Run::new()
        .campaign(FLOW_2022)
        .args(["-f", "csv", "-q"])
        .actuals("indicator,period,value\nx,2022-01..2022-11,610\n")
        .csv_rows();
    assert_eq!(linear[0]["expected"], "915.068493");
}

#[test]
fn leap_years_count_their_366_days() {
    let campaign = "[campaign]\nperiod = \"2024\"\n[[target]]\nid = \"x\"\nat_least = 366\naggregate = \"sum\"\n";
    // 31 + 29 = 60 days by 29 February 2024
    let rows = Run::new()
        .campaign(campaign)
        .args(["-f", "csv", "-q"])
        .actuals("indicator,period,value\nx,2024-01,31\nx,2024-02,29\n")
        .csv_rows();
    assert_eq!(rows[0]["expected"], "60");
    assert_eq!(rows[0]["pace_pct"], "100.00");
    assert_eq!(rows[0]["status"], "met");
}

#[test]
fn a_fiscal_year_from_july_and_a_six_month_campaign() {
    let fiscal = "[campaign]\nstart = 2022-07-01\nend = 2023-06-30\n[[target]]\nid = \"x\"\nat_least = 365\naggregate = \"sum\"\n";
    // 184 days from 1 July to 31 December
    let rows = Run::new()
        .campaign(fiscal)
        .args(["-f", "csv", "-q"])
        .actuals("indicator,period,value\nx,2022-07..2022-12,184\nx,2022-06,999\n")
        .csv_rows();
    assert_eq!(rows[0]["actual"], "184");
    assert_eq!(rows[0]["expected"], "184");
    assert_eq!(rows[0]["status"], "met");
    let half = "[campaign]\nstart = 2022-01-01\nend = 2022-06-30\n[[target]]\nid = \"x\"\nat_least = 181\naggregate = \"sum\"\n";
    let rows = Run::new()
        .campaign(half)
        .args(["-f", "csv", "-q"])
        .actuals("indicator,period,value\nx,2022-Q1,90\n")
        .csv_rows();
    assert_eq!(rows[0]["expected"], "90"); // 181 × 90/181
    assert_eq!(rows[0]["basis"], "pace");
    let rows = Run::new()
        .campaign(half)
        .args(["-f", "csv", "-q"])
        .actuals("indicator,period,value\nx,2022-H1,170\n")
        .csv_rows();
    assert_eq!(
        (rows[0]["basis"].as_str(), rows[0]["status"].as_str()),
        ("final", "near")
    );
}

#[test]
fn a_flow_without_phasing_still_projects() {
    let campaign = format!("{FLOW_2022}phasing = \"none\"\n");
    let rows = Run::new()
        .campaign(&campaign)
        .args(["-f", "csv", "-q"])
        .actuals("indicator,period,value\nx,2022-01..2022-06,500\n")
        .csv_rows();
    // judged on the final target, but projected = 500 × 365 / 181
    assert_eq!(
        (rows[0]["basis"].as_str(), rows[0]["projected"].as_str()),
        ("final", "1008.287293")
    );
}

#[test]
fn early_figures_are_compared_with_the_target_to_date_for_the_scale_warning() {
    // 550 by 2 January is on pace for 100,000 a year; not "100 times off".
    let campaign = "[campaign]\nperiod = \"2022\"\n[[target]]\nid = \"rev\"\nat_least = 100000\naggregate = \"sum\"\n";
    Run::new()
        .campaign(campaign)
        .args(["--strict", "-f", "csv"])
        .actuals("indicator,period,value\nrev,2022-01-01,300\nrev,2022-01-02,250\n")
        .succeeds()
        .stderr(predicate::str::contains("100 times").not());
}

const GRDP_REVISED: &str = "[campaign]\nperiod = \"2022\"\n[[target]]\nid = \"grdp_growth\"\nunit = \"%\"\nbetween = [5, 6]\naggregate = \"last\"\nrevised = [{ from = 2022-07-09, between = [8, 10], source = \"NQ HĐND tỉnh, 09/07/2022\" }]\n";

#[test]
fn a_revision_is_used_from_its_date_on() {
    // As of June (before the revision): the original 5–6.
    let rows = Run::new()
        .campaign(GRDP_REVISED)
        .args(["-f", "csv", "-q"])
        .actuals("indicator,period,value\ngrdp_growth,2022-H1,14.7\n")
        .csv_rows();
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
    let rows = Run::new()
        .campaign(GRDP_REVISED)
        .args(["-f", "csv", "-q"])
        .actuals("indicator,period,value\ngrdp_growth,2022,7.39\n")
        .csv_rows();
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
    let actuals = "indicator,period,value\ngrdp_growth,2022,7.39\n";
    let table = Run::new()
        .campaign(GRDP_REVISED)
        .args(["--color", "never"])
        .actuals(actuals)
        .stdout();
    assert!(table.contains("8–10 *"), "{table}");
    assert!(
        table.contains("* grdp_growth: revised on 2022-07-09 from 5–6 (NQ HĐND tỉnh, 09/07/2022)"),
        "{table}"
    );
    let json = Run::new()
        .campaign(GRDP_REVISED)
        .args(["-f", "json"])
        .actuals(actuals)
        .json();
    assert_eq!(json["targets"][0]["original_target"], "5–6");
}

#[test]
fn change_on_last_year_for_a_monthly_series() {
    let campaign = "[campaign]\nperiod = \"2022\"\n[[target]]\nid = \"x\"\nat_least = 1000\naggregate = \"sum\"\n";
    // Jan–Mar 2022 against Jan–Mar 2021; the April 2021 row is not comparable.
    let actuals = "indicator,period,value\nx,2021-01,80\nx,2021-02,80\nx,2021-03,90\nx,2021-04,99\nx,2022-01,100\nx,2022-02,100\nx,2022-03,100\n";
    let rows = Run::new()
        .campaign(campaign)
        .args(["-f", "csv", "-q"])
        .actuals(actuals)
        .csv_rows();
    // 300 against 250: +20 %
    assert_eq!(rows[0]["previous"], "250");
    assert_eq!(rows[0]["change_pct"], "20.00");
    let json = Run::new()
        .campaign(campaign)
        .args(["-f", "json"])
        .actuals(actuals)
        .json();
    assert_eq!(json["rows"]["comparison"], 3);
    assert_eq!(json["rows"]["used"], 3);
    assert_eq!(json["rows"]["skipped"]["outside_campaign"], 1);
}

#[test]
fn change_on_last_year_for_a_year_to_date_series() {
    let campaign = "[campaign]\nperiod = \"2022\"\n[[target]]\nid = \"x\"\nat_least = 30567\naggregate = \"sum\"\n";
    // "28.267 tỷ đồng … giảm 8,4% so với cùng kỳ": Jan–Nov 2021 was 30,859
    let actuals = "indicator,period,value\nx,2021,33000\nx,2021-01..2021-11,30859\nx,2022-01..2022-11,28267\n";
    let rows = Run::new()
        .campaign(campaign)
        .args(["-f", "csv", "-q"])
        .actuals(actuals)
        .csv_rows();
    assert_eq!(rows[0]["previous"], "30859");
    assert_eq!(rows[0]["change_pct"], "-8.40");
    // No figure for the same span a year earlier: no change, never a guess.
    let rows = Run::new()
        .campaign(campaign)
        .args(["-f", "csv", "-q"])
        .actuals("indicator,period,value\nx,2021,33000\nx,2022-01..2022-11,28267\n")
        .csv_rows();
    assert_eq!(
        (rows[0]["previous"].as_str(), rows[0]["change_pct"].as_str()),
        ("", "")
    );
}

#[test]
fn a_milestone_replaces_phasing_before_the_end() {
    // Quảng Ninh's 2023 resolution: GRDP growth of at least 10 % for the
    // year, with a growth scenario of 8,8 % for the first half. The first
    // half came in at 9,46 %: 9,46 / 8,8 = 107,5 % of the scenario, ahead.
    let campaign = "[campaign]\nperiod = \"2023\"\nlocale = \"vi\"\n\
        [[target]]\nid = \"grdp\"\nunit = \"%\"\nat_least = 10\naggregate = \"last\"\n\
        milestones = [{ by = 2023-06-30, at_least = 8.8 }, { by = 2023-09-30, at_least = 9.3 }]\n";
    let rows = Run::new()
        .campaign(campaign)
        .args(["-f", "csv", "-q"])
        .actuals("indicator,period,value\ngrdp,2023-01..2023-06,\"9,46\"\n")
        .csv_rows();
    let r = &rows[0];
    assert_eq!(
        (r["expected"].as_str(), r["pace_pct"].as_str()),
        ("8.8", "107.50"),
        "{r:?}"
    );
    assert_eq!(
        (r["basis"].as_str(), r["status"].as_str()),
        ("pace", "exceeded")
    );
    // The gap of a growth rate is to the milestone due: +0,66 pp.
    assert_eq!(r["gap"], "0.66");
    let table = Run::new()
        .campaign(campaign)
        .args(["--lang", "en"])
        .actuals("indicator,period,value\ngrdp,2023-01..2023-06,\"9,46\"\n")
        .stdout();
    assert!(table.contains("ahead"), "{table}");
    let explained = Run::explain()
        .campaign(campaign)
        .file(
            "h1.csv",
            "indicator,period,value\ngrdp,2023-01..2023-06,\"9,46\"\n",
        )
        .args(["grdp", "-a", "h1.csv"])
        .stdout();
    assert!(
        explained.contains("E = ≥ 8,8 to date (the milestone due by 2023-06-30)"),
        "{explained}"
    );
    // Before the first milestone is due, the target is judged on T.
    let early = Run::new()
        .campaign(campaign)
        .args(["-f", "csv", "-q"])
        .actuals("indicator,period,value\ngrdp,2023-01..2023-03,\"9,46\"\n")
        .csv_rows();
    assert_eq!(
        (early[0]["basis"].as_str(), early[0]["expected"].as_str()),
        ("final", "")
    );
}

#[test]
fn a_flow_runs_through_its_milestones_to_the_target() {
    // 1,200 for the year with 400 due by 30 June: at 30 September, 92 of
    // the 184 days from 30 June to 31 December, expected 400 + 800 × 92/184.
    let campaign = "[campaign]\nperiod = \"2022\"\n\
        [[target]]\nid = \"rev\"\nunit = \"VND\"\nat_least = 1200\naggregate = \"sum\"\n\
        milestones = [{ by = 2022-06-30, at_least = 400 }]\n";
    let rows = Run::new()
        .campaign(campaign)
        .args(["-f", "csv", "-q"])
        .actuals("indicator,period,value\nrev,2022-01..2022-09,700\n")
        .csv_rows();
    assert_eq!(
        (
            rows[0]["expected"].as_str(),
            rows[0]["pace_pct"].as_str(),
            rows[0]["status"].as_str()
        ),
        ("800", "87.50", "not_met"),
        "{rows:?}"
    );
}
