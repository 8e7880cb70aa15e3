use chrono::{Duration, Utc};
use serde_json::json;

use super::{cid, make_profile, t, temp_store, Fx};
use crate::cache::{EventKind, NewEvent};
use crate::{ListQuery, Mode};

#[test]
fn upsert_records_first_sighting_then_status_changes() {
    let (_d, store) = temp_store();
    let p = make_profile(&store, "Shop");
    let fx = Fx::new(1).amount(3000).meta("order", json!("1001"));
    let first = store
        .upsert_checkout(&p.id, Mode::Test, &fx.checkout(), &fx.json(), t(1))
        .unwrap();
    assert!(first.inserted && first.applied && !first.status_changed);

    // Same status again: no new event.
    let same = store
        .upsert_checkout(&p.id, Mode::Test, &fx.checkout(), &fx.json(), t(2))
        .unwrap();
    assert!(!same.inserted && !same.status_changed && same.applied);
    let row = store.get_checkout(&p.id, Mode::Test, &cid(1)).unwrap();
    assert_eq!(
        row.last_synced_at,
        t(2),
        "an identical reply still counts as a sync"
    );

    let paid = fx.clone().status("paid").updated(t(3));
    let changed = store
        .upsert_checkout(&p.id, Mode::Test, &paid.checkout(), &paid.json(), t(3))
        .unwrap();
    assert!(changed.status_changed);
    assert_eq!(changed.previous_status.as_deref(), Some("created"));

    let partial = paid
        .clone()
        .status("partialRefund")
        .refunded(500)
        .updated(t(4));
    partial.save(&store, &p, Mode::Test, t(4));

    let events = store.checkout_events(&p.id, Mode::Test, &cid(1)).unwrap();
    let kinds: Vec<_> = events.iter().map(|e| e.kind).collect();
    assert_eq!(
        kinds,
        [
            EventKind::Observed,
            EventKind::StatusChanged,
            EventKind::StatusChanged
        ]
    );
    assert_eq!(events[0].to_status.as_deref(), Some("created"));
    assert_eq!(events[0].amount, Some(3000));
    assert_eq!(events[0].actor, "sync");
    assert_eq!(events[1].from_status.as_deref(), Some("created"));
    assert_eq!(events[1].to_status.as_deref(), Some("paid"));
    assert_eq!(events[2].to_status.as_deref(), Some("partialRefund"));
    assert_eq!(events[2].at, t(4));

    let row = store.get_checkout(&p.id, Mode::Test, &cid(1)).unwrap();
    assert_eq!(row.status, "partialRefund");
    assert_eq!(row.refunded, 500);
    assert_eq!(row.remaining_refundable, 2500);
    assert_eq!(row.amount_formatted, "30.00 SEK");
    assert_eq!(row.metadata["order"], "1001");
    assert_eq!(row.last_synced_at, t(4));
    assert!(!row.is_final);

    let cached = store.cached_checkout(&p.id, Mode::Test, &cid(1)).unwrap();
    assert_eq!(cached.checkout.refunded_amount, 500);
    assert_eq!(cached.raw, partial.json(), "raw reply kept verbatim");
}

#[test]
fn an_older_reply_does_not_roll_the_cache_back() {
    let (_d, store) = temp_store();
    let p = make_profile(&store, "Shop");
    let fx = Fx::new(1);
    fx.clone()
        .status("paid")
        .updated(t(5))
        .save(&store, &p, Mode::Test, t(5));
    // A slow sync retrieved the checkout before it was paid, and answers now.
    let stale = fx.clone().status("created").updated(t(1));
    let out = store
        .upsert_checkout(&p.id, Mode::Test, &stale.checkout(), &stale.json(), t(6))
        .unwrap();
    assert!(!out.applied);
    let row = store.get_checkout(&p.id, Mode::Test, &cid(1)).unwrap();
    assert_eq!(row.status, "paid");
    assert_eq!(row.last_synced_at, t(6), "the sync time still moves");
    assert_eq!(
        store
            .checkout_events(&p.id, Mode::Test, &cid(1))
            .unwrap()
            .len(),
        1
    );
}

#[test]
fn unknown_status_is_kept_verbatim_and_not_final() {
    let (_d, store) = temp_store();
    let p = make_profile(&store, "Shop");
    Fx::new(7)
        .status("on hold")
        .save(&store, &p, Mode::Test, t(1));
    let row = store.get_checkout(&p.id, Mode::Test, &cid(7)).unwrap();
    assert_eq!(row.status, "on hold");
    assert!(!row.is_final);
    Fx::new(8)
        .status("reserve released")
        .save(&store, &p, Mode::Test, t(1));
    assert!(
        store
            .get_checkout(&p.id, Mode::Test, &cid(8))
            .unwrap()
            .is_final
    );
}

