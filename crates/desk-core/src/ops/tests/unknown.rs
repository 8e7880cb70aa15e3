//! Writes whose outcome is unknown (the reply was lost after the server applied them),
//! settled by re-sending under the same Idempotency-Key.

use neuropay::RefundRequest;
use neuropay_sandbox::Faults;

use super::support::{checkout_request, cid, Env};
use crate::ops::ClientOverrides;
use crate::{EventKind, JournalState, Mode, Outcome as AuditOutcome};

#[tokio::test]
async fn an_outcome_unknown_write_is_settled_exactly_once() {
    let env = Env::start().await;
    let row = env.paid(Mode::Test, 3000).await;
    let scope = env.scope(Mode::Test);
    let one_shot = env.desk.clone().with_overrides(ClientOverrides {
        retry: Some(neuropay::RetryPolicy::none()),
        ..ClientOverrides::default()
    });
    env.sb.set_faults(Faults {
        drop_after_apply_rate: 1.0,
        ..Faults::default()
    });
    let refund = RefundRequest::new(cid(&row.id))
        .amount(1000)
        .build()
        .unwrap();
    let err = one_shot
        .refund(&env.ctx(Mode::Test), refund.clone())
        .await
        .unwrap_err();
    assert_eq!(err.code(), "outcome_unknown");
    let j = env.journal().pop().unwrap();
    assert_eq!(j.state, JournalState::Unknown);
    let ev = env
        .desk
        .store()
        .checkout_events(&scope.profile, Mode::Test, &row.id)
        .unwrap()
        .pop()
        .unwrap();
    assert_eq!(ev.kind, EventKind::OutcomeUnknown);
    let audit = env.audit("checkout_refunded").pop().unwrap();
    assert_eq!(audit.outcome, AuditOutcome::Unknown);
    assert_eq!(
        env.desk
            .store()
            .get_checkout(&scope.profile, Mode::Test, &row.id)
            .unwrap()
            .status,
        "paid",
        "an unknown outcome does not guess the new state"
    );

    // A second write on the checkout waits for the first to be settled.
    let ledger_before = env.ledger().len();
    let busy = env.desk.refund(&env.ctx(Mode::Test), refund.clone()).await;
    assert_eq!(busy.unwrap_err().code(), "write_in_flight");
    assert_eq!(env.ledger().len(), ledger_before);

    // Still dropping: settle leaves it unknown.
    let report = one_shot.settle_unsettled(Some(&scope)).await.unwrap();
    assert_eq!((report.examined, report.settled()), (1, 0));
    assert_eq!(report.unsettled[0].1, "outcome_unknown");

    env.sb.set_faults(Faults::default());
    let report = env.desk.settle_unsettled(Some(&scope)).await.unwrap();
    assert_eq!((report.examined, report.done), (1, 1));
    let j = env.desk.store().journal_entry(&j.id).unwrap();
    assert_eq!(j.state, JournalState::Done);
    let applied: Vec<_> = env
        .ledger()
        .into_iter()
        .filter(|e| e.idempotency_key.as_deref() == Some(j.idempotency_key.as_str()))
        .collect();
    assert_eq!(
        applied.len(),
        1,
        "applied once despite three sends: {applied:?}"
    );
    assert_eq!(applied[0].amount, Some(1000));
    let cached = env
        .desk
        .store()
        .get_checkout(&scope.profile, Mode::Test, &row.id)
        .unwrap();
    assert_eq!(
        (cached.status.as_str(), cached.refunded),
        ("partialRefund", 1000)
    );
    let ev = env
        .desk
        .store()
        .checkout_events(&scope.profile, Mode::Test, &row.id)
        .unwrap()
        .pop()
        .unwrap();
    assert_eq!((ev.kind, ev.amount), (EventKind::Refunded, Some(1000)));
    let settled = env.audit("write_settled").pop().unwrap();
    assert_eq!(settled.outcome, AuditOutcome::Success);
    assert_eq!(settled.params["state"], "done");
}

#[tokio::test]
async fn a_create_of_unknown_outcome_learns_its_id_when_settled() {
    let env = Env::start().await;
    let scope = env.scope(Mode::Test);
    env.sb.set_faults(Faults {
        drop_after_apply_rate: 1.0,
        ..Faults::default()
    });
    let err = env
        .desk
        .create_checkout(&env.ctx(Mode::Test), checkout_request(4200, true))
        .await
        .unwrap_err();
    assert_eq!(err.code(), "outcome_unknown");
    let j = env.journal().pop().unwrap();
    assert_eq!(
        (j.state, j.target_id.clone()),
        (JournalState::Unknown, None)
    );
    env.sb.set_faults(Faults::default());
    let report = env.desk.settle_unsettled(None).await.unwrap();
    assert_eq!(report.done, 1);
    let j = env.desk.store().journal_entry(&j.id).unwrap();
    let id = j.target_id.expect("the reply named the checkout");
    let creates: Vec<_> = env
        .ledger()
        .into_iter()
        .filter(|e| e.action == "create")
        .collect();
    assert_eq!(creates.len(), 1, "one checkout, not three");
    assert_eq!(creates[0].object_id, id);
    let row = env
        .desk
        .store()
        .get_checkout(&scope.profile, Mode::Test, &id)
        .unwrap();
    assert_eq!(row.amount, 4200);
}
