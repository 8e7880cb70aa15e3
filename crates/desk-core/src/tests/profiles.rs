use neuropay::ApiKey;

use super::{make_profile, new_profile, t, temp_store, Fx};
use crate::profiles::{validate_base_url, validate_color, validate_name};
use crate::{AuditFilter, Desk, GuardRails, Mode, NewProfile, ProfileId, Vault};

#[test]
fn create_list_get_and_edit() {
    let (_d, store) = temp_store();
    let a = store
        .create_profile(&NewProfile {
            name: "  Shop A  ".into(),
            color: "#AABBCC".into(),
            base_url: "https://api.neuro-admin.com/".into(),
            guard_rails: GuardRails {
                live_read_only: true,
                live_refund_cap: Some(50_000),
            },
        })
        .unwrap();
    assert_eq!(a.name, "Shop A", "name is trimmed");
    assert_eq!(a.color, "#aabbcc", "color is lowercased");
    assert_eq!(
        a.base_url, "https://api.neuro-admin.com",
        "no trailing slash"
    );
    assert!(a.guard_rails.live_read_only);
    assert_eq!(a.id.as_str().len(), 32);
    let b = make_profile(&store, "Another");

    let names: Vec<_> = store
        .list_profiles()
        .unwrap()
        .into_iter()
        .map(|p| p.name)
        .collect();
    assert_eq!(names, ["Another", "Shop A"], "sorted by name");
    assert_eq!(store.get_profile(&a.id).unwrap(), a);

    let renamed = store.rename_profile(&a.id, "Shop A (EU)").unwrap();
    assert_eq!(renamed.name, "Shop A (EU)");
    assert!(renamed.updated_at >= a.updated_at);
    assert_eq!(
        store.recolor_profile(&a.id, "#00ff00").unwrap().color,
        "#00ff00"
    );
    assert_eq!(
        store
            .set_profile_base_url(&a.id, "http://localhost:7000/api/")
            .unwrap()
            .base_url,
        "http://localhost:7000/api"
    );
    let rails = GuardRails {
        live_read_only: false,
        live_refund_cap: None,
    };
    assert_eq!(
        store.set_guard_rails(&a.id, rails).unwrap().guard_rails,
        rails
    );
    // The other profile is untouched.
    assert_eq!(store.get_profile(&b.id).unwrap(), b);

    let actions: Vec<String> = store
        .list_audit(&AuditFilter {
            profile_id: Some(a.id.clone()),
            ..Default::default()
        })
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect();
    assert_eq!(
        actions,
        [
            "guard_rails_changed",
            "profile_base_url_changed",
            "profile_recolored",
            "profile_renamed",
            "profile_created"
        ]
    );
}

#[test]
fn validation_refuses_bad_input() {
    let (_d, store) = temp_store();
    for bad in ["", "   ", &"x".repeat(61), "tab\there"] {
        let e = store
            .create_profile(&NewProfile {
                name: bad.to_owned(),
                ..new_profile("x")
            })
            .unwrap_err();
        assert_eq!(e.code(), "invalid_input", "{bad:?}");
    }
    assert!(
        validate_name(&"é".repeat(60)).is_ok(),
        "60 characters, not bytes"
    );
    for bad in ["red", "#12345", "#1234567", "123456", "#12345g"] {
        assert_eq!(
            validate_color(bad).unwrap_err().code(),
            "invalid_input",
            "{bad}"
        );
    }
    for bad in [
        "ftp://example.com",
        "http://api.example.com",
        "http://10.0.0.5:8080",
        "https://user:pw@example.com",
        "https://example.com/?x=1",
        "not a url",
        "https://",
    ] {
        let e = validate_base_url(bad).unwrap_err();
        assert_eq!(e.code(), "invalid_input", "{bad}");
    }
    for good in [
        "https://api.paiwise.com",
        "http://127.0.0.1:1234",
        "http://127.5.5.5",
        "http://[::1]:99",
        "http://LOCALHOST:8",
    ] {
        assert!(validate_base_url(good).is_ok(), "{good}");
    }
    let e = store
        .create_profile(&NewProfile {
            guard_rails: GuardRails {
                live_read_only: false,
                live_refund_cap: Some(-1),
            },
            ..new_profile("neg")
        })
        .unwrap_err();
    assert_eq!(e.code(), "invalid_input");
    assert!(
        store.list_profiles().unwrap().is_empty(),
        "nothing half-created"
    );
}

#[test]
fn names_are_unique_case_insensitively() {
    let (_d, store) = temp_store();
    let a = make_profile(&store, "Shop");
    let e = store.create_profile(&new_profile("SHOP")).unwrap_err();
    assert_eq!(e.code(), "already_exists");
    let b = make_profile(&store, "Other");
    assert_eq!(
        store.rename_profile(&b.id, " shop ").unwrap_err().code(),
        "already_exists"
    );
    // Renaming to its own name (other case) is fine.
    assert_eq!(store.rename_profile(&a.id, "SHOP").unwrap().name, "SHOP");
}

#[test]
fn unknown_profile_is_not_found() {
    let (_d, store) = temp_store();
    let ghost = ProfileId::generate();
    assert_eq!(store.get_profile(&ghost).unwrap_err().code(), "not_found");
    assert_eq!(
        store.rename_profile(&ghost, "x").unwrap_err().code(),
        "not_found"
    );
    assert!(
        ProfileId::new("a/b").is_err(),
        "a slash could alias keychain entries"
    );
    assert!(ProfileId::new("ok-id_1").is_ok());
}

