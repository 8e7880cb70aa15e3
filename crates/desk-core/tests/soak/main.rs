//! Fault soak: many mixed writes through desk-core against the in-process simulator while
//! it injects faults, then settle everything with the faults off and prove that money
//! moved exactly as the journal says.
//!
//! Size: `NPDESK_SOAK_WRITES` (300 by default, a few seconds; `make soak` runs 10,000 in
//! release). Run with `--nocapture` to see the figures.
//!
//! Faults, rotating every 1/40 of the run: none; latency; replies lost after the write
//! was applied; 500/502/503; 429 with Retry-After: 1; a mix of all. Besides, a share of the
//! writes goes through a client that does not retry (so lost replies become unknown
//! outcomes), and a share through a profile override whose base URL is a closed port
//! (connection refused: nothing sent). Faults are counted per attempt as the client saw
//! them, from the client's own trace events.
//!
//! What must hold afterwards: every idempotency key applied at most once by the server;
//! every journal row settled; a `done` row applied exactly once and a `failed` row never;
//! no applied write unknown to the journal; no checkout or customer on the server missing
//! from the cache; and the cache equal to the server for every checkout.

mod checks;
mod faults;
mod workload;

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Instant;

use desk_core::{ClientOverrides, Desk, GuardRails, Mode, NewProfile, Scope, Store, Vault};
use neuropay::{ApiKey, RetryPolicy};
use neuropay_sandbox::{Faults, SandboxConfig};

use crate::faults::FaultCounter;
use crate::workload::{Routes, Stats, Worker};

const DEFAULT_WRITES: usize = 300;
const WORKERS: usize = 4;

