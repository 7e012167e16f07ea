//! The wording of `campaign.rs` in Vietnamese, variant for variant. Keys,
//! TOML values and examples stay as the campaign file writes them; the
//! names the reader gives its tables and TOML's own type names are said in
//! Vietnamese here.

use std::fmt;

use super::Code;
use super::parts::{DidYouMean, Vi};

/// What the campaign reader calls a table (`[campaign]`, "a revision"…),
/// in Vietnamese; a name in brackets stays as written.
fn vi_table(what: &str) -> &str {
    match what {
        "the campaign file" => "tệp kế hoạch",
        "a [[target]]" => "mục [[target]]",
        "a [[series]]" => "mục [[series]]",
        "a name" => "bảng name",
        "a revision" => "mục điều chỉnh chỉ tiêu (revised)",
        "a milestone" => "mốc (milestones)",
        "an entity's target" => "chỉ tiêu của đơn vị",
        other => other,
    }
}

/// TOML's name of a value's type, in Vietnamese.
fn vi_type(found: &str) -> &str {
    match found {
        "string" => "chuỗi ký tự",
        "integer" => "số nguyên",
        "float" => "số thực",
        "boolean" => "giá trị true/false",
        "datetime" => "ngày giờ",
        "array" => "danh sách",
        "table" => "bảng",
        other => other,
    }
}

/// A `[[target]]` or `[[series]]`, or what several are, in Vietnamese.
fn vi_what(what: &str) -> &str {
    match what {
        "target" => "chỉ tiêu",
        "series" => "chuỗi số liệu",
        "targets" => "các chỉ tiêu",
        other => other,
    }
}

/// "bảng [campaign]" where a bracketed name is a table; other names as
/// [`vi_table`] words them.
struct InTable<'a>(&'a str);

impl fmt::Display for InTable<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.starts_with('[') {
            write!(f, "bảng {}", self.0)
        } else {
            f.write_str(vi_table(self.0))
        }
    }
}

impl Code {
    /// [`Code::campaign_shape`] in Vietnamese.
    pub(super) fn campaign_shape_vi(&self, f: &mut fmt::Formatter<'_>) -> Option<fmt::Result> {
        use Code::*;
        Some(match self {
            CampaignNotUtf8 => f.write_str(
                "tệp kế hoạch không phải UTF-8; hãy lưu lại tệp với bảng mã UTF-8 (tệp TOML bắt buộc dùng UTF-8)",
            ),
            TomlSyntax { reason } => write!(f, "sai cú pháp TOML: {reason}"),
            UnknownKey {
                key,
                table,
                suggestion: Some(best),
                ..
            } => write!(
                f,
                "khóa '{key}' không hợp lệ trong {}; có phải ý bạn là '{best}'?",
                InTable(table)
            ),
            UnknownKey {
                key,
                table,
                suggestion: None,
                valid,
            } => write!(
                f,
                "khóa '{key}' không hợp lệ trong {}; các khóa hợp lệ là: {}",
                InTable(table),
                valid.join(", ")
            ),
            NotATable { what, found } => write!(
                f,
                "{} phải là một bảng, không phải {}",
                vi_table(what),
                vi_type(found)
            ),
            NotAString { key, found } => write!(
                f,
                "'{key}' phải là một chuỗi ký tự, không phải {}",
                vi_type(found)
            ),
            NotABoolean { key, found } => write!(
                f,
                "'{key}' phải là true hoặc false, không phải {}",
                vi_type(found)
            ),
            NotDecimalRadix { key } => write!(
                f,
                "'{key}' phải là số viết ở hệ thập phân, không viết ở hệ thập lục phân, bát phân hay nhị phân"
            ),
            NotANumber { key, found } => {
                write!(f, "'{key}' phải là một số, không phải {}", vi_type(found))
            }
            NotArrayOfTables { plural, table } => write!(
                f,
                "{} phải được viết thành các bảng [[{table}]]",
                vi_what(plural)
            ),
            MilestonesNotAList => f.write_str(
                "'milestones' phải là một danh sách các bảng: milestones = [{ by = 2023-06-30, at_least = 8.8 }]",
            ),
            RevisedNotAList => f.write_str(
                "'revised' phải là một danh sách, ví dụ revised = [{ from = 2022-07-09, between = [8, 10], source = \"...\" }]",
            ),
            ProfileNotAList => f.write_str(
                "'profile' phải là một danh sách tỷ trọng, 12 tháng hoặc 4 quý, ví dụ profile = [6, 7, 8, 8, 8, 8, 8, 8, 8, 9, 10, 12]",
            ),
            EntityTargetNotAPair { entity } => write!(
                f,
                "chỉ tiêu của đơn vị '{entity}' phải là một cặp [L, H], như between của cả kế hoạch"
            ),
            BetweenNotAPair => {
                f.write_str("'between' phải là một cặp [L, H], ví dụ between = [5, 6]")
            }
            BetweenNotTwo { count } => write!(
                f,
                "'between' phải là một cặp [L, H] gồm hai số, không phải {count} giá trị"
            ),
            _ => return None,
        })
    }

