//! Writing numbers for people (grouped, in the locale's style) and for
//! machines (plain dot decimals), with the half-away-from-zero rounding a
//! reader of a report expects. Reads nothing.

use rust_decimal::{Decimal, RoundingStrategy};

use super::Locale;

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
pub(super) fn round(value: Decimal, places: u32) -> Decimal {
    value.round_dp_with_strategy(places, RoundingStrategy::MidpointAwayFromZero)
}

/// Splits `value` into its sign and its integer and fraction digits, written
/// out from the mantissa so that no exponent notation can ever appear.
pub(super) fn digits(value: Decimal) -> (bool, String, String) {
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
