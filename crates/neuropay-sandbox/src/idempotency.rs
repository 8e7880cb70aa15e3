//! Idempotency-Key replay: per API key, a repeated key with the same action and body gets
//! the first reply again, byte for byte; with another request it gets 409.

use std::collections::{HashMap, VecDeque};

use serde::{Deserialize, Serialize, Serializer};
use serde_json::Value;
use sha2::{Digest, Sha256};

/// How many keys are remembered (oldest forgotten first).
pub(crate) const DEFAULT_CAPACITY: usize = 100_000;

/// The first reply given for a key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Stored {
    pub action: String,
    pub fingerprint: String,
    pub status: u16,
    pub body: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Lookup {
    Fresh,
    Replay { status: u16, body: String },
    Conflict(String),
}

#[derive(Debug, Clone, Deserialize)]
struct Record {
    scope: String,
    key: String,
    stored: Stored,
}

#[derive(Serialize)]
struct RecordRef<'a> {
    scope: &'a str,
    key: &'a str,
    stored: &'a Stored,
}

/// Keys are scoped by the hash of the API key that sent them.
#[derive(Debug, Clone, Deserialize)]
#[serde(from = "Vec<Record>")]
pub(crate) struct IdempotencyTable {
    map: HashMap<(String, String), Stored>,
    order: VecDeque<(String, String)>,
    capacity: usize,
}

impl Default for IdempotencyTable {
    fn default() -> Self {
        IdempotencyTable::with_capacity(DEFAULT_CAPACITY)
    }
}

impl IdempotencyTable {
    pub fn with_capacity(capacity: usize) -> Self {
        IdempotencyTable {
            map: HashMap::new(),
            order: VecDeque::new(),
            capacity: capacity.max(1),
        }
    }

    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.map.len()
    }

    pub fn lookup(&self, scope: &str, key: &str, action: &str, fingerprint: &str) -> Lookup {
        let Some(s) = self.map.get(&(scope.to_owned(), key.to_owned())) else {
            return Lookup::Fresh;
        };
        if s.action != action {
            Lookup::Conflict(format!(
                "Idempotency-Key was already used for a {} request; this is a {action} request. \
                 Use a new key for a new operation.",
                s.action
            ))
        } else if s.fingerprint != fingerprint {
            Lookup::Conflict(format!(
                "Idempotency-Key was already used for a {action} request with a different body. \
                 Use a new key for a new operation."
            ))
        } else {
            Lookup::Replay {
                status: s.status,
                body: s.body.clone(),
            }
        }
    }

    pub fn insert(&mut self, scope: &str, key: &str, stored: Stored) {
        let k = (scope.to_owned(), key.to_owned());
        if self.map.insert(k.clone(), stored).is_none() {
            self.order.push_back(k);
        }
        while self.map.len() > self.capacity {
            match self.order.pop_front() {
                Some(old) => {
                    self.map.remove(&old);
                }
                None => break,
            }
        }
    }
}

impl From<Vec<Record>> for IdempotencyTable {
    fn from(records: Vec<Record>) -> Self {
        let mut t = IdempotencyTable::default();
        for r in records {
            t.insert(&r.scope, &r.key, r.stored);
        }
        t
    }
}

/// Oldest first, so a reload forgets the same keys first.
impl Serialize for IdempotencyTable {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.order.iter().filter_map(|k| {
            self.map.get(k).map(|stored| RecordRef {
                scope: &k.0,
                key: &k.1,
                stored,
            })
        }))
    }
}

/// Identifies "the same request": the action and the body, with JSON object keys sorted
/// so a re-serialization in another key order still counts as the same.
pub(crate) fn fingerprint(action: &str, body: &[u8]) -> String {
    let mut h = Sha256::new();
    h.update(action.as_bytes());
    h.update([0]);
    match serde_json::from_slice::<Value>(body) {
        Ok(v) => h.update(canonical(&v).as_bytes()),
        Err(_) => h.update(body),
    }
    hex::encode(h.finalize())
}

fn canonical(v: &Value) -> String {
    match v {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            let parts: Vec<String> = keys
                .into_iter()
                .map(|k| format!("{}:{}", Value::String(k.clone()), canonical(&map[k])))
                .collect();
            format!("{{{}}}", parts.join(","))
        }
        Value::Array(items) => {
            let parts: Vec<String> = items.iter().map(canonical).collect();
            format!("[{}]", parts.join(","))
        }
        other => other.to_string(),
    }
}

/// A usable key: 1..=255 visible ASCII characters.
pub(crate) fn valid_key(key: &str) -> bool {
    !key.is_empty() && key.len() <= 255 && key.bytes().all(|b| b.is_ascii_graphic())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stored(action: &str, fp: &str) -> Stored {
        Stored {
            action: action.into(),
            fingerprint: fp.into(),
            status: 200,
            body: "{\"x\":1}".into(),
        }
    }

    #[test]
    fn replay_conflict_and_scope() {
        let mut t = IdempotencyTable::default();
        assert_eq!(t.lookup("s", "k", "create", "f"), Lookup::Fresh);
        t.insert("s", "k", stored("create", "f"));
        assert_eq!(
            t.lookup("s", "k", "create", "f"),
            Lookup::Replay {
                status: 200,
                body: "{\"x\":1}".into()
            }
        );
        assert!(
            matches!(t.lookup("s", "k", "create", "g"), Lookup::Conflict(m) if m.contains("different body"))
        );
        assert!(
            matches!(t.lookup("s", "k", "refund", "f"), Lookup::Conflict(m) if m.contains("create request"))
        );
        assert_eq!(t.lookup("other-scope", "k", "create", "f"), Lookup::Fresh);
    }

    #[test]
    fn bounded_oldest_first() {
        let mut t = IdempotencyTable::with_capacity(3);
        for k in ["a", "b", "c", "d"] {
            t.insert("s", k, stored("create", "f"));
        }
        assert_eq!(t.len(), 3);
        assert_eq!(t.lookup("s", "a", "create", "f"), Lookup::Fresh);
        assert!(matches!(
            t.lookup("s", "d", "create", "f"),
            Lookup::Replay { .. }
        ));
    }

    #[test]
    fn serde_keeps_order() {
        let mut t = IdempotencyTable::default();
        t.insert("s", "first", stored("create", "1"));
        t.insert("s", "second", stored("refund", "2"));
        let json = serde_json::to_string(&t).unwrap();
        let back: IdempotencyTable = serde_json::from_str(&json).unwrap();
        assert_eq!(back.order, t.order);
        assert_eq!(back.map, t.map);
    }

    #[test]
    fn fingerprint_ignores_key_order_not_values() {
        let a = fingerprint("create", br#"{"a":1,"b":{"c":2,"d":3}}"#);
        let b = fingerprint("create", br#"{"b":{"d":3,"c":2},"a":1}"#);
        assert_eq!(a, b);
        assert_ne!(a, fingerprint("create", br#"{"a":2,"b":{"c":2,"d":3}}"#));
        assert_ne!(a, fingerprint("refund", br#"{"a":1,"b":{"c":2,"d":3}}"#));
        assert_ne!(
            fingerprint("x", b"not json"),
            fingerprint("x", b"not json!")
        );
    }

    #[test]
    fn key_syntax() {
        assert!(valid_key("3f1c-uuid-like_KEY.1"));
        assert!(!valid_key(""));
        assert!(!valid_key("has space"));
        assert!(!valid_key(&"k".repeat(256)));
    }
}
