//! Every error class a call can end in, with the server's message made fit to show.

use std::time::Duration;

use neuropay::{ApiKey, CheckoutId, Client, Error, IdempotencyKey, RetryPolicy};
use serde_json::json;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::*;

async fn read_error(reply: ResponseTemplate, attempts: u32) -> (Error, usize) {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(reply)
        .mount(&server)
        .await;
    let e = client(&server, attempts)
        .retrieve_checkout(&CheckoutId::new(CID).unwrap())
        .await
        .unwrap_err();
    (e, server.received_requests().await.unwrap().len())
}

async fn write_error(reply: ResponseTemplate, attempts: u32) -> (Error, usize) {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(reply)
        .mount(&server)
        .await;
    let e = client(&server, attempts)
        .capture_checkout(&CheckoutId::new(CID).unwrap(), &IdempotencyKey::random())
        .await
        .unwrap_err();
    (e, server.received_requests().await.unwrap().len())
}

#[tokio::test]
async fn bad_request_carries_the_server_message_in_every_shape() {
    let cases = [
        (
            json!({"message": "Checkout is not reserved"}),
            "Checkout is not reserved",
        ),
        (json!({"error": "Invalid amount"}), "Invalid amount"),
        (
            json!({"error": {"message": "Nested reason", "code": 12}}),
            "Nested reason",
        ),
        (json!({"errors": ["first", "second"]}), "first; second"),
        (
            json!({"errors": {"amount": ["must be positive"]}}),
            "amount: must be positive",
        ),
    ];
    for (body, want) in cases {
        let (e, sent) = write_error(ResponseTemplate::new(400).set_body_json(body), 3).await;
        assert_eq!(sent, 1, "a 400 is final, never retried");
        assert_eq!(
            e,
            Error::Rejected {
                status: 400,
                message: want.into()
            }
        );
        assert!(!e.may_have_been_applied() && !e.nothing_sent());
    }
    let (e, _) = read_error(ResponseTemplate::new(422).set_body_string("plain words"), 1).await;
    assert_eq!(
        e,
        Error::Rejected {
            status: 422,
            message: "plain words".into()
        }
    );
}

#[tokio::test]
async fn html_error_pages_become_short_text() {
    let page = format!(
        "<!DOCTYPE html><html><head><title>Bad Gateway</title><style>body{{}}</style></head>\
         <body><h1>502 Bad Gateway</h1><p>{}</p><script>x()</script></body></html>",
        "details ".repeat(200)
    );
    let (e, sent) = read_error(
        ResponseTemplate::new(502).set_body_raw(page, "text/html"),
        2,
    )
    .await;
    assert_eq!(sent, 2);
    let Error::Server { status, message } = e else {
        panic!("expected Server")
    };
    assert_eq!(status, 502);
    assert!(
        message.starts_with("502 Bad Gateway details details"),
        "{message}"
    );
    assert!(
        !message.contains('<') && !message.contains("x()"),
        "{message}"
    );
    assert!(message.chars().count() <= 301, "{}", message.len());
}

#[tokio::test]
async fn status_classes() {
    let (e, _) = read_error(
        ResponseTemplate::new(401).set_body_json(json!({"message": "Invalid API key"})),
        3,
    )
    .await;
    assert_eq!(
        e,
        Error::Unauthorized {
            message: "Invalid API key".into()
        }
    );
    assert_eq!(e.code(), "unauthorized");

    let (e, sent) = read_error(ResponseTemplate::new(404), 3).await;
    assert_eq!(
        e,
        Error::NotFound {
            message: "Not Found".into()
        }
    );
    assert_eq!(sent, 1);

    let (e, sent) = write_error(
        ResponseTemplate::new(409).set_body_json(json!({"message": "key reused"})),
        3,
    )
    .await;
    assert_eq!(
        e,
        Error::Conflict {
            message: "key reused".into()
        }
    );
    assert_eq!(sent, 1);

    let (e, sent) = read_error(ResponseTemplate::new(403), 3).await;
    assert_eq!(e.code(), "rejected");
    assert_eq!(sent, 1);

    let (e, sent) = read_error(
        ResponseTemplate::new(503).set_body_json(json!({"message": "down"})),
        3,
    )
    .await;
    assert_eq!(
        e,
        Error::Server {
            status: 503,
            message: "down".into()
        }
    );
    assert_eq!(sent, 3);

    // 501 is not transient: no retry.
    let (e, sent) = read_error(ResponseTemplate::new(501), 3).await;
    assert_eq!(e.code(), "server_error");
    assert_eq!(sent, 1);
}

