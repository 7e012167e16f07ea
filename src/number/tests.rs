//! The number readers and writers by behaviour: what each locale accepts,
//! what each mistake is told, exact values and scales kept, and property
//! tests that the fast cell readers agree with the full parser.

use super::cell::*;
use super::format::*;
use super::parse::*;
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
fn the_fast_cell_reader_takes_only_digits_and_one_inner_separator() {
    use Locale::{En, Vi};
    // ':' is the byte after '9': it is not a digit.
    for cell in [&b":"[..], b"1:5", b"9:", b":9"] {
        assert_eq!(read_plain(cell, En), None, "{cell:?}");
    }
    // Where the fast reader answers, parse gives the same value; where it
    // declines, parse decides.
    for (cell, locale) in [(".5", En), (",5", Vi), ("5.", En), ("1.5", En), ("1,5", Vi)] {
        let parsed = parse(cell, locale, false).ok();
        let plain = read_plain(cell.as_bytes(), locale)
            .map(|(m, s)| Decimal::from_i128_with_scale(m.into(), s));
        if let Some(plain) = plain {
            assert_eq!(Some(plain), parsed, "{cell}");
        }
    }
    assert_eq!(read_plain(b"1.5", En), Some((15, 1)));
    assert_eq!(
        read_plain(b".5", En),
        None,
        "a separator needs a digit before it"
    );
}

#[test]
fn the_largest_mantissa_is_read_and_one_more_is_refused() {
    use Locale::En;
    // 2^96 - 1, the largest a Decimal holds, and 2^96.
    let largest = "79228162514264337593543950335";
    assert_eq!(parse(largest, En, false).unwrap().to_string(), largest);
    assert!(parse("79228162514264337593543950336", En, false).is_err());
}

#[test]
fn trailing_zeros_are_kept_up_to_the_28_places_a_decimal_holds() {
    use Locale::En;
    let zeros = |n: usize| format!("1.{}", "0".repeat(n));
    assert_eq!(parse(&zeros(28), En, false).unwrap().scale(), 28);
    let thirty = parse(&zeros(30), En, false).unwrap();
    assert_eq!((thirty, thirty.scale()), (Decimal::ONE, 28));
    // A zero's mantissa never grows: only the 28 places stop its scale.
    let zero = parse(&format!("0.{}", "0".repeat(30)), En, false).unwrap();
    assert_eq!((zero, zero.scale()), (Decimal::ZERO, 28));
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

fn error_vi(text: &str, locale: Locale, percent_ok: bool) -> String {
    match parse(text, locale, percent_ok) {
        Ok(value) => panic!("{text:?} under {locale} parsed as {value}, expected an error"),
        Err(error) => {
            let said = error.said();
            assert_eq!(said.en, error.message, "the English stays as it was");
            said.vi
        }
    }
}

#[test]
fn says_each_common_mistake_in_vietnamese() {
    use Locale::{En, Vi};
    let cases: &[(&str, Locale, bool, &str)] = &[
        (
            "6,9 %",
            En,
            true,
            "'6,9 %' có thể hiểu theo hai cách với locale en (dấu phẩy phân cách hàng nghìn phải có đúng ba chữ số theo sau); hãy dùng --locale vi hoặc viết 6.9 %",
        ),
        (
            "7.39",
            Vi,
            false,
            "'7.39' có thể hiểu theo hai cách với locale vi (dấu chấm phân cách hàng nghìn phải có đúng ba chữ số theo sau); hãy dùng --locale en hoặc viết 7,39",
        ),
        (
            "1,234.5",
            Vi,
            false,
            "'1,234.5' được viết theo kiểu số en nhưng locale đang là vi; hãy dùng --locale en",
        ),
        ("", En, false, "giá trị trống không phải là số"),
        ("abc", Vi, false, "'abc' không phải là số"),
        ("--5", En, false, "'--5' có nhiều hơn một dấu âm/dương"),
        (
            ",5",
            Vi,
            false,
            "',5' cần một chữ số trước dấu phẩy thập phân; hãy viết 0,5",
        ),
        (
            "1..2",
            En,
            false,
            "'1..2' không phải là số: có hai dấu phân cách liền nhau",
        ),
        (
            "1,5 000",
            Vi,
            false,
            "'1,5 000' tách nhóm hàng nghìn sai với locale vi: chỉ phần nguyên được tách nhóm hàng nghìn, phần thập phân thì không",
        ),
        (
            "5%",
            En,
            false,
            "'5%' có dấu '%' nhưng đơn vị tính không phải là phần trăm",
        ),
    ];
    for (text, locale, percent_ok, vi) in cases {
        assert_eq!(&error_vi(text, *locale, *percent_ok), vi, "{text:?}");
    }
}
