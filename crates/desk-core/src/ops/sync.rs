//! Reading the server's truth into the cache: one checkout or customer, or every open
//! checkout of a partition.

use chrono::Utc;
use neuropay::{CheckoutId, Client, CustomerId};
use rusqlite::params;
use serde::{Deserialize, Serialize};

use super::control::{CancelToken, ProgressFn};
use super::runner::{run_bounded, ItemFailure, SyncOptions};
use super::scope::Scope;
use crate::audit::{AuditEvent, AuditRecord};
use crate::cache::events::ACTOR_SYNC;
use crate::cache::{checkouts, import_queue};
use crate::cache::{customers, CheckoutRow, CustomerRow};
use crate::desk::Desk;
use crate::error::{Error, Result};

/// Pause before a run's second try of a read that failed for a transient reason.
const SECOND_TRY_PAUSE: std::time::Duration = std::time::Duration::from_millis(500);

/// What a sync did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct SyncReport {
    /// Open checkouts retrieved and cached.
    pub checked: usize,
    /// Of those, how many had a new status.
    pub changed: usize,
    /// Checkouts that could not be retrieved: (id, code, message). A checkout the server
    /// no longer knows is reported here and left in the cache as it was.
    pub failed: Vec<ItemFailure>,
    /// The run was cancelled before every checkout was retrieved.
    pub cancelled: bool,
    /// Pending or unknown writes settled before the sync.
    pub settled: usize,
}

/// One checkout as a retrieve left it in the cache.
#[derive(Debug, Clone)]
pub(crate) struct Refreshed {
    pub row: CheckoutRow,
    pub changed: bool,
    pub inserted: bool,
}

impl Desk {
    /// Retrieves one checkout and caches it; a status change lands on its timeline.
    /// A checkout the server does not know (400) is reported as that error and the cached
    /// row is left alone: an id typed into the wrong profile must not erase anything.
    pub async fn refresh_checkout(&self, scope: &Scope, id: &CheckoutId) -> Result<CheckoutRow> {
        let client = self.client(scope).await?;
        Ok(self.refresh_with(&client, scope, id).await?.row)
    }

    /// Retrieves one customer and caches it.
    pub async fn refresh_customer(&self, scope: &Scope, id: &CustomerId) -> Result<CustomerRow> {
        let client = self.client(scope).await?;
        self.refresh_customer_with(&client, scope, id).await
    }

    pub(crate) async fn refresh_with(
        &self,
        client: &Client,
        scope: &Scope,
        id: &CheckoutId,
    ) -> Result<Refreshed> {
        let reply = client.retrieve_checkout(id).await?;
        let scope = scope.clone();
        self.db(move |s| {
            s.write_relaxed(|tx| {
                let (p, m) = (&scope.profile, scope.mode);
                let c = &reply.value;
                let out = checkouts::upsert_in(tx, p, m, c, &reply.raw, Utc::now(), ACTOR_SYNC)?;
                import_queue::dequeue_in(tx, p, m, c.id.as_str())?;
                let (row, _) = checkouts::get_row_in(tx, p, m, c.id.as_str())?
                    .ok_or_else(|| Error::storage("checkout vanished while caching"))?;
                Ok(Refreshed {
                    row,
                    changed: out.status_changed,
                    inserted: out.inserted,
                })
            })
        })
        .await
    }

    /// [`Desk::refresh_with`] for sync and import runs: an id the server answers for
    /// definitively (cached, or refused as unknown or malformed) leaves the import queue;
    /// one that met a transient failure (offline, 5xx, rate limit, a locked keychain) stays
    /// for the next run.
    pub(crate) async fn retrieve_queued(
        &self,
        client: &Client,
        scope: &Scope,
        id: String,
    ) -> Result<Refreshed> {
        let result = match CheckoutId::new(id.clone()) {
            Ok(cid) => {
                let mut result = self.refresh_with(client, scope, &cid).await;
                // The client already retried; a read is safe to try once more after a
                // pause, so a run under a flaky API (measured: 5% 5xx and 2% 429) ends with
                // nothing left over instead of one in ten thousand.
                if matches!(&result, Err(Error::Api(e)) if e.is_transient()) {
                    tokio::time::sleep(SECOND_TRY_PAUSE).await;
                    result = self.refresh_with(client, scope, &cid).await;
                }
                result
            }
            Err(e) => Err(e.into()),
        };
        if let Err(e) = &result {
            if settles_import(e) {
                let s = scope.clone();
                self.db(move |st| st.dequeue_import(&s.profile, s.mode, &id))
                    .await?;
            }
        }
        result
    }

