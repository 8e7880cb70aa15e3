//! What the desk reports about itself: version, where data lives, which keychain it uses.

use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct AppInfo {
    pub version: String,
    pub data_dir: String,
    pub platform: String,
    pub keychain_backend: String,
}

/// The OS keychain this build talks to; there is no plaintext fallback.
pub const fn keychain_backend() -> &'static str {
    if cfg!(target_os = "macos") {
        "macOS Keychain"
    } else if cfg!(target_os = "windows") {
        "Windows Credential Manager"
    } else {
        "Secret Service (D-Bus)"
    }
}

pub fn app_info() -> Result<AppInfo, crate::Error> {
    Ok(AppInfo {
        version: env!("CARGO_PKG_VERSION").to_string(),
        data_dir: crate::paths::data_dir()?.display().to_string(),
        platform: std::env::consts::OS.to_string(),
        keychain_backend: keychain_backend().to_string(),
    })
}
