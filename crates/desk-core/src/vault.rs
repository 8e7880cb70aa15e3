//! API keys in the OS keychain, through keyring-core.
//!
//! One entry per (profile, mode): service `neuropay-desk`, user `<profile_id>/<mode>`.
//! There is deliberately no plaintext or in-memory fallback in the app: when no keychain
//! can be reached, [`Vault::native`] still returns a vault, whose state is `absent` and
//! whose operations fail with `keychain_unavailable` and a message saying what to start.
//! It reconnects on the next call, so starting the keyring daemon fixes it without a
//! restart. The in-memory mock store exists only for tests (`Vault::mock`).
//!
//! Keychain calls block (D-Bus round trips, possibly an unlock prompt), so async callers
//! use the `async fn`s, which run them on tokio's blocking pool.

use std::fmt;
use std::sync::{Arc, Mutex};

use keyring_core::{CredentialStore, Entry};
use neuropay::ApiKey;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::mode::Mode;
use crate::profiles::ProfileId;

/// Keychain service name of every entry.
pub const SERVICE: &str = "neuropay-desk";
/// User of the entry `state()` reads to see whether the keychain answers. Never written.
const PROBE_USER: &str = "state-probe";

type Connector = Box<dyn Fn() -> keyring_core::Result<Arc<CredentialStore>> + Send + Sync>;

/// The masked form of a key (`…4f2a`), the only form of a key that may be stored or shown.
/// It can only be made from an [`ApiKey`], so no raw string can pose as one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct MaskedKey(String);

impl MaskedKey {
    pub fn of(key: &ApiKey) -> Self {
        MaskedKey(key.masked())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Whether the keychain can be used right now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub enum VaultState {
    Available,
    Locked,
    Absent,
}

/// The keychain's state with a sentence telling the user what to do about it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct VaultStatus {
    pub state: VaultState,
    /// `native` or `mock`.
    pub backend: String,
    pub message: String,
}

/// Whether a key is stored for a profile's mode, and its masked form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct KeyStatus {
    pub mode: Mode,
    pub present: bool,
    /// `…4f2a` when present.
    pub masked: Option<String>,
}

/// What `set_key` did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum KeyChange {
    Added,
    Replaced,
}

/// Access to the keychain. Cheap to clone.
#[derive(Clone)]
pub struct Vault {
    inner: Arc<Inner>,
}

struct Inner {
    backend: &'static str,
    connect: Connector,
    store: Mutex<Option<Arc<CredentialStore>>>,
    /// The entry whose last access found the keychain locked. The state probe reads an
    /// entry that never exists, which a locked Secret Service answers without complaint;
    /// re-reading the entry that failed is what tells whether it is unlocked now.
    locked_entry: Mutex<Option<String>>,
}

impl fmt::Debug for Vault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Vault")
            .field("backend", &self.inner.backend)
            .finish_non_exhaustive()
    }
}

impl Vault {
    /// The OS keychain: Secret Service on Linux, the login keychain on macOS, Credential
    /// Manager on Windows. Never fails: see [`Vault::state`] for whether it works.
    ///
    /// Connecting is lazy (first call), so this never blocks an async caller.
    pub fn native() -> Vault {
        Vault::with_connector("native", Box::new(native_store))
    }

    /// keyring-core's in-memory mock store. For tests only: keys vanish with the vault.
    #[cfg(any(test, feature = "test-support"))]
    pub fn mock() -> Vault {
        Vault::with_connector(
            "mock",
            Box::new(|| {
                let store: Arc<CredentialStore> = keyring_core::mock::Store::new()?;
                Ok(store)
            }),
        )
    }

    pub(crate) fn with_connector(backend: &'static str, connect: Connector) -> Vault {
        Vault {
            inner: Arc::new(Inner {
                backend,
                connect,
                store: Mutex::new(None),
                locked_entry: Mutex::new(None),
            }),
        }
    }

    /// The keychain user of a profile's mode: `<profile_id>/<mode>`.
    pub fn entry_user(profile: &ProfileId, mode: Mode) -> String {
        format!("{profile}/{mode}")
    }

    fn store(&self) -> Result<Arc<CredentialStore>> {
        let mut slot = lock(&self.inner.store);
        if let Some(store) = slot.as_ref() {
            return Ok(store.clone());
        }
        let store = (self.inner.connect)().map_err(|e| Error::KeychainUnavailable {
            message: format!("{} ({})", absent_message(), describe(&e)),
        })?;
        *slot = Some(store.clone());
        Ok(store)
    }

