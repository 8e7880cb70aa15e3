use super::*;
use crate::model::now;
use serde_json::json;

fn checkout(status: Status, capture: bool) -> Checkout {
    let t = now();
    Checkout {
        checkout_id: "0123456789abcdef0123456789abcdef".into(),
        identifier: Some("order-1".into()),
        status,
        amount: 3000,
        currency: "SEK".into(),
        message: "Coffee".into(),
        capture,
        allow_save_card: true,
        return_url: "https://shop.example/ok".into(),
        return_url_cancel: "https://shop.example/cancel".into(),
        customer_id: None,
        card_id: None,
        template: None,
        metadata: Map::new(),
        payment_methods: vec![],
        refunded_amount: 0,
        refunds: vec![],
        created_at: t,
        updated_at: t,
    }
}

fn refund_of(amount: Option<i64>) -> RefundInput {
    RefundInput {
        amount,
        ..RefundInput::default()
    }
}

#[test]
fn buyer_outcomes_from_created() {
    let cases = [
        (true, Outcome::Pay, Status::Paid),
        (false, Outcome::Pay, Status::Reserved),
        (true, Outcome::Reserve, Status::Reserved),
        (true, Outcome::Fail, Status::Failed),
        (true, Outcome::Cancel, Status::Canceled),
    ];
    for (capture, outcome, want) in cases {
        let mut c = checkout(Status::Created, capture);
        apply_outcome(&mut c, outcome, now()).unwrap();
        assert_eq!(c.status, want, "{outcome:?} capture={capture}");
    }
}

#[test]
fn buyer_outcome_only_once() {
    for status in Status::ALL.into_iter().filter(|s| *s != Status::Created) {
        let mut c = checkout(status, true);
        let err = apply_outcome(&mut c, Outcome::Pay, now()).unwrap_err();
        assert_eq!(
            err.to_string(),
            format!("checkout is {status}; pay requires status created")
        );
        assert_eq!(c.status, status);
    }
}

#[test]
fn auto_pay_respects_capture() {
    let mut c = checkout(Status::Created, true);
    auto_pay(&mut c).unwrap();
    assert_eq!(c.status, Status::Paid);
    let mut c = checkout(Status::Created, false);
    auto_pay(&mut c).unwrap();
    assert_eq!(c.status, Status::Reserved);
}

#[test]
fn capture_only_from_reserved() {
    let mut c = checkout(Status::Reserved, false);
    capture(&mut c, now()).unwrap();
    assert_eq!(c.status, Status::Paid);
    for status in Status::ALL.into_iter().filter(|s| *s != Status::Reserved) {
        let mut c = checkout(status, false);
        let err = capture(&mut c, now()).unwrap_err();
        assert_eq!(
            err.to_string(),
            format!("checkout is {status}; capture requires status reserved")
        );
    }
}

#[test]
fn full_refund_without_amount() {
    let mut c = checkout(Status::Paid, true);
    let input = RefundInput {
        amount: None,
        reason: Some(RefundReason::Duplicate),
        details: Some("double charge".into()),
    };
    assert_eq!(refund(&mut c, input, now()).unwrap(), 3000);
    assert_eq!(c.status, Status::Refunded);
    assert_eq!(c.refunded_amount, 3000);
    assert_eq!(c.refunds.len(), 1);
    assert_eq!(c.refunds[0].reason, Some(RefundReason::Duplicate));
    assert_eq!(
        c.refunds[0].refund_details.as_deref(),
        Some("double charge")
    );
}

