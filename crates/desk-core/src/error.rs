//! The one error type of desk-core.
//!
//! Every variant has a stable snake_case `code()` the UI and the CLI can branch on, and a
//! Display text meant for a person. No variant ever holds an API key: keychain errors are
//! rebuilt from their category (a platform error's Debug form may carry secret bytes), and
//! the `neuropay` errors we wrap are key-free by that crate's contract.

use serde::{Deserialize, Serialize};

/// Everything that can go wrong in desk-core.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The caller's input was refused before anything was stored or sent.
    #[error("{field}: {reason}")]
    InvalidInput { field: String, reason: String },
    /// The named thing (profile, checkout, customer, journal entry) does not exist.
    #[error("{what} not found")]
    NotFound { what: String },
    /// A unique name or key is already taken.
    #[error("{what} already exists")]
    AlreadyExists { what: String },
    /// The operation would destroy data and needs an explicit confirmation flag.
    #[error("{message}")]
    ConfirmationRequired { message: String },
    /// No OS keychain can be reached (no Secret Service, no D-Bus session, ...).
    #[error("{message}")]
    KeychainUnavailable { message: String },
    /// The OS keychain exists but is locked, or access was refused.
    #[error("{message}")]
    KeychainLocked { message: String },
    /// The keychain answered with an unexpected failure.
    #[error("{message}")]
    Keychain { message: String },
    /// No API key is stored for a profile's mode.
    #[error("no API key stored for {profile} ({mode} mode): add one in the profile settings")]
    KeyMissing { profile: String, mode: String },
    /// A profile guard rail (live read-only, live refund cap) refused the operation.
    #[error("{message}")]
    GuardRail { message: String },
    /// The object's status does not allow the write (capture of a paid checkout, refund of
    /// a reserve, ...). Nothing was sent.
    #[error("{message}")]
    WrongStatus { message: String },
    /// A write found no connection on any attempt: it never reached the server.
    #[error("cannot reach the API, nothing was sent (so nothing changed): {detail}")]
    Offline { detail: String },
    /// Another write on the same object is still pending or of unknown outcome.
    #[error("another operation on {target} is still in progress or awaiting confirmation")]
    WriteInFlight { target: String },
    /// The embedded simulator could not be started.
    #[error("the embedded sandbox could not start: {message}")]
    Sandbox { message: String },
    /// The local database failed or holds something we cannot read.
    #[error("local storage error: {message}")]
    Storage { message: String },
    /// Writing an export (or another local file) failed.
    #[error("could not write the file: {message}")]
    Io { message: String },
    /// The Neuro-Pay client refused or failed; its own code is passed through.
    #[error(transparent)]
    Api(#[from] neuropay::Error),
}

impl Error {
    /// Stable machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            Error::InvalidInput { .. } => "invalid_input",
            Error::NotFound { .. } => "not_found",
            Error::AlreadyExists { .. } => "already_exists",
            Error::ConfirmationRequired { .. } => "confirmation_required",
            Error::KeychainUnavailable { .. } => "keychain_unavailable",
            Error::KeychainLocked { .. } => "keychain_locked",
            Error::Keychain { .. } => "keychain_error",
            Error::KeyMissing { .. } => "key_missing",
            Error::GuardRail { .. } => "guard_rail",
            Error::WrongStatus { .. } => "wrong_status",
            Error::Offline { .. } => "offline",
            Error::WriteInFlight { .. } => "write_in_flight",
            Error::Sandbox { .. } => "sandbox",
            Error::Storage { .. } => "storage",
            Error::Io { .. } => "io",
            Error::Api(e) => e.code(),
        }
    }

    /// The input field at fault, when the error is about one (forms highlight it).
    pub fn field(&self) -> Option<&str> {
        match self {
            Error::InvalidInput { field, .. } => Some(field),
            Error::Api(neuropay::Error::InvalidInput { field, .. }) => Some(field),
            _ => None,
        }
    }

    /// The text shown to a person (same as Display).
    pub fn message(&self) -> String {
        self.to_string()
    }

    pub(crate) fn invalid(field: impl Into<String>, reason: impl Into<String>) -> Self {
        Error::InvalidInput {
            field: field.into(),
            reason: reason.into(),
        }
    }

    pub(crate) fn not_found(what: impl Into<String>) -> Self {
        Error::NotFound { what: what.into() }
    }

    pub(crate) fn storage(message: impl Into<String>) -> Self {
        Error::Storage {
            message: message.into(),
        }
    }
}

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Self {
        // SQLite messages name tables and constraints, never bound values, so they are safe
        // to show and useful in a bug report.
        Error::storage(e.to_string())
    }
}

impl From<serde_json::Error> for Error {
    fn from(e: serde_json::Error) -> Self {
        Error::storage(format!("unreadable JSON in the cache: {e}"))
    }
}

impl From<csv::Error> for Error {
    fn from(e: csv::Error) -> Self {
        Error::Io {
            message: e.to_string(),
        }
    }
}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Self {
        Error::Io {
            message: e.to_string(),
        }
    }
}

/// What the UI receives for a failed command.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct ErrorDto {
    pub code: String,
    pub message: String,
    /// The form field at fault, for `invalid_input`.
    pub field: Option<String>,
}

impl From<&Error> for ErrorDto {
    fn from(e: &Error) -> Self {
        ErrorDto {
            code: e.code().to_owned(),
            message: e.message(),
            field: e.field().map(str::to_owned),
        }
    }
}

impl From<Error> for ErrorDto {
    fn from(e: Error) -> Self {
        ErrorDto::from(&e)
    }
}

/// Result alias used across the crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;
