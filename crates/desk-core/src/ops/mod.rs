//! The operations half: writes through the durable journal, settling unknown outcomes,
//! sync, import, and "test connection". Every operation names its (profile, mode)
//! partition in a [`Scope`]; the client for it carries exactly that mode's key.

mod apply;
mod checks;
pub mod clients;
pub mod connection;
pub mod control;
pub mod import;
mod request;
pub mod runner;
pub mod scope;
pub mod settle;
pub mod sync;
mod writes;

pub use clients::ClientOverrides;
pub use connection::{ConnectionCheck, PROBE_CHECKOUT_ID};
pub use control::{no_progress, CancelToken, Progress, ProgressFn};
pub use import::{BadLine, DuplicateLine, ImportPlan, ImportReport};
pub use runner::{ItemFailure, SyncOptions, DEFAULT_CONCURRENCY, MAX_CONCURRENCY};
pub use scope::{Actor, Scope, WriteCtx};
pub use settle::{SettleReport, NEEDS_REVIEW, PENDING_GRACE, RESEND_WINDOW};
pub use sync::SyncReport;

#[cfg(test)]
mod tests;
