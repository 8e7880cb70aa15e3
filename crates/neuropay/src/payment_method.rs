//! `paymentMethods` entries (honoured only for the Nuvei integrator, per the documents).

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::Error;

/// Methods the documents list. Others are accepted (the list may grow), see `validate`.
pub const KNOWN_METHODS: [&str; 4] = ["card", "swish", "trustly", "paypal"];
/// Card brands the documents list.
pub const KNOWN_BRANDS: [&str; 10] = [
    "amex",
    "visa",
    "mastercard",
    "maestro",
    "discover",
    "diners",
    "jcb",
    "unionpay",
    "bancontact",
    "carte_bancaire",
];

/// One allowed payment method and, for cards, the allowed brands.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct PaymentMethod {
    pub method: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub brands: Vec<String>,
}

impl PaymentMethod {
    pub fn new(method: impl Into<String>) -> Self {
        Self {
            method: method.into(),
            brands: Vec::new(),
        }
    }

    pub fn brand(mut self, brand: impl Into<String>) -> Self {
        self.brands.push(brand.into());
        self
    }

    /// Method and brands must be non-empty lowercase words (`a-z`, `0-9`, `_`). Names outside
    /// the documented lists pass: the lists are the integrator's and may grow, and the server
    /// is the authority on them.
    pub fn validate(&self) -> Result<(), Error> {
        fn word(s: &str) -> bool {
            !s.is_empty()
                && s.len() <= 64
                && s.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
        }
        if !word(&self.method) {
            return Err(Error::invalid(
                "paymentMethods.method",
                format!(
                    "must be a lowercase name such as {}",
                    KNOWN_METHODS.join(", ")
                ),
            ));
        }
        if let Some(bad) = self.brands.iter().find(|b| !word(b)) {
            return Err(Error::invalid(
                "paymentMethods.brands",
                format!("{bad:?} is not a lowercase brand name such as visa or amex"),
            ));
        }
        Ok(())
    }

    /// Lenient reading from a reply: `{method, brands}` (brands as array or one string), or
    /// a bare method name.
    pub(crate) fn from_reply(v: &Value) -> Option<Self> {
        match v {
            Value::String(s) if !s.is_empty() => Some(Self::new(s.clone())),
            Value::Object(o) => {
                let method = o
                    .get("method")
                    .or_else(|| o.get("name"))
                    .and_then(Value::as_str)?
                    .to_owned();
                let brands = match o.get("brands") {
                    Some(Value::Array(a)) => a
                        .iter()
                        .filter_map(|b| b.as_str().map(str::to_owned))
                        .collect(),
                    Some(Value::String(s)) => vec![s.clone()],
                    _ => Vec::new(),
                };
                Some(Self { method, brands })
            }
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn validation() {
        assert!(PaymentMethod::new("card").brand("visa").validate().is_ok());
        assert!(PaymentMethod::new("klarna").validate().is_ok());
        assert!(PaymentMethod::new("").validate().is_err());
        assert!(PaymentMethod::new("Card").validate().is_err());
        let e = PaymentMethod::new("card").brand("").validate().unwrap_err();
        assert!(matches!(e, Error::InvalidInput { field, .. } if field == "paymentMethods.brands"));
    }

    #[test]
    fn wire_shape_and_lenient_read() {
        let pm = PaymentMethod::new("card").brand("visa").brand("amex");
        assert_eq!(
            serde_json::to_value(&pm).unwrap(),
            json!({"method": "card", "brands": ["visa", "amex"]})
        );
        assert_eq!(
            PaymentMethod::from_reply(&json!({"method": "card", "brands": ["visa", "amex"]})),
            Some(pm)
        );
        assert_eq!(
            PaymentMethod::from_reply(&json!("swish")),
            Some(PaymentMethod::new("swish"))
        );
        assert_eq!(
            PaymentMethod::from_reply(&json!({"method": "card", "brands": "visa"})),
            Some(PaymentMethod::new("card").brand("visa"))
        );
        assert_eq!(PaymentMethod::from_reply(&json!(3)), None);
    }
}
