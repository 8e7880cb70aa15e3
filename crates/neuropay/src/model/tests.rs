//! The reply shapes the documents leave open, read by the models.

use chrono::{TimeZone, Utc};
use serde_json::{json, Value};

use super::{Checkout, Customer, Deleted};
use crate::{CardId, CustomerId, MetaValue, Metadata, PaymentMethod, Status};

fn simulator_checkout() -> Value {
    json!({
        "checkout_id": "0123456789abcdef0123456789abcdef",
        "identifier": "order-1001",
        "status": "partialRefund",
        "amount": 3000,
        "currency": "SEK",
        "message": "Thanks",
        "capture": true,
        "allowSaveCard": false,
        "returnUrl": "https://shop.example/ok",
        "returnUrlCancel": "https://shop.example/cancel",
        "customer_id": "cust1",
        "card_id": "card1",
        "template": "iframe",
        "metaData": {"order": "1001", "vip": true, "n": 3},
        "paymentMethods": [{"method": "card", "brands": ["visa", "amex"]}],
        "link": "http://127.0.0.1:9/pay/0123456789abcdef0123456789abcdef",
        "refundedAmount": 500,
        "refunds": [{"amount": 500, "reason": "duplicate", "refundDetails": "dup",
                     "created_at": "2026-11-21T10:04:00Z"}],
        "created_at": "2026-11-21T10:00:00Z",
        "updated_at": "2026-11-21T10:05:00Z"
    })
}

#[test]
fn simulator_shape_reads_every_field() {
    let c = Checkout::from_json(&simulator_checkout()).unwrap();
    assert_eq!(c.id.as_str(), "0123456789abcdef0123456789abcdef");
    assert_eq!(c.identifier.as_deref(), Some("order-1001"));
    assert_eq!(c.status, Status::PartialRefund);
    assert_eq!((c.amount, c.currency.as_str()), (3000, "SEK"));
    assert_eq!(c.message.as_deref(), Some("Thanks"));
    assert_eq!((c.capture, c.allow_save_card), (Some(true), Some(false)));
    assert_eq!(c.return_url.as_deref(), Some("https://shop.example/ok"));
    assert_eq!(
        c.return_url_cancel.as_deref(),
        Some("https://shop.example/cancel")
    );
    assert_eq!(c.customer_id, Some(CustomerId::new("cust1").unwrap()));
    assert_eq!(c.card_id, Some(CardId::new("card1").unwrap()));
    assert_eq!(c.template.as_deref(), Some("iframe"));
    assert_eq!(
        c.metadata,
        Metadata::new()
            .with("order", "1001")
            .with("vip", true)
            .with("n", 3i64)
    );
    assert_eq!(
        c.payment_methods,
        vec![PaymentMethod::new("card").brand("visa").brand("amex")]
    );
    assert!(c
        .link
        .as_deref()
        .unwrap()
        .ends_with("/pay/0123456789abcdef0123456789abcdef"));
    assert_eq!(c.refunded_amount, 500);
    assert_eq!(c.remaining_refundable(), 2500);
    assert_eq!(
        c.created_at,
        Some(Utc.with_ymd_and_hms(2026, 11, 21, 10, 0, 0).unwrap())
    );
    assert_eq!(
        c.updated_at,
        Some(Utc.with_ymd_and_hms(2026, 11, 21, 10, 5, 0).unwrap())
    );
    let refunds = c.refunds();
    assert_eq!(refunds.len(), 1);
    assert_eq!(refunds[0].amount, 500);
    assert_eq!(refunds[0].reason.as_deref(), Some("duplicate"));
    assert_eq!(refunds[0].details.as_deref(), Some("dup"));
    assert!(refunds[0].created_at.is_some());
    // `refunds` is not a modelled field, so it is kept in `extra`.
    assert_eq!(c.extra.keys().collect::<Vec<_>>(), ["refunds"]);
}