#[test]
fn partial_refunds_until_whole() {
    let mut c = checkout(Status::Paid, true);
    refund(&mut c, refund_of(Some(1000)), now()).unwrap();
    assert_eq!((c.status, c.refunded_amount), (Status::PartialRefund, 1000));
    refund(&mut c, refund_of(Some(500)), now()).unwrap();
    assert_eq!((c.status, c.refunded_amount), (Status::PartialRefund, 1500));
    let err = refund(&mut c, refund_of(Some(1501)), now()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "refund amount 1501 exceeds the remaining refundable amount 1500"
    );
    assert_eq!(refund(&mut c, refund_of(None), now()).unwrap(), 1500);
    assert_eq!((c.status, c.refunded_amount), (Status::Refunded, 3000));
    assert_eq!(
        c.refunds.iter().map(|r| r.amount).collect::<Vec<_>>(),
        [1000, 500, 1500]
    );
    let err = refund(&mut c, refund_of(None), now()).unwrap_err();
    assert!(err
        .to_string()
        .starts_with("checkout is refunded; refund requires"));
}

#[test]
fn refund_amount_must_be_positive() {
    for bad in [0, -5] {
        let mut c = checkout(Status::Paid, true);
        let err = refund(&mut c, refund_of(Some(bad)), now()).unwrap_err();
        assert!(err.to_string().contains("greater than 0"), "{err}");
        assert_eq!(c.status, Status::Paid);
        assert!(c.refunds.is_empty());
    }
}

#[test]
fn reserve_is_released_whole() {
    for amount in [None, Some(3000)] {
        let mut c = checkout(Status::Reserved, false);
        assert_eq!(refund(&mut c, refund_of(amount), now()).unwrap(), 3000);
        assert_eq!(c.status, Status::ReserveReleased);
        assert_eq!(c.refunded_amount, 3000);
    }
    let mut c = checkout(Status::Reserved, false);
    let err = refund(&mut c, refund_of(Some(1000)), now()).unwrap_err();
    assert!(err.to_string().contains("released whole"), "{err}");
    assert_eq!(c.status, Status::Reserved);
}

#[test]
fn refund_refused_outside_paid_reserved() {
    for status in [
        Status::Created,
        Status::ReserveReleased,
        Status::Refunded,
        Status::Revoked,
        Status::Failed,
        Status::Canceled,
    ] {
        let mut c = checkout(status, true);
        let err = refund(&mut c, refund_of(None), now()).unwrap_err();
        assert_eq!(
            err.to_string(),
            format!("checkout is {status}; refund requires status paid, partialRefund or reserved")
        );
    }
}

#[test]
fn update_merges_in_every_status_and_keeps_limits() {
    for status in Status::ALL {
        let mut c = checkout(status, true);
        c.metadata = json!({"a": "1", "b": 2}).as_object().cloned().unwrap();
        let patch = json!({"a": "", "c": true}).as_object().cloned().unwrap();
        update_metadata(&mut c, &patch, now()).unwrap();
        assert_eq!(
            Value::Object(c.metadata.clone()),
            json!({"b": 2, "c": true})
        );
    }
    let mut c = checkout(Status::Paid, true);
    let patch: Map<String, Value> = (0..51).map(|i| (format!("k{i}"), json!(i))).collect();
    assert!(update_metadata(&mut c, &patch, now()).is_err());
    assert!(c.metadata.is_empty(), "a refused update changes nothing");
}

#[test]
fn delete_only_created() {
    assert!(check_delete(&checkout(Status::Created, true)).is_ok());
    for status in Status::ALL.into_iter().filter(|s| *s != Status::Created) {
        let err = check_delete(&checkout(status, true)).unwrap_err();
        assert_eq!(
            err.to_string(),
            format!("checkout is {status}; delete requires status created")
        );
    }
}

#[test]
fn revoke_only_paid() {
    for status in [Status::Paid, Status::PartialRefund] {
        let mut c = checkout(status, true);
        revoke(&mut c, now()).unwrap();
        assert_eq!(c.status, Status::Revoked);
    }
    let mut c = checkout(Status::Created, true);
    assert!(revoke(&mut c, now()).is_err());
}

#[test]
fn outcome_names_round_trip() {
    for o in Outcome::ALL {
        assert_eq!(Outcome::parse(o.as_str()), Some(o));
    }
    assert_eq!(Outcome::parse("PAY"), None);
}
