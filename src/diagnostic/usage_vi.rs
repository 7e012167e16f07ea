//! The command line's own errors in Vietnamese, variant for variant with
//! `usage.rs`.

use std::fmt;

use super::Usage;
use super::parts::{DidYouMean, Vi};

impl Usage {
    /// The message in Vietnamese.
    pub(super) fn vietnamese(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use Usage::*;
        match self {
            CampaignNotFound { file } => write!(
                f,
                "không tìm thấy tệp kế hoạch '{file}'; hãy chỉ ra tệp bằng -t FILE, đặt biến ATTAIN_TARGETS, hoặc tạo tệp mới bằng `attain init`"
            ),
            NoSuchTarget {
                id,
                suggestion,
                known,
            } => write!(
                f,
                "không có chỉ tiêu nào mang mã '{id}'; {}các chỉ tiêu hiện có: {}",
                Vi(DidYouMean(suggestion.as_deref())),
                known.join(", ")
            ),
            InitWouldOverwrite { name } => write!(
                f,
                "'{name}' đã tồn tại; attain init không bao giờ ghi đè lên tệp — hãy chọn đường dẫn khác (attain init new.toml)"
            ),
            BadAsOf { reason } => write!(f, "--as-of: {}", reason.vi),
            Sql { reason } => write!(f, "attain sql: {}", reason.vi),
            SubcommandAfterOptions { first } => write!(
                f,
                "'{first}' là một lệnh con: hãy viết lệnh con trước các tùy chọn (attain {first} -t FILE ...)"
            ),
            XlsxToTerminal => f.write_str(
                "xlsx là sổ tính dạng nhị phân, mà đầu ra chuẩn đang là màn hình dòng lệnh; hãy ghi ra tệp (-o report.xlsx) hoặc chuyển hướng đầu ra chuẩn",
            ),
            NoJobs => f.write_str("--jobs phải từ 1 trở lên"),
            FormatContradictsOutput {
                format,
                name,
                named,
            } => write!(
                f,
                "-f {format} mâu thuẫn với -o {name}, là tên của một tệp {named}; hãy bỏ -f, hoặc đặt cho tệp phần mở rộng của {format}"
            ),
            ExplainWritesText { name, other } => write!(
                f,
                "-o {name}: `attain explain` ghi văn bản thuần, không phải {other}; hãy đặt tên tệp có đuôi .txt"
            ),
            UnknownOutputExtension {
                name,
                extension,
                choices,
            } => unknown_extension(f, name, extension.as_deref(), choices),
            BadDelimiter { text } => write!(
                f,
                "--delimiter '{text}' phải là một ký tự ASCII, không phải dấu ngoặc kép hay dấu xuống dòng, ví dụ ';' hoặc '\\t'"
            ),
            NoSuchGroup {
                wanted,
                suggestion,
                groups,
            } => no_such_group(f, wanted, suggestion.as_deref(), groups),
            NoActuals { campaign } => write!(
                f,
                "không có số liệu thực hiện: hãy nêu các tệp CSV trên dòng lệnh (hoặc - cho đầu vào chuẩn), hoặc đặt `actuals = [\"...\"]` trong [campaign] của {campaign}"
            ),
            AsOfBeforeStart { as_of, start } => write!(
                f,
                "--as-of {as_of} trước ngày bắt đầu của kế hoạch ({start})"
            ),
            StdinNamedTwice => f.write_str(
                "đầu vào chuẩn (-) được nêu hai lần; đầu vào chuẩn chỉ đọc được một lần",
            ),
            SameFileTwice { name, first } => write!(
                f,
                "'{name}' là cùng một tệp với '{first}': nếu đọc hai lần, mỗi giá trị trong tệp sẽ bị tính gấp đôi; hãy chỉ nêu tệp một lần"
            ),
            WouldOverwriteInput { out, what } => write!(
                f,
                "-o {out} là {}, một tệp đầu vào của lần chạy này; attain không bao giờ ghi đè lên tệp đầu vào: hãy ghi ra chỗ khác",
                input_file(what)
            ),
            TemplateFormat { other } => write!(
                f,
                "`attain template` ghi csv, tsv hoặc xlsx, không ghi {other}"
            ),
            CheckFormat { other } => write!(
                f,
                "`attain check` in ra bản liệt kê hoặc json, không in {other}; hãy dùng -f json hoặc bỏ -f"
            ),
            NoEntitiesAcross { campaign } => write!(
                f,
                "{campaign} không có đơn vị nào để xếp theo cột: hãy khai báo chúng trong [entities] (hoặc cho một chỉ tiêu các chỉ tiêu theo đơn vị), hoặc bỏ `entity` để xếp các tháng theo cột"
            ),
        }
    }
}

