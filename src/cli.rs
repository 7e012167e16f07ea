//! The command line, as clap derive definitions only (SPEC §1). Turning
//! these raw arguments into checked settings is `settings.rs`'s job.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Target-vs-actual calculator: attainment, gap, pace and traffic lights for
/// a campaign's targets.
#[derive(Debug, Parser)]
#[command(
    name = "attain",
    version,
    about,
    args_conflicts_with_subcommands = true,
    after_help = "Exit codes: 0 success; 1 the --fail-on condition held (output still written); 2 any error."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    /// `report` is the default subcommand: its options work without naming it.
    #[command(flatten)]
    pub report: ReportArgs,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Compute attainment and status for every target (the default).
    Report(ReportArgs),
    /// Validate the targets and actuals; list every problem and skipped row.
    Check(CheckArgs),
    /// Show how one or more targets were computed: inputs, rows used,
    /// formula with the numbers, and the threshold that decided the status.
    Explain(ExplainArgs),
    /// Print an actuals CSV skeleton to fill in (one row per target and entity).
    Template(TemplateArgs),
    /// Write a commented starter campaign file.
    Init {
        /// Where to write it.
        #[arg(default_value = "targets.toml")]
        path: PathBuf,
    },
    /// Print shell completions.
    Completions {
        /// bash, zsh, fish, powershell or elvish.
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff); `attain man | man -l -` to read it.
    Man,
}

// Each subcommand takes only the options it uses (issue 11): an option it
// would ignore, such as `check --fail-on`, is refused by clap, not accepted
// and forgotten. `Options` is the full set, as `report` takes it; the
// others are turned into it with the unused options at their defaults.

/// `attain report` (also the default subcommand).
#[derive(Debug, Args, Clone)]
pub struct ReportArgs {
    /// Actuals CSV files, read in order; `-` is standard input.
    /// Default: `actuals` in the campaign file.
    #[arg(value_name = "ACTUALS")]
    pub actuals: Vec<String>,
    #[command(flatten)]
    pub options: Options,
}

/// `attain check`.
#[derive(Debug, Args, Clone)]
pub struct CheckArgs {
    /// Actuals CSV files, read in order; `-` is standard input.
    /// Default: `actuals` in the campaign file.
    #[arg(value_name = "ACTUALS")]
    pub actuals: Vec<String>,
    #[command(flatten)]
    pub input: InputOptions,
    /// Output format: the listing (table) or json. Default: json for -o x.json, else the listing.
    #[arg(short, long, value_name = "F")]
    pub format: Option<String>,
    /// Write the output to FILE instead of standard output; `-` is standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Treat any warning or skipped row as an error.
    #[arg(long)]
    pub strict: bool,
}

/// `attain explain ID ...`.
#[derive(Debug, Args, Clone)]
pub struct ExplainArgs {
    /// Target ids to explain.
    #[arg(value_name = "ID", required = true)]
    pub ids: Vec<String>,
    /// Actuals CSV files (repeatable); `-` is standard input.
    /// Default: `actuals` in the campaign file.
    #[arg(short, long = "actuals", value_name = "FILE")]
    pub actuals: Vec<String>,
    #[command(flatten)]
    pub input: InputOptions,
    /// Write the explanation to FILE (plain text) instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Language of the explanation. Default: `lang` in [campaign], else en.
    #[arg(long, value_name = "en|vi")]
    pub lang: Option<String>,
}

