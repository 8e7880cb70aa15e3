//! Neuro-Pay Desk application logic, shared by the Tauri app and the `npdesk` CLI.
//!
//! Storage half: profiles ([`profiles`]), API keys in the OS keychain ([`vault`]), the
//! SQLite cache ([`db`], [`cache`]), the operation journal ([`journal`]), the audit log
//! ([`audit`]), CSV export ([`export`]) and money helpers ([`money`]). [`desk::Desk`]
//! combines the database and the keychain for operations that need both.
//!
//! Operations half ([`ops`]): writes through the durable operation journal, settling of
//! unknown outcomes, sync, import and "test connection"; [`sandbox`] starts the embedded
//! simulator on first run.
//!
//! Nothing here imports Tauri. The database API is synchronous (rusqlite); async callers
//! run it on the blocking pool ([`desk::Desk::db`]). Keychain calls have async wrappers.

pub mod about;
pub mod audit;
pub mod bulk;
pub mod cache;
pub mod db;
pub mod desk;
pub mod detail;
pub mod error;
pub mod export;
pub mod files;
#[cfg(feature = "fixtures")]
pub mod fixtures;
pub mod forms;
pub mod journal;
pub mod mode;
pub mod money;
pub mod ops;
pub mod overview;
pub mod paths;
pub mod profiles;
pub mod radar;
pub mod sandbox;
pub mod start;
pub mod vault;

pub use about::{app_info, AppInfo};
pub use audit::{AuditEntry, AuditEvent, AuditFilter, AuditRecord, Outcome, WriteAudit};
pub use bulk::{
    BulkAction, BulkPlan, BulkProgress, BulkProgressFn, BulkReport, BulkRowResult, BulkSkip,
};
pub use cache::{
    CheckoutEvent, CheckoutPage, CheckoutRow, CurrencyTotal, CustomerQuery, CustomerRow, EventKind,
    ListPage, ListQuery, SortColumn, SortDirection, Totals,
};
pub use db::Store;
pub use desk::Desk;
pub use detail::{Actions, CheckoutDetail, RefundLine};
pub use error::{Error, ErrorDto, Result};
pub use export::ExportSummary;
pub use files::{read_import, read_import_file};
pub use forms::{
    common_currencies, CheckoutForm, CurrencyInfo, CustomerForm, MetadataChange, PaymentMethodForm,
    RefundForm,
};
pub use journal::{JournalEntry, JournalOp, JournalState, NewJournalEntry};
pub use mode::Mode;
pub use ops::{
    no_progress, Actor, BadLine, CancelToken, ClientOverrides, ConnectionCheck, DuplicateLine,
    ImportPlan, ImportReport, ItemFailure, Progress, ProgressFn, Scope, SettleReport, SyncOptions,
    SyncReport, WriteCtx,
};
pub use overview::{
    CaptureRate, Chart, CustomerVolume, DayVolume, Overview, RefundCurrency, RefundReasonTotal,
    StatusCount,
};
pub use profiles::{GuardRails, NewProfile, Profile, ProfileId};
pub use radar::ReservedCheckout;
pub use sandbox::EmbeddedSandbox;
pub use start::{SandboxInfo, StartInfo};
pub use vault::{KeyChange, KeyStatus, MaskedKey, Vault, VaultState, VaultStatus};

#[cfg(test)]
mod tests;
