//! The one report model every format renders from (reference §8): a row per
//! target with every column computed, the summary, the group roll-up, the
//! ledger and the warnings.
//!
//! Building the model is the only place where `calc` meets the campaign and
//! the ingested figures; renderers take the finished model and compute
//! nothing.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::calc::{self, Basis, Elapsed, Light, Phase, Scored, Status};
use crate::calc::{Better, Kind, Measure};
use crate::campaign::{Aggregate, Campaign, Name, Phasing, Target};
use crate::diagnostic::Code;
use crate::error::Diagnostic;
use crate::ingest::{Figure, Ingest, Ledger};

/// Row order of the report (`--sort`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sort {
    /// The order of the campaign file.
    #[default]
    File,
    /// Best status first (exceeded, met, near, not_met, no_data).
    Status,
    /// Highest attainment first; targets without attainment last.
    Attainment,
    /// By id, alphabetically.
    Id,
}

/// Which rows the report shows, and in what order.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    /// `--only`: show only these statuses (all when empty).
    pub only: Vec<Status>,
    /// `--group`: the scope of the report, summary included.
    pub group: Option<String>,
    pub sort: Sort,
    /// `--by entity|group`: rows per target and entity, or per group.
    pub by: By,
}

/// What one row of the report stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum By {
    /// One row per target.
    #[default]
    Target,
    /// Per target, the campaign total and then one row per entity.
    Entity,
    /// One row per group: counts per status and the group's score.
    Group,
}

/// Campaign facts carried into every output.
#[derive(Debug, Clone)]
pub struct CampaignInfo {
    pub name: String,
    pub file: String,
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub period: String,
}

/// One target, every column of reference §8.
#[derive(Debug, Clone)]
pub struct Row {
    pub id: String,
    pub name: Name,
    pub group: Option<String>,
    pub unit: String,
    pub unit_is_percent: bool,
    /// The target in force.
    pub kind: Kind,
    pub strict: bool,
    pub above: Better,
    /// The original target, when a revision is in force.
    pub original_target: Option<Kind>,
    /// The revision in force, if any.
    pub revision: Option<RevisionNote>,
    pub baseline: Option<Decimal>,
    pub actual: Option<Decimal>,
    pub gap: Option<Decimal>,
    pub attainment_pct: Option<Decimal>,
    pub progress_pct: Option<Decimal>,
    /// The expected-to-date target (phased targets before the campaign's end;
    /// the target itself at or after it).
    pub expected: Option<Kind>,
    /// Where the expected value comes from: phasing, or milestones.
    pub expected_from: ExpectedFrom,
    pub pace_pct: Option<Decimal>,
    pub projected: Option<Decimal>,
    pub projected_pct: Option<Decimal>,
    pub status: Status,
    pub basis: Basis,
    /// The entity of a `--by entity` row; none for the campaign total.
    pub entity: Option<String>,
    /// The entity's display name (`[entities]`), else its id.
    pub entity_name: Option<String>,
    /// False for an entity row with no target to judge it by (a share of a
    /// flow without a per-entity target): its target, attainment and status
    /// are left empty.
    pub judged: bool,
    pub rows_used: u64,
    pub source: String,
    pub previous: Option<Decimal>,
    pub change_pct: Option<Decimal>,
    /// What the target is compared with (reference §2 `measure`).
    pub measure: Measure,
    /// The value judged against the target: the actual for a level, its
    /// change from P for a change target (none without P).
    pub measured: Option<Decimal>,
    /// P, the value a change is measured from, and where it comes from;
    /// none for a level.
    pub measured_from: Option<(Decimal, Base)>,
    /// The amber threshold that applied, %.
    pub near: Decimal,
    /// The cumulative actual and its attainment at the end of each step
    /// (`--by period|quarter`), in the order of [`Report::steps`].
    pub trend: Vec<TrendCell>,
}

