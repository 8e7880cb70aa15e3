//! Writes refused before sending: no request reaches the simulator (its ledger does not
//! move), no journal row is written, and the refusal is audited.

use neuropay::{CreateCheckout, IdempotencyKey, Metadata, RefundRequest, UpdateMetadata};
use serde_json::json;

use super::support::{cid, Env};
use crate::ops::{Actor, WriteCtx};
use crate::{GuardRails, JournalOp, Mode, NewJournalEntry, Outcome as AuditOutcome};

/// Asserts `result` is refused with `code`, and that nothing was sent or journaled.
async fn assert_refused<T: std::fmt::Debug>(
    env: &Env,
    code: &str,
    needle: &str,
    result: crate::Result<T>,
    ledger_before: usize,
    journal_before: usize,
) {
    let err = result.expect_err("refused");
    assert_eq!(err.code(), code, "{err}");
    assert!(
        err.message().contains(needle),
        "{needle:?} not in {:?}",
        err.message()
    );
    assert_eq!(
        env.ledger().len(),
        ledger_before,
        "a request reached the simulator"
    );
    assert_eq!(
        env.journal().len(),
        journal_before,
        "a journal row was written"
    );
}

#[tokio::test]
async fn status_amount_and_metadata_refusals_send_nothing() {
    let env = Env::start().await;
    let ctx = env.ctx(Mode::Test);
    let created = env.create(Mode::Test, 3000, true).await;
    let paid = env.paid(Mode::Test, 3000).await;
    let reserved = env.reserved(Mode::Test, 2000).await;
    let many = (0..45).fold(Metadata::new(), |m, i| m.with(format!("k{i}"), i));
    let crowded = env
        .desk
        .create_checkout(
            &ctx,
            CreateCheckout::builder(
                900,
                "EUR",
                "Many keys",
                "https://s.example/a",
                "https://s.example/b",
            )
            .metadata(many)
            .build()
            .unwrap(),
        )
        .await
        .unwrap();
    let (l, j) = (env.ledger().len(), env.journal().len());
    let d = &env.desk;

    assert_refused(
        &env,
        "wrong_status",
        "only a reserved checkout can be captured",
        d.capture(&ctx, &cid(&paid.id)).await,
        l,
        j,
    )
    .await;
    assert_refused(
        &env,
        "wrong_status",
        "release the reserve",
        d.refund(&ctx, RefundRequest::new(cid(&reserved.id)).build().unwrap())
            .await,
        l,
        j,
    )
    .await;
    assert_refused(
        &env,
        "wrong_status",
        "refund it instead",
        d.release(&ctx, &cid(&paid.id)).await,
        l,
        j,
    )
    .await;
    assert_refused(
        &env,
        "wrong_status",
        "only a paid or partially refunded",
        d.refund(&ctx, RefundRequest::new(cid(&created.id)).build().unwrap())
            .await,
        l,
        j,
    )
    .await;
    assert_refused(
        &env,
        "wrong_status",
        "only a created (unpaid) checkout can be deleted",
        d.delete_checkout(&ctx, &cid(&paid.id)).await,
        l,
        j,
    )
    .await;
    assert_refused(
        &env,
        "invalid_input",
        "exceeds what checkout",
        d.refund(
            &ctx,
            RefundRequest::new(cid(&paid.id))
                .amount(3001)
                .build()
                .unwrap(),
        )
        .await,
        l,
        j,
    )
    .await;
    let too_many = (0..6).fold(UpdateMetadata::new(cid(&crowded.id)), |u, i| {
        u.set(format!("new{i}"), "x")
    });
    assert_refused(
        &env,
        "invalid_input",
        "would break a limit",
        d.update_metadata(&ctx, too_many.build().unwrap()).await,
        l,
        j,
    )
    .await;
    // Invalid input never even becomes a request value.
    let zero = RefundRequest::new(cid(&paid.id)).amount(0).build();
    assert_eq!(zero.unwrap_err().code(), "invalid_input");

    // A deleted checkout refuses everything, without asking the server again.
    d.delete_checkout(&ctx, &cid(&created.id)).await.unwrap();
    let (l, j) = (env.ledger().len(), env.journal().len());
    assert_refused(
        &env,
        "wrong_status",
        "was deleted",
        d.update_metadata(
            &ctx,
            UpdateMetadata::new(cid(&created.id))
                .set("a", "b")
                .build()
                .unwrap(),
        )
        .await,
        l,
        j,
    )
    .await;

    let refusals = env
        .audit("checkout_refunded")
        .into_iter()
        .filter(|e| e.outcome == AuditOutcome::Failure)
        .count();
    assert_eq!(refusals, 3, "every refused refund is audited");
    let capture = env.audit("checkout_captured").pop().unwrap();
    assert_eq!(capture.error_code.as_deref(), Some("wrong_status"));
    assert!(capture.params["journalId"].is_null());
    assert_eq!(capture.target.as_deref(), Some(paid.id.as_str()));
}

