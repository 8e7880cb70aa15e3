use desk_core::{CustomerForm, CustomerQuery, CustomerRow, Scope};
use neuropay::CustomerId;
use tauri::State;

use super::write_ctx;
use crate::error::CommandResult;
use crate::state::DeskState;

#[tauri::command]
pub async fn list_customers(
    state: State<'_, DeskState>,
    query: CustomerQuery,
) -> CommandResult<Vec<CustomerRow>> {
    Ok(state.desk.db(move |s| s.list_customers(&query)).await?)
}

/// From the cache only, so it works offline.
#[tauri::command]
pub async fn get_customer(
    state: State<'_, DeskState>,
    scope: Scope,
    id: String,
) -> CommandResult<CustomerRow> {
    Ok(state
        .desk
        .db(move |s| s.get_customer(&scope.profile, scope.mode, &id))
        .await?)
}

#[tauri::command]
pub async fn refresh_customer(
    state: State<'_, DeskState>,
    scope: Scope,
    id: CustomerId,
) -> CommandResult<CustomerRow> {
    Ok(state.desk.refresh_customer(&scope, &id).await?)
}

#[tauri::command]
pub async fn create_customer(
    state: State<'_, DeskState>,
    scope: Scope,
    live_confirmed: bool,
    form: CustomerForm,
) -> CommandResult<CustomerRow> {
    let req = form.to_request()?;
    Ok(state
        .desk
        .create_customer(&write_ctx(scope, live_confirmed), req)
        .await?)
}

#[tauri::command]
pub async fn delete_customer(
    state: State<'_, DeskState>,
    scope: Scope,
    live_confirmed: bool,
    id: CustomerId,
) -> CommandResult<()> {
    Ok(state
        .desk
        .delete_customer(&write_ctx(scope, live_confirmed), &id)
        .await?)
}
