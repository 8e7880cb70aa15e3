//! How a simulator is started.

use std::net::{Ipv4Addr, SocketAddr};
use std::path::PathBuf;

use crate::faults::Faults;
use crate::keys::CompanyKeys;

/// Start-up configuration. Build it with `..Default::default()` so added fields don't
/// break callers.
#[derive(Debug, Clone)]
pub struct SandboxConfig {
    /// Where to listen; default `127.0.0.1:0` (an ephemeral loopback port).
    pub bind: SocketAddr,
    /// Seed this many demo checkouts into the default company's test world (and a
    /// smaller set into its live world).
    pub seed: Option<usize>,
    /// Seeds every random choice (ids, seed data, fault rolls): same seed, same run.
    pub rng_seed: u64,
    pub faults: Faults,
    /// Load state from this file at start and save it after each mutation.
    pub state_file: Option<PathBuf>,
    /// The default company's keys; `None` generates random ones.
    pub company: Option<CompanyKeys>,
    /// Permit a non-loopback `bind`. The simulator has no real security.
    pub allow_remote: bool,
}

impl Default for SandboxConfig {
    fn default() -> Self {
        SandboxConfig {
            bind: SocketAddr::from((Ipv4Addr::LOCALHOST, 0)),
            seed: None,
            rng_seed: 0x5eed,
            faults: Faults::default(),
            state_file: None,
            company: None,
            allow_remote: false,
        }
    }
}