    /// [`Code::campaign_values`] in Vietnamese.
    pub(super) fn campaign_values_vi(&self, f: &mut fmt::Formatter<'_>) -> Option<fmt::Result> {
        use Code::*;
        Some(match self {
            NotFinite { key, raw } => write!(
                f,
                "'{key}' = {raw}: không phải số hữu hạn; hãy viết một số thông thường"
            ),
            NotExact { key, raw } => write!(
                f,
                "'{key}' = {raw}: số quá lớn hoặc có quá nhiều chữ số để lưu chính xác"
            ),
            NotADate { key } => write!(f, "'{key}' phải là một ngày, ví dụ 2022-01-01"),
            YearOutOfRange { key, date } => write!(
                f,
                "'{key}' = {date}: năm phải nằm trong khoảng 1000–9999; hãy viết ngày dạng 2022-01-01"
            ),
            RevisionOutsideCampaign { from, start, end } => write!(
                f,
                "lần điều chỉnh chỉ tiêu có hiệu lực từ {from}, nằm ngoài kỳ kế hoạch ({start} đến {end})"
            ),
            BadPeriod { reason } => f.write_str(&reason.vi),
            CampaignEndsBeforeStart { start, end } => write!(
                f,
                "kỳ kế hoạch kết thúc ({end}) trước khi bắt đầu ({start})"
            ),
            PeriodAndDates => f.write_str(
                "trong [campaign], hãy ghi 'period' hoặc ghi 'start' và 'end', không ghi cả hai",
            ),
            PhasingNoneWithProfile => {
                f.write_str("phasing = \"none\" mâu thuẫn với profile; hãy bỏ một trong hai")
            }
            NoCampaignTable => f.write_str(
                "tệp kế hoạch chưa có bảng [campaign]; hãy thêm bảng này, ít nhất với `period = \"2022\"` (hoặc ngày start và end)",
            ),
            NoPeriod => f.write_str(
                "[campaign] cần có `period = \"2022\"` hoặc cả hai ngày `start` và `end`",
            ),
            NoId { what } => write!(
                f,
                "một [[{what}]] chưa có mã; hãy thêm `id = \"...\"` (chữ thường không dấu a–z, chữ số và _)"
            ),
            MilestoneWithoutBy => f.write_str(
                "mỗi mốc cần có `by = NGÀY`, là ngày phải đạt giá trị của mốc",
            ),
            MilestoneOutsideCampaign { by, start, end } => write!(
                f,
                "mốc đến hạn vào ngày {by}, nằm ngoài kỳ kế hoạch ({start} đến {end})"
            ),
            RevisionWithoutFrom => f.write_str(
                "mỗi lần điều chỉnh chỉ tiêu cần có `from = NGÀY`, là ngày chỉ tiêu điều chỉnh bắt đầu có hiệu lực",
            ),
            NoTargets => f.write_str(
                "kế hoạch chưa có chỉ tiêu nào; hãy thêm ít nhất một [[target]] có mã (id), đơn vị tính (unit) và một trong các khóa at_least, at_most hoặc between",
            ),
            DuplicateTarget { id, first } => write!(
                f,
                "mã chỉ tiêu '{id}' bị trùng (đã khai báo lần đầu tại {first}); mỗi mã chỉ được dùng một lần"
            ),
            DuplicateSeries { id, first } => write!(
                f,
                "mã chuỗi số liệu '{id}' bị trùng (đã khai báo lần đầu tại {first}); mỗi mã chỉ được dùng một lần"
            ),
            SeriesTargetShareId { id, first } => write!(
                f,
                "mã '{id}' bị trùng (đã khai báo lần đầu tại {first}); một chuỗi số liệu và một chỉ tiêu không được dùng chung mã"
            ),
            _ => return None,
        })
    }

