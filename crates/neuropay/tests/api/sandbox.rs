//! Every endpoint and state transition against the in-process simulator (real HTTP on a
//! loopback port), and the exactly-once refund whose first reply is lost.

use std::collections::BTreeSet;
use std::time::Duration;

use neuropay::{
    ApiKey, Checkout, CheckoutId, Client, CreateCheckout, CreateCustomer, CustomerId, Error,
    IdempotencyKey, MetaValue, Metadata, PaymentMethod, RefundReason, RefundRequest, RetryPolicy,
    Status, UpdateMetadata,
};
use neuropay_sandbox::{Faults, Outcome, Sandbox, SandboxConfig};

pub(crate) async fn sandbox() -> Sandbox {
    neuropay_sandbox::start(SandboxConfig::default())
        .await
        .unwrap()
}

pub(crate) fn client_with(sb: &Sandbox, key: &str, retry: RetryPolicy) -> Client {
    Client::builder(&sb.base_url(), ApiKey::new(key).unwrap())
        .retry(retry)
        .timeout(Duration::from_secs(2))
        .build()
        .unwrap()
}

pub(crate) fn test_client(sb: &Sandbox) -> Client {
    client_with(sb, &sb.keys().test, RetryPolicy::fast(3))
}

pub(crate) fn order(amount: i64) -> neuropay::CreateCheckoutBuilder {
    CreateCheckout::builder(
        amount,
        "SEK",
        "Order 1001",
        "https://shop.example/ok",
        "https://shop.example/cancel",
    )
}

pub(crate) async fn create(c: &Client, b: neuropay::CreateCheckoutBuilder) -> Checkout {
    c.create_checkout(&b.build().unwrap(), &IdempotencyKey::random())
        .await
        .unwrap()
        .value
}

pub(crate) async fn status_of(c: &Client, id: &CheckoutId) -> Status {
    c.retrieve_checkout(id).await.unwrap().value.status
}

pub(crate) fn refund(id: &CheckoutId, amount: Option<i64>) -> RefundRequest {
    let mut b = RefundRequest::new(id.clone()).reason(RefundReason::RequestedByCustomer);
    if let Some(a) = amount {
        b = b.amount(a);
    }
    b.build().unwrap()
}

#[tokio::test]
async fn create_retrieve_and_every_field_round_trip() {
    let sb = sandbox().await;
    let c = test_client(&sb);
    let req = order(3000)
        .identifier("order-1001")
        .allow_save_card(false)
        .template("iframe")
        .metadata(
            Metadata::new()
                .with("order", "1001")
                .with("vip", true)
                .with("n", 3i64),
        )
        .payment_method(PaymentMethod::new("card").brand("visa").brand("amex"))
        .build()
        .unwrap();
    let reply = c
        .create_checkout(&req, &IdempotencyKey::random())
        .await
        .unwrap();
    let made = &reply.value;
    assert_eq!(made.status, Status::Created);
    assert_eq!((made.amount, made.currency.as_str()), (3000, "SEK"));
    assert_eq!(made.identifier.as_deref(), Some("order-1001"));
    assert_eq!(made.allow_save_card, Some(false));
    assert_eq!(made.template.as_deref(), Some("iframe"));
    assert_eq!(made.metadata, req.metadata().cloned().unwrap());
    assert_eq!(made.payment_methods, req.payment_methods());
    assert!(made.link.as_deref().unwrap().starts_with(&sb.base_url()));
    assert!(made.created_at.is_some());
    assert_eq!(
        reply.raw,
        sb.checkout_json(&sb.keys().test, made.id.as_str()).unwrap()
    );

    let got = c.retrieve_checkout(&made.id).await.unwrap();
    assert_eq!(&got.value, made);
    assert_eq!(got.attempts, 1);
    sb.shutdown().await;
}

#[tokio::test]
async fn pay_then_partial_and_full_refund() {
    let sb = sandbox().await;
    let c = test_client(&sb);
    let co = create(&c, order(3000)).await;
    sb.buyer_outcome(&sb.keys().test, co.id.as_str(), Outcome::Pay)
        .unwrap();
    assert_eq!(status_of(&c, &co.id).await, Status::Paid);

    let r = c
        .refund_checkout(&refund(&co.id, Some(1000)), &IdempotencyKey::random())
        .await
        .unwrap()
        .value;
    assert_eq!(r.status, Status::PartialRefund);
    assert_eq!((r.refunded_amount, r.remaining_refundable()), (1000, 2000));
    assert_eq!(r.refunds().len(), 1);
    assert_eq!(
        r.refunds()[0].reason.as_deref(),
        Some("requested_by_customer")
    );

    let r = c
        .refund_checkout(&refund(&co.id, None), &IdempotencyKey::random())
        .await
        .unwrap()
        .value;
    assert_eq!(r.status, Status::Refunded);
    assert_eq!((r.refunded_amount, r.remaining_refundable()), (3000, 0));

    let e = c
        .refund_checkout(&refund(&co.id, Some(1)), &IdempotencyKey::random())
        .await
        .unwrap_err();
    assert!(matches!(e, Error::Rejected { status: 400, .. }), "{e:?}");
    sb.shutdown().await;
}

