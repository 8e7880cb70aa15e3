//! Keys go in, never out: `set_key` takes a key and answers with its masked form only;
//! no command returns a key.

use desk_core::{ConnectionCheck, KeyStatus, Mode, ProfileId, Scope, VaultStatus};
use neuropay::ApiKey;
use tauri::State;

use crate::error::CommandResult;
use crate::state::DeskState;

#[tauri::command]
pub async fn vault_status(state: State<'_, DeskState>) -> CommandResult<VaultStatus> {
    Ok(state.desk.vault().state().await)
}

#[tauri::command]
pub async fn key_statuses(
    state: State<'_, DeskState>,
    profile: ProfileId,
) -> CommandResult<Vec<KeyStatus>> {
    Ok(state.desk.key_statuses(&profile).await?)
}

#[tauri::command]
pub async fn set_key(
    state: State<'_, DeskState>,
    profile: ProfileId,
    mode: Mode,
    key: String,
) -> CommandResult<KeyStatus> {
    let key = ApiKey::new(key).map_err(desk_core::Error::from)?;
    Ok(state.desk.set_key(&profile, mode, key).await?)
}

#[tauri::command]
pub async fn delete_key(
    state: State<'_, DeskState>,
    profile: ProfileId,
    mode: Mode,
) -> CommandResult<bool> {
    Ok(state.desk.delete_key(&profile, mode).await?)
}

#[tauri::command]
pub async fn test_connection(
    state: State<'_, DeskState>,
    scope: Scope,
) -> CommandResult<ConnectionCheck> {
    Ok(state.desk.test_connection(&scope).await?)
}
