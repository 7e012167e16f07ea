//! The HTML report: one self-contained page that people read, mail and
//! print. It mirrors the terminal table — the same columns, the same human
//! numbers (`--locale`) and words (`--lang`) — and adds, per target, a
//! bullet chart in inline SVG and a coloured status chip, then the
//! sources, the notes and the row ledger.
//!
//! The page must stand alone: inline CSS and inline SVG only, no script, no
//! font, image or style sheet fetched, no external address anywhere (user
//! text such as a source is shown, escaped, never linked). It is
//! deterministic — no clock, no randomness — so that it can be
//! snapshot-tested. Like every renderer it computes no figure: the charts
//! only place the model's values on a scale.

use std::borrow::Cow;

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

use super::{Options, Renderer};
use crate::calc::{Basis, Light, Status};
use crate::error::Error;
use crate::labels::Label;
use crate::report::{GroupSummary, Report, Row};
use crate::view::chart::Marks;
use crate::view::{Column, Section, Shown, View, human_pct, status_label};

/// The HTML page.
pub struct Html;

impl Renderer for Html {
    fn render(&self, report: &Report, options: &Options) -> Result<Vec<u8>, Error> {
        Ok(render(report, options))
    }
}

/// Render the report as a complete HTML document.
pub fn render(report: &Report, options: &Options) -> Vec<u8> {
    let view = options.view(report);
    let mut page = String::with_capacity(48 * 1024);
    head(&mut page, &view);
    title_block(&mut page, &view);
    let sources = Sources::of(&view);
    if view.is_trend() {
        trend_table(&mut page, &view);
    } else if view.is_by_group() {
        group_table(&mut page, &view);
    } else {
        target_table(&mut page, &view, &sources);
    }
    notes(&mut page, &view, &sources);
    page.push_str("</main>\n</body>\n</html>\n");
    page.into_bytes()
}

