//! `attain explain ID ...`: why a target shows what it shows — the target in
//! force (and the original), the aggregate and window, every row used with
//! its file:line and conversion, every row skipped for it and why, the
//! formula with the numbers put in, and the threshold that decided the
//! status.
//!
//! It words and formats; it computes nothing. Every number is the report
//! model's, the formula shown is the rule `calc::attainment_rule` says calc
//! applied, and a row's conversion factor is the one
//! `Unit::factor_from_text` gives, as reading the row applied it.

use std::fmt::Write as _;

use rust_decimal::Decimal;

use crate::calc::{self, Basis, Measure, Rule, Status};
use crate::campaign::{Aggregate, Campaign, Target};
use crate::diagnostic::Usage;
use crate::error::Error;
use crate::ingest::{Bucket, Ingest, LedgerRow};
use crate::labels::Lang;
use crate::number::Locale;
use crate::report::{Base, ExpectedFrom, Report, Row};
use crate::text::printable;
use crate::unit::Unit;
use crate::view::words::human_change_plan;
use crate::view::{human_number, human_target, status_label};

/// The explanation of each id, or an error naming an unknown id.
pub fn explain(
    campaign: &Campaign,
    ingest: &Ingest,
    report: &Report,
    ids: &[String],
    locale: Locale,
    lang: Lang,
) -> Result<String, Error> {
    let mut out = String::new();
    for (n, id) in ids.iter().enumerate() {
        let (Some(target), Some(row)) = (
            campaign.targets.iter().find(|t| &t.id == id),
            report
                .rows
                .iter()
                .find(|r| &r.id == id && r.entity.is_none()),
        ) else {
            let known: Vec<&str> = campaign.targets.iter().map(|t| t.id.as_str()).collect();
            return Err(Error::Usage(Usage::NoSuchTarget {
                id: id.to_string(),
                suggestion: crate::campaign::closest(id, &known).map(str::to_string),
                known: known.iter().map(|k| k.to_string()).collect(),
            }));
        };
        if n > 0 {
            out.push('\n');
        }
        let figure = campaign
            .targets
            .iter()
            .position(|t| t.id == target.id)
            .and_then(|i| ingest.figures.get(i));
        let section = Section {
            campaign,
            ingest,
            target,
            row,
            figure,
            locale,
            lang,
        };
        section.write(&mut out);
    }
    Ok(out)
}

/// Writes one line "  label  text" of a section. The text quotes the data
/// (names, sources, notes, rows), so it is shown [`printable`].
fn line(out: &mut String, label: &str, text: impl AsRef<str>) {
    let _ = writeln!(out, "  {label:<11} {}", printable(text.as_ref()));
}

/// One target's explanation, from the heading to the status.
struct Section<'a> {
    campaign: &'a Campaign,
    ingest: &'a Ingest,
    target: &'a Target,
    row: &'a Row,
    figure: Option<&'a crate::ingest::Figure>,
    locale: Locale,
    lang: Lang,
}

