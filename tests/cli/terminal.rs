//! The table on a terminal: colour only when asked or on one, and a narrow
//! one (a real pseudo-terminal) drops the bar but never breaks a number.

use super::*;

#[test]
fn colour_only_when_asked_or_on_a_terminal() {
    let plain = Run::new().stdout();
    assert!(!plain.contains('\u{1b}'));
    let coloured = Run::new().args(["--color", "always"]).stdout();
    assert!(coloured.contains("\u{1b}["));
    let no_color = Run::new().env("NO_COLOR", "1").stdout();
    assert!(!no_color.contains('\u{1b}'));
}

/// The table as a terminal `cols` columns wide shows it: attain run under
/// `script`, whose pseudo-terminal `stty` sets to that width, with the
/// colours' escape sequences taken out. None where `script` cannot run (it
/// is part of every Debian system; in CI that fails the test).
fn table_in_terminal(cols: u16, args: &str) -> Option<String> {
    let command = format!(
        "stty cols {cols} rows 300; exec {} {args} 2>/dev/null",
        env!("CARGO_BIN_EXE_attain")
    );
    let out = std::process::Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .current_dir(root())
        .env_remove("ATTAIN_TARGETS")
        .env_remove("NO_COLOR")
        .env("TERM", "xterm-256color")
        .output();
    let out = match out {
        Ok(out) if out.status.success() => out,
        other => {
            assert!(
                std::env::var("CI").as_deref() != Ok("true"),
                "`script` could not run attain in a terminal: {other:?}"
            );
            eprintln!("skipped: `script` could not run attain in a terminal: {other:?}");
            return None;
        }
    };
    let text = String::from_utf8(out.stdout).unwrap().replace("\r\n", "\n");
    let mut plain = String::new();
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            // CSI: ESC [ parameters, then a final letter.
            for c in chars.by_ref() {
                if c.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            plain.push(c);
        }
    }
    Some(plain)
}

#[test]
fn a_narrow_terminal_drops_the_bar_and_never_breaks_a_number() {
    let args = "examples/bac-ninh-2022/illustrative.csv";
    let Some(wide) = table_in_terminal(200, args) else {
        return;
    };
    assert!(wide.contains("│██") || wide.contains("┆██"), "{wide}");
    for cols in [60, 80, 100] {
        let Some(narrow) = table_in_terminal(cols, args) else {
            return;
        };
        assert!(!narrow.contains('█'), "a bar at {cols} columns:\n{narrow}");
        // Every figure whole on one line.
        for figure in [
            "92.070",
            "91.700",
            "30.567",
            "30.372",
            "7,39",
            "123,2 %",
            "≥ 92.070",
        ] {
            assert!(
                narrow.contains(figure),
                "{figure} broken at {cols} columns:\n{narrow}"
            );
        }
    }
}

/// The words, numbers and units of a text, without the table's rules and
/// the brackets a narrow table puts around a unit.
fn tokens(text: &str) -> std::collections::BTreeSet<String> {
    text.split(|c: char| c.is_whitespace() || "│┆·".contains(c))
        .map(|t| t.trim_end_matches(':'))
        .map(|t| t.trim_matches(|c: char| "()".contains(c)))
        .filter(|t| !t.is_empty() && !t.chars().all(|c| "─┌┐└┘┬┴╞╡╪═".contains(c)))
        .map(str::to_string)
        .collect()
}

/// For every example and view (`--by group`, `--by period`, `--by
/// entity`), language, and width from 60 to 100 (then every 7th to 220),
/// no line is wider than the terminal and every word, number and unit is
/// one the widest table has: none is split across lines. Where even the
/// narrowest table is too wide (the Vietnam campaign under 71 columns),
/// each target is a record of "Header: value" lines.
#[test]
fn the_table_fits_every_width_and_breaks_no_word() {
    let examples = [
        "report",
        "examples/bac-ninh-2022/ytd-2022-11.csv",
        "examples/bac-ninh-2022/revised.csv",
        "examples/bac-ninh-2022/ytd-2022-11.csv --by group",
        "examples/bac-ninh-2022/ytd-2022-11.csv --by period",
        "-t examples/retail-2024/targets.toml --by entity",
        "-t examples/retail-2024/targets.toml --by period",
        "-t examples/vietnam-2023/targets.toml",
        "-t examples/vietnam-2023/targets.toml --by group",
    ];
    let widths = (60..=100).chain((107..=220).step_by(7));
    for args in examples {
        for lang in ["en", "vi"] {
            let args = format!("{args} --lang {lang}");
            let Some(wide) = table_in_terminal(300, &args) else {
                return;
            };
            // The words of the note that says which periods were left out.
            let words = tokens(&format!(
                "{wide} left out to fit the terminal được ẩn cho vừa màn hình"
            ));
            for cols in widths.clone() {
                let table = table_in_terminal(cols, &args).unwrap();
                for line in table.lines() {
                    let n = line.chars().count();
                    assert!(n <= cols as usize, "{args} at {cols}: {n} wide:\n{table}");
                }
                for token in tokens(&table) {
                    assert!(
                        words.contains(&token),
                        "{args} at {cols}: '{token}' split:\n{table}"
                    );
                }
            }
        }
    }
}
