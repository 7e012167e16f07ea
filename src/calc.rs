//! The formulas of SPEC §6 and the status rules of §7, as pure functions on
//! exact decimals: attainment, gap, progress, expected-to-date, pace,
//! projection, status, light and the group score.
//!
//! Nothing here reads a file, knows a row, rounds for display or caps a
//! value: 147.8 % stays 147.8 %. Percentages are ×100 and unrounded.
//!
//! It owns the words for what a target means ([`Kind`], [`Above`]): the
//! campaign reader produces them and the report judges by them, so calc
//! imports nothing from the campaign.

use rust_decimal::Decimal;

/// What "better" means for a target, with its value(s) (SPEC §2).
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

/// For `between`: is a value above the band good or bad?
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Above {
    /// "GRDP +5–6 %": more is better.
    #[default]
    Exceeded,
    /// A band such as inflation: above is as bad as below.
    Bad,
}

/// The five statuses of SPEC §7, best first (the derived order is used by
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

/// What a status was judged against (SPEC §7): the final target, or the
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

/// Attainment in % (SPEC §6.1); none for a target of zero or less.
pub fn attainment(kind: Kind, above: Above, actual: Decimal) -> Option<Decimal> {
    match kind {
        Kind::AtLeast(t) => ratio_pct(actual, t),
        Kind::AtMost(t) => inverse_ratio_pct(actual, t),
        Kind::Between(low, high) => {
            if low <= Decimal::ZERO {
                None
            } else if actual < low {
                ratio_pct(actual, low)
            } else if actual <= high {
                Some(HUNDRED)
            } else {
                match above {
                    Above::Exceeded => ratio_pct(actual, high),
                    Above::Bad => inverse_ratio_pct(actual, high),
                }
            }
        }
    }
}

