//! Messages in the report's language (issue 15): under `--lang vi`, or a
//! campaign's `lang = "vi"`, every error, warning and note a clerk reads is
//! Vietnamese and ends with its code; in English nothing changed.

use super::*;

/// A one-target Vietnamese campaign; `extra` goes into `[campaign]`.
fn campaign(extra: &str) -> String {
    format!(
        "[campaign]\nperiod = \"2022\"\nlang = \"vi\"\n{extra}\n[[target]]\nid = \"rev\"\nname = \"Thu ngân sách\"\nunit = \"tỷ đồng\"\nat_least = 100\naggregate = \"sum\"\n"
    )
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8(out.stderr.clone()).unwrap()
}

/// English words that must not be left in a Vietnamese message.
const ENGLISH: [&str; 9] = [
    "error:",
    "warning:",
    "note:",
    "unknown key",
    "is not a period",
    "rows skipped",
    "did you mean",
    "valid keys",
    "the file",
];

fn assert_vietnamese(text: &str) {
    for word in ENGLISH {
        assert!(!text.contains(word), "'{word}' left in:\n{text}");
    }
}

#[test]
fn a_vietnamese_campaign_that_does_not_load_is_told_in_vietnamese() {
    let out = Run::new()
        .campaign(&campaign("at_lest = 1"))
        .actuals("indicator,period,value\nrev,2022-01,5\n")
        .output();
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.starts_with("attain: lỗi: c.toml:4:1: "), "{err}");
    assert!(err.trim_end().ends_with("[unknown_key]"), "{err}");
    assert_vietnamese(&err);
    // --lang en wins over the campaign's lang, and English is unchanged.
    let out = Run::new()
        .campaign(&campaign("at_lest = 1"))
        .args(["--lang", "en"])
        .actuals("indicator,period,value\nrev,2022-01,5\n")
        .output();
    let err = stderr(&out);
    assert!(
        err.starts_with("attain: error: c.toml:4:1: unknown key 'at_lest' in [campaign]"),
        "{err}"
    );
    assert!(!err.contains("[unknown_key]"), "{err}");
}

#[test]
fn errors_in_the_actuals_and_the_skipped_rows_note_are_vietnamese() {
    let out = Run::new()
        .campaign(&campaign(""))
        .actuals("indicator,period,value\nrev,2022-13,5\n")
        .output();
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.starts_with("attain: lỗi: a.csv:2:2: "), "{err}");
    assert!(err.contains("'2022-13'"), "{err}");
    assert!(err.trim_end().ends_with("[bad_period]"), "{err}");
    assert_vietnamese(&err);

    let out = Run::new()
        .campaign(&campaign(""))
        .args(["-f", "csv"])
        .actuals("indicator,period,value\nrev,2022-01,5\nREV,2022-02,3\nrev,2022-03,\n")
        .ok();
    let err = stderr(&out);
    assert!(
        err.contains("attain: ghi chú: bỏ qua 2/3 dòng (1 chỉ tiêu không có trong kế hoạch (unknown_indicator): REV — có phải ý bạn là rev?, 1 không có giá trị (empty_value))"),
        "{err}"
    );
    assert_vietnamese(&err);
}

#[test]
fn check_lists_in_vietnamese_with_the_codes() {
    let out = Run::check()
        .campaign(&campaign(""))
        .actuals("indicator,period,value\nrev,2022-01,5\nREV,2022-02,3\nrev,2022-13,1\n")
        .output();
    assert_eq!(out.status.code(), Some(2));
    let listing = String::from_utf8(out.stdout).unwrap();
    assert!(listing.contains("[bad_period]"), "{listing}");
    assert!(
        listing.contains("(unknown_indicator)") || listing.contains("unknown_indicator"),
        "{listing}"
    );
    assert!(
        listing.contains("'rev'"),
        "the likely id is named:\n{listing}"
    );
    assert_vietnamese(&listing);
}

#[test]
fn a_strict_warning_says_so_in_vietnamese() {
    let out = Run::new()
        .campaign(&campaign(""))
        .args(["--strict"])
        // 100 times the plan: the scale warning, an error under --strict.
        .actuals("indicator,period,value\nrev,2022,50000\n")
        .output();
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("là lỗi khi có --strict"), "{err}");
    assert_vietnamese(&err);
}
