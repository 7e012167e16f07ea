//! The human view of a report: what the terminal table, Markdown, HTML and
//! the workbook show, decided once from the report model — which columns,
//! which groups in what order, what a row that is not judged shows, the
//! words and numbers of every cell, the status counts, the revision notes
//! and the chart's marks. A renderer supplies only its medium's syntax:
//! escaping, layout and colour.
//!
//! The machine formats (csv, tsv, json) read [`machine`] instead: exact
//! numbers and machine names in reference §8's columns.

mod cell;
pub mod chart;
pub mod machine;
#[cfg(test)]
pub(crate) mod sample;
#[cfg(test)]
mod tests;
pub mod words;

use rust_decimal::Decimal;

use crate::calc::{self, Basis, Kind, Light, Status};
use crate::labels::{Label, Lang};
use crate::number::Locale;
use crate::report::{Base, By, GroupSummary, Report, Row};

pub use cell::{Column, Figure, Shape, Shown};
use cell::{DERIVED_DP, WORKBOOK_PCT_DP};
pub use words::{
    bar, human_expected, human_gap, human_number, human_pct, human_target, judged_pct, signed_pct,
    sparkline, status_label,
};

/// A group of targets as the report shows it: its heading and its rows, in
/// the order the campaign lists them.
#[derive(Debug, Clone)]
pub struct Section<'r> {
    /// The group's name, or "no group".
    pub name: &'r str,
    /// The group's summary (score, light, counts), when it has one.
    pub summary: Option<&'r GroupSummary>,
    pub rows: Vec<&'r Row>,
}

/// How many targets have a status, and the words for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusCount {
    pub status: Status,
    pub words: String,
    pub count: usize,
}

/// One step of a target's trend: its cumulative actual and attainment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    pub actual: Option<String>,
    pub attainment: Option<String>,
}

/// A report as people read it, in a locale and a language.
#[derive(Debug, Clone, Copy)]
pub struct View<'r> {
    pub report: &'r Report,
    pub locale: Locale,
    pub lang: Lang,
}

impl<'r> View<'r> {
    pub fn new(report: &'r Report, locale: Locale, lang: Lang) -> View<'r> {
        View {
            report,
            locale,
            lang,
        }
    }

    /// The campaign's name, as written.
    pub fn title(&self) -> &'r str {
        &self.report.campaign.name
    }

    /// "as of 2022-12-31" / "tính đến ngày 31/12/2022".
    pub fn as_of(&self) -> String {
        let date = match self.lang {
            Lang::En => self.report.as_of.format("%Y-%m-%d").to_string(),
            Lang::Vi => self.report.as_of.format("%d/%m/%Y").to_string(),
        };
        format!("{} {date}", Label::AsOf.text(self.lang))
    }

    /// The summary sentence of reference §7 for the report's scope.
    pub fn summary(&self) -> String {
        let s = &self.report.summary;
        let mut parts = vec![crate::labels::met_or_exceeded(
            self.lang,
            s.met_or_exceeded,
            s.total,
        )];
        let counts: Vec<String> = self
            .status_counts()
            .into_iter()
            .map(|c| format!("{} {}", c.words, c.count))
            .collect();
        if !counts.is_empty() {
            parts.push(counts.join(", "));
        }
        parts.join(" · ")
    }

    /// The statuses the report's targets have, best first, with their counts.
    pub fn status_counts(&self) -> Vec<StatusCount> {
        Status::ALL
            .into_iter()
            .filter(|st| self.report.summary.count(*st) > 0)
            .map(|status| StatusCount {
                status,
                words: self.status_words(status),
                count: self.report.summary.count(status),
            })
            .collect()
    }

    /// The word for a status in the report's counts: "ahead" when every
    /// target with it was judged on pace, "exceeded" when every one was
    /// judged on the final target, and both words ("exceeded/ahead") when
    /// the report mixes them.
    fn status_words(&self, status: Status) -> String {
        let on = self.report.summary.judged_on[status as usize];
        let lang = self.lang;
        match (on.fin || !on.pace, on.pace) {
            (true, true) if status != Status::NoData => format!(
                "{}/{}",
                status_label(status, Basis::Final, lang),
                status_label(status, Basis::Pace, lang)
            ),
            (_, true) => status_label(status, Basis::Pace, lang).to_string(),
            _ => status_label(status, Basis::Final, lang).to_string(),
        }
    }

