//! The wording of `actuals.rs` in Vietnamese, variant for variant.

use std::fmt;

use super::Code;

impl Code {
    /// [`Code::actuals_files`] in Vietnamese.
    pub(super) fn actuals_files_vi(&self, _f: &mut fmt::Formatter<'_>) -> Option<fmt::Result> {
        None
    }

    /// [`Code::actuals_csv`] in Vietnamese.
    pub(super) fn actuals_csv_vi(&self, _f: &mut fmt::Formatter<'_>) -> Option<fmt::Result> {
        None
    }

    /// [`Code::actuals_rows`] in Vietnamese.
    pub(super) fn actuals_rows_vi(&self, _f: &mut fmt::Formatter<'_>) -> Option<fmt::Result> {
        None
    }
}
