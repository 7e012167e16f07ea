//! Renderers: the report model in, bytes out. Each format lives in its own
//! file; this module holds what they share — the SPEC §8 column list with
//! its machine cells, and the human way of writing numbers, targets and
//! statuses in a locale and a language.
//!
//! Renderers never compute a number; they only round and format.

pub mod csv;
pub mod html;
pub mod json;
pub mod markdown;
pub mod table;
pub mod xlsx;

use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;

use crate::calc::{self, Basis, Light, Status};
use crate::campaign::Kind;
use crate::error::Error;
use crate::labels::{Label, Lang};
use crate::number::{self, Locale};
use crate::report::{Report, Row};

/// An output format (`-f`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Table,
    Csv,
    Tsv,
    Json,
    Markdown,
    Html,
    Xlsx,
}

impl Format {
    /// Formats people read (numbers in the locale's style, words in the
    /// language), as opposed to csv, tsv and json.
    pub fn is_human(self) -> bool {
        matches!(
            self,
            Format::Table | Format::Markdown | Format::Html | Format::Xlsx
        )
    }
}

impl Format {
    /// The format implied by an output file's extension, if any.
    pub fn from_extension(path: &std::path::Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        ext.parse().ok()
    }
}

impl FromStr for Format {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        match s.to_ascii_lowercase().as_str() {
            "table" | "txt" => Ok(Format::Table),
            "csv" => Ok(Format::Csv),
            "tsv" => Ok(Format::Tsv),
            "json" => Ok(Format::Json),
            "markdown" | "md" => Ok(Format::Markdown),
            "html" | "htm" => Ok(Format::Html),
            "xlsx" => Ok(Format::Xlsx),
            other => Err(format!(
                "unknown format '{other}'; use table, csv, tsv, json, markdown, html or xlsx"
            )),
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Format::Table => "table",
            Format::Csv => "csv",
            Format::Tsv => "tsv",
            Format::Json => "json",
            Format::Markdown => "markdown",
            Format::Html => "html",
            Format::Xlsx => "xlsx",
        })
    }
}

/// How to render.
#[derive(Debug, Clone)]
pub struct Options {
    pub format: Format,
    pub locale: Locale,
    pub lang: Lang,
    pub color: bool,
    /// Field separator of csv output (tsv always uses a tab).
    pub delimiter: u8,
    pub bom: bool,
    /// The terminal's width for the table, when known.
    pub width: Option<u16>,
}

/// Render the report in the chosen format.
pub fn render(report: &Report, options: &Options) -> Result<Vec<u8>, Error> {
    match options.format {
        Format::Table => Ok(table::render(report, options)),
        Format::Csv => csv::render(report, options.delimiter, options.bom, options.lang),
        Format::Tsv => csv::render(report, b'\t', options.bom, options.lang),
        Format::Json => json::render(report, options.lang),
        Format::Markdown => Ok(markdown::render(report, options)),
        Format::Html => Ok(html::render(report, options)),
        Format::Xlsx => xlsx::render(report, options),
    }
}

/// The columns of SPEC §8, in order.
pub const COLUMNS: [&str; 25] = [
    "id",
    "name",
    "group",
    "unit",
    "kind",
    "target",
    "target_low",
    "target_high",
    "original_target",
    "baseline",
    "actual",
    "gap",
    "attainment_pct",
    "progress_pct",
    "expected",
    "pace_pct",
    "projected",
    "projected_pct",
    "status",
    "light",
    "basis",
    "rows_used",
    "source",
    "previous",
    "change_pct",
];

/// One machine cell: text, an exact number, a count, or absent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cell {
    Text(String),
    Number(Decimal),
    Count(u64),
    Empty,
}

/// Decimal places for derived values that are not exact (T × f, A / f).
const DERIVED_DP: u32 = 6;

/// A percentage, rounded half away from zero to exactly 2 places ("99.60").
fn pct(v: Option<Decimal>) -> Cell {
    v.map_or(Cell::Empty, |v| {
        let mut r = calc::round_pct(v, 2);
        r.rescale(2);
        Cell::Number(r)
    })
}

fn exact(v: Option<Decimal>) -> Cell {
    v.map_or(Cell::Empty, |v| Cell::Number(v.normalize()))
}

fn derived(v: Option<Decimal>) -> Cell {
    v.map_or(Cell::Empty, |v| {
        Cell::Number(calc::round_pct(v, DERIVED_DP).normalize())
    })
}

fn text(s: &str) -> Cell {
    if s.is_empty() {
        Cell::Empty
    } else {
        Cell::Text(s.to_string())
    }
}

