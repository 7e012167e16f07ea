//! Change targets (reference §2 `measure`): a plan that says "giảm 1–1,5 điểm
//! %", "tăng 9–10 %", "giảm 30 % số hộ nghèo" or "tăng thêm 81 trường" is
//! judged on M, the change from P (the same span a year earlier, else the
//! baseline), in every format, per entity and per step.

use super::*;

/// The National Assembly's 2023 plan, as a campaign: the poverty rate
/// "giảm khoảng 1–1,5 %" (percentage points), exports "tăng 9–10 %".
const VN_2023: &str = r#"[campaign]
name = "Việt Nam 2023"
period = "2023"
locale = "vi"
lang = "vi"

[[target]]
id = "poverty_rate"
name = { vi = "Tỷ lệ hộ nghèo (chuẩn đa chiều)", en = "Multidimensional poverty rate" }
unit = "%"
measure = "decrease"
between = [1, 1.5]
aggregate = "last"

[[target]]
id = "exports"
name = { vi = "Kim ngạch xuất khẩu", en = "Exports" }
unit = "billion USD"
measure = "growth"
between = [9, 10]
aggregate = "sum"
"#;

const VN_2023_ACTUALS: &str = "indicator,period,value\n\
poverty_rate,2022,\"4,03\"\n\
poverty_rate,2023,\"2,93\"\n\
exports,2022,\"100\"\n\
exports,2023,\"92,7\"\n";

#[test]
fn the_poverty_rate_falls_1_10_points_and_meets_its_1_to_1_5_target() {
    let rows = Run::new()
        .campaign(VN_2023)
        .args(["-f", "csv", "-q"])
        .actuals(VN_2023_ACTUALS)
        .csv_rows();
    let r = row(&rows, "poverty_rate");
    assert_eq!(r["actual"], "2.93");
    assert_eq!(r["previous"], "4.03");
    assert_eq!(r["measure"], "decrease");
    assert_eq!(r["measured"], "1.1");
    assert_eq!(r["attainment_pct"], "100.00");
    assert_eq!(r["gap"], "0");
    assert_eq!(
        (r["status"].as_str(), r["light"].as_str()),
        ("met", "green")
    );
    // The table writes the change as the plan does, with P beside it.
    let table = Run::new()
        .campaign(VN_2023)
        .args(["--color", "never", "-q"])
        .actuals(VN_2023_ACTUALS)
        .stdout();
    assert!(table.contains("giảm 1–1,5 điểm %"), "{table}");
    assert!(table.contains("giảm 1,10 điểm % (từ 4,03)"), "{table}");
    assert!(table.contains("Mức tăng/giảm"), "{table}");
}

#[test]
fn exports_planned_up_9_to_10_percent_that_fell_7_3_percent_attain_minus_81_11() {
    let rows = Run::new()
        .campaign(VN_2023)
        .args(["-f", "csv", "-q"])
        .actuals(VN_2023_ACTUALS)
        .csv_rows();
    let r = row(&rows, "exports");
    assert_eq!(r["measure"], "growth");
    assert_eq!(r["measured"], "-7.30");
    // Below the band: M / L = -7,3 / 9; no capping.
    assert_eq!(r["attainment_pct"], "-81.11");
    assert_eq!(r["gap"], "-16.30");
    assert_eq!(r["status"], "not_met");
    // A change is not projected: M is already the change over the span.
    assert_eq!(r["projected"], "");
    let table = Run::new()
        .campaign(VN_2023)
        .args(["--color", "never", "--lang", "en", "-q"])
        .actuals(VN_2023_ACTUALS)
        .stdout();
    assert!(table.contains("up 9–10 %"), "{table}");
    assert!(table.contains("-7,3 % (from 100)"), "{table}");
}

/// One target of a kind and measure, judged on `previous` then `actual`.
fn judged(measure: &str, kind: &str, unit: &str, previous: &str, actual: &str) -> CsvRow {
    let campaign = format!(
        "[campaign]\nperiod = \"2023\"\n[[target]]\nid = \"x\"\nunit = \"{unit}\"\n\
         measure = \"{measure}\"\n{kind}\naggregate = \"last\"\n"
    );
    let actuals = format!("indicator,period,value\nx,2022,{previous}\nx,2023,{actual}\n");
    let rows = Run::new()
        .campaign(&campaign)
        .args(["-f", "csv", "-q"])
        .actuals(actuals)
        .csv_rows();
    rows.into_iter().next().unwrap()
}

