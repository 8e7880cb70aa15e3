//! The write path. Every operation goes through [`Desk::execute`]:
//!
//! 1. checks against the cached state (refreshed first when the checkout is not cached):
//!    live read-only, live confirmation, status, amount, refund cap, one write in flight;
//!    a refusal sends nothing, writes no journal row, and is audited as a failure;
//! 2. a `pending` journal row with a fresh Idempotency-Key, committed durably;
//! 3. the request (the client retries with the same key);
//! 4. one transaction recording the ending: cache + event + journal + audit.

use neuropay::{
    CheckoutId, CreateCheckout, CreateCustomer, CustomerId, IdempotencyKey, RefundRequest,
    UpdateMetadata,
};
use serde_json::Value;

use super::apply::{self, Applied, Settlement};
use super::checks;
use super::request::{Response, WriteRequest};
use super::scope::WriteCtx;
use crate::audit::{AuditRecord, WriteAudit};
use crate::cache::{CheckoutRow, CustomerRow};
use crate::desk::Desk;
use crate::error::{Error, Result};
use crate::journal::{JournalEntry, JournalState, NewJournalEntry};

impl Desk {
    /// Creates a checkout; returns it as cached.
    pub async fn create_checkout(
        &self,
        ctx: &WriteCtx,
        req: CreateCheckout,
    ) -> Result<CheckoutRow> {
        self.execute(ctx, WriteRequest::Create(req))
            .await?
            .into_checkout()
    }

    /// Captures a reserved checkout.
    pub async fn capture(&self, ctx: &WriteCtx, id: &CheckoutId) -> Result<CheckoutRow> {
        self.execute(ctx, WriteRequest::Capture(id.clone()))
            .await?
            .into_checkout()
    }

    /// Refunds a paid or partially refunded checkout (the whole remaining amount when the
    /// request has none). A reserved checkout is refused: use [`Desk::release`].
    pub async fn refund(&self, ctx: &WriteCtx, req: RefundRequest) -> Result<CheckoutRow> {
        self.execute(ctx, WriteRequest::Refund(req))
            .await?
            .into_checkout()
    }

    /// Releases the reserve of a reserved checkout (a refund without amount). The live
    /// refund cap does not apply: a release returns funds that were never charged.
    pub async fn release(&self, ctx: &WriteCtx, id: &CheckoutId) -> Result<CheckoutRow> {
        let req = RefundRequest::new(id.clone()).build()?;
        self.execute(ctx, WriteRequest::Release(req))
            .await?
            .into_checkout()
    }

    /// Sets or removes metadata keys.
    pub async fn update_metadata(
        &self,
        ctx: &WriteCtx,
        req: UpdateMetadata,
    ) -> Result<CheckoutRow> {
        self.execute(ctx, WriteRequest::Update(req))
            .await?
            .into_checkout()
    }

    /// Deletes a created (unpaid) checkout. The cached row stays, with status `deleted`
    /// and its timeline.
    pub async fn delete_checkout(&self, ctx: &WriteCtx, id: &CheckoutId) -> Result<()> {
        self.execute(ctx, WriteRequest::Delete(id.clone()))
            .await
            .map(|_| ())
    }

    /// Creates a customer; returns it as cached.
    pub async fn create_customer(
        &self,
        ctx: &WriteCtx,
        req: CreateCustomer,
    ) -> Result<CustomerRow> {
        self.execute(ctx, WriteRequest::CreateCustomer(req))
            .await?
            .into_customer()
    }

    /// Deletes a customer; a cached row is kept, marked deleted.
    pub async fn delete_customer(&self, ctx: &WriteCtx, id: &CustomerId) -> Result<()> {
        self.execute(ctx, WriteRequest::DeleteCustomer(id.clone()))
            .await
            .map(|_| ())
    }

    /// The one write flow (see the module documentation).
    async fn execute(&self, ctx: &WriteCtx, req: WriteRequest) -> Result<Applied> {
        // Background syncs give way from here until the write is recorded.
        let _busy = self.activity.begin_write();
        let params = req.params()?;
        let client = match self.prepare(ctx, &req).await {
            Ok(client) => client,
            Err(e) => return Err(self.refused(ctx, &req, &params, e).await),
        };

        let key = IdempotencyKey::random();
        let (scope, op, target, p, k) = (
            ctx.scope.clone(),
            req.op(),
            req.target(),
            params.clone(),
            key.clone(),
        );
        let inserted = self
            .db(move |s| {
                s.journal_insert_pending(&NewJournalEntry {
                    profile_id: &scope.profile,
                    mode: scope.mode,
                    operation: op,
                    target_id: target.as_deref(),
                    params: p,
                    idempotency_key: &k,
                })
            })
            .await;
        let entry = match inserted {
            Ok(entry) => entry,
            Err(e) => return Err(self.refused(ctx, &req, &params, e).await),
        };
        let _row = self.activity.claim_row(&entry.id);

        let result = req.send(&client, &key).await;
        let attempts_if_offline = client.retry_policy().max_attempts.max(1);
        self.conclude(ctx, req, params, entry, result, attempts_if_offline)
            .await
    }

