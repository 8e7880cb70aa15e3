//! The operation journal: one row per logical write, written and committed before the
//! request is sent, settled when the reply (or a later retrieve) tells what happened.
//!
//! Table access only; the write flow that uses it comes with the writes half. The
//! database enforces the rules that keep money safe: one unsettled write per object
//! (`ux_journal_in_flight`), unique Idempotency-Keys, and no way back from done/failed.

use chrono::{DateTime, Utc};
use neuropay::IdempotencyKey;
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};

use crate::db::{from_ms, to_ms, Store};
use crate::error::{Error, Result};
use crate::mode::Mode;
use crate::profiles::ProfileId;

/// The API call a journal row stands for (named after the client's methods).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub enum JournalOp {
    CreateCheckout,
    CaptureCheckout,
    RefundCheckout,
    UpdateCheckout,
    DeleteCheckout,
    CreateCustomer,
    DeleteCustomer,
}

impl JournalOp {
    pub const ALL: [JournalOp; 7] = [
        JournalOp::CreateCheckout,
        JournalOp::CaptureCheckout,
        JournalOp::RefundCheckout,
        JournalOp::UpdateCheckout,
        JournalOp::DeleteCheckout,
        JournalOp::CreateCustomer,
        JournalOp::DeleteCustomer,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            JournalOp::CreateCheckout => "create_checkout",
            JournalOp::CaptureCheckout => "capture_checkout",
            JournalOp::RefundCheckout => "refund_checkout",
            JournalOp::UpdateCheckout => "update_checkout",
            JournalOp::DeleteCheckout => "delete_checkout",
            JournalOp::CreateCustomer => "create_customer",
            JournalOp::DeleteCustomer => "delete_customer",
        }
    }

    fn parse(s: &str) -> Result<Self> {
        JournalOp::ALL
            .into_iter()
            .find(|o| o.as_str() == s)
            .ok_or_else(|| Error::storage(format!("unknown journal operation {s:?}")))
    }
}

/// Where a write stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub enum JournalState {
    /// Committed, request not answered yet (or the app stopped mid-request).
    Pending,
    Done,
    /// The server refused: certainly not applied.
    Failed,
    /// May or may not have been applied: settle by retrieving the object.
    Unknown,
}

impl JournalState {
    pub fn as_str(self) -> &'static str {
        match self {
            JournalState::Pending => "pending",
            JournalState::Done => "done",
            JournalState::Failed => "failed",
            JournalState::Unknown => "unknown",
        }
    }

    fn parse(s: &str) -> Result<Self> {
        [
            JournalState::Pending,
            JournalState::Done,
            JournalState::Failed,
            JournalState::Unknown,
        ]
        .into_iter()
        .find(|x| x.as_str() == s)
        .ok_or_else(|| Error::storage(format!("unknown journal state {s:?}")))
    }
}

/// A journal row.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct JournalEntry {
    pub id: String,
    pub profile_id: ProfileId,
    pub mode: Mode,
    pub operation: JournalOp,
    pub target_id: Option<String>,
    /// The request as sent (wire JSON of the neuropay request value; never a key).
    pub params: serde_json::Value,
    pub idempotency_key: String,
    pub state: JournalState,
    pub error_code: Option<String>,
    pub error_message: Option<String>,
    pub attempts: u32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A write about to be sent.
#[derive(Debug, Clone)]
pub struct NewJournalEntry<'a> {
    pub profile_id: &'a ProfileId,
    pub mode: Mode,
    pub operation: JournalOp,
    /// None only for a create, whose object has no id yet.
    pub target_id: Option<&'a str>,
    pub params: serde_json::Value,
    pub idempotency_key: &'a IdempotencyKey,
}

const JOURNAL_COLUMNS: &str = "id, profile_id, mode, operation, target_id, params, \
    idempotency_key, state, error_code, error_message, attempts, created_at, updated_at";

fn entry_from_row(r: &Row<'_>) -> Result<JournalEntry> {
    let op: String = r.get(3)?;
    let params: String = r.get(5)?;
    let state: String = r.get(7)?;
    Ok(JournalEntry {
        id: r.get(0)?,
        profile_id: r.get(1)?,
        mode: r.get(2)?,
        operation: JournalOp::parse(&op)?,
        target_id: r.get(4)?,
        params: serde_json::from_str(&params)?,
        idempotency_key: r.get(6)?,
        state: JournalState::parse(&state)?,
        error_code: r.get(8)?,
        error_message: r.get(9)?,
        attempts: r.get(10)?,
        created_at: from_ms(r.get(11)?)?,
        updated_at: from_ms(r.get(12)?)?,
    })
}

/// One journal row by id inside any connection.
pub fn get_in(conn: &Connection, id: &str) -> Result<JournalEntry> {
    let sql = format!("SELECT {JOURNAL_COLUMNS} FROM journal WHERE id = ?1");
    let mut stmt = conn.prepare(&sql)?;
    let mut rows = stmt.query([id])?;
    match rows.next()? {
        Some(r) => entry_from_row(r),
        None => Err(Error::not_found(format!("journal entry {id}"))),
    }
}

