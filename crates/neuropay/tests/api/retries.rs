//! Retries: which failures are retried, the same Idempotency-Key on every attempt, and how
//! a write that may have been applied is reported.

use std::time::{Duration, Instant};

use neuropay::{CheckoutId, Client, Error, IdempotencyKey, RefundRequest, RetryPolicy};
use serde_json::json;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::*;

fn refund() -> RefundRequest {
    RefundRequest::new(CheckoutId::new(CID).unwrap())
        .amount(500)
        .build()
        .unwrap()
}

/// Mounts `first` for the first `n` requests, then `then` for the rest.
async fn server_with(first: ResponseTemplate, n: u64, then: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(first)
        .up_to_n_times(n)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(then)
        .with_priority(2)
        .mount(&server)
        .await;
    server
}

async fn keys_seen(server: &MockServer) -> Vec<Option<String>> {
    server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .map(|r| {
            r.headers
                .get("idempotency-key")
                .map(|v| v.to_str().unwrap().to_owned())
        })
        .collect()
}

#[tokio::test]
async fn transient_failures_are_retried_with_the_same_key() {
    for status in [500u16, 502, 503, 504, 429] {
        let server = server_with(
            ResponseTemplate::new(status),
            2,
            ResponseTemplate::new(200).set_body_json(checkout_json("partialRefund")),
        )
        .await;
        let key = IdempotencyKey::random();
        let reply = client(&server, 4)
            .refund_checkout(&refund(), &key)
            .await
            .unwrap();
        assert_eq!(reply.attempts, 3, "{status}");
        let want = Some(key.as_str().to_owned());
        assert_eq!(
            keys_seen(&server).await,
            vec![want.clone(), want.clone(), want],
            "{status}"
        );
    }
}

#[tokio::test]
async fn reads_are_retried_and_carry_no_key() {
    let server = server_with(
        ResponseTemplate::new(503),
        1,
        ResponseTemplate::new(200).set_body_json(checkout_json("paid")),
    )
    .await;
    let reply = client(&server, 3)
        .retrieve_checkout(&CheckoutId::new(CID).unwrap())
        .await
        .unwrap();
    assert_eq!(reply.attempts, 2);
    assert_eq!(keys_seen(&server).await, vec![None, None]);
}

#[tokio::test]
async fn retry_after_is_honoured() {
    let server = server_with(
        ResponseTemplate::new(429).insert_header("Retry-After", "1"),
        1,
        ResponseTemplate::new(200).set_body_json(checkout_json("paid")),
    )
    .await;
    let started = Instant::now();
    let reply = client(&server, 3)
        .capture_checkout(&CheckoutId::new(CID).unwrap(), &IdempotencyKey::random())
        .await
        .unwrap();
    assert_eq!(reply.attempts, 2);
    assert!(
        started.elapsed() >= Duration::from_millis(950),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn retry_after_beyond_the_cap_stops_at_once() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", "120"))
        .mount(&server)
        .await;
    let started = Instant::now();
    let e = client(&server, 5)
        .capture_checkout(&CheckoutId::new(CID).unwrap(), &IdempotencyKey::random())
        .await
        .unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(1));
    assert_eq!(
        e,
        Error::RateLimited {
            retry_after: Some(Duration::from_secs(120)),
            message: "Too Many Requests".into()
        }
    );
    // Every attempt was refused, so nothing was applied.
    assert!(!e.may_have_been_applied());
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

#[tokio::test]
async fn exhausted_write_after_5xx_is_outcome_unknown() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(503).set_body_json(json!({"message": "busy"})))
        .mount(&server)
        .await;
    let key = IdempotencyKey::random();
    let e = client(&server, 3)
        .refund_checkout(&refund(), &key)
        .await
        .unwrap_err();
    let Error::OutcomeUnknown { attempts, last } = &e else {
        panic!("expected OutcomeUnknown, got {e:?}")
    };
    assert_eq!(*attempts, 3);
    assert!(last.contains("503") && last.contains("busy"), "{last}");
    assert!(e.is_outcome_unknown() && e.may_have_been_applied() && !e.nothing_sent());
    assert_eq!(keys_seen(&server).await.len(), 3);

    // A non-transient 5xx is not retried, but a write still may have been applied.
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(501))
        .mount(&server)
        .await;
    let e = client(&server, 3)
        .refund_checkout(&refund(), &key)
        .await
        .unwrap_err();
    assert!(e.is_outcome_unknown(), "{e:?}");
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

