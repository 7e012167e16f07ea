//! The terminal table: grouped by `group`, numbers in the locale's style,
//! the target as written, the status as a coloured dot and label, and the
//! summary line underneath. Mid-year, it adds the value expected to date,
//! the pace and the projection; with last year's figures, the change on
//! last year. Colour is decided once by the caller.

use comfy_table::{
    Attribute, Cell, CellAlignment, ColumnConstraint, ContentArrangement, Table, Width, presets,
};
use rust_decimal::Decimal;

use super::{
    Options, as_of_line, human_gap, human_number, human_pct, human_target, light_color,
    status_label, summary_line,
};
use crate::calc::Basis;
use crate::campaign::Kind;
use crate::labels::{Label, Lang};
use crate::report::{Report, Row};
use crate::text::printable;

/// Width used when the terminal reports none (some CI and serial consoles).
const FALLBACK_WIDTH: u16 = 100;

/// A column of the table: its header and how a row fills it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    Target,
    Unit,
    Plan,
    Actual,
    Attainment,
    Bar,
    Gap,
    Expected,
    Pace,
    Projected,
    Change,
    Status,
}

impl Column {
    fn label(self) -> Label {
        match self {
            Column::Target => Label::Target,
            Column::Unit => Label::Unit,
            Column::Plan => Label::Plan,
            Column::Actual => Label::Actual,
            Column::Attainment => Label::Attainment,
            Column::Bar => Label::Bar,
            Column::Gap => Label::Gap,
            Column::Expected => Label::Expected,
            Column::Pace => Label::Pace,
            Column::Projected => Label::Projected,
            Column::Change => Label::Change,
            Column::Status => Label::Status,
        }
    }

    fn is_number(self) -> bool {
        !matches!(
            self,
            Column::Target | Column::Unit | Column::Status | Column::Bar
        )
    }
}

/// The narrowest terminal that still gets the attainment bar.
const BAR_MIN_WIDTH: u16 = 120;
/// The narrowest terminal that still gets the gap column.
const GAP_MIN_WIDTH: u16 = 90;