/// Gap = A − T in the target's unit (SPEC §6.2): for `between`, A − L
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
/// happened. None without a baseline or when T = B (SPEC §6.2).
pub fn progress(kind: Kind, above: Above, actual: Decimal, baseline: Decimal) -> Option<Decimal> {
    let t = match kind {
        Kind::AtLeast(t) | Kind::AtMost(t) => t,
        Kind::Between(_, high) if above == Above::Bad && actual > high => high,
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

/// How a target's expected-to-date value is phased (SPEC §6.3).
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

/// Projected full-campaign value of a flow: A / f. None before any day has
/// elapsed.
pub fn projected(actual: Decimal, elapsed: Elapsed) -> Option<Decimal> {
    if elapsed.num <= Decimal::ZERO {
        return None;
    }
    actual.checked_mul(elapsed.den)?.checked_div(elapsed.num)
}

/// Status by exact comparison against `kind` (SPEC §7). `attainment` is the
/// attainment against the same `kind`; `near` the amber threshold in %.
pub fn status(
    kind: Kind,
    strict: bool,
    above: Above,
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
        Kind::Between(_, h) if a > h && above == Above::Exceeded => Some(Status::Exceeded),
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

/// The group score of SPEC §7: the weighted mean of attainment clamped to
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

/// Round a percentage half away from zero to `dp` places (SPEC §8).
pub fn round_pct(value: Decimal, dp: u32) -> Decimal {
    value.round_dp_with_strategy(dp, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
}

/// The actuals at which a miss is still `near` (attainment at or above the
/// `near` threshold, SPEC §6.1 and §7), as ranges: below the target for
/// `at_least` and a band's lower bound; above it for `at_most` and for a
/// band whose top is bad. A bound at or below zero has no attainment, and
/// so no such range. These are [`attainment`] solved for the actual.
pub fn near_zones(kind: Kind, above: Above, near: Decimal) -> Vec<(Decimal, Decimal)> {
    let share = near / HUNDRED;
    let below = |t: Decimal| (t > Decimal::ZERO).then(|| Some((t.checked_mul(share)?, t)));
    let over = |t: Decimal| {
        (t > Decimal::ZERO).then(|| Some((t, t.checked_mul(TWO.checked_sub(share)?)?)))
    };
    let zones = match kind {
        Kind::AtLeast(t) => vec![below(t)],
        Kind::AtMost(t) => vec![over(t)],
        Kind::Between(low, high) => vec![
            below(low),
            match above {
                Above::Bad => over(high),
                Above::Exceeded => None,
            },
        ],
    };
    zones.into_iter().flatten().flatten().collect()
}

// The rule behind an attainment, for `explain`: which formula of SPEC §6.1
// applied and to which bound, so that the explanation words calc's choice
// instead of restating it. (Kept apart from the functions above.)

/// Which formula of SPEC §6.1 gives the attainment of an actual.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    /// At least T, T > 0: A / T.
    Floor(Decimal),
    /// At most T, T > 0: 2 − A / T.
    Ceiling(Decimal),
    /// Below a band from L > 0: A / L.
    BelowBand(Decimal),
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
pub fn attainment_rule(kind: Kind, above: Above, actual: Decimal) -> Rule {
    match kind {
        Kind::AtLeast(t) if t > Decimal::ZERO => Rule::Floor(t),
        Kind::AtMost(t) if t > Decimal::ZERO => Rule::Ceiling(t),
        Kind::Between(low, _) if low > Decimal::ZERO && actual < low => Rule::BelowBand(low),
        Kind::Between(low, high) if low > Decimal::ZERO && actual <= high => {
            Rule::InsideBand(low, high)
        }
        Kind::Between(low, high) if low > Decimal::ZERO => match above {
            Above::Exceeded => Rule::AboveBand(high),
            Above::Bad => Rule::AboveBadBand(high),
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
            Rule::Ceiling(t) | Rule::AboveBadBand(t) => inverse_ratio_pct(actual, t),
            Rule::InsideBand(..) => Some(HUNDRED),
            Rule::NoRatio => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }
    fn pct2(v: Option<Decimal>) -> Option<String> {
        v.map(|v| round_pct(v, 2).to_string())
    }
    const NEAR: Decimal = Decimal::from_parts(90, 0, 0, false, 0);

    fn judge(kind: Kind, strict: bool, above: Above, a: &str) -> Status {
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

    // SPEC §11, published figures.
    #[test]
    fn worked_example_attainments() {
        let ex = Above::Exceeded;
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
        let ex = Above::Exceeded;
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
        let ex = Above::Exceeded;
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
        let ex = Above::Exceeded;
        assert_eq!(judge(k, true, ex, "1.1"), Status::Near); // attainment 100 %
        assert_eq!(judge(k, true, ex, "1.0999"), Status::Exceeded);
        assert_eq!(judge(k, true, ex, "1.21"), Status::Near);
        assert_eq!(judge(k, true, ex, "1.2101"), Status::NotMet);
    }

    #[test]
    fn progress_in_a_band_counts_to_its_low_end_until_a_bad_top_is_passed() {
        // Between 5 and 6 from a baseline of 4 (SPEC §6.2): T is L, and H
        // only for `above = "bad"` once A is above H; at H itself A is
        // inside the band.
        let band = Kind::Between(d("5"), d("6"));
        let progress = |above, a: &str| super::progress(band, above, d(a), d("4"));
        assert_eq!(progress(Above::Bad, "6"), Some(d("200")));
        assert_eq!(progress(Above::Bad, "7"), Some(d("150")));
        assert_eq!(progress(Above::Exceeded, "6"), Some(d("200")));
        assert_eq!(progress(Above::Exceeded, "7"), Some(d("300")));
        assert_eq!(progress(Above::Bad, "4.5"), Some(d("50")));
    }

    #[test]
    fn zero_and_negative_targets_have_no_attainment() {
        let ex = Above::Exceeded;
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
            attainment(Kind::AtLeast(d("5")), Above::Exceeded, d("-1")),
            Some(d("-20"))
        );
        assert_eq!(
            judge(Kind::AtLeast(d("5")), false, Above::Exceeded, "-1"),
            Status::NotMet
        );
        assert_eq!(gap(Kind::AtLeast(d("5")), d("-1")), Some(d("-6")));
    }

    #[test]
    fn between_below_inside_above_in_both_modes() {
        let k = Kind::Between(d("5"), d("6"));
        let (ex, bad) = (Above::Exceeded, Above::Bad);
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
        let ex = Above::Exceeded;
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
            progress(Kind::Between(d("2"), d("4")), Above::Bad, d("5"), d("6")),
            Some(d("50"))
        );
    }

    // SPEC §11 last row: budget revenue 28,267 as of 2022-11-30 (f = 334/365).
    #[test]
    fn worked_example_pace_and_projection() {
        let t = Kind::AtLeast(d("30567"));
        let f = Elapsed::days(334, 365);
        let a = d("28267");
        assert_eq!(pct2(attainment(t, Above::Exceeded, a)).unwrap(), "92.48");
        let Some(Kind::AtLeast(e)) = expected(t, Phase::Flow, f) else {
            panic!()
        };
        // 30567 * 334 / 365 = 27970.898630...
        assert_eq!(round_pct(e, 2), d("27970.90"));
        let pace = attainment(Kind::AtLeast(e), Above::Exceeded, a);
        assert_eq!(pct2(pace).unwrap(), "101.06");
        assert_eq!(
            status(
                Kind::AtLeast(e),
                false,
                Above::Exceeded,
                Some(a),
                pace,
                NEAR
            ),
            Status::Exceeded
        );
        // 28267 * 365 / 334 = 30890.583832...
        let p = projected(a, f).unwrap();
        assert_eq!(round_pct(p, 2), d("30890.58"));
        assert_eq!(pct2(attainment(t, Above::Exceeded, p)).unwrap(), "101.06");
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
            status(
                Kind::AtLeast(d("1")),
                false,
                Above::Exceeded,
                None,
                None,
                NEAR
            ),
            Status::NoData
        );
    }

    #[test]
    fn near_zones_lie_where_a_miss_is_still_near() {
        let ninety = d("90");
        assert_eq!(
            near_zones(Kind::AtLeast(d("100")), Above::Exceeded, ninety),
            vec![(d("90"), d("100"))]
        );
        assert_eq!(
            near_zones(Kind::AtMost(d("10")), Above::Exceeded, ninety),
            vec![(d("10"), d("11"))]
        );
        assert_eq!(
            near_zones(Kind::Between(d("5"), d("6")), Above::Bad, ninety),
            vec![(d("4.5"), d("5")), (d("6"), d("6.6"))]
        );
        assert_eq!(
            near_zones(Kind::Between(d("5"), d("6")), Above::Exceeded, ninety),
            vec![(d("4.5"), d("5"))]
        );
        assert!(near_zones(Kind::AtMost(d("0")), Above::Exceeded, ninety).is_empty());
        assert!(near_zones(Kind::AtLeast(d("-1")), Above::Exceeded, ninety).is_empty());
        assert!(near_zones(Kind::AtLeast(d("0")), Above::Exceeded, ninety).is_empty());
        // each edge is where attainment meets the threshold
        for (kind, edge) in [
            (Kind::AtLeast(d("92070")), d("82863")),
            (Kind::AtMost(d("1.1")), d("1.21")),
        ] {
            assert_eq!(attainment(kind, Above::Exceeded, edge), Some(ninety));
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
            "-3", "-1.1", "0", "0.94", "1", "1.1", "1.21", "2", "4.6", "5", "5.5", "6", "6.6",
            "70.2", "78", "78.0001", "91700",
        ];
        for kind in kinds {
            for above in [Above::Exceeded, Above::Bad] {
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
        assert_eq!(rule(Above::Bad, "4.6"), Rule::BelowBand(d("5")));
        assert_eq!(rule(Above::Bad, "6"), Rule::InsideBand(d("5"), d("6")));
        assert_eq!(rule(Above::Bad, "6.6"), Rule::AboveBadBand(d("6")));
        assert_eq!(rule(Above::Exceeded, "6.6"), Rule::AboveBand(d("6")));
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
        let rule = |kind, a: &str| attainment_rule(kind, Above::Bad, d(a));
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
}
