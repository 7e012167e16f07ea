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

use super::{Options, Renderer};
use crate::error::Error;
use crate::labels::Label;
use crate::report::Report;
use crate::view::{Column, View};

mod chart;
mod css;
mod tables;
#[cfg(test)]
mod tests;

use chart::legend;
use css::CSS;
use tables::{group_table, target_table, trend_table};

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
    page.push_str(&css::cell_labels(&page_headers(view)));
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

/// The headers of the page's table, whichever it is.
fn page_headers(view: &View) -> Vec<(&'static str, String)> {
    if view.is_trend() {
        tables::trend_headers(view)
    } else if view.is_by_group() {
        tables::group_headers(view)
    } else {
        tables::headers(view, &tables::columns(view))
    }
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
            page.push_str(&format!("<li>{}</li>\n", esc(&w.message())));
        }
        page.push_str("</ul>\n");
    }
    page.push_str(&format!(
        "<p class=\"ledger\">{}</p>\n",
        esc(&view.ledger_line())
    ));
    page.push_str("</section>\n");
}
