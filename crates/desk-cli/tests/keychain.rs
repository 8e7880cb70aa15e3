//! `key set/status/test/delete` and `profile remove` against the real OS keychain.
//!
//! Runs only with `NPDESK_REAL_KEYCHAIN=1` (then an unreachable keychain is a failure, not
//! a skip), inside a throwaway desktop session:
//! `tests/session.sh env NPDESK_REAL_KEYCHAIN=1 cargo test -p desk-cli --test keychain`.

use std::process::Output;

use assert_cmd::Command;
use serde_json::Value;

const ENV: &str = "NPDESK_REAL_KEYCHAIN";
const BIN: &str = env!("CARGO_BIN_EXE_npdesk");

fn requested() -> bool {
    if std::env::var(ENV).as_deref() == Ok("1") {
        return true;
    }
    println!("real keychain test not requested: set {ENV}=1 (see tests/session.sh)");
    false
}

struct World {
    _rt: tokio::runtime::Runtime,
    sandbox: neuropay_sandbox::Sandbox,
    dir: tempfile::TempDir,
}

impl World {
    fn new() -> World {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .unwrap();
        let sandbox = rt
            .block_on(neuropay_sandbox::start(Default::default()))
            .unwrap();
        World {
            _rt: rt,
            sandbox,
            dir: tempfile::tempdir().unwrap(),
        }
    }

    /// No NEUROPAY_API_KEY: the key comes from the keychain.
    fn cmd(&self) -> Command {
        let mut c = Command::new(BIN);
        c.arg("--data-dir")
            .arg(self.dir.path())
            .env_remove("NEUROPAY_API_KEY")
            .env_remove("NEUROPAY_BASE_URL")
            .env_remove("NPDESK_PROFILE");
        c
    }

    fn json(&self, args: &[&str], stdin: Option<&str>) -> Value {
        let mut c = self.cmd();
        c.args(args).arg("--json");
        if let Some(s) = stdin {
            c.write_stdin(s.to_owned());
        }
        let out = c.output().unwrap();
        ok(&out, args)
    }
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn ok(out: &Output, args: &[&str]) -> Value {
    assert_eq!(
        out.status.code(),
        Some(0),
        "{args:?}\nstdout: {}\nstderr: {}",
        text(&out.stdout),
        text(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn key_lifecycle_in_the_os_keychain() {
    if !requested() {
        return;
    }
    let w = World::new();
    let key = w.sandbox.keys().test.clone();
    w.json(
        &["profile", "add", "kc", "--base-url", &w.sandbox.base_url()],
        None,
    );

    let status = w.json(&["key", "status"], None);
    assert_eq!(status["keychain"]["state"], "available", "{status}");
    assert_eq!(status["keys"][0]["present"], false);

    let set = w.json(&["key", "set"], Some(&format!("{key}\n")));
    assert_eq!(set["present"], true);
    assert_eq!(set["masked"], format!("…{}", &key[key.len() - 4..]));
    assert!(!set.to_string().contains(&key));

    let status = w.json(&["key", "status"], None);
    assert_eq!(status["keys"][0]["mode"], "test");
    assert_eq!(status["keys"][0]["present"], true);
    assert_eq!(status["keys"][1]["present"], false);
    assert_eq!(status["envOverride"], Value::Null);

    let test = w.json(&["key", "test"], None);
    assert_eq!(test["ok"], true, "{test}");

    // The keychain key drives writes.
    let created = w.json(
        &[
            "checkout",
            "create",
            "--amount",
            "100",
            "--currency",
            "SEK",
            "--message",
            "kc",
            "--return-url",
            "https://shop.example/ok",
            "--cancel-url",
            "https://shop.example/cancel",
        ],
        None,
    );
    assert_eq!(created["status"], "created");

    // `sync --all` takes each partition's key from the keychain.
    let all = w.json(&["sync", "--all"], None);
    assert_eq!(
        all["total"], 1,
        "only the partition with open checkouts: {all}"
    );
    assert_eq!(all["items"][0]["profile"], "kc");
    assert_eq!(all["items"][0]["mode"], "test");
    assert_eq!(all["items"][0]["report"]["checked"], 1);
    assert_eq!(all["items"][0]["error"], Value::Null);

    // A wrong key is stored, then refused by the API: exit 3.
    w.json(
        &["key", "set"],
        Some("npsb_test_00000000000000000000000000000000"),
    );
    let out = w.cmd().args(["key", "test", "--json"]).output().unwrap();
    assert_eq!(out.status.code(), Some(3), "{}", text(&out.stderr));
    assert!(out.stdout.is_empty());

    // An empty stdin is refused before the keychain is touched.
    let out = w
        .cmd()
        .args(["key", "set", "--json"])
        .write_stdin("")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));

    let deleted = w.json(&["key", "delete"], None);
    assert_eq!(deleted["deleted"], true);
    let again = w.json(&["key", "delete"], None);
    assert_eq!(again["deleted"], false);

    let out = w.cmd().args(["key", "test", "--json"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "no key: {}", text(&out.stderr));
    assert!(text(&out.stderr).contains("key_missing"));

    // Removing a profile with cached data needs --purge-cache.
    let out = w
        .cmd()
        .args(["profile", "remove", "kc", "--json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("confirmation_required"));
    let removed = w.json(&["profile", "remove", "kc", "--purge-cache"], None);
    assert_eq!(removed["removed"], true);
    assert_eq!(removed["purgedCache"], true);
    assert_eq!(w.json(&["profile", "list"], None)["total"], 0);
}
