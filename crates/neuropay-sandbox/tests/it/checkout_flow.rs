//! Every allowed transition, over HTTP, with exact amount bookkeeping and ledger entries.

use neuropay_sandbox::Outcome;
use serde_json::json;

use crate::common::{id_of, Env};

#[tokio::test]
async fn create_returns_a_created_checkout_in_the_contract_shape() {
    let env = Env::start().await;
    let c = env
        .create(json!({
            "identifier": "order-1001",
            "capture": false,
            "allowSaveCard": false,
            "template": "iframe",
            "metaData": {"order": "1001", "vip": true, "n": 3, "gone": ""},
            "paymentMethods": [{"method": "card", "brands": ["visa", "amex"]}],
        }))
        .await;
    let id = id_of(&c);
    assert_eq!(id.len(), 32);
    assert!(id
        .bytes()
        .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)));
    assert_eq!(c["status"], "created");
    assert_eq!(c["identifier"], "order-1001");
    assert_eq!(c["amount"], 3000);
    assert_eq!(c["currency"], "SEK");
    assert_eq!(c["message"], "Coffee beans");
    assert_eq!(c["capture"], false);
    assert_eq!(c["allowSaveCard"], false);
    assert_eq!(c["template"], "iframe");
    assert_eq!(c["metaData"], json!({"order": "1001", "vip": true, "n": 3}));
    assert_eq!(
        c["paymentMethods"],
        json!([{"method": "card", "brands": ["visa", "amex"]}])
    );
    assert_eq!(c["link"], format!("{}/pay/{id}", env.base()));
    assert_eq!(c["refundedAmount"], 0);
    assert_eq!(c["refunds"], json!([]));
    assert_eq!(c["customer_id"], json!(null));
    assert_eq!(c["card_id"], json!(null));
    let created = c["created_at"].as_str().unwrap();
    assert!(created.ends_with('Z') && created.len() == 20, "{created}");
    assert_eq!(c["updated_at"], c["created_at"]);
    // Retrieve is the same object.
    assert_eq!(env.retrieve(&id).await, c);
    assert_eq!(env.sb.checkout_json(&env.key(), &id).unwrap(), c);
}

#[tokio::test]
async fn defaults_capture_and_allow_save_card_to_true_and_identifier_to_null() {
    let env = Env::start().await;
    let c = env.create(json!({})).await;
    assert_eq!(c["capture"], true);
    assert_eq!(c["allowSaveCard"], true);
    assert_eq!(c["identifier"], json!(null));
    assert_eq!(c["template"], json!(null));
    assert_eq!(c["metaData"], json!({}));
    assert_eq!(c["paymentMethods"], json!([]));
}

#[tokio::test]
async fn buyer_outcomes_move_created_to_each_final_or_held_status() {
    let env = Env::start().await;
    let cases = [
        (true, Outcome::Pay, "paid"),
        (false, Outcome::Pay, "reserved"),
        (true, Outcome::Reserve, "reserved"),
        (true, Outcome::Fail, "failed"),
        (true, Outcome::Cancel, "canceled"),
    ];
    for (capture, outcome, want) in cases {
        let id = env.after(json!({ "capture": capture }), outcome).await;
        assert_eq!(env.retrieve(&id).await["status"], want, "{outcome:?}");
    }
}

