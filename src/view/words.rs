//! Numbers, targets and statuses in people's words: in a locale's style
//! (`30.567`, `6,9 %`) and a language (`đạt`, `met`). Every human format
//! writes them through here, so the table, Markdown, HTML and the workbook
//! say the same thing.

use rust_decimal::Decimal;

use crate::calc::{self, Basis, Status};
use crate::calc::{Kind, Measure};
use crate::ingest::{Bucket, Grain, Skip};
use crate::labels::Lang;
use crate::number::{self, Locale};
use crate::report::Report;

/// A status as people say it: "exceeded"/"vượt", or on a pace basis
/// "ahead"/"vượt tiến độ".
pub fn status_label(status: Status, basis: Basis, lang: Lang) -> &'static str {
    use Status::*;
    match (basis, lang, status) {
        (_, Lang::En, NoData) => "no data",
        (_, Lang::Vi, NoData) => "chưa có số liệu",
        (Basis::Final, Lang::En, Exceeded) => "exceeded",
        (Basis::Final, Lang::En, Met) => "met",
        (Basis::Final, Lang::En, Near) => "near",
        (Basis::Final, Lang::En, NotMet) => "not met",
        (Basis::Final, Lang::Vi, Exceeded) => "vượt",
        (Basis::Final, Lang::Vi, Met) => "đạt",
        (Basis::Final, Lang::Vi, Near) => "gần đạt",
        (Basis::Final, Lang::Vi, NotMet) => "không đạt",
        (Basis::Pace, Lang::En, Exceeded) => "ahead",
        (Basis::Pace, Lang::En, Met) => "on track",
        (Basis::Pace, Lang::En, Near) => "at risk",
        (Basis::Pace, Lang::En, NotMet) => "off track",
        (Basis::Pace, Lang::Vi, Exceeded) => "vượt tiến độ",
        (Basis::Pace, Lang::Vi, Met) => "đúng tiến độ",
        (Basis::Pace, Lang::Vi, Near) => "chậm tiến độ",
        (Basis::Pace, Lang::Vi, NotMet) => "không đạt tiến độ",
    }
}

/// A value for people: exact when it has few decimals, else rounded to 2.
pub fn human_number(v: Decimal, locale: Locale) -> String {
    number::format(v.normalize(), locale, Some(human_decimals(v)))
}

/// The places a row's values show (see [`row_places`]), unless a value
/// that is not zero would show as zero at them: then as many as
/// [`human_number`] gives it, so that a small gap never reads `0`.
pub fn places_for(v: Decimal, places: u32) -> u32 {
    if v.is_zero()
        || !number::format(v, Locale::En, Some(places))
            .trim_start_matches(['-', '0', '.'])
            .is_empty()
    {
        places
    } else {
        human_decimals(v).max(places)
    }
}

/// The places every value of a row shows (actual, gap, expected,
/// projection): as many as its plan and its actual show by themselves
/// ([`human_decimals`]), so that a column reads evenly within a row and a
/// count (a plan and actual of whole numbers) never gets a fractional
/// expected value or projection.
pub fn row_places<I: IntoIterator<Item = Decimal>>(written: I) -> u32 {
    written.into_iter().map(human_decimals).max().unwrap_or(0)
}

/// `v` at `places` (see [`places_for`]).
pub fn number_at(v: Decimal, places: u32, locale: Locale) -> String {
    number::format(v, locale, Some(places_for(v, places)))
}

/// The places [`human_number`] shows: all of them up to four; else two,
/// or for a small value as many as keep three significant digits (up to
/// ten) instead of becoming 0,00.
pub fn human_decimals(v: Decimal) -> u32 {
    let v = v.normalize();
    if v.scale() <= 4 {
        return v.scale();
    }
    if v.abs() >= Decimal::ONE {
        return 2;
    }
    let mut dp = 2;
    while dp < 10 && v.abs() * Decimal::from(10u64.pow(dp)) < Decimal::ONE_HUNDRED {
        dp += 1;
    }
    dp
}

