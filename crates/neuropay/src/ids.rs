//! Object ids as newtypes, so a customer id can never be passed where a checkout id belongs.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::Error;

/// Longest id we accept; real ids are 32 hex chars, the margin is for other shapes.
pub const MAX_ID_LEN: usize = 128;

pub(crate) fn check_id(field: &str, s: &str) -> Result<(), Error> {
    if s.is_empty() {
        return Err(Error::invalid(field, "must not be empty"));
    }
    if s.chars().count() > MAX_ID_LEN {
        return Err(Error::invalid(
            field,
            format!("longer than {MAX_ID_LEN} characters"),
        ));
    }
    if s.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(Error::invalid(
            field,
            "must not contain whitespace or control characters",
        ));
    }
    Ok(())
}

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident, $field:literal) => {
        $(#[$doc])*
        #[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(try_from = "String", into = "String")]
        pub struct $name(String);

        impl $name {
            /// Validates: non-empty, at most 128 characters, no whitespace or control chars.
            pub fn new(s: impl Into<String>) -> Result<Self, Error> {
                let s = s.into();
                check_id($field, &s)?;
                Ok(Self(s))
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }

            pub fn into_string(self) -> String {
                self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}({:?})", stringify!($name), self.0)
            }
        }

        impl TryFrom<String> for $name {
            type Error = Error;
            fn try_from(s: String) -> Result<Self, Error> {
                Self::new(s)
            }
        }

        impl TryFrom<&str> for $name {
            type Error = Error;
            fn try_from(s: &str) -> Result<Self, Error> {
                Self::new(s)
            }
        }

        impl std::str::FromStr for $name {
            type Err = Error;
            fn from_str(s: &str) -> Result<Self, Error> {
                Self::new(s)
            }
        }

        impl From<$name> for String {
            fn from(id: $name) -> String {
                id.0
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }
    };
}

id_type!(
    /// A checkout's id (`checkout_id` on the wire).
    CheckoutId,
    "checkout_id"
);
id_type!(
    /// A customer's id (`customer_id` on the wire).
    CustomerId,
    "customer_id"
);
id_type!(
    /// A saved card's id (`card_id` on the wire).
    CardId,
    "card_id"
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_validate() {
        assert_eq!(CheckoutId::new("abc").unwrap().as_str(), "abc");
        for bad in ["", "a b", "a\nb", "\t"] {
            let e = CheckoutId::new(bad).unwrap_err();
            assert!(matches!(e, Error::InvalidInput { ref field, .. } if field == "checkout_id"));
        }
        assert!(CustomerId::new("x".repeat(128)).is_ok());
        assert!(CustomerId::new("x".repeat(129)).is_err());
        let e = CardId::new("").unwrap_err();
        assert!(e.to_string().contains("card_id"));
    }

    #[test]
    fn ids_serde_transparent_and_validating() {
        let id = CheckoutId::new("c1").unwrap();
        assert_eq!(serde_json::to_string(&id).unwrap(), "\"c1\"");
        let back: CheckoutId = serde_json::from_str("\"c1\"").unwrap();
        assert_eq!(back, id);
        assert!(serde_json::from_str::<CheckoutId>("\"\"").is_err());
        assert_eq!(format!("{id}"), "c1");
        assert_eq!(format!("{id:?}"), "CheckoutId(\"c1\")");
    }
}
