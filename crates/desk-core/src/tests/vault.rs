use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use neuropay::ApiKey;

use super::{make_profile, temp_store};
use crate::vault::{map_keyring_error, TEST_PROBE_USER};
use crate::{AuditFilter, Desk, KeyChange, Mode, ProfileId, Vault, VaultState};

const KEY_1: &str = "npsb_test_0123456789abcdef4f2a";
const KEY_2: &str = "npsb_test_fedcba98765432109c1d";

#[tokio::test]
async fn set_replace_get_masked_and_delete() {
    let vault = Vault::mock();
    let p = ProfileId::generate();
    let none = vault.key_status(&p, Mode::Test).await.unwrap();
    assert!(!none.present);
    assert_eq!(none.masked, None);

    let k1 = ApiKey::new(KEY_1).unwrap();
    assert_eq!(
        vault.set_key(&p, Mode::Test, &k1).await.unwrap(),
        KeyChange::Added
    );
    let s = vault.key_status(&p, Mode::Test).await.unwrap();
    assert!(s.present);
    assert_eq!(s.masked.as_deref(), Some("…4f2a"));
    assert_eq!(vault.get_key_blocking(&p, Mode::Test).unwrap(), k1);

    let k2 = ApiKey::new(KEY_2).unwrap();
    assert_eq!(
        vault.set_key(&p, Mode::Test, &k2).await.unwrap(),
        KeyChange::Replaced
    );
    assert_eq!(
        vault
            .key_status(&p, Mode::Test)
            .await
            .unwrap()
            .masked
            .as_deref(),
        Some("…9c1d")
    );
    // Modes are separate entries.
    assert!(!vault.key_status(&p, Mode::Live).await.unwrap().present);
    assert_eq!(
        vault.get_key_blocking(&p, Mode::Live).unwrap_err().code(),
        "key_missing"
    );

    assert!(vault.delete_key(&p, Mode::Test).await.unwrap());
    assert!(
        !vault.delete_key(&p, Mode::Test).await.unwrap(),
        "second delete finds nothing"
    );
    assert!(!vault.key_status(&p, Mode::Test).await.unwrap().present);
}

#[test]
fn entry_names_are_service_and_profile_slash_mode() {
    let p = ProfileId::new("abc123").unwrap();
    assert_eq!(crate::vault::SERVICE, "neuropay-desk");
    assert_eq!(Vault::entry_user(&p, Mode::Test), "abc123/test");
    assert_eq!(Vault::entry_user(&p, Mode::Live), "abc123/live");
}

#[tokio::test]
async fn state_reports_available_locked_and_absent() {
    let vault = Vault::mock();
    let ok = vault.state().await;
    assert_eq!(ok.state, VaultState::Available);
    assert_eq!(ok.backend, "mock");

    vault.inject_mock_error(
        TEST_PROBE_USER,
        keyring_core::Error::NoStorageAccess("the collection is locked".into()),
    );
    let locked = vault.state().await;
    assert_eq!(locked.state, VaultState::Locked);
    assert!(locked.message.contains("unlock"), "{}", locked.message);

    let absent = Vault::with_connector(
        "native",
        Box::new(|| {
            Err(keyring_core::Error::PlatformFailure(
                "org.freedesktop.DBus.Error.ServiceUnknown".into(),
            ))
        }),
    );
    let s = absent.state().await;
    assert_eq!(s.state, VaultState::Absent);
    if cfg!(target_os = "linux") {
        assert!(
            s.message.contains("Secret Service is not running"),
            "{}",
            s.message
        );
    }
    let e = absent
        .set_key(
            &ProfileId::generate(),
            Mode::Test,
            &ApiKey::new(KEY_1).unwrap(),
        )
        .await
        .unwrap_err();
    assert_eq!(e.code(), "keychain_unavailable");
}

#[tokio::test]
async fn an_absent_keychain_is_retried_on_the_next_call() {
    let calls = Arc::new(AtomicUsize::new(0));
    let seen = calls.clone();
    let vault = Vault::with_connector(
        "native",
        Box::new(move || {
            if seen.fetch_add(1, Ordering::SeqCst) == 0 {
                Err(keyring_core::Error::PlatformFailure(
                    "not started yet".into(),
                ))
            } else {
                let store: Arc<keyring_core::CredentialStore> = keyring_core::mock::Store::new()?;
                Ok(store)
            }
        }),
    );
    assert_eq!(vault.state().await.state, VaultState::Absent);
    assert_eq!(
        vault.state().await.state,
        VaultState::Available,
        "daemon started"
    );
    assert_eq!(calls.load(Ordering::SeqCst), 2);
}

