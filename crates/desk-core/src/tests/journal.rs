use neuropay::IdempotencyKey;
use serde_json::json;

use super::{make_profile, temp_store};
use crate::journal::{settle_in, JournalOp, JournalState, NewJournalEntry};
use crate::Mode;

#[test]
fn pending_then_settled_and_never_back() {
    let (_d, store) = temp_store();
    let p = make_profile(&store, "Shop");
    let key = IdempotencyKey::random();
    let e = store
        .journal_insert_pending(&NewJournalEntry {
            profile_id: &p.id,
            mode: Mode::Live,
            operation: JournalOp::RefundCheckout,
            target_id: Some("co1"),
            params: json!({"checkout_id": "co1", "amount": 500}),
            idempotency_key: &key,
        })
        .unwrap();
    assert_eq!(e.state, JournalState::Pending);
    assert_eq!(e.idempotency_key, key.as_str());
    assert_eq!(store.journal_unsettled(&p.id, Mode::Live).unwrap().len(), 1);
    assert!(store
        .journal_unsettled(&p.id, Mode::Test)
        .unwrap()
        .is_empty());

    // A second write on the same checkout while the first is unsettled is refused.
    let second = store.journal_insert_pending(&NewJournalEntry {
        profile_id: &p.id,
        mode: Mode::Live,
        operation: JournalOp::CaptureCheckout,
        target_id: Some("co1"),
        params: json!({}),
        idempotency_key: &IdempotencyKey::random(),
    });
    assert_eq!(second.unwrap_err().code(), "write_in_flight");
    // The same Idempotency-Key can never start a second logical write.
    let reused = store.journal_insert_pending(&NewJournalEntry {
        profile_id: &p.id,
        mode: Mode::Live,
        operation: JournalOp::CaptureCheckout,
        target_id: Some("co2"),
        params: json!({}),
        idempotency_key: &key,
    });
    assert_eq!(reused.unwrap_err().code(), "storage");

    let unknown = store
        .journal_mark_unknown(&e.id, "outcome_unknown", "connection dropped", 4)
        .unwrap();
    assert_eq!(unknown.state, JournalState::Unknown);
    assert_eq!(unknown.attempts, 4);
    assert_eq!(
        store
            .journal_in_flight(&p.id, Mode::Live, "co1")
            .unwrap()
            .unwrap()
            .id,
        e.id,
        "unknown still blocks the checkout"
    );
    let done = store.journal_mark_done(&e.id, None, 4).unwrap();
    assert_eq!(done.state, JournalState::Done);
    assert_eq!(
        done.error_code, None,
        "settling clears the provisional error"
    );
    assert!(store
        .journal_in_flight(&p.id, Mode::Live, "co1")
        .unwrap()
        .is_none());

    assert_eq!(
        store
            .journal_mark_failed(&e.id, "rejected", "no", 1)
            .unwrap_err()
            .code(),
        "invalid_input",
        "done is terminal"
    );
    // Even raw SQL cannot reopen a settled row.
    let raw = store.write(|tx| {
        Ok(tx.execute(
            "UPDATE journal SET state = 'pending' WHERE id = ?1",
            [&e.id],
        )?)
    });
    assert!(raw
        .unwrap_err()
        .to_string()
        .contains("illegal state transition"));
    assert_eq!(
        store.journal_entry(&e.id).unwrap().state,
        JournalState::Done
    );
}

#[test]
fn a_create_learns_its_target_when_done() {
    let (_d, store) = temp_store();
    let p = make_profile(&store, "Shop");
    let key = IdempotencyKey::random();
    let e = store
        .journal_insert_pending(&NewJournalEntry {
            profile_id: &p.id,
            mode: Mode::Test,
            operation: JournalOp::CreateCheckout,
            target_id: None,
            params: json!({"amount": 3000, "currency": "SEK"}),
            idempotency_key: &key,
        })
        .unwrap();
    assert_eq!(e.target_id, None);
    // Two creates at once are fine: neither has a target yet.
    store
        .journal_insert_pending(&NewJournalEntry {
            idempotency_key: &IdempotencyKey::random(),
            ..NewJournalEntry {
                profile_id: &p.id,
                mode: Mode::Test,
                operation: JournalOp::CreateCheckout,
                target_id: None,
                params: json!({}),
                idempotency_key: &key,
            }
        })
        .unwrap();
    let done = store
        .write(|tx| {
            settle_in(
                tx,
                &e.id,
                JournalState::Done,
                Some("newid"),
                None,
                1,
                chrono::Utc::now(),
            )
        })
        .unwrap();
    assert_eq!(done.target_id.as_deref(), Some("newid"));
    assert_eq!(done.params["currency"], "SEK");
    assert_eq!(
        store.journal_mark_done(&e.id, None, 1).unwrap_err().code(),
        "invalid_input"
    );
    assert_eq!(
        store.journal_entry("missing").unwrap_err().code(),
        "not_found"
    );
}
