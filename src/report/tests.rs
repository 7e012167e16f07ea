//! `report::build` on small campaigns and actuals, read as a run would read
//! them: a row's status and light, judged or not, the target in force on the
//! as-of date, pace mid-year, the group summaries, `--by entity`, `--only`,
//! `--group` and `--sort`, and the scale warning.

use std::path::Path;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::*;
use crate::calc::{Basis, Light, Status};
use crate::ingest::{Grain, Input, ReadOptions};
use crate::number::Locale;

fn campaign(toml: &str) -> Campaign {
    crate::campaign::parse("c.toml", toml, Path::new(".")).unwrap()
}

/// The actuals `csv` read for `campaign`, as of `as_of` when given (else the
/// latest end among the rows), with a monthly trend when `trend`.
fn read(campaign: &Campaign, csv: &str, as_of: Option<NaiveDate>, trend: bool) -> Ingest {
    let input = Input::Memory {
        name: "a.csv".into(),
        bytes: csv.as_bytes().to_vec(),
    };
    let options = ReadOptions {
        as_of,
        trend: trend.then_some(Grain::Month),
        ..ReadOptions::new(Locale::En)
    };
    let ingest = crate::ingest::read(campaign, &[input], &options);
    assert!(!ingest.has_errors(), "{:?}", ingest.diagnostics);
    ingest
}

/// The report of `toml` on `csv`, seen through `view`.
fn report(toml: &str, csv: &str, view: &Selection) -> Report {
    let campaign = campaign(toml);
    build(&campaign, &read(&campaign, csv, None, false), view)
}

fn row<'r>(report: &'r Report, id: &str) -> &'r Row {
    report
        .rows
        .iter()
        .find(|r| r.id == id && r.entity.is_none())
        .unwrap_or_else(|| panic!("no row {id}"))
}

fn dec(text: &str) -> Decimal {
    text.parse().unwrap()
}

fn date(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

/// Five levels judged at the year's end, one per status.
const FIVE: &str = r#"[campaign]
period = "2022"
[[target]]
id = "ahead"
group = "G"
at_least = 100
[[target]]
id = "equal"
group = "G"
at_least = 100
[[target]]
id = "close"
group = "H"
at_least = 100
[[target]]
id = "short"
group = "G"
at_least = 100
[[target]]
id = "silent"
at_least = 100
"#;

const FIVE_ACTUALS: &str =
    "indicator,period,value\nahead,2022,120\nequal,2022,100\nclose,2022,95\nshort,2022,50\n";

#[test]
fn a_row_carries_its_status_light_gap_and_attainment() {
    let report = report(FIVE, FIVE_ACTUALS, &Selection::default());
    let expect = [
        ("ahead", Status::Exceeded, Light::Green, "20", "120"),
        ("equal", Status::Met, Light::Green, "0", "100"),
        ("close", Status::Near, Light::Amber, "-5", "95"),
        ("short", Status::NotMet, Light::Red, "-50", "50"),
    ];
    for (id, status, light, gap, attainment) in expect {
        let r = row(&report, id);
        assert_eq!((r.status, r.light()), (status, light), "{id}");
        assert_eq!(r.gap, Some(dec(gap)), "{id}");
        assert_eq!(r.attainment_pct, Some(dec(attainment)), "{id}");
        assert_eq!(r.target(), Some(dec("100")), "{id}");
        assert_eq!(r.band(), None, "{id}");
        // A level without a baseline is judged on its final target.
        assert_eq!(
            (r.basis, r.expected, r.pace_pct),
            (Basis::Final, None, None)
        );
        assert_eq!(r.rows_used, 1, "{id}");
        assert!(r.judged, "{id}");
    }
}

#[test]
fn a_target_without_rows_is_no_data_with_every_figure_empty() {
    let report = report(FIVE, FIVE_ACTUALS, &Selection::default());
    let r = row(&report, "silent");
    assert_eq!((r.status, r.light()), (Status::NoData, Light::Grey));
    assert_eq!(
        (r.actual, r.gap, r.attainment_pct, r.projected, r.previous),
        (None, None, None, None, None)
    );
    assert_eq!(r.rows_used, 0);
    // The campaign total is always judged, with or without an actual.
    assert!(r.judged);
    assert_eq!(r.kind, Kind::AtLeast(dec("100")));
}

#[test]
fn the_summary_counts_every_status_and_the_worst_is_kept_for_fail_on() {
    let report = report(FIVE, FIVE_ACTUALS, &Selection::default());
    let s = &report.summary;
    assert_eq!(s.total, 5);
    assert_eq!(Status::ALL.map(|status| s.count(status)), [1, 1, 1, 1, 1]);
    assert_eq!(s.met_or_exceeded, 2);
    assert_eq!(report.worst, Some(Status::NoData));
}

#[test]
fn only_filters_the_rows_shown_not_the_summary_or_the_worst() {
    let view = Selection {
        only: vec![Status::NotMet, Status::Near],
        ..Selection::default()
    };
    let report = report(FIVE, FIVE_ACTUALS, &view);
    let ids: Vec<&str> = report.rows.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids, ["close", "short"], "in the campaign's order");
    assert_eq!(report.summary.total, 5);
    assert_eq!(report.worst, Some(Status::NoData));
}

