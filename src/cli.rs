//! The command line, as clap derive definitions only (reference §1). Turning
//! these raw arguments into checked settings is `settings.rs`'s job.
//!
//! Every option with a fixed set of values takes a value enum, so that
//! `--help`, the shell completions and the man page list the values from
//! the same definition that reads them, and a wrong value is refused with
//! the list (and a "did you mean" for a near miss) before anything runs.

use std::ffi::OsStr;
use std::marker::PhantomData;
use std::path::PathBuf;

use clap::builder::{EnumValueParser, PossibleValue, TypedValueParser};
use clap::error::ErrorKind;
use clap::{Arg, Args, Parser, Subcommand, ValueEnum};

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
    /// Print the SQL that groups a warehouse's or a lake's rows in DuckDB,
    /// PostgreSQL or Spark for `attain report -`, by the campaign's rules.
    Sql(SqlArgs),
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
    /// Actuals files (CSV, or a workbook: .xlsx, .xlsm, .xls, .ods), read in order; `-` is standard input.
    /// Default: `actuals` in the campaign file.
    #[arg(value_name = "ACTUALS")]
    pub actuals: Vec<String>,
    #[command(flatten)]
    pub options: Options,
}

/// `attain check`.
#[derive(Debug, Args, Clone)]
pub struct CheckArgs {
    /// Actuals files (CSV, or a workbook: .xlsx, .xlsm, .xls, .ods), read in order; `-` is standard input.
    /// Default: `actuals` in the campaign file.
    #[arg(value_name = "ACTUALS")]
    pub actuals: Vec<String>,
    #[command(flatten)]
    pub input: InputOptions,
    /// Output format: the listing (table) or json. Default: json for -o x.json, else the listing.
    #[arg(short, long, value_name = "F", ignore_case = true, value_parser = Trimmed::<CheckFormat>::new())]
    pub format: Option<CheckFormat>,
    /// Write the output to FILE instead of standard output; `-` is standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Treat any warning or skipped row as an error.
    #[arg(long)]
    pub strict: bool,
    /// Language of the messages. Default: `lang` in [campaign], else en.
    #[arg(long, value_name = "LANG", ignore_case = true, value_parser = Trimmed::<LangArg>::new())]
    pub lang: Option<LangArg>,
}

/// `attain explain ID ...`.
#[derive(Debug, Args, Clone)]
pub struct ExplainArgs {
    /// Target ids to explain.
    #[arg(value_name = "ID", required = true)]
    pub ids: Vec<String>,
    /// Actuals files (CSV, or a workbook: .xlsx, .xlsm, .xls, .ods; repeatable); `-` is standard input.
    /// Default: `actuals` in the campaign file.
    #[arg(short, long = "actuals", value_name = "FILE")]
    pub actuals: Vec<String>,
    #[command(flatten)]
    pub input: InputOptions,
    /// Write the explanation to FILE (plain text) instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Language of the explanation. Default: `lang` in [campaign], else en.
    #[arg(long, value_name = "LANG", ignore_case = true, value_parser = Trimmed::<LangArg>::new())]
    pub lang: Option<LangArg>,
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
    /// Output format. Default: from -o's extension, else csv.
    #[arg(short, long, value_name = "F", ignore_case = true, value_parser = Trimmed::<TemplateFormat>::new())]
    pub format: Option<TemplateFormat>,
    /// Write the skeleton to FILE instead of standard output; `-` is standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// `-t`, the campaign file: of every subcommand that reads one.
#[derive(Debug, Args, Clone)]
pub struct CampaignFile {
    /// The campaign file.
    #[arg(
        short,
        long,
        value_name = "FILE",
        env = "ATTAIN_TARGETS",
        default_value = "targets.toml"
    )]
    pub targets: PathBuf,
}

