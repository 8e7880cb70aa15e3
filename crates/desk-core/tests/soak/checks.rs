//! After the soak: the simulator's ledger, the journal and the cache must tell one story.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use desk_core::{Desk, Mode, Scope};
use neuropay_sandbox::Sandbox;
use rusqlite::params;
use serde_json::Value;

#[derive(Debug, Default)]
pub struct Verdict {
    /// Journal rows by state.
    pub journal: BTreeMap<String, usize>,
    /// Ledger entries that carry an idempotency key (one per applied API write).
    pub applied_writes: usize,
    pub ledger_by_action: BTreeMap<String, usize>,
    /// Keys the server applied more than once.
    pub duplicates: Vec<String>,
    /// Journal rows still pending or unknown.
    pub unsettled: Vec<String>,
    /// `done` rows not applied exactly once, `failed` rows applied anyway.
    pub journal_vs_ledger: Vec<String>,
    /// Applied writes whose key no journal row holds.
    pub unknown_to_journal: Vec<String>,
    /// Server objects the cache does not have (or has as deleted).
    pub lost: Vec<String>,
    /// Checkouts compared, and where cache and server disagree.
    pub compared: usize,
    pub mismatches: Vec<String>,
    pub customers_compared: usize,
}

fn journal_rows(desk: &Desk, scope: &Scope) -> Vec<(String, String, String)> {
    let profile = scope.profile.clone();
    desk.store()
        .read(move |conn| {
            let mut stmt = conn.prepare(
                "SELECT idempotency_key, state, operation FROM journal WHERE profile_id = ?1",
            )?;
            let rows =
                stmt.query_map(params![profile], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
            Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
        })
        .expect("journal rows")
}

fn cached_ids(desk: &Desk, scope: &Scope, table: &'static str) -> Vec<(String, bool)> {
    let profile = scope.profile.clone();
    let sql = match table {
        "checkouts" => {
            "SELECT id, status = 'deleted' FROM checkouts WHERE profile_id = ?1 AND mode = 'test'"
        }
        _ => "SELECT id, deleted FROM customers WHERE profile_id = ?1 AND mode = 'test'",
    };
    desk.store()
        .read(move |conn| {
            let mut stmt = conn.prepare(sql)?;
            let rows = stmt.query_map(params![profile], |r| Ok((r.get(0)?, r.get(1)?)))?;
            Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
        })
        .expect("cached ids")
}

pub fn verify(desk: &Desk, sb: &Sandbox, scope: &Scope, key: &str) -> Verdict {
    let mut v = Verdict::default();

    let mut applied: HashMap<String, usize> = HashMap::new();
    for e in sb.ledger() {
        *v.ledger_by_action.entry(e.action.clone()).or_default() += 1;
        if let Some(k) = e.idempotency_key {
            v.applied_writes += 1;
            *applied.entry(k).or_default() += 1;
        }
    }
    v.duplicates = applied
        .iter()
        .filter(|(_, n)| **n > 1)
        .map(|(k, n)| format!("{k} applied {n} times"))
        .collect();

    let rows = journal_rows(desk, scope);
    let mut journal_keys = BTreeSet::new();
    for (idem, state, op) in &rows {
        *v.journal.entry(state.clone()).or_default() += 1;
        journal_keys.insert(idem.clone());
        let times = applied.get(idem).copied().unwrap_or(0);
        match state.as_str() {
            "pending" | "unknown" => v.unsettled.push(format!("{op} {idem} is {state}")),
            "done" if times != 1 => v
                .journal_vs_ledger
                .push(format!("done {op} {idem} applied {times} times")),
            "failed" if times != 0 => v
                .journal_vs_ledger
                .push(format!("failed {op} {idem} applied {times} times")),
            _ => {}
        }
    }
    v.unknown_to_journal = applied
        .keys()
        .filter(|k| !journal_keys.contains(*k))
        .cloned()
        .collect();

    let cached: HashMap<String, bool> = cached_ids(desk, scope, "checkouts").into_iter().collect();
    for id in sb.checkout_ids(key) {
        if cached.get(&id) != Some(&false) {
            v.lost
                .push(format!("checkout {id} (cached: {:?})", cached.get(&id)));
        }
    }
    for (id, deleted) in &cached {
        v.compared += 1;
        let row = desk
            .store()
            .get_checkout(&scope.profile, Mode::Test, id)
            .expect("cached row");
        match sb.checkout_json(key, id) {
            None if *deleted => {}
            None => v.mismatches.push(format!(
                "{id}: cached as {} but gone from the server",
                row.status
            )),
            Some(server) => {
                let cache = (
                    Value::from(row.status.clone()),
                    Value::from(row.amount),
                    Value::from(row.refunded),
                    Value::Object(row.metadata.clone()),
                );
                let truth = (
                    server["status"].clone(),
                    server["amount"].clone(),
                    server["refundedAmount"].clone(),
                    server["metaData"].clone(),
                );
                if cache != truth {
                    v.mismatches
                        .push(format!("{id}: cache {cache:?} != server {truth:?}"));
                }
            }
        }
    }

    let cached: HashMap<String, bool> = cached_ids(desk, scope, "customers").into_iter().collect();
    let on_server: BTreeSet<String> = sb.customer_ids(key).into_iter().collect();
    for id in &on_server {
        if cached.get(id) != Some(&false) {
            v.lost
                .push(format!("customer {id} (cached: {:?})", cached.get(id)));
        }
    }
    for (id, deleted) in &cached {
        v.customers_compared += 1;
        if !deleted && !on_server.contains(id) {
            v.mismatches.push(format!(
                "customer {id}: cached as live but gone from the server"
            ));
        }
    }
    v
}

impl Verdict {
    pub fn render(&self) -> String {
        let list = |m: &BTreeMap<String, usize>| {
            m.iter()
                .map(|(k, n)| format!("{k} {n}"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let mut s = String::new();
        s.push_str(&format!("journal rows:        {}\n", list(&self.journal)));
        s.push_str(&format!(
            "simulator ledger:    {} applied API writes (with an idempotency key); every \
             entry by action, buyer steps included: {}\n",
            self.applied_writes,
            list(&self.ledger_by_action)
        ));
        s.push_str(&format!(
            "duplicates = {}, unsettled = {}, journal/ledger disagreements = {}, applied \
             writes unknown to the journal = {}, lost objects = {}\n",
            self.duplicates.len(),
            self.unsettled.len(),
            self.journal_vs_ledger.len(),
            self.unknown_to_journal.len(),
            self.lost.len()
        ));
        s.push_str(&format!(
            "cache vs server: {} checkouts and {} customers compared, mismatches = {}\n",
            self.compared,
            self.customers_compared,
            self.mismatches.len()
        ));
        s
    }

    pub fn assert_clean(&self) {
        let show = |v: &Vec<String>| v.iter().take(10).cloned().collect::<Vec<_>>().join("\n  ");
        assert!(
            self.duplicates.is_empty(),
            "applied twice:\n  {}",
            show(&self.duplicates)
        );
        assert!(
            self.unsettled.is_empty(),
            "unsettled:\n  {}",
            show(&self.unsettled)
        );
        assert!(
            self.journal_vs_ledger.is_empty(),
            "journal and ledger disagree:\n  {}",
            show(&self.journal_vs_ledger)
        );
        assert!(
            self.unknown_to_journal.is_empty(),
            "applied but not journaled:\n  {}",
            show(&self.unknown_to_journal)
        );
        assert!(self.lost.is_empty(), "lost:\n  {}", show(&self.lost));
        assert!(
            self.mismatches.is_empty(),
            "cache != server:\n  {}",
            show(&self.mismatches)
        );
        assert!(
            self.compared > 0 && self.applied_writes > 0,
            "the soak wrote nothing"
        );
    }
}
