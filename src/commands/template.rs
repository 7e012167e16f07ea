//! `attain template`: the next period's skeleton (`crate::template`), in
//! csv, tsv or xlsx.

use crate::diagnostic::Usage;
use crate::error::{EXIT_OK, Error};
use crate::render;
use crate::settings::Settings;

use super::{guard_files, ingest, inputs, write_output};

/// `attain template`: the next period's skeleton, in csv or xlsx.
pub(crate) fn run(settings: &Settings) -> Result<i32, Error> {
    guard_files(settings, &settings.actuals)?;
    let campaign = super::load_campaign(settings)?;
    // The actuals only tell how far the figures go; without any, or when
    // they cannot be read, the skeleton starts at the campaign's start.
    let as_of = match inputs(settings, &campaign) {
        Ok(inputs) => {
            guard_files(settings, &inputs)?;
            let ingest = ingest(settings, &campaign, &inputs);
            (ingest.as_of_from_rows || settings.as_of.is_some()).then_some(ingest.as_of)
        }
        Err(_) => settings.as_of,
    };
    let lines = crate::template::lines(&campaign, as_of);
    let bytes = match settings.format {
        render::Format::Xlsx => crate::template::xlsx(&lines)?,
        render::Format::Table | render::Format::Csv => {
            crate::template::csv(&lines, settings.delimiter(&campaign).unwrap_or(b','))?
        }
        render::Format::Tsv => crate::template::csv(&lines, b'\t')?,
        other => {
            let other = other.to_string();
            return Err(Error::Usage(Usage::TemplateFormat { other }));
        }
    };
    write_output(settings.output.as_deref(), &bytes)?;
    Ok(EXIT_OK)
}
