//! Exit codes: 0 on success, 1 when `--fail-on` holds, 2 on bad input or
//! usage; a closed pipe is success; `--strict` turns a warning into an error.

use super::*;

#[test]
fn exit_code_0_on_success() {
    Run::new().succeeds();
}

#[test]
fn exit_code_1_when_fail_on_holds_and_output_is_still_written() {
    Run::new()
        .args(["--fail-on", "near", "-f", "csv"])
        .fails_with(1)
        .stdout(predicate::str::contains("export_import"));
    // Nothing is worse than near once no_data is shown... but no_data is worse than not_met.
    Run::new().args(["--fail-on", "no_data"]).fails_with(1);
    Run::new()
        .args([
            "--fail-on",
            "not_met",
            "--group",
            "Kinh tế",
            "examples/bac-ninh-2022/illustrative.csv",
        ])
        .succeeds();
}

#[test]
fn exit_code_2_on_bad_input_with_file_line_and_column() {
    Run::new()
        .fixture_campaign("flows.toml").fixture("en_comma.csv")
        .fails_with(2)
        .stderr(predicate::str::contains(
            "en_comma.csv:3:3: '6,9' is ambiguous under locale en (comma as thousands separator needs three digits after it); use --locale vi or write 6.9",
        ))
        .stderr(predicate::str::starts_with("attain: error: "))
        .stderr(predicate::str::contains("panicked").not());
}

#[test]
fn exit_code_2_on_bad_usage() {
    Run::new().args(["--sort", "nonsense"]).fails_with(2);
    Run::new()
        .args(["--only", "great"])
        .fails_with(2)
        .stderr(predicate::str::contains(
            "invalid value 'great' for '--only",
        ))
        .stderr(predicate::str::contains(
            "[possible values: exceeded, met, near, not_met, no_data]",
        ));
    Run::new()
        .args(["-f", "pdf"])
        .fails_with(2)
        .stderr(predicate::str::contains(
            "[possible values: table, csv, tsv, json, markdown, html, xlsx]",
        ));
    Run::check()
        .args(["-f", "csv"])
        .fails_with(2)
        .stderr(predicate::str::contains("[possible values: table, json]"));
    Run::new()
        .args(["--by", "perod"])
        .fails_with(2)
        .stderr(predicate::str::contains("a similar value exists: 'period'"));
    Run::new()
        .args(["-t", "missing.toml"])
        .fails_with(2)
        .stderr(predicate::str::contains("attain init"));
}

#[test]
fn a_subcommand_after_the_options_is_named_not_read_as_a_file() {
    Run::new()
        .args(["-t", "targets.toml", "check"])
        .fails_with(2)
        .stderr(predicate::str::contains(
            "'check' is a subcommand: write it first",
        ));
}

#[test]
fn strict_report_turns_a_warning_into_an_error() {
    Run::new()
        .fixture_campaign("flows.toml")
        .fixture("tie.csv")
        .succeeds();
    Run::new()
        .fixture_campaign("flows.toml")
        .arg("--strict")
        .fixture("tie.csv")
        .fails_with(2)
        .stderr(predicate::str::contains(
            "has two different values ending on 2022-12-31",
        ))
        .stderr(predicate::str::contains("(an error under --strict)"));
}

#[test]
fn a_closed_stdout_is_success_for_every_format() {
    // Enough targets that the output outgrows the pipe's buffer.
    let dir = tempfile::tempdir().unwrap();
    let mut toml = String::from("[campaign]\nperiod = \"2022\"\n");
    for i in 0..3000 {
        toml.push_str(&format!("[[target]]\nid = \"t{i}\"\nname = \"A rather long target name number {i}\"\nat_least = 1\n"));
    }
    let campaign = dir.path().join("big.toml");
    std::fs::write(&campaign, toml).unwrap();
    let csv = dir.path().join("a.csv");
    std::fs::write(&csv, "indicator,value\nt1,2\n").unwrap();
    // The pipe is closed by `head`, so bash runs the binary, not a Run.
    let bin = assert_cmd::cargo::cargo_bin!("attain");
    for format in ["table", "csv", "json"] {
        let script = format!(
            "'{}' -t '{}' -f {format} '{}' | head -1 >/dev/null; echo \"status=${{PIPESTATUS[0]}}\"",
            bin.display(),
            campaign.display(),
            csv.display()
        );
        let out = Command::new("bash")
            .arg("-c")
            .arg(&script)
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stdout.contains("status=0"), "{format}: {stdout} {stderr}");
        assert!(!stderr.contains("panicked"), "{format}: {stderr}");
        assert!(!stderr.contains("error"), "{format}: {stderr}");
    }
}