    /// Step 1: everything that can refuse the write without sending it. Returns the
    /// client for the scope.
    async fn prepare(&self, ctx: &WriteCtx, req: &WriteRequest) -> Result<neuropay::Client> {
        let id = ctx.scope.profile.clone();
        let profile = self.db(move |s| s.get_profile(&id)).await?;
        checks::live_gate(ctx, &profile.guard_rails)?;
        let client = self.client(&ctx.scope).await?;
        if let Some(target) = req.target() {
            let (scope, t) = (ctx.scope.clone(), target.clone());
            let busy = self
                .db(move |s| s.journal_in_flight(&scope.profile, scope.mode, &t))
                .await?;
            if busy.is_some() {
                return Err(Error::WriteInFlight { target });
            }
        }
        if let Some(checkout) = req.checkout_target() {
            let cached = match self.cached(ctx, checkout).await {
                Err(Error::NotFound { .. }) => {
                    self.refresh_with(&client, &ctx.scope, checkout).await?;
                    self.cached(ctx, checkout).await?
                }
                other => other?,
            };
            if let Err(e) = checks::against_cache(req, &cached, &profile.guard_rails, ctx) {
                // A status refusal may come from a stale cache (the buyer paid since):
                // look at the server's state once and check that instead. Any other
                // refusal, or a failed look, stands.
                let stale_status = matches!(e, Error::WrongStatus { .. })
                    && cached.row.status != crate::cache::STATUS_DELETED;
                if !stale_status {
                    return Err(e);
                }
                match self.refresh_with(&client, &ctx.scope, checkout).await {
                    Ok(fresh) if fresh.row.status != cached.row.status => {
                        let cached = self.cached(ctx, checkout).await?;
                        checks::against_cache(req, &cached, &profile.guard_rails, ctx)?;
                    }
                    _ => return Err(e),
                }
            }
        }
        Ok(client)
    }

    async fn cached(
        &self,
        ctx: &WriteCtx,
        id: &CheckoutId,
    ) -> Result<crate::cache::CachedCheckout> {
        let (scope, id) = (ctx.scope.clone(), id.to_string());
        self.db(move |s| s.cached_checkout(&scope.profile, scope.mode, &id))
            .await
    }

    /// Audits a write refused before sending; returns the refusal.
    async fn refused(&self, ctx: &WriteCtx, req: &WriteRequest, params: &Value, e: Error) -> Error {
        let event = req.audit_event(WriteAudit {
            via: ctx.actor,
            journal_id: None,
            request: params.clone(),
        });
        let mut rec = AuditRecord::failure(event, &e)
            .profile(&ctx.scope.profile)
            .mode(ctx.scope.mode);
        if let Some(t) = req.target() {
            rec = rec.target(t);
        }
        if let Err(audit_error) = self.audit(rec).await {
            tracing::warn!(code = audit_error.code(), "could not audit a refused write");
        }
        e
    }

    /// Step 4: records the ending and returns what the caller gets.
    async fn conclude(
        &self,
        ctx: &WriteCtx,
        req: WriteRequest,
        params: Value,
        entry: JournalEntry,
        result: std::result::Result<Response, neuropay::Error>,
        attempts_if_offline: u32,
    ) -> Result<Applied> {
        let scope = ctx.scope.clone();
        let event = req.audit_event(WriteAudit {
            via: ctx.actor,
            journal_id: Some(entry.id.clone()),
            request: params,
        });
        match result {
            Ok(resp) => {
                let via = Some(ctx.actor);
                self.db(move |s| apply::commit_success(s, &scope, &entry, &req, &resp, via, event))
                    .await
            }
            Err(e) => {
                let (settlement, error) = classify_failure(e, attempts_if_offline);
                self.db(move |s| apply::commit_failure(s, &scope, &entry, &settlement, event))
                    .await?;
                Err(error)
            }
        }
    }
}

/// How a failed send is recorded, and the error the caller gets:
/// - nothing sent (offline): `failed`, code `offline`, "nothing was sent";
/// - may have been applied: `unknown`, code `outcome_unknown` (settled later);
/// - refused by the server: `failed` with the server's code and message.
pub(crate) fn classify_failure(
    e: neuropay::Error,
    attempts_if_offline: u32,
) -> (Settlement, Error) {
    if e.nothing_sent() {
        let (error, attempts) = match e {
            neuropay::Error::Offline { detail } => (Error::Offline { detail }, attempts_if_offline),
            other => (Error::Api(other), 1),
        };
        let s = Settlement {
            state: JournalState::Failed,
            code: error.code().to_owned(),
            message: error.message(),
            attempts,
        };
        return (s, error);
    }
    if e.may_have_been_applied() {
        let unknown = match e {
            neuropay::Error::OutcomeUnknown { .. } => e,
            other => neuropay::Error::OutcomeUnknown {
                attempts: 1,
                last: other.to_string(),
            },
        };
        let attempts = match &unknown {
            neuropay::Error::OutcomeUnknown { attempts, .. } => *attempts,
            _ => 1,
        };
        let s = Settlement {
            state: JournalState::Unknown,
            code: unknown.code().to_owned(),
            message: unknown.to_string(),
            attempts,
        };
        return (s, Error::Api(unknown));
    }
    let s = Settlement {
        state: JournalState::Failed,
        code: e.code().to_owned(),
        message: e.to_string(),
        attempts: 1,
    };
    (s, Error::Api(e))
}
