//! `attain template`: the next period's skeleton (`crate::template`), in
//! csv, tsv or xlsx; with `--wide`, a wide table of months or entities.

use crate::diagnostic::Usage;
use crate::error::{EXIT_OK, Error};
use crate::render;
use crate::settings::Settings;

use super::{guard_files, ingest, inputs, write_output};

/// `attain template`: the next period's skeleton, in csv or xlsx, long or
/// (`--wide`) wide.
pub(crate) fn run(settings: &Settings) -> Result<i32, Error> {
    guard_files(settings, &settings.actuals)?;
    let campaign = super::load_campaign(settings)?;
    // Here `--wide` is the skeleton's layout, not the actuals': they are
    // read as without it (a table with periods across is still found by
    // its header), so that every layout starts at the same next period.
    let mut reading = settings.clone();
    reading.wide = None;
    // The actuals only tell how far the figures go; without any, or when
    // they cannot be read, the skeleton starts at the campaign's start.
    let as_of = match inputs(&reading, &campaign) {
        Ok(inputs) => {
            guard_files(&reading, &inputs)?;
            let ingest = ingest(&reading, &campaign, &inputs);
            (ingest.as_of_from_rows || settings.as_of.is_some()).then_some(ingest.as_of)
        }
        Err(_) => settings.as_of,
    };
    // The separator of a csv or tsv skeleton; none for a workbook.
    let delimiter = match settings.format {
        render::Format::Xlsx => None,
        render::Format::Table | render::Format::Csv => {
            Some(settings.delimiter(&campaign).unwrap_or(b','))
        }
        render::Format::Tsv => Some(b'\t'),
        other => {
            let other = other.to_string();
            return Err(Error::Usage(Usage::TemplateFormat { other }));
        }
    };
    let bytes = match settings.wide {
        None => {
            let lines = crate::template::lines(&campaign, as_of);
            match delimiter {
                None => crate::template::xlsx(&lines)?,
                Some(d) => crate::template::csv(&lines, d)?,
            }
        }
        Some(across) => {
            let (locale, lang) = (settings.locale(&campaign), settings.lang(&campaign));
            let wide = crate::template::wide(&campaign, as_of, across, locale, lang);
            if wide.first_value == wide.header.len() {
                let campaign = campaign.file.clone();
                return Err(Error::Usage(Usage::NoEntitiesAcross { campaign }));
            }
            match delimiter {
                None => crate::template::wide_xlsx(&wide)?,
                Some(d) => crate::template::wide_csv(&wide, d)?,
            }
        }
    };
    write_output(settings.output.as_deref(), &bytes)?;
    Ok(EXIT_OK)
}
