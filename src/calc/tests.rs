//! The formulas of reference §6 and the statuses of §7, case by case: every
//! kind of target, the edges of each rule, and the names csv and json print.

use super::*;
use std::str::FromStr;

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}
fn pct2(v: Option<Decimal>) -> Option<String> {
    v.map(|v| round_pct(v, 2).to_string())
}
const NEAR: Decimal = Decimal::from_parts(90, 0, 0, false, 0);

fn judge(kind: Kind, strict: bool, above: Better, a: &str) -> Status {
    let a = d(a);
    status(
        kind,
        strict,
        above,
        Some(a),
        attainment(kind, above, a),
        NEAR,
    )
}

// reference §11, published figures.
#[test]
fn worked_example_attainments() {
    let ex = Better::More;
    // 91.7 bn USD = 91,700 m USD against >= 92,070: 91700/92070 = 0.995981... -> 99.60
    assert_eq!(
        pct2(attainment(Kind::AtLeast(d("92070")), ex, d("91700"))).unwrap(),
        "99.60"
    );
    // 30,372 / 30,567 = 0.993620... -> 99.36
    assert_eq!(
        pct2(attainment(Kind::AtLeast(d("30567")), ex, d("30372"))).unwrap(),
        "99.36"
    );
    // 7.39 above 5-6, more is better: 7.39 / 6 = 1.231666... -> 123.17
    assert_eq!(
        pct2(attainment(Kind::Between(d("5"), d("6")), ex, d("7.39"))).unwrap(),
        "123.17"
    );
    // 2 - 0.94/1.1 = 2 - 0.854545... = 1.145454... -> 114.55
    assert_eq!(
        pct2(attainment(Kind::AtMost(d("1.1")), ex, d("0.94"))).unwrap(),
        "114.55"
    );
    assert_eq!(gap(Kind::AtMost(d("1.1")), d("0.94")), Some(d("-0.16")));
}

#[test]
fn at_least_boundaries() {
    let k = Kind::AtLeast(d("78"));
    let ex = Better::More;
    assert_eq!(judge(k, false, ex, "78"), Status::Met); // equal is met, never near
    assert_eq!(judge(k, false, ex, "78.0001"), Status::Exceeded);
    assert_eq!(judge(k, false, ex, "77.9999"), Status::Near); // 99.99987 %
    // 90 % of 78 = 70.2: exactly at the threshold is near (inclusive)
    assert_eq!(judge(k, false, ex, "70.2"), Status::Near);
    assert_eq!(judge(k, false, ex, "70.19"), Status::NotMet);
    // strict ("trên 78"): equal is not enough
    assert_eq!(judge(k, true, ex, "78"), Status::Near);
    assert_eq!(judge(k, true, ex, "78.01"), Status::Exceeded);
}

#[test]
fn at_most_attainment_and_boundaries() {
    let k = Kind::AtMost(d("1.1"));
    let ex = Better::More;
    // a 10 % overshoot: 1.21 -> 2 - 1.1 = 0.9 -> 90 %
    assert_eq!(attainment(k, ex, d("1.21")), Some(d("90")));
    assert_eq!(judge(k, false, ex, "1.21"), Status::Near);
    assert_eq!(judge(k, false, ex, "1.1"), Status::Met);
    assert_eq!(judge(k, false, ex, "1.2101"), Status::NotMet);
    assert_eq!(judge(k, false, ex, "0"), Status::Exceeded);
    // negative actual: 2 - (-1.1/1.1) = 3 -> 300 %, not capped
    assert_eq!(attainment(k, ex, d("-1.1")), Some(d("300")));
}

#[test]
fn a_strict_ceiling_is_not_met_at_equality() {
    // "dưới 1,1 %": equal is not enough, as for a strict floor.
    let k = Kind::AtMost(d("1.1"));
    let ex = Better::More;
    assert_eq!(judge(k, true, ex, "1.1"), Status::Near); // attainment 100 %
    assert_eq!(judge(k, true, ex, "1.0999"), Status::Exceeded);
    assert_eq!(judge(k, true, ex, "1.21"), Status::Near);
    assert_eq!(judge(k, true, ex, "1.2101"), Status::NotMet);
}

