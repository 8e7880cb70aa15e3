//! The Tauri shell of Neuro-Pay Desk. Only this crate imports `tauri`: every command is a
//! thin wrapper over `desk-core`, so the logic stays testable without a window.

mod command_names;
mod commands;
mod error;
mod state;

use desk_core::{Desk, Store, Vault};
use tauri::{Builder, Manager, Runtime};

pub use error::CommandError;
pub use state::DeskState;

/// Registers plugins and commands on any runtime, so tests can drive the same wiring
/// with `tauri::test::mock_builder()`. The caller manages a [`DeskState`].
pub fn run_app<R: Runtime>(builder: Builder<R>) -> Builder<R> {
    builder
        .plugin(tauri_plugin_opener::init())
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_notification::init())
        .invoke_handler(commands::handler())
}

/// Opens the desk on the per-user data dir (or `NPDESK_DATA_DIR`) with the OS keychain.
pub fn open_desk() -> Result<Desk, desk_core::Error> {
    Ok(Desk::new(Store::open_default()?, Vault::native()))
}

/// Starts the desktop app.
pub fn run() {
    init_logging();
    run_app(tauri::Builder::default())
        .setup(|app| {
            let desk = open_desk()?;
            app.manage(DeskState::new(desk));
            Ok(())
        })
        .run(tauri::generate_context!())
        .expect("error while running Neuro-Pay Desk");
}

/// `NPDESK_LOG=error|warn|info|debug|trace` (default warn). A level, not a filter
/// expression: the expression parser would bring a regex engine into the app.
fn init_logging() {
    let level = std::env::var("NPDESK_LOG")
        .ok()
        .and_then(|v| v.trim().parse::<tracing::Level>().ok())
        .unwrap_or(tracing::Level::WARN);
    // try_init: a second call (tests) must not panic.
    let _ = tracing_subscriber::fmt()
        .with_max_level(level)
        .with_writer(std::io::stderr)
        .try_init();
}

#[cfg(test)]
mod security_tests;
#[cfg(test)]
mod wiring_tests;
