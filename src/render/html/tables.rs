//! The page's tables: the target table with its sections, rows, cells and
//! status chips; the trend table; the group table.

use super::chart::{bullet, sparkline, status_bar};
use super::*;
use crate::calc::{Light, Status};
use crate::labels::Label;
use crate::report::{GroupSummary, Row};
use crate::view::{Column, Section, Shown, View, status_label};

/// A column's class: how it is set and sized.
pub(super) fn class(column: Column) -> &'static str {
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
pub(super) fn columns(view: &View) -> Vec<Column> {
    let mut cols = view.columns();
    cols.insert(cols.len() - 1, Column::Chart);
    cols
}

/// The chart column's heading: what the chart sets against what. The
/// view has no header for a column only drawn, so the words are the
/// labels of the two things the chart shows.
pub(super) fn chart_header(view: &View) -> String {
    format!(
        "{} / {}",
        Label::Actual.text(view.lang),
        Label::Plan.text(view.lang)
    )
}

/// The table's headers: class and words per column, the chart's too.
pub(super) fn headers(view: &View, cols: &[Column]) -> Vec<(&'static str, String)> {
    cols.iter()
        .map(|c| match c {
            Column::Chart => (class(*c), chart_header(view)),
            _ => (class(*c), view.header(*c)),
        })
        .collect()
}

/// The start of a table: a scroll container, so that a table wider than
/// the page scrolls inside it instead of pushing the page wider, and the
/// header row.
pub(super) fn table_head(page: &mut String, headers: &[(&str, String)]) {
    page.push_str("<div class=\"table-wrap\">\n");
    sub_table_head(page, "report-table", headers);
}

/// A `<table>` of `class` with its header row.
fn sub_table_head(page: &mut String, class: &str, headers: &[(&str, String)]) {
    page.push_str(&format!("<table class=\"{class}\">\n<thead><tr>"));
    for (class, text) in headers {
        page.push_str(&format!(
            "<th class=\"{class}\" scope=\"col\">{}</th>",
            esc(text)
        ));
    }
    page.push_str("</tr></thead>\n");
}

/// The end of a table begun by [`table_head`].
pub(super) fn table_end(page: &mut String) {
    page.push_str("</table>\n</div>\n");
}

/// One row per target (and per entity under it), grouped like the terminal
/// table: a heading row per group with its score when there are groups.
pub(super) fn target_table(page: &mut String, view: &View, sources: &Sources) {
    let cols = columns(view);
    let headers = headers(view, &cols);
    table_head(page, &headers);
    let show_sections = view.shows_sections();
    let open = entities_open(view);
    for section in view.sections() {
        page.push_str("<tbody>\n");
        if show_sections {
            section_row(page, view, &section, &cols);
        }
        let mut rows = section.rows.iter().peekable();
        while let Some(row) = rows.next() {
            target_row(page, view, row, &cols, sources);
            let mut entities = Vec::new();
            while let Some(e) = rows.next_if(|r| r.entity.is_some()) {
                entities.push(*e);
            }
            if !entities.is_empty() {
                entity_rows(page, view, &entities, &headers, &cols, open);
            }
        }
        page.push_str("</tbody>\n");
    }
    table_end(page);
    legend(page, view);
}

/// Up to this many entity rows in all, `--by entity` shows them open; a
/// longer page folds each target's entities away until asked for.
pub(super) const OPEN_ENTITY_ROWS: usize = 60;

fn entities_open(view: &View) -> bool {
    let n = view
        .report
        .rows
        .iter()
        .filter(|r| r.entity.is_some())
        .count();
    n <= OPEN_ENTITY_ROWS
}

/// A target's entity rows, in a row of their own under the target: a
/// `<details>` (open on a short page, closed on a long one) whose summary
/// says how many entities there are, holding a sub-table that repeats the
/// header, so that each block reads alone.
fn entity_rows(
    page: &mut String,
    view: &View,
    entities: &[&Row],
    headers: &[(&str, String)],
    cols: &[Column],
    open: bool,
) {
    let none = Sources { list: Vec::new() };
    page.push_str(&format!(
        "<tr class=\"entities\" data-id=\"{}\"><td colspan=\"{}\"><details{}><summary>{} {}</summary>\n",
        esc(&entities[0].id),
        cols.len(),
        if open { " open" } else { "" },
        esc(Label::Entity.text(view.lang)),
        entities.len()
    ));
    sub_table_head(page, "report-table sub", headers);
    page.push_str("<tbody>\n");
    for row in entities {
        target_row(page, view, row, cols, &none);
    }
    page.push_str("</tbody>\n</table>\n</details></td></tr>\n");
}