/// `-o` whose name does not tell a format the job writes, in Vietnamese.
fn unknown_extension(
    f: &mut fmt::Formatter<'_>,
    name: &str,
    extension: Option<&str>,
    choices: &str,
) -> fmt::Result {
    write!(f, "-o {name}: ")?;
    match extension {
        Some(e) => write!(f, "attain không ghi tệp '.{e}'")?,
        None => f.write_str("tên tệp không có phần mở rộng để nhận biết định dạng")?,
    }
    write!(
        f,
        "; hãy đặt tên tệp có đuôi {}, hoặc dùng -f",
        file_names(choices)
    )
}

/// The names a `-o` could have, as the command line lists them in English
/// (".csv, .tsv or .xlsx", ".txt (the listing) or .json"), in Vietnamese.
fn file_names(choices: &str) -> String {
    choices
        .replace(" or ", " hoặc ")
        .replace("(the listing)", "(bản liệt kê)")
}

/// The input a `-o` would write over, as the command line says it in
/// English ("the campaign file X", "the actuals file X"), in Vietnamese;
/// anything else is shown as it is.
fn input_file(what: &str) -> String {
    if let Some(name) = what.strip_prefix("the campaign file ") {
        format!("tệp kế hoạch {name}")
    } else if let Some(name) = what.strip_prefix("the actuals file ") {
        format!("tệp số liệu {name}")
    } else {
        what.to_string()
    }
}

/// `--group` that names no group, in Vietnamese: the closest, and every
/// group there is.
fn no_such_group(
    f: &mut fmt::Formatter<'_>,
    wanted: &str,
    suggestion: Option<&str>,
    groups: &[String],
) -> fmt::Result {
    let suggestion = Vi(DidYouMean(suggestion));
    write!(
        f,
        "--group: kế hoạch không có lĩnh vực '{wanted}'; {suggestion}"
    )?;
    if groups.is_empty() {
        f.write_str("các lĩnh vực hiện có: (không có)")
    } else {
        write!(f, "các lĩnh vực hiện có: {}", groups.join(", "))
    }
}

#[cfg(test)]
mod tests {
    use std::fmt;

    use chrono::NaiveDate;

    use super::super::{Said, Usage};

