//! The local cache of checkouts and customers, partitioned by (profile, mode).

pub mod checkouts;
mod cursor;
pub mod customers;
pub mod events;
pub mod query;
pub mod search;

pub use checkouts::{CachedCheckout, CheckoutRow, UpsertOutcome, STATUS_DELETED};
pub use customers::{CustomerQuery, CustomerRow};
pub use events::{CheckoutEvent, EventKind, NewEvent, ACTOR_SYNC};
pub use query::{
    CheckoutPage, CurrencyTotal, ListPage, ListQuery, SortColumn, SortDirection, Totals,
    DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, MAX_SELECTED_IDS,
};
