//! Quotes and line ends at the edges, on every path and in a pipe read in
//! blocks: a value that swallowed a delimiter, a lone quoted empty field,
//! the last record over lines, lone carriage returns.

use super::*;

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
        let mut csv_reader = crate::ingest::read(&campaign, &[Input::File(path.clone())], &options);
        let named = path.display().to_string();
        for d in &mut csv_reader.diagnostics {
            d.rename_file(&named, "a.csv");
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