fn writes_wanted() -> usize {
    match std::env::var("NPDESK_SOAK_WRITES") {
        Ok(v) => v
            .trim()
            .parse()
            .unwrap_or_else(|_| panic!("NPDESK_SOAK_WRITES must be a whole number, got {v:?}")),
        Err(_) => DEFAULT_WRITES,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fault_soak_applies_every_write_at_most_once_and_settles_everything() {
    let counter = FaultCounter::install();
    let total = writes_wanted();
    assert!(total > 0, "NPDESK_SOAK_WRITES must be at least 1");
    let started = Instant::now();

    let sb = Arc::new(
        neuropay_sandbox::start(SandboxConfig {
            rng_seed: 0x50a4,
            ..SandboxConfig::default()
        })
        .await
        .expect("simulator starts"),
    );
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::open(dir.path().join("desk.sqlite3")).expect("store");
    let desk = Desk::new(store, Vault::mock()).with_overrides(ClientOverrides {
        retry: Some(RetryPolicy::fast(4)),
        ..ClientOverrides::default()
    });
    let profile = desk
        .store()
        .create_profile(&NewProfile {
            name: "Soak".into(),
            color: "#336699".into(),
            base_url: sb.base_url(),
            guard_rails: GuardRails::default(),
        })
        .expect("profile");
    let key = sb.keys().test.clone();
    desk.set_key(&profile.id, Mode::Test, ApiKey::new(&key).expect("key"))
        .await
        .expect("key stored");
    let scope = Scope::new(profile.id.clone(), Mode::Test);

    let routes = Routes::new(&desk);
    let stats = Arc::new(Stats::default());
    let issued = Arc::new(AtomicUsize::new(0));
    let segment = (total / 40).max(5);
    let mut tasks = tokio::task::JoinSet::new();
    for n in 0..WORKERS {
        let worker = Worker {
            index: n,
            total,
            segment,
            sb: sb.clone(),
            key: key.clone(),
            scope: scope.clone(),
            routes: routes.clone(),
            stats: stats.clone(),
            issued: issued.clone(),
            counter: counter.clone(),
        };
        tasks.spawn(worker.run());
    }
    while let Some(done) = tasks.join_next().await {
        done.expect("worker finished without panicking");
    }
    let write_time = started.elapsed();

    // Faults off; settle what is unknown, then refresh what is open.
    sb.set_faults(Faults::default());
    counter.set_latency(false);
    let mut settle = Vec::new();
    for _ in 0..3 {
        let report = desk.settle_unsettled(None).await.expect("settle");
        let left = report.unsettled.len();
        settle.push(report);
        if left == 0 {
            break;
        }
    }
    let sync = desk
        .sync_open(
            &scope,
            desk_core::SyncOptions::default(),
            desk_core::no_progress(),
            desk_core::CancelToken::new(),
        )
        .await
        .expect("sync");
    assert!(sync.failed.is_empty(), "sync failures: {:?}", sync.failed);

    let verdict = checks::verify(&desk, &sb, &scope, &key);
    let faults = counter.snapshot();
    let stats = stats.snapshot();

    let settled_done: usize = settle.iter().map(|r| r.done).sum();
    let settled_failed: usize = settle.iter().map(|r| r.failed + r.needs_review).sum();
    let mut out = String::new();
    out.push_str(&format!(
        "\n=== fault soak: {} writes by {WORKERS} workers in {:.1} s ({:.0} writes/s), \
         settle + sync + checks {:.1} s ===\n",
        stats.total_writes(),
        write_time.as_secs_f64(),
        stats.total_writes() as f64 / write_time.as_secs_f64().max(0.001),
        (started.elapsed() - write_time).as_secs_f64()
    ));
    out.push_str(&format!("writes by kind:      {}\n", line(&stats.by_kind)));
    out.push_str(&format!("writes by route:     {}\n", line(&stats.by_route)));
    out.push_str(&format!("outcomes:            {}\n", line(&stats.outcomes)));
    out.push_str(&format!("buyer actions:       {}\n", line(&stats.buyer)));
    out.push_str(&format!("faults (attempts):   {}\n", line(&faults)));
    out.push_str(&format!(
        "unknown -> settled:  {} unknown at the end of the run; settle re-sent {} rows \
         ({} done, {} failed) in {} round(s); sync refreshed {} open checkouts\n",
        stats.outcomes.get("unknown").copied().unwrap_or(0),
        settle.iter().map(|r| r.examined).sum::<usize>(),
        settled_done,
        settled_failed,
        settle.len(),
        sync.checked
    ));
    out.push_str(&verdict.render());
    println!("{out}");

    assert_eq!(
        stats.total_writes(),
        total,
        "every requested write was issued"
    );
    for kind in [
        "server_error",
        "rate_limited",
        "reply_dropped",
        "connection_refused",
        "latency",
    ] {
        assert!(
            faults.get(kind).copied().unwrap_or(0) > 0,
            "the soak injected no {kind} fault: {faults:?}"
        );
    }
    verdict.assert_clean();
    assert_eq!(
        settle.last().map(|r| r.unsettled.len()),
        Some(0),
        "settle left rows: {:?}",
        settle.last()
    );
    match Arc::try_unwrap(sb) {
        Ok(sb) => sb.shutdown().await,
        Err(_) => panic!("a worker still holds the simulator"),
    }
}

fn line(map: &BTreeMap<String, usize>) -> String {
    if map.is_empty() {
        return "none".into();
    }
    map.iter()
        .map(|(k, v)| format!("{k} {v}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A small deterministic generator, so a failing soak replays (no extra dependency).
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1)
    }

    pub fn next_u64(&mut self) -> u64 {
        // xorshift64*
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    pub fn below(&mut self, n: u64) -> u64 {
        if n == 0 {
            0
        } else {
            self.next_u64() % n
        }
    }

    /// True `pct` times in 100.
    pub fn chance(&mut self, pct: u64) -> bool {
        self.below(100) < pct
    }
}

/// Keeps `Ordering` in one place for the shared counters.
pub fn bump(c: &AtomicUsize) -> usize {
    c.fetch_add(1, Ordering::SeqCst)
}
