//! The formulas of reference §6 and the status rules of §7, as pure functions on
//! exact decimals: attainment, gap, progress, expected-to-date, pace,
//! projection, status, light and the group score.
//!
//! Nothing here reads a file, knows a row, rounds for display or caps a
//! value: 147.8 % stays 147.8 %. Percentages are ×100 and unrounded.
//!
//! It owns the words for what a target means ([`Kind`], [`Better`]): the
//! campaign reader produces them and the report judges by them, so calc
//! imports nothing from the campaign.

use rust_decimal::Decimal;

/// What "better" means for a target, with its value(s) (reference §2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    AtLeast(Decimal),
    AtMost(Decimal),
    Between(Decimal, Decimal),
}

impl Kind {
    /// The machine name used in the `kind` column.
    pub fn name(&self) -> &'static str {
        match self {
            Kind::AtLeast(_) => "at_least",
            Kind::AtMost(_) => "at_most",
            Kind::Between(..) => "between",
        }
    }
}

/// For `between`: which way is better, from the `above` and `below` keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Better {
    /// "GRDP +5–6 %": more is better (`above = "exceeded"`, the default).
    #[default]
    More,
    /// A band: above is as bad as below (`above = "bad"`).
    Band,
    /// "CPI 4,0–4,5 %": less is better (`above = "bad", below =
    /// "exceeded"`): below the band is exceeded.
    Less,
}

/// What a target's kind is compared with (reference §2 `measure`): the actual
/// itself, or its change from P, the value a year earlier (else the
/// baseline).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Measure {
    /// The actual A (the default).
    #[default]
    Level,
    /// A − P, in the target's unit ("tăng thêm 81 trường").
    Increase,
    /// P − A, in the target's unit ("giảm 1–1,5 điểm %").
    Decrease,
    /// (A − P) / |P| × 100 ("tăng 9–10 % so với năm trước").
    Growth,
    /// (P − A) / |P| × 100 ("giảm 30 % số hộ nghèo").
    Decline,
}

impl Measure {
    pub const ALL: [Measure; 5] = [
        Measure::Level,
        Measure::Increase,
        Measure::Decrease,
        Measure::Growth,
        Measure::Decline,
    ];

    /// The machine name used in the campaign file and the `measure` column.
    pub fn name(self) -> &'static str {
        match self {
            Measure::Level => "level",
            Measure::Increase => "increase",
            Measure::Decrease => "decrease",
            Measure::Growth => "growth",
            Measure::Decline => "decline",
        }
    }

    pub fn from_name(name: &str) -> Option<Measure> {
        Measure::ALL.into_iter().find(|m| m.name() == name)
    }

    /// A change from P rather than the actual itself.
    pub fn is_change(self) -> bool {
        self != Measure::Level
    }

    /// Whether M is a relative change in % (growth, decline) rather than
    /// a difference in the target's unit.
    pub fn is_relative(self) -> bool {
        matches!(self, Measure::Growth | Measure::Decline)
    }
}

/// The measured value M (reference §2, §6.2): the actual for `level`, else its
/// change from `previous`. None without P for a change, for a relative
/// change from P = 0, or on overflow. M may be negative: no capping.
pub fn measured(measure: Measure, actual: Decimal, previous: Option<Decimal>) -> Option<Decimal> {
    let relative = |num: Decimal, p: Decimal| {
        if p.is_zero() {
            return None;
        }
        num.checked_div(p.abs())?.checked_mul(HUNDRED)
    };
    match (measure, previous) {
        (Measure::Level, _) => Some(actual),
        (_, None) => None,
        (Measure::Increase, Some(p)) => actual.checked_sub(p),
        (Measure::Decrease, Some(p)) => p.checked_sub(actual),
        (Measure::Growth, Some(p)) => relative(actual.checked_sub(p)?, p),
        (Measure::Decline, Some(p)) => relative(p.checked_sub(actual)?, p),
    }
}

/// The five statuses of reference §7, best first (the derived order is used by
/// `--fail-on` and `--sort status`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Status {
    Exceeded,
    Met,
    Near,
    NotMet,
    NoData,
}

impl Status {
    pub const ALL: [Status; 5] = [
        Status::Exceeded,
        Status::Met,
        Status::Near,
        Status::NotMet,
        Status::NoData,
    ];