#[test]
fn progress_in_a_band_counts_to_its_low_end_until_a_bad_top_is_passed() {
    // Between 5 and 6 from a baseline of 4 (reference §6.2): T is L, and H
    // only for `above = "bad"` once A is above H; at H itself A is
    // inside the band.
    let band = Kind::Between(d("5"), d("6"));
    let progress = |above, a: &str| super::progress(band, above, d(a), d("4"));
    assert_eq!(progress(Better::Band, "6"), Some(d("200")));
    assert_eq!(progress(Better::Band, "7"), Some(d("150")));
    assert_eq!(progress(Better::More, "6"), Some(d("200")));
    assert_eq!(progress(Better::More, "7"), Some(d("300")));
    assert_eq!(progress(Better::Band, "4.5"), Some(d("50")));
}

#[test]
fn zero_and_negative_targets_have_no_attainment() {
    let ex = Better::More;
    let zero = Kind::AtMost(Decimal::ZERO);
    assert_eq!(attainment(zero, ex, d("0")), None);
    assert_eq!(judge(zero, false, ex, "0"), Status::Met);
    // one failing organisation misses a zero target: no attainment, so not near
    assert_eq!(judge(zero, false, ex, "1"), Status::NotMet);
    let negative = Kind::AtLeast(d("-2"));
    assert_eq!(attainment(negative, ex, d("-1")), None);
    assert_eq!(judge(negative, false, ex, "-1"), Status::Exceeded);
    assert_eq!(judge(negative, false, ex, "-2"), Status::Met);
    assert_eq!(judge(negative, false, ex, "-3"), Status::NotMet);
    assert_eq!(attainment(Kind::Between(d("0"), d("2")), ex, d("1")), None);
}

#[test]
fn negative_actual_against_a_floor() {
    // GRDP fell 1 % against >= 5 %: -1/5 = -20 %, not capped
    assert_eq!(
        attainment(Kind::AtLeast(d("5")), Better::More, d("-1")),
        Some(d("-20"))
    );
    assert_eq!(
        judge(Kind::AtLeast(d("5")), false, Better::More, "-1"),
        Status::NotMet
    );
    assert_eq!(gap(Kind::AtLeast(d("5")), d("-1")), Some(d("-6")));
}

#[test]
fn between_below_inside_above_in_both_modes() {
    let k = Kind::Between(d("5"), d("6"));
    let (ex, bad) = (Better::More, Better::Band);
    // below: 4.6 / 5 = 92 %
    assert_eq!(attainment(k, ex, d("4.6")), Some(d("92")));
    assert_eq!(judge(k, false, ex, "4.6"), Status::Near);
    assert_eq!(gap(k, d("4.6")), Some(d("-0.4")));
    // inside, both ends inclusive
    for a in ["5", "5.5", "6"] {
        assert_eq!(attainment(k, ex, d(a)), Some(d("100")));
        assert_eq!(judge(k, false, ex, a), Status::Met);
        assert_eq!(judge(k, false, bad, a), Status::Met);
        assert_eq!(gap(k, d(a)), Some(Decimal::ZERO));
    }
    // above, more is better: 6.6 / 6 = 110 %
    assert_eq!(attainment(k, ex, d("6.6")), Some(d("110")));
    assert_eq!(judge(k, false, ex, "6.6"), Status::Exceeded);
    assert_eq!(gap(k, d("6.6")), Some(d("0.6")));
    // above a band: 2 - 6.6/6 = 0.9 -> 90 %, near; 6.9 -> 85 %, not met
    assert_eq!(attainment(k, bad, d("6.6")), Some(d("90")));
    assert_eq!(judge(k, false, bad, "6.6"), Status::Near);
    assert_eq!(judge(k, false, bad, "6.9"), Status::NotMet);
}

#[test]
fn progress_from_a_baseline() {
    let ex = Better::More;
    // urbanisation from 40 towards 43; now 41.5 -> half the way
    assert_eq!(
        progress(Kind::AtLeast(d("43")), ex, d("41.5"), d("40")),
        Some(d("50"))
    );
    // poverty 1.5 -> 1.1, now 0.94: (0.94-1.5)/(1.1-1.5) = 1.4 -> 140 %
    assert_eq!(
        progress(Kind::AtMost(d("1.1")), ex, d("0.94"), d("1.5")),
        Some(d("140"))
    );
    // T = B: no progress
    assert_eq!(progress(Kind::AtLeast(d("43")), ex, d("44"), d("43")), None);
    // between: towards L; with above = bad and A above, towards H
    assert_eq!(
        progress(Kind::Between(d("5"), d("6")), ex, d("4"), d("3")),
        Some(d("50"))
    );
    assert_eq!(
        progress(Kind::Between(d("2"), d("4")), Better::Band, d("5"), d("6")),
        Some(d("50"))
    );
}

