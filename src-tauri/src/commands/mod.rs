//! Commands the UI may invoke. Each one is listed in `build.rs` (which generates its
//! permission) and granted in `capabilities/main-window.json`.

mod app;

pub fn handler<R: tauri::Runtime>() -> impl Fn(tauri::ipc::Invoke<R>) -> bool + Send + Sync + 'static
{
    tauri::generate_handler![app::app_info]
}
