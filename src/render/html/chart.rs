//! The inline SVG charts: the colours, the scale that places the model's
//! values on a chart, the bullet chart of a target and the sentence that
//! says it, the legend, the trend sparkline and a group's status bar. Only
//! geometry: no figure is computed here.

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

use super::tables::{DASH, light_fill};
use super::*;
use crate::calc::{Basis, Light, Status};
use crate::labels::Label;
use crate::report::{GroupSummary, Row};
use crate::view::chart::Marks;
use crate::view::{Column, Shown, View, human_pct, status_label};

pub(super) const TRACK_FILL: &str = "#e6eaee";
pub(super) const BAND_FILL: &str = "#b3dbbf";
pub(super) const NEAR_FILL: &str = "#f7dfa3";
pub(super) const TICK_STROKE: &str = "#1f2933";
pub(super) const EXPECTED_FILL: &str = "#1f5fbf";
pub(super) const MUTED_TEXT: &str = "#616e7c";

/// The bullet chart's box, in CSS pixels.
pub(super) const CHART_W: f64 = 180.0;
pub(super) const CHART_H: f64 = 26.0;
/// Room at each end so that a tick on the scale's edge stays whole.
pub(super) const CHART_PAD: f64 = 3.0;

/// A coordinate for SVG: one decimal, never "-0".
pub(super) fn px(v: f64) -> String {
    let r = (v * 10.0).round() / 10.0;
    if r == 0.0 {
        "0".to_string()
    } else {
        format!("{r}")
    }
}

pub(super) fn float(v: Decimal) -> f64 {
    v.to_f64().unwrap_or(0.0)
}

pub(super) fn floats(values: &[Decimal]) -> Vec<f64> {
    values.iter().map(|v| float(*v)).collect()
}

/// A linear scale from values to the chart's x.
#[derive(Debug, Clone, Copy)]
pub(super) struct Scale {
    pub(super) lo: f64,
    pub(super) hi: f64,
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
    pub(super) fn of(marks: &[f64], zones: &[(f64, f64)], actual: Option<f64>) -> Scale {
        let top = marks.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let values = marks
            .iter()
            .copied()
            .chain(actual)
            .chain(zones.iter().flat_map(|(a, b)| [*a, *b]));
        let lo = values.clone().fold(0.0, f64::min);
        if top > 0.0 {
            let hi = values.fold(top * 1.5, f64::max);
            return Scale { lo, hi };
        }
        let hi = actual.unwrap_or(0.0).max(0.0);
        let span = hi - lo;
        if span > 0.0 {
            Scale {
                lo,
                hi: lo + span * 1.5,
            }
        } else {
            Scale { lo, hi: lo + 1.0 }
        }
    }

    pub(super) fn x(&self, v: f64) -> f64 {
        let share = if self.hi > self.lo {
            (v - self.lo) / (self.hi - self.lo)
        } else {
            0.0
        };
        CHART_PAD + share.clamp(0.0, 1.0) * (CHART_W - 2.0 * CHART_PAD)
    }
}

/// The sentence a screen reader says for a target's chart, also its
/// `<title>` (a tooltip): "Export-import turnover: Actual 91,700 million
/// USD; Plan ≥ 92,070; Attainment 99.6%; near".
pub(super) fn chart_sentence(view: &View, row: &Row) -> String {
    let lang = view.lang;
    let mut name = row.name.get(lang, &row.id).to_string();
    if let Some(entity) = &row.entity_name {
        name = format!("{name} — {entity}");
    }
    let mut parts = Vec::new();
    if let Some(a) = row.actual {
        let actual = format!(
            "{} {} {}",
            Label::Actual.text(lang),
            crate::view::human_number(a, view.locale),
            row.unit
        );
        parts.push(actual.trim_end().to_string());
    }
    parts.push(format!("{} {}", Label::Plan.text(lang), view.plan(row)));
    if let Some(p) = row.attainment_pct {
        parts.push(format!(
            "{} {}",
            Label::Attainment.text(lang),
            human_pct(p, view.locale)
        ));
    }
    if let Shown::Figure(expected) = view.cell(row, Column::Expected) {
        parts.push(format!("{} {}", Label::Expected.text(lang), expected.text));
    }
    parts.push(status_label(row.status, row.basis, lang).to_string());
    format!("{name}: {}", parts.join("; "))
}

