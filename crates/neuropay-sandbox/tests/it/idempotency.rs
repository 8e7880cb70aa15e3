//! Idempotency-Key: replay byte for byte, 409 on reuse with another request, scoped per key.

use neuropay_sandbox::Outcome;
use serde_json::json;

use crate::common::{checkout_body, id_of, Env};

#[tokio::test]
async fn same_key_same_body_replays_the_first_reply_without_applying_again() {
    let env = Env::start().await;
    let key = env.key();
    let body = checkout_body().to_string();
    let first = env.post(Some(&key), "create", &body, Some("idem-1")).await;
    assert_eq!(first.status, 200);
    assert!(first.headers.get("idempotent-replayed").is_none());
    // Meanwhile the checkout changes; the replay still returns the FIRST reply.
    let id = id_of(&first.json());
    env.sb.buyer_outcome(&key, &id, Outcome::Pay).unwrap();
    let again = env.post(Some(&key), "create", &body, Some("idem-1")).await;
    assert_eq!(again.status, 200);
    assert_eq!(again.text, first.text, "byte-identical replay");
    assert_eq!(again.headers["idempotent-replayed"], "true");
    assert_eq!(env.sb.checkout_ids(&key), std::slice::from_ref(&id));
    assert_eq!(
        env.sb
            .ledger()
            .iter()
            .filter(|e| e.action == "create")
            .count(),
        1
    );
    // The same body with keys in another order is the same request.
    let reordered = r#"{"returnUrlCancel":"https://shop.example/cancel","returnUrl":"https://shop.example/ok","message":"Coffee beans","currency":"SEK","amount":3000}"#;
    let third = env
        .post(Some(&key), "create", reordered, Some("idem-1"))
        .await;
    assert_eq!(third.text, first.text);
}

#[tokio::test]
async fn a_refused_reply_is_replayed_too() {
    let env = Env::start().await;
    let key = env.key();
    let id = id_of(&env.create(json!({})).await);
    let body = json!({ "checkout_id": id }).to_string();
    let first = env.post(Some(&key), "capture", &body, Some("cap-1")).await;
    first.assert_400("capture requires status reserved");
    let again = env.post(Some(&key), "capture", &body, Some("cap-1")).await;
    assert_eq!(
        (again.status, again.text.as_str()),
        (400, first.text.as_str())
    );
}

#[tokio::test]
async fn reuse_with_another_body_or_action_is_409() {
    let env = Env::start().await;
    let key = env.key();
    let id = env.after(json!({}), Outcome::Pay).await;
    let refund = |amount: i64| json!({"checkout_id": id, "amount": amount}).to_string();
    let first = env
        .post(Some(&key), "refund", &refund(100), Some("r-1"))
        .await;
    assert_eq!(first.status, 200);
    let other_body = env
        .post(Some(&key), "refund", &refund(200), Some("r-1"))
        .await;
    assert_eq!(other_body.status, 409);
    assert!(
        other_body.message().contains("different body"),
        "{}",
        other_body.text
    );
    let other_action = env
        .post(
            Some(&key),
            "update",
            &json!({"checkout_id": id, "metaData": {"a": 1}}).to_string(),
            Some("r-1"),
        )
        .await;
    assert_eq!(other_action.status, 409);
    assert!(other_action
        .message()
        .contains("already used for a refund request"));
    let c = env.retrieve(&id).await;
    assert_eq!(c["refundedAmount"], 100);
    assert_eq!(c["metaData"], json!({}));
    // The original request still replays after the conflicts.
    assert_eq!(
        env.post(Some(&key), "refund", &refund(100), Some("r-1"))
            .await
            .text,
        first.text
    );
}

#[tokio::test]
async fn keys_are_scoped_per_api_key_and_reads_ignore_them() {
    let env = Env::start().await;
    let (test, live) = (env.key(), env.sb.keys().live.clone());
    let body = checkout_body().to_string();
    let a = env.post(Some(&test), "create", &body, Some("shared")).await;
    let b = env.post(Some(&live), "create", &body, Some("shared")).await;
    assert_eq!((a.status, b.status), (200, 200));
    assert_ne!(
        id_of(&a.json()),
        id_of(&b.json()),
        "each key applied its own"
    );
    // A read with a used key is just a read.
    let read = env
        .post(
            Some(&test),
            "retrieve",
            &json!({"checkout_id": id_of(&a.json())}).to_string(),
            Some("shared"),
        )
        .await;
    assert_eq!(read.status, 200);
    assert!(read.headers.get("idempotent-replayed").is_none());
}

#[tokio::test]
async fn malformed_idempotency_key_is_refused() {
    let env = Env::start().await;
    let long = "k".repeat(256);
    let r = env
        .post(
            Some(&env.key()),
            "create",
            &checkout_body().to_string(),
            Some(&long),
        )
        .await;
    r.assert_400("Idempotency-Key must be 1 to 255 visible ASCII");
    assert!(env.sb.ledger().is_empty());
}

#[tokio::test]
async fn concurrent_requests_with_one_key_apply_once() {
    let env = Env::start().await;
    let key = env.key();
    let body = checkout_body().to_string();
    let replies = futures_join(&env, &key, &body).await;
    let first = &replies[0];
    assert!(replies
        .iter()
        .all(|r| r.status == 200 && r.text == first.text));
    assert_eq!(env.sb.ledger().len(), 1);
}

async fn futures_join(env: &Env, key: &str, body: &str) -> Vec<crate::common::Reply> {
    let mut set = tokio::task::JoinSet::new();
    for _ in 0..16 {
        let (http, base, key, body) = (
            env.http.clone(),
            env.base(),
            key.to_owned(),
            body.to_owned(),
        );
        set.spawn(async move {
            let r = http
                .post(format!("{base}/checkout/create"))
                .bearer_auth(key)
                .header("Idempotency-Key", "race")
                .body(body)
                .send()
                .await
                .unwrap();
            crate::common::Reply {
                status: r.status().as_u16(),
                headers: r.headers().clone(),
                text: r.text().await.unwrap(),
            }
        });
    }
    set.join_all().await
}
