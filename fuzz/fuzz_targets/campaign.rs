//! `attain::campaign::parse` over arbitrary text: never panics; an invalid
//! campaign is `Error::Invalid` with at least one diagnostic, every one an
//! error or warning located at `t.toml:line:col` with line >= 1 and a line
//! that exists in the text.
#![no_main]

use std::path::Path;

use attain::error::Error;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    match attain::campaign::parse("t.toml", &text, Path::new(".")) {
        Ok(campaign) => {
            assert!(
                !campaign.targets.is_empty(),
                "a valid campaign has a target"
            );
            assert!(campaign.span.start <= campaign.span.end);
            for t in &campaign.targets {
                assert!(t.location.line >= 1, "{:?}", t.location);
            }
        }
        Err(Error::Invalid(diagnostics)) => {
            assert!(
                !diagnostics.is_empty(),
                "Error::Invalid without a diagnostic"
            );
            let lines = text.matches('\n').count() as u64 + 1;
            for d in &diagnostics {
                let Some(loc) = &d.location else {
                    panic!("diagnostic without a location: {d:?}");
                };
                assert_eq!(loc.file, "t.toml", "{d:?}");
                assert!(loc.line >= 1, "diagnostic at line 0: {d:?}");
                assert!(
                    loc.line <= lines,
                    "diagnostic past the last line {lines}: {d:?}"
                );
                assert!(!d.message().is_empty(), "{d:?}");
            }
        }
        Err(other) => panic!("parse of text returned a non-Invalid error: {other:?}"),
    }
});