/// Where a row's expected-to-date value comes from (reference §6.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ExpectedFrom {
    /// The plan phased by the elapsed share of the campaign (or no
    /// expected value at all).
    #[default]
    Phasing,
    /// A level's milestone, due by this date.
    Milestone(NaiveDate),
    /// A flow's line from 0 through its milestones to the target.
    Milestones,
}

/// Where P, the value a change is measured from, comes from (reference §2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Base {
    /// The same span one year earlier, from the actuals.
    YearEarlier,
    /// The target's `baseline`, for want of the year earlier.
    Baseline,
}

/// One step of a target's trend.
#[derive(Debug, Clone)]
pub struct TrendCell {
    pub actual: Option<Decimal>,
    /// The value judged at this step: the actual, or its change from a
    /// year earlier for a change target.
    pub measured: Option<Decimal>,
    pub attainment_pct: Option<Decimal>,
}

impl Row {
    pub fn light(&self) -> Light {
        self.status.light()
    }

    /// The single target value (`at_least`/`at_most`), none for `between`.
    pub fn target(&self) -> Option<Decimal> {
        match self.kind {
            Kind::AtLeast(t) | Kind::AtMost(t) => Some(t),
            Kind::Between(..) => None,
        }
    }

    /// The band (`between`), none otherwise.
    pub fn band(&self) -> Option<(Decimal, Decimal)> {
        match self.kind {
            Kind::Between(l, h) => Some((l, h)),
            _ => None,
        }
    }
}

/// When and by what a target was revised.
#[derive(Debug, Clone)]
pub struct RevisionNote {
    pub from: NaiveDate,
    pub source: Option<String>,
}

/// The elapsed share f of the campaign for one target: its profile's share
/// when it has one, else days elapsed over days in the campaign.
fn elapsed(campaign: &Campaign, target: &Target, as_of: NaiveDate) -> Elapsed {
    let profile = target.profile.as_ref().and_then(|weights| {
        let parts = crate::period::calendar_parts(&campaign.span, weights.len())?;
        let (num, den) = crate::period::profile_share(&parts, weights, as_of);
        Some(Elapsed { num, den })
    });
    profile.unwrap_or_else(|| {
        let (days, total) = crate::period::elapsed_days(&campaign.span, as_of);
        Elapsed::days(days, total)
    })
}

/// A group's line in the summary.
#[derive(Debug, Clone)]
pub struct GroupSummary {
    /// None for targets without a group.
    pub name: Option<String>,
    pub targets: usize,
    /// How many of them have data (any status but no_data).
    pub with_data: usize,
    pub counts: [usize; 5],
    pub score: Option<Decimal>,
    pub light: Light,
}

/// Counts per status over the report's scope.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    pub total: usize,
    /// Indexed by `Status as usize`.
    pub counts: [usize; 5],
    /// What the targets of each status were judged against, indexed by
    /// `Status as usize`: "ahead" is the word for exceeded on pace.
    pub judged_on: [JudgedOn; 5],
    pub met_or_exceeded: usize,
    pub groups: Vec<GroupSummary>,
}

/// Whether some targets of a status were judged on the final target, and
/// whether some were judged on pace.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct JudgedOn {
    pub fin: bool,
    pub pace: bool,
}

impl Summary {
    pub fn count(&self, status: Status) -> usize {
        self.counts[status as usize]
    }
}

/// The finished report.
#[derive(Debug, Clone)]
pub struct Report {
    pub campaign: CampaignInfo,
    pub as_of: NaiveDate,
    /// Rows shown, filtered by `--only` and sorted.
    pub rows: Vec<Row>,
    /// The summary over every target in scope (not only those shown).
    pub summary: Summary,
    /// The worst status in scope, for `--fail-on`.
    pub worst: Option<Status>,
    pub ledger: Ledger,
    pub warnings: Vec<Diagnostic>,
    /// The steps of a trend (`--by period|quarter`), empty without one.
    pub steps: Vec<crate::period::Span>,
    /// Months or quarters, when a trend was asked for.
    pub grain: Option<crate::ingest::Grain>,
    /// Rows per target, per target and entity, or per group.
    pub by: By,
    /// Every actuals row and its bucket, when kept (xlsx).
    pub ledger_rows: Vec<crate::ingest::LedgerRow>,
    /// Rows beyond what a sheet holds, not kept one by one.
    pub ledger_rows_not_kept: u64,
}

