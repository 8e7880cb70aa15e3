//! Every write path that sends: success, server refusal, outcome unknown, offline, and
//! the test/live separation.

use neuropay::{CreateCustomer, CustomerId, RefundReason, RefundRequest, UpdateMetadata};
use neuropay_sandbox::Outcome;

use super::support::{cid, closed_port_url, Env};
use crate::{EventKind, JournalOp, JournalState, Mode, Outcome as AuditOutcome};

#[tokio::test]
async fn each_write_is_journaled_cached_timelined_and_audited_once() {
    let env = Env::start().await;
    let ctx = env.ctx(Mode::Test);
    let scope = env.scope(Mode::Test);
    let store = env.desk.store();

    // Create: cached as created, with a `created` event carrying the journal id.
    let created = env.create(Mode::Test, 3000, false).await;
    assert_eq!(created.status, "created");
    assert_eq!(created.amount_formatted, "30.00 SEK");
    let j = env.journal();
    assert_eq!(j.len(), 1);
    assert_eq!(j[0].state, JournalState::Done);
    assert_eq!(j[0].operation, JournalOp::CreateCheckout);
    assert_eq!(
        j[0].target_id.as_deref(),
        Some(created.id.as_str()),
        "a create learns its id"
    );
    assert_eq!(j[0].params["amount"], 3000);
    let events = store
        .checkout_events(&scope.profile, Mode::Test, &created.id)
        .unwrap();
    assert_eq!(events.len(), 1, "{events:?}");
    assert_eq!(events[0].kind, EventKind::Created);
    assert_eq!(events[0].journal_id.as_deref(), Some(j[0].id.as_str()));
    assert_eq!(events[0].detail.as_ref().unwrap()["via"], "ui");

    // Capture after the buyer reserved. The cache still says `created`: the refusal
    // refreshes the checkout once, sees `reserved`, and lets the capture through.
    env.buyer(Mode::Test, &created.id, Outcome::Reserve);
    let captured = env.desk.capture(&ctx, &cid(&created.id)).await.unwrap();
    assert_eq!(captured.status, "paid");

    // Partial refund, then the rest (no amount).
    let partial = env
        .desk
        .refund(
            &ctx,
            RefundRequest::new(cid(&created.id))
                .amount(500)
                .reason(RefundReason::Duplicate)
                .build()
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(partial.status, "partialRefund");
    assert_eq!(partial.remaining_refundable, 2500);
    let full = env
        .desk
        .refund(&ctx, RefundRequest::new(cid(&created.id)).build().unwrap())
        .await
        .unwrap();
    assert_eq!((full.status.as_str(), full.refunded), ("refunded", 3000));

    let kinds: Vec<(EventKind, Option<i64>)> = store
        .checkout_events(&scope.profile, Mode::Test, &created.id)
        .unwrap()
        .into_iter()
        .map(|e| (e.kind, e.amount))
        .collect();
    assert_eq!(
        kinds,
        [
            (EventKind::Created, Some(3000)),
            (EventKind::StatusChanged, None),
            (EventKind::Captured, None),
            (EventKind::Refunded, Some(500)),
            (EventKind::Refunded, Some(2500)),
        ],
        "the refresh before the capture saw `reserved`; each write is one event"
    );

    // Release a reserve.
    let reserved = env.reserved(Mode::Test, 1200).await;
    let released = env.desk.release(&ctx, &cid(&reserved.id)).await.unwrap();
    assert_eq!(released.status, "reserve released");

    // Metadata: set and remove.
    let open = env.create(Mode::Test, 700, true).await;
    let meta = env
        .desk
        .update_metadata(
            &ctx,
            UpdateMetadata::new(cid(&open.id))
                .set("order", "1001")
                .set("vip", true)
                .build()
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(meta.metadata["order"], "1001");
    let meta = env
        .desk
        .update_metadata(
            &ctx,
            UpdateMetadata::new(cid(&open.id))
                .remove("vip")
                .build()
                .unwrap(),
        )
        .await
        .unwrap();
    assert!(!meta.metadata.contains_key("vip"));

    // Delete: the row stays, final, with status `deleted`.
    env.desk
        .delete_checkout(&ctx, &cid(&open.id))
        .await
        .unwrap();
    let gone = store
        .get_checkout(&scope.profile, Mode::Test, &open.id)
        .unwrap();
    assert_eq!((gone.status.as_str(), gone.is_final), ("deleted", true));
    let last = store
        .checkout_events(&scope.profile, Mode::Test, &open.id)
        .unwrap()
        .pop()
        .unwrap();
    assert_eq!(last.kind, EventKind::Deleted);
    assert_eq!(last.to_status.as_deref(), Some("deleted"));

    // Customers.
    let customer = env
        .desk
        .create_customer(
            &ctx,
            CreateCustomer::new("Ada", "Lovelace", "ada@example.com")
                .build()
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(customer.email, "ada@example.com");
    let customer_id = CustomerId::new(customer.id.clone()).unwrap();
    env.desk.delete_customer(&ctx, &customer_id).await.unwrap();
    assert!(
        store
            .get_customer(&scope.profile, Mode::Test, &customer.id)
            .unwrap()
            .deleted
    );

    // The simulator applied each write exactly once, under the journal's key.
    let journal = env.journal();
    let ledger: Vec<_> = env
        .ledger()
        .into_iter()
        .filter(|e| e.idempotency_key.is_some())
        .collect();
    assert_eq!(journal.len(), 12);
    assert_eq!(ledger.len(), journal.len());
    for row in &journal {
        assert_eq!(row.state, JournalState::Done, "{row:?}");
        let applied = ledger
            .iter()
            .filter(|e| e.idempotency_key.as_deref() == Some(row.idempotency_key.as_str()))
            .count();
        assert_eq!(applied, 1, "{row:?}");
    }
    for action in [
        "checkout_created",
        "checkout_captured",
        "checkout_refunded",
        "reserve_released",
        "checkout_metadata_updated",
        "checkout_deleted",
        "customer_created",
        "customer_deleted",
    ] {
        let entries = env.audit(action);
        assert!(!entries.is_empty(), "no audit entry for {action}");
        for e in entries {
            assert_eq!(e.outcome, AuditOutcome::Success, "{action}");
            assert_eq!(e.mode, Some(Mode::Test));
            assert_eq!(e.params["via"], "ui");
            assert!(e.params["journalId"].is_string(), "{action}: {}", e.params);
            assert!(e.target.is_some(), "{action}");
        }
    }
}

#[tokio::test]
async fn a_server_refusal_marks_the_write_failed_with_the_servers_message() {
    let env = Env::start().await;
    let row = env.create(Mode::Test, 3000, true).await;
    // The buyer pays, but the cache still says `created`: the desk lets the delete
    // through, and the server refuses it.
    env.buyer(Mode::Test, &row.id, Outcome::Pay);
    let before = env.ledger().len();
    let err = env
        .desk
        .delete_checkout(&env.ctx(Mode::Test), &cid(&row.id))
        .await
        .unwrap_err();
    assert_eq!(err.code(), "rejected");
    assert!(err.message().contains("HTTP 400"), "{}", err.message());
    assert!(
        err.message().contains("paid"),
        "server's message: {}",
        err.message()
    );
    assert_eq!(env.ledger().len(), before, "nothing applied");

    let j = env.journal().pop().unwrap();
    assert_eq!(j.state, JournalState::Failed);
    assert_eq!(j.error_code.as_deref(), Some("rejected"));
    let ev = env
        .desk
        .store()
        .checkout_events(&env.profile.id, Mode::Test, &row.id)
        .unwrap()
        .pop()
        .unwrap();
    assert_eq!(ev.kind, EventKind::WriteFailed);
    assert_eq!(ev.journal_id.as_deref(), Some(j.id.as_str()));
    let audit = env.audit("checkout_deleted").pop().unwrap();
    assert_eq!(audit.outcome, AuditOutcome::Failure);
    assert_eq!(audit.error_code.as_deref(), Some("rejected"));
    // The failed write no longer blocks the checkout.
    assert!(env
        .desk
        .store()
        .journal_in_flight(&env.profile.id, Mode::Test, &row.id)
        .unwrap()
        .is_none());
}

#[tokio::test]
async fn offline_means_nothing_was_sent() {
    let env = Env::start().await;
    let row = env.paid(Mode::Test, 3000).await;
    env.desk
        .store()
        .set_profile_base_url(&env.profile.id, &closed_port_url())
        .unwrap();
    let before = env.ledger().len();
    let err = env
        .desk
        .refund(
            &env.ctx(Mode::Test),
            RefundRequest::new(cid(&row.id))
                .amount(100)
                .build()
                .unwrap(),
        )
        .await
        .unwrap_err();
    assert_eq!(err.code(), "offline");
    assert!(
        err.message().contains("nothing was sent"),
        "{}",
        err.message()
    );
    assert_eq!(env.ledger().len(), before);
    let j = env.journal().pop().unwrap();
    assert_eq!(
        (j.state, j.error_code.as_deref()),
        (JournalState::Failed, Some("offline"))
    );
    assert_eq!(
        j.attempts, 3,
        "every attempt of the fast policy failed to connect"
    );
    let audit = env.audit("checkout_refunded").pop().unwrap();
    assert_eq!(
        (audit.outcome, audit.error_code.as_deref()),
        (AuditOutcome::Failure, Some("offline")),
        "offline is a failure, not an unknown"
    );
}

#[tokio::test]
async fn live_writes_use_the_live_key_and_the_live_partition_only() {
    let env = Env::start().await;
    let test_row = env.paid(Mode::Test, 3000).await;
    let live_row = env.create(Mode::Live, 5000, true).await;

    let create = env
        .ledger()
        .into_iter()
        .rev()
        .find(|e| e.action == "create")
        .unwrap();
    assert_eq!(
        create.mode,
        neuropay_sandbox::Mode::Live,
        "the simulator saw the live key"
    );
    assert_eq!(create.object_id, live_row.id);
    let store = env.desk.store();
    assert_eq!(
        store
            .get_checkout(&env.profile.id, Mode::Live, &live_row.id)
            .unwrap()
            .mode,
        Mode::Live
    );
    assert_eq!(
        store
            .get_checkout(&env.profile.id, Mode::Test, &live_row.id)
            .unwrap_err()
            .code(),
        "not_found",
        "nothing landed in the test partition"
    );

    // A live refund of a test checkout: the live key's company world does not have it.
    let before = env.ledger().len();
    let err = env
        .desk
        .refund(
            &env.ctx(Mode::Live),
            RefundRequest::new(cid(&test_row.id))
                .amount(100)
                .build()
                .unwrap(),
        )
        .await
        .unwrap_err();
    assert_eq!(err.code(), "rejected", "{err}");
    assert_eq!(env.ledger().len(), before);
    let untouched = store
        .get_checkout(&env.profile.id, Mode::Test, &test_row.id)
        .unwrap();
    assert_eq!((untouched.status.as_str(), untouched.refunded), ("paid", 0));
    assert!(store
        .get_checkout(&env.profile.id, Mode::Live, &test_row.id)
        .is_err());
    assert!(
        env.journal()
            .iter()
            .all(|j| j.mode == Mode::Test || j.target_id.as_deref() != Some(test_row.id.as_str())),
        "no live journal row for the test checkout"
    );
}

/// The Tauri commands and the CLI run these on a multi-threaded runtime.
#[test]
fn operation_futures_are_send() {
    fn send<T: Send>(_: T) {}
    let (_dir, store) = crate::tests::temp_store();
    let desk = crate::Desk::new(store, crate::Vault::mock());
    let profile = crate::ProfileId::new("p").unwrap();
    let scope = crate::ops::Scope::new(profile, Mode::Test);
    let ctx = crate::ops::WriteCtx::new(scope.clone(), crate::ops::Actor::Ui);
    let id = cid("co1");
    let progress = crate::ops::no_progress();
    let cancel = crate::ops::CancelToken::new();
    send(desk.create_checkout(&ctx, super::support::checkout_request(1, true)));
    send(desk.capture(&ctx, &id));
    send(desk.refund(&ctx, RefundRequest::new(id.clone()).build().unwrap()));
    send(desk.release(&ctx, &id));
    send(desk.delete_checkout(&ctx, &id));
    send(desk.delete_customer(&ctx, &CustomerId::new("cu1").unwrap()));
    send(desk.refresh_checkout(&scope, &id));
    send(desk.sync_open(&scope, Default::default(), progress.clone(), cancel.clone()));
    send(desk.import(&scope, vec![id.clone()], progress, cancel));
    send(desk.settle_unsettled(None));
    send(desk.test_connection(&scope));
    send(desk.ensure_sandbox_profile(1));
}