impl Section<'_> {
    fn write(&self, out: &mut String) {
        self.heading(out);
        self.target_in_force(out);
        self.combining(out);
        self.rows(out);
        self.figures(out);
    }

    fn n(&self, v: Decimal) -> String {
        human_number(v, self.locale)
    }

    /// " unit" after a number, or nothing for a plain number.
    fn unit(&self) -> String {
        if self.target.unit_text.is_empty() {
            String::new()
        } else {
            format!(" {}", self.target.unit_text)
        }
    }

    /// "id — name (group)".
    fn heading(&self, out: &mut String) {
        let target = self.target;
        let name = target.name.get(self.lang, &target.id);
        let group = target
            .group
            .as_deref()
            .map_or_else(String::new, |g| format!(" ({g})"));
        let _ = writeln!(
            out,
            "{} — {}",
            printable(&target.id),
            printable(&format!("{name}{group}"))
        );
    }

    /// The target in force, and the original with its revision, or its
    /// source; then its note.
    fn target_in_force(&self, out: &mut String) {
        let (row, locale) = (self.row, self.locale);
        let mut in_force = match row.measure.is_change() {
            false => format!(
                "{}{}",
                human_target(row.kind, row.strict, locale),
                self.unit()
            ),
            // "down 1–1,5 pp": a change is written in its own unit.
            true => {
                let plan = human_target(row.kind, row.strict, locale);
                let unit_is_percent = self.target.unit.is_percent();
                let plan = human_change_plan(row.measure, &plan, unit_is_percent, Lang::En);
                let unit = match row.measure.is_relative() || unit_is_percent {
                    true => String::new(),
                    false => self.unit(),
                };
                format!("{plan}{unit} (measure = \"{}\")", row.measure.name())
            }
        };
        match (&row.revision, row.original_target) {
            (Some(r), Some(original)) => {
                let _ = write!(
                    in_force,
                    ", revised on {} from {}{}",
                    r.from,
                    human_target(original, row.strict, locale),
                    r.source
                        .as_ref()
                        .map_or_else(String::new, |s| format!(" ({s})"))
                );
            }
            _ => {
                if let Some(s) = &self.target.source {
                    let _ = write!(in_force, " (source: {s})");
                }
            }
        }
        line(out, "target", in_force);
        if let Some(note) = &self.target.note {
            line(out, "note", note);
        }
    }

    /// How rows combine, and over which window.
    fn combining(&self, out: &mut String) {
        let (campaign, ingest, target) = (self.campaign, self.ingest, self.target);
        let how = match (&target.formula, target.aggregate) {
            (Some(f), _) => format!("formula {} over the components' aggregates", f.text),
            (None, Some(a)) => format!("{}{}", a.name(), aggregate_words(a)),
            (None, None) => "none set: a single row is its value".to_string(),
        };
        line(out, "aggregate", how);
        line(
            out,
            "window",
            format!(
                "{} to {} (the campaign), as of {}{}",
                campaign.span.start,
                campaign.span.end,
                ingest.as_of,
                if ingest.as_of_from_rows {
                    ", the latest end among the rows"
                } else {
                    ""
                }
            ),
        );
    }

    /// The rows of the target (or of its formula's components): used, of
    /// the year before, skipped and why.
    fn rows(&self, out: &mut String) {
        let (campaign, locale) = (self.campaign, self.locale);
        let components: Vec<&str> = match &self.target.formula {
            Some(f) => f.references(),
            None => vec![self.target.id.as_str()],
        };
        let mine: Vec<&LedgerRow> = self
            .ingest
            .rows
            .iter()
            .filter(|r| components.contains(&r.indicator.as_str()))
            .collect();
        let mut used = 0;
        for r in mine.iter().filter(|r| r.bucket == Bucket::Used) {
            used += 1;
            line(
                out,
                if used == 1 { "rows used" } else { "" },
                row_text(campaign, r, locale),
            );
        }
        if used == 0 {
            line(out, "rows used", "none");
        }
        for r in mine.iter().filter(|r| r.bucket == Bucket::Comparison) {
            line(out, "last year", row_text(campaign, r, locale));
        }
        for r in &mine {
            if let Bucket::Skipped(skip) = r.bucket {
                let why = format!("{} ({})", skip.name(), crate::check::skip_explanation(skip));
                line(
                    out,
                    "skipped",
                    format!("{} — {why}", row_text(campaign, r, locale)),
                );
            }
        }
    }

    /// The value and the formulas with the report's numbers put in, then
    /// the status; or why there is no value.
    fn figures(&self, out: &mut String) {
        let (row, locale) = (self.row, self.locale);
        let Some(actual) = row.actual else {
            let reason = self
                .figure
                .and_then(|f| f.reason.clone())
                .unwrap_or_else(|| "no usable row in the window".to_string());
            line(out, "actual", format!("none: {reason}"));
            line(
                out,
                "status",
                status_label(Status::NoData, Basis::Final, self.lang),
            );
            return;
        };
        line(out, "actual", format!("{}{}", self.n(actual), self.unit()));
        if let Some(f) = &self.target.formula {
            line(out, "", format!("{} with the components' totals", f.text));
        }
        // A change target is judged on M, its change from P.
        let (judged, a_name) = match row.measure.is_change() {
            false => (actual, "A"),
            true => match self.measured(out, actual) {
                Some(m) => (m, "M"),
                None => return,
            },
        };
        let rule = calc::attainment_rule(row.kind, row.above, judged);
        line(
            out,
            "attainment",
            attainment_text(rule, (a_name, judged), row.attainment_pct, locale, "T"),
        );
        if let (Basis::Pace, Some(expected)) = (row.basis, row.expected) {
            let from = match row.expected_from {
                ExpectedFrom::Phasing => {
                    "the plan phased by the elapsed share of the campaign".to_string()
                }
                ExpectedFrom::Milestone(by) => format!("the milestone due by {by}"),
                ExpectedFrom::Milestones => {
                    "on the line from 0 through the milestones to the target".to_string()
                }
            };
            line(
                out,
                "expected",
                format!(
                    "E = {} to date ({from})",
                    human_target(expected, row.strict, locale)
                ),
            );
            let rule = calc::attainment_rule(expected, row.above, judged);
            line(
                out,
                "pace",
                attainment_text(rule, (a_name, judged), row.pace_pct, locale, "E"),
            );
        }
        if let Some(p) = row.projected {
            line(
                out,
                "projected",
                format!("{} for the whole campaign at this pace", self.n(p)),
            );
        }
        if let (Some(prev), Some(change)) = (row.previous, row.change_pct) {
            line(
                out,
                "last year",
                format!("{} → change {}", self.n(prev), pct(change, locale)),
            );
        }
        line(out, "status", status_text(row, judged, locale, self.lang));
    }

    /// The change a change target is judged on: "M = P − A = 4,03 − 2,93
    /// = 1,10", with where P comes from; none (and the status no data)
    /// without P.
    fn measured(&self, out: &mut String, actual: Decimal) -> Option<Decimal> {
        let row = self.row;
        let Some((p, base)) = row.measured_from else {
            line(
                out,
                "measured",
                format!(
                    "none: measure = \"{}\" needs the figure of the same span a year earlier (or a baseline), and there is none",
                    row.measure.name()
                ),
            );
            line(
                out,
                "status",
                status_label(Status::NoData, Basis::Final, self.lang),
            );
            return None;
        };
        let from = match base {
            Base::YearEarlier => "P = the same span a year earlier",
            Base::Baseline => "P = the baseline, for want of the same span a year earlier",
        };
        line(
            out,
            "previous",
            format!("{}{} ({from})", self.n(p), self.unit()),
        );
        let (a, p_) = (self.n(actual), self.n(p));
        let formula = match row.measure {
            Measure::Level => return Some(actual),
            Measure::Increase => format!("A − P = {a} − {p_}"),
            Measure::Decrease => format!("P − A = {p_} − {a}"),
            Measure::Growth => format!(
                "(A − P) / |P| × 100 = ({a} − {p_}) / {} × 100",
                self.n(p.abs())
            ),
            Measure::Decline => format!(
                "(P − A) / |P| × 100 = ({p_} − {a}) / {} × 100",
                self.n(p.abs())
            ),
        };
        let Some(m) = row.measured else {
            line(
                out,
                "measured",
                format!("M = {formula}: none (a change from zero has no percentage)"),
            );
            line(
                out,
                "status",
                status_label(Status::NoData, Basis::Final, self.lang),
            );
            return None;
        };
        // 4,03 − 2,93 = 1,10: the places of the figures it comes from.
        let digits = crate::number::format(m, self.locale, Some(m.scale().min(4)));
        let result = match (row.measure.is_relative(), self.target.unit.is_percent()) {
            (true, _) => pct(m, self.locale),
            (false, true) => format!("{digits} pp"),
            (false, false) => format!("{digits}{}", self.unit()),
        };
        line(
            out,
            "measured",
            format!("M = {formula} = {result} ({})", row.measure.name()),
        );
        Some(m)
    }
}

