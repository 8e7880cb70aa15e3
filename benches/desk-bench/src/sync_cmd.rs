//! `desk-bench sync`: N open checkouts retrieved from the loopback simulator by the desk's
//! sync, once clean and once with injected 429s and 5xx; the key comes from the real
//! keychain (run under tests/session.sh, as `make bench` does).

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use desk_core::ops::{CancelToken, Progress, Scope, SyncOptions, SyncReport};
use desk_core::{Desk, Mode, NewProfile, Store, Vault};
use futures::StreamExt;
use neuropay::{ApiKey, Client, CreateCheckout, IdempotencyKey};
use neuropay_sandbox::{Faults, SandboxConfig};

use crate::figures::{record, Figure};

const IN_FLIGHT: usize = 16;

pub async fn run(n: usize) -> Result<(), String> {
    let sandbox = neuropay_sandbox::start(SandboxConfig::default())
        .await
        .map_err(|e| e.to_string())?;
    let base = sandbox.base_url();
    let key = ApiKey::new(sandbox.keys().test.clone()).map_err(|e| e.to_string())?;

    println!("sync: creating {n} checkouts on the simulator");
    let client = Client::builder(&base, key.clone())
        .build()
        .map_err(|e| e.to_string())?;
    let created: Vec<Result<String, String>> = futures::stream::iter(0..n)
        .map(|i| {
            let client = &client;
            async move {
                let req = CreateCheckout::builder(
                    4900 + (i as i64 % 1000),
                    "SEK",
                    "Bench order",
                    "https://shop.example/ok",
                    "https://shop.example/cancel",
                )
                .identifier(format!("B-{i}"))
                .build()
                .map_err(|e| e.to_string())?;
                let reply = client
                    .create_checkout(&req, &IdempotencyKey::random())
                    .await
                    .map_err(|e| e.to_string())?;
                Ok(reply.value.id.into_string())
            }
        })
        .buffer_unordered(IN_FLIGHT)
        .collect()
        .await;
    let ids = created.into_iter().collect::<Result<Vec<_>, _>>()?;

    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    let store = Store::open(dir.path().join("desk.sqlite3")).map_err(|e| e.to_string())?;
    let desk = Desk::new(store.clone(), Vault::native());
    let profile = store
        .create_profile(&NewProfile {
            name: format!("Sync bench {}", std::process::id()),
            color: "#2563eb".into(),
            base_url: base.clone(),
            guard_rails: Default::default(),
        })
        .map_err(|e| e.to_string())?;
    desk.set_key(&profile.id, Mode::Test, key)
        .await
        .map_err(|e| format!("the keychain refused the key ({e}); run under tests/session.sh"))?;
    let scope = Scope::new(profile.id.clone(), Mode::Test);

    // The desk learns the ids the way a person would give them: an import.
    let started = Instant::now();
    let plan = Desk::parse_import(&ids.join("\n"));
    let report = desk
        .import(
            &scope,
            plan.ids,
            desk_core::ops::no_progress(),
            CancelToken::new(),
        )
        .await
        .map_err(|e| e.to_string())?;
    let took = started.elapsed();
    if report.imported != n {
        return Err(format!(
            "import retrieved {} of {n}: {:?}",
            report.imported,
            report.failed.first()
        ));
    }
    record(
        Figure::new(
            format!("import: retrieve {n} ids from the simulator"),
            n as f64 / took.as_secs_f64(),
            "checkouts/s",
        )
        .note(format!("{:.1} s, default 8 in flight", took.as_secs_f64())),
    )
    .map_err(|e| e.to_string())?;

    let clean = timed_sync(&desk, &scope).await?;
    report_sync(n, "clean", &clean, Some(2_000.0))?;

    sandbox.set_faults(Faults {
        error_rate: 0.05,
        rate_429: 0.02,
        retry_after: Duration::from_secs(1),
        ..Faults::default()
    });
    let faulty = timed_sync(&desk, &scope).await?;
    sandbox.set_faults(Faults::default());
    // No rate target here: 2% of 10,000 requests each told to wait a second are, at 16 in
    // flight, at least 12.5 s of waiting; the target is that nothing fails.
    report_sync(n, "5% 5xx + 2% 429 (Retry-After 1 s)", &faulty, None)?;

    desk.delete_key(&profile.id, Mode::Test)
        .await
        .map_err(|e| e.to_string())?;
    sandbox.shutdown().await;
    Ok(())
}

struct Timed {
    report: SyncReport,
    took: Duration,
    max_in_flight: usize,
}

async fn timed_sync(desk: &Desk, scope: &Scope) -> Result<Timed, String> {
    let max = Arc::new(AtomicUsize::new(0));
    let seen = max.clone();
    let progress = Arc::new(move |p: Progress| {
        seen.fetch_max(p.in_flight, Ordering::Relaxed);
    });
    let opts = SyncOptions {
        concurrency: IN_FLIGHT,
        rate_per_sec: None,
    };
    let started = Instant::now();
    let report = desk
        .sync_open(scope, opts, progress, CancelToken::new())
        .await
        .map_err(|e| e.to_string())?;
    Ok(Timed {
        report,
        took: started.elapsed(),
        max_in_flight: max.load(Ordering::Relaxed),
    })
}

fn report_sync(n: usize, label: &str, t: &Timed, target: Option<f64>) -> Result<(), String> {
    let rate = t.report.checked as f64 / t.took.as_secs_f64();
    let mut fig = Figure::new(
        format!("sync: {n} open checkouts, {label}"),
        rate,
        "checkouts/s",
    );
    if let Some(min) = target {
        fig = fig.at_least(min);
    }
    record(fig.note(format!(
        "{:.2} s, {} checked, max {} in flight (limit {IN_FLIGHT})",
        t.took.as_secs_f64(),
        t.report.checked,
        t.max_in_flight
    )))
    .map_err(|e| e.to_string())?;
    record(
        Figure::new(
            format!("sync: {n} open checkouts, {label} — failures"),
            t.report.failed.len() as f64,
            "",
        )
        .at_most(0.0),
    )
    .map_err(|e| e.to_string())?;
    if t.max_in_flight > IN_FLIGHT {
        return Err(format!(
            "{} requests were in flight at once (limit {IN_FLIGHT})",
            t.max_in_flight
        ));
    }
    Ok(())
}