/// Build the model from the campaign and what ingest found.
pub fn build(campaign: &Campaign, ingest: &Ingest, view: &Selection) -> Report {
    let mut warnings: Vec<Diagnostic> = ingest
        .diagnostics
        .iter()
        .filter(|d| d.severity == crate::error::Severity::Warning)
        .cloned()
        .collect();

    // Each target's row with its entity rows. The lists are made at their
    // full size at once, and rows are moved as few times as can be: a row is
    // about 600 bytes, and a campaign of 40,000 targets spent a fifth of
    // `check` regrowing and copying lists of them.
    let mut rows: Vec<(Row, Vec<Row>)> = Vec::with_capacity(campaign.targets.len());
    for (target, figure) in campaign.targets.iter().zip(&ingest.figures) {
        if let Some(g) = &view.group {
            if target.group.as_deref() != Some(crate::text::nfc(g).as_ref()) {
                continue;
            }
        }
        let row = row(campaign, target, figure, ingest.as_of, Judged::Whole);
        if let Some(w) = scale_warning(target, &row) {
            warnings.push(w);
        }
        let entities = match view.by {
            By::Entity => entity_rows(campaign, target, figure, ingest.as_of),
            _ => Vec::new(),
        };
        rows.push((row, entities));
    }

    let summary = summarize(campaign, rows.iter().map(|(r, _)| r));
    let worst = rows.iter().map(|(r, _)| r.status).max();
    if !view.only.is_empty() {
        rows.retain(|(r, _)| view.only.contains(&r.status));
    }
    match view.sort {
        Sort::File => {}
        Sort::Status => rows.sort_by_key(|(r, _)| r.status),
        Sort::Attainment => {
            rows.sort_by(
                |(a, _), (b, _)| match (a.attainment_pct, b.attainment_pct) {
                    (Some(x), Some(y)) => y.cmp(&x),
                    (Some(_), None) => std::cmp::Ordering::Less,
                    (None, Some(_)) => std::cmp::Ordering::Greater,
                    (None, None) => std::cmp::Ordering::Equal,
                },
            )
        }
        Sort::Id => rows.sort_by(|(a, _), (b, _)| a.id.cmp(&b.id)),
    }
    // Each target's entity rows follow it, whatever the order of targets.
    let mut all = Vec::with_capacity(rows.iter().map(|(_, e)| 1 + e.len()).sum());
    for (total, entities) in rows {
        all.push(total);
        all.extend(entities);
    }
    let rows = all;

    Report {
        campaign: CampaignInfo {
            name: campaign.name.clone(),
            file: campaign.file.clone(),
            start: campaign.span.start,
            end: campaign.span.end,
            period: campaign.span.to_string(),
        },
        as_of: ingest.as_of,
        rows,
        summary,
        worst,
        ledger: ingest.ledger.clone(),
        warnings,
        steps: ingest
            .figures
            .first()
            .map(|f| f.trend.iter().map(|p| p.period).collect())
            .unwrap_or_default(),
        grain: ingest.trend,
        by: view.by,
        ledger_rows: ingest.rows.clone(),
        ledger_rows_not_kept: ingest.rows_not_kept,
    }
}

