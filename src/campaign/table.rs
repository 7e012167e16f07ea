//! The consuming table reader: a TOML table whose keys are taken as they
//! are read, so that whatever is left when a table is finished is a key
//! attain does not know. The keys asked for are the valid ones, and the
//! closest of them is suggested: no list of keys is kept beside the code
//! that reads them.
//!
//! [`Reader`] holds the diagnostics and turns spans into file:line:col. Its
//! typed readers (string, number, date...) only check a value's shape; what
//! a value means next to the others is the validate step's business.

use std::ops::Range;

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::diagnostic::Code;
use crate::error::{Diagnostic, LineStarts, Location};

pub(super) type Value<'i> = Spanned<DeValue<'i>>;

/// A value as read, and where it was written.
#[derive(Debug, Clone)]
pub(super) struct Field<T> {
    pub value: T,
    pub span: Range<usize>,
}

/// One table being read. [`Table::take`] removes a key and notes that it
/// is valid here; [`Reader::finish`] reports the keys nobody took.
pub(super) struct Table<'i> {
    entries: DeTable<'i>,
    /// The keys asked for, in the order the reader asks: the valid keys.
    asked: Vec<&'static str>,
    /// How messages name the table: "[[target]]", "a revision".
    what: &'static str,
}

impl<'i> Table<'i> {
    pub fn new(entries: DeTable<'i>, what: &'static str) -> Table<'i> {
        Table {
            entries,
            asked: Vec::new(),
            what,
        }
    }

    /// The value of `key`, taken out of the table.
    pub fn take(&mut self, key: &'static str) -> Option<Value<'i>> {
        self.asked.push(key);
        self.entries.remove(key)
    }
}

/// The valid key closest to `name`, if it is close enough to be a typo.
pub fn closest<'a>(name: &str, valid: &[&'a str]) -> Option<&'a str> {
    let lower = name.to_lowercase();
    valid
        .iter()
        .map(|v| (strsim::damerau_levenshtein(&lower, v), *v))
        .filter(|(d, v)| *d <= 2.max(v.len() / 3))
        .min_by_key(|(d, _)| *d)
        .map(|(_, v)| v)
}

/// The diagnostics of one campaign file, and the typed readers of values.
pub(super) struct Reader<'a> {
    pub file: &'a str,
    pub text: &'a str,
    lines: LineStarts,
    pub diagnostics: Vec<Diagnostic>,
    /// Every (table, key) the reader asked for, for the test that holds
    /// `attain init`'s starter to the keys attain reads.
    #[cfg(test)]
    pub asked: Vec<(&'static str, &'static str)>,
}

