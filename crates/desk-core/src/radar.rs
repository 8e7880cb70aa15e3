//! The reserve-ageing radar: reserved checkouts, oldest first.
//!
//! Age counts from `created_at`, not from the reservation: the cache keeps no separate
//! reservation time (`updated_at` moves with metadata edits), and a checkout is reserved
//! within minutes of its creation, so created_at errs on the side of warning early.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::cache::query::{self, ListQuery, SortColumn, SortDirection};
use crate::db::Store;
use crate::error::Result;
use crate::mode::Mode;
use crate::profiles::ProfileId;

/// One reserved checkout and how long it has been open.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct ReservedCheckout {
    pub id: String,
    pub identifier: Option<String>,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub amount: i64,
    pub currency: String,
    pub amount_formatted: String,
    pub created_at: DateTime<Utc>,
    /// Whole hours since created_at (never negative).
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub age_hours: i64,
}

impl Store {
    /// Every reserved checkout of a partition, oldest first, aged at `now`.
    pub fn reserve_radar(
        &self,
        profile: &ProfileId,
        mode: Mode,
        now: DateTime<Utc>,
    ) -> Result<Vec<ReservedCheckout>> {
        let mut q = ListQuery::new(profile.clone(), mode);
        q.statuses = vec!["reserved".to_owned()];
        q.sort = SortColumn::CreatedAt;
        q.direction = SortDirection::Asc;
        self.read(|conn| {
            let mut out = Vec::new();
            query::for_each_in(conn, &q, |row| {
                out.push(ReservedCheckout {
                    age_hours: (now - row.created_at).num_hours().max(0),
                    id: row.id,
                    identifier: row.identifier,
                    amount: row.amount,
                    currency: row.currency,
                    amount_formatted: row.amount_formatted,
                    created_at: row.created_at,
                });
                Ok(())
            })?;
            Ok(out)
        })
    }
}