/// `attain sql`.
#[derive(Debug, Args, Clone)]
#[command(
    after_help = "Run the query and pipe its CSV into attain report, for example:\n  \
attain sql --engine duckdb --from 'lake/*.parquet' | duckdb -csv | attain report --locale en -\n  \
attain sql --engine postgres --from receipts | psql -X --csv -f - | attain report --locale en -\n\
Each output row stands for the source rows it counts (column rows): means, the ledger and \
check stay exact. docs/reference.md §3 tells how the rows are grouped."
)]
pub struct SqlArgs {
    #[command(flatten)]
    pub campaign: CampaignFile,
    /// The SQL dialect to write.
    #[arg(long, value_enum, value_name = "ENGINE")]
    pub engine: EngineArg,
    /// Where the rows are: a table or view (used as written), or for duckdb and spark a
    /// path or glob of .parquet or .csv files (lake/*.parquet).
    #[arg(long, value_name = "TABLE|FILES")]
    pub from: String,
    /// The column that holds the indicator (a target's id).
    #[arg(long, value_name = "COLUMN", default_value = "indicator")]
    pub indicator: String,
    /// The column that holds the day of each row (a DATE, a TIMESTAMP or ISO text).
    #[arg(long, value_name = "COLUMN", default_value = "day")]
    pub date: String,
    /// The column that holds the entity (district, branch); an empty name when the rows
    /// have none.
    #[arg(long, value_name = "COLUMN", default_value = "entity")]
    pub entity: String,
    /// The column that holds the value (a number).
    #[arg(long, value_name = "COLUMN", default_value = "value")]
    pub value: String,
    /// The report date the query prepares for: 2022-11-30, 2022-11, 2022-Q3 or 2022. Pass the
    /// same to attain report. Default: the latest day with a value inside the campaign,
    /// found by the query.
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,
    /// Decimals each value is cast to (DECIMAL(38, N)) before summing; PostgreSQL's numeric
    /// needs none.
    #[arg(long, value_name = "N", default_value_t = 6)]
    pub scale: u32,
    /// Write the query to FILE instead of standard output; `-` is standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Language of the messages. Default: `lang` in [campaign], else en.
    #[arg(long, value_name = "LANG", ignore_case = true, value_parser = Trimmed::<LangArg>::new())]
    pub lang: Option<LangArg>,
}

/// The engines `attain sql` writes for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum EngineArg {
    Duckdb,
    Postgres,
    Spark,
}

/// What every data subcommand needs to read the campaign and its actuals.
#[derive(Debug, Args, Clone)]
pub struct InputOptions {
    #[command(flatten)]
    pub campaign: CampaignFile,

    /// Report date: 2022-11-30, 2022-11, 2022-Q3 or 2022 (a period means its last day).
    /// Default: the latest end among the rows inside the campaign.
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,

    /// Number style of the actuals and of human output.
    /// Default: `locale` in [campaign], else en.
    #[arg(long, value_name = "LOCALE", ignore_case = true, value_parser = Trimmed::<LocaleArg>::new())]
    pub locale: Option<LocaleArg>,

    /// Field separator of the actuals, and of csv output unless --out-delimiter is given
    /// (one character; `\t` or `tab` for a tab). Default: `delimiter` in [campaign], else `,`.
    #[arg(long, value_name = "C")]
    pub delimiter: Option<String>,

    /// Text encoding of the actuals: any WHATWG label (latin1, cp1258, utf-16…); the
    /// usual ones are listed. Default: `encoding` in [campaign], else utf-8.
    #[arg(long, value_name = "E", value_parser = EncodingParser)]
    pub encoding: Option<&'static encoding_rs::Encoding>,

    /// The sheet of a workbook (.xlsx, .xlsm, .xls, .ods) to read, by name or 1-based
    /// number; `file.xlsx#Sheet` says the same per file. Default: the first sheet.
    #[arg(long, value_name = "NAME")]
    pub sheet: Option<String>,

    /// The row of a workbook's sheet that holds the header (1-based); the rows above it
    /// are not read. Default: the first row with anything in it.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub header_row: Option<u32>,

    /// Read a wide table: `period` (one column per period, which attain also finds by
    /// itself) or `entity` (one column per entity). With `template`, write one. Alone,
    /// `--wide` is `--wide period`.
    #[arg(long, value_name = "ACROSS", num_args = 0..=1, default_missing_value = "period",
          require_equals = false, ignore_case = true, value_parser = Trimmed::<WideArg>::new())]
    pub wide: Option<WideArg>,

    /// Threads for reading a large file. Default: the available cores.
    #[arg(long, value_name = "N")]
    pub jobs: Option<usize>,

    /// No summary, notes or progress bar on standard error.
    #[arg(short, long)]
    pub quiet: bool,
}

/// The options of `report` (reference §1).
#[derive(Debug, Args, Clone)]
pub struct Options {
    #[command(flatten)]
    pub input: InputOptions,

    /// Output format. Default: from -o's extension, else table.
    #[arg(short, long, value_name = "F", ignore_case = true, value_parser = Trimmed::<FormatArg>::new())]
    pub format: Option<FormatArg>,

    /// Write the output to FILE (atomically) instead of standard output; `-` is standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Language of labels and names in human output. Default: `lang` in [campaign], else en.
    #[arg(long, value_name = "LANG", ignore_case = true, value_parser = Trimmed::<LangArg>::new())]
    pub lang: Option<LangArg>,

    /// Colour: auto means standard output is a terminal and NO_COLOR is unset.
    #[arg(long, value_enum, default_value_t = ColorArg::Auto, value_name = "WHEN")]
    pub color: ColorArg,