/// The machine columns of this report: [`COLUMNS`], with `entity` after
/// `id` for `--by entity`.
pub fn columns(report: &Report) -> Vec<&'static str> {
    let mut cols = COLUMNS.to_vec();
    if report.by == crate::report::By::Entity {
        cols.insert(1, "entity");
    }
    cols
}

/// The machine cells of one row, in [`columns`] order.
pub fn cells(row: &Row, lang: Lang, by_entity: bool) -> Vec<Cell> {
    let mut out = target_cells(row, lang).to_vec();
    if !row.judged {
        // An entity's share of a flow, with no target of its own: the
        // judgement columns stay empty rather than compare it with the
        // campaign's target.
        for (i, name) in COLUMNS.iter().enumerate() {
            if !matches!(
                *name,
                "id" | "name"
                    | "group"
                    | "unit"
                    | "kind"
                    | "actual"
                    | "rows_used"
                    | "source"
                    | "previous"
                    | "change_pct"
            ) {
                out[i] = Cell::Empty;
            }
        }
    }
    if by_entity {
        out.insert(1, text(row.entity.as_deref().unwrap_or("")));
    }
    out
}

/// The SPEC §8 cells of one row.
fn target_cells(row: &Row, lang: Lang) -> [Cell; 25] {
    let (low, high) = row.band().unzip();
    // For a between target the expected column holds the phased lower bound.
    let expected = row.expected.map(|k| match k {
        Kind::AtLeast(t) | Kind::AtMost(t) => t,
        Kind::Between(l, _) => l,
    });
    [
        text(&row.id),
        text(row.name.get(lang, &row.id)),
        text(row.group.as_deref().unwrap_or("")),
        text(&row.unit),
        text(row.kind.name()),
        exact(row.target()),
        exact(low),
        exact(high),
        text(
            &row.original_target
                .map(|k| written_target(k, row.strict))
                .unwrap_or_default(),
        ),
        exact(row.baseline),
        exact(row.actual),
        exact(row.gap),
        pct(row.attainment_pct),
        pct(row.progress_pct),
        derived(expected),
        pct(row.pace_pct),
        derived(row.projected),
        pct(row.projected_pct),
        text(row.status.name()),
        text(row.light().name()),
        text(row.basis.name()),
        Cell::Count(row.rows_used),
        text(&row.source),
        exact(row.previous),
        pct(row.change_pct),
    ]
}

/// A target as written, with plain numbers, for machine formats'
/// `original_target`: `≥ 92070`, `≤ 1.1`, `5–6`, `> 80`.
pub fn written_target(kind: Kind, strict: bool) -> String {
    let n = |v: Decimal| number::format_plain(v, None);
    match kind {
        Kind::AtLeast(t) => format!("{} {}", if strict { ">" } else { "≥" }, n(t)),
        Kind::AtMost(t) => format!("{} {}", if strict { "<" } else { "≤" }, n(t)),
        Kind::Between(l, h) => format!("{}–{}", n(l), n(h)),
    }
}

/// The columns of `--by group` in machine formats.
pub const GROUP_COLUMNS: [&str; 10] = [
    "group",
    "targets",
    "exceeded",
    "met",
    "near",
    "not_met",
    "no_data",
    "met_or_exceeded",
    "score",
    "light",
];

/// The header of a `--by period|quarter` table: target, plan, one column
/// per step, the trend.
pub fn trend_header(report: &Report, lang: Lang) -> Vec<String> {
    let quarterly = quarterly(report);
    let mut header = vec![
        Label::Target.text(lang).to_string(),
        Label::Plan.text(lang).to_string(),
    ];
    header.extend(report.steps.iter().map(|s| step_label(s, quarterly, lang)));
    header.push(Label::Trend.text(lang).to_string());
    header
}

/// The header of a `--by group` table in people's words.
pub fn group_header(lang: Lang) -> Vec<String> {
    let mut header = vec![
        Label::Group.text(lang).to_string(),
        Label::Targets.text(lang).to_string(),
    ];
    header.extend(
        Status::ALL
            .iter()
            .map(|s| status_label(*s, Basis::Final, lang).to_string()),
    );
    header.push(Label::Score.text(lang).to_string());
    header
}