    /// Whether the report is a trend (`--by period|quarter`).
    pub fn is_trend(&self) -> bool {
        !self.report.steps.is_empty()
    }

    /// Whether the report is a row per group (`--by group`).
    pub fn is_by_group(&self) -> bool {
        self.report.by == By::Group
    }

    /// The columns of the target table: the plan, the actual and its
    /// judgement; the expected value, pace and projection only when some
    /// target is judged on pace; the change only when some target has last
    /// year's figure. The terminal adds its bar after the attainment, the
    /// page its chart before the status.
    pub fn columns(&self) -> Vec<Column> {
        let rows = &self.report.rows;
        let mut cols = vec![Column::Target, Column::Unit, Column::Plan, Column::Actual];
        if rows.iter().any(|r| r.measure.is_change()) {
            cols.push(Column::Measured);
        }
        cols.extend([Column::Attainment, Column::Gap]);
        if rows.iter().any(|r| r.basis == Basis::Pace) {
            cols.extend([Column::Expected, Column::Pace, Column::Projected]);
        }
        if rows.iter().any(|r| r.change_pct.is_some()) {
            cols.push(Column::Change);
        }
        cols.push(Column::Status);
        cols
    }

    /// Every column, whatever the report holds: a workbook made each month
    /// keeps its columns in place, so lookups and pivots built on it still
    /// work. A trend appends each step's actual and attainment.
    pub fn workbook_columns(&self) -> Vec<Column> {
        let mut cols = vec![
            Column::Target,
            Column::Entity,
            Column::Group,
            Column::Unit,
            Column::Plan,
            Column::PlanValue,
            Column::PlanLow,
            Column::PlanHigh,
            Column::Actual,
            Column::Gap,
            Column::Attainment,
            Column::Expected,
            Column::Pace,
            Column::Projected,
            Column::Change,
            Column::Measured,
            Column::MeasuredFrom,
            Column::Status,
            Column::Basis,
            Column::RowsUsed,
            Column::Source,
        ];
        for i in 0..self.report.steps.len() {
            cols.extend([Column::StepActual(i), Column::StepAttainment(i)]);
        }
        // The entity has a column of its own only in a report by entity.
        if self.report.by != By::Entity {
            cols.retain(|c| *c != Column::Entity);
        }
        cols
    }

    /// What a row shows in a column of the workbook: as [`Self::cell`],
    /// except that every row names its target and an entity row its entity
    /// in the entity column, so that sorting or filtering keeps which
    /// target a row belongs to, as a pivot table expects.
    pub fn workbook_cell(&self, row: &Row, column: Column) -> Shown {
        match column {
            Column::Target => Shown::Text(row.name.get(self.lang, &row.id).to_string()),
            Column::Entity => match &row.entity_name {
                Some(name) => Shown::Text(name.clone()),
                None => Shown::Blank,
            },
            _ => self.cell(row, column),
        }
    }

    /// A column's header in the view's language ("" for the chart).
    pub fn header(&self, column: Column) -> String {
        let Some(label) = column.label() else {
            return String::new();
        };
        let words = label.text(self.lang);
        match column {
            Column::StepActual(i) | Column::StepAttainment(i) => {
                let step = words::step_labels(self.report, self.lang)
                    .nth(i)
                    .unwrap_or_default();
                format!("{words} {step}")
            }
            _ => words.to_string(),
        }
    }

    /// The groups in the order their first target comes, each with its rows.
    pub fn sections(&self) -> Vec<Section<'r>> {
        let mut sections: Vec<(Option<&String>, Section<'r>)> = Vec::new();
        for row in &self.report.rows {
            let group = row.group.as_ref();
            match sections.iter_mut().find(|(g, _)| *g == group) {
                Some((_, section)) => section.rows.push(row),
                None => sections.push((
                    group,
                    Section {
                        name: group.map_or(Label::NoGroup.text(self.lang), |g| g.as_str()),
                        summary: self
                            .report
                            .summary
                            .groups
                            .iter()
                            .find(|g| g.name.as_ref() == group),
                        rows: vec![row],
                    },
                )),
            }
        }
        sections.into_iter().map(|(_, s)| s).collect()
    }

    /// Whether the sections get a heading: when there are groups at all.
    pub fn shows_sections(&self) -> bool {
        self.report.rows.iter().any(|r| r.group.is_some())
    }

