//! Markdown: a GitHub-flavoured table per group with 🟢 🟡 🔴 ⚪ lights, the
//! summary line and the notes as a list — pasteable into a README, an issue,
//! a chat or a Word document. Numbers in the locale's style, words in the
//! language, like the terminal table.
//!
//! The space between a value and its symbol is non-breaking (U+00A0,
//! written as the character, which reads as a space in the raw text of a
//! chat or an issue): `≥ 92.070`, `85,4 %`, `-0,05 pp` never become two
//! lines in a narrow cell. Words the campaign wrote (names, units) wrap as
//! usual.

use std::fmt::Write as _;

use rust_decimal::Decimal;

use super::{Options, Renderer};
use crate::calc::{Light, Status};
use crate::error::Error;
use crate::report::Report;
use crate::text::printable;
use crate::view::{Column, Shown, View, sparkline};

/// Markdown: GitHub-flavoured tables.
pub struct Markdown;

impl Renderer for Markdown {
    fn render(&self, report: &Report, options: &Options) -> Result<Vec<u8>, Error> {
        Ok(render(report, options))
    }
}

/// The light as an emoji.
pub fn dot(light: Light) -> &'static str {
    match light {
        Light::Green => "🟢",
        Light::Amber => "🟡",
        Light::Red => "🔴",
        Light::Grey => "⚪",
    }
}

