//! The wording of `check.rs` in Vietnamese, variant for variant.

use std::fmt;

use super::Code;
use super::parts::{MoreRows, Vi};
use crate::ingest::Skip;
use crate::view::words::{skip_explanation_vi, skip_words_vi};

/// What a target without a figure shows as, in Vietnamese, with its
/// status code after it so it can still be searched for.
const NO_DATA: &str = "chưa có số liệu (no_data)";

impl Code {
    /// [`Code::check_advisories`] in Vietnamese.
    pub(super) fn check_advisories_vi(&self, f: &mut fmt::Formatter<'_>) -> Option<fmt::Result> {
        use Code::*;
        Some(match self {
            Scale {
                id,
                actual,
                too_big,
                signed,
                to_date,
                bound,
            } => {
                // With a sign, sizes are compared (as in English).
                let relation = match (too_big, signed) {
                    (true, false) => "lớn gấp hơn 100 lần",
                    (false, false) => "chưa bằng một phần trăm",
                    (true, true) => "về độ lớn gấp hơn 100 lần",
                    (false, true) => "về độ lớn chưa bằng một phần trăm",
                };
                let against = if *to_date {
                    "kế hoạch đến kỳ báo cáo"
                } else {
                    "kế hoạch"
                };
                write!(
                    f,
                    "số thực hiện của '{id}' ({actual}) {relation} {against} ({bound}); hãy kiểm tra đơn vị tính hoặc cách viết số (--locale)"
                )
            }
            FormulaWithoutValue { id, reason } => write!(
                f,
                "chỉ tiêu '{id}': {}; chỉ tiêu hiển thị là {NO_DATA}",
                reason.vi
            ),
            TargetWithoutRows { id } => write!(
                f,
                "chỉ tiêu '{id}' không có dòng số liệu thực hiện nào dùng được; chỉ tiêu hiển thị là {NO_DATA}"
            ),
            NoPrevious {
                id,
                measure,
                wanted,
                entities,
                more,
                baseline_waits,
            } => {
                let whose = match (entities.len() + more, *more) {
                    (0, _) => String::new(),
                    (1, _) => format!(" cho đơn vị {}", entities.join(", ")),
                    (_, 0) => format!(" cho các đơn vị {}", entities.join(", ")),
                    (_, more) => format!(
                        " cho các đơn vị {} và {more} đơn vị khác",
                        entities.join(", ")
                    ),
                };
                let fix = match (entities.is_empty(), baseline_waits) {
                    (true, false) => format!(
                        "và chỉ tiêu không có số gốc; hãy thêm các dòng đó hoặc `baseline = ...`; chỉ tiêu hiển thị là {NO_DATA}"
                    ),
                    (true, true) => format!(
                        "và số gốc của chỉ tiêu, là số cả năm, chỉ được dùng thay khi kế hoạch đã kết thúc; hãy thêm các dòng đó; chỉ tiêu hiển thị là {NO_DATA}"
                    ),
                    (false, _) => format!(
                        "— hãy thêm các dòng đó; các đơn vị này hiển thị là {NO_DATA} khi có --by entity"
                    ),
                };
                write!(
                    f,
                    "chỉ tiêu '{id}' đo mức thay đổi (measure = \"{measure}\") so với giá trị một năm trước, nhưng số liệu thực hiện không có số của kỳ {wanted} (cùng khoảng thời gian, lùi lại một năm){whose} {fix}"
                )
            }
            PreviousZero { id, measure } => write!(
                f,
                "chỉ tiêu '{id}' đo mức thay đổi theo % (measure = \"{measure}\") so với giá trị một năm trước, mà giá trị đó bằng 0: không tính được phần trăm thay đổi so với 0; chỉ tiêu hiển thị là {NO_DATA} (hãy dùng measure = \"increase\" hoặc \"decrease\" để đo mức thay đổi theo đơn vị tính của chỉ tiêu)"
            ),
            EntityWithoutRows { id, entity } => write!(
                f,
                "chỉ tiêu '{id}': đơn vị '{entity}' có chỉ tiêu riêng trong [target.entities] nhưng không có dòng số liệu nào dùng được; đơn vị này hiển thị là {NO_DATA} khi có --by entity"
            ),
            StaleData { id, end, as_of } => write!(
                f,
                "dòng mới nhất của '{id}' kết thúc ngày {end}, trước ngày báo cáo {as_of} hơn một quý; có thiếu số liệu mới hơn không?"
            ),
            EntityTargetsSum { id, parts, total } => write!(
                f,
                "chỉ tiêu của các đơn vị của '{id}' cộng lại được {parts}, không bằng chỉ tiêu chung {total}; hãy kiểm tra [target.entities]"
            ),
            GroupOfOne { group, id } => write!(
                f,
                "lĩnh vực '{group}' chỉ có một chỉ tiêu ('{id}'); nếu tên lĩnh vực này bị gõ nhầm từ tên một lĩnh vực khác, hãy sửa lại"
            ),
            StrictSkip { skip, more, .. } => match skip_words(skip) {
                Some((words, detail)) => write!(
                    f,
                    "dòng bị bỏ qua: {words} ({skip}: {detail}){}",
                    Vi(MoreRows(*more))
                ),
                None => write!(f, "dòng bị bỏ qua ({skip}){}", Vi(MoreRows(*more))),
            }
            .and_then(|()| f.write_str("; khi có --strict, mọi dòng bị bỏ qua đều là lỗi")),
            _ => return None,
        })
    }
}

