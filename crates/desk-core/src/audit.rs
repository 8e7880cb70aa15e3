//! The audit log: append-only, one row per action a person took.
//!
//! There is no update or delete API, and triggers make the database itself refuse them.
//! Parameters are typed ([`AuditEvent`]) rather than free JSON, so an API key cannot be
//! logged by accident: the only key-related field is a [`MaskedKey`], which can only be
//! made from an `ApiKey`'s masked form.

use chrono::{DateTime, Utc};
use rusqlite::types::Value as SqlValue;
use rusqlite::{params, params_from_iter, Connection, Row};
use serde::{Deserialize, Serialize};

use crate::db::{from_ms, to_ms, Store};
use crate::error::{Error, ErrorDto, Result};
use crate::mode::Mode;
use crate::ops::scope::Actor;
use crate::profiles::ProfileId;
use crate::vault::MaskedKey;

/// Most entries one `list_audit` call returns.
pub const MAX_AUDIT_PAGE: u32 = 10_000;
const DEFAULT_AUDIT_PAGE: u32 = 200;

/// How an audited action ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub enum Outcome {
    Success,
    Failure,
    /// A write whose result the server never confirmed.
    Unknown,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Success => "success",
            Outcome::Failure => "failure",
            Outcome::Unknown => "unknown",
        }
    }

    fn parse(s: &str) -> Result<Self> {
        match s {
            "success" => Ok(Outcome::Success),
            "failure" => Ok(Outcome::Failure),
            "unknown" => Ok(Outcome::Unknown),
            other => Err(Error::storage(format!("unknown audit outcome {other:?}"))),
        }
    }
}

/// An audited action with its typed parameters. The variant name (snake_case) is the
/// stored `action`; the fields are the stored `params`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(
    tag = "action",
    content = "params",
    rename_all = "snake_case",
    rename_all_fields = "camelCase"
)]
pub enum AuditEvent {
    ProfileCreated {
        name: String,
        color: String,
        base_url: String,
    },
    ProfileRenamed {
        from: String,
        to: String,
    },
    ProfileRecolored {
        from: String,
        to: String,
    },
    ProfileBaseUrlChanged {
        from: String,
        to: String,
    },
    GuardRailsChanged {
        live_read_only: bool,
        live_refund_cap: Option<i64>,
    },
    ProfileDeleted {
        name: String,
        purged_cache: bool,
    },
    KeySet {
        masked: MaskedKey,
        replaced: bool,
    },
    KeyDeleted {
        existed: bool,
    },
    CheckoutsExported {
        rows: u64,
        metadata_columns: usize,
    },
    AuditExported {
        rows: u64,
    },
    // API writes, one action each. A write refused before sending is recorded with
    // outcome `failure` and no journal id.
    CheckoutCreated(WriteAudit),
    CheckoutCaptured(WriteAudit),
    CheckoutRefunded(WriteAudit),
    ReserveReleased(WriteAudit),
    CheckoutMetadataUpdated(WriteAudit),
    CheckoutDeleted(WriteAudit),
    CustomerCreated(WriteAudit),
    CustomerDeleted(WriteAudit),
    /// A pending or unknown write settled later (re-sent with its key, or marked for
    /// review when too old to re-send).
    WriteSettled {
        operation: String,
        journal_id: String,
        resent: bool,
        state: String,
    },
    SyncRun {
        checked: usize,
        changed: usize,
        failed: usize,
        cancelled: bool,
        settled: usize,
    },
    ImportRun {
        requested: usize,
        imported: usize,
        failed: usize,
        cancelled: bool,
    },
}

/// The parameters of an audited API write: who, which journal row, and the request body.
/// `request` is the wire JSON of a `neuropay` request value, which has no field for a key
/// (the key travels only in the Authorization header).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WriteAudit {
    pub via: Actor,
    pub journal_id: Option<String>,
    pub request: serde_json::Value,
}

