//! Exit statuses of each error class, the JSON error shape, and "nothing was sent".

use neuropay_sandbox::{Faults, Outcome};

use crate::support::{closed_port, err_json, World};

const CREATE: [&str; 12] = [
    "checkout",
    "create",
    "--amount",
    "3000",
    "--currency",
    "SEK",
    "--message",
    "Order",
    "--return-url",
    "https://shop.example/ok",
    "--cancel-url",
    "https://shop.example/cancel",
];

/// `CREATE` with one option's value replaced (or an option added).
fn create_with(flag: &str, value: &str) -> Vec<String> {
    let mut args: Vec<String> = CREATE.iter().map(|s| s.to_string()).collect();
    match args.iter().position(|a| a == flag) {
        Some(i) => args[i + 1] = value.to_owned(),
        None => {
            args.push(flag.to_owned());
            args.push(value.to_owned());
        }
    }
    args
}

fn strs(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}

#[test]
fn invalid_input_is_2_names_the_option_and_sends_nothing() {
    let w = World::new();
    w.add_profile();
    let cases: Vec<(Vec<String>, &str)> = vec![
        (create_with("--amount", "30.00"), "--amount"),
        (create_with("--amount", "-1"), "--amount"),
        (create_with("--currency", "XYZ"), "--currency"),
        (
            create_with("--return-url", "shop.example/ok"),
            "--return-url",
        ),
        (
            create_with("--cancel-url", "ftp://x.example"),
            "--cancel-url",
        ),
        (create_with("--meta", "novalue"), "--meta"),
        (create_with("--meta", "k:=[1,2]"), "--meta"),
        (
            create_with("--payment-method", "card:VISA"),
            "--payment-method",
        ),
        (create_with("--template", "fancy"), "--template"),
        (create_with("--customer", "has space"), "--customer"),
        (create_with("--message", ""), "--message"),
        (
            vec![
                "checkout".into(),
                "refund".into(),
                "abc".into(),
                "--reason".into(),
                "angry".into(),
            ],
            "--reason",
        ),
        (
            vec![
                "checkout".into(),
                "refund".into(),
                "abc".into(),
                "--amount".into(),
                "0".into(),
            ],
            "--amount",
        ),
        (
            vec!["checkout".into(), "capture".into(), "a b".into()],
            "ID",
        ),
        (
            vec![
                "checkout".into(),
                "update".into(),
                "abc".into(),
                "--meta".into(),
                "=x".into(),
            ],
            "--meta",
        ),
        (
            vec![
                "checkout".into(),
                "list".into(),
                "--from".into(),
                "21/11/2026".into(),
            ],
            "--from",
        ),
        (
            vec![
                "checkout".into(),
                "list".into(),
                "--status".into(),
                "cancelled".into(),
            ],
            "--status",
        ),
        (
            vec![
                "checkout".into(),
                "list".into(),
                "--limit".into(),
                "0".into(),
            ],
            "--limit",
        ),
        (
            vec![
                "checkout".into(),
                "list".into(),
                "--from".into(),
                "2026-11-22".into(),
                "--to".into(),
                "2026-11-21".into(),
            ],
            "--to",
        ),
        (
            vec![
                "customer".into(),
                "create".into(),
                "--first-name".into(),
                "Ada".into(),
                "--last-name".into(),
                "L".into(),
                "--email".into(),
                "not-an-email".into(),
            ],
            "--email",
        ),
        (
            vec![
                "audit".into(),
                "list".into(),
                "--since".into(),
                "yesterday".into(),
            ],
            "--since",
        ),
    ];
    for (args, field) in cases {
        let e = w.fails(&strs(&args), 2);
        assert_eq!(e["code"], "invalid_input", "{args:?}: {e}");
        let msg = e["message"].as_str().unwrap();
        assert!(
            msg.starts_with(field),
            "{args:?}: message names {field}: {msg}"
        );
    }
    assert_eq!(w.applied(), 0, "nothing was sent");
    assert_eq!(w.json(&["checkout", "list"])["total"], 0);
}

#[test]
fn a_bad_environment_is_2() {
    let w = World::new();
    w.add_profile();
    let out = w
        .cmd()
        .env("NEUROPAY_BASE_URL", "http://remote.example")
        .args(CREATE)
        .arg("--json")
        .output()
        .unwrap();
    let e = err_json(&out, &["NEUROPAY_BASE_URL"], 2);
    assert!(
        e["message"]
            .as_str()
            .unwrap()
            .starts_with("NEUROPAY_BASE_URL"),
        "{e}"
    );
    let out = w
        .cmd()
        .env("NEUROPAY_API_KEY", "has a space")
        .args(CREATE)
        .arg("--json")
        .output()
        .unwrap();
    let e = err_json(&out, &["NEUROPAY_API_KEY"], 2);
    assert!(
        e["message"]
            .as_str()
            .unwrap()
            .starts_with("NEUROPAY_API_KEY"),
        "{e}"
    );
    assert_eq!(w.applied(), 0);
}

