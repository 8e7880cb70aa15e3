//! Operations that span the database and the keychain.
//!
//! Both halves must agree: a key is only stored for an existing profile, and deleting a
//! profile removes its keychain entries before its rows, so a failure never leaves keys
//! behind for a profile that no longer exists.

use std::sync::Arc;

use neuropay::ApiKey;

use crate::audit::{AuditEvent, AuditRecord};
use crate::db::Store;
use crate::error::{Error, Result};
use crate::mode::Mode;
use crate::ops::clients::ClientOverrides;
use crate::ops::control::WriteActivity;
use crate::profiles::{self, ProfileId};
use crate::vault::{KeyChange, KeyStatus, MaskedKey, Vault};

/// The database and the keychain together. Cheap to clone; clones share the client
/// overrides and the record of writes in progress.
#[derive(Debug, Clone)]
pub struct Desk {
    pub(crate) store: Store,
    pub(crate) vault: Vault,
    pub(crate) overrides: Arc<ClientOverrides>,
    pub(crate) activity: Arc<WriteActivity>,
}

impl Desk {
    pub fn new(store: Store, vault: Vault) -> Self {
        Desk {
            store,
            vault,
            overrides: Arc::new(ClientOverrides::default()),
            activity: Arc::new(WriteActivity::default()),
        }
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    pub fn vault(&self) -> &Vault {
        &self.vault
    }

    /// Runs a database call on the blocking pool.
    pub async fn db<T: Send + 'static>(
        &self,
        f: impl FnOnce(&Store) -> Result<T> + Send + 'static,
    ) -> Result<T> {
        let store = self.store.clone();
        tokio::task::spawn_blocking(move || f(&store))
            .await
            .map_err(|e| Error::storage(format!("database task did not complete ({e})")))?
    }

    /// Stores (or replaces) the API key of a profile's mode; audited with the masked key
    /// only. The UI sends a key here once and gets back only its masked form.
    pub async fn set_key(&self, profile: &ProfileId, mode: Mode, key: ApiKey) -> Result<KeyStatus> {
        let id = profile.clone();
        self.db(move |s| s.get_profile(&id)).await?;
        let masked = MaskedKey::of(&key);
        let result = self.vault.set_key(profile, mode, &key).await;
        let (record, status) = match &result {
            Ok(change) => (
                AuditRecord::success(AuditEvent::KeySet {
                    masked: masked.clone(),
                    replaced: *change == KeyChange::Replaced,
                }),
                Some(KeyStatus {
                    mode,
                    present: true,
                    masked: Some(masked.as_str().to_owned()),
                }),
            ),
            Err(e) => (
                AuditRecord::failure(
                    AuditEvent::KeySet {
                        masked: masked.clone(),
                        replaced: false,
                    },
                    e,
                ),
                None,
            ),
        };
        self.audit(record.profile(profile).mode(mode)).await?;
        result?;
        status.ok_or_else(|| Error::storage("key status missing after a successful set"))
    }

    /// Removes the API key of a profile's mode; returns whether there was one.
    pub async fn delete_key(&self, profile: &ProfileId, mode: Mode) -> Result<bool> {
        let id = profile.clone();
        self.db(move |s| s.get_profile(&id)).await?;
        let result = self.vault.delete_key(profile, mode).await;
        let record = match &result {
            Ok(existed) => AuditRecord::success(AuditEvent::KeyDeleted { existed: *existed }),
            Err(e) => AuditRecord::failure(AuditEvent::KeyDeleted { existed: false }, e),
        };
        self.audit(record.profile(profile).mode(mode)).await?;
        result
    }

    /// Key status of both modes, test first.
    pub async fn key_statuses(&self, profile: &ProfileId) -> Result<Vec<KeyStatus>> {
        let id = profile.clone();
        self.db(move |s| s.get_profile(&id)).await?;
        let mut out = Vec::with_capacity(2);
        for mode in Mode::ALL {
            out.push(self.vault.key_status(profile, mode).await?);
        }
        Ok(out)
    }

    /// Deletes a profile: its keychain entries (both modes), then its row and, only with
    /// `purge_cache`, its cached data. Without `purge_cache`, a profile that has cached
    /// data is refused with `confirmation_required` before anything is touched.
    pub async fn delete_profile(&self, profile: &ProfileId, purge_cache: bool) -> Result<()> {
        let id = profile.clone();
        let (name, has_data) = self
            .db(move |s| {
                let p = s.get_profile(&id)?;
                Ok((p.name, s.profile_has_cached_data(&id)?))
            })
            .await?;
        if has_data && !purge_cache {
            return Err(profiles::confirmation_required(&name));
        }
        for mode in Mode::ALL {
            if let Err(e) = self.vault.delete_key(profile, mode).await {
                let event = AuditEvent::ProfileDeleted {
                    name: name.clone(),
                    purged_cache: purge_cache,
                };
                self.audit(AuditRecord::failure(event, &e).profile(profile))
                    .await?;
                return Err(e);
            }
        }
        let id = profile.clone();
        self.db(move |s| s.delete_profile_rows(&id, purge_cache))
            .await
    }

    pub(crate) async fn audit(&self, record: AuditRecord) -> Result<()> {
        self.db(move |s| s.append_audit(&record).map(|_| ())).await
    }
}
