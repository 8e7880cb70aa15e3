//! What the app keeps between commands: the desk, the embedded simulator it may run,
//! and the cancel handle of the sync or import in progress.

use std::sync::Mutex;

use desk_core::{CancelToken, Desk, EmbeddedSandbox};

#[derive(Debug)]
pub struct DeskState {
    pub desk: Desk,
    /// Kept alive for the app's lifetime once first run (or a sandbox profile) starts it.
    pub sandbox: tokio::sync::Mutex<Option<EmbeddedSandbox>>,
    running_job: Mutex<Option<CancelToken>>,
}

impl DeskState {
    pub fn new(desk: Desk) -> Self {
        DeskState {
            desk,
            sandbox: tokio::sync::Mutex::new(None),
            running_job: Mutex::new(None),
        }
    }

    /// Registers a new sync/import; one runs at a time so "Cancel" has one meaning.
    pub fn begin_job(&self) -> CancelToken {
        let token = CancelToken::default();
        let mut slot = self.running_job.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(previous) = slot.replace(token.clone()) {
            previous.cancel();
        }
        token
    }

    pub fn cancel_job(&self) -> bool {
        let slot = self.running_job.lock().unwrap_or_else(|p| p.into_inner());
        slot.as_ref().map(|t| t.cancel()).is_some()
    }
}
