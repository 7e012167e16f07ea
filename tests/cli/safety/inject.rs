//! Issue 11, items 16 and 17: text from the campaign and the actuals reaches
//! people as the text it is. Control and bidi characters are shown escaped on
//! every terminal output, in HTML and in Markdown; Markdown and HTML syntax
//! in names renders as text.

use std::io::Read;

use super::*;

/// A target name carrying an OSC title sequence, a clear-screen, a BEL, a
/// C1 control, a right-to-left override and Markdown/HTML syntax.
const CAMPAIGN: &str = r#"[campaign]
name = "Plan \u001b]0;owned\u0007"
period = "2022"

[[target]]
id = "rev"
name = "Revenue \u001b[2J\u009b\u202e <img src=x onerror=alert(1)> <script>alert(1)</script> [x](javascript:alert(1)) _emph_ **bold**"
at_least = 10
aggregate = "sum"
"#;

/// Entities, a source and a note with raw control bytes, and an unknown
/// indicator that carries them into the stderr notes and `check`.
const ACTUALS: &[u8] = b"indicator,period,value,entity,source,note\n\
rev,2022,4,North \x1b[31mred\x07,src \xe2\x80\xae,note \x1b]0;t\x07\n\
rev,2022,8,<img src=x onerror=alert(2)>,ok,\n\
rev\x1b[2J,2022,1,,,\n";

/// Raw bytes that must never reach a person: ESC, BEL, a C1 CSI, the
/// right-to-left override.
const RAW: [char; 4] = ['\x1b', '\x07', '\u{9b}', '\u{202e}'];

/// `attain SUB -t c.toml ARGS…` in a folder holding the hostile files.
fn run(args: &[&str]) -> (String, String) {
    let dir = campaign_dir(CAMPAIGN, ACTUALS);
    let out = Run::new()
        .current_dir(dir.path())
        .arg(args[0])
        .args(["-t", "c.toml"])
        .args(&args[1..])
        .output();
    (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn assert_no_raw(what: &str, text: &str) {
    for c in RAW {
        assert!(
            !text.contains(c),
            "{what} carries a raw {:?}:\n{text}",
            c.escape_unicode().to_string()
        );
    }
}

#[test]
fn control_and_bidi_characters_from_the_data_are_escaped_in_every_terminal_output() {
    for args in [
        &["report", "a.csv", "--color", "never"][..],
        &["report", "a.csv", "--color", "never", "--by", "entity"],
        &["check", "a.csv"],
        &["explain", "rev", "-a", "a.csv"],
    ] {
        let (stdout, stderr) = run(args);
        assert_no_raw(&format!("stdout of {args:?}"), &stdout);
        assert_no_raw(&format!("stderr of {args:?}"), &stderr);
        let all = format!("{stdout}{stderr}");
        // Shown, not dropped: the reader sees that something odd is there.
        assert!(
            all.contains("\\e[2J") || all.contains("\\u{202e}"),
            "{args:?}:\n{all}"
        );
    }
    // The entity and the unknown indicator reach the notes and check.
    let (stdout, _) = run(&["check", "a.csv"]);
    assert!(stdout.contains("rev\\e[2J"), "{stdout}");
    let (stdout, _) = run(&["explain", "rev", "-a", "a.csv"]);
    assert!(stdout.contains("North \\e[31mred\\u{7}"), "{stdout}");
}

#[test]
fn colour_escapes_are_attains_own_never_the_datas() {
    // With colour on, the only escapes are SGR colour codes attain writes.
    let (stdout, _) = run(&["report", "a.csv", "--color", "always", "--by", "entity"]);
    assert!(
        !stdout.contains("\x1b]"),
        "an OSC sequence got through:\n{stdout}"
    );
    assert!(
        !stdout.contains("\x1b[2J"),
        "a clear-screen got through:\n{stdout}"
    );
    assert!(
        !stdout.contains("\x1b[31mred"),
        "the data's colour got through"
    );
    assert!(!stdout.contains('\x07') && !stdout.contains('\u{202e}'));
}

#[test]
fn html_carries_no_raw_control_characters_or_markup_from_names() {
    let (html, _) = run(&["report", "a.csv", "-f", "html", "--by", "entity"]);
    assert_no_raw("html", &html);
    assert!(
        !html.contains("<img") && !html.contains("<script"),
        "{html}"
    );
    assert!(html.contains("&lt;img src=x onerror=alert(1)&gt;"));
    assert!(html.contains("\\u{202e}"));
}

#[test]
fn a_markdown_report_renders_every_name_as_the_text_it_is() {
    let (md, _) = run(&["report", "a.csv", "-f", "md", "--by", "entity"]);
    assert_no_raw("markdown", &md);
    let mut options = pulldown_cmark::Options::empty();
    options.insert(pulldown_cmark::Options::ENABLE_TABLES);
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, pulldown_cmark::Parser::new_ext(&md, options));
    for bad in [
        "<img",
        "<script",
        "javascript:alert(1)\"",
        "<em>emph",
        "<strong>bold",
        "<a ",
    ] {
        assert!(
            !html.contains(bad),
            "the rendered markdown has {bad}:\n{html}"
        );
    }
    // The visible text is the name, character for character.
    for text in [
        "&lt;img src=x onerror=alert(1)&gt;",
        "&lt;script&gt;alert(1)&lt;/script&gt;",
        "[x](javascript:alert(1))",
        "_emph_ **bold**",
        "&lt;img src=x onerror=alert(2)&gt;",
    ] {
        assert!(
            html.contains(text),
            "rendered markdown lost {text:?}:\n{html}"
        );
    }
}

#[test]
fn an_xlsx_report_carries_no_raw_c0_control_in_its_xml() {
    let dir = campaign_dir(CAMPAIGN, ACTUALS);
    Run::new()
        .current_dir(dir.path())
        .args(["report", "-t", "c.toml", "a.csv", "-q", "-o", "r.xlsx"])
        .assert()
        .code(0);
    let file = std::fs::File::open(dir.path().join("r.xlsx")).unwrap();
    let mut zip = zip::ZipArchive::new(file).unwrap();
    // C0 controls are not allowed in XML 1.0; rust_xlsxwriter writes them as
    // `_x001B_`. A cell keeps the rest of its text as it is: a spreadsheet
    // does not interpret escape sequences.
    let mut checked = 0;
    for i in 0..zip.len() {
        let mut part = zip.by_index(i).unwrap();
        let name = part.name().unwrap().to_string();
        if !name.ends_with(".xml") {
            continue;
        }
        let mut xml = String::new();
        part.read_to_string(&mut xml).unwrap();
        let bad = xml
            .chars()
            .find(|&c| c < ' ' && !matches!(c, '\t' | '\n' | '\r'));
        assert_eq!(bad, None, "{name} carries a raw control character");
        checked += 1;
    }
    assert!(checked > 3, "no sheets read");
}

#[test]
fn csv_and_json_keep_the_datas_text_exactly() {
    // Machine formats are for programs: they carry the real text (a
    // program can escape as it needs), only csv's formula guard applies.
    let (json, _) = run(&["report", "a.csv", "-f", "json", "--by", "entity"]);
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    let text = value.to_string();
    assert!(text.contains("North \\u001b[31mred\\u0007"), "{text}");
}
