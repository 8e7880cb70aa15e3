//! The overview's charts: SQL aggregations over the same filters as the checkout list.
//!
//! Every chart is one query whose WHERE clause comes from the list's own filter builder,
//! so a bar and the list it opens always count the same rows. Amounts are summed per
//! currency and never across currencies.
//!
//! Definitions:
//! - **volume** of a day: the amount of every matching checkout created that UTC day (the
//!   list's totals, split by day); **charged** is the part whose status says money was
//!   taken (`paid`, `partialRefund`, `refunded`).
//! - **refund share**: refunded / charged, per currency, in basis points.
//! - **capture rate** of reservations: a checkout created with `capture: false` ends
//!   captured (`paid`, `partialRefund` or `refunded`), released (`reserve released`) or
//!   is still `reserved`; rate = captured / (captured + released + reserved). A
//!   reservation that failed or was canceled before it was reserved is not counted: it
//!   never held funds.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::types::Value as SqlValue;
use rusqlite::{params_from_iter, Connection};
use serde::{Deserialize, Serialize};

use crate::cache::query::{build_filter, Filter, ListQuery};
use crate::db::Store;
use crate::error::Result;
use crate::money;

/// Statuses in which the merchant was paid.
pub const CHARGED_STATUSES: [&str; 3] = ["paid", "partialRefund", "refunded"];
/// How many customers the top-customers chart shows per currency.
pub const TOP_CUSTOMERS: i64 = 10;

const MS_PER_DAY: i64 = 86_400_000;
const CHARGED_SQL: &str = "c.status IN ('paid', 'partialRefund', 'refunded')";

/// Volume of one currency on one UTC day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct DayVolume {
    /// `2026-11-01` (UTC).
    pub day: String,
    pub currency: String,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub count: i64,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub amount: i64,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub charged: i64,
    pub charged_formatted: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct StatusCount {
    /// Wire spelling.
    pub status: String,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub count: i64,
}

/// Refunds of one currency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct RefundCurrency {
    pub currency: String,
    /// Checkouts with something refunded.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub count: i64,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub refunded: i64,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub charged: i64,
    /// refunded / charged in basis points (10 000 = 100 %); None when nothing was charged.
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub share_bp: Option<i64>,
    pub refunded_formatted: String,
}

/// Refunds of one reason in one currency, read from each reply's `refunds[]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct RefundReasonTotal {
    /// `duplicate`, `requested_by_customer`, `fraudulent` or `unspecified`.
    pub reason: String,
    pub currency: String,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub count: i64,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub amount: i64,
    pub amount_formatted: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct CaptureRate {
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub captured: i64,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub released: i64,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub reserved: i64,
    /// captured / all three in basis points; None when there were no reservations.
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub rate_bp: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct CustomerVolume {
    pub customer_id: String,
    pub currency: String,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub count: i64,
    /// Charged amount.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub amount: i64,
    pub amount_formatted: String,
}

/// Every chart of the overview for one filter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Overview {
    pub volume_by_day: Vec<DayVolume>,
    pub by_status: Vec<StatusCount>,
    pub refunds: Vec<RefundCurrency>,
    pub refund_reasons: Vec<RefundReasonTotal>,
    pub capture: CaptureRate,
    pub top_customers: Vec<CustomerVolume>,
}

fn bp(part: i64, whole: i64) -> Option<i64> {
    (whole > 0).then(|| (i128::from(part) * 10_000 / i128::from(whole)) as i64)
}

fn day_label(day: i64) -> String {
    DateTime::<Utc>::from_timestamp_millis(day * MS_PER_DAY)
        .map(|d| d.date_naive())
        .unwrap_or(NaiveDate::MIN)
        .to_string()
}

/// The SQL of one chart. Paging, sort and cursor of the query are ignored.
fn chart_sql(chart: Chart, q: &ListQuery, now: DateTime<Utc>) -> Result<(String, Vec<SqlValue>)> {
    let Filter { sql: w, args } = build_filter(q, now)?;
    let sql = match chart {
        Chart::Volume => format!(
            "SELECT c.created_at / {MS_PER_DAY}, c.currency, count(*), sum(c.amount),
                    sum(CASE WHEN {CHARGED_SQL} THEN c.amount ELSE 0 END)
             FROM checkouts c{w} GROUP BY 1, 2 ORDER BY 1, 2"
        ),
        Chart::Status => format!(
            "SELECT c.status, count(*) FROM checkouts c{w} GROUP BY c.status ORDER BY 2 DESC, 1"
        ),
        Chart::Refunds => format!(
            "SELECT c.currency, sum(c.refunded > 0), sum(c.refunded),
                    sum(CASE WHEN {CHARGED_SQL} THEN c.amount ELSE 0 END)
             FROM checkouts c{w} GROUP BY c.currency ORDER BY c.currency"
        ),
        // json_each only runs for rows with something refunded.
        Chart::Reasons => format!(
            "SELECT lower(ifnull(json_extract(r.value, '$.reason'), '')), c.currency, count(*),
                    sum(CAST(ifnull(json_extract(r.value, '$.amount'), 0) AS INTEGER))
             FROM checkouts c, json_each(c.raw, '$.refunds') r{w} AND c.refunded > 0
             GROUP BY 1, 2 ORDER BY 1, 2"
        ),
        Chart::Capture => format!(
            "SELECT ifnull(sum({CHARGED_SQL} AND json_extract(c.raw, '$.capture') = 0), 0),
                    ifnull(sum(c.status = 'reserve released'), 0),
                    ifnull(sum(c.status = 'reserved'), 0)
             FROM checkouts c{w}
               AND c.status IN ('paid', 'partialRefund', 'refunded', 'reserve released', 'reserved')"
        ),
        Chart::Customers => format!(
            "SELECT customer_id, currency, n, amount FROM (
               SELECT c.customer_id, c.currency, count(*) AS n, sum(c.amount) AS amount,
                      row_number() OVER (PARTITION BY c.currency
                                         ORDER BY sum(c.amount) DESC, c.customer_id) AS rank
               FROM checkouts c{w} AND c.customer_id IS NOT NULL AND {CHARGED_SQL}
               GROUP BY c.customer_id, c.currency)
             WHERE rank <= {TOP_CUSTOMERS} ORDER BY currency, amount DESC, customer_id"
        ),
    };
    Ok((sql, args))
}