fn aggregate_words(a: Aggregate) -> &'static str {
    match a {
        Aggregate::Sum => {
            " (a flow: rows of distinct periods add up; overlapping periods are not counted twice)"
        }
        Aggregate::Last => " (a level: the row with the latest end)",
        Aggregate::Mean => " (the mean of the rows)",
        Aggregate::Min => " (the smallest row)",
        Aggregate::Max => " (the largest row)",
    }
}

/// "file:line  period  value unit → converted (× factor)  entity".
fn row_text(campaign: &Campaign, r: &LedgerRow, locale: Locale) -> String {
    let indicator = campaign.indicators.iter().find(|i| i.id == r.indicator);
    // The factor reading the row applied, as unit.rs gives it; none shown
    // when it is 1 (no unit, or a spelling of the target's own).
    let conversion = indicator
        .and_then(|ind| {
            let factor = Unit::factor_from_text(&r.unit, &ind.unit).ok()?;
            (factor != Decimal::ONE)
                .then(|| format!(" (× {} to {})", human_number(factor, locale), ind.unit_text))
        })
        .unwrap_or_default();
    let entity = if r.entity.is_empty() {
        String::new()
    } else {
        format!(", entity {}", r.entity)
    };
    let what = if r.indicator.is_empty() {
        "(no indicator)"
    } else {
        &r.indicator
    };
    format!(
        "{}:{}  {what} {}  {} {}{conversion}{entity}",
        r.file,
        r.line,
        if r.period.is_empty() {
            "(whole campaign)"
        } else {
            &r.period
        },
        r.value,
        r.unit
    )
    .trim_end()
    .to_string()
}

