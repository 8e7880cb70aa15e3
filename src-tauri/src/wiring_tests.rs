//! The Tauri wiring on the mock runtime with the real config and capabilities: commands
//! answer in the main window, and a window the capability does not name is refused.

use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{get_ipc_response, mock_builder, INVOKE_KEY};
use tauri::webview::InvokeRequest;
use tauri::{App, WebviewWindowBuilder};

fn app() -> App<tauri::test::MockRuntime> {
    crate::run_app(mock_builder())
        .build(tauri::generate_context!())
        .expect("app builds on the mock runtime")
}

pub(crate) fn request(cmd: &str, body: serde_json::Value) -> InvokeRequest {
    InvokeRequest {
        cmd: cmd.into(),
        callback: CallbackFn(0),
        error: CallbackFn(1),
        url: "tauri://localhost".parse().expect("static url"),
        body: InvokeBody::Json(body),
        headers: Default::default(),
        invoke_key: INVOKE_KEY.to_string(),
    }
}

#[test]
fn main_window_may_call_app_info() {
    let app = app();
    let window = WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .expect("main window");
    let reply = get_ipc_response(&window, request("app_info", serde_json::json!({})))
        .expect("app_info is granted to the main window");
    let info: serde_json::Value = reply.deserialize().expect("json reply");
    assert_eq!(info["version"], env!("CARGO_PKG_VERSION"));
    assert!(info["dataDir"].as_str().is_some_and(|d| !d.is_empty()));
}

#[test]
fn other_windows_are_not_granted_our_commands() {
    let app = app();
    let window = WebviewWindowBuilder::new(&app, "intruder", Default::default())
        .build()
        .expect("second window");
    let err = get_ipc_response(&window, request("app_info", serde_json::json!({})))
        .expect_err("a window outside the capability must be refused");
    assert!(
        err.to_string().contains("not allowed"),
        "unexpected refusal text: {err}"
    );
}
