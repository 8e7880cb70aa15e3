use serde_json::{json, Value};

use super::{make_profile, t, temp_store};
use crate::{CustomerQuery, Mode, Profile, Store};

fn reply(id: &str, first: &str, last: &str, email: &str) -> Value {
    json!({
        "customer_id": id,
        "first_name": first,
        "last_name": last,
        "email": email,
        "client_page": format!("http://127.0.0.1:9/client/{id}"),
        "metaData": {"tier": "gold"},
        "savedCards": [{"card_id": "card01", "brand": "visa", "last4": "4242",
                        "expiry": "12/29", "default": true}],
        "created_at": "2026-10-01T08:00:00Z"
    })
}

fn save(store: &Store, p: &Profile, mode: Mode, v: &Value) {
    let c = neuropay::Customer::from_json(v).unwrap();
    store.upsert_customer(&p.id, mode, &c, v, t(1)).unwrap();
}

fn list(store: &Store, q: &CustomerQuery) -> Vec<String> {
    store
        .list_customers(q)
        .unwrap()
        .into_iter()
        .map(|c| c.id)
        .collect()
}

#[test]
fn upsert_get_list_search_and_mark_deleted() {
    let (_d, store) = temp_store();
    let p = make_profile(&store, "Shop");
    save(
        &store,
        &p,
        Mode::Test,
        &reply("cu1", "Alice", "Liddell", "alice@example.com"),
    );
    save(
        &store,
        &p,
        Mode::Test,
        &reply("cu2", "Bob", "Builder", "bob@example.org"),
    );
    save(
        &store,
        &p,
        Mode::Test,
        &reply("cu3", "Carol", "Danvers", "carol%_@example.com"),
    );
    save(
        &store,
        &p,
        Mode::Live,
        &reply("cu9", "Live", "Only", "live@example.com"),
    );

    let alice = store.get_customer(&p.id, Mode::Test, "cu1").unwrap();
    assert_eq!(alice.email, "alice@example.com");
    assert_eq!(alice.saved_cards[0]["last4"], "4242");
    assert_eq!(alice.saved_cards[0]["isDefault"], true);
    assert_eq!(alice.metadata["tier"], "gold");
    assert_eq!(
        alice.created_at.unwrap().to_rfc3339(),
        "2026-10-01T08:00:00+00:00"
    );
    assert!(!alice.deleted);

    let mut q = CustomerQuery::new(p.id.clone(), Mode::Test);
    assert_eq!(list(&store, &q), ["cu2", "cu3", "cu1"], "by last name");
    q.search = Some("EXAMPLE.COM".into());
    assert_eq!(list(&store, &q), ["cu3", "cu1"]);
    q.search = Some("alice lidd".into());
    assert_eq!(list(&store, &q), ["cu1"]);
    q.search = Some("%_".into());
    assert_eq!(list(&store, &q), ["cu3"], "wildcards are literal");
    q.search = Some("cu2".into());
    assert_eq!(list(&store, &q), ["cu2"], "by id");

    store
        .mark_customer_deleted(&p.id, Mode::Test, "cu2", t(3))
        .unwrap();
    let mut q = CustomerQuery::new(p.id.clone(), Mode::Test);
    assert_eq!(list(&store, &q), ["cu3", "cu1"]);
    q.include_deleted = true;
    assert_eq!(list(&store, &q), ["cu2", "cu3", "cu1"]);
    let bob = store.get_customer(&p.id, Mode::Test, "cu2").unwrap();
    assert!(bob.deleted);
    assert_eq!(bob.deleted_at, Some(t(3)));

    assert_eq!(
        store
            .mark_customer_deleted(&p.id, Mode::Test, "cu9", t(3))
            .unwrap_err()
            .code(),
        "not_found",
        "a live customer is not in the test partition"
    );
    assert_eq!(
        list(&store, &CustomerQuery::new(p.id.clone(), Mode::Live)),
        ["cu9"]
    );

    // Seen again on the server: no longer deleted.
    save(
        &store,
        &p,
        Mode::Test,
        &reply("cu2", "Bob", "Builder", "bob@example.org"),
    );
    assert!(
        !store
            .get_customer(&p.id, Mode::Test, "cu2")
            .unwrap()
            .deleted
    );
}
