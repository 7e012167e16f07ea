//! The inline SVG charts: the colours, the scale that places the model's
//! values on a chart, the bullet chart of a target and the sentence that
//! says it, the legend, the trend sparkline and a group's status bar. Only
//! geometry: no figure is computed here.

use rust_decimal::Decimal;

use super::tables::{DASH, light_fill};
use super::*;
use crate::calc::{Basis, Light, Status};
use crate::labels::Label;
use crate::report::{GroupSummary, Row};
use crate::view::chart::{self, Marks};
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

/// A share of the chart's width (0 to 1) as its x, inside the padding.
fn x(share: f64) -> f64 {
    CHART_PAD + share * (CHART_W - 2.0 * CHART_PAD)
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
    if let Shown::Figure(m) = view.cell(row, Column::Measured) {
        parts.push(format!("{} {}", Label::Measured.text(lang), m.text));
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
    let Some(placed) = Marks::of(row).placed() else {
        svg.push_str(&format!(
            "<text class=\"no-data\" x=\"8\" y=\"17\" font-size=\"11\" font-style=\"italic\" fill=\"{MUTED_TEXT}\">{}</text></svg>",
            esc(status_label(Status::NoData, row.basis, view.lang))
        ));
        return svg;
    };
    let rect = |class: &str, (from, to): (f64, f64), y: f64, h: f64, fill: &str| {
        let (a, b) = (x(from.min(to)), x(from.max(to)));
        format!(
            "<rect class=\"{class}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{fill}\"/>",
            px(a),
            px(y),
            px(b - a),
            px(h)
        )
    };
    if let Some(band) = placed.band {
        svg.push_str(&rect("band", band, track_y, track_h, BAND_FILL));
    }
    for zone in &placed.zones {
        svg.push_str(&rect("near-zone", *zone, track_y, track_h, NEAR_FILL));
    }
    svg.push_str(&rect(
        &format!("bar {}", row.light().name()),
        placed.bar,
        9.0,
        8.0,
        light_fill(row.light()),
    ));
    if let Some(zero) = placed.zero {
        let x = px(x(zero));
        svg.push_str(&format!(
            "<line class=\"zero\" x1=\"{x}\" x2=\"{x}\" y1=\"{}\" y2=\"{}\" stroke=\"#7b8794\" stroke-width=\"1\"/>",
            px(track_y),
            px(track_y + track_h)
        ));
    }
    for t in placed.ticks {
        let x = px(x(t));
        svg.push_str(&format!(
            "<line class=\"tick\" x1=\"{x}\" x2=\"{x}\" y1=\"2\" y2=\"24\" stroke=\"{TICK_STROKE}\" stroke-width=\"2.5\"/>"
        ));
    }
    for e in placed.expected {
        let at = x(e);
        svg.push_str(&format!(
            "<path class=\"expected\" d=\"M{} 0L{} 0L{} 6Z\" fill=\"{EXPECTED_FILL}\"/>",
            px(at - 4.5),
            px(at + 4.5),
            px(at)
        ));
        svg.push_str(&format!(
            "<line class=\"expected\" x1=\"{x}\" x2=\"{x}\" y1=\"5\" y2=\"24\" stroke=\"{EXPECTED_FILL}\" stroke-width=\"1.5\" stroke-dasharray=\"2 2\"/>",
            x = px(at)
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
            .filter(|r| r.judged && r.measured.is_some())
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
    let attainments: Vec<Option<Decimal>> = row.trend.iter().map(|t| t.attainment_pct).collect();
    let (heights, hundred) = chart::trend_heights(&attainments);
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
    if heights.iter().all(Option::is_none) {
        svg.push_str(&format!(
            "<text class=\"no-data\" x=\"0\" y=\"18\" font-size=\"11\" font-style=\"italic\" fill=\"{MUTED_TEXT}\">{}</text></svg>",
            esc(status_label(Status::NoData, row.basis, lang))
        ));
        return svg;
    }
    for (i, height) in heights.iter().enumerate() {
        if let Some(height) = height {
            let bar = (height * (h - 2.0)).max(1.0);
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
    let y100 = px(h - hundred * (h - 2.0));
    svg.push_str(&format!(
        "<line class=\"target-line\" x1=\"0\" x2=\"{}\" y1=\"{y100}\" y2=\"{y100}\" stroke=\"{TICK_STROKE}\" stroke-width=\"1\" stroke-dasharray=\"3 2\"/></svg>",
        px(w)
    ));
    svg
}

/// A group's targets as one bar split by status, best first.
pub(super) fn status_bar(view: &View, g: &GroupSummary, name: &str) -> String {
    let lang = view.lang;
    let spoken: Vec<String> = chart::status_shares(g)
        .into_iter()
        .map(|(s, n, _)| format!("{} {n}", status_label(s, Basis::Final, lang)))
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
    let mut x = 0.0;
    for (s, _, share) in chart::status_shares(g) {
        let w = share * CHART_W;
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
