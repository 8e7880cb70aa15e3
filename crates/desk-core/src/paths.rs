//! Where desk-core keeps its files.

use std::path::PathBuf;

use crate::error::{Error, Result};

/// Environment variable that overrides the data directory (tests, portable installs).
pub const DATA_DIR_ENV: &str = "NPDESK_DATA_DIR";
/// Folder name under the OS per-user data directory.
pub const APP_DIR_NAME: &str = "neuropay-desk";
/// File name of the cache database inside the data directory.
pub const DB_FILE_NAME: &str = "desk.sqlite3";

/// The per-user data directory: `$NPDESK_DATA_DIR` when set and non-empty, otherwise
/// `dirs::data_dir()/neuropay-desk` (`~/.local/share/neuropay-desk` on Linux,
/// `~/Library/Application Support/neuropay-desk` on macOS, `%APPDATA%\neuropay-desk` on
/// Windows). The directory is not created here; `Store::open_default` does that.
pub fn data_dir() -> Result<PathBuf> {
    if let Some(dir) = std::env::var_os(DATA_DIR_ENV).filter(|v| !v.is_empty()) {
        return Ok(PathBuf::from(dir));
    }
    dirs::data_dir()
        .map(|d| d.join(APP_DIR_NAME))
        .ok_or_else(|| Error::Io {
            message: format!(
                "the OS reports no per-user data directory; set {DATA_DIR_ENV} to choose one"
            ),
        })
}

/// The cache database file inside [`data_dir`].
pub fn db_path() -> Result<PathBuf> {
    Ok(data_dir()?.join(DB_FILE_NAME))
}
