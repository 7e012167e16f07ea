//! Units of measure: a scale word (`thousand`, `triệu`, `nghìn tỷ` …) and a
//! base (a currency code, `%`, `pp`, or any other word), reference §4.2.
//!
//! This module owns unit parsing, the canonical English spelling of a unit
//! and the exact factor that converts a value from one unit to another. It
//! must not guess exchange rates (USD never converts to VND) and must not read
//! files: callers hand it the text of a `unit` key or a CSV cell.

use std::fmt;

use rust_decimal::Decimal;

/// What a unit counts, once its scale word is set aside.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Base {
    /// No base: a plain number, written as empty text or only a scale word
    /// such as `million`.
    None,
    /// A currency code in capitals: `VND`, `USD`, any three letters A–Z.
    /// `đồng`, `VNĐ`, `vnđ` and `đ` are all stored as `VND`.
    Currency(String),
    /// `%`: a percentage.
    Percent,
    /// `pp`: percentage points, the difference of two percentages (also
    /// `điểm %`, `điểm phần trăm`).
    Pp,
    /// Any other word or words (`households`, `hộ`, `projects`): trimmed,
    /// inner whitespace collapsed to one space, lower-cased. Converts only to
    /// itself.
    Word(String),
}

/// A unit: a power of ten from its scale word and a base.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Unit {
    /// The power of ten of the scale word: 0 (none), 3, 6, 9 or 12.
    pub exp: u32,
    /// What is counted.
    pub base: Base,
}

/// A unit text that cannot be read, or two units that cannot be converted.
///
/// The message is a full sentence without a location; the caller adds the
/// file, line and column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitError {
    /// The sentence shown to the user.
    pub message: String,
    /// The same sentence in Vietnamese.
    pub vi: String,
}

impl UnitError {
    fn new(message: impl Into<String>, vi: impl Into<String>) -> UnitError {
        UnitError {
            message: message.into(),
            vi: vi.into(),
        }
    }

    /// A unit text that does not read: `why` says what is wrong, in
    /// English and in Vietnamese.
    fn not_a_unit(shown: &str, why: &str, why_vi: &str) -> UnitError {
        UnitError::new(
            format!("'{shown}' is not a unit: {why}"),
            format!("'{shown}' không phải là đơn vị tính: {why_vi}"),
        )
    }
}

impl fmt::Display for UnitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl UnitError {
    /// The sentence in both languages, for a diagnostic to quote.
    pub fn said(&self) -> crate::diagnostic::Said {
        crate::diagnostic::Said::new(self.message.clone(), self.vi.clone())
    }
}

impl std::error::Error for UnitError {}

impl Unit {
    /// Reads a unit such as `million USD`, `tỷ đồng`, `nghìn tỷ đồng`, `%`,
    /// `pp`, `thousand households` or the empty text (a plain number).
    ///
    /// The scale comes first, then the base. Vietnamese written in decomposed
    /// (NFD) form reads the same as the composed form.
    pub fn parse(text: &str) -> Result<Unit, UnitError> {
        let composed = crate::text::nfc(text);
        let tokens: Vec<&str> = composed.split_whitespace().collect();
        let shown = crate::text::clip(&tokens.join(" ")).into_owned();

        let (exp, scale_len) = leading_scale(&tokens).unwrap_or((0, 0));
        let rest = tokens.get(scale_len..).unwrap_or_default();

        if let Some((second_exp, _)) = leading_scale(rest) {
            let (hint, hint_vi) = match scale_name(exp + second_exp) {
                Some(name) => (
                    format!("write one, such as '{name}'"),
                    format!("hãy chỉ viết một, ví dụ '{name}'"),
                ),
                None => ("write only one".to_string(), "hãy chỉ viết một".to_string()),
            };
            return Err(UnitError::not_a_unit(
                &shown,
                &format!("it has two scale words; {hint}"),
                &format!("có hai từ chỉ quy mô (nghìn, triệu, tỷ…); {hint_vi}"),
            ));
        }

        let base = read_base(rest);
        if exp != 0 {
            match base {
                Base::Percent => {
                    return Err(UnitError::not_a_unit(
                        &shown,
                        "a percentage has no scale; write '%'",
                        "tỷ lệ phần trăm không kèm quy mô (nghìn, triệu…); hãy viết '%'",
                    ));
                }
                Base::Pp => {
                    return Err(UnitError::not_a_unit(
                        &shown,
                        "percentage points have no scale; write 'pp'",
                        "điểm phần trăm không kèm quy mô (nghìn, triệu…); hãy viết 'pp'",
                    ));
                }
                _ => {}
            }
        }

        if let Some(suggestion) = scale_after_base(rest, exp) {
            return Err(UnitError::not_a_unit(
                &shown,
                &format!("the scale comes before the base; write '{suggestion}'"),
                &format!("từ chỉ quy mô phải đứng trước đơn vị gốc; hãy viết '{suggestion}'"),
            ));
        }

        Ok(Unit { exp, base })
    }

