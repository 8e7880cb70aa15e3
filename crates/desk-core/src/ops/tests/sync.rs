//! Sync: changed statuses, progress, the concurrency bound, cancellation, unknown ids.

use std::time::{Duration, Instant};

use neuropay_sandbox::{Faults, Outcome};

use super::support::{cid, recorder, Env};
use crate::ops::{no_progress, CancelToken, SyncOptions};
use crate::tests::Fx;
use crate::{EventKind, Mode};

#[tokio::test]
async fn sync_sees_what_buyers_did_and_reports_progress() {
    let env = Env::start().await;
    let mut ids = Vec::new();
    for amount in [1000, 2000, 3000, 4000, 5000] {
        ids.push(env.create(Mode::Test, amount, true).await.id);
    }
    env.buyer(Mode::Test, &ids[0], Outcome::Pay);
    env.buyer(Mode::Test, &ids[1], Outcome::Fail);
    env.buyer(Mode::Test, &ids[2], Outcome::Cancel);
    // A live checkout is another partition: the test sync never looks at it.
    let live = env.create(Mode::Live, 100, true).await;
    env.buyer(Mode::Live, &live.id, Outcome::Pay);

    let (progress, seen) = recorder();
    let scope = env.scope(Mode::Test);
    let report = env
        .desk
        .sync_open(&scope, SyncOptions::default(), progress, CancelToken::new())
        .await
        .unwrap();
    assert_eq!((report.checked, report.changed), (5, 3), "{report:?}");
    assert!(report.failed.is_empty() && !report.cancelled);
    {
        let seen = seen.lock().unwrap();
        assert_eq!(seen.len(), 10, "a report when each request starts and ends");
        let last = seen.last().unwrap();
        assert_eq!(
            (last.done, last.total, last.failed, last.in_flight),
            (5, 5, 0, 0)
        );
    }

    let store = env.desk.store();
    let status = |id: &str| {
        store
            .get_checkout(&scope.profile, Mode::Test, id)
            .unwrap()
            .status
    };
    assert_eq!(status(&ids[0]), "paid");
    assert_eq!(status(&ids[1]), "failed");
    assert_eq!(status(&ids[2]), "canceled");
    let ev = store
        .checkout_events(&scope.profile, Mode::Test, &ids[0])
        .unwrap();
    assert_eq!(ev.last().unwrap().kind, EventKind::StatusChanged);
    assert_eq!(ev.last().unwrap().actor, "sync");
    assert_eq!(
        store
            .get_checkout(&scope.profile, Mode::Live, &live.id)
            .unwrap()
            .status,
        "created"
    );

    // Final checkouts drop out of the next sync's work list.
    let again = env
        .desk
        .sync_open(
            &scope,
            SyncOptions::default(),
            no_progress(),
            CancelToken::new(),
        )
        .await
        .unwrap();
    assert_eq!((again.checked, again.changed), (3, 0));
    let audit = env.audit("sync_run");
    assert_eq!(audit.len(), 2);
    assert_eq!(
        audit[1].params["changed"], 3,
        "oldest second (newest first)"
    );
}

#[tokio::test]
async fn sync_keeps_to_its_concurrency_bound_and_can_be_cancelled() {
    let env = Env::start().await;
    for n in 0..16 {
        env.create(Mode::Test, 100 + n, true).await;
    }
    let latency = Duration::from_millis(60);
    env.sb.set_faults(Faults {
        latency,
        ..Faults::default()
    });
    let scope = env.scope(Mode::Test);
    let (progress, seen) = recorder();
    let opts = SyncOptions {
        concurrency: 4,
        rate_per_sec: None,
    };
    let started = Instant::now();
    let report = env
        .desk
        .sync_open(&scope, opts, progress, CancelToken::new())
        .await
        .unwrap();
    let elapsed = started.elapsed();
    assert_eq!(report.checked, 16);
    let max = seen
        .lock()
        .unwrap()
        .iter()
        .map(|p| p.in_flight)
        .max()
        .unwrap();
    assert_eq!(max, 4, "the bound is used and never passed");
    // Independent of our counter: 16 requests of 60 ms, 4 at a time, take 4 rounds.
    assert!(elapsed >= latency * 4, "{elapsed:?}: more than 4 at once");

    // Cancel after the first two finish: the rest are not started.
    let cancel = CancelToken::new();
    let trip = cancel.clone();
    let progress: crate::ops::ProgressFn = std::sync::Arc::new(move |p| {
        if p.done >= 2 {
            trip.cancel();
        }
    });
    let opts = SyncOptions {
        concurrency: 2,
        rate_per_sec: None,
    };
    let report = env
        .desk
        .sync_open(&scope, opts, progress, cancel)
        .await
        .unwrap();
    assert!(report.cancelled);
    assert!(report.checked >= 2 && report.checked < 16, "{report:?}");
    let audit = env.audit("sync_run").into_iter().next().unwrap();
    assert_eq!(audit.params["cancelled"], true);
}

#[tokio::test]
async fn an_id_the_server_does_not_know_is_reported_and_left_alone() {
    let env = Env::start().await;
    let real = env.create(Mode::Test, 1000, true).await;
    let ghost = Fx::new(7).status("paid");
    ghost.save(
        env.desk.store(),
        &env.profile,
        Mode::Test,
        crate::tests::t(0),
    );
    let ghost_id = crate::tests::cid(7);
    let scope = env.scope(Mode::Test);

    let err = env
        .desk
        .refresh_checkout(&scope, &cid(&ghost_id))
        .await
        .unwrap_err();
    assert_eq!(err.code(), "rejected");
    let report = env
        .desk
        .sync_open(
            &scope,
            SyncOptions::default(),
            no_progress(),
            CancelToken::new(),
        )
        .await
        .unwrap();
    assert_eq!(report.checked, 1);
    assert_eq!(report.failed.len(), 1);
    assert_eq!(report.failed[0].0, ghost_id);
    assert_eq!(report.failed[0].1, "rejected");
    let kept = env
        .desk
        .store()
        .get_checkout(&scope.profile, Mode::Test, &ghost_id)
        .unwrap();
    assert_eq!(kept.status, "paid", "nothing is marked deleted");
    assert_eq!(
        env.desk
            .store()
            .get_checkout(&scope.profile, Mode::Test, &real.id)
            .unwrap()
            .status,
        "created"
    );
}

#[tokio::test]
async fn sync_waits_for_a_write_in_progress() {
    let env = Env::start().await;
    let scope = env.scope(Mode::Test);
    for n in 0..3 {
        env.create(Mode::Test, 100 + n, true).await;
    }
    let busy = env.desk.activity.begin_write();
    let desk = env.desk.clone();
    let s = scope.clone();
    let sync = tokio::spawn(async move {
        desk.sync_open(
            &s,
            SyncOptions::default(),
            no_progress(),
            CancelToken::new(),
        )
        .await
    });
    tokio::time::sleep(Duration::from_millis(150)).await;
    assert!(
        !sync.is_finished(),
        "sync ran while a write was in progress"
    );
    drop(busy);
    let report = tokio::time::timeout(Duration::from_secs(5), sync)
        .await
        .expect("sync resumed")
        .unwrap()
        .unwrap();
    assert_eq!(report.checked, 3);
}
