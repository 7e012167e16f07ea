//! The `attain` binary: parse, run, print the error, exit with its code.

fn main() {
    let code = match attain::run(std::env::args_os()) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("attain: error: {err:#}");
            attain::error::EXIT_ERROR
        }
    };
    std::process::exit(code);
}
