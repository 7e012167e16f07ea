//! How a test runs attain: [`Run`], the one builder every test sets up its
//! run with, and the readers of what comes out (the CSV rows, the JSON).
//!
//! A run starts as `attain` in the repository root, where the shipped
//! campaign `targets.toml` is found, with `ATTAIN_TARGETS` and `NO_COLOR`
//! taken out of the environment so that the machine running the tests does
//! not change what they see. From there a test adds what it needs:
//!
//! ```ignore
//! // The shipped campaign on one of its examples, as CSV rows.
//! let rows = Run::new()
//!     .args(["-f", "csv", "-q", "examples/bac-ninh-2022/illustrative.csv"])
//!     .csv_rows();
//! // A fixture campaign and fixture actuals (tests/fixtures/).
//! Run::check().fixture_campaign("flows.toml").fixture("skips.csv").succeeds();
//! // A campaign and actuals written as text: c.toml and a.csv in a folder
//! // of their own, where attain runs.
//! Run::new().campaign(FLOW_2022).actuals("indicator,value\nx,5\n").fails_with(2);
//! ```
//!
//! The command line is the subcommand, `-t CAMPAIGN`, the arguments in the
//! order given, then the actuals. The few tests that need what a builder
//! cannot give (a pipe closed by `head`, a pseudo-terminal, a time limit on
//! a FIFO, strace) run the binary's path, `env!("CARGO_BIN_EXE_attain")`,
//! themselves.

use std::collections::HashMap;
use std::ffi::{OsStr, OsString};
use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::assert::{Assert, OutputAssertExt};

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The full path of `tests/fixtures/NAME`.
pub fn fixture(name: &str) -> String {
    root()
        .join("tests/fixtures")
        .join(name)
        .display()
        .to_string()
}

/// `attain` in the repository root, the environment cleaned.
fn command() -> std::process::Command {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_attain"));
    cmd.current_dir(root())
        .env_remove("ATTAIN_TARGETS")
        .env_remove("NO_COLOR");
    cmd
}

/// A folder holding the campaign `c.toml` and the actuals `a.csv`.
pub fn campaign_dir(campaign: &str, actuals: &[u8]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("c.toml"), campaign).unwrap();
    std::fs::write(dir.path().join("a.csv"), actuals).unwrap();
    dir
}

/// One row of CSV output: column name -> value.
pub type CsvRow = HashMap<String, String>;

/// CSV output as rows of (column -> value).
pub fn csv_rows(text: &str) -> Vec<CsvRow> {
    delimited_rows(text, b',')
}

/// Delimited output (`--out-delimiter`) as rows of (column -> value).
pub fn delimited_rows(text: &str, delimiter: u8) -> Vec<CsvRow> {
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let headers = reader.headers().unwrap().clone();
    reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            headers
                .iter()
                .zip(r.iter())
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}

/// The row of target `id`.
pub fn row<'a>(rows: &'a [CsvRow], id: &str) -> &'a CsvRow {
    rows.iter()
        .find(|r| r["id"] == id)
        .unwrap_or_else(|| panic!("no row {id}"))
}

/// What the run reads on standard input.
enum Stdin {
    /// Nothing: an empty pipe, closed at once.
    Empty,
    Bytes(Vec<u8>),
    /// An open file, passed as it stands (read by offset, or on from where
    /// it was left).
    File(std::fs::File),
}

/// One run of the built `attain`: set it up, then read what it did with
/// one of the finishing methods ([`Run::output`], [`Run::assert`],
/// [`Run::stdout`], [`Run::csv_rows`], [`Run::json`] …).
#[must_use = "a run does nothing until it is finished (output, assert, stdout …)"]
pub struct Run {
    subcommand: Option<&'static str>,
    campaign: Option<OsString>,
    args: Vec<OsString>,
    actuals: Vec<OsString>,
    /// Files written into the run's own folder: (name, contents).
    files: Vec<(String, Vec<u8>)>,
    dir: Option<PathBuf>,
    env: Vec<(OsString, OsString)>,
    stdin: Stdin,
}

impl Run {
    /// `attain` with no subcommand: a report, of the shipped campaign unless
    /// a campaign is given.
    pub fn new() -> Run {
        Run {
            subcommand: None,
            campaign: None,
            args: Vec::new(),
            actuals: Vec::new(),
            files: Vec::new(),
            dir: None,
            env: Vec::new(),
            stdin: Stdin::Empty,
        }
    }

    /// `attain SUBCOMMAND …`.
    pub fn subcommand(name: &'static str) -> Run {
        Run {
            subcommand: Some(name),
            ..Run::new()
        }
    }

    /// `attain report …`, the subcommand written out.
    pub fn report() -> Run {
        Run::subcommand("report")
    }

    /// `attain check …`.
    pub fn check() -> Run {
        Run::subcommand("check")
    }

    /// `attain explain …`.
    pub fn explain() -> Run {
        Run::subcommand("explain")
    }

