//! The ledger: one entry per APPLIED mutation. A reliability soak compares it with the
//! writes it attempted to prove each logical write was applied at most once.

use std::collections::VecDeque;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::keys::Mode;

/// One applied mutation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LedgerEntry {
    /// Strictly increasing from 1.
    pub seq: u64,
    /// The company's number (0 is the default company); never a key.
    pub company: u32,
    pub mode: Mode,
    /// The API action (`create`, `refund`, `create-customer`, ...) or the buyer's /
    /// customer's page action (`pay`, `reserve`, `fail`, `cancel`, `revoke`,
    /// `card-remove`, `card-default`).
    pub action: String,
    /// The checkout or customer the mutation touched.
    pub object_id: String,
    pub idempotency_key: Option<String>,
    /// The refunded or released amount (refunds only).
    pub amount: Option<i64>,
    pub at: DateTime<Utc>,
}

/// Older entries are forgotten beyond this many (a long soak must not grow memory
/// without bound); `seq` keeps counting.
pub(crate) const MAX_ENTRIES: usize = 1_000_000;

#[derive(Debug, Default, Clone, Serialize, Deserialize)]
pub(crate) struct Ledger {
    entries: VecDeque<LedgerEntry>,
    last_seq: u64,
}

/// What a new entry says (the ledger assigns `seq`).
#[derive(Debug, Clone)]
pub(crate) struct NewEntry<'a> {
    pub company: u32,
    pub mode: Mode,
    pub action: &'a str,
    pub object_id: &'a str,
    pub idempotency_key: Option<&'a str>,
    pub amount: Option<i64>,
    pub at: DateTime<Utc>,
}

impl Ledger {
    pub fn append(&mut self, e: NewEntry<'_>) -> u64 {
        self.last_seq += 1;
        if self.entries.len() >= MAX_ENTRIES {
            self.entries.pop_front();
        }
        self.entries.push_back(LedgerEntry {
            seq: self.last_seq,
            company: e.company,
            mode: e.mode,
            action: e.action.to_owned(),
            object_id: e.object_id.to_owned(),
            idempotency_key: e.idempotency_key.map(str::to_owned),
            amount: e.amount,
            at: e.at,
        });
        self.last_seq
    }

    /// Entries with `seq > since`, oldest first.
    pub fn since(&self, since: u64) -> Vec<LedgerEntry> {
        self.entries
            .iter()
            .filter(|e| e.seq > since)
            .cloned()
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seq_increases_and_since_filters() {
        let mut l = Ledger::default();
        for id in ["a", "b", "c"] {
            l.append(NewEntry {
                company: 0,
                mode: Mode::Test,
                action: "create",
                object_id: id,
                idempotency_key: Some("k"),
                amount: None,
                at: crate::model::now(),
            });
        }
        let all = l.since(0);
        assert_eq!(all.iter().map(|e| e.seq).collect::<Vec<_>>(), [1, 2, 3]);
        assert_eq!(l.since(2)[0].object_id, "c");
    }
}
