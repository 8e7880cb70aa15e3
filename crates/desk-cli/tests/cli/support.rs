//! A simulator in this process, a temp data dir, and the real `npdesk` binary run against
//! them with the simulator's key in NEUROPAY_API_KEY.

use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;
use neuropay_sandbox::{Faults, Outcome, Sandbox, SandboxConfig};
use serde_json::Value;
use tempfile::TempDir;

pub const BIN: &str = env!("CARGO_BIN_EXE_npdesk");

/// One test's world.
pub struct World {
    sandbox: Option<Sandbox>,
    rt: tokio::runtime::Runtime,
    dir: TempDir,
}

impl World {
    pub fn new() -> World {
        World::with(SandboxConfig::default())
    }

    pub fn with(config: SandboxConfig) -> World {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .expect("runtime");
        let sandbox = rt
            .block_on(neuropay_sandbox::start(config))
            .expect("simulator starts");
        World {
            sandbox: Some(sandbox),
            rt,
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    pub fn sandbox(&self) -> &Sandbox {
        self.sandbox.as_ref().expect("running")
    }

    pub fn base_url(&self) -> String {
        self.sandbox().base_url()
    }

    pub fn test_key(&self) -> String {
        self.sandbox().keys().test.clone()
    }

    pub fn live_key(&self) -> String {
        self.sandbox().keys().live.clone()
    }

    pub fn data_dir(&self) -> &Path {
        self.dir.path()
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// `npdesk --data-dir <tmp>` with the test key in the environment. The D-Bus address
    /// points nowhere, so no test can reach a real keychain by accident.
    pub fn cmd(&self) -> Command {
        let mut c = Command::new(BIN);
        c.arg("--data-dir")
            .arg(self.dir.path())
            .env("NEUROPAY_API_KEY", self.test_key())
            .env(
                "DBUS_SESSION_BUS_ADDRESS",
                "unix:path=/nonexistent/npdesk-test",
            )
            .env_remove("NEUROPAY_BASE_URL")
            .env_remove("NPDESK_PROFILE")
            .env_remove("NPDESK_DATA_DIR");
        c
    }

    pub fn run(&self, args: &[&str]) -> Output {
        self.cmd().args(args).output().expect("npdesk runs")
    }

    /// Runs with --json, expects exit 0, and returns the one JSON document on stdout.
    pub fn json(&self, args: &[&str]) -> Value {
        let out = self
            .cmd()
            .args(args)
            .arg("--json")
            .output()
            .expect("npdesk runs");
        ok_json(&out, args)
    }

    /// Runs with --json, expects `code`, nothing on stdout, and returns the error object
    /// from stderr.
    pub fn fails(&self, args: &[&str], code: i32) -> Value {
        let out = self
            .cmd()
            .args(args)
            .arg("--json")
            .output()
            .expect("npdesk runs");
        err_json(&out, args, code)
    }

    /// Profile "shop" on the simulator.
    pub fn add_profile(&self) -> Value {
        self.json(&["profile", "add", "shop", "--base-url", &self.base_url()])
    }

    pub fn set_faults(&self, f: Faults) {
        self.sandbox().set_faults(f);
    }

    /// The buyer acts on the hosted page.
    pub fn buyer(&self, id: &str, o: Outcome) {
        self.sandbox()
            .buyer_outcome(&self.test_key(), id, o)
            .expect("buyer outcome");
    }

    /// Mutations the simulator applied.
    pub fn applied(&self) -> usize {
        self.sandbox().ledger().len()
    }

    /// The simulator's own view of a checkout.
    pub fn server_checkout(&self, id: &str) -> Value {
        self.sandbox()
            .checkout_json(&self.test_key(), id)
            .expect("checkout on the server")
    }

    /// A test-mode checkout of 3000 SEK, created through the CLI; returns it.
    pub fn create(&self, extra: &[&str]) -> Value {
        let mut args = vec![
            "checkout",
            "create",
            "--amount",
            "3000",
            "--currency",
            "SEK",
            "--message",
            "Order 1001",
            "--return-url",
            "https://shop.example/ok",
            "--cancel-url",
            "https://shop.example/cancel",
        ];
        args.extend_from_slice(extra);
        self.json(&args)
    }
}

impl Drop for World {
    fn drop(&mut self) {
        if let Some(s) = self.sandbox.take() {
            self.rt.block_on(s.shutdown());
        }
    }
}

pub fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

pub fn ok_json(out: &Output, args: &[&str]) -> Value {
    assert_eq!(
        out.status.code(),
        Some(0),
        "npdesk {args:?} failed\nstdout: {}\nstderr: {}",
        text(&out.stdout),
        text(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "npdesk {args:?}: stdout is not one JSON document ({e}): {}",
            text(&out.stdout)
        )
    })
}

pub fn err_json(out: &Output, args: &[&str], code: i32) -> Value {
    assert_eq!(
        out.status.code(),
        Some(code),
        "npdesk {args:?}: wrong exit status\nstdout: {}\nstderr: {}",
        text(&out.stdout),
        text(&out.stderr)
    );
    assert!(
        out.stdout.is_empty(),
        "npdesk {args:?}: a failure prints nothing on stdout, got {}",
        text(&out.stdout)
    );
    let stderr = text(&out.stderr);
    let last = stderr.lines().last().unwrap_or("");
    let v: Value = serde_json::from_str(last)
        .unwrap_or_else(|e| panic!("npdesk {args:?}: stderr is not a JSON error ({e}): {stderr}"));
    let err = v["error"].clone();
    assert!(err["code"].is_string(), "{v}");
    assert!(err["message"].is_string(), "{v}");
    assert_eq!(v.as_object().map(|o| o.len()), Some(1), "{v}");
    err
}

/// A loopback port nothing listens on.
pub fn closed_port() -> u16 {
    let l = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    l.local_addr().expect("addr").port()
}