#[test]
fn group_summaries_follow_the_first_target_of_each_group() {
    let report = report(FIVE, FIVE_ACTUALS, &Selection::default());
    let groups: Vec<(Option<&str>, usize)> = report
        .summary
        .groups
        .iter()
        .map(|g| (g.name.as_deref(), g.targets))
        .collect();
    // G's third target comes after H's only one; a target without a group
    // makes a group of its own, unnamed.
    assert_eq!(groups, [(Some("G"), 3), (Some("H"), 1), (None, 1)]);
    let g = &report.summary.groups[0];
    assert_eq!(g.counts, [1, 1, 0, 1, 0]);
    // (120 + 100 + 50) / 3 = 90: at the campaign's near, amber.
    assert_eq!(g.score, Some(dec("90")));
    assert_eq!(g.light, Light::Amber);
    // A group whose only target has no data has no score.
    let none = &report.summary.groups[2];
    assert_eq!((none.score, none.light), (None, Light::Grey));
}

#[test]
fn a_group_score_is_weighted_and_clamped_and_skips_no_data() {
    let toml = r#"[campaign]
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
"#;
    let report = report(
        toml,
        "indicator,value\na,150\nb,60\n",
        &Selection::default(),
    );
    // a: 150 % clamped to 120; b: 60 %; c: no data → (3 × 120 + 60) / 4 = 105
    let g = &report.summary.groups[0];
    assert_eq!((g.score, g.light), (Some(dec("105")), Light::Green));
    assert_eq!(g.counts, [1, 0, 0, 1, 1]);
}

#[test]
fn the_group_view_scopes_rows_and_summary_whatever_the_composition() {
    let toml = "[campaign]\nperiod = \"2022\"\n\
        [[target]]\nid = \"a\"\ngroup = \"Xã hội\"\nat_least = 1\n\
        [[target]]\nid = \"b\"\ngroup = \"Kinh tế\"\nat_least = 1\n";
    // "ã" typed as a and a combining tilde.
    let view = Selection {
        group: Some("Xa\u{303} hội".into()),
        ..Selection::default()
    };
    let report = report(toml, "indicator,value\na,1\nb,1\n", &view);
    let ids: Vec<&str> = report.rows.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids, ["a"]);
    assert_eq!(report.summary.total, 1);
    assert_eq!(report.summary.groups.len(), 1);
}

#[test]
fn sorting_orders_targets_and_keeps_entity_rows_after_their_target() {
    let toml = r#"[campaign]
period = "2022"
[[target]]
id = "a"
at_least = 100
[[target]]
id = "m"
at_least = 100
aggregate = "sum"
[[target]]
id = "z"
at_least = 100
aggregate = "sum"
"#;
    let csv =
        "indicator,period,value,entity\nm,2022,50,d1\nm,2022,40,d2\nz,2022,70,d1\nz,2022,60,d2\n";
    let order = |sort: Sort| -> Vec<String> {
        let view = Selection {
            sort,
            by: By::Entity,
            ..Selection::default()
        };
        report(toml, csv, &view)
            .rows
            .iter()
            .map(|r| match &r.entity {
                Some(e) => format!("{}/{e}", r.id),
                None => r.id.clone(),
            })
            .collect()
    };
    assert_eq!(
        order(Sort::File),
        ["a", "m", "m/d1", "m/d2", "z", "z/d1", "z/d2"]
    );
    // z 130 %, m 90 %, a without attainment last, though first in the file.
    assert_eq!(
        order(Sort::Attainment),
        ["z", "z/d1", "z/d2", "m", "m/d1", "m/d2", "a"]
    );
    assert_eq!(
        order(Sort::Id),
        ["a", "m", "m/d1", "m/d2", "z", "z/d1", "z/d2"]
    );
    // exceeded, near, no_data
    assert_eq!(
        order(Sort::Status),
        ["z", "z/d1", "z/d2", "m", "m/d1", "m/d2", "a"]
    );
}