impl<'a> Reader<'a> {
    pub fn new(file: &'a str, text: &'a str) -> Reader<'a> {
        Reader {
            file,
            text,
            lines: LineStarts::new(text),
            diagnostics: Vec::new(),
            #[cfg(test)]
            asked: Vec::new(),
        }
    }

    pub fn loc(&self, span: Range<usize>) -> Location {
        self.lines.location(self.file, self.text, span.start)
    }

    pub fn error(&mut self, span: Range<usize>, code: Code) {
        let loc = self.loc(span);
        self.error_at(loc, code);
    }

    pub fn error_at(&mut self, location: Location, code: Code) {
        self.diagnostics
            .push(Diagnostic::error(Some(location), code));
    }

    /// The end of a table: every key left in it is unknown, and gets the
    /// closest valid key suggested (or the list of them).
    pub fn finish(&mut self, table: Table<'_>) {
        #[cfg(test)]
        self.asked
            .extend(table.asked.iter().map(|key| (table.what, *key)));
        let what = table.what;
        for key in table.entries.keys() {
            let name = key.get_ref().as_ref();
            let code = Code::UnknownKey {
                key: name.to_string(),
                table: what,
                suggestion: closest(name, &table.asked),
                valid: table.asked.clone(),
            };
            self.error(key.span(), code);
        }
    }

    /// A table's entries, taken out of `value`; `what` names it when it is
    /// something else.
    pub fn table<'i>(&mut self, value: Value<'i>, what: &str) -> Option<DeTable<'i>> {
        let span = value.span();
        match value.into_inner() {
            DeValue::Table(t) => Some(t),
            other => {
                let what = what.to_string();
                let found = other.type_str();
                self.error(span, Code::NotATable { what, found });
                None
            }
        }
    }

    /// A string, in Unicode NFC so that names and groups compare equal
    /// however they were typed.
    pub fn string(&mut self, value: &Value<'_>, key: &str) -> Option<String> {
        match value.get_ref() {
            DeValue::String(s) => Some(crate::text::nfc(s).into_owned()),
            other => {
                let (key, found) = (key.to_string(), other.type_str());
                self.error(value.span(), Code::NotAString { key, found });
                None
            }
        }
    }

    pub fn boolean(&mut self, value: &Value<'_>, key: &str) -> Option<bool> {
        match value.get_ref() {
            DeValue::Boolean(b) => Some(*b),
            other => {
                let (key, found) = (key.to_string(), other.type_str());
                self.error(value.span(), Code::NotABoolean { key, found });
                None
            }
        }
    }

    /// A number, exactly as written (integer or float text).
    pub fn number(&mut self, value: &Value<'_>, key: &str) -> Option<Decimal> {
        let raw = match value.get_ref() {
            DeValue::Integer(i) if i.radix() == 10 => i.as_str(),
            DeValue::Float(f) => f.as_str(),
            DeValue::Integer(_) => {
                let key = key.to_string();
                self.error(value.span(), Code::NotDecimalRadix { key });
                return None;
            }
            other => {
                let (key, found) = (key.to_string(), other.type_str());
                self.error(value.span(), Code::NotANumber { key, found });
                return None;
            }
        };
        match decimal_from_toml(raw) {
            Ok(d) => Some(d),
            Err(why) => {
                self.error(value.span(), why(key.to_string(), raw.to_string()));
                None
            }
        }
    }

    pub fn date(&mut self, value: &Value<'_>, key: &str) -> Option<NaiveDate> {
        let parsed = match value.get_ref() {
            DeValue::Datetime(dt) => match (dt.date, dt.time) {
                (Some(d), None) => {
                    NaiveDate::from_ymd_opt(d.year.into(), d.month.into(), d.day.into())
                }
                _ => None,
            },
            DeValue::String(s) => NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok(),
            _ => None,
        };
        match parsed {
            None => {
                let key = key.to_string();
                self.error(value.span(), Code::NotADate { key });
                None
            }
            // The same years as a period in the actuals (`Span::parse`).
            Some(date) if !(1000..=9999).contains(&date.year()) => {
                let key = key.to_string();
                self.error(value.span(), Code::YearOutOfRange { key, date });
                None
            }
            Some(d) => Some(d),
        }
    }

    /// `key`'s value read by `read`, with its span; `None` when the key is
    /// absent or its value has the wrong shape.
    pub fn field<'i, T>(
        &mut self,
        table: &mut Table<'i>,
        key: &'static str,
        read: impl FnOnce(&mut Self, &Value<'i>, &'static str) -> Option<T>,
    ) -> Option<Field<T>> {
        let value = table.take(key)?;
        let read = read(self, &value, key)?;
        Some(Field {
            value: read,
            span: value.span(),
        })
    }

    /// `key` as a string, when present and a string.
    pub fn take_string(&mut self, table: &mut Table<'_>, key: &'static str) -> Option<String> {
        let value = table.take(key)?;
        self.string(&value, key)
    }

    /// The location of character `offset` inside the string `value`.
    pub fn inside_string(&self, span: Range<usize>, text: &str, offset: usize) -> Location {
        let start = span.start;
        let raw = self.text.get(start..).unwrap_or_default();
        let quote = if raw.starts_with("\"\"\"") || raw.starts_with("'''") {
            3
        } else {
            1
        };
        let bytes = text
            .char_indices()
            .nth(offset)
            .map_or(text.len(), |(b, _)| b);
        self.lines
            .location(self.file, self.text, start + quote + bytes)
    }
}

/// A TOML number's text as an exact decimal: `92_070`, `1.1`, `1e3`; when
/// it is not one, the code that says why, given the key and the text.
fn decimal_from_toml(raw: &str) -> Result<Decimal, fn(String, String) -> Code> {
    let clean: String = raw.chars().filter(|c| *c != '_').collect();
    let lower = clean.to_ascii_lowercase();
    if lower.contains("inf") || lower.contains("nan") {
        return Err(|key, raw| Code::NotFinite { key, raw });
    }
    let parsed = if lower.contains('e') {
        Decimal::from_scientific(&lower)
    } else {
        clean.parse::<Decimal>()
    };
    parsed.map_err(|_| -> fn(String, String) -> Code { |key, raw| Code::NotExact { key, raw } })
}
