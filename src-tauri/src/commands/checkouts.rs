use desk_core::{
    CheckoutDetail, CheckoutForm, CheckoutPage, CheckoutRow, ListPage, ListQuery, MetadataChange,
    RefundForm, Scope, Totals,
};
use neuropay::CheckoutId;
use tauri::State;

use super::write_ctx;
use crate::error::CommandResult;
use crate::state::DeskState;

#[tauri::command]
pub async fn list_checkouts(
    state: State<'_, DeskState>,
    query: ListQuery,
) -> CommandResult<ListPage> {
    Ok(state.desk.db(move |s| s.list_checkouts(&query)).await?)
}

/// Only the rows: what the list shows first and what scrolling fetches.
#[tauri::command]
pub async fn checkout_page(
    state: State<'_, DeskState>,
    query: ListQuery,
) -> CommandResult<CheckoutPage> {
    Ok(state.desk.db(move |s| s.checkout_page(&query)).await?)
}

/// Only the totals: the list asks for them beside its first page, so a broad search
/// shows rows before it has added up a third of the cache.
#[tauri::command]
pub async fn checkout_totals(
    state: State<'_, DeskState>,
    query: ListQuery,
) -> CommandResult<Totals> {
    Ok(state.desk.db(move |s| s.checkout_totals(&query)).await?)
}

/// Only how many rows match (no sums).
#[tauri::command]
pub async fn count_checkouts(state: State<'_, DeskState>, query: ListQuery) -> CommandResult<i64> {
    Ok(state.desk.db(move |s| s.count_checkouts(&query)).await?)
}

/// From the cache only, so it works offline.
#[tauri::command]
pub async fn get_checkout(
    state: State<'_, DeskState>,
    scope: Scope,
    id: String,
) -> CommandResult<CheckoutDetail> {
    Ok(state
        .desk
        .db(move |s| s.checkout_detail(&scope.profile, scope.mode, &id))
        .await?)
}

#[tauri::command]
pub async fn refresh_checkout(
    state: State<'_, DeskState>,
    scope: Scope,
    id: CheckoutId,
) -> CommandResult<CheckoutRow> {
    Ok(state.desk.refresh_checkout(&scope, &id).await?)
}

#[tauri::command]
pub async fn create_checkout(
    state: State<'_, DeskState>,
    scope: Scope,
    live_confirmed: bool,
    form: CheckoutForm,
) -> CommandResult<CheckoutRow> {
    let req = form.to_request()?;
    Ok(state
        .desk
        .create_checkout(&write_ctx(scope, live_confirmed), req)
        .await?)
}

#[tauri::command]
pub async fn capture_checkout(
    state: State<'_, DeskState>,
    scope: Scope,
    live_confirmed: bool,
    id: CheckoutId,
) -> CommandResult<CheckoutRow> {
    Ok(state
        .desk
        .capture(&write_ctx(scope, live_confirmed), &id)
        .await?)
}

#[tauri::command]
pub async fn release_checkout(
    state: State<'_, DeskState>,
    scope: Scope,
    live_confirmed: bool,
    id: CheckoutId,
) -> CommandResult<CheckoutRow> {
    Ok(state
        .desk
        .release(&write_ctx(scope, live_confirmed), &id)
        .await?)
}

#[tauri::command]
pub async fn refund_checkout(
    state: State<'_, DeskState>,
    scope: Scope,
    live_confirmed: bool,
    form: RefundForm,
) -> CommandResult<CheckoutRow> {
    let req = form.to_request()?;
    Ok(state
        .desk
        .refund(&write_ctx(scope, live_confirmed), req)
        .await?)
}

#[tauri::command]
pub async fn update_metadata(
    state: State<'_, DeskState>,
    scope: Scope,
    live_confirmed: bool,
    change: MetadataChange,
) -> CommandResult<CheckoutRow> {
    let req = change.to_request()?;
    Ok(state
        .desk
        .update_metadata(&write_ctx(scope, live_confirmed), req)
        .await?)
}

#[tauri::command]
pub async fn delete_checkout(
    state: State<'_, DeskState>,
    scope: Scope,
    live_confirmed: bool,
    id: CheckoutId,
) -> CommandResult<()> {
    Ok(state
        .desk
        .delete_checkout(&write_ctx(scope, live_confirmed), &id)
        .await?)
}