/// A flow with targets for two of its entities, and a level judged per
/// entity against the campaign's target.
const REGIONS: &str = r#"[campaign]
period = "2022"
[entities]
north = "Miền Bắc"
[[target]]
id = "stores"
at_least = 60
aggregate = "sum"
[target.entities]
north = 22
central = 18
[[target]]
id = "rate"
at_least = 50
aggregate = "last"
across = "mean"
"#;

const REGIONS_ACTUALS: &str = "indicator,period,value,entity\n\
    stores,2022,22,north\nstores,2022,19,south\n\
    rate,2022,40,north\nrate,2022,60,south\n";

fn entity<'r>(report: &'r Report, id: &str, entity: &str) -> &'r Row {
    report
        .rows
        .iter()
        .find(|r| r.id == id && r.entity.as_deref() == Some(entity))
        .unwrap_or_else(|| panic!("no row {id}/{entity}"))
}

#[test]
fn an_entity_is_judged_against_its_own_target() {
    let view = Selection {
        by: By::Entity,
        ..Selection::default()
    };
    let report = report(REGIONS, REGIONS_ACTUALS, &view);
    let north = entity(&report, "stores", "north");
    assert_eq!(north.kind, Kind::AtLeast(dec("22")));
    assert_eq!((north.status, north.judged), (Status::Met, true));
    assert_eq!(north.entity_name.as_deref(), Some("Miền Bắc"));
    // Without a name in [entities], the id.
    let south = entity(&report, "stores", "south");
    assert_eq!(south.entity_name.as_deref(), Some("south"));
    // The total is judged against the campaign's target: 41 of 60.
    let total = row(&report, "stores");
    assert_eq!(
        (total.actual, total.status),
        (Some(dec("41")), Status::NotMet)
    );
}

#[test]
fn an_entity_share_of_a_flow_without_its_own_target_is_shown_not_judged() {
    let view = Selection {
        by: By::Entity,
        ..Selection::default()
    };
    let report = report(REGIONS, REGIONS_ACTUALS, &view);
    let south = entity(&report, "stores", "south");
    assert!(!south.judged);
    assert_eq!(south.actual, Some(dec("19")));
    // A level's entities are judged against the campaign's target.
    let rate_north = entity(&report, "rate", "north");
    assert!(rate_north.judged);
    assert_eq!(rate_north.kind, Kind::AtLeast(dec("50")));
    assert_eq!(rate_north.status, Status::NotMet); // 40 / 50 = 80 %
    assert_eq!(entity(&report, "rate", "south").status, Status::Exceeded);
}

#[test]
fn an_entity_with_its_own_target_and_no_rows_is_listed_as_no_data() {
    let view = Selection {
        by: By::Entity,
        ..Selection::default()
    };
    let report = report(REGIONS, REGIONS_ACTUALS, &view);
    let entities: Vec<Option<&str>> = report
        .rows
        .iter()
        .filter(|r| r.id == "stores")
        .map(|r| r.entity.as_deref())
        .collect();
    assert_eq!(
        entities,
        [None, Some("north"), Some("south"), Some("central")]
    );
    let central = entity(&report, "stores", "central");
    assert_eq!(central.kind, Kind::AtLeast(dec("18")));
    assert_eq!((central.status, central.actual), (Status::NoData, None));
    // Entity rows are not counted in the summary: it counts targets.
    assert_eq!(report.summary.total, 2);
    // Without --by entity, no entity rows.
    let plain = self::report(REGIONS, REGIONS_ACTUALS, &Selection::default());
    assert!(plain.rows.iter().all(|r| r.entity.is_none()));
}

const GRDP_REVISED: &str = "[campaign]\nperiod = \"2022\"\n[[target]]\nid = \"grdp_growth\"\nunit = \"%\"\nbetween = [5, 6]\naggregate = \"last\"\nrevised = [{ from = 2022-07-09, between = [8, 10], source = \"NQ HĐND tỉnh, 09/07/2022\" }]\n";

/// The GRDP row on a first-half figure of 14.7 %, as of `as_of`.
fn grdp_as_of(as_of: &str) -> Row {
    let campaign = campaign(GRDP_REVISED);
    let ingest = read(
        &campaign,
        "indicator,period,value\ngrdp_growth,2022-H1,14.7\n",
        Some(date(as_of)),
        false,
    );
    build(&campaign, &ingest, &Selection::default())
        .rows
        .remove(0)
}