/// Every column of one target (reference §6, §7).
/// `--by entity`: one row per entity of a target, judged against the
/// entity's own target (`[target.entities]`), or for a level (a rate)
/// against the campaign's; an entity's share of a flow without a target of
/// its own is shown but not judged.
fn entity_rows(
    campaign: &Campaign,
    target: &Target,
    figure: &Figure,
    as_of: NaiveDate,
) -> Vec<Row> {
    // The entities' own targets by id: a hash per entity, not a scan.
    let mut targets: rustc_hash::FxHashMap<&str, Kind> = rustc_hash::FxHashMap::default();
    for (id, kind) in &target.entity_targets {
        targets.entry(id.as_str()).or_insert(*kind);
    }
    let mut rows: Vec<Row> = figure
        .entities
        .iter()
        .filter(|e| !e.entity.is_empty())
        .map(|e| {
            let own = targets.get(e.entity.as_str()).copied();
            let judged = own.is_some() || target.aggregate != Some(Aggregate::Sum);
            let part = Figure {
                actual: Some(e.actual),
                rows_used: e.rows_used,
                previous: e.previous,
                ..Figure::default()
            };
            let mut r = row(campaign, target, &part, as_of, Judged::Entity(own));
            r.entity = Some(e.entity.clone());
            r.entity_name = Some(campaign.entity_name(&e.entity).to_string());
            r.judged = judged;
            r
        })
        .collect();
    // An entity with a target of its own but no rows is shown, as no_data,
    // in the order of [target.entities]: a district that sent nothing must
    // not vanish from the breakdown.
    let seen: std::collections::HashSet<&str> =
        figure.entities.iter().map(|e| e.entity.as_str()).collect();
    for (entity, kind) in &target.entity_targets {
        if seen.contains(entity.as_str()) {
            continue;
        }
        let whose = Judged::Entity(Some(*kind));
        let mut r = row(campaign, target, &Figure::default(), as_of, whose);
        r.entity = Some(entity.clone());
        r.entity_name = Some(campaign.entity_name(entity).to_string());
        rows.push(r);
    }
    rows
}

/// Whose row is built: the whole campaign's, or an entity's (against its
/// own target when it has one, else the campaign's).
#[derive(Debug, Clone, Copy)]
enum Judged {
    Whole,
    Entity(Option<Kind>),
}

/// P for a change target (reference §2): the value a year earlier, else the
/// baseline — the campaign's, so not for an entity, and for a flow only
/// once the campaign is over (a year's baseline is no measure of part of
/// a year).
pub(crate) fn measured_from(
    target: &Target,
    previous: Option<Decimal>,
    whole: bool,
    complete: bool,
) -> Option<(Decimal, Base)> {
    if !target.measure.is_change() {
        return None;
    }
    let flow = target.aggregate == Some(Aggregate::Sum);
    match (previous, target.baseline) {
        (Some(p), _) => Some((p, Base::YearEarlier)),
        (None, Some(b)) if whole && (complete || !flow) => Some((b, Base::Baseline)),
        _ => None,
    }
}

