//! `attain check`: the findings (`crate::check`) listed or as JSON.

use crate::check;
use crate::diagnostic::Usage;
use crate::error::{EXIT_ERROR, EXIT_OK, Error};
use crate::ingest::Input;
use crate::settings::Settings;
use crate::{render, report};

use super::{guard_files, ingest, inputs, write_output};

/// `attain check`: load everything, list every problem, every skipped row
/// and the ledger; exit 2 when there is an error (under `--strict`, also a
/// warning or a skipped row).
pub(crate) fn run(settings: &Settings) -> Result<i32, Error> {
    guard_files(settings, &settings.actuals)?;
    let file = settings.targets.display().to_string();
    let mut findings = match super::load_campaign(settings) {
        Ok(campaign) => {
            let inputs = inputs(settings, &campaign)?;
            guard_files(settings, &inputs)?;
            let ingest = ingest(settings, &campaign, &inputs);
            let report = report::build(&campaign, &ingest, &report::Selection::default());
            let mut files = vec![campaign.file.clone()];
            files.extend(inputs.iter().map(Input::display));
            check::Findings::new(&campaign, &ingest, report.warnings, files)
        }
        Err(Error::Invalid(diagnostics)) => check::Findings::campaign_failed(&file, diagnostics),
        Err(e) => return Err(e),
    };
    if settings.strict {
        findings.make_strict();
    }
    let bytes = match settings.format {
        render::Format::Json => check::render_json(&findings)?,
        render::Format::Table => check::render_human(&findings).into_bytes(),
        other => {
            let other = other.to_string();
            return Err(Error::Usage(Usage::CheckFormat { other }));
        }
    };
    write_output(settings.output.as_deref(), &bytes)?;
    Ok(if findings.errors.is_empty() {
        EXIT_OK
    } else {
        EXIT_ERROR
    })
}