/// The charts, for EXPLAIN in tests and benchmarks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Chart {
    Volume,
    Status,
    Refunds,
    Reasons,
    Capture,
    Customers,
}

impl Chart {
    pub const ALL: [Chart; 6] = [
        Chart::Volume,
        Chart::Status,
        Chart::Refunds,
        Chart::Reasons,
        Chart::Capture,
        Chart::Customers,
    ];
}

fn rows<T>(
    conn: &Connection,
    (sql, args): (String, Vec<SqlValue>),
    f: impl Fn(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
) -> Result<Vec<T>> {
    let mut stmt = conn.prepare(&sql)?;
    let out = stmt.query_map(params_from_iter(args), f)?;
    Ok(out.collect::<rusqlite::Result<Vec<_>>>()?)
}

fn normalise_reason(raw: &str) -> String {
    match raw {
        "" => "unspecified".to_owned(),
        // The API spells it "fraudolent"; the desk shows one spelling.
        "fraudolent" | "fraudulent" => "fraudulent".to_owned(),
        other => other.to_owned(),
    }
}

pub(crate) fn overview_in(
    conn: &Connection,
    q: &ListQuery,
    now: DateTime<Utc>,
) -> Result<Overview> {
    let volume_by_day = rows(conn, chart_sql(Chart::Volume, q, now)?, |r| {
        let currency: String = r.get(1)?;
        let charged: i64 = r.get(4)?;
        Ok(DayVolume {
            day: day_label(r.get(0)?),
            count: r.get(2)?,
            amount: r.get(3)?,
            charged,
            charged_formatted: money::format_amount(charged, &currency),
            currency,
        })
    })?;
    let by_status = rows(conn, chart_sql(Chart::Status, q, now)?, |r| {
        Ok(StatusCount {
            status: r.get(0)?,
            count: r.get(1)?,
        })
    })?;
    let refunds = rows(conn, chart_sql(Chart::Refunds, q, now)?, |r| {
        let currency: String = r.get(0)?;
        let (refunded, charged): (i64, i64) = (r.get(2)?, r.get(3)?);
        Ok(RefundCurrency {
            count: r.get(1)?,
            share_bp: bp(refunded, charged),
            refunded_formatted: money::format_amount(refunded, &currency),
            refunded,
            charged,
            currency,
        })
    })?
    .into_iter()
    .filter(|r| r.count > 0 || r.charged > 0)
    .collect();
    // Two wire spellings of one reason merge after normalising.
    let mut reasons: BTreeMap<(String, String), (i64, i64)> = BTreeMap::new();
    for (reason, currency, count, amount) in rows(conn, chart_sql(Chart::Reasons, q, now)?, |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, i64>(2)?,
            r.get::<_, i64>(3)?,
        ))
    })? {
        let e = reasons
            .entry((normalise_reason(&reason), currency))
            .or_default();
        e.0 += count;
        e.1 += amount;
    }
    let refund_reasons = reasons
        .into_iter()
        .map(|((reason, currency), (count, amount))| RefundReasonTotal {
            amount_formatted: money::format_amount(amount, &currency),
            reason,
            currency,
            count,
            amount,
        })
        .collect();
    let capture = rows(conn, chart_sql(Chart::Capture, q, now)?, |r| {
        let (captured, released, reserved): (i64, i64, i64) = (r.get(0)?, r.get(1)?, r.get(2)?);
        Ok(CaptureRate {
            captured,
            released,
            reserved,
            rate_bp: bp(captured, captured + released + reserved),
        })
    })?
    .pop()
    .unwrap_or_default();
    let top_customers = rows(conn, chart_sql(Chart::Customers, q, now)?, |r| {
        let currency: String = r.get(1)?;
        let amount: i64 = r.get(3)?;
        Ok(CustomerVolume {
            customer_id: r.get(0)?,
            count: r.get(2)?,
            amount_formatted: money::format_amount(amount, &currency),
            amount,
            currency,
        })
    })?;
    Ok(Overview {
        volume_by_day,
        by_status,
        refunds,
        refund_reasons,
        capture,
        top_customers,
    })
}

impl Store {
    /// Every chart of the overview, from one read snapshot of the cache (works offline).
    pub fn overview(&self, q: &ListQuery) -> Result<Overview> {
        let now = Utc::now();
        self.read(|conn| overview_in(conn, q, now))
    }

    /// SQLite's plan for one chart's query.
    pub fn explain_overview(&self, chart: Chart, q: &ListQuery) -> Result<Vec<String>> {
        let (sql, args) = chart_sql(chart, q, Utc::now())?;
        self.explain(&sql, args)
    }
}
