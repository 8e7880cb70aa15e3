//! Checkout commands against the simulator: JSON shapes and the server's truth.

use neuropay_sandbox::Outcome;
use serde_json::{json, Value};

use crate::support::World;

fn id_of(v: &Value) -> String {
    v["id"].as_str().expect("id").to_owned()
}

#[test]
fn create_get_show_and_list() {
    let w = World::new();
    w.add_profile();
    let c = w.create(&[
        "--identifier",
        "order-1001",
        "--meta",
        "order=1001",
        "--meta",
        "vip:=true",
        "--payment-method",
        "card:visa,amex",
        "--no-save-card",
    ]);
    let id = id_of(&c);
    assert_eq!(id.len(), 32, "{c}");
    assert_eq!(c["status"], "created");
    assert_eq!(c["amount"], 3000);
    assert_eq!(c["currency"], "SEK");
    assert_eq!(c["amountFormatted"], "30.00 SEK");
    assert_eq!(c["identifier"], "order-1001");
    assert_eq!(c["mode"], "test");
    assert_eq!(c["metadata"], json!({"order": "1001", "vip": true}));
    assert!(
        c["link"].as_str().unwrap().starts_with(&w.base_url()),
        "{c}"
    );
    let server = w.server_checkout(&id);
    assert_eq!(server["allowSaveCard"], false);
    assert_eq!(
        server["paymentMethods"],
        json!([{"method": "card", "brands": ["visa", "amex"]}])
    );

    let got = w.json(&["checkout", "get", &id]);
    assert_eq!(id_of(&got), id);
    assert_eq!(got["status"], "created");

    let shown = w.json(&["checkout", "show", &id]);
    assert_eq!(id_of(&shown), id);
    assert!(!shown["events"].as_array().unwrap().is_empty(), "{shown}");
    assert_eq!(
        shown["actions"]["delete"],
        Value::Null,
        "a created checkout may be deleted"
    );
    assert!(shown["actions"]["capture"].is_string());
    assert_eq!(shown["raw"]["checkout_id"], id.as_str());
    assert_eq!(shown["refunds"], json!([]));

    let list = w.json(&["checkout", "list"]);
    assert_eq!(list["total"], 1);
    assert_eq!(id_of(&list["items"][0]), id);
    assert_eq!(
        list["totals"]["perCurrency"][0]["amountFormatted"],
        "30.00 SEK"
    );
    assert_eq!(list["nextCursor"], Value::Null);
}

#[test]
fn reserve_capture_and_refund() {
    let w = World::new();
    w.add_profile();
    let id = id_of(&w.create(&["--no-capture"]));
    w.buyer(&id, Outcome::Reserve);
    let captured = w.json(&["checkout", "capture", &id]);
    assert_eq!(captured["status"], "paid");
    assert_eq!(w.server_checkout(&id)["status"], "paid");

    let partial = w.json(&[
        "checkout",
        "refund",
        &id,
        "--amount",
        "1000",
        "--reason",
        "fraudulent",
        "--details",
        "chargeback",
    ]);
    assert_eq!(partial["status"], "partialRefund");
    assert_eq!(partial["refunded"], 1000);
    assert_eq!(partial["remainingRefundable"], 2000);
    let server = w.server_checkout(&id);
    assert_eq!(
        server["refunds"][0]["reason"], "fraudolent",
        "wire spelling"
    );
    assert_eq!(server["refunds"][0]["refundDetails"], "chargeback");

    let rest = w.json(&["checkout", "refund", &id]);
    assert_eq!(rest["status"], "refunded");
    assert_eq!(rest["refunded"], 3000);
    let shown = w.json(&["checkout", "show", &id]);
    assert_eq!(shown["refunds"].as_array().unwrap().len(), 2, "{shown}");
}

#[test]
fn release_a_reserve() {
    let w = World::new();
    w.add_profile();
    let id = id_of(&w.create(&["--no-capture"]));
    w.buyer(&id, Outcome::Reserve);
    let released = w.json(&["checkout", "release", &id]);
    assert_eq!(released["status"], "reserve released");
    assert_eq!(w.server_checkout(&id)["status"], "reserve released");
}

#[test]
fn update_metadata_and_delete() {
    let w = World::new();
    w.add_profile();
    let id = id_of(&w.create(&["--meta", "order=1001", "--meta", "gift=yes"]));
    let updated = w.json(&[
        "checkout", "update", &id, "--meta", "n:=3", "--meta", "gift=",
    ]);
    assert_eq!(updated["metadata"], json!({"order": "1001", "n": 3}));
    assert_eq!(
        w.server_checkout(&id)["metaData"],
        json!({"order": "1001", "n": 3})
    );

    let deleted = w.json(&["checkout", "delete", &id]);
    assert_eq!(deleted, json!({"id": id, "deleted": true}));
    let before = w.applied();
    let e = w.fails(&["checkout", "delete", &id], 3);
    assert!(e["message"].as_str().unwrap().len() > 10, "{e}");
    assert_eq!(w.applied(), before);
}