/// The columns this report needs: pace columns only mid-year, the change
/// column only when some target has last year's figure; on a narrow
/// terminal the bar, then the gap, give way so that what is left fits.
fn columns(report: &Report, width: Option<u16>) -> Vec<Column> {
    let mut cols = vec![
        Column::Target,
        Column::Unit,
        Column::Plan,
        Column::Actual,
        Column::Attainment,
    ];
    if width.is_none_or(|w| w >= BAR_MIN_WIDTH) {
        cols.push(Column::Bar);
    }
    if width.is_none_or(|w| w >= GAP_MIN_WIDTH) {
        cols.push(Column::Gap);
    }
    if report.rows.iter().any(|r| r.basis == Basis::Pace) {
        cols.extend([Column::Expected, Column::Pace, Column::Projected]);
    }
    if report.rows.iter().any(|r| r.change_pct.is_some()) {
        cols.push(Column::Change);
    }
    cols.push(Column::Status);
    cols
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

/// Render the table, its title and the summary line.
pub fn render(report: &Report, options: &Options) -> Vec<u8> {
    if !report.steps.is_empty() {
        return render_trend(report, options);
    }
    if report.by == crate::report::By::Group {
        return render_groups(report, options);
    }
    let lang = options.lang;
    let cols = columns(
        report,
        options
            .width
            .map(|w| if w == 0 { FALLBACK_WIDTH } else { w }),
    );
    let mut table = new_table(options);
    table.set_header(
        cols.iter()
            .map(|c| Cell::new(c.label().text(lang)).add_attribute(Attribute::Bold)),
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
            table.add_row(group_row(report, group, &cols, options));
        }
        for row in report.rows.iter().filter(|r| r.group.as_ref() == group) {
            table.add_row(cols.iter().map(|c| cell(row, *c, options)));
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

    let mut out = framed(report, lang, &table);
    for note in revision_notes(report, options) {
        out.push_str(&printable(&note));
        out.push('\n');
    }
    out.into_bytes()
}

/// `--by period|quarter`: per target, the cumulative actual and its
/// attainment at the end of each step, and a sparkline of attainment.
fn render_trend(report: &Report, options: &Options) -> Vec<u8> {
    let (lang, locale) = (options.lang, options.locale);
    let mut table = new_table(options);
    let mut header = super::trend_header(report, lang);
    header.push(Label::Status.text(lang).to_string());
    table.set_header(
        header
            .into_iter()
            .map(|h| Cell::new(h).add_attribute(Attribute::Bold)),
    );
    for row in &report.rows {
        let mut cells = vec![
            Cell::new(printable(row.name.get(lang, &row.id))),
            Cell::new(human_target(row.kind, row.strict, locale)),
        ];
        for step in &row.trend {
            let text = match (step.actual, step.attainment_pct) {
                (Some(a), Some(p)) => {
                    format!("{}\n{}", human_number(a, locale), human_pct(p, locale))
                }
                (Some(a), None) => human_number(a, locale),
                _ => "–".to_string(),
            };
            cells.push(Cell::new(text).set_alignment(CellAlignment::Right));
        }
        let attainments: Vec<Option<Decimal>> =
            row.trend.iter().map(|t| t.attainment_pct).collect();
        cells.push(Cell::new(super::sparkline(&attainments)));
        cells.push(
            Cell::new(format!("● {}", status_label(row.status, row.basis, lang)))
                .fg(light_color(row.light())),
        );
        table.add_row(cells);
    }
    framed(report, lang, &table).into_bytes()
}

/// A table between its title line (campaign, as-of date) and the summary line.
fn framed(report: &Report, lang: Lang, table: &Table) -> String {
    format!(
        "{} · {}\n{table}\n{}\n",
        printable(&report.campaign.name),
        as_of_line(report, lang),
        summary_line(report, lang)
    )
}

/// `--by group`: one row per group with its counts, score and light.
fn render_groups(report: &Report, options: &Options) -> Vec<u8> {
    use crate::calc::Status;
    let lang = options.lang;
    let mut table = new_table(options);
    let header = super::group_header(lang);
    table.set_header(
        header
            .into_iter()
            .map(|h| Cell::new(h).add_attribute(Attribute::Bold)),
    );
    for g in &report.summary.groups {
        let mut cells = vec![
            Cell::new(printable(
                g.name.as_deref().unwrap_or(Label::NoGroup.text(lang)),
            )),
            Cell::new(g.targets).set_alignment(CellAlignment::Right),
        ];
        cells.extend(
            Status::ALL
                .iter()
                .map(|s| Cell::new(g.counts[*s as usize]).set_alignment(CellAlignment::Right)),
        );
        cells.push(
            Cell::new(match g.score {
                Some(s) => format!("● {}", human_pct(s, options.locale)),
                None => format!("● {}", status_label(Status::NoData, Basis::Final, lang)),
            })
            .fg(light_color(g.light))
            .set_alignment(CellAlignment::Right),
        );
        table.add_row(cells);
    }
    framed(report, lang, &table).into_bytes()
}

/// A group's header row: its name, and its score under Attainment.
fn group_row(
    report: &Report,
    group: Option<&String>,
    cols: &[Column],
    options: &Options,
) -> Vec<Cell> {
    let name = group.map_or(Label::NoGroup.text(options.lang), |g| g.as_str());
    let score = report
        .summary
        .groups
        .iter()
        .find(|g| g.name.as_ref() == group)
        .and_then(|g| g.score.map(|s| (s, g.light)));
    cols.iter()
        .map(|c| match (c, score) {
            (Column::Target, _) => Cell::new(printable(name)).add_attribute(Attribute::Bold),
            (Column::Attainment, Some((s, light))) => Cell::new(human_pct(s, options.locale))
                .fg(light_color(light))
                .add_attribute(Attribute::Bold),
            _ => Cell::new(""),
        })
        .collect()
}

fn cell(row: &Row, column: Column, options: &Options) -> Cell {
    let (locale, lang) = (options.locale, options.lang);
    let dash = || "–".to_string();
    let judgement = matches!(
        column,
        Column::Plan
            | Column::Attainment
            | Column::Bar
            | Column::Gap
            | Column::Expected
            | Column::Pace
            | Column::Projected
            | Column::Status
    );
    if !row.judged && judgement {
        return Cell::new(if column == Column::Status {
            String::new()
        } else {
            dash()
        });
    }
    if let (Column::Target, Some(name)) = (column, &row.entity_name) {
        return Cell::new(format!("  ↳ {}", printable(name)));
    }
    let pct = |v: Option<Decimal>| v.map_or_else(dash, |v| human_pct(v, locale));
    let num = |v: Option<Decimal>| v.map_or_else(dash, |v| human_number(v, locale));
    let text = match column {
        Column::Target => printable(row.name.get(lang, &row.id)).into_owned(),
        Column::Unit => printable(&row.unit).into_owned(),
        Column::Plan => match row.revision {
            Some(_) => format!("{} *", human_target(row.kind, row.strict, locale)),
            None => human_target(row.kind, row.strict, locale),
        },
        Column::Actual => num(row.actual),
        Column::Bar => super::bar(row.attainment_pct),
        Column::Attainment => match (row.basis, row.attainment_pct) {
            (Basis::Final, Some(a)) => super::judged_pct(a, row.status, row.near, locale),
            (_, a) => pct(a),
        },
        Column::Gap => row.gap.map_or_else(dash, |g| human_gap(g, row, locale)),
        Column::Expected => match (row.basis, row.expected) {
            (Basis::Pace, Some(Kind::Between(l, h))) => {
                format!("{}–{}", human_number(l, locale), human_number(h, locale))
            }
            (Basis::Pace, Some(Kind::AtLeast(t) | Kind::AtMost(t))) => human_number(t, locale),
            _ => dash(),
        },
        Column::Pace => match (row.basis, row.pace_pct) {
            (Basis::Pace, Some(p)) => super::judged_pct(p, row.status, row.near, locale),
            _ => dash(),
        },
        Column::Projected => match row.basis {
            Basis::Pace => num(row.projected),
            Basis::Final => dash(),
        },
        Column::Change => row.change_pct.map_or_else(dash, |c| {
            let n = human_pct(c, locale);
            if c > Decimal::ZERO {
                format!("+{n}")
            } else {
                n
            }
        }),
        Column::Status => {
            return Cell::new(format!("● {}", status_label(row.status, row.basis, lang)))
                .fg(light_color(row.light()));
        }
    };
    Cell::new(text)
}

/// "* GRDP growth: revised on 2022-07-09 from 5–6 (NQ …)", one per
/// revised target shown, with the name and source as written: each
/// renderer escapes the whole note for its medium.
pub fn revision_notes(report: &Report, options: &Options) -> Vec<String> {
    report
        .rows
        .iter()
        .filter_map(|row| {
            let revision = row.revision.as_ref()?;
            let original = human_target(row.original_target?, row.strict, options.locale);
            let source = revision
                .source
                .as_ref()
                .map_or_else(String::new, |s| format!(" ({s})"));
            let name = row.name.get(options.lang, &row.id);
            Some(match options.lang {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::{Input, ReadOptions, read};
    use crate::number::Locale;
    use crate::render::Format;
    use std::path::PathBuf;

    fn report() -> Report {
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
        let campaign = crate::campaign::load(&root.join("targets.toml")).unwrap();
        let input = Input::File(root.join("examples/bac-ninh-2022/illustrative.csv"));
        let options = ReadOptions {
            locale: Locale::Vi,
            delimiter: None,
            as_of: None,
            encoding: None,
            trend: None,
            keep_rows: crate::ingest::KeepRows::None,
            jobs: 1,
            fast_min_bytes: crate::ingest::FAST_MIN_BYTES,
            progress: false,
        };
        let ingest = read(&campaign, &[input], &options);
        crate::report::build(&campaign, &ingest, &crate::report::View::default())
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
        String::from_utf8(render(&report(), &options)).unwrap()
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
}
