//! Every refused transition answers 400 with a message saying why, and changes nothing.

use neuropay_sandbox::Outcome;
use serde_json::json;

use crate::common::{id_of, Env};

#[tokio::test]
async fn capture_requires_reserved() {
    let env = Env::start().await;
    let created = id_of(&env.create(json!({"capture": false})).await);
    let paid = env.after(json!({}), Outcome::Pay).await;
    let failed = env.after(json!({}), Outcome::Fail).await;
    for (id, status) in [(&created, "created"), (&paid, "paid"), (&failed, "failed")] {
        let r = env.call("capture", json!({ "checkout_id": id })).await;
        r.assert_400(&format!(
            "checkout is {status}; capture requires status reserved"
        ));
        assert_eq!(env.retrieve(id).await["status"], status);
    }
}

#[tokio::test]
async fn refund_requires_paid_partial_or_reserved() {
    let env = Env::start().await;
    let created = id_of(&env.create(json!({})).await);
    let failed = env.after(json!({}), Outcome::Fail).await;
    let canceled = env.after(json!({}), Outcome::Cancel).await;
    let refunded = env.after(json!({}), Outcome::Pay).await;
    env.ok("refund", json!({ "checkout_id": refunded })).await;
    let released = env.after(json!({"capture": false}), Outcome::Pay).await;
    env.ok("refund", json!({ "checkout_id": released })).await;
    for (id, status) in [
        (&created, "created"),
        (&failed, "failed"),
        (&canceled, "canceled"),
        (&refunded, "refunded"),
        (&released, "reserve released"),
    ] {
        env.call("refund", json!({ "checkout_id": id }))
            .await
            .assert_400(&format!(
                "checkout is {status}; refund requires status paid, partialRefund or reserved"
            ));
    }
    let ledger_refunds = env
        .sb
        .ledger()
        .iter()
        .filter(|e| e.action == "refund")
        .count();
    assert_eq!(ledger_refunds, 2);
}

#[tokio::test]
async fn partial_amount_on_reserved_is_refused_whole_release_explained() {
    let env = Env::start().await;
    let id = env.after(json!({"capture": false}), Outcome::Pay).await;
    env.call("refund", json!({"checkout_id": id, "amount": 1000}))
        .await
        .assert_400("a reserve is released whole");
    let c = env.retrieve(&id).await;
    assert_eq!(c["status"], "reserved");
    assert_eq!(c["refundedAmount"], 0);
}

#[tokio::test]
async fn refund_amount_bounds() {
    let env = Env::start().await;
    let id = env.after(json!({}), Outcome::Pay).await;
    env.call("refund", json!({"checkout_id": id, "amount": 3001}))
        .await
        .assert_400("exceeds the remaining refundable amount 3000");
    env.call("refund", json!({"checkout_id": id, "amount": 0}))
        .await
        .assert_400("greater than 0");
    env.call("refund", json!({"checkout_id": id, "amount": -1}))
        .await
        .assert_400("greater than 0");
    env.call("refund", json!({"checkout_id": id, "amount": 10.5}))
        .await
        .assert_400("integer");
    env.call("refund", json!({"checkout_id": id, "amount": "100"}))
        .await
        .assert_400("integer");
    env.call("refund", json!({"checkout_id": id, "reason": "fraudulent"}))
        .await
        .assert_400("reason must be one of duplicate, requested_by_customer, fraudolent");
    env.call(
        "refund",
        json!({"checkout_id": id, "refundDetails": "x".repeat(1001)}),
    )
    .await
    .assert_400("refundDetails is longer than 1000");
    env.ok("refund", json!({"checkout_id": id, "amount": 2000}))
        .await;
    env.call("refund", json!({"checkout_id": id, "amount": 1001}))
        .await
        .assert_400("exceeds the remaining refundable amount 1000");
    let c = env.retrieve(&id).await;
    assert_eq!(
        (c["status"].as_str(), c["refundedAmount"].as_i64()),
        (Some("partialRefund"), Some(2000))
    );
}

#[tokio::test]
async fn delete_requires_created() {
    let env = Env::start().await;
    for outcome in [
        Outcome::Pay,
        Outcome::Reserve,
        Outcome::Fail,
        Outcome::Cancel,
    ] {
        let id = env.after(json!({}), outcome).await;
        let status = env.retrieve(&id).await["status"]
            .as_str()
            .unwrap()
            .to_owned();
        env.call("delete", json!({ "checkout_id": id }))
            .await
            .assert_400(&format!(
                "checkout is {status}; delete requires status created"
            ));
        assert_eq!(env.retrieve(&id).await["status"], status.as_str());
    }
}

#[tokio::test]
async fn buyer_outcome_only_on_created() {
    let env = Env::start().await;
    let id = env.after(json!({}), Outcome::Pay).await;
    let err = env
        .sb
        .buyer_outcome(&env.key(), &id, Outcome::Cancel)
        .unwrap_err();
    assert_eq!(err.code(), "refused");
    assert_eq!(
        err.to_string(),
        "checkout is paid; cancel requires status created"
    );
    let err = env
        .sb
        .buyer_outcome(&env.key(), "0".repeat(32).as_str(), Outcome::Pay)
        .unwrap_err();
    assert_eq!(err.code(), "not_found");
    let err = env.sb.buyer_outcome("nope", &id, Outcome::Pay).unwrap_err();
    assert_eq!(err.code(), "unauthorized");
    let err = env
        .sb
        .revoke(&env.key(), &env.after(json!({}), Outcome::Fail).await)
        .unwrap_err();
    assert!(err
        .to_string()
        .contains("revoke requires status paid or partialRefund"));
}

#[tokio::test]
async fn update_refusals_change_nothing() {
    let env = Env::start().await;
    let id = id_of(&env.create(json!({"metaData": {"keep": 1}})).await);
    env.call("update", json!({ "checkout_id": id }))
        .await
        .assert_400("missing required field metaData");
    env.call("update", json!({"checkout_id": id, "metaData": {"x": [1]}}))
        .await
        .assert_400("must be a string, number or boolean");
    let many: serde_json::Map<String, serde_json::Value> =
        (0..50).map(|i| (format!("k{i}"), json!(i))).collect();
    env.call("update", json!({"checkout_id": id, "metaData": many}))
        .await
        .assert_400("51 keys");
    assert_eq!(env.retrieve(&id).await["metaData"], json!({"keep": 1}));
}

#[tokio::test]
async fn unknown_ids_and_missing_ids() {
    let env = Env::start().await;
    let unknown = "f".repeat(32);
    for action in ["retrieve", "capture", "refund", "update", "delete"] {
        let mut body = json!({ "checkout_id": unknown });
        if action == "update" {
            body["metaData"] = json!({"a": 1});
        }
        env.call(action, body).await.assert_400("no checkout ffff");
        env.call(action, json!({}))
            .await
            .assert_400("missing required field checkout_id");
        env.call(action, json!({"checkout_id": 5}))
            .await
            .assert_400("checkout_id must be a string");
    }
    assert!(env.sb.ledger().is_empty());
}