    /// A usage error in English.
    struct En<'a>(&'a Usage);

    impl fmt::Display for En<'_> {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            self.0.english(f)
        }
    }

    /// A usage error in Vietnamese.
    struct Vi<'a>(&'a Usage);

    impl fmt::Display for Vi<'_> {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            self.0.vietnamese(f)
        }
    }

    fn vi(usage: &Usage) -> String {
        Vi(usage).to_string()
    }

    fn date(m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2022, m, d).unwrap()
    }

    /// One of each variant (a helper's branches each once), with the
    /// values the command line gives them.
    fn every_usage() -> Vec<Usage> {
        use Usage::*;
        let group = |suggestion: Option<&str>, groups: &[&str]| NoSuchGroup {
            wanted: "kinh te".into(),
            suggestion: suggestion.map(str::to_string),
            groups: groups.iter().map(|g| g.to_string()).collect(),
        };
        vec![
            CampaignNotFound {
                file: "targets.toml".into(),
            },
            NoSuchTarget {
                id: "gpd".into(),
                suggestion: Some("gdp".into()),
                known: vec!["gdp".into(), "cpi".into()],
            },
            NoSuchTarget {
                id: "zzz".into(),
                suggestion: None,
                known: vec!["gdp".into()],
            },
            InitWouldOverwrite {
                name: "targets.toml".into(),
            },
            BadAsOf {
                reason: Said::new("in English", "bằng tiếng Việt"),
            },
            Sql {
                reason: Said::new("in English", "bằng tiếng Việt"),
            },
            SubcommandAfterOptions {
                first: "check".into(),
            },
            XlsxToTerminal,
            NoJobs,
            FormatContradictsOutput {
                format: "csv".into(),
                name: "out.xlsx".into(),
                named: "xlsx".into(),
            },
            ExplainWritesText {
                name: "out.csv".into(),
                other: "csv".into(),
            },
            UnknownOutputExtension {
                name: "out.doc".into(),
                extension: Some("doc".into()),
                choices: ".csv, .tsv, .json, .md, .html or .xlsx",
            },
            UnknownOutputExtension {
                name: "out".into(),
                extension: None,
                choices: ".txt (the listing) or .json",
            },
            BadDelimiter { text: "ab".into() },
            group(Some("Kinh te"), &["Kinh te", "Xa hoi"]),
            group(None, &[]),
            NoActuals {
                campaign: "targets.toml".into(),
            },
            AsOfBeforeStart {
                as_of: date(1, 1),
                start: date(2, 1),
            },
            StdinNamedTwice,
            SameFileTwice {
                name: "a.csv".into(),
                first: "./a.csv".into(),
            },
            WouldOverwriteInput {
                out: "a.csv".into(),
                what: "the actuals file a.csv".into(),
            },
            WouldOverwriteInput {
                out: "targets.toml".into(),
                what: "the campaign file targets.toml".into(),
            },
            TemplateFormat {
                other: "json".into(),
            },
            CheckFormat {
                other: "csv".into(),
            },
            NoEntitiesAcross {
                campaign: "targets.toml".into(),
            },
        ]
    }

    #[test]
    fn every_usage_error_is_worded_in_vietnamese() {
        let mut seen = std::collections::HashSet::new();
        for usage in every_usage() {
            seen.insert(std::mem::discriminant(&usage));
            let (vi, en) = (vi(&usage), En(&usage).to_string());
            assert!(!vi.is_empty(), "{usage:?}");
            assert_ne!(vi, en, "{usage:?} is the English");
            assert!(!vi.contains("{}"), "{vi}");
            for english in [" the ", " or ", " not ", "(the listing)", "did you mean"] {
                assert!(!vi.contains(english), "{vi} says '{english}'");
            }
        }
        assert_eq!(seen.len(), 21, "a variant of Usage is not sampled");
    }

    #[test]
    fn a_campaign_not_found_says_how_to_name_one() {
        let usage = Usage::CampaignNotFound {
            file: "targets.toml".into(),
        };
        assert_eq!(
            vi(&usage),
            "không tìm thấy tệp kế hoạch 'targets.toml'; hãy chỉ ra tệp bằng -t FILE, đặt biến ATTAIN_TARGETS, hoặc tạo tệp mới bằng `attain init`"
        );
    }

    #[test]
    fn no_actuals_says_where_to_name_them() {
        let usage = Usage::NoActuals {
            campaign: "targets.toml".into(),
        };
        assert_eq!(
            vi(&usage),
            "không có số liệu thực hiện: hãy nêu các tệp CSV trên dòng lệnh (hoặc - cho đầu vào chuẩn), hoặc đặt `actuals = [\"...\"]` trong [campaign] của targets.toml"
        );
    }

    #[test]
    fn usage_errors_suggest_and_list_in_vietnamese() {
        let group = |suggestion: Option<&str>, groups: &[&str]| Usage::NoSuchGroup {
            wanted: "kinh te".into(),
            suggestion: suggestion.map(str::to_string),
            groups: groups.iter().map(|g| g.to_string()).collect(),
        };
        assert_eq!(
            vi(&group(Some("Kinh te"), &["Kinh te", "Xa hoi"])),
            "--group: kế hoạch không có lĩnh vực 'kinh te'; có phải ý bạn là 'Kinh te'? các lĩnh vực hiện có: Kinh te, Xa hoi"
        );
        assert_eq!(
            vi(&group(None, &[])),
            "--group: kế hoạch không có lĩnh vực 'kinh te'; các lĩnh vực hiện có: (không có)"
        );
        let no_extension = Usage::UnknownOutputExtension {
            name: "out".into(),
            extension: None,
            choices: ".txt (the listing) or .json",
        };
        assert_eq!(
            vi(&no_extension),
            "-o out: tên tệp không có phần mở rộng để nhận biết định dạng; hãy đặt tên tệp có đuôi .txt (bản liệt kê) hoặc .json, hoặc dùng -f"
        );
        let overwrite = Usage::WouldOverwriteInput {
            out: "a.csv".into(),
            what: "the actuals file a.csv".into(),
        };
        assert!(vi(&overwrite).starts_with("-o a.csv là tệp số liệu a.csv, "));
    }
}
