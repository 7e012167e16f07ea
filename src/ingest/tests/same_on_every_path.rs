//! Every path — streaming, the fast path on one to three threads, standard
//! input — gives the same figures, ledger and messages: fixed-point sums,
//! errors and quotes, blank lines and unread bytes; and the progress bar
//! shows only for large inputs when asked.

use super::*;

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
        progress: true,
        ..ReadOptions::new(Locale::En)
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
    /// The spans a sum keeps are those reference §5.2's rule keeps when each
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

/// Revised estimates (`published`): of each target, entity and span only
/// the rows of the latest date count, whichever path reads them and
/// wherever the blocks are cut — for a `sum` (the estimate and an undated
/// row are not added to the official figure), a `last` (the later date
/// wins over the later row) and the year-earlier comparison rows alike.
#[test]
fn the_latest_publication_counts_on_every_path() {
    let csv = published_rows();
    let results = every_path(csv.as_bytes(), Locale::En);
    let first = &results[0].1;
    assert!(!first.has_errors(), "{:?}", first.diagnostics);
    // 20 entities × (6 months × 11 official + 6 months × 10 estimated)
    assert_eq!(first.figures[0].actual, Some(Decimal::from(2520)));
    assert_eq!(first.figures[0].previous, Some(Decimal::from(2160)));
    // `last`: the row published later holds 60, the row read later 40
    assert_eq!(first.figures[1].actual, Some(Decimal::from(60)));
    let l = &first.ledger;
    assert_eq!(l.skipped(Skip::Superseded), 360 + 20 + 240);
    assert_eq!(l.comparison, 240);
    assert_eq!(l.read, l.used + l.comparison + l.total_skipped());
    assert_same(&results);
    // The rows kept one by one land in the same buckets.
    let kept = every_path_keeping(csv.as_bytes(), Locale::En, true);
    let rows = &kept[0].1.rows;
    let superseded = Bucket::Skipped(Skip::Superseded);
    let count = |b: Bucket| rows.iter().filter(|r| r.bucket == b).count() as u64;
    assert_eq!(count(superseded), l.skipped(Skip::Superseded));
    assert_eq!(count(Bucket::Used), l.used);
    assert_eq!(count(Bucket::Comparison), l.comparison);
    assert_same(&kept);
}

/// Rows of 20 entities: for `revenue`, a monthly estimate, an official
/// figure published later for the first half (read between the estimates
/// and some undated rows), and an undated row each month; the year before,
/// two publications a month; for `rate`, two `last` rows whose order in
/// the file contradicts their dates.
pub(super) fn published_rows() -> String {
    let mut csv = String::from("indicator,period,value,entity,source,published\n");
    let each = |csv: &mut String, f: &dyn Fn(usize, u32) -> Option<String>| {
        for r in 0..20 {
            for m in 1..=12 {
                if let Some(line) = f(r, m) {
                    csv.push_str(&line);
                }
            }
        }
    };
    each(&mut csv, &|r, m| {
        Some(format!("revenue,2022-{m:02},10,e{r},estimate,2022-12-20\n"))
    });
    each(&mut csv, &|r, m| {
        (m <= 6).then(|| format!("revenue,2022-{m:02},11,e{r},statistics,2023-03-15\n"))
    });
    each(&mut csv, &|r, m| {
        Some(format!("revenue,2022-{m:02},1,e{r},,\n"))
    });
    each(&mut csv, &|r, m| {
        Some(format!(
            "revenue,2021-{m:02},8,e{r},,2022-01-15\nrevenue,2021-{m:02},9,e{r},,2022-03-01\n"
        ))
    });
    each(&mut csv, &|r, m| {
        (m == 12).then(|| {
            format!("rate,2022-12,60,e{r},,2023-01-10\nrate,2022-12,40,e{r},,2022-12-31\n")
        })
    });
    csv
}

#[test]
fn a_wide_table_gives_its_long_layouts_figures_on_every_path() {
    let mut long = String::from("indicator,period,value,entity\n");
    let mut wide = String::from("indicator,entity,name,Tháng 1,Tháng 2,2022-03,2022-Q2,note\n");
    for i in 0..300 {
        let entity = format!("d{}", i % 7);
        let (a, b, c) = (i % 13, (i * 7) % 11, i % 5);
        long.push_str(&format!(
            "revenue,2022-01,{a}.5,{entity}\nrevenue,2022-02,{b},{entity}\n"
        ));
        if c > 0 {
            long.push_str(&format!("revenue,2022-Q2,{c},{entity}\n"));
        }
        // An empty cell is no row; a blank one neither.
        let q2 = if c > 0 { c.to_string() } else { " ".into() };
        wide.push_str(&format!("revenue,{entity},Doanh thu,{a}.5,{b},,{q2},x\n"));
    }
    let long = every_path(long.as_bytes(), Locale::En);
    let wide = every_path(wide.as_bytes(), Locale::En);
    assert!(!wide[0].1.has_errors(), "{:?}", wide[0].1.diagnostics);
    assert_same(&wide);
    assert_eq!(long[0].1.figures, wide[0].1.figures);
    assert_eq!(long[0].1.ledger.read, wide[0].1.ledger.read);
    assert_eq!(long[0].1.ledger.used, wide[0].1.ledger.used);
}
