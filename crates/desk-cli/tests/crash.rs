//! Crash recovery: `npdesk` is killed with SIGKILL at a random moment of a write or a sync,
//! again and again, and restarted each time. After every kill the database must pass
//! `PRAGMA integrity_check`; after the restart's `npdesk sync` (which settles unfinished
//! writes first) no journal row may be pending or unknown; and at the end the simulator's
//! ledger must show every idempotency key applied at most once, each `done` row exactly
//! once and each `failed` row never.
//!
//! The test process owns the simulator (in-process) and the data dir; only the CLI dies.
//! Runs: `NPDESK_CRASH_RUNS` (default 100).
//!
//! A row left `pending` by a killed process is re-sent only once it is older than
//! `PENDING_GRACE` (two minutes: until then another window or CLI may still be waiting for
//! its reply). The restart here stands for "the user runs the desk again later": the
//! pending rows are aged past the grace period before it, instead of sleeping two minutes.

#[allow(dead_code)]
#[path = "cli/support.rs"]
mod support;

use std::collections::{BTreeMap, HashMap};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use desk_core::Store;
use neuropay_sandbox::{Faults, Outcome};
use serde_json::Value;

use support::{World, BIN};

fn runs_wanted() -> usize {
    std::env::var("NPDESK_CRASH_RUNS")
        .map(|v| {
            v.trim()
                .parse()
                .unwrap_or_else(|_| panic!("NPDESK_CRASH_RUNS must be a number, got {v:?}"))
        })
        .unwrap_or(100)
}

/// A small deterministic generator (xorshift64*), so a failure replays.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_f491_4f6c_dd1d) % n.max(1)
    }
}

fn npdesk(w: &World, args: &[String]) -> Command {
    let mut c = Command::new(BIN);
    c.arg("--data-dir")
        .arg(w.data_dir())
        .arg("--json")
        .args(args)
        .env("NEUROPAY_API_KEY", w.test_key())
        .env(
            "DBUS_SESSION_BUS_ADDRESS",
            "unix:path=/nonexistent/npdesk-test",
        )
        .env_remove("NEUROPAY_BASE_URL")
        .env_remove("NPDESK_PROFILE")
        .env_remove("NPDESK_DATA_DIR")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    c
}

fn db(w: &World) -> Store {
    Store::open(w.data_dir().join(desk_core::paths::DB_FILE_NAME)).expect("database opens")
}

fn integrity(store: &Store) -> String {
    store
        .read(|conn| Ok(conn.query_row("PRAGMA integrity_check", [], |r| r.get::<_, String>(0))?))
        .expect("integrity check runs")
}

/// Journal rows as (idempotency key, state).
fn journal(store: &Store) -> Vec<(String, String)> {
    store
        .read(|conn| {
            let mut stmt = conn.prepare("SELECT idempotency_key, state FROM journal")?;
            let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
            Ok(rows.collect::<Result<Vec<(String, String)>, _>>()?)
        })
        .expect("journal")
}

/// Ages pending rows past the grace period: the restart happens "later".
fn age_pending(store: &Store) -> usize {
    let ms = (desk_core::ops::PENDING_GRACE + chrono::Duration::minutes(1)).num_milliseconds();
    store
        .write(|tx| {
            Ok(tx.execute(
                "UPDATE journal SET created_at = created_at - ?1, updated_at = updated_at - ?1 \
                 WHERE state = 'pending'",
                [ms],
            )?)
        })
        .expect("age pending rows")
}