    /// What a row shows in a column.
    pub fn cell(&self, row: &Row, column: Column) -> Shown {
        if !row.judged && column.judges() {
            // An entity's share of a flow, with no target of its own: there
            // is nothing to judge it by, so no status and no chart either.
            return match column {
                Column::Status | Column::Chart => Shown::Blank,
                _ => Shown::Dash,
            };
        }
        let text = |s: &str| Shown::Text(s.to_string());
        match column {
            Column::Target => match &row.entity_name {
                Some(name) => Shown::Entity(name.clone()),
                None => text(row.name.get(self.lang, &row.id)),
            },
            Column::Group => text(row.group.as_deref().unwrap_or("")),
            Column::Unit => text(&row.unit),
            Column::Plan => Shown::Plan {
                text: self.plan(row),
                revised: row.revision.is_some(),
            },
            Column::Bar | Column::Chart => Shown::Drawn,
            Column::Status => Shown::Status {
                words: status_label(row.status, row.basis, self.lang),
                light: row.light(),
            },
            Column::Basis => text(words::basis_label(row.basis, self.lang)),
            Column::Source => text(&row.source),
            _ => self.figure(row, column).map_or(Shown::Dash, Shown::Figure),
        }
    }

    /// The number a row shows in a column of numbers, if it has one.
    /// Expected, pace and projection mean something only mid-campaign; at
    /// the end they would repeat the plan, the attainment and the actual.
    fn figure(&self, row: &Row, column: Column) -> Option<Figure> {
        let locale = self.locale;
        let on_pace = |v: Option<Decimal>| v.filter(|_| row.basis == Basis::Pace);
        let value = |v: Decimal| Figure::value(v, human_number(v, locale), Shape::Value);
        // The row's computed values share the places its plan and actual
        // are written with.
        let plan = row
            .band()
            .map_or_else(|| vec![row.target()], |(l, h)| vec![Some(l), Some(h)]);
        let steps = row.trend.iter().map(|t| t.actual);
        let places = words::row_places(plan.into_iter().chain([row.actual]).chain(steps).flatten());
        let at = |v: Decimal, shape: Shape| Figure {
            decimals: words::places_for(v, places),
            ..Figure::value(v, words::number_at(v, places, locale), shape)
        };
        // A derived value (T × f, A / f) keeps six places in a workbook,
        // and shows the row's.
        let derived = |v: Decimal, text: String| Figure {
            decimals: words::places_for(v, places),
            ..Figure::value(calc::round_pct(v, DERIVED_DP), text, Shape::Value)
        };
        let percent =
            |v: Decimal| Figure::percent(v, WORKBOOK_PCT_DP, human_pct(v, locale), Shape::Percent);
        let step = |i: usize| row.trend.get(i);
        match column {
            Column::PlanValue => row.target().map(|t| at(t, Shape::Value)),
            Column::PlanLow => row.band().map(|(low, _)| at(low, Shape::Value)),
            Column::PlanHigh => row.band().map(|(_, high)| at(high, Shape::Value)),
            Column::Actual => row.actual.map(|a| at(a, Shape::Value)),
            Column::Attainment => match (row.basis, row.attainment_pct) {
                (Basis::Final, Some(a)) => Some(self.judged(row, a)),
                (_, a) => a.map(percent),
            },
            Column::Gap => row.gap.map(|g| {
                let points = row.unit_is_percent || row.measure.is_relative();
                let text = human_gap(g, points, places, locale);
                Figure {
                    decimals: words::places_for(g, places),
                    ..Figure::value(g, text, Shape::Gap { points })
                }
            }),
            // A band's expected value is a band; a workbook stores its lower
            // bound, as csv does.
            Column::Expected => match row.expected.filter(|_| row.basis == Basis::Pace)? {
                e @ (Kind::AtLeast(t) | Kind::AtMost(t) | Kind::Between(t, _)) => {
                    Some(derived(t, human_expected(e, places, locale)))
                }
            },
            Column::Pace => on_pace(row.pace_pct).map(|p| self.judged(row, p)),
            Column::Projected => {
                on_pace(row.projected).map(|p| derived(p, words::number_at(p, places, locale)))
            }
            Column::Change => row
                .change_pct
                .map(|c| Figure::percent(c, WORKBOOK_PCT_DP, signed_pct(c, locale), Shape::Change)),
            Column::Measured => row.measured.filter(|_| row.measure.is_change()).map(|m| {
                let text = self.measured_words(row, m);
                match row.measure.is_relative() {
                    true => Figure::percent(m, WORKBOOK_PCT_DP, text, Shape::Change),
                    false => {
                        let points = row.unit_is_percent;
                        Figure::value(m, text, Shape::Gap { points })
                    }
                }
            }),
            Column::MeasuredFrom => row.measured_from.map(|(p, _)| value(p)),
            Column::RowsUsed => Some(Figure::count(row.rows_used, locale)),
            Column::StepActual(i) => step(i).and_then(|t| t.actual).map(|a| at(a, Shape::Value)),
            Column::StepAttainment(i) => step(i).and_then(|t| t.attainment_pct).map(percent),
            _ => None,
        }
    }

