//! The machine view of a report: the reference §8 columns and their cells,
//! exact numbers and machine names, for csv, tsv and json.

use rust_decimal::Decimal;

use crate::calc::{self, Status};
use crate::calc::{Kind, Measure};
use crate::ingest::Skip;
use crate::labels::Lang;
use crate::number;
use crate::report::{By, GroupSummary, Report, Row, TrendCell};

/// The columns of reference §8, in order.
pub const COLUMNS: [&str; 27] = [
    "id",
    "name",
    "group",
    "unit",
    "kind",
    "target",
    "target_low",
    "target_high",
    "original_target",
    "baseline",
    "actual",
    "gap",
    "attainment_pct",
    "progress_pct",
    "expected",
    "pace_pct",
    "projected",
    "projected_pct",
    "status",
    "light",
    "basis",
    "rows_used",
    "source",
    "previous",
    "change_pct",
    "measure",
    "measured",
];

/// One machine cell: text, an exact number, a count, or absent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cell {
    Text(String),
    Number(Decimal),
    Count(u64),
    Empty,
}

/// Decimal places for derived values that are not exact (T × f, A / f).
const DERIVED_DP: u32 = 6;

/// A percentage, rounded half away from zero to exactly 2 places ("99.60").
fn pct(v: Option<Decimal>) -> Cell {
    v.map_or(Cell::Empty, |v| {
        let mut r = calc::round_pct(v, 2);
        r.rescale(2);
        Cell::Number(r)
    })
}

/// A value as computed: exact where the inputs made it exact (a sum, a
/// last value, a mean whose division ends). A division that does not end
/// (the mean of 30.1, 30.05 and 30.04) fills every digit a decimal holds;
/// those digits are not in any input, so such a value is rounded to
/// [`DERIVED_DP`] places like the other derived values.
fn exact(v: Option<Decimal>) -> Cell {
    v.map_or(Cell::Empty, |v| Cell::Number(settled(v)))
}

/// Whether `v` is the unending result of a division (see [`settled`]).
fn inexact(v: Option<Decimal>) -> bool {
    v.is_some_and(|v| settled(v) != v.normalize())
}

/// `v`, rounded to [`DERIVED_DP`] places when it is the unending result
/// of a division: 27 or more significant digits, which no input has.
fn settled(v: Decimal) -> Decimal {
    let v = v.normalize();
    let digits = v
        .mantissa()
        .unsigned_abs()
        .checked_ilog10()
        .map_or(1, |d| d + 1);
    if digits >= 27 && v.scale() > DERIVED_DP {
        calc::round_pct(v, DERIVED_DP).normalize()
    } else {
        v
    }
}

fn derived(v: Option<Decimal>) -> Cell {
    v.map_or(Cell::Empty, |v| {
        Cell::Number(calc::round_pct(v, DERIVED_DP).normalize())
    })
}

fn text(s: &str) -> Cell {
    if s.is_empty() {
        Cell::Empty
    } else {
        Cell::Text(s.to_string())
    }
}

/// The machine columns of this report: [`COLUMNS`], with `entity` after
/// `id` for `--by entity`.
pub fn columns(report: &Report) -> Vec<&'static str> {
    let mut cols = COLUMNS.to_vec();
    if report.by == By::Entity {
        cols.insert(1, "entity");
    }
    cols
}

/// The machine cells of one row, in [`columns`] order.
pub fn cells(row: &Row, lang: Lang, by_entity: bool) -> Vec<Cell> {
    let mut out = target_cells(row, lang).to_vec();
    if !row.judged {
        // An entity's share of a flow, with no target of its own: the
        // judgement columns stay empty rather than compare it with the
        // campaign's target.
        for (i, name) in COLUMNS.iter().enumerate() {
            if !matches!(
                *name,
                "id" | "name"
                    | "group"
                    | "unit"
                    | "kind"
                    | "actual"
                    | "rows_used"
                    | "source"
                    | "previous"
                    | "change_pct"
                    | "measure"
                    | "measured"
            ) {
                out[i] = Cell::Empty;
            }
        }
    }
    if by_entity {
        out.insert(1, text(row.entity.as_deref().unwrap_or("")));
    }
    out
}

