//! The terminal table: grouped by `group`, numbers in the locale's style,
//! the target as written, the status as a coloured dot and label, and the
//! summary line underneath. Mid-year, it adds the value expected to date,
//! the pace and the projection; with last year's figures, the change on
//! last year. Colour is decided once by the caller.

use comfy_table::{
    Attribute, Cell, CellAlignment, ColumnConstraint, ContentArrangement, Table, Width, presets,
};
use rust_decimal::Decimal;

use super::{Options, Renderer, fit};
use crate::calc::{Kind, Light, Status};
use crate::error::Error;
use crate::report::Report;
use crate::report::Row;
use crate::text::printable;
use crate::view::{Column, Section, Shown, View, bar, sparkline};

/// Width used when the terminal reports none (some CI and serial consoles).
const FALLBACK_WIDTH: u16 = 100;

/// The terminal table.
pub struct Terminal;

impl Renderer for Terminal {
    fn render(&self, report: &Report, options: &Options) -> Result<Vec<u8>, Error> {
        Ok(render(report, options))
    }
}

/// The view's columns with the bar after the attainment; on a terminal,
/// [`fit`] then decides which stay.
fn columns(view: &View) -> Vec<Column> {
    let mut cols = view.columns();
    let at = cols
        .iter()
        .position(|c| *c == Column::Attainment)
        .map_or(0, |i| i + 1);
    cols.insert(at, Column::Bar);
    cols
}

/// A light's colour for terminals.
fn light_color(light: Light) -> comfy_table::Color {
    match light {
        // Normal intensity: bright green and yellow vanish on a light theme.
        Light::Green => comfy_table::Color::DarkGreen,
        Light::Amber => comfy_table::Color::DarkYellow,
        Light::Red => comfy_table::Color::DarkRed,
        Light::Grey => comfy_table::Color::DarkGrey,
    }
}

/// A table styled and sized for the terminal.
fn new_table(options: &Options) -> Table {
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
    table
}

fn bold_header(table: &mut Table, header: impl IntoIterator<Item = String>) {
    table.set_header(
        header
            .into_iter()
            .map(|h| Cell::new(h).add_attribute(Attribute::Bold)),
    );
}

/// The terminal's width, when the table is shown on one.
fn terminal_width(options: &Options) -> Option<usize> {
    options
        .width
        .map(|w| usize::from(if w == 0 { FALLBACK_WIDTH } else { w }))
}

/// Render the table, its title and the summary line.
pub fn render(report: &Report, options: &Options) -> Vec<u8> {
    let view = options.view(report);
    if view.is_trend() {
        return render_trend(&view, options);
    }
    if view.is_by_group() {
        return render_groups(&view, options);
    }
    let all = columns(&view);
    let mut rows: Vec<Vec<Cell>> = Vec::new();
    for section in view.sections() {
        if view.shows_sections() {
            rows.push(section_row(&view, &section, &all));
        }
        for row in &section.rows {
            rows.push(
                all.iter()
                    .map(|c| table_cell(*c, view.cell(row, *c), row))
                    .collect(),
            );
        }
    }
    // The bar's ruler is one unbreakable run, as the bar is.
    let headers: Vec<String> = all
        .iter()
        .map(|c| match c {
            Column::Bar => fit::glued(*c, &view.header(*c)),
            _ => view.header(*c),
        })
        .collect();
    let width = terminal_width(options);
    let table = match width {
        Some(total) => match fitted(options, &all, headers, rows, total) {
            Ok(table) => table.to_string(),
            Err(records) => records,
        },
        None => assemble(options, &numbers(&all), headers, rows, None, 2).to_string(),
    };
    let mut out = framed(&view, &table, width);
    for note in view.revision_notes() {
        out.push_str(&wrapped(&printable(&note), width));
        out.push('\n');
    }
    out.replace(fit::GLUE, " ").into_bytes()
}