impl AuditEvent {
    /// The stored action name and parameters.
    fn split(&self) -> Result<(String, serde_json::Value)> {
        let mut v = serde_json::to_value(self)?;
        let action = v
            .get("action")
            .and_then(|a| a.as_str())
            .ok_or_else(|| Error::storage("audit event without an action"))?
            .to_owned();
        let params = v
            .get_mut("params")
            .map(serde_json::Value::take)
            .unwrap_or_else(|| serde_json::json!({}));
        Ok((action, params))
    }

    /// The stored action name, e.g. `profile_renamed`.
    pub fn action(&self) -> Result<String> {
        Ok(self.split()?.0)
    }
}

/// One entry to append.
#[derive(Debug, Clone)]
pub struct AuditRecord {
    pub profile_id: Option<ProfileId>,
    pub mode: Option<Mode>,
    /// The object acted on (checkout id, customer id, file name, ...).
    pub target: Option<String>,
    pub event: AuditEvent,
    pub outcome: Outcome,
    pub error: Option<ErrorDto>,
}

impl AuditRecord {
    pub fn success(event: AuditEvent) -> Self {
        AuditRecord {
            profile_id: None,
            mode: None,
            target: None,
            event,
            outcome: Outcome::Success,
            error: None,
        }
    }

    /// A failed action; an API write whose outcome is unknown is recorded as `unknown`.
    pub fn failure(event: AuditEvent, error: &Error) -> Self {
        let outcome = match error {
            Error::Api(e) if e.is_outcome_unknown() => Outcome::Unknown,
            _ => Outcome::Failure,
        };
        AuditRecord {
            outcome,
            error: Some(ErrorDto::from(error)),
            ..AuditRecord::success(event)
        }
    }

    pub fn profile(mut self, id: &ProfileId) -> Self {
        self.profile_id = Some(id.clone());
        self
    }

    pub fn mode(mut self, mode: Mode) -> Self {
        self.mode = Some(mode);
        self
    }

    pub fn target(mut self, target: impl Into<String>) -> Self {
        self.target = Some(target.into());
        self
    }
}

/// A stored entry, as the UI shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct AuditEntry {
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub seq: i64,
    pub at: DateTime<Utc>,
    pub os_user: String,
    pub profile_id: Option<ProfileId>,
    pub mode: Option<Mode>,
    pub action: String,
    pub target: Option<String>,
    pub params: serde_json::Value,
    pub outcome: Outcome,
    pub error_code: Option<String>,
    pub error_message: Option<String>,
}

/// Which entries to list or export. Every field narrows; the default is "everything".
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct AuditFilter {
    pub profile_id: Option<ProfileId>,
    pub mode: Option<Mode>,
    pub action: Option<String>,
    /// Inclusive.
    pub since: Option<DateTime<Utc>>,
    /// Exclusive.
    pub until: Option<DateTime<Utc>>,
    pub outcome: Option<Outcome>,
    /// Keyset paging for `list_audit` (newest first): only entries older than this seq.
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub before_seq: Option<i64>,
    /// Page size for `list_audit` (default 200, at most 10 000); ignored by the export.
    pub limit: Option<u32>,
}

impl AuditFilter {
    fn where_clause(&self) -> (String, Vec<SqlValue>) {
        let mut sql = String::from(" WHERE 1 = 1");
        let mut args = Vec::new();
        if let Some(p) = &self.profile_id {
            sql.push_str(" AND profile_id = ?");
            args.push(SqlValue::Text(p.as_str().to_owned()));
        }
        if let Some(m) = self.mode {
            sql.push_str(" AND mode = ?");
            args.push(SqlValue::Text(m.as_str().to_owned()));
        }
        if let Some(a) = &self.action {
            sql.push_str(" AND action = ?");
            args.push(SqlValue::Text(a.clone()));
        }
        if let Some(t) = self.since {
            sql.push_str(" AND at >= ?");
            args.push(SqlValue::Integer(to_ms(t)));
        }
        if let Some(t) = self.until {
            sql.push_str(" AND at < ?");
            args.push(SqlValue::Integer(to_ms(t)));
        }
        if let Some(o) = self.outcome {
            sql.push_str(" AND outcome = ?");
            args.push(SqlValue::Text(o.as_str().to_owned()));
        }
        (sql, args)
    }
}

