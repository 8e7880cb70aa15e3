//! The writers: each picks a write that fits what its cache says about one of its recent
//! checkouts (or creates one), sends it through one of three routes, and tallies the result.

use std::collections::BTreeMap;
use std::sync::atomic::AtomicUsize;
use std::sync::{Arc, Mutex};

use desk_core::{Actor, ClientOverrides, Desk, Mode, Scope, WriteCtx};
use neuropay::{
    CheckoutId, CreateCheckout, CreateCustomer, CustomerId, MetaValue, RefundRequest, RetryPolicy,
    UpdateMetadata,
};
use neuropay_sandbox::{Outcome, Sandbox};
use tracing::Instrument;

use crate::faults::{schedule, FaultCounter, REFUSED_SPAN};
use crate::{bump, Rng};

/// Codes of writes refused by desk-core before a journal row or a request.
const REFUSED_LOCALLY: [&str; 4] = [
    "write_in_flight",
    "wrong_status",
    "invalid_input",
    "not_found",
];

/// Three ways to the API from the same database.
#[derive(Clone)]
pub struct Routes {
    /// Retries with the same key (4 attempts, millisecond backoff).
    pub normal: Desk,
    /// One attempt: a lost reply or a 5xx leaves the outcome unknown.
    pub oneshot: Desk,
    /// The profile's base URL replaced by a closed loopback port: connection refused.
    pub refused: Desk,
}

impl Routes {
    pub fn new(desk: &Desk) -> Routes {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        let port = listener.local_addr().expect("addr").port();
        drop(listener);
        Routes {
            normal: desk.clone(),
            oneshot: desk.clone().with_overrides(ClientOverrides {
                retry: Some(RetryPolicy::none()),
                ..ClientOverrides::default()
            }),
            refused: desk.clone().with_overrides(ClientOverrides {
                base_url: Some(format!("http://127.0.0.1:{port}")),
                retry: Some(RetryPolicy::fast(3)),
                ..ClientOverrides::default()
            }),
        }
    }
}

#[derive(Debug, Default, Clone)]
pub struct Tally {
    pub by_kind: BTreeMap<String, usize>,
    pub by_route: BTreeMap<String, usize>,
    pub outcomes: BTreeMap<String, usize>,
    pub buyer: BTreeMap<String, usize>,
}

impl Tally {
    pub fn total_writes(&self) -> usize {
        self.by_kind.values().sum()
    }
}

#[derive(Debug, Default)]
pub struct Stats(Mutex<Tally>);

impl Stats {
    fn add(&self, f: impl FnOnce(&mut Tally)) {
        f(&mut self.0.lock().expect("stats"));
    }

    pub fn snapshot(&self) -> Tally {
        self.0.lock().expect("stats").clone()
    }
}

fn inc(map: &mut BTreeMap<String, usize>, key: &str) {
    *map.entry(key.to_owned()).or_default() += 1;
}

#[derive(Debug)]
enum Op {
    Create { amount: i64, capture: bool },
    Capture(String),
    Release(String),
    RefundPartial(String, i64),
    RefundFull(String),
    Update(String),
    Delete(String),
    CustomerCreate,
    CustomerDelete(String),
}

impl Op {
    /// The checkout the write acts on.
    fn target(&self) -> Option<&str> {
        match self {
            Op::Capture(id)
            | Op::Release(id)
            | Op::RefundPartial(id, _)
            | Op::RefundFull(id)
            | Op::Update(id)
            | Op::Delete(id) => Some(id),
            Op::Create { .. } | Op::CustomerCreate | Op::CustomerDelete(_) => None,
        }
    }

    fn kind(&self) -> &'static str {
        match self {
            Op::Create { .. } => "create",
            Op::Capture(_) => "capture",
            Op::Release(_) => "release",
            Op::RefundPartial(..) => "refund_partial",
            Op::RefundFull(_) => "refund_full",
            Op::Update(_) => "update_metadata",
            Op::Delete(_) => "delete",
            Op::CustomerCreate => "customer_create",
            Op::CustomerDelete(_) => "customer_delete",
        }
    }
}