/// A group's heading row: its name, and its score (reference §7) under the
/// attainment column, coloured by the group's light.
pub(super) fn section_row(page: &mut String, view: &View, section: &Section, cols: &[Column]) {
    let before = cols
        .iter()
        .position(|c| *c == Column::Attainment)
        .unwrap_or(cols.len());
    page.push_str(&format!(
        "<tr class=\"group\"><th colspan=\"{before}\" scope=\"rowgroup\">{}</th>",
        esc(section.name)
    ));
    if before < cols.len() {
        // The score spans to the row's end, so that its words never widen
        // the attainment column.
        page.push_str(&format!(
            "<td class=\"group-score\" colspan=\"{}\">",
            cols.len() - before
        ));
        if let Some(g) = section.summary {
            page.push_str(&score(view, g));
        }
        page.push_str("</td>");
    }
    page.push_str("</tr>\n");
}

/// A group's score, "Score 105.2%", coloured by its light.
pub(super) fn score(view: &View, g: &GroupSummary) -> String {
    let coverage = view
        .coverage(g)
        .map_or_else(String::new, |c| format!(" <small>· {}</small>", esc(&c)));
    format!(
        "<span class=\"score {}\"><small>{}</small>{}{coverage}</span>",
        g.light.name(),
        esc(Label::Score.text(view.lang)),
        esc(&view.score_words(g))
    )
}

pub(super) const DASH: &str = "–";

pub(super) fn target_row(
    page: &mut String,
    view: &View,
    row: &Row,
    cols: &[Column],
    sources: &Sources,
) {
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
pub(super) fn cell(shown: Shown) -> String {
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

pub(super) fn chip(light: Light, text: &str) -> String {
    format!("<span class=\"chip {}\">{}</span>", light.name(), esc(text))
}

/// Colours of the lights (reference §7), as SVG fills: a chart keeps its
/// colours even where a mail client drops the style sheet.
pub(super) fn light_fill(light: Light) -> &'static str {
    match light {
        Light::Green => "#2f8a4a",
        Light::Amber => "#e39a0b",
        Light::Red => "#cf3a2e",
        Light::Grey => "#9aa5b1",
    }
}

/// The trend table's headers: name, plan, a column per step, the
/// sparkline and the status.
pub(super) fn trend_headers(view: &View) -> Vec<(&'static str, String)> {
    let header = view.trend_header();
    let mut headers: Vec<(&str, String)> =
        vec![("name", header[0].clone()), ("num plan", header[1].clone())];
    headers.extend(view.step_labels().into_iter().map(|s| ("num", s)));
    headers.push(("chart", header[header.len() - 1].clone()));
    headers.push(("status", view.header(Column::Status)));
    headers
}

/// The group table's headers: group, targets, a count per status, the bar
/// of those counts and the score.
pub(super) fn group_headers(view: &View) -> Vec<(&'static str, String)> {
    let mut headers: Vec<(&str, String)> = view
        .group_header()
        .into_iter()
        .enumerate()
        .map(|(i, w)| (if i == 0 { "name" } else { "num" }, w))
        .collect();
    headers.insert(headers.len() - 1, ("chart", view.header(Column::Status)));
    headers
}

/// `--by period|quarter`: per target, the cumulative actual and its
/// attainment at the end of each step, a sparkline of attainment and the
/// status.
pub(super) fn trend_table(page: &mut String, view: &View) {
    let step_labels = view.step_labels();
    table_head(page, &trend_headers(view));
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
    page.push_str("</tbody>\n");
    table_end(page);
}

/// `--by group`: a row per group with its counts per status, a bar of
/// those counts and its score.
pub(super) fn group_table(page: &mut String, view: &View) {
    table_head(page, &group_headers(view));
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
    page.push_str("</tbody>\n");
    table_end(page);
}
