//! The validate step: raw fields (`read.rs`) into a [`Target`], a
//! [`Series`] or a [`Revision`], with their defaults and the rules that
//! weigh one key against another (a profile on a level needs a baseline;
//! `strict` does not apply to a band).
//!
//! Targets and series share one set of rules for what they have in common
//! ([`Reader::indicator`]): the id, the unit, `across`, `source` and `note`.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::read::{
    RawDated, RawIndicator, RawKind, RawMilestone, RawRevision, RawTarget, entity_kind_table,
    read_kind,
};
use super::table::{Field, Reader, Value};
use super::{Aggregate, Milestone, Name, Phasing, Revision, Series, Target};
use crate::calc::{Better, Kind, Measure};
use crate::diagnostic::Code;
use crate::error::Location;
use crate::formula::Formula;
use crate::period::Span;
use crate::unit::Unit;

/// What a target and a series have in common, checked. `id` and `unit`
/// are `None` when they broke a rule (the error is already reported).
pub(super) struct Indicator {
    pub id: Option<String>,
    pub name: Name,
    pub unit_text: String,
    pub unit: Option<Unit>,
    pub aggregate: Option<Aggregate>,
    pub across: Option<Aggregate>,
    pub source: Option<String>,
    pub note: Option<String>,
    pub location: Location,
}

