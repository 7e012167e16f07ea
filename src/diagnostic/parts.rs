//! Pieces that several messages share: what a header held, the entity
//! after an indicator, the rows a skipped row stands for, a suggestion,
//! and which target a campaign message is about.

use std::fmt;

/// What a header without a required column held, as the message says it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HeaderSeen {
    /// Only blank names.
    Blank,
    /// Names worth showing (one attain knows or would suggest is among
    /// them): the first few, and how many more.
    Columns { shown: Vec<String>, more: usize },
    /// Nothing like a column attain reads: not a CSV of actuals?
    NotColumns { fields: usize },
}

impl fmt::Display for HeaderSeen {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            HeaderSeen::Blank => f.write_str("found: none"),
            HeaderSeen::Columns { shown, more } => {
                write!(f, "found: {}", shown.join(", "))?;
                if *more > 0 {
                    write!(f, ", … and {more} more")?;
                }
                Ok(())
            }
            HeaderSeen::NotColumns { fields } => {
                f.write_str("its first line ")?;
                if *fields == 1 {
                    f.write_str("is one field, not a column")?;
                } else {
                    write!(f, "has {fields} fields, none of them a column")?;
                }
                f.write_str(" attain reads: is this a CSV of actuals?")
            }
        }
    }
}

/// " (entity X)" after an indicator, or nothing for the whole campaign.
pub(super) struct EntitySuffix<'a>(pub(super) &'a str);

impl fmt::Display for EntitySuffix<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            Ok(())
        } else {
            write!(f, " (entity {})", self.0)
        }
    }
}

/// "did you mean 'x'? " before a list of the names there are, or nothing
/// when no name is close.
pub(super) struct DidYouMean<'a>(pub(super) Option<&'a str>);

impl fmt::Display for DidYouMean<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(name) => write!(f, "did you mean '{name}'? "),
            None => Ok(()),
        }
    }
}

/// " (and N more rows of that period)" after a skipped row that stands
/// for others, or nothing.
pub struct MoreRows(pub u64);

impl fmt::Display for MoreRows {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            0 => Ok(()),
            n => write!(f, " (and {n} more rows of that period)"),
        }
    }
}

/// Which `[[target]]` or `[[series]]` a campaign message is about: by its
/// id when it has a valid one, else by its place (1-based) in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Subject {
    Id { what: &'static str, id: String },
    Nth { what: &'static str, n: usize },
}

impl fmt::Display for Subject {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Subject::Id { what, id } => write!(f, "{what} '{id}'"),
            Subject::Nth { what, n } => write!(f, "[[{what}]] #{n}"),
        }
    }
}

impl Subject {
    /// The subject in `lang`: `target 'x'` / `chỉ tiêu 'x'`.
    pub fn worded(&self, lang: crate::labels::Lang) -> String {
        match lang {
            crate::labels::Lang::En => self.to_string(),
            crate::labels::Lang::Vi => Vi(self).to_string(),
        }
    }
}

/// A piece in Vietnamese: `Vi(MoreRows(3))` is " (và 3 dòng nữa của kỳ đó)".
/// The Vietnamese messages (`*_vi.rs`) use these.
pub struct Vi<T>(pub T);

/// What a `[[target]]` or `[[series]]` is called in Vietnamese.
fn vi_what(what: &str) -> &str {
    match what {
        "target" => "chỉ tiêu",
        "series" => "chuỗi số liệu",
        other => other,
    }
}

impl fmt::Display for Vi<&Subject> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Subject::Id { what, id } => write!(f, "{} '{id}'", vi_what(what)),
            Subject::Nth { what, n } => write!(f, "[[{what}]] thứ {n}"),
        }
    }
}

impl fmt::Display for Vi<&HeaderSeen> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            HeaderSeen::Blank => f.write_str("thấy: không có tên cột nào"),
            HeaderSeen::Columns { shown, more } => {
                write!(f, "thấy: {}", shown.join(", "))?;
                if *more > 0 {
                    write!(f, ", … và {more} cột nữa")?;
                }
                Ok(())
            }
            HeaderSeen::NotColumns { fields } => {
                f.write_str("dòng đầu của tệp ")?;
                if *fields == 1 {
                    f.write_str("là một trường, không phải cột")?;
                } else {
                    write!(f, "có {fields} trường, không trường nào là cột")?;
                }
                f.write_str(" mà attain đọc: đây có phải tệp CSV số liệu thực hiện không?")
            }
        }
    }
}

impl fmt::Display for Vi<EntitySuffix<'_>> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.0.is_empty() {
            Ok(())
        } else {
            write!(f, " (đơn vị {})", self.0.0)
        }
    }
}

impl fmt::Display for Vi<DidYouMean<'_>> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0.0 {
            Some(name) => write!(f, "có phải ý bạn là '{name}'? "),
            None => Ok(()),
        }
    }
}

impl fmt::Display for Vi<MoreRows> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0.0 {
            0 => Ok(()),
            n => write!(f, " (và {n} dòng nữa của kỳ đó)"),
        }
    }
}

/// A sentence another module words (why a period, number, unit or formula
/// does not read), in both languages, quoted by a message as its reason.
/// Text attain does not word itself (the TOML or CSV reader's, the
/// system's) is the same in both.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Said {
    pub en: String,
    pub vi: String,
}

impl Said {
    /// A sentence in both languages.
    pub fn new(en: impl Into<String>, vi: impl Into<String>) -> Said {
        Said {
            en: en.into(),
            vi: vi.into(),
        }
    }

    /// Text that only exists in English (another library's, the system's).
    pub fn english(text: impl Into<String>) -> Said {
        let en = text.into();
        Said { vi: en.clone(), en }
    }

    /// The sentence in `lang`.
    pub fn get(&self, lang: crate::labels::Lang) -> &str {
        match lang {
            crate::labels::Lang::En => &self.en,
            crate::labels::Lang::Vi => &self.vi,
        }
    }
}

/// Text in English only (as [`Said::english`]).
impl From<&str> for Said {
    fn from(text: &str) -> Said {
        Said::english(text)
    }
}

/// In the language this thread speaks ([`super::spoken`]).
impl fmt::Display for Said {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.get(super::spoken()))
    }
}

impl fmt::Display for Vi<&Said> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.vi)
    }
}

/// A message with the [`Subject`] it is about in front, so that it still
/// says which target when read without its line (a cron mail, json).
pub fn about(subject: &str, message: &str) -> String {
    format!("{subject}: {message}")
}

/// Names in quotes, joined by commas: `'Tổng hợp', 'Thực hiện'`.
pub(super) fn quoted_list(names: &[String]) -> String {
    names
        .iter()
        .map(|n| format!("'{n}'"))
        .collect::<Vec<_>>()
        .join(", ")
}