#[tokio::test]
async fn write_time_out_is_outcome_unknown() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(checkout_json("partialRefund"))
                .set_delay(Duration::from_millis(800)),
        )
        .mount(&server)
        .await;
    let key = IdempotencyKey::random();
    let e = client(&server, 2)
        .refund_checkout(&refund(), &key)
        .await
        .unwrap_err();
    assert_eq!(
        e,
        Error::OutcomeUnknown {
            attempts: 2,
            last: "the request timed out".into()
        }
    );
    let want = Some(key.as_str().to_owned());
    assert_eq!(keys_seen(&server).await, vec![want.clone(), want]);
}

#[tokio::test]
async fn dropped_reply_is_retried_with_the_same_key_and_read_answers() {
    let srv = RawServer::start(vec![
        Act::Drop,
        http_json(200, &checkout_json("partialRefund")),
    ])
    .await;
    let key = IdempotencyKey::random();
    let reply = client_for(&srv.base, 3)
        .refund_checkout(&refund(), &key)
        .await
        .unwrap();
    assert_eq!(reply.attempts, 2);
    let want = Some(key.as_str().to_owned());
    assert_eq!(srv.idempotency_keys(), vec![want.clone(), want]);

    // Every reply lost: the write may have been applied.
    let srv = RawServer::start(vec![Act::Drop]).await;
    let e = client_for(&srv.base, 3)
        .refund_checkout(&refund(), &key)
        .await
        .unwrap_err();
    assert!(e.is_outcome_unknown(), "{e:?}");
    assert_eq!(srv.request_count(), 3);

    // A read whose replies are all lost reports the lost connection.
    let srv = RawServer::start(vec![Act::Drop]).await;
    let e = client_for(&srv.base, 2)
        .retrieve_checkout(&CheckoutId::new(CID).unwrap())
        .await
        .unwrap_err();
    assert_eq!(e.code(), "offline");
    assert!(e.to_string().contains("connection lost"), "{e}");
}

#[tokio::test]
async fn a_refusal_after_a_maybe_applied_attempt_is_outcome_unknown() {
    let server = server_with(
        ResponseTemplate::new(503),
        1,
        ResponseTemplate::new(400).set_body_json(json!({"message": "already refunded"})),
    )
    .await;
    let e = client(&server, 3)
        .refund_checkout(&refund(), &IdempotencyKey::random())
        .await
        .unwrap_err();
    let Error::OutcomeUnknown { attempts, last } = &e else {
        panic!("expected OutcomeUnknown, got {e:?}")
    };
    assert_eq!(*attempts, 2);
    assert!(last.contains("already refunded"), "{last}");
}

#[tokio::test]
async fn conflict_on_a_retry_means_in_flight_and_is_retried() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(502))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(409).set_body_json(json!({"message": "in progress"})))
        .up_to_n_times(1)
        .with_priority(2)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_json(checkout_json("partialRefund")))
        .with_priority(3)
        .mount(&server)
        .await;
    let reply = client(&server, 4)
        .refund_checkout(&refund(), &IdempotencyKey::random())
        .await
        .unwrap();
    assert_eq!(reply.attempts, 3);
}

#[tokio::test]
async fn connection_refused_then_rate_limited_is_not_applied() {
    // Attempts that never connected plus attempts the server refused: nothing applied.
    let base = refused_base().await;
    let e = client_for(&base, 2)
        .refund_checkout(&refund(), &IdempotencyKey::random())
        .await
        .unwrap_err();
    assert!(e.nothing_sent(), "{e:?}");

    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(429))
        .mount(&server)
        .await;
    let e = client(&server, 2)
        .refund_checkout(&refund(), &IdempotencyKey::random())
        .await
        .unwrap_err();
    assert_eq!(e.code(), "rate_limited");
    assert!(!e.may_have_been_applied());
}

#[tokio::test]
async fn no_retries_policy_sends_once() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;
    let c = Client::builder(&server.uri(), api_key())
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    let e = c
        .retrieve_checkout(&CheckoutId::new(CID).unwrap())
        .await
        .unwrap_err();
    assert_eq!(e.code(), "server_error");
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}
