//! Commands the UI may invoke: each a few lines over desk-core. Every command is listed in
//! `build.rs` (which generates its permission) and granted in
//! `capabilities/main-window.json`; `command_list_tests` keeps the three in step.

mod app;
mod audit;
mod checkouts;
mod customers;
mod keys;
mod overview;
mod profiles;
mod sync;

pub fn handler<R: tauri::Runtime>() -> impl Fn(tauri::ipc::Invoke<R>) -> bool + Send + Sync + 'static
{
    tauri::generate_handler![
        app::app_info,
        app::start_desk,
        app::currencies,
        profiles::list_profiles,
        profiles::create_profile,
        profiles::rename_profile,
        profiles::recolor_profile,
        profiles::set_profile_base_url,
        profiles::set_guard_rails,
        profiles::delete_profile,
        keys::vault_status,
        keys::key_statuses,
        keys::set_key,
        keys::delete_key,
        keys::test_connection,
        checkouts::list_checkouts,
        checkouts::checkout_page,
        checkouts::checkout_totals,
        checkouts::count_checkouts,
        checkouts::get_checkout,
        checkouts::refresh_checkout,
        checkouts::create_checkout,
        checkouts::capture_checkout,
        checkouts::release_checkout,
        checkouts::refund_checkout,
        checkouts::update_metadata,
        checkouts::delete_checkout,
        sync::sync_open,
        sync::cancel_job,
        sync::parse_import,
        sync::read_import_file,
        sync::import_checkouts,
        sync::settle_unsettled,
        customers::list_customers,
        customers::get_customer,
        customers::refresh_customer,
        customers::create_customer,
        customers::delete_customer,
        audit::list_audit,
        audit::export_audit,
        audit::export_checkouts,
        overview::overview,
        overview::reserve_radar,
        overview::bulk_plan,
        overview::bulk_run,
    ]
}

/// Every write from the UI is the UI's; the live confirmation is the dialog's answer.
fn write_ctx(scope: desk_core::Scope, live_confirmed: bool) -> desk_core::WriteCtx {
    desk_core::WriteCtx {
        scope,
        actor: desk_core::Actor::Ui,
        live_confirmed,
    }
}
