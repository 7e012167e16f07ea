//! Reading the actuals: standard input, delimiters, encodings, extra
//! columns, a million rows on every read path; and the campaign from the
//! environment.

use super::*;

#[test]
fn actuals_can_come_from_stdin() {
    let input = std::fs::read_to_string(fixture("monthly.csv")).unwrap();
    let rows = Run::new()
        .fixture_campaign("flows.toml")
        .args(["-f", "csv", "-q", "-"])
        .stdin(input)
        .csv_rows();
    assert_eq!(row(&rows, "revenue")["actual"], "1200");
}

#[test]
fn tsv_files_and_other_delimiters_are_read() {
    assert_eq!(
        row(
            &Run::report()
                .fixture_campaign("flows.toml")
                .args(["-f", "csv", "-q"])
                .fixture("tabs.tsv")
                .csv_rows(),
            "revenue"
        )["actual"],
        "1200"
    );
    let text = Run::new()
        .fixture_campaign("flows.toml")
        .args(["-f", "csv", "-q", "--delimiter", ";"])
        .fixture("semicolon.csv")
        .stdout();
    // --delimiter also sets the output's separator
    assert!(text.starts_with("id;name;group;"), "{text}");
    let rows = csv_rows(&text.replace(';', ","));
    assert_eq!(row(&rows, "revenue")["actual"], "1200.5");
}

#[test]
fn a_file_with_another_separator_gets_the_delimiter_to_use() {
    Run::new()
        .campaign(FLOW_2022)
        .actuals("indicator;period;value\nx;2022;5\n")
        .fails_with(2)
        .stderr(predicate::str::contains(
            "the file seems to be separated by ';': pass --delimiter ';'",
        ));
}

#[test]
fn utf16_without_a_byte_order_mark_is_named() {
    let bytes: Vec<u8> = "indicator,value\nx,5\n"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    Run::new()
        .campaign(FLOW_2022)
        .actuals(bytes)
        .fails_with(2)
        .stderr(predicate::str::contains(
            "UTF-16 without a byte-order mark; pass --encoding utf-16le",
        ));
}

#[test]
fn blank_and_repeated_extra_columns_are_ignored() {
    Run::new()
        .campaign(FLOW_2022)
        .args(["-f", "csv", "-q"])
        .actuals("indicator,value,,,comment,comment\nx,5,,,a,b\n")
        .succeeds()
        .stdout(predicate::str::contains("x,x,,,at_least,1000,,,,,5,"));
}

#[test]
fn a_million_rows_of_one_tenth_sum_to_exactly_one_hundred_thousand() {
    let dir = tempfile::tempdir().unwrap();
    let campaign = dir.path().join("c.toml");
    std::fs::write(&campaign, "[campaign]\nperiod = \"2022\"\n[[target]]\nid = \"x\"\nat_least = 100000\naggregate = \"sum\"\n").unwrap();
    let csv = dir.path().join("a.csv");
    let mut text = String::with_capacity(14 * 1_000_000 + 20);
    text.push_str("indicator,period,value\n");
    for _ in 0..1_000_000 {
        text.push_str("x,2022-12,0.1\n");
    }
    // A quoted header sends the whole file to the csv reader.
    let quoted = dir.path().join("quoted.csv");
    std::fs::write(&quoted, text.replacen("indicator", "\"indicator\"", 1)).unwrap();
    std::fs::write(&csv, &text).unwrap();
    // Every read path: threads over blocks, one thread, the stream parser
    // (standard input), the csv reader.
    let paths: [(&str, Vec<String>, Option<&String>); 4] = [
        ("blocks", vec![csv.display().to_string()], None),
        (
            "one thread",
            vec![csv.display().to_string(), "--jobs".into(), "1".into()],
            None,
        ),
        ("stdin", vec!["-".into()], Some(&text)),
        ("csv reader", vec![quoted.display().to_string()], None),
    ];
    for (path, args, stdin) in paths {
        let mut run = Run::new()
            .arg("-t")
            .arg(&campaign)
            .args(["-f", "csv", "-q"])
            .args(&args);
        if let Some(input) = stdin {
            run = run.stdin(input);
        }
        let rows = run.csv_rows();
        assert_eq!(rows[0]["actual"], "100000", "{path}");
        assert_eq!(rows[0]["status"], "met", "{path}");
        assert_eq!(rows[0]["rows_used"], "1000000", "{path}");
    }
    // Standard input redirected from the file (`- < a.csv`) is read by
    // offset like a named file; one that something has read from already
    // is read on from where it stands.
    let junk = dir.path().join("junk-first.csv");
    std::fs::write(&junk, format!("not,the,header\n{text}")).unwrap();
    for (path, skip) in [(&csv, 0), (&junk, 15)] {
        use std::io::Seek;
        let mut input = std::fs::File::open(path).unwrap();
        input.seek(std::io::SeekFrom::Start(skip)).unwrap();
        let out = Run::new()
            .arg("-t")
            .arg(&campaign)
            .args(["-f", "csv", "-q", "-"])
            .stdin_file(input)
            .output();
        let rows = csv_rows(&String::from_utf8(out.stdout).unwrap());
        assert_eq!(rows[0]["actual"], "100000", "{skip}");
        assert_eq!(rows[0]["rows_used"], "1000000", "{skip}");
    }
}

#[test]
fn the_campaign_file_can_come_from_the_environment() {
    let rows = Run::new()
        .current_dir(std::env::temp_dir())
        .env("ATTAIN_TARGETS", root().join("targets.toml"))
        .args(["-f", "csv", "-q"])
        .csv_rows();
    assert!(Path::new(&root().join("targets.toml")).exists());
    assert_eq!(rows.len(), 11);
}