/// The machine cells of one group, in [`GROUP_COLUMNS`] order.
pub fn group_cells(g: &crate::report::GroupSummary) -> [Cell; 10] {
    let count = |s: Status| Cell::Count(g.counts[s as usize] as u64);
    [
        text(g.name.as_deref().unwrap_or("")),
        Cell::Count(g.targets as u64),
        count(Status::Exceeded),
        count(Status::Met),
        count(Status::Near),
        count(Status::NotMet),
        count(Status::NoData),
        Cell::Count((g.counts[Status::Exceeded as usize] + g.counts[Status::Met as usize]) as u64),
        pct(g.score),
        text(g.light.name()),
    ]
}

/// A status as people say it: "exceeded"/"vượt", or on a pace basis
/// "ahead"/"vượt tiến độ".
pub fn status_label(status: Status, basis: Basis, lang: Lang) -> &'static str {
    use Status::*;
    match (basis, lang, status) {
        (_, Lang::En, NoData) => "no data",
        (_, Lang::Vi, NoData) => "chưa có số liệu",
        (Basis::Final, Lang::En, Exceeded) => "exceeded",
        (Basis::Final, Lang::En, Met) => "met",
        (Basis::Final, Lang::En, Near) => "near",
        (Basis::Final, Lang::En, NotMet) => "not met",
        (Basis::Final, Lang::Vi, Exceeded) => "vượt",
        (Basis::Final, Lang::Vi, Met) => "đạt",
        (Basis::Final, Lang::Vi, Near) => "gần đạt",
        (Basis::Final, Lang::Vi, NotMet) => "không đạt",
        (Basis::Pace, Lang::En, Exceeded) => "ahead",
        (Basis::Pace, Lang::En, Met) => "on track",
        (Basis::Pace, Lang::En, Near) => "at risk",
        (Basis::Pace, Lang::En, NotMet) => "off track",
        (Basis::Pace, Lang::Vi, Exceeded) => "vượt tiến độ",
        (Basis::Pace, Lang::Vi, Met) => "đúng tiến độ",
        (Basis::Pace, Lang::Vi, Near) => "chậm tiến độ",
        (Basis::Pace, Lang::Vi, NotMet) => "không đạt tiến độ",
    }
}

/// A value for people: exact when it has few decimals, else rounded to 2.
pub fn human_number(v: Decimal, locale: Locale) -> String {
    let v = v.normalize();
    if v.scale() <= 4 {
        return number::format(v, locale, None);
    }
    // A small value keeps three significant digits instead of becoming 0,00.
    let dp = if v.abs() < Decimal::ONE {
        let mut dp = 2;
        while dp < 10 && v.abs() * Decimal::from(10u64.pow(dp)) < Decimal::ONE_HUNDRED {
            dp += 1;
        }
        dp
    } else {
        2
    };
    number::format(v, locale, Some(dp))
}

/// A percentage next to a status, for people: rounded like [`human_pct`],
/// but never onto the other side of the boundary that decided the status —
/// 99.995 % of a missed target shows as 99.995 %, not 100.0 %.
pub fn judged_pct(v: Decimal, status: Status, near: Decimal, locale: Locale) -> String {
    let limit = match status {
        Status::Near => Some(Decimal::ONE_HUNDRED),
        Status::NotMet => Some(near.min(Decimal::ONE_HUNDRED)),
        _ => None,
    };
    let mut dp = 1;
    while let Some(limit) = limit {
        if dp >= 6 || calc::round_pct(v, dp) < limit || v >= limit {
            break;
        }
        dp += 1;
    }
    let n = number::format(v, locale, Some(dp));
    match locale {
        Locale::En => format!("{n}%"),
        Locale::Vi => format!("{n} %"),
    }
}

/// A percentage for people: one decimal, `99.6%` (en) or `99,6 %` (vi).
pub fn human_pct(v: Decimal, locale: Locale) -> String {
    let n = number::format(v, locale, Some(1));
    match locale {
        Locale::En => format!("{n}%"),
        Locale::Vi => format!("{n} %"),
    }
}

/// A gap for people, signed, in percentage points for % targets.
pub fn human_gap(v: Decimal, row: &Row, locale: Locale) -> String {
    let n = human_number(v, locale);
    let signed = if v > Decimal::ZERO {
        format!("+{n}")
    } else {
        n
    };
    if row.unit_is_percent {
        format!("{signed} pp")
    } else {
        signed
    }
}

/// The target as written: `≥ 92.070`, `≤ 1,1`, `5–6`, `> 80`.
pub fn human_target(kind: Kind, strict: bool, locale: Locale) -> String {
    let n = |v: Decimal| human_number(v, locale);
    match kind {
        Kind::AtLeast(t) => format!("{} {}", if strict { ">" } else { "≥" }, n(t)),
        Kind::AtMost(t) => format!("{} {}", if strict { "<" } else { "≤" }, n(t)),
        Kind::Between(l, h) => format!("{}–{}", n(l), n(h)),
    }
}

