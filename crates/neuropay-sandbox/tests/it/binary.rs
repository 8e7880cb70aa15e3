//! The `neuropay-sandbox` binary: prints its URL and keys, serves, refuses remote binds.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

use serde_json::Value;

struct Killed(Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[tokio::test]
async fn binary_prints_url_and_keys_then_serves() {
    let child = Command::new(env!("CARGO_BIN_EXE_neuropay-sandbox"))
        .args(["--port", "0", "--seed", "12", "--rng-seed", "3"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("binary starts");
    let mut child = Killed(child);
    let out = child.0.stdout.take().unwrap();
    let lines: Vec<String> = BufReader::new(out)
        .lines()
        .take(4)
        .map(Result::unwrap)
        .collect();
    let base = lines[0]
        .strip_prefix("listening on ")
        .expect("first line names the URL")
        .to_owned();
    assert!(base.starts_with("http://127.0.0.1:"), "{base}");
    let test_key = lines[1].strip_prefix("test key: ").unwrap().to_owned();
    let live_key = lines[2].strip_prefix("live key: ").unwrap().to_owned();
    assert!(test_key.starts_with("npsb_test_") && live_key.starts_with("npsb_live_"));
    assert_eq!(lines[3], format!("openapi: {base}/openapi.json"));

    let http = crate::common::client();
    let ids: Value = http
        .get(format!("{base}/_sandbox/checkouts"))
        .bearer_auth(&test_key)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(ids["checkout_ids"].as_array().unwrap().len(), 12);
    let r = http
        .post(format!("{base}/checkout/create"))
        .bearer_auth(&test_key)
        .body(crate::common::checkout_body().to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);

    // SIGTERM (like Ctrl-C) shuts it down cleanly.
    let pid = child.0.id().to_string();
    let sent = Command::new("kill").args(["-TERM", &pid]).status().unwrap();
    assert!(sent.success());
    let status = child.0.wait().unwrap();
    assert!(status.success(), "{status:?}");
    assert!(
        http.get(format!("{base}/openapi.json"))
            .send()
            .await
            .is_err(),
        "no longer serving"
    );
}

#[test]
fn binary_refuses_a_remote_bind_without_allow_remote() {
    let out = Command::new(env!("CARGO_BIN_EXE_neuropay-sandbox"))
        .args(["--bind", "0.0.0.0", "--port", "0"])
        .output()
        .expect("binary runs");
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("--allow-remote"), "{err}");
    assert!(out.stdout.is_empty(), "nothing served, no keys printed");
}
