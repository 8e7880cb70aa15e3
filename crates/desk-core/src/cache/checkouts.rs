//! Cached checkouts: upsert from server replies, read back as rows for the UI.

use chrono::{DateTime, Duration, Utc};
use neuropay::Checkout;
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::events::{self, EventKind, NewEvent, ACTOR_SYNC};
use super::search;
use crate::db::{from_ms, to_ms, Store};
use crate::error::{Error, Result};
use crate::mode::Mode;
use crate::money;
use crate::profiles::ProfileId;

/// One cached checkout as the list and the detail view show it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct CheckoutRow {
    pub profile_id: ProfileId,
    pub mode: Mode,
    pub id: String,
    pub identifier: Option<String>,
    /// Wire spelling (`reserve released`, `partialRefund`, or an unknown status verbatim).
    pub status: String,
    pub is_final: bool,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub amount: i64,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub refunded: i64,
    /// What a refund may still take in this status.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub remaining_refundable: i64,
    pub currency: String,
    /// `30.00 SEK`.
    pub amount_formatted: String,
    pub refunded_formatted: String,
    pub message: Option<String>,
    pub customer_id: Option<String>,
    pub link: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub last_synced_at: DateTime<Utc>,
    /// Metadata object (`{"order": "1001", "vip": true}`).
    pub metadata: serde_json::Map<String, Value>,
}

/// A cached checkout with the typed model and the reply it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct CachedCheckout {
    pub row: CheckoutRow,
    pub checkout: Checkout,
    pub raw: Value,
}

/// What an upsert did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UpsertOutcome {
    /// First sighting: a new row (and an `observed` event).
    pub inserted: bool,
    /// False when the reply was older than the cached state (its `updated_at` is before
    /// the cached one): only the sync time moved. A slow sync reply racing a refund must
    /// not roll the checkout back. (A reply identical to the cached one is applied, and
    /// also only moves the sync time.)
    pub applied: bool,
    pub previous_status: Option<String>,
    /// A `status_changed` event was appended.
    pub status_changed: bool,
}

/// Column list matching [`row_from_sql`].
pub(crate) const CHECKOUT_COLUMNS: &str = "c.profile_id, c.mode, c.id, c.identifier, c.status, \
    c.is_final, c.amount, c.refunded, c.currency, c.message, c.customer_id, c.link, \
    c.created_at, c.updated_at, c.last_synced_at, c.metadata";

pub(crate) fn row_from_sql(r: &Row<'_>) -> Result<CheckoutRow> {
    let status: String = r.get(4)?;
    let amount: i64 = r.get(6)?;
    let refunded: i64 = r.get(7)?;
    let currency: String = r.get(8)?;
    let metadata = super::json_object(&r.get::<_, String>(15)?, "metadata")?;
    Ok(CheckoutRow {
        profile_id: r.get(0)?,
        mode: r.get(1)?,
        id: r.get(2)?,
        identifier: r.get(3)?,
        is_final: r.get(5)?,
        amount,
        refunded,
        remaining_refundable: money::refundable_in_status(&status, amount, refunded),
        amount_formatted: money::format_amount(amount, &currency),
        refunded_formatted: money::format_amount(refunded, &currency),
        status,
        currency,
        message: r.get(9)?,
        customer_id: r.get(10)?,
        link: r.get(11)?,
        created_at: from_ms(r.get(12)?)?,
        updated_at: from_ms(r.get(13)?)?,
        last_synced_at: from_ms(r.get(14)?)?,
        metadata,
    })
}

struct Existing {
    doc_id: i64,
    status: String,
    created_at: i64,
    updated_at: i64,
    /// The stored reply equals the incoming one byte for byte.
    same_raw: bool,
}

