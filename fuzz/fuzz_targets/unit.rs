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