/// What a write gave back that the worker keeps: a new checkout or customer id.
enum Made {
    Checkout(String, bool),
    Customer(String),
    Nothing,
}

pub struct Worker {
    pub index: usize,
    pub total: usize,
    pub segment: usize,
    pub sb: Arc<Sandbox>,
    pub key: String,
    pub scope: Scope,
    pub routes: Routes,
    pub stats: Arc<Stats>,
    pub issued: Arc<AtomicUsize>,
    pub counter: FaultCounter,
}

fn cid(id: &str) -> CheckoutId {
    CheckoutId::new(id).expect("checkout id")
}

impl Worker {
    pub async fn run(self) {
        let mut rng = Rng::new(0x5eed + self.index as u64);
        let mut open: Vec<String> = Vec::new();
        let mut customers: Vec<String> = Vec::new();
        loop {
            let op = self.plan(&mut rng, &mut open, &mut customers);
            let n = bump(&self.issued);
            if n >= self.total {
                return;
            }
            if n.is_multiple_of(self.segment) {
                let (faults, latency) = schedule(n / self.segment);
                self.sb.set_faults(faults);
                self.counter.set_latency(latency);
            }
            let route = if rng.chance(3) {
                "refused"
            } else if rng.chance(25) {
                "oneshot"
            } else {
                "normal"
            };
            let kind = op.kind();
            let target = op.target().map(str::to_owned);
            let result = if route == "refused" {
                self.send(&self.routes.refused, op, &mut rng, n)
                    .instrument(tracing::info_span!(REFUSED_SPAN))
                    .await
            } else if route == "oneshot" {
                self.send(&self.routes.oneshot, op, &mut rng, n).await
            } else {
                self.send(&self.routes.normal, op, &mut rng, n).await
            };
            let outcome = match &result {
                Ok(_) => "done".to_owned(),
                Err(e) if e.code() == "outcome_unknown" => "unknown".to_owned(),
                Err(e) if REFUSED_LOCALLY.contains(&e.code()) => {
                    format!("refused_locally:{}", e.code())
                }
                Err(e) => format!("failed:{}", e.code()),
            };
            self.stats.add(|t| {
                inc(&mut t.by_kind, kind);
                inc(&mut t.by_route, route);
                inc(&mut t.outcomes, &outcome);
            });
            // A write of unknown outcome blocks its checkout until the settle at the end;
            // pick other checkouts meanwhile instead of being refused again and again.
            if outcome == "unknown" {
                if let Some(t) = &target {
                    open.retain(|id| id != t);
                }
            }
            match result {
                Ok(Made::Checkout(id, capture)) => {
                    self.buyer(&mut rng, &id, capture).await;
                    open.push(id);
                }
                Ok(Made::Customer(id)) => customers.push(id),
                _ => {}
            }
        }
    }

    /// The buyer acts on most new checkouts, so there is something to capture and refund;
    /// the desk then reads the checkout (a read under the same faults; sync catches up
    /// when it fails).
    async fn buyer(&self, rng: &mut Rng, id: &str, capture: bool) {
        if !rng.chance(80) {
            return;
        }
        let roll = rng.below(100);
        let outcome = match (roll, capture) {
            (0..=9, _) => Outcome::Fail,
            (10..=19, _) => Outcome::Cancel,
            (_, true) => Outcome::Pay,
            (_, false) => Outcome::Reserve,
        };
        self.sb
            .buyer_outcome(&self.key, id, outcome)
            .expect("buyer acts on a created checkout");
        self.stats.add(|t| inc(&mut t.buyer, outcome.as_str()));
        let _ = self
            .routes
            .normal
            .refresh_checkout(&self.scope, &cid(id))
            .await;
    }