/// Inserts or updates one checkout from a server reply, appends the timeline event and
/// refreshes its search entry, all inside the caller's transaction.
pub(crate) fn upsert_in(
    conn: &Connection,
    profile: &ProfileId,
    mode: Mode,
    c: &Checkout,
    raw: &Value,
    observed_at: DateTime<Utc>,
    actor: &str,
) -> Result<UpsertOutcome> {
    upsert_with_event_in(conn, profile, mode, c, raw, observed_at, actor, None)
}

/// [`upsert_in`] for the reply to one of our own writes: `own` (created, captured,
/// refunded, ...) replaces the `observed` / `status_changed` event, with its statuses
/// filled in, so the timeline shows the action once. It is appended even when the reply
/// is older than the cached state (a settled write replayed after a sync): the action
/// still happened.
#[allow(clippy::too_many_arguments)]
pub(crate) fn upsert_with_event_in(
    conn: &Connection,
    profile: &ProfileId,
    mode: Mode,
    c: &Checkout,
    raw: &Value,
    observed_at: DateTime<Utc>,
    actor: &str,
    own: Option<&NewEvent>,
) -> Result<UpsertOutcome> {
    let id = c.id.as_str();
    let observed = to_ms(observed_at);
    let raw_text = serde_json::to_string(raw)?;
    // prepare_cached: a sync upserts thousands of rows through the same few statements.
    let existing = conn
        .prepare_cached(
            "SELECT doc_id, status, created_at, updated_at, raw = ?4 FROM checkouts
             WHERE profile_id = ?1 AND mode = ?2 AND id = ?3",
        )?
        .query_row(params![profile, mode, id, raw_text], |r| {
            Ok(Existing {
                doc_id: r.get(0)?,
                status: r.get(1)?,
                created_at: r.get(2)?,
                updated_at: r.get(3)?,
                same_raw: r.get(4)?,
            })
        })
        .optional()?;

    if let Some(old) = &existing {
        let older = c.updated_at.is_some_and(|u| to_ms(u) < old.updated_at);
        // Most sync replies repeat what is cached: only the sync time moves, and the
        // indexes, the search entry and the timeline are left alone.
        if older || old.same_raw {
            conn.prepare_cached(
                "UPDATE checkouts SET last_synced_at = max(last_synced_at, ?4)
                 WHERE profile_id = ?1 AND mode = ?2 AND id = ?3",
            )?
            .execute(params![profile, mode, id, observed])?;
            if let Some(own) = own {
                let ev = NewEvent {
                    from_status: Some(old.status.clone()),
                    to_status: Some(c.status.as_str().to_owned()),
                    ..own.clone()
                };
                events::append_in(conn, profile, mode, id, &ev)?;
            }
            return Ok(UpsertOutcome {
                inserted: false,
                applied: !older,
                previous_status: Some(old.status.clone()),
                status_changed: false,
            });
        }
    }

    // A reply without times keeps the first-seen time, so sorting and date filters
    // still place the row (the simulator always sends them).
    let created = c
        .created_at
        .map(to_ms)
        .or(existing.as_ref().map(|o| o.created_at))
        .unwrap_or(observed);
    let updated = c.updated_at.map(to_ms).unwrap_or(created);
    let status = c.status.as_str();
    let metadata = serde_json::to_string(&c.metadata.to_json())?;
    let customer = c.customer_id.as_ref().map(|x| x.as_str());

    // A known row keeps its search-index key; a new one takes the next. Inside an IMMEDIATE
    // transaction (the database write lock, also against another process) max()+1 cannot race.
    let doc_id: i64 = match &existing {
        Some(old) => old.doc_id,
        None => conn
            .prepare_cached("SELECT ifnull(max(doc_id), 0) + 1 FROM checkouts")?
            .query_row([], |r| r.get(0))?,
    };
    // A first sighting is a plain INSERT plus its day's totals (see add_to_day_in); a
    // known row takes the upsert, whose UPDATE fires the day-totals trigger.
    let sql = match &existing {
        None => INSERT_CHECKOUT.to_owned(),
        Some(_) => format!("{INSERT_CHECKOUT}{UPDATE_ON_CONFLICT}"),
    };
    conn.prepare_cached(&sql)?.execute(params![
        profile,
        mode,
        id,
        doc_id,
        c.identifier,
        status,
        c.status.is_final(),
        c.amount,
        c.refunded_amount,
        c.currency,
        c.message,
        customer,
        c.link,
        created,
        updated,
        observed,
        metadata,
        raw_text
    ])?;
    if existing.is_some() {
        refresh_fts_in(conn, doc_id)?;
    } else {
        add_to_day_in(
            conn,
            profile,
            mode,
            created,
            status,
            &c.currency,
            c.amount,
            c.refunded_amount,
        )?;
        index_new_in(conn, doc_id)?;
    }

    let previous_status = existing.as_ref().map(|o| o.status.clone());
    if let Some(own) = own {
        let ev = NewEvent {
            from_status: previous_status.clone(),
            to_status: Some(status.to_owned()),
            ..own.clone()
        };
        events::append_in(conn, profile, mode, id, &ev)?;
        return Ok(UpsertOutcome {
            inserted: existing.is_none(),
            applied: true,
            status_changed: previous_status.as_deref().is_some_and(|p| p != status),
            previous_status,
        });
    }
    let event = match &previous_status {
        None => Some(NewEvent {
            to_status: Some(status.to_owned()),
            amount: Some(c.amount),
            ..NewEvent::new(EventKind::Observed, observed_at, actor)
        }),
        Some(prev) if prev != status => Some(NewEvent {
            from_status: Some(prev.clone()),
            to_status: Some(status.to_owned()),
            ..NewEvent::new(EventKind::StatusChanged, observed_at, actor)
        }),
        Some(_) => None,
    };
    let status_changed = matches!(&event, Some(e) if e.kind == EventKind::StatusChanged);
    if let Some(ev) = &event {
        events::append_in(conn, profile, mode, id, ev)?;
    }
    Ok(UpsertOutcome {
        inserted: existing.is_none(),
        applied: true,
        previous_status,
        status_changed,
    })
}

