//! A bulk capture against the simulator: only the reserved rows are captured, each one
//! through the journal; the rest are reported with reasons.

use std::sync::{Arc, Mutex};

use super::support::Env;
use crate::bulk::{BulkAction, BulkProgress};
use crate::{CancelToken, JournalOp, JournalState, Mode};

#[tokio::test]
async fn bulk_capture_captures_the_reserved_and_reports_the_rest() {
    let env = Env::start().await;
    let a = env.reserved(Mode::Test, 1000).await;
    let b = env.reserved(Mode::Test, 2000).await;
    let paid = env.paid(Mode::Test, 3000).await;
    let seen: Arc<Mutex<Vec<BulkProgress>>> = Arc::default();
    let sink = seen.clone();
    let ids = vec![
        a.id.clone(),
        paid.id.clone(),
        b.id.clone(),
        "unknown-id".to_owned(),
    ];

    let report = env
        .desk
        .bulk_run(
            &env.ctx(Mode::Test),
            ids,
            BulkAction::Capture,
            Arc::new(move |p| sink.lock().unwrap().push(p)),
            CancelToken::new(),
        )
        .await
        .unwrap();

    let mut done = report.done.clone();
    done.sort();
    let mut want = vec![
        (a.id.clone(), "paid".to_owned()),
        (b.id.clone(), "paid".to_owned()),
    ];
    want.sort();
    assert_eq!(done, want);
    assert!(report.failed.is_empty() && !report.cancelled);
    let skipped: Vec<_> = report.skipped.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(skipped, [paid.id.as_str(), "unknown-id"]);

    // Each capture went through the journal, once, and is settled.
    let captures: Vec<_> = env
        .journal()
        .into_iter()
        .filter(|j| j.operation == JournalOp::CaptureCheckout)
        .collect();
    assert_eq!(captures.len(), 2);
    assert!(captures.iter().all(|j| j.state == JournalState::Done));
    let captured_on_server = env
        .ledger()
        .iter()
        .filter(|e| e.action == "capture")
        .count();
    assert_eq!(captured_on_server, 2);

    // Per-row results reached the progress callback.
    let rows: Vec<_> = seen
        .lock()
        .unwrap()
        .iter()
        .filter_map(|p| p.row.clone())
        .collect();
    assert_eq!(rows.len(), 2);
    assert!(rows
        .iter()
        .all(|r| r.ok && r.status.as_deref() == Some("paid")));
}
