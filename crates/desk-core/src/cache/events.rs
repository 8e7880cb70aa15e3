//! The timeline of a checkout: status changes we observed and our own actions.

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection};
use serde::{Deserialize, Serialize};

use crate::db::{from_ms, to_ms, Store};
use crate::error::{Error, Result};
use crate::mode::Mode;
use crate::profiles::ProfileId;

/// Actor of events recorded by a sync (as opposed to a person's action).
pub const ACTOR_SYNC: &str = "sync";

/// What happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub enum EventKind {
    /// First time the desk saw this checkout.
    Observed,
    /// The server reported a different status than the cached one.
    StatusChanged,
    /// Our own actions, recorded by the writes with their journal id.
    Created,
    Captured,
    Refunded,
    MetadataUpdated,
    Deleted,
    /// A write the server refused.
    WriteFailed,
    /// A write whose outcome is not known yet.
    OutcomeUnknown,
}

impl EventKind {
    pub fn as_str(self) -> &'static str {
        match self {
            EventKind::Observed => "observed",
            EventKind::StatusChanged => "status_changed",
            EventKind::Created => "created",
            EventKind::Captured => "captured",
            EventKind::Refunded => "refunded",
            EventKind::MetadataUpdated => "metadata_updated",
            EventKind::Deleted => "deleted",
            EventKind::WriteFailed => "write_failed",
            EventKind::OutcomeUnknown => "outcome_unknown",
        }
    }

    fn parse(s: &str) -> Result<Self> {
        const ALL: [EventKind; 9] = [
            EventKind::Observed,
            EventKind::StatusChanged,
            EventKind::Created,
            EventKind::Captured,
            EventKind::Refunded,
            EventKind::MetadataUpdated,
            EventKind::Deleted,
            EventKind::WriteFailed,
            EventKind::OutcomeUnknown,
        ];
        ALL.into_iter()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| Error::storage(format!("unknown event kind {s:?}")))
    }
}

/// An event to append.
#[derive(Debug, Clone, PartialEq)]
pub struct NewEvent {
    pub kind: EventKind,
    pub at: DateTime<Utc>,
    pub from_status: Option<String>,
    pub to_status: Option<String>,
    /// Minor units (a refund's amount, a created checkout's amount).
    pub amount: Option<i64>,
    /// `sync`, or the OS user who acted.
    pub actor: String,
    pub journal_id: Option<String>,
    /// Extra facts as JSON (refund reason, metadata keys changed, error code, ...).
    pub detail: Option<serde_json::Value>,
}

impl NewEvent {
    pub fn new(kind: EventKind, at: DateTime<Utc>, actor: impl Into<String>) -> Self {
        NewEvent {
            kind,
            at,
            from_status: None,
            to_status: None,
            amount: None,
            actor: actor.into(),
            journal_id: None,
            detail: None,
        }
    }
}

/// A stored event, as the UI shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct CheckoutEvent {
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub seq: i64,
    pub at: DateTime<Utc>,
    pub kind: EventKind,
    pub from_status: Option<String>,
    pub to_status: Option<String>,
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub amount: Option<i64>,
    pub actor: String,
    pub journal_id: Option<String>,
    pub detail: Option<serde_json::Value>,
}

/// Appends an event inside the caller's transaction; the checkout must be cached.
pub(crate) fn append_in(
    conn: &Connection,
    profile: &ProfileId,
    mode: Mode,
    checkout_id: &str,
    ev: &NewEvent,
) -> Result<i64> {
    let detail = ev.detail.as_ref().map(serde_json::to_string).transpose()?;
    conn.prepare_cached(
        "INSERT INTO checkout_events (profile_id, mode, checkout_id, at, kind, from_status,
                                      to_status, amount, actor, journal_id, detail)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?
    .execute(params![
        profile,
        mode,
        checkout_id,
        to_ms(ev.at),
        ev.kind.as_str(),
        ev.from_status,
        ev.to_status,
        ev.amount,
        ev.actor,
        ev.journal_id,
        detail,
    ])?;
    Ok(conn.last_insert_rowid())
}

impl Store {
    /// Appends an event inside a [`Store::write`] transaction.
    pub fn append_checkout_event_in(
        &self,
        conn: &Connection,
        profile: &ProfileId,
        mode: Mode,
        checkout_id: &str,
        ev: &NewEvent,
    ) -> Result<i64> {
        append_in(conn, profile, mode, checkout_id, ev)
    }

    /// The timeline of one checkout, oldest first.
    pub fn checkout_events(
        &self,
        profile: &ProfileId,
        mode: Mode,
        checkout_id: &str,
    ) -> Result<Vec<CheckoutEvent>> {
        self.read(|conn| {
            let mut stmt = conn.prepare(
                "SELECT seq, at, kind, from_status, to_status, amount, actor, journal_id, detail
                 FROM checkout_events
                 WHERE profile_id = ?1 AND mode = ?2 AND checkout_id = ?3
                 ORDER BY seq",
            )?;
            let mut rows = stmt.query(params![profile, mode, checkout_id])?;
            let mut out = Vec::new();
            while let Some(r) = rows.next()? {
                let kind: String = r.get(2)?;
                let detail: Option<String> = r.get(8)?;
                out.push(CheckoutEvent {
                    seq: r.get(0)?,
                    at: from_ms(r.get(1)?)?,
                    kind: EventKind::parse(&kind)?,
                    from_status: r.get(3)?,
                    to_status: r.get(4)?,
                    amount: r.get(5)?,
                    actor: r.get(6)?,
                    journal_id: r.get(7)?,
                    detail: detail.map(|d| serde_json::from_str(&d)).transpose()?,
                });
            }
            Ok(out)
        })
    }
}
