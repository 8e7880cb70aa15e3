//! The optional state file: loaded at start, rewritten (temp file + rename) after each
//! mutation. It holds key hashes, never keys.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::SandboxError;
use crate::idempotency::IdempotencyTable;
use crate::keys::Mode;
use crate::ledger::Ledger;
use crate::model::{Checkout, Customer};
use crate::state::{Company, Store, World, WorldKey};

const FORMAT: u32 = 1;

#[derive(Serialize)]
struct SnapshotRef<'a> {
    format: u32,
    version: u64,
    companies: &'a [Company],
    worlds: Vec<WorldRef<'a>>,
    ledger: &'a Ledger,
    idempotency: &'a IdempotencyTable,
}

#[derive(Serialize)]
struct WorldRef<'a> {
    company: u32,
    mode: Mode,
    checkouts: Vec<&'a Checkout>,
    customers: Vec<&'a Customer>,
}

#[derive(Deserialize)]
struct Snapshot {
    format: u32,
    version: u64,
    companies: Vec<Company>,
    worlds: Vec<WorldOwned>,
    ledger: Ledger,
    idempotency: IdempotencyTable,
}

#[derive(Deserialize)]
struct WorldOwned {
    company: u32,
    mode: Mode,
    checkouts: Vec<Checkout>,
    customers: Vec<Customer>,
}

/// Serializes the whole store (called under the store lock; the write happens outside).
pub(crate) fn snapshot(store: &Store) -> Vec<u8> {
    let snap = SnapshotRef {
        format: FORMAT,
        version: store.version,
        companies: &store.companies,
        worlds: store
            .worlds
            .iter()
            .map(|(wk, w)| WorldRef {
                company: wk.company,
                mode: wk.mode,
                checkouts: w.checkouts.values().collect(),
                customers: w.customers.values().collect(),
            })
            .collect(),
        ledger: &store.ledger,
        idempotency: &store.idempotency,
    };
    // Serializing plain data to memory cannot fail.
    serde_json::to_vec(&snap).unwrap_or_default()
}

/// Loads a state file; `Ok(None)` when it does not exist yet.
pub(crate) fn load(path: &Path, rng_seed: u64) -> Result<Option<Store>, SandboxError> {
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(file_error(path, format!("cannot read: {e}"))),
    };
    let snap: Snapshot = serde_json::from_slice(&bytes)
        .map_err(|e| file_error(path, format!("not a simulator state file: {e}")))?;
    if snap.format != FORMAT {
        return Err(file_error(
            path,
            format!("unsupported format {} (expected {FORMAT})", snap.format),
        ));
    }
    let worlds: BTreeMap<WorldKey, World> = snap
        .worlds
        .into_iter()
        .map(|w| {
            let key = WorldKey {
                company: w.company,
                mode: w.mode,
            };
            let world = World {
                checkouts: w
                    .checkouts
                    .into_iter()
                    .map(|c| (c.checkout_id.clone(), c))
                    .collect(),
                customers: w
                    .customers
                    .into_iter()
                    .map(|c| (c.customer_id.clone(), c))
                    .collect(),
            };
            (key, world)
        })
        .collect();
    Ok(Some(Store::from_parts(
        snap.companies,
        worlds,
        snap.ledger,
        snap.idempotency,
        snap.version,
        rng_seed,
    )))
}

/// Writes to a temp file beside the target, then renames over the target, so a crashed
/// or killed simulator leaves either the old or the new state, never half of one. No
/// fsync: a simulator's state is not worth 50 ms per write (only an OS crash could lose
/// the last writes).
pub(crate) fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), SandboxError> {
    let tmp = temp_path(path);
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        std::fs::rename(&tmp, path)
    })();
    result.map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        file_error(path, format!("cannot write: {e}"))
    })
}

fn temp_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".tmp-{}", std::process::id()));
    path.with_file_name(name)
}

fn file_error(path: &Path, reason: String) -> SandboxError {
    SandboxError::StateFile {
        path: path.to_owned(),
        reason,
    }
}
