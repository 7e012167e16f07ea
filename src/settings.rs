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
use crate::cli::{
    ByArg, ColorArg, FailOnArg, FormatArg, LangArg, LocaleArg, Options, SortArg, StatusArg,
};
use crate::diagnostic::Usage;
use crate::error::Error;
use crate::ingest::{Grain, Input};
use crate::labels::Lang;
use crate::number::Locale;
use crate::period;
use crate::render::Format;
use crate::report::{By, Selection, Sort};

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
    pub view: Selection,
    pub strict: bool,
    /// An explicit `--delimiter`: see [`Settings::delimiter`].
    delimiter: Option<u8>,
    /// The separator of csv output: `--out-delimiter`, else `--delimiter`,
    /// else a comma. The campaign's `delimiter` is the actuals' alone.
    pub out_delimiter: u8,
    pub bom: bool,
    /// An explicit `--encoding` (UTF-8 too, which overrides a campaign's
    /// `encoding`): see [`Settings::encoding`].
    encoding: Option<&'static encoding_rs::Encoding>,
    /// `--by period|quarter`: a column per month or quarter.
    pub trend: Option<Grain>,
    /// Threads for a large file.
    pub jobs: usize,
    /// `--sheet`: the sheet of a workbook read (a `file.xlsx#Sheet` wins).
    pub sheet: Option<String>,
    /// `--header-row`: the header's row in a workbook's sheet.
    pub header_row: Option<u32>,
    /// `--wide`: the columns of a wide table (periods are also found
    /// without it).
    pub wide: Option<crate::ingest::Across>,
    pub quiet: bool,
    /// A progress bar for large inputs: only when standard error is a
    /// terminal and `--quiet` is not given, never in a pipe, cron or CI.
    pub progress: bool,
    pub width: Option<u16>,
}

