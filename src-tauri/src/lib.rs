//! The Tauri shell of Neuro-Pay Desk. Only this crate imports `tauri`: every command is a
//! thin wrapper over `desk-core`, so the logic stays testable without a window.

mod commands;
mod error;

use tauri::{Builder, Runtime};

pub use error::CommandError;

/// Registers plugins and commands on any runtime, so tests can drive the same wiring
/// with `tauri::test::mock_builder()`.
pub fn run_app<R: Runtime>(builder: Builder<R>) -> Builder<R> {
    builder
        .plugin(tauri_plugin_opener::init())
        .plugin(tauri_plugin_dialog::init())
        .invoke_handler(commands::handler())
}

/// Starts the desktop app.
pub fn run() {
    init_logging();
    run_app(tauri::Builder::default())
        .run(tauri::generate_context!())
        .expect("error while running Neuro-Pay Desk");
}

fn init_logging() {
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_from_env("NPDESK_LOG").unwrap_or_else(|_| EnvFilter::new("warn"));
    // try_init: a second call (tests) must not panic.
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .try_init();
}

#[cfg(test)]
mod wiring_tests;
