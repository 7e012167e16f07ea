//! Markdown: a GitHub-flavoured table per group with 🟢 🟡 🔴 ⚪ lights, the
//! summary line and the notes as a list — pasteable into a README, an issue,
//! a chat or a Word document. Numbers in the locale's style, words in the
//! language, like the terminal table.

use std::fmt::Write as _;

use rust_decimal::Decimal;

use super::{
    Options, as_of_line, human_gap, human_number, human_pct, human_target, judged_pct,
    status_label, summary_line,
};
use crate::calc::{Basis, Light, Status};
use crate::campaign::Kind;
use crate::labels::{Label, Lang};
use crate::report::{By, Report, Row};
use crate::text::printable;

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

/// Render the report.
pub fn render(report: &Report, options: &Options) -> Vec<u8> {
    let lang = options.lang;
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", text(&report.campaign.name));
    let _ = writeln!(
        out,
        "*{}* · **{}**\n",
        as_of_line(report, lang),
        summary_line(report, lang)
    );
    if report.by == By::Group {
        groups(&mut out, report, options);
    } else if !report.steps.is_empty() {
        trend(&mut out, report, options);
    } else {
        targets(&mut out, report, options);
    }
    notes(&mut out, report, options);
    out.into_bytes()
}

fn targets(out: &mut String, report: &Report, options: &Options) {
    let (lang, locale) = (options.lang, options.locale);
    let pace = report.rows.iter().any(|r| r.basis == Basis::Pace);
    let change = report.rows.iter().any(|r| r.change_pct.is_some());
    let mut header = vec![
        "".to_string(),
        Label::Target.text(lang).into(),
        Label::Unit.text(lang).into(),
        Label::Plan.text(lang).into(),
        Label::Actual.text(lang).into(),
        Label::Attainment.text(lang).into(),
        Label::Gap.text(lang).into(),
    ];
    let mut align = vec![":-:", ":--", ":--", "--:", "--:", "--:", "--:"];
    if pace {
        header.extend(
            [Label::Expected, Label::Pace, Label::Projected].map(|l| l.text(lang).to_string()),
        );
        align.extend(["--:", "--:", "--:"]);
    }
    if change {
        header.push(Label::Change.text(lang).into());
        align.push("--:");
    }
    header.push(Label::Status.text(lang).into());
    align.push(":--");

    let mut groups: Vec<Option<&String>> = Vec::new();
    for r in &report.rows {
        if !groups.contains(&r.group.as_ref()) {
            groups.push(r.group.as_ref());
        }
    }
    for group in groups {
        let name = group.map_or(Label::NoGroup.text(lang), |g| g.as_str());
        let summary = report
            .summary
            .groups
            .iter()
            .find(|g| g.name.as_ref() == group);
        match summary.and_then(|g| g.score.map(|s| (s, g.light))) {
            Some((score, light)) => {
                let _ = writeln!(
                    out,
                    "## {} — {} {}\n",
                    text(name),
                    human_pct(score, locale),
                    dot(light)
                );
            }
            None => {
                let _ = writeln!(out, "## {}\n", text(name));
            }
        }
        let _ = writeln!(out, "| {} |", header.join(" | "));
        let _ = writeln!(out, "|{}|", align.join("|"));
        for row in report.rows.iter().filter(|r| r.group.as_ref() == group) {
            let _ = writeln!(
                out,
                "| {} |",
                row_cells(row, pace, change, options).join(" | ")
            );
        }
        out.push('\n');
    }
}

