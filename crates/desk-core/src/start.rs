//! What a window needs to open the desk: the profiles, the simulator it runs (if any), the
//! keychain's state, and what was settled from a previous run.

use serde::Serialize;

use crate::desk::Desk;
use crate::error::Result;
use crate::ops::SettleReport;
use crate::profiles::{Profile, ProfileId};
use crate::sandbox::EmbeddedSandbox;
use crate::vault::VaultStatus;

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct StartInfo {
    pub profiles: Vec<Profile>,
    pub sandbox: Option<SandboxInfo>,
    pub vault: VaultStatus,
    /// Writes a previous run left pending or unknown, re-checked now.
    pub settled: SettleReport,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct SandboxInfo {
    pub profile_id: ProfileId,
    pub base_url: String,
}

impl Desk {
    /// Settles every unsettled write (all profiles) and describes the desk. A settle that
    /// cannot reach the API leaves rows unsettled for the next try; it never blocks start.
    pub async fn start_info(&self, sandbox: Option<&EmbeddedSandbox>) -> Result<StartInfo> {
        let settled = self.settle_unsettled(None).await?;
        let profiles = self.db(|s| s.list_profiles()).await?;
        Ok(StartInfo {
            profiles,
            sandbox: sandbox.map(|s| SandboxInfo {
                profile_id: s.profile_id().clone(),
                base_url: s.base_url(),
            }),
            vault: self.vault().state().await,
            settled,
        })
    }
}