#[test]
fn the_target_in_force_is_the_one_of_the_as_of_date() {
    // The day before the revision: the original band, no note.
    let before = grdp_as_of("2022-07-08");
    assert_eq!(before.kind, Kind::Between(dec("5"), dec("6")));
    assert_eq!(before.band(), Some((dec("5"), dec("6"))));
    assert!(before.original_target.is_none() && before.revision.is_none());
    assert_eq!(before.status, Status::Exceeded);
    // From its first day on: the revised band, the original kept, the note.
    let on = grdp_as_of("2022-07-09");
    assert_eq!(on.kind, Kind::Between(dec("8"), dec("10")));
    assert_eq!(on.original_target, Some(Kind::Between(dec("5"), dec("6"))));
    let note = on.revision.unwrap();
    assert_eq!(note.from, date("2022-07-09"));
    assert_eq!(note.source.as_deref(), Some("NQ HĐND tỉnh, 09/07/2022"));
    // 14.7 is above 10: with above = exceeded (the default), exceeded.
    assert_eq!(on.status, Status::Exceeded);
}

const FLOW: &str = r#"[campaign]
period = "2022"
[[target]]
id = "revenue"
at_least = 1200
aggregate = "sum"
[[target]]
id = "rate"
at_least = 50
aggregate = "last"
"#;

#[test]
fn mid_year_a_flow_is_judged_on_pace_and_projected() {
    let report = report(
        FLOW,
        "indicator,period,value\nrevenue,2022-01..2022-06,600\nrate,2022-06,45\n",
        &Selection::default(),
    );
    assert_eq!(report.as_of, date("2022-06-30"));
    let r = row(&report, "revenue");
    assert_eq!(r.basis, Basis::Pace);
    // 1200 × 181/365 = 595.068493…: 600 is ahead of it.
    let Some(Kind::AtLeast(expected)) = r.expected else {
        panic!("{:?}", r.expected)
    };
    assert_eq!(expected.round_dp(6), dec("595.068493"));
    assert_eq!(r.status, Status::Exceeded);
    assert_eq!(r.pace_pct.unwrap().round_dp(2), dec("100.83"));
    // The attainment is still on the whole year's target: 600 / 1200.
    assert_eq!(r.attainment_pct, Some(dec("50")));
    // 600 × 365/181 = 1209.944751…
    assert_eq!(r.projected.unwrap().round_dp(6), dec("1209.944751"));
    assert_eq!(r.projected_pct.unwrap().round_dp(2), dec("100.83"));
    // A level without a baseline: final, neither expected nor projected.
    let rate = row(&report, "rate");
    assert_eq!(
        (rate.basis, rate.expected, rate.projected),
        (Basis::Final, None, None)
    );
    assert_eq!(rate.status, Status::Near); // 45 / 50 = 90 %, the campaign's near
}

#[test]
fn at_the_years_end_a_flow_is_judged_on_its_final_target() {
    let report = report(
        FLOW,
        "indicator,period,value\nrevenue,2022,1100\n",
        &Selection::default(),
    );
    let r = row(&report, "revenue");
    assert_eq!(r.basis, Basis::Final);
    assert_eq!(r.expected, Some(Kind::AtLeast(dec("1200"))));
    assert_eq!(r.pace_pct, r.attainment_pct);
    assert_eq!(r.projected, Some(dec("1100")));
    assert_eq!(r.status, Status::Near); // 91.67 %
}

#[test]
fn a_trend_cell_is_judged_against_the_target() {
    let campaign = campaign(FLOW);
    let ingest = read(
        &campaign,
        "indicator,period,value\nrevenue,2022-01,100\nrevenue,2022-02,140\n",
        None,
        true,
    );
    let report = build(&campaign, &ingest, &Selection::default());
    assert_eq!(report.grain, Some(Grain::Month));
    assert_eq!(report.steps.len(), 2);
    let cells: Vec<(Option<Decimal>, Option<Decimal>)> = row(&report, "revenue")
        .trend
        .iter()
        .map(|c| (c.actual, c.attainment_pct.map(|p| p.round_dp(2))))
        .collect();
    assert_eq!(
        cells,
        [
            (Some(dec("100")), Some(dec("8.33"))),
            (Some(dec("240")), Some(dec("20")))
        ]
    );
}

