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

/// A message with the [`Subject`] it is about in front, so that it still
/// says which target when read without its line (a cron mail, json).
pub fn about(subject: &str, message: &str) -> String {
    format!("{subject}: {message}")
}
