//! What goes on the wire: path, method, headers and exact JSON body of every endpoint.

use neuropay::{
    CheckoutId, CreateCheckout, CreateCustomer, CustomerId, IdempotencyKey, Metadata,
    PaymentMethod, RefundReason, RefundRequest, UpdateMetadata,
};
use serde_json::{json, Value};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

use crate::support::*;

async fn only_request(server: &MockServer) -> Request {
    let reqs = server.received_requests().await.unwrap();
    assert_eq!(reqs.len(), 1, "expected exactly one request");
    reqs.into_iter().next().unwrap()
}

fn header<'a>(r: &'a Request, name: &str) -> Option<&'a str> {
    r.headers.get(name).map(|v| v.to_str().unwrap())
}

fn body(r: &Request) -> Value {
    serde_json::from_slice(&r.body).unwrap()
}

fn check_common(r: &Request, action: &str, idem: Option<&IdempotencyKey>) {
    assert_eq!(r.method.as_str(), "POST");
    assert_eq!(r.url.path(), format!("/checkout/{action}"));
    assert_eq!(
        header(r, "authorization"),
        Some(format!("Bearer {KEY}").as_str())
    );
    assert_eq!(header(r, "content-type"), Some("application/json"));
    assert_eq!(
        header(r, "idempotency-key"),
        idem.map(IdempotencyKey::as_str)
    );
}

async fn server_replying(action: &str, reply: Value) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(format!("/checkout/{action}")))
        .respond_with(ResponseTemplate::new(200).set_body_json(reply))
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn create_sends_every_documented_field() {
    let server = server_replying("create", checkout_json("created")).await;
    let key = IdempotencyKey::random();
    let req = CreateCheckout::builder(
        3000,
        "sek",
        "Order 1001",
        "https://shop.example/ok",
        "https://shop.example/cancel",
    )
    .identifier("order-1001")
    .capture(false)
    .allow_save_card(false)
    .customer(CustomerId::new("c0ffee").unwrap())
    .card(neuropay::CardId::new("card9").unwrap())
    .template("iframe")
    .metadata(Metadata::new().with("order", "1001").with("n", 3i64))
    .payment_method(PaymentMethod::new("card").brand("visa"))
    .build()
    .unwrap();
    let reply = client(&server, 1)
        .create_checkout(&req, &key)
        .await
        .unwrap();
    assert_eq!(reply.value.id.as_str(), CID);
    assert_eq!((reply.http_status, reply.attempts), (200, 1));
    let r = only_request(&server).await;
    check_common(&r, "create", Some(&key));
    assert_eq!(
        body(&r),
        json!({
            "identifier": "order-1001", "amount": 3000, "currency": "SEK",
            "message": "Order 1001", "capture": false, "allowSaveCard": false,
            "returnUrl": "https://shop.example/ok",
            "returnUrlCancel": "https://shop.example/cancel",
            "customer_id": "c0ffee", "card_id": "card9", "template": "iframe",
            "metaData": {"n": 3, "order": "1001"},
            "paymentMethods": [{"method": "card", "brands": ["visa"]}]
        })
    );
}

#[tokio::test]
async fn checkout_id_endpoints_send_the_id() {
    let id = CheckoutId::new(CID).unwrap();
    for action in ["retrieve", "capture", "delete"] {
        let reply = if action == "delete" {
            json!({"checkout_id": CID, "status": "deleted"})
        } else {
            checkout_json("paid")
        };
        let server = server_replying(action, reply).await;
        let c = client(&server, 1);
        let key = IdempotencyKey::random();
        match action {
            "retrieve" => {
                c.retrieve_checkout(&id).await.unwrap();
            }
            "capture" => {
                c.capture_checkout(&id, &key).await.unwrap();
            }
            _ => {
                let d = c.delete_checkout(&id, &key).await.unwrap();
                assert_eq!(
                    (d.value.id.as_str(), d.value.status.as_str()),
                    (CID, "deleted")
                );
            }
        }
        let r = only_request(&server).await;
        let idem = (action != "retrieve").then_some(&key);
        check_common(&r, action, idem);
        assert_eq!(body(&r), json!({"checkout_id": CID}), "{action}");
    }
}

