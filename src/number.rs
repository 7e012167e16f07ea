//! Numbers as people write them: parsing and formatting exact decimals in the
//! `en` (`1,234.5`) and `vi` (`1.234,5`) number styles (SPEC §4.1). A text
//! that could be read two ways is an error with a hint, never a guess, and a
//! value is never rounded on the way in. This module does no I/O and knows
//! nothing of files, columns or units: callers put the `file:line:col` in front
//! of its errors and say whether a value's unit is a percentage.

use std::fmt;
use std::str::FromStr;

use rust_decimal::{Decimal, RoundingStrategy};

/// The largest mantissa a `Decimal` holds (2^96 - 1).
const MAX_MANTISSA: u128 = (1 << 96) - 1;

/// The largest number of decimals a `Decimal` holds.
const MAX_SCALE: usize = 28;

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
}

impl fmt::Display for NumberError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
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
    read(text, locale, percent_ok).map_err(|fault| NumberError {
        message: explain(text, locale, percent_ok, fault),
    })
}

/// Formats `value` for humans: thousands grouped with the locale's group
/// separator, the locale's decimal separator, `-` for negatives, never `-0`.
///
/// `decimals = None` shows the exact value without trailing zeros
/// (91700.0 -> `91,700` in en, `91.700` in vi). `Some(d)` rounds half away
/// from zero and shows exactly `d` decimals (99.6 -> `99.60` for `Some(2)`).
#[must_use]
pub fn format(value: Decimal, locale: Locale, decimals: Option<u32>) -> String {
    let value = match decimals {
        None => value.normalize(),
        Some(places) => round(value, places),
    };
    let (negative, integer, mut fraction) = digits(value);
    if let Some(places) = decimals {
        // Rounding never adds decimals, so a value with fewer is padded.
        while fraction.len() < places as usize {
            fraction.push('0');
        }
    }

    let mut out = String::with_capacity(integer.len() * 4 / 3 + fraction.len() + 2);
    if negative {
        out.push('-');
    }
    let width = integer.len();
    for (index, digit) in integer.chars().enumerate() {
        if index > 0 && (width - index) % 3 == 0 {
            out.push(locale.group_sep());
        }
        out.push(digit);
    }
    if !fraction.is_empty() {
        out.push(locale.decimal_sep());
        out.push_str(&fraction);
    }
    out
}

/// Formats `value` for machines (csv, json): dot decimal, no grouping, `-`
/// for negatives, never `-0`, never exponent notation, no trailing zeros.
///
/// `Some(d)` first rounds half away from zero to `d` decimals, then drops
/// trailing zeros (99.60 -> `99.6`, 100.00 -> `100`).
#[must_use]
pub fn format_plain(value: Decimal, decimals: Option<u32>) -> String {
    let value = match decimals {
        None => value,
        Some(places) => round(value, places),
    };
    let (negative, integer, fraction) = digits(value.normalize());
    let mut out = String::with_capacity(integer.len() + fraction.len() + 2);
    if negative {
        out.push('-');
    }
    out.push_str(&integer);
    if !fraction.is_empty() {
        out.push('.');
        out.push_str(&fraction);
    }
    out
}

/// Half away from zero, the rounding a reader of a report expects
/// (123.165 -> 123.17), unlike the banker's rounding `Decimal::round` does.
fn round(value: Decimal, places: u32) -> Decimal {
    value.round_dp_with_strategy(places, RoundingStrategy::MidpointAwayFromZero)
}

/// Splits `value` into its sign and its integer and fraction digits, written
/// out from the mantissa so that no exponent notation can ever appear.
fn digits(value: Decimal) -> (bool, String, String) {
    let negative = value.is_sign_negative() && !value.is_zero();
    let scale = value.scale() as usize;
    let mut integer = value.mantissa().unsigned_abs().to_string();
    if integer.len() <= scale {
        let zeros = "0".repeat(scale + 1 - integer.len());
        integer.insert_str(0, &zeros);
    }
    let fraction = integer.split_off(integer.len() - scale);
    (negative, integer, fraction)
}

/// What is wrong with a text, before it is worded for the user.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fault {
    Empty,
    /// A character that has no place in a number: a letter, a symbol.
    NotANumber,
    /// The right characters in the wrong arrangement.
    Malformed(&'static str),
    MissingLeadingDigit,
    MultipleSigns,
    /// The locale's group separator is not followed by exactly three digits.
    Ambiguous,
    BadGrouping(&'static str),
    PercentNotAllowed,
    TooManyDigits,
}

/// A character between two runs of digits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Separator {
    Dot,
    Comma,
    /// A space, U+00A0 or U+202F: all three group thousands the same way.
    Space,
}

impl Separator {
    fn of(c: char) -> Option<Separator> {
        match c {
            '.' => Some(Separator::Dot),
            ',' => Some(Separator::Comma),
            ' ' | '\u{a0}' | '\u{202f}' => Some(Separator::Space),
            _ => None,
        }
    }

    fn decimal(locale: Locale) -> Separator {
        match locale {
            Locale::En => Separator::Dot,
            Locale::Vi => Separator::Comma,
        }
    }

    fn group(locale: Locale) -> Separator {
        match locale {
            Locale::En => Separator::Comma,
            Locale::Vi => Separator::Dot,
        }
    }
}

