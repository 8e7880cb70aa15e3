//! Listing cached checkouts: filters, search, sorting, paging and totals.
//!
//! SQL is assembled only from fixed fragments; every user value is a bound parameter and
//! the sort column comes from [`SortColumn`], never from text. The default view (status
//! filter + created_at range + created_at sort) is served by `ix_checkouts_created`, which
//! also covers the per-currency totals.

use chrono::{DateTime, Duration, Utc};
use rusqlite::types::Value as SqlValue;
use rusqlite::{params_from_iter, Connection};
use serde::{Deserialize, Serialize};

use super::checkouts::{row_from_sql, CheckoutRow, CHECKOUT_COLUMNS};
use super::cursor;
use super::search::fts_query;
use super::totals::{totals_in, totals_plan};
use crate::db::{to_ms, Store};
use crate::error::{Error, Result};
use crate::mode::Mode;
use crate::profiles::ProfileId;

/// Default and largest page size.
pub const DEFAULT_PAGE_SIZE: u32 = 100;
pub const MAX_PAGE_SIZE: u32 = 1000;
/// Largest id selection a query takes (well under SQLite's bound-parameter limit).
pub const MAX_SELECTED_IDS: usize = 10_000;

/// A column the list can be sorted by. Ties are broken by id in the same direction.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub enum SortColumn {
    Id,
    Identifier,
    Status,
    Amount,
    Refunded,
    Currency,
    CustomerId,
    Message,
    #[default]
    CreatedAt,
    UpdatedAt,
    LastSyncedAt,
}

impl SortColumn {
    pub const ALL: [SortColumn; 11] = [
        SortColumn::Id,
        SortColumn::Identifier,
        SortColumn::Status,
        SortColumn::Amount,
        SortColumn::Refunded,
        SortColumn::Currency,
        SortColumn::CustomerId,
        SortColumn::Message,
        SortColumn::CreatedAt,
        SortColumn::UpdatedAt,
        SortColumn::LastSyncedAt,
    ];

    /// The SQL expression sorted on. Nullable text sorts as '' so keyset comparisons
    /// never meet a NULL (which compares as unknown and would drop rows).
    pub(super) fn expr(self) -> &'static str {
        match self {
            SortColumn::Id => "c.id",
            SortColumn::Identifier => "ifnull(c.identifier, '')",
            SortColumn::Status => "c.status",
            SortColumn::Amount => "c.amount",
            SortColumn::Refunded => "c.refunded",
            SortColumn::Currency => "c.currency",
            SortColumn::CustomerId => "ifnull(c.customer_id, '')",
            SortColumn::Message => "ifnull(c.message, '')",
            SortColumn::CreatedAt => "c.created_at",
            SortColumn::UpdatedAt => "c.updated_at",
            SortColumn::LastSyncedAt => "c.last_synced_at",
        }
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub enum SortDirection {
    Asc,
    #[default]
    Desc,
}

impl SortDirection {
    fn sql(self) -> &'static str {
        match self {
            SortDirection::Asc => "ASC",
            SortDirection::Desc => "DESC",
        }
    }
}

fn default_limit() -> u32 {
    DEFAULT_PAGE_SIZE
}

/// Which checkouts of one (profile, mode) to list. Every filter narrows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct ListQuery {
    pub profile_id: ProfileId,
    pub mode: Mode,
    /// Wire spellings (`paid`, `reserve released`, ...); empty = any.
    #[serde(default)]
    pub statuses: Vec<String>,
    /// created_at ≥ this.
    #[serde(default)]
    pub created_from: Option<DateTime<Utc>>,
    /// created_at < this.
    #[serde(default)]
    pub created_to: Option<DateTime<Utc>>,
    #[serde(default)]
    pub currency: Option<String>,
    /// Inclusive, minor units.
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub amount_min: Option<i64>,
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub amount_max: Option<i64>,
    #[serde(default)]
    pub customer_id: Option<String>,
    /// Words (prefix match) and `key:value` metadata terms, ANDed.
    #[serde(default)]
    pub search: Option<String>,
    /// Only non-final checkouts not synced for this many hours.
    #[serde(default)]
    pub stale_hours: Option<u32>,
    /// Only these checkout ids (a bulk selection); absent = any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub ids: Option<Vec<String>>,
    #[serde(default)]
    pub sort: SortColumn,
    #[serde(default)]
    pub direction: SortDirection,
    #[serde(default = "default_limit")]
    pub limit: u32,
    /// Offset paging; must be 0 when `after` is set.
    #[serde(default)]
    pub offset: u32,
    /// Keyset paging: the `nextCursor` of the previous page.
    #[serde(default)]
    pub after: Option<String>,
}

