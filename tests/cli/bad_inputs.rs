//! Bad inputs get messages a clerk can act on: the corpus of
//! tests/fixtures/bad/ (reviewed snapshots), arbitrary files (never a
//! panic), a number in the other locale's style, a misspelt campaign key.

use std::path::PathBuf;

use super::*;

/// Each case directory holds actuals (and a targets.toml when the campaign is
/// the broken part), optional `args`, and `expect`: the exit code, then
/// substrings the output must contain. The whole output is a reviewed
/// snapshot, so a change of wording is a reviewed change.
#[test]
fn bad_inputs_get_messages_a_clerk_can_act_on() {
    let corpus = root().join("tests/fixtures/bad");
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&corpus)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    assert!(cases.len() >= 30, "only {} cases", cases.len());
    let mut failures = Vec::new();
    for case in &cases {
        let slug = case.file_name().unwrap().to_string_lossy().into_owned();
        let expect = std::fs::read_to_string(case.join("expect")).unwrap();
        let mut lines = expect.lines();
        let code: i32 = lines.next().unwrap().trim().parse().unwrap();
        let extra: Vec<String> = std::fs::read_to_string(case.join("args"))
            .map(|a| {
                a.lines()
                    .map(str::to_string)
                    .filter(|l| !l.is_empty())
                    .collect()
            })
            .unwrap_or_default();
        let mut actuals: Vec<String> = std::fs::read_dir(case)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".csv") || n.ends_with(".tsv"))
            .collect();
        actuals.sort();
        let mut run = Run::check().current_dir(case);
        if !extra.iter().any(|a| a == "-t") {
            let targets = if case.join("targets.toml").exists() {
                "targets.toml"
            } else {
                "../base.toml"
            };
            run = run.args(["-t", targets]);
        }
        let out = run.args(&extra).args(&actuals).output();
        let text = format!(
            "exit: {}\n--- stdout\n{}--- stderr\n{}",
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        if out.status.code() != Some(code) {
            failures.push(format!(
                "{slug}: exit {:?}, expected {code}\n{text}",
                out.status.code()
            ));
        }
        for want in lines.filter(|l| !l.trim().is_empty()) {
            if !text.contains(want) {
                failures.push(format!("{slug}: output lacks {want:?}\n{text}"));
            }
        }
        if text.contains("panicked") {
            failures.push(format!("{slug}: panicked\n{text}"));
        }
        insta::with_settings!({ snapshot_suffix => slug.clone(), prepend_module_to_snapshot => false }, {
            insta::assert_snapshot!("bad", text);
        });
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

mod robustness {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        // The seeds of past failures live beside this file, in
        // bad_inputs.proptest-regressions: proptest's default would look
        // for them in tests/proptest-regressions/, as tests/cli/ holds a main.rs.
        #![proptest_config(ProptestConfig {
            cases: 48,
            failure_persistence: Some(Box::new(
                proptest::test_runner::FileFailurePersistence::WithSource("proptest-regressions"),
            )),
            ..ProptestConfig::default()
        })]

        /// Whatever the file holds, attain answers with 0, 1 or 2, never a
        /// panic, and every error names the file it is about.
        #[test]
        fn arbitrary_actuals_files_never_break_attain(
            bytes in prop_oneof![
                any::<Vec<u8>>(),
                "(indicator,period,value,unit,entity\n)?([a-z_]{0,8},[0-9Q.-]{0,8},[0-9.,()% -]{0,8},[a-zA-Z %]{0,6},[a-z]{0,3}\n){0,6}"
                    .prop_map(String::into_bytes),
            ],
            format in prop::sample::select(vec!["table", "csv", "json"]),
        ) {
            for subcommand in ["report", "check"] {
                // check prints a listing or json only
                let format = if subcommand == "check" && format == "csv" { "table" } else { format };
                let out = Run::subcommand(subcommand)
                    .fixture_campaign("flows.toml")
                    .args(["-f", format])
                    .actuals(&bytes)
                    .output();
                let stderr = String::from_utf8_lossy(&out.stderr);
                prop_assert!(matches!(out.status.code(), Some(0..=2)), "{subcommand}: {:?} {stderr}", out.status);
                prop_assert!(!stderr.contains("panicked"), "{stderr}");
                for line in stderr.lines().filter(|l| l.starts_with("attain: error:")) {
                    prop_assert!(line.contains("a.csv") || line.contains("flows.toml"), "unlocated: {line}");
                }
            }
        }
    }
}

#[test]
fn vi_locale_rejects_an_english_decimal_with_its_line() {
    // Read against the shipped campaign, from the repository root.
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("a.csv");
    std::fs::write(
        &csv,
        "indicator,period,value,unit\ngrdp_growth,2022,\"7,39\",%\ngrdp_growth,2022-Q4,7.39,%\n",
    )
    .unwrap();
    Run::new()
        .args(["--lang", "en"])
        .arg(&csv)
        .fails_with(2)
        .stderr(predicate::str::contains(
            "a.csv:3:3: '7.39' is ambiguous under locale vi (dot as thousands separator needs three digits after it); use --locale en or write 7,39",
        ));
    // The shipped campaign speaks Vietnamese: so do its errors.
    Run::new()
        .arg(&csv)
        .fails_with(2)
        .stderr(predicate::str::contains(
            "a.csv:3:3: '7.39' có thể hiểu theo hai cách với locale vi",
        ))
        .stderr(predicate::str::contains(
            "hãy dùng --locale en hoặc viết 7,39 [bad_number]",
        ));
    // The same file read as en: "7,39" is now the ambiguous one.
    Run::new()
        .arg(&csv)
        .args(["--locale", "en"])
        .fails_with(2)
        .stderr(predicate::str::contains("a.csv:2:3: '7,39'"));
}

#[test]
fn a_misspelt_campaign_key_names_the_line_and_the_fix() {
    Run::new()
        .file(
            "t.toml",
            "[campaign]\nperiod = \"2022\"\n\n[[target]]\nid = \"x\"\nat_leest = 5\n",
        )
        .args(["-t", "t.toml"])
        .fixture("monthly.csv")
        .fails_with(2)
        .stderr(predicate::str::contains(
            "t.toml:6:1: target 'x': unknown key 'at_leest' in [[target]]; did you mean 'at_least'?",
        ));
}