    /// The machine name used in csv/json and on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Status::Exceeded => "exceeded",
            Status::Met => "met",
            Status::Near => "near",
            Status::NotMet => "not_met",
            Status::NoData => "no_data",
        }
    }

    pub fn from_name(name: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|s| s.name() == name)
    }

    pub fn light(self) -> Light {
        match self {
            Status::Exceeded | Status::Met => Light::Green,
            Status::Near => Light::Amber,
            Status::NotMet => Light::Red,
            Status::NoData => Light::Grey,
        }
    }

    /// Met or exceeded: the "đạt và vượt" count.
    pub fn is_success(self) -> bool {
        matches!(self, Status::Exceeded | Status::Met)
    }
}

/// The traffic light of a status or a group score.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Light {
    Green,
    Amber,
    Red,
    Grey,
}

impl Light {
    pub fn name(self) -> &'static str {
        match self {
            Light::Green => "green",
            Light::Amber => "amber",
            Light::Red => "red",
            Light::Grey => "grey",
        }
    }
}

/// What a status was judged against (reference §7): the final target, or the
/// expected-to-date value of a phased target before the campaign's end.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Basis {
    Final,
    Pace,
}

impl Basis {
    pub fn name(self) -> &'static str {
        match self {
            Basis::Final => "final",
            Basis::Pace => "pace",
        }
    }
}

const HUNDRED: Decimal = Decimal::ONE_HUNDRED;
const TWO: Decimal = Decimal::TWO;

/// `a / t × 100`, or none when `t` is not positive or the division overflows.
fn ratio_pct(a: Decimal, t: Decimal) -> Option<Decimal> {
    if t <= Decimal::ZERO {
        return None;
    }
    a.checked_div(t)?.checked_mul(HUNDRED)
}

/// `(2 − a / t) × 100`: 100 % at target, a 10 % overshoot gives 90 %.
fn inverse_ratio_pct(a: Decimal, t: Decimal) -> Option<Decimal> {
    if t <= Decimal::ZERO {
        return None;
    }
    TWO.checked_sub(a.checked_div(t)?)?.checked_mul(HUNDRED)
}

/// Attainment in % (reference §6.1); none for a target of zero or less.
pub fn attainment(kind: Kind, above: Better, actual: Decimal) -> Option<Decimal> {
    match kind {
        Kind::AtLeast(t) => ratio_pct(actual, t),
        Kind::AtMost(t) => inverse_ratio_pct(actual, t),
        Kind::Between(low, high) => {
            if low <= Decimal::ZERO {
                None
            } else if actual < low {
                match above {
                    Better::Less => inverse_ratio_pct(actual, low),
                    Better::More | Better::Band => ratio_pct(actual, low),
                }
            } else if actual <= high {
                Some(HUNDRED)
            } else {
                match above {
                    Better::More => ratio_pct(actual, high),
                    Better::Band | Better::Less => inverse_ratio_pct(actual, high),
                }
            }
        }
    }
}

/// Gap = A − T in the target's unit (reference §6.2): for `between`, A − L
/// below the band, 0 inside, A − H above. None only on overflow.
pub fn gap(kind: Kind, actual: Decimal) -> Option<Decimal> {
    match kind {
        Kind::AtLeast(t) | Kind::AtMost(t) => actual.checked_sub(t),
        Kind::Between(low, high) => {
            if actual < low {
                actual.checked_sub(low)
            } else if actual <= high {
                Some(Decimal::ZERO)
            } else {
                actual.checked_sub(high)
            }
        }
    }
}

/// Progress = (A − B) / (T − B) × 100: how much of the planned change has
/// happened. None without a baseline or when T = B (reference §6.2).
pub fn progress(kind: Kind, above: Better, actual: Decimal, baseline: Decimal) -> Option<Decimal> {
    let t = match kind {
        Kind::AtLeast(t) | Kind::AtMost(t) => t,
        Kind::Between(_, high) if above != Better::More && actual > high => high,
        Kind::Between(low, _) => low,
    };
    let planned = t.checked_sub(baseline)?;
    if planned.is_zero() {
        return None;
    }
    actual
        .checked_sub(baseline)?
        .checked_div(planned)?
        .checked_mul(HUNDRED)
}

/// The elapsed share f of the campaign as an exact fraction, so that T × f
/// is computed as T × num / den with a single rounding: days elapsed over
/// days in the campaign (linear phasing), or a seasonal profile's share.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Elapsed {
    pub num: Decimal,
    pub den: Decimal,
}

impl Elapsed {
    /// `days` of `total` days.
    pub fn days(days: i64, total: i64) -> Elapsed {
        Elapsed {
            num: Decimal::from(days),
            den: Decimal::from(total),
        }
    }

    /// At or after the campaign's end (f = 1).
    pub fn is_complete(self) -> bool {
        self.num >= self.den
    }

