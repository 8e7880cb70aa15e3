//! Sloppy but legitimate replies are read; unreadable ones are reported with the raw text.

use neuropay::{CheckoutId, Error, IdempotencyKey, MetaValue, Status};
use serde_json::{json, Value};
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::*;

async fn retrieve_with(
    reply: ResponseTemplate,
) -> Result<neuropay::Reply<neuropay::Checkout>, Error> {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(reply)
        .mount(&server)
        .await;
    client(&server, 1)
        .retrieve_checkout(&CheckoutId::new(CID).unwrap())
        .await
}

#[tokio::test]
async fn old_style_reply_with_every_variant_is_read_and_raw_kept() {
    let sloppy = json!({
        "cid": CID,
        "status": "reserve released",
        "amount": "3000",
        "amount_refunded": "0",
        "currency": "SEK",
        "checkout_url": "https://pay.example/x",
        "metaData": [{"key": "order", "value": "1001"}, {"key": "vip", "value": true}],
        "created_at": "2023-04-01 12:00:00",
        "updated_at": 1680350400,
        "brandNewField": {"nested": [1, 2]}
    });
    let reply = retrieve_with(ResponseTemplate::new(200).set_body_json(sloppy.clone()))
        .await
        .unwrap();
    let c = &reply.value;
    assert_eq!(c.id.as_str(), CID);
    assert_eq!(c.status, Status::ReserveReleased);
    assert_eq!((c.amount, c.refunded_amount), (3000, 0));
    assert_eq!(c.link.as_deref(), Some("https://pay.example/x"));
    assert_eq!(c.metadata.get("vip"), Some(&MetaValue::Bool(true)));
    assert_eq!(c.created_at, c.updated_at);
    assert!(c.created_at.is_some());
    assert_eq!(
        c.extra.get("brandNewField"),
        Some(&json!({"nested": [1, 2]}))
    );
    assert_eq!(reply.raw, sloppy);
}

#[tokio::test]
async fn every_documented_status_and_an_unknown_one() {
    let server = MockServer::start().await;
    let c = client(&server, 1);
    let id = CheckoutId::new(CID).unwrap();
    let mut wire: Vec<String> = Status::KNOWN
        .iter()
        .map(|s| s.as_str().to_owned())
        .collect();
    wire.push("chargeback".into());
    for s in &wire {
        server.reset().await;
        Mock::given(method("POST"))
            .respond_with(ResponseTemplate::new(200).set_body_json(checkout_json(s)))
            .mount(&server)
            .await;
        let got = c.retrieve_checkout(&id).await.unwrap().value.status;
        assert_eq!(got.as_str(), s);
        assert_eq!(got.is_known(), s != "chargeback");
    }
}

#[tokio::test]
async fn id_and_link_aliases_through_the_client() {
    for (id_key, link_key) in [
        ("checkout_id", "link"),
        ("cid", "url"),
        ("id", "checkout_url"),
    ] {
        let mut v = json!({"status": "paid", "amount": 1, "currency": "EUR"});
        v[id_key] = json!(CID);
        v[link_key] = json!("https://pay.example/p");
        let r = retrieve_with(ResponseTemplate::new(200).set_body_json(v))
            .await
            .unwrap();
        assert_eq!(r.value.id.as_str(), CID);
        assert_eq!(r.value.link.as_deref(), Some("https://pay.example/p"));
    }
}

fn decode_parts(e: Error) -> (u16, Option<String>, String, String) {
    match e {
        Error::Decode {
            status,
            content_type,
            snippet,
            reason,
        } => (status, content_type, snippet, reason),
        other => panic!("expected Decode, got {other:?}"),
    }
}

