//! `key ...` without a keychain (the D-Bus address points nowhere): the environment key,
//! `key test` outcomes, and `key set` refusing bad input before the keychain.

use crate::support::{closed_port, err_json, ok_json, text, World};

#[test]
fn status_reports_the_keychain_and_the_environment_key() {
    let w = World::new();
    w.add_profile();
    let key = w.test_key();
    let v = w.json(&["key", "status"]);
    assert_eq!(v["profile"], "shop");
    assert_eq!(v["keychain"]["state"], "absent", "{v}");
    assert!(v["keychain"]["message"]
        .as_str()
        .unwrap()
        .contains("Secret Service"));
    assert!(v["keysError"].is_string(), "{v}");
    assert_eq!(v["envOverride"]["variable"], "NEUROPAY_API_KEY");
    assert_eq!(
        v["envOverride"]["masked"],
        format!("…{}", &key[key.len() - 4..])
    );
    let out = w.run(&["key", "status"]);
    assert_eq!(out.status.code(), Some(0));
    let human = text(&out.stdout);
    assert!(human.contains("absent"), "{human}");
    assert!(human.contains("NEUROPAY_API_KEY is set"), "{human}");
}

#[test]
fn test_tells_accepted_refused_and_unreachable_apart() {
    let w = World::new();
    w.add_profile();
    let v = w.json(&["key", "test"]);
    assert_eq!(v["ok"], true);
    assert_eq!(v["code"], "ok");
    assert_eq!(v["mode"], "test");

    let out = w
        .cmd()
        .env(
            "NEUROPAY_API_KEY",
            "npsb_test_11111111111111111111111111111111",
        )
        .args(["key", "test", "--json"])
        .output()
        .unwrap();
    let e = err_json(&out, &["key", "test", "wrong key"], 3);
    assert_eq!(e["code"], "unauthorized");

    let out = w
        .cmd()
        .env(
            "NEUROPAY_BASE_URL",
            format!("http://127.0.0.1:{}", closed_port()),
        )
        .args(["key", "test", "--json"])
        .output()
        .unwrap();
    let e = err_json(&out, &["key", "test", "closed port"], 5);
    assert_eq!(e["code"], "offline");

    // Live mode with the live key.
    let out = w
        .cmd()
        .env("NEUROPAY_API_KEY", w.live_key())
        .args(["--mode", "live", "key", "test", "--json"])
        .output()
        .unwrap();
    assert_eq!(ok_json(&out, &["live key test"])["ok"], true);
}

#[test]
fn set_reads_stdin_and_refuses_bad_keys_first() {
    let w = World::new();
    w.add_profile();
    let out = w
        .cmd()
        .args(["key", "set", "--json"])
        .write_stdin("")
        .output()
        .unwrap();
    let e = err_json(&out, &["key", "set", "empty"], 2);
    assert!(e["message"].as_str().unwrap().starts_with("API key"), "{e}");
    let out = w
        .cmd()
        .args(["key", "set", "--json"])
        .write_stdin("two words")
        .output()
        .unwrap();
    let e = err_json(&out, &["key", "set", "space"], 2);
    assert!(e["message"].as_str().unwrap().contains("whitespace"), "{e}");

    // A good key meets the missing keychain: an error that never shows the key.
    let secret = "npsb_test_abcdefabcdefabcdefabcdefabcd9f3e";
    let out = w
        .cmd()
        .args(["key", "set", "--json"])
        .write_stdin(format!("{secret}\n"))
        .output()
        .unwrap();
    let e = err_json(&out, &["key", "set", "no keychain"], 1);
    assert_eq!(e["code"], "keychain_unavailable", "{e}");
    assert!(!text(&out.stderr).contains(secret));
}