/// `attain template`.
#[derive(Debug, Args, Clone)]
pub struct TemplateArgs {
    /// Actuals already in, read to tell which period comes next.
    /// Default: `actuals` in the campaign file.
    #[arg(value_name = "ACTUALS")]
    pub actuals: Vec<String>,
    #[command(flatten)]
    pub input: InputOptions,
    /// Output format: csv, tsv or xlsx. Default: from -o's extension, else csv.
    #[arg(short, long, value_name = "F")]
    pub format: Option<String>,
    /// Write the skeleton to FILE instead of standard output; `-` is standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// What every data subcommand needs to read the campaign and its actuals.
#[derive(Debug, Args, Clone)]
pub struct InputOptions {
    /// The campaign file.
    #[arg(
        short,
        long,
        value_name = "FILE",
        env = "ATTAIN_TARGETS",
        default_value = "targets.toml"
    )]
    pub targets: PathBuf,

    /// Report date: 2022-11-30, 2022-11, 2022-Q3 or 2022 (a period means its last day).
    /// Default: the latest end among the rows inside the campaign.
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,

    /// Number style of the actuals and of human output: en (1,234.5) or vi (1.234,5).
    /// Default: `locale` in [campaign], else en.
    #[arg(long, value_name = "en|vi")]
    pub locale: Option<String>,

    /// Field separator of the actuals and of csv output (one character; `\t` or `tab` for a tab).
    #[arg(long, value_name = "C")]
    pub delimiter: Option<String>,

    /// Text encoding of the actuals.
    #[arg(long, value_name = "E")]
    pub encoding: Option<String>,

    /// Threads for reading a large file. Default: the available cores.
    #[arg(long, value_name = "N")]
    pub jobs: Option<usize>,

    /// No summary, notes or progress bar on standard error.
    #[arg(short, long)]
    pub quiet: bool,
}

/// The options of `report` (SPEC §1).
#[derive(Debug, Args, Clone)]
pub struct Options {
    #[command(flatten)]
    pub input: InputOptions,

    /// Output format: table, csv, tsv, json, markdown, html or xlsx.
    /// Default: from -o's extension, else table.
    #[arg(short, long, value_name = "F")]
    pub format: Option<String>,

    /// Write the output to FILE (atomically) instead of standard output; `-` is standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Language of labels and names in human output. Default: `lang` in [campaign], else en.
    #[arg(long, value_name = "en|vi")]
    pub lang: Option<String>,

    /// Colour: auto means standard output is a terminal and NO_COLOR is unset.
    #[arg(long, value_enum, default_value_t = ColorArg::Auto, value_name = "WHEN")]
    pub color: ColorArg,

    /// Exit with 1 if any target's status is this or worse.
    #[arg(long, value_enum, value_name = "STATUS")]
    pub fail_on: Option<FailOnArg>,

    /// Show only these statuses (comma-separated: exceeded,met,near,not_met,no_data).
    #[arg(long, value_name = "STATUS,...", value_delimiter = ',')]
    pub only: Vec<String>,

    /// Show only one group (the summary then covers that group).
    #[arg(long, value_name = "NAME")]
    pub group: Option<String>,

    /// Row order.
    #[arg(long, value_enum, default_value_t = SortArg::File)]
    pub sort: SortArg,

    /// Treat any skipped row as an error.
    #[arg(long)]
    pub strict: bool,

    /// Start csv/tsv output with a UTF-8 byte-order mark (for Excel).
    #[arg(long)]
    pub bom: bool,

    /// One row per target and entity, a roll-up per group, or one column per period.
    #[arg(long, value_name = "entity|group|period")]
    pub by: Option<String>,
}

impl Options {
    /// The full set with only the reading options given: what a
    /// subcommand that takes fewer options runs with.
    pub fn reading(input: InputOptions) -> Options {
        Options {
            input,
            format: None,
            output: None,
            lang: None,
            color: ColorArg::Never,
            fail_on: None,
            only: Vec::new(),
            group: None,
            sort: SortArg::File,
            strict: false,
            bom: false,
            by: None,
        }
    }
}

impl From<CheckArgs> for Options {
    fn from(a: CheckArgs) -> Options {
        Options {
            format: a.format,
            output: a.output,
            strict: a.strict,
            ..Options::reading(a.input)
        }
    }
}

impl From<ExplainArgs> for Options {
    fn from(a: ExplainArgs) -> Options {
        Options {
            output: a.output,
            lang: a.lang,
            ..Options::reading(a.input)
        }
    }
}

impl From<TemplateArgs> for Options {
    fn from(a: TemplateArgs) -> Options {
        Options {
            format: a.format,
            output: a.output,
            ..Options::reading(a.input)
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorArg {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOnArg {
    Near,
    #[value(name = "not_met")]
    NotMet,
    #[value(name = "no_data")]
    NoData,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SortArg {
    File,
    Status,
    Attainment,
    Id,
}
