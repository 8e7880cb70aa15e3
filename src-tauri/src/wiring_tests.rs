//! The Tauri wiring on the mock runtime with the real config and capabilities: commands
//! answer in the main window, every declared command is registered and granted, and a
//! window the capability does not name is refused.

use desk_core::{Desk, Store, Vault};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{get_ipc_response, mock_builder, MockRuntime, INVOKE_KEY};
use tauri::webview::InvokeRequest;
use tauri::{App, Manager, WebviewWindow, WebviewWindowBuilder};

use crate::command_names::COMMANDS;
use crate::DeskState;

fn app(data: &tempfile::TempDir) -> App<MockRuntime> {
    let store = Store::open(data.path().join("desk.sqlite3")).expect("temp store");
    let app = crate::run_app(mock_builder())
        .build(tauri::generate_context!())
        .expect("app builds on the mock runtime");
    app.manage(DeskState::new(Desk::new(store, Vault::mock())));
    app
}

fn window(app: &App<MockRuntime>, label: &str) -> WebviewWindow<MockRuntime> {
    WebviewWindowBuilder::new(app, label, Default::default())
        .build()
        .expect("window")
}

fn request(cmd: &str, body: serde_json::Value) -> InvokeRequest {
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
    let data = tempfile::tempdir().expect("tmp");
    let app = app(&data);
    let reply = get_ipc_response(
        &window(&app, "main"),
        request("app_info", serde_json::json!({})),
    )
    .expect("app_info is granted to the main window");
    let info: serde_json::Value = reply.deserialize().expect("json reply");
    assert_eq!(info["version"], env!("CARGO_PKG_VERSION"));
    assert!(info["dataDir"].as_str().is_some_and(|d| !d.is_empty()));
}

#[test]
fn every_declared_command_is_registered_and_granted() {
    let data = tempfile::tempdir().expect("tmp");
    let app = app(&data);
    let main = window(&app, "main");
    for cmd in COMMANDS {
        // Empty arguments: a registered, granted command answers or complains about its
        // arguments; an unregistered or ungranted one says so instead.
        let outcome = get_ipc_response(&main, request(cmd, serde_json::json!({})));
        if let Err(err) = outcome {
            let text = err.to_string();
            assert!(
                !text.contains("not allowed") && !text.contains("not found"),
                "{cmd}: {text}"
            );
        }
    }
}

#[test]
fn the_capability_grants_exactly_our_commands_and_the_listed_core_features() {
    let caps: serde_json::Value =
        serde_json::from_str(include_str!("../capabilities/main-window.json")).expect("json");
    assert_eq!(caps["windows"], serde_json::json!(["main"]));
    let permissions = caps["permissions"].as_array().expect("permissions");
    // A permission is a name, or an object with a name and a scope.
    let granted: Vec<&str> = permissions
        .iter()
        .filter_map(|p| p.as_str().or_else(|| p["identifier"].as_str()))
        .collect();
    let ours: Vec<String> = COMMANDS
        .iter()
        .map(|c| format!("allow-{}", c.replace('_', "-")))
        .collect();
    for p in &ours {
        assert!(
            granted.contains(&p.as_str()),
            "{p} is declared but not granted"
        );
    }
    let outside: Vec<&&str> = granted
        .iter()
        .filter(|p| !ours.iter().any(|o| o == *p))
        .collect();
    // The only non-command permissions, each one used by the UI; widening this list is a
    // security review, not a drive-by change.
    assert_eq!(
        outside,
        [
            &"core:app:allow-version",
            &"core:event:allow-listen",
            &"core:event:allow-unlisten",
            &"opener:allow-open-url",
            &"dialog:allow-save",
            &"dialog:allow-open",
            &"notification:allow-is-permission-granted",
            &"notification:allow-request-permission",
            &"notification:allow-notify",
        ]
    );
    // The opener may only open web pages (the API's hosted pages, or the local simulator's),
    // never files or custom schemes.
    let opener = permissions
        .iter()
        .find(|p| p["identifier"] == "opener:allow-open-url")
        .expect("opener permission is scoped");
    assert_eq!(
        opener["allow"],
        serde_json::json!([
            {"url": "https://*"},
            {"url": "http://127.0.0.1:*"},
            {"url": "http://localhost:*"}
        ])
    );
}

#[test]
fn other_windows_are_not_granted_our_commands() {
    let data = tempfile::tempdir().expect("tmp");
    let app = app(&data);
    let err = get_ipc_response(
        &window(&app, "intruder"),
        request("app_info", serde_json::json!({})),
    )
    .expect_err("a window outside the capability must be refused");
    assert!(
        err.to_string().contains("not allowed"),
        "unexpected refusal text: {err}"
    );
}
