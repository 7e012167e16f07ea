//! The words of human output in English and Vietnamese (SPEC §7, §12):
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
    NoGroup,
    MetOrExceeded,
    RowsSkipped,
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
            (NoGroup, Lang::En) => "Other",
            (NoGroup, Lang::Vi) => "Khác",
            (MetOrExceeded, Lang::En) => "met or exceeded",
            (MetOrExceeded, Lang::Vi) => "Đạt và vượt",
            (RowsSkipped, Lang::En) => "rows skipped",
            (RowsSkipped, Lang::Vi) => "dòng bị bỏ qua",
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
