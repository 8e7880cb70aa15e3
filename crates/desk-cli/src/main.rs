//! `npdesk`: every Neuro-Pay Desk operation from a terminal, over desk-core.
//!
//! Parse, run on a tokio runtime, report the result, exit with the status `exit` maps
//! from the error code.

mod args;
mod cli;
mod commands;
mod confirm;
mod context;
mod error;
mod exit;
mod output;
mod progress;
mod table;

#[cfg(test)]
mod cli_tests;

use std::ffi::OsString;
use std::process::ExitCode;

use clap::error::ErrorKind;
use clap::Parser;

use crate::cli::Cli;
use crate::error::CliError;
use crate::output::{error_json, Output};

fn main() -> ExitCode {
    let argv: Vec<OsString> = std::env::args_os().collect();
    let cli = match Cli::try_parse_from(&argv) {
        Ok(cli) => cli,
        Err(e) => return usage_error(&e, argv.iter().any(|a| a == "--json")),
    };
    let out = Output::new(cli.global.json);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build();
    let result = match runtime {
        Ok(rt) => rt.block_on(commands::run(cli)),
        Err(e) => Err(CliError::Io(format!("cannot start the async runtime: {e}"))),
    };
    match result {
        Ok(()) => ExitCode::from(exit::OK),
        Err(e) => {
            out.error(&e);
            ExitCode::from(exit::exit_code(&e))
        }
    }
}

/// Help and version print as usual; a usage error is invalid input (exit 2), reported as
/// JSON on stderr when `--json` was on the line.
fn usage_error(e: &clap::Error, json: bool) -> ExitCode {
    let informational = matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion);
    if informational || !json {
        // Printing help can only fail on a closed stdout, where nothing more can be said.
        let _ = e.print();
        return ExitCode::from(if informational {
            exit::OK
        } else {
            exit::INVALID_INPUT
        });
    }
    let message = e.kind().as_str().map_or_else(
        || e.to_string().trim().to_owned(),
        |kind| format!("{kind}: {}", first_line(&e.to_string())),
    );
    eprintln!("{}", error_json("invalid_input", &message));
    ExitCode::from(exit::INVALID_INPUT)
}

fn first_line(s: &str) -> &str {
    s.lines()
        .next()
        .unwrap_or("")
        .trim_start_matches("error: ")
        .trim()
}