/// A percentage next to a status, for people: rounded like [`human_pct`],
/// but never onto the other side of the boundary that decided the status —
/// 99.995 % of a missed target shows as 99.995 %, not 100.0 %.
pub fn judged_pct(v: Decimal, status: Status, near: Decimal, locale: Locale) -> String {
    let dp = judged_decimals(v, status, near, 1);
    let n = number::format(v, locale, Some(dp));
    match locale {
        Locale::En => format!("{n}%"),
        Locale::Vi => format!("{n} %"),
    }
}

/// A percentage for people: one decimal, `99.6%` (en) or `99,6 %` (vi).
pub fn human_pct(v: Decimal, locale: Locale) -> String {
    let n = number::format(v, locale, Some(1));
    match locale {
        Locale::En => format!("{n}%"),
        Locale::Vi => format!("{n} %"),
    }
}

/// A gap for people, signed, in percentage points for % targets.
pub fn human_gap(v: Decimal, points: bool, places: u32, locale: Locale) -> String {
    let n = number::format(v, locale, Some(places_for(v, places)));
    let signed = if v > Decimal::ZERO {
        format!("+{n}")
    } else {
        n
    };
    if points {
        format!("{signed} pp")
    } else {
        signed
    }
}

/// The target as written: `≥ 92.070`, `≤ 1,1`, `5–6`, `> 80`.
pub fn human_target(kind: Kind, strict: bool, locale: Locale) -> String {
    let n = |v: Decimal| human_number(v, locale);
    match kind {
        Kind::AtLeast(t) => format!("{} {}", if strict { ">" } else { "≥" }, n(t)),
        Kind::AtMost(t) => format!("{} {}", if strict { "<" } else { "≤" }, n(t)),
        Kind::Between(l, h) => format!("{}–{}", n(l), n(h)),
    }
}

/// The header of one step of a trend: `2022-03` or `2022-Q1` (en),
/// `03/2022` or `Q1/2022` (vi).
pub fn step_label(step: &crate::period::Span, quarterly: bool, lang: Lang) -> String {
    use chrono::Datelike;
    let (year, month) = (step.start.year(), step.start.month());
    match (quarterly, lang) {
        (false, Lang::En) => format!("{year}-{month:02}"),
        (false, Lang::Vi) => format!("{month:02}/{year}"),
        (true, Lang::En) => format!("{year}-Q{}", (month - 1) / 3 + 1),
        (true, Lang::Vi) => format!("Q{}/{year}", (month - 1) / 3 + 1),
    }
}

/// The labels of a report's trend steps, in months or quarters as it was
/// asked for.
pub fn step_labels(report: &Report, lang: Lang) -> impl Iterator<Item = String> + '_ {
    let quarterly = report.grain == Some(Grain::Quarter);
    report
        .steps
        .iter()
        .map(move |s| step_label(s, quarterly, lang))
}

/// An attainment bar for the terminal: 15 cells for 0–150 % in eighth
/// blocks, with a tick after the tenth cell marking 100 %. Above 150 % the
/// bar is full and ends in `▸`; below 0 it is empty.
pub fn bar(pct: Option<Decimal>) -> String {
    const EIGHTHS: [char; 8] = ['▏', '▎', '▍', '▌', '▋', '▊', '▉', '█'];
    let Some(pct) = pct else {
        return String::new();
    };
    // In eighths of a cell, each cell 10 %, rounded down so that a missed
    // target never reaches the tick.
    let eighths = (pct.max(Decimal::ZERO).min(Decimal::from(150)) * Decimal::from(8)
        / Decimal::TEN)
        .floor()
        .to_string()
        .parse::<usize>()
        .unwrap_or(0);
    let mut out = String::new();
    for cell in 0..15 {
        if cell == 10 {
            out.push('│');
        }
        let filled = eighths.saturating_sub(cell * 8).min(8);
        out.push(match filled {
            0 => ' ',
            n => EIGHTHS[n - 1],
        });
    }
    if pct > Decimal::from(150) {
        out.push('▸');
    }
    out.trim_end().to_string()
}