    /// Forgets the connection after a platform failure (the daemon may have restarted),
    /// so the next call reconnects.
    fn reset_on_platform_failure(&self, e: &keyring_core::Error) {
        if matches!(e, keyring_core::Error::PlatformFailure(_)) {
            *lock(&self.inner.store) = None;
        }
    }

    fn entry(&self, user: &str) -> Result<Entry> {
        self.store()?
            .build(SERVICE, user, None)
            .map_err(|e| self.map_err(e))
    }

    /// Remembers (or forgets) that `user`'s entry met a locked keychain.
    fn note<T>(&self, user: &str, result: &Result<T>) {
        let mut slot = lock(&self.inner.locked_entry);
        match result {
            Err(Error::KeychainLocked { .. }) => *slot = Some(user.to_owned()),
            Ok(_) | Err(Error::KeyMissing { .. }) => *slot = None,
            Err(_) => {}
        }
    }

    fn map_err(&self, e: keyring_core::Error) -> Error {
        self.reset_on_platform_failure(&e);
        map_keyring_error(&e)
    }

    /// Probes the keychain: reads an entry that is never written (no prompt), or, after an
    /// operation found the keychain locked, that operation's entry again (which may show
    /// the unlock prompt, the way to resolve it).
    pub fn state_blocking(&self) -> VaultStatus {
        let backend = self.inner.backend.to_owned();
        let status = |state, message: String| VaultStatus {
            state,
            backend: backend.clone(),
            message,
        };
        let probe = lock(&self.inner.locked_entry)
            .clone()
            .unwrap_or_else(|| PROBE_USER.to_owned());
        let entry = match self.entry(&probe) {
            Ok(entry) => entry,
            Err(e) => return status(VaultState::Absent, e.message()),
        };
        match entry.get_password() {
            Ok(_) | Err(keyring_core::Error::NoEntry) | Err(keyring_core::Error::Ambiguous(_)) => {
                *lock(&self.inner.locked_entry) = None;
                let message = if self.inner.backend == "mock" {
                    "Keys are kept in memory (test mock store)".to_owned()
                } else {
                    available_message().to_owned()
                };
                status(VaultState::Available, message)
            }
            Err(e) => {
                let mapped = self.map_err(e);
                let state = match mapped {
                    Error::KeychainLocked { .. } => VaultState::Locked,
                    _ => VaultState::Absent,
                };
                status(state, mapped.message())
            }
        }
    }

    /// Stores (or replaces) the key of a profile's mode.
    pub fn set_key_blocking(
        &self,
        profile: &ProfileId,
        mode: Mode,
        key: &ApiKey,
    ) -> Result<KeyChange> {
        let user = Vault::entry_user(profile, mode);
        let result = self.set_key_in(&user, key);
        self.note(&user, &result);
        result
    }

    fn set_key_in(&self, user: &str, key: &ApiKey) -> Result<KeyChange> {
        let entry = self.entry(user)?;
        let change = match entry.get_password() {
            Ok(_) => KeyChange::Replaced,
            Err(keyring_core::Error::NoEntry) => KeyChange::Added,
            // Duplicates (made by another tool, or a crash between two writes) would make
            // every later read ambiguous: clear them, then write one entry.
            Err(keyring_core::Error::Ambiguous(dups)) => {
                for dup in dups {
                    dup.delete_credential().map_err(|e| self.map_err(e))?;
                }
                KeyChange::Replaced
            }
            Err(e) => return Err(self.map_err(e)),
        };
        entry
            .set_password(key.expose_secret())
            .map_err(|e| self.map_err(e))?;
        Ok(change)
    }

    /// The key itself: for building a client inside desk-core, never for the UI.
    pub(crate) fn get_key_blocking(&self, profile: &ProfileId, mode: Mode) -> Result<ApiKey> {
        let user = Vault::entry_user(profile, mode);
        let result = self.get_key_in(&user, profile, mode);
        self.note(&user, &result);
        result
    }

