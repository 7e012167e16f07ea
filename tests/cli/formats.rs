//! What each format writes (reviewed snapshots of the shipped campaign), and
//! the output file it goes to with `-o`.

use super::*;

#[test]
fn snapshot_table_vi() {
    insta::assert_snapshot!(Run::new().args(["--color", "never"]).stdout());
}

#[test]
fn snapshot_table_en_illustrative() {
    insta::assert_snapshot!(
        Run::new()
            .args([
                "--color",
                "never",
                "--lang",
                "en",
                "--locale",
                "vi",
                "examples/bac-ninh-2022/illustrative.csv"
            ])
            .stdout()
    );
}

#[test]
fn snapshot_csv() {
    insta::assert_snapshot!(Run::new().args(["-f", "csv", "-q"]).stdout());
}

#[test]
fn snapshot_json() {
    insta::assert_snapshot!(Run::new().args(["-f", "json", "-q"]).stdout());
}

#[test]
fn snapshot_markdown_vi() {
    insta::assert_snapshot!(
        Run::new()
            .args(["-f", "markdown", "examples/bac-ninh-2022/illustrative.csv"])
            .stdout()
    );
}

/// The visible text of an HTML page: tags, the style block and entities
/// dropped, runs of white space folded.
fn html_text(html: &str) -> String {
    let body = html.split("</style>").last().unwrap_or(html);
    let mut out = String::new();
    let mut in_tag = false;
    for c in body.chars() {
        match c {
            '<' => {
                in_tag = true;
                out.push(' ');
            }
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    let out = out
        .replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'");
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn snapshot_html_text() {
    let html = Run::new()
        .args(["-f", "html", "examples/bac-ninh-2022/illustrative.csv"])
        .stdout();
    assert!(
        html.starts_with("<!DOCTYPE html>") || html.starts_with("<!doctype html>"),
        "{}",
        &html[..40]
    );
    assert_eq!(
        html.matches("class=\"bullet\"").count(),
        11,
        "one chart per target"
    );
    assert!(!html.contains("<script") && !html.contains("src=") && !html.contains("url("));
    insta::assert_snapshot!(html_text(&html));
}

#[test]
fn json_summary_counts_every_status() {
    let out = Run::new()
        .args(["-f", "json", "examples/bac-ninh-2022/illustrative.csv"])
        .output();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let s = &json["summary"];
    assert_eq!(
        (s["total"].as_u64(), s["met_or_exceeded"].as_u64()),
        (Some(11), Some(5))
    );
    assert_eq!(
        (
            s["exceeded"].as_u64(),
            s["met"].as_u64(),
            s["near"].as_u64()
        ),
        (Some(4), Some(1), Some(3))
    );
    assert_eq!(
        (s["not_met"].as_u64(), s["no_data"].as_u64()),
        (Some(2), Some(1))
    );
    // attainment is a JSON number with its two decimals, not a string
    assert!(String::from_utf8_lossy(&out.stdout).contains("\"attainment_pct\": 99.60,"));
}

#[test]
fn markdown_has_a_table_per_group_with_lights_and_notes() {
    let md = Run::new()
        .args([
            "-f",
            "md",
            "--lang",
            "en",
            "examples/bac-ninh-2022/ytd-2022-11.csv",
        ])
        .stdout();
    assert!(md.starts_with("# Bắc Ninh"), "{md}");
    assert_eq!(
        md.matches("\n## ").count(),
        3,
        "one section per group: {md}"
    );
    assert!(
        md.contains(
            "| 🟡 | Export-import turnover | million USD | ≥\u{a0}92.070 | 78.600 | 85,4\u{a0}% |"
        ),
        "{md}"
    );
    assert!(
        md.contains("| 84.250 | 93,3\u{a0}% | 85.895 |"),
        "pace columns: {md}"
    );
    assert!(md.contains("### Notes\n\n- 3 of 7 rows skipped"), "{md}");
    // -o with the .md extension
    let dir = tempfile::tempdir().unwrap();
    Run::new().arg("-o").arg(dir.path().join("r.md")).succeeds();
    assert!(
        std::fs::read_to_string(dir.path().join("r.md"))
            .unwrap()
            .contains("| ⚪ |")
    );
}

#[test]
fn bom_starts_the_csv_for_excel() {
    let out = Run::new().args(["-f", "csv", "--bom", "-q"]).output();
    assert!(out.stdout.starts_with(b"\xEF\xBB\xBFid,name,"));
    let plain = Run::new().args(["-f", "csv", "-q"]).output();
    assert!(plain.stdout.starts_with(b"id,name,"));
}

#[test]
fn csv_text_that_a_spreadsheet_would_run_is_defused() {
    Run::new()
        .campaign(FLOW_2022)
        .args(["-f", "csv", "-q"])
        .actuals("indicator,value,source\nx,5,\"=HYPERLINK(\"\"http://x\"\")\"\n")
        .succeeds()
        .stdout(predicate::str::contains(",\"'=HYPERLINK("));
}

#[test]
fn output_file_is_written_atomically_in_the_format_of_its_extension() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report.json");
    Run::new()
        .arg("-o")
        .arg(&out)
        .succeeds()
        .stdout(predicate::str::is_empty());
    let json: serde_json::Value = serde_json::from_slice(&std::fs::read(&out).unwrap()).unwrap();
    assert_eq!(json["summary"]["total"], 11);
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(leftovers.len(), 1, "{leftovers:?}");
}

#[test]
fn a_failed_run_leaves_an_existing_output_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report.csv");
    std::fs::write(&out, "previous report\n").unwrap();
    Run::new()
        .fixture_campaign("flows.toml")
        .arg("-o")
        .arg(&out)
        .fixture("en_comma.csv")
        .fails_with(2);
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "previous report\n");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[cfg(unix)]
#[test]
fn an_output_file_is_readable_like_any_file_and_keeps_its_mode() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r.csv");
    Run::new().arg("-o").arg(&out).succeeds();
    // 0666 less the umask: readable by others at least under the usual 022
    let mode = std::fs::metadata(&out).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode & 0o600, 0o600);
    std::fs::set_permissions(&out, std::fs::Permissions::from_mode(0o640)).unwrap();
    Run::new().arg("-o").arg(&out).succeeds();
    assert_eq!(
        std::fs::metadata(&out).unwrap().permissions().mode() & 0o777,
        0o640
    );
}

