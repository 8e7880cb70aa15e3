//! Fault injection: each fault does what it says, only on `/checkout/*`.

use std::time::{Duration, Instant};

use neuropay_sandbox::{Faults, Outcome, SandboxConfig};
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::common::{checkout_body, id_of, Env};

fn faults(f: impl FnOnce(&mut Faults)) -> Faults {
    let mut x = Faults::default();
    f(&mut x);
    x
}

#[tokio::test]
async fn latency_is_added_to_api_calls_only() {
    let env = Env::start().await;
    let id = id_of(&env.create(json!({})).await);
    env.sb
        .set_faults(faults(|f| f.latency = Duration::from_millis(300)));
    let t = Instant::now();
    env.retrieve(&id).await;
    assert!(
        t.elapsed() >= Duration::from_millis(300),
        "{:?}",
        t.elapsed()
    );
    for path in [
        "/openapi.json".to_owned(),
        "/_sandbox/faults".to_owned(),
        format!("/pay/{id}"),
    ] {
        let t = Instant::now();
        assert_eq!(env.get(&path).await.status(), 200);
        assert!(
            t.elapsed() < Duration::from_millis(250),
            "{path} took {:?}",
            t.elapsed()
        );
    }
}

#[tokio::test]
async fn server_errors_are_not_applied() {
    let env = Env::start().await;
    let paid = env.after(json!({}), Outcome::Pay).await;
    let before = env.sb.ledger().len();
    env.sb.set_faults(faults(|f| f.error_rate = 1.0));
    let mut codes = std::collections::BTreeSet::new();
    for _ in 0..30 {
        let r = env.call("create", checkout_body()).await;
        assert!(r.message().contains("not applied"), "{}", r.text);
        codes.insert(r.status);
    }
    assert_eq!(codes.into_iter().collect::<Vec<_>>(), [500, 502, 503]);
    let r = env.call("refund", json!({ "checkout_id": paid })).await;
    assert!(r.status >= 500);
    assert_eq!(env.sb.ledger().len(), before);
    assert_eq!(env.sb.checkout_ids(&env.key()).len(), 1);
    assert_eq!(
        env.sb.checkout_json(&env.key(), &paid).unwrap()["status"],
        "paid"
    );
    // Pages and control endpoints never fail.
    assert_eq!(env.get(&format!("/pay/{paid}")).await.status(), 200);
    assert_eq!(env.get("/openapi.json").await.status(), 200);
    assert_eq!(env.get("/_sandbox/ledger").await.status(), 200);
}

#[tokio::test]
async fn random_429_carries_retry_after_and_is_not_applied() {
    let env = Env::start().await;
    env.sb.set_faults(faults(|f| {
        f.rate_429 = 1.0;
        f.retry_after = Duration::from_secs(3);
    }));
    let r = env.call("create", checkout_body()).await;
    assert_eq!(r.status, 429);
    assert_eq!(r.headers["retry-after"], "3");
    assert!(r.message().contains("not applied"));
    assert!(env.sb.ledger().is_empty());
}

#[tokio::test]
async fn dropped_reply_after_apply_is_applied_once_and_replayable() {
    let env = Env::start().await;
    env.sb.set_faults(faults(|f| f.drop_after_apply_rate = 1.0));
    let body = checkout_body().to_string();
    let sent = env
        .http
        .post(format!("{}/checkout/create", env.base()))
        .bearer_auth(env.key())
        .header("Idempotency-Key", "drop-1")
        .body(body.clone())
        .send()
        .await;
    assert!(sent.is_err(), "the client sees no reply: {sent:?}");
    let ledger = env.sb.ledger();
    assert_eq!(ledger.len(), 1, "the write was applied");
    assert_eq!(ledger[0].idempotency_key.as_deref(), Some("drop-1"));
    // The retry with the same key gets the applied result, and applies nothing new.
    env.sb.set_faults(Faults::default());
    let retry = env
        .post(Some(&env.key()), "create", &body, Some("drop-1"))
        .await;
    assert_eq!(retry.status, 200);
    assert_eq!(retry.headers["idempotent-replayed"], "true");
    assert_eq!(id_of(&retry.json()), ledger[0].object_id);
    assert_eq!(env.sb.ledger().len(), 1);
}