impl Reader<'_> {
    /// The rules a target and a series share: an id of lower-case words,
    /// a unit that parses, `across` other than `last`.
    pub(super) fn indicator(&mut self, raw: RawIndicator, what: &str) -> Indicator {
        let id = self.id(raw.id, &raw.location, what);
        let (unit_text, unit) = match raw.unit {
            Some(Field { value, span }) => (value.unwrap_or_default(), span),
            None => (String::new(), raw.span),
        };
        let unit = match Unit::parse(&unit_text) {
            Ok(u) => Some(u),
            Err(e) => {
                let reason = e.said();
                self.error(unit, Code::BadUnit { reason });
                None
            }
        };
        let across = raw.across.and_then(|a| self.across(a));
        Indicator {
            id,
            name: raw.name,
            unit_text,
            unit,
            aggregate: raw.aggregate,
            across,
            source: raw.source,
            note: raw.note,
            location: raw.location,
        }
    }

    /// `id = "..."`: lower-case letters, digits and `_`, as the actuals
    /// refer to it.
    fn id(
        &mut self,
        id: Option<Field<Option<String>>>,
        location: &Location,
        what: &str,
    ) -> Option<String> {
        let Some(Field { value, span }) = id else {
            let what = what.to_string();
            self.error_at(location.clone(), Code::NoId { what });
            return None;
        };
        let id = value?;
        if super::valid_id(&id) {
            return Some(id);
        }
        let (what, suggested) = (what.to_string(), suggest_id(&id));
        self.error(
            span,
            Code::BadId {
                what,
                id,
                suggested,
            },
        );
        None
    }

    /// `across = "sum" | "mean" | "min" | "max"`.
    fn across(&mut self, across: Field<Aggregate>) -> Option<Aggregate> {
        if across.value == Aggregate::Last {
            self.error(across.span, Code::AcrossLast);
            return None;
        }
        Some(across.value)
    }

    /// One `[[series]]`, by the rules it shares with targets.
    pub(super) fn series(&mut self, raw: RawIndicator) -> Option<Series> {
        let i = self.indicator(raw, "series");
        Some(Series {
            id: i.id?,
            name: i.name,
            unit_text: i.unit_text,
            unit: i.unit?,
            aggregate: i.aggregate,
            across: i.across,
            source: i.source,
            note: i.note,
            location: i.location,
        })
    }

    /// One `[[target]]`: the shared rules, then a target's own.
    pub(super) fn target(&mut self, raw: RawTarget<'_>, span: Option<Span>) -> Option<Target> {
        let i = self.indicator(raw.indicator, "target");
        let kind = self.kind(raw.kind, &i.location);
        let strict = self.strict(raw.strict, kind);
        let above = self.better(raw.above, raw.below, kind);
        let weight = match raw.weight {
            Some(w) if w.value < Decimal::ZERO => {
                self.error(w.span, Code::NegativeWeight { weight: w.value });
                Decimal::ONE
            }
            Some(w) => w.value,
            None => Decimal::ONE,
        };
        let near = raw.near.and_then(|n| self.percent_threshold(n, "near"));
        let is_flow = i.aggregate == Some(Aggregate::Sum);
        let profile_span = raw.profile.as_ref().map(|p| p.span.clone());
        let profile = raw.profile.and_then(|p| self.profile(p, span));
        if let Some(profile) = &profile {
            self.profile_against(profile, is_flow, raw.baseline, raw.phasing.as_ref());
        }
        let profile = profile.map(|p| p.value);
        let formula = raw.formula.and_then(|f| self.formula(f));
        let entity_targets = match (raw.entities, kind) {
            (Some(v), Some(kind)) => self.entity_targets(v, kind),
            _ => Vec::new(),
        };
        let revisions = self.revisions(raw.revised, span);
        let milestones = self.milestones(raw.milestones, span, kind);
        let measure = self.measure(raw.measure, raw.phasing.as_ref(), profile_span);
        let phasing = match measure.is_change() {
            // A change from a year earlier is judged as it stands: a flow's
            // year-to-date total is compared with the same months a year
            // back, never with a share of the year.
            true => Phasing::None,
            false => self.phasing(raw.phasing, is_flow, raw.baseline),
        };
        let profile = profile.filter(|_| !measure.is_change());
        Some(Target {
            id: i.id?,
            name: i.name,
            group: raw.group,
            unit_text: i.unit_text,
            unit: i.unit?,
            kind: kind?,
            strict,
            above,
            aggregate: i.aggregate,
            across: i.across,
            phasing,
            measure,
            profile,
            revisions,
            milestones,
            formula,
            entity_targets,
            baseline: raw.baseline,
            weight,
            near,
            source: i.source,
            note: i.note,
            location: i.location,
        })
    }

    /// `measure`: level by default; a change is not phased, so it
    /// contradicts `phasing` and `profile`.
    fn measure(
        &mut self,
        measure: Option<Field<Option<Measure>>>,
        phasing: Option<&Field<Option<Phasing>>>,
        profile: Option<std::ops::Range<usize>>,
    ) -> Measure {
        let measure = measure.and_then(|m| m.value).unwrap_or_default();
        if !measure.is_change() {
            return measure;
        }
        let conflicts = [
            ("phasing", phasing.map(|p| p.span.clone())),
            ("profile", profile),
        ];
        for (key, span) in conflicts {
            if let Some(span) = span {
                let code = Code::MeasureWithPhasing {
                    measure: measure.name(),
                    key,
                };
                self.error(span, code);
            }
        }
        measure
    }

    /// `strict` applies to at_least and at_most; false by default.
    fn strict(&mut self, strict: Option<Field<bool>>, kind: Option<Kind>) -> bool {
        let Some(Field { value, span }) = strict else {
            return false;
        };
        if value && matches!(kind, Some(Kind::Between(..))) {
            self.error(span, Code::StrictOnBetween);
        }
        value
    }

    /// Which way a between band is better, from `above` (exceeded by
    /// default: more is better; bad: a band) and `below` (bad by default;
    /// exceeded, with above bad: less is better). Both apply only to a
    /// between target, and a band cannot be exceeded on both sides.
    fn better(
        &mut self,
        above: Option<Field<Better>>,
        below: Option<Field<bool>>,
        kind: Option<Kind>,
    ) -> Better {
        let between = matches!(kind, Some(Kind::Between(..)) | None);
        if let (Some(above), false) = (&above, between) {
            self.error(above.span.clone(), Code::AboveNotBetween);
        }
        if let (Some(below), false) = (&below, between) {
            self.error(below.span.clone(), Code::BelowNotBetween);
        }
        let above_value = above.as_ref().map_or(Better::default(), |a| a.value);
        match below {
            Some(Field { value: true, span }) if above_value != Better::Band => {
                self.error(span, Code::BothSidesExceeded);
                above_value
            }
            Some(Field { value: true, .. }) => Better::Less,
            _ => above_value,
        }
    }

    /// A threshold in % of attainment: 0 to 100.
    pub(super) fn percent_threshold(&mut self, n: Field<Decimal>, key: &str) -> Option<Decimal> {
        if n.value < Decimal::ZERO || n.value > Decimal::ONE_HUNDRED {
            let (key, value) = (key.to_string(), n.value);
            self.error(n.span, Code::PercentOutOfRange { key, value });
            return None;
        }
        Some(n.value)
    }

    /// A profile's weights: none negative, not all zero, one per month or
    /// per quarter of the campaign.
    fn profile(
        &mut self,
        weights: Field<Vec<Decimal>>,
        span: Option<Span>,
    ) -> Option<Field<Vec<Decimal>>> {
        let w = &weights.value;
        if w.iter().any(|w| w.is_sign_negative() && !w.is_zero()) || w.iter().all(|w| w.is_zero()) {
            self.error(weights.span, Code::ProfileWeights);
            return None;
        }
        let span = span?;
        if crate::period::calendar_parts(&span, w.len()).is_none() {
            let code = Code::ProfileDoesNotSplit {
                count: w.len(),
                start: span.start,
                end: span.end,
            };
            self.error(weights.span, code);
            return None;
        }
        Some(weights)
    }

    /// A profile on a level needs a baseline, and contradicts `phasing = "none"`.
    fn profile_against(
        &mut self,
        profile: &Field<Vec<Decimal>>,
        is_flow: bool,
        baseline: Option<Decimal>,
        phasing: Option<&Field<Option<Phasing>>>,
    ) {
        if !is_flow && baseline.is_none() {
            self.error(profile.span.clone(), Code::ProfileOnLevelWithoutBaseline);
        }
        if let Some(Field {
            value: Some(Phasing::None),
            span,
        }) = phasing
        {
            self.error(span.clone(), Code::PhasingNoneWithProfile);
        }
    }

    /// `phasing`: linear for a flow and none for a level by default; a
    /// linear level needs a baseline to grow from.
    fn phasing(
        &mut self,
        phasing: Option<Field<Option<Phasing>>>,
        is_flow: bool,
        baseline: Option<Decimal>,
    ) -> Phasing {
        match phasing {
            None if is_flow => Phasing::Linear,
            None => Phasing::None,
            Some(Field {
                value: Some(Phasing::Linear),
                span,
            }) => {
                if !is_flow && baseline.is_none() {
                    self.error(span, Code::LinearLevelWithoutBaseline);
                }
                Phasing::Linear
            }
            Some(_) => Phasing::None,
        }
    }

    /// `formula = "..."`, parsed; an error points at the character.
    fn formula(&mut self, text: Field<String>) -> Option<Formula> {
        match Formula::parse(&text.value) {
            Ok(f) => Some(f),
            Err(e) => {
                let at = self.inside_string(text.span, &text.value, e.offset);
                let (text, reason) = (text.value, e.said());
                self.error_at(at, Code::FormulaSyntax { text, reason });
                None
            }
        }
    }

    /// `[target.entities]`: `tu_son = 12000` (the target's own kind with
    /// this value; `[L, H]` for a between target) or `tu_son = { at_most = 1 }`.
    fn entity_targets(&mut self, value: Value<'_>, kind: Kind) -> Vec<(String, Kind)> {
        let Some(table) = self.table(value, "[target.entities]") else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for (key, v) in table {
            let entity = crate::text::nfc(key.get_ref()).into_owned();
            if let Some(k) = self.entity_target(key, &entity, v, kind) {
                out.push((entity, k));
            }
        }
        out
    }

    fn entity_target(
        &mut self,
        key: Spanned<toml::de::DeString<'_>>,
        entity: &str,
        v: Value<'_>,
        kind: Kind,
    ) -> Option<Kind> {
        let loc = self.loc(v.span());
        match (v.get_ref(), kind) {
            (DeValue::Table(_), _) => {
                let DeValue::Table(entries) = v.into_inner() else {
                    return None;
                };
                let mut t = entity_kind_table(entries);
                let raw = read_kind(&mut t);
                self.finish(t);
                self.kind(raw, &loc)
            }
            (DeValue::Array(_), Kind::Between(..)) => {
                let mut wrapper = DeTable::new();
                wrapper.insert(Spanned::new(key.span(), "between".into()), v);
                let raw = read_kind(&mut entity_kind_table(wrapper));
                self.kind(raw, &loc)
            }
            (_, Kind::AtLeast(_)) => self.number(&v, entity).map(Kind::AtLeast),
            (_, Kind::AtMost(_)) => self.number(&v, entity).map(Kind::AtMost),
            (_, Kind::Between(..)) => {
                let entity = entity.to_string();
                self.error(v.span(), Code::EntityTargetNotAPair { entity });
                None
            }
        }
    }

    /// Revisions in force from a day of the campaign, one a day, earliest first.
    fn revisions(&mut self, raw: Vec<RawRevision<'_>>, span: Option<Span>) -> Vec<Revision> {
        let codes = DatedCodes {
            without_date: || Code::RevisionWithoutFrom,
            outside: |from, start, end| Code::RevisionOutsideCampaign { from, start, end },
            twice: |from| Code::DuplicateRevision { from },
        };
        self.dated(raw, span, codes, |_, _, _| true)
            .into_iter()
            .map(|(from, kind, location, words)| Revision {
                from,
                kind,
                source: words.source,
                note: words.note,
                location,
            })
            .collect()
    }

    /// Milestones inside the campaign, one per date, each of its target's
    /// kind, in date order.
    fn milestones(
        &mut self,
        raw: Vec<RawMilestone<'_>>,
        span: Option<Span>,
        target: Option<Kind>,
    ) -> Vec<Milestone> {
        let codes = DatedCodes {
            without_date: || Code::MilestoneWithoutBy,
            outside: |by, start, end| Code::MilestoneOutsideCampaign { by, start, end },
            twice: |by| Code::DuplicateMilestone { by },
        };
        let of_its_kind = |v: &mut Self, kind: Kind, location: &Location| match target {
            Some(t) if t.name() != kind.name() => {
                let (milestone, target) = (kind.name(), t.name());
                let code = Code::MilestoneKindDiffers { milestone, target };
                v.error_at(location.clone(), code);
                false
            }
            _ => true,
        };
        self.dated(raw, span, codes, of_its_kind)
            .into_iter()
            .map(|(by, kind, location, ())| Milestone { by, kind, location })
            .collect()
    }

    /// The items of a list of dated steps that have a date and a kind, lie
    /// inside the campaign, pass `keep`, and are the first on their date,
    /// earliest first; each other one is reported with `codes`.
    fn dated<R>(
        &mut self,
        raw: Vec<RawDated<'_, R>>,
        span: Option<Span>,
        codes: DatedCodes,
        mut keep: impl FnMut(&mut Self, Kind, &Location) -> bool,
    ) -> Vec<(NaiveDate, Kind, Location, R)> {
        let mut out: Vec<(NaiveDate, Kind, Location, R)> = Vec::new();
        for item in raw {
            let date = match item.date {
                Some(Field { value, span }) => value.map(|d| (d, span)),
                None => {
                    self.error_at(item.location.clone(), (codes.without_date)());
                    None
                }
            };
            let kind = self.kind(item.kind, &item.location);
            let (Some((date, date_span)), Some(kind)) = (date, kind) else {
                continue;
            };
            if let Some(span) = span.filter(|s| !s.contains_date(date)) {
                self.error(date_span, (codes.outside)(date, span.start, span.end));
                continue;
            }
            if !keep(self, kind, &item.location) {
                continue;
            }
            if out.iter().any(|(d, ..)| *d == date) {
                self.error(date_span, (codes.twice)(date));
                continue;
            }
            out.push((date, kind, item.location, item.rest));
        }
        out.sort_by_key(|(date, ..)| *date);
        out
    }

    /// Exactly one of at_least, at_most, between.
    pub(super) fn kind(&mut self, raw: RawKind<'_>, location: &Location) -> Option<Kind> {
        match raw.present.as_slice() {
            [] => {
                self.error_at(location.clone(), Code::NoKind);
                None
            }
            [("at_least", v)] => self.number(v, "at_least").map(Kind::AtLeast),
            [("at_most", v)] => self.number(v, "at_most").map(Kind::AtMost),
            [(_, v)] => self.between(v),
            [_, (second, v), ..] => {
                let kinds = raw.present.iter().map(|(k, _)| *k).collect();
                let code = Code::TwoKinds {
                    kinds,
                    extra: second,
                };
                self.error(v.span(), code);
                None
            }
        }
    }

    /// `between = [L, H]`, L at most H.
    fn between(&mut self, v: &Value<'_>) -> Option<Kind> {
        let DeValue::Array(items) = v.get_ref() else {
            self.error(v.span(), Code::BetweenNotAPair);
            return None;
        };
        let [low, high] = items.as_ref() else {
            let count = items.len();
            self.error(v.span(), Code::BetweenNotTwo { count });
            return None;
        };
        let (l, h) = (self.number(low, "between")?, self.number(high, "between")?);
        if l > h {
            self.error(v.span(), Code::BetweenReversed { low: l, high: h });
            return None;
        }
        Some(Kind::Between(l, h))
    }
}

/// A valid id close to an invalid one, for the error message.
fn suggest_id(id: &str) -> String {
    let mut out = String::new();
    for c in id.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('_') {
            out.push('_');
        }
    }
    let out = out.trim_matches('_').to_string();
    if out.is_empty() {
        "my_target".into()
    } else {
        out
    }
}

/// How a list of dated steps words what is wrong with an item: no date, a
/// date outside the campaign, a second item on one date.
struct DatedCodes {
    without_date: fn() -> Code,
    outside: fn(NaiveDate, NaiveDate, NaiveDate) -> Code,
    twice: fn(NaiveDate) -> Code,
}