#[test]
fn keychain_errors_never_carry_the_secret() {
    let secret = b"npsb_live_supersecretvalue".to_vec();
    let e = map_keyring_error(&keyring_core::Error::BadEncoding(secret.clone()));
    assert_eq!(e.code(), "keychain_error");
    let dbg = format!("{e:?} {e}");
    assert!(!dbg.contains("supersecret"), "{dbg}");
    let e = map_keyring_error(&keyring_core::Error::BadDataFormat(
        secret,
        "bad padding".into(),
    ));
    assert!(!format!("{e:?} {e}").contains("supersecret"));
    assert_eq!(
        map_keyring_error(&keyring_core::Error::NoStorageAccess("locked".into())).code(),
        "keychain_locked"
    );
}

#[tokio::test]
async fn desk_key_operations_are_audited_with_the_masked_key_only() {
    let (_d, store) = temp_store();
    let desk = Desk::new(store.clone(), Vault::mock());
    let p = make_profile(&store, "Keys");
    let status = desk
        .set_key(&p.id, Mode::Live, ApiKey::new(KEY_1).unwrap())
        .await
        .unwrap();
    assert_eq!(status.masked.as_deref(), Some("…4f2a"));
    desk.set_key(&p.id, Mode::Live, ApiKey::new(KEY_2).unwrap())
        .await
        .unwrap();
    let statuses = desk.key_statuses(&p.id).await.unwrap();
    assert_eq!(statuses.len(), 2);
    assert!(!statuses[0].present && statuses[1].present);
    assert!(desk.delete_key(&p.id, Mode::Live).await.unwrap());

    let entries = store.list_audit(&AuditFilter::default()).unwrap();
    let actions: Vec<_> = entries.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(
        actions,
        ["key_deleted", "key_set", "key_set", "profile_created"]
    );
    assert_eq!(entries[1].params["replaced"], true);
    assert_eq!(entries[1].params["masked"], "…9c1d");
    assert_eq!(entries[2].params["replaced"], false);
    let mut csv = Vec::new();
    store
        .export_audit_csv(&AuditFilter::default(), &mut csv)
        .unwrap();
    let text = String::from_utf8(csv).unwrap();
    for key in [KEY_1, KEY_2] {
        assert!(!text.contains(key), "a key reached the audit log");
        assert!(!format!("{entries:?}").contains(key));
    }
    // A key for a profile that does not exist is refused before the keychain is touched.
    let ghost = ProfileId::generate();
    let e = desk
        .set_key(&ghost, Mode::Test, ApiKey::new(KEY_1).unwrap())
        .await
        .unwrap_err();
    assert_eq!(e.code(), "not_found");
    assert!(
        !desk
            .vault()
            .key_status(&ghost, Mode::Test)
            .await
            .unwrap()
            .present
    );
}

#[tokio::test]
async fn a_locked_entry_keeps_the_state_locked_until_it_reads_again() {
    let vault = Vault::mock();
    let p = ProfileId::generate();
    let user = Vault::entry_user(&p, Mode::Live);
    let locked = || keyring_core::Error::NoStorageAccess("prompt dismissed".into());

    vault.inject_mock_error(&user, locked());
    let e = vault
        .set_key(&p, Mode::Live, &ApiKey::new(KEY_1).unwrap())
        .await
        .unwrap_err();
    assert_eq!(e.code(), "keychain_locked");
    assert!(e.to_string().contains("unlock"), "{e}");

    // The state re-reads the entry that failed: still locked...
    vault.inject_mock_error(&user, locked());
    assert_eq!(vault.state().await.state, VaultState::Locked);
    // ...then unlocked: available again, and the probe goes back to its own entry.
    assert_eq!(vault.state().await.state, VaultState::Available);
    vault.inject_mock_error(TEST_PROBE_USER, locked());
    assert_eq!(vault.state().await.state, VaultState::Locked);
    assert_eq!(vault.state().await.state, VaultState::Available);
}