#[tokio::test]
async fn fraud_refund_reason_reaches_the_server_as_fraudolent() {
    let sb = sandbox().await;
    let c = test_client(&sb);
    let co = create(&c, order(500)).await;
    sb.buyer_outcome(&sb.keys().test, co.id.as_str(), Outcome::Pay)
        .unwrap();
    let req = RefundRequest::new(co.id.clone())
        .reason(RefundReason::Fraudulent)
        .details("stolen card")
        .build()
        .unwrap();
    let r = c
        .refund_checkout(&req, &IdempotencyKey::random())
        .await
        .unwrap()
        .value;
    assert_eq!(r.status, Status::Refunded);
    let entry = &r.refunds()[0];
    assert_eq!(entry.reason.as_deref(), Some("fraudolent"));
    assert_eq!(entry.details.as_deref(), Some("stolen card"));
    sb.shutdown().await;
}

#[tokio::test]
async fn reserve_then_capture_or_release() {
    let sb = sandbox().await;
    let c = test_client(&sb);
    let key = sb.keys().test.clone();

    let a = create(&c, order(2000).capture(false)).await;
    assert_eq!(a.capture, Some(false));
    let e = c
        .capture_checkout(&a.id, &IdempotencyKey::random())
        .await
        .unwrap_err();
    assert!(
        matches!(e, Error::Rejected { status: 400, .. }),
        "capture before reserve: {e:?}"
    );
    sb.buyer_outcome(&key, a.id.as_str(), Outcome::Reserve)
        .unwrap();
    assert_eq!(status_of(&c, &a.id).await, Status::Reserved);
    let paid = c
        .capture_checkout(&a.id, &IdempotencyKey::random())
        .await
        .unwrap();
    assert_eq!(paid.value.status, Status::Paid);

    let b = create(&c, order(2000).capture(false)).await;
    sb.buyer_outcome(&key, b.id.as_str(), Outcome::Pay).unwrap();
    assert_eq!(status_of(&c, &b.id).await, Status::Reserved);
    let released = c
        .refund_checkout(&refund(&b.id, None), &IdempotencyKey::random())
        .await
        .unwrap();
    assert_eq!(released.value.status, Status::ReserveReleased);
    assert!(released.value.status.is_final());
    sb.shutdown().await;
}

#[tokio::test]
async fn failed_canceled_revoked_and_delete() {
    let sb = sandbox().await;
    let c = test_client(&sb);
    let key = sb.keys().test.clone();
    let mut seen = BTreeSet::new();

    for (outcome, want) in [
        (Outcome::Fail, Status::Failed),
        (Outcome::Cancel, Status::Canceled),
    ] {
        let co = create(&c, order(100)).await;
        seen.insert(co.status.as_str().to_owned());
        sb.buyer_outcome(&key, co.id.as_str(), outcome).unwrap();
        assert_eq!(status_of(&c, &co.id).await, want);
        seen.insert(want.as_str().to_owned());
    }
    let co = create(&c, order(100)).await;
    sb.buyer_outcome(&key, co.id.as_str(), Outcome::Pay)
        .unwrap();
    sb.revoke(&key, co.id.as_str()).unwrap();
    assert_eq!(status_of(&c, &co.id).await, Status::Revoked);
    seen.insert("revoked".to_owned());
    let e = c
        .delete_checkout(&co.id, &IdempotencyKey::random())
        .await
        .unwrap_err();
    assert!(
        matches!(e, Error::Rejected { status: 400, .. }),
        "delete revoked: {e:?}"
    );

    let co = create(&c, order(100)).await;
    let d = c
        .delete_checkout(&co.id, &IdempotencyKey::random())
        .await
        .unwrap();
    assert_eq!(
        (d.value.id.as_str(), d.value.status.as_str()),
        (co.id.as_str(), "deleted")
    );
    let e = c.retrieve_checkout(&co.id).await.unwrap_err();
    assert!(
        matches!(e, Error::Rejected { status: 400, .. }),
        "retrieve deleted: {e:?}"
    );
    assert_eq!(seen.len(), 4);
    sb.shutdown().await;
}

#[tokio::test]
async fn update_merges_and_removes_metadata() {
    let sb = sandbox().await;
    let c = test_client(&sb);
    let co = create(
        &c,
        order(100).metadata(Metadata::new().with("a", "1").with("b", "2")),
    )
    .await;
    let up = UpdateMetadata::new(co.id.clone())
        .set("c", 3i64)
        .set("a", "one")
        .remove("b")
        .build()
        .unwrap();
    let got = c
        .update_checkout(&up, &IdempotencyKey::random())
        .await
        .unwrap()
        .value;
    assert_eq!(
        got.metadata,
        Metadata::new().with("a", "one").with("c", 3i64)
    );
    assert_eq!(got.metadata.get("c"), Some(&MetaValue::from(3i64)));
    sb.shutdown().await;
}