fn create_args(rng: &mut Rng, n: usize) -> Vec<String> {
    let mut args: Vec<String> = [
        "checkout",
        "create",
        "--amount",
        &(500 + rng.below(10_000)).to_string(),
        "--currency",
        "SEK",
        "--message",
        &format!("Crash run {n}"),
        "--return-url",
        "https://shop.example/ok",
        "--cancel-url",
        "https://shop.example/cancel",
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .collect();
    if rng.below(2) == 0 {
        args.push("--no-capture".to_owned());
    }
    args
}

/// The write or sync to interrupt, chosen from what the server has now.
fn pick(rng: &mut Rng, w: &World, n: usize) -> Vec<String> {
    let key = w.test_key();
    let mut by_status: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for id in w.sandbox().checkout_ids(&key) {
        if let Some(c) = w.sandbox().checkout_json(&key, &id) {
            let status = c["status"].as_str().unwrap_or("").to_owned();
            by_status.entry(status).or_default().push(id);
        }
    }
    let any = |rng: &mut Rng, s: &str| {
        by_status
            .get(s)
            .filter(|v| !v.is_empty())
            .map(|v| v[rng.below(v.len() as u64) as usize].clone())
    };
    let s = |x: &str| x.to_owned();
    let roll = rng.below(100);
    let paid = any(rng, "paid").or_else(|| any(rng, "partialRefund"));
    match roll {
        0..=14 => vec![s("sync")],
        15..=29 if paid.is_some() => {
            let amount = 1 + rng.below(200);
            vec![
                s("checkout"),
                s("refund"),
                paid.unwrap_or_default(),
                s("--amount"),
                amount.to_string(),
            ]
        }
        30..=39 => match any(rng, "reserved") {
            Some(id) if rng.below(2) == 0 => vec![s("checkout"), s("capture"), id],
            Some(id) => vec![s("checkout"), s("release"), id],
            None => vec![s("sync")],
        },
        40..=49 => match any(rng, "created").or(paid) {
            Some(id) => vec![
                s("checkout"),
                s("update"),
                id,
                s("--meta"),
                format!("run={n}"),
            ],
            None => vec![s("sync")],
        },
        50..=54 => match any(rng, "created") {
            Some(id) => vec![s("checkout"), s("delete"), id],
            None => vec![s("sync")],
        },
        55..=62 => vec![
            s("customer"),
            s("create"),
            s("--first-name"),
            s("Crash"),
            s("--last-name"),
            format!("Run{n}"),
            s("--email"),
            format!("crash{n}@example.com"),
        ],
        _ => create_args(rng, n),
    }
}

#[test]
fn killed_mid_write_or_sync_the_cli_recovers_without_applying_anything_twice() {
    let runs = runs_wanted();
    let started = Instant::now();
    let w = World::new();
    w.add_profile();
    let mut rng = Rng(0x0c4a_5eed_1234_5678);
    // How long a write takes here, so the kills land inside commands on a fast machine and
    // a slow one alike: the kill comes at a uniformly random moment of about that span.
    let timed = Instant::now();
    for n in 0..3 {
        let out = npdesk(&w, &create_args(&mut rng, n))
            .output()
            .expect("npdesk");
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let span_ms = (timed.elapsed().as_millis() as u64 / 3).max(20) * 6 / 5;
    let mut tally: BTreeMap<&str, usize> = BTreeMap::new();
    let mut kinds: BTreeMap<String, usize> = BTreeMap::new();
    let mut pending_after_kill = 0;
    let mut settled_by_restart = 0;

    for n in 0..runs {
        // Buyers keep paying and reserving, so there is something to refund and capture.
        let key = w.test_key();
        for id in w.sandbox().checkout_ids(&key) {
            let created = w
                .sandbox()
                .checkout_json(&key, &id)
                .is_some_and(|c| c["status"] == "created");
            if created && rng.below(3) == 0 {
                let o = if rng.below(2) == 0 {
                    Outcome::Pay
                } else {
                    Outcome::Reserve
                };
                w.sandbox().buyer_outcome(&key, &id, o).expect("buyer");
            }
        }
        // Latency keeps some requests in flight long enough to be killed mid-request.
        w.set_faults(Faults {
            latency: Duration::from_millis([0, 15, 40][rng.below(3) as usize]),
            ..Faults::default()
        });
        let args = pick(&mut rng, &w, n);
        *kinds
            .entry(args[..2.min(args.len())].join(" "))
            .or_default() += 1;
        let mut child = npdesk(&w, &args).spawn().expect("npdesk starts");
        // Half the kills anywhere in the run, half in its later part, where the journal
        // row is committed and the request is on its way.
        let delay = if rng.below(2) == 0 {
            rng.below(span_ms)
        } else {
            span_ms * 2 / 5 + rng.below(span_ms * 3 / 5)
        };
        std::thread::sleep(Duration::from_millis(delay));
        let finished = child.try_wait().expect("wait").is_some();
        if finished {
            *tally.entry("finished before the kill").or_default() += 1;
        } else {
            child.kill().expect("SIGKILL");
            *tally.entry("killed").or_default() += 1;
        }
        child.wait().expect("reaped");

        let store = db(&w);
        assert_eq!(
            integrity(&store),
            "ok",
            "run {n}: after killing npdesk {args:?}"
        );
        pending_after_kill += journal(&store)
            .iter()
            .filter(|(_, s)| s == "pending" || s == "unknown")
            .count();
        age_pending(&store);
        drop(store);

        // The restart: faults off, `npdesk sync` settles first.
        w.set_faults(Faults::default());
        let out = npdesk(&w, &["sync".to_owned()])
            .output()
            .expect("npdesk sync");
        let report: Value = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
        assert_eq!(
            out.status.code(),
            Some(0),
            "run {n}: restart sync failed\nstdout: {}\nstderr: {}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        settled_by_restart += report["settled"].as_u64().unwrap_or(0) as usize;
        let store = db(&w);
        assert_eq!(integrity(&store), "ok", "run {n}: after the restart");
        let left: Vec<_> = journal(&store)
            .into_iter()
            .filter(|(_, s)| s == "pending" || s == "unknown")
            .collect();
        assert!(
            left.is_empty(),
            "run {n}: unsettled after the restart: {left:?}"
        );
    }

    // Every key at most once; done exactly once; failed never.
    let mut applied: HashMap<String, usize> = HashMap::new();
    for e in w.sandbox().ledger() {
        if let Some(k) = e.idempotency_key {
            *applied.entry(k).or_default() += 1;
        }
    }
    let duplicates: Vec<_> = applied.iter().filter(|(_, n)| **n > 1).collect();
    let rows = journal(&db(&w));
    let mut states: BTreeMap<String, usize> = BTreeMap::new();
    let mut disagree = Vec::new();
    for (k, state) in &rows {
        *states.entry(state.clone()).or_default() += 1;
        let times = applied.get(k).copied().unwrap_or(0);
        let ok = match state.as_str() {
            "done" => times == 1,
            "failed" => times == 0,
            _ => false,
        };
        if !ok {
            disagree.push(format!("{state} {k} applied {times} times"));
        }
    }
    let unjournaled = applied
        .keys()
        .filter(|k| !rows.iter().any(|(j, _)| j == *k))
        .count();
    println!(
        "\n=== crash recovery: {runs} runs in {:.1} s (kills within {span_ms} ms of the start) ===\n\
         commands: {kinds:?}\n\
         kills: {tally:?}\n\
         journal rows left pending/unknown by the kills: {pending_after_kill}; \
         settled by the restarts: {settled_by_restart}\n\
         integrity_check: ok after all {runs} kills and {runs} restarts\n\
         journal: {states:?}; ledger: {} applied writes, duplicates = {}, \
         journal/ledger disagreements = {}, applied but not journaled = {unjournaled}",
        started.elapsed().as_secs_f64(),
        applied.len(),
        duplicates.len(),
        disagree.len()
    );
    assert!(duplicates.is_empty(), "applied twice: {duplicates:?}");
    assert!(disagree.is_empty(), "journal vs ledger: {disagree:?}");
    assert_eq!(
        unjournaled, 0,
        "the server applied writes the journal does not know"
    );
    assert!(
        tally.get("killed").copied().unwrap_or(0) >= runs / 2,
        "too few runs were killed mid-way: {tally:?}"
    );
}
