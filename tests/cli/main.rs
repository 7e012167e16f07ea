//! End-to-end tests: the built `attain` binary run on fixture files, as a
//! user or a cron job would run it. One test binary, a module per
//! behaviour; every run is set up with [`run::Run`].

// Test helpers panic on purpose: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used)]

use std::path::Path;
use std::process::Command;

use predicates::prelude::*;

mod run;
use run::*;

mod bad_inputs;
mod breakdown;
mod changes;
mod combining;
mod docs_links;
mod engines;
mod exit_codes;
mod formats;
mod html_layout;
mod judging;
mod languages;
mod ledger;
mod mid_year;
mod published;
mod reading;
mod spreadsheet_csv;
mod subcommands;
mod terminal;
mod workbooks;

// ── Campaigns more than one module runs ────────────────────────────────────

/// One flow for 2022: at least 1,000, summed.
const FLOW_2022: &str =
    "[campaign]\nperiod = \"2022\"\n[[target]]\nid = \"x\"\nat_least = 1000\naggregate = \"sum\"\n";

/// A ratio of two series per district: the share of good organisations.
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

// ── Issue 11: safe by construction (safety/) ─────────────────────────────────
#[path = "safety/campaign.rs"]
mod safety_campaign;
#[path = "safety/inject.rs"]
mod safety_inject;
#[path = "safety/inputs.rs"]
mod safety_inputs;
#[path = "safety/output.rs"]
mod safety_output;
