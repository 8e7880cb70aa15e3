//! Exactly once: a refund whose reply is lost is retried with the same Idempotency-Key and
//! applied once, whether the client or the caller does the retry.

use std::time::Duration;

use neuropay::{Checkout, IdempotencyKey, RetryPolicy, Status};
use neuropay_sandbox::{Faults, Outcome};

use crate::sandbox::{client_with, create, order, refund, sandbox};

/// THE exactly-once test: the server applies the refund and the reply is lost; the client
/// retries with the same key and the server answers from its record instead of refunding
/// again.
#[tokio::test]
async fn refund_whose_reply_is_lost_is_applied_once() {
    let sb = sandbox().await;
    let c = client_with(
        &sb,
        &sb.keys().test,
        RetryPolicy {
            max_attempts: 4,
            base_delay: Duration::from_millis(100),
            max_delay: Duration::from_millis(200),
            max_retry_after: Duration::from_secs(1),
        },
    );
    let co = create(&c, order(3000)).await;
    sb.buyer_outcome(&sb.keys().test, co.id.as_str(), Outcome::Pay)
        .unwrap();
    let before = sb.ledger().last().unwrap().seq;

    sb.set_faults(Faults {
        drop_after_apply_rate: 1.0,
        ..Faults::default()
    });
    let key = IdempotencyKey::random();
    let req = refund(&co.id, Some(1200));
    // Heal the network as soon as the first attempt has been applied, before the retry.
    let heal = async {
        while !sb.ledger_since(before).iter().any(|l| l.action == "refund") {
            tokio::time::sleep(Duration::from_millis(2)).await;
        }
        sb.set_faults(Faults::default());
    };
    let (reply, ()) = tokio::join!(c.refund_checkout(&req, &key), heal);
    let reply = reply.unwrap();
    assert_eq!(reply.attempts, 2, "first reply lost, second answered");
    assert_eq!(reply.value.status, Status::PartialRefund);
    assert_eq!(reply.value.refunded_amount, 1200);

    let refunds: Vec<_> = sb
        .ledger_since(before)
        .into_iter()
        .filter(|l| l.action == "refund")
        .collect();
    assert_eq!(refunds.len(), 1, "applied exactly once: {refunds:?}");
    assert_eq!(refunds[0].idempotency_key.as_deref(), Some(key.as_str()));
    assert_eq!(refunds[0].amount, Some(1200));
    let truth =
        Checkout::from_json(&sb.checkout_json(&sb.keys().test, co.id.as_str()).unwrap()).unwrap();
    assert_eq!(truth.refunded_amount, 1200);
    sb.shutdown().await;
}

/// The same story when the caller, not the client, does the retry: the first call reports
/// OutcomeUnknown, and replaying it later with the journal's key settles it without a
/// second refund.
#[tokio::test]
async fn outcome_unknown_then_replay_with_the_same_key() {
    let sb = sandbox().await;
    let test_key = sb.keys().test.clone();
    let c = client_with(&sb, &test_key, RetryPolicy::none());
    let co = create(&c, order(3000)).await;
    sb.buyer_outcome(&test_key, co.id.as_str(), Outcome::Pay)
        .unwrap();

    sb.set_faults(Faults {
        drop_after_apply_rate: 1.0,
        ..Faults::default()
    });
    let key = IdempotencyKey::random();
    let req = refund(&co.id, None);
    let e = c.refund_checkout(&req, &key).await.unwrap_err();
    assert!(e.is_outcome_unknown(), "{e:?}");
    assert_eq!(e.code(), "outcome_unknown");

    sb.set_faults(Faults::default());
    let replay = c.refund_checkout(&req, &key).await.unwrap();
    assert_eq!(replay.value.status, Status::Refunded);
    let refunds = sb
        .ledger()
        .into_iter()
        .filter(|l| l.action == "refund")
        .count();
    assert_eq!(refunds, 1);
    sb.shutdown().await;
}
