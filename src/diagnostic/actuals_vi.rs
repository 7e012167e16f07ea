//! The wording of `actuals.rs` in Vietnamese, variant for variant.

use std::fmt;

use super::Code;
use super::parts::{EntitySuffix, HeaderSeen, Vi, quoted_list};

impl Code {
    /// [`Code::actuals_files`] in Vietnamese.
    pub(super) fn actuals_files_vi(&self, f: &mut fmt::Formatter<'_>) -> Option<fmt::Result> {
        use Code::*;
        Some(match self {
            TooManyFiles { count, max } => write!(
                f,
                "có {count} tệp số liệu được nêu, nhưng mỗi lần chạy attain chỉ đọc tối đa {max} tệp: hãy gộp chúng lại trước (bằng cat, hoặc một truy vấn gộp chúng)"
            ),
            StdinTwice => f.write_str(
                "'-' (đầu vào chuẩn) được nêu hai lần; đầu vào chuẩn chỉ đọc được một lần",
            ),
            ActualsNotFound { path } => write!(
                f,
                "không tìm thấy tệp số liệu '{path}'; hãy kiểm tra đường dẫn (đường dẫn ghi trong tệp kế hoạch được tính từ thư mục của tệp kế hoạch)"
            ),
            CannotOpen { path, reason } => write!(f, "không mở được '{path}': {reason}"),
            ReadingStopped { line } => write!(
                f,
                "việc đọc dừng lại sau dòng {line}: không đọc tiếp được dữ liệu đầu vào"
            ),
            Utf8NotLegacy { word, encoding } => write!(
                f,
                "tệp là UTF-8 ('{word}' là văn bản UTF-8), không phải {encoding}: hãy bỏ --encoding, vì attain đọc trực tiếp UTF-8"
            ),
            Utf8NotUtf16 { encoding } => write!(
                f,
                "tệp là UTF-8 (không có dấu thứ tự byte, không có byte NUL giữa các chữ), không phải {encoding}: hãy bỏ --encoding, vì attain đọc trực tiếp UTF-8"
            ),
            UnpairedSurrogate { unit, encoding } => write!(
                f,
                "dòng này có một nửa cặp thay thế UTF-16 (0x{unit:04X}) thiếu nửa còn lại: tệp bị hỏng hoặc không phải {encoding}; attain không âm thầm đổi nó thành U+FFFD"
            ),
            _ => return None,
        })
    }

