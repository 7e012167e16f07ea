//! The words of human output in English and Vietnamese (reference §7, §12):
//! column headers, status labels, summary sentences. Renderers ask here for
//! every word they print, so that `--lang vi` reads like a provincial report.
//!
//! Only words live here; no numbers are formatted and nothing is computed.

use std::fmt;
use std::str::FromStr;

/// The language of labels and names in human output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    En,
    Vi,
}

impl FromStr for Lang {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "en" => Ok(Lang::En),
            "vi" => Ok(Lang::Vi),
            other => Err(format!("unknown language '{other}'; use en or vi")),
        }
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Lang::En => "en",
            Lang::Vi => "vi",
        })
    }
}

/// A word or phrase of the human formats, looked up per language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Label {
    Target,
    Unit,
    Plan,
    Actual,
    Attainment,
    Gap,
    Status,
    Group,
    Progress,
    Expected,
    Pace,
    Projected,
    Change,
    Bar,
    Trend,
    Targets,
    Score,
    AsOf,
    Source,
    Measured,
    MeasuredFrom,
    NoGroup,
    MetOrExceeded,
    RowsSkipped,
    Basis,
    RowsUsed,
    PlanValue,
    PlanLow,
    PlanHigh,
    File,
    Line,
    Indicator,
    Period,
    Entity,
    Value,
    RowStatus,
    /// How many source rows a grouped row stands for (`rows`).
    SourceRows,
    ValueRead,
    Warnings,
    Notes,
}

impl Label {
    pub fn text(self, lang: Lang) -> &'static str {
        use Label::*;
        match (self, lang) {
            (Target, Lang::En) => "Target",
            (Target, Lang::Vi) => "Chỉ tiêu",
            (Unit, Lang::En) => "Unit",
            (Unit, Lang::Vi) => "ĐVT",
            (Plan, Lang::En) => "Plan",
            (Plan, Lang::Vi) => "Kế hoạch",
            (Actual, Lang::En) => "Actual",
            (Actual, Lang::Vi) => "Thực hiện",
            (Attainment, Lang::En) => "Attainment",
            (Attainment, Lang::Vi) => "Tỷ lệ đạt",
            (Gap, Lang::En) => "Gap",
            (Gap, Lang::Vi) => "Chênh lệch",
            (Status, Lang::En) => "Status",
            (Status, Lang::Vi) => "Đánh giá",
            (Group, Lang::En) => "Group",
            (Group, Lang::Vi) => "Lĩnh vực",
            (Progress, Lang::En) => "Progress",
            (Progress, Lang::Vi) => "Tiến triển so với năm gốc",
            (Expected, Lang::En) => "Expected to date",
            (Expected, Lang::Vi) => "Kế hoạch đến kỳ báo cáo",
            (Pace, Lang::En) => "Pace",
            (Pace, Lang::Vi) => "Tiến độ",
            (Projected, Lang::En) => "Projected",
            (Projected, Lang::Vi) => "Ước cả năm",
            (Change, Lang::En) => "vs last year",
            (Change, Lang::Vi) => "So với cùng kỳ",
            (Targets, Lang::En) => "Targets",
            (Targets, Lang::Vi) => "Số chỉ tiêu",
            (Score, Lang::En) => "Score",
            (Score, Lang::Vi) => "Điểm",
            (Bar, Lang::En) => "0 ─── 100 % ── 150",
            (Bar, Lang::Vi) => "0 ─── 100 % ── 150",
            (Trend, Lang::En) => "Trend",
            (Trend, Lang::Vi) => "Diễn biến",
            (AsOf, Lang::En) => "as of",
            (AsOf, Lang::Vi) => "tính đến ngày",
            (Source, Lang::En) => "Source",
            (Source, Lang::Vi) => "Nguồn số liệu",
            (Measured, Lang::En) => "Change measured",
            (Measured, Lang::Vi) => "Mức tăng/giảm",
            (MeasuredFrom, Lang::En) => "Measured from",
            (MeasuredFrom, Lang::Vi) => "So với số",
            (NoGroup, Lang::En) => "Other",
            (NoGroup, Lang::Vi) => "Khác",
            (MetOrExceeded, Lang::En) => "met or exceeded",
            (MetOrExceeded, Lang::Vi) => "Đạt và vượt",
            (RowsSkipped, Lang::En) => "rows skipped",
            (RowsSkipped, Lang::Vi) => "dòng bị bỏ qua",
            (Basis, Lang::En) => "Basis",
            (Basis, Lang::Vi) => "Căn cứ đánh giá",
            (RowsUsed, Lang::En) => "Rows used",
            (RowsUsed, Lang::Vi) => "Số dòng sử dụng",
            (PlanValue, Lang::En) => "Plan value",
            (PlanValue, Lang::Vi) => "Giá trị KH",
            (PlanLow, Lang::En) => "Plan low",
            (PlanLow, Lang::Vi) => "KH từ",
            (PlanHigh, Lang::En) => "Plan high",
            (PlanHigh, Lang::Vi) => "KH đến",
            (File, Lang::En) => "File",
            (File, Lang::Vi) => "Tệp",
            (Line, Lang::En) => "Line",
            (Line, Lang::Vi) => "Dòng",
            (Indicator, Lang::En) => "Indicator",
            (Indicator, Lang::Vi) => "Mã chỉ tiêu",
            (Period, Lang::En) => "Period",
            (Period, Lang::Vi) => "Kỳ",
            (Entity, Lang::En) => "Entity",
            (Entity, Lang::Vi) => "Đơn vị",
            (Value, Lang::En) => "Value",
            (Value, Lang::Vi) => "Giá trị",
            (RowStatus, Lang::En) => "Status",
            (RowStatus, Lang::Vi) => "Trạng thái",
            (SourceRows, Lang::En) => "Source rows",
            (SourceRows, Lang::Vi) => "Số dòng gốc",
            (ValueRead, Lang::En) => "Value read",
            (ValueRead, Lang::Vi) => "Giá trị (số)",
            (Warnings, Lang::En) => "Warnings",
            (Warnings, Lang::Vi) => "Cảnh báo",
            (Notes, Lang::En) => "Notes",
            (Notes, Lang::Vi) => "Ghi chú",
        }
    }
}