/// The summary sentence of SPEC §7 for the report's scope.
pub fn summary_line(report: &Report, lang: Lang) -> String {
    let s = &report.summary;
    let mut parts = vec![crate::labels::met_or_exceeded(
        lang,
        s.met_or_exceeded,
        s.total,
    )];
    let counts: Vec<String> = Status::ALL
        .into_iter()
        .filter(|st| s.count(*st) > 0)
        .map(|st| format!("{} {}", status_count_label(report, st, lang), s.count(st)))
        .collect();
    if !counts.is_empty() {
        parts.push(counts.join(", "));
    }
    parts.join(" · ")
}

/// The word for a status in the report's counts: "ahead" when every target
/// with it was judged on pace, "exceeded" when every one was judged on the
/// final target, and both words ("exceeded/ahead") when the report mixes them.
pub fn status_count_label(report: &Report, status: Status, lang: Lang) -> String {
    let bases: Vec<Basis> = report
        .rows
        .iter()
        .filter(|r| r.entity.is_none() && r.status == status)
        .map(|r| r.basis)
        .collect();
    let pace = bases.contains(&Basis::Pace);
    let fin = bases.contains(&Basis::Final) || bases.is_empty();
    match (fin, pace) {
        (true, true) if status != Status::NoData => format!(
            "{}/{}",
            status_label(status, Basis::Final, lang),
            status_label(status, Basis::Pace, lang)
        ),
        (_, true) => status_label(status, Basis::Pace, lang).to_string(),
        _ => status_label(status, Basis::Final, lang).to_string(),
    }
}

/// "as of 2022-12-31" / "tính đến ngày 31/12/2022".
pub fn as_of_line(report: &Report, lang: Lang) -> String {
    let date = match lang {
        Lang::En => report.as_of.format("%Y-%m-%d").to_string(),
        Lang::Vi => report.as_of.format("%d/%m/%Y").to_string(),
    };
    format!("{} {date}", Label::AsOf.text(lang))
}

/// The header of one step of a trend: `2022-03` or `2022-Q1` (en),
/// `03/2022` or `Q1/2022` (vi).
pub fn step_label(step: &crate::period::Span, quarterly: bool, lang: Lang) -> String {
    use chrono::Datelike;
    let (year, month) = (step.start.year(), step.start.month());
    match (quarterly, lang) {
        (false, Lang::En) => format!("{year}-{month:02}"),
        (false, Lang::Vi) => format!("{month:02}/{year}"),
        (true, Lang::En) => format!("{year}-Q{}", (month - 1) / 3 + 1),
        (true, Lang::Vi) => format!("Q{}/{year}", (month - 1) / 3 + 1),
    }
}

/// Whether the trend's steps are quarters.
pub fn quarterly(report: &Report) -> bool {
    report.grain == Some(crate::ingest::Grain::Quarter)
}

/// An attainment bar for the terminal: 15 cells for 0–150 % in eighth
/// blocks, with a tick after the tenth cell marking 100 %. Above 150 % the
/// bar is full and ends in `▸`; below 0 it is empty.
pub fn bar(pct: Option<Decimal>) -> String {
    const EIGHTHS: [char; 8] = ['▏', '▎', '▍', '▌', '▋', '▊', '▉', '█'];
    let Some(pct) = pct else {
        return String::new();
    };
    // In eighths of a cell, each cell 10 %, rounded down so that a missed
    // target never reaches the tick.
    let eighths = (pct.max(Decimal::ZERO).min(Decimal::from(150)) * Decimal::from(8)
        / Decimal::TEN)
        .floor()
        .to_string()
        .parse::<usize>()
        .unwrap_or(0);
    let mut out = String::new();
    for cell in 0..15 {
        if cell == 10 {
            out.push('│');
        }
        let filled = eighths.saturating_sub(cell * 8).min(8);
        out.push(match filled {
            0 => ' ',
            n => EIGHTHS[n - 1],
        });
    }
    if pct > Decimal::from(150) {
        out.push('▸');
    }
    out.trim_end().to_string()
}

/// A sparkline of attainment, one eighth-block per step, scaled so that the
/// highest value (or 100 %, if higher) is a full block; a gap is a space.
pub fn sparkline(values: &[Option<Decimal>]) -> String {
    const BLOCKS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    let top = values
        .iter()
        .flatten()
        .copied()
        .fold(Decimal::ONE_HUNDRED, Decimal::max);
    values
        .iter()
        .map(|v| match v {
            None => ' ',
            Some(v) => {
                let share = (v.max(&Decimal::ZERO) * Decimal::from(7) / top).round();
                let i = usize::try_from(share.mantissa()).unwrap_or(0).min(7);
                BLOCKS[i]
            }
        })
        .collect()
}

