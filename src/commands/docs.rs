//! `attain completions SHELL` and `attain man`: made from the clap
//! definitions, so they list what the command line reads. The manual page
//! also carries the reference manual (`docs/reference.md`), turned into
//! roff by [`roff`], so that `man attain` says what the repository says.

use clap::CommandFactory;

use crate::cli::Cli;
use crate::error::{EXIT_OK, Error};

use super::write_output;

/// The reference manual, as the repository holds it.
const REFERENCE: &str = include_str!("../../docs/reference.md");

/// The completion script for `shell`.
pub(crate) fn completions(shell: clap_complete::Shell) -> Result<i32, Error> {
    let mut command = Cli::command();
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut command, "attain", &mut out);
    write_output(None, &out)?;
    Ok(EXIT_OK)
}

/// The manual page, in roff: the command line's page, then the reference.
pub(crate) fn man() -> Result<i32, Error> {
    let mut out = Vec::new();
    clap_mangen::Man::new(Cli::command())
        .render(&mut out)
        .map_err(|e| Error::io("<stdout>", e))?;
    out.extend_from_slice(roff(REFERENCE).as_bytes());
    write_output(None, &out)?;
    Ok(EXIT_OK)
}

/// The markdown of the reference as roff for the `man` macros: `#` and
/// `##` headings become `.SH`, `###` `.SS`, paragraphs `.PP`, list items `.IP`, code blocks `.nf`/`.fi`,
/// and tables preformatted text when they fit 78 columns, else a `.TP`
/// entry per row (the first cell as its tag). Inline code and bold become
/// bold, emphasis italic, a link its text.
pub(crate) fn roff(markdown: &str) -> String {
    let mut out = String::new();
    let mut lines = markdown.lines().peekable();
    while let Some(line) = lines.next() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") {
            // The language tag after the fence says nothing to roff.
            out.push_str(".PP\n.RS 2\n.nf\n");
            for code in lines.by_ref() {
                if code.trim_start().starts_with("```") {
                    break;
                }
                out.push_str(&line_start(&escape(code)));
                out.push('\n');
            }
            out.push_str(".fi\n.RE\n");
        } else if let Some(title) = line.strip_prefix("### ") {
            out.push_str(&format!(".SS \"{}\"\n", heading(title)));
        } else if let Some(title) = line.strip_prefix("## ") {
            out.push_str(&format!(".SH \"{}\"\n", heading(title)));
        } else if let Some(title) = line.strip_prefix("# ") {
            // No hyphenation: an option broken as `\-\-delim-iter` would
            // not read as one.
            out.push_str(&format!(".nh\n.SH \"{}\"\n", heading(title)));
        } else if trimmed.is_empty() {
            // A blank line ends a block.
        } else if trimmed.starts_with('|') {
            let mut rows = vec![cells(trimmed)];
            while let Some(next) = lines.next_if(|l| l.trim_start().starts_with('|')) {
                rows.push(cells(next.trim_start()));
            }
            table(&mut out, &rows);
        } else if let Some(item) = trimmed.strip_prefix("- ") {
            let mut text = item.to_string();
            while let Some(next) = lines.next_if(|l| l.starts_with("  ") && !l.trim().is_empty()) {
                text.push('\n');
                text.push_str(next.trim_start());
            }
            out.push_str(".IP \\(bu 2\n");
            out.push_str(&text_lines(&text));
        } else {
            let mut text = line.to_string();
            while let Some(next) = lines.next_if(|l| {
                let t = l.trim_start();
                !t.is_empty()
                    && !t.starts_with("```")
                    && !t.starts_with('|')
                    && !t.starts_with("- ")
                    && !l.starts_with('#')
            }) {
                text.push('\n');
                text.push_str(next);
            }
            out.push_str(".PP\n");
            out.push_str(&text_lines(&text));
        }
    }
    out
}

