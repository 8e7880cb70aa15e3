//! Merchant metadata (`metaData`): string keys to scalar values.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::Error;

/// At most this many keys (the sibling API's documented limit).
pub const MAX_METADATA_KEYS: usize = 50;
/// At most this many bytes of serialized JSON.
pub const MAX_METADATA_BYTES: usize = 5 * 1024;

/// A metadata value: the API admits strings, numbers and booleans only.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(untagged)]
pub enum MetaValue {
    String(String),
    Number(serde_json::Number),
    Bool(bool),
}

impl MetaValue {
    /// Converts a JSON scalar; `None` for null, arrays and objects.
    pub fn from_json(v: &Value) -> Option<MetaValue> {
        match v {
            Value::String(s) => Some(MetaValue::String(s.clone())),
            Value::Number(n) => Some(MetaValue::Number(n.clone())),
            Value::Bool(b) => Some(MetaValue::Bool(*b)),
            _ => None,
        }
    }

    pub fn to_json(&self) -> Value {
        match self {
            MetaValue::String(s) => Value::String(s.clone()),
            MetaValue::Number(n) => Value::Number(n.clone()),
            MetaValue::Bool(b) => Value::Bool(*b),
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            MetaValue::String(s) => Some(s),
            _ => None,
        }
    }

    /// The empty string, which `update` reads as "delete this key".
    pub fn is_empty_string(&self) -> bool {
        matches!(self, MetaValue::String(s) if s.is_empty())
    }
}

impl fmt::Display for MetaValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MetaValue::String(s) => f.write_str(s),
            MetaValue::Number(n) => write!(f, "{n}"),
            MetaValue::Bool(b) => write!(f, "{b}"),
        }
    }
}

impl From<&str> for MetaValue {
    fn from(s: &str) -> Self {
        MetaValue::String(s.to_owned())
    }
}

impl From<String> for MetaValue {
    fn from(s: String) -> Self {
        MetaValue::String(s)
    }
}

impl From<bool> for MetaValue {
    fn from(b: bool) -> Self {
        MetaValue::Bool(b)
    }
}

impl From<i64> for MetaValue {
    fn from(n: i64) -> Self {
        MetaValue::Number(n.into())
    }
}

impl From<u64> for MetaValue {
    fn from(n: u64) -> Self {
        MetaValue::Number(n.into())
    }
}

impl From<i32> for MetaValue {
    fn from(n: i32) -> Self {
        MetaValue::Number(n.into())
    }
}

/// `metaData`: ordered by key so that equal maps serialize equally.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Metadata(pub BTreeMap<String, MetaValue>);

impl Metadata {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds or replaces a key (builder style).
    pub fn with(mut self, key: impl Into<String>, value: impl Into<MetaValue>) -> Self {
        self.0.insert(key.into(), value.into());
        self
    }

    pub fn insert(&mut self, key: impl Into<String>, value: impl Into<MetaValue>) {
        self.0.insert(key.into(), value.into());
    }

    pub fn get(&self, key: &str) -> Option<&MetaValue> {
        self.0.get(key)
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = (&String, &MetaValue)> {
        self.0.iter()
    }

    pub fn to_json(&self) -> Value {
        Value::Object(
            self.0
                .iter()
                .map(|(k, v)| (k.clone(), v.to_json()))
                .collect(),
        )
    }

    /// Strict reading of user-provided JSON (a CLI flag, an import): an object whose values
    /// are strings, numbers or booleans, then [`Metadata::validate`]. Replies are read by the
    /// lenient reader in `model::tolerant` instead.
    pub fn from_json(v: &Value) -> Result<Self, Error> {
        let obj = v
            .as_object()
            .ok_or_else(|| Error::invalid("metaData", "must be a JSON object"))?;
        let mut m = BTreeMap::new();
        for (k, v) in obj {
            let mv = MetaValue::from_json(v).ok_or_else(|| {
                Error::invalid(
                    format!("metaData.{k}"),
                    "values must be strings, numbers or booleans",
                )
            })?;
            m.insert(k.clone(), mv);
        }
        let md = Metadata(m);
        md.validate()?;
        Ok(md)
    }

    /// At most 50 keys, non-empty keys, at most 5 KB as serialized JSON.
    pub fn validate(&self) -> Result<(), Error> {
        if self.0.len() > MAX_METADATA_KEYS {
            return Err(Error::invalid(
                "metaData",
                format!(
                    "has {} keys, at most {MAX_METADATA_KEYS} are allowed",
                    self.0.len()
                ),
            ));
        }
        if self.0.keys().any(|k| k.trim().is_empty()) {
            return Err(Error::invalid("metaData", "keys must not be empty"));
        }
        let size = self.to_json().to_string().len();
        if size > MAX_METADATA_BYTES {
            return Err(Error::invalid(
                "metaData",
                format!("is {size} bytes as JSON, at most {MAX_METADATA_BYTES} are allowed"),
            ));
        }
        Ok(())
    }
}

impl FromIterator<(String, MetaValue)> for Metadata {
    fn from_iter<I: IntoIterator<Item = (String, MetaValue)>>(iter: I) -> Self {
        Metadata(iter.into_iter().collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn scalars_only() {
        let m = Metadata::from_json(&json!({"a": "x", "n": 3, "f": 1.5, "b": true})).unwrap();
        assert_eq!(m.get("a"), Some(&MetaValue::from("x")));
        assert_eq!(m.get("n"), Some(&MetaValue::from(3i64)));
        assert_eq!(m.get("b"), Some(&MetaValue::Bool(true)));
        for bad in [
            json!({"o": {"x": 1}}),
            json!({"l": [1]}),
            json!({"z": null}),
        ] {
            let e = Metadata::from_json(&bad).unwrap_err();
            assert!(
                matches!(e, Error::InvalidInput { ref field, .. } if field.starts_with("metaData.")),
                "{e}"
            );
        }
        assert!(Metadata::from_json(&json!([1])).is_err());
    }

    #[test]
    fn limits() {
        let fifty: Metadata = (0..50)
            .map(|i| (format!("k{i}"), MetaValue::from(i as i64)))
            .collect();
        assert!(fifty.validate().is_ok());
        let fifty_one = fifty.clone().with("k50", 1i64);
        let e = fifty_one.validate().unwrap_err();
        assert!(e.to_string().contains("51 keys"), "{e}");

        let big = Metadata::new().with("k", "x".repeat(5 * 1024));
        let e = big.validate().unwrap_err();
        assert!(e.to_string().contains("bytes as JSON"), "{e}");
        // 5 KB measured on the JSON: {"k":"…"} adds 8 bytes around the value.
        assert!(Metadata::new()
            .with("k", "x".repeat(5 * 1024 - 8))
            .validate()
            .is_ok());
        assert!(Metadata::new()
            .with("k", "x".repeat(5 * 1024 - 7))
            .validate()
            .is_err());

        assert!(Metadata::new().with(" ", 1i64).validate().is_err());
    }

    #[test]
    fn serializes_as_plain_object() {
        let m = Metadata::new()
            .with("order", "1001")
            .with("vip", true)
            .with("n", 3i64);
        assert_eq!(
            serde_json::to_value(&m).unwrap(),
            json!({"n": 3, "order": "1001", "vip": true})
        );
        let back: Metadata =
            serde_json::from_value(json!({"n": 3, "order": "1001", "vip": true})).unwrap();
        assert_eq!(back, m);
        assert_eq!(m.get("n").unwrap().to_string(), "3");
    }
}