/// The table fitted to a terminal `total` columns wide: optional columns
/// dropped (see [`fit::DROP_ORDER`]); then, if it is still too wide, the
/// unit put after the name, then one space of padding instead of two.
/// When even that does not fit, each row as a record ([`records`]).
fn fitted(
    options: &Options,
    all: &[Column],
    mut headers: Vec<String>,
    mut rows: Vec<Vec<Cell>>,
    total: usize,
) -> Result<Table, String> {
    let mut cols = all.to_vec();
    let unit = cols.iter().position(|c| *c == Column::Unit);
    if let (Some(u), false) = (unit, fit::fits(&cols, &texts(&headers, &rows), total, 2)) {
        for row in &mut rows {
            let unit = row.remove(u).content();
            if !unit.is_empty() && row[0].content().trim() != "" {
                let name = format!("{} ({unit})", row[0].content());
                row[0] = Cell::new(name);
            }
        }
        headers.remove(u);
        cols.remove(u);
    }
    let all_texts = texts(&headers, &rows);
    if !fit::fits(&cols, &all_texts, total, 1) {
        let skip: Vec<bool> = cols.iter().map(|c| *c == Column::Bar).collect();
        return Err(records(&headers, &rows, &skip, total));
    }
    let pad = if fit::fits(&cols, &all_texts, total, 2) {
        2
    } else {
        1
    };
    let (kept, widths) = fit::fit(&cols, &all_texts, total, pad);
    let rows = rows
        .into_iter()
        .map(|row| {
            let mut row: Vec<Option<Cell>> = row.into_iter().map(Some).collect();
            kept.iter()
                .map(|&i| row[i].take().unwrap_or_else(|| Cell::new("")))
                .collect()
        })
        .collect();
    let cols: Vec<Column> = kept.iter().map(|&i| cols[i]).collect();
    let headers = kept.iter().map(|&i| headers[i].clone()).collect();
    Ok(assemble(
        options,
        &numbers(&cols),
        headers,
        rows,
        Some(&widths),
        pad,
    ))
}

/// A table too wide for the terminal even at its narrowest, as records:
/// each row's first cell on a line of its own, then its other cells as
/// "Header: value", run together and wrapped to the terminal, two spaces
/// in. A value is never split; the columns in `skip` (the bar) are left
/// out, and so are empty cells and dashes.
fn records(headers: &[String], rows: &[Vec<Cell>], skip: &[bool], total: usize) -> String {
    let one_line = |s: &str| s.replace('\n', " ");
    let mut out = String::new();
    for row in rows {
        let name = one_line(&row[0].content());
        let name = name.trim();
        if !name.is_empty() {
            out.push_str(&fit::wrap(name, total));
            out.push('\n');
        }
        let items: Vec<String> = row
            .iter()
            .zip(headers)
            .zip(skip)
            .skip(1)
            .filter(|(_, skip)| !**skip)
            .map(|((cell, header), _)| (one_line(header), one_line(&cell.content())))
            .filter(|(_, text)| !matches!(text.trim(), "" | "–"))
            .map(|(header, text)| {
                let text = text.trim().replace(' ', &fit::GLUE.to_string());
                format!("{header}:{}{text}", fit::GLUE)
            })
            .collect();
        if items.is_empty() {
            continue;
        }
        for line in fit::wrap(&items.join(" · "), total.saturating_sub(2).max(1)).lines() {
            out.push_str("  ");
            out.push_str(line);
            out.push('\n');
        }
    }
    out.pop();
    out
}

/// A table as it is, for output that is not a terminal (no width to fit).
fn unfitted(view: &View, options: &Options, header: Vec<String>, rows: Vec<Vec<Cell>>) -> Vec<u8> {
    // Cells align themselves here: no column is set.
    let table = assemble(options, &[], header, rows, None, 2);
    framed(view, &table, None)
        .replace(fit::GLUE, " ")
        .into_bytes()
}

/// A table of which every column is wanted (`--by period`, `--by group`),
/// fitted to `total`: headers and cells wrap between words, the widest
/// column giving first; `None` when even the narrowest is too wide.
fn fitted_plain(
    options: &Options,
    headers: &[String],
    rows: &[Vec<Cell>],
    right: &[bool],
    total: usize,
) -> Option<Table> {
    let texts = texts(headers, rows);
    // The first column is the name, which gives way last; no column here
    // is one the fitting may drop.
    let cols: Vec<Column> = (0..headers.len())
        .map(|i| if i == 0 { Column::Target } else { Column::Plan })
        .collect();
    let pad = [2, 1]
        .into_iter()
        .find(|&pad| fit::fits(&cols, &texts, total, pad))?;
    let (_, widths) = fit::fit(&cols, &texts, total, pad);
    let rows = rows.to_vec();
    Some(assemble(
        options,
        right,
        headers.to_vec(),
        rows,
        Some(&widths),
        pad,
    ))
}