/// The cells of a table row, `\|` read as a bar inside a cell.
fn cells(row: &str) -> Vec<String> {
    let inner = row.trim().trim_start_matches('|');
    let inner = inner.strip_suffix('|').unwrap_or(inner);
    let mut out = vec![String::new()];
    let mut chars = inner.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek() == Some(&'|') => {
                chars.next();
                if let Some(cell) = out.last_mut() {
                    cell.push('|');
                }
            }
            '|' => out.push(String::new()),
            _ => {
                if let Some(cell) = out.last_mut() {
                    cell.push(c);
                }
            }
        }
    }
    out.into_iter().map(|c| c.trim().to_string()).collect()
}

/// Whether a row is the `|---|:---:|` line under a table's header.
fn is_rule(cells: &[String]) -> bool {
    cells
        .iter()
        .all(|c| !c.is_empty() && c.chars().all(|ch| matches!(ch, '-' | ':')))
}

/// A table: preformatted when its plain text fits 78 columns, else one
/// `.TP` entry per row with the header's names before the other cells.
fn table(out: &mut String, rows: &[Vec<String>]) {
    let rows: Vec<Vec<String>> = rows
        .iter()
        .filter(|r| !is_rule(r))
        .map(|r| r.iter().map(|c| plain(c)).collect())
        .collect();
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
    let width = |i: usize| {
        rows.iter()
            .filter_map(|r| r.get(i))
            .map(|c| c.chars().count())
            .max()
            .unwrap_or(0)
    };
    let widths: Vec<usize> = (0..columns).map(width).collect();
    let total = widths.iter().sum::<usize>() + 2 * columns.saturating_sub(1);
    if total <= 78 {
        out.push_str(".PP\n.RS 2\n.nf\n");
        for (n, row) in rows.iter().enumerate() {
            let mut text = String::new();
            for (i, cell) in row.iter().enumerate() {
                if i + 1 < row.len() {
                    let pad = widths[i] - cell.chars().count();
                    text.push_str(&format!("{cell}{}  ", " ".repeat(pad)));
                } else {
                    text.push_str(cell);
                }
            }
            out.push_str(&line_start(&escape(text.trim_end())));
            out.push('\n');
            if n == 0 {
                let rule: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
                out.push_str(&escape(&rule.join("  ")));
                out.push('\n');
            }
        }
        out.push_str(".fi\n.RE\n");
        return;
    }
    let Some((header, body)) = rows.split_first() else {
        return;
    };
    for row in body {
        let Some((tag, rest)) = row.split_first() else {
            continue;
        };
        out.push_str(".TP\n");
        out.push_str(&line_start(&format!("\\fB{}\\fR", escape(tag))));
        out.push('\n');
        let described: Vec<String> = rest
            .iter()
            .enumerate()
            .filter(|(_, c)| !c.is_empty())
            .map(|(i, c)| match (rest.len(), header.get(i + 1)) {
                (1, _) | (_, None) => c.clone(),
                (_, Some(name)) => format!("{name}: {c}"),
            })
            .collect();
        out.push_str(&line_start(&escape(&described.join("; "))));
        out.push('\n');
    }
}

/// A heading's text, plain and escaped for a quoted macro argument.
fn heading(title: &str) -> String {
    escape(&plain(title)).replace('"', "\\(dq")
}

/// Markdown inline text without its markup (code spans, emphasis and
/// links as their text, `\x` as `x`), not yet escaped for roff.
fn plain(text: &str) -> String {
    inline(text, false)
}

/// Running text as roff lines: inline markup as fonts, each line safe at
/// a line's start.
fn text_lines(text: &str) -> String {
    let mut out = String::new();
    for line in inline(text, true).lines() {
        out.push_str(&line_start(line.trim_start()));
        out.push('\n');
    }
    out
}

