//! attain: a target-vs-actual calculator. Targets come from a TOML campaign
//! file, actuals from CSV; attain computes attainment, gap, progress, pace and
//! a traffic-light status per target and renders a table, CSV, TSV or JSON.
//!
//! Data flows one way: files -> campaign + ledger -> report model ->
//! renderer -> bytes.

/// Pure formulas: attainment, gap, progress, pace, status, group score.
pub mod calc;
/// The TOML campaign model and its validation.
pub mod campaign;
/// `attain check`: every problem, grouped by file, or as JSON.
pub mod check;
/// clap definitions of the command line.
pub mod cli;
/// Errors with file:line:col, diagnostics, exit codes, the broken-pipe rule.
pub mod error;
/// `attain explain`: how a target's figures came about.
pub mod explain;
/// Derived indicators: a small, safe formula language.
pub mod formula;
/// Streaming CSV ingest into per-target accumulators, and the row ledger.
pub mod ingest;
/// `attain init`: a commented starter campaign.
pub mod init;
/// Words of human output in English and Vietnamese.
pub mod labels;
/// en/vi parsing and formatting of exact decimals.
pub mod number;
/// Writing the output without ever destroying a file.
pub mod output;
/// Calendar spans, as-of dates, elapsed share.
pub mod period;
/// Renderers: table, csv/tsv, json.
pub mod render;
/// The one report model every format renders from.
pub mod report;
/// Command-line arguments to validated settings.
pub mod settings;
/// `attain template`: an actuals skeleton to fill in.
pub mod template;
/// Unicode NFC normalisation of names and other compared text.
pub mod text;
/// Scales, bases and unit conversion.
pub mod unit;

use std::ffi::OsString;
use std::io::{IsTerminal, Write};
use std::path::Path;

use clap::Parser;

use crate::campaign::Campaign;
use crate::error::{Diagnostic, EXIT_ERROR, EXIT_FAIL_ON, EXIT_OK, Error, Severity};
use crate::ingest::{Ingest, Input, ReadOptions, Skip};
use crate::settings::{Env, Job, Settings};

/// Run attain with these arguments (the first is the program name) and
/// return the exit code. Errors are returned, not printed.
pub fn run<I, T>(args: I) -> Result<i32, Error>
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let cli = match cli::Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            // Usage errors print clap's message and exit 2.
            if e.use_stderr() {
                let _ = e.print();
                return Ok(EXIT_ERROR);
            }
            // --help and --version: a full or closed standard output is a
            // failure like any other; only a reader that went away is not.
            if !output::stdout_is_open() {
                return Err(Error::io("<stdout>", output::closed_stdout()));
            }
            return match e.print() {
                Ok(()) => Ok(EXIT_OK),
                Err(e) if error::is_broken_pipe(&e) => Ok(EXIT_OK),
                Err(e) => Err(Error::io("<stdout>", e)),
            };
        }
    };
    let (job, actuals, options) = match cli.command {
        None => (Job::Report, cli.report.actuals, cli.report.options),
        Some(cli::Command::Report(a)) => (Job::Report, a.actuals, a.options),
        Some(cli::Command::Check(a)) => (Job::Check, a.actuals.clone(), a.into()),
        Some(cli::Command::Template(a)) => (Job::Template, a.actuals.clone(), a.into()),
        Some(cli::Command::Explain(a)) => {
            (Job::Explain(a.ids.clone()), a.actuals.clone(), a.into())
        }
        Some(cli::Command::Init { path }) => return init::write(&path).map(|()| EXIT_OK),
        Some(cli::Command::Completions { shell }) => {
            let mut command = <cli::Cli as clap::CommandFactory>::command();
            let mut out = Vec::new();
            clap_complete::generate(shell, &mut command, "attain", &mut out);
            write_output(None, &out)?;
            return Ok(EXIT_OK);
        }
        Some(cli::Command::Man) => {
            let command = <cli::Cli as clap::CommandFactory>::command();
            let mut out = Vec::new();
            clap_mangen::Man::new(command)
                .render(&mut out)
                .map_err(|e| Error::io("<stdout>", e))?;
            write_output(None, &out)?;
            return Ok(EXIT_OK);
        }
    };
    let settings = Settings::new(job, &actuals, options, &detect_env())?;
    match &settings.job {
        Job::Report => report(&settings),
        Job::Check => check(&settings),
        Job::Explain(ids) => explain(&settings, ids),
        Job::Template => template(&settings),
    }
}