    /// `value × f`.
    fn of(self, value: Decimal) -> Option<Decimal> {
        if self.den <= Decimal::ZERO {
            return None;
        }
        value.checked_mul(self.num)?.checked_div(self.den)
    }
}

/// How a target's expected-to-date value is phased (reference §6.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// A flow: expected = T × f.
    Flow,
    /// A level growing from its baseline: expected = B + (T − B) × f.
    Level { baseline: Decimal },
}

/// The expected-to-date target: the same kind with each bound phased.
pub fn expected(kind: Kind, phase: Phase, elapsed: Elapsed) -> Option<Kind> {
    let bound = |t: Decimal| -> Option<Decimal> {
        match phase {
            Phase::Flow => elapsed.of(t),
            Phase::Level { baseline } => {
                baseline.checked_add(elapsed.of(t.checked_sub(baseline)?)?)
            }
        }
    };
    Some(match kind {
        Kind::AtLeast(t) => Kind::AtLeast(bound(t)?),
        Kind::AtMost(t) => Kind::AtMost(bound(t)?),
        Kind::Between(l, h) => Kind::Between(bound(l)?, bound(h)?),
    })
}

/// The value at day `at` on the line through `points` (day, value), in
/// day order: between two points it runs straight from one to the next
/// (reference §6.3: a flow's milestones, from 0 at the start to T at the end).
/// None outside the points or on overflow.
pub fn along(points: &[(i64, Decimal)], at: i64) -> Option<Decimal> {
    let after = points.iter().position(|(day, _)| *day >= at)?;
    let (day_b, value_b) = points[after];
    if day_b == at || after == 0 {
        return (day_b == at).then_some(value_b);
    }
    let (day_a, value_a) = points[after - 1];
    let share = Decimal::from(at - day_a).checked_div(Decimal::from(day_b - day_a))?;
    value_a.checked_add(value_b.checked_sub(value_a)?.checked_mul(share)?)
}

/// Projected full-campaign value of a flow: A / f. None before any day has
/// elapsed.
pub fn projected(actual: Decimal, elapsed: Elapsed) -> Option<Decimal> {
    if elapsed.num <= Decimal::ZERO {
        return None;
    }
    actual.checked_mul(elapsed.den)?.checked_div(elapsed.num)
}

/// Status by exact comparison against `kind` (reference §7). `attainment` is the
/// attainment against the same `kind`; `near` the amber threshold in %.
pub fn status(
    kind: Kind,
    strict: bool,
    above: Better,
    actual: Option<Decimal>,
    attainment: Option<Decimal>,
    near: Decimal,
) -> Status {
    let Some(a) = actual else {
        return Status::NoData;
    };
    let judged = match kind {
        Kind::AtLeast(t) if a > t => Some(Status::Exceeded),
        Kind::AtLeast(t) if a == t && !strict => Some(Status::Met),
        Kind::AtMost(t) if a < t => Some(Status::Exceeded),
        Kind::AtMost(t) if a == t && !strict => Some(Status::Met),
        Kind::Between(l, h) if l <= a && a <= h => Some(Status::Met),
        Kind::Between(_, h) if a > h && above == Better::More => Some(Status::Exceeded),
        Kind::Between(l, _) if a < l && above == Better::Less => Some(Status::Exceeded),
        _ => None,
    };
    judged.unwrap_or(match attainment {
        Some(pct) if pct >= near => Status::Near,
        _ => Status::NotMet,
    })
}

/// One target's share in a group score.
#[derive(Debug, Clone, Copy)]
pub struct Scored {
    pub attainment: Option<Decimal>,
    pub weight: Decimal,
}

/// The group score of reference §7: the weighted mean of attainment clamped to
/// 0–120 %, over the targets that have an attainment. None when none has
/// one or all weights are zero.
pub fn group_score(members: &[Scored]) -> Option<Decimal> {
    let mut total = Decimal::ZERO;
    let mut weights = Decimal::ZERO;
    let cap = Decimal::from(120);
    for m in members {
        if let Some(a) = m.attainment {
            total = total.checked_add(a.clamp(Decimal::ZERO, cap).checked_mul(m.weight)?)?;
            weights = weights.checked_add(m.weight)?;
        }
    }
    if weights.is_zero() {
        return None;
    }
    total.checked_div(weights)
}

/// The light of a group score: green at 100 or more, amber at `near` or
/// more, red below; grey without a score.
pub fn score_light(score: Option<Decimal>, near: Decimal) -> Light {
    match score {
        None => Light::Grey,
        Some(s) if s >= HUNDRED => Light::Green,
        Some(s) if s >= near => Light::Amber,
        Some(_) => Light::Red,
    }
}

