//! Seed data and the optional state file.

use std::collections::BTreeSet;

use neuropay_sandbox::{CompanyKeys, Outcome, SandboxConfig, Status};
use serde_json::{json, Value};

use crate::common::{checkout_body, id_of, Env};

fn all_checkouts(env: &Env, key: &str) -> Vec<Value> {
    env.sb
        .checkout_ids(key)
        .iter()
        .map(|id| env.sb.checkout_json(key, id).unwrap())
        .collect()
}

#[tokio::test]
async fn seed_covers_every_status_currency_and_customers_with_cards() {
    let env = Env::with(SandboxConfig {
        seed: Some(60),
        ..Default::default()
    })
    .await;
    let key = env.key();
    let test = all_checkouts(&env, &key);
    assert_eq!(test.len(), 60);
    let statuses: BTreeSet<&str> = test.iter().map(|c| c["status"].as_str().unwrap()).collect();
    let every: BTreeSet<&str> = Status::ALL.iter().map(|s| s.as_str()).collect();
    assert_eq!(statuses, every);
    let currencies: BTreeSet<&str> = test
        .iter()
        .map(|c| c["currency"].as_str().unwrap())
        .collect();
    assert_eq!(
        currencies,
        ["EUR", "JPY", "KWD", "SEK", "USD"].into_iter().collect()
    );
    let now = chrono::Utc::now();
    for c in &test {
        let created =
            chrono::DateTime::parse_from_rfc3339(c["created_at"].as_str().unwrap()).unwrap();
        let age = now.signed_duration_since(created);
        assert!(
            age >= chrono::Duration::zero() && age <= chrono::Duration::days(91),
            "{age}"
        );
        let refunded: i64 = c["refunds"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["amount"].as_i64().unwrap())
            .sum();
        assert_eq!(c["refundedAmount"].as_i64().unwrap(), refunded);
        let amount = c["amount"].as_i64().unwrap();
        match c["status"].as_str().unwrap() {
            "refunded" | "reserve released" => assert_eq!(refunded, amount),
            "partialRefund" => assert!(refunded > 0 && refunded < amount),
            _ => assert_eq!(refunded, 0),
        }
        assert!(!c["message"].as_str().unwrap().is_empty());
        assert!(c["metaData"]["order"].is_string());
    }
    // Customers with saved cards, linked to checkouts that used them.
    let customers: Vec<Value> = env
        .sb
        .customer_ids(&key)
        .iter()
        .map(|id| env.sb.customer_json(&key, id).unwrap())
        .collect();
    assert!(customers.len() >= 2);
    assert!(customers
        .iter()
        .any(|c| !c["savedCards"].as_array().unwrap().is_empty()));
    let linked = test.iter().filter(|c| c["customer_id"].is_string()).count();
    assert!(linked > 0);
    for c in test.iter().filter(|c| c["card_id"].is_string()) {
        let owner = customers
            .iter()
            .find(|cu| cu["customer_id"] == c["customer_id"])
            .unwrap();
        assert!(owner["savedCards"]
            .as_array()
            .unwrap()
            .iter()
            .any(|k| k["card_id"] == c["card_id"]));
    }
    // A smaller live world, also with every status; seeding is not an API write.
    let live = all_checkouts(&env, &env.sb.keys().live);
    assert_eq!(live.len(), 12);
    let live_statuses: BTreeSet<&str> =
        live.iter().map(|c| c["status"].as_str().unwrap()).collect();
    assert_eq!(live_statuses, every);
    assert!(env.sb.ledger().is_empty());
    // Seeded checkouts are real: a seeded paid one refunds.
    let paid = test.iter().find(|c| c["status"] == "paid").unwrap();
    env.ok(
        "refund",
        json!({"checkout_id": paid["checkout_id"], "amount": 1}),
    )
    .await;
}

