//! Steering long runs: cancellation, progress reports, and the rule that a person's
//! write goes before background sync traffic.

use std::collections::HashSet;
use std::fmt;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use serde::{Deserialize, Serialize};
use tokio::sync::Notify;

/// Cancels a sync or an import: requests not started yet are skipped, the ones in flight
/// finish (they are short, and their replies are worth caching). Cheap to clone; every
/// clone cancels the same run.
#[derive(Clone, Default)]
pub struct CancelToken {
    inner: Arc<CancelInner>,
}

#[derive(Default)]
struct CancelInner {
    flag: AtomicBool,
    notify: Notify,
}

impl fmt::Debug for CancelToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CancelToken")
            .field("cancelled", &self.is_cancelled())
            .finish()
    }
}

impl CancelToken {
    pub fn new() -> Self {
        CancelToken::default()
    }

    pub fn cancel(&self) {
        self.inner.flag.store(true, Ordering::SeqCst);
        self.inner.notify.notify_waiters();
    }

    pub fn is_cancelled(&self) -> bool {
        self.inner.flag.load(Ordering::SeqCst)
    }

    /// Completes once [`CancelToken::cancel`] has been called.
    pub async fn cancelled(&self) {
        loop {
            // Registered before the check, so a cancel between the two still wakes us.
            let notified = self.inner.notify.notified();
            if self.is_cancelled() {
                return;
            }
            notified.await;
        }
    }
}

/// Where a sync or import stands. Sent when a request starts and when it ends.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Progress {
    /// Requests finished (successfully or not).
    pub done: usize,
    pub total: usize,
    /// Of `done`, how many failed.
    pub failed: usize,
    /// The checkout id that just started or finished.
    pub current: Option<String>,
    /// Requests running right now (never above the run's concurrency).
    pub in_flight: usize,
}

/// Progress callback. Called from the run's task: keep it quick.
pub type ProgressFn = Arc<dyn Fn(Progress) + Send + Sync>;

/// A callback that ignores progress.
pub fn no_progress() -> ProgressFn {
    Arc::new(|_| {})
}

/// Writes in progress in this process, so background runs can give way to them, and the
/// journal rows being worked on, so settling never re-sends a write whose first attempt
/// is still waiting for its reply.
#[derive(Debug, Default)]
pub(crate) struct WriteActivity {
    writes: AtomicUsize,
    idle: Notify,
    rows: Mutex<HashSet<String>>,
}

impl WriteActivity {
    /// Marks a write as started until the guard is dropped.
    pub(crate) fn begin_write(self: &Arc<Self>) -> WriteGuard {
        self.writes.fetch_add(1, Ordering::SeqCst);
        WriteGuard {
            activity: self.clone(),
        }
    }

    /// Claims a journal row; None when someone in this process is already working on it.
    pub(crate) fn claim_row(self: &Arc<Self>, journal_id: &str) -> Option<RowGuard> {
        let fresh = lock(&self.rows).insert(journal_id.to_owned());
        fresh.then(|| RowGuard {
            activity: self.clone(),
            id: journal_id.to_owned(),
        })
    }

    /// Waits until no write is in progress.
    pub(crate) async fn wait_idle(&self) {
        loop {
            let notified = self.idle.notified();
            if self.writes.load(Ordering::SeqCst) == 0 {
                return;
            }
            notified.await;
        }
    }
}

/// See [`WriteActivity::begin_write`].
#[derive(Debug)]
pub(crate) struct WriteGuard {
    activity: Arc<WriteActivity>,
}

impl Drop for WriteGuard {
    fn drop(&mut self) {
        if self.activity.writes.fetch_sub(1, Ordering::SeqCst) == 1 {
            self.activity.idle.notify_waiters();
        }
    }
}

/// See [`WriteActivity::claim_row`].
#[derive(Debug)]
pub(crate) struct RowGuard {
    activity: Arc<WriteActivity>,
    id: String,
}

impl Drop for RowGuard {
    fn drop(&mut self) {
        lock(&self.activity.rows).remove(&self.id);
    }
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[tokio::test]
    async fn cancel_wakes_a_waiter_and_sticks() {
        let token = CancelToken::new();
        let waiter = tokio::spawn({
            let t = token.clone();
            async move { t.cancelled().await }
        });
        tokio::time::sleep(Duration::from_millis(10)).await;
        assert!(!token.is_cancelled());
        token.cancel();
        tokio::time::timeout(Duration::from_secs(2), waiter)
            .await
            .expect("woken")
            .expect("joined");
        // Already cancelled: completes at once.
        tokio::time::timeout(Duration::from_millis(100), token.cancelled())
            .await
            .expect("immediate");
    }

    #[tokio::test]
    async fn idle_waits_for_the_last_write_and_rows_are_claimed_once() {
        let activity = Arc::new(WriteActivity::default());
        let a = activity.begin_write();
        let b = activity.begin_write();
        let waiter = tokio::spawn({
            let act = activity.clone();
            async move { act.wait_idle().await }
        });
        drop(a);
        tokio::time::sleep(Duration::from_millis(20)).await;
        assert!(!waiter.is_finished(), "one write is still running");
        drop(b);
        tokio::time::timeout(Duration::from_secs(2), waiter)
            .await
            .expect("woken")
            .expect("joined");

        let row = activity.claim_row("j1").expect("first claim");
        assert!(activity.claim_row("j1").is_none(), "claimed twice");
        drop(row);
        assert!(activity.claim_row("j1").is_some(), "released on drop");
    }
}
