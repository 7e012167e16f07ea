//! PLACEHOLDER — being written; renders nothing useful yet.
use super::Options;
use crate::report::Report;

/// Render the report.
pub fn render(_report: &Report, _options: &Options) -> Vec<u8> {
    Vec::new()
}