#[tokio::test]
async fn customers_create_retrieve_use_and_delete() {
    let sb = sandbox().await;
    let c = test_client(&sb);
    let req = CreateCustomer::new("Ada", "Lovelace", "ada@example.com")
        .metadata(Metadata::new().with("tier", "gold"))
        .build()
        .unwrap();
    let cust = c
        .create_customer(&req, &IdempotencyKey::random())
        .await
        .unwrap()
        .value;
    assert_eq!(
        (cust.first_name.as_str(), cust.email.as_str()),
        ("Ada", "ada@example.com")
    );
    assert_eq!(cust.metadata.get("tier"), Some(&MetaValue::from("gold")));
    assert!(cust.client_page.is_some());
    assert!(cust.saved_cards.is_empty());
    let again = c.retrieve_customer(&cust.id).await.unwrap().value;
    assert_eq!(again, cust);

    let co = create(&c, order(100).customer(cust.id.clone())).await;
    assert_eq!(co.customer_id.as_ref(), Some(&cust.id));

    let d = c
        .delete_customer(&cust.id, &IdempotencyKey::random())
        .await
        .unwrap();
    assert_eq!(
        (d.value.id.as_str(), d.value.status.as_str()),
        (cust.id.as_str(), "delete")
    );
    let e = c.retrieve_customer(&cust.id).await.unwrap_err();
    assert!(matches!(e, Error::Rejected { status: 400, .. }), "{e:?}");
    let e = c
        .retrieve_customer(&CustomerId::new("0000").unwrap())
        .await
        .unwrap_err();
    assert_eq!(e.code(), "rejected");
    sb.shutdown().await;
}

#[tokio::test]
async fn wrong_key_other_company_and_key_reuse() {
    let sb = sandbox().await;
    let c = test_client(&sb);
    let co = create(&c, order(100)).await;

    let stranger = client_with(
        &sb,
        "npsb_test_notarealkey000000000000000000",
        RetryPolicy::fast(3),
    );
    let e = stranger.retrieve_checkout(&co.id).await.unwrap_err();
    assert_eq!(e.code(), "unauthorized");

    let other = sb.add_company();
    let e = client_with(&sb, &other.test, RetryPolicy::fast(3))
        .retrieve_checkout(&co.id)
        .await
        .unwrap_err();
    assert!(matches!(e, Error::Rejected { status: 400, .. }), "{e:?}");

    // The live key sees another world.
    let e = client_with(&sb, &sb.keys().live, RetryPolicy::fast(3))
        .retrieve_checkout(&co.id)
        .await
        .unwrap_err();
    assert_eq!(e.code(), "rejected");

    let key = IdempotencyKey::random();
    let first = c
        .create_checkout(&order(100).build().unwrap(), &key)
        .await
        .unwrap();
    let replay = c
        .create_checkout(&order(100).build().unwrap(), &key)
        .await
        .unwrap();
    assert_eq!(
        first.value.id, replay.value.id,
        "same key, same request: same checkout"
    );
    let e = c
        .create_checkout(&order(200).build().unwrap(), &key)
        .await
        .unwrap_err();
    assert_eq!(e.code(), "conflict");
    assert!(!e.may_have_been_applied());
    let creates = sb.ledger().iter().filter(|l| l.action == "create").count();
    assert_eq!(creates, 2);
    sb.shutdown().await;
}

#[tokio::test]
async fn simulator_faults_map_to_the_documented_errors() {
    let sb = sandbox().await;
    let c = test_client(&sb);
    let co = create(&c, order(100)).await;

    // 5xx on every attempt, nothing applied — but the client cannot know that.
    sb.set_faults(Faults {
        error_rate: 1.0,
        ..Faults::default()
    });
    let e = c
        .capture_checkout(&co.id, &IdempotencyKey::random())
        .await
        .unwrap_err();
    assert!(e.is_outcome_unknown(), "{e:?}");
    let e = c.retrieve_checkout(&co.id).await.unwrap_err();
    assert_eq!(e.code(), "server_error");

    // 429 asking for longer than we wait: reported at once with the server's delay.
    sb.set_faults(Faults {
        rate_429: 1.0,
        retry_after: Duration::from_secs(5),
        ..Faults::default()
    });
    let e = c
        .delete_checkout(&co.id, &IdempotencyKey::random())
        .await
        .unwrap_err();
    assert!(
        matches!(e, Error::RateLimited { retry_after: Some(d), .. } if d == Duration::from_secs(5)),
        "{e:?}"
    );
    assert!(!e.may_have_been_applied());

    sb.set_faults(Faults::default());
    assert_eq!(status_of(&c, &co.id).await, Status::Created);
    sb.shutdown().await;
}