/// A bullet chart: the actual as a bar coloured by the row's light, the
/// target as a tick (a band, shaded, for `between`), the amber zone as a
/// light segment, and mid-year the expected-to-date value as a blue marker.
/// Without an actual: the empty track and "no data".
pub(super) fn bullet(view: &View, row: &Row) -> String {
    let sentence = chart_sentence(view, row);
    let mut svg = format!(
        "<svg class=\"bullet\" data-id=\"{}\"{} role=\"img\" aria-label=\"{}\" width=\"{}\" height=\"{}\" viewBox=\"0 0 {} {}\">",
        esc(&row.id),
        row.entity
            .as_deref()
            .map(|e| format!(" data-entity=\"{}\"", esc(e)))
            .unwrap_or_default(),
        esc(&sentence),
        px(CHART_W),
        px(CHART_H),
        px(CHART_W),
        px(CHART_H),
    );
    svg.push_str(&format!("<title>{}</title>", esc(&sentence)));
    let (track_y, track_h) = (5.0, 16.0);
    svg.push_str(&format!(
        "<rect class=\"track\" x=\"0\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"2\" fill=\"{TRACK_FILL}\"/>",
        px(track_y),
        px(CHART_W),
        px(track_h)
    ));
    let marks = Marks::of(row);
    let Some(actual) = marks.actual else {
        svg.push_str(&format!(
            "<text class=\"no-data\" x=\"8\" y=\"17\" font-size=\"11\" font-style=\"italic\" fill=\"{MUTED_TEXT}\">{}</text></svg>",
            esc(status_label(Status::NoData, row.basis, view.lang))
        ));
        return svg;
    };
    let actual = float(actual);
    let zones: Vec<(f64, f64)> = marks
        .zones
        .iter()
        .map(|(a, b)| (float(*a), float(*b)))
        .collect();
    let ticks = floats(&marks.ticks);
    let expected = floats(&marks.expected);
    let scale = Scale::of(
        &[ticks.clone(), expected.clone()].concat(),
        &zones,
        Some(actual),
    );
    let rect = |class: &str, from: f64, to: f64, y: f64, h: f64, fill: &str| {
        let (a, b) = (scale.x(from.min(to)), scale.x(from.max(to)));
        format!(
            "<rect class=\"{class}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{fill}\"/>",
            px(a),
            px(y),
            px(b - a),
            px(h)
        )
    };
    if let Some((l, h)) = marks.band {
        svg.push_str(&rect(
            "band",
            float(l),
            float(h),
            track_y,
            track_h,
            BAND_FILL,
        ));
    }
    for (from, to) in &zones {
        svg.push_str(&rect("near-zone", *from, *to, track_y, track_h, NEAR_FILL));
    }
    svg.push_str(&rect(
        &format!("bar {}", row.light().name()),
        0.0,
        actual,
        9.0,
        8.0,
        light_fill(row.light()),
    ));
    if scale.lo < 0.0 {
        let x = px(scale.x(0.0));
        svg.push_str(&format!(
            "<line class=\"zero\" x1=\"{x}\" x2=\"{x}\" y1=\"{}\" y2=\"{}\" stroke=\"#7b8794\" stroke-width=\"1\"/>",
            px(track_y),
            px(track_y + track_h)
        ));
    }
    for t in ticks {
        let x = px(scale.x(t));
        svg.push_str(&format!(
            "<line class=\"tick\" x1=\"{x}\" x2=\"{x}\" y1=\"2\" y2=\"24\" stroke=\"{TICK_STROKE}\" stroke-width=\"2.5\"/>"
        ));
    }
    for v in expected {
        let x = scale.x(v);
        svg.push_str(&format!(
            "<path class=\"expected\" d=\"M{} 0L{} 0L{} 6Z\" fill=\"{EXPECTED_FILL}\"/>",
            px(x - 4.5),
            px(x + 4.5),
            px(x)
        ));
        svg.push_str(&format!(
            "<line class=\"expected\" x1=\"{x}\" x2=\"{x}\" y1=\"5\" y2=\"24\" stroke=\"{EXPECTED_FILL}\" stroke-width=\"1.5\" stroke-dasharray=\"2 2\"/>",
            x = px(x)
        ));
    }
    svg.push_str("</svg>");
    svg
}

/// What the marks of the charts mean, under the table.
pub(super) fn legend(page: &mut String, view: &View) {
    let lang = view.lang;
    let rows_with_data = || {
        view.report
            .rows
            .iter()
            .filter(|r| r.judged && r.actual.is_some())
    };
    if rows_with_data().next().is_none() {
        return;
    }
    let swatch = |body: &str| {
        format!(
            "<svg width=\"18\" height=\"14\" viewBox=\"0 0 18 14\" aria-hidden=\"true\">{body}</svg>"
        )
    };
    page.push_str("<p class=\"legend\">");
    page.push_str(&format!(
        "<span>{}{}</span>",
        swatch(&format!(
            "<rect x=\"0\" y=\"4\" width=\"18\" height=\"6\" fill=\"{}\"/>",
            light_fill(Light::Green)
        )),
        esc(Label::Actual.text(lang))
    ));
    page.push_str(&format!(
        "<span>{}{}</span>",
        swatch(&format!(
            "<rect x=\"0\" y=\"1\" width=\"18\" height=\"12\" fill=\"{BAND_FILL}\"/><line x1=\"9\" x2=\"9\" y1=\"0\" y2=\"14\" stroke=\"{TICK_STROKE}\" stroke-width=\"2.5\"/>"
        )),
        esc(Label::Plan.text(lang))
    ));
    page.push_str(&format!(
        "<span>{}{}</span>",
        swatch(&format!(
            "<rect x=\"0\" y=\"1\" width=\"18\" height=\"12\" fill=\"{NEAR_FILL}\"/>"
        )),
        esc(status_label(Status::Near, Basis::Final, lang))
    ));
    if rows_with_data().any(|r| r.basis == Basis::Pace && r.expected.is_some()) {
        page.push_str(&format!(
            "<span>{}{}</span>",
            swatch(&format!(
                "<path d=\"M4.5 0L13.5 0L9 6Z\" fill=\"{EXPECTED_FILL}\"/><line x1=\"9\" x2=\"9\" y1=\"5\" y2=\"14\" stroke=\"{EXPECTED_FILL}\" stroke-width=\"1.5\" stroke-dasharray=\"2 2\"/>"
            )),
            esc(Label::Expected.text(lang))
        ));
    }
    page.push_str("</p>\n");
}

