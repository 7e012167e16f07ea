//! The terminal table: grouped by `group`, numbers in the locale's style,
//! the target as written, the status as a coloured dot and label, and the
//! summary line underneath. Mid-year, it adds the value expected to date,
//! the pace and the projection; with last year's figures, the change on
//! last year. Colour is decided once by the caller.

use comfy_table::{
    Attribute, Cell, CellAlignment, ColumnConstraint, ContentArrangement, Table, Width, presets,
};
use rust_decimal::Decimal;

use super::{Options, Renderer};
use crate::calc::{Light, Status};
use crate::error::Error;
use crate::report::Report;
use crate::text::printable;
use crate::view::{Column, Section, Shown, View, bar, sparkline};

/// Width used when the terminal reports none (some CI and serial consoles).
const FALLBACK_WIDTH: u16 = 100;

/// The narrowest terminal that still gets the attainment bar.
const BAR_MIN_WIDTH: u16 = 120;
/// The narrowest terminal that still gets the gap column.
const GAP_MIN_WIDTH: u16 = 90;

/// The terminal table.
pub struct Terminal;

impl Renderer for Terminal {
    fn render(&self, report: &Report, options: &Options) -> Result<Vec<u8>, Error> {
        Ok(render(report, options))
    }
}

/// The view's columns with the bar after the attainment; on a narrow
/// terminal the bar, then the gap, give way so that what is left fits.
fn columns(view: &View, width: Option<u16>) -> Vec<Column> {
    let mut cols = view.columns();
    if width.is_none_or(|w| w >= BAR_MIN_WIDTH) {
        let at = cols
            .iter()
            .position(|c| *c == Column::Attainment)
            .map_or(0, |i| i + 1);
        cols.insert(at, Column::Bar);
    }
    if width.is_some_and(|w| w < GAP_MIN_WIDTH) {
        cols.retain(|c| *c != Column::Gap);
    }
    cols
}

/// A light's colour for terminals.
fn light_color(light: Light) -> comfy_table::Color {
    match light {
        Light::Green => comfy_table::Color::Green,
        Light::Amber => comfy_table::Color::Yellow,
        Light::Red => comfy_table::Color::Red,
        Light::Grey => comfy_table::Color::DarkGrey,
    }
}

/// A status as a coloured dot and its words.
fn status_cell(words: &str, light: Light) -> Cell {
    Cell::new(format!("● {words}")).fg(light_color(light))
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

/// Render the table, its title and the summary line.
pub fn render(report: &Report, options: &Options) -> Vec<u8> {
    let view = options.view(report);
    if view.is_trend() {
        return render_trend(&view, options);
    }
    if view.is_by_group() {
        return render_groups(&view, options);
    }
    let width = options
        .width
        .map(|w| if w == 0 { FALLBACK_WIDTH } else { w });
    let cols = columns(&view, width);
    let mut table = new_table(options);
    bold_header(&mut table, cols.iter().map(|c| view.header(*c)));
    let show_sections = view.shows_sections();
    for section in view.sections() {
        if show_sections {
            table.add_row(section_row(&view, &section, &cols));
        }
        for row in &section.rows {
            table.add_row(
                cols.iter()
                    .map(|c| cell(view.cell(row, *c), row.attainment_pct)),
            );
        }
    }
    for (i, c) in cols.iter().enumerate() {
        if let Some(column) = table.column_mut(i) {
            if c.is_number() {
                column.set_cell_alignment(CellAlignment::Right);
            }
            // On a narrow terminal names and units wrap (names keep a
            // readable width); a number, a bar or a status never breaks.
            match c {
                Column::Target => {
                    column.set_constraint(ColumnConstraint::LowerBoundary(Width::Fixed(14)));
                }
                Column::Unit => {
                    column.set_constraint(ColumnConstraint::LowerBoundary(Width::Fixed(7)));
                }
                _ => {
                    column.set_constraint(ColumnConstraint::ContentWidth);
                }
            }
        }
    }

    let mut out = framed(&view, &table);
    for note in view.revision_notes() {
        out.push_str(&printable(&note));
        out.push('\n');
    }
    out.into_bytes()
}

/// `--by period|quarter`: per target, the cumulative actual and its
/// attainment at the end of each step, and a sparkline of attainment.
fn render_trend(view: &View, options: &Options) -> Vec<u8> {
    let mut table = new_table(options);
    let mut header = view.trend_header();
    header.push(view.header(Column::Status));
    bold_header(&mut table, header);
    for row in &view.report.rows {
        let mut cells = vec![
            cell(view.cell(row, Column::Target), None),
            Cell::new(view.plan(row)),
        ];
        for i in 0..row.trend.len() {
            let step = view.step(row, i);
            let text = match (step.actual, step.attainment) {
                (Some(a), Some(p)) => format!("{a}\n{p}"),
                (Some(a), None) => a,
                _ => "–".to_string(),
            };
            cells.push(Cell::new(text).set_alignment(CellAlignment::Right));
        }
        let attainments: Vec<Option<Decimal>> =
            row.trend.iter().map(|t| t.attainment_pct).collect();
        cells.push(Cell::new(sparkline(&attainments)));
        cells.push(cell(view.cell(row, Column::Status), None));
        table.add_row(cells);
    }
    framed(view, &table).into_bytes()
}

/// A table between its title line (campaign, as-of date) and the summary line.
fn framed(view: &View, table: &Table) -> String {
    format!(
        "{} · {}\n{table}\n{}\n",
        printable(view.title()),
        view.as_of(),
        view.summary()
    )
}

/// `--by group`: one row per group with its counts, score and light.
fn render_groups(view: &View, options: &Options) -> Vec<u8> {
    let mut table = new_table(options);
    bold_header(&mut table, view.group_header());
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
        cells.push(status_cell(&view.score_words(g), g.light).set_alignment(CellAlignment::Right));
        table.add_row(cells);
    }
    framed(view, &table).into_bytes()
}

/// A group's header row: its name, and its score under Attainment.
fn section_row(view: &View, section: &Section, cols: &[Column]) -> Vec<Cell> {
    let score = section.summary.and_then(|g| view.score(g));
    cols.iter()
        .map(|c| match (c, &score) {
            (Column::Target, _) => {
                Cell::new(printable(section.name)).add_attribute(Attribute::Bold)
            }
            (Column::Attainment, Some((s, light))) => Cell::new(&s.text)
                .fg(light_color(*light))
                .add_attribute(Attribute::Bold),
            _ => Cell::new(""),
        })
        .collect()
}

/// A cell as the terminal shows it; `attainment` is what the bar draws.
fn cell(shown: Shown, attainment: Option<Decimal>) -> Cell {
    Cell::new(match shown {
        Shown::Blank => String::new(),
        Shown::Dash => "–".to_string(),
        Shown::Text(s) => printable(&s).into_owned(),
        Shown::Entity(s) => format!("  ↳ {}", printable(&s)),
        Shown::Figure(f) => f.text,
        Shown::Plan { text, revised } => match revised {
            true => format!("{text} *"),
            false => text,
        },
        Shown::Status { words, light } => return status_cell(words, light),
        Shown::Drawn => bar(attainment),
    })
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
