//! `profile add/list/rename/set`: JSON shapes, validation, name lookup.

use serde_json::Value;

use crate::support::World;

#[test]
fn add_list_rename_set() {
    let w = World::new();
    let p = w.add_profile();
    assert_eq!(p["name"], "shop");
    assert_eq!(p["baseUrl"], w.base_url());
    assert_eq!(p["color"], "#2563eb");
    assert_eq!(p["guardRails"]["liveReadOnly"], false);
    assert_eq!(p["guardRails"]["liveRefundCap"], Value::Null);
    assert_eq!(p["id"].as_str().unwrap().len(), 32);
    assert!(p["createdAt"].is_string());

    w.json(&[
        "profile",
        "add",
        "Other Shop",
        "--base-url",
        "https://api.neuro-admin.com",
        "--color",
        "#AABBCC",
    ]);
    let list = w.json(&["profile", "list"]);
    assert_eq!(list["total"], 2);
    let names: Vec<&str> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Other Shop", "shop"]);
    assert_eq!(list["items"][0]["color"], "#aabbcc");

    let renamed = w.json(&["profile", "rename", "other shop", "Outlet"]);
    assert_eq!(renamed["name"], "Outlet");
    assert_eq!(renamed["id"], list["items"][0]["id"]);

    let set = w.json(&[
        "profile",
        "set",
        "Outlet",
        "--live-read-only",
        "true",
        "--refund-cap",
        "5000",
        "--color",
        "#000000",
    ]);
    assert_eq!(set["guardRails"]["liveReadOnly"], true);
    assert_eq!(set["guardRails"]["liveRefundCap"], 5000);
    assert_eq!(set["color"], "#000000");
    let set = w.json(&["profile", "set", "Outlet", "--refund-cap", "none"]);
    assert_eq!(set["guardRails"]["liveRefundCap"], Value::Null);
    assert_eq!(
        set["guardRails"]["liveReadOnly"], true,
        "untouched rail kept"
    );

    // By id works as well as by name.
    let id = set["id"].as_str().unwrap();
    let again = w.json(&["profile", "set", id, "--live-read-only", "false"]);
    assert_eq!(again["guardRails"]["liveReadOnly"], false);
}

#[test]
fn human_list_is_a_table() {
    let w = World::new();
    w.add_profile();
    let out = w.run(&["profile", "list"]);
    assert_eq!(out.status.code(), Some(0));
    let s = String::from_utf8(out.stdout).unwrap();
    let mut lines = s.lines();
    let header = lines.next().unwrap();
    assert!(header.starts_with("NAME"), "{s}");
    let row = lines.next().unwrap();
    assert!(row.starts_with("shop"), "{s}");
    // Columns line up: BASE URL starts at the same offset in both lines.
    let col = header.find("BASE URL").unwrap();
    assert_eq!(&row[col..col + 4], "http", "{s}");
}

#[test]
fn refusals_name_the_field_and_change_nothing() {
    let w = World::new();
    w.add_profile();
    let e = w.fails(&["profile", "add", "SHOP", "--base-url", &w.base_url()], 2);
    assert_eq!(e["code"], "already_exists");
    let e = w.fails(
        &["profile", "add", "x", "--base-url", "http://shop.example"],
        2,
    );
    assert_eq!(e["code"], "invalid_input");
    assert!(
        e["message"].as_str().unwrap().starts_with("base_url"),
        "{e}"
    );
    let e = w.fails(&["profile", "add", "y", "--color", "red"], 2);
    assert!(e["message"].as_str().unwrap().starts_with("color"), "{e}");
    let e = w.fails(&["profile", "rename", "nope", "z"], 2);
    assert!(
        e["message"].as_str().unwrap().contains("no profile named"),
        "{e}"
    );
    let e = w.fails(
        &[
            "profile",
            "set",
            "shop",
            "--base-url",
            "https://ok.example",
            "--color",
            "blue",
        ],
        2,
    );
    assert!(e["message"].as_str().unwrap().starts_with("color"), "{e}");
    let e = w.fails(&["profile", "set", "shop"], 2);
    assert!(
        e["message"].as_str().unwrap().contains("nothing to change"),
        "{e}"
    );
    let list = w.json(&["profile", "list"]);
    assert_eq!(list["total"], 1);
    assert_eq!(list["items"][0]["baseUrl"], w.base_url(), "nothing changed");
}

#[test]
fn the_profile_is_chosen_by_flag_or_when_alone() {
    let w = World::new();
    let e = w.fails(&["checkout", "list"], 2);
    assert!(
        e["message"].as_str().unwrap().contains("profile add"),
        "{e}"
    );
    w.add_profile();
    assert_eq!(w.json(&["checkout", "list"])["total"], 0);
    w.json(&["profile", "add", "second", "--base-url", &w.base_url()]);
    let e = w.fails(&["checkout", "list"], 2);
    assert!(
        e["message"].as_str().unwrap().contains("several profiles"),
        "{e}"
    );
    assert_eq!(
        w.json(&["checkout", "list", "--profile", "second"])["total"],
        0
    );
    let out = w
        .cmd()
        .env("NPDESK_PROFILE", "second")
        .args(["checkout", "list", "--json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
}