const INSERT_CHECKOUT: &str = "INSERT INTO checkouts (profile_id, mode, id, doc_id, identifier,
        status, is_final, amount, refunded, currency, message, customer_id, link, created_at,
        updated_at, last_synced_at, metadata, raw)
    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)";
const UPDATE_ON_CONFLICT: &str = " ON CONFLICT (profile_id, mode, id) DO UPDATE SET
        identifier = excluded.identifier, status = excluded.status,
        is_final = excluded.is_final, amount = excluded.amount,
        refunded = excluded.refunded, currency = excluded.currency,
        message = excluded.message, customer_id = excluded.customer_id,
        link = excluded.link, created_at = excluded.created_at,
        updated_at = excluded.updated_at, last_synced_at = excluded.last_synced_at,
        metadata = excluded.metadata, raw = excluded.raw";

/// Counts a new row into `checkout_daily` (migration 0003). Done here rather than by an
/// INSERT trigger: a trigger makes every insert open a statement savepoint, and FTS5
/// writes its pending entries to disk at each savepoint, so a batch of inserts in one
/// transaction would write one search segment per row (3× slower fixture loads).
/// Updates and deletes are counted by triggers.
#[allow(clippy::too_many_arguments)]
fn add_to_day_in(
    conn: &Connection,
    profile: &ProfileId,
    mode: Mode,
    created_ms: i64,
    status: &str,
    currency: &str,
    amount: i64,
    refunded: i64,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO checkout_daily (profile_id, mode, day, status, currency, count, amount,
                                     refunded)
         VALUES (?1, ?2, ?3 / 86400000, ?4, ?5, 1, ?6, ?7)
         ON CONFLICT (profile_id, mode, day, status, currency) DO UPDATE SET
             count = count + 1,
             amount = amount + excluded.amount,
             refunded = refunded + excluded.refunded",
    )?
    .execute(params![
        profile, mode, created_ms, status, currency, amount, refunded
    ])?;
    Ok(())
}

