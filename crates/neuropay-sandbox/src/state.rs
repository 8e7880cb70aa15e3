//! The store: companies, and one world of checkouts and customers per (company, mode).

use std::collections::{BTreeMap, HashMap};

use rand::rngs::StdRng;
use rand::SeedableRng;
use serde::{Deserialize, Serialize};

use crate::idempotency::IdempotencyTable;
use crate::keys::{key_hash, random_hex, CompanyKeys, Mode};
use crate::ledger::{Ledger, NewEntry};
use crate::model::{Checkout, Customer};

/// Which world a key opens: test and live are separate even within one company.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub(crate) struct WorldKey {
    pub company: u32,
    pub mode: Mode,
}

#[derive(Debug, Default, Clone, PartialEq)]
pub(crate) struct World {
    pub checkouts: BTreeMap<String, Checkout>,
    pub customers: BTreeMap<String, Customer>,
}

/// A company as stored: only hashes of its keys.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Company {
    pub id: u32,
    pub test_key_sha256: String,
    pub live_key_sha256: String,
}

#[derive(Debug)]
pub(crate) struct Store {
    pub(crate) companies: Vec<Company>,
    pub(crate) worlds: BTreeMap<WorldKey, World>,
    pub ledger: Ledger,
    pub idempotency: IdempotencyTable,
    /// Ids and seed data; seeded so a run is reproducible.
    pub rng: StdRng,
    /// Bumped by every change; decides whether to persist and orders the writes.
    pub(crate) version: u64,
    key_index: HashMap<String, WorldKey>,
    checkout_index: HashMap<String, WorldKey>,
    token_index: HashMap<String, (WorldKey, String)>,
}

impl Store {
    pub fn new(rng_seed: u64) -> Self {
        Store {
            companies: Vec::new(),
            worlds: BTreeMap::new(),
            ledger: Ledger::default(),
            idempotency: IdempotencyTable::default(),
            rng: StdRng::seed_from_u64(rng_seed),
            version: 0,
            key_index: HashMap::new(),
            checkout_index: HashMap::new(),
            token_index: HashMap::new(),
        }
    }

    /// Rebuilds a store from persisted parts; the RNG is re-seeded past the saved version
    /// so a restart with the same seed does not mint ids that already exist.
    pub(crate) fn from_parts(
        companies: Vec<Company>,
        worlds: BTreeMap<WorldKey, World>,
        ledger: Ledger,
        idempotency: IdempotencyTable,
        version: u64,
        rng_seed: u64,
    ) -> Self {
        let mut s = Store::new(rng_seed ^ version.wrapping_mul(0x9e37_79b9_7f4a_7c15));
        s.companies = companies;
        s.worlds = worlds;
        s.ledger = ledger;
        s.idempotency = idempotency;
        s.version = version;
        s.reindex();
        s
    }

    fn reindex(&mut self) {
        self.key_index.clear();
        for c in &self.companies {
            for (hash, mode) in [
                (&c.test_key_sha256, Mode::Test),
                (&c.live_key_sha256, Mode::Live),
            ] {
                let wk = WorldKey {
                    company: c.id,
                    mode,
                };
                self.key_index.insert(hash.clone(), wk);
            }
        }
        self.checkout_index.clear();
        self.token_index.clear();
        for (wk, world) in &self.worlds {
            for id in world.checkouts.keys() {
                self.checkout_index.insert(id.clone(), *wk);
            }
            for (id, c) in &world.customers {
                self.token_index
                    .insert(c.client_token.clone(), (*wk, id.clone()));
            }
        }
    }

    /// Registers a company with both its worlds; returns its number.
    pub fn add_company(&mut self, keys: &CompanyKeys) -> u32 {
        let id = u32::try_from(self.companies.len()).unwrap_or(u32::MAX);
        self.companies.push(Company {
            id,
            test_key_sha256: key_hash(&keys.test),
            live_key_sha256: key_hash(&keys.live),
        });
        for mode in [Mode::Test, Mode::Live] {
            self.worlds
                .entry(WorldKey { company: id, mode })
                .or_default();
        }
        self.reindex();
        self.touch();
        id
    }