#[test]
fn a_fall_of_more_than_1_point_is_a_strict_floor_on_the_fall() {
    // "giảm trên 1 %": 1.10 points is more than 1.
    let r = judged(
        "decrease",
        "at_least = 1\nstrict = true",
        "%",
        "4.03",
        "2.93",
    );
    assert_eq!(
        (r["measured"].as_str(), r["status"].as_str()),
        ("1.1", "exceeded")
    );
    // Exactly one point is not "more than" one.
    let r = judged(
        "decrease",
        "at_least = 1\nstrict = true",
        "%",
        "4.03",
        "3.03",
    );
    assert_eq!(r["measured"], "1");
    assert_ne!(r["status"], "met");
    assert_ne!(r["status"], "exceeded");
}

#[test]
fn a_relative_decline_of_30_percent_in_poor_households() {
    // "giảm 30 % số hộ nghèo": 1,000 → 680 households is a 32 % decline.
    let r = judged("decline", "at_least = 30", "households", "1000", "680");
    assert_eq!(r["measured"], "32.00");
    assert_eq!(r["attainment_pct"], "106.67");
    assert_eq!(r["status"], "exceeded");
}

#[test]
fn an_increase_of_81_schools_in_a_count() {
    // "số trường đạt chuẩn tăng thêm 81 trường": 500 → 581.
    let r = judged("increase", "at_least = 81", "schools", "500", "581");
    assert_eq!(r["measured"], "81");
    assert_eq!(r["gap"], "0");
    assert_eq!(r["status"], "met");
    // A count that fell: M is negative, and so is the attainment.
    let r = judged("increase", "at_least = 81", "schools", "500", "490");
    assert_eq!(r["measured"], "-10");
    assert_eq!(r["attainment_pct"], "-12.35");
    assert_eq!(r["status"], "not_met");
}

#[test]
fn without_the_year_before_a_change_is_no_data_and_check_names_what_is_missing() {
    let actuals = "indicator,period,value\npoverty_rate,2023,\"2,93\"\n";
    let rows = Run::new()
        .campaign(VN_2023)
        .args(["-f", "csv", "-q"])
        .actuals(actuals)
        .csv_rows();
    let r = row(&rows, "poverty_rate");
    assert_eq!(r["actual"], "2.93");
    assert_eq!(
        (r["measured"].as_str(), r["status"].as_str()),
        ("", "no_data")
    );
    let out = Run::check()
        .campaign(VN_2023)
        .args(["--lang", "en"])
        .actuals(actuals)
        .output();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("'poverty_rate' measures a decrease")
            && text.contains("no figure for 2022 (the same span one year back)"),
        "{text}"
    );
    let json = Run::check()
        .campaign(VN_2023)
        .args(["-f", "json"])
        .actuals(actuals)
        .json();
    assert!(json.to_string().contains("no_previous"), "{json}");
}

#[test]
fn the_baseline_stands_in_for_the_year_before() {
    let campaign = VN_2023.replace(
        "measure = \"decrease\"",
        "measure = \"decrease\"\nbaseline = 4.03",
    );
    let rows = Run::new()
        .campaign(&campaign)
        .args(["-f", "csv", "-q"])
        .actuals("indicator,period,value\npoverty_rate,2023,\"2,93\"\n")
        .csv_rows();
    let r = row(&rows, "poverty_rate");
    assert_eq!(
        (r["measured"].as_str(), r["status"].as_str()),
        ("1.1", "met")
    );
    // The year before, when the actuals hold it, wins over the baseline.
    let campaign = VN_2023.replace(
        "measure = \"decrease\"",
        "measure = \"decrease\"\nbaseline = 9",
    );
    let rows = Run::new()
        .campaign(&campaign)
        .args(["-f", "csv", "-q"])
        .actuals(VN_2023_ACTUALS)
        .csv_rows();
    assert_eq!(row(&rows, "poverty_rate")["measured"], "1.1");
}

