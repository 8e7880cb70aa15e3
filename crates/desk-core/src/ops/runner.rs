//! The one bounded-concurrency runner behind sync and import.
//!
//! At most `concurrency` requests run at once; an optional shared rate limit spaces their
//! starts; before each start the run waits while a person's write is in progress (user
//! actions first) and stops starting new requests once cancelled.

use std::future::Future;
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use futures::StreamExt;
use serde::{Deserialize, Serialize};
use tokio::time::Instant;

use super::control::{CancelToken, Progress, ProgressFn, WriteActivity};
use crate::error::Result;

/// Default and largest number of requests in flight.
pub const DEFAULT_CONCURRENCY: usize = 8;
pub const MAX_CONCURRENCY: usize = 16;

/// How hard a sync or import may hit the API.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct SyncOptions {
    /// Requests in flight at once: default 8, clamped to 1..=16.
    pub concurrency: usize,
    /// Request starts per second across the whole run; None for no limit.
    pub rate_per_sec: Option<u32>,
}

impl Default for SyncOptions {
    fn default() -> Self {
        SyncOptions {
            concurrency: DEFAULT_CONCURRENCY,
            rate_per_sec: None,
        }
    }
}

impl SyncOptions {
    pub fn effective_concurrency(&self) -> usize {
        self.concurrency.clamp(1, MAX_CONCURRENCY)
    }
}

/// Spaces request starts evenly: one slot every `1 / rate` seconds, shared by all tasks.
#[derive(Debug)]
struct RateLimiter {
    interval: Duration,
    next: Mutex<Instant>,
}

impl RateLimiter {
    fn new(per_sec: u32) -> Self {
        RateLimiter {
            interval: Duration::from_secs(1) / per_sec.max(1),
            next: Mutex::new(Instant::now()),
        }
    }

    async fn acquire(&self) {
        // The slot is taken under the lock, the wait happens outside it.
        let slot = {
            let mut next = lock(&self.next);
            let slot = (*next).max(Instant::now());
            *next = slot + self.interval;
            slot
        };
        tokio::time::sleep_until(slot).await;
    }
}

/// One failed item: (checkout id, error code, message).
pub type ItemFailure = (String, String, String);

/// What a run did.
#[derive(Debug)]
pub(crate) struct RunOutcome<T> {
    pub ok: Vec<(String, T)>,
    pub failed: Vec<ItemFailure>,
    /// Some items were skipped because the run was cancelled.
    pub cancelled: bool,
}

#[derive(Debug, Default)]
struct Counters {
    done: usize,
    failed: usize,
    in_flight: usize,
}

/// Runs `work` for every id under the rules above, reporting progress as requests start
/// and finish. Items are independent: one failure never stops the others.
pub(crate) async fn run_bounded<T, F, Fut>(
    ids: Vec<String>,
    opts: &SyncOptions,
    activity: &WriteActivity,
    progress: &ProgressFn,
    cancel: &CancelToken,
    work: F,
) -> RunOutcome<T>
where
    F: Fn(String) -> Fut,
    Fut: Future<Output = Result<T>>,
{
    let total = ids.len();
    let limiter = opts.rate_per_sec.map(RateLimiter::new);
    let counters = Mutex::new(Counters::default());
    let report = |current: &str, change: &dyn Fn(&mut Counters)| {
        let p = {
            let mut c = lock(&counters);
            change(&mut c);
            Progress {
                done: c.done,
                total,
                failed: c.failed,
                current: Some(current.to_owned()),
                in_flight: c.in_flight,
            }
        };
        progress(p);
    };

    let results: Vec<Option<(String, Result<T>)>> = futures::stream::iter(ids)
        .map(|id| {
            let (limiter, work, report) = (&limiter, &work, &report);
            async move {
                let gate = async {
                    activity.wait_idle().await;
                    if let Some(l) = limiter {
                        l.acquire().await;
                    }
                };
                tokio::select! {
                    biased;
                    _ = cancel.cancelled() => return None,
                    _ = gate => {}
                }
                if cancel.is_cancelled() {
                    return None;
                }
                report(&id, &|c| c.in_flight += 1);
                let result = work(id.clone()).await;
                let failed = result.is_err();
                report(&id, &|c| {
                    c.in_flight -= 1;
                    c.done += 1;
                    c.failed += usize::from(failed);
                });
                Some((id, result))
            }
        })
        .buffer_unordered(opts.effective_concurrency())
        .collect()
        .await;

    let mut out = RunOutcome {
        ok: Vec::new(),
        failed: Vec::new(),
        cancelled: false,
    };
    for r in results {
        match r {
            Some((id, Ok(v))) => out.ok.push((id, v)),
            Some((id, Err(e))) => out.failed.push((id, e.code().to_owned(), e.message())),
            None => out.cancelled = true,
        }
    }
    out
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    use crate::error::Error;

    fn recorder() -> (ProgressFn, Arc<Mutex<Vec<Progress>>>) {
        let seen = Arc::new(Mutex::new(Vec::new()));
        let sink = seen.clone();
        (Arc::new(move |p| lock(&sink).push(p)), seen)
    }

    #[tokio::test]
    async fn bound_is_respected_failures_are_collected_and_progress_counts() {
        let ids: Vec<String> = (0..20).map(|i| format!("id{i:02}")).collect();
        let (progress, seen) = recorder();
        let opts = SyncOptions {
            concurrency: 3,
            rate_per_sec: None,
        };
        let out = run_bounded(
            ids,
            &opts,
            &WriteActivity::default(),
            &progress,
            &CancelToken::new(),
            |id| async move {
                tokio::time::sleep(Duration::from_millis(5)).await;
                if id.ends_with('7') {
                    Err(Error::invalid("id", "seven"))
                } else {
                    Ok(id.len())
                }
            },
        )
        .await;
        assert_eq!(out.ok.len(), 18);
        assert_eq!(out.failed.len(), 2);
        assert!(out
            .failed
            .iter()
            .all(|(_, code, _)| code == "invalid_input"));
        assert!(!out.cancelled);
        let seen = lock(&seen);
        assert_eq!(seen.len(), 40, "one report per start and per finish");
        let max = seen.iter().map(|p| p.in_flight).max().unwrap();
        assert_eq!(max, 3, "the bound is reached and never passed");
        let last = seen.last().unwrap();
        assert_eq!((last.done, last.total, last.failed), (20, 20, 2));
    }

    #[tokio::test]
    async fn rate_limit_spaces_starts() {
        let ids: Vec<String> = (0..6).map(|i| i.to_string()).collect();
        let opts = SyncOptions {
            concurrency: 16,
            rate_per_sec: Some(50),
        };
        let started = std::time::Instant::now();
        let out = run_bounded(
            ids,
            &opts,
            &WriteActivity::default(),
            &crate::ops::no_progress(),
            &CancelToken::new(),
            |_| async { Ok(()) },
        )
        .await;
        assert_eq!(out.ok.len(), 6);
        // Six starts at 50/s: the last one no earlier than 5 × 20 ms after the first.
        assert!(started.elapsed() >= Duration::from_millis(95));
    }
}
