use std::sync::Arc;

use desk_core::{
    BulkAction, BulkPlan, BulkProgress, BulkReport, ListQuery, Overview, ReservedCheckout, Scope,
};
use tauri::ipc::Channel;
use tauri::State;

use super::write_ctx;
use crate::error::CommandResult;
use crate::state::DeskState;

/// From the cache only, so it works offline.
#[tauri::command]
pub async fn overview(state: State<'_, DeskState>, query: ListQuery) -> CommandResult<Overview> {
    Ok(state.desk.db(move |s| s.overview(&query)).await?)
}

#[tauri::command]
pub async fn reserve_radar(
    state: State<'_, DeskState>,
    scope: Scope,
) -> CommandResult<Vec<ReservedCheckout>> {
    let now = chrono::Utc::now();
    Ok(state
        .desk
        .db(move |s| s.reserve_radar(&scope.profile, scope.mode, now))
        .await?)
}

#[tauri::command]
pub async fn bulk_plan(
    state: State<'_, DeskState>,
    scope: Scope,
    ids: Vec<String>,
    action: BulkAction,
) -> CommandResult<BulkPlan> {
    Ok(state
        .desk
        .db(move |s| s.bulk_plan(&scope, &ids, action))
        .await?)
}

/// Cancellable with `cancel_job`, like a sync.
#[tauri::command]
pub async fn bulk_run(
    state: State<'_, DeskState>,
    scope: Scope,
    live_confirmed: bool,
    ids: Vec<String>,
    action: BulkAction,
    on_progress: Channel<BulkProgress>,
) -> CommandResult<BulkReport> {
    let cancel = state.begin_job();
    // A closed window drops the channel; losing progress messages is harmless.
    let progress = Arc::new(move |p: BulkProgress| {
        let _ = on_progress.send(p);
    });
    Ok(state
        .desk
        .bulk_run(
            &write_ctx(scope, live_confirmed),
            ids,
            action,
            progress,
            cancel,
        )
        .await?)
}