/// Each column's header and cells, as the fitting measures them.
fn texts(headers: &[String], rows: &[Vec<Cell>]) -> Vec<Vec<String>> {
    (0..headers.len())
        .map(|i| {
            std::iter::once(headers[i].clone())
                .chain(rows.iter().map(|r| r[i].content()))
                .collect()
        })
        .collect()
}

/// Which columns hold numbers, aligned right.
fn numbers(cols: &[Column]) -> Vec<bool> {
    cols.iter().map(|c| c.is_number()).collect()
}

/// A table of these columns and rows, the `right` ones aligned right;
/// each column `widths` wide (its content) when given, with `pad` spaces
/// of padding.
fn assemble(
    options: &Options,
    right: &[bool],
    headers: Vec<String>,
    rows: Vec<Vec<Cell>>,
    widths: Option<&[usize]>,
    pad: usize,
) -> Table {
    let mut table = new_table(options);
    bold_header(&mut table, headers);
    for row in rows {
        table.add_row(row);
    }
    for (k, right) in right.iter().enumerate() {
        if let Some(column) = table.column_mut(k) {
            if *right {
                column.set_cell_alignment(CellAlignment::Right);
            }
            if pad == 1 {
                column.set_padding((0, 1));
            }
            if let Some(widths) = widths {
                let w = u16::try_from(widths[k] + pad).unwrap_or(u16::MAX);
                column.set_constraint(ColumnConstraint::Absolute(Width::Fixed(w)));
            }
        }
    }
    table
}

/// A line of text wrapped to the terminal's width, if known.
fn wrapped(text: &str, width: Option<usize>) -> String {
    match width {
        Some(w) => fit::wrap(text, w),
        None => text.to_string(),
    }
}

/// `--by period|quarter`: per target, the cumulative actual and its
/// attainment at the end of each step, and a sparkline of attainment.
fn render_trend(view: &View, options: &Options) -> Vec<u8> {
    let mut header = view.trend_header();
    header.push(view.header(Column::Status));
    let mut rows: Vec<Vec<Cell>> = Vec::new();
    for row in &view.report.rows {
        let mut cells = vec![
            cell(view.cell(row, Column::Target), None),
            Cell::new(view.plan(row)),
        ];
        for i in 0..row.trend.len() {
            let step = view.step(row, i);
            let text = match (step.actual, step.attainment) {
                (Some(a), Some(p)) => format!(
                    "{}\n{}",
                    fit::glued(Column::Plan, &a),
                    fit::glued(Column::Plan, &p)
                ),
                (Some(a), None) => fit::glued(Column::Plan, &a),
                _ => "–".to_string(),
            };
            cells.push(Cell::new(text).set_alignment(CellAlignment::Right));
        }
        let attainments: Vec<Option<Decimal>> =
            row.trend.iter().map(|t| t.attainment_pct).collect();
        cells.push(Cell::new(sparkline(&attainments)));
        cells.push(table_cell(
            Column::Status,
            view.cell(row, Column::Status),
            row,
        ));
        rows.push(cells);
    }
    let width = terminal_width(options);
    let Some(total) = width else {
        return unfitted(view, options, header, rows);
    };
    // Too wide: the sparkline goes, then the earliest steps, the latest
    // staying (a note says which went); at last, each target as a record.
    let trend_at = header.len() - 2;
    let mut right: Vec<bool> = (0..header.len()).map(|i| i >= 2 && i < trend_at).collect();
    let mut dropped: Vec<String> = Vec::new();
    let mut sparkline_kept = true;
    let table = loop {
        if let Some(table) = fitted_plain(options, &header, &rows, &right, total) {
            break table.to_string();
        }
        let steps = header.len() - 2 - usize::from(sparkline_kept) - 1;
        let remove = if sparkline_kept {
            sparkline_kept = false;
            header.len() - 2
        } else if steps > 1 {
            dropped.push(header[2].clone());
            2
        } else {
            let skip = vec![false; header.len()];
            break records(&header, &rows, &skip, total);
        };
        header.remove(remove);
        right.remove(remove);
        for row in &mut rows {
            row.remove(remove);
        }
    };
    let mut out = framed(view, &table, width);
    if let (Some(first), Some(last)) = (dropped.first(), dropped.last()) {
        let note = match view.lang {
            crate::labels::Lang::En => format!("{first} – {last} left out to fit the terminal"),
            crate::labels::Lang::Vi => format!("{first} – {last} được ẩn cho vừa màn hình"),
        };
        out.push_str(&wrapped(&fit::glued(Column::Plan, &note), width));
        out.push('\n');
    }
    out.replace(fit::GLUE, " ").into_bytes()
}