#[test]
fn each_district_is_compared_with_its_own_year_before() {
    let campaign = "[campaign]\nperiod = \"2023\"\n[[target]]\nid = \"poor\"\n\
        unit = \"households\"\nmeasure = \"decline\"\nat_least = 30\naggregate = \"sum\"\n";
    let actuals = "indicator,period,entity,value\n\
        poor,2022,d1,1000\npoor,2022,d2,500\n\
        poor,2023,d1,600\npoor,2023,d2,400\n";
    let rows = Run::new()
        .campaign(campaign)
        .args(["-f", "csv", "-q", "--by", "entity"])
        .actuals(actuals)
        .csv_rows();
    let of = |entity: &str| {
        rows.iter()
            .find(|r| r["entity"] == entity)
            .unwrap_or_else(|| panic!("no row for '{entity}'"))
    };
    // The province: 1,500 → 1,000 is a decline of 33.33 %.
    assert_eq!(of("")["measured"], "33.33");
    assert_eq!(of("")["status"], "exceeded");
    // d1: 1,000 → 600, 40 %; d2: 500 → 400, 20 %.
    assert_eq!(of("d1")["measured"], "40.00");
    assert_eq!(of("d2")["measured"], "20.00");
    // A district without a year before is named by check.
    let out = Run::check()
        .campaign(campaign)
        .actuals(format!("{actuals}poor,2023,d3,10\n"))
        .output();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("for entity d3"), "{text}");
}

#[test]
fn by_period_each_step_is_measured_against_the_same_months_a_year_before() {
    let campaign = "[campaign]\nperiod = \"2023\"\n[[target]]\nid = \"exports\"\n\
        unit = \"million USD\"\nmeasure = \"growth\"\nat_least = 10\naggregate = \"sum\"\n";
    let actuals = "indicator,period,value\n\
        exports,2022-01,100\nexports,2022-02,100\n\
        exports,2023-01,120\nexports,2023-02,100\n";
    let rows = Run::new()
        .campaign(campaign)
        .args(["-f", "csv", "-q", "--by", "period"])
        .actuals(actuals)
        .csv_rows();
    let r = &rows[0];
    // January: 120 on 100, +20 %; to February: 220 on 200, +10 %.
    assert_eq!(r["2023-01_measured"], "20.00");
    assert_eq!(r["2023-01_attainment_pct"], "200.00");
    assert_eq!(r["2023-02_measured"], "10.00");
    assert_eq!(r["measured"], "10.00");
    assert_eq!(r["status"], "met");
    let json = Run::new()
        .campaign(campaign)
        .args(["-f", "json", "-q", "--by", "period"])
        .actuals(actuals)
        .json();
    assert_eq!(json["targets"][0]["trend"][0]["measured"], 20.0);
}

#[test]
fn explain_shows_p_a_and_m() {
    // The campaign says lang = "vi": English is asked for, then the
    // campaign's own language.
    let out = Run::explain()
        .campaign(VN_2023)
        .args(["poverty_rate", "-a", "a.csv", "--lang", "en"])
        .file("a.csv", VN_2023_ACTUALS)
        .stdout();
    assert!(
        out.contains("down 1–1,5 pp (measure = \"decrease\")"),
        "{out}"
    );
    assert!(out.contains("previous    4,03 %"), "{out}");
    assert!(out.contains("M = P − A = 4,03 − 2,93 = 1,10 pp"), "{out}");
    let out = Run::explain()
        .campaign(VN_2023)
        .args(["poverty_rate", "-a", "a.csv"])
        .file("a.csv", VN_2023_ACTUALS)
        .stdout();
    assert!(
        out.contains("giảm 1–1,5 điểm % (measure = \"decrease\")"),
        "{out}"
    );
    assert!(
        out.contains("số so sánh  4,03 % (P = số cùng kỳ năm trước)"),
        "{out}"
    );
    assert!(
        out.contains("thay đổi    M = P − A = 4,03 − 2,93 = 1,10 điểm %"),
        "{out}"
    );
    let out = Run::explain()
        .campaign(VN_2023)
        .args(["exports", "-a", "a.csv"])
        .file("a.csv", VN_2023_ACTUALS)
        .stdout();
    assert!(out.contains("M / L = -7,3 / 9 = -81,11 %"), "{out}");
}

#[test]
fn every_human_format_shows_the_change() {
    for format in ["markdown", "html"] {
        let out = Run::new()
            .campaign(VN_2023)
            .args(["-f", format, "-q"])
            .actuals(VN_2023_ACTUALS)
            .stdout()
            // Markdown holds a value and its symbol together (U+00A0).
            .replace('\u{a0}', " ");
        assert!(
            out.contains("giảm 1,10 điểm % (từ 4,03)"),
            "{format}: {out}"
        );
        assert!(out.contains("tăng 9–10 %"), "{format}: {out}");
    }
    // The page's chart draws M against the band: a sentence says so.
    let html = Run::new()
        .campaign(VN_2023)
        .args(["-f", "html", "-q"])
        .actuals(VN_2023_ACTUALS)
        .stdout();
    assert!(html.contains("Mức tăng/giảm giảm 1,10 điểm %"), "{html}");
}