#[test]
fn every_left_open_variant_parses() {
    let base = |extra: Value| {
        let mut v = json!({"status": "paid", "amount": 3000, "currency": "SEK"});
        for (k, x) in extra.as_object().unwrap() {
            v[k] = x.clone();
        }
        Checkout::from_json(&v).unwrap()
    };
    for id_key in ["checkout_id", "cid", "id"] {
        let c = base(json!({ id_key: "abc" }));
        assert_eq!(c.id.as_str(), "abc", "{id_key}");
        assert!(c.extra.is_empty(), "{id_key}");
    }
    assert_eq!(base(json!({"id": 42})).id.as_str(), "42");
    for link_key in ["link", "url", "checkout_url"] {
        let c = base(json!({"id": "a", link_key: "https://pay.example/a"}));
        assert_eq!(
            c.link.as_deref(),
            Some("https://pay.example/a"),
            "{link_key}"
        );
    }
    let want = Utc.with_ymd_and_hms(2023, 4, 1, 12, 0, 0).unwrap();
    for ts in [
        json!("2023-04-01T12:00:00Z"),
        json!("2023-04-01 12:00:00"),
        json!(1_680_350_400),
        json!("1680350400"),
    ] {
        let c = base(json!({"id": "a", "created_at": ts.clone(), "updated_at": ts.clone()}));
        assert_eq!(
            (c.created_at, c.updated_at),
            (Some(want), Some(want)),
            "{ts}"
        );
    }
    let meta = Metadata::new()
        .with("order", "1001")
        .with("vip", true)
        .with("n", 3i64);
    let as_pairs = json!([{"key": "order", "value": "1001"}, {"key": "vip", "value": true},
                          {"key": "n", "value": 3}]);
    assert_eq!(
        base(json!({"id": "a", "metaData": as_pairs})).metadata,
        meta
    );
    assert_eq!(
        base(json!({"id": "a", "metaData": {"order": "1001", "vip": true, "n": 3}})).metadata,
        meta
    );
    assert_eq!(base(json!({"id": "a", "amount": "3000"})).amount, 3000);
    for key in ["refundedAmount", "refunded_amount", "amount_refunded"] {
        for v in [json!(700), json!("700")] {
            let c = base(json!({"id": "a", "status": "partialRefund", key: v.clone()}));
            assert_eq!(c.refunded_amount, 700, "{key} {v}");
            assert_eq!(c.remaining_refundable(), 2300);
        }
    }
    let c = base(json!({"id": "a", "status": "chargeback_pending", "newField": {"x": [1]}}));
    assert_eq!(c.status, Status::Unknown("chargeback_pending".into()));
    assert_eq!(c.status.as_str(), "chargeback_pending");
    assert_eq!(c.extra.get("newField"), Some(&json!({"x": [1]})));
    assert_eq!(c.remaining_refundable(), 0);
}

#[test]
fn unreadable_optional_fields_stay_in_extra() {
    let c = Checkout::from_json(&json!({
        "id": "a", "status": "paid", "amount": 1, "currency": "EUR",
        "created_at": "last tuesday", "capture": "perhaps", "metaData": 17
    }))
    .unwrap();
    assert_eq!(c.created_at, None);
    assert_eq!(c.capture, None);
    assert!(c.metadata.is_empty());
    assert_eq!(c.extra.get("created_at"), Some(&json!("last tuesday")));
    assert_eq!(c.extra.get("capture"), Some(&json!("perhaps")));
    assert_eq!(c.extra.get("metaData"), Some(&json!(17)));
    // ... and survive a round trip.
    assert_eq!(Checkout::from_json(&c.to_json()).unwrap(), c);
}

#[test]
fn missing_or_wrong_required_fields_are_decode_errors() {
    for (v, field) in [
        (
            json!({"status": "paid", "amount": 1, "currency": "SEK"}),
            "checkout_id",
        ),
        (json!({"id": "a", "amount": 1, "currency": "SEK"}), "status"),
        (
            json!({"id": "a", "status": "paid", "currency": "SEK"}),
            "amount",
        ),
        (
            json!({"id": "a", "status": "paid", "amount": "30.50", "currency": "SEK"}),
            "amount",
        ),
        (
            json!({"id": "a", "status": "paid", "amount": 1}),
            "currency",
        ),
        (
            json!({"id": "has space", "status": "paid", "amount": 1, "currency": "SEK"}),
            "checkout_id",
        ),
    ] {
        let e = Checkout::from_json(&v).unwrap_err();
        assert_eq!(e.code(), "decode", "{v}");
        assert!(e.to_string().contains(field), "{e} / {field}");
    }
    for not_object in [json!([]), json!("x"), json!(null)] {
        assert_eq!(
            Checkout::from_json(&not_object).unwrap_err().code(),
            "decode"
        );
    }
}

#[test]
fn round_trips_through_json_and_serde() {
    let c = Checkout::from_json(&simulator_checkout()).unwrap();
    assert_eq!(Checkout::from_json(&c.to_json()).unwrap(), c);
    let via_serde: Checkout = serde_json::from_str(&serde_json::to_string(&c).unwrap()).unwrap();
    assert_eq!(via_serde, c);
    let cid_shape = Checkout::from_json(&json!({
        "cid": "a", "status": "weird", "amount": "5", "currency": "JPY",
        "url": "https://x.example", "metaData": [{"key": "k", "value": 1}],
        "created_at": 1_680_350_400, "mystery": true
    }))
    .unwrap();
    assert_eq!(
        Checkout::from_json(&cid_shape.to_json()).unwrap(),
        cid_shape
    );
}