/// Markdown inline markup as roff fonts, escaped for roff (except a
/// line's start: [`line_start`]); or, without `fonts`, as plain text.
fn inline(text: &str, fonts: bool) -> String {
    let esc = |s: &str| if fonts { escape(s) } else { s.to_string() };
    let (bold, italic, roman) = if fonts {
        ("\\fB", "\\fI", "\\fR")
    } else {
        ("", "", "")
    };
    let mut out = String::new();
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    let mut strong = false;
    let mut emphasis = false;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        match c {
            '`' => {
                // A code span runs to the next backtick; its text is literal.
                let end = chars[i + 1..].iter().position(|&c| c == '`');
                match end {
                    Some(len) => {
                        let code: String = chars[i + 1..i + 1 + len].iter().collect();
                        out.push_str(bold);
                        out.push_str(&esc(&code));
                        out.push_str(roman);
                        i += len + 2;
                        continue;
                    }
                    None => out.push('`'),
                }
            }
            '\\' if next.is_some_and(|n| n.is_ascii_punctuation()) => {
                out.push_str(&esc(&next.map(String::from).unwrap_or_default()));
                i += 2;
                continue;
            }
            '*' if next == Some('*') => {
                strong = !strong;
                out.push_str(if strong { bold } else { roman });
                i += 2;
                continue;
            }
            '*' if emphasis || next.is_some_and(|n| !n.is_whitespace()) => {
                emphasis = !emphasis;
                out.push_str(if emphasis { italic } else { roman });
            }
            '[' => {
                // `[text](target)` is its text; any other bracket is itself.
                let close = chars[i..].iter().position(|&c| c == ']').map(|p| p + i);
                let link = close.filter(|&j| chars.get(j + 1) == Some(&'('));
                let end =
                    link.and_then(|j| chars[j..].iter().position(|&c| c == ')').map(|p| p + j));
                if let (Some(j), Some(end)) = (link, end) {
                    let label: String = chars[i + 1..j].iter().collect();
                    out.push_str(&inline(&label, fonts));
                    i = end + 1;
                    continue;
                }
                out.push('[');
            }
            _ => out.push_str(&esc(&c.to_string())),
        }
        i += 1;
    }
    out
}

/// Text escaped for roff: a backslash as `\e`, a hyphen as `\-` (so
/// options copy as the ASCII hyphen-minus they are).
fn escape(text: &str) -> String {
    text.replace('\\', "\\e").replace('-', "\\-")
}

