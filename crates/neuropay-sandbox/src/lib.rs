//! A stateful simulator of the Neuro-Pay Checkout API.
//!
//! Start it in-process with [`start`] on a loopback port (the desktop app's embedded
//! default, and every test's server), or run the `neuropay-sandbox` binary. It serves the
//! nine documented `POST /checkout/{action}` endpoints with the documented state machine,
//! hosted payment and customer pages, fault injection, test-only control endpoints under
//! `/_sandbox/`, and its OpenAPI document at `/openapi.json`.

mod api;
mod app;
mod config;
mod control;
mod currency;
mod error;
mod faults;
mod hosted;
mod idempotency;
mod keys;
mod ledger;
mod machine;
mod metadata;
mod model;
mod openapi;
mod ops;
mod persist;
mod sandbox;
mod seed;
mod server;
mod state;

pub use config::SandboxConfig;
pub use currency::{format_minor, CURRENCIES};
pub use error::SandboxError;
pub use faults::Faults;
pub use keys::{CompanyKeys, Mode};
pub use ledger::LedgerEntry;
pub use machine::Outcome;
pub use model::{RefundReason, Status};
pub use openapi::{api_paths, OPENAPI_JSON};
pub use sandbox::{start, Sandbox};
pub use seed::{FIRST as DEMO_FIRST_NAMES, LAST as DEMO_LAST_NAMES, PRODUCTS as DEMO_PRODUCTS};
