//! Request builders: exact wire bodies, and refusal of invalid input naming the field.

use serde_json::json;

use super::*;
use crate::{
    CardId, CheckoutId, CustomerId, Error, MetaValue, Metadata, PaymentMethod, RefundReason,
};

fn field_of(e: Error) -> String {
    match e {
        Error::InvalidInput { field, .. } => field,
        other => panic!("expected InvalidInput, got {other:?}"),
    }
}

fn minimal() -> CreateCheckoutBuilder {
    CreateCheckout::builder(
        3000,
        "sek",
        "Order 1001",
        "https://shop.example/ok",
        "https://shop.example/cancel",
    )
}

#[test]
fn create_minimal_wire_body() {
    let req = minimal().build().unwrap();
    assert_eq!(
        serde_json::to_value(&req).unwrap(),
        json!({
            "amount": 3000, "currency": "SEK", "message": "Order 1001",
            "returnUrl": "https://shop.example/ok",
            "returnUrlCancel": "https://shop.example/cancel"
        })
    );
}

#[test]
fn create_every_field_wire_body() {
    let req = minimal()
        .identifier("order-1001")
        .capture(false)
        .allow_save_card(false)
        .customer(CustomerId::new("cust1").unwrap())
        .card(CardId::new("card1").unwrap())
        .template("iframe")
        .metadata(Metadata::new().with("order", "1001").with("vip", true))
        .payment_method(PaymentMethod::new("card").brand("visa").brand("amex"))
        .payment_method(PaymentMethod::new("swish"))
        .build()
        .unwrap();
    assert_eq!(
        serde_json::to_value(&req).unwrap(),
        json!({
            "identifier": "order-1001",
            "amount": 3000,
            "currency": "SEK",
            "message": "Order 1001",
            "capture": false,
            "allowSaveCard": false,
            "returnUrl": "https://shop.example/ok",
            "returnUrlCancel": "https://shop.example/cancel",
            "customer_id": "cust1",
            "card_id": "card1",
            "template": "iframe",
            "metaData": {"order": "1001", "vip": true},
            "paymentMethods": [{"method": "card", "brands": ["visa", "amex"]}, {"method": "swish"}]
        })
    );
    assert_eq!(req.capture(), Some(false));
    assert_eq!(req.currency().code(), "SEK");
    // A journal row deserializes back to the same, re-validated value.
    let back: CreateCheckout = serde_json::from_value(serde_json::to_value(&req).unwrap()).unwrap();
    assert_eq!(back, req);
}

#[test]
fn create_refuses_invalid_input_naming_the_field() {
    let cases: Vec<(CreateCheckoutBuilder, &str)> = vec![
        (
            CreateCheckout::builder(0, "SEK", "m", "https://a.se", "https://a.se"),
            "amount",
        ),
        (
            CreateCheckout::builder(-1, "SEK", "m", "https://a.se", "https://a.se"),
            "amount",
        ),
        (
            CreateCheckout::builder(1, "ABC", "m", "https://a.se", "https://a.se"),
            "currency",
        ),
        (
            CreateCheckout::builder(1, "", "m", "https://a.se", "https://a.se"),
            "currency",
        ),
        (
            CreateCheckout::builder(1, "SEK", " ", "https://a.se", "https://a.se"),
            "message",
        ),
        (
            CreateCheckout::builder(1, "SEK", "m", "ftp://a.se", "https://a.se"),
            "returnUrl",
        ),
        (
            CreateCheckout::builder(1, "SEK", "m", "https://a.se", "a.se/cancel"),
            "returnUrlCancel",
        ),
        (
            CreateCheckout::builder(1, "SEK", "m", "https://", "https://a.se"),
            "returnUrl",
        ),
        (minimal().card(CardId::new("k").unwrap()), "card_id"),
        (minimal().template("fullscreen"), "template"),
        (minimal().template("IFRAME"), "template"),
        (minimal().identifier(""), "identifier"),
        (
            minimal().metadata(
                (0..51)
                    .map(|i| (format!("k{i}"), MetaValue::from(1i64)))
                    .collect(),
            ),
            "metaData",
        ),
        (
            minimal().metadata(Metadata::new().with("k", "x".repeat(6000))),
            "metaData",
        ),
        (
            minimal().payment_method(PaymentMethod::new("")),
            "paymentMethods.method",
        ),
    ];
    for (builder, field) in cases {
        let e = builder.build().unwrap_err();
        let msg = e.to_string();
        assert_eq!(field_of(e), field, "{msg}");
        assert!(msg.contains(field), "{msg}");
    }
}

#[test]
fn create_deserialize_refuses_what_the_builder_refuses() {
    for bad in [
        json!({"amount": 0, "currency": "SEK", "message": "m",
               "returnUrl": "https://a.se", "returnUrlCancel": "https://a.se"}),
        json!({"amount": 1, "currency": "SEK", "message": "m", "card_id": "k",
               "returnUrl": "https://a.se", "returnUrlCancel": "https://a.se"}),
        json!({"amount": 1, "currency": "SEK", "message": "m",
               "metaData": {"nested": {"a": 1}},
               "returnUrl": "https://a.se", "returnUrlCancel": "https://a.se"}),
    ] {
        assert!(
            serde_json::from_value::<CreateCheckout>(bad.clone()).is_err(),
            "{bad}"
        );
    }
}

