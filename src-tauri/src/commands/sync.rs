use std::path::PathBuf;
use std::sync::Arc;

use desk_core::{
    Desk, ImportPlan, ImportReport, Progress, Scope, SettleReport, SyncOptions, SyncReport,
};
use neuropay::CheckoutId;
use tauri::ipc::Channel;
use tauri::State;

use crate::error::CommandResult;
use crate::state::DeskState;

fn reporter(channel: Channel<Progress>) -> desk_core::ProgressFn {
    // A closed window drops the channel; losing progress messages is harmless.
    Arc::new(move |p: Progress| {
        let _ = channel.send(p);
    })
}

/// Refreshes every non-final checkout of the scope; one job at a time, cancellable.
#[tauri::command]
pub async fn sync_open(
    state: State<'_, DeskState>,
    scope: Scope,
    on_progress: Channel<Progress>,
) -> CommandResult<SyncReport> {
    let cancel = state.begin_job();
    Ok(state
        .desk
        .sync_open(
            &scope,
            SyncOptions::default(),
            reporter(on_progress),
            cancel,
        )
        .await?)
}

#[tauri::command]
pub fn cancel_job(state: State<'_, DeskState>) -> bool {
    state.cancel_job()
}

#[tauri::command]
pub fn parse_import(text: String) -> ImportPlan {
    Desk::parse_import(&text)
}

/// Reads a file the user picked in the open dialog and parses it like pasted text.
#[tauri::command]
pub async fn read_import_file(path: PathBuf) -> CommandResult<ImportPlan> {
    Ok(desk_core::read_import_file(&path).await?)
}

#[tauri::command]
pub async fn import_checkouts(
    state: State<'_, DeskState>,
    scope: Scope,
    ids: Vec<CheckoutId>,
    on_progress: Channel<Progress>,
) -> CommandResult<ImportReport> {
    let cancel = state.begin_job();
    Ok(state
        .desk
        .import(&scope, ids, reporter(on_progress), cancel)
        .await?)
}

#[tauri::command]
pub async fn settle_unsettled(
    state: State<'_, DeskState>,
    scope: Scope,
) -> CommandResult<SettleReport> {
    Ok(state.desk.settle_unsettled(Some(&scope)).await?)
}
