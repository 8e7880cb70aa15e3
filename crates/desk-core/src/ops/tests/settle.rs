//! Settling rows left by a crash (`pending`) or by a lost reply (`unknown`).

use chrono::{Duration, Utc};
use neuropay::IdempotencyKey;
use neuropay_sandbox::Outcome;
use serde_json::json;

use super::support::Env;
use crate::journal::{insert_pending_in, settle_in};
use crate::ops::NEEDS_REVIEW;
use crate::{EventKind, JournalEntry, JournalOp, JournalState, Mode, NewJournalEntry};

/// A journal row as a crashed app would have left it, `age` ago.
fn crashed_row(
    env: &Env,
    op: JournalOp,
    target: &str,
    params: serde_json::Value,
    age: Duration,
) -> JournalEntry {
    let key = IdempotencyKey::random();
    env.desk
        .store()
        .write(|tx| {
            insert_pending_in(
                tx,
                &NewJournalEntry {
                    profile_id: &env.profile.id,
                    mode: Mode::Test,
                    operation: op,
                    target_id: Some(target),
                    params,
                    idempotency_key: &key,
                },
                Utc::now() - age,
            )
        })
        .unwrap()
}

#[tokio::test]
async fn a_pending_row_from_a_crash_is_sent_once_with_its_own_key() {
    let env = Env::start().await;
    let row = env.create(Mode::Test, 3000, false).await;
    env.buyer(Mode::Test, &row.id, Outcome::Reserve);
    let pending = crashed_row(
        &env,
        JournalOp::CaptureCheckout,
        &row.id,
        json!({"checkout_id": row.id}),
        Duration::minutes(5),
    );
    let report = env.desk.settle_unsettled(None).await.unwrap();
    assert_eq!((report.examined, report.done), (1, 1), "{report:?}");
    let settled = env.desk.store().journal_entry(&pending.id).unwrap();
    assert_eq!(settled.state, JournalState::Done);
    let captures: Vec<_> = env
        .ledger()
        .into_iter()
        .filter(|e| e.action == "capture")
        .collect();
    assert_eq!(captures.len(), 1);
    assert_eq!(
        captures[0].idempotency_key.as_deref(),
        Some(pending.idempotency_key.as_str())
    );
    let cached = env
        .desk
        .store()
        .get_checkout(&env.profile.id, Mode::Test, &row.id)
        .unwrap();
    assert_eq!(cached.status, "paid");

    // Settling again finds nothing to do.
    let again = env.desk.settle_unsettled(None).await.unwrap();
    assert_eq!(again.examined, 0);
}

#[tokio::test]
async fn a_resent_write_the_server_refuses_is_failed_and_the_cache_shows_the_truth() {
    let env = Env::start().await;
    let row = env.create(Mode::Test, 3000, true).await;
    env.buyer(Mode::Test, &row.id, Outcome::Cancel);
    let pending = crashed_row(
        &env,
        JournalOp::DeleteCheckout,
        &row.id,
        json!({"checkout_id": row.id}),
        Duration::minutes(10),
    );
    let report = env
        .desk
        .settle_unsettled(Some(&env.scope(Mode::Test)))
        .await
        .unwrap();
    assert_eq!(report.failed, 1, "{report:?}");
    let j = env.desk.store().journal_entry(&pending.id).unwrap();
    assert_eq!(
        (j.state, j.error_code.as_deref()),
        (JournalState::Failed, Some("rejected"))
    );
    let cached = env
        .desk
        .store()
        .get_checkout(&env.profile.id, Mode::Test, &row.id)
        .unwrap();
    assert_eq!(cached.status, "canceled");
}

#[tokio::test]
async fn a_write_older_than_a_day_is_never_resent_but_flagged_for_review() {
    let env = Env::start().await;
    let paid = env.paid(Mode::Test, 3000).await;
    let old = crashed_row(
        &env,
        JournalOp::RefundCheckout,
        &paid.id,
        json!({"checkout_id": paid.id, "amount": 700}),
        Duration::hours(25),
    );
    env.desk
        .store()
        .write(|tx| {
            settle_in(
                tx,
                &old.id,
                JournalState::Unknown,
                None,
                Some(("outcome_unknown", "dropped")),
                4,
                Utc::now(),
            )
        })
        .unwrap();
    // A pending row from seconds ago may still be waiting in another process: left alone.
    let other = env.paid(Mode::Test, 900).await;
    let fresh = crashed_row(
        &env,
        JournalOp::RefundCheckout,
        &other.id,
        json!({"checkout_id": other.id}),
        Duration::seconds(5),
    );
    let before = env.ledger().len();

    let report = env.desk.settle_unsettled(None).await.unwrap();
    assert_eq!((report.examined, report.needs_review), (2, 1), "{report:?}");
    assert_eq!(report.unsettled.len(), 1);
    assert_eq!(report.unsettled[0].0, fresh.id);
    assert_eq!(env.ledger().len(), before, "nothing was re-sent");

    let j = env.desk.store().journal_entry(&old.id).unwrap();
    assert_eq!(j.state, JournalState::Failed);
    assert_eq!(j.error_code.as_deref(), Some(NEEDS_REVIEW));
    let message = j.error_message.unwrap();
    assert!(message.contains("not sent again"), "{message}");
    assert!(
        message.contains("is now paid"),
        "the target was retrieved: {message}"
    );
    let ev = env
        .desk
        .store()
        .checkout_events(&env.profile.id, Mode::Test, &paid.id)
        .unwrap()
        .pop()
        .unwrap();
    assert_eq!(ev.kind, EventKind::WriteFailed);
    assert_eq!(ev.detail.unwrap()["code"], NEEDS_REVIEW);
    let audit = env.audit("write_settled").pop().unwrap();
    assert_eq!(audit.error_code.as_deref(), Some(NEEDS_REVIEW));
    assert_eq!(audit.params["resent"], false);
    assert_eq!(
        env.desk.store().journal_entry(&fresh.id).unwrap().state,
        JournalState::Pending
    );
}