/// A table between its title line (campaign, as-of date) and the summary line.
fn framed(view: &View, table: &dyn std::fmt::Display, width: Option<usize>) -> String {
    let title = format!("{} · {}", printable(view.title()), view.as_of());
    format!(
        "{}\n{table}\n{}\n",
        wrapped(&title, width),
        wrapped(&view.summary(), width)
    )
}

/// `--by group`: one row per group with its counts, score and light.
fn render_groups(view: &View, options: &Options) -> Vec<u8> {
    let mut header = view.group_header();
    let mut rows: Vec<Vec<Cell>> = Vec::new();
    for g in &view.report.summary.groups {
        let mut cells = vec![
            Cell::new(printable(view.group_name(g))),
            Cell::new(g.targets).set_alignment(CellAlignment::Right),
        ];
        cells.extend(
            Status::ALL
                .iter()
                .map(|s| Cell::new(View::count(g, *s)).set_alignment(CellAlignment::Right)),
        );
        let score = fit::glued(Column::Plan, &format!("● {}", view.score_words(g)));
        cells.push(
            Cell::new(score)
                .fg(light_color(g.light))
                .set_alignment(CellAlignment::Right),
        );
        rows.push(cells);
    }
    let width = terminal_width(options);
    let Some(total) = width else {
        return unfitted(view, options, header, rows);
    };
    // Too wide: the statuses no group has go first, then each group is a
    // record.
    let mut right: Vec<bool> = (0..header.len()).map(|i| i > 0).collect();
    let table = loop {
        if let Some(table) = fitted_plain(options, &header, &rows, &right, total) {
            break table.to_string();
        }
        let empty =
            (2..header.len() - 1).find(|&i| rows.iter().all(|r| r[i].content().trim() == "0"));
        let Some(i) = empty else {
            let skip = vec![false; header.len()];
            break records(&header, &rows, &skip, total);
        };
        header.remove(i);
        right.remove(i);
        for row in &mut rows {
            row.remove(i);
        }
    };
    framed(view, &table, width)
        .replace(fit::GLUE, " ")
        .into_bytes()
}

/// A group's header row: its name, and its score under Attainment.
fn section_row(view: &View, section: &Section, cols: &[Column]) -> Vec<Cell> {
    let score = section.summary.and_then(|g| view.score(g));
    cols.iter()
        .map(|c| match (c, &score) {
            (Column::Target, _) => {
                let coverage = section.summary.and_then(|g| view.coverage(g));
                let name = match coverage {
                    Some(c) => format!("{} · {c}", printable(section.name)),
                    None => printable(section.name).into_owned(),
                };
                Cell::new(name).add_attribute(Attribute::Bold)
            }
            (Column::Attainment, Some((s, light))) => Cell::new(fit::glued(*c, &s.text))
                .fg(light_color(*light))
                .add_attribute(Attribute::Bold),
            _ => Cell::new(""),
        })
        .collect()
}

/// A cell's text as the terminal shows it; `attainment` is what the bar draws.
fn cell_text(shown: &Shown, attainment: Option<Decimal>) -> String {
    match shown {
        Shown::Blank => String::new(),
        Shown::Dash => "–".to_string(),
        Shown::Text(s) => printable(s).into_owned(),
        Shown::Entity(s) => format!("  ↳ {}", printable(s)),
        Shown::Figure(f) => f.text.clone(),
        Shown::Plan { text, revised } => match revised {
            true => format!("{text} *"),
            false => text.clone(),
        },
        Shown::Status { words, .. } => format!("● {words}"),
        Shown::Drawn => bar(attainment),
    }
}

/// A cell's text in its colour.
fn styled(shown: &Shown, text: String) -> Cell {
    match shown {
        Shown::Status { light, .. } => Cell::new(text).fg(light_color(*light)),
        _ => Cell::new(text),
    }
}

/// A cell as the terminal shows it; `attainment` is what the bar draws.
fn cell(shown: Shown, attainment: Option<Decimal>) -> Cell {
    let text = cell_text(&shown, attainment);
    styled(&shown, text)
}

/// A cell of the target table, its unbreakable runs glued (see [`fit`]).
fn table_cell(column: Column, shown: Shown, row: &Row) -> Cell {
    let text = fit::glued(column, &cell_text(&shown, bar_pct(row)));
    styled(&shown, text)
}