/// Every column of one target (reference §6, §7), against an entity's own
/// target when it has one, else the target in force at `as_of`.
fn row(
    campaign: &Campaign,
    target: &Target,
    figure: &Figure,
    as_of: NaiveDate,
    judged: Judged,
) -> Row {
    let (in_force, revision) = target.in_force(as_of);
    let (kind, whole) = match judged {
        Judged::Whole => (None, true),
        Judged::Entity(kind) => (kind, false),
    };
    let kind_given = kind.is_some();
    let revision = if kind_given { None } else { revision };
    let kind = kind.unwrap_or(in_force);
    let near = campaign.near_for(target);
    let elapsed = elapsed(campaign, target, as_of);
    let base = measured_from(target, figure.previous, whole, elapsed.is_complete());
    let actual = figure.actual;
    // A change target is judged on M, which takes A's place from here on.
    let measured = actual.and_then(|a| calc::measured(target.measure, a, base.map(|b| b.0)));
    let attainment = measured.and_then(|a| calc::attainment(kind, target.above, a));
    let milestone = match kind_given {
        true => None,
        false => milestone_expected(campaign, target, kind, as_of),
    };
    let due = milestone.map(|(kind, _)| kind);
    let verdict = verdict(target, kind, due, measured, attainment, elapsed, near);
    let projected = projection(target, actual, elapsed);
    Row {
        id: target.id.clone(),
        name: target.name.clone(),
        group: target.group.clone(),
        unit: target.unit_text.clone(),
        unit_is_percent: target.unit.is_percent(),
        kind,
        strict: target.strict,
        above: target.above,
        original_target: revision.map(|_| target.kind),
        revision: revision.map(|r| RevisionNote {
            from: r.from,
            source: r.source.clone(),
        }),
        baseline: target.baseline,
        actual,
        gap: measured.and_then(|a| calc::gap(gap_against(kind, milestone, &verdict), a)),
        attainment_pct: attainment,
        progress_pct: actual
            .filter(|_| !target.measure.is_change())
            .zip(target.baseline)
            .and_then(|(a, b)| calc::progress(kind, target.above, a, b)),
        expected: verdict.expected,
        expected_from: match (milestone, verdict.basis) {
            (Some((_, from)), Basis::Pace) => from,
            _ => ExpectedFrom::Phasing,
        },
        pace_pct: verdict.pace,
        projected,
        projected_pct: projected.and_then(|p| calc::attainment(kind, target.above, p)),
        status: verdict.status,
        basis: verdict.basis,
        entity: None,
        entity_name: None,
        judged: true,
        rows_used: figure.rows_used,
        source: source(target, figure),
        previous: figure.previous,
        change_pct: actual
            .zip(figure.previous)
            .and_then(|(a, p)| calc::change_pct(a, p)),
        measure: target.measure,
        measured,
        measured_from: base,
        near,
        trend: trend_cells(campaign, target, figure, kind),
    }
}

/// What the gap is measured to (reference §6.2, §6.3): the target, except for
/// a level judged on pace against a milestone due — a growth rate for the
/// first half is a quantity of its own, and its distance to the year's
/// rate says nothing, so the gap is to the milestone ("9,46 % against the
/// 8,8 % scenario: +0,66 pp"). A flow's gap stays to T: what is left to do.
fn gap_against(
    kind: Kind,
    milestone: Option<(Option<Kind>, ExpectedFrom)>,
    verdict: &Verdict,
) -> Kind {
    match (milestone, verdict.basis) {
        (Some((Some(due), ExpectedFrom::Milestone(_))), Basis::Pace) => due,
        _ => kind,
    }
}

/// How a row is judged (reference §6.3, §7): against the expected-to-date value
/// of a phased target before the campaign's end, else the target itself.
struct Verdict {
    expected: Option<Kind>,
    basis: Basis,
    /// Attainment against the expected value; when judged on the final
    /// target, the attainment itself if there is an expected value.
    pace: Option<Decimal>,
    status: Status,
}

fn verdict(
    target: &Target,
    kind: Kind,
    milestone: Option<Option<Kind>>,
    actual: Option<Decimal>,
    attainment: Option<Decimal>,
    elapsed: Elapsed,
    near: Decimal,
) -> Verdict {
    // Milestones, when the target has them, replace phasing.
    let (expected, basis) = match (milestone, phase(target)) {
        (Some(_), _) | (None, Some(_)) if elapsed.is_complete() => (Some(kind), Basis::Final),
        (Some(Some(due)), _) => (Some(due), Basis::Pace),
        (Some(None), _) => (None, Basis::Final),
        (None, Some(phase)) => (calc::expected(kind, phase, elapsed), Basis::Pace),
        (None, None) => (None, Basis::Final),
    };
    let judged_against = match basis {
        Basis::Pace => expected.unwrap_or(kind),
        Basis::Final => kind,
    };
    let pace = match basis {
        Basis::Pace => actual.and_then(|a| calc::attainment(judged_against, target.above, a)),
        Basis::Final => expected.and(attainment),
    };
    let status = calc::status(
        judged_against,
        target.strict,
        target.above,
        actual,
        match basis {
            Basis::Pace => pace,
            Basis::Final => attainment,
        },
        near,
    );
    Verdict {
        expected,
        basis,
        pace,
        status,
    }
}

