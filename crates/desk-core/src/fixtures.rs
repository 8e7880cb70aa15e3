//! Realistic cache contents at scale, for benchmarks and load tests (feature `fixtures`,
//! never in the app).
//!
//! Every row is a server-shaped reply parsed by the client's model and written by the
//! same upsert, search-index and timeline code a sync uses, so what the benchmarks query
//! is exactly what the app stores: every status (and one the documents do not list),
//! currencies with 0, 2 and 3 decimals, customers, metadata, refunds and timelines.

use std::time::{Duration, Instant};

use chrono::{DateTime, Duration as Span, Utc};
use neuropay::{Checkout, Customer};
use neuropay_sandbox::{
    DEMO_FIRST_NAMES as FIRST, DEMO_LAST_NAMES as LAST, DEMO_PRODUCTS as PRODUCTS,
};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde_json::{json, Map, Value};

use crate::cache::checkouts;
use crate::cache::customers;
use crate::cache::events::{self, EventKind, NewEvent, ACTOR_SYNC};
use crate::db::Store;
use crate::error::{Error, Result};
use crate::mode::Mode;
use crate::profiles::ProfileId;

/// What to generate.
#[derive(Debug, Clone)]
pub struct FixtureSpec {
    pub rows: usize,
    pub customers: usize,
    /// Same seed, same data (ids included).
    pub seed: u64,
    /// Checkouts are spread over this many days before `now`.
    pub span_days: u32,
    pub now: DateTime<Utc>,
    /// Rows per write transaction.
    pub batch: usize,
}

impl FixtureSpec {
    pub fn new(rows: usize) -> Self {
        FixtureSpec {
            rows,
            customers: (rows / 50).max(1),
            seed: 7,
            span_days: 3 * 365,
            now: Utc::now(),
            batch: 10_000,
        }
    }
}

/// What was written and how long it took.
#[derive(Debug, Clone, PartialEq)]
pub struct FixtureReport {
    pub rows: usize,
    pub customers: usize,
    pub events: u64,
    pub elapsed: Duration,
}

impl FixtureReport {
    pub fn rows_per_sec(&self) -> f64 {
        self.rows as f64 / self.elapsed.as_secs_f64().max(1e-9)
    }
}

/// Wire status and weight (per mille). Non-final ones are what a sync re-checks.
const STATUSES: [(&str, u32); 10] = [
    ("paid", 420),
    ("created", 70),
    ("reserved", 80),
    ("reserve released", 40),
    ("refunded", 60),
    ("partialRefund", 60),
    ("revoked", 40),
    ("failed", 90),
    ("canceled", 139),
    // A status the documents do not list: the cache must keep and show it.
    ("disputed", 1),
];

/// Code, share (per mille) and a plausible range of amounts in minor units: 0, 2 and 3
/// decimal currencies.
const CURRENCIES: [(&str, u32, i64, i64); 7] = [
    ("SEK", 400, 4_900, 250_000),
    ("EUR", 220, 500, 40_000),
    ("USD", 150, 500, 40_000),
    ("NOK", 60, 4_900, 250_000),
    ("JPY", 80, 500, 60_000),
    ("KWD", 60, 1_000, 90_000),
    ("BHD", 30, 1_000, 90_000),
];

const CHANNELS: [&str; 3] = ["web", "app", "pos"];

fn pick<'a, T>(rng: &mut StdRng, table: &'a [T], weight: impl Fn(&T) -> u32) -> &'a T {
    let total: u32 = table.iter().map(&weight).sum();
    let mut roll = rng.random_range(0..total);
    for item in table {
        let w = weight(item);
        if roll < w {
            return item;
        }
        roll -= w;
    }
    &table[table.len() - 1]
}

fn hex_id(rng: &mut StdRng) -> String {
    format!("{:024x}", rng.random::<u128>() >> 32)
}

fn customer_id(n: usize) -> String {
    format!("cu{n:022x}")
}

fn customer_reply(n: usize, rng: &mut StdRng) -> Value {
    let first = FIRST[rng.random_range(0..FIRST.len())];
    let last = LAST[rng.random_range(0..LAST.len())];
    json!({
        "customer_id": customer_id(n),
        "first_name": first,
        "last_name": last,
        "email": format!("{}.{}{n}@example.com", first.to_lowercase(), last.to_lowercase()),
        "client_page": format!("https://pay.neuro-pay.example/client/{}", customer_id(n)),
        "saved_cards": [],
        "metadata": {"segment": if n.is_multiple_of(7) { "b2b" } else { "retail" }},
    })
}