    /// Exit with 1 if any target's status is this or worse.
    #[arg(long, value_enum, value_name = "STATUS")]
    pub fail_on: Option<FailOnArg>,

    /// Show only these statuses (comma-separated, such as near,not_met).
    #[arg(long, value_name = "STATUS,...", value_delimiter = ',', ignore_case = true,
          value_parser = Listed::<StatusArg>::new())]
    pub only: Vec<Option<StatusArg>>,

    /// Show only one group (the summary then covers that group).
    #[arg(long, value_name = "NAME")]
    pub group: Option<String>,

    /// Row order.
    #[arg(long, value_enum, default_value_t = SortArg::File)]
    pub sort: SortArg,

    /// Treat any skipped row as an error.
    #[arg(long)]
    pub strict: bool,

    /// Field separator of csv output only (one character). With `;` under the vi locale the
    /// numbers get decimal commas (7,39), as a spreadsheet set to Vietnamese reads them.
    /// Default: --delimiter's, else `,`.
    #[arg(long, value_name = "C")]
    pub out_delimiter: Option<String>,

    /// Start csv/tsv output with a UTF-8 byte-order mark (for Excel).
    #[arg(long)]
    pub bom: bool,

    /// One row per target and entity, a roll-up per group, or one column per month or quarter.
    #[arg(long, value_name = "BY", ignore_case = true, value_parser = Trimmed::<ByArg>::new())]
    pub by: Option<ByArg>,
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
            out_delimiter: None,
            bom: false,
            by: None,
        }
    }
}

impl From<CheckArgs> for Options {
    fn from(a: CheckArgs) -> Options {
        Options {
            format: a.format.map(|f| match f {
                CheckFormat::Table => FormatArg::Table,
                CheckFormat::Json => FormatArg::Json,
            }),
            output: a.output,
            strict: a.strict,
            lang: a.lang,
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
            format: a.format.map(|f| match f {
                TemplateFormat::Csv => FormatArg::Csv,
                TemplateFormat::Tsv => FormatArg::Tsv,
                TemplateFormat::Xlsx => FormatArg::Xlsx,
            }),
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

/// `report --format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    /// The aligned table for a terminal (the default)
    #[value(alias = "txt")]
    Table,
    /// Comma-separated values, one row per target (or target and entity)
    Csv,
    /// Tab-separated values
    Tsv,
    /// Every figure, exact, with the ledger and the warnings
    Json,
    /// A GitHub-flavoured Markdown report
    #[value(alias = "md")]
    Markdown,
    /// A self-contained HTML page
    #[value(alias = "htm")]
    Html,
    /// An Excel workbook
    Xlsx,
}

/// `check --format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    /// The listing, grouped by file (the default)
    #[value(alias = "txt")]
    Table,
    /// Every finding as JSON
    Json,
}

/// `template --format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TemplateFormat {
    /// Comma-separated (or --delimiter) values (the default)
    Csv,
    /// Tab-separated values
    Tsv,
    /// An Excel workbook
    Xlsx,
}

/// `--wide`: what a wide table's columns are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum WideArg {
    /// One column per period: 2022-01 … 2022-12, 2022-Q1, Tháng 1, Quý I
    Period,
    /// One column per entity
    Entity,
}

/// `--locale`: the number style.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LocaleArg {
    /// 1,234.5
    En,
    /// 1.234,5
    Vi,
}

/// `--lang`: the language of labels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LangArg {
    /// English
    En,
    /// Vietnamese
    Vi,
}

/// `--by`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ByArg {
    /// A row per target and entity, under the target's total
    Entity,
    /// A roll-up per group: its score and its targets by status
    Group,
    /// A column per month up to the as-of date
    #[value(alias = "month")]
    Period,
    /// A column per quarter
    Quarter,
}

/// `--only`: a status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StatusArg {
    Exceeded,
    Met,
    Near,
    #[value(name = "not_met")]
    NotMet,
    #[value(name = "no_data")]
    NoData,
}

/// A value of `E` read as clap reads a value enum (any case where the
/// option says so, aliases, "did you mean" for a near miss) once the
/// whitespace around it is trimmed, as attain read these options before
/// they were enums: a script's `--by ' period'` keeps working.
#[derive(Clone)]
pub struct Trimmed<E>(PhantomData<E>);

impl<E> Trimmed<E> {
    pub fn new() -> Self {
        Trimmed(PhantomData)
    }
}

impl<E> Default for Trimmed<E> {
    fn default() -> Self {
        Self::new()
    }
}

impl<E: ValueEnum + Clone + Send + Sync + 'static> TypedValueParser for Trimmed<E> {
    type Value = E;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&Arg>,
        value: &OsStr,
    ) -> Result<E, clap::Error> {
        let trimmed = value.to_str().map_or(value, |v| OsStr::new(v.trim()));
        EnumValueParser::<E>::new().parse_ref(cmd, arg, trimmed)
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        Some(values_of::<E>())
    }
}

