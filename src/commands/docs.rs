//! `attain completions SHELL` and `attain man`: made from the clap
//! definitions, so they list what the command line reads.

use clap::CommandFactory;

use crate::cli::Cli;
use crate::error::{EXIT_OK, Error};

use super::write_output;

/// The completion script for `shell`.
pub(crate) fn completions(shell: clap_complete::Shell) -> Result<i32, Error> {
    let mut command = Cli::command();
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut command, "attain", &mut out);
    write_output(None, &out)?;
    Ok(EXIT_OK)
}

/// The manual page, in roff.
pub(crate) fn man() -> Result<i32, Error> {
    let mut out = Vec::new();
    clap_mangen::Man::new(Cli::command())
        .render(&mut out)
        .map_err(|e| Error::io("<stdout>", e))?;
    write_output(None, &out)?;
    Ok(EXIT_OK)
}