impl ListQuery {
    /// Everything in a partition, newest first, first page.
    pub fn new(profile_id: ProfileId, mode: Mode) -> Self {
        ListQuery {
            profile_id,
            mode,
            statuses: Vec::new(),
            created_from: None,
            created_to: None,
            currency: None,
            amount_min: None,
            amount_max: None,
            customer_id: None,
            search: None,
            stale_hours: None,
            ids: None,
            sort: SortColumn::default(),
            direction: SortDirection::default(),
            limit: DEFAULT_PAGE_SIZE,
            offset: 0,
            after: None,
        }
    }
}

/// Count and sums of one currency over the filtered rows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct CurrencyTotal {
    pub currency: String,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub count: i64,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub amount: i64,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub refunded: i64,
    pub amount_formatted: String,
    pub refunded_formatted: String,
}

/// Totals over every row matching the filters (not just the page).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Totals {
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub count: i64,
    /// By currency code; amounts of different currencies are never added up.
    pub per_currency: Vec<CurrencyTotal>,
}

/// One page of rows and the cursor of the next one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct CheckoutPage {
    pub rows: Vec<CheckoutRow>,
    /// Present when the page was full: pass it as `after` for the next page.
    pub next_cursor: Option<String>,
}

/// A page with the totals of the whole filtered set, read from one snapshot.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct ListPage {
    pub rows: Vec<CheckoutRow>,
    pub next_cursor: Option<String>,
    pub totals: Totals,
}

/// WHERE clause (filters only, no paging) and its parameters. The overview's
/// aggregations reuse it, so a chart and the list it opens always agree.
pub(crate) struct Filter {
    pub(crate) sql: String,
    pub(crate) args: Vec<SqlValue>,
}

/// The status filter as matched: trimmed wire spellings; an empty one is refused.
pub(crate) fn normalized_statuses(q: &ListQuery) -> Result<Vec<String>> {
    if q.statuses.iter().any(|s| s.trim().is_empty()) {
        return Err(Error::invalid(
            "statuses",
            "must not contain an empty status",
        ));
    }
    Ok(q.statuses.iter().map(|s| s.trim().to_owned()).collect())
}

/// The currency filter as matched: trimmed, upper case; an empty one is refused.
pub(crate) fn normalized_currency(q: &ListQuery) -> Result<Option<String>> {
    match &q.currency {
        None => Ok(None),
        Some(cur) => {
            let cur = cur.trim().to_ascii_uppercase();
            if cur.is_empty() {
                return Err(Error::invalid("currency", "must not be empty"));
            }
            Ok(Some(cur))
        }
    }
}

/// How a search's matches are joined to the list.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) enum SearchShape {
    /// Few matches: fetch them through the search index, then sort (the fastest way
    /// when a search narrows to a handful of rows).
    #[default]
    Few,
    /// Many matches: walk the list in its own order and test each row against the
    /// matches, so the first page stops early instead of sorting a third of the cache.
    Many,
}

/// Above this many matches a search is [`SearchShape::Many`]. Counting stops there, so
/// the probe costs well under a millisecond whatever the term.
const MANY_MATCHES: i64 = 5_000;

/// Probes the search term's match count (capped) to pick its [`SearchShape`]. The search
/// index spans every profile and mode, so this counts theirs too: it only picks a plan,
/// both plans return the same rows.
pub(crate) fn search_shape_in(conn: &Connection, q: &ListQuery) -> Result<SearchShape> {
    let Some(expr) = q.search.as_deref().and_then(fts_query) else {
        return Ok(SearchShape::Few);
    };
    let n: i64 = conn
        .prepare_cached(
            "SELECT count(*) FROM
             (SELECT 1 FROM checkout_fts WHERE checkout_fts MATCH ?1 LIMIT ?2)",
        )?
        .query_row(rusqlite::params![expr, MANY_MATCHES + 1], |r| r.get(0))?;
    Ok(if n > MANY_MATCHES {
        SearchShape::Many
    } else {
        SearchShape::Few
    })
}

pub(crate) fn build_filter(q: &ListQuery, now: DateTime<Utc>) -> Result<Filter> {
    build_filter_shaped(q, now, SearchShape::Few)
}

