//! The ingest engine by behaviour, grouped by topic in the files below. This
//! file holds the harness they share: a small campaign, one reader of bytes,
//! and the readers that run the same bytes through every path
//! ([`every_path`]) for [`assert_same`] to compare.

use super::combine::kept_spans;
use super::*;
use proptest::prelude::*;
use std::path::Path;

mod encodings;
mod file_shape;
mod grouped;
mod quotes_and_line_ends;
mod same_on_every_path;
mod threads;

const CAMPAIGN: &str = r#"
[campaign]
period = "2022"
[[target]]
id = "revenue"
unit = "billion VND"
at_least = 100
aggregate = "sum"
[[target]]
id = "rate"
unit = "%"
at_least = 50
aggregate = "last"
across = "mean"
[[target]]
id = "spend"
unit = "trillion VND"
at_least = 70
aggregate = "sum"
[[target]]
id = "score"
unit = "%"
at_least = 80
aggregate = "mean"
across = "mean"
[[target]]
id = "low"
unit = "%"
at_most = 2
aggregate = "min"
across = "max"
"#;

fn campaign() -> Campaign {
    crate::campaign::parse("t.toml", CAMPAIGN, Path::new(".")).unwrap()
}

fn read(bytes: &[u8], locale: Locale, encoding: Option<&'static encoding_rs::Encoding>) -> Ingest {
    let input = Input::Memory {
        name: "a.csv".into(),
        bytes: bytes.to_vec(),
    };
    let options = ReadOptions {
        encoding,
        keep_rows: KeepRows::All,
        ..ReadOptions::new(locale)
    };
    super::read(&campaign(), &[input], &options)
}

fn errors(ingest: &Ingest) -> Vec<String> {
    ingest
        .diagnostics
        .iter()
        .filter(|d| d.severity == crate::error::Severity::Error)
        .map(|d| d.to_string())
        .collect()
}

/// Read `bytes` as a file through every path: streaming, the fast path
/// with 1, 2 and 3 threads, and standard input's in-memory reader.
fn every_path(bytes: &[u8], locale: Locale) -> Vec<(String, Ingest)> {
    every_path_keeping(bytes, locale, false)
}

fn every_path_keeping(bytes: &[u8], locale: Locale, keep_rows: bool) -> Vec<(String, Ingest)> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.csv");
    std::fs::write(&path, bytes).unwrap();
    let campaign = campaign();
    let keep = if keep_rows {
        KeepRows::All
    } else {
        KeepRows::None
    };
    let options = |jobs, fast_min_bytes| options(locale, keep.clone(), jobs, fast_min_bytes);
    let run = |input: Input, jobs: usize, fast_min_bytes: u64| {
        super::read(&campaign, &[input], &options(jobs, fast_min_bytes))
    };
    let file = || Input::File(path.clone());
    // A stream that gives a few bytes at a time, as a pipe may.
    let trickle = |piece: usize| {
        let name = path.display().to_string();
        read_piped(&campaign, &name, bytes, &options(1, 0), piece)
    };
    vec![
        ("stream, 7 bytes a read".into(), trickle(7)),
        ("stream, 1 byte a read".into(), trickle(1)),
        ("csv reader".into(), run(file(), 1, u64::MAX)),
        ("fast, 1 thread".into(), run(file(), 1, 0)),
        ("fast, 2 threads".into(), run(file(), 2, 0)),
        ("fast, 3 threads".into(), run(file(), 3, 0)),
        (
            "memory".into(),
            run(
                Input::Memory {
                    name: path.display().to_string(),
                    bytes: bytes.to_vec(),
                },
                2,
                0,
            ),
        ),
    ]
}

/// How the tests that compare paths read: `jobs` threads for files of
/// `fast_min_bytes` or more.
fn options(locale: Locale, keep_rows: KeepRows, jobs: usize, fast_min_bytes: u64) -> ReadOptions {
    ReadOptions {
        keep_rows,
        jobs,
        fast_min_bytes,
        ..ReadOptions::new(locale)
    }
}

/// `bytes` read as a pipe on standard input is, `piece` bytes a read:
/// lines that end in a lone `\r` made `\n`, then cut into blocks for
/// `options.jobs` threads.
fn read_piped(
    campaign: &Campaign,
    name: &str,
    bytes: &[u8],
    options: &ReadOptions,
    piece: usize,
) -> Ingest {
    let mut state = State::new(campaign, options);
    state.files.push(name.to_string());
    let reader = Trickle {
        bytes: bytes.to_vec(),
        at: 0,
        piece,
    };
    let reader = Box::new(source::CrLines::new(reader, b',', false));
    blocks::read_stream(&mut state, reader, 0, b',', &RefCell::new(None));
    state.finish()
}

/// A reader that gives `piece` bytes at a time.
struct Trickle {
    bytes: Vec<u8>,
    at: usize,
    piece: usize,
}

impl Read for Trickle {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.piece.min(buf.len()).min(self.bytes.len() - self.at);
        buf[..n].copy_from_slice(&self.bytes[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}

fn assert_same(results: &[(String, Ingest)]) {
    let (_, first) = &results[0];
    for (name, other) in &results[1..] {
        assert_eq!(first.figures, other.figures, "{name}: figures");
        // Decimals compare equal whatever their scale; the text shows it.
        assert_eq!(
            format!("{:?}", first.figures),
            format!("{:?}", other.figures),
            "{name}: figures' scales"
        );
        assert_eq!(first.ledger, other.ledger, "{name}: ledger");
        // A sum that overflows is named at the row that tipped it when
        // the rows are summed in order; the streaming parser sums each
        // line key apart and names a row near it (docs/decisions.md).
        let streamed = ["stream", "memory"].iter().any(|p| name.starts_with(p))
            || results[0].0.starts_with("stream");
        let located = |ingest: &Ingest| {
            let mut diagnostics = ingest.diagnostics.clone();
            for d in diagnostics
                .iter_mut()
                .filter(|d| streamed && d.code == "overflow")
            {
                if let Some(loc) = &mut d.location {
                    loc.line = 0;
                }
            }
            diagnostics
        };
        assert_eq!(located(first), located(other), "{name}: diagnostics");
        assert_eq!(first.as_of, other.as_of, "{name}: as of");
        assert_eq!(first.rows, other.rows, "{name}: kept rows");
        assert_eq!(
            first.rows_not_kept, other.rows_not_kept,
            "{name}: rows not kept"
        );
    }
}