#[tokio::test]
async fn control_endpoint_applies_outcomes_for_the_owning_key() {
    let env = Env::start().await;
    let id = id_of(&env.create(json!({})).await);
    let url = format!("{}/_sandbox/checkouts/{id}/outcome", env.base());
    let r = env
        .http
        .post(&url)
        .bearer_auth(env.key())
        .body(r#"{"outcome":"pay"}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let body: serde_json::Value = r.json().await.unwrap();
    assert_eq!(body["status"], "paid");
    // Revocation (issuer side) is available there too.
    let r = env
        .http
        .post(&url)
        .bearer_auth(env.key())
        .body(r#"{"outcome":"revoke"}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(env.retrieve(&id).await["status"], "revoked");
    // The live key does not own it; no key is 401; an unknown outcome is 400.
    let live = env.sb.keys().live.clone();
    let r = env
        .http
        .post(&url)
        .bearer_auth(&live)
        .body(r#"{"outcome":"pay"}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    let r = env
        .http
        .post(&url)
        .body(r#"{"outcome":"pay"}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
    let r = env
        .http
        .post(&url)
        .bearer_auth(env.key())
        .body(r#"{"outcome":"steal"}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
}

#[tokio::test]
async fn capture_moves_reserved_to_paid() {
    let env = Env::start().await;
    let id = env.after(json!({"capture": false}), Outcome::Pay).await;
    let c = env.ok("capture", json!({ "checkout_id": id })).await;
    assert_eq!(c["status"], "paid");
    assert_eq!(c["refundedAmount"], 0);
}

#[tokio::test]
async fn full_refund_without_amount_records_reason_and_details() {
    let env = Env::start().await;
    let id = env.after(json!({}), Outcome::Pay).await;
    let c = env
        .ok(
            "refund",
            json!({"checkout_id": id, "reason": "fraudolent", "refundDetails": "card stolen"}),
        )
        .await;
    assert_eq!(c["status"], "refunded");
    assert_eq!(c["refundedAmount"], 3000);
    let refunds = c["refunds"].as_array().unwrap();
    assert_eq!(refunds.len(), 1);
    assert_eq!(refunds[0]["amount"], 3000);
    assert_eq!(refunds[0]["reason"], "fraudolent");
    assert_eq!(refunds[0]["refundDetails"], "card stolen");
    assert!(refunds[0]["created_at"].as_str().unwrap().ends_with('Z'));
}

#[tokio::test]
async fn partial_refunds_accumulate_until_refunded() {
    let env = Env::start().await;
    let id = env.after(json!({}), Outcome::Pay).await;
    let c = env
        .ok(
            "refund",
            json!({"checkout_id": id, "amount": 1000, "reason": "duplicate"}),
        )
        .await;
    assert_eq!(
        (c["status"].as_str(), c["refundedAmount"].as_i64()),
        (Some("partialRefund"), Some(1000))
    );
    let c = env
        .ok(
            "refund",
            json!({"checkout_id": id, "amount": 1500, "refundDetails": ""}),
        )
        .await;
    assert_eq!(
        (c["status"].as_str(), c["refundedAmount"].as_i64()),
        (Some("partialRefund"), Some(2500))
    );
    assert_eq!(c["refunds"][1]["reason"], json!(null));
    assert_eq!(c["refunds"][1]["refundDetails"], json!(null));
    let c = env
        .ok("refund", json!({"checkout_id": id, "amount": 500}))
        .await;
    assert_eq!(
        (c["status"].as_str(), c["refundedAmount"].as_i64()),
        (Some("refunded"), Some(3000))
    );
    let amounts: Vec<i64> = c["refunds"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["amount"].as_i64().unwrap())
        .collect();
    assert_eq!(amounts, [1000, 1500, 500]);
    let ledger: Vec<Option<i64>> = env
        .sb
        .ledger()
        .iter()
        .filter(|e| e.action == "refund")
        .map(|e| e.amount)
        .collect();
    assert_eq!(ledger, [Some(1000), Some(1500), Some(500)]);
}

#[tokio::test]
async fn remainder_refund_without_amount_after_partial() {
    let env = Env::start().await;
    let id = env.after(json!({"amount": 999}), Outcome::Pay).await;
    env.ok("refund", json!({"checkout_id": id, "amount": 333}))
        .await;
    let c = env.ok("refund", json!({"checkout_id": id})).await;
    assert_eq!(c["status"], "refunded");
    assert_eq!(c["refunds"][1]["amount"], 666);
}

#[tokio::test]
async fn refund_on_reserved_releases_the_whole_reserve() {
    let env = Env::start().await;
    for body in [json!({}), json!({"amount": 3000})] {
        let id = env.after(json!({"capture": false}), Outcome::Pay).await;
        let mut req = body.clone();
        req["checkout_id"] = json!(id);
        let c = env.ok("refund", req).await;
        assert_eq!(c["status"], "reserve released");
        assert_eq!(c["refundedAmount"], 3000);
        assert_eq!(c["refunds"][0]["amount"], 3000);
    }
}

#[tokio::test]
async fn update_merges_metadata_in_every_status_and_empty_string_deletes() {
    let env = Env::start().await;
    let meta = json!({"metaData": {"a": "1", "b": 2}});
    let ids = [
        crate::common::id_of(&env.create(meta.clone()).await),
        env.after(meta.clone(), Outcome::Pay).await,
        env.after(meta.clone(), Outcome::Fail).await,
        env.after(meta.clone(), Outcome::Cancel).await,
    ];
    for id in ids {
        let c = env
            .ok(
                "update",
                json!({"checkout_id": id, "metaData": {"a": "", "c": false, "b": 3.5}}),
            )
            .await;
        assert_eq!(c["metaData"], json!({"b": 3.5, "c": false}));
        assert_eq!(
            env.retrieve(&id).await["metaData"],
            json!({"b": 3.5, "c": false})
        );
    }
}

#[tokio::test]
async fn delete_removes_a_created_checkout() {
    let env = Env::start().await;
    let id = id_of(&env.create(json!({})).await);
    let r = env.ok("delete", json!({ "checkout_id": id })).await;
    assert_eq!(r, json!({"checkout_id": id, "status": "deleted"}));
    env.call("retrieve", json!({ "checkout_id": id }))
        .await
        .assert_400("no checkout");
    assert!(!env.sb.checkout_ids(&env.key()).contains(&id));
    assert_eq!(env.get(&format!("/pay/{id}")).await.status(), 404);
}

#[tokio::test]
async fn ledger_records_each_applied_write_once_with_its_key() {
    let env = Env::start().await;
    let body = crate::common::checkout_body().to_string();
    let r = env
        .post(Some(&env.key()), "create", &body, Some("k-create"))
        .await;
    let id = id_of(&r.json());
    env.sb.buyer_outcome(&env.key(), &id, Outcome::Pay).unwrap();
    let refund = json!({"checkout_id": id, "amount": 100}).to_string();
    env.post(Some(&env.key()), "refund", &refund, Some("k-refund"))
        .await;
    env.post(
        Some(&env.key()),
        "retrieve",
        &json!({"checkout_id": id}).to_string(),
        None,
    )
    .await;
    // A refused write is not applied, so not in the ledger.
    env.post(
        Some(&env.key()),
        "capture",
        &json!({"checkout_id": id}).to_string(),
        Some("k-cap"),
    )
    .await;
    let ledger = env.sb.ledger();
    let summary: Vec<(&str, Option<&str>, Option<i64>)> = ledger
        .iter()
        .map(|e| (e.action.as_str(), e.idempotency_key.as_deref(), e.amount))
        .collect();
    assert_eq!(
        summary,
        [
            ("create", Some("k-create"), None),
            ("pay", None, None),
            ("refund", Some("k-refund"), Some(100))
        ]
    );
    assert!(ledger.iter().all(|e| e.object_id == id && e.company == 0));
    assert_eq!(ledger.iter().map(|e| e.seq).collect::<Vec<_>>(), [1, 2, 3]);
    // The HTTP view agrees, and ?since filters.
    let http: Vec<serde_json::Value> = env
        .get("/_sandbox/ledger?since=1")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(http.len(), 2);
    assert_eq!(http[0]["action"], "pay");
    assert_eq!(http[1]["mode"], "test");
}