#[test]
fn a_change_is_not_phased_and_an_unknown_measure_is_named() {
    let with = |extra: &str| {
        format!(
            "[campaign]\nperiod = \"2023\"\n[[target]]\nid = \"x\"\nat_least = 10\n\
             aggregate = \"sum\"\n{extra}\n"
        )
    };
    for (extra, says) in [
        (
            "measure = \"growth\"\nphasing = \"linear\"",
            "c.toml:8:11: target 'x': measure = \"growth\" compares the actual with the same span a year earlier, which is not phased; remove `phasing`",
        ),
        (
            "measure = \"decline\"\nprofile = [1, 1, 1, 1]",
            "c.toml:8:11: target 'x': measure = \"decline\"",
        ),
        (
            "measure = \"grow\"",
            "c.toml:7:11: target 'x': measure = 'grow' is not valid; did you mean 'growth'?",
        ),
    ] {
        let out = Run::new()
            .campaign(&with(extra))
            .actuals("indicator,period,value\nx,2023,1\n")
            .fails_with(2);
        let stderr = String::from_utf8_lossy(&out.get_output().stderr).to_string();
        assert!(stderr.contains(says), "{extra}: {stderr}");
    }
}

#[test]
fn a_growth_from_zero_has_no_percentage() {
    let r = judged("growth", "at_least = 10", "projects", "0", "5");
    assert_eq!(
        (r["measured"].as_str(), r["status"].as_str()),
        ("", "no_data")
    );
}

#[test]
fn the_shipped_vietnam_2023_example_judges_its_change_targets() {
    let rows = Run::new()
        .args([
            "-t",
            "examples/vietnam-2023/targets.toml",
            "-f",
            "csv",
            "-q",
        ])
        .csv_rows();
    let r = row(&rows, "poverty_rate");
    assert_eq!(
        (r["measured"].as_str(), r["status"].as_str()),
        ("1.1", "met")
    );
    let r = row(&rows, "exports");
    // 371,85 → 355,5 billion USD: −4,40 %, against "about 6 %" growth.
    assert_eq!(
        (r["measured"].as_str(), r["status"].as_str()),
        ("-4.40", "not_met")
    );
    assert_eq!(row(&rows, "cpi")["status"], "exceeded");
}

#[test]
fn a_growth_milestone_is_a_step_not_a_running_total() {
    // "xuất khẩu 6 tháng tăng 5–6 %, cả năm tăng 9–10 %": by 30 June the
    // first half is judged against its own 5–6 %.
    let campaign = "[campaign]\nperiod = \"2023\"\n[[target]]\nid = \"exports\"\n\
        unit = \"billion USD\"\nmeasure = \"growth\"\nbetween = [9, 10]\naggregate = \"sum\"\n\
        milestones = [{ by = 2023-06-30, between = [5, 6] }]\n";
    let rows = Run::new()
        .campaign(campaign)
        .args(["-f", "csv", "-q"])
        .actuals(
            "indicator,period,value\nexports,2022-01..2022-06,100\nexports,2023-01..2023-06,106\n",
        )
        .csv_rows();
    let r = &rows[0];
    assert_eq!(r["measured"], "6.00");
    assert_eq!(r["expected"], "5");
    assert_eq!(r["pace_pct"], "100.00");
    assert_eq!((r["status"].as_str(), r["basis"].as_str()), ("met", "pace"));
}

#[test]
fn mid_year_a_flow_s_baseline_does_not_stand_in_for_last_year_s_months() {
    // Exports "tăng 6 %" with a baseline of last year's whole total: by
    // June, January–June is not to be measured against a year.
    let campaign = "[campaign]\nperiod = \"2023\"\n[[target]]\nid = \"exports\"\n\
        unit = \"billion USD\"\nmeasure = \"growth\"\nat_least = 6\naggregate = \"sum\"\nbaseline = 371.85\n";
    let actuals = "indicator,period,value\nexports,2023-01..2023-06,170\n";
    let rows = Run::new()
        .campaign(campaign)
        .args(["-f", "csv", "-q"])
        .actuals(actuals)
        .csv_rows();
    assert_eq!(
        (rows[0]["measured"].as_str(), rows[0]["status"].as_str()),
        ("", "no_data")
    );
    let out = Run::check().campaign(campaign).actuals(actuals).output();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("no figure for 2022-H1")
            && text.contains("stands in only once the campaign is over"),
        "{text}"
    );
}
