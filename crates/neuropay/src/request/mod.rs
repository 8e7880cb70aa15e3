//! Request values. Each is built through a builder that refuses invalid input before
//! anything is sent, and serializes to the exact wire body.

pub mod checkout;
pub mod customer;
pub mod refund;
pub mod update;
pub(crate) mod validate;

#[cfg(test)]
mod tests;

pub use checkout::{CreateCheckout, CreateCheckoutBuilder, TEMPLATE_IFRAME};
pub use customer::{CreateCustomer, CreateCustomerBuilder};
pub use refund::{RefundRequest, RefundRequestBuilder};
pub use update::{UpdateMetadata, UpdateMetadataBuilder};
