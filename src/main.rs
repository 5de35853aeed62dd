//! The gridbeat command line: parses arguments and wires the library together.

mod cli;

use std::io::Write;

use clap::Parser;

fn main() -> std::process::ExitCode {
    let args = cli::Cli::parse();
    cli::init_tracing(args.log_json);
    match cli::run(args.command) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            // A closed stderr must not turn an error into a panic.
            let _ = writeln!(std::io::stderr(), "gridbeat: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
