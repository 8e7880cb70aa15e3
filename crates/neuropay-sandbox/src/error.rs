//! The crate's single error type.

use std::net::SocketAddr;
use std::path::PathBuf;

/// Everything the simulator's library API can fail with.
#[derive(Debug, thiserror::Error)]
pub enum SandboxError {
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        addr: SocketAddr,
        #[source]
        source: std::io::Error,
    },
    #[error(
        "refusing to listen on non-loopback address {0}: the simulator has no real security; \
         allow it explicitly (--allow-remote / SandboxConfig.allow_remote)"
    )]
    NonLoopback(SocketAddr),
    #[error("invalid configuration: {0}")]
    Config(String),
    #[error("state file {path}: {reason}")]
    StateFile { path: PathBuf, reason: String },
    /// The API key is unknown to the simulator (the key itself is never echoed).
    #[error("unknown API key")]
    Unauthorized,
    /// No such object in the key's world (unknown id or another company's object).
    #[error("{0}")]
    NotFound(String),
    /// The state machine refused the transition; the message says why.
    #[error("{0}")]
    Refused(String),
}

impl SandboxError {
    /// A stable machine-readable code, for UIs and logs.
    pub fn code(&self) -> &'static str {
        match self {
            SandboxError::Bind { .. } => "bind",
            SandboxError::NonLoopback(_) => "non_loopback",
            SandboxError::Config(_) => "config",
            SandboxError::StateFile { .. } => "state_file",
            SandboxError::Unauthorized => "unauthorized",
            SandboxError::NotFound(_) => "not_found",
            SandboxError::Refused(_) => "refused",
        }
    }
}