fn pct(v: Decimal, locale: Locale) -> String {
    let n = crate::number::format(calc::round_pct(v, 2), locale, Some(2));
    match locale {
        Locale::En => format!("{n}%"),
        Locale::Vi => format!("{n} %"),
    }
}

/// The attainment formula of SPEC §6.1 that calc applied (`rule`), with
/// the numbers put in and the report's `result`. `t_name` names the target
/// in the formula: `T`, or `E` for the expected value.
fn attainment_text(
    rule: Rule,
    (m, a): (&str, Decimal),
    result: Option<Decimal>,
    locale: Locale,
    t_name: &str,
) -> String {
    let n = |v: Decimal| human_number(v, locale);
    let r = result.map_or_else(|| "none".to_string(), |v| pct(v, locale));
    match rule {
        Rule::Floor(t) => format!("{m} / {t_name} = {} / {} = {r}", n(a), n(t)),
        Rule::Ceiling(t) => format!("2 − {m} / {t_name} = 2 − {} / {} = {r}", n(a), n(t)),
        Rule::BelowBand(l) => format!("below the band: {m} / L = {} / {} = {r}", n(a), n(l)),
        Rule::BelowBandLess(l) => format!(
            "below the band, less is better: 2 − {m} / L = 2 − {} / {} = {r}",
            n(a),
            n(l)
        ),
        Rule::InsideBand(l, h) => format!("inside the band {}–{}: {r}", n(l), n(h)),
        Rule::AboveBand(h) => format!(
            "above the band, more is better: {m} / H = {} / {} = {r}",
            n(a),
            n(h)
        ),
        Rule::AboveBadBand(h) => format!(
            "above the band, which is bad: 2 − {m} / H = 2 − {} / {} = {r}",
            n(a),
            n(h)
        ),
        Rule::NoRatio => "none: a target of zero or less is judged by comparison alone".to_string(),
    }
}

