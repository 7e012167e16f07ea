//! Units as offices write them: scales, bases, currencies, percentages, and
//! the conversions between them that are allowed and those that are not.

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

#[test]
fn says_why_a_unit_does_not_read_or_convert_in_vietnamese() {
    let parse_vi = |text: &str| {
        let said = Unit::parse(text).unwrap_err().said();
        assert_eq!(said.en, parse_error(text), "the English stays as it was");
        said.vi
    };
    assert_eq!(
        parse_vi("million million"),
        "'million million' không phải là đơn vị tính: có hai từ chỉ quy mô (nghìn, triệu, tỷ…); hãy chỉ viết một, ví dụ 'trillion'"
    );
    assert_eq!(
        parse_vi("đồng  tỷ"),
        "'đồng tỷ' không phải là đơn vị tính: từ chỉ quy mô phải đứng trước đơn vị gốc; hãy viết 'billion VND'"
    );
    assert_eq!(
        parse_vi("triệu %"),
        "'triệu %' không phải là đơn vị tính: tỷ lệ phần trăm không kèm quy mô (nghìn, triệu…); hãy viết '%'"
    );
    let factor_vi = |from: &str, to: &str| {
        let said = unit(from).factor_to(&unit(to)).unwrap_err().said();
        assert_eq!(
            said.en,
            factor_error(from, to),
            "the English stays as it was"
        );
        said.vi
    };
    assert_eq!(
        factor_vi("USD", "tỷ đồng"),
        "không quy đổi được USD sang VND: attain không tự đoán tỷ giá"
    );
    assert_eq!(
        factor_vi("%", "pp"),
        "không quy đổi được '%' sang 'pp': tỷ lệ phần trăm (%) và chênh lệch tỷ lệ phần trăm (pp) là hai thước đo khác nhau"
    );
    assert_eq!(
        factor_vi("", "hộ"),
        "không quy đổi được số không có đơn vị tính sang 'hộ': hai đơn vị tính này đo những thứ khác nhau"
    );
    assert_eq!(
        factor_vi("hộ", "dự án"),
        "không quy đổi được 'hộ' sang 'dự án': đơn vị đếm chỉ đổi được sang chính nó"
    );
}