/// The parser proper, on trimmed text, without any wording or hints (so
/// that hints can try the other locale without recursing).
fn read(text: &str, locale: Locale, percent_ok: bool) -> Result<Decimal, Fault> {
    if text.is_empty() {
        return Err(Fault::Empty);
    }
    let (body, mut percent) = strip_percent(text);

    let (negative, body) = if let Some(rest) = body.strip_prefix('(') {
        let Some(inner) = rest.strip_suffix(')') else {
            return Err(Fault::Malformed("its opening parenthesis is not closed"));
        };
        let inner = inner.trim();
        if inner.starts_with(['+', '-', '\u{2212}', '(']) {
            return Err(Fault::MultipleSigns);
        }
        // Spreadsheets write a negative percentage as `(5%)`.
        if percent {
            (true, inner)
        } else {
            let (inner_body, inner_percent) = strip_percent(inner);
            percent = inner_percent;
            (true, inner_body)
        }
    } else {
        let (negative, rest) = match body.chars().next() {
            Some(sign @ ('+' | '-' | '\u{2212}')) => (sign != '+', &body[sign.len_utf8()..]),
            _ => (false, body),
        };
        if rest.starts_with(['+', '-', '\u{2212}', '(']) {
            return Err(Fault::MultipleSigns);
        }
        if rest.ends_with(')') {
            return Err(Fault::Malformed(
                "it has a closing parenthesis without an opening one",
            ));
        }
        (negative, rest)
    };

    let value = read_digits(body, locale, negative)?;
    // Checked last: "abc%" is first of all not a number.
    if percent && !percent_ok {
        return Err(Fault::PercentNotAllowed);
    }
    Ok(value)
}

/// Splits a trailing `%` (and the spaces before it) off `text`.
fn strip_percent(text: &str) -> (&str, bool) {
    match text.strip_suffix('%') {
        Some(rest) => (rest.trim_end(), true),
        None => (text, false),
    }
}

/// A run of digits and the separator that follows it (`None` for the last).
/// The runs of a number are walked several times rather than collected:
/// this is the per-row hot path of ingest, and it must not allocate.
#[derive(Clone)]
struct Runs<'a> {
    rest: Option<&'a str>,
}

impl<'a> Runs<'a> {
    /// `body` must hold only ASCII digits and separators.
    fn new(body: &'a str) -> Self {
        Runs { rest: Some(body) }
    }
}

