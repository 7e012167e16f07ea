//! The terminal table: grouped by `group`, numbers in the locale's style,
//! the target as written, the status as a coloured dot and label, and the
//! summary line underneath. Colour is decided once by the caller.

use comfy_table::{Attribute, Cell, CellAlignment, ContentArrangement, Table, presets};

use super::{
    Options, as_of_line, human_gap, human_number, human_pct, human_target, light_color,
    status_label, summary_line,
};
use crate::labels::Label;
use crate::report::{Report, Row};

/// Width used when the terminal reports none (some CI and serial consoles).
const FALLBACK_WIDTH: u16 = 100;

/// Render the table, its title and the summary line.
pub fn render(report: &Report, options: &Options) -> Vec<u8> {
    let lang = options.lang;
    let mut table = Table::new();
    table.load_style(presets::UTF8_FULL_CONDENSED);
    if options.color {
        table.enforce_styling();
    } else {
        table.force_no_tty();
    }
    match options.width {
        Some(0) => {
            table.set_width(FALLBACK_WIDTH);
            table.set_content_arrangement(ContentArrangement::Dynamic);
        }
        Some(w) => {
            table.set_width(w);
            table.set_content_arrangement(ContentArrangement::Dynamic);
        }
        None => {}
    }
    let header = [
        Label::Target,
        Label::Unit,
        Label::Plan,
        Label::Actual,
        Label::Attainment,
        Label::Gap,
        Label::Status,
    ];
    table.set_header(
        header
            .iter()
            .map(|l| Cell::new(l.text(lang)).add_attribute(Attribute::Bold)),
    );

    let groups: Vec<Option<&String>> = {
        let mut seen: Vec<Option<&String>> = Vec::new();
        for r in &report.rows {
            if !seen.contains(&r.group.as_ref()) {
                seen.push(r.group.as_ref());
            }
        }
        seen
    };
    let show_group_rows = groups.len() > 1 || groups.first().is_some_and(|g| g.is_some());
    for group in groups {
        if show_group_rows {
            let name = group.map_or(Label::NoGroup.text(lang), |g| g.as_str());
            let score = report
                .summary
                .groups
                .iter()
                .find(|g| g.name.as_ref() == group)
                .and_then(|g| g.score.map(|s| (s, g.light)));
            let mut cells = vec![Cell::new(name).add_attribute(Attribute::Bold)];
            cells.extend((0..3).map(|_| Cell::new("")));
            if let Some((s, light)) = score {
                cells.push(
                    Cell::new(human_pct(s, options.locale))
                        .fg(light_color(light))
                        .add_attribute(Attribute::Bold)
                        .set_alignment(CellAlignment::Right),
                );
            }
            table.add_row(cells);
        }
        for row in report.rows.iter().filter(|r| r.group.as_ref() == group) {
            table.add_row(row_cells(row, options));
        }
    }
    for i in [2usize, 3, 4, 5] {
        if let Some(c) = table.column_mut(i) {
            c.set_cell_alignment(CellAlignment::Right);
        }
    }

    let mut out = String::new();
    out.push_str(&format!(
        "{} · {}\n",
        report.campaign.name,
        as_of_line(report, lang)
    ));
    out.push_str(&table.to_string());
    out.push('\n');
    out.push_str(&summary_line(report, lang));
    out.push('\n');
    out.into_bytes()
}

fn row_cells(row: &Row, options: &Options) -> Vec<Cell> {
    let (locale, lang) = (options.locale, options.lang);
    let dash = || "–".to_string();
    vec![
        Cell::new(row.name.get(lang, &row.id)),
        Cell::new(&row.unit),
        Cell::new(human_target(row.kind, row.strict, locale)),
        Cell::new(row.actual.map_or_else(dash, |a| human_number(a, locale))),
        Cell::new(
            row.attainment_pct
                .map_or_else(dash, |a| human_pct(a, locale)),
        ),
        Cell::new(row.gap.map_or_else(dash, |g| human_gap(g, row, locale))),
        Cell::new(format!("● {}", status_label(row.status, row.basis, lang)))
            .fg(light_color(row.light())),
    ]
}
