//! The wording of `check.rs` in Vietnamese, variant for variant.

use std::fmt;

use super::Code;

impl Code {
    /// [`Code::check_advisories`] in Vietnamese.
    pub(super) fn check_advisories_vi(&self, _f: &mut fmt::Formatter<'_>) -> Option<fmt::Result> {
        None
    }
}
