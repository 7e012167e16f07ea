//! What each subcommand does, from checked settings to the bytes it
//! writes and its exit code: a file per subcommand (`report.rs`,
//! `check.rs`, `explain.rs`, `template.rs`; `docs.rs` for the completions
//! and the man page; `attain init` is `crate::init`), and here the steps
//! they share: which actuals to read, the guard against reading a file
//! twice or writing over an input, the ingest, the warnings on standard
//! error and the output.

pub(crate) mod check;
pub(crate) mod docs;
pub(crate) mod explain;
pub(crate) mod report;
pub(crate) mod sql;
pub(crate) mod template;

use std::io::Write;
use std::path::Path;

use crate::campaign::Campaign;
use crate::diagnostic::Usage;
use crate::error::{Diagnostic, Error, Severity};
use crate::ingest::{self, Ingest, Input, ReadOptions};
use crate::labels::Lang;
use crate::settings::{Job, Settings};
use crate::{output, render, text};

/// `--group NAME` must name a group of the campaign: a typo would otherwise
/// give an empty report that passes `--fail-on`.
fn check_group(settings: &Settings, campaign: &Campaign) -> Result<(), Error> {
    let Some(wanted) = &settings.view.group else {
        return Ok(());
    };
    let wanted = text::nfc(wanted);
    let mut groups: Vec<&str> = Vec::new();
    for g in campaign.targets.iter().filter_map(|t| t.group.as_deref()) {
        if !groups.contains(&g) {
            groups.push(g);
        }
    }
    if groups.contains(&wanted.as_ref()) {
        return Ok(());
    }
    Err(Error::Usage(Usage::NoSuchGroup {
        suggestion: groups
            .iter()
            .find(|g| g.to_lowercase() == wanted.to_lowercase())
            .map(|g| g.to_string()),
        wanted: wanted.to_string(),
        groups: groups.iter().map(|g| g.to_string()).collect(),
    }))
}

/// The actuals to read: the command line's, else the campaign's.
pub(crate) fn inputs(settings: &Settings, campaign: &Campaign) -> Result<Vec<Input>, Error> {
    check_group(settings, campaign)?;
    let inputs: Vec<Input> = if settings.actuals.is_empty() {
        campaign.actuals.iter().cloned().map(Input::File).collect()
    } else {
        settings.actuals.clone()
    };
    if inputs.is_empty() && settings.job != Job::Check {
        return Err(Error::Usage(Usage::NoActuals {
            campaign: campaign.file.clone(),
        }));
    }
    if let Some(as_of) = settings.as_of {
        if as_of < campaign.span.start {
            let start = campaign.span.start;
            return Err(Error::Usage(Usage::AsOfBeforeStart { as_of, start }));
        }
    }
    Ok(inputs)
}

/// Refuse to read one file twice (every value would count double) and to
/// write the output over one of the run's own inputs, through whatever
/// spelling of the path or link to it.
pub(crate) fn guard_files(settings: &Settings, inputs: &[Input]) -> Result<(), Error> {
    let shown = |p: &Path| text::printable(&p.display().to_string()).into_owned();
    let mut seen = Vec::new();
    let mut stdin = false;
    for input in inputs {
        let (id, name) = match input {
            Input::Stdin if stdin => {
                return Err(Error::Usage(Usage::StdinNamedTwice));
            }
            Input::Stdin => {
                stdin = true;
                (
                    output::identity(Path::new("/dev/stdin")).map(|id| (id, None)),
                    "<stdin>".to_string(),
                )
            }
            // Two sheets of one workbook are two inputs; the same sheet
            // twice is one read twice.
            Input::File(p) => match ingest::workbook_sheet(p) {
                Some((book, sheet)) => (output::identity(&book).map(|id| (id, sheet)), shown(p)),
                None => (output::identity(p).map(|id| (id, None)), shown(p)),
            },
            Input::Memory { .. } => continue,
        };
        let Some(id) = id else { continue };
        if let Some((_, first)) = seen.iter().find(|(seen, _)| *seen == id) {
            let first = String::clone(first);
            return Err(Error::Usage(Usage::SameFileTwice { name, first }));
        }
        seen.push((id, name));
    }
    let Some(out) = &settings.output else {
        return Ok(());
    };
    guard_campaign(out, &settings.targets)?;
    let Some(id) = output::identity(out) else {
        return Ok(());
    };
    match seen.iter().find(|((seen, _), _)| *seen == id) {
        Some((_, name)) => Err(Error::Usage(Usage::WouldOverwriteInput {
            out: shown(out),
            what: format!("the actuals file {name}"),
        })),
        None => Ok(()),
    }
}