    /// Gives an existing company new keys (a loaded state file keeps its data, whatever
    /// keys this run was started with).
    pub fn rebind_company(&mut self, id: u32, keys: &CompanyKeys) {
        if let Some(c) = self.companies.iter_mut().find(|c| c.id == id) {
            let (t, l) = (key_hash(&keys.test), key_hash(&keys.live));
            if c.test_key_sha256 != t || c.live_key_sha256 != l {
                c.test_key_sha256 = t;
                c.live_key_sha256 = l;
                self.reindex();
                self.touch();
            }
        }
    }

    pub fn company_count(&self) -> usize {
        self.companies.len()
    }

    /// The world a presented key opens, if any.
    pub fn world_for_key(&self, key: &str) -> Option<WorldKey> {
        self.key_index.get(&key_hash(key)).copied()
    }

    pub fn world(&self, wk: WorldKey) -> Option<&World> {
        self.worlds.get(&wk)
    }

    pub fn checkout(&self, wk: WorldKey, id: &str) -> Option<&Checkout> {
        self.worlds.get(&wk)?.checkouts.get(id)
    }

    pub fn checkout_mut(&mut self, wk: WorldKey, id: &str) -> Option<&mut Checkout> {
        self.worlds.get_mut(&wk)?.checkouts.get_mut(id)
    }

    /// Which world holds a checkout (hosted pages know only the id).
    pub fn locate_checkout(&self, id: &str) -> Option<WorldKey> {
        self.checkout_index.get(id).copied()
    }

    pub fn insert_checkout(&mut self, wk: WorldKey, c: Checkout) {
        self.checkout_index.insert(c.checkout_id.clone(), wk);
        self.worlds
            .entry(wk)
            .or_default()
            .checkouts
            .insert(c.checkout_id.clone(), c);
    }

    pub fn remove_checkout(&mut self, wk: WorldKey, id: &str) -> Option<Checkout> {
        let c = self.worlds.get_mut(&wk)?.checkouts.remove(id)?;
        self.checkout_index.remove(id);
        Some(c)
    }

    pub fn customer(&self, wk: WorldKey, id: &str) -> Option<&Customer> {
        self.worlds.get(&wk)?.customers.get(id)
    }

    pub fn customer_mut(&mut self, wk: WorldKey, id: &str) -> Option<&mut Customer> {
        self.worlds.get_mut(&wk)?.customers.get_mut(id)
    }

    pub fn insert_customer(&mut self, wk: WorldKey, c: Customer) {
        self.token_index
            .insert(c.client_token.clone(), (wk, c.customer_id.clone()));
        self.worlds
            .entry(wk)
            .or_default()
            .customers
            .insert(c.customer_id.clone(), c);
    }

    pub fn remove_customer(&mut self, wk: WorldKey, id: &str) -> Option<Customer> {
        let c = self.worlds.get_mut(&wk)?.customers.remove(id)?;
        self.token_index.remove(&c.client_token);
        Some(c)
    }

    /// The customer behind a client-page token.
    pub fn locate_token(&self, token: &str) -> Option<(WorldKey, String)> {
        self.token_index.get(token).cloned()
    }

    /// A fresh object id: 32 lowercase hex from the seeded RNG, unique in the store.
    pub fn new_id(&mut self) -> String {
        loop {
            let id = random_hex(&mut self.rng);
            let taken = self.checkout_index.contains_key(&id)
                || self.worlds.values().any(|w| w.customers.contains_key(&id));
            if !taken {
                return id;
            }
        }
    }

    /// Appends an applied mutation to the ledger.
    pub fn record(&mut self, wk: WorldKey, entry: Recorded<'_>) -> u64 {
        self.touch();
        self.ledger.append(NewEntry {
            company: wk.company,
            mode: wk.mode,
            action: entry.action,
            object_id: entry.object_id,
            idempotency_key: entry.idempotency_key,
            amount: entry.amount,
            at: crate::model::now(),
        })
    }

    /// Marks the store changed (so it is persisted).
    pub fn touch(&mut self) {
        self.version += 1;
    }
}

/// The caller's part of a ledger entry.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Recorded<'a> {
    pub action: &'a str,
    pub object_id: &'a str,
    pub idempotency_key: Option<&'a str>,
    pub amount: Option<i64>,
}
