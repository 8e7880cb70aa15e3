//! `npdesk sandbox`: serves the simulator, prints where and with which keys, stops on
//! SIGTERM.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use crate::support::{World, BIN};

#[test]
fn serves_until_terminated() {
    let mut child = Command::new(BIN)
        .args(["sandbox", "--port", "0", "--seed", "3", "--json"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("npdesk sandbox starts");
    let stdout = child.stdout.take().unwrap();
    // The JSON document ends with a closing brace on its own line.
    let mut doc = String::new();
    for line in BufReader::new(stdout).lines() {
        let line = line.unwrap();
        doc.push_str(&line);
        if line == "}" {
            break;
        }
    }
    let v: serde_json::Value = serde_json::from_str(&doc).expect("one JSON document");
    let base = v["baseUrl"].as_str().unwrap().to_owned();
    let key = v["testKey"].as_str().unwrap().to_owned();
    assert!(base.starts_with("http://127.0.0.1:"), "{v}");
    assert!(key.starts_with("npsb_test_"), "{v}");
    assert!(
        v["liveKey"].as_str().unwrap().starts_with("npsb_live_"),
        "{v}"
    );
    assert_eq!(v["openapi"], format!("{base}/openapi.json"));

    // The served simulator accepts its printed key.
    let w = World::new();
    w.json(&["profile", "add", "sb", "--base-url", &base]);
    let out = w
        .cmd()
        .env("NEUROPAY_API_KEY", &key)
        .args(["key", "test", "--json"])
        .output()
        .unwrap();
    let v = crate::support::ok_json(&out, &["key", "test"]);
    assert_eq!(v["ok"], true, "{v}");

    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let exit = child.wait().unwrap();
    assert_eq!(exit.code(), Some(0), "stops cleanly on SIGTERM");
}

#[test]
fn a_taken_port_is_reported() {
    let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = l.local_addr().unwrap().port().to_string();
    let out = Command::new(BIN)
        .args(["sandbox", "--port", &port, "--json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err: serde_json::Value =
        serde_json::from_slice(out.stderr.trim_ascii()).expect("JSON error");
    assert_eq!(err["error"]["code"], "sandbox");
}