// reference §11 last row: budget revenue 28,267 as of 2022-11-30 (f = 334/365).
#[test]
fn worked_example_pace_and_projection() {
    let t = Kind::AtLeast(d("30567"));
    let f = Elapsed::days(334, 365);
    let a = d("28267");
    assert_eq!(pct2(attainment(t, Better::More, a)).unwrap(), "92.48");
    let Some(Kind::AtLeast(e)) = expected(t, Phase::Flow, f) else {
        panic!()
    };
    // 30567 * 334 / 365 = 27970.898630...
    assert_eq!(round_pct(e, 2), d("27970.90"));
    let pace = attainment(Kind::AtLeast(e), Better::More, a);
    assert_eq!(pct2(pace).unwrap(), "101.06");
    assert_eq!(
        status(Kind::AtLeast(e), false, Better::More, Some(a), pace, NEAR),
        Status::Exceeded
    );
    // 28267 * 365 / 334 = 30890.583832...
    let p = projected(a, f).unwrap();
    assert_eq!(round_pct(p, 2), d("30890.58"));
    assert_eq!(pct2(attainment(t, Better::More, p)).unwrap(), "101.06");
}

#[test]
fn level_phasing_grows_from_the_baseline() {
    // 40 -> 43 over 365 days, 73 days in: 40 + 3 * 73/365 = 40.6
    let f = Elapsed::days(73, 365);
    let e = expected(
        Kind::Between(d("42"), d("43")),
        Phase::Level { baseline: d("40") },
        f,
    );
    assert_eq!(e, Some(Kind::Between(d("40.4"), d("40.6"))));
    // at the end, expected is the target itself
    let end = Elapsed::days(365, 365);
    assert!(end.is_complete());
    assert_eq!(
        expected(
            Kind::AtLeast(d("43")),
            Phase::Level { baseline: d("40") },
            end
        ),
        Some(Kind::AtLeast(d("43")))
    );
    assert_eq!(projected(d("5"), Elapsed::days(0, 365)), None);
}

#[test]
fn group_score_is_weighted_clamped_and_skips_no_data() {
    let m = [
        Scored {
            attainment: Some(d("150")),
            weight: d("1"),
        }, // clamped to 120
        Scored {
            attainment: Some(d("-10")),
            weight: d("1"),
        }, // clamped to 0
        Scored {
            attainment: Some(d("90")),
            weight: d("2"),
        },
        Scored {
            attainment: None,
            weight: d("5"),
        }, // no data: left out
    ];
    // (120 + 0 + 180) / 4 = 75
    assert_eq!(group_score(&m), Some(d("75")));
    assert_eq!(score_light(Some(d("75")), NEAR), Light::Red);
    assert_eq!(score_light(Some(d("90")), NEAR), Light::Amber);
    assert_eq!(score_light(Some(d("100")), NEAR), Light::Green);
    assert_eq!(group_score(&m[3..]), None);
    assert_eq!(score_light(None, NEAR), Light::Grey);
}

#[test]
fn change_on_last_year() {
    // budget revenue 28,267 against 30,859 a year earlier: -8.4 %
    assert_eq!(pct2(change_pct(d("28267"), d("30859"))).unwrap(), "-8.40");
    assert_eq!(change_pct(d("110"), d("100")), Some(d("10")));
    // from a loss of 50 to a gain of 25: +150 %, measured on |P|
    assert_eq!(change_pct(d("25"), d("-50")), Some(d("150")));
    assert_eq!(change_pct(d("5"), Decimal::ZERO), None);
}

#[test]
fn rounding_is_half_away_from_zero() {
    assert_eq!(round_pct(d("99.365"), 2), d("99.37"));
    assert_eq!(round_pct(d("-99.365"), 2), d("-99.37"));
    assert_eq!(round_pct(d("99.364999"), 2), d("99.36"));
}

#[test]
fn status_order_and_lights() {
    assert!(
        Status::Exceeded < Status::Met
            && Status::Near < Status::NotMet
            && Status::NotMet < Status::NoData
    );
    assert_eq!(Status::Near.light(), Light::Amber);
    assert_eq!(Status::NoData.light(), Light::Grey);
    assert_eq!(Status::from_name("not_met"), Some(Status::NotMet));
    assert_eq!(
        status(Kind::AtLeast(d("1")), false, Better::More, None, None, NEAR),
        Status::NoData
    );
}