/// One reply as the server would send it for checkout number `n`.
fn checkout_reply(n: usize, spec: &FixtureSpec, rng: &mut StdRng) -> (Value, DateTime<Utc>) {
    let span_ms = i64::from(spec.span_days) * 86_400_000;
    // Roughly in arrival order (as a shop produces them), with jitter.
    let base = span_ms * (spec.rows - n) as i64 / spec.rows.max(1) as i64;
    let age = (base + rng.random_range(-60_000..60_000)).clamp(60_000, span_ms);
    let created = spec.now - Span::milliseconds(age);
    let updated = created + Span::seconds(rng.random_range(0..86_400).min(age / 1000));
    let status = pick(rng, &STATUSES, |s| s.1).0;
    let (currency, _, lo, hi) = *pick(rng, &CURRENCIES, |c| c.1);
    let amount = rng.random_range(lo..hi);
    let refunded = match status {
        "refunded" => amount,
        "partialRefund" => rng.random_range(1..amount),
        _ => 0,
    };
    let id = hex_id(rng);
    let mut metadata = Map::new();
    metadata.insert("order".into(), json!(format!("{}", 100_000 + n)));
    metadata.insert(
        "channel".into(),
        json!(CHANNELS[rng.random_range(0..CHANNELS.len())]),
    );
    if rng.random_ratio(1, 5) {
        metadata.insert("vip".into(), json!(true));
    }
    if rng.random_ratio(1, 3) {
        metadata.insert("store".into(), json!(rng.random_range(1..40)));
    }
    let mut reply = json!({
        "id": id,
        "identifier": format!("ORD-{}", 100_000 + n),
        "status": status,
        "amount": amount,
        "currency": currency,
        "message": PRODUCTS[rng.random_range(0..PRODUCTS.len())],
        "link": format!("https://pay.neuro-pay.example/c/{id}"),
        "refunded_amount": refunded,
        "capture": status != "reserved" && status != "reserve released",
        "metadata": Value::Object(metadata),
        "payment_methods": ["card"],
        "created_at": created.to_rfc3339(),
        "updated_at": updated.to_rfc3339(),
    });
    if rng.random_ratio(7, 10) && spec.customers > 0 {
        reply["customer_id"] = json!(customer_id(rng.random_range(0..spec.customers)));
    }
    if refunded > 0 {
        reply["refunds"] = json!([{
            "amount": refunded,
            "reason": "requested_by_customer",
            "created_at": updated.to_rfc3339(),
        }]);
    }
    (reply, updated)
}

impl Store {
    /// Fills one (profile, mode) with `spec.rows` checkouts and `spec.customers` customers.
    /// The profile must exist; the partition should be empty (ids are random, so a second
    /// fill with another seed adds rows).
    pub fn fill_fixture(
        &self,
        profile: &ProfileId,
        mode: Mode,
        spec: &FixtureSpec,
    ) -> Result<FixtureReport> {
        let started = Instant::now();
        // A bulk load touches every index page of a growing cache; with the desk's usual
        // page cache most inserts would re-read pages from the OS (measured 4× slower).
        self.set_writer_cache_kib(FIXTURE_CACHE_KIB)?;
        let result = self.fill(profile, mode, spec);
        self.set_writer_cache_kib(crate::db::WRITER_CACHE_KIB)?;
        let (customers, events) = result?;
        Ok(FixtureReport {
            rows: spec.rows,
            customers,
            events,
            elapsed: started.elapsed(),
        })
    }

    fn fill(&self, profile: &ProfileId, mode: Mode, spec: &FixtureSpec) -> Result<(usize, u64)> {
        let mut rng = StdRng::seed_from_u64(spec.seed);
        let batch = spec.batch.max(1);
        for chunk in (0..spec.customers).collect::<Vec<_>>().chunks(batch) {
            self.write(|tx| {
                for &n in chunk {
                    let raw = customer_reply(n, &mut rng);
                    let c = Customer::from_json(&raw).map_err(fixture_error)?;
                    customers::upsert_in(tx, profile, mode, &c, &raw, spec.now)?;
                }
                Ok(())
            })?;
        }
        let mut events = 0u64;
        let mut n = 0;
        while n < spec.rows {
            let end = (n + batch).min(spec.rows);
            // Generated first and written in id order: the id indexes then take each leaf
            // page once per batch instead of once per row (ids are random, as a shop's are).
            let mut replies: Vec<(Value, DateTime<Utc>)> = (n..end)
                .map(|i| checkout_reply(i, spec, &mut rng))
                .collect();
            replies.sort_by(|a, b| a.0["id"].as_str().cmp(&b.0["id"].as_str()));
            let synced_offsets: Vec<i64> =
                replies.iter().map(|_| rng.random_range(0..600)).collect();
            events += self.write(|tx| {
                let mut events = 0u64;
                for ((raw, updated), offset) in replies.iter().zip(&synced_offsets) {
                    let updated = *updated;
                    let c = Checkout::from_json(raw).map_err(fixture_error)?;
                    // Last synced a little after the last change, never in the future.
                    let synced = (updated + Span::minutes(*offset)).min(spec.now);
                    checkouts::upsert_in(tx, profile, mode, &c, raw, synced, ACTOR_SYNC)?;
                    events += 1;
                    if c.refunded_amount > 0 {
                        let ev = NewEvent {
                            amount: Some(c.refunded_amount),
                            detail: Some(json!({"reason": "requested_by_customer"})),
                            ..NewEvent::new(EventKind::Refunded, updated, "finance")
                        };
                        events::append_in(tx, profile, mode, c.id.as_str(), &ev)?;
                        events += 1;
                    }
                }
                Ok(events)
            })?;
            n = end;
        }
        Ok((spec.customers, events))
    }
}

/// Page cache of the writer during a fixture load: 1 GiB.
const FIXTURE_CACHE_KIB: i64 = -1_048_576;

fn fixture_error(e: neuropay::Error) -> Error {
    Error::storage(format!("fixture reply did not parse: {e}"))
}
