//! Tests on a temporary database and keyring-core's mock store.
//! Fixtures build server replies as JSON and read them with `neuropay::Checkout::from_json`,
//! the same path a real reply takes.

mod audit;
mod bulk;
mod cache;
mod customers;
mod export;
mod journal;
mod migrations;
mod overview;
mod plan;
mod profiles;
mod query;
mod search;
mod totals;
mod vault;

use chrono::{DateTime, Duration, TimeZone, Utc};
use neuropay::Checkout;
use serde_json::{json, Value};
use tempfile::TempDir;

use crate::{Mode, NewProfile, Profile, Store};

/// A store in a fresh temp dir (kept alive by the returned guard).
pub(crate) fn temp_store() -> (TempDir, Store) {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::open(dir.path().join("desk.sqlite3")).expect("open store");
    (dir, store)
}

pub(crate) fn new_profile(name: &str) -> NewProfile {
    NewProfile {
        name: name.to_owned(),
        color: "#3366CC".to_owned(),
        base_url: "http://127.0.0.1:8080".to_owned(),
        guard_rails: Default::default(),
    }
}

pub(crate) fn make_profile(store: &Store, name: &str) -> Profile {
    store
        .create_profile(&new_profile(name))
        .expect("create profile")
}

/// 2026-11-01T00:00:00Z plus `hours`.
pub(crate) fn t(hours: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 1, 0, 0, 0).unwrap() + Duration::hours(hours)
}

/// A checkout id from a number: 32 hex characters like the simulator's.
pub(crate) fn cid(n: u32) -> String {
    format!("{n:032x}")
}

/// A checkout reply under construction.
#[derive(Debug, Clone)]
pub(crate) struct Fx(Value);

impl Fx {
    pub(crate) fn new(n: u32) -> Fx {
        Fx(json!({
            "checkout_id": cid(n),
            "identifier": format!("order-{n}"),
            "status": "created",
            "amount": 1000,
            "currency": "SEK",
            "message": format!("Checkout number {n}"),
            "capture": true,
            "metaData": {},
            "link": format!("http://127.0.0.1:9/pay/{}", cid(n)),
            "refundedAmount": 0,
            "created_at": t(0).to_rfc3339(),
            "updated_at": t(0).to_rfc3339(),
        }))
    }

    fn set(mut self, key: &str, v: Value) -> Fx {
        self.0[key] = v;
        self
    }

    pub(crate) fn id(self, id: &str) -> Fx {
        self.set("checkout_id", json!(id))
    }
    pub(crate) fn status(self, s: &str) -> Fx {
        self.set("status", json!(s))
    }
    pub(crate) fn amount(self, a: i64) -> Fx {
        self.set("amount", json!(a))
    }
    pub(crate) fn refunded(self, a: i64) -> Fx {
        self.set("refundedAmount", json!(a))
    }
    pub(crate) fn currency(self, c: &str) -> Fx {
        self.set("currency", json!(c))
    }
    pub(crate) fn message(self, m: &str) -> Fx {
        self.set("message", json!(m))
    }
    pub(crate) fn identifier(self, i: Option<&str>) -> Fx {
        self.set("identifier", json!(i))
    }
    pub(crate) fn customer(self, c: &str) -> Fx {
        self.set("customer_id", json!(c))
    }
    pub(crate) fn meta(mut self, key: &str, v: Value) -> Fx {
        self.0["metaData"][key] = v;
        self
    }
    pub(crate) fn created(self, at: DateTime<Utc>) -> Fx {
        self.set("created_at", json!(at.to_rfc3339()))
            .set("updated_at", json!(at.to_rfc3339()))
    }
    pub(crate) fn updated(self, at: DateTime<Utc>) -> Fx {
        self.set("updated_at", json!(at.to_rfc3339()))
    }
    pub(crate) fn json(&self) -> Value {
        self.0.clone()
    }
    pub(crate) fn checkout(&self) -> Checkout {
        Checkout::from_json(&self.0).expect("fixture parses")
    }

    /// Upserts this reply as a sync observed it at `at`.
    pub(crate) fn save(&self, store: &Store, p: &Profile, mode: Mode, at: DateTime<Utc>) {
        store
            .upsert_checkout(&p.id, mode, &self.checkout(), &self.json(), at)
            .expect("upsert");
    }
}
