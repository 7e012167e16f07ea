//! `attain report` (the default subcommand): the report in the format
//! asked for, the notes on standard error, and exit 1 when `--fail-on`
//! holds.

use crate::campaign::Campaign;
use crate::check;
use crate::error::{Diagnostic, EXIT_FAIL_ON, EXIT_OK, Error};
use crate::ingest::{Bucket, Ingest, Ledger, Skip};
use crate::labels::Lang;
use crate::report::Report;
use crate::settings::Settings;
use crate::{render, report, text};

use super::{load_and_read, note, print_warnings, write_output};

pub(crate) fn run(settings: &Settings) -> Result<i32, Error> {
    let (campaign, ingest) = load_and_read(settings)?;
    if ingest.has_errors() {
        print_warnings(settings, &ingest.diagnostics);
        return Err(Error::Invalid(ingest.diagnostics));
    }
    let report = report::build(&campaign, &ingest, &settings.view);
    if settings.strict {
        let strict = strict_errors(&ingest, &report);
        if !strict.is_empty() {
            return Err(Error::Invalid(strict));
        }
    }
    let options = render::Options {
        format: settings.format,
        locale: settings.locale(&campaign),
        lang: settings.lang(&campaign),
        color: settings.color,
        delimiter: settings.out_delimiter,
        bom: settings.bom,
        width: settings.width,
    };
    let bytes = render::render(&report, &options)?;
    write_output(settings.output.as_deref(), &bytes)?;
    if !settings.quiet {
        print_notes(settings, &campaign, &report, &options);
    }
    let failed = match (settings.fail_on, report.worst) {
        (Some(threshold), Some(worst)) => worst >= threshold,
        _ => false,
    };
    Ok(if failed { EXIT_FAIL_ON } else { EXIT_OK })
}

/// `--strict`: every listed skipped row and every warning, as errors.
fn strict_errors(ingest: &Ingest, report: &Report) -> Vec<Diagnostic> {
    let mut strict: Vec<Diagnostic> = ingest
        .ledger
        .listed
        .iter()
        .map(check::strict_skip)
        .collect();
    strict.extend(report.warnings.iter().cloned().map(check::strict_warning));
    strict
}

/// The talk on standard error after the report: its warnings, the skipped
/// rows, and the summary when the output does not carry it.
fn print_notes(
    settings: &Settings,
    campaign: &Campaign,
    report: &Report,
    options: &render::Options,
) {
    print_warnings(settings, &report.warnings);
    let skipped = report.ledger.total_skipped();
    if skipped > 0 {
        let lang = options.lang;
        let ids: Vec<&str> = campaign.indicators.iter().map(|i| i.id.as_str()).collect();
        let reasons: Vec<String> = Skip::ALL
            .into_iter()
            .filter(|r| report.ledger.skipped(*r) > 0)
            .map(|r| skip_count(&report.ledger, r, &ids, lang))
            .collect();
        let (read, reasons) = (report.ledger.read, reasons.join(", "));
        match lang {
            Lang::En => note(format_args!(
                "attain: note: {skipped} of {read} rows skipped ({reasons}); `attain check` lists them"
            )),
            Lang::Vi => note(format_args!(
                "attain: ghi chú: bỏ qua {skipped}/{read} dòng ({reasons}); `attain check` liệt kê từng dòng"
            )),
        }
    }
    // Human formats carry the summary themselves; to a file, it is the
    // only sign of what was written.
    if !settings.format.is_human() || settings.output.is_some() {
        note(format_args!("attain: {}", options.view(report).summary()));
    }
}

/// "3 unknown_indicator (REV — did you mean rev?, zzz)": how many rows
/// were skipped for `reason`; for an unknown indicator, the first few ids,
/// each with the campaign's id it most likely means (of `ids`), as `check`
/// gives it: the note is the line a cron mail shows. In Vietnamese the
/// reason is in words with its name after them ("3 trùng kỳ với số liệu
/// khác (overlap)").
fn skip_count(ledger: &Ledger, reason: Skip, ids_known: &[&str], lang: Lang) -> String {
    let n = ledger.skipped(reason);
    // The machine name in English; the words and the name in Vietnamese.
    let said = crate::view::words::bucket_label(Bucket::Skipped(reason), lang);
    if reason != Skip::UnknownIndicator {
        return format!("{n} {said}");
    }
    let mut ids: Vec<std::borrow::Cow<'_, str>> = Vec::new();
    for row in ledger.listed.iter().filter(|row| row.reason == reason) {
        let id = if row.indicator.is_empty() {
            match lang {
                Lang::En => "(blank)",
                Lang::Vi => "(trống)",
            }
        } else {
            &row.indicator
        };
        let id = text::clip(id);
        if !ids.contains(&id) && ids.len() < 5 {
            ids.push(id);
        }
    }
    let ids: Vec<String> = ids
        .iter()
        .map(|id| match crate::campaign::closest(id, ids_known) {
            Some(likely) => match lang {
                Lang::En => format!("{id} — did you mean {likely}?"),
                Lang::Vi => format!("{id} — có phải ý bạn là {likely}?"),
            },
            None => id.to_string(),
        })
        .collect();
    let ids = ids.join(", ");
    let ids = text::printable(&ids);
    match lang {
        Lang::En => format!("{n} {said} ({ids})"),
        Lang::Vi => format!("{n} {said}: {ids}"),
    }
}
