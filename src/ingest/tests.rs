use super::combine::kept_spans;
use super::*;
use proptest::prelude::*;
use std::path::Path;

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
        locale,
        delimiter: None,
        as_of: None,
        encoding,
        trend: None,
        keep_rows: KeepRows::All,
        jobs: 1,
        fast_min_bytes: FAST_MIN_BYTES,
        progress: false,
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

#[test]
fn an_entity_typed_decomposed_is_the_same_entity() {
    // "Từ Sơn" precomposed and as u + combining horn + grave / o + horn.
    let csv = "indicator,period,value,entity\nrate,2022-12,40,Từ Sơn\nrate,2022-12,40,Tu\u{31B}\u{300} So\u{31B}n\nrate,2022-12,60,Yên Phong\n";
    let ingest = read(csv.as_bytes(), Locale::En, None);
    assert!(errors(&ingest).is_empty(), "{:?}", errors(&ingest));
    let figure = &ingest.figures[1];
    assert_eq!(figure.entities.len(), 2, "{:?}", figure.entities);
    // mean across the two entities: (40 + 60) / 2
    assert_eq!(figure.actual, Some(Decimal::from(50)));
}

#[test]
fn windows_1258_is_decoded_when_named_and_refused_otherwise() {
    // "Từ Sơn" in Windows-1258: ư = 0xFD, grave = 0xCC (combining), ơ = 0xF5.
    let bytes = b"indicator,period,value,entity\nrate,2022-12,40,T\xFD\xCC S\xF5n\nrate,2022-12,60,T\xFD\xCC S\xF5n\n";
    // Without --encoding: the first bad field stops the file with a hint
    // (one error, not one per row).
    let refused = read(bytes, Locale::En, None);
    let errs = errors(&refused);
    assert_eq!(errs.len(), 1, "{errs:?}");
    assert!(errs[0].starts_with("a.csv:2:4: 'T"), "{errs:?}");
    assert!(errs[0].contains("--encoding windows-1258"), "{errs:?}");
    // With it, the name decodes (combining grave and all) to NFC.
    let decoded = read(bytes, Locale::En, Some(encoding_rs::WINDOWS_1258));
    assert!(errors(&decoded).is_empty(), "{:?}", errors(&decoded));
    assert_eq!(decoded.figures[1].entities[0].entity, "Từ Sơn");
}

#[test]
fn utf16_is_named_by_its_byte_order_mark() {
    let mut bytes = vec![0xFF, 0xFE];
    for unit in "indicator,value\nrate,5\n".encode_utf16() {
        bytes.extend_from_slice(&unit.to_le_bytes());
    }
    let errs = errors(&read(&bytes, Locale::En, None));
    assert!(errs[0].contains("--encoding utf-16le"), "{errs:?}");
    let decoded = read(&bytes, Locale::En, Some(encoding_rs::UTF_16LE));
    assert!(errors(&decoded).is_empty(), "{:?}", errors(&decoded));
    assert_eq!(decoded.figures[1].actual, Some(Decimal::from(5)));
}

#[test]
fn an_unterminated_quote_is_named() {
    let csv =
        "indicator,period,value,source\nrevenue,2022-01,5,\"an open quote\nrevenue,2022-02,6,x\n";
    let errs = errors(&read(csv.as_bytes(), Locale::En, None));
    assert_eq!(errs.len(), 1, "{errs:?}");
    assert!(
        errs[0].starts_with("a.csv:2:4: a quote (\") opened in this field is never closed"),
        "{errs:?}"
    );
}

#[test]
fn line_numbers_are_physical_lines_whatever_the_file_holds() {
    let cases: [(&str, &str); 5] = [
        (
            "indicator,period,value\n\n\n\nrevenue,2022,abc\n",
            "a.csv:5:3",
        ),
        (
            "indicator,period,value\r\nrevenue,2022,1\r\n\r\nrevenue,2022-02,abc\r\n",
            "a.csv:4:3",
        ),
        (
            "indicator,period,value\r\nrevenue,2022,1\nrevenue,2022-02,abc\n",
            "a.csv:3:3",
        ),
        (
            "indicator,period,value,note\nrevenue,2022-01,1,\"a\nb\"\nrevenue,2022-02,abc,\n",
            "a.csv:4:3",
        ),
        ("\n\nindicator,period,value\nrevenue,2022,abc", "a.csv:4:3"),
    ];
    for (csv, want) in cases {
        let errs = errors(&read(csv.as_bytes(), Locale::En, None));
        assert!(
            errs.len() == 1 && errs[0].starts_with(want),
            "{csv:?}: {errs:?}"
        );
    }
    let header = errors(&read(b"\n\nindicator,period,amount\n", Locale::En, None));
    assert!(header[0].starts_with("a.csv:3:1:"), "{header:?}");
}

#[test]
fn a_lone_carriage_return_ends_a_line_too() {
    // Found by fuzzing: old Mac files end lines with \r alone; the csv
    // reader takes it for a line end, so line numbers must too.
    let errs = errors(&read(
        b"indicator,value\rrevenue,1\rrevenue,x\r",
        Locale::En,
        None,
    ));
    assert_eq!(errs, vec!["a.csv:3:2: 'x' is not a number"]);
    let results = every_path(b"indicator,value\nrevenue,1\rrevenue,x\n", Locale::En);
    assert_eq!(
        results[0].1.diagnostics[0]
            .location
            .as_ref()
            .map(|l| l.line),
        Some(3)
    );
    assert_same(&results);
}

#[test]
fn crlf_files_report_the_right_line() {
    let csv = "indicator,period,value\r\nrevenue,2022-01,5\r\nrevenue,2022-02,abc\r\n";
    let errs = errors(&read(csv.as_bytes(), Locale::En, None));
    assert_eq!(errs, vec!["a.csv:3:3: 'abc' is not a number"]);
    let lf = errors(&read(
        csv.replace("\r\n", "\n").as_bytes(),
        Locale::En,
        None,
    ));
    assert_eq!(lf, errs);
}

