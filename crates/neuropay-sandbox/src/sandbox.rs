//! Starting a simulator and the handle that controls it.

use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::Arc;

use axum::http::StatusCode;
use axum::routing::get;
use axum::Router;
use serde_json::Value;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinHandle;

use crate::api::{self, error_response};
use crate::app::{App, Shared};
use crate::config::SandboxConfig;
use crate::control;
use crate::error::SandboxError;
use crate::faults::{FaultEngine, Faults};
use crate::hosted;
use crate::keys::{CompanyKeys, Mode};
use crate::ledger::LedgerEntry;
use crate::machine::Outcome;
use crate::ops;
use crate::persist;
use crate::seed;
use crate::state::{Store, WorldKey};

/// A running simulator. Dropping it stops the server too; [`Sandbox::shutdown`] also
/// waits until every connection is closed.
pub struct Sandbox {
    app: App,
    keys: CompanyKeys,
    addr: SocketAddr,
    stop: watch::Sender<bool>,
    task: JoinHandle<()>,
}

impl fmt::Debug for Sandbox {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Sandbox")
            .field("base_url", &self.app.base)
            .field("keys", &self.keys)
            .finish_non_exhaustive()
    }
}

fn check_key(name: &str, key: &str) -> Result<(), SandboxError> {
    if key.is_empty() || key.len() > 512 || key.chars().any(|c| c.is_whitespace() || c.is_control())
    {
        return Err(SandboxError::Config(format!(
            "the {name} key must be 1 to 512 characters without whitespace"
        )));
    }
    Ok(())
}

/// Binds, loads or seeds the state, and starts serving in the background on the current
/// Tokio runtime.
pub async fn start(config: SandboxConfig) -> Result<Sandbox, SandboxError> {
    if !config.allow_remote && !config.bind.ip().is_loopback() {
        return Err(SandboxError::NonLoopback(config.bind));
    }
    config.faults.validate().map_err(SandboxError::Config)?;
    let keys = config.company.clone().unwrap_or_else(CompanyKeys::generate);
    check_key("test", &keys.test)?;
    check_key("live", &keys.live)?;
    if keys.test == keys.live {
        return Err(SandboxError::Config(
            "the test and live keys must differ".into(),
        ));
    }

    let mut store = match &config.state_file {
        Some(path) => persist::load(path, config.rng_seed)?,
        None => None,
    }
    .unwrap_or_else(|| Store::new(config.rng_seed));
    if store.company_count() == 0 {
        store.add_company(&keys);
    } else {
        store.rebind_company(0, &keys);
    }
    let default_test = WorldKey {
        company: 0,
        mode: Mode::Test,
    };
    if let Some(n) = config.seed {
        if store
            .world(default_test)
            .is_none_or(|w| w.checkouts.is_empty())
        {
            seed::seed(&mut store, 0, n);
        }
    }

    let listener = TcpListener::bind(config.bind)
        .await
        .map_err(|source| SandboxError::Bind {
            addr: config.bind,
            source,
        })?;
    let bound = listener.local_addr().map_err(|source| SandboxError::Bind {
        addr: config.bind,
        source,
    })?;
    // A wildcard bind is still reached through loopback from this machine.
    let host = match bound.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => IpAddr::V4(Ipv4Addr::LOCALHOST),
        IpAddr::V6(ip) if ip.is_unspecified() => IpAddr::V6(Ipv6Addr::LOCALHOST),
        ip => ip,
    };
    let addr = SocketAddr::new(host, bound.port());
    let base = format!("http://{addr}");

    let faults = FaultEngine::new(config.faults.clone(), config.rng_seed);
    let app: App = Arc::new(Shared::new(store, faults, base, config.state_file.clone()));
    app.save_now()?;

    let (stop, stopped) = watch::channel(false);
    let task = tokio::spawn(crate::server::serve(listener, routes(app.clone()), stopped));
    tracing::info!("neuro-pay sandbox listening on {}", app.base);
    Ok(Sandbox {
        app,
        keys,
        addr,
        stop,
        task,
    })
}

