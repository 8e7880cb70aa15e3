//! `checkout import` and `sync`: the cache catches up with the server.

use neuropay_sandbox::{Outcome, SandboxConfig};

use crate::support::{ok_json, World};

fn seeded() -> World {
    World::with(SandboxConfig {
        seed: Some(6),
        ..SandboxConfig::default()
    })
}

#[test]
fn import_from_a_file_and_from_stdin() {
    let w = seeded();
    w.add_profile();
    let ids = w.sandbox().checkout_ids(&w.test_key());
    assert_eq!(ids.len(), 6);
    let (first, rest) = ids.split_at(3);
    let file = w.path("ids.txt");
    let mut text = String::from("# exported from the web platform\n");
    for id in first {
        text.push_str(id);
        text.push('\n');
    }
    text.push_str(&first[0]);
    text.push('\n');
    std::fs::write(&file, text).unwrap();

    let report = w.json(&["checkout", "import", file.to_str().unwrap()]);
    assert!(report.is_object(), "{report}");
    assert_eq!(w.json(&["checkout", "list"])["total"], 3);

    let out = w
        .cmd()
        .args(["checkout", "import", "-", "--json"])
        .write_stdin(rest.join("\n"))
        .output()
        .unwrap();
    ok_json(&out, &["checkout", "import", "-"]);
    assert_eq!(w.json(&["checkout", "list"])["total"], 6);
    let shown = w.json(&["checkout", "show", &rest[0]]);
    assert_eq!(shown["id"], rest[0].as_str());
}

#[test]
fn a_bad_line_refuses_the_whole_import() {
    let w = seeded();
    w.add_profile();
    let ids = w.sandbox().checkout_ids(&w.test_key());
    let file = w.path("ids.txt");
    std::fs::write(&file, format!("{}\nnot an id at all\n", ids[0])).unwrap();
    let e = w.fails(&["checkout", "import", file.to_str().unwrap()], 2);
    assert_eq!(e["code"], "invalid_input");
    assert!(e["message"].as_str().unwrap().contains("line 2"), "{e}");
    assert_eq!(w.json(&["checkout", "list"])["total"], 0, "nothing fetched");
    let e = w.fails(
        &[
            "checkout",
            "import",
            w.path("missing.txt").to_str().unwrap(),
        ],
        2,
    );
    assert!(e["message"].as_str().unwrap().starts_with("FILE"), "{e}");
}

#[test]
fn sync_refreshes_open_checkouts() {
    let w = World::new();
    w.add_profile();
    let paid = w.create(&[])["id"].as_str().unwrap().to_owned();
    let open = w.create(&[])["id"].as_str().unwrap().to_owned();
    w.buyer(&paid, Outcome::Pay);
    assert_eq!(w.json(&["checkout", "show", &paid])["status"], "created");

    let report = w.json(&["sync"]);
    assert_eq!(report["profile"], "shop");
    assert_eq!(report["mode"], "test");
    assert_eq!(report["checked"], 2, "{report}");
    assert_eq!(report["changed"], 1, "{report}");
    assert_eq!(report["failed"], serde_json::json!([]));
    assert_eq!(report["cancelled"], false);
    assert_eq!(report["settled"], 0);
    assert_eq!(w.json(&["checkout", "show", &paid])["status"], "paid");
    assert_eq!(w.json(&["checkout", "show", &open])["status"], "created");
    let paid_list = w.json(&["checkout", "list", "--status", "paid"]);
    assert_eq!(paid_list["total"], 1);

    // Not on a terminal: no progress bar, the report alone.
    let out = w.run(&["sync"]);
    assert_eq!(out.status.code(), Some(0));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        !err.contains('\r') && !err.contains("[="),
        "no bar off a terminal: {err:?}"
    );

    // One environment key cannot serve every profile and mode.
    let e = w.fails(&["sync", "--all"], 2);
    assert!(
        e["message"].as_str().unwrap().contains("NEUROPAY_API_KEY"),
        "{e}"
    );
    let e = w.fails(&["sync", "--concurrency", "0"], 2);
    assert!(
        e["message"].as_str().unwrap().starts_with("--concurrency"),
        "{e}"
    );
}

#[test]
fn sync_settles_an_unknown_outcome() {
    let w = World::new();
    w.add_profile();
    let id = w.create(&[])["id"].as_str().unwrap().to_owned();
    w.set_faults(neuropay_sandbox::Faults {
        drop_after_apply_rate: 1.0,
        ..Default::default()
    });
    let e = w.fails(&["checkout", "update", &id, "--meta", "k=v"], 4);
    assert_eq!(e["code"], "outcome_unknown");
    let shown = w.json(&["checkout", "show", &id]);
    assert!(
        shown["unsettled"].is_object(),
        "the journal row is open: {shown}"
    );
    // A second write on the same checkout waits for the first to be settled.
    w.set_faults(neuropay_sandbox::Faults::default());
    let e = w.fails(&["checkout", "delete", &id], 1);
    assert_eq!(e["code"], "write_in_flight", "{e}");

    let report = w.json(&["sync"]);
    assert_eq!(report["settled"], 1, "{report}");
    let shown = w.json(&["checkout", "show", &id]);
    assert_eq!(shown["unsettled"], serde_json::Value::Null, "{shown}");
    assert_eq!(shown["metadata"]["k"], "v");
}
