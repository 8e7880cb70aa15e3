//! `neuropay-sandbox`: runs the Neuro-Pay simulator until Ctrl-C.

use std::io::Write;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::Parser;
use neuropay_sandbox::{start, CompanyKeys, Faults, SandboxConfig};

/// A stateful simulator of the Neuro-Pay Checkout API, for trying the desk offline and
/// for tests. Prints its base URL and its own throwaway test and live keys.
#[derive(Debug, Parser)]
#[command(name = "neuropay-sandbox", version)]
struct Args {
    /// Port to listen on; 0 picks a free one.
    #[arg(long, default_value_t = 0)]
    port: u16,
    /// Address to listen on (loopback unless --allow-remote).
    #[arg(long, default_value_t = IpAddr::V4(Ipv4Addr::LOCALHOST))]
    bind: IpAddr,
    /// Permit a non-loopback --bind. The simulator has no real security.
    #[arg(long)]
    allow_remote: bool,
    /// Seed this many demo checkouts (test key; a smaller set for live).
    #[arg(long)]
    seed: Option<usize>,
    /// Seed of every random choice (ids, demo data, faults).
    #[arg(long, default_value_t = 0x5eed)]
    rng_seed: u64,
    /// Load state from FILE and save it after each change.
    #[arg(long, value_name = "FILE")]
    state: Option<PathBuf>,
    /// Test key to use instead of a random one (needed to reuse a --state across runs).
    #[arg(
        long,
        env = "NEUROPAY_SANDBOX_TEST_KEY",
        hide_env_values = true,
        requires = "live_key"
    )]
    test_key: Option<String>,
    /// Live key to use instead of a random one.
    #[arg(
        long,
        env = "NEUROPAY_SANDBOX_LIVE_KEY",
        hide_env_values = true,
        requires = "test_key"
    )]
    live_key: Option<String>,
    /// Milliseconds added to every API request.
    #[arg(long, default_value_t = 0)]
    latency_ms: u64,
    /// Share (0..1) of API requests answered 500/502/503, not applied.
    #[arg(long, default_value_t = 0.0)]
    error_rate: f64,
    /// Share (0..1) of API requests applied, then dropped without a reply.
    #[arg(long, default_value_t = 0.0)]
    drop_rate: f64,
    /// Share (0..1) of API requests answered 429, not applied.
    #[arg(long = "rate-429", default_value_t = 0.0)]
    rate_429: f64,
    /// Retry-After seconds of the random 429s.
    #[arg(long, default_value_t = 1)]
    retry_after_secs: u64,
    /// Requests per second allowed per API key (429 + Retry-After beyond).
    #[arg(long)]
    rate_limit: Option<u32>,
}

impl Args {
    fn config(&self) -> SandboxConfig {
        SandboxConfig {
            bind: SocketAddr::new(self.bind, self.port),
            seed: self.seed,
            rng_seed: self.rng_seed,
            faults: Faults {
                latency: Duration::from_millis(self.latency_ms),
                error_rate: self.error_rate,
                drop_after_apply_rate: self.drop_rate,
                rate_429: self.rate_429,
                retry_after: Duration::from_secs(self.retry_after_secs),
                rate_limit_per_sec: self.rate_limit,
            },
            state_file: self.state.clone(),
            company: match (&self.test_key, &self.live_key) {
                (Some(test), Some(live)) => Some(CompanyKeys {
                    test: test.clone(),
                    live: live.clone(),
                }),
                _ => None,
            },
            allow_remote: self.allow_remote,
        }
    }
}

fn main() -> ExitCode {
    let args = Args::parse();
    // RUST_LOG as a level (error|warn|info|debug|trace): a filter expression would bring a
    // regex engine into the app, which embeds this crate.
    let level = std::env::var("RUST_LOG")
        .ok()
        .and_then(|v| v.trim().parse::<tracing::Level>().ok())
        .unwrap_or(tracing::Level::WARN);
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_max_level(level)
        .init();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("neuropay-sandbox: cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    runtime.block_on(run(args))
}

async fn run(args: Args) -> ExitCode {
    let sandbox = match start(args.config()).await {
        Ok(s) => s,
        Err(e) => {
            eprintln!("neuropay-sandbox: {e}");
            return ExitCode::FAILURE;
        }
    };
    let base = sandbox.base_url();
    let keys = sandbox.keys();
    // The keys are the simulator's own throwaway keys: showing them is its purpose.
    let banner = format!(
        "listening on {base}\ntest key: {}\nlive key: {}\nopenapi: {base}/openapi.json\n",
        keys.test, keys.live
    );
    let mut out = std::io::stdout().lock();
    if out
        .write_all(banner.as_bytes())
        .and_then(|()| out.flush())
        .is_err()
    {
        return ExitCode::FAILURE;
    }
    drop(out);
    stop_signal().await;
    sandbox.shutdown().await;
    ExitCode::SUCCESS
}

/// Ctrl-C, or SIGTERM from a process manager or a test harness.
async fn stop_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        if let Ok(mut term) = signal(SignalKind::terminate()) {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = term.recv() => {}
            }
            return;
        }
    }
    if let Err(e) = tokio::signal::ctrl_c().await {
        eprintln!("neuropay-sandbox: cannot wait for Ctrl-C: {e}");
    }
}