/// User text (a name, unit, group, entity, note) as Markdown that renders
/// as the text it is, in a table cell, a heading or a list item.
///
/// Line breaks become spaces (a cell is one line); other control and bidi
/// characters are shown [`printable`]. Then every character that can start
/// or end CommonMark/GFM inline syntax is escaped: `\` `` ` `` `*` `[` `]`
/// `~` `#` `|` with a backslash, `<` `>` `&` as entities (so that no raw HTML,
/// autolink or entity survives, even in renderers without backslash
/// escapes for them), and `_` unless it sits between two letters or digits,
/// where CommonMark never reads it as emphasis (`export_import` stays
/// readable). At the start, a `-`, `+` or `=` and the `.` or `)` of `1.` are
/// escaped, and leading blanks dropped, so that a list item cannot become a
/// nested list, a rule or a code block. Parentheses, `!`, `.` elsewhere are
/// inert once `[`, `]` and `<` are escaped, and are left alone.
fn text(raw: &str) -> String {
    let flat = raw.replace(['\n', '\r', '\u{2028}', '\u{2029}'], " ");
    let shown = printable(flat.trim_start());
    let chars: Vec<char> = shown.chars().collect();
    let mut out = String::with_capacity(shown.len() + 8);
    let digits = chars.iter().take_while(|c| c.is_ascii_digit()).count();
    for (i, &c) in chars.iter().enumerate() {
        let word = |j: Option<usize>| {
            j.and_then(|j| chars.get(j))
                .is_some_and(|c| c.is_alphanumeric())
        };
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\\' | '`' | '*' | '[' | ']' | '~' | '#' | '|' => {
                out.push('\\');
                out.push(c);
            }
            '_' if !(word(i.checked_sub(1)) && word(Some(i + 1))) => out.push_str("\\_"),
            '-' | '+' | '=' if i == 0 => {
                out.push('\\');
                out.push(c);
            }
            '.' | ')' if digits > 0 && i == digits => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// A non-breaking space.
const NBSP: char = '\u{a0}';

/// A figure (a value, a plan, a score) with the spaces between a value and
/// its symbol non-breaking: after a comparison (`≥ 92.070`), before a
/// percent or points (`85,4 %`, `-0,05 pp`, `1,10 điểm %`). Other spaces
/// (`giảm 1,10`, `(từ 4,03)`) may still break, as in running text.
fn bound(figure: &str) -> String {
    const BEFORE: [&str; 6] = ["≥", "≤", ">", "<", "±", "~"];
    const AFTER: [&str; 4] = ["%", "pp", "điểm", "‰"];
    let mut out = String::with_capacity(figure.len() + 4);
    let mut previous: Option<&str> = None;
    for word in figure.split(' ') {
        if let Some(before) = previous {
            let value_before = before.ends_with(|c: char| c.is_ascii_digit());
            let symbol_before = BEFORE.contains(&before) || before == "điểm";
            let symbol_after = AFTER.iter().any(|s| word.starts_with(s));
            let value_after =
                word.starts_with(|c: char| c.is_ascii_digit() || c == '-' || c == '+');
            let bind =
                (value_before && symbol_after) || (symbol_before && (value_after || symbol_after));
            out.push(if bind { NBSP } else { ' ' });
        }
        out.push_str(word);
        previous = Some(word);
    }
    out
}

/// Render the report.
pub fn render(report: &Report, options: &Options) -> Vec<u8> {
    let view = options.view(report);
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", text(view.title()));
    let _ = writeln!(out, "*{}* · **{}**\n", view.as_of(), view.summary());
    if view.is_by_group() {
        groups(&mut out, &view);
    } else if view.is_trend() {
        trend(&mut out, &view);
    } else {
        targets(&mut out, &view);
    }
    notes(&mut out, &view);
    out.into_bytes()
}

/// A table row.
fn line(out: &mut String, cells: &[String]) {
    let _ = writeln!(out, "| {} |", cells.join(" | "));
}

fn targets(out: &mut String, view: &View) {
    let cols = view.columns();
    // A first, unnamed column holds the light.
    let mut header = vec![String::new()];
    header.extend(cols.iter().map(|c| view.header(*c)));
    let mut align = vec![":-:"];
    align.extend(
        cols.iter()
            .map(|c| if c.is_number() { "--:" } else { ":--" }),
    );
    for section in view.sections() {
        match section.summary.and_then(|g| view.score(g)) {
            Some((score, light)) => {
                let coverage = section
                    .summary
                    .and_then(|g| view.coverage(g))
                    .map_or_else(String::new, |c| format!(" ({c})"));
                let _ = writeln!(
                    out,
                    "## {} — {}{coverage} {}\n",
                    text(section.name),
                    bound(&score.text),
                    dot(light)
                );
            }
            None => {
                let _ = writeln!(out, "## {}\n", text(section.name));
            }
        }
        line(out, &header);
        let _ = writeln!(out, "|{}|", align.join("|"));
        for row in &section.rows {
            let mut cells = vec![match view.cell(row, Column::Status) {
                Shown::Status { light, .. } => dot(light).to_string(),
                _ => String::new(),
            }];
            cells.extend(cols.iter().map(|c| cell(view.cell(row, *c))));
            line(out, &cells);
        }
        out.push('\n');
    }
}

/// A cell as Markdown shows it.
fn cell(shown: Shown) -> String {
    match shown {
        Shown::Blank | Shown::Drawn => String::new(),
        Shown::Dash => "–".to_string(),
        Shown::Text(s) => text(&s),
        Shown::Entity(s) => format!("↳ {}", text(&s)),
        Shown::Figure(f) => bound(&f.text),
        Shown::Plan { text, revised } => match revised {
            true => format!("{}{NBSP}\\*", bound(&text)),
            false => bound(&text),
        },
        Shown::Status { words, .. } => words.to_string(),
    }
}

fn groups(out: &mut String, view: &View) {
    line(out, &view.group_header());
    let _ = writeln!(out, "|:--|{}--:|", "--:|".repeat(Status::ALL.len() + 1));
    for g in &view.report.summary.groups {
        let mut cells = vec![text(view.group_name(g)), g.targets.to_string()];
        cells.extend(Status::ALL.iter().map(|s| View::count(g, *s).to_string()));
        let score = view
            .score(g)
            .map_or_else(|| "–".to_string(), |(s, _)| bound(&s.text));
        cells.push(format!("{} {score}", dot(g.light)));
        line(out, &cells);
    }
    out.push('\n');
}

fn trend(out: &mut String, view: &View) {
    let mut header = vec![String::new()];
    header.extend(view.trend_header());
    line(out, &header);
    let _ = writeln!(
        out,
        "|:-:|:--|--:|{}:--|",
        "--:|".repeat(view.report.steps.len())
    );
    for row in &view.report.rows {
        let mut cells = vec![
            dot(row.light()).to_string(),
            cell(view.cell(row, Column::Target)),
            bound(&view.plan(row)),
        ];
        for i in 0..row.trend.len() {
            let step = view.step(row, i);
            cells.push(match (step.actual, step.attainment) {
                (Some(a), Some(p)) => format!("{}<br>{}", bound(&a), bound(&p)),
                (Some(a), None) => bound(&a),
                _ => "–".to_string(),
            });
        }
        let points: Vec<Option<Decimal>> = row.trend.iter().map(|t| t.attainment_pct).collect();
        cells.push(sparkline(&points));
        line(out, &cells);
    }
    out.push('\n');
}

/// Revision footnotes, rows skipped and warnings, as a list.
fn notes(out: &mut String, view: &View) {
    let mut items: Vec<String> = view
        .revision_notes()
        .into_iter()
        .map(|n| format!("\\* {}", text(n.trim_start_matches("* "))))
        .collect();
    items.extend(view.skipped_note());
    items.extend(view.report.warnings.iter().map(|w| text(&w.to_string())));
    if items.is_empty() {
        return;
    }
    let _ = writeln!(out, "### {}\n", view.notes_title());
    for item in items {
        let _ = writeln!(out, "- {item}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_escape_pipes_and_flatten_lines() {
        assert_eq!(text("a | b\nc"), "a \\| b c");
    }

    #[test]
    fn ordinary_names_stay_readable() {
        for clean in [
            "Kinh tế",
            "GRDP (growth)",
            "Bắc Ninh — chỉ tiêu phát triển kinh tế - xã hội năm 2022",
            "export_import",
            "≥ 92.070 · 5–6 %",
            "Tỷ lệ hộ nghèo: 1,1 %!",
        ] {
            assert_eq!(text(clean), clean);
        }
    }

    #[test]
    fn markdown_and_html_syntax_in_user_text_is_escaped() {
        assert_eq!(
            text("<img src=x onerror=alert(1)>"),
            "&lt;img src=x onerror=alert(1)&gt;"
        );
        assert_eq!(
            text("[x](javascript:alert(1))"),
            "\\[x\\](javascript:alert(1))"
        );
        assert_eq!(
            text("_emphasis_ **bold**"),
            "\\_emphasis\\_ \\*\\*bold\\*\\*"
        );
        assert_eq!(text("a__b"), "a\\_\\_b");
        assert_eq!(
            text("`code` ~~s~~ #1 & \\"),
            "\\`code\\` \\~\\~s\\~\\~ \\#1 &amp; \\\\"
        );
        assert_eq!(text("- item"), "\\- item");
        assert_eq!(text("   1. first"), "1\\. first");
        assert_eq!(text("2) second"), "2\\) second");
        assert_eq!(
            text("a\x1b]0;owned\x07\u{202e}"),
            "a\\\\e\\]0;owned\\\\u{7}\\\\u{202e}"
        );
    }

    fn page(report: &crate::report::Report) -> String {
        let options = Options {
            format: crate::render::Format::Markdown,
            locale: crate::number::Locale::En,
            lang: crate::labels::Lang::En,
            color: false,
            delimiter: b',',
            bom: false,
            width: None,
        };
        String::from_utf8(render(report, &options)).unwrap()
    }

    #[test]
    fn a_group_is_a_heading_with_its_score_and_a_table_of_its_rows() {
        use crate::report::GroupSummary;
        use crate::view::sample::{d, report, row};
        let mut report = report(vec![
            row("grdp", Some("Economy"), Some("95"), Status::Near),
            row("poverty", Some("Society | people"), None, Status::NoData),
        ]);
        report.summary.groups.push(GroupSummary {
            name: Some("Economy".to_string()),
            targets: 1,
            with_data: 1,
            counts: [0, 0, 1, 0, 0],
            score: Some(d("95")),
            light: Light::Amber,
        });
        let page = page(&report);
        assert!(page.starts_with("# Plan &lt;2022&gt;\n"), "{page}");
        assert!(page.contains("## Economy — 95.0% 🟡\n"), "{page}");
        assert!(page.contains("## Society \\| people\n"), "{page}");
        assert!(
            page.contains("| 🟡 | grdp (en) | % | ≥\u{a0}100 | 95 | 95.0% | -5\u{a0}pp | near |"),
            "{page}"
        );
        assert!(
            page.contains("| ⚪ | poverty (en) | % | ≥\u{a0}100 | – | – | – | no data |"),
            "{page}"
        );
    }

    #[test]
    fn a_value_and_its_symbol_are_held_together_and_only_there() {
        assert_eq!(bound("≥ 92.070"), "≥\u{a0}92.070");
        assert_eq!(bound("85,4 %"), "85,4\u{a0}%");
        assert_eq!(bound("-0,05 pp"), "-0,05\u{a0}pp");
        assert_eq!(bound("> 80"), ">\u{a0}80");
        assert_eq!(bound("5–6"), "5–6");
        assert_eq!(
            bound("giảm 1,10 điểm % (từ 4,03)"),
            "giảm 1,10\u{a0}điểm\u{a0}% (từ 4,03)"
        );
        assert_eq!(bound("tăng ≥ 81"), "tăng ≥\u{a0}81");
        assert_eq!(bound("-7,3 % (from 371.3)"), "-7,3\u{a0}% (from 371.3)");
        use crate::view::sample::{report, row};
        let mut named = row("grdp", Some("Kinh tế"), Some("95"), Status::Near);
        named.name.en = Some("GRDP growth rate".to_string());
        named.unit = "million USD".to_string();
        let page = page(&report(vec![named]));
        // the name and the unit, words the campaign wrote, still wrap
        assert!(
            page.contains("| GRDP growth rate | million USD |"),
            "{page}"
        );
    }

    #[test]
    fn a_share_not_judged_has_no_light_and_no_status() {
        use crate::view::sample::{report, row};
        let mut share = row("grdp", None, Some("12"), Status::NoData);
        share.entity_name = Some("District 1".to_string());
        share.entity = Some("d1".to_string());
        share.judged = false;
        let page = page(&report(vec![share]));
        assert!(
            page.contains("|  | ↳ District 1 | % | – | 12 | – | – |  |"),
            "{page}"
        );
    }
}