/// The value expected to date from a target's milestones (reference §6.3), and
/// where it comes from; none when the target has no milestones. For a
/// level, the milestone with the latest `by` on or before `as_of` (no
/// value when none is due yet: judged on T); for a flow, the line from 0
/// at the campaign's start through each milestone to T at its end.
fn milestone_expected(
    campaign: &Campaign,
    target: &Target,
    kind: Kind,
    as_of: NaiveDate,
) -> Option<(Option<Kind>, ExpectedFrom)> {
    if target.milestones.is_empty() {
        return None;
    }
    // A change is a level of its own (a growth to date), whatever the
    // aggregate: its milestones are steps, not points on a running total.
    if target.aggregate != Some(Aggregate::Sum) || target.measure.is_change() {
        let due = target.milestones.iter().rev().find(|m| m.by <= as_of);
        return Some(due.map_or((None, ExpectedFrom::Phasing), |m| {
            (Some(m.kind), ExpectedFrom::Milestone(m.by))
        }));
    }
    let day = |date| crate::period::elapsed_days(&campaign.span, date).0;
    let (at, total) = crate::period::elapsed_days(&campaign.span, as_of);
    let line = |bound: fn(Kind) -> Decimal| {
        let mut points = vec![(0, Decimal::ZERO)];
        points.extend(target.milestones.iter().map(|m| (day(m.by), bound(m.kind))));
        points.push((total, bound(kind)));
        calc::along(&points, at)
    };
    let low = |k: Kind| match k {
        Kind::AtLeast(t) | Kind::AtMost(t) | Kind::Between(t, _) => t,
    };
    let high = |k: Kind| match k {
        Kind::AtLeast(t) | Kind::AtMost(t) | Kind::Between(_, t) => t,
    };
    let expected = match kind {
        Kind::AtLeast(_) => line(low).map(Kind::AtLeast),
        Kind::AtMost(_) => line(low).map(Kind::AtMost),
        Kind::Between(..) => line(low).zip(line(high)).map(|(l, h)| Kind::Between(l, h)),
    };
    Some((expected, ExpectedFrom::Milestones))
}

/// reference §6.3: flows phase by T × f, levels only with linear phasing and a
/// baseline; none for a target that is not phased.
fn phase(target: &Target) -> Option<Phase> {
    let is_flow = target.aggregate == Some(Aggregate::Sum);
    let phased = target.phasing == Phasing::Linear || target.profile.is_some();
    match (phased, is_flow, target.baseline) {
        (true, true, _) => Some(Phase::Flow),
        (true, false, Some(baseline)) => Some(Phase::Level { baseline }),
        _ => None,
    }
}

/// reference §6.3: every flow projects, phased or not (A / f); a level does not,
/// nor a change target (its M is a change over the span so far).
fn projection(target: &Target, actual: Option<Decimal>, elapsed: Elapsed) -> Option<Decimal> {
    if target.aggregate == Some(Aggregate::Sum) && !target.measure.is_change() {
        actual.and_then(|a| calc::projected(a, elapsed))
    } else {
        None
    }
}

/// The sources of the rows used, else the target's own.
fn source(target: &Target, figure: &Figure) -> String {
    if figure.sources.is_empty() {
        target.source.clone().unwrap_or_default()
    } else {
        figure.sources.join("; ")
    }
}

/// Each trend step's actual, the value judged (M at that step for a change
/// target) and its attainment against `kind`.
fn trend_cells(
    campaign: &Campaign,
    target: &Target,
    figure: &Figure,
    kind: Kind,
) -> Vec<TrendCell> {
    figure
        .trend
        .iter()
        .map(|p| {
            let complete = p.period.end >= campaign.span.end;
            let base = measured_from(target, p.previous, true, complete);
            let measured = p
                .actual
                .and_then(|a| calc::measured(target.measure, a, base.map(|b| b.0)));
            TrendCell {
                actual: p.actual,
                measured,
                attainment_pct: measured.and_then(|a| calc::attainment(kind, target.above, a)),
            }
        })
        .collect()
}

