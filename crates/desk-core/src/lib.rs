//! Neuro-Pay Desk application logic, shared by the Tauri app and the `npdesk` CLI.
//!
//! Storage half: profiles ([`profiles`]), API keys in the OS keychain ([`vault`]), the
//! SQLite cache ([`db`], [`cache`]), the operation journal ([`journal`]), the audit log
//! ([`audit`]), CSV export ([`export`]) and money helpers ([`money`]). [`desk::Desk`]
//! combines the database and the keychain for operations that need both.
//!
//! Nothing here imports Tauri. The database API is synchronous (rusqlite); async callers
//! run it on the blocking pool ([`desk::Desk::db`]). Keychain calls have async wrappers.

pub mod about;
pub mod audit;
pub mod cache;
pub mod db;
pub mod desk;
pub mod error;
pub mod export;
pub mod journal;
pub mod mode;
pub mod money;
pub mod paths;
pub mod profiles;
pub mod vault;

pub use about::{app_info, AppInfo};
pub use audit::{AuditEntry, AuditEvent, AuditFilter, AuditRecord, Outcome};
pub use cache::{
    CheckoutEvent, CheckoutPage, CheckoutRow, CurrencyTotal, CustomerQuery, CustomerRow, EventKind,
    ListPage, ListQuery, SortColumn, SortDirection, Totals,
};
pub use db::Store;
pub use desk::Desk;
pub use error::{Error, ErrorDto, Result};
pub use journal::{JournalEntry, JournalOp, JournalState, NewJournalEntry};
pub use mode::Mode;
pub use profiles::{GuardRails, NewProfile, Profile, ProfileId};
pub use vault::{KeyChange, KeyStatus, MaskedKey, Vault, VaultState, VaultStatus};

#[cfg(test)]
mod tests;