fn row_cells(row: &Row, pace: bool, change: bool, options: &Options) -> Vec<String> {
    let (lang, locale) = (options.lang, options.locale);
    let dash = || "–".to_string();
    let num = |v: Option<Decimal>| v.map_or_else(dash, |v| human_number(v, locale));
    let name = match &row.entity_name {
        Some(e) => format!("↳ {}", text(e)),
        None => text(row.name.get(lang, &row.id)),
    };
    if !row.judged {
        let mut cells = vec![
            String::new(),
            name,
            text(&row.unit),
            dash(),
            num(row.actual),
            dash(),
            dash(),
        ];
        if pace {
            cells.extend([dash(), dash(), dash()]);
        }
        if change {
            cells.push(dash());
        }
        cells.push(String::new());
        return cells;
    }
    let plan = match row.revision {
        Some(_) => format!("{} \\*", human_target(row.kind, row.strict, locale)),
        None => human_target(row.kind, row.strict, locale),
    };
    let attainment = match (row.basis, row.attainment_pct) {
        (Basis::Final, Some(a)) => judged_pct(a, row.status, row.near, locale),
        (_, a) => a.map_or_else(dash, |a| human_pct(a, locale)),
    };
    let mut cells = vec![
        dot(row.light()).to_string(),
        name,
        text(&row.unit),
        plan,
        num(row.actual),
        attainment,
        row.gap.map_or_else(dash, |g| human_gap(g, row, locale)),
    ];
    if pace {
        let on_pace = row.basis == Basis::Pace;
        cells.push(match (on_pace, row.expected) {
            (true, Some(Kind::AtLeast(t) | Kind::AtMost(t))) => human_number(t, locale),
            (true, Some(Kind::Between(l, h))) => {
                format!("{}–{}", human_number(l, locale), human_number(h, locale))
            }
            _ => dash(),
        });
        cells.push(match (on_pace, row.pace_pct) {
            (true, Some(p)) => judged_pct(p, row.status, row.near, locale),
            _ => dash(),
        });
        cells.push(if on_pace { num(row.projected) } else { dash() });
    }
    if change {
        cells.push(row.change_pct.map_or_else(dash, |c| {
            let n = human_pct(c, locale);
            if c > Decimal::ZERO {
                format!("+{n}")
            } else {
                n
            }
        }));
    }
    cells.push(status_label(row.status, row.basis, lang).to_string());
    cells
}

fn groups(out: &mut String, report: &Report, options: &Options) {
    let lang = options.lang;
    let header = super::group_header(lang);
    let _ = writeln!(out, "| {} |", header.join(" | "));
    let _ = writeln!(out, "|:--|{}--:|", "--:|".repeat(Status::ALL.len() + 1));
    for g in &report.summary.groups {
        let mut cells = vec![
            text(g.name.as_deref().unwrap_or(Label::NoGroup.text(lang))),
            g.targets.to_string(),
        ];
        cells.extend(
            Status::ALL
                .iter()
                .map(|s| g.counts[*s as usize].to_string()),
        );
        cells.push(format!(
            "{} {}",
            dot(g.light),
            g.score
                .map_or_else(|| "–".to_string(), |s| human_pct(s, options.locale))
        ));
        let _ = writeln!(out, "| {} |", cells.join(" | "));
    }
    out.push('\n');
}

fn trend(out: &mut String, report: &Report, options: &Options) {
    let (lang, locale) = (options.lang, options.locale);
    let mut header = vec![String::new()];
    header.extend(super::trend_header(report, lang));
    let _ = writeln!(out, "| {} |", header.join(" | "));
    let _ = writeln!(
        out,
        "|:-:|:--|--:|{}:--|",
        "--:|".repeat(report.steps.len())
    );
    for row in &report.rows {
        let mut cells = vec![
            dot(row.light()).to_string(),
            text(row.name.get(lang, &row.id)),
            human_target(row.kind, row.strict, locale),
        ];
        for step in &row.trend {
            cells.push(match (step.actual, step.attainment_pct) {
                (Some(a), Some(p)) => {
                    format!("{}<br>{}", human_number(a, locale), human_pct(p, locale))
                }
                (Some(a), None) => human_number(a, locale),
                _ => "–".to_string(),
            });
        }
        let points: Vec<Option<Decimal>> = row.trend.iter().map(|t| t.attainment_pct).collect();
        cells.push(super::sparkline(&points));
        let _ = writeln!(out, "| {} |", cells.join(" | "));
    }
    out.push('\n');
}

/// Revision footnotes, rows skipped and warnings, as a list.
fn notes(out: &mut String, report: &Report, options: &Options) {
    let mut items: Vec<String> = super::table::revision_notes(report, options)
        .into_iter()
        .map(|n| format!("\\* {}", text(n.trim_start_matches("* "))))
        .collect();
    let skipped = report.ledger.total_skipped();
    if skipped > 0 {
        items.push(match options.lang {
            Lang::En => format!(
                "{skipped} of {} rows skipped; `attain check` lists them",
                report.ledger.read
            ),
            Lang::Vi => format!(
                "{skipped}/{} dòng bị bỏ qua; `attain check` liệt kê từng dòng",
                report.ledger.read
            ),
        });
    }
    items.extend(report.warnings.iter().map(|w| text(&w.to_string())));
    if items.is_empty() {
        return;
    }
    let title = match options.lang {
        Lang::En => "Notes",
        Lang::Vi => "Ghi chú",
    };
    let _ = writeln!(out, "### {title}\n");
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
}
