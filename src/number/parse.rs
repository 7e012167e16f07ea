//! Reading numbers as offices write them: signs, parentheses, grouping by
//! the locale's separator or by spaces, a trailing percent sign; the fault
//! in a text that is not one number, worded with the hint that would fix
//! it. The common forms go through [`super::cell`]'s one-pass reader first.

use rust_decimal::Decimal;

use super::Locale;
use super::cell::common_parts;

/// The largest mantissa a `Decimal` holds (2^96 - 1).
const MAX_MANTISSA: u128 = (1 << 96) - 1;

/// The largest number of decimals a `Decimal` holds.
const MAX_SCALE: usize = 28;

/// What is wrong with a text, before it is worded for the user.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Fault {
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
pub(super) enum Separator {
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
pub(super) fn read(text: &str, locale: Locale, percent_ok: bool) -> Result<Decimal, Fault> {
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
pub(super) fn strip_percent(text: &str) -> (&str, bool) {
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
pub(super) fn read_digits(body: &str, locale: Locale, negative: bool) -> Result<Decimal, Fault> {
    match read_common(body.as_bytes(), locale, negative) {
        Some(value) => Ok(value),
        None => read_any(body, locale, negative),
    }
}

/// One pass over the forms almost every cell has (ASCII, at most 18
/// digits), for ingest speed. It answers `None` for anything else, valid or
/// not, and `read_any` then decides; it never accepts what `read_any` would
/// reject, and gives the same value and scale (a property test checks both).
pub(super) fn read_common(body: &[u8], locale: Locale, negative: bool) -> Option<Decimal> {
    let (mantissa, scale) = common_parts(body, locale)?;
    let signed = if negative { -mantissa } else { mantissa };
    Decimal::try_from_i128_with_scale(i128::from(signed), scale).ok()
}
/// Reads any text the common path declined, and names its fault.
pub(super) fn read_any(body: &str, locale: Locale, negative: bool) -> Result<Decimal, Fault> {
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
pub(super) fn exact_value<'a>(
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

/// Words a fault as a sentence, with the hints that would fix it: in
/// English, then in Vietnamese.
pub(super) fn explain(
    text: &str,
    locale: Locale,
    percent_ok: bool,
    fault: Fault,
) -> (String, String) {
    let other = locale.other();
    let shown = quote(text);
    let valid_in_other = read(text, other, percent_ok).is_ok();
    let (other_hint, other_hint_vi) = if valid_in_other {
        (
            format!("; use --locale {other}"),
            format!("; hãy dùng --locale {other}"),
        )
    } else {
        (String::new(), String::new())
    };

    // Both separators, in the other locale's order: a file in the other style.
    if text.contains('.') && text.contains(',') && valid_in_other {
        return (
            format!(
                "'{shown}' is written in the {other} style but the locale is {locale}; use --locale {other}"
            ),
            format!(
                "'{shown}' được viết theo kiểu số {other} nhưng locale đang là {locale}; hãy dùng --locale {other}"
            ),
        );
    }

    match fault {
        Fault::Empty => (
            "empty value is not a number".to_string(),
            "giá trị trống không phải là số".to_string(),
        ),
        Fault::NotANumber => (
            format!("'{shown}' is not a number"),
            format!("'{shown}' không phải là số"),
        ),
        Fault::Malformed(reason) => (
            format!("'{shown}' is not a number: {reason}{other_hint}"),
            format!(
                "'{shown}' không phải là số: {}{other_hint_vi}",
                reason_vi(reason)
            ),
        ),
        Fault::MultipleSigns => (
            format!("'{shown}' has more than one sign"),
            format!("'{shown}' có nhiều hơn một dấu âm/dương"),
        ),
        Fault::MissingLeadingDigit => {
            let separator = locale.decimal_sep();
            let (name, name_vi) = match locale {
                Locale::En => ("point", "chấm"),
                Locale::Vi => ("comma", "phẩy"),
            };
            let written = text.replacen(separator, &format!("0{separator}"), 1);
            let (hint, hint_vi) = if read(&written, locale, percent_ok).is_ok() {
                (
                    format!("; write {}", quote(&written)),
                    format!("; hãy viết {}", quote(&written)),
                )
            } else {
                (String::new(), String::new())
            };
            (
                format!("'{shown}' needs a digit before the decimal {name}{hint}"),
                format!("'{shown}' cần một chữ số trước dấu {name_vi} thập phân{hint_vi}"),
            )
        }
        Fault::Ambiguous => {
            let group = locale.group_sep();
            let (name, name_vi) = match locale {
                Locale::En => ("comma", "phẩy"),
                Locale::Vi => ("dot", "chấm"),
            };
            let rewritten = text.replace(group, &locale.decimal_sep().to_string());
            let can_write = read(&rewritten, locale, percent_ok).is_ok();
            // Quoted like the text itself, so that a huge cell gives a
            // message of bounded length.
            let written = quote(&rewritten);
            let (hint, hint_vi) = match (valid_in_other, can_write) {
                (true, true) => (
                    format!("; use --locale {other} or write {written}"),
                    format!("; hãy dùng --locale {other} hoặc viết {written}"),
                ),
                (true, false) => (
                    format!("; use --locale {other}"),
                    format!("; hãy dùng --locale {other}"),
                ),
                (false, true) => (
                    format!("; write {written}"),
                    format!("; hãy viết {written}"),
                ),
                (false, false) => (String::new(), String::new()),
            };
            (
                format!(
                    "'{shown}' is ambiguous under locale {locale} ({name} as thousands separator needs three digits after it){hint}"
                ),
                format!(
                    "'{shown}' có thể hiểu theo hai cách với locale {locale} (dấu {name_vi} phân cách hàng nghìn phải có đúng ba chữ số theo sau){hint_vi}"
                ),
            )
        }
        Fault::BadGrouping(reason) => (
            format!("'{shown}' is badly grouped for locale {locale}: {reason}{other_hint}"),
            format!(
                "'{shown}' tách nhóm hàng nghìn sai với locale {locale}: {}{other_hint_vi}",
                reason_vi(reason)
            ),
        ),
        Fault::PercentNotAllowed => (
            format!("'{shown}' has a '%' but the unit is not a percentage"),
            format!("'{shown}' có dấu '%' nhưng đơn vị tính không phải là phần trăm"),
        ),
        Fault::TooManyDigits => (
            format!("'{shown}' has too many digits to be held exactly"),
            format!("'{shown}' có quá nhiều chữ số, không lưu chính xác được"),
        ),
    }
}

/// A [`Fault::Malformed`] or [`Fault::BadGrouping`] reason in Vietnamese.
fn reason_vi(reason: &str) -> &str {
    match reason {
        "its opening parenthesis is not closed" => "dấu ngoặc mở chưa được đóng",
        "it has a closing parenthesis without an opening one" => {
            "có dấu ngoặc đóng mà không có dấu ngoặc mở"
        }
        "it does not start with a digit" => "không bắt đầu bằng chữ số",
        "it ends with a separator" => "kết thúc bằng dấu phân cách",
        "it has two separators in a row" => "có hai dấu phân cách liền nhau",
        "it has more than one decimal point" => "có nhiều hơn một dấu chấm thập phân",
        "it has more than one decimal comma" => "có nhiều hơn một dấu phẩy thập phân",
        "only the integer part may be grouped, not the decimals" => {
            "chỉ phần nguyên được tách nhóm hàng nghìn, phần thập phân thì không"
        }
        "it mixes two kinds of thousands separator" => "dùng lẫn hai loại dấu phân cách hàng nghìn",
        "the first group has more than three digits" => "nhóm đầu tiên có hơn ba chữ số",
        "a grouped number cannot start with 0" => {
            "số có tách nhóm hàng nghìn không được bắt đầu bằng 0"
        }
        "every group after the first needs three digits" => {
            "mỗi nhóm sau nhóm đầu tiên phải có đủ ba chữ số"
        }
        other => other,
    }
}

/// The text as an error message shows it: control characters escaped, and
/// cut short with `…` when it is long.
pub(super) fn quote(text: &str) -> String {
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
