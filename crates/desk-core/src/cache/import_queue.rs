//! Checkout ids an import accepted but has not retrieved yet (migration 0004).

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection};

use crate::db::{to_ms, Store};
use crate::error::Result;
use crate::mode::Mode;
use crate::profiles::ProfileId;

/// Takes an id off the queue inside the caller's transaction (a no-op when absent).
pub(crate) fn dequeue_in(
    conn: &Connection,
    profile: &ProfileId,
    mode: Mode,
    id: &str,
) -> Result<()> {
    conn.prepare_cached(
        "DELETE FROM import_queue WHERE profile_id = ?1 AND mode = ?2 AND id = ?3",
    )?
    .execute(params![profile, mode, id])?;
    Ok(())
}

impl Store {
    /// Queues ids for retrieval in one transaction; an id already queued stays as it was.
    /// Returns how many were newly queued.
    pub fn enqueue_import(
        &self,
        profile: &ProfileId,
        mode: Mode,
        ids: &[String],
        at: DateTime<Utc>,
    ) -> Result<usize> {
        let at = to_ms(at);
        self.write(|tx| {
            let mut stmt = tx.prepare_cached(
                "INSERT INTO import_queue (profile_id, mode, id, queued_at) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT DO NOTHING",
            )?;
            let mut added = 0;
            for id in ids {
                added += stmt.execute(params![profile, mode, id, at])?;
            }
            Ok(added)
        })
    }

    /// The ids still waiting in a (profile, mode), oldest first.
    pub fn queued_import_ids(&self, profile: &ProfileId, mode: Mode) -> Result<Vec<String>> {
        self.read(|conn| {
            let mut stmt = conn.prepare(
                "SELECT id FROM import_queue WHERE profile_id = ?1 AND mode = ?2
                 ORDER BY queued_at, id",
            )?;
            let ids = stmt.query_map(params![profile, mode], |r| r.get(0))?;
            Ok(ids.collect::<rusqlite::Result<Vec<String>>>()?)
        })
    }

    /// Takes an id off the queue (the server said it does not exist, or it was cached).
    pub fn dequeue_import(&self, profile: &ProfileId, mode: Mode, id: &str) -> Result<()> {
        self.write(|tx| dequeue_in(tx, profile, mode, id))
    }
}
