//! PLACEHOLDER — being written; renders nothing useful yet.
use super::Options;
use crate::error::Error;
use crate::report::Report;

/// Render the report.
pub fn render(_report: &Report, _options: &Options) -> Result<Vec<u8>, Error> {
    Ok(Vec::new())
}