#[test]
fn refunded_amount_inference_and_remaining() {
    let mk = |v: Value| Checkout::from_json(&v).unwrap();
    let refunded = mk(json!({"id": "a", "status": "refunded", "amount": 900, "currency": "SEK"}));
    assert_eq!(refunded.refunded_amount, 900);
    assert_eq!(refunded.remaining_refundable(), 0);
    let summed = mk(
        json!({"id": "a", "status": "partialRefund", "amount": 900, "currency": "SEK",
                           "refunds": [{"amount": 100}, {"amount": "200"}, {"bogus": 1}]}),
    );
    assert_eq!(summed.refunded_amount, 300);
    assert_eq!(summed.remaining_refundable(), 600);
    for (status, remaining) in [
        ("created", 0),
        ("reserved", 900),
        ("reserve released", 0),
        ("paid", 900),
        ("refunded", 0),
        ("partialRefund", 900),
        ("revoked", 0),
        ("failed", 0),
        ("canceled", 0),
    ] {
        let c = mk(
            json!({"id": "a", "status": status, "amount": 900, "currency": "SEK",
                          "refundedAmount": 0}),
        );
        assert_eq!(c.remaining_refundable(), remaining, "{status}");
        assert!(c.status.is_known());
    }
}

#[test]
fn customer_shapes() {
    let v = json!({
        "customer_id": "c1", "first_name": "Ada", "last_name": "Lovelace",
        "email": "ada@example.com", "client_page": "http://127.0.0.1:1/client/t",
        "metaData": [{"key": "tier", "value": "gold"}],
        "savedCards": [
            {"card_id": "k1", "brand": "visa", "last4": "4242", "expiry": "12/30", "default": true},
            {"id": "k2", "brand": "amex", "last_four": "0005", "exp_month": 3, "exp_year": 2031,
             "is_default": "false", "fingerprint": "zz"}
        ],
        "created_at": "2026-11-21 10:00:00",
        "loyalty": 5
    });
    let c = Customer::from_json(&v).unwrap();
    assert_eq!(c.id.as_str(), "c1");
    assert_eq!(
        (c.first_name.as_str(), c.last_name.as_str()),
        ("Ada", "Lovelace")
    );
    assert_eq!(c.email, "ada@example.com");
    assert_eq!(
        c.client_page.as_deref(),
        Some("http://127.0.0.1:1/client/t")
    );
    assert_eq!(c.metadata.get("tier"), Some(&MetaValue::from("gold")));
    assert_eq!(c.saved_cards.len(), 2);
    assert_eq!(
        c.default_card().unwrap().id.as_ref().unwrap().as_str(),
        "k1"
    );
    let k2 = &c.saved_cards[1];
    assert_eq!(k2.last4.as_deref(), Some("0005"));
    assert_eq!(k2.expiry.as_deref(), Some("03/31"));
    assert!(!k2.is_default);
    assert_eq!(k2.extra.get("fingerprint"), Some(&json!("zz")));
    assert_eq!(c.extra.get("loyalty"), Some(&json!(5)));
    assert!(c.created_at.is_some());
    assert_eq!(Customer::from_json(&c.to_json()).unwrap(), c);
    let by_id = Customer::from_json(&json!({"id": "c2"})).unwrap();
    assert_eq!(by_id.id.as_str(), "c2");
    assert!(by_id.saved_cards.is_empty() && by_id.email.is_empty());
    assert_eq!(
        Customer::from_json(&json!({"email": "x"}))
            .unwrap_err()
            .code(),
        "decode"
    );
}

#[test]
fn deleted_shapes() {
    let d = Deleted::from_json(&json!({"checkout_id": "a", "status": "deleted"})).unwrap();
    assert_eq!((d.id.as_str(), d.status.as_str()), ("a", "deleted"));
    let d = Deleted::from_json(&json!({"customer_id": "c", "status": "delete"})).unwrap();
    assert_eq!((d.id.as_str(), d.status.as_str()), ("c", "delete"));
    assert!(Deleted::from_json(&json!({"status": "deleted"})).is_err());
    let d = Deleted::from_json_or(&json!({"status": "deleted"}), "a").unwrap();
    assert_eq!(d.id, "a");
    let d = Deleted::from_json_or(&json!({}), "a").unwrap();
    assert_eq!((d.id.as_str(), d.status.as_str()), ("a", ""));
}
