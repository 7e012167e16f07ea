//! Units of measure: a scale word (`thousand`, `triệu`, `nghìn tỷ` …) and a
//! base (a currency code, `%`, `pp`, or any other word), SPEC §4.2.
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
}

impl UnitError {
    fn new(message: impl Into<String>) -> UnitError {
        UnitError {
            message: message.into(),
        }
    }
}

impl fmt::Display for UnitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
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
            let hint = match scale_name(exp + second_exp) {
                Some(name) => format!("write one, such as '{name}'"),
                None => "write only one".to_string(),
            };
            return Err(UnitError::new(format!(
                "'{shown}' is not a unit: it has two scale words; {hint}"
            )));
        }

        let base = read_base(rest);
        if exp != 0 {
            match base {
                Base::Percent => {
                    return Err(UnitError::new(format!(
                        "'{shown}' is not a unit: a percentage has no scale; write '%'"
                    )));
                }
                Base::Pp => {
                    return Err(UnitError::new(format!(
                        "'{shown}' is not a unit: percentage points have no scale; write 'pp'"
                    )));
                }
                _ => {}
            }
        }

        if let Some(suggestion) = scale_after_base(rest, exp) {
            return Err(UnitError::new(format!(
                "'{shown}' is not a unit: the scale comes before the base; write '{suggestion}'"
            )));
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
        let cannot = |why: &str| {
            UnitError::new(format!(
                "cannot convert {} to {}: {why}",
                describe(self),
                describe(target)
            ))
        };
        match (&self.base, &target.base) {
            (Base::Currency(from), Base::Currency(to)) if from != to => {
                return Err(UnitError::new(format!(
                    "cannot convert {from} to {to}: no exchange rates are guessed"
                )));
            }
            (Base::Word(from), Base::Word(to)) if from != to => {
                return Err(cannot("a counted unit converts only to itself"));
            }
            (Base::Percent, Base::Pp) | (Base::Pp, Base::Percent) => {
                return Err(cannot(
                    "a percentage and a difference of percentages (pp) are different measures",
                ));
            }
            (from, to) if from != to => {
                return Err(cannot("they measure different things"));
            }
            (Base::Percent | Base::Pp, _) if self.exp != 0 || target.exp != 0 => {
                return Err(cannot("a percentage has no scale"));
            }
            _ => {}
        }
        power_of_ten(i64::from(self.exp) - i64::from(target.exp))
            .ok_or_else(|| cannot("the scales are too far apart to convert exactly"))
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
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn unit(text: &str) -> Unit {
        Unit::parse(text).unwrap()
    }

    fn currency(exp: u32, code: &str) -> Unit {
        Unit {
            exp,
            base: Base::Currency(code.to_string()),
        }
    }

    fn word(exp: u32, text: &str) -> Unit {
        Unit {
            exp,
            base: Base::Word(text.to_string()),
        }
    }

    fn parse_error(text: &str) -> String {
        Unit::parse(text).unwrap_err().message
    }

    fn factor(from: &str, to: &str) -> Decimal {
        unit(from).factor_to(&unit(to)).unwrap()
    }

    fn factor_error(from: &str, to: &str) -> String {
        unit(from).factor_to(&unit(to)).unwrap_err().message
    }

    /// NFD spelling of a text, written out mark by mark so the test does not
    /// depend on how this source file is normalised.
    const TY_DONG_NFD: &str = "ty\u{309} \u{111}o\u{302}\u{300}ng";

    #[test]
    fn parses_scales_and_bases() {
        let cases: &[(&str, Unit)] = &[
            (
                "",
                Unit {
                    exp: 0,
                    base: Base::None,
                },
            ),
            (
                "   ",
                Unit {
                    exp: 0,
                    base: Base::None,
                },
            ),
            (
                "million",
                Unit {
                    exp: 6,
                    base: Base::None,
                },
            ),
            (
                "k",
                Unit {
                    exp: 3,
                    base: Base::None,
                },
            ),
            ("million USD", currency(6, "USD")),
            ("triệu USD", currency(6, "USD")),
            ("M USD", currency(6, "USD")),
            ("mn USD", currency(6, "USD")),
            ("billion USD", currency(9, "USD")),
            ("bn USD", currency(9, "USD")),
            ("tỷ đồng", currency(9, "VND")),
            ("tỉ đồng", currency(9, "VND")),
            ("nghìn tỷ đồng", currency(12, "VND")),
            ("ngàn tỷ đồng", currency(12, "VND")),
            ("nghìn tỉ đồng", currency(12, "VND")),
            ("thousand billion VND", currency(12, "VND")),
            ("trillion VND", currency(12, "VND")),
            ("nghìn đồng", currency(3, "VND")),
            ("K VND", currency(3, "VND")),
            ("VND", currency(0, "VND")),
            ("VNĐ", currency(0, "VND")),
            ("VNÐ", currency(0, "VND")),
            ("vnđ", currency(0, "VND")),
            ("đ", currency(0, "VND")),
            ("đồng", currency(0, "VND")),
            ("Đồng", currency(0, "VND")),
            ("EUR", currency(0, "EUR")),
            ("  Million   USD ", currency(6, "USD")),
            (
                "%",
                Unit {
                    exp: 0,
                    base: Base::Percent,
                },
            ),
            (
                "pp",
                Unit {
                    exp: 0,
                    base: Base::Pp,
                },
            ),
            (
                "điểm %",
                Unit {
                    exp: 0,
                    base: Base::Pp,
                },
            ),
            (
                "điểm phần trăm",
                Unit {
                    exp: 0,
                    base: Base::Pp,
                },
            ),
            ("households", word(0, "households")),
            ("thousand households", word(3, "households")),
            ("hộ", word(0, "hộ")),
            ("nghìn hộ", word(3, "hộ")),
            ("  Small   Projects ", word(0, "small projects")),
            // Lower-case "usd" is not a code (codes are capitals); "m" is a metre.
            ("usd", word(0, "usd")),
            ("m", word(0, "m")),
        ];
        for (text, expected) in cases {
            assert_eq!(Unit::parse(text).as_ref(), Ok(expected), "parsing {text:?}");
        }
    }

    #[test]
    fn vietnamese_scales_equal_english_ones() {
        assert_eq!(unit("triệu USD"), unit("million USD"));
        assert_eq!(unit("tỷ đồng"), unit("billion VND"));
        assert_eq!(unit("nghìn tỷ đồng"), unit("trillion VND"));
    }

    #[test]
    fn a_word_reads_the_same_after_printing() {
        // Found by fuzzing: lower-casing "H\u{331}" left "h\u{331}", which
        // NFC composes to "ẖ" — a second reading gave another unit.
        let once = unit("H\u{331}");
        assert_eq!(unit(&once.to_string()), once);
        assert_eq!(once.factor_to(&unit("ẖ")), Ok(Decimal::ONE));
    }

    #[test]
    fn decomposed_vietnamese_reads_as_composed() {
        assert_ne!(TY_DONG_NFD, "tỷ đồng");
        assert_eq!(unit(TY_DONG_NFD), unit("tỷ đồng"));
        assert_eq!(
            unit("nghi\u{300}n ty\u{309} \u{111}o\u{302}\u{300}ng"),
            currency(12, "VND")
        );
        assert_eq!(unit("tri\u{65}\u{323}\u{302}u USD"), currency(6, "USD"));
        // Marks after a precomposed letter, and in either order.
        assert_eq!(unit("tri\u{1EB9}\u{302}u USD"), currency(6, "USD"));
        assert_eq!(unit("trie\u{302}\u{323}u USD"), currency(6, "USD"));
        assert_eq!(unit("ho\u{323}\u{302}"), unit("hộ"));
        assert_eq!(
            unit("\u{111}ie\u{302}\u{309}m %"),
            Unit {
                exp: 0,
                base: Base::Pp
            }
        );
    }

    #[test]
    fn rejects_bad_units() {
        let cases = [
            (
                "million %",
                "'million %' is not a unit: a percentage has no scale; write '%'",
            ),
            (
                "triệu %",
                "'triệu %' is not a unit: a percentage has no scale; write '%'",
            ),
            (
                "k pp",
                "'k pp' is not a unit: percentage points have no scale; write 'pp'",
            ),
            (
                "million million",
                "'million million' is not a unit: it has two scale words; write one, such as 'trillion'",
            ),
            (
                "tỷ tỷ đồng",
                "'tỷ tỷ đồng' is not a unit: it has two scale words; write only one",
            ),
            (
                "USD million",
                "'USD million' is not a unit: the scale comes before the base; write 'million USD'",
            ),
            (
                "đồng  tỷ",
                "'đồng tỷ' is not a unit: the scale comes before the base; write 'billion VND'",
            ),
        ];
        for (text, message) in cases {
            assert_eq!(parse_error(text), message, "parsing {text:?}");
        }
    }

    #[test]
    fn converts_between_scales_exactly() {
        let cases = [
            ("billion USD", "million USD", Decimal::new(1000, 0)),
            ("nghìn tỷ đồng", "tỷ đồng", Decimal::new(1000, 0)),
            ("million VND", "trillion VND", Decimal::new(1, 6)),
            ("million", "billion", Decimal::new(1, 3)),
            ("thousand billion VND", "trillion VND", Decimal::ONE),
            ("VND", "nghìn tỷ đồng", Decimal::new(1, 12)),
            ("trillion", "", Decimal::new(1_000_000_000_000, 0)),
            ("thousand households", "households", Decimal::new(1000, 0)),
            ("%", "%", Decimal::ONE),
            ("pp", "pp", Decimal::ONE),
            ("", "", Decimal::ONE),
        ];
        for (from, to, expected) in cases {
            assert_eq!(factor(from, to), expected, "{from} -> {to}");
        }
    }

    #[test]
    fn a_row_unit_converts_by_its_text() {
        let million_usd = unit("million USD");
        assert_eq!(Unit::factor_from_text("", &million_usd), Ok(Decimal::ONE));
        assert_eq!(
            Unit::factor_from_text("tỷ USD", &million_usd),
            Ok(Decimal::from(1000))
        );
        assert_eq!(
            Unit::factor_from_text("nghìn tỷ đồng", &unit("trillion VND")),
            Ok(Decimal::ONE)
        );
        assert!(Unit::factor_from_text("VND", &million_usd).is_err());
        assert!(Unit::factor_from_text("million million", &million_usd).is_err());
    }

    #[test]
    fn refuses_to_convert_different_bases() {
        let cases = [
            (
                "USD",
                "VND",
                "cannot convert USD to VND: no exchange rates are guessed",
            ),
            (
                "billion USD",
                "tỷ đồng",
                "cannot convert USD to VND: no exchange rates are guessed",
            ),
            (
                "households",
                "projects",
                "cannot convert 'households' to 'projects': a counted unit converts only to itself",
            ),
            (
                "%",
                "pp",
                "cannot convert '%' to 'pp': a percentage and a difference of percentages (pp) are different measures",
            ),
            (
                "pp",
                "%",
                "cannot convert 'pp' to '%': a percentage and a difference of percentages (pp) are different measures",
            ),
            (
                "million",
                "million USD",
                "cannot convert 'million' to 'million USD': they measure different things",
            ),
            (
                "",
                "households",
                "cannot convert a plain number to 'households': they measure different things",
            ),
        ];
        for (from, to, message) in cases {
            assert_eq!(factor_error(from, to), message, "{from} -> {to}");
        }
    }

    #[test]
    fn hand_built_units_do_not_panic() {
        let scaled_percent = Unit {
            exp: 6,
            base: Base::Percent,
        };
        let percent = unit("%");
        assert_eq!(
            scaled_percent.factor_to(&percent).unwrap_err().message,
            "cannot convert 'million %' to '%': a percentage has no scale"
        );
        let huge = Unit {
            exp: u32::MAX,
            base: Base::None,
        };
        assert!(huge.factor_to(&unit("")).is_err());
        assert!(unit("").factor_to(&huge).is_err());
        let odd = Unit {
            exp: 5,
            base: Base::Word("tonnes".into()),
        };
        assert_eq!(odd.to_string(), "10^5 tonnes");
        assert_eq!(
            odd.factor_to(&unit("thousand tonnes")).unwrap(),
            Decimal::new(100, 0)
        );
        let edge = Unit {
            exp: 28,
            base: Base::None,
        };
        assert_eq!(unit("").factor_to(&edge).unwrap(), Decimal::new(1, 28));
    }

    #[test]
    fn displays_canonical_english() {
        let cases = [
            ("million USD", "million USD"),
            ("triệu USD", "million USD"),
            ("tỷ đồng", "billion VND"),
            ("nghìn tỷ đồng", "trillion VND"),
            ("k VND", "thousand VND"),
            ("%", "%"),
            ("điểm phần trăm", "pp"),
            ("Households", "households"),
            ("thousand households", "thousand households"),
            ("nghìn hộ", "thousand hộ"),
            ("", ""),
            ("million", "million"),
        ];
        for (text, shown) in cases {
            assert_eq!(unit(text).to_string(), shown, "showing {text:?}");
            // What is shown reads back as the same unit.
            assert_eq!(unit(shown), unit(text), "reading back {shown:?}");
        }
    }

    #[test]
    fn knows_percentages() {
        assert!(unit("%").is_percent());
        assert!(unit("pp").is_percent());
        assert!(!unit("million USD").is_percent());
        assert!(!unit("").is_percent());
        assert!(!unit("households").is_percent());
    }

    #[test]
    fn error_is_a_std_error() {
        let err: Box<dyn std::error::Error> = Box::new(Unit::parse("million %").unwrap_err());
        assert!(err.to_string().starts_with("'million %' is not a unit"));
    }

    fn unit_text() -> impl Strategy<Value = String> {
        let scale = prop_oneof![
            Just(""),
            Just("thousand "),
            Just("nghìn "),
            Just("K "),
            Just("M "),
            Just("triệu "),
            Just("billion "),
            Just("tỷ "),
            Just("nghìn tỷ "),
            Just("trillion "),
        ];
        let base = prop_oneof![
            Just("".to_string()),
            Just("đồng".to_string()),
            Just("%".to_string()),
            Just("pp".to_string()),
            "[A-Z]{3}",
            "[a-zà-ỹ]{1,8}( [a-z]{1,5})?",
        ];
        (scale, base).prop_map(|(s, b)| format!("{s}{b}"))
    }

    proptest! {
        #[test]
        fn parse_never_panics(text in "\\PC*") {
            let _ = Unit::parse(&text);
        }

        #[test]
        fn parse_never_panics_on_marks(text in "[a-zA-Z \u{300}-\u{36F}%đĐ]{0,20}") {
            let _ = Unit::parse(&text);
        }

        #[test]
        fn a_unit_converts_to_itself_by_one(text in unit_text()) {
            if let Ok(parsed) = Unit::parse(&text) {
                prop_assert_eq!(parsed.factor_to(&parsed), Ok(Decimal::ONE));
            }
        }

        #[test]
        fn display_reads_back(text in unit_text()) {
            if let Ok(parsed) = Unit::parse(&text) {
                prop_assert_eq!(Unit::parse(&parsed.to_string()), Ok(parsed));
            }
        }

        #[test]
        fn factors_chain(a in 0u32..5, b in 0u32..5, c in 0u32..5) {
            let make = |step: u32| Unit { exp: step * 3, base: Base::Currency("VND".into()) };
            let (a, b, c) = (make(a), make(b), make(c));
            let direct = a.factor_to(&c).unwrap();
            let chained = a.factor_to(&b).unwrap() * b.factor_to(&c).unwrap();
            prop_assert_eq!(direct, chained);
        }
    }
}