#[tokio::test]
async fn one_write_in_flight_per_checkout() {
    let env = Env::start().await;
    let paid = env.paid(Mode::Test, 3000).await;
    let key = IdempotencyKey::random();
    env.desk
        .store()
        .journal_insert_pending(&NewJournalEntry {
            profile_id: &env.profile.id,
            mode: Mode::Test,
            operation: JournalOp::RefundCheckout,
            target_id: Some(&paid.id),
            params: json!({"checkout_id": paid.id, "amount": 100}),
            idempotency_key: &key,
        })
        .unwrap();
    let (l, j) = (env.ledger().len(), env.journal().len());
    let refund = RefundRequest::new(cid(&paid.id))
        .amount(200)
        .build()
        .unwrap();
    assert_refused(
        &env,
        "write_in_flight",
        &paid.id,
        env.desk.refund(&env.ctx(Mode::Test), refund).await,
        l,
        j,
    )
    .await;
    // Another checkout is not blocked.
    let other = env.paid(Mode::Test, 500).await;
    env.desk
        .refund(
            &env.ctx(Mode::Test),
            RefundRequest::new(cid(&other.id)).build().unwrap(),
        )
        .await
        .unwrap();
}

#[tokio::test]
async fn live_guard_rails_and_confirmation() {
    let env = Env::start().await;
    let live_paid = env.paid(Mode::Live, 3000).await;
    let (l, j) = (env.ledger().len(), env.journal().len());
    let d = &env.desk;
    let unconfirmed = WriteCtx::new(env.scope(Mode::Live), Actor::Cli);
    let refund = |amount: Option<i64>| {
        let r = RefundRequest::new(cid(&live_paid.id));
        match amount {
            Some(a) => r.amount(a).build().unwrap(),
            None => r.build().unwrap(),
        }
    };

    assert_refused(
        &env,
        "confirmation_required",
        "confirm",
        d.refund(&unconfirmed, refund(Some(100))).await,
        l,
        j,
    )
    .await;
    assert_refused(
        &env,
        "confirmation_required",
        "live mode",
        d.create_checkout(&unconfirmed, super::support::checkout_request(100, true))
            .await,
        l,
        j,
    )
    .await;
    let audit = env.audit("checkout_refunded").pop().unwrap();
    assert_eq!(audit.params["via"], "cli");
    assert_eq!(audit.mode, Some(Mode::Live));

    // Refund cap: above is refused (also the implicit "everything"), at the cap is sent.
    d.store()
        .set_guard_rails(
            &env.profile.id,
            GuardRails {
                live_read_only: false,
                live_refund_cap: Some(1000),
            },
        )
        .unwrap();
    let live = env.ctx(Mode::Live);
    assert_refused(
        &env,
        "guard_rail",
        "refund cap",
        d.refund(&live, refund(Some(1001))).await,
        l,
        j,
    )
    .await;
    assert_refused(
        &env,
        "guard_rail",
        "refund cap",
        d.refund(&live, refund(None)).await,
        l,
        j,
    )
    .await;
    // The cap is a live rail: test mode is not capped.
    let test_paid = env.paid(Mode::Test, 3000).await;
    let (l2, j2) = (env.ledger().len(), env.journal().len());
    d.refund(
        &env.ctx(Mode::Test),
        RefundRequest::new(cid(&test_paid.id))
            .amount(2000)
            .build()
            .unwrap(),
    )
    .await
    .unwrap();
    d.refund(&live, refund(Some(1000))).await.unwrap();
    assert_eq!(env.ledger().len(), l2 + 2);
    assert_eq!(env.journal().len(), j2 + 2);

    // Read-only: every live write is refused, confirmed or not; test mode still writes.
    d.store()
        .set_guard_rails(
            &env.profile.id,
            GuardRails {
                live_read_only: true,
                live_refund_cap: None,
            },
        )
        .unwrap();
    let (l, j) = (env.ledger().len(), env.journal().len());
    assert_refused(
        &env,
        "guard_rail",
        "read-only",
        d.refund(&live, refund(Some(100))).await,
        l,
        j,
    )
    .await;
    assert_refused(
        &env,
        "guard_rail",
        "read-only",
        d.create_checkout(&live, super::support::checkout_request(100, true))
            .await,
        l,
        j,
    )
    .await;
    env.create(Mode::Test, 100, true).await;
}