/// A sparkline of attainment, one eighth-block per step, scaled so that the
/// highest value (or 100 %, if higher) is a full block; a gap is a space.
pub fn sparkline(values: &[Option<Decimal>]) -> String {
    const BLOCKS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    let top = values
        .iter()
        .flatten()
        .copied()
        .fold(Decimal::ONE_HUNDRED, Decimal::max);
    values
        .iter()
        .map(|v| match v {
            None => ' ',
            Some(v) => {
                let share = (v.max(&Decimal::ZERO) * Decimal::from(7) / top).round();
                let i = usize::try_from(share.mantissa()).unwrap_or(0).min(7);
                BLOCKS[i]
            }
        })
        .collect()
}

/// The decimals a percentage next to a status needs, at least `least`:
/// more when fewer would round it onto the other side of the boundary that
/// decided the status (99.996 % of a missed target is not 100.00 %). The
/// table asks for one, the workbook for two.
pub fn judged_decimals(v: Decimal, status: Status, near: Decimal, least: u32) -> u32 {
    let limit = match status {
        Status::Near => Some(Decimal::ONE_HUNDRED),
        Status::NotMet => Some(near.min(Decimal::ONE_HUNDRED)),
        _ => None,
    };
    let mut dp = least;
    while let Some(limit) = limit {
        if dp >= 6 || calc::round_pct(v, dp) < limit || v >= limit {
            break;
        }
        dp += 1;
    }
    dp
}

/// A signed percentage (change on last year): `+3.2%`, `-1,0 %`.
pub fn signed_pct(v: Decimal, locale: Locale) -> String {
    let n = human_pct(v, locale);
    if v > Decimal::ZERO {
        format!("+{n}")
    } else {
        n
    }
}

/// What a status was judged against, in words: the machine name in
/// English (`final`, `pace`), as `basis` is in csv; in Vietnamese the
/// words a report uses.
pub fn basis_label(basis: Basis, lang: Lang) -> &'static str {
    match (basis, lang) {
        (_, Lang::En) => basis.name(),
        (Basis::Final, Lang::Vi) => "kế hoạch cả kỳ",
        (Basis::Pace, Lang::Vi) => "tiến độ",
    }
}

/// A skip reason in Vietnamese, as the ledger, the Rows sheet, `check`,
/// `explain` and the `--strict` error all say it.
pub fn skip_words_vi(reason: Skip) -> &'static str {
    match reason {
        Skip::UnknownIndicator => "chỉ tiêu không có trong kế hoạch",
        Skip::EmptyValue => "không có giá trị",
        Skip::OutsideCampaign => "ngoài kỳ kế hoạch",
        Skip::AfterAsOf => "sau ngày báo cáo",
        Skip::Overlap => "trùng kỳ với số liệu khác",
        Skip::Superseded => "đã có số công bố sau",
    }
}

/// What a skip reason means, in Vietnamese words a clerk can act on (the
/// English is `check::skip_explanation`).
pub fn skip_explanation_vi(reason: Skip) -> &'static str {
    match reason {
        Skip::UnknownIndicator => "không có chỉ tiêu nào mang mã này",
        Skip::EmptyValue => "ô giá trị để trống",
        Skip::OutsideCampaign => "kỳ của dòng không nằm trong kỳ kế hoạch",
        Skip::AfterAsOf => "kỳ của dòng kết thúc sau ngày báo cáo",
        Skip::Overlap => {
            "một số liệu mới hơn hoặc của kỳ dài hơn, trùng với kỳ này, được dùng thay"
        }
        Skip::Superseded => "số công bố sau của cùng kỳ được dùng thay",
    }
}