fn detect_env() -> Env {
    let stdout_is_terminal = std::io::stdout().is_terminal();
    Env {
        stdout_is_terminal,
        stdout_closed: !output::stdout_is_open(),
        stderr_is_terminal: std::io::stderr().is_terminal(),
        no_color: std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()),
        dumb_terminal: std::env::var_os("TERM").is_some_and(|t| t == "dumb"),
        terminal_width: if stdout_is_terminal {
            comfy_table::Table::new().width()
        } else {
            None
        },
    }
}

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
    let hint = groups
        .iter()
        .find(|g| g.to_lowercase() == wanted.to_lowercase())
        .map(|g| format!("did you mean '{g}'? "))
        .unwrap_or_default();
    Err(Error::Usage(format!(
        "--group: the campaign has no group '{wanted}'; {hint}its groups are: {}",
        if groups.is_empty() {
            "(none)".to_string()
        } else {
            groups.join(", ")
        }
    )))
}

/// The actuals to read: the command line's, else the campaign's.
fn inputs(settings: &Settings, campaign: &Campaign) -> Result<Vec<Input>, Error> {
    check_group(settings, campaign)?;
    let inputs: Vec<Input> = if settings.actuals.is_empty() {
        campaign.actuals.iter().cloned().map(Input::File).collect()
    } else {
        settings.actuals.clone()
    };
    if inputs.is_empty() && settings.job != Job::Check {
        return Err(Error::Usage(format!(
            "no actuals: name CSV files on the command line (or - for standard input), or set `actuals = [\"...\"]` in [campaign] of {}",
            campaign.file
        )));
    }
    if let Some(as_of) = settings.as_of {
        if as_of < campaign.span.start {
            return Err(Error::Usage(format!(
                "--as-of {as_of} is before the campaign starts ({})",
                campaign.span.start
            )));
        }
    }
    Ok(inputs)
}

/// Refuse to read one file twice (every value would count double) and to
/// write the output over one of the run's own inputs, through whatever
/// spelling of the path or link to it.
fn guard_files(settings: &Settings, inputs: &[Input]) -> Result<(), Error> {
    let shown = |p: &Path| text::printable(&p.display().to_string()).into_owned();
    let mut seen = Vec::new();
    let mut stdin = false;
    for input in inputs {
        let (id, name) = match input {
            Input::Stdin if stdin => {
                return Err(Error::Usage(
                    "standard input (-) is named twice; it can be read only once".into(),
                ));
            }
            Input::Stdin => {
                stdin = true;
                (
                    output::identity(Path::new("/dev/stdin")),
                    "<stdin>".to_string(),
                )
            }
            Input::File(p) => (output::identity(p), shown(p)),
            Input::Memory { .. } => continue,
        };
        let Some(id) = id else { continue };
        if let Some((_, first)) = seen.iter().find(|(seen, _)| *seen == id) {
            return Err(Error::Usage(format!(
                "'{name}' is the same file as '{first}': read twice, each of its values would count double; name it once"
            )));
        }
        seen.push((id, name));
    }
    let Some(out) = &settings.output else {
        return Ok(());
    };
    let Some(id) = output::identity(out) else {
        return Ok(());
    };
    let what = if output::identity(&settings.targets) == Some(id) {
        Some(format!("the campaign file {}", shown(&settings.targets)))
    } else {
        seen.iter()
            .find(|(seen, _)| *seen == id)
            .map(|(_, name)| format!("the actuals file {name}"))
    };
    match what {
        Some(what) => Err(Error::Usage(format!(
            "-o {} is {what}, one of this run's inputs; attain never writes over its inputs: write elsewhere",
            shown(out)
        ))),
        None => Ok(()),
    }
}

