//! The fast cell readers of the ingest hot path: the forms almost every cell
//! has (ASCII digits, at most 18 of them, one decimal separator, grouping)
//! read in one pass without a `Decimal` or a `str`. They answer `None` for
//! anything else, and the full parser then reads or rejects it.

use super::Locale;

/// A cell the ingest fast path reads without a `Decimal` or a `str`: an
/// optional `+`/`-` and the common forms of
/// [`read_common`](super::parse::read_common), as a mantissa and a scale.
/// `None` for anything else (spaces around it, a percent sign, parentheses,
/// more than 18 digits), which [`parse`](fn@super::parse) then reads or
/// rejects; where this answers, [`parse`](fn@super::parse) gives the same
/// value and scale.
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
pub(super) fn point_number(body: &[u8], locale: Locale) -> Option<(i64, u32)> {
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
pub(super) fn common_parts(body: &[u8], locale: Locale) -> Option<(i64, u32)> {
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
