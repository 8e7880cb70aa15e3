//! Embedded, ordered schema migrations.
//!
//! The applied version lives in `PRAGMA user_version` (part of the database header, so it
//! changes atomically with the migration's transaction). Each migration runs in its own
//! IMMEDIATE transaction: a failure leaves the database at the previous version, never
//! half-migrated.

use rusqlite::{Connection, TransactionBehavior};

use crate::error::{Error, Result};

/// One schema step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Migration {
    /// 1, 2, 3, ...: applied in this order, recorded in `user_version`.
    pub version: u32,
    /// The file name without extension, e.g. `0001_init`.
    pub name: &'static str,
    pub sql: &'static str,
}

/// Every migration, in order. Append only: never edit one that has shipped.
pub const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        name: "0001_init",
        sql: include_str!("../../migrations/0001_init.sql"),
    },
    Migration {
        version: 2,
        name: "0002_sandbox_profile",
        sql: include_str!("../../migrations/0002_sandbox_profile.sql"),
    },
    Migration {
        version: 3,
        name: "0003_list_at_scale",
        sql: include_str!("../../migrations/0003_list_at_scale.sql"),
    },
    Migration {
        version: 4,
        name: "0004_import_queue",
        sql: include_str!("../../migrations/0004_import_queue.sql"),
    },
];

/// The version a fully migrated database has.
pub fn latest_version() -> u32 {
    MIGRATIONS.last().map_or(0, |m| m.version)
}

/// The version recorded in the database.
pub fn current_version(conn: &Connection) -> Result<u32> {
    let v: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    u32::try_from(v).map_err(|_| Error::storage(format!("invalid schema version {v}")))
}

/// Applies the migrations the database lacks; returns how many ran.
///
/// A database from a newer app version is refused rather than used: this version would
/// not know its columns and could corrupt them.
pub fn apply(conn: &mut Connection) -> Result<usize> {
    let current = current_version(conn)?;
    if current > latest_version() {
        return Err(Error::storage(format!(
            "the database has schema version {current}, newer than this app knows ({}); \
             update Neuro-Pay Desk",
            latest_version()
        )));
    }
    let mut applied = 0;
    for m in MIGRATIONS.iter().filter(|m| m.version > current) {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute_batch(m.sql)
            .map_err(|e| Error::storage(format!("migration {} failed: {e}", m.name)))?;
        tx.pragma_update(None, "user_version", m.version)?;
        tx.commit()?;
        applied += 1;
    }
    Ok(applied)
}
