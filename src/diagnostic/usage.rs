//! The wording of the command line's own errors: an option's value, a
//! file named twice, an output that cannot be written as asked. They are
//! not diagnostics of the inputs, so they have no location and no name.

use std::fmt;

use chrono::NaiveDate;

use super::parts::DidYouMean;

/// A command line attain cannot run: an option's value, or files named
/// that cannot be read or written as asked. Not a problem in the inputs,
/// so it has no location and no machine name; worded here all the same.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Usage {
    /// No campaign file where `-t` or the default points.
    CampaignNotFound { file: String },
    /// `explain` of an id no target has.
    NoSuchTarget {
        id: String,
        suggestion: Option<String>,
        known: Vec<String>,
    },
    /// `init` onto a file that exists.
    InitWouldOverwrite { name: String },
    /// `--as-of` that does not parse; the period reader words why.
    BadAsOf { reason: super::Said },
    /// A subcommand written after the options.
    SubcommandAfterOptions { first: String },
    /// xlsx to a terminal.
    XlsxToTerminal,
    /// `--jobs 0`.
    NoJobs,
    /// `-f` and `-o`'s extension disagree.
    FormatContradictsOutput {
        format: String,
        name: String,
        named: String,
    },
    /// `explain -o` naming a format other than text.
    ExplainWritesText { name: String, other: String },
    /// `-o` whose extension names no format the job writes.
    UnknownOutputExtension {
        name: String,
        extension: Option<String>,
        choices: &'static str,
    },
    /// `--delimiter` that is not one usable character.
    BadDelimiter { text: String },
    /// `--group` that names no group.
    NoSuchGroup {
        wanted: String,
        suggestion: Option<String>,
        groups: Vec<String>,
    },
    /// No actuals named anywhere.
    NoActuals { campaign: String },
    /// `--as-of` before the campaign.
    AsOfBeforeStart { as_of: NaiveDate, start: NaiveDate },
    /// `-` twice.
    StdinNamedTwice,
    /// One file named twice.
    SameFileTwice { name: String, first: String },
    /// `-o` onto one of the inputs.
    WouldOverwriteInput { out: String, what: String },
    /// `template -f` other than csv, tsv, xlsx.
    TemplateFormat { other: String },
    /// `check -f` other than a listing or json.
    CheckFormat { other: String },
    /// `template --wide entity` for a campaign without entities.
    NoEntitiesAcross { campaign: String },
    /// `attain sql` cannot write the query; the query writer words why.
    Sql { reason: super::Said },
}

/// In the language this thread speaks ([`super::spoken`]).
impl fmt::Display for Usage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match super::spoken() {
            crate::labels::Lang::En => self.english(f),
            crate::labels::Lang::Vi => self.vietnamese(f),
        }
    }
}

impl Usage {
    /// The message in English.
    pub(super) fn english(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use Usage::*;
        match self {
            CampaignNotFound { file } => write!(
                f,
                "campaign file '{file}' not found; pass one with -t FILE, set ATTAIN_TARGETS, or create one with `attain init`"
            ),
            NoSuchTarget {
                id,
                suggestion,
                known,
            } => write!(
                f,
                "no target has the id '{id}'; {}the targets are: {}",
                DidYouMean(suggestion.as_deref()),
                known.join(", ")
            ),
            InitWouldOverwrite { name } => write!(
                f,
                "'{name}' already exists; attain init never writes over a file — name another path (attain init new.toml)"
            ),
            BadAsOf { reason } => write!(f, "--as-of: {}", reason.en),
            Sql { reason } => write!(f, "attain sql: {}", reason.en),
            SubcommandAfterOptions { first } => write!(
                f,
                "'{first}' is a subcommand: write it first, before the options (attain {first} -t FILE ...)"
            ),
            XlsxToTerminal => f.write_str(
                "xlsx is a binary workbook and standard output is a terminal; write it to a file (-o report.xlsx) or redirect standard output",
            ),
            NoJobs => f.write_str("--jobs must be 1 or more"),
            FormatContradictsOutput {
                format,
                name,
                named,
            } => write!(
                f,
                "-f {format} contradicts -o {name}, which names a {named} file; drop -f, or give the file the extension of {format}"
            ),
            ExplainWritesText { name, other } => write!(
                f,
                "-o {name}: `attain explain` writes plain text, not {other}; name the file .txt"
            ),
            UnknownOutputExtension {
                name,
                extension,
                choices,
            } => unknown_extension(f, name, extension.as_deref(), choices),
            BadDelimiter { text } => write!(
                f,
                "--delimiter '{text}' must be one ASCII character other than a quote or a line break, such as ';' or '\\t'"
            ),
            NoSuchGroup {
                wanted,
                suggestion,
                groups,
            } => no_such_group(f, wanted, suggestion.as_deref(), groups),
            NoActuals { campaign } => write!(
                f,
                "no actuals: name CSV files on the command line (or - for standard input), or set `actuals = [\"...\"]` in [campaign] of {campaign}"
            ),
            AsOfBeforeStart { as_of, start } => {
                write!(f, "--as-of {as_of} is before the campaign starts ({start})")
            }
            StdinNamedTwice => {
                f.write_str("standard input (-) is named twice; it can be read only once")
            }
            SameFileTwice { name, first } => write!(
                f,
                "'{name}' is the same file as '{first}': read twice, each of its values would count double; name it once"
            ),
            WouldOverwriteInput { out, what } => write!(
                f,
                "-o {out} is {what}, one of this run's inputs; attain never writes over its inputs: write elsewhere"
            ),
            TemplateFormat { other } => {
                write!(f, "`attain template` writes csv, tsv or xlsx, not {other}")
            }
            CheckFormat { other } => write!(
                f,
                "`attain check` prints a listing or json, not {other}; use -f json or leave out -f"
            ),
            NoEntitiesAcross { campaign } => write!(
                f,
                "{campaign} has no entities to put across: declare them in [entities] (or give a target entity targets), or leave out `entity` to put the months across"
            ),
        }
    }
}

/// `-o` whose name does not tell a format the job writes: why, and the
/// names it could have.
fn unknown_extension(
    f: &mut fmt::Formatter<'_>,
    name: &str,
    extension: Option<&str>,
    choices: &str,
) -> fmt::Result {
    write!(f, "-o {name}: ")?;
    match extension {
        Some(e) => write!(f, "attain does not write '.{e}' files")?,
        None => f.write_str("the name has no extension to tell the format by")?,
    }
    write!(f, "; name the file {choices}, or give -f")
}

/// `--group` that names no group: the closest, and every group there is.
fn no_such_group(
    f: &mut fmt::Formatter<'_>,
    wanted: &str,
    suggestion: Option<&str>,
    groups: &[String],
) -> fmt::Result {
    let suggestion = DidYouMean(suggestion);
    write!(
        f,
        "--group: the campaign has no group '{wanted}'; {suggestion}"
    )?;
    if groups.is_empty() {
        f.write_str("its groups are: (none)")
    } else {
        write!(f, "its groups are: {}", groups.join(", "))
    }
}