    pub(crate) async fn refresh_customer_with(
        &self,
        client: &Client,
        scope: &Scope,
        id: &CustomerId,
    ) -> Result<CustomerRow> {
        let reply = client.retrieve_customer(id).await?;
        let scope = scope.clone();
        self.db(move |s| {
            s.write(|tx| {
                let (p, m) = (&scope.profile, scope.mode);
                let c = &reply.value;
                customers::upsert_in(tx, p, m, c, &reply.raw, Utc::now())?;
                customers::get_row_in(tx, p, m, c.id.as_str())?
                    .ok_or_else(|| Error::storage("customer vanished while caching"))
            })
        })
        .await
    }

    /// Settles pending/unknown writes of the scope, then refreshes every non-final cached
    /// checkout with bounded concurrency (and the optional shared rate limit), giving way
    /// to writes in progress. Audited as one `sync_run`.
    pub async fn sync_open(
        &self,
        scope: &Scope,
        opts: SyncOptions,
        progress: ProgressFn,
        cancel: CancelToken,
    ) -> Result<SyncReport> {
        let result = self.sync_inner(scope, &opts, &progress, &cancel).await;
        let rec = match &result {
            Ok(r) => AuditRecord::success(sync_event(r)),
            Err(e) => AuditRecord::failure(sync_event(&SyncReport::default()), e),
        };
        self.audit(rec.profile(&scope.profile).mode(scope.mode))
            .await?;
        result
    }

    async fn sync_inner(
        &self,
        scope: &Scope,
        opts: &SyncOptions,
        progress: &ProgressFn,
        cancel: &CancelToken,
    ) -> Result<SyncReport> {
        let settled = self.settle_unsettled(Some(scope)).await?.settled();
        let s = scope.clone();
        let ids = self.db(move |st| open_checkout_ids(st, &s)).await?;
        let client = self.client(scope).await?;
        let run = run_bounded(ids, opts, &self.activity, progress, cancel, |id| {
            self.retrieve_queued(&client, scope, id)
        })
        .await;
        Ok(SyncReport {
            checked: run.ok.len(),
            changed: run.ok.iter().filter(|(_, r)| r.changed).count(),
            failed: run.failed,
            cancelled: run.cancelled,
            settled,
        })
    }
}

fn sync_event(r: &SyncReport) -> AuditEvent {
    AuditEvent::SyncRun {
        checked: r.checked,
        changed: r.changed,
        failed: r.failed.len(),
        cancelled: r.cancelled,
        settled: r.settled,
    }
}

/// Every non-final checkout of the scope, least recently synced first, then the ids an
/// earlier import left queued.
fn open_checkout_ids(store: &crate::db::Store, scope: &Scope) -> Result<Vec<String>> {
    store.read(|conn| {
        let mut stmt = conn.prepare(
            "SELECT id FROM checkouts
             WHERE profile_id = ?1 AND mode = ?2 AND is_final = 0
             ORDER BY last_synced_at, id",
        )?;
        let mut ids = stmt
            .query_map(params![scope.profile, scope.mode], |r| r.get(0))?
            .collect::<rusqlite::Result<Vec<String>>>()?;
        let mut queued = conn.prepare(
            "SELECT q.id FROM import_queue q
             WHERE q.profile_id = ?1 AND q.mode = ?2
               AND NOT EXISTS (SELECT 1 FROM checkouts c WHERE c.profile_id = q.profile_id
                               AND c.mode = q.mode AND c.id = q.id AND c.is_final = 0)
             ORDER BY q.queued_at, q.id",
        )?;
        let rest = queued.query_map(params![scope.profile, scope.mode], |r| r.get(0))?;
        for id in rest {
            ids.push(id?);
        }
        Ok(ids)
    })
}

/// The server answered for this id for good: retrying it later would get the same answer.
fn settles_import(e: &Error) -> bool {
    matches!(
        e,
        Error::InvalidInput { .. }
            | Error::Api(
                neuropay::Error::InvalidInput { .. }
                    | neuropay::Error::Rejected { .. }
                    | neuropay::Error::Decode { .. }
                    | neuropay::Error::TooLarge { .. }
            )
    )
}
