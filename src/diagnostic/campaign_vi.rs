//! The wording of `campaign.rs` in Vietnamese, variant for variant.

use std::fmt;

use super::Code;

impl Code {
    /// [`Code::campaign_shape`] in Vietnamese.
    pub(super) fn campaign_shape_vi(&self, _f: &mut fmt::Formatter<'_>) -> Option<fmt::Result> {
        None
    }

    /// [`Code::campaign_values`] in Vietnamese.
    pub(super) fn campaign_values_vi(&self, _f: &mut fmt::Formatter<'_>) -> Option<fmt::Result> {
        None
    }

    /// [`Code::campaign_choices`] in Vietnamese.
    pub(super) fn campaign_choices_vi(&self, _f: &mut fmt::Formatter<'_>) -> Option<fmt::Result> {
        None
    }

    /// [`Code::campaign_rules`] in Vietnamese.
    pub(super) fn campaign_rules_vi(&self, _f: &mut fmt::Formatter<'_>) -> Option<fmt::Result> {
        None
    }
}
