//! Recording how a write ended, each ending in ONE transaction: the cache, the timeline
//! event (with the journal id), the journal row and the audit entry commit together or
//! not at all.

use chrono::{DateTime, Utc};
use rusqlite::Connection;
use serde_json::{json, Value};

use super::request::{Response, WriteRequest};
use super::scope::{Actor, Scope};
use crate::audit::{AuditEvent, AuditRecord, Outcome};
use crate::cache::checkouts::{self, STATUS_DELETED};
use crate::cache::customers;
use crate::cache::events::{self, EventKind, NewEvent};
use crate::cache::{CheckoutRow, CustomerRow};
use crate::db::Store;
use crate::error::{Error, ErrorDto, Result};
use crate::journal::{self, JournalEntry, JournalState};

/// What a successful write left in the cache.
#[derive(Debug, Clone)]
pub(crate) enum Applied {
    Checkout(CheckoutRow),
    Customer(CustomerRow),
    /// A delete: the object is gone on the server.
    Removed,
}

impl Applied {
    pub(crate) fn into_checkout(self) -> Result<CheckoutRow> {
        match self {
            Applied::Checkout(row) => Ok(row),
            _ => Err(Error::storage("a checkout write did not return a checkout")),
        }
    }

    pub(crate) fn into_customer(self) -> Result<CustomerRow> {
        match self {
            Applied::Customer(row) => Ok(row),
            _ => Err(Error::storage("a customer write did not return a customer")),
        }
    }
}

/// How an unsuccessful write is recorded.
#[derive(Debug, Clone)]
pub(crate) struct Settlement {
    /// `failed` (certainly not applied, or too old to re-send) or `unknown`.
    pub state: JournalState,
    pub code: String,
    pub message: String,
    pub attempts: u32,
}

impl Settlement {
    fn outcome(&self) -> Outcome {
        match self.state {
            JournalState::Unknown | JournalState::Pending => Outcome::Unknown,
            JournalState::Failed | JournalState::Done => Outcome::Failure,
        }
    }

    fn event_kind(&self) -> EventKind {
        match self.state {
            JournalState::Unknown | JournalState::Pending => EventKind::OutcomeUnknown,
            JournalState::Failed | JournalState::Done => EventKind::WriteFailed,
        }
    }
}

/// The server applied the write: cache it, add the timeline event, mark the journal row
/// done and append the audit entry.
pub(crate) fn commit_success(
    store: &Store,
    scope: &Scope,
    entry: &JournalEntry,
    req: &WriteRequest,
    resp: &Response,
    via: Option<Actor>,
    audit: AuditEvent,
) -> Result<Applied> {
    let now = Utc::now();
    let actor = store.os_user().to_owned();
    store.write(|tx| {
        let mut detail = req.event_detail();
        if let (Some(via), Value::Object(m)) = (via, &mut detail) {
            m.insert("via".into(), json!(via.as_str()));
        }
        let ctx = EventCtx {
            scope,
            journal_id: &entry.id,
            actor: &actor,
            at: now,
        };
        let (applied, target) = apply_in(tx, &ctx, req, resp, detail)?;
        journal::settle_in(
            tx,
            &entry.id,
            JournalState::Done,
            target.as_deref(),
            None,
            resp.attempts(),
            now,
        )?;
        let mut rec = AuditRecord::success(audit)
            .profile(&scope.profile)
            .mode(scope.mode);
        if let Some(t) = target.or_else(|| entry.target_id.clone()) {
            rec = rec.target(t);
        }
        store.append_audit_in(tx, &rec)?;
        Ok(applied)
    })
}

/// The write was refused, never sent, too old to re-send, or of unknown outcome: record
/// it on the journal row, on the checkout's timeline (when the checkout is cached) and in
/// the audit log.
pub(crate) fn commit_failure(
    store: &Store,
    scope: &Scope,
    entry: &JournalEntry,
    settlement: &Settlement,
    audit: AuditEvent,
) -> Result<()> {
    let now = Utc::now();
    let actor = store.os_user().to_owned();
    store.write(|tx| {
        journal::settle_in(
            tx,
            &entry.id,
            settlement.state,
            None,
            Some((&settlement.code, &settlement.message)),
            settlement.attempts,
            now,
        )?;
        if let Some(target) = &entry.target_id {
            if is_cached_checkout(tx, scope, target)? {
                let ev = NewEvent {
                    journal_id: Some(entry.id.clone()),
                    detail: Some(json!({
                        "operation": entry.operation.as_str(),
                        "code": settlement.code,
                        "message": settlement.message,
                    })),
                    ..NewEvent::new(settlement.event_kind(), now, actor.as_str())
                };
                events::append_in(tx, &scope.profile, scope.mode, target, &ev)?;
            }
        }
        let mut rec = AuditRecord {
            outcome: settlement.outcome(),
            error: Some(ErrorDto {
                code: settlement.code.clone(),
                message: settlement.message.clone(),
                field: None,
            }),
            ..AuditRecord::success(audit)
        }
        .profile(&scope.profile)
        .mode(scope.mode);
        if let Some(t) = &entry.target_id {
            rec = rec.target(t.clone());
        }
        store.append_audit_in(tx, &rec)?;
        Ok(())
    })
}