/// A line that would start with a control character (`.` or `'`) read as
/// text.
fn line_start(line: &str) -> String {
    if line.starts_with('.') || line.starts_with('\'') {
        format!("\\&{line}")
    } else {
        line.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_becomes_roff() {
        let md = "# Title\n\nIntro.\n\n## 1. Command line\n\nA `--by` option, **bold** and *words*;\n.dotted and 'quoted\nC:\\path.\n\n### 5.3 Entities\n\n- one [link](docs/x.md#a)\n  continued\n- two\n\n```sh\n.not a request\nattain \\\n```\n\n| a | b |\n|---|---|\n| x \\| y | z |\n";
        let roff = roff(md);
        assert_eq!(
            roff,
            ".nh\n.SH \"Title\"\n.PP\nIntro.\n.SH \"1. Command line\"\n\
             .PP\n\
             A \\fB\\-\\-by\\fR option, \\fBbold\\fR and \\fIwords\\fR;\n\
             \\&.dotted and 'quoted\n\
             C:\\epath.\n\
             .SS \"5.3 Entities\"\n\
             .IP \\(bu 2\n\
             one link\n\
             continued\n\
             .IP \\(bu 2\n\
             two\n\
             .PP\n.RS 2\n.nf\n\
             \\&.not a request\n\
             attain \\e\n\
             .fi\n.RE\n\
             .PP\n.RS 2\n.nf\n\
             a      b\n\
             \\-\\-\\-\\-\\-  \\-\n\
             x | y  z\n\
             .fi\n.RE\n"
        );
    }

    #[test]
    fn a_wide_table_is_an_entry_per_row() {
        let long = "a meaning long enough that the row cannot fit in seventy-eight columns at all";
        let md = format!(
            "| code | severity | meaning |\n|---|---|---|\n| `scale` | warning | {long} |\n"
        );
        let roff = roff(&md);
        assert!(
            roff.starts_with(".TP\n\\fBscale\\fR\nseverity: warning; meaning: a meaning"),
            "{roff}"
        );
    }

    /// Every name a script may meet is documented: a new diagnostic code,
    /// skip reason, output column or campaign key without a line in the
    /// reference fails here.
    #[test]
    fn the_reference_names_every_code_reason_column_and_key() {
        let documented = |name: &str| REFERENCE.contains(&format!("`{name}`"));
        let codes: Vec<&str> = crate::diagnostic::Code::NAMES
            .iter()
            .copied()
            .filter(|n| !documented(n))
            .collect();
        assert!(
            codes.is_empty(),
            "diagnostic codes not in docs/reference.md: {codes:?}"
        );
        let reasons: Vec<&str> = crate::ingest::Skip::ALL
            .iter()
            .map(|s| s.name())
            .chain(["used", "comparison"])
            .filter(|n| !documented(n))
            .collect();
        assert!(
            reasons.is_empty(),
            "skip reasons not in docs/reference.md: {reasons:?}"
        );
        let columns: Vec<&str> = crate::view::machine::COLUMNS
            .iter()
            .chain(&crate::view::machine::GROUP_COLUMNS)
            .chain(&["entity"])
            .copied()
            .filter(|n| !documented(n))
            .collect();
        assert!(
            columns.is_empty(),
            "output columns not in docs/reference.md: {columns:?}"
        );
        let keys: Vec<&str> = crate::campaign::keys_read(crate::init::STARTER)
            .into_iter()
            .map(|(_, key)| key)
            .chain(["by", "from", "en", "vi"])
            // A table is named as a header: `[campaign]`, `[[series]]`.
            .filter(|n| !documented(n) && !REFERENCE.contains(&format!("[{n}]")))
            .collect();
        assert!(
            keys.is_empty(),
            "campaign keys not in docs/reference.md: {keys:?}"
        );
    }

    /// Every subcommand and every option the command line reads is in §1
    /// (the reference is written from `src/cli.rs`; this keeps it so).
    #[test]
    fn the_reference_names_every_subcommand_and_option() {
        let mut missing = Vec::new();
        let cli = Cli::command();
        let commands = std::iter::once(&cli).chain(cli.get_subcommands());
        for command in commands {
            let name = command.get_name();
            if name == "help" {
                continue;
            }
            if name != "attain" && !REFERENCE.contains(&format!("attain {name}")) {
                missing.push(format!("attain {name}"));
            }
            for arg in command.get_arguments() {
                let long = arg.get_long().filter(|l| !["help", "version"].contains(l));
                if let Some(long) = long.filter(|l| !REFERENCE.contains(&format!("--{l}"))) {
                    missing.push(format!("{name} --{long}"));
                }
                let short = arg.get_short().filter(|c| !['h', 'V'].contains(c));
                if let Some(c) = short.filter(|c| !REFERENCE.contains(&format!("-{c},"))) {
                    missing.push(format!("{name} -{c}"));
                }
            }
        }
        assert!(
            missing.is_empty(),
            "not in docs/reference.md §1: {missing:?}"
        );
    }

    /// The codes table of §9 lists only codes that exist.
    #[test]
    fn the_reference_lists_no_code_attain_does_not_have() {
        let section = REFERENCE
            .split("### Diagnostic codes")
            .nth(1)
            .and_then(|s| s.split("\n## ").next())
            .unwrap_or_default();
        let listed: Vec<&str> = section
            .lines()
            .filter_map(|l| l.strip_prefix("| `")?.split('`').next())
            .collect();
        assert_eq!(
            listed.len(),
            crate::diagnostic::Code::NAMES.len(),
            "{listed:?}"
        );
        for name in listed {
            assert!(crate::diagnostic::Code::NAMES.contains(&name), "{name}");
        }
    }
}
