//! attain: a target-vs-actual calculator. Targets come from a TOML campaign
//! file, actuals from CSV; attain computes attainment, gap, progress, pace and
//! a traffic-light status per target and renders a table, CSV, TSV, JSON,
//! Markdown, HTML or XLSX.
//!
//! Data flows one way: files -> campaign + ledger -> report model ->
//! renderer -> bytes. This file is the wiring: the module map, and [`run`],
//! which parses the command line (`cli`), checks it (`settings`) and hands
//! the job to its subcommand (`commands/`).

/// Pure formulas: attainment, gap, progress, pace, status, group score.
pub mod calc;
/// The TOML campaign model and its validation.
pub mod campaign;
/// What `attain check` finds: every problem, grouped by file, or as JSON.
pub mod check;
/// clap definitions of the command line.
pub mod cli;
/// What each subcommand does, from settings to bytes written and exit code.
mod commands;
/// The catalogue of diagnostics: every code, its machine name and its message.
pub mod diagnostic;
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
/// Renderers: table, csv/tsv, json, markdown, html, xlsx.
pub mod render;
/// The one report model every format renders from.
pub mod report;
/// Command-line arguments to validated settings.
pub mod settings;
/// `attain sql`: the pushdown query for DuckDB, PostgreSQL and Spark.
pub mod sql;
/// `attain template`: an actuals skeleton to fill in.
pub mod template;
/// Unicode NFC normalisation of names and other compared text.
pub mod text;
/// Scales, bases and unit conversion.
pub mod unit;
/// The report as people and machines read it: what each format shows.
pub mod view;

use std::ffi::OsString;
use std::io::IsTerminal;

use clap::Parser;

use crate::error::{EXIT_ERROR, EXIT_OK, Error};
use crate::settings::{Env, Job, Settings};

/// Run attain with these arguments (the first is the program name) and
/// return the exit code. Errors are returned, not printed.
pub fn run<I, T>(args: I) -> Result<i32, Error>
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let cli = match cli::Cli::try_parse_from(cli::wide_alone(args)) {
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
        Some(cli::Command::Completions { shell }) => return commands::docs::completions(shell),
        Some(cli::Command::Man) => return commands::docs::man(),
        Some(cli::Command::Sql(a)) => return commands::sql::run(a),
    };
    if let Some(lang) = options.lang {
        diagnostic::speak(settings::lang_of(lang));
    }
    let settings = Settings::new(job, &actuals, options, &detect_env())?;
    match &settings.job {
        Job::Report => commands::report::run(&settings),
        Job::Check => commands::check::run(&settings),
        Job::Explain(ids) => commands::explain::run(&settings, ids),
        Job::Template => commands::template::run(&settings),
    }
}

/// The facts about where attain runs, read once: the rest of the program
/// is told them (see [`Env`]).
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