    /// [`Code::campaign_choices`] in Vietnamese.
    pub(super) fn campaign_choices_vi(&self, f: &mut fmt::Formatter<'_>) -> Option<fmt::Result> {
        use Code::*;
        Some(match self {
            FormulaSyntax { text, reason } => {
                write!(f, "formula = \"{text}\": {}", reason.vi)
            }
            FormulaSelfReference { target, text } => write!(
                f,
                "chỉ tiêu '{target}': formula = \"{text}\": công thức không được tham chiếu đến chính chỉ tiêu của nó"
            ),
            FormulaOfFormula { target, text, id } => write!(
                f,
                "chỉ tiêu '{target}': formula = \"{text}\": '{id}' cũng là một chỉ tiêu tính theo công thức; hãy tham chiếu đến các chỉ tiêu thành phần của nó"
            ),
            FormulaUnknownId {
                target,
                text,
                id,
                suggestion,
            } => write!(
                f,
                "chỉ tiêu '{target}': formula = \"{text}\": không có chỉ tiêu hay [[series]] nào có mã '{id}'; {}hãy khai báo mã này là một [[series]] với đơn vị tính (unit) và aggregate của nó",
                Vi(DidYouMean(suggestion.as_deref()))
            ),
            BadChoice { reason } => f.write_str(&reason.vi),
            DelimiterInvalid { value } => write!(
                f,
                "delimiter = '{value}' không hợp lệ; hãy dùng một ký tự ASCII không phải dấu nháy hay dấu xuống dòng, ví dụ \";\" hoặc \"\\t\" (dấu tab)"
            ),
            EncodingInvalid { value } => write!(
                f,
                "encoding = '{value}' không phải bảng mã attain biết; hãy dùng, ví dụ, \"windows-1258\" (tiếng Việt), \"windows-1252\", \"utf-16le\", \"utf-16be\" hoặc \"utf-8\""
            ),
            AboveInvalid { value } => write!(
                f,
                "above = '{value}' không hợp lệ; hãy dùng \"exceeded\" (càng cao càng tốt) hoặc \"bad\" (phải nằm trong khoảng)"
            ),
            PhasingInvalid { value } => write!(
                f,
                "phasing = '{value}' không hợp lệ; hãy dùng \"linear\" hoặc \"none\""
            ),
            MeasureInvalid { value, suggestion } => write!(
                f,
                "measure = '{value}' không hợp lệ; {}hãy dùng level (chính số thực hiện), increase (A − P), decrease (P − A), growth ((A − P) / P, %) hoặc decline ((P − A) / P, %)",
                Vi(DidYouMean(*suggestion))
            ),
            MeasureWithPhasing { measure, key } => write!(
                f,
                "measure = \"{measure}\" so sánh số thực hiện với cùng kỳ năm trước, vốn không phân bổ theo tiến độ; hãy bỏ `{key}` (hoặc dùng measure = \"level\")"
            ),
            AggregateInvalid {
                key,
                value,
                suggestion,
            } => write!(
                f,
                "{key} = '{value}' không hợp lệ; {}hãy dùng sum (số cộng dồn: thu ngân sách, doanh thu), last (số thời điểm và tỷ lệ), mean, min hoặc max",
                Vi(DidYouMean(*suggestion))
            ),
            AcrossLast => f.write_str(
                "across = \"last\" không có nghĩa: các đơn vị không có thứ tự trước sau; hãy dùng sum, mean, min hoặc max",
            ),
            StrictOnBetween => f.write_str(
                "'strict' chỉ áp dụng cho at_least và at_most; khoảng between đã bao gồm cả hai đầu",
            ),
            AboveNotBetween => f.write_str("'above' chỉ áp dụng cho chỉ tiêu between"),
            BelowInvalid { value } => write!(
                f,
                "below = '{value}' không hợp lệ; hãy dùng \"bad\" (mặc định) hoặc \"exceeded\" (càng thấp càng tốt)"
            ),
            BelowNotBetween => f.write_str("'below' chỉ áp dụng cho chỉ tiêu between"),
            BothSidesExceeded => f.write_str(
                "below = \"exceeded\" cần đi kèm above = \"bad\": càng thấp càng tốt (chỉ số giá 4,0–4,5 % mà thực hiện 3,6 % là vượt); một khoảng không thể vượt ở cả hai phía",
            ),
            _ => return None,
        })
    }