#[test]
fn the_source_is_the_rows_sources_else_the_targets() {
    let toml = "[campaign]\nperiod = \"2022\"\n\
        [[target]]\nid = \"a\"\nat_least = 1\naggregate = \"sum\"\n\
        [[target]]\nid = \"b\"\nat_least = 1\nsource = \"Plan 2022\"\n";
    let report = report(
        toml,
        "indicator,period,value,source\na,2022-01,1,Report A\na,2022-02,1,Report B\n",
        &Selection::default(),
    );
    // Both, joined; their order is ingest's to decide.
    let mut sources: Vec<&str> = row(&report, "a").source.split("; ").collect();
    sources.sort_unstable();
    assert_eq!(sources, ["Report A", "Report B"]);
    assert_eq!(row(&report, "b").source, "Plan 2022");
}

fn scale_warnings(report: &Report) -> Vec<String> {
    report
        .warnings
        .iter()
        .filter(|w| w.code == "scale")
        .map(|w| w.message())
        .collect()
}

#[test]
fn an_actual_a_hundred_times_off_its_target_is_a_warning() {
    let toml = "[campaign]\nperiod = \"2022\"\n\
        [[target]]\nid = \"big\"\nat_least = 100\n\
        [[target]]\nid = \"small\"\nat_least = 100\n\
        [[target]]\nid = \"negative\"\nat_least = 10\n\
        [[target]]\nid = \"fine\"\nat_least = 100\n";
    let report = report(
        toml,
        "indicator,value\nbig,20000\nsmall,0.5\nnegative,-5000\nfine,9000\n",
        &Selection::default(),
    );
    let warnings = scale_warnings(&report);
    assert_eq!(warnings.len(), 3, "{warnings:?}");
    assert!(
        warnings[0].contains("'big' (20000) is more than 100 times larger than its target (100)")
    );
    assert!(
        warnings[1].contains("'small' (0.5) is more than 100 times smaller than its target (100)")
    );
    assert!(
        warnings[2].contains("'negative' (-5000) is in size more than 100 times its target (10)")
    );
}

#[test]
fn mid_year_the_scale_warning_compares_with_the_target_to_date() {
    // 550 by 2 January is on pace for 100,000 a year.
    let toml = "[campaign]\nperiod = \"2022\"\n\
        [[target]]\nid = \"rev\"\nat_least = 100000\naggregate = \"sum\"\n";
    let report = report(
        toml,
        "indicator,period,value\nrev,2022-01-01,300\nrev,2022-01-02,250\n",
        &Selection::default(),
    );
    assert_eq!(scale_warnings(&report), Vec::<&str>::new());
}

#[test]
fn an_entity_judged_against_its_own_target_carries_no_revision_note() {
    let toml = format!("{GRDP_REVISED}across = \"mean\"\n[target.entities]\nd1 = [7, 9]\n");
    let campaign = campaign(&toml);
    let ingest = read(
        &campaign,
        "indicator,period,value,entity\ngrdp_growth,2022,7.5,d1\n",
        None,
        false,
    );
    let view = Selection {
        by: By::Entity,
        ..Selection::default()
    };
    let report = build(&campaign, &ingest, &view);
    let total = row(&report, "grdp_growth");
    assert!(total.revision.is_some() && total.original_target.is_some());
    let d1 = entity(&report, "grdp_growth", "d1");
    assert_eq!(d1.kind, Kind::Between(dec("7"), dec("9")));
    assert!(d1.revision.is_none() && d1.original_target.is_none());
}

#[test]
fn mid_year_a_level_with_a_baseline_and_linear_phasing_is_judged_on_pace() {
    let toml = r#"[campaign]
period = "2022"
[[target]]
id = "rate"
unit = "%"
at_least = 50
baseline = 40
phasing = "linear"
aggregate = "last"
"#;
    let report = report(
        toml,
        "indicator,period,value\nrate,2022-06,45\n",
        &Selection::default(),
    );
    let r = row(&report, "rate");
    // 40 + (50 − 40) × 181/365 = 44.958904…: 45 is ahead of it.
    assert_eq!(r.basis, Basis::Pace);
    let Some(Kind::AtLeast(expected)) = r.expected else {
        panic!("{:?}", r.expected)
    };
    assert_eq!(expected.round_dp(6), dec("44.958904"));
    assert_eq!(r.status, Status::Exceeded);
    // Half of the way from the baseline to the target.
    assert_eq!(r.progress_pct, Some(dec("50")));
    // A level is never projected.
    assert_eq!(r.projected, None);
}
