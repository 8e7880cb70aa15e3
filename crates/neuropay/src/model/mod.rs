//! Reply models, read leniently from whatever shape the server sends.

pub mod checkout;
pub mod customer;
pub(crate) mod tolerant;

#[cfg(test)]
mod tests;

use serde_json::Value;

pub use checkout::{Checkout, RefundEntry};
pub use customer::{Customer, Deleted, SavedCard};

/// A decoded reply with everything the server said.
#[derive(Debug, Clone, PartialEq)]
pub struct Reply<T> {
    pub value: T,
    /// The reply body exactly as parsed, for the cache and for fields we do not model.
    pub raw: Value,
    pub http_status: u16,
    /// How many attempts the call took (1 when the first one answered).
    pub attempts: u32,
}

impl<T> Reply<T> {
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Reply<U> {
        Reply {
            value: f(self.value),
            raw: self.raw,
            http_status: self.http_status,
            attempts: self.attempts,
        }
    }
}