/// [`build_filter`] with the search joined as `shape` says: `+c.doc_id` keeps SQLite
/// from driving the query through the search matches.
pub(crate) fn build_filter_shaped(
    q: &ListQuery,
    now: DateTime<Utc>,
    shape: SearchShape,
) -> Result<Filter> {
    let mut sql = String::from(" WHERE c.profile_id = ? AND c.mode = ?");
    let mut args = vec![
        SqlValue::Text(q.profile_id.as_str().to_owned()),
        SqlValue::Text(q.mode.as_str().to_owned()),
    ];
    let statuses = normalized_statuses(q)?;
    if !statuses.is_empty() {
        let marks = vec!["?"; statuses.len()].join(", ");
        sql.push_str(&format!(" AND c.status IN ({marks})"));
        args.extend(statuses.into_iter().map(SqlValue::Text));
    }
    if let Some(ids) = &q.ids {
        if ids.len() > MAX_SELECTED_IDS {
            return Err(Error::invalid(
                "ids",
                format!("at most {MAX_SELECTED_IDS} checkouts can be selected at once"),
            ));
        }
        // An empty selection selects nothing, never "everything".
        let marks = if ids.is_empty() {
            "NULL".to_owned()
        } else {
            vec!["?"; ids.len()].join(", ")
        };
        sql.push_str(&format!(" AND c.id IN ({marks})"));
        args.extend(ids.iter().map(|id| SqlValue::Text(id.trim().to_owned())));
    }
    if let (Some(from), Some(to)) = (q.created_from, q.created_to) {
        if from > to {
            return Err(Error::invalid("createdFrom", "must not be after createdTo"));
        }
    }
    if let Some(from) = q.created_from {
        sql.push_str(" AND c.created_at >= ?");
        args.push(SqlValue::Integer(to_ms(from)));
    }
    if let Some(to) = q.created_to {
        sql.push_str(" AND c.created_at < ?");
        args.push(SqlValue::Integer(to_ms(to)));
    }
    if let Some(cur) = normalized_currency(q)? {
        sql.push_str(" AND c.currency = ?");
        args.push(SqlValue::Text(cur));
    }
    if let (Some(min), Some(max)) = (q.amount_min, q.amount_max) {
        if min > max {
            return Err(Error::invalid("amountMin", "must not exceed amountMax"));
        }
    }
    if let Some(min) = q.amount_min {
        sql.push_str(" AND c.amount >= ?");
        args.push(SqlValue::Integer(min));
    }
    if let Some(max) = q.amount_max {
        sql.push_str(" AND c.amount <= ?");
        args.push(SqlValue::Integer(max));
    }
    if let Some(customer) = &q.customer_id {
        sql.push_str(" AND c.customer_id = ?");
        args.push(SqlValue::Text(customer.trim().to_owned()));
    }
    if let Some(hours) = q.stale_hours {
        sql.push_str(" AND c.is_final = 0 AND c.last_synced_at < ?");
        args.push(SqlValue::Integer(to_ms(
            now - Duration::hours(i64::from(hours)),
        )));
    }
    if let Some(expr) = q.search.as_deref().and_then(fts_query) {
        let key = match shape {
            SearchShape::Few => "c.doc_id",
            SearchShape::Many => "+c.doc_id",
        };
        sql.push_str(&format!(
            " AND {key} IN (SELECT rowid FROM checkout_fts WHERE checkout_fts MATCH ?)"
        ));
        args.push(SqlValue::Text(expr));
    }
    Ok(Filter { sql, args })
}

fn order_by(q: &ListQuery) -> String {
    let dir = q.direction.sql();
    if q.sort == SortColumn::Id {
        format!(" ORDER BY c.id {dir}")
    } else {
        format!(" ORDER BY {} {dir}, c.id {dir}", q.sort.expr())
    }
}

/// The page query: filters, keyset condition, order, limit and offset.
pub(super) fn page_sql(
    q: &ListQuery,
    now: DateTime<Utc>,
    shape: SearchShape,
) -> Result<(String, Vec<SqlValue>)> {
    let Filter { mut sql, mut args } = build_filter_shaped(q, now, shape)?;
    if let Some(after) = &q.after {
        if q.offset != 0 {
            return Err(Error::invalid(
                "offset",
                "use either offset or after, not both",
            ));
        }
        let (value, id) = cursor::decode(q, after)?;
        let op = match q.direction {
            SortDirection::Asc => ">",
            SortDirection::Desc => "<",
        };
        if q.sort == SortColumn::Id {
            sql.push_str(&format!(" AND c.id {op} ?"));
            args.push(SqlValue::Text(id));
        } else {
            sql.push_str(&format!(" AND ({}, c.id) {op} (?, ?)", q.sort.expr()));
            args.push(value);
            args.push(SqlValue::Text(id));
        }
    }
    sql.push_str(&order_by(q));
    sql.push_str(" LIMIT ? OFFSET ?");
    args.push(SqlValue::Integer(i64::from(
        q.limit.clamp(1, MAX_PAGE_SIZE),
    )));
    args.push(SqlValue::Integer(i64::from(q.offset)));
    Ok((
        format!("SELECT {CHECKOUT_COLUMNS} FROM checkouts c{sql}"),
        args,
    ))
}

