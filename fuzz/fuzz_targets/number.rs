//! `attain::number::parse` over arbitrary text, both locales, with and
//! without `%`: never panics; an accepted value formats (`number::format`,
//! grouped, in the same locale) to a text that parses back to the same
//! value; an error is a non-empty sentence of bounded length (the module
//! quotes at most 64 characters of a cell so a megabyte of garbage still
//! gives a readable line). `NumberError` carries no location: callers add it.
#![no_main]

use attain::number::{self, Locale};
use libfuzzer_sys::fuzz_target;

/// Generous bound on an error sentence: the quoted text is cut at 64
/// characters, the rest of any message is well under 300.
const MAX_MESSAGE_CHARS: usize = 1_000;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    for locale in [Locale::En, Locale::Vi] {
        for percent_ok in [false, true] {
            match number::parse(&text, locale, percent_ok) {
                Ok(value) => {
                    let shown = number::format(value, locale, None);
                    match number::parse(&shown, locale, percent_ok) {
                        Ok(back) => assert_eq!(
                            back, value,
                            "{text:?} ({locale}, %={percent_ok}) = {value} formats as {shown:?} which reads back as {back}"
                        ),
                        Err(e) => panic!(
                            "{text:?} ({locale}, %={percent_ok}) = {value} formats as {shown:?} which does not parse back: {e}"
                        ),
                    }
                    // The rounded forms the renderers use must not panic.
                    let _ = number::format(value, locale, Some(2));
                    let _ = number::format_plain(value, Some(2));
                    let plain = number::format_plain(value, None);
                    assert!(!plain.contains(['e', 'E']), "{plain}");
                }
                Err(e) => {
                    assert!(!e.message.is_empty(), "{text:?}: empty error message");
                    let len = e.message.chars().count();
                    assert!(
                        len <= MAX_MESSAGE_CHARS,
                        "{text:?} ({locale}, %={percent_ok}): error message of {len} characters: {}…",
                        e.message.chars().take(200).collect::<String>()
                    );
                }
            }
        }
    }
});