/// A light's colour for terminals.
pub fn light_color(light: Light) -> comfy_table::Color {
    match light {
        Light::Green => comfy_table::Color::Green,
        Light::Amber => comfy_table::Color::Yellow,
        Light::Red => comfy_table::Color::Red,
        Light::Grey => comfy_table::Color::DarkGrey,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn targets_are_shown_as_written() {
        assert_eq!(
            human_target(Kind::AtLeast(d("92070")), false, Locale::Vi),
            "≥ 92.070"
        );
        assert_eq!(
            human_target(Kind::AtMost(d("1.1")), false, Locale::Vi),
            "≤ 1,1"
        );
        assert_eq!(
            human_target(Kind::Between(d("5"), d("6")), false, Locale::En),
            "5–6"
        );
        assert_eq!(
            human_target(Kind::AtLeast(d("80")), true, Locale::En),
            "> 80"
        );
    }

    #[test]
    fn bars_fill_ten_cells_to_100_percent_then_the_tick() {
        assert_eq!(bar(Some(d("100"))), "██████████│");
        // the tick stays visible for a short bar
        assert_eq!(bar(Some(d("50"))), "█████     │");
        assert_eq!(bar(Some(d("55"))), "█████▌    │");
        // a missed target never touches the tick
        assert_eq!(bar(Some(d("99.6"))), "█████████▉│");
        assert_eq!(bar(Some(d("123.17"))), "██████████│██▎");
        assert_eq!(bar(Some(d("200"))), "██████████│█████▸");
        assert_eq!(bar(Some(d("-20"))), "          │");
        assert_eq!(bar(None), "");
    }

    #[test]
    fn sparklines_scale_to_the_larger_of_the_top_and_100() {
        let v = |x: &str| Some(d(x));
        assert_eq!(sparkline(&[v("0"), v("50"), v("100"), None]), "▁▅█ ");
        // 150 % is the top: 100 % is then two thirds of the way up
        assert_eq!(sparkline(&[v("150"), v("100"), v("-20")]), "█▆▁");
    }

    #[test]
    fn step_labels_follow_the_language() {
        let jan = crate::period::Span::parse("2022-01").unwrap();
        let q3 = crate::period::Span::parse("2022-Q3").unwrap();
        assert_eq!(step_label(&jan, false, Lang::En), "2022-01");
        assert_eq!(step_label(&jan, false, Lang::Vi), "01/2022");
        assert_eq!(step_label(&q3, true, Lang::Vi), "Q3/2022");
    }

    #[test]
    fn a_percentage_never_rounds_across_the_boundary_of_its_status() {
        let near = d("90");
        assert_eq!(
            judged_pct(d("99.995"), Status::Near, near, Locale::En),
            "99.995%"
        );
        assert_eq!(
            judged_pct(d("89.996"), Status::NotMet, near, Locale::En),
            "89.996%"
        );
        assert_eq!(
            judged_pct(d("99.6"), Status::Near, near, Locale::En),
            "99.6%"
        );
        assert_eq!(
            judged_pct(d("100.04"), Status::Exceeded, near, Locale::En),
            "100.0%"
        );
    }

    #[test]
    fn small_values_keep_significant_digits() {
        assert_eq!(human_number(d("0.00001234"), Locale::En), "0.0000123");
        assert_eq!(human_number(d("0.94"), Locale::Vi), "0,94");
        assert_eq!(human_number(d("7.3333333"), Locale::En), "7.33");
    }

    #[test]
    fn percentages_follow_the_locale() {
        assert_eq!(human_pct(d("99.5981"), Locale::Vi), "99,6 %");
        assert_eq!(human_pct(d("99.5981"), Locale::En), "99.6%");
    }

    #[test]
    fn formats_by_name_and_extension() {
        assert_eq!("JSON".parse::<Format>(), Ok(Format::Json));
        assert_eq!("md".parse::<Format>(), Ok(Format::Markdown));
        assert!(
            "pdf"
                .parse::<Format>()
                .unwrap_err()
                .contains("unknown format 'pdf'")
        );
        assert_eq!(
            Format::from_extension(std::path::Path::new("out.tsv")),
            Some(Format::Tsv)
        );
        assert_eq!(Format::from_extension(std::path::Path::new("out")), None);
    }
}
