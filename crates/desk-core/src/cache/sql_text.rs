//! The statements the cache runs, as self-contained SQL text with every parameter inlined
//! as a literal: what the benchmarks feed the `sqlite3` shell to compare the desk's query
//! path with the raw engine on the same file. Never used to run a query in the app.

use chrono::{DateTime, Utc};
use rusqlite::types::Value as SqlValue;

use super::checkouts::lookup_sql;
use super::query::{page_sql, search_shape_in, ListQuery};
use super::totals::totals_plan;
use crate::db::Store;
use crate::error::{Error, Result};
use crate::mode::Mode;
use crate::profiles::ProfileId;

/// The page statement of a list query, shaped as the store would run it now.
pub fn page_sql_text(store: &Store, q: &ListQuery, now: DateTime<Utc>) -> Result<String> {
    let shape = store.read(|conn| search_shape_in(conn, q))?;
    let (page, args) = page_sql(q, now, shape)?;
    inline(&page, &args)
}

/// The statements that compute a list query's totals.
pub fn totals_sql_text(store: &Store, q: &ListQuery, now: DateTime<Utc>) -> Result<Vec<String>> {
    let shape = store.read(|conn| search_shape_in(conn, q))?;
    totals_plan(q, now, shape)?
        .iter()
        .map(|(sql, args)| inline(sql, args))
        .collect()
}

/// The point lookup of one cached checkout.
pub fn lookup_sql_text(profile: &ProfileId, mode: Mode, id: &str) -> Result<String> {
    let args = [
        SqlValue::Text(profile.as_str().to_owned()),
        SqlValue::Text(mode.as_str().to_owned()),
        SqlValue::Text(id.to_owned()),
    ];
    inline(&lookup_sql(), &args)
}

/// Replaces `?` and `?N` placeholders with SQL literals. The statements are built from
/// fixed fragments that hold no `?` inside string literals.
fn inline(sql: &str, args: &[SqlValue]) -> Result<String> {
    let mut out = String::with_capacity(sql.len() + 16 * args.len());
    let mut next = 0usize;
    let mut chars = sql.chars().peekable();
    while let Some(ch) = chars.next() {
        if ch != '?' {
            out.push(ch);
            continue;
        }
        let mut digits = String::new();
        while let Some(d) = chars.peek().filter(|d| d.is_ascii_digit()) {
            digits.push(*d);
            chars.next();
        }
        let index = if digits.is_empty() {
            next += 1;
            next - 1
        } else {
            digits.parse::<usize>().unwrap_or(0).saturating_sub(1)
        };
        let value = args
            .get(index)
            .ok_or_else(|| Error::storage(format!("placeholder {} has no value", index + 1)))?;
        out.push_str(&literal(value));
    }
    Ok(out)
}

fn literal(v: &SqlValue) -> String {
    match v {
        SqlValue::Null => "NULL".to_owned(),
        SqlValue::Integer(i) => i.to_string(),
        SqlValue::Real(r) => r.to_string(),
        SqlValue::Text(t) => format!("'{}'", t.replace('\'', "''")),
        SqlValue::Blob(b) => format!(
            "X'{}'",
            b.iter().map(|x| format!("{x:02x}")).collect::<String>()
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_become_literals() {
        let args = [SqlValue::Text("o'k".into()), SqlValue::Integer(5)];
        assert_eq!(
            inline("a = ? AND b < ?", &args).unwrap(),
            "a = 'o''k' AND b < 5"
        );
        assert_eq!(
            inline("b = ?2 OR a = ?1", &args).unwrap(),
            "b = 5 OR a = 'o''k'"
        );
        assert!(inline("a = ? AND b = ? AND c = ?", &args).is_err());
    }
}
