use desk_core::{GuardRails, NewProfile, Profile, ProfileId};
use tauri::State;

use crate::error::CommandResult;
use crate::state::DeskState;

#[tauri::command]
pub async fn list_profiles(state: State<'_, DeskState>) -> CommandResult<Vec<Profile>> {
    Ok(state.desk.db(|s| s.list_profiles()).await?)
}

#[tauri::command]
pub async fn create_profile(
    state: State<'_, DeskState>,
    profile: NewProfile,
) -> CommandResult<Profile> {
    Ok(state.desk.db(move |s| s.create_profile(&profile)).await?)
}

#[tauri::command]
pub async fn rename_profile(
    state: State<'_, DeskState>,
    id: ProfileId,
    name: String,
) -> CommandResult<Profile> {
    Ok(state.desk.db(move |s| s.rename_profile(&id, &name)).await?)
}

#[tauri::command]
pub async fn recolor_profile(
    state: State<'_, DeskState>,
    id: ProfileId,
    color: String,
) -> CommandResult<Profile> {
    Ok(state
        .desk
        .db(move |s| s.recolor_profile(&id, &color))
        .await?)
}

#[tauri::command]
pub async fn set_profile_base_url(
    state: State<'_, DeskState>,
    id: ProfileId,
    base_url: String,
) -> CommandResult<Profile> {
    Ok(state
        .desk
        .db(move |s| s.set_profile_base_url(&id, &base_url))
        .await?)
}

#[tauri::command]
pub async fn set_guard_rails(
    state: State<'_, DeskState>,
    id: ProfileId,
    guard_rails: GuardRails,
) -> CommandResult<Profile> {
    Ok(state
        .desk
        .db(move |s| s.set_guard_rails(&id, guard_rails))
        .await?)
}

/// Removes the profile's keychain entries; cached data only with `purge_cache`.
#[tauri::command]
pub async fn delete_profile(
    state: State<'_, DeskState>,
    id: ProfileId,
    purge_cache: bool,
) -> CommandResult<()> {
    Ok(state.desk.delete_profile(&id, purge_cache).await?)
}