#[test]
fn the_ledger_line_names_skip_reasons_in_the_report_s_language() {
    let html = |lang: &str| {
        Run::new()
            .args([
                "-f",
                "html",
                "-q",
                "--lang",
                lang,
                "examples/bac-ninh-2022/ytd-2022-11.csv",
            ])
            .stdout()
    };
    // Vietnamese words, the searchable code after them; no English mixed in.
    let vi = html("vi");
    assert!(
        vi.contains("bỏ qua 3: 3 trùng kỳ với số liệu khác (overlap)"),
        "{vi}"
    );
    assert!(html("en").contains("3 skipped (3 overlap)"));
}

#[test]
fn a_group_scored_from_one_target_of_three_says_so_and_is_grey() {
    // Issue 15: "Xã hội 114,5 % 🟢" was one target of three.
    let run = || {
        Run::new()
            .arg("-t")
            .arg(root().join("targets.toml"))
            .args(["-q"])
            .file(
                "a.csv",
                "indicator,period,value\npoverty_rate,2022,\"0,94\"\n",
            )
            .arg("a.csv")
    };
    let md = run().args(["-f", "markdown"]).stdout();
    assert!(
        md.contains("## Xã hội — 114,5\u{a0}% (1/3 có số liệu) ⚪"),
        "{md}"
    );
    let html = run().args(["-f", "html"]).stdout();
    assert!(html.contains("<span class=\"score grey\">"), "{html}");
    assert!(html.contains("· 1/3 có số liệu"), "{html}");
    let table = run().args(["--color", "never"]).stdout();
    assert!(table.contains("Xã hội · 1/3 có số liệu"), "{table}");
    let json = run().args(["-f", "json"]).json();
    let groups = json["summary"]["groups"].as_array().unwrap();
    let society = groups.iter().find(|g| g["name"] == "Xã hội").unwrap();
    assert_eq!(society["light"], "grey", "{society}");
}