/// Ingest the actuals of a loaded campaign.
fn ingest(settings: &Settings, campaign: &Campaign, inputs: &[Input]) -> Ingest {
    let options = ReadOptions {
        locale: settings.locale(campaign),
        delimiter: settings.delimiter,
        as_of: settings.as_of,
        encoding: settings.encoding,
        trend: settings.trend,
        keep_rows: match &settings.job {
            Job::Explain(ids) => ingest::KeepRows::Of(explained_indicators(campaign, ids)),
            _ if settings.format == render::Format::Xlsx => ingest::KeepRows::All,
            _ => ingest::KeepRows::None,
        },
        jobs: settings.jobs,
        fast_min_bytes: ingest::FAST_MIN_BYTES,
        progress: settings.progress,
    };
    ingest::read(campaign, inputs, &options)
}

/// The indicators whose rows `explain` lists: each explained target, or the
/// components of its formula (as [`explain::explain`] shows them). Only
/// their rows are kept; the others are folded as in a report.
fn explained_indicators(campaign: &Campaign, ids: &[String]) -> Vec<String> {
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

fn report(settings: &Settings) -> Result<i32, Error> {
    guard_files(settings, &settings.actuals)?;
    let campaign = campaign::load(&settings.targets)?;
    let inputs = inputs(settings, &campaign)?;
    guard_files(settings, &inputs)?;
    let ingest = ingest(settings, &campaign, &inputs);
    if ingest.has_errors() {
        print_warnings(settings, &ingest.diagnostics);
        return Err(Error::Invalid(ingest.diagnostics));
    }
    let report = report::build(&campaign, &ingest, &settings.view);
    if settings.strict {
        let mut strict: Vec<Diagnostic> = ingest
            .ledger
            .listed
            .iter()
            .map(check::strict_skip)
            .collect();
        strict.extend(report.warnings.iter().cloned().map(check::strict_warning));
        if !strict.is_empty() {
            return Err(Error::Invalid(strict));
        }
    }
    let options = render::Options {
        format: settings.format,
        locale: settings.locale(&campaign),
        lang: settings.lang(&campaign),
        color: settings.color,
        delimiter: settings.delimiter.unwrap_or(b','),
        bom: settings.bom,
        width: settings.width,
    };
    let bytes = render::render(&report, &options)?;
    write_output(settings.output.as_deref(), &bytes)?;

    if !settings.quiet {
        print_warnings(settings, &report.warnings);
        let skipped = report.ledger.total_skipped();
        if skipped > 0 {
            let reasons: Vec<String> = Skip::ALL
                .into_iter()
                .filter(|r| report.ledger.skipped(*r) > 0)
                .map(|r| {
                    let n = report.ledger.skipped(r);
                    match r {
                        // Name the ids, so that "REV" for "rev" is seen at once.
                        Skip::UnknownIndicator => {
                            let mut ids: Vec<std::borrow::Cow<'_, str>> = Vec::new();
                            for row in report.ledger.listed.iter().filter(|row| row.reason == r) {
                                let id = if row.indicator.is_empty() {
                                    "(blank)"
                                } else {
                                    &row.indicator
                                };
                                let id = text::clip(id);
                                if !ids.contains(&id) && ids.len() < 5 {
                                    ids.push(id);
                                }
                            }
                            format!("{n} {} ({})", r.name(), text::printable(&ids.join(", ")))
                        }
                        _ => format!("{n} {}", r.name()),
                    }
                })
                .collect();
            note(format_args!(
                "attain: note: {skipped} of {} rows skipped ({}); `attain check` lists them",
                report.ledger.read,
                reasons.join(", ")
            ));
        }
        // Human formats carry the summary themselves; to a file, it is the
        // only sign of what was written.
        if !settings.format.is_human() || settings.output.is_some() {
            note(format_args!(
                "attain: {}",
                render::summary_line(&report, options.lang)
            ));
        }
    }
    let failed = match (settings.fail_on, report.worst) {
        (Some(threshold), Some(worst)) => worst >= threshold,
        _ => false,
    };
    Ok(if failed { EXIT_FAIL_ON } else { EXIT_OK })
}

fn print_warnings(settings: &Settings, diagnostics: &[Diagnostic]) {
    if settings.quiet {
        return;
    }
    // A file can hold thousands of one finding (a note over two lines in
    // every row): a few of each kind, then a count; `check` lists them all.
    const EACH: usize = 5;
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
            note(format_args!("attain: warning: {d}"));
        }
    }
    for (code, n) in shown.into_iter().filter(|(_, n)| *n > EACH) {
        note(format_args!(
            "attain: warning: … and {} more {code} warnings; `attain check` lists them all",
            n - EACH
        ));
    }
}

