//! What a target's bullet chart marks, in the target's unit: the target's
//! bounds as ticks, a band shaded, the zones where a miss is still near, the
//! expected-to-date value mid-year and the actual, and where each lies on
//! the chart's scale. The page only draws them at those places.

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

use crate::calc::{self, Basis, Kind, Status};
use crate::report::{GroupSummary, Row};

/// The marks of one target's chart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Marks {
    /// A tick per bound of the target.
    pub ticks: Vec<Decimal>,
    /// A `between` target's band.
    pub band: Option<(Decimal, Decimal)>,
    /// Where a missed value is still near. They explain the bar's colour,
    /// so they lie around what the status was judged against: the
    /// expected-to-date value mid-year.
    pub zones: Vec<(Decimal, Decimal)>,
    /// The expected-to-date value's bounds, when judged on pace.
    pub expected: Vec<Decimal>,
    pub actual: Option<Decimal>,
}

fn bounds(kind: Kind) -> Vec<Decimal> {
    match kind {
        Kind::AtLeast(t) | Kind::AtMost(t) => vec![t],
        Kind::Between(l, h) => vec![l, h],
    }
}

impl Marks {
    pub fn of(row: &Row) -> Marks {
        let expected = match (row.basis, row.expected) {
            (Basis::Pace, Some(e)) => Some(e),
            _ => None,
        };
        Marks {
            ticks: bounds(row.kind),
            band: match row.kind {
                Kind::Between(l, h) => Some((l, h)),
                _ => None,
            },
            zones: calc::near_zones(expected.unwrap_or(row.kind), row.above, row.near),
            expected: expected.map(bounds).unwrap_or_default(),
            // A change target is drawn by its M, as it is judged.
            actual: row.measured,
        }
    }
}

/// The marks of a chart placed on its scale: each as a share of the
/// chart's width, 0 at the left end and 1 at the right. A page multiplies
/// them by its width and does no arithmetic on the values.
#[derive(Debug, Clone, PartialEq)]
pub struct Placed {
    pub ticks: Vec<f64>,
    pub band: Option<(f64, f64)>,
    pub zones: Vec<(f64, f64)>,
    pub expected: Vec<f64>,
    /// The actual's bar, from zero to the actual (in either order).
    pub bar: (f64, f64),
    /// Where zero is, when the scale starts below it.
    pub zero: Option<f64>,
}

fn float(v: Decimal) -> f64 {
    v.to_f64().unwrap_or(0.0)
}

/// A linear scale from values to shares of the chart's width.
#[derive(Debug, Clone, Copy)]
struct Scale {
    lo: f64,
    hi: f64,
}

impl Scale {
    /// From 0 to 150 % of the target's top (its value, or a band's upper
    /// bound, or the expected-to-date value), stretched to take in the
    /// actual and the amber zone. The same scale serves `at_most`: the tick
    /// is then a ceiling and the amber zone lies above it.
    ///
    /// A zero (or negative) target has no size to scale by ("no
    /// organisation fails"), so the scale is sized by what it must show:
    /// from the lowest of 0, the actual and the target to the highest of 0
    /// and the actual, plus half again, so that the bar fills two thirds;
    /// with nothing to show either, one unit.
    fn of(marks: &[f64], zones: &[(f64, f64)], actual: f64) -> Scale {
        let top = marks.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let values = marks
            .iter()
            .copied()
            .chain([actual])
            .chain(zones.iter().flat_map(|(a, b)| [*a, *b]));
        let lo = values.clone().fold(0.0, f64::min);
        if top > 0.0 {
            let hi = values.fold(top * 1.5, f64::max);
            return Scale { lo, hi };
        }
        let span = actual.max(0.0) - lo;
        if span > 0.0 {
            Scale {
                lo,
                hi: lo + span * 1.5,
            }
        } else {
            Scale { lo, hi: lo + 1.0 }
        }
    }