/// Which comparison or threshold decided the status.
fn status_text(row: &Row, actual: Decimal, locale: Locale, lang: Lang) -> String {
    let n = |v: Decimal| human_number(v, locale);
    let label = status_label(row.status, row.basis, lang);
    let against = match row.basis {
        Basis::Pace => row.expected.unwrap_or(row.kind),
        Basis::Final => row.kind,
    };
    let basis = match row.basis {
        Basis::Pace => " to date",
        Basis::Final => "",
    };
    let score = match row.basis {
        Basis::Pace => row.pace_pct,
        Basis::Final => row.attainment_pct,
    };
    let target = human_target(against, row.strict, locale);
    match row.status {
        Status::Exceeded => format!(
            "{label}: {} is better than the target{basis} {target}",
            n(actual)
        ),
        Status::Met => format!(
            "{label}: {} meets the target{basis} {target} (boundaries count as met)",
            n(actual)
        ),
        Status::Near => format!(
            "{label}: {} misses the target{basis} {target}, but {} is at or above the amber threshold {}",
            n(actual),
            score.map_or_else(|| "–".to_string(), |s| pct(s, locale)),
            pct(row.near, locale)
        ),
        Status::NotMet => match score {
            Some(s) => format!(
                "{label}: {} misses the target{basis} {target}, and {} is below the amber threshold {}",
                n(actual),
                pct(s, locale),
                pct(row.near, locale)
            ),
            None => format!(
                "{label}: {} misses the target{basis} {target}, which has no attainment to be near",
                n(actual)
            ),
        },
        Status::NoData => label.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::ingest::{self, Input, KeepRows, ReadOptions};
    use crate::report::{self, Selection};

    const EXAMPLES: [&str; 3] = [
        "examples/bac-ninh-2022/actuals.csv",
        "examples/bac-ninh-2022/illustrative.csv",
        "examples/bac-ninh-2022/ytd-2022-11.csv",
    ];

    /// The shipped campaign read with `actuals`, its report, and the
    /// explanation of every target.
    fn shipped(actuals: &str) -> (Campaign, Report, String) {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let campaign = crate::campaign::load(&root.join("targets.toml")).unwrap();
        let options = ReadOptions {
            keep_rows: KeepRows::All,
            ..ReadOptions::new(campaign.locale)
        };
        let ingest = ingest::read(&campaign, &[Input::File(root.join(actuals))], &options);
        assert!(!ingest.has_errors(), "{actuals}: {:?}", ingest.diagnostics);
        let report = report::build(&campaign, &ingest, &Selection::default());
        let ids: Vec<String> = campaign.targets.iter().map(|t| t.id.clone()).collect();
        let text = explain(
            &campaign,
            &ingest,
            &report,
            &ids,
            campaign.locale,
            campaign.lang,
        )
        .unwrap();
        (campaign, report, text)
    }

    /// A section's lines as (label, text); a line without a label belongs
    /// to the label above it.
    fn fields(section: &str) -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> = Vec::new();
        for l in section.lines().skip(1) {
            let label = l[2..13].trim().to_string();
            let label = match (label.is_empty(), out.last()) {
                (true, Some((above, _))) => above.clone(),
                _ => label,
            };
            out.push((label, l[14..].to_string()));
        }
        out
    }

    fn field<'a>(fields: &'a [(String, String)], label: &str) -> Option<&'a str> {
        fields
            .iter()
            .find(|(l, _)| l == label)
            .map(|(_, t)| t.as_str())
    }

    /// "x %" or "x%" as a decimal.
    fn number(text: &str, locale: Locale) -> Decimal {
        let text = text.trim().trim_end_matches('%').trim();
        crate::number::parse(text, locale, false).unwrap()
    }

    /// Works out "A / T = a / t = r %" or "2 − A / T = 2 − a / t = r %" with
    /// the numbers shown, and returns (worked out, shown), both rounded as
    /// shown: the words of the formula must give the report's number.
    fn worked(formula: &str, locale: Locale) -> Option<(Decimal, Decimal)> {
        let formula = formula.rsplit(": ").next()?;
        let parts: Vec<&str> = formula.split(" = ").collect();
        let [_, operands, shown] = parts.as_slice() else {
            return None;
        };
        let (inverse, operands) = match operands.strip_prefix("2 − ") {
            Some(rest) => (true, rest),
            None => (false, *operands),
        };
        let (a, t) = operands.split_once(" / ")?;
        let ratio = number(a, locale) / number(t, locale);
        let value = if inverse { Decimal::TWO - ratio } else { ratio };
        Some((
            calc::round_pct(value * Decimal::ONE_HUNDRED, 2),
            number(shown, locale),
        ))
    }

    /// Each explained target of the shipped campaign with each example's
    /// actuals: where (the file and id), its report row, its target and the
    /// lines of its explanation.
    fn each_explained(mut check: impl FnMut(&str, &Row, &Target, &[(String, String)])) {
        for actuals in EXAMPLES {
            let (campaign, report, text) = shipped(actuals);
            assert_eq!(
                campaign.locale,
                Locale::Vi,
                "the numbers below are read as vi"
            );
            for section in text.split("\n\n") {
                let id = section.split(' ').next().unwrap();
                let row = report
                    .rows
                    .iter()
                    .find(|r| r.id == id && r.entity.is_none())
                    .unwrap();
                let target = campaign.targets.iter().find(|t| t.id == id).unwrap();
                check(&format!("{actuals}, {id}"), row, target, &fields(section));
            }
        }
    }

    #[test]
    fn the_actual_attainment_and_pace_explain_shows_are_the_reports() {
        let locale = Locale::Vi;
        let mut worked_out = 0;
        each_explained(|at, row, _, fields| {
            let shown_actual = field(fields, "actual").unwrap();
            let Some(actual) = row.actual else {
                assert!(shown_actual.starts_with("none"), "{at}");
                return;
            };
            assert_eq!(
                shown_actual.split(' ').next().unwrap(),
                human_number(actual, locale),
                "{at}"
            );
            // The attainment and pace shown are the report's, and the
            // formula worded beside them, worked out, gives them.
            for (label, value) in [("attainment", row.attainment_pct), ("pace", row.pace_pct)] {
                let Some(shown) = field(fields, label) else {
                    continue;
                };
                let Some(v) = value else {
                    assert!(shown.starts_with("none"), "{at}");
                    continue;
                };
                assert!(shown.ends_with(&format!("= {}", pct(v, locale))), "{at}");
                if let Some((worked, shown)) = worked(shown, locale) {
                    assert_eq!(worked, shown, "{at}: {label} {shown}");
                    assert_eq!(shown, calc::round_pct(v, 2), "{at}");
                    worked_out += 1;
                }
            }
        });
        assert!(worked_out >= 10, "{worked_out} formulas worked out");
    }

    #[test]
    fn the_factors_explain_shows_rebuild_the_reports_actual() {
        let locale = Locale::Vi;
        let (mut factors, mut rebuilt) = (0, 0);
        each_explained(|at, row, target, fields| {
            let Some(actual) = row.actual.filter(|_| target.formula.is_none()) else {
                return;
            };
            let mut converted = Vec::new();
            for (_, row_text) in fields.iter().filter(|(l, _)| l == "rows used") {
                let written = row_text.split("  ").nth(2).unwrap();
                let value = number(written.split(' ').next().unwrap(), locale);
                let factor = match written.split_once("(× ") {
                    Some((_, rest)) => {
                        factors += 1;
                        number(rest.split(" to ").next().unwrap(), locale)
                    }
                    None => Decimal::ONE,
                };
                converted.push(value * factor);
            }
            // A flow adds its rows; a level is one of them (the latest).
            match target.aggregate {
                Some(Aggregate::Sum) => {
                    assert_eq!(converted.iter().sum::<Decimal>(), actual, "{at}");
                }
                _ => assert!(converted.contains(&actual), "{at}: {converted:?}"),
            }
            rebuilt += 1;
        });
        assert!(
            factors >= 3 && rebuilt >= 10,
            "{factors} factors, {rebuilt} actuals"
        );
    }
}
