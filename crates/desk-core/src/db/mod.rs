//! The SQLite database: one writer, a few readers, embedded migrations.
//!
//! SQLite allows one writer at a time; funnelling every write through one connection
//! behind a mutex turns "database is locked" races into plain queueing. Reads use their
//! own connections so a long export never blocks a refund. WAL mode lets those readers
//! see a consistent snapshot while the writer commits.

pub mod migrations;

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OpenFlags, Transaction, TransactionBehavior};

use crate::error::{Error, Result};

/// How long a connection waits for a lock held by another process (a second app window,
/// the CLI) before failing.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);
/// Page cache of the writer connection, in KiB (negative = KiB for the pragma).
pub(crate) const WRITER_CACHE_KIB: i64 = -65_536;
/// Idle read connections kept for reuse.
const MAX_IDLE_READERS: usize = 4;

/// Handle on the cache database. Cheap to clone; all clones share the connections.
#[derive(Clone)]
pub struct Store {
    inner: Arc<Inner>,
}

struct Inner {
    path: PathBuf,
    writer: Mutex<Connection>,
    readers: Mutex<Vec<Connection>>,
    os_user: String,
}

impl fmt::Debug for Store {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Store")
            .field("path", &self.inner.path)
            .finish_non_exhaustive()
    }
}

impl Store {
    /// Opens (creating if needed) the database at `path` and brings its schema up to date.
    pub fn open(path: impl AsRef<Path>) -> Result<Store> {
        let path = path.as_ref().to_path_buf();
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent)?;
        }
        let mut writer = Connection::open_with_flags(
            &path,
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        configure_writer(&writer)?;
        migrations::apply(&mut writer)?;
        optimize(&writer)?;
        Ok(Store {
            inner: Arc::new(Inner {
                path,
                writer: Mutex::new(writer),
                readers: Mutex::new(Vec::new()),
                os_user: os_user(),
            }),
        })
    }

    /// Opens the database in [`crate::paths::db_path`].
    pub fn open_default() -> Result<Store> {
        Store::open(crate::paths::db_path()?)
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.inner.path
    }

    /// The OS account recorded in audit entries ($USER, or $USERNAME on Windows).
    pub fn os_user(&self) -> &str {
        &self.inner.os_user
    }

    /// Runs `f` in one IMMEDIATE transaction on the writer connection and commits when it
    /// returns Ok; an Err (or a panic) rolls everything back.
    ///
    /// This is the composition point for multi-table writes: the writes half updates a
    /// checkout, appends its event, settles the journal row and appends the audit entry
    /// inside a single call.
    pub fn write<T>(&self, f: impl FnOnce(&Transaction<'_>) -> Result<T>) -> Result<T> {
        let mut conn = lock(&self.inner.writer);
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let value = f(&tx)?;
        tx.commit()?;
        Ok(value)
    }

    /// Sets the writer connection's page cache (negative: KiB, as the pragma takes it).
    #[cfg(feature = "fixtures")]
    pub(crate) fn set_writer_cache_kib(&self, kib: i64) -> Result<()> {
        lock(&self.inner.writer).pragma_update(None, "cache_size", kib)?;
        Ok(())
    }

    /// [`Store::write`] for what the next sync would write again anyway (a retrieved
    /// checkout cached): just as atomic and ordered, but the commit is not flushed to disk
    /// (WAL with synchronous=NORMAL). A power cut may lose the last few such commits and
    /// nothing else: the WAL is written in order, so the next FULL commit (every journal
    /// and audit write) makes them durable with it. A sync commits once per checkout, and
    /// the flush was most of its cost.
    pub fn write_relaxed<T>(&self, f: impl FnOnce(&Transaction<'_>) -> Result<T>) -> Result<T> {
        let mut conn = lock(&self.inner.writer);
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        let result = (|| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let value = f(&tx)?;
            tx.commit()?;
            Ok(value)
        })();
        // Back to FULL whatever happened: the next write may be a journal row.
        conn.pragma_update(None, "synchronous", "FULL")?;
        result
    }

    /// Runs `f` on a read-only connection inside one read transaction, so every query in
    /// it sees the same snapshot (the page and its totals agree).
    pub fn read<T>(&self, f: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
        let conn = self.take_reader()?;
        let result = (|| {
            let tx = conn.unchecked_transaction()?;
            let value = f(&tx)?;
            // Read-only: ending it either way is the same; commit keeps it explicit.
            tx.commit()?;
            Ok(value)
        })();
        self.give_back_reader(conn);
        result
    }

    fn take_reader(&self) -> Result<Connection> {
        if let Some(conn) = lock(&self.inner.readers).pop() {
            return Ok(conn);
        }
        let conn = Connection::open_with_flags(
            &self.inner.path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        conn.busy_timeout(BUSY_TIMEOUT)?;
        Ok(conn)
    }

    fn give_back_reader(&self, conn: Connection) {
        let mut idle = lock(&self.inner.readers);
        if idle.len() < MAX_IDLE_READERS {
            idle.push(conn);
        }
    }
}

fn configure_writer(conn: &Connection) -> Result<()> {
    conn.busy_timeout(BUSY_TIMEOUT)?;
    let mode: String = conn.pragma_update_and_check(None, "journal_mode", "wal", |r| r.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(Error::storage(format!(
            "the database refused WAL mode (got {mode}); is it on a network drive?"
        )));
    }
    // FULL: a journal row must survive a power cut once committed, because the request it
    // announces may already have reached the server.
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "foreign_keys", true)?;
    // A sync or an import writes into eight b-trees of a large cache; with SQLite's default
    // 2 MiB page cache every insert re-reads index pages from the OS. Pages are allocated
    // as they are used, so an idle desk does not pay for this.
    conn.pragma_update(None, "cache_size", WRITER_CACHE_KIB)?;
    Ok(())
}

/// Refreshes the planner's statistics where they are missing or stale (SQLite's advice
/// for long-lived connections); the limit keeps it to milliseconds on a large cache.
fn optimize(conn: &Connection) -> Result<()> {
    conn.pragma_update(None, "analysis_limit", 400)?;
    conn.execute_batch("PRAGMA optimize = 0x10002;")?;
    Ok(())
}

/// A poisoned mutex only means another thread panicked mid-call; rusqlite rolled its
/// transaction back on drop, so the connection is still sound.
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn os_user() -> String {
    ["USER", "USERNAME"]
        .iter()
        .filter_map(|v| std::env::var(v).ok())
        .map(|s| s.trim().to_owned())
        .find(|s| !s.is_empty())
        .unwrap_or_else(|| "unknown".to_owned())
}

/// UTC time to the stored integer (unix milliseconds).
pub(crate) fn to_ms(t: DateTime<Utc>) -> i64 {
    t.timestamp_millis()
}

/// Stored integer back to UTC time; out-of-range values mean a corrupt row.
pub(crate) fn from_ms(ms: i64) -> Result<DateTime<Utc>> {
    DateTime::from_timestamp_millis(ms)
        .ok_or_else(|| Error::storage(format!("timestamp {ms} out of range")))
}

pub(crate) fn opt_from_ms(ms: Option<i64>) -> Result<Option<DateTime<Utc>>> {
    ms.map(from_ms).transpose()
}
