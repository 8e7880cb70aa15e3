//! Bulk actions on a selection of the list: a plan that says what will and will not be
//! done and why, then a run through the same paths as single actions (a capture goes
//! through the journal like any other, so an interrupted run is settled on the next start).

use std::collections::HashSet;
use std::sync::Arc;

use neuropay::CheckoutId;
use serde::{Deserialize, Serialize};

use crate::cache::checkouts::get_row_in;
use crate::db::Store;
use crate::desk::Desk;
use crate::error::Result;
use crate::journal::in_flight_for_in;
use crate::ops::runner::{run_bounded, SyncOptions};
use crate::ops::{CancelToken, ItemFailure, Progress, ProgressFn, Scope, WriteCtx};

/// Writes in flight at once during a bulk capture: few, so a person's own action and the
/// rate limit of the API keep room.
pub const BULK_CONCURRENCY: usize = 4;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub enum BulkAction {
    /// Retrieve each checkout and update the cache.
    Refresh,
    /// Capture each reserved checkout.
    Capture,
}

/// A checkout the action leaves alone, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct BulkSkip {
    pub id: String,
    pub reason: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct BulkPlan {
    /// Ids the action will be applied to, in selection order.
    pub will: Vec<String>,
    pub wont: Vec<BulkSkip>,
}

/// The ending of one row of a run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct BulkRowResult {
    pub id: String,
    pub ok: bool,
    /// The checkout's status afterwards, when the request succeeded.
    pub status: Option<String>,
    pub code: Option<String>,
    pub message: Option<String>,
}

/// Progress of a run: the counts, and the row that just ended (if one did).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct BulkProgress {
    pub done: usize,
    pub total: usize,
    pub failed: usize,
    pub row: Option<BulkRowResult>,
}

pub type BulkProgressFn = Arc<dyn Fn(BulkProgress) + Send + Sync>;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct BulkReport {
    /// (id, status afterwards).
    pub done: Vec<(String, String)>,
    pub failed: Vec<ItemFailure>,
    /// What the plan left out, with reasons.
    pub skipped: Vec<BulkSkip>,
    pub cancelled: bool,
}

/// Why `action` would not apply to a checkout in `status` (None: it applies).
pub fn refusal(action: BulkAction, status: Option<&str>, in_flight: bool) -> Option<String> {
    if in_flight {
        return Some("another write on it is still being settled".to_owned());
    }
    match (action, status) {
        (BulkAction::Refresh, _) => None,
        (BulkAction::Capture, None) => Some("not in the cache: refresh it first".to_owned()),
        (BulkAction::Capture, Some("reserved")) => None,
        (BulkAction::Capture, Some(other)) => Some(format!(
            "status is {other}: only reserved checkouts can be captured"
        )),
    }
}

impl Store {
    /// Splits a selection into what `action` will and will not touch, from the cache.
    /// Duplicate ids are planned once.
    pub fn bulk_plan(&self, scope: &Scope, ids: &[String], action: BulkAction) -> Result<BulkPlan> {
        self.read(|conn| {
            let mut plan = BulkPlan::default();
            let mut seen = HashSet::new();
            for id in ids.iter().filter(|id| seen.insert(id.as_str())) {
                let row = get_row_in(conn, &scope.profile, scope.mode, id)?;
                let busy = in_flight_for_in(conn, &scope.profile, scope.mode, id)?.is_some();
                let status = row.as_ref().map(|(r, _)| r.status.as_str());
                match refusal(action, status, busy) {
                    None => plan.will.push(id.clone()),
                    Some(reason) => plan.wont.push(BulkSkip {
                        id: id.clone(),
                        reason,
                    }),
                }
            }
            Ok(plan)
        })
    }
}

impl Desk {
    /// Plans again (the cache may have moved since the review) and runs the action on
    /// what the plan allows, [`BULK_CONCURRENCY`] at a time, until done or cancelled.
    pub async fn bulk_run(
        &self,
        ctx: &WriteCtx,
        ids: Vec<String>,
        action: BulkAction,
        progress: BulkProgressFn,
        cancel: CancelToken,
    ) -> Result<BulkReport> {
        let scope = ctx.scope.clone();
        let plan = self.db(move |s| s.bulk_plan(&scope, &ids, action)).await?;
        let total = plan.will.len();
        let counts: ProgressFn = {
            let progress = progress.clone();
            Arc::new(move |p: Progress| {
                progress(BulkProgress {
                    done: p.done,
                    total: p.total,
                    failed: p.failed,
                    row: None,
                })
            })
        };
        let opts = SyncOptions {
            concurrency: BULK_CONCURRENCY,
            rate_per_sec: None,
        };
        let run = run_bounded(plan.will, &opts, &self.activity, &counts, &cancel, |id| {
            let progress = progress.clone();
            async move {
                let result = self.bulk_one(ctx, &id, action).await;
                let row = match &result {
                    Ok(status) => BulkRowResult {
                        id: id.clone(),
                        ok: true,
                        status: Some(status.clone()),
                        code: None,
                        message: None,
                    },
                    Err(e) => BulkRowResult {
                        id: id.clone(),
                        ok: false,
                        status: None,
                        code: Some(e.code().to_owned()),
                        message: Some(e.message()),
                    },
                };
                progress(BulkProgress {
                    done: 0,
                    total,
                    failed: 0,
                    row: Some(row),
                });
                result
            }
        })
        .await;
        Ok(BulkReport {
            done: run.ok,
            failed: run.failed,
            skipped: plan.wont,
            cancelled: run.cancelled,
        })
    }

    async fn bulk_one(&self, ctx: &WriteCtx, id: &str, action: BulkAction) -> Result<String> {
        let id = CheckoutId::new(id)?;
        let row = match action {
            BulkAction::Refresh => self.refresh_checkout(&ctx.scope, &id).await?,
            BulkAction::Capture => self.capture(ctx, &id).await?,
        };
        Ok(row.status)
    }
}