impl<'a> Iterator for Runs<'a> {
    type Item = (&'a str, Option<Separator>);

    fn next(&mut self) -> Option<Self::Item> {
        let rest = self.rest?;
        match rest.char_indices().find(|(_, c)| !c.is_ascii_digit()) {
            Some((index, c)) => {
                self.rest = Some(&rest[index + c.len_utf8()..]);
                Some((&rest[..index], Separator::of(c)))
            }
            None => {
                self.rest = None;
                Some((rest, None))
            }
        }
    }
}

/// Reads an unsigned number made of digit runs and separators.
fn read_digits(body: &str, locale: Locale, negative: bool) -> Result<Decimal, Fault> {
    match read_common(body.as_bytes(), locale, negative) {
        Some(value) => Ok(value),
        None => read_any(body, locale, negative),
    }
}

/// One pass over the forms almost every cell has (ASCII, at most 18
/// digits), for ingest speed. It answers `None` for anything else, valid or
/// not, and `read_any` then decides; it never accepts what `read_any` would
/// reject, and gives the same value and scale (a property test checks both).
fn read_common(body: &[u8], locale: Locale, negative: bool) -> Option<Decimal> {
    let (mantissa, scale) = common_parts(body, locale)?;
    let signed = if negative { -mantissa } else { mantissa };
    Decimal::try_from_i128_with_scale(i128::from(signed), scale).ok()
}

/// A cell the ingest fast path reads without a `Decimal` or a `str`: an
/// optional `+`/`-` and the common forms of [`read_common`], as a mantissa
/// and a scale. `None` for anything else (spaces around it, a percent
/// sign, parentheses, more than 18 digits), which [`parse`] then reads or
/// rejects; where this answers, [`parse`] gives the same value and scale.
#[must_use]
#[inline]
pub fn read_plain(cell: &[u8], locale: Locale) -> Option<(i64, u32)> {
    let (negative, body) = match cell.split_first() {
        Some((b'-', rest)) => (true, rest),
        Some((b'+', rest)) => (false, rest),
        _ => (false, cell),
    };
    let (mantissa, scale) = point_number(body, locale).or_else(|| common_parts(body, locale))?;
    Some((if negative { -mantissa } else { mantissa }, scale))
}

/// The commonest cells, read first: digits and at most one decimal
/// separator, 18 characters at most (so at most 18 digits: they fit an
/// i64). Anything else, [`common_parts`] reads.
#[inline]
fn point_number(body: &[u8], locale: Locale) -> Option<(i64, u32)> {
    let decimal = u8::try_from(locale.decimal_sep()).ok()?;
    if body.is_empty() || body.len() > 18 {
        return None;
    }
    let mut mantissa = 0i64;
    let mut point = None;
    for (i, &byte) in body.iter().enumerate() {
        let digit = byte.wrapping_sub(b'0');
        if digit < 10 {
            mantissa = mantissa * 10 + i64::from(digit);
        } else if byte == decimal && point.is_none() && i > 0 {
            point = Some(i);
        } else {
            return None;
        }
    }
    // A separator needs digits after it.
    if point == Some(body.len() - 1) {
        return None;
    }
    Some((mantissa, point.map_or(0, |p| (body.len() - 1 - p) as u32)))
}

/// The digits of a common-form number as an unsigned mantissa and a scale.
fn common_parts(body: &[u8], locale: Locale) -> Option<(i64, u32)> {
    // Both separators are ASCII in both locales.
    let decimal = u8::try_from(locale.decimal_sep()).ok()?;
    let group = u8::try_from(locale.group_sep()).ok()?;
    let mut mantissa: i64 = 0;
    let mut digits = 0;
    let mut run = 0;
    let mut group_kind: Option<u8> = None;
    let mut scale: Option<u32> = None;
    for &byte in body {
        match byte {
            b'0'..=b'9' => {
                // 18 digits always fit an i64, whatever they are.
                if digits == 18 {
                    return None;
                }
                mantissa = mantissa * 10 + i64::from(byte - b'0');
                digits += 1;
                run += 1;
                scale = scale.map(|places| places + 1);
            }
            _ if byte == decimal => {
                // A second decimal separator, or one without digits before it.
                if scale.is_some() || run == 0 || (group_kind.is_some() && run != 3) {
                    return None;
                }
                scale = Some(0);
                run = 0;
            }
            _ if byte == group || byte == b' ' => {
                if scale.is_some() || run == 0 {
                    return None;
                }
                match group_kind {
                    // The first group: one to three digits, not starting with 0.
                    None if run <= 3 && body[0] != b'0' => group_kind = Some(byte),
                    Some(kind) if kind == byte && run == 3 => {}
                    _ => return None,
                }
                run = 0;
            }
            _ => return None,
        }
    }
    if run == 0 || (group_kind.is_some() && scale.is_none() && run != 3) {
        return None;
    }
    Some((mantissa, scale.unwrap_or(0)))
}

/// Reads any text the common path declined, and names its fault.
fn read_any(body: &str, locale: Locale, negative: bool) -> Result<Decimal, Fault> {
    if body.is_empty() {
        return Err(Fault::NotANumber);
    }
    if !body
        .chars()
        .all(|c| c.is_ascii_digit() || Separator::of(c).is_some())
    {
        return Err(Fault::NotANumber);
    }
    let decimal = Separator::decimal(locale);
    let group = Separator::group(locale);
    let runs = Runs::new(body);

    if let Some(("", after)) = runs.clone().next() {
        return Err(if after == Some(decimal) {
            Fault::MissingLeadingDigit
        } else {
            Fault::Malformed("it does not start with a digit")
        });
    }
    if runs.clone().last().is_some_and(|(run, _)| run.is_empty()) {
        return Err(Fault::Malformed("it ends with a separator"));
    }
    if runs.clone().any(|(run, _)| run.is_empty()) {
        return Err(Fault::Malformed("it has two separators in a row"));
    }
    // The rule that keeps `7.39` (vi) and `6,9` (en) from being guessed.
    let ambiguous = runs
        .clone()
        .zip(runs.clone().skip(1))
        .any(|((_, after), (next, _))| after == Some(group) && next.len() != 3);
    if ambiguous {
        return Err(Fault::Ambiguous);
    }

    // The integer part is every run up to the decimal separator, if any.
    let mut decimals = runs
        .clone()
        .enumerate()
        .filter(|(_, (_, after))| *after == Some(decimal));
    let integer_count = match (decimals.next(), decimals.next()) {
        (None, _) => runs.clone().count(),
        (Some((index, _)), None) => index + 1,
        (Some(_), Some(_)) => {
            return Err(Fault::Malformed(match locale {
                Locale::En => "it has more than one decimal point",
                Locale::Vi => "it has more than one decimal comma",
            }));
        }
    };
    let mut after_integer = runs.clone().skip(integer_count);
    let fraction = match after_integer.next() {
        None => "",
        Some((fraction, None)) => fraction,
        Some((_, Some(_))) => {
            return Err(Fault::BadGrouping(
                "only the integer part may be grouped, not the decimals",
            ));
        }
    };
    let integer = runs.clone().take(integer_count);

    // Every run of the integer part but the last is followed by a group separator.
    let mut groups = integer.clone().take(integer_count.saturating_sub(1));
    if let Some((first, kind)) = groups.next() {
        if groups.any(|(_, after)| after != kind) {
            return Err(Fault::BadGrouping(
                "it mixes two kinds of thousands separator",
            ));
        }
        if first.len() > 3 {
            return Err(Fault::BadGrouping(
                "the first group has more than three digits",
            ));
        }
        // `0,123` grouped as 123 is never what anyone wrote.
        if first.starts_with('0') {
            return Err(Fault::BadGrouping("a grouped number cannot start with 0"));
        }
        if integer.clone().skip(1).any(|(run, _)| run.len() != 3) {
            return Err(Fault::BadGrouping(
                "every group after the first needs three digits",
            ));
        }
    }

    exact_value(integer.map(|(run, _)| run), fraction, negative)
}

/// Builds the exact `Decimal` from its digits, or says it cannot be held.
fn exact_value<'a>(
    integer: impl Iterator<Item = &'a str>,
    fraction: &str,
    negative: bool,
) -> Result<Decimal, Fault> {
    // Trailing zeros of the fraction carry no value, so they are dropped
    // first and given back only as far as a Decimal can hold them: a long
    // `1.000…0` is still exactly 1, but a long `0.000…01` is not held.
    let significant = fraction.trim_end_matches('0');
    let mut mantissa: u128 = 0;
    for byte in integer.flat_map(str::bytes).chain(significant.bytes()) {
        mantissa = mantissa
            .checked_mul(10)
            .and_then(|m| m.checked_add(u128::from(byte - b'0')))
            .filter(|m| *m <= MAX_MANTISSA)
            .ok_or(Fault::TooManyDigits)?;
    }
    let mut scale = significant.len();
    if scale > MAX_SCALE {
        return Err(Fault::TooManyDigits);
    }
    for _ in significant.len()..fraction.len() {
        match mantissa.checked_mul(10).filter(|m| *m <= MAX_MANTISSA) {
            Some(m) if scale < MAX_SCALE => {
                mantissa = m;
                scale += 1;
            }
            _ => break,
        }
    }

    let magnitude = i128::try_from(mantissa).map_err(|_| Fault::TooManyDigits)?;
    // A zero mantissa makes a positive zero, so `-0` never shows as "-0".
    let signed = if negative { -magnitude } else { magnitude };
    let scale = u32::try_from(scale).map_err(|_| Fault::TooManyDigits)?;
    Decimal::try_from_i128_with_scale(signed, scale).map_err(|_| Fault::TooManyDigits)
}