    /// [`Code::actuals_csv`] in Vietnamese.
    pub(super) fn actuals_csv_vi(&self, f: &mut fmt::Formatter<'_>) -> Option<fmt::Result> {
        use Code::*;
        Some(match self {
            EmptyFile => f.write_str("tệp rỗng (không có dòng tiêu đề, không có dòng số liệu)"),
            NoRows => f.write_str("tệp có dòng tiêu đề nhưng không có dòng số liệu nào"),
            CsvUnreadable { reason } => write!(f, "không đọc được: {reason}"),
            CsvMalformed { reason } => write!(f, "CSV sai định dạng: {reason}"),
            LineTooLong { mib } => write!(
                f,
                "dòng này dài hơn {mib} MiB mà không xuống dòng: tệp không phải CSV số liệu thực hiện (hoặc đã mất các dấu xuống dòng); phần còn lại của tệp không được đọc"
            ),
            QuotedValueTooLong { mib } => write!(
                f,
                "một giá trị trong dấu ngoặc kép mở ở dòng này kéo dài qua các dòng sau hơn {mib} MiB mà không có dấu ngoặc kép đóng: có dấu ngoặc kép (\") thừa trong một trường chăng? phần còn lại của tệp không được đọc"
            ),
            MultilineValue { closes, spanned } => write!(
                f,
                "một giá trị trong dấu ngoặc kép mở ở dòng này và đóng ở dòng {closes}, nên {} là một phần giá trị của dòng này; nếu đó là một dấu ngoặc kép (\") thừa, các dòng số liệu trên những dòng đó đã không được đọc thành dòng số liệu",
                NextLines(*spanned)
            ),
            FieldCount { fields, width } => write!(
                f,
                "dòng này có {fields} trường nhưng dòng tiêu đề có {width}; hãy kiểm tra xem có thiếu hoặc thừa dấu phân cách không, hoặc đặt giá trị có chứa dấu phân cách trong dấu ngoặc kép"
            ),
            UnterminatedQuote => f.write_str(
                "dấu ngoặc kép (\") mở trong trường này không được đóng, nên toàn bộ phần còn lại của tệp bị đọc thành một giá trị; hãy đóng dấu ngoặc kép hoặc xóa nó",
            ),
            Utf16WithBom { label } => write!(
                f,
                "tệp là UTF-16 (bắt đầu bằng dấu thứ tự byte UTF-16), không phải UTF-8; hãy dùng --encoding {label}, hoặc lưu tệp dưới dạng UTF-8 (trong Excel: CSV UTF-8)"
            ),
            Utf16WithoutBom => f.write_str(
                "dòng tiêu đề có byte NUL giữa các chữ: tệp có vẻ là UTF-16 không có dấu thứ tự byte; hãy dùng --encoding utf-16le (hoặc utf-16be), hoặc lưu tệp dưới dạng UTF-8 (trong Excel: CSV UTF-8)",
            ),
            NotUtf8 {
                shown,
                label,
                description,
            } => write!(
                f,
                "'{shown}' (theo cách đọc của {label}) không phải văn bản UTF-8: tệp có vẻ là {}; hãy dùng --encoding {label}, hoặc lưu tệp dưới dạng UTF-8 (trong Excel: CSV UTF-8)",
                encoding_description(description)
            ),
            DuplicateColumn {
                column,
                first,
                second,
            } => write!(
                f,
                "cột '{column}' xuất hiện hai lần (cột {first} và cột {second}); hãy đổi tên hoặc xóa một cột"
            ),
            MissingColumn {
                missing,
                found,
                renames,
                delimiter,
            } => missing_column(f, missing, found, renames, delimiter.as_deref()),
            BomInside => f.write_str(
                "trường này bắt đầu bằng một dấu thứ tự byte (U+FEFF, không nhìn thấy được) ở giữa tệp: có phải hai tệp đã bị ghép thành một? hãy xóa dấu đó, và cả dòng tiêu đề thứ hai nếu có; trường được đọc kèm dấu đó nên không khớp với mã chỉ tiêu nào",
            ),
            NoSuchSheet { wanted, sheets } => write!(
                f,
                "bảng tính không có trang '{wanted}'; các trang của nó: {}",
                quoted_list(sheets)
            ),
            SheetNotActuals {
                sheet,
                sheets,
                likely,
            } => {
                let likely = match likely {
                    Some(s) => format!("; trang '{s}' trông giống số liệu thực hiện"),
                    None => String::new(),
                };
                write!(
                    f,
                    "trang đầu tiên, '{sheet}', không có dòng tiêu đề với cột chỉ tiêu (indicator) ở các dòng trên cùng; hãy chọn trang cần đọc bằng --sheet hoặc tệp.xlsx#Trang (các trang: {}){likely}",
                    quoted_list(sheets)
                )
            }
            CellError { error } => write!(
                f,
                "ô này chứa lỗi {error}, không phải một giá trị: hãy sửa công thức hoặc ô mà nó tham chiếu"
            ),
            UncalculatedFormula { formula } => write!(
                f,
                "ô này chứa công thức ={formula} nhưng chưa có giá trị đã tính (tệp do một chương trình ghi ra, chưa được bảng tính lưu lại): hãy mở và lưu tệp bằng Excel hoặc LibreOffice"
            ),
            WideMixed { column, across } => write!(
                f,
                "dòng tiêu đề này vừa có các cột {} (bảng ngang, mỗi ô một giá trị) vừa có cột '{column}': hãy dùng một kiểu, bảng dọc (indicator, period, value) hoặc bảng ngang",
                if *across == "entity" { "đơn vị" } else { "kỳ" }
            ),
            SheetTwice { first } => write!(
                f,
                "trang này đã được đọc, với tên {first}: mỗi số liệu sẽ bị tính hai lần; chỉ nêu trang một lần"
            ),
            HeaderRowPastEnd { row, last } => write!(
                f,
                "--header-row {row} nằm dưới dòng cuối cùng của trang ({last}): không có gì để đọc"
            ),
            WorkbookAsCsv { kind } => write!(
                f,
                "đây là một bảng tính ({kind}), không phải văn bản CSV: hãy đặt tên tệp có đuôi .{kind}, attain sẽ đọc trang của nó"
            ),
            BadPeriodColumn { column, reason } => write!(
                f,
                "cột '{column}' của bảng ngang này không phải một kỳ mà attain đọc được: {}",
                reason.vi
            ),
            _ => return None,
        })
    }

