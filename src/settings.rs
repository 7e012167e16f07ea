//! Command-line arguments -> validated, ready-to-use settings. Every option
//! is checked here, once, so that the rest of the program never parses a
//! flag; what depends on the campaign file (its locale and language) is
//! resolved by [`Settings::locale`] and [`Settings::lang`].
//!
//! No I/O happens here: the facts about the terminal come in as [`Env`].

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::calc::Status;
use crate::campaign::Campaign;
use crate::cli::{ColorArg, FailOnArg, Options, SortArg};
use crate::error::Error;
use crate::ingest::{Grain, Input};
use crate::labels::Lang;
use crate::number::Locale;
use crate::period;
use crate::render::Format;
use crate::report::{By, Sort, View};

/// Which job to do with the campaign and its actuals.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Job {
    Report,
    Check,
    Explain(Vec<String>),
    Template,
}

/// What the program needs to know about where it runs.
#[derive(Debug, Clone, Default)]
pub struct Env {
    pub stdout_is_terminal: bool,
    /// Standard output is closed (`>&-`): nothing can be written to it.
    pub stdout_closed: bool,
    /// Standard error is a terminal (a person watches, not a pipe or cron).
    pub stderr_is_terminal: bool,
    /// `NO_COLOR` is set to a non-empty value.
    pub no_color: bool,
    /// `TERM` is `dumb`.
    pub dumb_terminal: bool,
    /// The terminal's width, when standard output is one.
    pub terminal_width: Option<u16>,
}

/// Validated settings for one run.
#[derive(Debug, Clone)]
pub struct Settings {
    pub job: Job,
    pub targets: PathBuf,
    /// Explicit actuals; empty means the campaign's.
    pub actuals: Vec<Input>,
    pub as_of: Option<NaiveDate>,
    pub format: Format,
    pub output: Option<PathBuf>,
    locale: Option<Locale>,
    lang: Option<Lang>,
    pub color: bool,
    pub fail_on: Option<Status>,
    pub view: View,
    pub strict: bool,
    /// An explicit `--delimiter`.
    pub delimiter: Option<u8>,
    pub bom: bool,
    /// `--encoding` of the actuals; `None` is UTF-8.
    pub encoding: Option<&'static encoding_rs::Encoding>,
    /// `--by period|quarter`: a column per month or quarter.
    pub trend: Option<Grain>,
    /// Threads for a large file.
    pub jobs: usize,
    pub quiet: bool,
    /// A progress bar for large inputs: only when standard error is a
    /// terminal and `--quiet` is not given, never in a pipe, cron or CI.
    pub progress: bool,
    pub width: Option<u16>,
}

