//! The shapes a file takes, on one reader: entity names in either Unicode
//! form, legacy and UTF-16 encodings, line ends, quotes left open, a missing
//! column. Each names the line and the fix.

use super::*;

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
