//! `desk-bench`: the benchmark steps `make bench` runs, each printing and recording its
//! figures; `report` prints them all as one table.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use desk_bench::figures::{self, bench_dir};
use desk_bench::{app_cmd, fixture_cmd, import_cmd, sync_cmd};

#[derive(Debug, Parser)]
#[command(name = "desk-bench", about = "Neuro-Pay Desk benchmarks")]
struct Cli {
    #[command(subcommand)]
    step: Step,
}

#[derive(Debug, Subcommand)]
enum Step {
    /// Forget the figures of earlier runs.
    Reset,
    /// Fill a fresh cache database with N realistic checkouts (rows/s).
    Fixture {
        #[arg(long, default_value_t = 1_000_000, value_parser = clap::value_parser!(u32).range(1..=20_000_000))]
        rows: u32,
        /// Default: target/bench/cache-<rows>.db
        #[arg(long)]
        db: Option<PathBuf>,
    },
    /// Parse N pasted checkout ids and write them to the cache's import queue (rows/s).
    Import {
        #[arg(long, default_value_t = 100_000, value_parser = clap::value_parser!(u32).range(1..=10_000_000))]
        ids: u32,
    },
    /// Sync N open checkouts from the loopback simulator, clean and under faults.
    Sync {
        #[arg(long, default_value_t = 10_000, value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
        checkouts: u32,
    },
    /// Launch the release app on the fixture and a hello-world Tauri window: cold start,
    /// idle memory, DOM rows while scrolling, binary size (under tests/session.sh).
    App {
        /// Default: target/release/neuropay-desk
        #[arg(long)]
        app: Option<PathBuf>,
        /// Default: target/release/hello-tauri
        #[arg(long)]
        hello: Option<PathBuf>,
        /// Default: target/bench/cache-1000000.db
        #[arg(long)]
        db: Option<PathBuf>,
        #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(u32).range(1..=100))]
        launches: u32,
    },
    /// Print every recorded figure as one Markdown table.
    Report,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.step {
        Step::Reset => figures::reset().map_err(|e| e.to_string()),
        Step::Fixture { rows, db } => {
            let db = db.unwrap_or_else(|| bench_dir().join(format!("cache-{rows}.db")));
            fixture_cmd::run(rows as usize, &db)
        }
        Step::Import { ids } => import_cmd::run(ids as usize),
        Step::Sync { checkouts } => tokio::runtime::Runtime::new()
            .map_err(|e| e.to_string())
            .and_then(|rt| rt.block_on(sync_cmd::run(checkouts as usize))),
        Step::App {
            app,
            hello,
            db,
            launches,
        } => {
            let release = e2e::workspace_root().join("target/release");
            let args = app_cmd::AppArgs {
                app: app.unwrap_or_else(|| release.join("neuropay-desk")),
                hello: hello.unwrap_or_else(|| release.join("hello-tauri")),
                db: db.unwrap_or_else(|| bench_dir().join("cache-1000000.db")),
                launches: launches as usize,
            };
            tokio::runtime::Runtime::new()
                .map_err(|e| e.to_string())
                .and_then(|rt| rt.block_on(app_cmd::run(args)).map_err(|e| e.to_string()))
        }
        Step::Report => figures::read_all()
            .map_err(|e| format!("no results: {e}"))
            .map(|figs| print!("{}", figures::table(&figs))),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("desk-bench: {e}");
            ExitCode::FAILURE
        }
    }
}