#[tokio::test]
async fn seed_is_deterministic_from_rng_seed() {
    let shape = |seed: u64| async move {
        let env = Env::with(SandboxConfig {
            seed: Some(25),
            rng_seed: seed,
            ..Default::default()
        })
        .await;
        let key = env.key();
        all_checkouts(&env, &key)
            .into_iter()
            .map(|c| {
                [
                    &c["checkout_id"],
                    &c["status"],
                    &c["amount"],
                    &c["currency"],
                    &c["message"],
                ]
                .map(|v| v.to_string())
            })
            .collect::<BTreeSet<_>>()
    };
    let a = shape(7).await;
    assert_eq!(a, shape(7).await);
    assert_ne!(a, shape(8).await);
}

#[tokio::test]
async fn state_file_round_trip_without_keys() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("state.json");
    let keys = CompanyKeys {
        test: "npsb_test_roundtrip_secret_1".into(),
        live: "npsb_live_roundtrip_secret_1".into(),
    };
    let config = || SandboxConfig {
        state_file: Some(path.clone()),
        company: Some(keys.clone()),
        ..Default::default()
    };
    let env = Env::with(config()).await;
    let body = checkout_body().to_string();
    let first = env
        .post(Some(&keys.test), "create", &body, Some("persist-1"))
        .await;
    let id = id_of(&first.json());
    env.sb.buyer_outcome(&keys.test, &id, Outcome::Pay).unwrap();
    env.ok("refund", json!({"checkout_id": id, "amount": 500}))
        .await;
    let cust = env
        .ok(
            "create-customer",
            json!({"first_name": "A", "last_name": "B", "email": "a@b.c"}),
        )
        .await;
    let before = env.sb.checkout_json(&keys.test, &id).unwrap();
    let ledger = env.sb.ledger();
    env.sb.shutdown().await;

    let text = std::fs::read_to_string(&path).unwrap();
    assert!(
        !text.contains(&keys.test) && !text.contains(&keys.live),
        "no key in the state file"
    );
    assert!(text.contains(&id));
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(leftovers.len(), 1, "no temp file left: {leftovers:?}");

    let env = Env::with(config()).await;
    assert_eq!(env.sb.checkout_json(&keys.test, &id).unwrap(), {
        let mut b = before.clone();
        b["link"] = json!(format!("{}/pay/{id}", env.base()));
        b
    });
    assert_eq!(env.sb.ledger(), ledger);
    assert!(env
        .sb
        .customer_json(&keys.test, cust["customer_id"].as_str().unwrap())
        .is_some());
    // The idempotency table survived: the same write replays instead of applying again.
    let again = env
        .post(Some(&keys.test), "create", &body, Some("persist-1"))
        .await;
    assert_eq!(again.text, first.text);
    // New ids do not collide with stored ones.
    let fresh = id_of(&env.create(json!({})).await);
    assert_ne!(fresh, id);
    assert_eq!(env.sb.checkout_ids(&keys.test).len(), 2);
    env.sb.shutdown().await;

    // Other keys take over the stored company (the simulator's keys are throwaway).
    let env = Env::with(SandboxConfig {
        state_file: Some(path.clone()),
        ..Default::default()
    })
    .await;
    assert_eq!(env.sb.checkout_ids(&env.key()).len(), 2);
    assert_eq!(
        env.post(
            Some(&keys.test),
            "retrieve",
            &json!({"checkout_id": id}).to_string(),
            None
        )
        .await
        .status,
        401
    );
}

#[tokio::test]
async fn seeding_a_state_file_happens_once() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("seeded.json");
    let config = || SandboxConfig {
        seed: Some(15),
        state_file: Some(path.clone()),
        ..Default::default()
    };
    let env = Env::with(config()).await;
    let ids = env.sb.checkout_ids(&env.key());
    assert_eq!(ids.len(), 15);
    env.sb.shutdown().await;
    let env = Env::with(config()).await;
    assert_eq!(env.sb.checkout_ids(&env.key()), ids);
}

#[tokio::test]
async fn a_broken_state_file_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("broken.json");
    std::fs::write(&path, "{not json").unwrap();
    let err = neuropay_sandbox::start(SandboxConfig {
        state_file: Some(path),
        ..Default::default()
    })
    .await
    .unwrap_err();
    assert_eq!(err.code(), "state_file");
    assert!(err.to_string().contains("not a simulator state file"));
}
