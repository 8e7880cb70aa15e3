//! Secrets and per-operation keys.
//!
//! `ApiKey` has no `Serialize`, and its `Debug`/`Display` show only the last four characters,
//! so the key can reach a log, an error or a file only through an explicit `expose_secret`.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::Error;

/// Longest API key we accept.
pub const MAX_API_KEY_LEN: usize = 512;
/// Longest idempotency key we accept (Stripe's limit; plenty for a uuid).
pub const MAX_IDEMPOTENCY_KEY_LEN: usize = 255;

/// A company's secret API key (test or live).
#[derive(Clone, PartialEq, Eq)]
pub struct ApiKey(String);

impl ApiKey {
    /// Trims surrounding whitespace (a pasted key often has a newline); refuses an empty key,
    /// inner whitespace, control or non-ASCII characters (they cannot go into a header) and
    /// keys longer than 512 characters. The error never contains the key.
    pub fn new(s: impl Into<String>) -> Result<Self, Error> {
        let s = s.into();
        let t = s.trim();
        if t.is_empty() {
            return Err(Error::invalid("api_key", "must not be empty"));
        }
        if t.len() > MAX_API_KEY_LEN {
            return Err(Error::invalid(
                "api_key",
                format!("longer than {MAX_API_KEY_LEN} characters"),
            ));
        }
        if t.chars().any(char::is_whitespace) {
            return Err(Error::invalid("api_key", "must not contain whitespace"));
        }
        if !t.chars().all(|c| c.is_ascii_graphic()) {
            return Err(Error::invalid(
                "api_key",
                "must contain only printable ASCII characters",
            ));
        }
        Ok(Self(t.to_owned()))
    }

    /// `…` followed by the last four characters; just `…` for keys shorter than 8, where four
    /// characters would give away too much.
    pub fn masked(&self) -> String {
        if self.0.len() < 8 {
            return "…".to_owned();
        }
        // The key is ASCII (checked in `new`), so byte slicing is on char boundaries.
        format!("…{}", &self.0[self.0.len() - 4..])
    }

    /// The key itself: only for the Authorization header and the OS keychain.
    pub fn expose_secret(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ApiKey({})", self.masked())
    }
}

impl fmt::Display for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ApiKey({})", self.masked())
    }
}

/// The `Idempotency-Key` of one logical write, reused on every retry of it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct IdempotencyKey(String);

impl IdempotencyKey {
    /// A fresh uuid v4.
    pub fn random() -> Self {
        Self(uuid::Uuid::new_v4().to_string())
    }

    /// Accepts 1..=255 printable ASCII characters without spaces (it travels in a header).
    pub fn parse(s: impl AsRef<str>) -> Result<Self, Error> {
        let s = s.as_ref();
        if s.is_empty() {
            return Err(Error::invalid("idempotency_key", "must not be empty"));
        }
        if s.len() > MAX_IDEMPOTENCY_KEY_LEN {
            return Err(Error::invalid(
                "idempotency_key",
                format!("longer than {MAX_IDEMPOTENCY_KEY_LEN} characters"),
            ));
        }
        if !s.chars().all(|c| c.is_ascii_graphic()) {
            return Err(Error::invalid(
                "idempotency_key",
                "must contain only printable ASCII characters without spaces",
            ));
        }
        Ok(Self(s.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for IdempotencyKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for IdempotencyKey {
    type Error = Error;
    fn try_from(s: String) -> Result<Self, Error> {
        Self::parse(s)
    }
}

impl From<IdempotencyKey> for String {
    fn from(k: IdempotencyKey) -> String {
        k.0
    }
}

impl std::str::FromStr for IdempotencyKey {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self, Error> {
        Self::parse(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str = "npsb_test_0123456789abcdef0123456789ab4f2a";

    #[test]
    fn api_key_is_masked_everywhere() {
        let k = ApiKey::new(format!("  {KEY}\n")).unwrap();
        assert_eq!(k.expose_secret(), KEY);
        assert_eq!(k.masked(), "…4f2a");
        assert_eq!(format!("{k:?}"), "ApiKey(…4f2a)");
        assert_eq!(format!("{k}"), "ApiKey(…4f2a)");
        assert_eq!(format!("{k:#?}"), "ApiKey(…4f2a)");
        assert_eq!(ApiKey::new("abcdefg").unwrap().masked(), "…");
        assert_eq!(ApiKey::new("abcdefgh").unwrap().masked(), "…efgh");
    }

    #[test]
    fn api_key_refuses_bad_input_without_echoing_it() {
        for bad in [
            "".to_owned(),
            "   ".to_owned(),
            "abc def".to_owned(),
            "abc\u{7}def".to_owned(),
            "clé-secrète".to_owned(),
            "k".repeat(513),
        ] {
            let e = ApiKey::new(bad.clone()).unwrap_err();
            assert_eq!(e.code(), "invalid_input");
            if !bad.trim().is_empty() {
                assert!(!e.to_string().contains(bad.trim()));
                assert!(!format!("{e:?}").contains(bad.trim()));
            }
        }
        assert!(ApiKey::new("k".repeat(512)).is_ok());
    }

    #[test]
    fn idempotency_keys() {
        let a = IdempotencyKey::random();
        let b = IdempotencyKey::random();
        assert_ne!(a, b);
        assert_eq!(a.as_str().len(), 36);
        assert_eq!(IdempotencyKey::parse(a.as_str()).unwrap(), a);
        assert!(IdempotencyKey::parse("").is_err());
        assert!(IdempotencyKey::parse("a b").is_err());
        assert!(IdempotencyKey::parse("x".repeat(256)).is_err());
        assert_eq!(serde_json::to_string(&a).unwrap(), format!("\"{a}\""));
        assert!(serde_json::from_str::<IdempotencyKey>("\"\"").is_err());
    }
}
