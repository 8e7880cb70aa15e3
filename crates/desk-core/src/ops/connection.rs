//! "Test connection": one authenticated read that tells a good key from a rejected one
//! and from no connection at all.
//!
//! The API has no "who am I" call, so the probe retrieves a checkout id that is valid in
//! form but exists nowhere: the API checks the key first, so 401 means the key was
//! rejected and 400 ("unknown checkout") means it was accepted.

use neuropay::CheckoutId;
use serde::{Deserialize, Serialize};

use super::scope::Scope;
use crate::desk::Desk;
use crate::error::Result;

/// The id the probe asks for.
pub const PROBE_CHECKOUT_ID: &str = "00000000000000000000000000000000";

/// What "test connection" found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct ConnectionCheck {
    pub ok: bool,
    /// `ok`, `unauthorized`, `offline`, `key_missing`, `not_found`, ... (error codes).
    pub code: String,
    pub message: String,
}

impl ConnectionCheck {
    fn new(ok: bool, code: &str, message: impl Into<String>) -> Self {
        ConnectionCheck {
            ok,
            code: code.to_owned(),
            message: message.into(),
        }
    }
}

impl Desk {
    /// Checks the scope's base URL and key with one read. Only a missing profile or a
    /// broken database is an `Err`; everything about the connection is in the result.
    pub async fn test_connection(&self, scope: &Scope) -> Result<ConnectionCheck> {
        let id = scope.profile.clone();
        self.db(move |s| s.get_profile(&id)).await?;
        let client = match self.client(scope).await {
            Ok(c) => c,
            Err(e) => return Ok(ConnectionCheck::new(false, e.code(), e.message())),
        };
        let base = client.base_url().as_str().trim_end_matches('/').to_owned();
        let probe = CheckoutId::new(PROBE_CHECKOUT_ID)?;
        let accepted = format!(
            "connected to {base}: the {} key was accepted",
            scope.mode.as_str()
        );
        let check = match client.retrieve_checkout(&probe).await {
            Ok(_) => ConnectionCheck::new(true, "ok", accepted),
            Err(neuropay::Error::Rejected { status: 400, .. }) => {
                ConnectionCheck::new(true, "ok", accepted)
            }
            Err(neuropay::Error::Unauthorized { message }) => ConnectionCheck::new(
                false,
                "unauthorized",
                format!(
                    "the key was rejected (HTTP 401: {message}); check that it is the {} key \
                     of this account",
                    scope.mode.as_str()
                ),
            ),
            Err(neuropay::Error::Offline { detail }) => ConnectionCheck::new(
                false,
                "offline",
                format!("cannot reach {base}: {detail}"),
            ),
            Err(neuropay::Error::NotFound { .. }) => ConnectionCheck::new(
                false,
                "not_found",
                format!("{base} answered 404: it does not serve the Neuro-Pay API here; check the base URL"),
            ),
            Err(e) => ConnectionCheck::new(false, e.code(), e.to_string()),
        };
        Ok(check)
    }
}