    fn get_key_in(&self, user: &str, profile: &ProfileId, mode: Mode) -> Result<ApiKey> {
        let entry = self.entry(user)?;
        match entry.get_password() {
            Ok(secret) => ApiKey::new(secret).map_err(|_| Error::Keychain {
                message: format!(
                    "the keychain entry for {profile} ({mode} mode) is not a valid API key; \
                     set the key again"
                ),
            }),
            Err(keyring_core::Error::NoEntry) => Err(Error::KeyMissing {
                profile: profile.to_string(),
                mode: mode.to_string(),
            }),
            Err(keyring_core::Error::Ambiguous(_)) => Err(Error::Keychain {
                message: format!(
                    "the keychain holds several entries for {profile} ({mode} mode); set the \
                     key again to keep a single one"
                ),
            }),
            Err(e) => Err(self.map_err(e)),
        }
    }

    /// Removes the key of a profile's mode; returns whether there was one.
    pub fn delete_key_blocking(&self, profile: &ProfileId, mode: Mode) -> Result<bool> {
        let user = Vault::entry_user(profile, mode);
        let result = self.delete_key_in(&user);
        self.note(&user, &result);
        result
    }

    fn delete_key_in(&self, user: &str) -> Result<bool> {
        let entry = self.entry(user)?;
        match entry.delete_credential() {
            Ok(()) => Ok(true),
            Err(keyring_core::Error::NoEntry) => Ok(false),
            Err(keyring_core::Error::Ambiguous(dups)) => {
                for dup in dups {
                    dup.delete_credential().map_err(|e| self.map_err(e))?;
                }
                Ok(true)
            }
            Err(e) => Err(self.map_err(e)),
        }
    }

    /// Whether a key is stored, with its masked form.
    pub fn key_status_blocking(&self, profile: &ProfileId, mode: Mode) -> Result<KeyStatus> {
        match self.get_key_blocking(profile, mode) {
            Ok(key) => Ok(KeyStatus {
                mode,
                present: true,
                masked: Some(key.masked()),
            }),
            Err(Error::KeyMissing { .. }) => Ok(KeyStatus {
                mode,
                present: false,
                masked: None,
            }),
            Err(e) => Err(e),
        }
    }

    /// [`Vault::state_blocking`] on the blocking pool.
    pub async fn state(&self) -> VaultStatus {
        let vault = self.clone();
        match tokio::task::spawn_blocking(move || vault.state_blocking()).await {
            Ok(status) => status,
            Err(e) => VaultStatus {
                state: VaultState::Absent,
                backend: self.inner.backend.to_owned(),
                message: join_error(e).message(),
            },
        }
    }

    /// [`Vault::set_key_blocking`] on the blocking pool.
    pub async fn set_key(
        &self,
        profile: &ProfileId,
        mode: Mode,
        key: &ApiKey,
    ) -> Result<KeyChange> {
        let (vault, profile, key) = (self.clone(), profile.clone(), key.clone());
        blocking(move || vault.set_key_blocking(&profile, mode, &key)).await
    }

    /// [`Vault::get_key_blocking`] on the blocking pool (desk-core only: builds clients).
    pub(crate) async fn get_key(&self, profile: &ProfileId, mode: Mode) -> Result<ApiKey> {
        let (vault, profile) = (self.clone(), profile.clone());
        blocking(move || vault.get_key_blocking(&profile, mode)).await
    }

    /// [`Vault::delete_key_blocking`] on the blocking pool.
    pub async fn delete_key(&self, profile: &ProfileId, mode: Mode) -> Result<bool> {
        let (vault, profile) = (self.clone(), profile.clone());
        blocking(move || vault.delete_key_blocking(&profile, mode)).await
    }

    /// [`Vault::key_status_blocking`] on the blocking pool.
    pub async fn key_status(&self, profile: &ProfileId, mode: Mode) -> Result<KeyStatus> {
        let (vault, profile) = (self.clone(), profile.clone());
        blocking(move || vault.key_status_blocking(&profile, mode)).await
    }

    /// Makes the next call on `user`'s entry fail with `err` (mock store only).
    #[cfg(test)]
    pub(crate) fn inject_mock_error(&self, user: &str, err: keyring_core::Error) {
        let entry = self.entry(user).expect("mock entry");
        let cred: &keyring_core::mock::Cred = entry.as_any().downcast_ref().expect("mock vault");
        cred.set_error(err);
    }
}

/// The probe entry's user, for tests that make the probe fail.
#[cfg(test)]
pub(crate) const TEST_PROBE_USER: &str = PROBE_USER;

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

