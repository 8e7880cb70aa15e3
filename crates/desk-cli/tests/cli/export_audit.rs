//! `export checkouts`, `export audit`, `audit list`.

use crate::support::World;

#[test]
fn export_checkouts_to_csv() {
    let w = World::new();
    w.add_profile();
    w.create(&["--meta", "order=1001"]);
    w.create(&["--identifier", "=HYPERLINK(1)"]);
    let file = w.path("out.csv");
    let v = w.json(&["export", "checkouts", "--out", file.to_str().unwrap()]);
    assert_eq!(v["rows"], 2);
    assert_eq!(v["metadataKeys"], serde_json::json!(["order"]));
    assert!(v["path"].as_str().unwrap().ends_with("out.csv"));
    let csv = std::fs::read_to_string(&file).unwrap();
    let header = csv.lines().next().unwrap();
    assert!(
        header.starts_with("id,identifier,status,amount_minor"),
        "{header}"
    );
    assert!(header.ends_with("metadata.order"), "{header}");
    assert!(csv.contains("30.00 SEK"), "{csv}");
    assert!(csv.contains("'=HYPERLINK(1)"), "formula neutralised: {csv}");

    let only = w.json(&[
        "export",
        "checkouts",
        "--search",
        "order:1001",
        "--out",
        file.to_str().unwrap(),
    ]);
    assert_eq!(only["rows"], 1);

    let out = w.run(&["export", "checkouts", "--out", "-"]);
    assert_eq!(out.status.code(), Some(0));
    let s = String::from_utf8(out.stdout).unwrap();
    assert!(s.starts_with("id,identifier"), "{s}");
    assert_eq!(s.lines().count(), 3);

    let e = w.fails(&["export", "checkouts", "--out", "-"], 2);
    assert!(e["message"].as_str().unwrap().starts_with("--out"), "{e}");
    let e = w.fails(
        &[
            "export",
            "checkouts",
            "--out",
            w.path("no/such/dir/x.csv").to_str().unwrap(),
        ],
        2,
    );
    assert!(
        e["message"].as_str().unwrap().contains("does not exist"),
        "{e}"
    );
}

#[test]
fn audit_lists_and_exports() {
    let w = World::new();
    w.add_profile();
    w.json(&["profile", "rename", "shop", "Shop AB"]);
    w.json(&[
        "export",
        "checkouts",
        "--out",
        w.path("a.csv").to_str().unwrap(),
    ]);
    let a = w.json(&["audit", "list"]);
    let actions: Vec<&str> = a["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(
        actions,
        ["checkouts_exported", "profile_renamed", "profile_created"],
        "newest first"
    );
    assert_eq!(a["total"], 3);
    let e = &a["items"][1];
    assert_eq!(e["outcome"], "success");
    assert_eq!(e["params"]["to"], "Shop AB");
    assert!(e["seq"].is_number() && e["at"].is_string() && e["osUser"].is_string());

    let filtered = w.json(&["audit", "list", "--action", "profile_created"]);
    assert_eq!(filtered["total"], 1);
    assert_eq!(
        w.json(&["audit", "list", "--since", "2999-01-01"])["total"],
        0
    );
    let limited = w.json(&["audit", "list", "--limit", "1"]);
    assert_eq!(limited["items"].as_array().unwrap().len(), 1);
    let by_profile = w.json(&["audit", "list", "--profile", "Shop AB", "--mode", "test"]);
    assert_eq!(by_profile["items"][0]["action"], "checkouts_exported");

    let file = w.path("audit.csv");
    let v = w.json(&["export", "audit", "--out", file.to_str().unwrap()]);
    assert_eq!(v["rows"], 3);
    let csv = std::fs::read_to_string(&file).unwrap();
    assert!(csv.starts_with("seq,at_utc,os_user"), "{csv}");
    let again = w.json(&["audit", "list", "--limit", "1"]);
    assert_eq!(again["items"][0]["action"], "audit_exported");

    let out = w.run(&["audit", "list"]);
    let s = String::from_utf8(out.stdout).unwrap();
    assert!(s.starts_with("SEQ"), "{s}");
    assert!(s.contains("Shop AB"), "profiles shown by name: {s}");
}
