// Every command the UI may call is declared here; Tauri generates an `allow-<name>`
// permission for each, and capabilities/main.json grants them to the main window only.
const COMMANDS: &[&str] = &["app_info"];

fn main() {
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .expect("tauri build script failed");
}