/// Change on the same period a year earlier, in % ("tăng X% so với cùng
/// kỳ"): (A − P) / |P| × 100. None when P is zero.
pub fn change_pct(actual: Decimal, previous: Decimal) -> Option<Decimal> {
    if previous.is_zero() {
        return None;
    }
    actual
        .checked_sub(previous)?
        .checked_div(previous.abs())?
        .checked_mul(HUNDRED)
}

/// Round a percentage half away from zero to `dp` places (reference §8).
pub fn round_pct(value: Decimal, dp: u32) -> Decimal {
    value.round_dp_with_strategy(dp, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
}

/// The actuals at which a miss is still `near` (attainment at or above the
/// `near` threshold, reference §6.1 and §7), as ranges: below the target for
/// `at_least` and a band's lower bound; above it for `at_most` and for a
/// band whose top is bad. A bound at or below zero has no attainment, and
/// so no such range. These are [`attainment`] solved for the actual.
pub fn near_zones(kind: Kind, above: Better, near: Decimal) -> Vec<(Decimal, Decimal)> {
    let share = near / HUNDRED;
    let below = |t: Decimal| (t > Decimal::ZERO).then(|| Some((t.checked_mul(share)?, t)));
    let over = |t: Decimal| {
        (t > Decimal::ZERO).then(|| Some((t, t.checked_mul(TWO.checked_sub(share)?)?)))
    };
    let zones = match kind {
        Kind::AtLeast(t) => vec![below(t)],
        Kind::AtMost(t) => vec![over(t)],
        Kind::Between(low, high) => match above {
            Better::More => vec![below(low)],
            Better::Band => vec![below(low), over(high)],
            Better::Less => vec![over(high)],
        },
    };
    zones.into_iter().flatten().flatten().collect()
}

// The rule behind an attainment, for `explain`: which formula of reference §6.1
// applied and to which bound, so that the explanation words calc's choice
// instead of restating it. (Kept apart from the functions above.)

/// Which formula of reference §6.1 gives the attainment of an actual.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    /// At least T, T > 0: A / T.
    Floor(Decimal),
    /// At most T, T > 0: 2 − A / T.
    Ceiling(Decimal),
    /// Below a band from L > 0: A / L.
    BelowBand(Decimal),
    /// Below a band from L > 0 where less is better: 2 − A / L.
    BelowBandLess(Decimal),
    /// Inside the band L–H, both ends included: 100 %.
    InsideBand(Decimal, Decimal),
    /// Above a band's top H where more is better: A / H.
    AboveBand(Decimal),
    /// Above a band's top H where more is bad: 2 − A / H.
    AboveBadBand(Decimal),
    /// A target (or a band's low end) of zero or less: no attainment, the
    /// status is judged by comparison alone.
    NoRatio,
}

/// The rule [`attainment`] applies to `actual` against `kind`.
pub fn attainment_rule(kind: Kind, above: Better, actual: Decimal) -> Rule {
    match kind {
        Kind::AtLeast(t) if t > Decimal::ZERO => Rule::Floor(t),
        Kind::AtMost(t) if t > Decimal::ZERO => Rule::Ceiling(t),
        Kind::Between(low, _) if low > Decimal::ZERO && actual < low => match above {
            Better::Less => Rule::BelowBandLess(low),
            Better::More | Better::Band => Rule::BelowBand(low),
        },
        Kind::Between(low, high) if low > Decimal::ZERO && actual <= high => {
            Rule::InsideBand(low, high)
        }
        Kind::Between(low, high) if low > Decimal::ZERO => match above {
            Better::More => Rule::AboveBand(high),
            Better::Band | Better::Less => Rule::AboveBadBand(high),
        },
        _ => Rule::NoRatio,
    }
}

impl Rule {
    /// The attainment in % this rule gives for `actual`: the same value as
    /// [`attainment`] (a test holds the two together).
    pub fn attainment(self, actual: Decimal) -> Option<Decimal> {
        match self {
            Rule::Floor(t) | Rule::BelowBand(t) | Rule::AboveBand(t) => ratio_pct(actual, t),
            Rule::Ceiling(t) | Rule::AboveBadBand(t) | Rule::BelowBandLess(t) => {
                inverse_ratio_pct(actual, t)
            }
            Rule::InsideBand(..) => Some(HUNDRED),
            Rule::NoRatio => None,
        }
    }
}

#[cfg(test)]
mod tests;
