//! Cached customers.
//!
//! Customers are few next to checkouts, so their search is a plain substring match
//! (`instr`, which has no wildcard syntax to escape). Upserting a customer also refreshes
//! the search entries of its checkouts, so they are found by the customer's name.

use chrono::{DateTime, Utc};
use neuropay::{Customer, SavedCard};
use rusqlite::types::Value as SqlValue;
use rusqlite::{params, params_from_iter, Connection, Row};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::checkouts::refresh_fts_in;
use crate::db::{from_ms, opt_from_ms, to_ms, Store};
use crate::error::{Error, Result};
use crate::mode::Mode;
use crate::profiles::ProfileId;

/// A cached customer as the UI shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct CustomerRow {
    pub profile_id: ProfileId,
    pub mode: Mode,
    pub id: String,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub client_page: Option<String>,
    /// `[{cardId, brand, last4, expiry, isDefault}]`.
    pub saved_cards: Vec<Value>,
    pub metadata: serde_json::Map<String, Value>,
    pub created_at: Option<DateTime<Utc>>,
    pub last_synced_at: DateTime<Utc>,
    /// Deleted on the server; kept so old checkouts still name their customer.
    pub deleted: bool,
    pub deleted_at: Option<DateTime<Utc>>,
}

/// Which customers to list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct CustomerQuery {
    pub profile_id: ProfileId,
    pub mode: Mode,
    /// Every word must occur (case-insensitively) in the id, name or e-mail.
    #[serde(default)]
    pub search: Option<String>,
    #[serde(default)]
    pub include_deleted: bool,
    #[serde(default)]
    pub limit: Option<u32>,
    #[serde(default)]
    pub offset: u32,
}

impl CustomerQuery {
    pub fn new(profile_id: ProfileId, mode: Mode) -> Self {
        CustomerQuery {
            profile_id,
            mode,
            search: None,
            include_deleted: false,
            limit: None,
            offset: 0,
        }
    }
}

fn card_json(card: &SavedCard) -> Value {
    serde_json::json!({
        "cardId": card.id.as_ref().map(|c| c.as_str()),
        "brand": card.brand,
        "last4": card.last4,
        "expiry": card.expiry,
        "isDefault": card.is_default,
    })
}

const CUSTOMER_COLUMNS: &str = "profile_id, mode, id, first_name, last_name, email, \
    client_page, saved_cards, metadata, created_at, last_synced_at, deleted, deleted_at";

fn row_from_sql(r: &Row<'_>) -> Result<CustomerRow> {
    let cards: String = r.get(7)?;
    let metadata: String = r.get(8)?;
    let saved_cards = match serde_json::from_str(&cards)? {
        Value::Array(a) => a,
        _ => return Err(Error::storage("cached saved cards are not a list")),
    };
    let metadata = super::json_object(&metadata, "metadata")?;
    Ok(CustomerRow {
        profile_id: r.get(0)?,
        mode: r.get(1)?,
        id: r.get(2)?,
        first_name: r.get(3)?,
        last_name: r.get(4)?,
        email: r.get(5)?,
        client_page: r.get(6)?,
        saved_cards,
        metadata,
        created_at: opt_from_ms(r.get(9)?)?,
        last_synced_at: from_ms(r.get(10)?)?,
        deleted: r.get(11)?,
        deleted_at: opt_from_ms(r.get(12)?)?,
    })
}

/// Inserts or updates a customer from a server reply (a reply means it exists, so a
/// deleted flag is cleared) and refreshes its checkouts' search entries.
pub(crate) fn upsert_in(
    conn: &Connection,
    profile: &ProfileId,
    mode: Mode,
    c: &Customer,
    raw: &Value,
    observed_at: DateTime<Utc>,
) -> Result<()> {
    let cards = Value::Array(c.saved_cards.iter().map(card_json).collect());
    conn.execute(
        "INSERT INTO customers (profile_id, mode, id, first_name, last_name, email, client_page,
                                saved_cards, metadata, raw, created_at, last_synced_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)
         ON CONFLICT (profile_id, mode, id) DO UPDATE SET
             first_name = excluded.first_name, last_name = excluded.last_name,
             email = excluded.email, client_page = excluded.client_page,
             saved_cards = excluded.saved_cards, metadata = excluded.metadata,
             raw = excluded.raw, created_at = ifnull(excluded.created_at, created_at),
             last_synced_at = excluded.last_synced_at, deleted = 0, deleted_at = NULL",
        params![
            profile,
            mode,
            c.id.as_str(),
            c.first_name,
            c.last_name,
            c.email,
            c.client_page,
            serde_json::to_string(&cards)?,
            serde_json::to_string(&c.metadata.to_json())?,
            serde_json::to_string(raw)?,
            c.created_at.map(to_ms),
            to_ms(observed_at),
        ],
    )?;
    reindex_checkouts_of(conn, profile, mode, c.id.as_str())
}

