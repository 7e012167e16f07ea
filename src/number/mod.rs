//! Numbers as people write them: parsing and formatting exact decimals in the
//! `en` (`1,234.5`) and `vi` (`1.234,5`) number styles (reference §4.1). A text
//! that could be read two ways is an error with a hint, never a guess, and a
//! value is never rounded on the way in. This module does no I/O and knows
//! nothing of files, columns or units: callers put the `file:line:col` in front
//! of its errors and say whether a value's unit is a percentage.

use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;

mod cell;
mod format;
mod parse;
#[cfg(test)]
mod tests;

pub use cell::read_plain;
pub use format::{format, format_plain};
use parse::{explain, read};

/// A number style: which character groups thousands and which one is the
/// decimal separator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Locale {
    /// `1,234.5`: comma groups, dot decimal.
    #[default]
    En,
    /// `1.234,5`: dot groups, comma decimal.
    Vi,
}

impl Locale {
    /// The character between the integer part and the fraction.
    #[must_use]
    pub fn decimal_sep(self) -> char {
        match self {
            Locale::En => '.',
            Locale::Vi => ',',
        }
    }

    /// The character that groups thousands in the integer part.
    #[must_use]
    pub fn group_sep(self) -> char {
        match self {
            Locale::En => ',',
            Locale::Vi => '.',
        }
    }

    /// The locale whose separators are this one's swapped, for hints.
    fn other(self) -> Locale {
        match self {
            Locale::En => Locale::Vi,
            Locale::Vi => Locale::En,
        }
    }
}

impl FromStr for Locale {
    type Err = String;

    /// Reads `en` or `vi`, ignoring case and surrounding whitespace.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let name = text.trim();
        if name.eq_ignore_ascii_case("en") {
            Ok(Locale::En)
        } else if name.eq_ignore_ascii_case("vi") {
            Ok(Locale::Vi)
        } else {
            Err(format!("unknown locale '{name}'; use en or vi"))
        }
    }
}

impl fmt::Display for Locale {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Locale::En => "en",
            Locale::Vi => "vi",
        })
    }
}

/// Why a text is not a number. `Display` is a full sentence without a
/// location: the caller prefixes `file:line:col`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NumberError {
    /// The sentence shown to the user, quoting the offending text.
    pub message: String,
    /// The same sentence in Vietnamese.
    pub vi: String,
}

impl fmt::Display for NumberError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl NumberError {
    /// The sentence in both languages, for a diagnostic to quote.
    pub fn said(&self) -> crate::diagnostic::Said {
        crate::diagnostic::Said::new(self.message.clone(), self.vi.clone())
    }
}

impl std::error::Error for NumberError {}

/// Parses `text` written in `locale` into its exact value, keeping the scale
/// the text had (`0.10` stays 0.10).
///
/// Accepted: surrounding whitespace (including U+00A0 and U+202F); one sign,
/// `+`, `-`, `−` or parentheses around the number; thousands grouped by the
/// locale's group separator or by spaces; the locale's decimal separator.
/// With `percent_ok`, a trailing `%` (optionally after spaces) is allowed and
/// ignored, since the unit already says the value is a percentage.
/// Everything else is an error whose message says what is wrong and, where
/// the text is valid in the other locale, suggests `--locale`.
///
/// # Errors
///
/// A [`NumberError`] for any text that is not exactly one number in `locale`.
pub fn parse(text: &str, locale: Locale, percent_ok: bool) -> Result<Decimal, NumberError> {
    let text = text.trim();
    read(text, locale, percent_ok).map_err(|fault| {
        let (message, vi) = explain(text, locale, percent_ok, fault);
        NumberError { message, vi }
    })
}
