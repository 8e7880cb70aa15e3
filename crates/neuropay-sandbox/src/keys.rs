//! API keys: generation, hashing, and the test/live split.
//!
//! The simulator keeps only SHA-256 hashes of keys in its state, so a persisted state
//! file never contains a key.

use std::fmt;

use rand::RngCore;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// A company's two keys. `Debug` shows only the last four characters of each.
#[derive(Clone, PartialEq, Eq)]
pub struct CompanyKeys {
    pub test: String,
    pub live: String,
}

impl CompanyKeys {
    /// Fresh unguessable keys (`npsb_test_<32hex>`, `npsb_live_<32hex>`) from the OS RNG:
    /// keys are credentials, so they never come from the seedable data RNG.
    pub fn generate() -> Self {
        let mut rng = rand::rng();
        CompanyKeys {
            test: format!("npsb_test_{}", random_hex(&mut rng)),
            live: format!("npsb_live_{}", random_hex(&mut rng)),
        }
    }

    /// The key of one mode.
    pub fn for_mode(&self, mode: Mode) -> &str {
        match mode {
            Mode::Test => &self.test,
            Mode::Live => &self.live,
        }
    }
}

impl fmt::Debug for CompanyKeys {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CompanyKeys")
            .field("test", &Redacted(&self.test))
            .field("live", &Redacted(&self.live))
            .finish()
    }
}

struct Redacted<'a>(&'a str);

impl fmt::Debug for Redacted<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let chars: Vec<char> = self.0.chars().collect();
        if chars.len() < 8 {
            return f.write_str("\"…\"");
        }
        let tail: String = chars[chars.len() - 4..].iter().collect();
        write!(f, "\"…{tail}\"")
    }
}

/// Test and live are separate worlds, even within one company.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    Test,
    Live,
}

impl Mode {
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Test => "test",
            Mode::Live => "live",
        }
    }
}

/// SHA-256 of a key, lowercase hex: the only form of a key the state holds.
pub(crate) fn key_hash(key: &str) -> String {
    hex::encode(Sha256::digest(key.as_bytes()))
}

/// 128 random bits as 32 lowercase hex characters (the id format of the API).
pub(crate) fn random_hex(rng: &mut impl RngCore) -> String {
    let mut bytes = [0u8; 16];
    rng.fill_bytes(&mut bytes);
    hex::encode(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_redacts_both_keys() {
        let keys = CompanyKeys::generate();
        let shown = format!("{keys:?}");
        assert!(!shown.contains(&keys.test), "{shown}");
        assert!(!shown.contains(&keys.live), "{shown}");
        assert!(shown.contains(&keys.test[keys.test.len() - 4..]));
        let short = CompanyKeys {
            test: "abc".into(),
            live: "abcdefg".into(),
        };
        assert_eq!(
            format!("{short:?}"),
            "CompanyKeys { test: \"…\", live: \"…\" }"
        );
    }

    #[test]
    fn generated_keys_have_the_documented_shape_and_differ() {
        let keys = CompanyKeys::generate();
        assert!(keys.test.starts_with("npsb_test_") && keys.test.len() == 42);
        assert!(keys.live.starts_with("npsb_live_") && keys.live.len() == 42);
        assert_ne!(keys.test[10..], keys.live[10..]);
        assert_ne!(CompanyKeys::generate(), keys);
    }

    #[test]
    fn hash_is_sha256_hex() {
        assert_eq!(
            key_hash("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