/// `attain check`: load everything, list every problem, every skipped row
/// and the ledger; exit 2 when there is an error (under `--strict`, also a
/// warning or a skipped row).
fn check(settings: &Settings) -> Result<i32, Error> {
    guard_files(settings, &settings.actuals)?;
    let file = settings.targets.display().to_string();
    let mut findings = match campaign::load(&settings.targets) {
        Ok(campaign) => {
            let inputs = inputs(settings, &campaign)?;
            guard_files(settings, &inputs)?;
            let ingest = ingest(settings, &campaign, &inputs);
            let report = report::build(&campaign, &ingest, &report::View::default());
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
            return Err(Error::Usage(format!(
                "`attain check` prints a listing or json, not {other}; use -f json or leave out -f"
            )));
        }
    };
    write_output(settings.output.as_deref(), &bytes)?;
    Ok(if findings.errors.is_empty() {
        EXIT_OK
    } else {
        EXIT_ERROR
    })
}

/// `attain explain ID ...`.
fn explain(settings: &Settings, ids: &[String]) -> Result<i32, Error> {
    guard_files(settings, &settings.actuals)?;
    let campaign = campaign::load(&settings.targets)?;
    let inputs = inputs(settings, &campaign)?;
    guard_files(settings, &inputs)?;
    let ingest = ingest(settings, &campaign, &inputs);
    if ingest.has_errors() {
        return Err(Error::Invalid(ingest.diagnostics));
    }
    let report = report::build(&campaign, &ingest, &report::View::default());
    let text = explain::explain(
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

/// `attain template`: the next period's skeleton, in csv or xlsx.
fn template(settings: &Settings) -> Result<i32, Error> {
    guard_files(settings, &settings.actuals)?;
    let campaign = campaign::load(&settings.targets)?;
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
    let lines = template::lines(&campaign, as_of);
    let bytes = match settings.format {
        render::Format::Xlsx => template::xlsx(&lines)?,
        render::Format::Table | render::Format::Csv => {
            template::csv(&lines, settings.delimiter.unwrap_or(b','))?
        }
        render::Format::Tsv => template::csv(&lines, b'\t')?,
        other => {
            return Err(Error::Usage(format!(
                "`attain template` writes csv, tsv or xlsx, not {other}"
            )));
        }
    };
    write_output(settings.output.as_deref(), &bytes)?;
    Ok(EXIT_OK)
}

/// Write the whole output at once (see `output`).
fn write_output(path: Option<&Path>, bytes: &[u8]) -> Result<(), Error> {
    output::write(path, bytes)
}

/// A line on standard error. A full or closed standard error is no reason
/// to fail (or panic): the exit code still tells.
fn note(line: std::fmt::Arguments<'_>) {
    let _ = writeln!(std::io::stderr(), "{line}");
}
