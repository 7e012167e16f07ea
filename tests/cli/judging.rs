//! How a target is judged: the shipped campaign reproduces the published
//! attainments, every status and light can come out, `strict` makes equal
//! not enough.

use super::*;

#[test]
fn shipped_campaign_reproduces_the_published_attainments() {
    let rows = Run::new().args(["-f", "csv", "-q"]).csv_rows();
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
    let rows = Run::new()
        .args(["-f", "csv", "-q", "examples/bac-ninh-2022/illustrative.csv"])
        .csv_rows();
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

#[test]
fn a_strict_target_is_not_met_by_an_equal_actual() {
    // "dưới 1,1 %" and "trên 77 %": equal is near, a hair better exceeds.
    let campaign = "[campaign]\nperiod = \"2022\"\n\
        [[target]]\nid = \"poverty\"\nunit = \"%\"\nat_most = 1.1\nstrict = true\n\
        [[target]]\nid = \"trained\"\nunit = \"%\"\nat_least = 77\nstrict = true\n";
    let rows = Run::new()
        .campaign(campaign)
        .args(["-f", "csv", "-q"])
        .actuals("indicator,period,value\npoverty,2022,1.1\ntrained,2022,77\n")
        .csv_rows();
    assert_eq!(rows[0]["status"], "near", "{rows:?}");
    assert_eq!(rows[0]["attainment_pct"], "100.00");
    assert_eq!(rows[1]["status"], "near", "{rows:?}");
    let rows = Run::new()
        .campaign(campaign)
        .args(["-f", "csv", "-q"])
        .actuals("indicator,period,value\npoverty,2022,1.09\ntrained,2022,77.1\n")
        .csv_rows();
    assert_eq!(rows[0]["status"], "exceeded", "{rows:?}");
    assert_eq!(rows[1]["status"], "exceeded", "{rows:?}");
    // Without `strict`, equal is met.
    let rows = Run::new()
        .campaign(&campaign.replace("strict = true\n", ""))
        .args(["-f", "csv", "-q"])
        .actuals("indicator,period,value\npoverty,2022,1.1\ntrained,2022,77\n")
        .csv_rows();
    assert_eq!(rows[0]["status"], "met", "{rows:?}");
    assert_eq!(rows[1]["status"], "met", "{rows:?}");
}

#[test]
fn a_band_where_less_is_better_is_exceeded_below_it() {
    // The National Assembly's 2024 resolution: CPI "khoảng 4,0–4,5 %";
    // the year came in at 3,63 %, which the statistics office scores met.
    let campaign = "[campaign]\nperiod = \"2024\"\nlocale = \"vi\"\n\
        [[target]]\nid = \"cpi\"\nunit = \"%\"\nbetween = [4.0, 4.5]\n\
        above = \"bad\"\nbelow = \"exceeded\"\n";
    let rows = Run::new()
        .campaign(campaign)
        .args(["-f", "csv", "-q"])
        .actuals("indicator,period,value\ncpi,2024,\"3,63\"\n")
        .csv_rows();
    assert_eq!(
        (
            rows[0]["attainment_pct"].as_str(),
            rows[0]["status"].as_str()
        ),
        ("109.25", "exceeded"),
        "{rows:?}"
    );
    assert_eq!(rows[0]["gap"], "-0.37");
    // Exceeded on both sides is no band: an error at the key, with the fix.
    Run::new()
        .campaign(&campaign.replace("above = \"bad\"\n", ""))
        .args(["-f", "csv", "-q"])
        .actuals("indicator,period,value\ncpi,2024,\"3,63\"\n")
        .fails_with(2)
        .stderr(predicates::str::contains(
            "c.toml:8:9: target 'cpi': below = \"exceeded\" needs above = \"bad\"",
        ));
    Run::new()
        .campaign(&campaign.replace("between = [4.0, 4.5]", "at_most = 4.5"))
        .args(["-f", "csv", "-q"])
        .actuals("indicator,period,value\ncpi,2024,\"3,63\"\n")
        .fails_with(2)
        .stderr(predicates::str::contains(
            "'below' applies only to a between target",
        ));
}