/// Where an actuals row went, in words: the machine name in English; in
/// Vietnamese the words with the machine name after them, so that the
/// name `attain check` prints can still be searched for.
pub fn bucket_label(bucket: Bucket, lang: Lang) -> String {
    let words = match bucket {
        Bucket::Used => "sử dụng",
        Bucket::Comparison => "so sánh cùng kỳ",
        Bucket::Skipped(skip) => skip_words_vi(skip),
    };
    match lang {
        Lang::En => bucket.name().to_string(),
        Lang::Vi => format!("{words} ({})", bucket.name()),
    }
}

/// The unit a change is written in: % for a growth or a decline,
/// percentage points for a change of a rate, else the target's own unit
/// (the unit column says it).
fn change_unit(measure: Measure, unit_is_percent: bool, lang: Lang) -> &'static str {
    match (measure.is_relative(), unit_is_percent, lang) {
        (true, _, _) => " %",
        (false, true, Lang::En) => " pp",
        (false, true, Lang::Vi) => " điểm %",
        (false, false, _) => "",
    }
}

/// A change target's plan as the plan writes it: "giảm 1–1,5 điểm %",
/// "tăng 9–10 %", "tăng ≥ 81" (en: "down 1–1.5 pp", "up 9–10 %").
pub fn human_change_plan(
    measure: Measure,
    plan: &str,
    unit_is_percent: bool,
    lang: Lang,
) -> String {
    let way = match (measure, lang) {
        (Measure::Level, _) => return plan.to_string(),
        (Measure::Increase | Measure::Growth, Lang::En) => "up",
        (Measure::Decrease | Measure::Decline, Lang::En) => "down",
        (Measure::Increase | Measure::Growth, Lang::Vi) => "tăng",
        (Measure::Decrease | Measure::Decline, Lang::Vi) => "giảm",
    };
    let unit = change_unit(measure, unit_is_percent, lang);
    format!("{way} {plan}{unit}")
}

/// A measured change as the plan would write it: a rise signed ("+9,5 %",
/// "-7,3 %", "+81"), a fall in words ("giảm 1,10 điểm %"; a rate that
/// went up instead: "tăng 0,2 điểm %"). A relative change shows one
/// decimal, as percentages do; a difference shows its digits.
pub fn human_change(
    measure: Measure,
    m: Decimal,
    unit_is_percent: bool,
    locale: Locale,
    lang: Lang,
) -> String {
    let unit = change_unit(measure, unit_is_percent, lang);
    // 4,03 − 2,93 is written 1,10, as the figures it comes from are.
    let digits = |v: Decimal| match (measure.is_relative(), v.scale()) {
        (true, _) => number::format(v, locale, Some(1)),
        (false, dp @ 0..=4) => number::format(v, locale, Some(dp)),
        (false, _) => human_number(v, locale),
    };
    match measure {
        Measure::Level => human_number(m, locale),
        Measure::Increase | Measure::Growth => {
            let sign = if m > Decimal::ZERO { "+" } else { "" };
            format!("{sign}{}{unit}", digits(m))
        }
        Measure::Decrease | Measure::Decline => {
            let way = match (m.is_sign_negative() && !m.is_zero(), lang) {
                (false, Lang::En) => "down",
                (false, Lang::Vi) => "giảm",
                (true, Lang::En) => "up",
                (true, Lang::Vi) => "tăng",
            };
            format!("{way} {}{unit}", digits(m.abs()))
        }
    }
}