/// reference §4.2: an actual more than 100 times larger or smaller than its
/// target is likely a wrong unit or number style.
fn scale_warning(target: &Target, row: &Row) -> Option<Diagnostic> {
    // A change in % has no size to compare with the actual's.
    if target.measure.is_relative() {
        return None;
    }
    let actual = row.measured?;
    let a = actual.abs();
    // Mid-year, a flow is compared with what it should have reached by now,
    // not with the whole year's target.
    let against = match row.basis {
        Basis::Pace => row.expected.unwrap_or(row.kind),
        Basis::Final => row.kind,
    };
    let (low, high) = match against {
        Kind::AtLeast(t) | Kind::AtMost(t) => (t.abs(), t.abs()),
        Kind::Between(l, h) => (l.abs().min(h.abs()), l.abs().max(h.abs())),
    };
    if a.is_zero() || low.is_zero() {
        return None;
    }
    let hundred = Decimal::ONE_HUNDRED;
    let too_big = high.checked_mul(hundred).is_some_and(|h| a > h);
    let too_small = a.checked_mul(hundred).is_some_and(|a100| a100 < low);
    if !(too_big || too_small) {
        return None;
    }
    // Sizes are compared; with a sign involved, the message says "in size".
    let signed = actual.is_sign_negative()
        || match against {
            Kind::AtLeast(t) | Kind::AtMost(t) => t.is_sign_negative(),
            Kind::Between(l, h) => l.is_sign_negative() || h.is_sign_negative(),
        };
    let code = Code::Scale {
        id: target.id.clone(),
        actual: actual.normalize(),
        too_big,
        signed,
        to_date: row.basis == Basis::Pace,
        bound: crate::calc::round_pct(if too_big { high } else { low }, 6).normalize(),
    };
    Some(Diagnostic::warning(Some(target.location.clone()), code))
}

fn summarize<'r>(campaign: &Campaign, rows: impl Iterator<Item = &'r Row> + Clone) -> Summary {
    let mut summary = Summary::default();
    for r in rows.clone() {
        summary.total += 1;
        summary.counts[r.status as usize] += 1;
        let on = &mut summary.judged_on[r.status as usize];
        match r.basis {
            Basis::Final => on.fin = true,
            Basis::Pace => on.pace = true,
        }
    }
    summary.met_or_exceeded = summary.count(Status::Exceeded) + summary.count(Status::Met);

    // The groups in the order of their first target, each with its rows:
    // one pass, whatever the number of groups and targets.
    let mut groups: Vec<(Option<String>, Vec<&Row>)> = Vec::new();
    let mut at: rustc_hash::FxHashMap<Option<&str>, usize> = rustc_hash::FxHashMap::default();
    for r in rows {
        let i = *at.entry(r.group.as_deref()).or_insert_with(|| {
            groups.push((r.group.clone(), Vec::new()));
            groups.len() - 1
        });
        groups[i].1.push(r);
    }
    for (name, members) in groups {
        let mut counts = [0usize; 5];
        for m in &members {
            counts[m.status as usize] += 1;
        }
        let weights: Vec<Scored> = members
            .iter()
            .map(|m| Scored {
                attainment: m.attainment_pct,
                weight: campaign
                    .target_index(&m.id)
                    .map_or(Decimal::ONE, |i| campaign.targets[i].weight),
            })
            .collect();
        let score = calc::group_score(&weights);
        let with_data = members
            .iter()
            .filter(|m| m.status != Status::NoData)
            .count();
        // A score from fewer than half of a group's targets does not speak
        // for the group: grey, whatever it is (issue 15: "Xã hội 114,5 %"
        // from one target of three read as a green group).
        let light = match with_data * 2 < members.len() {
            true => Light::Grey,
            false => calc::score_light(score, campaign.near),
        };
        summary.groups.push(GroupSummary {
            name,
            targets: members.len(),
            with_data,
            counts,
            score,
            light,
        });
    }
    summary
}

#[cfg(test)]
mod tests;