#[tokio::test]
async fn refund_sends_amount_reason_fraudolent_and_details() {
    let server = server_replying("refund", checkout_json("partialRefund")).await;
    let key = IdempotencyKey::random();
    let req = RefundRequest::new(CheckoutId::new(CID).unwrap())
        .amount(500)
        .reason(RefundReason::Fraudulent)
        .details("stolen card")
        .build()
        .unwrap();
    let reply = client(&server, 1)
        .refund_checkout(&req, &key)
        .await
        .unwrap();
    assert_eq!(reply.value.status, neuropay::Status::PartialRefund);
    let r = only_request(&server).await;
    check_common(&r, "refund", Some(&key));
    assert_eq!(
        body(&r),
        json!({"checkout_id": CID, "amount": 500, "reason": "fraudolent",
               "refundDetails": "stolen card"})
    );
}

#[tokio::test]
async fn update_sends_metadata_with_removals_as_empty_strings() {
    let server = server_replying("update", checkout_json("paid")).await;
    let key = IdempotencyKey::random();
    let req = UpdateMetadata::new(CheckoutId::new(CID).unwrap())
        .set("order", "1002")
        .set("vip", true)
        .remove("old")
        .build()
        .unwrap();
    client(&server, 1)
        .update_checkout(&req, &key)
        .await
        .unwrap();
    let r = only_request(&server).await;
    check_common(&r, "update", Some(&key));
    assert_eq!(
        body(&r),
        json!({"checkout_id": CID, "metaData": {"old": "", "order": "1002", "vip": true}})
    );
}

#[tokio::test]
async fn customer_endpoints() {
    let server = server_replying("create-customer", customer_json()).await;
    let key = IdempotencyKey::random();
    let req = CreateCustomer::new("Ada", "Lovelace", "ada@example.com")
        .metadata(Metadata::new().with("tier", "gold"))
        .build()
        .unwrap();
    let c = client(&server, 1)
        .create_customer(&req, &key)
        .await
        .unwrap();
    assert_eq!(c.value.id.as_str(), "c0ffee");
    let r = only_request(&server).await;
    check_common(&r, "create-customer", Some(&key));
    assert_eq!(
        body(&r),
        json!({"first_name": "Ada", "last_name": "Lovelace", "email": "ada@example.com",
               "metaData": {"tier": "gold"}})
    );

    let id = CustomerId::new("c0ffee").unwrap();
    let server = server_replying("retrieve-customer", customer_json()).await;
    let c = client(&server, 1).retrieve_customer(&id).await.unwrap();
    assert_eq!(c.value.first_name, "Ada");
    let r = only_request(&server).await;
    check_common(&r, "retrieve-customer", None);
    assert_eq!(body(&r), json!({"customer_id": "c0ffee"}));

    let server = server_replying(
        "delete-customer",
        json!({"customer_id": "c0ffee", "status": "delete"}),
    )
    .await;
    let key = IdempotencyKey::random();
    let d = client(&server, 1).delete_customer(&id, &key).await.unwrap();
    assert_eq!(
        (d.value.id.as_str(), d.value.status.as_str()),
        ("c0ffee", "delete")
    );
    let r = only_request(&server).await;
    check_common(&r, "delete-customer", Some(&key));
    assert_eq!(body(&r), json!({"customer_id": "c0ffee"}));
}

#[tokio::test]
async fn base_url_path_prefix_is_kept() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/v2/checkout/retrieve"))
        .respond_with(ResponseTemplate::new(200).set_body_json(checkout_json("paid")))
        .mount(&server)
        .await;
    let id = CheckoutId::new(CID).unwrap();
    for base in [
        format!("{}/api/v2", server.uri()),
        format!("{}/api/v2/", server.uri()),
    ] {
        let c = client_for(&base, 1);
        assert!(c.base_url().as_str().ends_with("/api/v2/"));
        c.retrieve_checkout(&id).await.unwrap();
    }
    assert_eq!(server.received_requests().await.unwrap().len(), 2);
}
