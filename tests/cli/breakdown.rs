//! Which rows a report shows and what each stands for: `--only`, `--group`
//! and `--sort`; `--by entity`, `--by group`, `--by period|quarter`.

use super::*;

#[test]
fn only_group_and_sort_select_and_order_rows() {
    let ids = |args: &[&str]| -> Vec<String> {
        Run::new()
            .args(["-f", "csv", "-q", "examples/bac-ninh-2022/illustrative.csv"])
            .args(args)
            .csv_rows()
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
fn only_hides_rows_not_the_words_of_the_summary() {
    // Mid-year, the near and not-met targets are judged on pace: the
    // summary says "at risk" and "off track" whichever rows --only shows.
    let summary = |args: &[&str]| -> String {
        Run::new()
            .args(["-t", "examples/retail-2024/targets.toml", "-f", "markdown"])
            .args(args)
            .stdout()
            .lines()
            .nth(2)
            .unwrap()
            .to_string()
    };
    let all = summary(&[]);
    assert!(all.contains("near/at risk 3, off track 1"), "{all}");
    assert_eq!(summary(&["--only", "exceeded"]), all);
}

#[test]
fn a_misspelt_group_is_an_error_not_an_empty_report() {
    Run::new()
        .args(["--group", "xã hội", "--fail-on", "near"])
        .fails_with(2)
        .stderr(predicate::str::contains(
            "không có lĩnh vực 'xã hội'; có phải ý bạn là 'Xã hội'?",
        ));
}

#[test]
fn entities_are_judged_against_their_own_targets() {
    let rows = Run::new()
        .args([
            "-t",
            "examples/retail-2024/targets.toml",
            "--by",
            "entity",
            "-f",
            "csv",
            "-q",
        ])
        .csv_rows();
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
    let text = Run::new()
        .args([
            "-t",
            "examples/retail-2024/targets.toml",
            "--by",
            "entity",
            "-f",
            "json",
        ])
        .stdout();
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
    Run::check()
        .campaign(&text.replace("north = 18000", "north = 17000"))
        .arg(root().join("examples/retail-2024/actuals.csv"))
        .succeeds()
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
    let rows = Run::new()
        .campaign(campaign)
        .args(["-f", "csv", "-q", "--by", "group"])
        .actuals("indicator,value\na,150\nb,60\n")
        .csv_rows();
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
    let table = Run::new()
        .args([
            "-t",
            "examples/retail-2024/targets.toml",
            "--by",
            "group",
            "--color",
            "never",
        ])
        .stdout();
    assert!(
        table.contains("Sales and customers") && table.contains("83.9%"),
        "{table}"
    );
}

#[test]
fn by_period_shows_the_cumulative_actual_at_each_month_end() {
    let campaign = "[campaign]\nperiod = \"2022\"\n[[target]]\nid = \"x\"\nat_least = 1200\naggregate = \"sum\"\n[[target]]\nid = \"r\"\nunit = \"%\"\nat_least = 50\naggregate = \"last\"\n";
    let actuals = "indicator,period,value\nx,2022-01,100\nx,2022-02,100\nx,2022-03,150\nx,2022-01..2022-04,480\nr,2022-02,40\nr,2022-04,55\n";
    let rows = Run::new()
        .campaign(campaign)
        .args(["-f", "csv", "-q", "--by", "period"])
        .actuals(actuals)
        .csv_rows();
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
    // The reference §8 columns are unchanged in front of the trend.
    assert_eq!(x["actual"], "480");
    // quarterly
    let rows = Run::new()
        .campaign(campaign)
        .args(["-f", "csv", "-q", "--by", "quarter"])
        .actuals(actuals)
        .csv_rows();
    assert_eq!(row(&rows, "x")["2022-Q1_actual"], "350");
    assert_eq!(row(&rows, "x")["2022-Q2_actual"], "480");
}

#[test]
fn by_period_table_has_a_sparkline_and_json_a_trend() {
    let table = Run::new()
        .args([
            "--by",
            "period",
            "--color",
            "never",
            "--lang",
            "en",
            "examples/bac-ninh-2022/ytd-2022-11.csv",
        ])
        .stdout();
    assert!(
        table.contains("Trend") && table.contains("2022-11"),
        "{table}"
    );
    assert!(table.contains("▅▅▅▆▆▇"), "{table}");
    let json = Run::new()
        .args([
            "--by",
            "period",
            "-f",
            "json",
            "examples/bac-ninh-2022/ytd-2022-11.csv",
        ])
        .json();
    let trend = json["targets"][1]["trend"].as_array().unwrap();
    assert_eq!(trend.len(), 11);
    assert_eq!(trend[10]["period"], "2022-11");
    assert_eq!(trend[10]["actual"], serde_json::json!(78600));
    assert_eq!(trend[7]["actual"], serde_json::json!(56900));
    assert_eq!(trend[0]["actual"], serde_json::Value::Null);
    Run::new()
        .args(["--by", "district"])
        .fails_with(2)
        .stderr(predicate::str::contains(
            "[possible values: entity, group, period, quarter]",
        ));
}