    /// [`Code::actuals_rows`] in Vietnamese.
    pub(super) fn actuals_rows_vi(&self, f: &mut fmt::Formatter<'_>) -> Option<fmt::Result> {
        use Code::*;
        Some(match self {
            BadNumberCell { reason } => f.write_str(&reason.vi),
            BadPublished { text } => write!(
                f,
                "'{text}' trong cột published không phải là ngày; hãy ghi ngày công bố số liệu theo dạng 2023-12-05, hoặc để trống ô"
            ),
            BadRows { text } => write!(
                f,
                "'{text}' trong cột rows không phải là số dòng; hãy ghi số dòng gốc mà dòng này đại diện bằng một số nguyên như 12, hoặc để trống ô nếu là một dòng"
            ),
            UnitMismatch {
                unit,
                id,
                target_unit,
                reason,
            } => write!(
                f,
                "không dùng được đơn vị tính '{unit}' cho '{id}' (đơn vị tính của chỉ tiêu là '{target_unit}'): {}",
                reason.vi
            ),
            SumOverflow { id } => write!(
                f,
                "tổng của '{id}' quá lớn để lưu chính xác (hơn 28 chữ số)"
            ),
            ConvertOverflow { value } => write!(
                f,
                "'{value}' quá lớn để quy đổi sang đơn vị tính của chỉ tiêu"
            ),
            AcrossOverflow { id } => write!(
                f,
                "giá trị của '{id}' ở các đơn vị quá lớn để gộp chính xác"
            ),
            MissingAggregate { id, rows, first } => write!(
                f,
                "chỉ tiêu '{id}' có {rows} dòng trong khoảng thời gian tính (dòng đầu tiên ở {first}) nhưng không có aggregate; hãy đặt aggregate = \"sum\" cho số cộng dồn như doanh thu, doanh số, hoặc aggregate = \"last\" cho số thời điểm hay tỷ lệ"
            ),
            MissingAcross {
                id,
                entities,
                more,
                aggregate,
            } => write!(
                f,
                "chỉ tiêu '{id}' có dòng theo từng đơn vị ({}{}) nhưng không có dòng số chung toàn kế hoạch, và aggregate = \"{aggregate}\" không cho biết cách gộp các đơn vị; hãy đặt across = \"sum\" (số lượng, số tiền) hoặc across = \"mean\" (tỷ lệ), hoặc thêm một dòng để trống cột entity",
                entities.join(", "),
                if *more { ", …" } else { "" },
            ),
            EntityCase { id, first, second } => write!(
                f,
                "'{id}' có hai đơn vị '{first}' và '{second}' chỉ khác nhau ở chữ hoa, chữ thường; chúng được tính là hai đơn vị — nếu là một đơn vị, hãy viết giống nhau"
            ),
            TotalAndEntities { id, entities } => write!(
                f,
                "chỉ tiêu '{id}' có số chung toàn kế hoạch và có dòng của {entities} đơn vị; số chung được sử dụng, còn các dòng theo đơn vị là số chi tiết (xem --by entity)"
            ),
            SourcesSummed {
                id,
                span,
                entity,
                sources,
            } => write!(
                f,
                "các dòng của '{id}' cho kỳ {span}{} từ các nguồn khác nhau ({}) được cộng lại; nếu đó là các số ước tính thay thế nhau của cùng một số liệu, hãy chỉ giữ một dòng, hoặc thêm cột published ghi ngày công bố của từng số (2023-03-15), khi đó chỉ số công bố sau cùng được sử dụng",
                Vi(EntitySuffix(entity)),
                sources.join("; ")
            ),
            LastTie {
                id,
                entity,
                end,
                first_value,
                first_at,
                later_value,
                later_at,
            } => write!(
                f,
                "'{id}'{} có hai giá trị khác nhau cùng kết thúc ngày {end}: {first_value} tại {first_at} và {later_value} tại {later_at}; dòng sau ({later_value}) được sử dụng",
                Vi(EntitySuffix(entity))
            ),
            _ => return None,
        })
    }
}