/// A column per step, its height the attainment at the step's end, against
/// a dashed line at 100 %; the scale tops at the highest value or 100 %.
pub(super) fn sparkline(view: &View, row: &Row, step_labels: &[String]) -> String {
    let lang = view.lang;
    let (step_w, h) = (10.0, 28.0);
    let w = (step_w * row.trend.len() as f64).max(60.0);
    let values: Vec<Option<f64>> = row
        .trend
        .iter()
        .map(|t| t.attainment_pct.map(float))
        .collect();
    let spoken: Vec<String> = step_labels
        .iter()
        .enumerate()
        .filter_map(|(i, label)| Some(format!("{label} {}", view.step(row, i).attainment?)))
        .collect();
    let sentence = format!(
        "{}: {} {}; {}",
        row.name.get(lang, &row.id),
        Label::Attainment.text(lang),
        if spoken.is_empty() {
            DASH.to_string()
        } else {
            spoken.join(", ")
        },
        status_label(row.status, row.basis, lang)
    );
    let mut svg = format!(
        "<svg class=\"sparkline\" data-id=\"{}\" role=\"img\" aria-label=\"{}\" width=\"{}\" height=\"{}\" viewBox=\"0 0 {} {}\"><title>{}</title>",
        esc(&row.id),
        esc(&sentence),
        px(w),
        px(h),
        px(w),
        px(h),
        esc(&sentence)
    );
    let top = values.iter().flatten().copied().fold(100.0, f64::max);
    if values.iter().all(Option::is_none) {
        svg.push_str(&format!(
            "<text class=\"no-data\" x=\"0\" y=\"18\" font-size=\"11\" font-style=\"italic\" fill=\"{MUTED_TEXT}\">{}</text></svg>",
            esc(status_label(Status::NoData, row.basis, lang))
        ));
        return svg;
    }
    for (i, v) in values.iter().enumerate() {
        if let Some(v) = v {
            let bar = (v.max(0.0) / top * (h - 2.0)).max(1.0);
            svg.push_str(&format!(
                "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\"/>",
                px(i as f64 * step_w + 1.0),
                px(h - bar),
                px(step_w - 2.0),
                px(bar),
                light_fill(row.light())
            ));
        }
    }
    let y100 = px(h - 100.0 / top * (h - 2.0));
    svg.push_str(&format!(
        "<line class=\"target-line\" x1=\"0\" x2=\"{}\" y1=\"{y100}\" y2=\"{y100}\" stroke=\"{TICK_STROKE}\" stroke-width=\"1\" stroke-dasharray=\"3 2\"/></svg>",
        px(w)
    ));
    svg
}

/// A group's targets as one bar split by status, best first.
pub(super) fn status_bar(view: &View, g: &GroupSummary, name: &str) -> String {
    let lang = view.lang;
    let spoken: Vec<String> = Status::ALL
        .iter()
        .filter(|s| View::count(g, **s) > 0)
        .map(|s| {
            format!(
                "{} {}",
                status_label(*s, Basis::Final, lang),
                View::count(g, *s)
            )
        })
        .collect();
    let sentence = format!("{name}: {}", spoken.join(", "));
    let mut svg = format!(
        "<svg class=\"stack\" data-group=\"{}\" role=\"img\" aria-label=\"{}\" width=\"{}\" height=\"16\" viewBox=\"0 0 {} 16\"><title>{}</title>",
        esc(name),
        esc(&sentence),
        px(CHART_W),
        px(CHART_W),
        esc(&sentence)
    );
    let total = g.targets.max(1) as f64;
    let mut x = 0.0;
    for s in Status::ALL {
        let n = View::count(g, s);
        if n == 0 {
            continue;
        }
        let w = n as f64 / total * CHART_W;
        // Exceeded and met share the green light; exceeded is drawn darker.
        let fill = match s {
            Status::Exceeded => "#1b6532",
            _ => light_fill(s.light()),
        };
        svg.push_str(&format!(
            "<rect class=\"{}\" x=\"{}\" y=\"2\" width=\"{}\" height=\"12\" fill=\"{fill}\" stroke=\"#ffffff\" stroke-width=\"1\"/>",
            s.name(),
            px(x),
            px(w)
        ));
        x += w;
    }
    svg.push_str("</svg>");
    svg
}