#[test]
fn a_quoted_line_break_inside_a_value_is_fine() {
    let csv = "indicator,period,value,source\nrevenue,2022-01,5,\"line one\nline two, with a comma\"\nrevenue,2022-02,6,x\n";
    let ingest = read(csv.as_bytes(), Locale::En, None);
    assert!(errors(&ingest).is_empty(), "{:?}", errors(&ingest));
    assert_eq!(ingest.figures[0].actual, Some(Decimal::from(11)));
}

#[test]
fn an_unterminated_quote_in_the_last_column_is_named_too() {
    // The field count still matches, but the rows after it are lost.
    let csv = "indicator,period,value,source\nrevenue,2022-01,5,\"open\nrevenue,2022-02,6,x\n";
    let errs = errors(&read(csv.as_bytes(), Locale::En, None));
    assert_eq!(errs.len(), 1, "{errs:?}");
    assert!(errs[0].starts_with("a.csv:2:4: a quote"), "{errs:?}");
}

#[test]
fn a_missing_column_names_what_was_found_and_the_fix() {
    let errs = errors(&read(
        b"indicator,period,amount\nrevenue,2022,5\n",
        Locale::En,
        None,
    ));
    assert_eq!(
        errs,
        vec![
            "a.csv:1:1: the header has no 'value' column (found: indicator, period, amount); rename 'amount' to 'value'; the required columns are indicator (or id) and value"
        ]
    );
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
        locale,
        delimiter: None,
        as_of: None,
        encoding: None,
        trend: None,
        keep_rows,
        jobs,
        fast_min_bytes,
        progress: false,
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

/// The last trend step holds all the rows: it gives the figure, to the
/// last digit of a mean of means that do not end, whatever order the
/// entities were met in; the figure lists them by name.
#[test]
fn the_last_trend_step_is_the_figure_to_the_last_digit() {
    let mut file = String::from("indicator,period,entity,value\n");
    // Entities met in an order that is not their names' order, each
    // with a mean that does not end.
    for i in 0..400 {
        let entity = format!("e{:03}", (i * 37) % 400);
        for (month, value) in [(1, i * 7 % 97), (2, i * 13 % 89), (12, i * 31 % 83)] {
            let value = format!("{}.{}", value + 40, i % 10);
            file.push_str(&format!("score,2022-{month:02},{entity},{value}\n"));
        }
    }
    let input = Input::Memory {
        name: "a.csv".into(),
        bytes: file.into_bytes(),
    };
    let options = ReadOptions {
        locale: Locale::En,
        delimiter: None,
        as_of: None,
        encoding: None,
        trend: Some(Grain::Month),
        keep_rows: KeepRows::None,
        jobs: 1,
        fast_min_bytes: FAST_MIN_BYTES,
        progress: false,
    };
    let ingest = super::read(&campaign(), &[input], &options);
    let score = &ingest.figures[3];
    let last = score.trend.last().and_then(|t| t.actual);
    assert!(score.actual.is_some());
    assert_eq!(last, score.actual);
    assert_eq!(score.entities.len(), 400);
    assert!(score.entities.windows(2).all(|w| w[0].entity < w[1].entity));
}

/// Blocks cut inside a record over lines are read again by a reader of
/// their own; the names the first reading met still count for the
/// later blocks of its reader (each thread reads many blocks here).
#[test]
fn names_met_in_a_block_read_again_count_for_the_blocks_after_it() {
    let mut file = String::from("indicator,period,value,entity,note\n");
    for i in 0..600 {
        let note = match i % 3 {
            0 => "\"over\ntwo lines\"".to_string(),
            // A line inside the note that looks like a record: a block
            // cut there is read again from the record's start.
            1 => format!("\"{}revenue,2022-01,1,e{i},x\"", "x\n".repeat(i % 7 + 1)),
            _ => "plain".to_string(),
        };
        // Each entity first met once, then again further on.
        let entity = if i % 2 == 0 || i < 41 { i } else { i - 41 };
        file.push_str(&format!(
            "revenue,2022-{:02},{i},e{entity},{note}\n",
            i % 12 + 1
        ));
    }
    let results = every_path(file.as_bytes(), Locale::En);
    assert_same(&results);
    assert_eq!(results[0].1.ledger.read, 600);
}

/// Records over lines are read by a file's threads: a cut that falls
/// inside a quoted value holding line breaks is found, and the block
/// after it is read again from where that record ends, so every count
/// of threads (and so of cuts) gives the csv reader's figures, ledger
/// and messages. Notes over two and three lines, CRLF inside quotes,
/// a value longer than a block, doubled quotes and a field count error.
#[test]
fn records_over_lines_read_by_threads_give_what_the_csv_reader_gives() {
    let mut file = String::from("indicator,period,value,entity,note\n");
    let notes = [
        "",
        "plain",
        "\"two\nlines\"",
        "\"three\nlines, with a comma\nhere\"",
        "\"crlf\r\ninside\"",
        "\"a \"\"quoted\"\" word\nover lines\"",
    ];
    for i in 0..400 {
        let (indicator, value) = match i % 4 {
            0 => ("revenue", format!("{}.{}", i % 97, i % 10)),
            1 => ("rate", format!("{}", i % 13)),
            2 => ("score", format!("\"{}.5\"", i % 7)),
            _ => ("low", format!("{}", i % 11)),
        };
        let note = if i == 200 {
            format!("\"{}\"", "long\n".repeat(40))
        } else {
            notes[i % notes.len()].to_string()
        };
        file.push_str(&format!(
            "{indicator},2022-{:02},{value},e{},{note}\n",
            i % 12 + 1,
            i % 5
        ));
        if i == 321 {
            file.push_str("revenue,2022-03,1,e1,\"extra\nfield\",x\n");
        }
    }
    // A stray quote in the middle swallows rows into a record whose
    // field count is then wrong; one near the end swallows the rest of
    // the file (then blank lines): both are the csv reader's errors.
    let stray = file.replacen("e1,plain", "e1,\"pl\"ain", 1);
    let mut last = file.clone();
    last.push_str("revenue,2022-05,3,e2,\"stray\nrevenue,2022-06,4,e2,x\n \n\n");
    let mut middle = file.clone();
    middle.insert_str(
        file.len() / 2,
        "revenue,2022-05,3,e2,\"stray\nrevenue,2022-06,4\n\"\n",
    );
    // A record whose value swallowed a delimiter after a line break but
    // whose quote closes: fine with rows after it, an unterminated quote
    // when only blank lines follow (blocks of a stream then end on it).
    let swallowed = "revenue,2022-05,3,e2,\"stray\nrevenue,2022-06,4,e2,x\"\n";
    let mut closed_last = file.clone();
    closed_last.push_str(swallowed);
    // (more blank lines than a test's block of a stream holds)
    closed_last.push_str(&" \n\n\n".repeat(40));
    let mut closed_middle = file.clone();
    let line_start = file[file.len() / 3..]
        .find('\n')
        .map_or(0, |nl| file.len() / 3 + nl + 1);
    closed_middle.insert_str(line_start, swallowed);
    for file in [file, stray, last, middle, closed_last, closed_middle] {
        records_over_lines_on_every_count_of_threads(file.as_bytes());
    }
}

fn records_over_lines_on_every_count_of_threads(bytes: &[u8]) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.csv");
    std::fs::write(&path, bytes).unwrap();
    let campaign = campaign();
    let run = |jobs, fast_min_bytes| {
        let options = options(Locale::En, KeepRows::All, jobs, fast_min_bytes);
        super::read(&campaign, &[Input::File(path.clone())], &options)
    };
    let mut results = vec![("csv reader".to_string(), run(1, u64::MAX))];
    for jobs in 1..=12 {
        results.push((format!("fast, {jobs} threads"), run(jobs, 0)));
    }
    // A stream (standard input) on one thread and on several, in blocks
    // of 64 and 200 bytes, cut where the quotes before are even.
    for (jobs, block) in [(1, 0), (2, 0), (3, 0), (4, 0), (2, 200), (3, 200)] {
        let options = options(Locale::En, KeepRows::All, jobs, block);
        let input = Input::Memory {
            name: path.display().to_string(),
            bytes: bytes.to_vec(),
        };
        let name = format!("stream, {jobs} threads, blocks of {block}");
        results.push((name, super::read(&campaign, &[input], &options)));
    }
    // A pipe that gives a few bytes a read: many blocks, each cut where
    // the bytes read so far allow.
    for (jobs, piece) in [(2, 7), (3, 50), (2, 300)] {
        let options = options(Locale::En, KeepRows::All, jobs, 0);
        let piped = read_piped(
            &campaign,
            &path.display().to_string(),
            bytes,
            &options,
            piece,
        );
        let name = format!("pipe, {jobs} threads, {piece} bytes a read");
        results.push((name, piped));
    }
    assert!(
        results[0]
            .1
            .diagnostics
            .iter()
            .any(|d| d.code == "multiline_value" || d.code == "unterminated_quote"),
        "{:?}",
        results[0].1.diagnostics
    );
    assert_same(&results);
}