    fn plan(&self, rng: &mut Rng, open: &mut Vec<String>, customers: &mut Vec<String>) -> Op {
        loop {
            let r = rng.below(100);
            if r < 20 || open.is_empty() {
                return Op::Create {
                    amount: 100 + rng.below(100_000) as i64,
                    capture: rng.chance(55),
                };
            }
            if r < 28 {
                if !customers.is_empty() && rng.chance(45) {
                    let i = rng.below(customers.len() as u64) as usize;
                    return Op::CustomerDelete(customers.swap_remove(i));
                }
                return Op::CustomerCreate;
            }
            let i = open.len() - 1 - rng.below(open.len().min(40) as u64) as usize;
            let id = open[i].clone();
            let Ok(row) =
                self.routes
                    .normal
                    .store()
                    .get_checkout(&self.scope.profile, Mode::Test, &id)
            else {
                open.swap_remove(i);
                continue;
            };
            let p = rng.below(100);
            return match row.status.as_str() {
                "created" if p < 50 => Op::Update(id),
                "created" => {
                    open.swap_remove(i);
                    Op::Delete(id)
                }
                "reserved" if p < 45 => Op::Capture(id),
                "reserved" if p < 80 => Op::Release(id),
                "reserved" => Op::Update(id),
                "paid" | "partialRefund" if p < 50 && row.remaining_refundable >= 2 => {
                    let amount = 1 + rng.below(row.remaining_refundable as u64 - 1) as i64;
                    Op::RefundPartial(id, amount)
                }
                "paid" | "partialRefund" if p < 80 => Op::RefundFull(id),
                "paid" | "partialRefund" => Op::Update(id),
                _ => {
                    // Final (or deleted): nothing left to do with it.
                    open.swap_remove(i);
                    continue;
                }
            };
        }
    }

    async fn send(&self, desk: &Desk, op: Op, rng: &mut Rng, n: usize) -> desk_core::Result<Made> {
        let ctx = WriteCtx::new(self.scope.clone(), Actor::Cli);
        match op {
            Op::Create { amount, capture } => {
                let req = CreateCheckout::builder(
                    amount,
                    "SEK",
                    "Soak order",
                    "https://shop.example/ok",
                    "https://shop.example/cancel",
                )
                .identifier(format!("soak-{}-{n}", self.index))
                .capture(capture)
                .build()
                .expect("valid request");
                let row = desk.create_checkout(&ctx, req).await?;
                Ok(Made::Checkout(row.id, capture))
            }
            Op::Capture(id) => desk.capture(&ctx, &cid(&id)).await.map(|_| Made::Nothing),
            Op::Release(id) => desk.release(&ctx, &cid(&id)).await.map(|_| Made::Nothing),
            Op::RefundPartial(id, amount) => {
                let req = RefundRequest::new(cid(&id))
                    .amount(amount)
                    .build()
                    .expect("valid refund");
                desk.refund(&ctx, req).await.map(|_| Made::Nothing)
            }
            Op::RefundFull(id) => {
                let req = RefundRequest::new(cid(&id)).build().expect("valid refund");
                desk.refund(&ctx, req).await.map(|_| Made::Nothing)
            }
            Op::Update(id) => {
                let set = format!("k{}", rng.below(6));
                let mut b = UpdateMetadata::new(cid(&id))
                    .set(set.clone(), MetaValue::String(format!("v{n}")));
                let gone = format!("k{}", rng.below(6));
                if rng.chance(25) && gone != set {
                    b = b.remove(gone);
                }
                let req = b.build().expect("valid update");
                desk.update_metadata(&ctx, req).await.map(|_| Made::Nothing)
            }
            Op::Delete(id) => desk
                .delete_checkout(&ctx, &cid(&id))
                .await
                .map(|_| Made::Nothing),
            Op::CustomerCreate => {
                let req = CreateCustomer::new(
                    "Soak",
                    format!("Worker{}", self.index),
                    format!("soak{}.{n}@example.com", self.index),
                )
                .build()
                .expect("valid customer");
                let row = desk.create_customer(&ctx, req).await?;
                Ok(Made::Customer(row.id))
            }
            Op::CustomerDelete(id) => desk
                .delete_customer(&ctx, &CustomerId::new(id).expect("customer id"))
                .await
                .map(|_| Made::Nothing),
        }
    }
}