/// What the bar draws, the way the page's chart does: an at-most target's
/// actual as a share of its ceiling (0,94 % under a 1,1 % ceiling stops
/// short of the tick), anything else its attainment.
fn bar_pct(row: &Row) -> Option<Decimal> {
    match row.kind {
        Kind::AtMost(t) if t > Decimal::ZERO => row
            .measured
            .or(row.actual)
            .and_then(|v| v.checked_div(t))
            .map(|share| share * Decimal::ONE_HUNDRED),
        _ => row.attainment_pct,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calc::Kind;
    use crate::campaign::Name;
    use crate::labels::Lang;
    use crate::number::Locale;
    use crate::render::Format;
    use crate::report::{RevisionNote, Row};
    use crate::view::sample::{d, date, report, row};

    /// A target of the shipped campaign's size, named at length.
    fn target(name: &str, unit: &str, target: &str, actual: &str, status: Status) -> Row {
        let mut r = row(name, Some("Economy"), Some(actual), status);
        r.name = Name {
            en: Some(name.to_string()),
            vi: None,
        };
        r.unit = unit.to_string();
        r.unit_is_percent = unit == "%";
        r.kind = Kind::AtLeast(d(target));
        r.gap = Some(d(actual) - d(target));
        r.attainment_pct = Some(d(actual) / d(target) * d("100"));
        r
    }

    fn sample() -> Report {
        let mut revised = target(
            "State budget revenue",
            "billion VND",
            "30567",
            "30372",
            Status::Near,
        );
        revised.original_target = Some(Kind::AtLeast(d("28000")));
        revised.revision = Some(RevisionNote {
            from: date("2022-07-09"),
            source: None,
        });
        let mut share = row("Export-import turnover", None, Some("12"), Status::NoData);
        share.entity = Some("d1".to_string());
        share.entity_name = Some("District 1".to_string());
        share.judged = false;
        report(vec![
            target(
                "Export-import turnover of the whole province",
                "million USD",
                "92070",
                "91700",
                Status::Near,
            ),
            share,
            revised,
            target(
                "Poverty rate (multidimensional)",
                "%",
                "1.1",
                "0.94",
                Status::Exceeded,
            ),
            target("Urbanisation rate", "%", "43", "52.97", Status::Exceeded),
        ])
    }

    fn render_at(width: Option<u16>) -> String {
        let options = Options {
            format: Format::Table,
            locale: Locale::Vi,
            lang: Lang::En,
            color: false,
            delimiter: b',',
            bom: false,
            width,
        };
        String::from_utf8(render(&sample(), &options)).unwrap()
    }

    #[test]
    fn a_narrow_terminal_drops_the_bar_then_the_gap_and_fits() {
        let narrow = render_at(Some(80));
        assert!(!narrow.contains('█'), "no bar at 80 columns");
        assert!(!narrow.contains("Gap"));
        // every line of the table fits (the title line may wrap in the terminal)
        for line in narrow
            .lines()
            .skip(1)
            .filter(|l| l.starts_with(['┌', '│', '╞', '└']))
        {
            assert!(line.chars().count() <= 80, "{line}");
        }
        // numbers are never split: each one appears whole
        for number in ["92.070", "91.700", "30.372", "123,2 %", "0,94"] {
            assert!(narrow.contains(number), "{number} split:\n{narrow}");
        }
        let between = render_at(Some(100));
        assert!(!between.contains('█') && between.contains("Gap"));
        let wide = render_at(Some(160));
        assert!(wide.contains("██████████│██▎") && wide.contains("Gap"));
        // a terminal that reports width 0 gets the fallback width
        let zero = render_at(Some(0));
        assert!(
            zero.lines()
                .filter(|l| l.starts_with('│'))
                .all(|l| l.chars().count() <= FALLBACK_WIDTH as usize)
        );
    }

    #[test]
    fn a_share_not_judged_sits_under_its_target_with_no_judgement() {
        let page = render_at(None);
        let line = page.lines().find(|l| l.contains("↳ District 1")).unwrap();
        assert!(line.contains("12") && line.contains('–'), "{line}");
        assert!(!line.contains('●'), "no status for a share: {line}");
    }

    #[test]
    fn a_revised_plan_is_starred_and_footnoted() {
        let page = render_at(None);
        assert!(page.contains("≥ 30.567 *"), "{page}");
        assert!(
            page.ends_with("* State budget revenue: revised on 2022-07-09 from ≥ 28.000\n"),
            "{page}"
        );
    }
}