struct EventCtx<'a> {
    scope: &'a Scope,
    journal_id: &'a str,
    actor: &'a str,
    at: DateTime<Utc>,
}

impl EventCtx<'_> {
    fn event(&self, kind: EventKind, detail: Value) -> NewEvent {
        NewEvent {
            journal_id: Some(self.journal_id.to_owned()),
            detail: Some(detail),
            ..NewEvent::new(kind, self.at, self.actor)
        }
    }
}

/// Applies a reply to the cache; returns what it left and the object's id.
fn apply_in(
    tx: &Connection,
    ctx: &EventCtx<'_>,
    req: &WriteRequest,
    resp: &Response,
    detail: Value,
) -> Result<(Applied, Option<String>)> {
    let (p, m) = (&ctx.scope.profile, ctx.scope.mode);
    match resp {
        Response::Checkout(reply) => {
            let c = &reply.value;
            let id = c.id.as_str();
            let refunded_before = checkouts::get_row_in(tx, p, m, id)?.map(|(r, _)| r.refunded);
            let amount = match req {
                WriteRequest::Create(_) => Some(c.amount),
                WriteRequest::Refund(r) | WriteRequest::Release(r) => {
                    Some(r.amount().unwrap_or_else(|| {
                        (c.refunded_amount - refunded_before.unwrap_or(0)).max(0)
                    }))
                }
                _ => None,
            };
            let ev = NewEvent {
                amount,
                ..ctx.event(req.event_kind(), detail)
            };
            checkouts::upsert_with_event_in(tx, p, m, c, &reply.raw, ctx.at, ctx.actor, Some(&ev))?;
            let (row, _) = checkouts::get_row_in(tx, p, m, id)?
                .ok_or_else(|| Error::storage(format!("checkout {id} vanished while caching")))?;
            Ok((Applied::Checkout(row), Some(id.to_owned())))
        }
        Response::Customer(reply) => {
            let id = reply.value.id.as_str();
            customers::upsert_in(tx, p, m, &reply.value, &reply.raw, ctx.at)?;
            let row = customers::get_row_in(tx, p, m, id)?
                .ok_or_else(|| Error::storage(format!("customer {id} vanished while caching")))?;
            Ok((Applied::Customer(row), Some(id.to_owned())))
        }
        Response::Deleted(_) => match req {
            WriteRequest::Delete(id) => {
                if let Some(previous) = checkouts::mark_deleted_in(tx, p, m, id.as_str(), ctx.at)? {
                    let ev = NewEvent {
                        from_status: Some(previous),
                        to_status: Some(STATUS_DELETED.to_owned()),
                        ..ctx.event(EventKind::Deleted, detail)
                    };
                    events::append_in(tx, p, m, id.as_str(), &ev)?;
                }
                Ok((Applied::Removed, Some(id.to_string())))
            }
            WriteRequest::DeleteCustomer(id) => {
                match customers::mark_deleted_in(tx, p, m, id.as_str(), ctx.at) {
                    Ok(()) | Err(Error::NotFound { .. }) => {}
                    Err(e) => return Err(e),
                }
                Ok((Applied::Removed, Some(id.to_string())))
            }
            _ => Err(Error::storage(
                "the server answered a non-delete write with a delete confirmation",
            )),
        },
    }
}

fn is_cached_checkout(tx: &Connection, scope: &Scope, id: &str) -> Result<bool> {
    let found: bool = tx.query_row(
        "SELECT EXISTS (SELECT 1 FROM checkouts WHERE profile_id = ?1 AND mode = ?2 AND id = ?3)",
        rusqlite::params![scope.profile, scope.mode, id],
        |r| r.get(0),
    )?;
    Ok(found)
}