/// Words a fault as a sentence, with the hints that would fix it.
fn explain(text: &str, locale: Locale, percent_ok: bool, fault: Fault) -> String {
    let other = locale.other();
    let shown = quote(text);
    let valid_in_other = read(text, other, percent_ok).is_ok();
    let other_hint = if valid_in_other {
        format!("; use --locale {other}")
    } else {
        String::new()
    };

    // Both separators, in the other locale's order: a file in the other style.
    if text.contains('.') && text.contains(',') && valid_in_other {
        return format!(
            "'{shown}' is written in the {other} style but the locale is {locale}; use --locale {other}"
        );
    }

    match fault {
        Fault::Empty => "empty value is not a number".to_string(),
        Fault::NotANumber => format!("'{shown}' is not a number"),
        Fault::Malformed(reason) => format!("'{shown}' is not a number: {reason}{other_hint}"),
        Fault::MultipleSigns => format!("'{shown}' has more than one sign"),
        Fault::MissingLeadingDigit => {
            let separator = locale.decimal_sep();
            let name = match locale {
                Locale::En => "point",
                Locale::Vi => "comma",
            };
            let written = text.replacen(separator, &format!("0{separator}"), 1);
            let hint = if read(&written, locale, percent_ok).is_ok() {
                format!("; write {}", quote(&written))
            } else {
                String::new()
            };
            format!("'{shown}' needs a digit before the decimal {name}{hint}")
        }
        Fault::Ambiguous => {
            let group = locale.group_sep();
            let name = match locale {
                Locale::En => "comma",
                Locale::Vi => "dot",
            };
            let rewritten = text.replace(group, &locale.decimal_sep().to_string());
            let can_write = read(&rewritten, locale, percent_ok).is_ok();
            // Quoted like the text itself, so that a huge cell gives a
            // message of bounded length.
            let written = quote(&rewritten);
            let hint = match (valid_in_other, can_write) {
                (true, true) => format!("; use --locale {other} or write {written}"),
                (true, false) => format!("; use --locale {other}"),
                (false, true) => format!("; write {written}"),
                (false, false) => String::new(),
            };
            format!(
                "'{shown}' is ambiguous under locale {locale} ({name} as thousands separator needs three digits after it){hint}"
            )
        }
        Fault::BadGrouping(reason) => {
            format!("'{shown}' is badly grouped for locale {locale}: {reason}{other_hint}")
        }
        Fault::PercentNotAllowed => {
            format!("'{shown}' has a '%' but the unit is not a percentage")
        }
        Fault::TooManyDigits => format!("'{shown}' has too many digits to be held exactly"),
    }
}