#[tokio::test]
async fn dropped_reply_seen_from_a_raw_socket_is_a_close_with_no_bytes() {
    let env = Env::start().await;
    env.sb.set_faults(faults(|f| f.drop_after_apply_rate = 1.0));
    let body = checkout_body().to_string();
    let request = format!(
        "POST /checkout/create HTTP/1.1\r\nHost: {}\r\nAuthorization: Bearer {}\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        env.sb.addr(),
        env.key(),
        body.len()
    );
    let mut sock = tokio::net::TcpStream::connect(env.sb.addr()).await.unwrap();
    sock.write_all(request.as_bytes()).await.unwrap();
    let mut got = Vec::new();
    let read = tokio::time::timeout(Duration::from_secs(5), sock.read_to_end(&mut got)).await;
    assert!(read.is_ok(), "the server closes the connection");
    assert!(
        got.is_empty(),
        "no reply bytes: {}",
        String::from_utf8_lossy(&got)
    );
    assert_eq!(env.sb.checkout_ids(&env.key()).len(), 1, "applied");
    // Control endpoints keep answering on the same server.
    assert_eq!(env.get("/_sandbox/faults").await.status(), 200);
}

#[tokio::test]
async fn per_key_rate_limit_is_a_token_bucket() {
    let env = Env::start().await;
    let id = id_of(&env.create(json!({})).await);
    env.sb
        .set_faults(faults(|f| f.rate_limit_per_sec = Some(5)));
    let statuses = |rs: &[crate::common::Reply]| rs.iter().map(|r| r.status).collect::<Vec<_>>();
    let mut replies = Vec::new();
    for _ in 0..6 {
        replies.push(env.call("retrieve", json!({ "checkout_id": id })).await);
    }
    assert_eq!(statuses(&replies), [200, 200, 200, 200, 200, 429]);
    let limited = &replies[5];
    let retry: u64 = limited.headers["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(retry >= 1);
    assert!(limited.message().contains("rate limit"));
    // Another key has its own bucket.
    let live = env.sb.keys().live.clone();
    assert_eq!(
        env.post(Some(&live), "create", &checkout_body().to_string(), None)
            .await
            .status,
        200
    );
    // A limited write is not applied.
    let before = env.sb.ledger().len();
    assert_eq!(env.call("create", checkout_body()).await.status, 429);
    assert_eq!(env.sb.ledger().len(), before);
    // Tokens come back at the configured rate (one per 200 ms).
    tokio::time::sleep(Duration::from_millis(450)).await;
    assert_eq!(
        env.call("retrieve", json!({ "checkout_id": id }))
            .await
            .status,
        200
    );
}

#[tokio::test]
async fn faults_configured_at_start_apply_at_once() {
    let env = Env::with(SandboxConfig {
        faults: faults(|f| f.error_rate = 1.0),
        ..Default::default()
    })
    .await;
    assert!(env.call("create", checkout_body()).await.status >= 500);
    assert_eq!(env.sb.faults().error_rate, 1.0);
    let bad = neuropay_sandbox::start(SandboxConfig {
        faults: faults(|f| f.drop_after_apply_rate = 2.0),
        ..Default::default()
    })
    .await
    .unwrap_err();
    assert_eq!(bad.code(), "config");
}

#[tokio::test]
async fn faults_over_http_get_and_put() {
    let env = Env::start().await;
    let url = format!("{}/_sandbox/faults", env.base());
    let put = env
        .http
        .put(&url)
        .body(r#"{"latency_ms": 5, "rate_429": 0.25, "rate_limit_per_sec": 100}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(put.status(), 200);
    let shown: serde_json::Value = env
        .http
        .get(&url)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        shown,
        json!({"latency_ms": 5, "error_rate": 0.0, "drop_after_apply_rate": 0.0,
               "rate_429": 0.25, "retry_after_secs": 1, "rate_limit_per_sec": 100})
    );
    assert_eq!(env.sb.faults().latency, Duration::from_millis(5));
    let bad = env
        .http
        .put(&url)
        .body(r#"{"error_rate": -1}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), 400);
    assert_eq!(
        env.sb.faults().rate_429,
        0.25,
        "a refused PUT changes nothing"
    );
}

#[tokio::test]
async fn fault_rolls_are_deterministic_per_rng_seed() {
    let run = || async {
        let env = Env::with(SandboxConfig {
            rng_seed: 99,
            faults: faults(|f| f.error_rate = 0.5),
            ..Default::default()
        })
        .await;
        let mut seen = Vec::new();
        for _ in 0..20 {
            seen.push(env.call("create", checkout_body()).await.status);
        }
        seen
    };
    let a = run().await;
    assert_eq!(a, run().await);
    assert!(a.contains(&200) && a.iter().any(|s| *s >= 500), "{a:?}");
}