async fn blocking<T: Send + 'static>(f: impl FnOnce() -> Result<T> + Send + 'static) -> Result<T> {
    tokio::task::spawn_blocking(f).await.map_err(join_error)?
}

fn join_error(e: tokio::task::JoinError) -> Error {
    Error::Keychain {
        message: format!("the keychain call did not complete ({e})"),
    }
}

/// Rebuilds a keyring error as ours. Only the variants whose Display we know to be free
/// of secret bytes are described; `BadEncoding`/`BadDataFormat` carry the raw secret in
/// their payload and are reported without it.
pub(crate) fn map_keyring_error(e: &keyring_core::Error) -> Error {
    use keyring_core::Error as K;
    match e {
        K::NoStorageAccess(_) => Error::KeychainLocked {
            message: format!("{} ({})", locked_message(), describe(e)),
        },
        K::NoDefaultStore => Error::KeychainUnavailable {
            message: absent_message().to_owned(),
        },
        K::BadEncoding(_) | K::BadDataFormat(..) => Error::Keychain {
            message: "the stored key is unreadable; set it again".to_owned(),
        },
        _ => Error::Keychain {
            message: format!("the keychain failed: {}", describe(e)),
        },
    }
}

fn describe(e: &keyring_core::Error) -> String {
    use keyring_core::Error as K;
    match e {
        K::PlatformFailure(inner) | K::NoStorageAccess(inner) => inner.to_string(),
        K::NoEntry => "no entry".to_owned(),
        K::BadEncoding(_) | K::BadDataFormat(..) => "unreadable secret".to_owned(),
        K::BadStoreFormat(s) | K::NotSupportedByStore(s) => s.clone(),
        K::TooLong(name, limit) => format!("{name} longer than {limit}"),
        K::Invalid(name, reason) => format!("{name}: {reason}"),
        K::Ambiguous(items) => format!("{} matching entries", items.len()),
        K::NoDefaultStore => "no store".to_owned(),
        _ => "unexpected keychain error".to_owned(),
    }
}

#[cfg(target_os = "linux")]
fn native_store() -> keyring_core::Result<Arc<CredentialStore>> {
    let store: Arc<CredentialStore> = dbus_secret_service_keyring_store::Store::new()?;
    Ok(store)
}

#[cfg(target_os = "macos")]
fn native_store() -> keyring_core::Result<Arc<CredentialStore>> {
    let store: Arc<CredentialStore> = apple_native_keyring_store::keychain::Store::new()?;
    Ok(store)
}

#[cfg(target_os = "windows")]
fn native_store() -> keyring_core::Result<Arc<CredentialStore>> {
    let store: Arc<CredentialStore> = windows_native_keyring_store::Store::new()?;
    Ok(store)
}

#[cfg(not(any(target_os = "linux", target_os = "macos", target_os = "windows")))]
fn native_store() -> keyring_core::Result<Arc<CredentialStore>> {
    Err(keyring_core::Error::NotSupportedByStore(
        "no supported keychain on this operating system".to_owned(),
    ))
}

fn absent_message() -> &'static str {
    if cfg!(target_os = "linux") {
        "The Secret Service is not running: start gnome-keyring or KeePassXC's Secret Service \
         integration (it needs a D-Bus session), then retry"
    } else if cfg!(target_os = "macos") {
        "The macOS keychain cannot be reached: check Keychain Access, then retry"
    } else if cfg!(target_os = "windows") {
        "The Windows Credential Manager cannot be reached: check that you are logged in to a \
         full user session, then retry"
    } else {
        "No supported OS keychain on this system: API keys cannot be stored"
    }
}

fn locked_message() -> &'static str {
    if cfg!(target_os = "linux") {
        "The keyring is locked: unlock it (Passwords and Keys / Seahorse, or KeePassXC), then \
         retry"
    } else if cfg!(target_os = "macos") {
        "The keychain is locked: unlock it in Keychain Access, then retry"
    } else {
        "The credential store refused access: unlock it, then retry"
    }
}

fn available_message() -> &'static str {
    if cfg!(target_os = "linux") {
        "Keys are stored in the Secret Service keyring"
    } else if cfg!(target_os = "macos") {
        "Keys are stored in the macOS login keychain"
    } else if cfg!(target_os = "windows") {
        "Keys are stored in the Windows Credential Manager"
    } else {
        "Keys are stored in the OS keychain"
    }
}