/// "dòng tiếp theo" or "N dòng tiếp theo", of the lines a quoted value
/// runs on over.
struct NextLines(u64);

impl fmt::Display for NextLines {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            1 => f.write_str("dòng tiếp theo"),
            n => write!(f, "{n} dòng tiếp theo"),
        }
    }
}

/// The encoding a file looks like, as the ingest describes it in English
/// (`legacy_encoding_name`), in Vietnamese; a description not known here
/// is shown as it is.
fn encoding_description(description: &str) -> &str {
    match description {
        "UTF-16 (NUL bytes between the letters)" => "UTF-16 (có byte NUL giữa các chữ)",
        "Windows-1258 (Vietnamese, from an old Excel or accounting program)" => {
            "Windows-1258 (tiếng Việt, từ Excel cũ hoặc phần mềm kế toán cũ)"
        }
        "Windows-1252 (Western European, from an old Excel)" => {
            "Windows-1252 (Tây Âu, từ Excel cũ)"
        }
        other => other,
    }
}

/// A header without a required column, in Vietnamese: what it held, and
/// the likeliest fix (the delimiter, else the columns to rename).
fn missing_column(
    f: &mut fmt::Formatter<'_>,
    missing: &[&str],
    found: &HeaderSeen,
    renames: &[(String, &str)],
    delimiter: Option<&str>,
) -> fmt::Result {
    write!(
        f,
        "dòng tiêu đề không có cột '{}' ({})",
        missing.join("' hoặc '"),
        Vi(found)
    )?;
    if let Some(shown) = delimiter {
        write!(
            f,
            "; dòng tiêu đề chỉ là một cột, và tệp có vẻ được phân cách bằng '{shown}': hãy dùng --delimiter '{shown}' (tùy chọn này đặt dấu phân cách cho số liệu thực hiện và cho đầu ra csv)"
        )?;
    } else if !renames.is_empty() {
        let renames: Vec<String> = renames
            .iter()
            .map(|(from, to)| format!("đổi tên '{from}' thành '{to}'"))
            .collect();
        write!(f, "; hãy {}", renames.join(", "))?;
    }
    f.write_str("; các cột bắt buộc là indicator (hoặc id) và value")
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;
    use rust_decimal::Decimal;

    use super::super::{Code, HeaderSeen, Said};
    use crate::error::Location;
    use crate::labels::Lang;

    fn vi(code: &Code) -> String {
        code.worded(Lang::Vi).to_string()
    }

    /// Worded in Vietnamese of its own: not empty, not the English, no
    /// stray braces.
    fn assert_vietnamese(code: &Code) {
        assert!(code.has_vietnamese(), "{code:?} has no Vietnamese");
        let (vi, en) = (vi(code), code.worded(Lang::En).to_string());
        assert!(!vi.is_empty(), "{code:?}");
        assert_ne!(vi, en, "{code:?} is the English");
        assert!(!vi.contains("{}"), "{vi}");
    }

    fn said() -> Said {
        Said::new("in English", "bằng tiếng Việt")
    }

    fn loc() -> Box<Location> {
        Box::new(Location::new("a.csv", 3, 1))
    }

    #[test]
    fn every_actuals_variant_is_worded_in_vietnamese() {
        use Code::*;
        let date = NaiveDate::from_ymd_opt(2022, 7, 9).unwrap();
        let codes = vec![
            TooManyFiles { count: 3, max: 2 },
            StdinTwice,
            ActualsNotFound {
                path: "a.csv".into(),
            },
            CannotOpen {
                path: "a.csv".into(),
                reason: "x".into(),
            },
            ReadingStopped { line: 2 },
            Utf8NotLegacy {
                word: "Hà Nội".into(),
                encoding: "windows-1258".into(),
            },
            Utf8NotUtf16 {
                encoding: "utf-16le".into(),
            },
            UnpairedSurrogate {
                unit: 0xD800,
                encoding: "utf-16le".into(),
            },
            EmptyFile,
            NoRows,
            CsvUnreadable { reason: "x".into() },
            CsvMalformed { reason: "x".into() },
            LineTooLong { mib: 2 },
            QuotedValueTooLong { mib: 2 },
            MultilineValue {
                closes: 2,
                spanned: 1,
            },
            MultilineValue {
                closes: 3,
                spanned: 2,
            },
            FieldCount {
                fields: 3,
                width: 2,
            },
            UnterminatedQuote,
            Utf16WithBom { label: "utf-16le" },
            Utf16WithoutBom,
            NotUtf8 {
                shown: "x".into(),
                label: "windows-1258",
                description: "x",
            },
            DuplicateColumn {
                column: "value".into(),
                first: 2,
                second: 3,
            },
            MissingColumn {
                missing: vec!["value"],
                found: HeaderSeen::Blank,
                renames: Vec::new(),
                delimiter: Some(";".into()),
            },
            BomInside,
            NoSuchSheet {
                wanted: "x".into(),
                sheets: vec!["a".into(), "b".into()],
            },
            SheetNotActuals {
                sheet: "a".into(),
                sheets: vec!["a".into(), "b".into()],
                likely: Some("b".into()),
            },
            CellError {
                error: "#DIV/0!".into(),
            },
            UncalculatedFormula {
                formula: "SUM(C2:C9)".into(),
            },
            WideMixed {
                column: "value".into(),
                across: "period",
            },
            BadPeriodColumn {
                column: "Tháng 13".into(),
                reason: said(),
            },
            SheetTwice {
                first: "a.xlsx#b".into(),
            },
            HeaderRowPastEnd { row: 9, last: 3 },
            WorkbookAsCsv { kind: "xlsx" },
            BadNumberCell { reason: said() },
            BadPublished { text: "x".into() },
            BadRows { text: "x".into() },
            UnitMismatch {
                unit: "kg".into(),
                id: "x".into(),
                target_unit: "tấn".into(),
                reason: said(),
            },
            SumOverflow { id: "x".into() },
            ConvertOverflow { value: "x".into() },
            AcrossOverflow { id: "x".into() },
            MissingAggregate {
                id: "x".into(),
                rows: 2,
                first: "a.csv:2".into(),
            },
            MissingAcross {
                id: "x".into(),
                entities: vec!["A".into(), "B".into()],
                more: true,
                aggregate: "last",
            },
            EntityCase {
                id: "x".into(),
                first: "A".into(),
                second: "a".into(),
            },
            TotalAndEntities {
                id: "x".into(),
                entities: 2,
            },
            SourcesSummed {
                id: "x".into(),
                span: "2022-Q1".into(),
                entity: "A".into(),
                sources: vec!["s1".into(), "s2".into()],
            },
            LastTie {
                id: "x".into(),
                entity: String::new(),
                end: date,
                first_value: Decimal::ONE,
                first_at: loc(),
                later_value: Decimal::TWO,
                later_at: loc(),
            },
        ];
        for code in &codes {
            assert_vietnamese(code);
        }
    }

    #[test]
    fn a_bad_number_cell_says_the_number_readers_vietnamese() {
        let code = Code::BadNumberCell {
            reason: Said::new("'1.234,5' is not a number", "'1.234,5' không phải là số"),
        };
        assert_eq!(vi(&code), "'1.234,5' không phải là số");
        assert_eq!(code.name(), "bad_number");
    }

    #[test]
    fn a_missing_column_says_what_the_header_held_and_what_to_do() {
        let code = Code::MissingColumn {
            missing: vec!["indicator", "value"],
            found: HeaderSeen::Columns {
                shown: vec!["chi_tieu".into(), "gia_tri".into()],
                more: 2,
            },
            renames: vec![("values".into(), "value")],
            delimiter: None,
        };
        assert_eq!(
            vi(&code),
            "dòng tiêu đề không có cột 'indicator' hoặc 'value' (thấy: chi_tieu, gia_tri, … và 2 cột nữa); hãy đổi tên 'values' thành 'value'; các cột bắt buộc là indicator (hoặc id) và value"
        );
        let one_column = Code::MissingColumn {
            missing: vec!["value"],
            found: HeaderSeen::NotColumns { fields: 1 },
            renames: Vec::new(),
            delimiter: Some(";".into()),
        };
        assert_eq!(
            vi(&one_column),
            "dòng tiêu đề không có cột 'value' (dòng đầu của tệp là một trường, không phải cột mà attain đọc: đây có phải tệp CSV số liệu thực hiện không?); dòng tiêu đề chỉ là một cột, và tệp có vẻ được phân cách bằng ';': hãy dùng --delimiter ';' (tùy chọn này đặt dấu phân cách cho số liệu thực hiện và cho đầu ra csv); các cột bắt buộc là indicator (hoặc id) và value"
        );
    }

    #[test]
    fn a_field_count_names_both_counts() {
        let code = Code::FieldCount {
            fields: 5,
            width: 4,
        };
        assert_eq!(
            vi(&code),
            "dòng này có 5 trường nhưng dòng tiêu đề có 4; hãy kiểm tra xem có thiếu hoặc thừa dấu phân cách không, hoặc đặt giá trị có chứa dấu phân cách trong dấu ngoặc kép"
        );
    }

    #[test]
    fn a_file_not_in_utf8_names_its_likely_encoding_in_vietnamese() {
        let code = Code::NotUtf8 {
            shown: "Hà Nội".into(),
            label: "windows-1258",
            description: "Windows-1258 (Vietnamese, from an old Excel or accounting program)",
        };
        assert_eq!(
            vi(&code),
            "'Hà Nội' (theo cách đọc của windows-1258) không phải văn bản UTF-8: tệp có vẻ là Windows-1258 (tiếng Việt, từ Excel cũ hoặc phần mềm kế toán cũ); hãy dùng --encoding windows-1258, hoặc lưu tệp dưới dạng UTF-8 (trong Excel: CSV UTF-8)"
        );
    }

    #[test]
    fn every_encoding_the_ingest_describes_is_described_in_vietnamese() {
        // The descriptions `ingest::rows::legacy_encoding_name` gives.
        for description in [
            "UTF-16 (NUL bytes between the letters)",
            "Windows-1258 (Vietnamese, from an old Excel or accounting program)",
            "Windows-1252 (Western European, from an old Excel)",
        ] {
            assert_ne!(super::encoding_description(description), description);
        }
    }

    #[test]
    fn the_lines_a_quoted_value_runs_over_are_counted() {
        let one = Code::MultilineValue {
            closes: 8,
            spanned: 1,
        };
        let two = Code::MultilineValue {
            closes: 9,
            spanned: 2,
        };
        assert!(vi(&one).contains("đóng ở dòng 8, nên dòng tiếp theo là một phần"));
        assert!(vi(&two).contains("đóng ở dòng 9, nên 2 dòng tiếp theo là một phần"));
    }
}
