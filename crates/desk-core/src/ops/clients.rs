//! Building the API client for exactly one (profile, mode): the profile's base URL and
//! that mode's key from the keychain. A live call can therefore only carry the live key.

use neuropay::{ApiKey, Client, RetryPolicy};

use super::scope::Scope;
use crate::desk::Desk;
use crate::error::Result;

/// Replacements for what the profile and the keychain say, for the CLI's
/// `NEUROPAY_API_KEY` / `NEUROPAY_BASE_URL` (and for tests: a fast retry policy).
/// `Debug` shows only the key's masked form.
#[derive(Debug, Clone, Default)]
pub struct ClientOverrides {
    pub api_key: Option<ApiKey>,
    pub base_url: Option<String>,
    pub retry: Option<RetryPolicy>,
}

impl Desk {
    /// This desk with client overrides; every client it builds uses them.
    pub fn with_overrides(mut self, o: ClientOverrides) -> Self {
        self.overrides = std::sync::Arc::new(o);
        self
    }

    /// A client for the scope: base URL from the profile (or the override), key from the
    /// keychain entry of exactly this profile and mode (or the override).
    pub async fn client(&self, scope: &Scope) -> Result<Client> {
        let id = scope.profile.clone();
        let profile = self.db(move |s| s.get_profile(&id)).await?;
        let key = match &self.overrides.api_key {
            Some(k) => k.clone(),
            None => self.vault.get_key(&scope.profile, scope.mode).await?,
        };
        let base = self.overrides.base_url.clone().unwrap_or(profile.base_url);
        let mut builder = Client::builder(&base, key);
        if let Some(retry) = &self.overrides.retry {
            builder = builder.retry(retry.clone());
        }
        Ok(builder.build()?)
    }
}
