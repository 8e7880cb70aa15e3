use std::path::PathBuf;

use desk_core::{AuditEntry, AuditFilter, ExportSummary, ListQuery};
use tauri::State;

use crate::error::CommandResult;
use crate::state::DeskState;

#[tauri::command]
pub async fn list_audit(
    state: State<'_, DeskState>,
    filter: AuditFilter,
) -> CommandResult<Vec<AuditEntry>> {
    Ok(state.desk.db(move |s| s.list_audit(&filter)).await?)
}

/// Writes the filtered audit log as CSV to the path the user chose in the save dialog.
#[tauri::command]
pub async fn export_audit(
    state: State<'_, DeskState>,
    filter: AuditFilter,
    path: PathBuf,
) -> CommandResult<u64> {
    Ok(state
        .desk
        .db(move |s| s.export_audit_file(&filter, &path))
        .await?)
}

/// Writes the list's current filter as CSV to the path the user chose in the save dialog.
#[tauri::command]
pub async fn export_checkouts(
    state: State<'_, DeskState>,
    query: ListQuery,
    path: PathBuf,
) -> CommandResult<ExportSummary> {
    Ok(state
        .desk
        .db(move |s| s.export_checkouts_file(&query, &path))
        .await?)
}
