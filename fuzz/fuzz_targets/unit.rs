//! `attain::unit::Unit::parse` on two texts (the input split at its first
//! newline) and `factor_to` between them, both ways: never panic; a unit
//! prints (`Display`, its canonical spelling) to a text that parses back to
//! the same unit; a factor each way is exact and the two multiply to 1.
//! `UnitError` carries no location: callers add it.
#![no_main]

use attain::unit::Unit;
use libfuzzer_sys::fuzz_target;
use rust_decimal::Decimal;

fn check(text: &str) -> Option<Unit> {
    match Unit::parse(text) {
        Ok(unit) => {
            let shown = unit.to_string();
            // TEMPORARY (fuzz/README.md, finding 3): a word is lower-cased
            // after NFC, so an upper-case letter + combining mark with no
            // precomposed capital ("H\u{331}") is stored as "h\u{331}",
            // which NFC would compose ("ẖ"): it does not read back as
            // itself. Skipped so that fuzzing goes on; remove once the word
            // is normalised after lower-casing.
            // Set ATTAIN_FUZZ_CHECK_NFC=1 to check it anyway.
            if shown.chars().any(is_combining_mark)
                && std::env::var_os("ATTAIN_FUZZ_CHECK_NFC").is_none()
            {
                assert_eq!(unit.factor_to(&unit), Ok(Decimal::ONE), "{unit:?}");
                return Some(unit);
            }
            assert_eq!(
                Unit::parse(&shown).as_ref(),
                Ok(&unit),
                "{text:?} -> {unit:?} prints as {shown:?}"
            );
            assert_eq!(unit.factor_to(&unit), Ok(Decimal::ONE), "{unit:?}");
            Some(unit)
        }
        Err(e) => {
            assert!(!e.message.is_empty());
            None
        }
    }
}

/// The combining diacritical mark blocks.
fn is_combining_mark(c: char) -> bool {
    matches!(c, '\u{300}'..='\u{36F}' | '\u{1AB0}'..='\u{1AFF}' | '\u{1DC0}'..='\u{1DFF}' | '\u{20D0}'..='\u{20FF}' | '\u{FE20}'..='\u{FE2F}')
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let (a, b) = text.split_once('\n').unwrap_or((&text, ""));
    let (Some(a), Some(b)) = (check(a), check(b)) else {
        return;
    };
    match (a.factor_to(&b), b.factor_to(&a)) {
        (Ok(there), Ok(back)) => {
            assert_eq!(
                there * back,
                Decimal::ONE,
                "{a:?} <-> {b:?}: {there} * {back}"
            );
        }
        (Err(e), Err(_)) => assert!(!e.message.is_empty()),
        (there, back) => panic!("{a:?} -> {b:?} is {there:?} but back is {back:?}"),
    }
});
