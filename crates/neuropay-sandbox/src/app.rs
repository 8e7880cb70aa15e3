//! The state every handler shares: the store, the fault engine and where to persist.

use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Instant;

use crate::faults::{Decision, FaultEngine, Faults};
use crate::persist;
use crate::state::Store;

pub(crate) type App = Arc<Shared>;

#[derive(Debug)]
pub(crate) struct Shared {
    store: Mutex<Store>,
    faults: Mutex<FaultEngine>,
    /// `http://host:port`, without a trailing slash.
    pub base: String,
    state_file: Option<PathBuf>,
    /// The version last written, so a slower writer never overwrites newer state.
    written: Mutex<u64>,
}

/// A panic in one handler must not take the simulator down with poisoned locks.
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl Shared {
    pub fn new(
        store: Store,
        faults: FaultEngine,
        base: String,
        state_file: Option<PathBuf>,
    ) -> Self {
        Shared {
            store: Mutex::new(store),
            faults: Mutex::new(faults),
            base,
            state_file,
            written: Mutex::new(0),
        }
    }

    /// Reads the store under its lock (keep `f` short, no await inside).
    pub fn read<R>(&self, f: impl FnOnce(&Store) -> R) -> R {
        f(&lock(&self.store))
    }

    /// Changes the store under its lock, then persists if anything changed.
    pub fn mutate<R>(&self, f: impl FnOnce(&mut Store) -> R) -> R {
        let (result, snapshot) = {
            let mut store = lock(&self.store);
            let before = store.version;
            let result = f(&mut store);
            let snapshot = (store.version != before && self.state_file.is_some())
                .then(|| (store.version, persist::snapshot(&store)));
            (result, snapshot)
        };
        if let (Some((version, bytes)), Some(path)) = (snapshot, &self.state_file) {
            let mut written = lock(&self.written);
            if version > *written {
                match persist::write_atomic(path, &bytes) {
                    Ok(()) => *written = version,
                    Err(e) => tracing::error!("{e}"),
                }
            }
        }
        result
    }

    /// Saves the whole state now (used after start-up seeding).
    pub fn save_now(&self) -> Result<(), crate::SandboxError> {
        let Some(path) = &self.state_file else {
            return Ok(());
        };
        let (version, bytes) = self.read(|s| (s.version, persist::snapshot(s)));
        let mut written = lock(&self.written);
        persist::write_atomic(path, &bytes)?;
        *written = (*written).max(version);
        Ok(())
    }

    pub fn decide(&self, bucket_key: &str) -> Decision {
        lock(&self.faults).decide(bucket_key, Instant::now())
    }

    pub fn faults(&self) -> Faults {
        lock(&self.faults).faults().clone()
    }

    pub fn set_faults(&self, f: Faults) {
        lock(&self.faults).set(f);
    }
}