    /// [`Code::campaign_rules`] in Vietnamese.
    pub(super) fn campaign_rules_vi(&self, f: &mut fmt::Formatter<'_>) -> Option<fmt::Result> {
        use Code::*;
        Some(match self {
            BadUnit { reason } => f.write_str(&reason.vi),
            BadId {
                what,
                id,
                suggested,
            } => write!(
                f,
                "mã {} '{id}' chỉ được gồm chữ thường không dấu a–z, chữ số và _ (ví dụ '{suggested}')",
                vi_what(what)
            ),
            NegativeWeight { weight } => {
                write!(f, "'weight' phải lớn hơn hoặc bằng 0, không phải {weight}")
            }
            PercentOutOfRange { key, value } => write!(
                f,
                "'{key}' là tỷ lệ đạt (%) nên phải nằm trong khoảng 0 đến 100, không phải {value}"
            ),
            ProfileWeights => f.write_str(
                "các tỷ trọng của profile phải lớn hơn hoặc bằng 0 và không được đều bằng 0",
            ),
            ProfileDoesNotSplit { count, start, end } => write!(
                f,
                "profile có {count} tỷ trọng, nhưng kỳ kế hoạch ({start} đến {end}) không chia được thành {count} tháng hoặc {count} quý trọn vẹn; hãy ghi mỗi tháng hoặc mỗi quý một tỷ trọng"
            ),
            ProfileOnLevelWithoutBaseline => f.write_str(
                "profile trên một chỉ tiêu mức (aggregate khác sum) cần số gốc làm điểm xuất phát; hãy thêm `baseline = ...` hoặc bỏ profile",
            ),
            LinearLevelWithoutBaseline => f.write_str(
                "phasing = \"linear\" trên một chỉ tiêu mức (aggregate khác sum) cần số gốc làm điểm xuất phát; hãy thêm `baseline = ...` hoặc bỏ phasing",
            ),
            DuplicateRevision { from } => write!(
                f,
                "có hai lần điều chỉnh chỉ tiêu cùng có hiệu lực từ {from}; hãy giữ lại một"
            ),
            DuplicateMilestone { by } => {
                write!(f, "có hai mốc cùng đến hạn vào ngày {by}; hãy giữ lại một")
            }
            MilestoneKindDiffers { milestone, target } => write!(
                f,
                "mốc ghi {milestone} nhưng chỉ tiêu lại là {target}; mốc là một bước tiến tới chỉ tiêu nên phải cùng loại với chỉ tiêu"
            ),
            TwoKinds { kinds, extra } => write!(
                f,
                "chỉ tiêu có hai loại ({}); hãy giữ đúng một loại ('{extra}' là loại thừa ở đây)",
                kinds.join(" và ")
            ),
            NoKind => f.write_str(
                "chỉ tiêu chưa có loại; hãy thêm đúng một trong các khóa at_least = T (càng cao càng tốt), at_most = T (càng thấp càng tốt) hoặc between = [L, H]",
            ),
            BetweenReversed { low, high } => write!(
                f,
                "between = [{low}, {high}] có đầu dưới lớn hơn đầu trên; hãy viết [{high}, {low}]"
            ),
            _ => return None,
        })
    }
}