#[tokio::test]
async fn rate_limited_after_retries_keeps_retry_after() {
    let reply = ResponseTemplate::new(429)
        .insert_header("Retry-After", "0")
        .set_body_json(json!({"message": "slow down"}));
    let (e, sent) = read_error(reply, 3).await;
    assert_eq!(sent, 3);
    assert_eq!(
        e,
        Error::RateLimited {
            retry_after: Some(Duration::ZERO),
            message: "slow down".into()
        }
    );
    assert!(e.is_transient() && !e.may_have_been_applied());
}

#[tokio::test]
async fn read_timeout() {
    let (e, sent) = read_error(
        ResponseTemplate::new(200)
            .set_body_json(checkout_json("paid"))
            .set_delay(Duration::from_millis(800)),
        2,
    )
    .await;
    assert_eq!(e, Error::Timeout);
    assert_eq!(sent, 2);
}

#[tokio::test]
async fn offline_means_nothing_was_sent() {
    let base = refused_base().await;
    let c = client_for(&base, 3);
    let e = c
        .refund_checkout(
            &neuropay::RefundRequest::new(CheckoutId::new(CID).unwrap())
                .build()
                .unwrap(),
            &IdempotencyKey::random(),
        )
        .await
        .unwrap_err();
    assert_eq!(e.code(), "offline");
    assert!(e.nothing_sent() && !e.may_have_been_applied(), "{e}");
    let e = c
        .retrieve_checkout(&CheckoutId::new(CID).unwrap())
        .await
        .unwrap_err();
    assert_eq!(e.code(), "offline");

    // A host that does not resolve (".invalid" is reserved never to exist).
    let c = Client::builder("https://neuropay.invalid", api_key())
        .retry(RetryPolicy::fast(2))
        .connect_timeout(Duration::from_millis(500))
        .timeout(Duration::from_millis(800))
        .build()
        .unwrap();
    let e = c
        .capture_checkout(&CheckoutId::new(CID).unwrap(), &IdempotencyKey::random())
        .await
        .unwrap_err();
    assert_eq!(e.code(), "offline", "{e}");
    assert!(e.nothing_sent());
}

#[tokio::test]
async fn base_url_configuration_errors() {
    for bad in [
        "not a url",
        "ftp://api.example.com",
        "http://api.example.com",
        "http://10.0.0.1:8080",
        "http://localhost.evil.com",
        "https://user:pw@api.example.com",
        "https://api.example.com/?x=1",
        "https:///nohost",
    ] {
        let e = Client::builder(bad, api_key()).build().unwrap_err();
        assert_eq!(e.code(), "config", "{bad}");
        assert!(e.nothing_sent());
        assert!(!e.to_string().contains("pw@"), "{e}");
    }
    for ok in [
        "https://api.neuro-admin.com",
        "https://api.paiwise.com/v1",
        "http://127.0.0.1:9",
        "http://127.10.0.1:9",
        "http://localhost:9",
        "http://LOCALHOST:9",
        "http://[::1]:9",
    ] {
        let c = Client::builder(ok, api_key()).build().unwrap();
        assert!(c.base_url().as_str().ends_with('/'), "{ok}");
    }
    let e = Client::builder("https://a.example", ApiKey::new("k").unwrap())
        .timeout(Duration::ZERO)
        .build()
        .unwrap_err();
    assert_eq!(e.code(), "config");
}