pub(crate) fn page_in(
    conn: &Connection,
    q: &ListQuery,
    now: DateTime<Utc>,
) -> Result<CheckoutPage> {
    let (sql, args) = page_sql(q, now, search_shape_in(conn, q)?)?;
    // Cached: scrolling re-runs the same few statements with other offsets.
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut rows = stmt.query(params_from_iter(args))?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        out.push(row_from_sql(r)?);
    }
    let full = out.len() == q.limit.clamp(1, MAX_PAGE_SIZE) as usize;
    let next_cursor = match out.last() {
        Some(last) if full => Some(cursor::encode(q, last)?),
        _ => None,
    };
    Ok(CheckoutPage {
        rows: out,
        next_cursor,
    })
}

/// Calls `f` for every row matching the filters, in the query's sort order, ignoring
/// paging, one row at a time (exports stream through this).
pub(crate) fn for_each_in(
    conn: &Connection,
    q: &ListQuery,
    mut f: impl FnMut(CheckoutRow) -> Result<()>,
) -> Result<()> {
    let Filter { sql, args } = build_filter(q, Utc::now())?;
    let sql = format!(
        "SELECT {CHECKOUT_COLUMNS} FROM checkouts c{sql}{}",
        order_by(q)
    );
    let mut stmt = conn.prepare(&sql)?;
    let mut rows = stmt.query(params_from_iter(args))?;
    while let Some(r) = rows.next()? {
        f(row_from_sql(r)?)?;
    }
    Ok(())
}

impl Store {
    /// A page of rows plus the totals of everything the filters match.
    pub fn list_checkouts(&self, q: &ListQuery) -> Result<ListPage> {
        let now = Utc::now();
        self.read(|conn| {
            let page = page_in(conn, q, now)?;
            let totals = totals_in(conn, q, now)?;
            Ok(ListPage {
                rows: page.rows,
                next_cursor: page.next_cursor,
                totals,
            })
        })
    }

    /// Only the page (what scrolling needs; totals do not change between pages).
    pub fn checkout_page(&self, q: &ListQuery) -> Result<CheckoutPage> {
        self.read(|conn| page_in(conn, q, Utc::now()))
    }

    /// How many rows the filters match, without sums: an index-only count where an index
    /// covers the filters (the sync bar's "not synced for a day" uses the open-checkouts
    /// index: 50 ms on a million rows instead of 1.4 s for count and sums).
    pub fn count_checkouts(&self, q: &ListQuery) -> Result<i64> {
        let now = Utc::now();
        self.read(|conn| {
            let shape = search_shape_in(conn, q)?;
            let Filter { sql, args } = build_filter_shaped(q, now, shape)?;
            let mut stmt =
                conn.prepare_cached(&format!("SELECT count(*) FROM checkouts c{sql}"))?;
            Ok(stmt.query_row(params_from_iter(args), |r| r.get(0))?)
        })
    }

    /// Only the totals.
    pub fn checkout_totals(&self, q: &ListQuery) -> Result<Totals> {
        self.read(|conn| totals_in(conn, q, Utc::now()))
    }

    /// SQLite's plan for the page query (one line per plan step): for tests and
    /// benchmarks that check the list is served by an index.
    pub fn explain_checkout_page(&self, q: &ListQuery) -> Result<Vec<String>> {
        let shape = self.read(|conn| search_shape_in(conn, q))?;
        let (sql, args) = page_sql(q, Utc::now(), shape)?;
        self.explain(&sql, args)
    }

    /// SQLite's plan for the totals statements, one after the other.
    pub fn explain_checkout_totals(&self, q: &ListQuery) -> Result<Vec<String>> {
        let mut lines = Vec::new();
        let shape = self.read(|conn| search_shape_in(conn, q))?;
        for (sql, args) in totals_plan(q, Utc::now(), shape)? {
            lines.extend(self.explain(&sql, args)?);
        }
        Ok(lines)
    }

    pub(crate) fn explain(&self, sql: &str, args: Vec<SqlValue>) -> Result<Vec<String>> {
        self.read(|conn| {
            let mut stmt = conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}"))?;
            let lines = stmt.query_map(params_from_iter(args), |r| r.get::<_, String>(3))?;
            Ok(lines.collect::<rusqlite::Result<Vec<_>>>()?)
        })
    }
}