#[test]
fn guard_rails_refuse_live_writes_and_big_refunds() {
    let rails = GuardRails {
        live_read_only: false,
        live_refund_cap: Some(10_000),
    };
    assert!(rails.check_refund(Mode::Live, 10_000).is_ok());
    assert_eq!(
        rails.check_refund(Mode::Live, 10_001).unwrap_err().code(),
        "guard_rail"
    );
    assert!(
        rails.check_refund(Mode::Test, 1_000_000).is_ok(),
        "test mode is never capped"
    );
    let ro = GuardRails {
        live_read_only: true,
        live_refund_cap: None,
    };
    assert_eq!(ro.check_write(Mode::Live).unwrap_err().code(), "guard_rail");
    assert!(ro.check_write(Mode::Test).is_ok());
}

#[tokio::test]
async fn delete_without_data_needs_no_confirmation_and_removes_both_keys() {
    let (_d, store) = temp_store();
    let vault = Vault::mock();
    let desk = Desk::new(store.clone(), vault.clone());
    let p = make_profile(&store, "Empty");
    let keep = make_profile(&store, "Keep");
    for mode in Mode::ALL {
        desk.set_key(
            &p.id,
            mode,
            ApiKey::new(format!("npsb_{mode}_0123456789abcdef")).unwrap(),
        )
        .await
        .unwrap();
    }
    desk.set_key(
        &keep.id,
        Mode::Test,
        ApiKey::new("npsb_keep_key_0000").unwrap(),
    )
    .await
    .unwrap();

    desk.delete_profile(&p.id, false).await.unwrap();
    assert_eq!(store.get_profile(&p.id).unwrap_err().code(), "not_found");
    for mode in Mode::ALL {
        let s = vault.key_status(&p.id, mode).await.unwrap();
        assert!(!s.present, "{mode} key removed");
    }
    assert!(
        vault
            .key_status(&keep.id, Mode::Test)
            .await
            .unwrap()
            .present
    );
    let deleted = store
        .list_audit(&AuditFilter {
            action: Some("profile_deleted".into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(deleted.len(), 1);
    assert_eq!(deleted[0].params["purgedCache"], false);
}

#[tokio::test]
async fn delete_with_cached_data_requires_confirmation() {
    let (_d, store) = temp_store();
    let vault = Vault::mock();
    let desk = Desk::new(store.clone(), vault.clone());
    let p = make_profile(&store, "Busy");
    let other = make_profile(&store, "Other");
    desk.set_key(
        &p.id,
        Mode::Live,
        ApiKey::new("npsb_live_secret_4f2a").unwrap(),
    )
    .await
    .unwrap();
    Fx::new(1).save(&store, &p, Mode::Test, t(1));
    Fx::new(2).save(&store, &other, Mode::Test, t(1));

    let e = desk.delete_profile(&p.id, false).await.unwrap_err();
    assert_eq!(e.code(), "confirmation_required");
    // Refused before anything was touched: the key and the rows are still there.
    assert!(vault.key_status(&p.id, Mode::Live).await.unwrap().present);
    assert!(store.profile_has_cached_data(&p.id).unwrap());

    desk.delete_profile(&p.id, true).await.unwrap();
    assert_eq!(store.get_profile(&p.id).unwrap_err().code(), "not_found");
    assert!(!vault.key_status(&p.id, Mode::Live).await.unwrap().present);
    let left: i64 = store
        .read(|c| {
            Ok(c.query_row(
                "SELECT (SELECT count(*) FROM checkouts WHERE profile_id = ?1)
                      + (SELECT count(*) FROM checkout_events WHERE profile_id = ?1)",
                [&p.id],
                |r| r.get(0),
            )?)
        })
        .unwrap();
    assert_eq!(left, 0, "cached rows and their events purged");
    let fts_rows: i64 = store
        .read(|c| Ok(c.query_row("SELECT count(*) FROM checkout_fts", [], |r| r.get(0))?))
        .unwrap();
    assert_eq!(
        fts_rows, 1,
        "search entries purged too; the other profile's remains"
    );
    assert_eq!(
        store
            .get_checkout(&other.id, Mode::Test, &super::cid(2))
            .unwrap()
            .id,
        super::cid(2),
        "another profile's cache is untouched"
    );
    // The audit entries of the deleted profile survive it.
    let entries = store
        .list_audit(&AuditFilter {
            profile_id: Some(p.id.clone()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(entries[0].action, "profile_deleted");
    assert_eq!(entries[0].params["purgedCache"], true);
}

#[tokio::test]
async fn a_locked_keychain_stops_the_delete_before_the_rows_go() {
    let (_d, store) = temp_store();
    let vault = Vault::mock();
    let desk = Desk::new(store.clone(), vault.clone());
    let p = make_profile(&store, "Locked");
    vault.inject_mock_error(
        &Vault::entry_user(&p.id, Mode::Test),
        keyring_core::Error::NoStorageAccess("collection is locked".into()),
    );
    let e = desk.delete_profile(&p.id, false).await.unwrap_err();
    assert_eq!(e.code(), "keychain_locked");
    assert!(
        store.get_profile(&p.id).is_ok(),
        "profile kept while its keys could not go"
    );
    let failures = store
        .list_audit(&AuditFilter {
            outcome: Some(crate::Outcome::Failure),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(failures.len(), 1);
    assert_eq!(failures[0].error_code.as_deref(), Some("keychain_locked"));
}