/// The text as an error message shows it: control characters escaped, and
/// cut short with `…` when it is long.
fn quote(text: &str) -> String {
    let mut shown = String::new();
    for (count, c) in text.chars().enumerate() {
        if count == crate::text::QUOTE_LIMIT {
            shown.push('…');
            break;
        }
        if c.is_control() {
            shown.extend(c.escape_debug());
        } else {
            shown.push(c);
        }
    }
    shown
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn dec(text: &str) -> Decimal {
        Decimal::from_str(text).expect("test literal is a Decimal")
    }

    fn error(text: &str, locale: Locale, percent_ok: bool) -> String {
        match parse(text, locale, percent_ok) {
            Ok(value) => panic!("{text:?} under {locale} parsed as {value}, expected an error"),
            Err(error) => error.to_string(),
        }
    }

    #[test]
    fn a_huge_cell_gives_a_short_message() {
        let long = format!("1,2{}", "0".repeat(2000));
        let message = parse(&long, Locale::En, false).unwrap_err().message;
        assert!(message.chars().count() < 400, "{}", message.len());
        let long = format!(",5{}", "0".repeat(1200));
        assert!(
            parse(&long, Locale::Vi, false)
                .unwrap_err()
                .message
                .chars()
                .count()
                < 400
        );
    }

    #[test]
    fn locale_reads_its_two_names() {
        assert_eq!("en".parse::<Locale>(), Ok(Locale::En));
        assert_eq!(" VI ".parse::<Locale>(), Ok(Locale::Vi));
        assert_eq!("En\n".parse::<Locale>(), Ok(Locale::En));
        assert_eq!(
            "fr".parse::<Locale>(),
            Err("unknown locale 'fr'; use en or vi".to_string())
        );
        assert_eq!(Locale::default(), Locale::En);
        assert_eq!(Locale::En.to_string(), "en");
        assert_eq!(Locale::Vi.to_string(), "vi");
        assert_eq!(
            (Locale::En.decimal_sep(), Locale::En.group_sep()),
            ('.', ',')
        );
        assert_eq!(
            (Locale::Vi.decimal_sep(), Locale::Vi.group_sep()),
            (',', '.')
        );
    }

    #[test]
    fn accepts_every_documented_form() {
        use Locale::{En, Vi};
        // (text, locale, percent_ok, exact value)
        let cases: &[(&str, Locale, bool, &str)] = &[
            ("1,234.5", En, false, "1234.5"),
            ("92,070", En, false, "92070"),
            ("1234.5", En, false, "1234.5"),
            ("0.94", En, false, "0.94"),
            ("1.234", En, false, "1.234"),
            ("1,234,567.891", En, false, "1234567.891"),
            ("1 234.5", En, false, "1234.5"),
            ("1\u{a0}234.5", En, false, "1234.5"),
            ("1\u{202f}234\u{202f}567", En, false, "1234567"),
            ("1 234\u{a0}567", En, false, "1234567"),
            ("+5", En, false, "5"),
            ("-5", En, false, "-5"),
            ("\u{2212}5.5", En, false, "-5.5"),
            ("(12.5)", En, false, "-12.5"),
            ("( 12.5 )", En, false, "-12.5"),
            ("  7.39\t", En, false, "7.39"),
            ("\u{a0}7.39\u{202f}", En, false, "7.39"),
            ("5%", En, true, "5"),
            ("5 %", En, true, "5"),
            ("5\u{a0}%", En, true, "5"),
            ("-12.5%", En, true, "-12.5"),
            ("(5%)", En, true, "-5"),
            ("(5)%", En, true, "-5"),
            ("5", En, true, "5"),
            ("-0", En, false, "0"),
            ("(0)", En, false, "0"),
            ("007", En, false, "7"),
            (
                "79228162514264337593543950335",
                En,
                false,
                "79228162514264337593543950335",
            ),
            (
                "-79,228,162,514,264,337,593,543,950,335",
                En,
                false,
                "-79228162514264337593543950335",
            ),
            (
                "0.0000000000000000000000000001",
                En,
                false,
                "0.0000000000000000000000000001",
            ),
            (
                "1.0000000000000000000000000001",
                En,
                false,
                "1.0000000000000000000000000001",
            ),
            ("1.00000000000000000000000000000000000000", En, false, "1"),
            ("000000000000000000000000000000000000000001", En, false, "1"),
            ("1,234.5", En, true, "1234.5"),
            ("1.234,5", Vi, false, "1234.5"),
            ("30.567", Vi, false, "30567"),
            ("28.267", Vi, false, "28267"),
            ("92.070", Vi, false, "92070"),
            ("1234,5", Vi, false, "1234.5"),
            ("0,94", Vi, false, "0.94"),
            ("91,7", Vi, false, "91.7"),
            ("1 234,5", Vi, false, "1234.5"),
            ("1\u{a0}234,5", Vi, false, "1234.5"),
            ("1\u{202f}234,5", Vi, false, "1234.5"),
            ("1.234.567,891", Vi, false, "1234567.891"),
            ("(12,5)", Vi, false, "-12.5"),
            ("\u{2212}0,16", Vi, false, "-0.16"),
            ("+7,39%", Vi, true, "7.39"),
            ("-0,0", Vi, false, "0"),
            ("1234", Vi, false, "1234"),
        ];
        for &(text, locale, percent_ok, expected) in cases {
            match parse(text, locale, percent_ok) {
                Ok(value) => assert_eq!(value, dec(expected), "{text:?} under {locale}"),
                Err(error) => panic!("{text:?} under {locale} rejected: {error}"),
            }
        }
    }

    #[test]
    fn keeps_the_scale_the_text_had() {
        let cases = [
            ("0.10", Locale::En, 2),
            ("0,10", Locale::Vi, 2),
            ("1,000.500", Locale::En, 3),
            ("5", Locale::En, 0),
            // Only as many trailing zeros as a Decimal can hold.
            ("1.00000000000000000000000000000000000000", Locale::En, 28),
            ("79228162514264337593543950335.000", Locale::En, 0),
        ];
        for (text, locale, scale) in cases {
            let value = parse(text, locale, false).expect("valid number");
            assert_eq!(value.scale(), scale, "{text:?}");
        }
    }

    #[test]
    fn minus_zero_is_plain_zero() {
        for text in ["-0", "-0.00", "(0)", "\u{2212}0"] {
            let value = parse(text, Locale::En, false).expect("zero");
            assert!(!value.is_sign_negative(), "{text:?}");
            assert_eq!(format(value, Locale::En, None), "0");
            assert_eq!(format_plain(value, None), "0");
        }
    }

    #[test]
    fn ambiguity_messages_are_exact() {
        assert_eq!(
            error("7.39", Locale::Vi, false),
            "'7.39' is ambiguous under locale vi (dot as thousands separator needs three digits after it); use --locale en or write 7,39"
        );
        assert_eq!(
            error("6,9", Locale::En, false),
            "'6,9' is ambiguous under locale en (comma as thousands separator needs three digits after it); use --locale vi or write 6.9"
        );
        // The suggestion keeps the sign and the percent sign.
        assert_eq!(
            error(" -7.39% ", Locale::Vi, true),
            "'-7.39%' is ambiguous under locale vi (dot as thousands separator needs three digits after it); use --locale en or write -7,39%"
        );
        // No "write" when swapping the separators does not make a vi number,
        // and no --locale when the other locale cannot read it either.
        assert_eq!(
            error("1.234.5", Locale::Vi, false),
            "'1.234.5' is ambiguous under locale vi (dot as thousands separator needs three digits after it)"
        );
        assert_eq!(
            error("1 234.5", Locale::Vi, false),
            "'1 234.5' is ambiguous under locale vi (dot as thousands separator needs three digits after it); use --locale en or write 1 234,5"
        );
    }

    #[test]
    fn other_style_messages_are_exact() {
        assert_eq!(
            error("1.234,5", Locale::En, false),
            "'1.234,5' is written in the vi style but the locale is en; use --locale vi"
        );
        assert_eq!(
            error("1,234.5", Locale::Vi, false),
            "'1,234.5' is written in the en style but the locale is vi; use --locale en"
        );
    }

    /// Checks that each text is refused with a message holding each word.
    /// (text, locale, percent_ok, words the message must contain)
    fn rejects(cases: &[(&str, Locale, bool, &[&str])]) {
        for &(text, locale, percent_ok, words) in cases {
            let message = error(text, locale, percent_ok);
            for word in words {
                assert!(
                    message.contains(word),
                    "{text:?} under {locale}: {message:?} lacks {word:?}"
                );
            }
        }
    }

    // Letters, units, exponents, NaN and infinity, stray '%'.
    #[test]
    fn rejects_what_is_not_a_number() {
        use Locale::{En, Vi};
        rejects(&[
            ("12abc", En, false, &["'12abc' is not a number"]),
            ("", En, false, &["empty value is not a number"]),
            (
                " \u{a0}\u{202f}\t",
                Vi,
                false,
                &["empty value is not a number"],
            ),
            (
                "5%",
                En,
                false,
                &["'5%' has a '%' but the unit is not a percentage"],
            ),
            (
                "(5%)",
                En,
                false,
                &["has a '%' but the unit is not a percentage"],
            ),
            ("abc%", En, false, &["'abc%' is not a number"]),
            ("1e5", En, false, &["'1e5' is not a number"]),
            ("1E5", En, false, &["is not a number"]),
            ("NaN", En, false, &["'NaN' is not a number"]),
            ("inf", En, false, &["'inf' is not a number"]),
            ("-inf", En, false, &["is not a number"]),
            ("$5", En, false, &["'$5' is not a number"]),
            ("5 USD", En, false, &["is not a number"]),
            ("5đ", Vi, false, &["is not a number"]),
            ("٣", En, false, &["is not a number"]),
            ("1_000", En, false, &["is not a number"]),
            ("-", En, false, &["'-' is not a number"]),
            ("%", En, true, &["'%' is not a number"]),
            ("()", En, false, &["is not a number"]),
        ]);
    }

    // A sign, a parenthesis or a separator where the digits should start.
    #[test]
    fn rejects_misplaced_signs_parentheses_and_points() {
        use Locale::{En, Vi};
        rejects(&[
            (
                ".5",
                En,
                false,
                &["'.5' needs a digit before the decimal point; write 0.5"],
            ),
            (
                "-.5",
                En,
                false,
                &["needs a digit before the decimal point; write -0.5"],
            ),
            (
                ",5",
                Vi,
                false,
                &["',5' needs a digit before the decimal comma; write 0,5"],
            ),
            (
                ".5",
                Vi,
                false,
                &["'.5' is not a number", "start with a digit"],
            ),
            ("-(5)", En, false, &["'-(5)' has more than one sign"]),
            ("--5", En, false, &["'--5' has more than one sign"]),
            ("+-5", En, false, &["more than one sign"]),
            ("(-5)", En, false, &["more than one sign"]),
            ("((5))", En, false, &["more than one sign"]),
            ("(12", En, false, &["parenthesis is not closed"]),
            ("12)", En, false, &["closing parenthesis"]),
            ("- 5", En, false, &["does not start with a digit"]),
        ]);
    }

    // Separators the locale cannot read one way only, or grouped wrongly.
    #[test]
    fn rejects_ambiguous_and_badly_grouped_separators() {
        use Locale::{En, Vi};
        rejects(&[
            (
                "1,23",
                En,
                false,
                &["ambiguous under locale en", "use --locale vi", "write 1.23"],
            ),
            ("1,2345", En, false, &["ambiguous under locale en"]),
            (
                "1.2345",
                Vi,
                false,
                &[
                    "ambiguous under locale vi",
                    "use --locale en",
                    "write 1,2345",
                ],
            ),
            ("5.", Vi, false, &["ends with a separator"]),
            ("5.", En, false, &["ends with a separator"]),
            ("5,", Vi, false, &["ends with a separator"]),
            ("1,,234", En, false, &["two separators in a row"]),
            ("1  234", En, false, &["two separators in a row"]),
            ("1,234 567", En, false, &["mixes two kinds"]),
            ("1.234 567,5", Vi, false, &["mixes two kinds"]),
            ("1 23", En, false, &["badly grouped", "three digits"]),
            ("1 2345", Vi, false, &["badly grouped", "three digits"]),
            ("1234 567", En, false, &["badly grouped", "first group"]),
            (
                "1234,567",
                En,
                false,
                &["badly grouped", "first group", "use --locale vi"],
            ),
            (
                "1234.567",
                Vi,
                false,
                &["badly grouped", "first group", "use --locale en"],
            ),
            (
                "0,123",
                En,
                false,
                &["cannot start with 0", "use --locale vi"],
            ),
            (
                "0.500",
                Vi,
                false,
                &["cannot start with 0", "use --locale en"],
            ),
            ("1.2.3", En, false, &["more than one decimal point"]),
            (
                "1.234.567",
                En,
                false,
                &["more than one decimal point", "use --locale vi"],
            ),
            ("1,2,3", Vi, false, &["more than one decimal comma"]),
            (
                "1.234 567",
                En,
                false,
                &["only the integer part may be grouped"],
            ),
        ]);
    }

    // More digits than a decimal holds exactly.
    #[test]
    fn rejects_numbers_too_long_to_hold_exactly() {
        use Locale::En;
        rejects(&[
            (
                "79228162514264337593543950336",
                En,
                false,
                &["too many digits to be held exactly"],
            ),
            (
                "0.00000000000000000000000000001",
                En,
                false,
                &["too many digits to be held exactly"],
            ),
            (
                "12345678901234567890123456789.1",
                En,
                false,
                &["too many digits"],
            ),
            (
                "-99999999999999999999999999999999999999999",
                En,
                false,
                &["too many digits"],
            ),
        ]);
    }

    #[test]
    fn long_garbage_is_quoted_short() {
        let text = "x".repeat(10_000);
        let message = error(&text, Locale::En, false);
        // The 80 characters of [`crate::text::QUOTE_LIMIT`], and the words.
        assert!(message.len() < 120, "{message}");
        assert!(message.contains('…'));
        assert_eq!(
            error("1\u{7}", Locale::En, false),
            "'1\\u{7}' is not a number"
        );
    }

    #[test]
    fn format_groups_and_rounds() {
        use Locale::{En, Vi};
        let cases: &[(&str, Locale, Option<u32>, &str)] = &[
            ("92070", Vi, None, "92.070"),
            ("92070", En, None, "92,070"),
            ("91700.0", En, None, "91,700"),
            ("91700.0", Vi, None, "91.700"),
            ("0.94", Vi, None, "0,94"),
            ("1234567.891", En, None, "1,234,567.891"),
            ("1234567.891", Vi, None, "1.234.567,891"),
            ("-0.16", Vi, None, "-0,16"),
            ("99.6", Vi, Some(1), "99,6"),
            ("99.6", En, Some(2), "99.60"),
            ("123.165", En, Some(2), "123.17"),
            ("-123.165", En, Some(2), "-123.17"),
            ("0", En, Some(2), "0.00"),
            ("999.995", En, Some(2), "1,000.00"),
            ("-0.004", En, Some(2), "0.00"),
            ("0.5", En, Some(0), "1"),
            ("-0.5", En, Some(0), "-1"),
            ("100", Vi, Some(0), "100"),
            ("1000", En, None, "1,000"),
            ("123", En, None, "123"),
            ("-1234", Vi, None, "-1.234"),
            (
                "0.0000000000000000000000000001",
                En,
                None,
                "0.0000000000000000000000000001",
            ),
            (
                "79228162514264337593543950335",
                En,
                None,
                "79,228,162,514,264,337,593,543,950,335",
            ),
            ("-0.0", En, None, "0"),
        ];
        for &(value, locale, decimals, expected) in cases {
            assert_eq!(
                format(dec(value), locale, decimals),
                expected,
                "{value} {locale} {decimals:?}"
            );
        }
    }

    #[test]
    fn format_plain_is_for_machines() {
        let cases: &[(&str, Option<u32>, &str)] = &[
            ("99.60", Some(2), "99.6"),
            ("100", Some(2), "100"),
            ("100.00", None, "100"),
            ("91700.0", None, "91700"),
            ("1234567.891", None, "1234567.891"),
            ("-0.16", None, "-0.16"),
            ("123.165", Some(2), "123.17"),
            ("-123.165", Some(2), "-123.17"),
            ("99.5960", Some(2), "99.6"),
            ("-0.004", Some(2), "0"),
            ("-0", None, "0"),
            (
                "0.0000000000000000000000000001",
                None,
                "0.0000000000000000000000000001",
            ),
            (
                "-79228162514264337593543950335",
                None,
                "-79228162514264337593543950335",
            ),
        ];
        for &(value, decimals, expected) in cases {
            assert_eq!(
                format_plain(dec(value), decimals),
                expected,
                "{value} {decimals:?}"
            );
        }
    }

    fn locale() -> impl Strategy<Value = Locale> {
        prop_oneof![Just(Locale::En), Just(Locale::Vi)]
    }

    /// A number as an office writes it, its locale, and how many digits it
    /// has: 1 to 22 before the separator (across the 18 that an i64 always
    /// holds), grouped by threes with the locale's separator, a space or
    /// not at all, and up to six decimals. Both readers take every one, so
    /// they are compared on every case, not on the few numbers that
    /// random characters happen to make.
    fn written_number() -> impl Strategy<Value = (String, Locale, usize)> {
        // The edges of an i64 as often as the rest: 19 digits that fit and
        // 19 that do not.
        let int = prop_oneof![
            3 => "[1-9][0-9]{0,21}|0",
            1 => "9{18,20}|922337203685477580[6-9]|[1-9][0-9]{18}",
        ];
        (locale(), int, proptest::option::of("[0-9]{1,6}"), 0..3u8).prop_map(
            |(locale, int, decimals, grouping)| {
                let group = match grouping {
                    0 => None,
                    1 => Some(locale.group_sep()),
                    _ => Some(' '),
                };
                let mut text = String::new();
                for (i, c) in int.chars().enumerate() {
                    if let Some(sep) = group
                        && i > 0
                        && (int.len() - i) % 3 == 0
                    {
                        text.push(sep);
                    }
                    text.push(c);
                }
                if let Some(d) = &decimals {
                    text.push(locale.decimal_sep());
                    text.push_str(d);
                }
                let digits = int.len() + decimals.map_or(0, |d| d.len());
                (text, locale, digits)
            },
        )
    }

    /// Any Decimal a program can hold, across the whole range and scale.
    fn any_decimal() -> impl Strategy<Value = Decimal> {
        (
            any::<u32>(),
            any::<u32>(),
            any::<u32>(),
            any::<bool>(),
            0u32..=28,
        )
            .prop_map(|(lo, mid, hi, negative, scale)| {
                Decimal::from_parts(lo, mid, hi, negative, scale)
            })
    }

    proptest! {
        #[test]
        fn parse_never_panics_on_any_text(text in any::<String>(), locale in locale(), percent_ok in any::<bool>()) {
            let _ = parse(&text, locale, percent_ok);
        }

        #[test]
        fn parse_never_panics_on_number_like_text(
            text in "[0-9.,+()% \u{a0}\u{202f}\u{2212}-]{0,40}",
            locale in locale(),
            percent_ok in any::<bool>(),
        ) {
            if let Ok(value) = parse(&text, locale, percent_ok) {
                // Whatever is accepted must format and read back unchanged.
                prop_assert_eq!(parse(&format(value, locale, None), locale, false).ok(), Some(value));
            }
        }

        #[test]
        fn the_common_path_agrees_with_the_full_parser(
            (body, locale, digits) in written_number(),
            negative in any::<bool>(),
        ) {
            let full = read_any(&body, locale, negative);
            prop_assert!(full.is_ok(), "{:?}: {:?}", body, full);
            match read_common(body.as_bytes(), locale, negative) {
                Some(value) => {
                    prop_assert_eq!(full, Ok(value));
                    prop_assert_eq!(full.map(|d| d.scale()), Ok(value.scale()));
                }
                // Only what an i64 may not hold is left to the full parser.
                None => prop_assert!(digits > 18, "{:?} left to the full parser", body),
            }
        }

        #[test]
        fn the_common_path_agrees_with_the_full_parser_on_any_characters(
            body in "[0-9][0-9., \u{a0}]{0,24}|[0-9., ]{0,8}",
            locale in locale(),
            negative in any::<bool>(),
        ) {
            if let Some(value) = read_common(body.as_bytes(), locale, negative) {
                let full = read_any(&body, locale, negative);
                prop_assert_eq!(full, Ok(value));
                prop_assert_eq!(full.map(|d| d.scale()), Ok(value.scale()));
            }
        }

        #[test]
        fn the_plain_cell_reader_agrees_with_parse(
            (body, locale, digits) in written_number(),
            sign in prop_oneof![Just(""), Just("-"), Just("+")],
        ) {
            let cell = format!("{sign}{body}");
            let full = parse(&cell, locale, true).map(|d| (d, d.scale()));
            prop_assert!(full.is_ok(), "{:?}: {:?}", cell, full);
            match read_plain(cell.as_bytes(), locale) {
                Some((mantissa, scale)) => {
                    prop_assert_eq!(full, Ok((Decimal::new(mantissa, scale), scale)), "cell {:?}", cell);
                }
                None => prop_assert!(digits > 18, "{:?} left to the full parser", cell),
            }
        }

        #[test]
        fn the_plain_cell_reader_agrees_with_parse_on_any_characters(
            cell in "[+-]?[0-9][0-9., ]{0,24}|[0-9., %+-]{0,8}",
            locale in locale(),
        ) {
            if let Some((mantissa, scale)) = read_plain(cell.as_bytes(), locale) {
                let full = parse(&cell, locale, true).map(|d| (d, d.scale()));
                let fast = Decimal::new(mantissa, scale);
                prop_assert_eq!(full, Ok((fast, scale)), "cell {:?}", cell);
            }
        }

        #[test]
        fn the_common_path_takes_every_formatted_number(
            mantissa in -999_999_999_999_999_999i64..=999_999_999_999_999_999,
            scale in 0u32..10,
            locale in locale(),
            spaces in any::<bool>(),
        ) {
            let value = Decimal::new(mantissa, scale);
            let mut text = format(value, locale, None);
            if spaces {
                text = text.replace(locale.group_sep(), " ");
            }
            let body = text.trim_start_matches('-');
            prop_assert_eq!(read_common(body.as_bytes(), locale, value.is_sign_negative()), Some(value), "text {}", text);
        }

        #[test]
        fn format_then_parse_gives_the_value_back(mantissa in any::<i64>(), scale in 0u32..6, locale in locale()) {
            let value = Decimal::new(mantissa, scale);
            let text = format(value, locale, None);
            let back = parse(&text, locale, false);
            prop_assert_eq!(back.map(|d| d.normalize()), Ok(value.normalize()), "text {}", text);
        }

        #[test]
        fn format_then_parse_holds_over_the_whole_range(value in any_decimal(), locale in locale()) {
            let text = format(value, locale, None);
            prop_assert_eq!(parse(&text, locale, false).map(|d| d.normalize()), Ok(value.normalize()), "text {}", text);
        }

        #[test]
        fn format_plain_reads_back_exactly(value in any_decimal(), places in proptest::option::of(0u32..30)) {
            let text = format_plain(value, places);
            let expected = match places {
                None => value,
                Some(places) => round(value, places),
            };
            prop_assert!(!text.contains(['e', 'E']) && text != "-0", "text {}", text);
            prop_assert_eq!(Decimal::from_str(&text).ok(), Some(expected), "text {}", text);
            // The en parser reads machine output too.
            prop_assert_eq!(parse(&text, Locale::En, false).ok(), Some(expected), "text {}", text);
        }

        #[test]
        fn format_shows_exactly_the_decimals_asked(value in any_decimal(), places in 0u32..30, locale in locale()) {
            let text = format(value, locale, Some(places));
            let fraction = text.split(locale.decimal_sep()).nth(1).unwrap_or("");
            prop_assert_eq!(fraction.len(), places as usize, "text {}", text);
            prop_assert!(!text.starts_with("-0") || text.chars().any(|c| ('1'..='9').contains(&c)), "text {}", text);
        }
    }
}