    /// M as the plan writes it, and P beside it: "giảm 1,10 điểm % (từ
    /// 4,03)", "-7,3 % (from 371.3)"; "(from baseline 4.03)" when P is the
    /// baseline.
    fn measured_words(&self, row: &Row, m: Decimal) -> String {
        let change =
            words::human_change(row.measure, m, row.unit_is_percent, self.locale, self.lang);
        let Some((p, base)) = row.measured_from else {
            return change;
        };
        let p = human_number(p, self.locale);
        let from = match (base, self.lang) {
            (Base::YearEarlier, Lang::En) => "from",
            (Base::YearEarlier, Lang::Vi) => "từ",
            (Base::Baseline, Lang::En) => "from baseline",
            (Base::Baseline, Lang::Vi) => "từ số gốc",
        };
        format!("{change} ({from} {p})")
    }

    /// A percentage next to the row's status: never rounded onto the other
    /// side of the boundary that decided it.
    fn judged(&self, row: &Row, v: Decimal) -> Figure {
        let dp = words::judged_decimals(v, row.status, row.near, WORKBOOK_PCT_DP);
        let text = judged_pct(v, row.status, row.near, self.locale);
        Figure::percent(v, dp, text, Shape::Percent)
    }

    /// A group's name, or "no group".
    pub fn group_name(&self, group: &'r GroupSummary) -> &'r str {
        group
            .name
            .as_deref()
            .unwrap_or(Label::NoGroup.text(self.lang))
    }

    /// The target in force as written, without a revision's mark; a
    /// change target's with its way and unit ("giảm 1–1,5 điểm %").
    pub fn plan(&self, row: &Row) -> String {
        let plan = human_target(row.kind, row.strict, self.locale);
        words::human_change_plan(row.measure, &plan, row.unit_is_percent, self.lang)
    }

    /// A group's score as a page shows it ("105,2 %") with its light, or
    /// none when no target of the group has data.
    pub fn score(&self, group: &GroupSummary) -> Option<(Figure, Light)> {
        let s = group.score?;
        Some((
            Figure::percent(
                s,
                WORKBOOK_PCT_DP,
                human_pct(s, self.locale),
                Shape::Percent,
            ),
            group.light,
        ))
    }

    /// Over how many of its targets a group's score is, when not all of
    /// them have data: "1/3 có số liệu" / "1/3 with data". A score from
    /// one target of three must not read as the group's.
    pub fn coverage(&self, group: &GroupSummary) -> Option<String> {
        let (n, of) = (group.with_data, group.targets);
        (group.score.is_some() && n < of).then(|| match self.lang {
            Lang::En => format!("{n}/{of} with data"),
            Lang::Vi => format!("{n}/{of} có số liệu"),
        })
    }

    /// A group's score in words: the percentage, or "no data".
    pub fn score_words(&self, group: &GroupSummary) -> String {
        match self.score(group) {
            Some((figure, _)) => figure.text,
            None => status_label(Status::NoData, Basis::Final, self.lang).to_string(),
        }
    }

    /// How many of a group's targets have a status.
    pub fn count(group: &GroupSummary, status: Status) -> usize {
        group.counts[status as usize]
    }

    /// How many of a group's targets are met or exceeded.
    pub fn met_or_exceeded(group: &GroupSummary) -> usize {
        Self::count(group, Status::Exceeded) + Self::count(group, Status::Met)
    }

    /// The header of a `--by group` table: group, targets, a count per
    /// status, the score.
    pub fn group_header(&self) -> Vec<String> {
        let lang = self.lang;
        let mut header = vec![
            Label::Group.text(lang).to_string(),
            Label::Targets.text(lang).to_string(),
        ];
        header.extend(
            Status::ALL
                .iter()
                .map(|s| status_label(*s, Basis::Final, lang).to_string()),
        );
        header.push(Label::Score.text(lang).to_string());
        header
    }

    /// The header of a `--by period|quarter` table: target, plan, one
    /// column per step, the trend.
    pub fn trend_header(&self) -> Vec<String> {
        let lang = self.lang;
        let mut header = vec![
            Label::Target.text(lang).to_string(),
            Label::Plan.text(lang).to_string(),
        ];
        header.extend(self.step_labels());
        header.push(Label::Trend.text(lang).to_string());
        header
    }

    /// Each step's label: `2022-03` or `2022-Q1` (en), `03/2022` or
    /// `Q1/2022` (vi).
    pub fn step_labels(&self) -> Vec<String> {
        words::step_labels(self.report, self.lang).collect()
    }

    /// A target's cumulative actual and attainment at the end of a step.
    pub fn step(&self, row: &Row, i: usize) -> Step {
        let t = row.trend.get(i);
        // A change target's step shows the change to date, as it is judged.
        let shown = |t: &crate::report::TrendCell| match row.measure.is_change() {
            true => t.measured.map(|m| {
                words::human_change(row.measure, m, row.unit_is_percent, self.locale, self.lang)
            }),
            false => t.actual.map(|a| human_number(a, self.locale)),
        };
        Step {
            actual: t.and_then(shown),
            attainment: t
                .and_then(|t| t.attainment_pct)
                .map(|p| human_pct(p, self.locale)),
        }
    }

    /// "* GRDP growth: revised on 2022-07-09 from 5–6 (NQ …)", one per
    /// revised target shown, with the name and source as written: each
    /// renderer escapes the whole note for its medium.
    pub fn revision_notes(&self) -> Vec<String> {
        self.report
            .rows
            .iter()
            .filter_map(|row| {
                let revision = row.revision.as_ref()?;
                let original = human_target(row.original_target?, row.strict, self.locale);
                let source = revision
                    .source
                    .as_ref()
                    .map_or_else(String::new, |s| format!(" ({s})"));
                let name = row.name.get(self.lang, &row.id);
                Some(match self.lang {
                    Lang::En => format!(
                        "* {name}: revised on {} from {original}{source}",
                        revision.from.format("%Y-%m-%d")
                    ),
                    Lang::Vi => format!(
                        "* {name}: điều chỉnh từ ngày {}, kế hoạch ban đầu {original}{source}",
                        revision.from.format("%d/%m/%Y")
                    ),
                })
            })
            .collect()
    }

    /// "1,000 rows read: 990 used, 10 skipped (4 bad_number, 6 bad_period)".
    pub fn ledger_line(&self) -> String {
        let ledger = &self.report.ledger;
        let mut line = crate::labels::ledger_line(
            self.lang,
            ledger.read,
            ledger.used,
            ledger.comparison,
            ledger.total_skipped(),
        );
        // Each reason in the report's language (Vietnamese keeps the
        // machine name after the words, so it can still be searched).
        let reasons: Vec<String> = crate::ingest::Skip::ALL
            .into_iter()
            .map(|skip| (skip, ledger.skipped(skip)))
            .filter(|(_, n)| *n > 0)
            .map(|(skip, n)| {
                let words = words::bucket_label(crate::ingest::Bucket::Skipped(skip), self.lang);
                format!("{n} {words}")
            })
            .collect();
        match (reasons.is_empty(), self.lang) {
            (true, _) => {}
            (false, Lang::En) => line.push_str(&format!(" ({})", reasons.join(", "))),
            // The words carry the code in brackets already.
            (false, Lang::Vi) => line.push_str(&format!(": {}", reasons.join(", "))),
        }
        line
    }

    /// The heading of the notes under a report.
    pub fn notes_title(&self) -> &'static str {
        Label::Notes.text(self.lang)
    }

    /// "10 of 1,000 rows skipped; `attain check` lists them", when any was.
    pub fn skipped_note(&self) -> Option<String> {
        let ledger = &self.report.ledger;
        let skipped = ledger.total_skipped();
        (skipped > 0).then(|| match self.lang {
            Lang::En => format!(
                "{skipped} of {} rows skipped; `attain check` lists them",
                ledger.read
            ),
            Lang::Vi => format!(
                "{skipped}/{} dòng bị bỏ qua; `attain check` liệt kê từng dòng",
                ledger.read
            ),
        })
    }
}