    /// Multiply a value in `self` by the returned factor to express it in `target`.
    ///
    /// The bases must be the same: currencies never convert into each other
    /// (no exchange rates are guessed), a word converts only to itself, and
    /// `%` does not convert to `pp`. The factor is the exact power of ten
    /// between the two scales: `billion USD` to `million USD` is 1000.
    pub fn factor_to(&self, target: &Unit) -> Result<Decimal, UnitError> {
        let cannot = |why: &str, why_vi: &str| {
            UnitError::new(
                format!(
                    "cannot convert {} to {}: {why}",
                    describe(self),
                    describe(target)
                ),
                format!(
                    "không quy đổi được {} sang {}: {why_vi}",
                    describe_vi(self),
                    describe_vi(target)
                ),
            )
        };
        match (&self.base, &target.base) {
            (Base::Currency(from), Base::Currency(to)) if from != to => {
                return Err(UnitError::new(
                    format!("cannot convert {from} to {to}: no exchange rates are guessed"),
                    format!("không quy đổi được {from} sang {to}: attain không tự đoán tỷ giá"),
                ));
            }
            (Base::Word(from), Base::Word(to)) if from != to => {
                return Err(cannot(
                    "a counted unit converts only to itself",
                    "đơn vị đếm chỉ đổi được sang chính nó",
                ));
            }
            (Base::Percent, Base::Pp) | (Base::Pp, Base::Percent) => {
                return Err(cannot(
                    "a percentage and a difference of percentages (pp) are different measures",
                    "tỷ lệ phần trăm (%) và chênh lệch tỷ lệ phần trăm (pp) là hai thước đo khác nhau",
                ));
            }
            (from, to) if from != to => {
                return Err(cannot(
                    "they measure different things",
                    "hai đơn vị tính này đo những thứ khác nhau",
                ));
            }
            (Base::Percent | Base::Pp, _) if self.exp != 0 || target.exp != 0 => {
                return Err(cannot(
                    "a percentage has no scale",
                    "tỷ lệ phần trăm không kèm quy mô (nghìn, triệu…)",
                ));
            }
            _ => {}
        }
        power_of_ten(i64::from(self.exp) - i64::from(target.exp)).ok_or_else(|| {
            cannot(
                "the scales are too far apart to convert exactly",
                "hai quy mô cách nhau quá xa, không quy đổi chính xác được",
            )
        })
    }

    /// True for `%` and `pp`: values in these units are percentages.
    pub fn is_percent(&self) -> bool {
        matches!(self.base, Base::Percent | Base::Pp)
    }
}

impl fmt::Display for Unit {
    /// The canonical English spelling: `million USD`, `billion VND`, `%`,
    /// `pp`, `thousand households`, `million`, or empty for a plain number.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let scale = match scale_name(self.exp) {
            Some(name) => name.to_string(),
            // Only a hand-built Unit has such an exponent; still print it
            // rather than hide it.
            None => format!("10^{}", self.exp),
        };
        let base = match &self.base {
            Base::None => "",
            Base::Currency(code) => code,
            Base::Percent => "%",
            Base::Pp => "pp",
            Base::Word(word) => word,
        };
        match (scale.is_empty(), base.is_empty()) {
            (true, _) => f.write_str(base),
            (false, true) => f.write_str(&scale),
            (false, false) => write!(f, "{scale} {base}"),
        }
    }
}

impl Unit {
    /// The factor that converts a value written with the unit `text` (an
    /// actuals row's `unit` cell) into `target`: what reading the row
    /// multiplies its value by. An empty cell means the target's own unit,
    /// factor 1; so does a spelling of the same unit (`tỷ đồng` for
    /// `billion VND`).
    pub fn factor_from_text(text: &str, target: &Unit) -> Result<Decimal, UnitError> {
        if text.is_empty() {
            return Ok(Decimal::ONE);
        }
        Unit::parse(text)?.factor_to(target)
    }
}

