//! The `attain` binary: parse, run, print the error, exit with its code.

use std::io::Write;

fn main() {
    let code = match attain::run(std::env::args_os()) {
        Ok(code) => code,
        Err(err) => {
            // A full or closed standard error must not turn exit 2 into a panic.
            let error = attain::diagnostic::kind_word("error", attain::diagnostic::spoken());
            let _ = writeln!(std::io::stderr(), "attain: {error}: {err:#}");
            attain::error::EXIT_ERROR
        }
    };
    std::process::exit(code);
}