    /// The campaign `text`, written as `c.toml` into the run's folder and
    /// passed as `-t c.toml`.
    pub fn campaign(mut self, text: &str) -> Run {
        self.files.push(("c.toml".into(), text.as_bytes().to_vec()));
        self.campaign = Some("c.toml".into());
        self
    }

    /// `-t tests/fixtures/NAME`.
    pub fn fixture_campaign(mut self, name: &str) -> Run {
        self.campaign = Some(fixture(name).into());
        self
    }

    /// The actuals `contents`, written as `a.csv` into the run's folder and
    /// passed as the last argument.
    pub fn actuals(mut self, contents: impl AsRef<[u8]>) -> Run {
        self.files
            .push(("a.csv".into(), contents.as_ref().to_vec()));
        self.actuals.push("a.csv".into());
        self
    }

    /// The actuals file `tests/fixtures/NAME`, passed after the arguments.
    pub fn fixture(mut self, name: &str) -> Run {
        self.actuals.push(fixture(name).into());
        self
    }

    /// A file written into the run's folder and not passed: the test names
    /// it where it belongs (`-a a.csv`, a second file).
    pub fn file(mut self, name: &str, contents: impl AsRef<[u8]>) -> Run {
        self.files.push((name.into(), contents.as_ref().to_vec()));
        self
    }

    pub fn arg(mut self, arg: impl AsRef<OsStr>) -> Run {
        self.args.push(arg.as_ref().to_owned());
        self
    }

    pub fn args<I, S>(mut self, args: I) -> Run
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        self.args
            .extend(args.into_iter().map(|a| a.as_ref().to_owned()));
        self
    }

    /// Run in `dir` instead of the repository root (or the run's folder).
    pub fn current_dir(mut self, dir: impl AsRef<Path>) -> Run {
        self.dir = Some(dir.as_ref().to_owned());
        self
    }

    pub fn env(mut self, key: impl AsRef<OsStr>, value: impl AsRef<OsStr>) -> Run {
        self.env
            .push((key.as_ref().to_owned(), value.as_ref().to_owned()));
        self
    }

    /// Feed `input` on standard input (pass `-` for attain to read it).
    pub fn stdin(mut self, input: impl AsRef<[u8]>) -> Run {
        self.stdin = Stdin::Bytes(input.as_ref().to_vec());
        self
    }

    /// Standard input redirected from an open file, as `attain - < FILE`.
    pub fn stdin_file(mut self, file: std::fs::File) -> Run {
        self.stdin = Stdin::File(file);
        self
    }

    /// Run attain and return what it did, whatever its exit code.
    pub fn output(self) -> Output {
        // The run's own folder lives until attain has finished.
        let folder = (!self.files.is_empty()).then(|| {
            let folder = tempfile::tempdir().unwrap();
            for (name, contents) in &self.files {
                std::fs::write(folder.path().join(name), contents).unwrap();
            }
            folder
        });
        let mut cmd = command();
        let dir = match (&self.dir, &folder) {
            (Some(_), Some(_)) => panic!("a run with files of its own runs in their folder"),
            (Some(dir), None) => Some(dir.as_path()),
            (None, Some(folder)) => Some(folder.path()),
            (None, None) => None,
        };
        if let Some(dir) = dir {
            cmd.current_dir(dir);
        }
        cmd.args(self.subcommand);
        if let Some(campaign) = &self.campaign {
            cmd.arg("-t").arg(campaign);
        }
        cmd.args(&self.args).args(&self.actuals);
        for (key, value) in &self.env {
            cmd.env(key, value);
        }
        match self.stdin {
            Stdin::File(file) => cmd.stdin(file).output().unwrap(),
            Stdin::Empty => assert_cmd::Command::from_std(cmd).output().unwrap(),
            Stdin::Bytes(input) => assert_cmd::Command::from_std(cmd)
                .write_stdin(input)
                .output()
                .unwrap(),
        }
    }

    /// Run attain, for assertions on its exit code and output.
    pub fn assert(self) -> Assert {
        self.output().assert()
    }

    /// Run attain and check it exits 0.
    pub fn succeeds(self) -> Assert {
        self.assert().code(0)
    }

    /// Run attain and check it exits with `code`.
    pub fn fails_with(self, code: i32) -> Assert {
        self.assert().code(code)
    }

    /// Run attain, check it exits 0 (else show its stderr) and return what
    /// it did.
    pub fn ok(self) -> Output {
        let out = self.output();
        assert!(
            out.status.success(),
            "{:?}: {}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
        out
    }

    /// Run attain and return its standard output, whatever its exit code.
    pub fn stdout(self) -> String {
        String::from_utf8(self.output().stdout).unwrap()
    }

    /// Run attain, check it exits 0 and read its standard output as CSV
    /// rows.
    pub fn csv_rows(self) -> Vec<CsvRow> {
        csv_rows(&String::from_utf8(self.ok().stdout).unwrap())
    }

    /// Run attain and read its standard output as JSON, whatever its exit
    /// code.
    pub fn json(self) -> serde_json::Value {
        serde_json::from_slice(&self.output().stdout).unwrap()
    }
}
