//! Client for the Neuro-Pay Checkout API: validated request values, tolerant reply models,
//! one error type, and retries that never apply a write twice.
//!
//! Exactly-once rests on two rules. Every write carries the caller's `Idempotency-Key`, the
//! same on every retry. And a write whose retries ran out after any attempt that may have
//! reached the server ends in [`Error::OutcomeUnknown`], never in a plain failure: only the
//! caller, by retrieving the object, can tell whether it was applied.

mod attempt;
mod builder;
pub mod client;
pub mod error;
#[doc(hidden)]
pub mod fuzzing;
pub mod ids;
pub mod key;
pub mod metadata;
pub mod model;
pub mod money;
pub mod payment_method;
pub mod request;
pub mod retry;
pub mod status;
mod text;
mod transport;

pub use builder::{parse_base_url, ClientBuilder, DEFAULT_CONNECT_TIMEOUT, DEFAULT_TIMEOUT};
pub use client::{Action, Client};
pub use error::Error;
pub use ids::{CardId, CheckoutId, CustomerId};
pub use key::{ApiKey, IdempotencyKey};
pub use metadata::{MetaValue, Metadata, MAX_METADATA_BYTES, MAX_METADATA_KEYS};
pub use model::{Checkout, Customer, Deleted, RefundEntry, Reply, SavedCard};
pub use money::{format_minor, Currency};
pub use payment_method::{PaymentMethod, KNOWN_BRANDS, KNOWN_METHODS};
pub use request::{
    CreateCheckout, CreateCheckoutBuilder, CreateCustomer, CreateCustomerBuilder, RefundRequest,
    RefundRequestBuilder, UpdateMetadata, UpdateMetadataBuilder, TEMPLATE_IFRAME,
};
pub use retry::{parse_retry_after, RetryPolicy};
pub use status::{RefundReason, Status};
pub use transport::{install_crypto_provider, DEFAULT_MAX_REPLY_BYTES};
pub use url::Url;