fn routes(app: App) -> Router {
    Router::new()
        .merge(api::router(app.clone()))
        .merge(hosted::router())
        .merge(control::router())
        .route("/openapi.json", get(crate::openapi::serve))
        .fallback(|req: axum::extract::Request| async move {
            let msg = format!("no route {} {}", req.method(), req.uri().path());
            error_response(StatusCode::NOT_FOUND, &msg)
        })
        .method_not_allowed_fallback(|req: axum::extract::Request| async move {
            let msg = format!(
                "method {} not allowed on {}",
                req.method(),
                req.uri().path()
            );
            error_response(StatusCode::METHOD_NOT_ALLOWED, &msg)
        })
        .with_state(app)
}

impl Sandbox {
    /// `http://127.0.0.1:PORT`, no trailing slash.
    pub fn base_url(&self) -> String {
        self.app.base.clone()
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The default company's keys.
    pub fn keys(&self) -> &CompanyKeys {
        &self.keys
    }

    /// Registers another company (its objects answer 400 to the default company's keys).
    pub fn add_company(&self) -> CompanyKeys {
        let keys = CompanyKeys::generate();
        self.app.mutate(|s| s.add_company(&keys));
        keys
    }

    pub fn set_faults(&self, f: Faults) {
        self.app.set_faults(f);
    }

    pub fn faults(&self) -> Faults {
        self.app.faults()
    }

    /// What the buyer does on the hosted page, without a browser.
    pub fn buyer_outcome(&self, api_key: &str, id: &str, o: Outcome) -> Result<(), SandboxError> {
        self.app.mutate(|s| {
            let wk = s.world_for_key(api_key).ok_or(SandboxError::Unauthorized)?;
            ops::buyer_outcome(s, wk, id, o).map(|_| ())
        })
    }

    /// The issuer takes back a paid checkout (status `revoked`); not part of the API.
    pub fn revoke(&self, api_key: &str, id: &str) -> Result<(), SandboxError> {
        self.app.mutate(|s| {
            let wk = s.world_for_key(api_key).ok_or(SandboxError::Unauthorized)?;
            ops::revoke(s, wk, id).map(|_| ())
        })
    }

    /// The checkout ids of the key's world, oldest first (empty for an unknown key).
    pub fn checkout_ids(&self, api_key: &str) -> Vec<String> {
        self.app.read(|s| {
            s.world_for_key(api_key)
                .map(|wk| control::checkout_ids(s, wk))
                .unwrap_or_default()
        })
    }

    pub fn customer_ids(&self, api_key: &str) -> Vec<String> {
        self.app.read(|s| {
            s.world_for_key(api_key)
                .map(|wk| control::customer_ids(s, wk))
                .unwrap_or_default()
        })
    }

    /// Every applied mutation, oldest first.
    pub fn ledger(&self) -> Vec<LedgerEntry> {
        self.ledger_since(0)
    }

    /// Applied mutations with `seq > since`.
    pub fn ledger_since(&self, since: u64) -> Vec<LedgerEntry> {
        self.app.read(|s| s.ledger.since(since))
    }

    /// The checkout as the API would send it now (the server's truth).
    pub fn checkout_json(&self, api_key: &str, id: &str) -> Option<Value> {
        self.app.read(|s| {
            let wk = s.world_for_key(api_key)?;
            s.checkout(wk, id).map(|c| c.wire(&self.app.base))
        })
    }

    /// The customer as the API would send it now.
    pub fn customer_json(&self, api_key: &str, id: &str) -> Option<Value> {
        self.app.read(|s| {
            let wk = s.world_for_key(api_key)?;
            s.customer(wk, id).map(|c| c.wire(&self.app.base))
        })
    }

    /// Stops accepting, closes every connection and waits for the server to finish.
    pub async fn shutdown(self) {
        let _ = self.stop.send(true);
        let _ = self.task.await;
    }
}

#[cfg(test)]
mod tests {
    /// The desktop app keeps the handle in shared state across threads.
    #[test]
    fn handle_is_send_and_sync() {
        fn check<T: Send + Sync + 'static>() {}
        check::<super::Sandbox>();
        check::<crate::SandboxError>();
    }
}
