//! Keyset-paging cursors: the sort value and id of a page's last row.
//!
//! The UI gets an opaque string and hands it back. It names its sort column and direction,
//! so a cursor from another sort order is refused instead of silently skipping rows.

use rusqlite::types::Value as SqlValue;
use serde::{Deserialize, Serialize};

use super::checkouts::CheckoutRow;
use super::query::{ListQuery, SortColumn, SortDirection};
use crate::db::to_ms;
use crate::error::{Error, Result};

#[derive(Debug, Serialize, Deserialize)]
struct Cursor {
    s: SortColumn,
    d: SortDirection,
    v: serde_json::Value,
    i: String,
}

/// The value of the sort column in a row, as the keyset condition binds it (the same
/// NULL-as-'' rule as the ORDER BY expression).
fn sort_value(col: SortColumn, row: &CheckoutRow) -> SqlValue {
    let text = |s: &Option<String>| SqlValue::Text(s.clone().unwrap_or_default());
    match col {
        SortColumn::Id => SqlValue::Text(row.id.clone()),
        SortColumn::Identifier => text(&row.identifier),
        SortColumn::Status => SqlValue::Text(row.status.clone()),
        SortColumn::Amount => SqlValue::Integer(row.amount),
        SortColumn::Refunded => SqlValue::Integer(row.refunded),
        SortColumn::Currency => SqlValue::Text(row.currency.clone()),
        SortColumn::CustomerId => text(&row.customer_id),
        SortColumn::Message => text(&row.message),
        SortColumn::CreatedAt => SqlValue::Integer(to_ms(row.created_at)),
        SortColumn::UpdatedAt => SqlValue::Integer(to_ms(row.updated_at)),
        SortColumn::LastSyncedAt => SqlValue::Integer(to_ms(row.last_synced_at)),
    }
}

fn is_integer(col: SortColumn) -> bool {
    matches!(
        col,
        SortColumn::Amount
            | SortColumn::Refunded
            | SortColumn::CreatedAt
            | SortColumn::UpdatedAt
            | SortColumn::LastSyncedAt
    )
}

/// The cursor that continues after `row` in `q`'s order.
pub(crate) fn encode(q: &ListQuery, row: &CheckoutRow) -> Result<String> {
    let v = match sort_value(q.sort, row) {
        SqlValue::Integer(n) => serde_json::Value::from(n),
        SqlValue::Text(s) => serde_json::Value::from(s),
        _ => return Err(Error::storage("unexpected sort value")),
    };
    let c = Cursor {
        s: q.sort,
        d: q.direction,
        v,
        i: row.id.clone(),
    };
    Ok(serde_json::to_string(&c)?)
}

/// The sort value and id to continue after; refuses a cursor of another order.
pub(crate) fn decode(q: &ListQuery, text: &str) -> Result<(SqlValue, String)> {
    let bad = || Error::invalid("after", "not a cursor of this list");
    let c: Cursor = serde_json::from_str(text).map_err(|_| bad())?;
    if c.s != q.sort || c.d != q.direction {
        return Err(Error::invalid(
            "after",
            "the cursor belongs to another sort order; start from the first page",
        ));
    }
    let v = match (&c.v, is_integer(q.sort)) {
        (serde_json::Value::Number(n), true) => SqlValue::Integer(n.as_i64().ok_or_else(bad)?),
        (serde_json::Value::String(s), false) => SqlValue::Text(s.clone()),
        _ => return Err(bad()),
    };
    Ok((v, c.i))
}