/// "met or exceeded: 9/15" / "Đạt và vượt 9/15 chỉ tiêu".
pub fn met_or_exceeded(lang: Lang, met: usize, total: usize) -> String {
    match lang {
        Lang::En => format!("met or exceeded: {met}/{total}"),
        Lang::Vi => format!("Đạt và vượt {met}/{total} chỉ tiêu"),
    }
}

/// The last line of a full ledger sheet: "… 12 more rows not listed".
pub fn rows_not_listed(lang: Lang, rows: u64) -> String {
    match lang {
        Lang::En => format!(
            "… {rows} more rows not listed one by one; the Report sheet's counts include them"
        ),
        Lang::Vi => format!(
            "… còn {rows} dòng không liệt kê từng dòng; số liệu ở trang Report đã tính cả các dòng này"
        ),
    }
}

/// What the Rows sheet holds, on its first line: a report of a few
/// targets may carry a file of thousands of rows, and the reader should
/// know why they are there.
pub fn rows_sheet_note(lang: Lang) -> &'static str {
    match lang {
        Lang::En => {
            "Every row of the actuals files and where it went: used, compared with the year before, or skipped and why (`attain check` lists the skipped ones). \"Value\" is the text as written; \"Value read\" the number attain read from it, in the unit as written."
        }
        Lang::Vi => {
            "Từng dòng của các tệp số liệu và cách xử lý: sử dụng, so sánh cùng kỳ, hoặc bỏ qua và lý do (`attain check` liệt kê các dòng bị bỏ qua). \"Giá trị\" là văn bản như trong tệp; \"Giá trị (số)\" là số attain đọc được, theo đơn vị như trong tệp."
        }
    }
}

/// The row ledger for people (reference §9): "11 rows read: 10 used, 1 skipped"
/// / "Đọc 11 dòng số liệu: sử dụng 10, bỏ qua 1"; rows kept for the
/// comparison with last year are named only when there are some.
pub fn ledger_line(lang: Lang, read: u64, used: u64, comparison: u64, skipped: u64) -> String {
    match (lang, comparison) {
        (Lang::En, 0) => format!("{read} rows read: {used} used, {skipped} skipped"),
        (Lang::En, c) => format!(
            "{read} rows read: {used} used, {c} for the comparison with last year, {skipped} skipped"
        ),
        (Lang::Vi, 0) => format!("Đọc {read} dòng số liệu: sử dụng {used}, bỏ qua {skipped}"),
        (Lang::Vi, c) => format!(
            "Đọc {read} dòng số liệu: sử dụng {used}, so sánh cùng kỳ {c}, bỏ qua {skipped}"
        ),
    }
}