const AUDIT_COLUMNS: &str = "seq, at, os_user, profile_id, mode, action, target, params, \
                             outcome, error_code, error_message";

fn entry_from_row(row: &Row<'_>) -> Result<AuditEntry> {
    let params: String = row.get(7)?;
    let outcome: String = row.get(8)?;
    Ok(AuditEntry {
        seq: row.get(0)?,
        at: from_ms(row.get(1)?)?,
        os_user: row.get(2)?,
        profile_id: row.get(3)?,
        mode: row.get(4)?,
        action: row.get(5)?,
        target: row.get(6)?,
        params: serde_json::from_str(&params)?,
        outcome: Outcome::parse(&outcome)?,
        error_code: row.get(9)?,
        error_message: row.get(10)?,
    })
}

/// Appends one entry inside the caller's transaction; returns its seq.
pub(crate) fn append_in(
    conn: &Connection,
    os_user: &str,
    at: DateTime<Utc>,
    rec: &AuditRecord,
) -> Result<i64> {
    let (action, params) = rec.event.split()?;
    conn.execute(
        "INSERT INTO audit (at, os_user, profile_id, mode, action, target, params, outcome,
                            error_code, error_message)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        params![
            to_ms(at),
            os_user,
            rec.profile_id,
            rec.mode,
            action,
            rec.target,
            serde_json::to_string(&params)?,
            rec.outcome.as_str(),
            rec.error.as_ref().map(|e| e.code.as_str()),
            rec.error.as_ref().map(|e| e.message.as_str()),
        ],
    )?;
    Ok(conn.last_insert_rowid())
}

/// Calls `f` for every entry matching the filter, oldest first, without collecting them.
pub(crate) fn for_each_in(
    conn: &Connection,
    filter: &AuditFilter,
    mut f: impl FnMut(AuditEntry) -> Result<()>,
) -> Result<()> {
    let (where_sql, args) = filter.where_clause();
    let sql = format!("SELECT {AUDIT_COLUMNS} FROM audit{where_sql} ORDER BY seq");
    let mut stmt = conn.prepare(&sql)?;
    let mut rows = stmt.query(params_from_iter(args))?;
    while let Some(row) = rows.next()? {
        f(entry_from_row(row)?)?;
    }
    Ok(())
}

impl Store {
    /// Appends one entry in its own transaction, stamped now with the OS user.
    pub fn append_audit(&self, rec: &AuditRecord) -> Result<i64> {
        self.write(|tx| self.append_audit_in(tx, rec))
    }

    /// Appends one entry inside a transaction from [`Store::write`], so the entry commits
    /// (or rolls back) together with the change it describes.
    pub fn append_audit_in(&self, conn: &Connection, rec: &AuditRecord) -> Result<i64> {
        append_in(conn, self.os_user(), Utc::now(), rec)
    }

    /// Entries matching the filter, newest first, at most `limit`.
    pub fn list_audit(&self, filter: &AuditFilter) -> Result<Vec<AuditEntry>> {
        let limit = filter
            .limit
            .unwrap_or(DEFAULT_AUDIT_PAGE)
            .clamp(1, MAX_AUDIT_PAGE);
        let (mut where_sql, mut args) = filter.where_clause();
        if let Some(before) = filter.before_seq {
            where_sql.push_str(" AND seq < ?");
            args.push(SqlValue::Integer(before));
        }
        args.push(SqlValue::Integer(i64::from(limit)));
        let sql = format!("SELECT {AUDIT_COLUMNS} FROM audit{where_sql} ORDER BY seq DESC LIMIT ?");
        self.read(|conn| {
            let mut stmt = conn.prepare(&sql)?;
            let mut rows = stmt.query(params_from_iter(args))?;
            let mut out = Vec::new();
            while let Some(row) = rows.next()? {
                out.push(entry_from_row(row)?);
            }
            Ok(out)
        })
    }
}
