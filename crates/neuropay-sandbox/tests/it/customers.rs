//! Customers, saved cards from paid checkouts, and card_id auto-pay.

use neuropay_sandbox::Outcome;
use serde_json::{json, Value};

use crate::common::{id_of, Env};

async fn customer(env: &Env) -> Value {
    env.ok(
        "create-customer",
        json!({"first_name": "Ada", "last_name": "Lovelace", "email": "ada@example.com",
               "metaData": {"crm": "C-1", "blank": ""}}),
    )
    .await
}

fn cid(c: &Value) -> String {
    c["customer_id"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn create_retrieve_delete_customer() {
    let env = Env::start().await;
    let c = customer(&env).await;
    let id = cid(&c);
    assert_eq!(id.len(), 32);
    assert_eq!(c["first_name"], "Ada");
    assert_eq!(c["last_name"], "Lovelace");
    assert_eq!(c["email"], "ada@example.com");
    assert_eq!(c["metaData"], json!({"crm": "C-1"}));
    assert_eq!(c["savedCards"], json!([]));
    let page = c["client_page"].as_str().unwrap();
    assert!(
        page.starts_with(&format!("{}/client/", env.base())),
        "{page}"
    );
    assert!(c["created_at"].as_str().unwrap().ends_with('Z'));
    assert_eq!(
        env.ok("retrieve-customer", json!({ "customer_id": id }))
            .await,
        c
    );
    assert_eq!(env.sb.customer_ids(&env.key()), std::slice::from_ref(&id));
    assert_eq!(env.sb.customer_json(&env.key(), &id).unwrap(), c);
    let del = env
        .ok("delete-customer", json!({ "customer_id": id }))
        .await;
    assert_eq!(del, json!({"customer_id": id, "status": "delete"}));
    env.call("retrieve-customer", json!({ "customer_id": id }))
        .await
        .assert_400("no customer");
    env.call("delete-customer", json!({ "customer_id": id }))
        .await
        .assert_400("no customer");
    let path = page.trim_start_matches(&env.base()).to_owned();
    assert_eq!(
        env.get(&path).await.status(),
        404,
        "the client page goes with the customer"
    );
    let actions: Vec<String> = env.sb.ledger().into_iter().map(|e| e.action).collect();
    assert_eq!(actions, ["create-customer", "delete-customer"]);
}

#[tokio::test]
async fn paying_with_a_customer_saves_a_card_when_allowed() {
    let env = Env::start().await;
    let id = cid(&customer(&env).await);
    env.after(json!({ "customer_id": id }), Outcome::Pay).await;
    let c = env
        .ok("retrieve-customer", json!({ "customer_id": id }))
        .await;
    let cards = c["savedCards"].as_array().unwrap();
    assert_eq!(cards.len(), 1);
    let card = &cards[0];
    assert_eq!(card["card_id"].as_str().unwrap().len(), 32);
    assert!(["visa", "mastercard", "amex", "maestro"].contains(&card["brand"].as_str().unwrap()));
    let last4 = card["last4"].as_str().unwrap();
    assert!(last4.len() == 4 && last4.bytes().all(|b| b.is_ascii_digit()));
    let expiry = card["expiry"].as_str().unwrap();
    assert!(expiry.len() == 5 && &expiry[2..3] == "/", "{expiry}");
    assert_eq!(card["default"], true);
    // A reserve saves one too (the second is not the default); a refusal or a failure does not.
    env.after(json!({"customer_id": id, "capture": false}), Outcome::Pay)
        .await;
    env.after(
        json!({"customer_id": id, "allowSaveCard": false}),
        Outcome::Pay,
    )
    .await;
    env.after(json!({ "customer_id": id }), Outcome::Fail).await;
    let c = env
        .ok("retrieve-customer", json!({ "customer_id": id }))
        .await;
    let defaults: Vec<bool> = c["savedCards"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["default"].as_bool().unwrap())
        .collect();
    assert_eq!(defaults, [true, false]);
}

#[tokio::test]
async fn saved_cards_are_deterministic_from_the_rng_seed() {
    let cards = || async {
        let env = Env::start().await;
        let id = cid(&customer(&env).await);
        env.after(json!({ "customer_id": id }), Outcome::Pay).await;
        let c = env
            .ok("retrieve-customer", json!({ "customer_id": id }))
            .await;
        c["savedCards"].clone()
    };
    assert_eq!(cards().await, cards().await);
}

#[tokio::test]
async fn card_id_pays_at_once_without_a_buyer() {
    let env = Env::start().await;
    let id = cid(&customer(&env).await);
    env.after(json!({ "customer_id": id }), Outcome::Pay).await;
    let c = env
        .ok("retrieve-customer", json!({ "customer_id": id }))
        .await;
    let card = c["savedCards"][0]["card_id"].as_str().unwrap().to_owned();
    let paid = env
        .create(json!({"customer_id": id, "card_id": card}))
        .await;
    assert_eq!(paid["status"], "paid");
    assert_eq!(paid["card_id"], card.as_str());
    let reserved = env
        .create(json!({"customer_id": id, "card_id": card, "capture": false}))
        .await;
    assert_eq!(reserved["status"], "reserved");
    // Paying by card does not save yet another card.
    let c = env
        .ok("retrieve-customer", json!({ "customer_id": id }))
        .await;
    assert_eq!(c["savedCards"].as_array().unwrap().len(), 1);
    // The auto-paid checkout behaves like any paid one.
    let r = env
        .ok("refund", json!({"checkout_id": id_of(&paid), "amount": 1}))
        .await;
    assert_eq!(r["status"], "partialRefund");
    let created = env
        .sb
        .ledger()
        .iter()
        .filter(|e| e.action == "create")
        .count();
    assert_eq!(created, 3);
}

#[tokio::test]
async fn card_id_must_belong_to_the_customer() {
    let env = Env::start().await;
    let ada = cid(&customer(&env).await);
    let bob = cid(&customer(&env).await);
    env.after(json!({ "customer_id": ada }), Outcome::Pay).await;
    let c = env
        .ok("retrieve-customer", json!({ "customer_id": ada }))
        .await;
    let card = c["savedCards"][0]["card_id"].as_str().unwrap().to_owned();
    env.call(
        "create",
        crate::common::with(
            crate::common::checkout_body(),
            json!({"customer_id": bob, "card_id": card}),
        ),
    )
    .await
    .assert_400("has no saved card");
    env.call(
        "create",
        crate::common::with(crate::common::checkout_body(), json!({"card_id": card})),
    )
    .await
    .assert_400("card_id requires customer_id");
}