/// Text made safe for HTML content and attribute values: markup
/// characters as entities (quotes too, for attributes), and control and
/// bidi characters shown as the same visible escapes as on the terminal
/// (`\e`, `\u{202e}`), since HTML forbids most controls and a bidi
/// override would reorder the text around it.
fn esc(text: &str) -> Cow<'_, str> {
    let text = crate::text::printable(text);
    if !text.contains(['&', '<', '>', '"', '\'']) {
        return text;
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// "as of …" at the start of a line: "As of 2022-12-31", "Tính đến ngày …".
fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Inline CSS: one `<style>` block, which mail clients and browsers both
/// keep. Colours print (`print-color-adjust`) because the lights carry
/// meaning; a target row never breaks across an A4 page.
const CSS: &str = r#"
:root { color-scheme: light; }
* { box-sizing: border-box; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0; padding: 28px 24px; background: #ffffff; color: #1f2933;
  font: 14px/1.45 "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", "Liberation Sans", sans-serif; }
.report { max-width: 1180px; margin: 0 auto; }
h1 { font-size: 21px; line-height: 1.3; margin: 0 0 2px; font-weight: 700; color: #102a43; }
.as-of { margin: 0 0 14px; color: #52606d; font-size: 14px; }
.summary { margin: 0 0 8px; font-weight: 600; font-size: 15px; }
.chips { margin: 0 0 22px; }
.chip { display: inline-block; padding: 2px 10px; border-radius: 11px; font-size: 12.5px;
  font-weight: 600; white-space: nowrap; margin: 0 6px 4px 0; vertical-align: middle; line-height: 1.5; }
.chip b { font-weight: 700; margin-left: 3px; }
.chip.green { background: #dff1e4; color: #1b6532; }
.chip.amber { background: #fdefc8; color: #7a4f00; }
.chip.red { background: #fbe1de; color: #a3241a; }
.chip.grey { background: #e9ecef; color: #52606d; }
table.report-table { width: 100%; border-collapse: collapse; }
th, td { padding: 6px 8px; text-align: left; vertical-align: middle; border-bottom: 1px solid #e4e7eb; }
th.num, td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
thead th, thead th.num { font-size: 12px; color: #52606d; font-weight: 600; border-bottom: 2px solid #9aa5b1;
  vertical-align: bottom; white-space: normal; }
td.name { min-width: 12em; }
td.unit { color: #52606d; font-size: 12.5px; white-space: nowrap; }
td.chart { width: 190px; padding-top: 4px; padding-bottom: 4px; }
th.status, td.status { width: 1%; white-space: nowrap; }
td.status { font-size: 0; }
tr.group th { background: #f0f4f8; color: #102a43; font-size: 14px; font-weight: 700;
  padding-top: 9px; padding-bottom: 7px; border-bottom: 1px solid #d9e2ec; }
tr.group td { background: #f0f4f8; border-bottom: 1px solid #d9e2ec; }
.score { font-weight: 700; white-space: nowrap; }
.score.green { color: #1b6532; } .score.amber { color: #7a4f00; }
.score.red { color: #a3241a; } .score.grey { color: #7b8794; }
.score small { font-weight: 400; color: #7b8794; margin-right: 4px; }
td.group-score { white-space: normal; }
tr.entity td { font-size: 13px; background: #fbfcfd; }
tr.entity td.name { padding-left: 28px; color: #3e4c59; }
sup { font-size: 10px; line-height: 0; }
sup.ref { color: #7b8794; margin-left: 2px; }
td.step small, td.plan small { display: block; color: #7b8794; font-size: 11.5px; }
svg { display: block; overflow: visible; }
.legend { margin: 10px 0 0; font-size: 12px; color: #52606d; }
.legend span { display: inline-block; margin-right: 16px; white-space: nowrap; }
.legend svg { display: inline-block; vertical-align: middle; margin-right: 5px; }
.notes { margin-top: 22px; font-size: 12.5px; color: #3e4c59; }
.notes h2 { font-size: 13.5px; margin: 16px 0 4px; color: #102a43; }
.notes ol, .notes ul { margin: 0; padding-left: 22px; }
.notes p { margin: 4px 0; }
.ledger { margin-top: 14px; font-size: 11px; color: #7b8794; }
@media print {
  body { padding: 0; font-size: 8.5pt; }
  .report { max-width: none; }
  h1 { font-size: 14pt; }
  .summary { font-size: 10pt; }
  th, td { padding: 3px 4px; }
  thead th, thead th.num { font-size: 7.5pt; }
  td.unit, tr.entity td, .chip { font-size: 7.5pt; }
  .as-of { font-size: 9pt; }
  td.name { width: 30%; min-width: 8em; }
  td.unit { white-space: normal; }
  tr.group th { font-size: 9.5pt; }
  td.chart { width: 118px; }
  td.chart svg { width: 112px; height: 16px; }
  thead { display: table-header-group; }
  tr { break-inside: avoid; page-break-inside: avoid; }
  tr.group { break-after: avoid; page-break-after: avoid; }
  .legend { font-size: 7.5pt; }
  .notes { break-inside: avoid-page; font-size: 8pt; }
  .notes h2 { font-size: 9pt; }
}
"#;

fn head(page: &mut String, view: &View) {
    page.push_str("<!DOCTYPE html>\n");
    page.push_str(&format!("<html lang=\"{}\">\n<head>\n", view.lang));
    page.push_str("<meta charset=\"utf-8\">\n");
    page.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    page.push_str(&format!(
        "<title>{} · {}</title>\n",
        esc(view.title()),
        esc(&view.as_of())
    ));
    page.push_str("<style>");
    page.push_str(CSS);
    // A4 portrait fits the plain table; the mid-year columns and a trend's
    // steps need the width of landscape to keep names readable.
    let wide = view.is_trend()
        || view
            .columns()
            .iter()
            .any(|c| matches!(c, Column::Expected | Column::Change));
    page.push_str(if wide {
        "@page { size: A4 landscape; margin: 15mm; }\n"
    } else {
        "@page { size: A4; margin: 15mm; }\n"
    });
    page.push_str("</style>\n</head>\n<body>\n<main class=\"report\">\n");
}

/// The campaign's name, the as-of date, the summary sentence and a chip per
/// status that occurs.
fn title_block(page: &mut String, view: &View) {
    page.push_str("<header>\n");
    page.push_str(&format!("<h1>{}</h1>\n", esc(view.title())));
    page.push_str(&format!(
        "<p class=\"as-of\">{}</p>\n",
        esc(&capitalized(&view.as_of()))
    ));
    page.push_str(&format!(
        "<p class=\"summary\">{}</p>\n",
        esc(&view.summary())
    ));
    page.push_str("<p class=\"chips\">");
    for count in view.status_counts() {
        page.push_str(&format!(
            "<span class=\"chip {}\" data-status=\"{}\">{}<b>{}</b></span>",
            count.status.light().name(),
            count.status.name(),
            esc(&count.words),
            count.count,
        ));
    }
    page.push_str("</p>\n</header>\n");
}

/// A column's class: how it is set and sized.
fn class(column: Column) -> &'static str {
    match column {
        Column::Target => "name",
        Column::Unit => "unit",
        Column::Chart => "chart",
        Column::Status => "status",
        Column::Plan => "num plan",
        _ => "num",
    }
}

/// The table's columns: the view's, with the chart before the status.
fn columns(view: &View) -> Vec<Column> {
    let mut cols = view.columns();
    cols.insert(cols.len() - 1, Column::Chart);
    cols
}

fn table_head(page: &mut String, headers: &[(&str, String)]) {
    page.push_str("<table class=\"report-table\">\n<thead><tr>");
    for (class, text) in headers {
        page.push_str(&format!(
            "<th class=\"{class}\" scope=\"col\">{}</th>",
            esc(text)
        ));
    }
    page.push_str("</tr></thead>\n");
}

/// One row per target (and per entity under it), grouped like the terminal
/// table: a heading row per group with its score when there are groups.
fn target_table(page: &mut String, view: &View, sources: &Sources) {
    let cols = columns(view);
    let headers: Vec<(&str, String)> = cols.iter().map(|c| (class(*c), view.header(*c))).collect();
    table_head(page, &headers);
    let show_sections = view.shows_sections();
    for section in view.sections() {
        page.push_str("<tbody>\n");
        if show_sections {
            section_row(page, view, &section, &cols);
        }
        for row in &section.rows {
            target_row(page, view, row, &cols, sources);
        }
        page.push_str("</tbody>\n");
    }
    page.push_str("</table>\n");
    legend(page, view);
}

/// A group's heading row: its name, and its score (SPEC §7) under the
/// attainment column, coloured by the group's light.
fn section_row(page: &mut String, view: &View, section: &Section, cols: &[Column]) {
    let before = cols
        .iter()
        .position(|c| *c == Column::Attainment)
        .unwrap_or(cols.len());
    page.push_str(&format!(
        "<tr class=\"group\"><th colspan=\"{before}\" scope=\"rowgroup\">{}</th>",
        esc(section.name)
    ));
    if before < cols.len() {
        page.push_str("<td class=\"num group-score\">");
        if let Some(g) = section.summary {
            page.push_str(&score(view, g));
        }
        page.push_str("</td>");
        let rest = cols.len() - before - 1;
        if rest > 0 {
            page.push_str(&format!("<td colspan=\"{rest}\"></td>"));
        }
    }
    page.push_str("</tr>\n");
}

/// A group's score, "Score 105.2%", coloured by its light.
fn score(view: &View, g: &GroupSummary) -> String {
    format!(
        "<span class=\"score {}\"><small>{}</small>{}</span>",
        g.light.name(),
        esc(Label::Score.text(view.lang)),
        esc(&view.score_words(g))
    )
}

const DASH: &str = "–";

fn target_row(page: &mut String, view: &View, row: &Row, cols: &[Column], sources: &Sources) {
    let class_ = if row.entity.is_some() {
        "entity"
    } else {
        "target"
    };
    page.push_str(&format!(
        "<tr class=\"{class_}\" data-id=\"{}\">",
        esc(&row.id)
    ));
    for c in cols {
        let html = match (c, view.cell(row, *c)) {
            (Column::Target, Shown::Text(name)) => match sources.number(&row.source) {
                Some(n) => format!("{}<sup class=\"ref\">{n}</sup>", esc(&name)),
                None => esc(&name).into_owned(),
            },
            (Column::Chart, Shown::Drawn) => bullet(view, row),
            (_, shown) => cell(shown),
        };
        page.push_str(&format!("<td class=\"{}\">{html}</td>", class(*c)));
    }
    page.push_str("</tr>\n");
}

/// A cell's HTML, escaped.
fn cell(shown: Shown) -> String {
    match shown {
        Shown::Blank | Shown::Drawn => String::new(),
        Shown::Dash => DASH.to_string(),
        Shown::Text(s) => esc(&s).into_owned(),
        Shown::Entity(s) => format!("↳ {}", esc(&s)),
        Shown::Figure(f) => esc(&f.text).into_owned(),
        Shown::Plan { text, revised } => match revised {
            true => format!("{}<sup>*</sup>", esc(&text)),
            false => esc(&text).into_owned(),
        },
        Shown::Status { words, light } => chip(light, words),
    }
}

fn chip(light: Light, text: &str) -> String {
    format!("<span class=\"chip {}\">{}</span>", light.name(), esc(text))
}

/// Colours of the lights (SPEC §7), as SVG fills: a chart keeps its
/// colours even where a mail client drops the style sheet.
fn light_fill(light: Light) -> &'static str {
    match light {
        Light::Green => "#2f8a4a",
        Light::Amber => "#e39a0b",
        Light::Red => "#cf3a2e",
        Light::Grey => "#9aa5b1",
    }
}

const TRACK_FILL: &str = "#e6eaee";
const BAND_FILL: &str = "#b3dbbf";
const NEAR_FILL: &str = "#f7dfa3";
const TICK_STROKE: &str = "#1f2933";
const EXPECTED_FILL: &str = "#1f5fbf";
const MUTED_TEXT: &str = "#616e7c";

/// The bullet chart's box, in CSS pixels.
const CHART_W: f64 = 180.0;
const CHART_H: f64 = 26.0;
/// Room at each end so that a tick on the scale's edge stays whole.
const CHART_PAD: f64 = 3.0;

/// A coordinate for SVG: one decimal, never "-0".
fn px(v: f64) -> String {
    let r = (v * 10.0).round() / 10.0;
    if r == 0.0 {
        "0".to_string()
    } else {
        format!("{r}")
    }
}

fn float(v: Decimal) -> f64 {
    v.to_f64().unwrap_or(0.0)
}

fn floats(values: &[Decimal]) -> Vec<f64> {
    values.iter().map(|v| float(*v)).collect()
}

/// A linear scale from values to the chart's x.
#[derive(Debug, Clone, Copy)]
struct Scale {
    lo: f64,
    hi: f64,
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
    fn of(marks: &[f64], zones: &[(f64, f64)], actual: Option<f64>) -> Scale {
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

    fn x(&self, v: f64) -> f64 {
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
fn chart_sentence(view: &View, row: &Row) -> String {
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
fn bullet(view: &View, row: &Row) -> String {
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
fn legend(page: &mut String, view: &View) {
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

/// `--by period|quarter`: per target, the cumulative actual and its
/// attainment at the end of each step, a sparkline of attainment and the
/// status.
fn trend_table(page: &mut String, view: &View) {
    let step_labels = view.step_labels();
    let header = view.trend_header();
    let mut headers: Vec<(&str, String)> =
        vec![("name", header[0].clone()), ("num plan", header[1].clone())];
    headers.extend(step_labels.iter().map(|s| ("num", s.clone())));
    headers.push(("chart", header[header.len() - 1].clone()));
    headers.push(("status", view.header(Column::Status)));
    table_head(page, &headers);
    page.push_str("<tbody>\n");
    for row in &view.report.rows {
        page.push_str(&format!(
            "<tr class=\"target\" data-id=\"{}\"><td class=\"name\">{}</td><td class=\"num plan\">{}</td>",
            esc(&row.id),
            esc(row.name.get(view.lang, &row.id)),
            esc(&view.plan(row))
        ));
        for i in 0..row.trend.len() {
            let step = view.step(row, i);
            let text = match (step.actual, step.attainment) {
                (Some(a), Some(p)) => format!("{}<small>{}</small>", esc(&a), esc(&p)),
                (Some(a), None) => esc(&a).into_owned(),
                _ => DASH.to_string(),
            };
            page.push_str(&format!("<td class=\"num step\">{text}</td>"));
        }
        page.push_str(&format!(
            "<td class=\"chart\">{}</td><td class=\"status\">{}</td></tr>\n",
            sparkline(view, row, &step_labels),
            chip(row.light(), status_label(row.status, row.basis, view.lang))
        ));
    }
    page.push_str("</tbody>\n</table>\n");
}

/// A column per step, its height the attainment at the step's end, against
/// a dashed line at 100 %; the scale tops at the highest value or 100 %.
fn sparkline(view: &View, row: &Row, step_labels: &[String]) -> String {
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

/// `--by group`: a row per group with its counts per status, a bar of
/// those counts and its score.
fn group_table(page: &mut String, view: &View) {
    // Group, targets, a count per status, score — with the bar before the score.
    let mut headers: Vec<(&str, String)> = view
        .group_header()
        .into_iter()
        .enumerate()
        .map(|(i, w)| (if i == 0 { "name" } else { "num" }, w))
        .collect();
    headers.insert(headers.len() - 1, ("chart", String::new()));
    table_head(page, &headers);
    page.push_str("<tbody>\n");
    for g in &view.report.summary.groups {
        let name = view.group_name(g);
        page.push_str(&format!(
            "<tr class=\"group-summary\"><td class=\"name\">{}</td><td class=\"num\">{}</td>",
            esc(name),
            g.targets
        ));
        for s in Status::ALL {
            page.push_str(&format!("<td class=\"num\">{}</td>", View::count(g, s)));
        }
        page.push_str(&format!(
            "<td class=\"chart\">{}</td><td class=\"num status\"><span class=\"chip {}\">{}</span></td></tr>\n",
            status_bar(view, g, name),
            g.light.name(),
            esc(&view.score_words(g))
        ));
    }
    page.push_str("</tbody>\n</table>\n");
}

/// A group's targets as one bar split by status, best first.
fn status_bar(view: &View, g: &GroupSummary, name: &str) -> String {
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

/// The distinct sources of the rows shown, numbered in order of first use,
/// for the footnote marks after the names and the list under the table.
struct Sources<'a> {
    list: Vec<&'a str>,
}

impl<'a> Sources<'a> {
    fn of(view: &View<'a>) -> Sources<'a> {
        let mut list: Vec<&str> = Vec::new();
        // The trend and group views show no per-target footnote marks.
        if !view.is_trend() && !view.is_by_group() {
            for row in view.report.rows.iter().filter(|r| r.entity.is_none()) {
                let s = row.source.as_str();
                if !s.is_empty() && !list.contains(&s) {
                    list.push(s);
                }
            }
        }
        Sources { list }
    }

    fn number(&self, source: &str) -> Option<usize> {
        self.list.iter().position(|s| *s == source).map(|i| i + 1)
    }
}

/// Under the table: revision footnotes, sources, warnings as notes, and the
/// row ledger in small print.
fn notes(page: &mut String, view: &View, sources: &Sources) {
    let lang = view.lang;
    page.push_str("<section class=\"notes\">\n");
    if !view.is_trend() && !view.is_by_group() {
        for note in view.revision_notes() {
            page.push_str(&format!("<p class=\"revision\">{}</p>\n", esc(&note)));
        }
    }
    if !sources.list.is_empty() {
        page.push_str(&format!(
            "<h2>{}</h2>\n<ol class=\"sources\">\n",
            esc(Label::Source.text(lang))
        ));
        for s in &sources.list {
            page.push_str(&format!("<li>{}</li>\n", esc(s)));
        }
        page.push_str("</ol>\n");
    }
    let warnings = &view.report.warnings;
    if !warnings.is_empty() {
        page.push_str(&format!(
            "<h2>{}</h2>\n<ul class=\"warnings\">\n",
            esc(view.notes_title())
        ));
        for w in warnings {
            page.push_str(&format!("<li>{}</li>\n", esc(&w.message)));
        }
        page.push_str("</ul>\n");
    }
    page.push_str(&format!(
        "<p class=\"ledger\">{}</p>\n",
        esc(&view.ledger_line())
    ));
    page.push_str("</section>\n");
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::campaign;
    use crate::ingest::{self, Grain, Input, ReadOptions};
    use crate::labels::Lang;
    use crate::number::Locale;
    use crate::render::Format;
    use crate::report::{By, Selection};

    /// A campaign whose text tries to break out of the page, with a band,
    /// two flows judged on pace mid-year and a zero target without data.
    const HOSTILE: &str = r#"
[campaign]
name = "Plan <2022> & \"more\""
period = "2022"
locale = "en"
lang = "en"

[[target]]
id = "evil"
name = "<script>alert('x')</script>"
group = "Sales & <Ops>"
unit = "<b>units</b>"
at_least = 100
aggregate = "sum"
source = "https://evil.example/?a=<img src=x>&b=\"y\""

[[target]]
id = "band"
name = "Growth"
group = "Sales & <Ops>"
unit = "%"
between = [5, 6]
aggregate = "last"
revised = [{ from = 2022-03-01, between = [4, 5], source = "Decision <7>" }]

[[target]]
id = "flow"
name = "Revenue"
unit = "USD"
at_least = 1200
aggregate = "sum"

[[target]]
id = "zero"
name = "Incidents"
unit = "incidents"
at_most = 0
"#;

    const HOSTILE_ACTUALS: &str = "indicator,period,value\n\
        evil,2022-01..2022-06,40\n\
        band,2022-06,5.5\n\
        flow,2022-01..2022-06,500\n";

    fn options(lang: Lang, locale: Locale) -> Options {
        Options {
            format: Format::Html,
            locale,
            lang,
            color: false,
            delimiter: b',',
            bom: false,
            width: None,
        }
    }

    fn read_options(campaign: &campaign::Campaign, trend: Option<Grain>) -> ReadOptions {
        ReadOptions {
            locale: campaign.locale,
            delimiter: None,
            as_of: None,
            encoding: None,
            trend,
            keep_rows: crate::ingest::KeepRows::None,
            jobs: 1,
            fast_min_bytes: ingest::FAST_MIN_BYTES,
            progress: false,
        }
    }

    fn build(campaign: &campaign::Campaign, inputs: &[Input], view: &Selection) -> Report {
        let ingest = ingest::read(campaign, inputs, &read_options(campaign, None));
        assert!(!ingest.has_errors(), "{:?}", ingest.diagnostics);
        crate::report::build(campaign, &ingest, view)
    }

    fn hostile() -> Report {
        let campaign = campaign::parse("hostile.toml", HOSTILE, Path::new(".")).unwrap();
        let input = Input::Memory {
            name: "hostile.csv".into(),
            bytes: HOSTILE_ACTUALS.as_bytes().to_vec(),
        };
        build(&campaign, &[input], &Selection::default())
    }

    fn repo_file(path: &str) -> std::path::PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
    }

    /// The shipped campaign with its own actuals, or with `actuals` instead.
    fn shipped(actuals: Option<&str>, by: By, trend: Option<Grain>) -> Report {
        let campaign = campaign::load(&repo_file("targets.toml")).unwrap();
        let inputs: Vec<Input> = match actuals {
            Some(file) => vec![Input::File(repo_file(file))],
            None => campaign.actuals.iter().cloned().map(Input::File).collect(),
        };
        let ingest = ingest::read(&campaign, &inputs, &read_options(&campaign, trend));
        assert!(!ingest.has_errors(), "{:?}", ingest.diagnostics);
        let view = Selection {
            by,
            ..Selection::default()
        };
        crate::report::build(&campaign, &ingest, &view)
    }

    fn html(report: &Report, lang: Lang) -> String {
        String::from_utf8(render(report, &options(lang, Locale::Vi))).unwrap()
    }

    /// The `<svg class="bullet">` of one target.
    fn chart<'a>(page: &'a str, id: &str) -> &'a str {
        let start = page
            .find(&format!("<svg class=\"bullet\" data-id=\"{id}\""))
            .unwrap_or_else(|| panic!("no chart for {id}"));
        let end = page[start..].find("</svg>").unwrap() + start;
        &page[start..end]
    }

    #[test]
    fn user_text_is_escaped_everywhere() {
        let page = html(&hostile(), Lang::En);
        assert!(!page.contains("<script"), "{page}");
        assert!(!page.contains("<img"));
        assert!(!page.contains("<b>units"));
        assert!(page.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"));
        assert!(page.contains("<h1>Plan &lt;2022&gt; &amp; &quot;more&quot;</h1>"));
        assert!(page.contains("Sales &amp; &lt;Ops&gt;"));
        assert!(page.contains("&lt;b&gt;units&lt;/b&gt;"));
        // The source is shown as text, never as a link or a fetch.
        assert!(page.contains("https://evil.example/?a=&lt;img src=x&gt;&amp;b=&quot;y&quot;"));
        assert!(!page.contains("href"));
        // Attribute values (aria-label, data-id) stay inside their quotes.
        let evil = chart(&page, "evil");
        assert!(evil.contains("aria-label=\"&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;:"));
    }

    #[test]
    fn the_shipped_campaign_refers_to_nothing_outside_the_page() {
        for actuals in [None, Some("examples/bac-ninh-2022/illustrative.csv")] {
            let report = shipped(actuals, By::Target, None);
            let page = html(&report, Lang::Vi);
            // User text may mention an address; it is shown escaped, as
            // text. Everything else must not.
            let mut rest = page.clone();
            for row in &report.rows {
                rest = rest.replace(esc(&row.source).as_ref(), "");
                rest = rest.replace(esc(row.name.get(Lang::Vi, &row.id)).as_ref(), "");
            }
            for banned in [
                "http", "https", "src=", "<script", "@import", "url(", "href",
            ] {
                assert!(!rest.contains(banned), "{banned} in the page");
            }
            assert!(page.starts_with("<!DOCTYPE html>\n<html lang=\"vi\">"));
            assert!(page.contains("<meta charset=\"utf-8\">"));
        }
    }

    #[test]
    fn every_target_has_one_bullet_chart() {
        let report = shipped(None, By::Target, None);
        let page = html(&report, Lang::Vi);
        assert_eq!(page.matches("class=\"bullet\"").count(), report.rows.len());
        for row in &report.rows {
            let svg = chart(&page, &row.id);
            assert!(svg.contains("role=\"img\""));
            assert!(svg.contains("aria-label=\""));
            assert!(svg.contains("<title>"));
        }
    }

    #[test]
    fn a_between_target_has_its_band_and_both_bounds() {
        let page = html(&shipped(None, By::Target, None), Lang::Vi);
        let grdp = chart(&page, "grdp_growth");
        assert!(grdp.contains("class=\"band\""));
        assert_eq!(grdp.matches("class=\"tick\"").count(), 2);
        // 7.39 % against 5–6 % on a scale to 9 %: the band sits behind a
        // green bar and the amber zone is below the band.
        assert!(grdp.contains("class=\"bar green\""));
        assert!(grdp.contains("class=\"near-zone\""));
        let export = chart(&page, "export_import");
        assert!(!export.contains("class=\"band\""));
        assert!(export.contains("class=\"bar amber\""));
    }

    #[test]
    fn a_pace_row_has_its_expected_marker() {
        let page = html(&hostile(), Lang::En);
        let flow = chart(&page, "flow");
        assert!(flow.contains("class=\"expected\""), "{flow}");
        assert!(flow.contains("Expected to date"));
        // A target judged on its final value has none.
        assert!(!chart(&page, "band").contains("class=\"expected\""));
        assert!(page.contains("<th class=\"num\" scope=\"col\">Expected to date</th>"));
        let ytd = shipped(
            Some("examples/bac-ninh-2022/ytd-2022-11.csv"),
            By::Target,
            None,
        );
        let page = html(&ytd, Lang::Vi);
        assert!(chart(&page, "budget_revenue").contains("class=\"expected\""));
        assert!(page.contains("vượt tiến độ"));
    }

    #[test]
    fn a_target_without_data_keeps_an_empty_chart() {
        let page = html(&shipped(None, By::Target, None), Lang::Vi);
        let empty = chart(&page, "social_investment");
        assert!(empty.contains("class=\"no-data\""));
        assert!(empty.contains("chưa có số liệu"));
        assert!(!empty.contains("class=\"bar"));
        let page = html(&hostile(), Lang::En);
        assert!(chart(&page, "zero").contains(">no data</text>"));
    }

    #[test]
    fn status_chips_carry_the_light_and_the_label() {
        let page = html(
            &shipped(
                Some("examples/bac-ninh-2022/illustrative.csv"),
                By::Target,
                None,
            ),
            Lang::Vi,
        );
        for (light, label) in [
            ("green", "vượt"),
            ("green", "đạt"),
            ("amber", "gần đạt"),
            ("red", "không đạt"),
            ("grey", "chưa có số liệu"),
        ] {
            assert!(
                page.contains(&format!("<span class=\"chip {light}\">{label}</span>")),
                "{label}"
            );
        }
        // The title block: the summary sentence and a chip per count.
        assert!(page.contains("Đạt và vượt 5/11 chỉ tiêu"));
        assert!(
            page.contains(
                "<span class=\"chip red\" data-status=\"not_met\">không đạt<b>2</b></span>"
            )
        );
        assert!(page.contains("Tính đến ngày 31/12/2022"));
        // Group headings with their scores, coloured by their light.
        assert!(page.contains("scope=\"rowgroup\">Kinh tế</th>"));
        assert!(page.contains("<span class=\"score amber\"><small>Điểm</small>97,4 %</span>"));
    }

    #[test]
    fn numbers_and_words_follow_locale_and_language() {
        let report = shipped(None, By::Target, None);
        let en = String::from_utf8(render(&report, &options(Lang::En, Locale::En))).unwrap();
        assert!(en.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"));
        assert!(en.contains(">Export-import turnover<sup class=\"ref\">"));
        assert!(en.contains(">≥ 92,070<"));
        assert!(en.contains(">99.6%<"));
        assert!(en.contains("As of 2022-12-31"));
        let vi = html(&report, Lang::Vi);
        assert!(vi.contains(">Tổng kim ngạch xuất nhập khẩu<sup class=\"ref\">"));
        assert!(vi.contains(">≥ 92.070<"));
        assert!(vi.contains(">99,6 %<"));
    }

    #[test]
    fn sources_notes_and_the_ledger_close_the_page() {
        let page = html(&shipped(None, By::Target, None), Lang::Vi);
        assert!(page.contains("<h2>Nguồn số liệu</h2>"));
        assert!(page.contains("<li>bacninh.gov.vn: ước 91,7 tỷ USD, đạt 99,6% kế hoạch</li>"));
        assert!(page.contains("<p class=\"ledger\">Đọc 4 dòng số liệu: sử dụng 4, bỏ qua 0</p>"));
        // A warning of the model is a note.
        let campaign = campaign::parse("hostile.toml", HOSTILE, Path::new(".")).unwrap();
        let input = Input::Memory {
            name: "scale.csv".into(),
            bytes: b"indicator,period,value\nflow,2022,999999\n,2022,1\n".to_vec(),
        };
        let report = build(&campaign, &[input], &Selection::default());
        assert!(!report.warnings.is_empty());
        let page = String::from_utf8(render(&report, &options(Lang::En, Locale::En))).unwrap();
        assert!(page.contains("<h2>Notes</h2>"));
        assert!(page.contains("more than 100 times larger"));
        assert!(page.contains("2 rows read: 1 used, 1 skipped (1 unknown_indicator)"));
    }

    #[test]
    fn a_revised_target_is_marked_and_explained() {
        let page = html(&hostile(), Lang::En);
        assert!(page.contains("<td class=\"num plan\">4–5<sup>*</sup></td>"));
        assert!(page.contains(
            "<p class=\"revision\">* Growth: revised on 2022-03-01 from 5–6 (Decision &lt;7&gt;)</p>"
        ));
    }

    #[test]
    fn the_page_prints_on_a4_with_its_colours() {
        let page = html(&shipped(None, By::Target, None), Lang::Vi);
        assert!(page.contains("@page { size: A4; margin: 15mm; }"));
        // Mid-year columns make the table wide: A4 turned.
        let page = html(&hostile(), Lang::En);
        assert!(page.contains("@page { size: A4 landscape; margin: 15mm; }"));
        assert!(page.contains("print-color-adjust: exact"));
        assert!(page.contains("break-inside: avoid"));
    }

    #[test]
    fn the_output_is_deterministic() {
        let report = shipped(None, By::Target, None);
        let opts = options(Lang::Vi, Locale::Vi);
        assert_eq!(render(&report, &opts), render(&report, &opts));
    }

    #[test]
    fn entity_rows_sit_under_their_target_and_unjudged_ones_have_no_chart() {
        let campaign = campaign::load(&repo_file("examples/retail-2024/targets.toml")).unwrap();
        let inputs: Vec<Input> = campaign.actuals.iter().cloned().map(Input::File).collect();
        let view = Selection {
            by: By::Entity,
            ..Selection::default()
        };
        let report = build(&campaign, &inputs, &view);
        let page = String::from_utf8(render(&report, &options(Lang::En, Locale::En))).unwrap();
        let judged = report.rows.iter().filter(|r| r.judged).count();
        assert!(judged < report.rows.len(), "the example has unjudged rows");
        assert_eq!(page.matches("class=\"bullet\"").count(), judged);
        assert!(page.contains(
            "<tr class=\"entity\" data-id=\"revenue\"><td class=\"name\">↳ Central region</td>"
        ));
        assert!(page.contains("data-id=\"revenue\" data-entity=\"central\""));
        let unjudged = report.rows.iter().find(|r| !r.judged).unwrap();
        let tr = format!(
            "<tr class=\"entity\" data-id=\"{}\"><td class=\"name\">↳ {}</td>",
            unjudged.id,
            unjudged.entity_name.as_deref().unwrap()
        );
        let start = page.find(&tr).unwrap();
        let row = &page[start..start + page[start..].find("</tr>").unwrap()];
        assert!(!row.contains("<svg"));
        assert!(!row.contains("chip"));
    }

    #[test]
    fn by_group_shows_a_row_and_a_status_bar_per_group() {
        let report = shipped(
            Some("examples/bac-ninh-2022/illustrative.csv"),
            By::Group,
            None,
        );
        let page = html(&report, Lang::Vi);
        assert_eq!(
            page.matches("<tr class=\"group-summary\">").count(),
            report.summary.groups.len()
        );
        assert_eq!(
            page.matches("<svg class=\"stack\"").count(),
            report.summary.groups.len()
        );
        assert!(page.contains("<td class=\"name\">Kinh tế</td><td class=\"num\">4</td>"));
        assert!(!page.contains("class=\"bullet\""));
    }

    #[test]
    fn by_period_shows_the_steps_and_a_sparkline_per_target() {
        let report = shipped(
            Some("examples/bac-ninh-2022/ytd-2022-11.csv"),
            By::Target,
            Some(Grain::Month),
        );
        assert_eq!(report.steps.len(), 11);
        let page = html(&report, Lang::Vi);
        assert_eq!(
            page.matches("<svg class=\"sparkline\"").count(),
            report.rows.len()
        );
        assert!(page.contains(">11/2022</th>"));
        assert!(page.contains("78.600<small>85,4 %</small>"));
        assert!(page.contains("class=\"target-line\""));
    }

    #[test]
    fn a_zero_target_is_scaled_by_its_actual() {
        let one = Scale::of(&[0.0], &[], Some(1.0));
        assert_eq!((one.lo, one.hi), (0.0, 1.5));
        let none = Scale::of(&[0.0], &[], Some(0.0));
        assert_eq!((none.lo, none.hi), (0.0, 1.0));
        // A positive target: to 150 % of it, or further to take in the actual.
        let plain = Scale::of(&[100.0], &[(90.0, 100.0)], Some(80.0));
        assert_eq!((plain.lo, plain.hi), (0.0, 150.0));
        let beyond = Scale::of(&[100.0], &[], Some(180.0));
        assert_eq!(beyond.hi, 180.0);
        assert_eq!(beyond.x(180.0), CHART_W - CHART_PAD);
        assert_eq!(beyond.x(0.0), CHART_PAD);
    }
}
