//! `attain explain ID ...`: why a target shows what it shows — the target in
//! force (and the original), the aggregate and window, every row used with
//! its file:line and conversion, every row skipped for it and why, the
//! formula with the numbers put in, and the threshold that decided the
//! status.
//!
//! It reads the report model and the kept rows; it computes nothing the
//! report did not (the conversions shown are the ones ingest applied).

use std::fmt::Write as _;

use rust_decimal::Decimal;

use crate::calc::{self, Basis, Status};
use crate::campaign::{Above, Aggregate, Campaign, Kind, Target};
use crate::error::Error;
use crate::ingest::{Bucket, Ingest, LedgerRow};
use crate::labels::Lang;
use crate::number::Locale;
use crate::render::{human_number, human_target, status_label};
use crate::report::{Report, Row};
use crate::text::printable;
use crate::unit::Unit;

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
            let hint = crate::campaign::closest(id, &known)
                .map(|c| format!("did you mean '{c}'? "))
                .unwrap_or_default();
            return Err(Error::Usage(format!(
                "no target has the id '{id}'; {hint}the targets are: {}",
                known.join(", ")
            )));
        };
        if n > 0 {
            out.push('\n');
        }
        let figure = campaign
            .targets
            .iter()
            .position(|t| t.id == target.id)
            .and_then(|i| ingest.figures.get(i));
        target_section(
            &mut out, campaign, ingest, target, row, figure, locale, lang,
        );
    }
    Ok(out)
}

/// Writes one line "  label  text" of a section. The text quotes the data
/// (names, sources, notes, rows), so it is shown [`printable`].
fn line(out: &mut String, label: &str, text: impl AsRef<str>) {
    let _ = writeln!(out, "  {label:<11} {}", printable(text.as_ref()));
}

#[allow(clippy::too_many_arguments)]
fn target_section(
    out: &mut String,
    campaign: &Campaign,
    ingest: &Ingest,
    target: &Target,
    row: &Row,
    figure: Option<&crate::ingest::Figure>,
    locale: Locale,
    lang: Lang,
) {
    let n = |v: Decimal| human_number(v, locale);
    let name = target.name.get(lang, &target.id);
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

    // The target in force.
    let unit = if target.unit_text.is_empty() {
        String::new()
    } else {
        format!(" {}", target.unit_text)
    };
    let mut in_force = format!("{}{unit}", human_target(row.kind, row.strict, locale));
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
            if let Some(s) = &target.source {
                let _ = write!(in_force, " (source: {s})");
            }
        }
    }
    line(out, "target", in_force);
    if let Some(note) = &target.note {
        line(out, "note", note);
    }

    // How rows combine, and over which window.
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

    // The rows, used and skipped.
    let components: Vec<&str> = match &target.formula {
        Some(f) => f.references(),
        None => vec![target.id.as_str()],
    };
    let mine: Vec<&LedgerRow> = ingest
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
    for r in mine
        .iter()
        .filter(|r| matches!(r.bucket, Bucket::Skipped(_)))
    {
        let why = match r.bucket {
            Bucket::Skipped(skip) => {
                format!("{} ({})", skip.name(), crate::check::skip_explanation(skip))
            }
            _ => String::new(),
        };
        line(
            out,
            "skipped",
            format!("{} — {why}", row_text(campaign, r, locale)),
        );
    }

    // The value and the formulas with their numbers.
    let Some(actual) = row.actual else {
        let reason = figure
            .and_then(|f| f.reason.clone())
            .unwrap_or_else(|| "no usable row in the window".to_string());
        line(out, "actual", format!("none: {reason}"));
        line(
            out,
            "status",
            status_label(Status::NoData, Basis::Final, lang),
        );
        return;
    };
    line(out, "actual", format!("{}{unit}", n(actual)));
    if let Some(f) = &target.formula {
        line(out, "", format!("{} with the components' totals", f.text));
    }
    line(
        out,
        "attainment",
        attainment_text(row.kind, row.above, actual, row.attainment_pct, locale, "T"),
    );
    if let (Basis::Pace, Some(expected)) = (row.basis, row.expected) {
        line(
            out,
            "expected",
            format!(
                "E = {} to date (the plan phased by the elapsed share of the campaign)",
                human_target(expected, row.strict, locale)
            ),
        );
        line(
            out,
            "pace",
            attainment_text(expected, row.above, actual, row.pace_pct, locale, "E"),
        );
    }
    if let Some(p) = row.projected {
        line(
            out,
            "projected",
            format!("{} for the whole campaign at this pace", n(p)),
        );
    }
    if let (Some(prev), Some(change)) = (row.previous, row.change_pct) {
        line(
            out,
            "last year",
            format!("{} → change {}", n(prev), pct(change, locale)),
        );
    }
    line(out, "status", status_text(row, actual, locale, lang));
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
    let conversion = match (indicator, Unit::parse(&r.unit)) {
        (Some(ind), Ok(unit)) if !r.unit.is_empty() && unit != ind.unit => unit
            .factor_to(&ind.unit)
            .map(|f| format!(" (× {} to {})", human_number(f, locale), ind.unit_text))
            .unwrap_or_default(),
        _ => String::new(),
    };
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

/// The attainment formula of SPEC §6.1 with the numbers put in.
/// `t` names the target in the formula: `T`, or `E` for the expected value.
fn attainment_text(
    kind: Kind,
    above: Above,
    a: Decimal,
    result: Option<Decimal>,
    locale: Locale,
    t_name: &str,
) -> String {
    let n = |v: Decimal| human_number(v, locale);
    let r = result.map_or_else(|| "none".to_string(), |v| pct(v, locale));
    match kind {
        Kind::AtLeast(t) if t > Decimal::ZERO => {
            format!("A / {t_name} = {} / {} = {r}", n(a), n(t))
        }
        Kind::AtMost(t) if t > Decimal::ZERO => {
            format!("2 − A / {t_name} = 2 − {} / {} = {r}", n(a), n(t))
        }
        Kind::Between(l, _) if l > Decimal::ZERO && a < l => {
            format!("below the band: A / L = {} / {} = {r}", n(a), n(l))
        }
        Kind::Between(l, h) if l > Decimal::ZERO && a <= h => {
            format!("inside the band {}–{}: {r}", n(l), n(h))
        }
        Kind::Between(l, h) if l > Decimal::ZERO => match above {
            Above::Exceeded => format!(
                "above the band, more is better: A / H = {} / {} = {r}",
                n(a),
                n(h)
            ),
            Above::Bad => format!(
                "above the band, which is bad: 2 − A / H = 2 − {} / {} = {r}",
                n(a),
                n(h)
            ),
        },
        _ => "none: a target of zero or less is judged by comparison alone".to_string(),
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