#[test]
fn refund_wire_bodies() {
    let id = CheckoutId::new("c1").unwrap();
    let full = RefundRequest::new(id.clone()).build().unwrap();
    assert_eq!(
        serde_json::to_value(&full).unwrap(),
        json!({"checkout_id": "c1"})
    );
    let partial = RefundRequest::new(id.clone())
        .amount(500)
        .reason(RefundReason::Fraudulent)
        .details("card stolen")
        .build()
        .unwrap();
    assert_eq!(
        serde_json::to_value(&partial).unwrap(),
        json!({"checkout_id": "c1", "amount": 500, "reason": "fraudolent",
               "refundDetails": "card stolen"})
    );
    for (r, wire) in [
        (RefundReason::Duplicate, "duplicate"),
        (RefundReason::RequestedByCustomer, "requested_by_customer"),
    ] {
        let req = RefundRequest::new(id.clone()).reason(r).build().unwrap();
        assert_eq!(serde_json::to_value(&req).unwrap()["reason"], wire);
    }
    assert_eq!(
        field_of(
            RefundRequest::new(id.clone())
                .amount(0)
                .build()
                .unwrap_err()
        ),
        "amount"
    );
    assert_eq!(
        field_of(
            RefundRequest::new(id.clone())
                .amount(-3)
                .build()
                .unwrap_err()
        ),
        "amount"
    );
    assert_eq!(
        field_of(
            RefundRequest::new(id.clone())
                .details(" ")
                .build()
                .unwrap_err()
        ),
        "refundDetails"
    );
    let back: RefundRequest =
        serde_json::from_value(json!({"checkout_id": "c1", "amount": 500, "reason": "fraudulent"}))
            .unwrap();
    assert_eq!(back.reason(), Some(RefundReason::Fraudulent));
    assert!(
        serde_json::from_value::<RefundRequest>(json!({"checkout_id": "c1", "amount": 0})).is_err()
    );
}

#[test]
fn update_wire_body_and_rules() {
    let id = CheckoutId::new("c1").unwrap();
    let up = UpdateMetadata::new(id.clone())
        .set("order", "1002")
        .set("n", 7i64)
        .remove("obsolete")
        .build()
        .unwrap();
    assert_eq!(
        serde_json::to_value(&up).unwrap(),
        json!({"checkout_id": "c1", "metaData": {"n": 7, "obsolete": "", "order": "1002"}})
    );
    assert_eq!(up.removed_keys().collect::<Vec<_>>(), ["obsolete"]);
    assert_eq!(
        field_of(UpdateMetadata::new(id.clone()).build().unwrap_err()),
        "metaData"
    );
    let mut many = UpdateMetadata::new(id.clone());
    for i in 0..51 {
        many = many.set(format!("k{i}"), i as i64);
    }
    assert_eq!(field_of(many.build().unwrap_err()), "metaData");
    assert_eq!(
        field_of(UpdateMetadata::new(id).set("", 1i64).build().unwrap_err()),
        "metaData"
    );
}

#[test]
fn customer_wire_body_and_rules() {
    let c = CreateCustomer::new(" Ada ", "Lovelace", "ada@example.com")
        .metadata(Metadata::new().with("tier", "gold"))
        .build()
        .unwrap();
    assert_eq!(
        serde_json::to_value(&c).unwrap(),
        json!({"first_name": "Ada", "last_name": "Lovelace", "email": "ada@example.com",
               "metaData": {"tier": "gold"}})
    );
    let plain = CreateCustomer::new("A", "B", "a@b.se").build().unwrap();
    assert_eq!(
        serde_json::to_value(&plain).unwrap(),
        json!({"first_name": "A", "last_name": "B", "email": "a@b.se"})
    );
    assert_eq!(
        field_of(CreateCustomer::new("", "B", "a@b.se").build().unwrap_err()),
        "first_name"
    );
    assert_eq!(
        field_of(
            CreateCustomer::new("A", "  ", "a@b.se")
                .build()
                .unwrap_err()
        ),
        "last_name"
    );
    for bad in ["", "ab.se", "a@b", "a b@c.se", "a@@b.se"] {
        assert_eq!(
            field_of(CreateCustomer::new("A", "B", bad).build().unwrap_err()),
            "email"
        );
    }
    let too_many: Metadata = (0..51)
        .map(|i| (format!("k{i}"), MetaValue::from(1i64)))
        .collect();
    assert_eq!(
        field_of(
            CreateCustomer::new("A", "B", "a@b.se")
                .metadata(too_many)
                .build()
                .unwrap_err()
        ),
        "metaData"
    );
}
