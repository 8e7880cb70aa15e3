use super::{make_profile, temp_store};
use crate::audit::{AuditEvent, AuditRecord};
use crate::{AuditFilter, Error, Mode, Outcome};

#[test]
fn audit_rows_cannot_be_updated_or_deleted() {
    let (_d, store) = temp_store();
    let p = make_profile(&store, "Shop");
    let before = store.list_audit(&AuditFilter::default()).unwrap();
    assert_eq!(before.len(), 1);

    for sql in [
        "UPDATE audit SET action = 'nothing_happened'",
        "UPDATE audit SET outcome = 'failure' WHERE seq = 1",
        "DELETE FROM audit",
        "DELETE FROM audit WHERE seq = 1",
    ] {
        let e = store.write(|tx| Ok(tx.execute(sql, [])?)).unwrap_err();
        assert_eq!(e.code(), "storage");
        assert!(e.to_string().contains("append-only"), "{sql}: {e}");
    }
    // Deleting the profile keeps its entries (no cascade into the audit log).
    store.delete_profile_rows(&p.id, false).unwrap();
    let after = store.list_audit(&AuditFilter::default()).unwrap();
    assert_eq!(after.len(), 2);
    assert_eq!(after[1], before[0], "the old entry is unchanged");
}

#[test]
fn entries_carry_user_time_outcome_and_error() {
    let (_d, store) = temp_store();
    let p = make_profile(&store, "Shop");
    let err = Error::KeychainLocked {
        message: "The keyring is locked".into(),
    };
    store
        .append_audit(
            &AuditRecord::failure(AuditEvent::KeyDeleted { existed: false }, &err)
                .profile(&p.id)
                .mode(Mode::Live)
                .target("live key"),
        )
        .unwrap();
    let unknown = Error::Api(neuropay::Error::OutcomeUnknown {
        attempts: 3,
        last: "connection reset".into(),
    });
    let rec = AuditRecord::failure(AuditEvent::AuditExported { rows: 0 }, &unknown);
    assert_eq!(
        rec.outcome,
        Outcome::Unknown,
        "an unconfirmed write is not a failure"
    );

    let e = &store.list_audit(&AuditFilter::default()).unwrap()[0];
    assert_eq!(e.action, "key_deleted");
    assert_eq!(e.outcome, Outcome::Failure);
    assert_eq!(e.error_code.as_deref(), Some("keychain_locked"));
    assert_eq!(e.mode, Some(Mode::Live));
    assert_eq!(e.target.as_deref(), Some("live key"));
    assert_eq!(e.os_user, store.os_user());
    assert!(!e.os_user.is_empty());
    assert!(
        (chrono::Utc::now() - e.at).num_seconds().abs() < 60,
        "stamped now, in UTC"
    );
}

#[test]
fn filters_narrow_by_profile_mode_action_time_and_outcome() {
    let (_d, store) = temp_store();
    let a = make_profile(&store, "A");
    let b = make_profile(&store, "B");
    let err = Error::invalid("x", "y");
    for (p, mode, ok) in [
        (&a, Mode::Test, true),
        (&a, Mode::Live, false),
        (&b, Mode::Live, true),
    ] {
        let ev = AuditEvent::KeyDeleted { existed: true };
        let rec = if ok {
            AuditRecord::success(ev)
        } else {
            AuditRecord::failure(ev, &err)
        };
        store.append_audit(&rec.profile(&p.id).mode(mode)).unwrap();
    }
    let count = |f: AuditFilter| store.list_audit(&f).unwrap().len();
    assert_eq!(count(AuditFilter::default()), 5);
    assert_eq!(
        count(AuditFilter {
            profile_id: Some(a.id.clone()),
            ..Default::default()
        }),
        3
    );
    assert_eq!(
        count(AuditFilter {
            mode: Some(Mode::Live),
            ..Default::default()
        }),
        2
    );
    assert_eq!(
        count(AuditFilter {
            action: Some("profile_created".into()),
            ..Default::default()
        }),
        2
    );
    assert_eq!(
        count(AuditFilter {
            outcome: Some(Outcome::Failure),
            ..Default::default()
        }),
        1
    );
    let all = store.list_audit(&AuditFilter::default()).unwrap();
    let pivot = all[2].at;
    let since = count(AuditFilter {
        since: Some(pivot),
        ..Default::default()
    });
    let until = count(AuditFilter {
        until: Some(pivot),
        ..Default::default()
    });
    assert_eq!(since + until, 5, "since is inclusive, until exclusive");
    let future = chrono::Utc::now() + chrono::Duration::hours(1);
    assert_eq!(
        count(AuditFilter {
            since: Some(future),
            ..Default::default()
        }),
        0
    );
    // Keyset paging, newest first.
    let first = store
        .list_audit(&AuditFilter {
            limit: Some(2),
            ..Default::default()
        })
        .unwrap();
    let rest = store
        .list_audit(&AuditFilter {
            before_seq: Some(first[1].seq),
            ..Default::default()
        })
        .unwrap();
    let seqs: Vec<i64> = first.iter().chain(rest.iter()).map(|e| e.seq).collect();
    assert_eq!(seqs, [5, 4, 3, 2, 1]);
}

#[test]
fn audit_export_is_csv_with_neutralised_cells() {
    let (_d, store) = temp_store();
    let p = make_profile(&store, "=HYPERLINK(\"x\")");
    let mut out = Vec::new();
    let rows = store
        .export_audit_csv(
            &AuditFilter {
                profile_id: Some(p.id.clone()),
                ..Default::default()
            },
            &mut out,
        )
        .unwrap();
    assert_eq!(rows, 1);
    let mut r = csv::Reader::from_reader(out.as_slice());
    let headers: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(headers, crate::export::AUDIT_COLUMNS);
    let rec = r.records().next().unwrap().unwrap();
    assert_eq!(&rec[5], "profile_created");
    assert!(rec[10].contains("HYPERLINK"), "params JSON: {}", &rec[10]);
    assert!(rec[1].ends_with('Z'));
    // The export is itself audited.
    let last = &store.list_audit(&AuditFilter::default()).unwrap()[0];
    assert_eq!(last.action, "audit_exported");
    assert_eq!(last.params["rows"], 1);
}