#[test]
fn near_zones_lie_where_a_miss_is_still_near() {
    let ninety = d("90");
    assert_eq!(
        near_zones(Kind::AtLeast(d("100")), Better::More, ninety),
        vec![(d("90"), d("100"))]
    );
    assert_eq!(
        near_zones(Kind::AtMost(d("10")), Better::More, ninety),
        vec![(d("10"), d("11"))]
    );
    assert_eq!(
        near_zones(Kind::Between(d("5"), d("6")), Better::Band, ninety),
        vec![(d("4.5"), d("5")), (d("6"), d("6.6"))]
    );
    assert_eq!(
        near_zones(Kind::Between(d("5"), d("6")), Better::More, ninety),
        vec![(d("4.5"), d("5"))]
    );
    assert!(near_zones(Kind::AtMost(d("0")), Better::More, ninety).is_empty());
    assert!(near_zones(Kind::AtLeast(d("-1")), Better::More, ninety).is_empty());
    assert!(near_zones(Kind::AtLeast(d("0")), Better::More, ninety).is_empty());
    // each edge is where attainment meets the threshold
    for (kind, edge) in [
        (Kind::AtLeast(d("92070")), d("82863")),
        (Kind::AtMost(d("1.1")), d("1.21")),
    ] {
        assert_eq!(attainment(kind, Better::More, edge), Some(ninety));
    }
}

#[test]
fn the_rule_explain_shows_gives_the_attainment_calc_computes() {
    let kinds = [
        Kind::AtLeast(d("78")),
        Kind::AtLeast(Decimal::ZERO),
        Kind::AtLeast(d("-2")),
        Kind::AtMost(d("1.1")),
        Kind::AtMost(Decimal::ZERO),
        Kind::Between(d("5"), d("6")),
        Kind::Between(Decimal::ZERO, d("2")),
        Kind::Between(d("-1"), d("2")),
    ];
    let actuals = [
        "-3", "-1.1", "0", "0.94", "1", "1.1", "1.21", "2", "4.6", "5", "5.5", "6", "6.6", "70.2",
        "78", "78.0001", "91700",
    ];
    for kind in kinds {
        for above in [Better::More, Better::Band, Better::Less] {
            for a in actuals.map(d) {
                let rule = attainment_rule(kind, above, a);
                assert_eq!(
                    rule.attainment(a),
                    attainment(kind, above, a),
                    "{kind:?} {above:?} {a}: {rule:?}"
                );
            }
        }
    }
    let band = Kind::Between(d("5"), d("6"));
    let rule = |above, a: &str| attainment_rule(band, above, d(a));
    assert_eq!(rule(Better::Band, "4.6"), Rule::BelowBand(d("5")));
    assert_eq!(rule(Better::Band, "6"), Rule::InsideBand(d("5"), d("6")));
    assert_eq!(rule(Better::Band, "6.6"), Rule::AboveBadBand(d("6")));
    assert_eq!(rule(Better::More, "6.6"), Rule::AboveBand(d("6")));
}

#[test]
fn machine_names_are_the_ones_csv_and_json_print() {
    let kinds = [
        Kind::AtLeast(d("1")),
        Kind::AtMost(d("1")),
        Kind::Between(d("1"), d("2")),
    ];
    assert_eq!(kinds.map(|k| k.name()), ["at_least", "at_most", "between"]);
    let lights = [Light::Green, Light::Amber, Light::Red, Light::Grey];
    assert_eq!(lights.map(Light::name), ["green", "amber", "red", "grey"]);
    assert_eq!(
        [Basis::Final, Basis::Pace].map(Basis::name),
        ["final", "pace"]
    );
    assert_eq!(
        Status::ALL.map(Status::is_success),
        [true, true, false, false, false]
    );
}

#[test]
fn the_rule_named_at_the_edges_is_the_one_that_applies() {
    let rule = |kind, a: &str| attainment_rule(kind, Better::Band, d(a));
    // A zero or negative target (or band start) has no ratio, whatever
    // the actual: explain says it is judged by comparison alone.
    assert_eq!(rule(Kind::AtLeast(d("0")), "1"), Rule::NoRatio);
    assert_eq!(rule(Kind::AtMost(d("0")), "1"), Rule::NoRatio);
    assert_eq!(rule(Kind::Between(d("0"), d("2")), "-1"), Rule::NoRatio);
    // At a band's ends the actual is inside it.
    let band = Kind::Between(d("5"), d("6"));
    assert_eq!(rule(band, "5"), Rule::InsideBand(d("5"), d("6")));
    assert_eq!(rule(band, "6"), Rule::InsideBand(d("5"), d("6")));
}