/// The reference §8 cells of one row.
fn target_cells(row: &Row, lang: Lang) -> [Cell; 27] {
    let (low, high) = row.band().unzip();
    // For a between target the expected column holds the phased lower bound.
    let expected = row.expected.map(|k| match k {
        Kind::AtLeast(t) | Kind::AtMost(t) => t,
        Kind::Between(l, _) => l,
    });
    [
        text(&row.id),
        text(row.name.get(lang, &row.id)),
        text(row.group.as_deref().unwrap_or("")),
        text(&row.unit),
        text(row.kind.name()),
        exact(row.target()),
        exact(low),
        exact(high),
        text(
            &row.original_target
                .map(|k| written_target(k, row.strict))
                .unwrap_or_default(),
        ),
        exact(row.baseline),
        exact(row.actual),
        match row.measure.is_relative() {
            true => pct(row.gap),
            // A gap from an actual that had to be rounded is rounded alike.
            false if inexact(row.actual) => derived(row.gap),
            false => exact(row.gap),
        },
        pct(row.attainment_pct),
        pct(row.progress_pct),
        derived(expected),
        pct(row.pace_pct),
        derived(row.projected),
        pct(row.projected_pct),
        text(row.status.name()),
        text(row.light().name()),
        text(row.basis.name()),
        Cell::Count(row.rows_used),
        text(&row.source),
        exact(row.previous),
        pct(row.change_pct),
        text(row.measure.name()),
        measured(row.measure, row.measured),
    ]
}

/// M as machine formats hold it: a growth or decline is a percentage
/// (2 places); an increase, a decrease or a level is exact.
fn measured(measure: Measure, value: Option<Decimal>) -> Cell {
    match measure.is_relative() {
        true => pct(value),
        false => exact(value),
    }
}

/// Whether any row of the report is a change target: only then do the
/// trend's steps carry a measured value.
pub fn has_changes(report: &Report) -> bool {
    report.rows.iter().any(|r| r.measure.is_change())
}

/// A target as written, with plain numbers, for machine formats'
/// `original_target`: `≥ 92070`, `≤ 1.1`, `5–6`, `> 80`.
pub fn written_target(kind: Kind, strict: bool) -> String {
    let n = |v: Decimal| number::format_plain(v, None);
    match kind {
        Kind::AtLeast(t) => format!("{} {}", if strict { ">" } else { "≥" }, n(t)),
        Kind::AtMost(t) => format!("{} {}", if strict { "<" } else { "≤" }, n(t)),
        Kind::Between(l, h) => format!("{}–{}", n(l), n(h)),
    }
}

/// The columns of `--by group` in machine formats.
pub const GROUP_COLUMNS: [&str; 10] = [
    "group",
    "targets",
    "exceeded",
    "met",
    "near",
    "not_met",
    "no_data",
    "met_or_exceeded",
    "score",
    "light",
];

/// The machine cells of one group, in [`GROUP_COLUMNS`] order.
pub fn group_cells(g: &GroupSummary) -> [Cell; 10] {
    let count = |s: Status| Cell::Count(g.counts[s as usize] as u64);
    [
        text(g.name.as_deref().unwrap_or("")),
        Cell::Count(g.targets as u64),
        count(Status::Exceeded),
        count(Status::Met),
        count(Status::Near),
        count(Status::NotMet),
        count(Status::NoData),
        Cell::Count((g.counts[Status::Exceeded as usize] + g.counts[Status::Met as usize]) as u64),
        pct(g.score),
        text(g.light.name()),
    ]
}

/// How many rows were skipped for each reason, by the reason's machine name.
pub fn skipped(report: &Report) -> Vec<(&'static str, u64)> {
    Skip::ALL
        .into_iter()
        .map(|reason| (reason.name(), report.ledger.skipped(reason)))
        .collect()
}

/// A group's score as machine formats hold it: exactly two places.
pub fn score(g: &GroupSummary) -> Option<Decimal> {
    match pct(g.score) {
        Cell::Number(d) => Some(d),
        _ => None,
    }
}

/// A step of a target's trend: its cumulative actual, its attainment, and
/// the value judged (M for a change target).
pub fn step_cells(row: &Row, step: &TrendCell) -> [Cell; 3] {
    [
        exact(step.actual),
        pct(step.attainment_pct),
        measured(row.measure, step.measured),
    ]
}

/// The steps' names: `2022-03`, or `2022-Q1` for quarters.
pub fn step_names(report: &Report) -> Vec<String> {
    super::words::step_labels(report, Lang::En).collect()
}

/// Whether the report is a row per group (`--by group`).
pub fn is_by_group(report: &Report) -> bool {
    report.by == By::Group
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn only_a_division_that_does_not_end_is_rounded() {
        // The mean of 30.1, 30.05 and 30.04.
        let mean = (d("30.1") + d("30.05") + d("30.04")) / d("3");
        assert_eq!(settled(mean).to_string(), "30.063333");
        assert!(inexact(Some(mean)));
        // Exact values keep every place the inputs gave them.
        for exact in [
            "30.0633333",
            "0.000000001",
            "123456789012.123456789",
            "7.39",
        ] {
            assert_eq!(settled(d(exact)), d(exact).normalize(), "{exact}");
        }
        let third = d("1234567890") / d("3");
        assert_eq!(settled(third).to_string(), "411522630");
    }
}
