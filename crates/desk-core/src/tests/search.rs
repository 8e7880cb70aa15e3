use serde_json::json;

use super::{cid, make_profile, t, temp_store, Fx};
use crate::{ListQuery, Mode, Profile, Store};

fn seed(store: &Store, p: &Profile) {
    Fx::new(1)
        .identifier(Some("order-1001"))
        .message("Winter jacket, size M")
        .customer("c0ffee01")
        .meta("order", json!("1001"))
        .meta("vip", json!(true))
        .save(store, p, Mode::Test, t(1));
    Fx::new(2)
        .identifier(Some("order-1002"))
        .message("Café crème subscription")
        .meta("order", json!("10010"))
        .meta("n", json!(3))
        .save(store, p, Mode::Test, t(1));
    Fx::new(3)
        .identifier(None)
        .message("He said \"AND\" -- then NOT * (weird)")
        .meta("note", json!("hello world"))
        .save(store, p, Mode::Test, t(1));
    let customer = neuropay::Customer::from_json(&json!({
        "customer_id": "c0ffee01",
        "first_name": "Alice",
        "last_name": "Liddell",
        "email": "alice@example.com",
        "metaData": {},
        "savedCards": []
    }))
    .unwrap();
    store
        .upsert_customer(&p.id, Mode::Test, &customer, &json!({}), t(2))
        .unwrap();
}

fn search(store: &Store, p: &Profile, text: &str) -> Vec<String> {
    let mut q = ListQuery::new(p.id.clone(), Mode::Test);
    q.search = Some(text.to_owned());
    let mut ids: Vec<String> = store
        .list_checkouts(&q)
        .unwrap_or_else(|e| panic!("search {text:?} failed: {e}"))
        .rows
        .into_iter()
        .map(|r| r.id)
        .collect();
    ids.sort();
    ids
}

#[test]
fn plain_words_match_as_prefixes_in_every_field() {
    let (_d, store) = temp_store();
    let p = make_profile(&store, "Shop");
    seed(&store, &p);
    assert_eq!(search(&store, &p, "jacket"), [cid(1)], "message");
    assert_eq!(search(&store, &p, "jack"), [cid(1)], "prefix");
    assert_eq!(
        search(&store, &p, "WINTER size"),
        [cid(1)],
        "case-insensitive, ANDed"
    );
    assert!(
        search(&store, &p, "winter cafe").is_empty(),
        "all terms must match"
    );
    assert_eq!(
        search(&store, &p, "cafe creme"),
        [cid(2)],
        "diacritics folded"
    );
    assert_eq!(search(&store, &p, "order-1002"), [cid(2)], "identifier");
    assert_eq!(
        search(&store, &p, "order"),
        [cid(1), cid(2)],
        "identifier words and metadata keys"
    );
    assert_eq!(
        search(&store, &p, "hello"),
        [cid(3)],
        "metadata values are words too"
    );
}

#[test]
fn ids_and_customer_details_are_searchable() {
    let (_d, store) = temp_store();
    let p = make_profile(&store, "Shop");
    seed(&store, &p);
    assert_eq!(search(&store, &p, &cid(2)), [cid(2)], "full id");
    Fx::new(4)
        .id("f3e9a1c0ffee00000000000000000004")
        .save(&store, &p, Mode::Test, t(1));
    assert_eq!(
        search(&store, &p, "f3e9a1"),
        ["f3e9a1c0ffee00000000000000000004"],
        "id prefix"
    );
    assert_eq!(search(&store, &p, "alice@example.com"), [cid(1)], "e-mail");
    assert_eq!(search(&store, &p, "Liddell"), [cid(1)], "customer name");
    assert_eq!(search(&store, &p, "c0ffee01"), [cid(1)], "customer id");

    // The customer's new e-mail reaches the checkout's search entry.
    let renamed = neuropay::Customer::from_json(&json!({
        "customer_id": "c0ffee01", "first_name": "Alice", "last_name": "Hargreaves",
        "email": "alice.h@example.org", "metaData": {}, "savedCards": []
    }))
    .unwrap();
    store
        .upsert_customer(&p.id, Mode::Test, &renamed, &json!({}), t(3))
        .unwrap();
    assert_eq!(search(&store, &p, "hargreaves"), [cid(1)]);
    assert!(
        search(&store, &p, "liddell").is_empty(),
        "old name gone from the index"
    );
}

#[test]
fn key_value_terms_match_metadata_pairs() {
    let (_d, store) = temp_store();
    let p = make_profile(&store, "Shop");
    seed(&store, &p);
    assert_eq!(
        search(&store, &p, "order:1001"),
        [cid(1)],
        "exact value, not 10010"
    );
    assert_eq!(
        search(&store, &p, "order:1001*"),
        [cid(1), cid(2)],
        "explicit prefix"
    );
    assert_eq!(search(&store, &p, "ORDER:10010"), [cid(2)]);
    assert_eq!(search(&store, &p, "vip:true"), [cid(1)], "booleans");
    assert_eq!(search(&store, &p, "n:3"), [cid(2)], "numbers");
    assert_eq!(
        search(&store, &p, "note:\"hello world\""),
        [cid(3)],
        "quoted value"
    );
    assert!(search(&store, &p, "vip:false").is_empty());
    assert!(
        search(&store, &p, "1001:order").is_empty(),
        "key and value are not swappable"
    );
    assert_eq!(
        search(&store, &p, "order:1001 jacket"),
        [cid(1)],
        "pairs and words mix"
    );

    // Updating the metadata updates the index in the same transaction.
    Fx::new(1)
        .identifier(Some("order-1001"))
        .message("Winter jacket, size M")
        .meta("order", json!("2002"))
        .updated(t(5))
        .save(&store, &p, Mode::Test, t(5));
    assert!(search(&store, &p, "order:1001").is_empty());
    assert_eq!(search(&store, &p, "order:2002"), [cid(1)]);
}

#[test]
fn hostile_input_never_breaks_the_query() {
    let (_d, store) = temp_store();
    let p = make_profile(&store, "Shop");
    seed(&store, &p);
    for hostile in [
        "\"",
        "\"\"\"",
        "AND",
        "OR NOT",
        "-",
        "-jacket",
        "*",
        "jack*et",
        "NEAR(a b)",
        "a OR",
        "(",
        ")",
        "^winter",
        "'; DROP TABLE checkouts; --",
        ":",
        "::",
        "order:",
        ":1001",
        "id:\"",
        "{id}: x",
        "\u{0}",
        "😀",
    ] {
        // Must not error; the result is whatever the literal words match.
        search(&store, &p, hostile);
    }
    assert_eq!(
        search(&store, &p, "\"AND\""),
        [cid(3)],
        "operators are literal words"
    );
    assert_eq!(search(&store, &p, "NOT weird"), [cid(3)]);
    assert_eq!(
        search(&store, &p, "-jacket"),
        [cid(1)],
        "a dash is not negation"
    );
    assert_eq!(
        search(&store, &p, "* - \"").len(),
        3,
        "no real term: no filter"
    );
    let count: i64 = store
        .read(|c| Ok(c.query_row("SELECT count(*) FROM checkouts", [], |r| r.get(0))?))
        .unwrap();
    assert_eq!(count, 3, "the table survived");
}