    /// Where `v` lies, as a share of the width (clamped to the chart).
    fn share(&self, v: f64) -> f64 {
        let share = if self.hi > self.lo {
            (v - self.lo) / (self.hi - self.lo)
        } else {
            0.0
        };
        share.clamp(0.0, 1.0)
    }
}

impl Marks {
    /// The marks on their scale; none without an actual, whose chart is
    /// the empty track.
    pub fn placed(&self) -> Option<Placed> {
        let actual = float(self.actual?);
        let floats = |v: &[Decimal]| v.iter().map(|v| float(*v)).collect::<Vec<f64>>();
        let (ticks, expected) = (floats(&self.ticks), floats(&self.expected));
        let zones: Vec<(f64, f64)> = self
            .zones
            .iter()
            .map(|(a, b)| (float(*a), float(*b)))
            .collect();
        let scale = Scale::of(&[ticks.clone(), expected.clone()].concat(), &zones, actual);
        let at = |v: f64| scale.share(v);
        Some(Placed {
            ticks: ticks.iter().map(|v| at(*v)).collect(),
            band: self.band.map(|(l, h)| (at(float(l)), at(float(h)))),
            zones: zones.iter().map(|(a, b)| (at(*a), at(*b))).collect(),
            expected: expected.iter().map(|v| at(*v)).collect(),
            bar: (at(0.0), at(actual)),
            zero: (scale.lo < 0.0).then(|| at(0.0)),
        })
    }
}

/// A trend's columns as shares of the sparkline's height: each step's
/// attainment over the highest (or 100 %, if higher), and where 100 % is.
pub fn trend_heights(attainments: &[Option<Decimal>]) -> (Vec<Option<f64>>, f64) {
    let values: Vec<Option<f64>> = attainments.iter().map(|v| v.map(float)).collect();
    let top = values.iter().flatten().copied().fold(100.0, f64::max);
    let heights = values.iter().map(|v| v.map(|v| v.max(0.0) / top)).collect();
    (heights, 100.0 / top)
}

/// A group's targets split by status, best first: each status that occurs
/// with its count and its share of the group.
pub fn status_shares(group: &GroupSummary) -> Vec<(Status, usize, f64)> {
    let total = group.targets.max(1) as f64;
    Status::ALL
        .into_iter()
        .map(|s| (s, group.counts[s as usize]))
        .filter(|(_, n)| *n > 0)
        .map(|(s, n)| (s, n, n as f64 / total))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_zero_target_is_scaled_by_its_actual() {
        let one = Scale::of(&[0.0], &[], 1.0);
        assert_eq!((one.lo, one.hi), (0.0, 1.5));
        let none = Scale::of(&[0.0], &[], 0.0);
        assert_eq!((none.lo, none.hi), (0.0, 1.0));
        // A positive target: to 150 % of it, or further to take in the actual.
        let plain = Scale::of(&[100.0], &[(90.0, 100.0)], 80.0);
        assert_eq!((plain.lo, plain.hi), (0.0, 150.0));
        let beyond = Scale::of(&[100.0], &[], 180.0);
        assert_eq!(beyond.hi, 180.0);
        assert_eq!((beyond.share(180.0), beyond.share(0.0)), (1.0, 0.0));
        // below zero, the scale starts at the lowest value shown, and the
        // bar from there to zero fills two thirds
        let negative = Scale::of(&[0.0], &[], -2.0);
        assert_eq!((negative.lo, negative.hi), (-2.0, 1.0));
    }

    #[test]
    fn trend_heights_are_shares_of_the_highest_or_100() {
        let d = |s: &str| Some(s.parse::<Decimal>().unwrap());
        let (heights, hundred) = trend_heights(&[d("50"), None, d("200"), d("-10")]);
        assert_eq!(heights, [Some(0.25), None, Some(1.0), Some(0.0)]);
        assert_eq!(hundred, 0.5);
    }
}
