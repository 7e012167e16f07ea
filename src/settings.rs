//! Command-line arguments -> validated, ready-to-use settings. Every option
//! is checked here, once, so that the rest of the program never parses a
//! flag; what depends on the campaign file (its locale and language) is
//! resolved by [`Settings::locale`] and [`Settings::lang`].
//!
//! No I/O happens here: the facts about the terminal come in as [`Env`].

use std::path::PathBuf;

use chrono::NaiveDate;

use crate::actuals::{Grain, Input};
use crate::calc::Status;
use crate::campaign::Campaign;
use crate::cli::{ColorArg, FailOnArg, Options, SortArg};
use crate::error::Error;
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
            .as_of
            .as_deref()
            .map(|t| period::parse_as_of(t).map_err(|e| Error::Usage(format!("--as-of: {e}"))))
            .transpose()?;
        let format = match (&args.format, &args.output) {
            (Some(f), _) => f
                .parse()
                .map_err(|e| Error::Usage(format!("--format: {e}")))?,
            (None, Some(path)) => format_of_output(path),
            (None, None) => Format::Table,
        };
        let locale = args
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
        let to_terminal = args.output.is_none() && env.stdout_is_terminal;
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
        let delimiter = args.delimiter.as_deref().map(parse_delimiter).transpose()?;
        let encoding = args
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
            targets: args.targets,
            actuals,
            as_of,
            format,
            output: args.output,
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
            jobs: match args.jobs {
                Some(0) => return Err(Error::Usage("--jobs must be 1 or more".into())),
                Some(n) => n,
                None => std::thread::available_parallelism().map_or(1, usize::from),
            },
            quiet: args.quiet,
            progress: env.stderr_is_terminal && !args.quiet,
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

/// The format implied by `-o FILE`: its extension, else table.
fn format_of_output(path: &std::path::Path) -> Format {
    Format::from_extension(path).unwrap_or(Format::Table)
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
            (&["-o", "x.txt"], tty(), false),
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
            (&["-o", "out.txt"], Format::Table),
            (&["-o", "out.csv", "-f", "json"], Format::Json),
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