#[test]
fn a_band_where_less_is_better() {
    // The National Assembly's 2024 CPI target "4,0–4,5 %"; the year came in
    // at 3,63 %: below the band is better, 2 − 3.63 / 4.0 = 1.0925.
    let cpi = Kind::Between(d("4.0"), d("4.5"));
    let less = Better::Less;
    assert_eq!(pct2(attainment(cpi, less, d("3.63"))).unwrap(), "109.25");
    assert_eq!(judge(cpi, false, less, "3.63"), Status::Exceeded);
    assert_eq!(judge(cpi, false, less, "4.0"), Status::Met);
    assert_eq!(judge(cpi, false, less, "4.5"), Status::Met);
    // Above the band is bad: 2 − 4.7 / 4.5 = 0.95555… → 95.56 %, near at 90.
    assert_eq!(pct2(attainment(cpi, less, d("4.7"))).unwrap(), "95.56");
    assert_eq!(judge(cpi, false, less, "4.7"), Status::Near);
    // 2 − 5.5 / 4.5 = 0.7777… → not met
    assert_eq!(judge(cpi, false, less, "5.5"), Status::NotMet);
    // The amber zone lies above the band only: below it is exceeded.
    assert_eq!(near_zones(cpi, less, d("90")), vec![(d("4.5"), d("4.95"))]);
    // explain names the rule that gave the number
    assert_eq!(
        attainment_rule(cpi, less, d("3.63")),
        Rule::BelowBandLess(d("4.0"))
    );
    assert_eq!(
        attainment_rule(cpi, less, d("4.7")),
        Rule::AboveBadBand(d("4.5"))
    );
    // the same band more-is-better or as a band calls 3,63 near (90.75 %)
    assert_eq!(judge(cpi, false, Better::Band, "3.63"), Status::Near);
    assert_eq!(judge(cpi, false, Better::More, "3.63"), Status::Near);
}

#[test]
fn a_line_through_milestones() {
    let points = [(0, d("0")), (181, d("400")), (365, d("1200"))];
    assert_eq!(along(&points, 0), Some(d("0")));
    assert_eq!(along(&points, 181), Some(d("400")));
    assert_eq!(along(&points, 365), Some(d("1200")));
    // 30 June to 31 December: 400 + 800 × 92 / 184 = 800
    assert_eq!(along(&points, 273), Some(d("800")));
    // 90 of the first 181 days: 400 × 90 / 181
    assert_eq!(
        along(&points, 90).map(|v| v.round_dp(6)),
        Some(d("198.895028"))
    );
    assert_eq!(along(&points, 400), None);
}

#[test]
fn measured_changes_worked_by_hand() {
    let m = |measure, a: &str, p: Option<&str>| measured(measure, d(a), p.map(d));
    // A level is the actual, with or without P.
    assert_eq!(m(Measure::Level, "2.93", None), Some(d("2.93")));
    // VN 2023 poverty rate: 4,03 → 2,93 is a fall of 1,10 points.
    assert_eq!(m(Measure::Decrease, "2.93", Some("4.03")), Some(d("1.10")));
    // "tăng thêm 81 trường": 500 → 581.
    assert_eq!(m(Measure::Increase, "581", Some("500")), Some(d("81")));
    // Exports 100 → 92,7: growth −7,3 %; then attainment −7,3 / 9 = −81,11 %.
    let growth = m(Measure::Growth, "92.7", Some("100")).unwrap();
    assert_eq!(growth, d("-7.3"));
    let a = attainment(Kind::Between(d("9"), d("10")), Better::More, growth).unwrap();
    assert_eq!(round_pct(a, 2), d("-81.11"));
    // "giảm 30 % số hộ nghèo": 1,000 → 680 is a 32 % decline.
    assert_eq!(m(Measure::Decline, "680", Some("1000")), Some(d("32")));
    // A negative P: the change is on its size (−50 → −40 is +20 %).
    assert_eq!(m(Measure::Growth, "-40", Some("-50")), Some(d("20")));
    // No P, or a relative change from zero: no M.
    assert_eq!(m(Measure::Growth, "5", None), None);
    assert_eq!(m(Measure::Growth, "5", Some("0")), None);
    assert_eq!(m(Measure::Increase, "5", Some("0")), Some(d("5")));
}

#[test]
fn measure_names_round_trip() {
    for measure in Measure::ALL {
        assert_eq!(Measure::from_name(measure.name()), Some(measure));
    }
    assert!(!Measure::Level.is_change() && Measure::Decline.is_change());
    assert!(Measure::Growth.is_relative() && !Measure::Increase.is_relative());
}
