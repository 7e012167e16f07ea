//! End-to-end tests: the built `attain` binary run on fixture files, as a
//! user or a cron job would run it. One test binary; a module per
//! behaviour.

// Test helpers panic on purpose: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};
use std::process::Command;

use assert_cmd::cargo::cargo_bin_cmd;
use predicates::prelude::*;

mod bad_inputs;
mod breakdown;
mod combining;
mod engines;
mod exit_codes;
mod formats;
mod judging;
mod ledger;
mod mid_year;
mod reading;
mod subcommands;
mod terminal;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn fixture(name: &str) -> String {
    root()
        .join("tests/fixtures")
        .join(name)
        .display()
        .to_string()
}

/// `attain` run from the repository root, so that `targets.toml` is found.
fn attain() -> assert_cmd::Command {
    let mut cmd = cargo_bin_cmd!("attain");
    cmd.current_dir(root())
        .env_remove("ATTAIN_TARGETS")
        .env_remove("NO_COLOR");
    cmd
}

fn stdout_of(cmd: &mut assert_cmd::Command) -> String {
    let out = cmd.output().unwrap();
    String::from_utf8(out.stdout).unwrap()
}

/// The CSV output as (id -> column -> value).
fn csv_rows(text: &str) -> Vec<std::collections::HashMap<String, String>> {
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers = reader.headers().unwrap().clone();
    reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            headers
                .iter()
                .zip(r.iter())
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}

fn row<'a>(
    rows: &'a [std::collections::HashMap<String, String>],
    id: &str,
) -> &'a std::collections::HashMap<String, String> {
    rows.iter()
        .find(|r| r["id"] == id)
        .unwrap_or_else(|| panic!("no row {id}"))
}

fn flows(actuals: &[&str]) -> Vec<std::collections::HashMap<String, String>> {
    let mut cmd = attain();
    cmd.args(["report", "-t", &fixture("flows.toml"), "-f", "csv", "-q"]);
    for a in actuals {
        cmd.arg(fixture(a));
    }
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    csv_rows(&String::from_utf8(out.stdout).unwrap())
}

/// Run `report -f csv` on a campaign and actuals given as text.
fn report_csv(
    campaign: &str,
    actuals: &str,
    args: &[&str],
) -> Vec<std::collections::HashMap<String, String>> {
    let dir = tempfile::tempdir().unwrap();
    let toml = dir.path().join("c.toml");
    std::fs::write(&toml, campaign).unwrap();
    let csv = dir.path().join("a.csv");
    std::fs::write(&csv, actuals).unwrap();
    let out = attain()
        .arg("-t")
        .arg(&toml)
        .args(["-f", "csv", "-q"])
        .args(args)
        .arg(&csv)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    csv_rows(&String::from_utf8(out.stdout).unwrap())
}

/// Run attain in a temp dir holding `c.toml` and `a.csv`.
/// A folder holding the campaign `c.toml` and the actuals `a.csv`.
fn campaign_dir(campaign: &str, actuals: &[u8]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("c.toml"), campaign).unwrap();
    std::fs::write(dir.path().join("a.csv"), actuals).unwrap();
    dir
}

fn in_dir(campaign: &str, actuals: &[u8]) -> (tempfile::TempDir, assert_cmd::Command) {
    let dir = campaign_dir(campaign, actuals);
    let mut cmd = attain();
    cmd.current_dir(dir.path()).args(["-t", "c.toml"]);
    (dir, cmd)
}

const FLOW_2022: &str =
    "[campaign]\nperiod = \"2022\"\n[[target]]\nid = \"x\"\nat_least = 1000\naggregate = \"sum\"\n";

const PARTY: &str = r#"[campaign]
period = "2022"

[entities]
d1 = "Huyện Một"

[[series]]
id = "orgs_good_n"
unit = "organisations"
aggregate = "sum"

[[series]]
id = "orgs_n"
unit = "organisations"
aggregate = "sum"

[[target]]
id = "orgs_good"
unit = "%"
at_least = 80
formula = "orgs_good_n / orgs_n * 100"
"#;

// ── Issue 11: safe by construction (safety/) ──────────────────────────────────
// ── Issue 11: safe by construction (tests/safety/) ───────────────────────────
#[path = "safety/campaign.rs"]
mod safety_campaign;
#[path = "safety/inject.rs"]
mod safety_inject;
#[path = "safety/inputs.rs"]
mod safety_inputs;
#[path = "safety/output.rs"]
mod safety_output;