/// Rewrites the search entry of one checkout from the tables (its own columns and its
/// customer's name and e-mail, when that customer is cached).
///
/// Two point lookups rather than one LEFT JOIN: SQLite re-prepared the joined statement
/// on every run (its plan depended on the bound value), which made this the most
/// expensive step of caching a checkout.
pub(crate) fn refresh_fts_in(conn: &Connection, doc_id: i64) -> Result<()> {
    write_fts_in(conn, doc_id, true)
}

/// [`refresh_fts_in`] for a row that has no search entry yet (a first sighting): there
/// is nothing to delete.
fn index_new_in(conn: &Connection, doc_id: i64) -> Result<()> {
    write_fts_in(conn, doc_id, false)
}

fn write_fts_in(conn: &Connection, doc_id: i64, replace: bool) -> Result<()> {
    type Doc = (
        String,
        String,
        String,
        Option<String>,
        Option<String>,
        Option<String>,
        String,
    );
    let doc: Option<Doc> = conn
        .prepare_cached(
            "SELECT profile_id, mode, id, identifier, message, customer_id, metadata
             FROM checkouts WHERE doc_id = ?1",
        )?
        .query_row([doc_id], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
            ))
        })
        .optional()?;
    if replace {
        conn.prepare_cached("DELETE FROM checkout_fts WHERE rowid = ?1")?
            .execute([doc_id])?;
    }
    let Some((profile, mode, id, identifier, message, customer_id, metadata)) = doc else {
        return Ok(());
    };
    let mut customer = customer_id.clone().unwrap_or_default();
    if let Some(cid) = &customer_id {
        let who: Option<[String; 3]> = conn
            .prepare_cached(
                "SELECT email, first_name, last_name FROM customers
                 WHERE profile_id = ?1 AND mode = ?2 AND id = ?3",
            )?
            .query_row(params![profile, mode, cid], |r| {
                Ok([r.get(0)?, r.get(1)?, r.get(2)?])
            })
            .optional()?;
        for part in who.iter().flatten().filter(|p| !p.is_empty()) {
            customer.push(' ');
            customer.push_str(part);
        }
    }
    let meta = match serde_json::from_str(&metadata)? {
        Value::Object(m) => search::meta_text(&m),
        _ => String::new(),
    };
    conn.prepare_cached(
        "INSERT INTO checkout_fts (rowid, id, identifier, message, customer, meta)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![doc_id, id, identifier, message, customer, meta])?;
    Ok(())
}

/// One checkout by id, with its stored reply as the last column.
pub(crate) fn lookup_sql() -> String {
    format!(
        "SELECT {CHECKOUT_COLUMNS}, c.raw FROM checkouts c
         WHERE c.profile_id = ?1 AND c.mode = ?2 AND c.id = ?3"
    )
}

pub(crate) fn get_row_in(
    conn: &Connection,
    profile: &ProfileId,
    mode: Mode,
    id: &str,
) -> Result<Option<(CheckoutRow, String)>> {
    let mut stmt = conn.prepare(&lookup_sql())?;
    let mut rows = stmt.query(params![profile, mode, id])?;
    match rows.next()? {
        Some(r) => Ok(Some((row_from_sql(r)?, r.get(16)?))),
        None => Ok(None),
    }
}

/// Status the cache gives a checkout our own delete removed from the server. Not an API
/// status: it is final (sync skips it) and refuses every further write.
pub const STATUS_DELETED: &str = "deleted";

