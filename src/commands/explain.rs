//! `attain explain ID ...`: how each target's figures came about
//! (`crate::explain`), as plain text.

use crate::campaign::Campaign;
use crate::error::{EXIT_OK, Error};
use crate::report;
use crate::settings::Settings;

use super::{load_and_read, write_output};

/// `attain explain ID ...`.
pub(crate) fn run(settings: &Settings, ids: &[String]) -> Result<i32, Error> {
    let (campaign, ingest) = load_and_read(settings)?;
    if ingest.has_errors() {
        return Err(Error::Invalid(ingest.diagnostics));
    }
    let report = report::build(&campaign, &ingest, &report::Selection::default());
    let text = crate::explain::explain(
        &campaign,
        &ingest,
        &report,
        ids,
        settings.locale(&campaign),
        settings.lang(&campaign),
    )?;
    write_output(settings.output.as_deref(), text.as_bytes())?;
    Ok(EXIT_OK)
}

/// The indicators whose rows `explain` lists: each explained target, or the
/// components of its formula (as [`explain::explain`] shows them). Only
/// their rows are kept; the others are folded as in a report.
pub(super) fn explained_indicators(campaign: &Campaign, ids: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for id in ids {
        let target = campaign.targets.iter().find(|t| &t.id == id);
        match target.and_then(|t| t.formula.as_ref()) {
            Some(formula) => out.extend(formula.references().into_iter().map(str::to_string)),
            None => out.push(id.clone()),
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}