#[test]
fn partitions_never_mix() {
    let (_d, store) = temp_store();
    let a = make_profile(&store, "A");
    let b = make_profile(&store, "B");
    // The same checkout id in three partitions, each with its own data.
    Fx::new(1).amount(100).save(&store, &a, Mode::Test, t(1));
    Fx::new(1).amount(200).save(&store, &a, Mode::Live, t(1));
    Fx::new(1).amount(300).save(&store, &b, Mode::Test, t(1));
    Fx::new(2)
        .message("only in a test")
        .save(&store, &a, Mode::Test, t(1));

    let ids = |p: &crate::Profile, m: Mode| -> Vec<(String, i64)> {
        store
            .list_checkouts(&ListQuery::new(p.id.clone(), m))
            .unwrap()
            .rows
            .into_iter()
            .map(|r| (r.id, r.amount))
            .collect()
    };
    assert_eq!(ids(&a, Mode::Test), [(cid(2), 1000), (cid(1), 100)]);
    assert_eq!(ids(&a, Mode::Live), [(cid(1), 200)]);
    assert_eq!(ids(&b, Mode::Test), [(cid(1), 300)]);
    assert!(ids(&b, Mode::Live).is_empty());

    let mut q = ListQuery::new(a.id.clone(), Mode::Live);
    q.search = Some("only".into());
    assert!(
        store.list_checkouts(&q).unwrap().rows.is_empty(),
        "search respects the partition"
    );
    assert_eq!(
        store
            .get_checkout(&b.id, Mode::Live, &cid(1))
            .unwrap_err()
            .code(),
        "not_found"
    );
    let totals = store
        .checkout_totals(&ListQuery::new(a.id.clone(), Mode::Live))
        .unwrap();
    assert_eq!(totals.count, 1);
    assert_eq!(totals.per_currency[0].amount, 200);
    assert_eq!(
        store
            .checkout_events(&a.id, Mode::Live, &cid(1))
            .unwrap()
            .len(),
        1
    );
}

#[test]
fn stale_means_open_and_not_synced_for_n_hours() {
    let (_d, store) = temp_store();
    let p = make_profile(&store, "Shop");
    let now = Utc::now();
    Fx::new(1)
        .status("created")
        .save(&store, &p, Mode::Test, now - Duration::hours(30));
    Fx::new(2)
        .status("reserved")
        .save(&store, &p, Mode::Test, now - Duration::hours(2));
    Fx::new(3)
        .status("refunded")
        .save(&store, &p, Mode::Test, now - Duration::hours(30));
    Fx::new(4)
        .status("paid")
        .save(&store, &p, Mode::Test, now - Duration::hours(50));
    Fx::new(5)
        .status("paid")
        .save(&store, &p, Mode::Live, now - Duration::hours(50));

    let ids = store
        .stale_checkout_ids(&p.id, Mode::Test, Duration::hours(24), 100)
        .unwrap();
    assert_eq!(
        ids,
        [cid(4), cid(1)],
        "least recently synced first; final and fresh left out"
    );

    let mut q = ListQuery::new(p.id.clone(), Mode::Test);
    q.stale_hours = Some(24);
    let mut got: Vec<_> = store
        .list_checkouts(&q)
        .unwrap()
        .rows
        .into_iter()
        .map(|r| r.id)
        .collect();
    got.sort();
    assert_eq!(got, [cid(1), cid(4)]);
    q.stale_hours = Some(1);
    assert_eq!(store.list_checkouts(&q).unwrap().totals.count, 3);
}

#[test]
fn own_actions_append_events_with_their_journal_id() {
    let (_d, store) = temp_store();
    let p = make_profile(&store, "Shop");
    Fx::new(1).status("paid").save(&store, &p, Mode::Test, t(1));
    let key = neuropay::IdempotencyKey::random();
    let entry = store
        .journal_insert_pending(&crate::NewJournalEntry {
            profile_id: &p.id,
            mode: Mode::Test,
            operation: crate::JournalOp::RefundCheckout,
            target_id: Some(&cid(1)),
            params: json!({"checkout_id": cid(1), "amount": 400}),
            idempotency_key: &key,
        })
        .unwrap();
    // The writes half does this in one transaction with the upsert and the audit entry.
    store
        .write(|tx| {
            let ev = NewEvent {
                amount: Some(400),
                journal_id: Some(entry.id.clone()),
                detail: Some(json!({"reason": "duplicate"})),
                ..NewEvent::new(EventKind::Refunded, t(2), "alice")
            };
            store.append_checkout_event_in(tx, &p.id, Mode::Test, &cid(1), &ev)?;
            crate::journal::settle_in(
                tx,
                &entry.id,
                crate::JournalState::Done,
                None,
                None,
                1,
                t(2),
            )?;
            Ok(())
        })
        .unwrap();
    let events = store.checkout_events(&p.id, Mode::Test, &cid(1)).unwrap();
    assert_eq!(events[1].kind, EventKind::Refunded);
    assert_eq!(events[1].journal_id.as_deref(), Some(entry.id.as_str()));
    assert_eq!(events[1].detail.as_ref().unwrap()["reason"], "duplicate");
    assert_eq!(events[1].actor, "alice");
    // An event for a checkout that is not cached is refused by the foreign key.
    let orphan = store.write(|tx| {
        store.append_checkout_event_in(
            tx,
            &p.id,
            Mode::Test,
            "nope",
            &NewEvent::new(EventKind::Observed, t(1), "sync"),
        )
    });
    assert_eq!(orphan.unwrap_err().code(), "storage");
}

#[test]
fn concurrent_writers_and_readers_never_see_locked_errors() {
    let (_d, store) = temp_store();
    let p = make_profile(&store, "Shop");
    // A second handle on the same file stands for the CLI running beside the app.
    let cli = crate::Store::open(store.path()).unwrap();
    let handles: Vec<_> = (0..4u32)
        .map(|w| {
            let s = if w % 2 == 0 {
                store.clone()
            } else {
                cli.clone()
            };
            let p = p.clone();
            std::thread::spawn(move || {
                for i in 0..40u32 {
                    Fx::new(w * 1000 + i).save(&s, &p, Mode::Test, t(1));
                    let page = s.list_checkouts(&ListQuery::new(p.id.clone(), Mode::Test));
                    assert!(page.is_ok(), "{:?}", page.err());
                }
            })
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
    let totals = store
        .checkout_totals(&ListQuery::new(p.id.clone(), Mode::Test))
        .unwrap();
    assert_eq!(totals.count, 160);
}
