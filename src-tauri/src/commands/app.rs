use tauri::State;

use crate::error::CommandResult;
use crate::state::DeskState;

/// How many checkouts the first-run simulator seeds (overridable for tests and demos).
fn sandbox_seed() -> usize {
    std::env::var("NPDESK_SANDBOX_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(300)
}

#[tauri::command]
pub fn app_info() -> CommandResult<desk_core::AppInfo> {
    Ok(desk_core::app_info()?)
}

/// First call: starts the embedded simulator when there is no profile yet (or a sandbox
/// profile exists), then settles writes a previous run left unsettled.
#[tauri::command]
pub async fn start_desk(state: State<'_, DeskState>) -> CommandResult<desk_core::StartInfo> {
    let mut sandbox = state.sandbox.lock().await;
    if sandbox.is_none() {
        *sandbox = state.desk.ensure_sandbox_profile(sandbox_seed()).await?;
    }
    Ok(state.desk.start_info(sandbox.as_ref()).await?)
}

#[tauri::command]
pub fn currencies() -> Vec<desk_core::CurrencyInfo> {
    desk_core::common_currencies()
}