#[tokio::test]
async fn non_json_2xx_is_a_decode_error_with_the_first_bytes() {
    let page = format!("<html>maintenance {}</html>", "x".repeat(2000));
    let e = retrieve_with(ResponseTemplate::new(200).set_body_raw(page.clone(), "text/html"))
        .await
        .unwrap_err();
    let (status, ct, snippet, reason) = decode_parts(e);
    assert_eq!(status, 200);
    assert_eq!(ct.as_deref(), Some("text/html"));
    assert!(snippet.starts_with("<html>maintenance"));
    assert!(snippet.len() <= 512);
    assert!(reason.contains("not JSON"), "{reason}");

    let e = retrieve_with(ResponseTemplate::new(200)).await.unwrap_err();
    assert_eq!(e.code(), "decode");

    let bytes = vec![0xffu8, 0xfe, b'{'];
    let e = retrieve_with(ResponseTemplate::new(200).set_body_raw(bytes, "application/json"))
        .await
        .unwrap_err();
    let (_, _, snippet, _) = decode_parts(e);
    assert!(snippet.contains('\u{fffd}'));
}

#[tokio::test]
async fn wrongly_shaped_json_is_a_decode_error() {
    for v in [
        json!([1, 2]),
        json!({"message": "ok"}),
        json!({"cid": CID, "status": "paid"}),
    ] {
        let e = retrieve_with(ResponseTemplate::new(200).set_body_json(v.clone()))
            .await
            .unwrap_err();
        let (status, _, snippet, reason) = decode_parts(e);
        assert_eq!(status, 200);
        assert_eq!(serde_json::from_str::<Value>(&snippet).unwrap(), v);
        assert!(reason.contains("checkout"), "{reason}");
    }
}

#[tokio::test]
async fn a_reply_about_another_checkout_is_refused() {
    let mut other = checkout_json("paid");
    other["checkout_id"] = json!("ffffffffffffffffffffffffffffffff");
    let e = retrieve_with(ResponseTemplate::new(200).set_body_json(other))
        .await
        .unwrap_err();
    let (_, _, _, reason) = decode_parts(e);
    assert!(reason.contains("not the requested"), "{reason}");
}

#[tokio::test]
async fn replies_over_two_mib_are_refused() {
    // Declared by Content-Length.
    let big = format!("{{\"pad\":\"{}\"}}", "x".repeat(3 * 1024 * 1024));
    let e = retrieve_with(ResponseTemplate::new(200).set_body_raw(big, "application/json"))
        .await
        .unwrap_err();
    assert_eq!(
        e,
        Error::TooLarge {
            limit: 2 * 1024 * 1024
        }
    );

    // Streamed without a Content-Length: the cap is enforced while reading.
    let mut raw = b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\nconnection: close\r\n\r\n".to_vec();
    let piece = "y".repeat(64 * 1024);
    for _ in 0..48 {
        raw.extend_from_slice(format!("{:x}\r\n{piece}\r\n", piece.len()).as_bytes());
    }
    raw.extend_from_slice(b"0\r\n\r\n");
    let srv = RawServer::start(vec![Act::Raw(raw)]).await;
    let e = client_for(&srv.base, 1)
        .retrieve_checkout(&CheckoutId::new(CID).unwrap())
        .await
        .unwrap_err();
    assert_eq!(
        e,
        Error::TooLarge {
            limit: 2 * 1024 * 1024
        }
    );

    // An undecodable 2xx on a write: the server said yes, so it may have been applied.
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_string("OK"))
        .mount(&server)
        .await;
    let e = client(&server, 3)
        .capture_checkout(&CheckoutId::new(CID).unwrap(), &IdempotencyKey::random())
        .await
        .unwrap_err();
    assert_eq!(e.code(), "decode");
    assert!(e.may_have_been_applied() && !e.nothing_sent());
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

#[tokio::test]
async fn delete_reply_without_id_confirms_the_requested_one() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"status": "deleted"})))
        .mount(&server)
        .await;
    let d = client(&server, 1)
        .delete_checkout(&CheckoutId::new(CID).unwrap(), &IdempotencyKey::random())
        .await
        .unwrap();
    assert_eq!(
        (d.value.id.as_str(), d.value.status.as_str()),
        (CID, "deleted")
    );
}