/// Inserts a `pending` row; refuses with `write_in_flight` when the target already has
/// an unsettled write.
pub fn insert_pending_in(
    conn: &Connection,
    new: &NewJournalEntry<'_>,
    now: DateTime<Utc>,
) -> Result<JournalEntry> {
    let id = uuid::Uuid::new_v4().simple().to_string();
    let result = conn.execute(
        "INSERT INTO journal (id, profile_id, mode, operation, target_id, params,
                              idempotency_key, state, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'pending', ?8, ?8)",
        params![
            id,
            new.profile_id,
            new.mode,
            new.operation.as_str(),
            new.target_id,
            serde_json::to_string(&new.params)?,
            new.idempotency_key.as_str(),
            to_ms(now),
        ],
    );
    match result {
        Ok(_) => get_in(conn, &id),
        Err(rusqlite::Error::SqliteFailure(f, Some(msg)))
            if f.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE
                && msg.contains("target_id") =>
        {
            Err(Error::WriteInFlight {
                target: new.target_id.unwrap_or_default().to_owned(),
            })
        }
        Err(e) => Err(e.into()),
    }
}

/// Moves a row to `state`, recording the error (or clearing it for `done`), the number
/// of attempts, and the target id a create learned from its reply.
/// Refuses a settled row (the trigger `journal_state_transitions` backs this up).
pub fn settle_in(
    conn: &Connection,
    id: &str,
    state: JournalState,
    target_id: Option<&str>,
    error: Option<(&str, &str)>,
    attempts: u32,
    now: DateTime<Utc>,
) -> Result<JournalEntry> {
    if state == JournalState::Pending {
        return Err(Error::invalid(
            "state",
            "a journal row cannot go back to pending",
        ));
    }
    let changed = conn.execute(
        "UPDATE journal SET state = ?2, target_id = ifnull(?3, target_id), error_code = ?4,
                            error_message = ?5, attempts = max(attempts, ?6), updated_at = ?7
         WHERE id = ?1 AND state IN ('pending', 'unknown')",
        params![
            id,
            state.as_str(),
            target_id,
            error.map(|e| e.0),
            error.map(|e| e.1),
            attempts,
            to_ms(now),
        ],
    )?;
    if changed == 0 {
        let current = get_in(conn, id)?;
        return Err(Error::invalid(
            "state",
            format!("journal entry {id} is already {}", current.state.as_str()),
        ));
    }
    get_in(conn, id)
}

/// Rows still `pending` or `unknown` for a partition, oldest first.
pub fn list_unsettled_in(
    conn: &Connection,
    profile: &ProfileId,
    mode: Mode,
) -> Result<Vec<JournalEntry>> {
    let sql = format!(
        "SELECT {JOURNAL_COLUMNS} FROM journal
         WHERE profile_id = ?1 AND mode = ?2 AND state IN ('pending', 'unknown')
         ORDER BY created_at, id"
    );
    let mut stmt = conn.prepare(&sql)?;
    let mut rows = stmt.query(params![profile, mode])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        out.push(entry_from_row(r)?);
    }
    Ok(out)
}

/// The unsettled write on one object, if any.
pub fn in_flight_for_in(
    conn: &Connection,
    profile: &ProfileId,
    mode: Mode,
    target_id: &str,
) -> Result<Option<JournalEntry>> {
    let id: Option<String> = conn
        .query_row(
            "SELECT id FROM journal
             WHERE profile_id = ?1 AND mode = ?2 AND target_id = ?3
               AND state IN ('pending', 'unknown')",
            params![profile, mode, target_id],
            |r| r.get(0),
        )
        .optional()?;
    id.map(|id| get_in(conn, &id)).transpose()
}

impl Store {
    /// Inserts and durably commits a `pending` row before the request goes out.
    pub fn journal_insert_pending(&self, new: &NewJournalEntry<'_>) -> Result<JournalEntry> {
        self.write(|tx| insert_pending_in(tx, new, Utc::now()))
    }

    /// Marks a row `done`.
    pub fn journal_mark_done(
        &self,
        id: &str,
        target_id: Option<&str>,
        attempts: u32,
    ) -> Result<JournalEntry> {
        self.write(|tx| {
            settle_in(
                tx,
                id,
                JournalState::Done,
                target_id,
                None,
                attempts,
                Utc::now(),
            )
        })
    }

    /// Marks a row `failed` (the server refused: not applied).
    pub fn journal_mark_failed(
        &self,
        id: &str,
        code: &str,
        message: &str,
        attempts: u32,
    ) -> Result<JournalEntry> {
        self.write(|tx| {
            settle_in(
                tx,
                id,
                JournalState::Failed,
                None,
                Some((code, message)),
                attempts,
                Utc::now(),
            )
        })
    }

    /// Marks a row `unknown` (may have been applied).
    pub fn journal_mark_unknown(
        &self,
        id: &str,
        code: &str,
        message: &str,
        attempts: u32,
    ) -> Result<JournalEntry> {
        self.write(|tx| {
            settle_in(
                tx,
                id,
                JournalState::Unknown,
                None,
                Some((code, message)),
                attempts,
                Utc::now(),
            )
        })
    }

    /// Rows to settle for a partition.
    pub fn journal_unsettled(&self, profile: &ProfileId, mode: Mode) -> Result<Vec<JournalEntry>> {
        self.read(|conn| list_unsettled_in(conn, profile, mode))
    }

    /// The unsettled write on one object, if any.
    pub fn journal_in_flight(
        &self,
        profile: &ProfileId,
        mode: Mode,
        target_id: &str,
    ) -> Result<Option<JournalEntry>> {
        self.read(|conn| in_flight_for_in(conn, profile, mode, target_id))
    }

    /// One row by id.
    pub fn journal_entry(&self, id: &str) -> Result<JournalEntry> {
        self.read(|conn| get_in(conn, id))
    }
}
