//! What a target's bullet chart marks, in the target's unit: the target's
//! bounds as ticks, a band shaded, the zones where a miss is still near, the
//! expected-to-date value mid-year and the actual. The page only places
//! them on its scale.

use rust_decimal::Decimal;

use crate::calc::Kind;
use crate::calc::{self, Basis};
use crate::report::Row;

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
            actual: row.actual,
        }
    }
}