#[test]
fn a_file_of_far_more_keys_than_a_thread_keeps_reads_the_same_on_every_path() {
    // Thousands of (target, entity, month) keys, each met a few times,
    // quoted and not, with repeated keys among them: past the key
    // table's size the line parser stops looking lines up by key.
    let mut csv = String::from("indicator,period,entity,value,source\n");
    for i in 0..6000u32 {
        let entity = (i * 7919) % 1500;
        let month = i % 12 + 1;
        let source = if i % 97 == 0 { "office" } else { "" };
        match i % 4 {
            0 => csv.push_str(&format!(
                "revenue,2022-{month:02},Xã {entity},\"{}.5\",{source}\n",
                i % 13
            )),
            1 => csv.push_str(&format!(
                "score,2022-{month:02},Xã {entity},{},\n",
                40 + i % 9
            )),
            2 => csv.push_str(&format!("rate,2022-{month:02},Xã {entity},{},\n", i % 5)),
            _ => csv.push_str(&format!(
                "low,2022-{month:02},\"Phường {entity}\",{},\n",
                i % 3
            )),
        }
        if i % 1000 == 0 {
            csv.push_str("revenue,2022-01..2022-06,Xã 1,300,\nrevenue,2021-03,Xã 2,7,\n");
        }
    }
    let results = every_path(csv.as_bytes(), Locale::En);
    assert!(!results[0].1.has_errors(), "{:?}", results[0].1.diagnostics);
    assert!(results[0].1.figures[0].entities.len() > 300);
    assert_same(&results);
}

#[test]
fn every_path_gives_the_same_figures_ledger_and_messages() {
    let mut csv = String::from("indicator,period,value,entity,source\r\n");
    for i in 0..400 {
        let month = i % 12 + 1;
        csv.push_str(&format!(
            "revenue,2022-{month:02},{}.{},d{},s{}\r\n",
            i % 97,
            i % 10,
            i % 3,
            i % 2
        ));
        csv.push_str(&format!("rate,2022-{month:02},{},Từ Sơn,\r\n", 40 + i % 7));
        if i % 50 == 0 {
            csv.push_str("\r\nunknown_thing,2022-03,5,,\r\nrevenue,2022-04,,d1,\r\n");
            csv.push_str("revenue,2021-03,7,d1,\r\nrevenue,2022-01..2022-06,300,d2,ytd\r\n");
            csv.push_str(
                "rate,2022-05,45,Từ Sơn\u{a0},\r\nrate,2022-05,46,Tu\u{31B}\u{300} So\u{31B}n,\r\n",
            );
        }
    }
    let results = every_path(csv.as_bytes(), Locale::En);
    assert!(!results[0].1.has_errors(), "{:?}", results[0].1.diagnostics);
    // the rows kept one by one (the xlsx Rows sheet), too
    let kept = every_path_keeping(csv.as_bytes(), Locale::En, true);
    assert_eq!(kept[0].1.rows.len() as u64, kept[0].1.ledger.read);
    assert_same(&kept);
    assert!(results[0].1.ledger.skipped(Skip::Overlap) > 0);
    assert_same(&results);
    // one tenth exact on every path
    let mut tenths = String::from("indicator,period,value\n");
    for _ in 0..20_000 {
        tenths.push_str("revenue,2022-06,0.1\n");
    }
    let results = every_path(tenths.as_bytes(), Locale::En);
    assert_eq!(results[0].1.figures[0].actual, Some(Decimal::from(2000)));
    assert_same(&results);
}

