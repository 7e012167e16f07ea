//! Blocks and threads: the trend's last step to the last digit, names met
//! in a block read again, records over lines cut between threads, and far
//! more keys than a thread keeps.

use super::*;

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
        trend: Some(Grain::Month),
        ..ReadOptions::new(Locale::En)
    };
    let ingest = crate::ingest::read(&campaign(), &[input], &options);
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
    let results = every_count_of_threads(bytes);
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

/// Revised estimates (`published`) on 1 to 12 threads, and as a stream
/// and a pipe in blocks: the rows of one key's publications fall in
/// different blocks, and each block's dates join those of the others.
#[test]
fn the_latest_publication_counts_on_every_count_of_threads() {
    let csv = super::same_on_every_path::published_rows();
    let results = every_count_of_threads(csv.as_bytes());
    let first = &results[0].1;
    assert!(!first.has_errors(), "{:?}", first.diagnostics);
    assert_eq!(first.figures[0].actual, Some(Decimal::from(2520)));
    assert_eq!(first.ledger.skipped(Skip::Superseded), 620);
    assert_same(&results);
}

/// `bytes` read as a file by the csv reader and by 1 to 12 threads, and as
/// a stream and a pipe by several, every row kept.
fn every_count_of_threads(bytes: &[u8]) -> Vec<(String, Ingest)> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.csv");
    std::fs::write(&path, bytes).unwrap();
    let campaign = campaign();
    let run = |jobs, fast_min_bytes| {
        let options = options(Locale::En, KeepRows::All, jobs, fast_min_bytes);
        crate::ingest::read(&campaign, &[Input::File(path.clone())], &options)
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
        results.push((name, crate::ingest::read(&campaign, &[input], &options)));
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
    results
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
