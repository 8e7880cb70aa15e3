//! Which partition an operation works on, and who asked for it.
//!
//! There is no "current profile" inside desk-core: every operation names its
//! (profile, mode) partition, so a live refund can only come from a caller that said
//! "live" for that very call.

use serde::{Deserialize, Serialize};

use crate::mode::Mode;
use crate::profiles::ProfileId;

/// One cache partition and the key that goes with it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Scope {
    pub profile: ProfileId,
    pub mode: Mode,
}

impl Scope {
    pub fn new(profile: ProfileId, mode: Mode) -> Self {
        Scope { profile, mode }
    }
}

impl std::fmt::Display for Scope {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} ({} mode)", self.profile, self.mode)
    }
}

/// Who acted: recorded in the audit log and on the checkout's timeline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub enum Actor {
    Ui,
    Cli,
}

impl Actor {
    pub fn as_str(self) -> &'static str {
        match self {
            Actor::Ui => "ui",
            Actor::Cli => "cli",
        }
    }
}

/// Everything a write needs besides its request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct WriteCtx {
    pub scope: Scope,
    pub actor: Actor,
    /// The person confirmed this live-mode write. A live write without it is refused
    /// with `confirmation_required` before anything is stored or sent.
    #[serde(default)]
    pub live_confirmed: bool,
}

impl WriteCtx {
    /// An unconfirmed context: enough for test mode.
    pub fn new(scope: Scope, actor: Actor) -> Self {
        WriteCtx {
            scope,
            actor,
            live_confirmed: false,
        }
    }

    /// The same context with the live-mode confirmation given.
    pub fn confirmed(mut self) -> Self {
        self.live_confirmed = true;
        self
    }
}