#[test]
fn a_progress_bar_only_for_large_inputs_and_only_when_asked() {
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.csv");
    // A sparse file: 100 MB long without writing 100 MB.
    std::fs::File::create(&big)
        .unwrap()
        .set_len(PROGRESS_MIN_BYTES)
        .unwrap();
    let small = Input::Memory {
        name: "a.csv".into(),
        bytes: b"indicator,value\n".to_vec(),
    };
    let mut options = ReadOptions {
        locale: Locale::En,
        delimiter: None,
        as_of: None,
        encoding: None,
        trend: None,
        keep_rows: KeepRows::None,
        jobs: 1,
        fast_min_bytes: FAST_MIN_BYTES,
        progress: true,
    };
    let bar = progress_bar(&[Input::File(big.clone())], &options);
    assert_eq!(bar.and_then(|b| b.length()), Some(PROGRESS_MIN_BYTES));
    assert!(progress_bar(std::slice::from_ref(&small), &options).is_none());
    options.progress = false;
    assert!(progress_bar(&[Input::File(big), small], &options).is_none());
}

#[test]
fn fixed_point_sums_match_decimal_sums_on_every_path() {
    let mut csv = String::from("indicator,period,entity,value,unit,source\n");
    let values = [
        "5",
        "0.25",
        "-1.125",
        "1 234.5",
        "+7",
        "-0",
        "0.000000000000000001",
        "999999999999999999",
        // 19 and 20 digits: past what an i64 always holds, so the cell
        // readers of the fast paths must hand them on, not wrap.
        "9999999999999999999",
        "-12345678901234567890",
        "1234567890.123456789",
        "9 999 999 999 999 999 999",
        "12.50",
        "3",
        "(4)",
        "1,234.5",
    ];
    let units = [
        "billion VND",
        "",
        "trillion VND",
        "million VND",
        "nghìn tỷ đồng",
    ];
    for i in 0..3000 {
        let month = i % 12 + 1;
        let value = values[i % values.len()];
        let value = if value.contains(',') {
            format!("\"{value}\"")
        } else {
            value.to_string()
        };
        let unit = units[i % units.len()];
        // a name longer than the words that stand for a key
        let entity = [
            "",
            "d1",
            "d2",
            "an entity whose name is longer than 32 bytes",
        ][i % 4];
        // more distinct sources in one group than a group keeps
        let source = format!("s{}", (i * 7) % 11);
        csv.push_str(&format!(
            "spend,2022-{month:02},{entity},{value},{unit},{source}\n"
        ));
        csv.push_str(&format!(
            "score,2022-{month:02},{entity},{},%,\n",
            40 + i % 7
        ));
        csv.push_str(&format!(
            "low,2022-{month:02},{entity},{}.{},,\n",
            i % 5,
            i % 10
        ));
        csv.push_str(&format!("revenue,2022,{entity},{value},,{source}\n"));
    }
    let results = every_path(csv.as_bytes(), Locale::En);
    assert_same(&results);
    // the quoted rows send the whole file to the streaming reader:
    // without them, the fast path reads it
    let unquoted: String = csv
        .lines()
        .filter(|l| !l.contains('"'))
        .map(|l| format!("{l}\n"))
        .collect();
    let results = every_path(unquoted.as_bytes(), Locale::En);
    assert_same(&results);
    // totals of zero, from values that cancel
    let zeros = "indicator,period,value,unit\nspend,2022-01,0.5,billion VND\nspend,2022-01,-0.5,billion VND\nrevenue,2022,-0.50,\nrevenue,2022,0.5,\nscore,2022,-1.0,\nscore,2022,1,\n";
    let zero = every_path(zeros.as_bytes(), Locale::En);
    assert_same(&zero);
    assert_eq!(
        format!("{:?}", [0, 2, 3].map(|t| zero[0].1.figures[t].actual)),
        "[Some(0.00), Some(0.0000), Some(0)]"
    );
    assert!(
        [0, 2, 3, 4]
            .iter()
            .all(|t| results[0].1.figures[*t].actual.is_some()),
        "{:?} {:?}",
        results[0].1.figures,
        results[0].1.diagnostics
    );
    assert_same(&results);
}

#[test]
fn errors_and_quotes_read_the_same_on_every_path() {
    // a bad number and a wrong field count, with line numbers
    let bad = "indicator,period,value\nrevenue,2022-01,5\n\nrevenue,2022-02,abc\nrevenue,2022-03\nrate,2022,\"6,9\"\n";
    let results = every_path(bad.as_bytes(), Locale::En);
    assert_eq!(
        results[0].1.diagnostics.len(),
        3,
        "{:?}",
        results[0].1.diagnostics
    );
    assert_same(&results);
    // a file that is not UTF-8 stops at its first bad field on every path
    let latin = b"indicator,period,value,entity\nrate,2022,5,Caf\xe9\nrate,2022,6,Caf\xe9\n";
    let results = every_path(latin, Locale::En);
    assert_eq!(results[0].1.diagnostics.len(), 1);
    assert_same(&results);
}

