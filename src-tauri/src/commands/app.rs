use crate::error::CommandResult;

#[tauri::command]
pub fn app_info() -> CommandResult<desk_core::AppInfo> {
    Ok(desk_core::app_info()?)
}