fn reindex_checkouts_of(
    conn: &Connection,
    profile: &ProfileId,
    mode: Mode,
    customer: &str,
) -> Result<()> {
    let mut stmt = conn.prepare(
        "SELECT doc_id FROM checkouts WHERE profile_id = ?1 AND mode = ?2 AND customer_id = ?3",
    )?;
    let docs = stmt
        .query_map(params![profile, mode, customer], |r| r.get::<_, i64>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    for doc in docs {
        refresh_fts_in(conn, doc)?;
    }
    Ok(())
}

fn not_found(mode: Mode, id: &str) -> Error {
    Error::not_found(format!("customer {id} ({mode} mode)"))
}

impl Store {
    /// Upserts a customer in its own transaction.
    pub fn upsert_customer(
        &self,
        profile: &ProfileId,
        mode: Mode,
        customer: &Customer,
        raw: &Value,
        observed_at: DateTime<Utc>,
    ) -> Result<()> {
        self.write(|tx| upsert_in(tx, profile, mode, customer, raw, observed_at))
    }

    /// Upserts a customer inside a [`Store::write`] transaction.
    pub fn upsert_customer_in(
        &self,
        conn: &Connection,
        profile: &ProfileId,
        mode: Mode,
        customer: &Customer,
        raw: &Value,
        observed_at: DateTime<Utc>,
    ) -> Result<()> {
        upsert_in(conn, profile, mode, customer, raw, observed_at)
    }

    /// One cached customer (deleted ones included), or `not_found`.
    pub fn get_customer(&self, profile: &ProfileId, mode: Mode, id: &str) -> Result<CustomerRow> {
        let sql = format!(
            "SELECT {CUSTOMER_COLUMNS} FROM customers WHERE profile_id = ?1 AND mode = ?2 AND id = ?3"
        );
        self.read(|conn| {
            let mut stmt = conn.prepare(&sql)?;
            let mut rows = stmt.query(params![profile, mode, id])?;
            match rows.next()? {
                Some(r) => row_from_sql(r),
                None => Err(not_found(mode, id)),
            }
        })
    }

    /// Customers by last name, first name.
    pub fn list_customers(&self, q: &CustomerQuery) -> Result<Vec<CustomerRow>> {
        let mut sql =
            format!("SELECT {CUSTOMER_COLUMNS} FROM customers WHERE profile_id = ? AND mode = ?");
        let mut args = vec![
            SqlValue::Text(q.profile_id.as_str().to_owned()),
            SqlValue::Text(q.mode.as_str().to_owned()),
        ];
        if !q.include_deleted {
            sql.push_str(" AND deleted = 0");
        }
        for word in q.search.as_deref().unwrap_or("").split_whitespace() {
            sql.push_str(
                " AND instr(lower(id || ' ' || first_name || ' ' || last_name || ' ' || email), ?) > 0",
            );
            args.push(SqlValue::Text(word.to_lowercase()));
        }
        sql.push_str(" ORDER BY last_name, first_name, id LIMIT ? OFFSET ?");
        let limit = q.limit.unwrap_or(super::query::DEFAULT_PAGE_SIZE);
        args.push(SqlValue::Integer(i64::from(
            limit.clamp(1, super::query::MAX_PAGE_SIZE),
        )));
        args.push(SqlValue::Integer(i64::from(q.offset)));
        self.read(|conn| {
            let mut stmt = conn.prepare(&sql)?;
            let mut rows = stmt.query(params_from_iter(args))?;
            let mut out = Vec::new();
            while let Some(r) = rows.next()? {
                out.push(row_from_sql(r)?);
            }
            Ok(out)
        })
    }

    /// Marks a cached customer deleted (after the server confirmed the delete).
    pub fn mark_customer_deleted(
        &self,
        profile: &ProfileId,
        mode: Mode,
        id: &str,
        at: DateTime<Utc>,
    ) -> Result<()> {
        self.write(|tx| mark_deleted_in(tx, profile, mode, id, at))
    }
}

/// One cached customer inside the caller's transaction.
pub(crate) fn get_row_in(
    conn: &Connection,
    profile: &ProfileId,
    mode: Mode,
    id: &str,
) -> Result<Option<CustomerRow>> {
    let sql = format!(
        "SELECT {CUSTOMER_COLUMNS} FROM customers WHERE profile_id = ?1 AND mode = ?2 AND id = ?3"
    );
    let mut stmt = conn.prepare(&sql)?;
    let mut rows = stmt.query(params![profile, mode, id])?;
    rows.next()?.map(row_from_sql).transpose()
}

/// [`Store::mark_customer_deleted`] inside the caller's transaction.
pub(crate) fn mark_deleted_in(
    conn: &Connection,
    profile: &ProfileId,
    mode: Mode,
    id: &str,
    at: DateTime<Utc>,
) -> Result<()> {
    let n = conn.execute(
        "UPDATE customers SET deleted = 1, deleted_at = ?4
         WHERE profile_id = ?1 AND mode = ?2 AND id = ?3",
        params![profile, mode, id, to_ms(at)],
    )?;
    if n == 0 {
        return Err(not_found(mode, id));
    }
    Ok(())
}