/// A unit as an error message names it: quoted, or "a plain number".
fn describe(unit: &Unit) -> String {
    let text = unit.to_string();
    if text.is_empty() {
        "a plain number".to_string()
    } else {
        format!("'{}'", crate::text::clip(&text))
    }
}

/// A unit as a Vietnamese message names it: quoted as written, or a
/// plain number.
fn describe_vi(unit: &Unit) -> String {
    let text = unit.to_string();
    if text.is_empty() {
        "số không có đơn vị tính".to_string()
    } else {
        format!("'{}'", crate::text::clip(&text))
    }
}

/// The English scale word for a power of ten; empty for 0.
fn scale_name(exp: u32) -> Option<&'static str> {
    match exp {
        0 => Some(""),
        3 => Some("thousand"),
        6 => Some("million"),
        9 => Some("billion"),
        12 => Some("trillion"),
        _ => None,
    }
}

/// 10^exp as an exact decimal, if it fits (|exp| <= 28).
fn power_of_ten(exp: i64) -> Option<Decimal> {
    if exp >= 0 {
        let exp = u32::try_from(exp).ok()?;
        let value = 10_i128.checked_pow(exp)?;
        Decimal::try_from_i128_with_scale(value, 0).ok()
    } else {
        let scale = u32::try_from(exp.checked_neg()?).ok()?;
        Decimal::try_from_i128_with_scale(1, scale).ok()
    }
}

/// The power of ten of one scale word, if `token` is one.
fn scale_word(token: &str) -> Option<u32> {
    // Single letters keep their case: "m" is a metre, "M" a million.
    match token {
        "k" | "K" => return Some(3),
        "M" => return Some(6),
        _ => {}
    }
    match token.to_lowercase().as_str() {
        "thousand" | "nghìn" | "ngàn" => Some(3),
        "million" | "triệu" | "mn" => Some(6),
        "billion" | "tỷ" | "tỉ" | "bn" => Some(9),
        "trillion" => Some(12),
        _ => None,
    }
}

/// The unit meant by a currency or percentage followed by a scale word, such
/// as "USD million": read as written it would become the word "usd million"
/// and fail later with a confusing conversion error.
fn scale_after_base(tokens: &[&str], exp: u32) -> Option<Unit> {
    let (last, front) = tokens.split_last()?;
    if front.is_empty() {
        return None;
    }
    let (trailing_exp, _) = leading_scale(std::slice::from_ref(last))?;
    let base = read_base(front);
    matches!(base, Base::Currency(_) | Base::Percent | Base::Pp).then_some(Unit {
        exp: exp + trailing_exp,
        base,
    })
}

/// The scale at the front of `tokens`: its power of ten and how many tokens
/// it takes. "nghìn tỷ" (a thousand billion) is one scale of two words.
fn leading_scale(tokens: &[&str]) -> Option<(u32, usize)> {
    let first = scale_word(tokens.first()?)?;
    let second = tokens.get(1).and_then(|token| scale_word(token));
    if first == 3 && second == Some(9) {
        Some((12, 2))
    } else {
        Some((first, 1))
    }
}

/// The base named by the tokens after the scale.
fn read_base(tokens: &[&str]) -> Base {
    // Lower-casing can undo composition (H + macron below → h + mark), so
    // the word is brought back to NFC after it.
    let lower: Vec<String> = tokens
        .iter()
        .map(|t| crate::text::nfc(&t.to_lowercase()).into_owned())
        .collect();
    let lower: Vec<&str> = lower.iter().map(String::as_str).collect();
    match lower.as_slice() {
        [] => return Base::None,
        ["%"] | ["percent"] | ["phần", "trăm"] => return Base::Percent,
        ["pp"] | ["percentage", "points"] | ["điểm", "%"] | ["điểm", "phần", "trăm"] => {
            return Base::Pp;
        }
        // Đ (U+0110) is the Vietnamese letter; Ð (U+00D0, Icelandic eth)
        // looks the same and comes out of old keyboard layouts and encodings.
        ["đồng"] | ["vnđ"] | ["vnð"] | ["vnd"] | ["đ"] => {
            return Base::Currency("VND".to_string());
        }
        _ => {}
    }
    match tokens {
        [code] if code.len() == 3 && code.bytes().all(|b| b.is_ascii_uppercase()) => {
            Base::Currency((*code).to_string())
        }
        _ => Base::Word(lower.join(" ")),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a panic is how a test fails
mod tests;