#[cfg(test)]
mod tests {
    use std::cell::Cell;

    use chrono::NaiveDate;
    use rust_decimal::Decimal;

    use super::super::{Code, Said, Wording};
    use crate::error::Location;
    use crate::labels::Lang;

    fn date() -> NaiveDate {
        NaiveDate::from_ymd_opt(2022, 7, 9).unwrap()
    }

    fn loc() -> Location {
        Location::new("targets.toml", 3, 1)
    }

    fn said() -> Said {
        Said::new("the reason", "lý do")
    }

    fn vi(code: &Code) -> String {
        code.worded(Lang::Vi).to_string()
    }

    fn en(code: &Code) -> String {
        code.worded(Lang::En).to_string()
    }

    /// Whether `wording` words `code` (and does not pass it on).
    fn words(wording: Wording, code: &Code) -> bool {
        struct Probe<'a>(Wording, &'a Code, &'a Cell<bool>);
        impl std::fmt::Display for Probe<'_> {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.2.set((self.0)(self.1, f).is_some());
                Ok(())
            }
        }
        let worded = Cell::new(false);
        let _ = Probe(wording, code, &worded).to_string();
        worded.get()
    }

    /// One of each variant of the four campaign families (both arms of
    /// `UnknownKey`), with values as the campaign reader gives them.
    fn campaign_codes() -> Vec<Code> {
        use Code::*;
        vec![
            // campaign_shape
            CampaignNotUtf8,
            TomlSyntax {
                reason: "expected `=`".into(),
            },
            UnknownKey {
                key: "unti".into(),
                table: "[[target]]",
                suggestion: Some("unit"),
                valid: vec!["id", "unit"],
            },
            UnknownKey {
                key: "zzz".into(),
                table: "[campaign]",
                suggestion: None,
                valid: vec!["period", "start", "end"],
            },
            NotATable {
                what: "[target.entities]".into(),
                found: "integer",
            },
            NotAString {
                key: "unit".into(),
                found: "integer",
            },
            NotABoolean {
                key: "strict".into(),
                found: "string",
            },
            NotDecimalRadix {
                key: "at_least".into(),
            },
            NotANumber {
                key: "at_least".into(),
                found: "string",
            },
            NotArrayOfTables {
                plural: "targets",
                table: "target",
            },
            RevisedNotAList,
            MilestonesNotAList,
            ProfileNotAList,
            EntityTargetNotAPair {
                entity: "tu_son".into(),
            },
            BetweenNotAPair,
            BetweenNotTwo { count: 3 },
            // campaign_values
            NotFinite {
                key: "at_least".into(),
                raw: "inf".into(),
            },
            NotExact {
                key: "at_least".into(),
                raw: "1e40".into(),
            },
            NotADate {
                key: "start".into(),
            },
            YearOutOfRange {
                key: "start".into(),
                date: date(),
            },
            RevisionOutsideCampaign {
                from: date(),
                start: date(),
                end: date(),
            },
            BadPeriod { reason: said() },
            CampaignEndsBeforeStart {
                start: date(),
                end: date(),
            },
            PeriodAndDates,
            PhasingNoneWithProfile,
            NoCampaignTable,
            NoPeriod,
            NoId {
                what: "target".into(),
            },
            RevisionWithoutFrom,
            MilestoneWithoutBy,
            MilestoneOutsideCampaign {
                by: date(),
                start: date(),
                end: date(),
            },
            NoTargets,
            DuplicateTarget {
                id: "grdp".into(),
                first: loc(),
            },
            DuplicateSeries {
                id: "grdp".into(),
                first: loc(),
            },
            SeriesTargetShareId {
                id: "grdp".into(),
                first: loc(),
            },
            // campaign_choices
            FormulaSyntax {
                text: "a +".into(),
                reason: said(),
            },
            FormulaSelfReference {
                target: "x".into(),
                text: "x / 2".into(),
            },
            FormulaOfFormula {
                target: "x".into(),
                text: "y / 2".into(),
                id: "y".into(),
            },
            FormulaUnknownId {
                target: "x".into(),
                text: "y / 2".into(),
                id: "y".into(),
                suggestion: None,
            },
            BadChoice { reason: said() },
            DelimiterInvalid { value: "ab".into() },
            EncodingInvalid {
                value: "tcvn".into(),
            },
            AboveInvalid { value: "ok".into() },
            PhasingInvalid {
                value: "even".into(),
            },
            MeasureInvalid {
                value: "grwoth".into(),
                suggestion: Some("growth"),
            },
            MeasureWithPhasing {
                measure: "growth",
                key: "phasing",
            },
            AggregateInvalid {
                key: "aggregate".into(),
                value: "total".into(),
                suggestion: None,
            },
            AcrossLast,
            StrictOnBetween,
            AboveNotBetween,
            BelowInvalid { value: "ok".into() },
            BelowNotBetween,
            BothSidesExceeded,
            // campaign_rules
            BadUnit { reason: said() },
            BadId {
                what: "target".into(),
                id: "Thu NS".into(),
                suggested: "thu_ns".into(),
            },
            NegativeWeight {
                weight: Decimal::NEGATIVE_ONE,
            },
            PercentOutOfRange {
                key: "near".into(),
                value: Decimal::ONE_HUNDRED + Decimal::ONE,
            },
            ProfileWeights,
            ProfileDoesNotSplit {
                count: 5,
                start: date(),
                end: date(),
            },
            ProfileOnLevelWithoutBaseline,
            LinearLevelWithoutBaseline,
            DuplicateRevision { from: date() },
            DuplicateMilestone { by: date() },
            MilestoneKindDiffers {
                milestone: "at_least",
                target: "at_most",
            },
            TwoKinds {
                kinds: vec!["at_least", "at_most"],
                extra: "at_most",
            },
            NoKind,
            BetweenReversed {
                low: Decimal::TEN,
                high: Decimal::ONE,
            },
        ]
    }

    #[test]
    fn every_campaign_code_is_worded_in_vietnamese() {
        let codes = campaign_codes();
        let variants: std::collections::HashSet<_> =
            codes.iter().map(std::mem::discriminant).collect();
        assert_eq!(variants.len(), 66, "a campaign variant is missing");
        for code in &codes {
            assert!(code.has_vietnamese(), "{code:?} has no Vietnamese");
            let (vi, en) = (vi(code), en(code));
            assert!(!vi.is_empty(), "{code:?}");
            assert_ne!(vi, en, "{code:?} reads the same in both languages");
            assert!(!vi.contains("{}"), "{vi}");
            assert!(!vi.contains("did you mean"), "{vi}");
        }
    }

    #[test]
    fn each_vietnamese_family_words_what_its_english_one_does() {
        let pairs: [(Wording, Wording); 4] = [
            (Code::campaign_shape, Code::campaign_shape_vi),
            (Code::campaign_values, Code::campaign_values_vi),
            (Code::campaign_choices, Code::campaign_choices_vi),
            (Code::campaign_rules, Code::campaign_rules_vi),
        ];
        for code in campaign_codes() {
            for (english, vietnamese) in pairs {
                assert_eq!(words(english, &code), words(vietnamese, &code), "{code:?}");
            }
        }
    }

    #[test]
    fn the_common_campaign_messages_read_in_vietnamese() {
        let unknown = |suggestion| Code::UnknownKey {
            key: "unti".into(),
            table: "[[target]]",
            suggestion,
            valid: vec!["id", "unit", "at_least"],
        };
        assert_eq!(
            vi(&unknown(Some("unit"))),
            "khóa 'unti' không hợp lệ trong bảng [[target]]; có phải ý bạn là 'unit'?"
        );
        assert_eq!(
            vi(&unknown(None)),
            "khóa 'unti' không hợp lệ trong bảng [[target]]; các khóa hợp lệ là: id, unit, at_least"
        );
        let top = Code::UnknownKey {
            key: "targets".into(),
            table: "the campaign file",
            suggestion: Some("target"),
            valid: vec!["campaign", "target"],
        };
        assert_eq!(
            vi(&top),
            "khóa 'targets' không hợp lệ trong tệp kế hoạch; có phải ý bạn là 'target'?"
        );
        let period = Code::BadPeriod {
            reason: Said::new("bad period '2022-13'", "kỳ '2022-13' không hợp lệ"),
        };
        assert_eq!(vi(&period), "kỳ '2022-13' không hợp lệ");
        assert_eq!(en(&period), "bad period '2022-13'");
        assert_eq!(
            vi(&Code::NoPeriod),
            "[campaign] cần có `period = \"2022\"` hoặc cả hai ngày `start` và `end`"
        );
        assert_eq!(
            vi(&Code::NoId {
                what: "target".into()
            }),
            "một [[target]] chưa có mã; hãy thêm `id = \"...\"` (chữ thường không dấu a–z, chữ số và _)"
        );
        let kinds = Code::TwoKinds {
            kinds: vec!["at_least", "between"],
            extra: "between",
        };
        assert_eq!(
            vi(&kinds),
            "chỉ tiêu có hai loại (at_least và between); hãy giữ đúng một loại ('between' là loại thừa ở đây)"
        );
        let formula = |suggestion: Option<&str>| Code::FormulaUnknownId {
            target: "thu_ns".into(),
            text: "thu_nd + thu_dn".into(),
            id: "thu_dn".into(),
            suggestion: suggestion.map(str::to_string),
        };
        assert_eq!(
            vi(&formula(Some("thu_nd"))),
            "chỉ tiêu 'thu_ns': formula = \"thu_nd + thu_dn\": không có chỉ tiêu hay [[series]] nào có mã 'thu_dn'; có phải ý bạn là 'thu_nd'? hãy khai báo mã này là một [[series]] với đơn vị tính (unit) và aggregate của nó"
        );
        assert_eq!(
            vi(&formula(None)),
            "chỉ tiêu 'thu_ns': formula = \"thu_nd + thu_dn\": không có chỉ tiêu hay [[series]] nào có mã 'thu_dn'; hãy khai báo mã này là một [[series]] với đơn vị tính (unit) và aggregate của nó"
        );
    }

    #[test]
    fn toml_type_names_and_table_names_are_said_in_vietnamese() {
        let table = Code::NotATable {
            what: "a revision".into(),
            found: "integer",
        };
        assert_eq!(
            vi(&table),
            "mục điều chỉnh chỉ tiêu (revised) phải là một bảng, không phải số nguyên"
        );
        let id = Code::BadId {
            what: "series".into(),
            id: "Dân số".into(),
            suggested: "dan_so".into(),
        };
        assert_eq!(
            vi(&id),
            "mã chuỗi số liệu 'Dân số' chỉ được gồm chữ thường không dấu a–z, chữ số và _ (ví dụ 'dan_so')"
        );
        let duplicate = Code::DuplicateTarget {
            id: "grdp".into(),
            first: loc(),
        };
        assert_eq!(
            vi(&duplicate),
            "mã chỉ tiêu 'grdp' bị trùng (đã khai báo lần đầu tại targets.toml:3:1); mỗi mã chỉ được dùng một lần"
        );
    }
}
