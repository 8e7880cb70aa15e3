//! The embedded simulator: on first run (no profile at all) the desk starts it in-process
//! on a loopback port and creates a "Sandbox" profile for it, so a new user can try every
//! feature without an account.
//!
//! Its state file lives in the data directory next to the database and holds only SHA-256
//! hashes of the keys; the keys themselves go to the keychain like any profile's. Later
//! starts restart it with the same keys (read back from the keychain) and the same state,
//! and point the profile at the new port.

use std::fmt;
use std::path::PathBuf;

use neuropay::{ApiKey, CheckoutId, CustomerId};
use neuropay_sandbox::{CompanyKeys, Sandbox, SandboxConfig};

use crate::desk::Desk;
use crate::error::{Error, Result};
use crate::mode::Mode;
use crate::ops::{no_progress, CancelToken, Scope};
use crate::profiles::{GuardRails, NewProfile, Profile, ProfileId};

/// File name of the simulator's state inside the data directory.
pub const STATE_FILE_NAME: &str = "sandbox-state.json";
/// Name of the profile created on first run.
pub const PROFILE_NAME: &str = "Sandbox";
const PROFILE_COLOR: &str = "#7c3aed";

/// The running simulator of the sandbox profile. Keep it alive as long as the app runs:
/// dropping it stops the server.
pub struct EmbeddedSandbox {
    sandbox: Sandbox,
    profile: ProfileId,
}

impl fmt::Debug for EmbeddedSandbox {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EmbeddedSandbox")
            .field("profile", &self.profile)
            .field("base_url", &self.sandbox.base_url())
            .finish()
    }
}

impl EmbeddedSandbox {
    pub fn profile_id(&self) -> &ProfileId {
        &self.profile
    }

    /// `http://127.0.0.1:PORT`.
    pub fn base_url(&self) -> String {
        self.sandbox.base_url()
    }

    /// The simulator itself (buyer outcomes, faults, ledger).
    pub fn sandbox(&self) -> &Sandbox {
        &self.sandbox
    }

    /// Stops the server and waits for its connections to close.
    pub async fn shutdown(self) {
        self.sandbox.shutdown().await;
    }
}

impl Desk {
    /// Starts the embedded simulator when it is needed:
    /// - no profile at all: start it (seeding `seed` demo checkouts), create the sandbox
    ///   profile, store its keys, and import its checkouts and customers for both modes;
    /// - a sandbox profile exists: restart it with that profile's keys and state file and
    ///   update the profile's base URL to the new port;
    /// - only other profiles: nothing to do (None).
    pub async fn ensure_sandbox_profile(&self, seed: usize) -> Result<Option<EmbeddedSandbox>> {
        let profiles = self.db(|s| s.list_profiles()).await?;
        if let Some(p) = profiles.iter().find(|p| p.is_sandbox) {
            return self.restart_sandbox(p, seed).await.map(Some);
        }
        if !profiles.is_empty() {
            return Ok(None);
        }
        self.first_sandbox(seed).await.map(Some)
    }

    fn sandbox_state_file(&self) -> PathBuf {
        let dir = self
            .store
            .path()
            .parent()
            .map(PathBuf::from)
            .unwrap_or_default();
        dir.join(STATE_FILE_NAME)
    }

    async fn first_sandbox(&self, seed: usize) -> Result<EmbeddedSandbox> {
        let sandbox = start(self.sandbox_state_file(), seed, None).await?;
        let new = NewProfile {
            name: PROFILE_NAME.to_owned(),
            color: PROFILE_COLOR.to_owned(),
            base_url: sandbox.base_url(),
            guard_rails: GuardRails::default(),
        };
        let profile = self.db(move |s| s.create_sandbox_profile(&new)).await?;
        self.store_sandbox_keys(&profile.id, sandbox.keys()).await?;
        self.import_sandbox_data(&profile.id, &sandbox).await?;
        Ok(EmbeddedSandbox {
            sandbox,
            profile: profile.id,
        })
    }

