//! The whole pipeline: the input is a campaign text and CSV bytes, split at
//! the first 0xFF byte (never part of UTF-8, so a seed is `toml ++ [0xFF] ++
//! csv`). An invalid campaign is skipped (the `campaign` target covers it);
//! otherwise the CSV is ingested as an in-memory `a.csv` in the campaign's
//! locale, the report is built and rendered in every format.
//!
//! Checked: no panic; every ingest error is located (in `a.csv`, or in
//! `t.toml` for a target that cannot combine its rows) at line >= 1;
//! without errors, the row ledger balances (`read == used + comparison +
//! skipped`: each row ends in exactly one bucket); rendering an in-memory
//! report never fails, in any format; the JSON output is valid JSON; in a
//! CSV without quotes, a skipped row's line number names a line that holds
//! its indicator; the same bytes read as a file through the multi-threaded
//! fast path (`fast_min_bytes: 0`, `jobs: 2`) give the same diagnostics,
//! ledger, figures and as-of as the streaming read. The Vietnamese coloured
//! table at 80 columns is rendered too, as a terminal user sees it.
#![no_main]

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use attain::ingest::Ingest;
use attain::ingest::{self, Input, ReadOptions};
use attain::campaign::Campaign;
use attain::error::{Diagnostic, Location, Severity};
use attain::labels::Lang;
use attain::render::{self, Format, Options};
use attain::report::{self, Selection};
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
    let options = ReadOptions::new(campaign.locale);
    let ingest = ingest::read(&campaign, &inputs, &options);
    check_fast_path_agrees(&campaign, csv, &options, &ingest);
    assert_eq!(ingest.figures.len(), campaign.targets.len());
    for d in &ingest.diagnostics {
        if d.severity == Severity::Error {
            let Some(loc) = &d.location else {
                panic!("ingest error without a location: {d:?}");
            };
            // A row's error names the CSV; a target that cannot combine
            // its rows (`missing_across`) names the target in the campaign.
            assert!(loc.file == "a.csv" || loc.file == "t.toml", "{d:?}");
            assert!(loc.line >= 1, "ingest error at line 0: {d:?}");
        }
    }
    check_skipped_row_lines(csv, &ingest.ledger.listed);
    if !ingest.has_errors() {
        let l = &ingest.ledger;
        // `comparison`: rows of the same period a year earlier, used for
        // `previous` (a bucket added to the ledger after the brief was
        // written; the invariant is the one the src's property test states).
        assert_eq!(
            l.read,
            l.used + l.comparison + l.total_skipped(),
            "ledger does not balance: read {} used {} comparison {} skipped {:?}",
            l.read,
            l.used,
            l.comparison,
            l.skipped
        );
    }
    // The CLI stops at ingest errors; `attain check` still builds the
    // report, so build it either way.
    let report = report::build(&campaign, &ingest, &Selection::default());
    for format in [
        Format::Table,
        Format::Csv,
        Format::Tsv,
        Format::Json,
        Format::Markdown,
        Format::Html,
        Format::Xlsx,
    ] {
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
                panic!(
                    "JSON output is not JSON ({e}): {}",
                    String::from_utf8_lossy(&bytes)
                );
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

/// Where a CSV has no quotes, each record is one physical line, so a skipped
/// row's `a.csv:LINE` must name a line that exists and holds the row's
/// indicator (as a text editor numbers lines: a line ends at CRLF, LF or a
/// lone CR, which the csv crate also takes as a record terminator).
fn check_skipped_row_lines(csv: &[u8], listed: &[ingest::SkippedRow]) {
    if csv.contains(&b'"') {
        return;
    }
    let mut lines: Vec<&[u8]> = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < csv.len() {
        match csv[i] {
            b'\n' => {
                lines.push(&csv[start..i]);
                start = i + 1;
            }
            b'\r' => {
                lines.push(&csv[start..i]);
                if csv.get(i + 1) == Some(&b'\n') {
                    i += 1;
                }
                start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    lines.push(&csv[start..]);
    for row in listed {
        if row.location.file != "a.csv" {
            continue;
        }
        let line = row.location.line;
        assert!(
            line >= 2 && line as usize <= lines.len(),
            "skipped row {row:?} is at line {line}, but the data rows are lines 2..={}",
            lines.len()
        );
        let text = lines[line as usize - 1];
        let indicator = row.indicator.as_bytes();
        assert!(
            indicator.is_empty() || text.windows(indicator.len()).any(|w| w == indicator),
            "skipped row {row:?}: line {line} is {:?}, which does not hold its indicator",
            String::from_utf8_lossy(text)
        );
    }
}

/// A file of this process's own for the fast path, which reads only files.
fn scratch_file() -> &'static PathBuf {
    static PATH: OnceLock<PathBuf> = OnceLock::new();
    PATH.get_or_init(|| {
        let base = Path::new("/dev/shm");
        let base = if base.is_dir() {
            base.to_path_buf()
        } else {
            std::env::temp_dir()
        };
        base.join(format!("attain-fuzz-{}.csv", std::process::id()))
    })
}

/// src/ingest/fast.rs promises that "every path gives the same figures,
/// the same ledger and the same messages": read the same bytes as a file
/// through the multi-threaded fast path (forced by `fast_min_bytes: 0`,
/// two threads) and through the csv reader (`fast_min_bytes: u64::MAX`),
/// and compare both with the stream read of the memory input.
fn check_fast_path_agrees(
    campaign: &Campaign,
    csv: &[u8],
    options: &ReadOptions,
    streamed: &Ingest,
) {
    for (jobs, fast_min_bytes) in [(2, 0), (1, u64::MAX)] {
        let fast_options = ReadOptions {
            jobs,
            fast_min_bytes,
            ..options.clone()
        };
        compare_file_read(campaign, csv, &fast_options, streamed);
    }
}

/// Read `csv` as a file with `options` and compare with `streamed`.
fn compare_file_read(campaign: &Campaign, csv: &[u8], options: &ReadOptions, streamed: &Ingest) {
    let path = scratch_file();
    std::fs::write(path, csv).expect("write the scratch csv");
    let fast = ingest::read(campaign, &[Input::File(path.clone())], options);
    let _ = std::fs::remove_file(path);
    let shown = path.display().to_string();
    let rename = |loc: &Location| -> Location {
        let mut loc = loc.clone();
        if loc.file == shown {
            loc.file = "a.csv".into();
        }
        loc
    };
    let diagnostics = |d: &[Diagnostic]| -> Vec<Diagnostic> {
        d.iter()
            .map(|d| {
                let mut d = d.clone();
                d.location = d.location.as_ref().map(rename);
                d.rename_file(&shown, "a.csv");
                d
            })
            .collect()
    };
    let mut ledger = fast.ledger.clone();
    for row in &mut ledger.listed {
        row.location = rename(&row.location);
    }
    let input = String::from_utf8_lossy(csv);
    assert_eq!(
        diagnostics(&fast.diagnostics),
        streamed.diagnostics,
        "fast path and streaming path differ in diagnostics on {input:?}"
    );
    assert_eq!(
        ledger, streamed.ledger,
        "fast path and streaming path differ in the ledger on {input:?}"
    );
    assert_eq!(
        fast.figures, streamed.figures,
        "fast path and streaming path differ in figures on {input:?}"
    );
    assert_eq!(
        (fast.as_of, fast.as_of_from_rows),
        (streamed.as_of, streamed.as_of_from_rows),
        "fast path and streaming path differ in as_of on {input:?}"
    );
}
