//! Files in a legacy encoding, decoded as a stream into the threads: the
//! same result as their UTF-8 twin, and refused bytes named at their line.

use super::*;

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
    let mut ingest = crate::ingest::read(&campaign(), &[input], &options);
    // The same name in messages, whichever way it was read.
    let named = path.display().to_string();
    for d in &mut ingest.diagnostics {
        d.rename_file(&named, "a.csv");
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