    async fn restart_sandbox(&self, profile: &Profile, seed: usize) -> Result<EmbeddedSandbox> {
        let state_file = self.sandbox_state_file();
        let had_state = state_file.exists();
        let keys = self.sandbox_keys(&profile.id).await?;
        let sandbox = start(state_file, seed, keys.clone()).await?;
        if keys.is_none() {
            // The keychain lost them (or a first start stopped before storing them): the
            // simulator took fresh ones for the same data; remember those.
            self.store_sandbox_keys(&profile.id, sandbox.keys()).await?;
        }
        if profile.base_url != sandbox.base_url() {
            let (id, url) = (profile.id.clone(), sandbox.base_url());
            self.db(move |s| s.set_profile_base_url(&id, &url)).await?;
        }
        if !had_state || keys.is_none() {
            // A freshly seeded world (the cache describes the old one), or a first start
            // that stopped before its import: fetch everything (upserts, so harmless).
            self.import_sandbox_data(&profile.id, &sandbox).await?;
        }
        Ok(EmbeddedSandbox {
            sandbox,
            profile: profile.id.clone(),
        })
    }

    /// Both keys from the keychain; None when either is missing.
    async fn sandbox_keys(&self, profile: &ProfileId) -> Result<Option<CompanyKeys>> {
        let mut keys = Vec::with_capacity(2);
        for mode in Mode::ALL {
            match self.vault.get_key(profile, mode).await {
                Ok(k) => keys.push(k.expose_secret().to_owned()),
                Err(Error::KeyMissing { .. }) => return Ok(None),
                Err(e) => return Err(e),
            }
        }
        let live = keys.pop().unwrap_or_default();
        let test = keys.pop().unwrap_or_default();
        Ok(Some(CompanyKeys { test, live }))
    }

    async fn store_sandbox_keys(&self, profile: &ProfileId, keys: &CompanyKeys) -> Result<()> {
        for (mode, key) in [(Mode::Test, &keys.test), (Mode::Live, &keys.live)] {
            self.set_key(profile, mode, ApiKey::new(key.as_str())?)
                .await?;
        }
        Ok(())
    }

    /// Imports every checkout and customer the simulator has, in both modes.
    async fn import_sandbox_data(&self, profile: &ProfileId, sandbox: &Sandbox) -> Result<()> {
        for mode in Mode::ALL {
            let scope = Scope::new(profile.clone(), mode);
            let key = sandbox.keys().for_mode(sandbox_mode(mode));
            let ids = sandbox
                .checkout_ids(key)
                .into_iter()
                .map(CheckoutId::new)
                .collect::<std::result::Result<Vec<_>, _>>()?;
            let report = self
                .import(&scope, ids, no_progress(), CancelToken::new())
                .await?;
            if let Some((id, code, message)) = report.failed.first() {
                return Err(Error::Sandbox {
                    message: format!("importing its checkout {id} failed ({code}): {message}"),
                });
            }
            let client = self.client(&scope).await?;
            for id in sandbox.customer_ids(key) {
                self.refresh_customer_with(&client, &scope, &CustomerId::new(id)?)
                    .await?;
            }
        }
        Ok(())
    }
}

fn sandbox_mode(mode: Mode) -> neuropay_sandbox::Mode {
    match mode {
        Mode::Test => neuropay_sandbox::Mode::Test,
        Mode::Live => neuropay_sandbox::Mode::Live,
    }
}

async fn start(state_file: PathBuf, seed: usize, company: Option<CompanyKeys>) -> Result<Sandbox> {
    let config = SandboxConfig {
        seed: Some(seed),
        state_file: Some(state_file),
        company,
        ..SandboxConfig::default()
    };
    neuropay_sandbox::start(config)
        .await
        .map_err(|e| Error::Sandbox {
            message: e.to_string(),
        })
}