/// An expected-to-date value: the number, or a band's two bounds.
pub fn human_expected(expected: Kind, places: u32, locale: Locale) -> String {
    let n = |v: Decimal| number_at(v, places, locale);
    match expected {
        Kind::AtLeast(t) | Kind::AtMost(t) => n(t),
        Kind::Between(l, h) => format!("{}–{}", n(l), n(h)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn a_row_shows_its_values_at_the_places_its_plan_and_actual_have() {
        // A count: plan and actual whole, so the expected value is whole.
        let places = row_places([d("1000"), d("90")]);
        assert_eq!(places, 0);
        assert_eq!(number_at(d("246.575342"), places, Locale::En), "247");
        // A mean shown at two places: its gap at two as well.
        let places = row_places([d("30"), d("30.063333333333333333333333333")]);
        assert_eq!(places, 2);
        assert_eq!(
            human_gap(
                d("0.063333333333333333333333333"),
                false,
                places,
                Locale::Vi
            ),
            "+0,06"
        );
        // A gap too small for the row's places is not shown as zero.
        assert_eq!(human_gap(d("-0.004"), true, 1, Locale::En), "-0.004 pp");
        assert_eq!(human_gap(d("0"), true, 1, Locale::En), "0.0 pp");
    }

    #[test]
    fn targets_are_shown_as_written() {
        assert_eq!(
            human_target(Kind::AtLeast(d("92070")), false, Locale::Vi),
            "≥ 92.070"
        );
        assert_eq!(
            human_target(Kind::AtMost(d("1.1")), false, Locale::Vi),
            "≤ 1,1"
        );
        assert_eq!(
            human_target(Kind::Between(d("5"), d("6")), false, Locale::En),
            "5–6"
        );
        assert_eq!(
            human_target(Kind::AtLeast(d("80")), true, Locale::En),
            "> 80"
        );
    }

    #[test]
    fn bars_fill_ten_cells_to_100_percent_then_the_tick() {
        assert_eq!(bar(Some(d("100"))), "██████████│");
        // the tick stays visible for a short bar
        assert_eq!(bar(Some(d("50"))), "█████     │");
        assert_eq!(bar(Some(d("55"))), "█████▌    │");
        // a missed target never touches the tick
        assert_eq!(bar(Some(d("99.6"))), "█████████▉│");
        assert_eq!(bar(Some(d("123.17"))), "██████████│██▎");
        assert_eq!(bar(Some(d("200"))), "██████████│█████▸");
        assert_eq!(bar(Some(d("-20"))), "          │");
        assert_eq!(bar(None), "");
    }

    #[test]
    fn sparklines_scale_to_the_larger_of_the_top_and_100() {
        let v = |x: &str| Some(d(x));
        assert_eq!(sparkline(&[v("0"), v("50"), v("100"), None]), "▁▅█ ");
        // 150 % is the top: 100 % is then two thirds of the way up
        assert_eq!(sparkline(&[v("150"), v("100"), v("-20")]), "█▆▁");
    }

    #[test]
    fn step_labels_follow_the_language() {
        let jan = crate::period::Span::parse("2022-01").unwrap();
        let q3 = crate::period::Span::parse("2022-Q3").unwrap();
        assert_eq!(step_label(&jan, false, Lang::En), "2022-01");
        assert_eq!(step_label(&jan, false, Lang::Vi), "01/2022");
        assert_eq!(step_label(&q3, true, Lang::Vi), "Q3/2022");
    }

    #[test]
    fn a_percentage_never_rounds_across_the_boundary_of_its_status() {
        let near = d("90");
        assert_eq!(
            judged_pct(d("99.995"), Status::Near, near, Locale::En),
            "99.995%"
        );
        assert_eq!(
            judged_pct(d("89.996"), Status::NotMet, near, Locale::En),
            "89.996%"
        );
        assert_eq!(
            judged_pct(d("99.6"), Status::Near, near, Locale::En),
            "99.6%"
        );
        assert_eq!(
            judged_pct(d("100.04"), Status::Exceeded, near, Locale::En),
            "100.0%"
        );
    }

    #[test]
    fn small_values_keep_significant_digits() {
        assert_eq!(human_number(d("0.00001234"), Locale::En), "0.0000123");
        assert_eq!(human_number(d("0.94"), Locale::Vi), "0,94");
        assert_eq!(human_number(d("7.3333333"), Locale::En), "7.33");
    }

    #[test]
    fn percentages_follow_the_locale() {
        assert_eq!(human_pct(d("99.5981"), Locale::Vi), "99,6 %");
        assert_eq!(human_pct(d("99.5981"), Locale::En), "99.6%");
    }
}