#[test]
fn blank_lines_marks_quoted_lines_and_unread_bytes_read_the_same_on_every_path() {
    let errors_and_warnings = |ingest: &Ingest| -> Vec<(u64, &'static str)> {
        ingest
            .diagnostics
            .iter()
            .map(|d| (d.location.as_ref().map_or(0, |l| l.line), d.code))
            .collect()
    };
    // A line of spaces is blank; a byte-order mark inside is named; a
    // quoted note over two lines is named where it opens.
    let file = "indicator,period,value,note\n \t \nrevenue,2022-01,5,a\n   \n\u{feff}revenue,2022-02,6,b\nrevenue,2022-03,7,\"two\nlines\"\nrevenue,2022-04,8,c\n";
    let results = every_path(file.as_bytes(), Locale::En);
    assert_same(&results);
    let first = &results[0].1;
    assert_eq!(first.ledger.read, 4, "{:?}", first.diagnostics);
    assert_eq!(
        errors_and_warnings(first),
        [(5, "bom_inside"), (6, "multiline_value")]
    );
    // Old Mac line ends: a quoted lone \r is a line break too.
    let file = "indicator,period,value,note\rrevenue,2022-01,5,\"a\rb\"\rrevenue,2022-02,6,c\r";
    let results = every_path(file.as_bytes(), Locale::En);
    assert_same(&results);
    assert_eq!(errors_and_warnings(&results[0].1), [(2, "multiline_value")]);
    // A byte that is not UTF-8 in a column attain does not read.
    let file = b"indicator,period,value,note\nrevenue,2022-01,5,ok\nrevenue,2022-02,6,caf\xe9\n";
    let results = every_path(file, Locale::En);
    assert_same(&results);
    assert_eq!(errors_and_warnings(&results[0].1), [(3, "not_utf8")]);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Quoted fields of every kind read the same on every path: the
    /// line parser reads quotes that close on their line as the csv
    /// reader does, and hands a record over lines to it.
    #[test]
    fn quoted_fields_read_the_same_on_every_path(
        lines in proptest::collection::vec(
            (
                prop_oneof![Just("revenue"), Just("\"revenue\""), Just("\"rate\""), Just("rate"), Just("\"reve\"\"nue\"")],
                prop_oneof![Just("2022-01"), Just("\"2022\""), Just(" \"2022\""), Just("\"2022\"x")],
                prop_oneof![
                    Just("5"), Just("\"6,9\""), Just("\"1,234.5\""), Just("\" 7 \""), Just("\"\""),
                    Just("\"8\"\"\""), Just("9\""), Just("\"12.5\"")
                ],
                prop_oneof![
                    Just(""), Just("\"a, b\""), Just("\"Từ Sơn\""), Just("\"x\"\"y\""), Just("n\"o"),
                    Just("\"two\nlines\""), Just("\"\"")
                ],
            ),
            0..30,
        ),
        quoted_header in any::<bool>(),
    ) {
        let mut csv = String::from(if quoted_header {
            "\"indicator\",\"period\",\"value\",\"entity\"\r\n"
        } else {
            "indicator,period,value,entity\n"
        });
        for (indicator, period, value, entity) in lines {
            csv.push_str(&format!("{indicator},{period},{value},{entity}\n"));
        }
        assert_same(&every_path(csv.as_bytes(), Locale::En));
    }
}