impl Settings {
    pub fn new(job: Job, actuals: &[String], args: Options, env: &Env) -> Result<Settings, Error> {
        // `attain -t x.toml check` parses as a report of a file named
        // "check": options of the default subcommand come before any other.
        if let (Job::Report, Some(first)) = (&job, actuals.first()) {
            const SUBCOMMANDS: [&str; 7] = [
                "report",
                "check",
                "explain",
                "template",
                "init",
                "completions",
                "man",
            ];
            if SUBCOMMANDS.contains(&first.as_str()) && !std::path::Path::new(first).exists() {
                return Err(Error::Usage(format!(
                    "'{first}' is a subcommand: write it first, before the options (attain {first} -t FILE ...)"
                )));
            }
        }
        let actuals = actuals.iter().map(|a| Input::from_arg(a)).collect();
        let as_of = args
            .input
            .as_of
            .as_deref()
            .map(|t| period::parse_as_of(t).map_err(|e| Error::Usage(format!("--as-of: {e}"))))
            .transpose()?;
        // `-o -` is standard output, as for the inputs.
        let output = args.output.filter(|p| p.as_os_str() != "-");
        let format = output_format(&job, args.format.as_deref(), output.as_deref())?;
        if output.is_none() {
            if env.stdout_closed {
                return Err(Error::io("<stdout>", crate::output::closed_stdout()));
            }
            if format == Format::Xlsx && env.stdout_is_terminal {
                return Err(Error::Usage(
                    "xlsx is a binary workbook and standard output is a terminal; write it to a file (-o report.xlsx) or redirect standard output".into(),
                ));
            }
        }
        let locale = args
            .input
            .locale
            .as_deref()
            .map(|l| {
                l.parse()
                    .map_err(|e| Error::Usage(format!("--locale: {e}")))
            })
            .transpose()?;
        let lang = args
            .lang
            .as_deref()
            .map(|l| l.parse().map_err(|e| Error::Usage(format!("--lang: {e}"))))
            .transpose()?;
        let to_terminal = output.is_none() && env.stdout_is_terminal;
        let color = match args.color {
            ColorArg::Always => true,
            ColorArg::Never => false,
            ColorArg::Auto => to_terminal && !env.no_color && !env.dumb_terminal,
        };
        let fail_on = args.fail_on.map(|f| match f {
            FailOnArg::Near => Status::Near,
            FailOnArg::NotMet => Status::NotMet,
            FailOnArg::NoData => Status::NoData,
        });
        let only = args
            .only
            .iter()
            .filter(|s| !s.trim().is_empty())
            .map(|s| {
                let s = s.trim();
                Status::from_name(s).ok_or_else(|| {
                    Error::Usage(format!(
                        "--only: unknown status '{s}'; use exceeded, met, near, not_met or no_data"
                    ))
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        let sort = match args.sort {
            SortArg::File => Sort::File,
            SortArg::Status => Sort::Status,
            SortArg::Attainment => Sort::Attainment,
            SortArg::Id => Sort::Id,
        };
        let delimiter = args
            .input
            .delimiter
            .as_deref()
            .map(parse_delimiter)
            .transpose()?;
        let encoding = args
            .input
            .encoding
            .as_deref()
            .map(parse_encoding)
            .transpose()?
            .flatten();
        let (by, trend) = match args.by.as_deref().map(str::trim) {
            None => (By::Target, None),
            Some("period" | "month") => (By::Target, Some(Grain::Month)),
            Some("quarter") => (By::Target, Some(Grain::Quarter)),
            Some("entity") => (By::Entity, None),
            Some("group") => (By::Group, None),
            Some(other) => {
                return Err(Error::Usage(format!(
                    "--by '{other}' is not valid; use entity, group, period (one column per month) or quarter"
                )));
            }
        };
        Ok(Settings {
            job,
            targets: args.input.targets,
            actuals,
            as_of,
            format,
            output,
            locale,
            lang,
            color,
            fail_on,
            view: View {
                only,
                group: args.group,
                sort,
                by,
            },
            strict: args.strict,
            delimiter,
            bom: args.bom,
            encoding,
            trend,
            jobs: match args.input.jobs {
                Some(0) => return Err(Error::Usage("--jobs must be 1 or more".into())),
                Some(n) => n,
                None => std::thread::available_parallelism().map_or(1, usize::from),
            },
            quiet: args.input.quiet,
            progress: env.stderr_is_terminal && !args.input.quiet,
            width: if to_terminal {
                env.terminal_width
            } else {
                None
            },
        })
    }

    /// `--locale`, else the campaign's.
    pub fn locale(&self, campaign: &Campaign) -> Locale {
        self.locale.unwrap_or(campaign.locale)
    }

    /// `--lang`, else the campaign's.
    pub fn lang(&self, campaign: &Campaign) -> Lang {
        self.lang.unwrap_or(campaign.lang)
    }
}

/// The output format: `-f`, else what `-o`'s extension says. An extension
/// the job does not write is an error unless `-f` is given, so that
/// `-o report.pdf` is not a table in disguise; a `-f` that contradicts a
/// known extension (`-f csv -o x.xlsx`) is an error too.
fn output_format(job: &Job, flag: Option<&str>, path: Option<&Path>) -> Result<Format, Error> {
    let flag = flag
        .map(|f| {
            f.parse()
                .map_err(|e| Error::Usage(format!("--format: {e}")))
        })
        .transpose()?;
    let Some(path) = path else {
        return Ok(flag.unwrap_or(Format::Table));
    };
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase());
    let known = ext.as_deref().and_then(|e| extension_format(job, e));
    let shown = path.display().to_string();
    let name = crate::text::printable(&shown);
    match (flag, known) {
        (Some(f), Some(k)) if f != k => Err(Error::Usage(format!(
            "-f {f} contradicts -o {name}, which names a {k} file; drop -f, or give the file the extension of {f}"
        ))),
        (Some(f), _) => Ok(f),
        (None, Some(k)) => Ok(k),
        (None, None) if matches!(job, Job::Explain(_)) => {
            match ext.as_deref().map(str::parse::<Format>) {
                Some(Ok(other)) => Err(Error::Usage(format!(
                    "-o {name}: `attain explain` writes plain text, not {other}; name the file .txt"
                ))),
                _ => Ok(Format::Table),
            }
        }
        (None, None) => Err(Error::Usage(format!(
            "-o {name}: {}; name the file {}, or give -f",
            match &ext {
                Some(e) => format!(
                    "attain does not write '.{}' files",
                    crate::text::printable(e)
                ),
                None => "the name has no extension to tell the format by".to_string(),
            },
            match job {
                Job::Check => ".txt (the listing) or .json",
                Job::Template => ".csv, .tsv or .xlsx",
                _ => ".csv, .tsv, .json, .md, .html or .xlsx",
            }
        ))),
    }
}

/// The format a file extension names, for the formats a job writes.
fn extension_format(job: &Job, ext: &str) -> Option<Format> {
    let format = match ext {
        "csv" => Format::Csv,
        "tsv" => Format::Tsv,
        "json" => Format::Json,
        "md" | "markdown" => Format::Markdown,
        "html" | "htm" => Format::Html,
        "xlsx" => Format::Xlsx,
        "txt" => Format::Table,
        _ => return None,
    };
    let writes = match job {
        Job::Report => format != Format::Table,
        Job::Check => matches!(format, Format::Table | Format::Json),
        Job::Explain(_) => format == Format::Table,
        Job::Template => matches!(format, Format::Csv | Format::Tsv | Format::Xlsx),
    };
    writes.then_some(format)
}

/// An encoding by its WHATWG label (`windows-1258`, `utf-16le`, `latin1`…);
/// `None` for UTF-8, which needs no decoding.
fn parse_encoding(label: &str) -> Result<Option<&'static encoding_rs::Encoding>, Error> {
    match encoding_rs::Encoding::for_label(label.trim().as_bytes()) {
        Some(e) if e == encoding_rs::UTF_8 => Ok(None),
        Some(e) => Ok(Some(e)),
        None => Err(Error::Usage(format!(
            "--encoding '{label}' is not an encoding attain knows; use for example windows-1258 (Vietnamese), windows-1252, utf-16le, utf-16be or utf-8"
        ))),
    }
}

/// One byte: `;`, `|`, `\t` or `tab`.
fn parse_delimiter(text: &str) -> Result<u8, Error> {
    match text {
        "\\t" | "tab" | "\t" => Ok(b'\t'),
        t if t.len() == 1 && t.is_ascii() && t != "\"" && t != "\n" && t != "\r" => {
            Ok(t.as_bytes()[0])
        }
        t => Err(Error::Usage(format!(
            "--delimiter '{t}' must be one ASCII character other than a quote or a line break, such as ';' or '\\t'"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    fn settings(args: &[&str], env: &Env) -> Result<Settings, Error> {
        let mut argv = vec!["attain"];
        argv.extend_from_slice(args);
        let cli = crate::cli::Cli::try_parse_from(argv).unwrap();
        Settings::new(Job::Report, &cli.report.actuals, cli.report.options, env)
    }

    fn tty() -> Env {
        Env {
            stdout_is_terminal: true,
            terminal_width: Some(120),
            ..Env::default()
        }
    }

    #[test]
    fn colour_is_decided_once_from_the_environment() {
        let cases: &[(&[&str], Env, bool)] = &[
            (&[], tty(), true),
            (&[], Env::default(), false),
            (
                &[],
                Env {
                    no_color: true,
                    ..tty()
                },
                false,
            ),
            (
                &[],
                Env {
                    dumb_terminal: true,
                    ..tty()
                },
                false,
            ),
            (&["--color", "always"], Env::default(), true),
            (&["--color", "never"], tty(), false),
            (&["-o", "x.csv"], tty(), false),
        ];
        for (args, env, want) in cases {
            assert_eq!(
                settings(args, env).unwrap().color,
                *want,
                "{args:?} {env:?}"
            );
        }
    }

    #[test]
    fn format_comes_from_the_flag_then_the_output_extension() {
        let env = Env::default();
        let cases: &[(&[&str], Format)] = &[
            (&[], Format::Table),
            (&["-o", "out.csv"], Format::Csv),
            (&["-o", "out.JSON"], Format::Json),
            (&["-o", "out.tsv"], Format::Tsv),
            (&["-o", "out.txt", "-f", "table"], Format::Table),
            (&["-o", "out.csv.gz", "-f", "csv"], Format::Csv),
            (&["-o", "-", "-f", "json"], Format::Json),
        ];
        for (args, want) in cases {
            assert_eq!(settings(args, &env).unwrap().format, *want, "{args:?}");
        }
        assert_eq!(
            settings(&["-o", "out.html"], &env).unwrap().format,
            Format::Html
        );
        assert_eq!(
            settings(&["-o", "report.xlsx"], &env).unwrap().format,
            Format::Xlsx
        );
        assert_eq!(
            settings(&["-o", "report.md"], &env).unwrap().format,
            Format::Markdown
        );
        assert!(settings(&["-f", "pdf"], &env).is_err());
    }

    #[test]
    fn an_output_extension_attain_does_not_write_is_an_error_unless_f_says_the_format() {
        let env = Env::default();
        for bad in [
            &["-o", "out.txt"][..],
            &["-o", "out.csv.gz"],
            &["-o", "out.pdf"],
            &["-o", "out"],
            &["-f", "csv", "-o", "x.xlsx"],
            &["-f", "table", "-o", "x.html"],
        ] {
            let err = settings(bad, &env).unwrap_err().to_string();
            assert!(err.contains("-o"), "{bad:?}: {err}");
        }
        let job = |job: Job, args: &[&str]| {
            let mut argv = vec!["attain"];
            argv.extend_from_slice(args);
            let cli = crate::cli::Cli::try_parse_from(argv).unwrap();
            Settings::new(job, &[], cli.report.options, &env).map(|s| s.format)
        };
        assert_eq!(job(Job::Check, &["-o", "c.json"]).unwrap(), Format::Json);
        assert_eq!(job(Job::Check, &["-o", "c.txt"]).unwrap(), Format::Table);
        assert!(job(Job::Check, &["-o", "c.csv"]).is_err());
        assert_eq!(job(Job::Template, &["-o", "t.xlsx"]).unwrap(), Format::Xlsx);
        assert!(job(Job::Template, &["-o", "t.txt"]).is_err());
        let explain = || Job::Explain(vec!["x".into()]);
        assert_eq!(job(explain(), &["-o", "why"]).unwrap(), Format::Table);
        assert!(job(explain(), &["-o", "why.csv"]).is_err());
    }

    #[test]
    fn xlsx_is_refused_to_a_terminal_and_nothing_is_written_to_a_closed_stdout() {
        assert!(settings(&["-f", "xlsx"], &tty()).is_err());
        assert!(settings(&["-f", "xlsx"], &Env::default()).is_ok());
        assert!(settings(&["-f", "xlsx", "-o", "r.xlsx"], &tty()).is_ok());
        let closed = Env {
            stdout_closed: true,
            ..Env::default()
        };
        assert!(settings(&[], &closed).is_err());
        assert!(settings(&["-o", "r.csv"], &closed).is_ok());
    }

    #[test]
    fn options_are_validated() {
        let env = Env::default();
        let s = settings(
            &[
                "--only",
                "near,not_met",
                "--as-of",
                "2022-11",
                "--delimiter",
                ";",
            ],
            &env,
        )
        .unwrap();
        assert_eq!(s.view.only, vec![Status::Near, Status::NotMet]);
        assert_eq!(s.as_of, NaiveDate::from_ymd_opt(2022, 11, 30));
        assert_eq!(s.delimiter, Some(b';'));
        assert_eq!(
            settings(&["--delimiter", "\\t"], &env).unwrap().delimiter,
            Some(b'\t')
        );
        for bad in [
            &["--only", "good"][..],
            &["--as-of", "2022-13"],
            &["--delimiter", ";;"],
            &["--locale", "fr"],
            &["--lang", "de"],
            &["--encoding", "klingon"],
        ] {
            assert!(settings(bad, &env).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn encodings_are_named_by_their_usual_labels() {
        let env = Env::default();
        let enc = |e: &str| {
            settings(&["--encoding", e], &env)
                .unwrap()
                .encoding
                .map(|e| e.name())
        };
        assert_eq!(enc("windows-1258"), Some("windows-1258"));
        assert_eq!(enc("UTF-16LE"), Some("UTF-16LE"));
        assert_eq!(enc("utf-16"), Some("UTF-16LE"));
        assert_eq!(enc("latin1"), Some("windows-1252"));
        assert_eq!(enc("utf-8"), None);
    }

    #[test]
    fn the_table_knows_the_width_only_on_a_terminal() {
        assert_eq!(settings(&[], &tty()).unwrap().width, Some(120));
        assert_eq!(settings(&[], &Env::default()).unwrap().width, None);
    }

    #[test]
    fn the_progress_bar_is_for_a_person_at_a_terminal_only() {
        let watched = Env {
            stderr_is_terminal: true,
            ..Env::default()
        };
        assert!(settings(&[], &watched).unwrap().progress);
        assert!(!settings(&["-q"], &watched).unwrap().progress);
        // a pipe, cron or CI: standard error is not a terminal
        assert!(!settings(&[], &tty()).unwrap().progress);
        assert!(!settings(&[], &Env::default()).unwrap().progress);
    }
}
