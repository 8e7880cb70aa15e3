//! Count and sums of everything a list query matches, per currency.
//!
//! When the filters are only status, currency and a created-at range (the list's usual
//! view), whole days come from `checkout_daily` (kept by triggers, see migration 0003) and
//! only the partial days at the ends of the range are added up from the rows; any other
//! filter (search, amount, customer, staleness, a selection) adds up the matching rows.
//! Both give the same figures; tests/totals.rs checks that they do.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use rusqlite::types::Value as SqlValue;
use rusqlite::{params_from_iter, Connection};

use super::query::{
    build_filter, build_filter_shaped, normalized_currency, normalized_statuses, search_shape_in,
    ListQuery, SearchShape,
};
use super::search::fts_query;
use super::{CurrencyTotal, Totals};
use crate::db::{from_ms, to_ms};
use crate::error::Result;
use crate::money;

const DAY_MS: i64 = 86_400_000;

/// A statement returning rows of (currency, count, amount, refunded).
pub(crate) type Statement = (String, Vec<SqlValue>);

/// The statements whose rows, added up per currency, are the totals of `q`.
pub(crate) fn totals_plan(
    q: &ListQuery,
    now: DateTime<Utc>,
    shape: SearchShape,
) -> Result<Vec<Statement>> {
    // Validates every filter, whichever way the totals are then computed.
    build_filter(q, now)?;
    let from = q.created_from.map(to_ms);
    let to = q.created_to.map(to_ms);
    let summable = q.ids.is_none()
        && q.search.as_deref().and_then(fts_query).is_none()
        && q.amount_min.is_none()
        && q.amount_max.is_none()
        && q.customer_id.is_none()
        && q.stale_hours.is_none()
        // Day buckets are created_at / DAY_MS truncated, which is a day only from 1970 on.
        && from.is_none_or(|f| f >= 0)
        && to.is_none_or(|t| t >= 0);
    // Whole days: [first_day, end_day) in day numbers.
    let first_day = from.map(|f| (f + DAY_MS - 1) / DAY_MS);
    let end_day = to.map(|t| t / DAY_MS);
    let has_whole_days = match (first_day, end_day) {
        (Some(a), Some(b)) => a < b,
        _ => true,
    };
    if !summable || !has_whole_days {
        return Ok(vec![rows_sql(q, now, shape)?]);
    }
    let mut plan = vec![daily_sql(q, first_day, end_day)?];
    if let (Some(f), Some(a)) = (from, first_day) {
        if f < a * DAY_MS {
            plan.push(edge_sql(q, f, a * DAY_MS, now)?);
        }
    }
    if let (Some(t), Some(b)) = (to, end_day) {
        if b * DAY_MS < t {
            plan.push(edge_sql(q, b * DAY_MS, t, now)?);
        }
    }
    Ok(plan)
}

/// Adding up the matching rows themselves.
fn rows_sql(q: &ListQuery, now: DateTime<Utc>, shape: SearchShape) -> Result<Statement> {
    let filter = build_filter_shaped(q, now, shape)?;
    Ok((
        format!(
            "SELECT c.currency, count(*), sum(c.amount), sum(c.refunded)
             FROM checkouts c{} GROUP BY c.currency",
            filter.sql
        ),
        filter.args,
    ))
}

/// The rows created in [from_ms, to_ms) with the query's other filters.
fn edge_sql(q: &ListQuery, from_ms_: i64, to_ms_: i64, now: DateTime<Utc>) -> Result<Statement> {
    let edge = ListQuery {
        created_from: Some(from_ms(from_ms_)?),
        created_to: Some(from_ms(to_ms_)?),
        ..q.clone()
    };
    rows_sql(&edge, now, SearchShape::Few)
}

fn daily_sql(q: &ListQuery, first_day: Option<i64>, end_day: Option<i64>) -> Result<Statement> {
    let mut sql = String::from(
        "SELECT currency, sum(count), sum(amount), sum(refunded) FROM checkout_daily
         WHERE profile_id = ? AND mode = ?",
    );
    let mut args = vec![
        SqlValue::Text(q.profile_id.as_str().to_owned()),
        SqlValue::Text(q.mode.as_str().to_owned()),
    ];
    if let Some(a) = first_day {
        sql.push_str(" AND day >= ?");
        args.push(SqlValue::Integer(a));
    }
    if let Some(b) = end_day {
        sql.push_str(" AND day < ?");
        args.push(SqlValue::Integer(b));
    }
    let statuses = normalized_statuses(q)?;
    if !statuses.is_empty() {
        sql.push_str(&format!(
            " AND status IN ({})",
            vec!["?"; statuses.len()].join(", ")
        ));
        args.extend(statuses.into_iter().map(SqlValue::Text));
    }
    if let Some(cur) = normalized_currency(q)? {
        sql.push_str(" AND currency = ?");
        args.push(SqlValue::Text(cur));
    }
    sql.push_str(" GROUP BY currency");
    Ok((sql, args))
}

pub(crate) fn totals_in(conn: &Connection, q: &ListQuery, now: DateTime<Utc>) -> Result<Totals> {
    let mut sums: BTreeMap<String, (i64, i64, i64)> = BTreeMap::new();
    for (sql, args) in totals_plan(q, now, search_shape_in(conn, q)?)? {
        let mut stmt = conn.prepare_cached(&sql)?;
        let mut rows = stmt.query(params_from_iter(args))?;
        while let Some(r) = rows.next()? {
            let e = sums.entry(r.get(0)?).or_default();
            e.0 += r.get::<_, i64>(1)?;
            e.1 += r.get::<_, i64>(2)?;
            e.2 += r.get::<_, i64>(3)?;
        }
    }
    let mut totals = Totals::default();
    for (currency, (count, amount, refunded)) in sums {
        if count == 0 {
            continue;
        }
        totals.count += count;
        totals.per_currency.push(CurrencyTotal {
            amount_formatted: money::format_amount(amount, &currency),
            refunded_formatted: money::format_amount(refunded, &currency),
            currency,
            count,
            amount,
            refunded,
        });
    }
    Ok(totals)
}