#[test]
fn list_filters_and_pages() {
    let w = World::new();
    w.add_profile();
    let a = id_of(&w.create(&["--meta", "order=1"]));
    let b = id_of(&w.json(&[
        "checkout",
        "create",
        "--amount",
        "500",
        "--currency",
        "eur",
        "--message",
        "Gift card",
        "--return-url",
        "https://shop.example/ok",
        "--cancel-url",
        "https://shop.example/cancel",
    ]));
    let c = id_of(&w.create(&[]));
    w.buyer(&c, Outcome::Pay);
    w.json(&["checkout", "get", &c]);

    let paid = w.json(&["checkout", "list", "--status", "paid"]);
    assert_eq!(paid["total"], 1);
    assert_eq!(id_of(&paid["items"][0]), c);
    let eur = w.json(&["checkout", "list", "--currency", "EUR"]);
    assert_eq!(eur["total"], 1);
    assert_eq!(id_of(&eur["items"][0]), b);
    assert_eq!(eur["items"][0]["amountFormatted"], "5.00 EUR");
    let found = w.json(&["checkout", "list", "--search", "gift"]);
    assert_eq!(found["total"], 1);
    let meta = w.json(&["checkout", "list", "--search", "order:1"]);
    assert_eq!(id_of(&meta["items"][0]), a);
    let several = w.json(&[
        "checkout", "list", "--status", "created", "--status", "paid",
    ]);
    assert_eq!(several["total"], 3);
    let future = w.json(&["checkout", "list", "--from", "2999-01-01"]);
    assert_eq!(future["total"], 0);
    let today = chrono::Local::now().date_naive().to_string();
    let inclusive = w.json(&["checkout", "list", "--from", &today, "--to", &today]);
    assert_eq!(inclusive["total"], 3, "--to includes its whole day");

    let first = w.json(&["checkout", "list", "--limit", "2"]);
    assert_eq!(first["items"].as_array().unwrap().len(), 2);
    assert_eq!(first["total"], 3);
    let cursor = first["nextCursor"]
        .as_str()
        .expect("a next page")
        .to_owned();
    let second = w.json(&["checkout", "list", "--limit", "2", "--after", &cursor]);
    assert_eq!(second["items"].as_array().unwrap().len(), 1);
    let mut seen: Vec<String> = first["items"]
        .as_array()
        .unwrap()
        .iter()
        .chain(second["items"].as_array().unwrap())
        .map(id_of)
        .collect();
    seen.sort();
    let mut all = vec![a, b, c];
    all.sort();
    assert_eq!(seen, all);
}

#[test]
fn human_output_formats_amounts() {
    let w = World::new();
    w.add_profile();
    let out = w
        .cmd()
        .args([
            "checkout",
            "create",
            "--amount",
            "1234",
            "--currency",
            "KWD",
            "--message",
            "Dinar",
            "--return-url",
            "https://shop.example/ok",
            "--cancel-url",
            "https://shop.example/cancel",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let s = String::from_utf8(out.stdout).unwrap();
    assert!(s.starts_with("Created checkout "), "{s}");
    assert!(s.contains("1.234 KWD"), "{s}");
    assert!(s.contains("/pay/"), "the payment link is shown: {s}");
    let out = w.run(&["checkout", "list"]);
    let s = String::from_utf8(out.stdout).unwrap();
    assert!(s.lines().next().unwrap().starts_with("ID"), "{s}");
    assert!(s.contains("1.234 KWD"), "{s}");
    assert!(s.contains("1 of 1 matching checkouts"), "{s}");
}

#[test]
fn live_mode_writes_with_yes() {
    let w = World::new();
    w.add_profile();
    let out = w
        .cmd()
        .env("NEUROPAY_API_KEY", w.live_key())
        .args([
            "--mode",
            "live",
            "--yes",
            "checkout",
            "create",
            "--amount",
            "100",
            "--currency",
            "SEK",
            "--message",
            "Live",
            "--return-url",
            "https://shop.example/ok",
            "--cancel-url",
            "https://shop.example/cancel",
            "--json",
        ])
        .output()
        .unwrap();
    let v = crate::support::ok_json(&out, &["--mode", "live", "checkout", "create"]);
    assert_eq!(v["mode"], "live");
    assert_eq!(
        w.json(&["checkout", "list"])["total"],
        0,
        "test mode is separate"
    );
    assert_eq!(w.json(&["checkout", "list", "--mode", "live"])["total"], 1);
}
