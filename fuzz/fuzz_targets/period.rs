//! `attain::period::Span::parse` and `parse_as_of` over arbitrary text:
//! never panic; an accepted span prints (`Display`, "the shortest form that
//! reads back as the same span") to a text that parses back to the same span;
//! an as-of date is the end of the same text read as a period. `PeriodError`
//! carries no location: callers add it.
#![no_main]

use attain::period::{self, Span};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let span = Span::parse(&text);
    match &span {
        Ok(span) => {
            assert!(span.start <= span.end, "{text:?} -> {span:?}");
            let shown = span.to_string();
            assert_eq!(
                Span::parse(&shown),
                Ok(*span),
                "{text:?} -> {span:?} prints as {shown:?}"
            );
            assert!(span.days() >= 1);
            let earlier = span.year_earlier();
            assert!(earlier.start <= earlier.end, "{span:?} -> {earlier:?}");
            let _ = earlier.to_string();
            assert!(span.contains(span) && span.overlaps(span));
            let (elapsed, total) = period::elapsed_days(span, span.end);
            assert_eq!(elapsed, total);
        }
        Err(e) => assert!(!e.message.is_empty()),
    }
    match period::parse_as_of(&text) {
        Ok(date) => {
            // A single period's as-of is its last day.
            match &span {
                Ok(span) => assert_eq!(date, span.end, "{text:?}"),
                Err(e) => panic!("{text:?} is an as-of date {date} but not a period: {e}"),
            }
        }
        Err(e) => assert!(!e.message.is_empty()),
    }
});