proptest! {
    /// The spans a sum keeps are those SPEC §5.2's rule keeps when each
    /// is compared with every span kept before it.
    #[test]
    fn kept_spans_is_the_pairwise_rule(
        spans in proptest::collection::vec((0u32..400, 0u32..60), 0..40)
    ) {
        let day = |d: u32| NaiveDate::from_ymd_opt(2022, 1, 1).unwrap() + chrono::Days::new(d.into());
        let spans: Vec<Span> = spans
            .into_iter()
            .map(|(start, len)| Span::new(day(start), day(start + len)).unwrap())
            .collect();
        let mut sorted = spans.clone();
        sorted.sort_by(|a, b| b.end.cmp(&a.end).then(a.start.cmp(&b.start)));
        sorted.dedup();
        let mut pairwise: Vec<Span> = Vec::new();
        for s in sorted {
            if !pairwise.iter().any(|k| k.overlaps(&s)) {
                pairwise.push(s);
            }
        }
        prop_assert_eq!(kept_spans(spans), pairwise);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// The fast path and the streaming path agree on arbitrary files.
    #[test]
    fn the_fast_path_agrees_with_the_streaming_path(
        lines in proptest::collection::vec(
            prop_oneof![
                Just("revenue,2022-01,5\n".to_string()),
                Just("revenue,2022-01..2022-06,12.5\n".to_string()),
                Just("rate,2022,7,\n".to_string()),
                Just("rate,2022-03,41\n".to_string()),
                Just("revenue,2021-01,3\n".to_string()),
                Just("nobody,2022,1\n".to_string()),
                Just("\n".to_string()),
                Just("rate,2022,\"6.9\"\n".to_string()),
                Just("\"revenue\",2022-03,2\r\n".to_string()),
                "[a-z0-9,.-]{0,24}\n",
            ],
            0..40,
        ),
    ) {
        let mut csv = String::from("indicator,period,value\n");
        csv.extend(lines);
        assert_same(&every_path(csv.as_bytes(), Locale::En));
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Fixed-point sums (units, scales, zeros, sources) agree with
    /// `Decimal` sums on every path.
    #[test]
    fn fixed_point_sums_agree_on_arbitrary_files(
        lines in proptest::collection::vec(
            (
                prop_oneof![Just("spend"), Just("score"), Just("revenue"), Just("low"), Just("rate")],
                prop_oneof![Just("2022-01"), Just("2022"), Just("2022-01..2022-03"), Just("2021-05"), Just("")],
                prop_oneof![
                    "-?[0-9]{1,3}(\\.[0-9]{1,3})?",
                    Just("0".to_string()),
                    Just("-0.0".to_string()),
                    Just("999999999999999999".to_string()),
                    Just("0.000000000000000001".to_string()),
                    "[0-9 .%+-]{0,6}",
                ],
                prop_oneof![Just("billion VND"), Just(""), Just("trillion VND"), Just("%"), Just("kg")],
                prop_oneof![Just(""), Just("a"), Just("b")],
            ),
            0..60,
        ),
    ) {
        let mut csv = String::from("indicator,period,value,unit,source\n");
        for (indicator, period, value, unit, source) in lines {
            csv.push_str(&format!("{indicator},{period},{value},{unit},{source}\n"));
        }
        assert_same(&every_path(csv.as_bytes(), Locale::En));
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// Any bytes: no panic, every error located in a.csv, and when the
    /// file is clean every row ends in exactly one bucket.
    #[test]
    fn arbitrary_bytes_never_panic_and_every_row_is_accounted_for(
        body in proptest::collection::vec(
            prop_oneof![
                Just("revenue,2022-01,5\n".to_string()),
                Just("revenue,2022-01..2022-06,12.5\n".to_string()),
                Just("rate,2022,\"6,9\"\n".to_string()),
                Just("rate,,7.39,\n".to_string()),
                Just("nobody,2022,1\n".to_string()),
                Just("revenue,2021,1\n".to_string()),
                Just("revenue,2021-01,3\n".to_string()),
                Just("revenue,2021-01..2021-06,9\n".to_string()),
                Just("revenue,2022-02,4\n".to_string()),
                Just("revenue,2022-03,\n".to_string()),
                "[a-z,.0-9\"\n-]{0,30}",
                any::<Vec<u8>>().prop_map(|b| String::from_utf8_lossy(&b).into_owned()),
            ],
            0..12,
        ),
        locale in prop_oneof![Just(Locale::En), Just(Locale::Vi)],
    ) {
        let mut csv = String::from("indicator,period,value\n");
        for line in &body {
            csv.push_str(line);
        }
        let ingest = read(csv.as_bytes(), locale, None);
        for d in &ingest.diagnostics {
            let loc = d.location.as_ref();
            prop_assert!(loc.is_some_and(|l| l.file == "a.csv" || l.file == "t.toml"), "{d:?}");
        }
        if !ingest.has_errors() {
            let l = &ingest.ledger;
            prop_assert_eq!(l.read, l.used + l.comparison + l.total_skipped());
            // The rows kept one by one land in the same buckets.
            let count = |b: Bucket| ingest.rows.iter().filter(|r| r.bucket == b).count() as u64;
            prop_assert_eq!(ingest.rows.len() as u64, l.read);
            prop_assert_eq!(count(Bucket::Used), l.used);
            prop_assert_eq!(count(Bucket::Comparison), l.comparison);
            for reason in Skip::ALL {
                prop_assert_eq!(count(Bucket::Skipped(reason)), l.skipped(reason), "{:?}", reason);
            }
        }
    }
}

/// Reads `bytes` named `a.csv` (in memory, or as a file of that name) with
/// `encoding` on `jobs` threads.
fn read_encoded(
    bytes: &[u8],
    encoding: Option<&'static encoding_rs::Encoding>,
    jobs: usize,
    as_file: bool,
) -> Ingest {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.csv");
    let input = if as_file {
        std::fs::write(&path, bytes).unwrap();
        Input::File(path.clone())
    } else {
        Input::Memory {
            name: "a.csv".into(),
            bytes: bytes.to_vec(),
        }
    };
    let options = ReadOptions {
        encoding,
        ..options(Locale::En, KeepRows::All, jobs, 0)
    };
    let mut ingest = super::read(&campaign(), &[input], &options);
    // The same name in messages, whichever way it was read.
    let named = path.display().to_string();
    for d in &mut ingest.diagnostics {
        d.message = d.message.replace(&named, "a.csv");
        if let Some(loc) = &mut d.location {
            loc.file = "a.csv".into();
        }
    }
    for skipped in &mut ingest.ledger.listed {
        skipped.location.file = "a.csv".into();
    }
    for row in &mut ingest.rows {
        row.file = "a.csv".into();
    }
    ingest
}

/// A file in a legacy encoding is decoded as a stream into the record
/// splitter and the threads, as standard input is: the same figures,
/// ledger, messages and kept rows as the same rows in UTF-8, on one
/// thread and on several, and over more than one stream block (1 MiB),
/// with a record over lines that hands the rest to the csv reader.
#[test]
fn a_decoded_file_reads_as_its_utf8_twin_on_every_count_of_threads() {
    let names = ["Hưng Yên", "Sơn Tây", "Đông Anh", "Yên Phong"];
    let mut file = String::from("indicator,period,entity,value,note\n");
    for i in 0..40_000usize {
        let entity = names[i % names.len()];
        let month = i % 12 + 1;
        let indicator = ["revenue", "rate", "spend", "score", "low", "unknown"][i % 6];
        let note = match i {
            39_000 => "\"ghi chú\nhai hàng\"",
            _ if i % 7 == 0 => "\"Sơn, Tây\"",
            _ => "",
        };
        let value = format!("{}.{}", i % 97, i % 10);
        file.push_str(&format!(
            "{indicator},2022-{month:02},{entity},{value},{note}\n"
        ));
    }
    assert!(file.len() > 1 << 20, "more than one stream block");
    let (legacy, _, unmappable) = encoding_rs::WINDOWS_1258.encode(&file);
    assert!(!unmappable, "every name is in Windows-1258");
    assert_ne!(legacy.as_ref(), file.as_bytes());
    let mut results = vec![(
        "UTF-8, 1 thread".to_string(),
        read_encoded(file.as_bytes(), None, 1, false),
    )];
    for jobs in [1, 2, 3] {
        for as_file in [false, true] {
            let name = format!("windows-1258, {jobs} threads, file: {as_file}");
            let ingest = read_encoded(&legacy, Some(encoding_rs::WINDOWS_1258), jobs, as_file);
            results.push((name, ingest));
        }
    }
    assert!(
        errors(&results[0].1).is_empty(),
        "{:?}",
        errors(&results[0].1)
    );
    assert_eq!(results[0].1.ledger.read, 40_000);
    assert!(
        results[0].1.figures[0]
            .entities
            .iter()
            .any(|e| e.entity == "Hưng Yên")
    );
    assert_same(&results);
}

/// Bytes refused under `--encoding` stop the file with the error at their
/// line, whichever reader meets them, and nothing after them is read.
#[test]
fn bytes_refused_under_an_encoding_are_named_at_their_line_on_every_count_of_threads() {
    // Far enough in that the header is read before them, and on a row of
    // the stream's blocks.
    let before = "revenue,2022-01,a,1\n".repeat(5000);
    // A UTF-8 file named Windows-1258: its first letter beyond ASCII is
    // on line 5002.
    let utf8 = format!(
        "indicator,period,entity,value\n{before}revenue,2022-02,Sơn Tây,2\nrevenue,2022-03,b,3\n"
    );
    // UTF-16LE with a high surrogate alone on line 5002.
    let mut utf16 = vec![0xFF, 0xFE];
    let head = format!("indicator,period,entity,value\n{before}revenue,2022-02,x");
    for unit in head
        .encode_utf16()
        .chain([0xD800])
        .chain(",2\nrevenue,2022-03,b,3\n".encode_utf16())
    {
        utf16.extend_from_slice(&unit.to_le_bytes());
    }
    // The same with a record over lines first, so that the csv reader
    // takes the rest over: after the refusal, it must not read on.
    let over = format!(
        "indicator,period,entity,value,note\nrevenue,2022-01,a,1,\"two\nlines\"\n{}revenue,2022-02,Sơn Tây,2,\nrevenue,2022-03,b,3,\n",
        "revenue,2022-01,a,1,\n".repeat(4998)
    );
    for (bytes, encoding, start) in [
        (
            utf8.as_bytes(),
            encoding_rs::WINDOWS_1258,
            "a.csv:5002: the file is UTF-8 ('Sơn Tây' is UTF-8 text), not windows-1258",
        ),
        (&utf16[..], encoding_rs::UTF_16LE, "a.csv:5002: "),
        (
            over.as_bytes(),
            encoding_rs::WINDOWS_1258,
            "a.csv:5002: the file is UTF-8 ('Sơn Tây' is UTF-8 text), not windows-1258",
        ),
    ] {
        for jobs in [1, 2] {
            for as_file in [false, true] {
                let ingest = read_encoded(bytes, Some(encoding), jobs, as_file);
                let errs = errors(&ingest);
                assert_eq!(errs.len(), 1, "{jobs} threads, file: {as_file}: {errs:?}");
                assert!(
                    errs[0].starts_with(start),
                    "{jobs} threads, file: {as_file}: {errs:?}"
                );
                assert!(
                    ingest.ledger.read <= 5000,
                    "{jobs} threads, file: {as_file}: read {}",
                    ingest.ledger.read
                );
            }
        }
    }
}

/// A pipe read by threads in blocks: a record whose quoted value holds a
/// line break and a delimiter after it is read as a record when rows
/// follow it, and is the csv reader's unterminated quote when only blank
/// lines do, however the blocks fall (here every 64 bytes or so).
#[test]
fn a_value_that_swallowed_a_delimiter_is_judged_by_what_follows_it_in_a_pipe() {
    let head = "indicator,period,value,entity,note\nrevenue,2022-01,1,e1,\nrevenue,2022-02,2,e1,\n";
    let swallowed = "revenue,2022-05,3,e2,\"stray\nrevenue,2022-06,4,e2,x\"\n";
    let campaign = campaign();
    let read = |bytes: &[u8], jobs: usize, piece: usize| {
        let options = options(Locale::En, KeepRows::All, jobs, 0);
        read_piped(&campaign, "a.csv", bytes, &options, piece)
    };
    for tail in [
        "",
        "\n",
        " \n\n",
        &" \n".repeat(200),
        "revenue,2022-07,5,e2,\n",
    ] {
        let bytes = format!("{head}{swallowed}{tail}");
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.csv");
        std::fs::write(&path, &bytes).unwrap();
        let options = options(Locale::En, KeepRows::All, 1, u64::MAX);
        let mut csv_reader = super::read(&campaign, &[Input::File(path.clone())], &options);
        let named = path.display().to_string();
        for d in &mut csv_reader.diagnostics {
            d.message = d.message.replace(&named, "a.csv");
            if let Some(loc) = &mut d.location {
                loc.file = "a.csv".into();
            }
        }
        for row in &mut csv_reader.rows {
            row.file = "a.csv".into();
        }
        let mut results = vec![("csv reader".to_string(), csv_reader)];
        for (jobs, piece) in [(2, 7), (2, 64), (3, 5), (1, 7)] {
            let name = format!("{tail:?}: {jobs} threads, {piece} bytes a read");
            results.push((name, read(bytes.as_bytes(), jobs, piece)));
        }
        let unterminated = results[0]
            .1
            .diagnostics
            .iter()
            .any(|d| d.code == "unterminated_quote");
        assert_eq!(unterminated, !tail.contains("revenue"), "{tail:?}");
        assert_same(&results);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// Bytes a hostile or broken export may hold (stray and doubled
    /// quotes, values over lines, lone and paired carriage returns, tabs,
    /// short rows, no line break at the end) read the same on every path:
    /// the csv reader, a file's threads, a stream on one thread and on
    /// several, a pipe a byte at a time. (20,000 cases of it found the
    /// three regressions below before they shipped.)
    #[test]
    fn hostile_bytes_read_the_same_on_every_path(body in "[rvenu1,\"\n \rx\t]{0,400}") {
        let mut csv = String::from("indicator,period,value\n");
        csv.push_str(&body.replace('r', "revenue,2022-01,").replace('v', "5\n"));
        assert_same(&every_path(csv.as_bytes(), Locale::En));
    }

    /// The same with lines that end in a lone `\r` (Excel for Mac's "CSV
    /// (Macintosh)"), which a file's threads and a stream read with those
    /// line ends made `\n`, and the csv reader as they are.
    #[test]
    fn lines_ended_by_a_lone_carriage_return_read_the_same_on_every_path(
        header in prop_oneof![
            Just("indicator,period,value\r"),
            Just("\"indicator\",period,value\r"),
            Just("\r\"\"\rindicator,period,value,entity\r"),
        ],
        body in "[rvenu1,\"\n \rx\t]{0,400}",
    ) {
        let mut csv = String::from(header);
        csv.push_str(&body.replace('r', "revenue,2022-01,").replace('v', "5\n").replace('\n', "\r"));
        assert_same(&every_path(csv.as_bytes(), Locale::En));
    }
}

#[test]
fn a_lone_quoted_empty_field_is_a_blank_line_on_every_path() {
    // The csv reader reads `""` as one empty field, a blank line.
    let results = every_path(
        b"indicator,period,value\n\"\"\nrevenue,2022-01,5\n\" \"\r\n",
        Locale::En,
    );
    assert_same(&results);
    assert_eq!(results[0].1.ledger.read, 1);
    assert!(
        results[0].1.diagnostics.is_empty(),
        "{:?}",
        results[0].1.diagnostics
    );
    // As the header's line, too: the header is the next line.
    let results = every_path(
        b"\"\"\nindicator,period,value\nrevenue,2022-01,5\n",
        Locale::En,
    );
    assert_same(&results);
    assert_eq!(results[0].1.ledger.used, 1);
}

#[test]
fn the_last_record_over_lines_is_named_without_a_line_break_after_it() {
    for csv in [
        &b"indicator,period,value\nrevenue,2022-01,\"5\n\""[..],
        b"indicator,period,value\nrevenue,2022-01,\"5\n\n\"",
    ] {
        let results = every_path(csv, Locale::En);
        assert_same(&results);
        let codes: Vec<_> = results[0].1.diagnostics.iter().map(|d| d.code).collect();
        assert_eq!(codes, ["multiline_value"]);
    }
}

#[test]
fn a_value_that_swallowed_a_delimiter_before_a_lone_quote_is_unterminated_on_every_path() {
    // The lone quote at the end reads as a blank record: the record before
    // it is the last, and its quote was never closed as the file meant.
    let csv = b"indicator,period,value\nrevenue,2022-01,\"5\nrevenue,2022-01,\"\n\"";
    let results = every_path(csv, Locale::En);
    assert_same(&results);
    let codes: Vec<_> = results[0].1.diagnostics.iter().map(|d| d.code).collect();
    assert!(codes.contains(&"unterminated_quote"), "{codes:?}");
}

#[test]
fn only_the_lone_carriage_returns_that_end_records_become_line_feeds() {
    let read_as = |bytes: &[u8], piece: usize, always: bool| {
        let trickle = Trickle {
            bytes: bytes.to_vec(),
            at: 0,
            piece,
        };
        let mut out = Vec::new();
        source::CrLines::new(trickle, b',', always)
            .read_to_end(&mut out)
            .unwrap();
        out
    };
    let read = |bytes: &[u8], piece: usize| read_as(bytes, piece, false);
    // Record ends become `\n`; a `\r` in a quoted value stays, and so does
    // a `\r\n`; a `\r` last in the input ends its record too.
    let mac = b"indicator,value\ra,\"x\ry\"\rb,1\r\nc,\"\"\"\r\",2\r\rd,3\r";
    let want = b"indicator,value\na,\"x\ry\"\nb,1\r\nc,\"\"\"\r\",2\n\nd,3\n";
    for piece in [1, 2, 3, 7, 1000] {
        assert_eq!(read(mac, piece), want, "{piece} bytes a read");
    }
    // A file whose first record ends in `\n` or `\r\n` passes untouched,
    // a later lone `\r` too (the csv reader takes it).
    for unix in [
        &b"indicator,value\na,1\rb,2\n"[..],
        b"\"in\rdicator\",value\r\na,1\r",
    ] {
        for piece in [1, 5, 1000] {
            assert_eq!(read(unix, piece), unix, "{piece} bytes a read");
        }
    }
    // Unless told to make every such `\r` a `\n` (a file the threads left).
    for piece in [1, 5, 1000] {
        let unix = read_as(b"indicator,value\na,1\rb,2\n", piece, true);
        assert_eq!(unix, b"indicator,value\na,1\nb,2\n");
        assert_eq!(read_as(mac, piece, true), want);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// A file with columns attain does not read (a document number, a
    /// note) is looked up by the columns it reads, on every path alike:
    /// the same figures, ledger and messages, a byte that is not UTF-8 in
    /// a column left out named as on the csv reader's path.
    #[test]
    fn columns_attain_does_not_read_leave_the_reading_the_same_on_every_path(
        lines in proptest::collection::vec(
            (
                0u32..1_000_000,
                prop_oneof![
                    Just(&b"revenue,2022-01,5,ok"[..]),
                    Just(&b"revenue,2022-02,12.5,"[..]),
                    Just(&b"rate,2022,\"6.9\",\"a, b\""[..]),
                    Just(&b"rate,2022-03,41,\"x\"\"y\""[..]),
                    Just(&b"revenue,2022-03,2,caf\xe9"[..]),
                    Just(&b"nobody,2022,1,"[..]),
                    Just(&b"revenue,2021-01,3,"[..]),
                    Just(&b"revenue,2022-02,x,"[..]),
                    Just(&b"revenue,2022-02,1"[..]),
                    Just(&b"revenue,2022-04,7,a,b"[..]),
                ],
                any::<bool>(),
            ),
            0..60,
        ),
    ) {
        let mut csv = b"doc,indicator,period,value,note\n".to_vec();
        for (doc, rest, quoted) in lines {
            if quoted {
                csv.extend_from_slice(format!("\"INV {doc}\",").as_bytes());
            } else {
                csv.extend_from_slice(format!("{doc},").as_bytes());
            }
            csv.extend_from_slice(rest);
            csv.push(b'\n');
        }
        assert_same(&every_path(&csv, Locale::En));
    }
}