/// Marks a cached checkout deleted after the server confirmed the delete, keeping the row
/// and its timeline; the stored reply's status is rewritten too, so the typed model read
/// back from it agrees. Returns the previous status, or None when it was not cached.
pub(crate) fn mark_deleted_in(
    conn: &Connection,
    profile: &ProfileId,
    mode: Mode,
    id: &str,
    at: DateTime<Utc>,
) -> Result<Option<String>> {
    let previous: Option<(String, i64)> = conn
        .query_row(
            "SELECT status, doc_id FROM checkouts WHERE profile_id = ?1 AND mode = ?2 AND id = ?3",
            params![profile, mode, id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let Some((status, doc_id)) = previous else {
        return Ok(None);
    };
    conn.execute(
        "UPDATE checkouts SET status = ?4, is_final = 1, updated_at = max(updated_at, ?5),
                last_synced_at = max(last_synced_at, ?5),
                raw = json_set(raw, '$.status', ?4)
         WHERE profile_id = ?1 AND mode = ?2 AND id = ?3",
        params![profile, mode, id, STATUS_DELETED, to_ms(at)],
    )?;
    refresh_fts_in(conn, doc_id)?;
    Ok(Some(status))
}

fn not_found(mode: Mode, id: &str) -> Error {
    Error::not_found(format!("checkout {id} ({mode} mode)"))
}

impl Store {
    /// Upserts a checkout seen by a sync, in its own transaction.
    pub fn upsert_checkout(
        &self,
        profile: &ProfileId,
        mode: Mode,
        checkout: &Checkout,
        raw: &Value,
        observed_at: DateTime<Utc>,
    ) -> Result<UpsertOutcome> {
        self.write(|tx| upsert_in(tx, profile, mode, checkout, raw, observed_at, ACTOR_SYNC))
    }

    /// Upserts inside a [`Store::write`] transaction; `actor` names who caused the reply
    /// (`sync`, or the OS user for a write's reply).
    #[allow(clippy::too_many_arguments)]
    pub fn upsert_checkout_in(
        &self,
        conn: &Connection,
        profile: &ProfileId,
        mode: Mode,
        checkout: &Checkout,
        raw: &Value,
        observed_at: DateTime<Utc>,
        actor: &str,
    ) -> Result<UpsertOutcome> {
        upsert_in(conn, profile, mode, checkout, raw, observed_at, actor)
    }

    /// One cached checkout, or `not_found`.
    pub fn get_checkout(&self, profile: &ProfileId, mode: Mode, id: &str) -> Result<CheckoutRow> {
        self.read(|conn| get_row_in(conn, profile, mode, id))?
            .map(|(row, _)| row)
            .ok_or_else(|| not_found(mode, id))
    }

    /// One cached checkout with its typed model re-read from the stored reply: what a
    /// write checks (status, remaining refundable) before sending anything.
    pub fn cached_checkout(
        &self,
        profile: &ProfileId,
        mode: Mode,
        id: &str,
    ) -> Result<CachedCheckout> {
        let (row, raw) = self
            .read(|conn| get_row_in(conn, profile, mode, id))?
            .ok_or_else(|| not_found(mode, id))?;
        let raw: Value = serde_json::from_str(&raw)?;
        let checkout = Checkout::from_json(&raw)?;
        Ok(CachedCheckout { row, checkout, raw })
    }

    /// Ids of non-final checkouts not synced for `older_than`, least recently synced
    /// first: the work list of a sync.
    pub fn stale_checkout_ids(
        &self,
        profile: &ProfileId,
        mode: Mode,
        older_than: Duration,
        limit: u32,
    ) -> Result<Vec<String>> {
        let cutoff = to_ms(Utc::now() - older_than);
        self.read(|conn| {
            let mut stmt = conn.prepare(
                "SELECT id FROM checkouts
                 WHERE profile_id = ?1 AND mode = ?2 AND is_final = 0 AND last_synced_at < ?3
                 ORDER BY last_synced_at, id LIMIT ?4",
            )?;
            let ids = stmt.query_map(params![profile, mode, cutoff, limit], |r| r.get(0))?;
            Ok(ids.collect::<rusqlite::Result<Vec<String>>>()?)
        })
    }
}
