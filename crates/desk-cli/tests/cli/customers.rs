//! Customer commands: JSON shapes, cache, deletion.

use serde_json::json;

use crate::support::World;

#[test]
fn create_get_list_delete() {
    let w = World::new();
    w.add_profile();
    let c = w.json(&[
        "customer",
        "create",
        "--first-name",
        "Ada",
        "--last-name",
        "Lovelace",
        "--email",
        "ada@example.com",
        "--meta",
        "tier=gold",
    ]);
    let id = c["id"].as_str().unwrap().to_owned();
    assert_eq!(c["firstName"], "Ada");
    assert_eq!(c["lastName"], "Lovelace");
    assert_eq!(c["email"], "ada@example.com");
    assert_eq!(c["metadata"], json!({"tier": "gold"}));
    assert_eq!(c["savedCards"], json!([]));
    assert_eq!(c["deleted"], false);
    assert!(
        c["clientPage"].as_str().unwrap().starts_with(&w.base_url()),
        "{c}"
    );

    let got = w.json(&["customer", "get", &id]);
    assert_eq!(got["id"], id.as_str());
    let list = w.json(&["customer", "list", "--search", "lovelace"]);
    assert_eq!(list["total"], 1);
    assert_eq!(list["items"][0]["id"], id.as_str());
    assert_eq!(
        w.json(&["customer", "list", "--search", "nobody"])["total"],
        0
    );

    // A checkout tied to the customer.
    let co = w.create(&["--customer", &id]);
    assert_eq!(co["customerId"], id.as_str());
    assert_eq!(w.json(&["checkout", "list", "--customer", &id])["total"], 1);

    let deleted = w.json(&["customer", "delete", &id]);
    assert_eq!(deleted, json!({"id": id, "deleted": true}));
    assert_eq!(w.json(&["customer", "list"])["total"], 0);
    let all = w.json(&["customer", "list", "--include-deleted"]);
    assert_eq!(all["total"], 1);
    assert_eq!(all["items"][0]["deleted"], true);

    let e = w.fails(&["customer", "get", &id], 3);
    assert_eq!(e["code"], "rejected", "{e}");
}

#[test]
fn human_customer_table() {
    let w = World::new();
    w.add_profile();
    w.json(&[
        "customer",
        "create",
        "--first-name",
        "Grace",
        "--last-name",
        "Hopper",
        "--email",
        "grace@example.com",
    ]);
    let out = w.run(&["customer", "list"]);
    assert_eq!(out.status.code(), Some(0));
    let s = String::from_utf8(out.stdout).unwrap();
    assert!(s.starts_with("ID"), "{s}");
    assert!(s.contains("Grace Hopper"), "{s}");
    assert!(s.contains("grace@example.com"), "{s}");
}
