//! The whole pipeline: the input is a campaign text and CSV bytes, split at
//! the first 0xFF byte (never part of UTF-8, so a seed is `toml ++ [0xFF] ++
//! csv`). An invalid campaign is skipped (the `campaign` target covers it);
//! otherwise the CSV is ingested as an in-memory `a.csv` in the campaign's
//! locale, the report is built and rendered in every format.
//!
//! Checked: no panic; every ingest error is located in `a.csv` at line >= 1;
//! without errors, the row ledger balances (`read == used + skipped`: each
//! row ends in exactly one bucket); rendering never fails on an in-memory
//! report; the JSON output is valid JSON. The Vietnamese coloured table at 80
//! columns is rendered too, as a terminal user sees it; csv/tsv are rendered
//! but not parsed back.
#![no_main]

use std::path::Path;

use attain::actuals::{self, Input, ReadOptions};
use attain::error::Severity;
use attain::labels::Lang;
use attain::render::{self, Format, Options};
use attain::report::{self, View};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (toml, csv) = match data.iter().position(|&b| b == 0xFF) {
        Some(i) => (&data[..i], &data[i + 1..]),
        None => (data, &[][..]),
    };
    let Ok(text) = std::str::from_utf8(toml) else {
        return;
    };
    let Ok(campaign) = attain::campaign::parse("t.toml", text, Path::new(".")) else {
        return;
    };
    let inputs = [Input::Memory {
        name: "a.csv".into(),
        bytes: csv.to_vec(),
    }];
    let options = ReadOptions {
        locale: campaign.locale,
        delimiter: None,
        as_of: None,
        // UTF-8, as without --encoding.
        encoding: None,
    };
    let ingest = actuals::ingest(&campaign, &inputs, &options);
    assert_eq!(ingest.figures.len(), campaign.targets.len());
    for d in &ingest.diagnostics {
        if d.severity == Severity::Error {
            let Some(loc) = &d.location else {
                panic!("ingest error without a location: {d:?}");
            };
            assert_eq!(loc.file, "a.csv", "{d:?}");
            assert!(loc.line >= 1, "ingest error at line 0: {d:?}");
        }
    }
    if !ingest.has_errors() {
        let l = &ingest.ledger;
        assert_eq!(
            l.read,
            l.used + l.total_skipped(),
            "ledger does not balance: read {} used {} skipped {:?}",
            l.read,
            l.used,
            l.skipped
        );
    }
    // The CLI stops at ingest errors; `attain check` still builds the
    // report, so build it either way.
    let report = report::build(&campaign, &ingest, &View::default());
    for format in [Format::Table, Format::Csv, Format::Tsv, Format::Json] {
        let opts = Options {
            format,
            locale: campaign.locale,
            lang: Lang::En,
            color: false,
            delimiter: b',',
            bom: false,
            width: None,
        };
        let bytes = match render::render(&report, &opts) {
            Ok(bytes) => bytes,
            Err(e) => panic!("render {format} failed: {e}"),
        };
        if format == Format::Json {
            if let Err(e) = serde_json::from_slice::<serde_json::Value>(&bytes) {
                panic!("JSON output is not JSON ({e}): {}", String::from_utf8_lossy(&bytes));
            }
        }
    }
    // The table in the campaign's own language and with colour, as a
    // terminal user sees it.
    let opts = Options {
        format: Format::Table,
        locale: campaign.locale,
        lang: Lang::Vi,
        color: true,
        delimiter: b',',
        bom: false,
        width: Some(80),
    };
    if let Err(e) = render::render(&report, &opts) {
        panic!("render vi table failed: {e}");
    }
});