#[test]
fn a_live_write_without_yes_off_a_terminal_is_2_and_sends_nothing() {
    let w = World::new();
    w.add_profile();
    let out = w
        .cmd()
        .env("NEUROPAY_API_KEY", w.live_key())
        .args(["--mode", "live"])
        .args(CREATE)
        .arg("--json")
        .output()
        .unwrap();
    let e = err_json(&out, &["--mode", "live", "checkout", "create"], 2);
    assert_eq!(e["code"], "confirmation_required");
    assert!(e["message"].as_str().unwrap().contains("--yes"), "{e}");
    assert_eq!(w.applied(), 0, "nothing was sent");

    // The live guard rail refuses even with --yes, before anything is sent.
    w.json(&["profile", "set", "shop", "--live-read-only", "true"]);
    let out = w
        .cmd()
        .env("NEUROPAY_API_KEY", w.live_key())
        .args(["--mode", "live", "--yes"])
        .args(CREATE)
        .arg("--json")
        .output()
        .unwrap();
    let e = err_json(&out, &["--mode", "live", "--yes"], 2);
    assert_eq!(e["code"], "guard_rail");
    assert_eq!(w.applied(), 0);
}

#[test]
fn an_api_refusal_is_3_with_the_servers_message() {
    let w = World::new();
    w.add_profile();
    let id = w.create(&[])["id"].as_str().unwrap().to_owned();
    w.buyer(&id, Outcome::Pay);
    w.json(&["checkout", "get", &id]);
    let before = w.applied();
    // The cache already knows it is paid: refused before sending, as the API would.
    let e = w.fails(&["checkout", "capture", &id], 3);
    assert_eq!(e["code"], "wrong_status", "{e}");
    assert!(e["message"].as_str().unwrap().contains("reserved"), "{e}");
    assert_eq!(w.applied(), before, "not applied");

    // The cache says paid, the issuer revoked it meanwhile: the API refuses the refund.
    w.sandbox().revoke(&w.test_key(), &id).unwrap();
    let before = w.applied();
    let e = w.fails(&["checkout", "refund", &id], 3);
    assert_eq!(e["code"], "rejected", "{e}");
    assert!(e["message"].as_str().unwrap().contains("HTTP 400"), "{e}");
    assert_eq!(w.applied(), before, "not applied");

    // Another company's checkout: the API answers 400.
    let other = w.sandbox().add_company();
    let out = w
        .cmd()
        .env("NEUROPAY_API_KEY", &other.test)
        .args(CREATE)
        .arg("--json")
        .output()
        .unwrap();
    let theirs = crate::support::ok_json(&out, &["create as another company"]);
    let e = w.fails(&["checkout", "get", theirs["id"].as_str().unwrap()], 3);
    assert_eq!(e["code"], "rejected", "{e}");

    // A wrong key.
    let out = w
        .cmd()
        .env(
            "NEUROPAY_API_KEY",
            "npsb_test_00000000000000000000000000000000",
        )
        .args(["checkout", "get", &id, "--json"])
        .output()
        .unwrap();
    let e = err_json(&out, &["wrong key"], 3);
    assert_eq!(e["code"], "unauthorized", "{e}");
}

#[test]
fn an_unknown_outcome_is_4() {
    let w = World::new();
    w.add_profile();
    w.set_faults(Faults {
        drop_after_apply_rate: 1.0,
        ..Faults::default()
    });
    let e = w.fails(&CREATE, 4);
    assert_eq!(e["code"], "outcome_unknown", "{e}");
    assert!(w.applied() >= 1, "the simulator applied it");
    w.set_faults(Faults::default());
}

#[test]
fn unreachable_is_5_and_sends_nothing() {
    let w = World::new();
    w.add_profile();
    let dead = format!("http://127.0.0.1:{}", closed_port());
    for args in [CREATE.to_vec(), vec!["checkout", "get", "0123456789abcdef"]] {
        let out = w
            .cmd()
            .env("NEUROPAY_BASE_URL", &dead)
            .args(&args)
            .arg("--json")
            .output()
            .unwrap();
        let e = err_json(&out, &args, 5);
        assert_eq!(e["code"], "offline", "{e}");
    }
    // The same through the profile's own base URL.
    w.json(&["profile", "set", "shop", "--base-url", &dead]);
    let e = w.fails(&CREATE, 5);
    assert_eq!(e["code"], "offline");
    assert_eq!(w.applied(), 0);
}

#[test]
fn a_cache_miss_is_2() {
    let w = World::new();
    w.add_profile();
    let e = w.fails(&["checkout", "show", "0123456789abcdef"], 2);
    assert_eq!(e["code"], "not_found");
}

#[test]
fn human_errors_are_sentences_on_stderr() {
    let w = World::new();
    w.add_profile();
    let out = w
        .cmd()
        .args(create_with("--amount", "12.50"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.starts_with("npdesk: error: --amount:"), "{err}");
    let dead = format!("http://127.0.0.1:{}", closed_port());
    let out = w
        .cmd()
        .env("NEUROPAY_BASE_URL", &dead)
        .args(CREATE)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(5));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("nothing was sent"), "{err}");
}