/// A skip reason, by its machine name, in Vietnamese: the words the
/// report's ledger uses for it, and what it means in words a clerk can
/// act on. `None` for a name not known here.
fn skip_words(skip: &str) -> Option<(&'static str, &'static str)> {
    let reason = Skip::ALL.into_iter().find(|r| r.name() == skip)?;
    Some((skip_words_vi(reason), skip_explanation_vi(reason)))
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;
    use rust_decimal::Decimal;

    use super::super::{Code, Said};
    use crate::labels::Lang;

    fn vi(code: &Code) -> String {
        code.worded(Lang::Vi).to_string()
    }

    fn date(m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2022, m, d).unwrap()
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

    fn no_previous(entities: &[&str], more: usize, baseline_waits: bool) -> Code {
        Code::NoPrevious {
            id: "gdp".into(),
            measure: "growth",
            wanted: "2021".into(),
            entities: entities.iter().map(|e| e.to_string()).collect(),
            more,
            baseline_waits,
        }
    }

    #[test]
    fn every_check_variant_is_worded_in_vietnamese() {
        use Code::*;
        let mut codes = Vec::new();
        for (too_big, signed, to_date) in [
            (true, false, false),
            (false, false, true),
            (true, true, false),
            (false, true, true),
        ] {
            codes.push(Scale {
                id: "x".into(),
                actual: Decimal::ONE,
                too_big,
                signed,
                to_date,
                bound: Decimal::TEN,
            });
        }
        codes.extend([
            FormulaWithoutValue {
                id: "x".into(),
                reason: Said::new("in English", "bằng tiếng Việt"),
            },
            TargetWithoutRows { id: "x".into() },
            no_previous(&[], 0, false),
            no_previous(&[], 0, true),
            no_previous(&["A"], 0, false),
            no_previous(&["A", "B"], 0, false),
            no_previous(&["A", "B", "C"], 2, false),
            PreviousZero {
                id: "x".into(),
                measure: "growth",
            },
            EntityWithoutRows {
                id: "x".into(),
                entity: "A".into(),
            },
            StaleData {
                id: "x".into(),
                end: date(3, 31),
                as_of: date(9, 30),
            },
            EntityTargetsSum {
                id: "x".into(),
                parts: Decimal::ONE,
                total: Decimal::TWO,
            },
            GroupOfOne {
                group: "Xã hội".into(),
                id: "x".into(),
            },
            StrictSkip {
                skip: "x",
                explanation: "x",
                more: 0,
            },
        ]);
        for skip in crate::ingest::Skip::ALL {
            codes.push(StrictSkip {
                skip: skip.name(),
                explanation: crate::check::skip_explanation(skip),
                more: 2,
            });
        }
        for code in &codes {
            assert_vietnamese(code);
        }
    }

    #[test]
    fn every_skip_reason_has_the_ledgers_words() {
        for skip in crate::ingest::Skip::ALL {
            let (words, _) = super::skip_words(skip.name())
                .unwrap_or_else(|| panic!("{} has no words", skip.name()));
            let ledger =
                crate::view::words::bucket_label(crate::ingest::Bucket::Skipped(skip), Lang::Vi);
            assert!(ledger.starts_with(words), "{ledger} / {words}");
        }
    }

    #[test]
    fn a_strict_skip_names_its_reason_in_vietnamese_and_keeps_the_code() {
        let code = Code::StrictSkip {
            skip: "overlap",
            explanation: "a later or longer figure for an overlapping period is used instead",
            more: 3,
        };
        assert_eq!(
            vi(&code),
            "dòng bị bỏ qua: trùng kỳ với số liệu khác (overlap: một số liệu mới hơn hoặc của kỳ dài hơn, trùng với kỳ này, được dùng thay) (và 3 dòng nữa của kỳ đó); khi có --strict, mọi dòng bị bỏ qua đều là lỗi"
        );
        assert_eq!(code.name(), "strict");
    }

    #[test]
    fn a_target_without_rows_shows_as_no_data() {
        let code = Code::TargetWithoutRows { id: "gdp".into() };
        assert_eq!(
            vi(&code),
            "chỉ tiêu 'gdp' không có dòng số liệu thực hiện nào dùng được; chỉ tiêu hiển thị là chưa có số liệu (no_data)"
        );
    }

    #[test]
    fn stale_data_asks_for_a_newer_figure() {
        let code = Code::StaleData {
            id: "gdp".into(),
            end: date(3, 31),
            as_of: date(9, 30),
        };
        assert_eq!(
            vi(&code),
            "dòng mới nhất của 'gdp' kết thúc ngày 2022-03-31, trước ngày báo cáo 2022-09-30 hơn một quý; có thiếu số liệu mới hơn không?"
        );
    }

    #[test]
    fn no_previous_says_which_span_and_what_to_add() {
        assert_eq!(
            vi(&no_previous(&[], 0, false)),
            "chỉ tiêu 'gdp' đo mức thay đổi (measure = \"growth\") so với giá trị một năm trước, nhưng số liệu thực hiện không có số của kỳ 2021 (cùng khoảng thời gian, lùi lại một năm) và chỉ tiêu không có số gốc; hãy thêm các dòng đó hoặc `baseline = ...`; chỉ tiêu hiển thị là chưa có số liệu (no_data)"
        );
        assert_eq!(
            vi(&no_previous(&["A", "B", "C"], 2, false)),
            "chỉ tiêu 'gdp' đo mức thay đổi (measure = \"growth\") so với giá trị một năm trước, nhưng số liệu thực hiện không có số của kỳ 2021 (cùng khoảng thời gian, lùi lại một năm) cho các đơn vị A, B, C và 2 đơn vị khác — hãy thêm các dòng đó; các đơn vị này hiển thị là chưa có số liệu (no_data) khi có --by entity"
        );
        assert!(vi(&no_previous(&["A"], 0, false)).contains(" cho đơn vị A — "));
        assert!(vi(&no_previous(&[], 0, true)).contains("là số cả năm"));
    }
}