/// Refuse to write `out` over the campaign file, through whatever spelling
/// of the path or link to it (`report`, `check`, `attain sql -o`).
pub(crate) fn guard_campaign(out: &Path, targets: &Path) -> Result<(), Error> {
    let shown = |p: &Path| text::printable(&p.display().to_string()).into_owned();
    match output::identity(out) {
        Some(id) if output::identity(targets) == Some(id) => {
            Err(Error::Usage(Usage::WouldOverwriteInput {
                out: shown(out),
                what: format!("the campaign file {}", shown(targets)),
            }))
        }
        _ => Ok(()),
    }
}

/// The campaign file loaded, and this run's messages worded from now on
/// in its language (`--lang`, else the campaign's `lang`): also when the
/// file does not load, so that its own errors are.
pub(crate) fn load_campaign(settings: &Settings) -> Result<Campaign, Error> {
    load_campaign_at(&settings.targets, settings.lang_flag())
}

/// [`load_campaign`] of the file `targets`, with `--lang` as `flag`.
pub(crate) fn load_campaign_at(targets: &Path, flag: Option<Lang>) -> Result<Campaign, Error> {
    let loaded = crate::campaign::load(targets);
    let lang = match (&loaded, flag) {
        (_, Some(lang)) => Some(lang),
        (Ok(campaign), None) => Some(campaign.lang),
        (Err(_), None) => crate::campaign::declared_lang(targets),
    };
    if let Some(lang) = lang {
        crate::diagnostic::speak(lang);
    }
    loaded
}

/// The campaign and its actuals read, every file guarded (see
/// [`guard_files`]): the start of `report` and `explain`.
pub(crate) fn load_and_read(settings: &Settings) -> Result<(Campaign, Ingest), Error> {
    guard_files(settings, &settings.actuals)?;
    let campaign = load_campaign(settings)?;
    let inputs = inputs(settings, &campaign)?;
    guard_files(settings, &inputs)?;
    let ingest = ingest(settings, &campaign, &inputs);
    Ok((campaign, ingest))
}

/// Ingest the actuals of a loaded campaign.
pub(crate) fn ingest(settings: &Settings, campaign: &Campaign, inputs: &[Input]) -> Ingest {
    let options = ReadOptions {
        locale: settings.locale(campaign),
        delimiter: settings.delimiter(campaign),
        as_of: settings.as_of,
        encoding: settings.encoding(campaign),
        trend: settings.trend,
        keep_rows: match &settings.job {
            Job::Explain(ids) => ingest::KeepRows::Of(explain::explained_indicators(campaign, ids)),
            _ if settings.format == render::Format::Xlsx => ingest::KeepRows::All,
            _ => ingest::KeepRows::None,
        },
        jobs: settings.jobs,
        fast_min_bytes: ingest::FAST_MIN_BYTES,
        progress: settings.progress,
        sheet: settings.sheet.clone(),
        header_row: settings.header_row,
        wide: settings.wide,
    };
    ingest::read(campaign, inputs, &options)
}

pub(crate) fn print_warnings(settings: &Settings, diagnostics: &[Diagnostic]) {
    if settings.quiet {
        return;
    }
    // A file can hold thousands of one finding (a note over two lines in
    // every row): a few of each kind, then a count; `check` lists them all.
    const EACH: usize = 5;
    let lang = crate::diagnostic::spoken();
    let warning = crate::diagnostic::kind_word("warning", lang);
    let mut shown: Vec<(&str, usize)> = Vec::new();
    for d in diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Warning)
    {
        let at = match shown.iter().position(|(code, _)| *code == d.code) {
            Some(at) => at,
            None => {
                shown.push((d.code, 0));
                shown.len() - 1
            }
        };
        shown[at].1 += 1;
        if shown[at].1 <= EACH {
            note(format_args!("attain: {warning}: {d}"));
        }
    }
    for (code, n) in shown.into_iter().filter(|(_, n)| *n > EACH) {
        let more = n - EACH;
        match lang {
            Lang::En => note(format_args!(
                "attain: warning: … and {more} more {code} warnings; `attain check` lists them all"
            )),
            Lang::Vi => note(format_args!(
                "attain: cảnh báo: … và {more} cảnh báo {code} nữa; `attain check` liệt kê đủ"
            )),
        }
    }
}

/// Write the whole output at once (see `output`).
pub(crate) fn write_output(path: Option<&Path>, bytes: &[u8]) -> Result<(), Error> {
    output::write(path, bytes)
}

/// A line on standard error. A full or closed standard error is no reason
/// to fail (or panic): the exit code still tells.
pub(crate) fn note(line: std::fmt::Arguments<'_>) {
    let _ = writeln!(std::io::stderr(), "{line}");
}