/// The values of `E`, for the help and the completions.
fn values_of<E: ValueEnum + 'static>() -> Box<dyn Iterator<Item = PossibleValue>> {
    Box::new(
        E::value_variants()
            .iter()
            .filter_map(ValueEnum::to_possible_value),
    )
}

/// [`Trimmed`] for one item of a comma-separated list, where an empty
/// item (`--only near,`) is None and left out.
#[derive(Clone)]
pub struct Listed<E>(PhantomData<E>);

impl<E> Listed<E> {
    pub fn new() -> Self {
        Listed(PhantomData)
    }
}

impl<E> Default for Listed<E> {
    fn default() -> Self {
        Self::new()
    }
}

impl<E: ValueEnum + Clone + Send + Sync + 'static> TypedValueParser for Listed<E> {
    type Value = Option<E>;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&Arg>,
        value: &OsStr,
    ) -> Result<Option<E>, clap::Error> {
        if value.to_str().is_some_and(|v| v.trim().is_empty()) {
            return Ok(None);
        }
        Trimmed::<E>::new().parse_ref(cmd, arg, value).map(Some)
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        Some(values_of::<E>())
    }
}

/// `--encoding`: any label the WHATWG Encoding Standard knows (as
/// `encoding_rs` reads them), of which the usual ones are listed in the
/// help and offered by the completions.
#[derive(Clone, Copy)]
pub struct EncodingParser;

/// The encodings `--help` lists: what Vietnamese and Western offices' files
/// come in.
const USUAL_ENCODINGS: [(&str, &str); 5] = [
    ("utf-8", "The default"),
    ("windows-1258", "Vietnamese Windows (cp1258)"),
    ("windows-1252", "Western Windows (latin1, cp1252)"),
    ("utf-16le", "Excel's \"Unicode text\""),
    ("utf-16be", "UTF-16, big-endian"),
];

impl TypedValueParser for EncodingParser {
    type Value = &'static encoding_rs::Encoding;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        _arg: Option<&Arg>,
        value: &OsStr,
    ) -> Result<Self::Value, clap::Error> {
        let label = value.to_string_lossy();
        encoding_rs::Encoding::for_label(label.trim().as_bytes()).ok_or_else(|| {
            let label = crate::text::printable(&label);
            clap::Error::raw(
                ErrorKind::InvalidValue,
                format!(
                    "--encoding '{label}' is not an encoding attain knows; use for example windows-1258 (Vietnamese), windows-1252, utf-16le, utf-16be or utf-8\n"
                ),
            )
            .with_cmd(cmd)
        })
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        Some(Box::new(
            USUAL_ENCODINGS
                .iter()
                .map(|(name, help)| PossibleValue::new(*name).help(*help)),
        ))
    }
}

/// `--wide` alone means `--wide period`, also before a file: clap would
/// take `attain report --wide book.xlsx` for `--wide` of `book.xlsx`, so a
/// `--wide` whose next word is neither `period` nor `entity` is given its
/// value here (`--wide=period`), before clap reads the line.
pub fn wide_alone<I, T>(args: I) -> Vec<std::ffi::OsString>
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString>,
{
    let mut args: Vec<std::ffi::OsString> = args.into_iter().map(Into::into).collect();
    let mut i = 0;
    while i < args.len() {
        if args[i] == "--" {
            break;
        }
        if args[i] == "--wide" {
            let value = args
                .get(i + 1)
                .and_then(|a| a.to_str())
                .map(|a| a.trim().to_lowercase());
            if !matches!(value.as_deref(), Some("period" | "entity")) {
                args[i] = "--wide=period".into();
            }
        }
        i += 1;
    }
    args
}

#[cfg(test)]
mod wide_tests {
    use super::wide_alone;

    #[test]
    fn wide_alone_before_a_file_means_periods() {
        let line = |a: &[&str]| {
            wide_alone(a.iter().copied())
                .into_iter()
                .map(|a| a.into_string().unwrap())
                .collect::<Vec<_>>()
        };
        assert_eq!(
            line(&["attain", "--wide", "b.xlsx"]),
            ["attain", "--wide=period", "b.xlsx"]
        );
        assert_eq!(line(&["attain", "--wide"]), ["attain", "--wide=period"]);
        assert_eq!(
            line(&["attain", "--wide", "entity", "b"]),
            ["attain", "--wide", "entity", "b"]
        );
        assert_eq!(
            line(&["attain", "--", "--wide", "x"]),
            ["attain", "--", "--wide", "x"]
        );
    }
}
