//! The local cache of checkouts and customers, partitioned by (profile, mode).

pub mod checkouts;
mod cursor;
pub mod customers;
pub mod events;
pub mod import_queue;
pub mod query;
pub mod search;
pub mod sql_text;
mod totals;

pub use checkouts::{CachedCheckout, CheckoutRow, UpsertOutcome, STATUS_DELETED};
pub use customers::{CustomerQuery, CustomerRow};
pub use events::{CheckoutEvent, EventKind, NewEvent, ACTOR_SYNC};
pub use query::{
    CheckoutPage, CurrencyTotal, ListPage, ListQuery, SortColumn, SortDirection, Totals,
    DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, MAX_SELECTED_IDS,
};

/// A JSON object column (metadata) as stored by an upsert; anything else is corruption.
pub(crate) fn json_object(
    text: &str,
    what: &str,
) -> crate::error::Result<serde_json::Map<String, serde_json::Value>> {
    match serde_json::from_str(text)? {
        serde_json::Value::Object(m) => Ok(m),
        _ => Err(crate::error::Error::storage(format!(
            "cached {what} is not an object"
        ))),
    }
}