impl Settings {
    pub fn new(job: Job, actuals: &[String], args: Options, env: &Env) -> Result<Settings, Error> {
        refuse_misplaced_subcommand(&job, actuals)?;
        let (view, trend) = view_of(&args);
        let actuals = actuals.iter().map(|a| Input::from_arg(a)).collect();
        let as_of = args.input.as_of.as_deref().map(as_of_arg).transpose()?;
        // `-o -` is standard output, as for the inputs.
        let output = args.output.filter(|p| p.as_os_str() != "-");
        let format = output_format(&job, args.format.map(format_of), output.as_deref())?;
        if output.is_none() {
            check_stdout(format, env)?;
        }
        let to_terminal = output.is_none() && env.stdout_is_terminal;
        let delimiter = args
            .input
            .delimiter
            .as_deref()
            .map(parse_delimiter)
            .transpose()?;
        let out_delimiter = args
            .out_delimiter
            .as_deref()
            .map(parse_delimiter)
            .transpose()?
            .or(delimiter)
            .unwrap_or(b',');
        let encoding = args.input.encoding;
        Ok(Settings {
            job,
            targets: args.input.campaign.targets,
            actuals,
            as_of,
            format,
            output,
            locale: args.input.locale.map(locale_of),
            lang: args.lang.map(lang_of),
            color: color(args.color, to_terminal, env),
            fail_on: args.fail_on.map(fail_on_of),
            view,
            strict: args.strict,
            delimiter,
            out_delimiter,
            bom: args.bom,
            encoding,
            trend,
            jobs: jobs(args.input.jobs)?,
            sheet: args.input.sheet,
            header_row: args.input.header_row,
            wide: args.input.wide.map(|w| match w {
                crate::cli::WideArg::Period => crate::ingest::Across::Period,
                crate::cli::WideArg::Entity => crate::ingest::Across::Entity,
            }),
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

    /// The actuals' separator: `--delimiter`, else the campaign's
    /// `delimiter`; `None` is a comma, or a tab for a `.tsv` file.
    pub fn delimiter(&self, campaign: &Campaign) -> Option<u8> {
        self.delimiter.or(campaign.delimiter)
    }

    /// The actuals' encoding: `--encoding`, else the campaign's
    /// `encoding`; `None` is UTF-8, which needs no decoding.
    pub fn encoding(&self, campaign: &Campaign) -> Option<&'static encoding_rs::Encoding> {
        self.encoding
            .or(campaign.encoding)
            .filter(|&e| e != encoding_rs::UTF_8)
    }

    /// `--lang`, when given.
    pub fn lang_flag(&self) -> Option<Lang> {
        self.lang
    }

    /// `--lang`, else the campaign's.
    pub fn lang(&self, campaign: &Campaign) -> Lang {
        self.lang.unwrap_or(campaign.lang)
    }
}

/// `attain -t x.toml check` parses as a report of a file named "check":
/// options of the default subcommand come before any other.
fn refuse_misplaced_subcommand(job: &Job, actuals: &[String]) -> Result<(), Error> {
    const SUBCOMMANDS: [&str; 7] = [
        "report",
        "check",
        "explain",
        "template",
        "init",
        "completions",
        "man",
    ];
    match (job, actuals.first()) {
        (Job::Report, Some(first))
            if SUBCOMMANDS.contains(&first.as_str()) && !Path::new(first).exists() =>
        {
            let first = first.to_string();
            Err(Error::Usage(Usage::SubcommandAfterOptions { first }))
        }
        _ => Ok(()),
    }
}

/// Standard output can take this format: it is open, and not a terminal
/// for a binary workbook.
fn check_stdout(format: Format, env: &Env) -> Result<(), Error> {
    if env.stdout_closed {
        return Err(Error::io("<stdout>", crate::output::closed_stdout()));
    }
    if format == Format::Xlsx && env.stdout_is_terminal {
        return Err(Error::Usage(Usage::XlsxToTerminal));
    }
    Ok(())
}

/// Colour: `always`, `never`, or on a terminal that wants it (`NO_COLOR`
/// unset, `TERM` not `dumb`).
fn color(flag: ColorArg, to_terminal: bool, env: &Env) -> bool {
    match flag {
        ColorArg::Always => true,
        ColorArg::Never => false,
        ColorArg::Auto => to_terminal && !env.no_color && !env.dumb_terminal,
    }
}

/// `--jobs`, at least one; by default one per available core.
fn jobs(flag: Option<usize>) -> Result<usize, Error> {
    match flag {
        Some(0) => Err(Error::Usage(Usage::NoJobs)),
        Some(n) => Ok(n),
        None => Ok(std::thread::available_parallelism().map_or(1, usize::from)),
    }
}

/// Which rows the report shows and how (`--only`, `--group`, `--sort`,
/// `--by`), and the trend columns `--by period|quarter` asks for.
fn view_of(args: &Options) -> (Selection, Option<Grain>) {
    let (by, trend) = match args.by {
        None => (By::Target, None),
        Some(ByArg::Period) => (By::Target, Some(Grain::Month)),
        Some(ByArg::Quarter) => (By::Target, Some(Grain::Quarter)),
        Some(ByArg::Entity) => (By::Entity, None),
        Some(ByArg::Group) => (By::Group, None),
    };
    let sort = match args.sort {
        SortArg::File => Sort::File,
        SortArg::Status => Sort::Status,
        SortArg::Attainment => Sort::Attainment,
        SortArg::Id => Sort::Id,
    };
    let view = Selection {
        only: args.only.iter().flatten().map(|&s| status_of(s)).collect(),
        group: args.group.clone(),
        sort,
        by,
    };
    (view, trend)
}

fn locale_of(flag: LocaleArg) -> Locale {
    match flag {
        LocaleArg::En => Locale::En,
        LocaleArg::Vi => Locale::Vi,
    }
}

/// `--as-of` read, or the usage error that says why not.
pub(crate) fn as_of_arg(text: &str) -> Result<NaiveDate, Error> {
    period::parse_as_of(text).map_err(|e| Error::Usage(Usage::BadAsOf { reason: e.said() }))
}

pub(crate) fn lang_of(flag: LangArg) -> Lang {
    match flag {
        LangArg::En => Lang::En,
        LangArg::Vi => Lang::Vi,
    }
}

fn fail_on_of(flag: FailOnArg) -> Status {
    match flag {
        FailOnArg::Near => Status::Near,
        FailOnArg::NotMet => Status::NotMet,
        FailOnArg::NoData => Status::NoData,
    }
}

fn status_of(flag: StatusArg) -> Status {
    match flag {
        StatusArg::Exceeded => Status::Exceeded,
        StatusArg::Met => Status::Met,
        StatusArg::Near => Status::Near,
        StatusArg::NotMet => Status::NotMet,
        StatusArg::NoData => Status::NoData,
    }
}

/// The output format: `-f`, else what `-o`'s extension says. An extension
/// the job does not write is an error unless `-f` is given, so that
/// `-o report.pdf` is not a table in disguise; a `-f` that contradicts a
/// known extension (`-f csv -o x.xlsx`) is an error too.
fn output_format(job: &Job, flag: Option<Format>, path: Option<&Path>) -> Result<Format, Error> {
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
        (Some(f), Some(k)) if f != k => Err(Error::Usage(Usage::FormatContradictsOutput {
            format: f.to_string(),
            name: name.into_owned(),
            named: k.to_string(),
        })),
        (Some(f), _) => Ok(f),
        (None, Some(k)) => Ok(k),
        (None, None) if matches!(job, Job::Explain(_)) => {
            match ext.as_deref().map(str::parse::<Format>) {
                Some(Ok(other)) => Err(Error::Usage(Usage::ExplainWritesText {
                    name: name.into_owned(),
                    other: other.to_string(),
                })),
                _ => Ok(Format::Table),
            }
        }
        (None, None) => Err(Error::Usage(Usage::UnknownOutputExtension {
            name: name.into_owned(),
            extension: ext.map(|e| crate::text::printable(&e).into_owned()),
            choices: match job {
                Job::Check => ".txt (the listing) or .json",
                Job::Template => ".csv, .tsv or .xlsx",
                _ => ".csv, .tsv, .json, .md, .html or .xlsx",
            },
        })),
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

/// The format `-f` names.
fn format_of(flag: FormatArg) -> Format {
    match flag {
        FormatArg::Table => Format::Table,
        FormatArg::Csv => Format::Csv,
        FormatArg::Tsv => Format::Tsv,
        FormatArg::Json => Format::Json,
        FormatArg::Markdown => Format::Markdown,
        FormatArg::Html => Format::Html,
        FormatArg::Xlsx => Format::Xlsx,
    }
}

/// One byte: `;`, `|`, `\t` or `tab` (see [`crate::text::delimiter`]).
fn parse_delimiter(text: &str) -> Result<u8, Error> {
    crate::text::delimiter(text).ok_or_else(|| {
        Error::Usage(Usage::BadDelimiter {
            text: text.to_string(),
        })
    })
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
            (&["-f", "JSON"], Format::Json),
            (&["-f", " md "], Format::Markdown),
            (&["-f", "htm"], Format::Html),
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
        assert!(parses(&["-f", "pdf"]).is_err());
    }

    /// Whether clap takes the arguments (a value outside an option's
    /// list is refused there, before any setting is made).
    fn parses(args: &[&str]) -> Result<(), clap::Error> {
        let mut argv = vec!["attain"];
        argv.extend_from_slice(args);
        crate::cli::Cli::try_parse_from(argv).map(drop)
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
        for bad in [&["--as-of", "2022-13"][..], &["--delimiter", ";;"]] {
            assert!(settings(bad, &env).is_err(), "{bad:?}");
        }
        for bad in [
            &["--only", "good"][..],
            &["--locale", "fr"],
            &["--lang", "de"],
            &["--encoding", "klingon"],
            &["--by", "district"],
            &["--by", ""],
            &["-f", ""],
        ] {
            let err = parses(bad).unwrap_err();
            assert_eq!(err.kind(), clap::error::ErrorKind::InvalidValue, "{bad:?}");
        }
    }

    #[test]
    fn values_are_read_as_before_they_were_enums() {
        let env = Env::default();
        // Any case, spaces around, the old aliases, empty list items.
        let s = settings(
            &[
                "--only",
                " near,,NOT_MET,",
                "--by",
                " Month ",
                "--locale",
                "VI",
                "--lang",
                " vi",
            ],
            &env,
        )
        .unwrap();
        assert_eq!(s.view.only, vec![Status::Near, Status::NotMet]);
        assert_eq!(s.trend, Some(Grain::Month));
        assert_eq!(s.locale, Some(Locale::Vi));
        assert_eq!(s.lang, Some(Lang::Vi));
        assert_eq!(settings(&["--only", ""], &env).unwrap().view.only, vec![]);
        let by = |b: &str| settings(&["--by", b], &env).unwrap();
        assert_eq!(by("quarter").trend, Some(Grain::Quarter));
        assert_eq!(by("entity").view.by, By::Entity);
        assert_eq!(by("group").view.by, By::Group);
        assert_eq!(by("period").trend, Some(Grain::Month));
    }

    #[test]
    fn every_fixed_value_is_listed_in_the_help() {
        use clap::CommandFactory;
        let mut command = crate::cli::Cli::command();
        let help = command
            .find_subcommand_mut("report")
            .unwrap()
            .render_long_help()
            .to_string();
        for value in [
            "table",
            "csv",
            "tsv",
            "json",
            "markdown",
            "html",
            "xlsx",
            "entity",
            "group",
            "period",
            "quarter",
            "windows-1258",
            "utf-16le",
            "not_met",
            "no_data",
            "exceeded",
        ] {
            assert!(help.contains(value), "{value} missing from:\n{help}");
        }
        let check = command
            .find_subcommand_mut("check")
            .unwrap()
            .render_long_help()
            .to_string();
        assert!(check.contains("json") && !check.contains("- xlsx:"), "{check}");
        let template = command
            .find_subcommand_mut("template")
            .unwrap()
            .render_long_help()
            .to_string();
        assert!(
            template.contains("xlsx") && !template.contains("markdown"),
            "{template}"
        );
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
        assert_eq!(enc("utf-8"), Some("UTF-8"));
    }

    #[test]
    fn the_flags_win_over_the_campaign_and_the_output_separator_is_the_flags_alone() {
        let env = Env::default();
        let campaign = |head: &str| {
            let text = format!(
                "[campaign]\nperiod = \"2022\"\n{head}[[target]]\nid = \"x\"\nat_least = 1\n"
            );
            crate::campaign::parse("t.toml", &text, Path::new("")).unwrap()
        };
        let theirs = campaign("delimiter = \";\"\nencoding = \"windows-1258\"\n");
        let plain = campaign("");
        let s = settings(&[], &env).unwrap();
        assert_eq!(s.delimiter(&theirs), Some(b';'));
        assert_eq!(s.encoding(&theirs), Some(encoding_rs::WINDOWS_1258));
        assert_eq!((s.delimiter(&plain), s.encoding(&plain)), (None, None));
        // the campaign's delimiter is the actuals': csv output keeps a comma
        assert_eq!(s.out_delimiter, b',');
        let s = settings(&["--delimiter", "|", "--encoding", "utf-8"], &env).unwrap();
        assert_eq!(s.delimiter(&theirs), Some(b'|'));
        assert_eq!(s.encoding(&theirs), None, "an explicit utf-8 wins too");
        assert_eq!(s.out_delimiter, b'|', "--delimiter still sets both");
        let s = settings(&["--out-delimiter", ";"], &env).unwrap();
        assert_eq!((s.delimiter(&plain), s.out_delimiter), (None, b';'));
        let s = settings(&["--delimiter", "\t", "--out-delimiter", ";"], &env).unwrap();
        assert_eq!((s.delimiter(&plain), s.out_delimiter), (Some(b'\t'), b';'));
        assert!(settings(&["--out-delimiter", "ab"], &env).is_err());
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
