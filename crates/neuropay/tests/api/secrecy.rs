//! The key never appears in an error, a Debug, or a Display — even when the server echoes
//! it back.

use std::time::Duration;

use neuropay::{ApiKey, CheckoutId, Client, Error, IdempotencyKey, RefundRequest, RetryPolicy};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

use crate::support::*;

/// Replies with the request's headers (Authorization included) in the body.
struct Echo {
    status: u16,
    content_type: &'static str,
}

impl Respond for Echo {
    fn respond(&self, req: &Request) -> ResponseTemplate {
        let headers: String = req
            .headers
            .iter()
            .map(|(k, v)| format!("{k}: {}\n", v.to_str().unwrap_or("")))
            .collect();
        let body = match self.content_type {
            "application/json" => serde_json::json!({ "message": headers }).to_string(),
            "text/html" => format!("<html><body><pre>{headers}</pre></body></html>"),
            _ => headers,
        };
        ResponseTemplate::new(self.status).set_body_raw(body, self.content_type)
    }
}

fn check(e: &Error) {
    assert_no_key(&e.to_string());
    assert_no_key(&format!("{e:?}"));
    assert_no_key(&format!("{e:#?}"));
}

#[tokio::test]
async fn echoed_key_is_scrubbed_from_every_error_class() {
    let mut seen = std::collections::BTreeSet::new();
    for (status, ct) in [
        (400, "application/json"),
        (401, "text/plain"),
        (404, "text/html"),
        (409, "application/json"),
        (422, "text/plain"),
        (429, "application/json"),
        (500, "text/html"),
        (503, "application/json"),
        (200, "text/plain"),
    ] {
        let server = MockServer::start().await;
        Mock::given(wiremock::matchers::any())
            .respond_with(Echo {
                status,
                content_type: ct,
            })
            .mount(&server)
            .await;
        let c = client(&server, 2);
        let id = CheckoutId::new(CID).unwrap();
        let read = c.retrieve_checkout(&id).await.unwrap_err();
        let write = c
            .refund_checkout(
                &RefundRequest::new(id.clone()).build().unwrap(),
                &IdempotencyKey::random(),
            )
            .await
            .unwrap_err();
        for e in [&read, &write] {
            check(e);
            seen.insert(e.code());
        }
    }
    for code in [
        "rejected",
        "unauthorized",
        "not_found",
        "conflict",
        "rate_limited",
        "server_error",
        "outcome_unknown",
        "decode",
    ] {
        assert!(seen.contains(code), "{code} not exercised: {seen:?}");
    }
}

#[tokio::test]
async fn network_errors_and_oversize_replies_hold_no_key() {
    let c = client_for(&refused_base().await, 2);
    let id = CheckoutId::new(CID).unwrap();
    check(&c.retrieve_checkout(&id).await.unwrap_err());

    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_millis(800)))
        .mount(&server)
        .await;
    let c = client(&server, 1);
    let e = c.retrieve_checkout(&id).await.unwrap_err();
    assert_eq!(e, Error::Timeout);
    check(&e);
    let e = c
        .capture_checkout(&id, &IdempotencyKey::random())
        .await
        .unwrap_err();
    assert!(e.is_outcome_unknown());
    check(&e);

    let srv = RawServer::start(vec![Act::Drop]).await;
    check(
        &client_for(&srv.base, 1)
            .retrieve_checkout(&id)
            .await
            .unwrap_err(),
    );

    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(
            ResponseTemplate::new(200).set_body_string(format!("{KEY}{}", "z".repeat(3 << 20))),
        )
        .mount(&server)
        .await;
    let e = client(&server, 1).retrieve_checkout(&id).await.unwrap_err();
    assert_eq!(e.code(), "too_large");
    check(&e);
}

#[tokio::test]
async fn client_builder_and_key_debug_hold_no_key() {
    let builder =
        Client::builder("https://api.example.com", api_key()).retry(RetryPolicy::default());
    assert_no_key(&format!("{builder:?}"));
    let c = builder.build().unwrap();
    let dbg = format!("{c:?} {c:#?}");
    assert_no_key(&dbg);
    assert!(dbg.contains("…4f2a"), "{dbg}");
    assert_eq!(c.key_masked(), "…4f2a");
    let k = api_key();
    assert_no_key(&format!("{k} {k:?} {k:#?}"));
    // A builder whose URL holds credentials does not print them.
    let b = Client::builder("https://me:hunter2@api.example.com", api_key());
    assert!(!format!("{b:?}").contains("hunter2"));
    let e = b.build().unwrap_err();
    check(&e);
    assert!(!e.to_string().contains("hunter2"));
    // Refusing a malformed key does not echo it either.
    let e = ApiKey::new(format!("{KEY} {KEY}")).unwrap_err();
    check(&e);
}
