//! The embedded simulator: first run, restart with the same keys and state.

use neuropay::CheckoutId;

use super::support::fast;
use crate::ops::Scope;
use crate::sandbox::{PROFILE_NAME, STATE_FILE_NAME};
use crate::{CustomerQuery, Desk, ListQuery, Mode, NewProfile, Store, Vault};

fn open(dir: &std::path::Path, vault: &Vault) -> Desk {
    let store = Store::open(dir.join("desk.sqlite3")).expect("store");
    Desk::new(store, vault.clone()).with_overrides(fast())
}

fn cached_ids(desk: &Desk, scope: &Scope) -> usize {
    let mut q = ListQuery::new(scope.profile.clone(), scope.mode);
    q.limit = 1000;
    desk.store().list_checkouts(&q).expect("list").rows.len()
}

#[tokio::test]
async fn first_run_creates_the_sandbox_profile_and_a_restart_reuses_it() {
    let dir = tempfile::tempdir().unwrap();
    let vault = Vault::mock();
    let desk = open(dir.path(), &vault);
    let sb = desk
        .ensure_sandbox_profile(30)
        .await
        .unwrap()
        .expect("first run");

    let profiles = desk.store().list_profiles().unwrap();
    assert_eq!(profiles.len(), 1);
    let profile = profiles[0].clone();
    assert_eq!(
        (profile.name.as_str(), profile.is_sandbox),
        (PROFILE_NAME, true)
    );
    assert_eq!(profile.base_url, sb.base_url());
    assert_eq!(sb.profile_id(), &profile.id);
    let keys = sb.sandbox().keys().clone();
    for status in desk.key_statuses(&profile.id).await.unwrap() {
        let key = if status.mode == Mode::Test {
            &keys.test
        } else {
            &keys.live
        };
        assert_eq!(
            status.masked.as_deref(),
            Some(format!("…{}", &key[key.len() - 4..]).as_str())
        );
    }
    for mode in Mode::ALL {
        let scope = Scope::new(profile.id.clone(), mode);
        let key = keys.for_mode(super::support::sandbox_mode(mode));
        let on_server = sb.sandbox().checkout_ids(key).len();
        assert!(on_server > 0);
        assert_eq!(
            cached_ids(&desk, &scope),
            on_server,
            "{mode} checkouts imported"
        );
        let customers = desk
            .store()
            .list_customers(&CustomerQuery::new(profile.id.clone(), mode))
            .unwrap();
        assert_eq!(
            customers.len(),
            sb.sandbox().customer_ids(key).len(),
            "{mode} customers"
        );
    }
    assert_eq!(
        cached_ids(&desk, &Scope::new(profile.id.clone(), Mode::Test)),
        30
    );
    let state = dir.path().join(STATE_FILE_NAME);
    let bytes = std::fs::read(&state).expect("state file in the data dir");
    for key in [&keys.test, &keys.live] {
        assert!(!contains(&bytes, key.as_bytes()), "a key in the state file");
    }

    let scope = Scope::new(profile.id.clone(), Mode::Test);
    let ctx = crate::ops::WriteCtx::new(scope.clone(), crate::ops::Actor::Ui);
    let made = desk
        .create_checkout(&ctx, super::support::checkout_request(1234, true))
        .await
        .unwrap();
    sb.shutdown().await;
    drop(desk);

    // Next start: same keys from the vault, same state file, new port.
    let desk = open(dir.path(), &vault);
    let sb = desk
        .ensure_sandbox_profile(30)
        .await
        .unwrap()
        .expect("restart");
    assert_eq!(sb.profile_id(), &profile.id);
    assert_eq!(sb.sandbox().keys(), &keys, "keys read back from the vault");
    let profile = desk.store().get_profile(&profile.id).unwrap();
    assert_eq!(
        profile.base_url,
        sb.base_url(),
        "the profile follows the new port"
    );
    assert_eq!(desk.store().list_profiles().unwrap().len(), 1);
    let again = desk
        .refresh_checkout(&scope, &CheckoutId::new(made.id.clone()).unwrap())
        .await
        .expect("the simulator kept its state");
    assert_eq!(again.amount, 1234);
    assert_eq!(cached_ids(&desk, &scope), 31, "no second import on restart");
    assert!(desk.test_connection(&scope).await.unwrap().ok);
    sb.shutdown().await;
}

#[tokio::test]
async fn a_user_with_profiles_gets_no_sandbox() {
    let dir = tempfile::tempdir().unwrap();
    let desk = open(dir.path(), &Vault::mock());
    desk.store()
        .create_profile(&NewProfile {
            name: "Real shop".into(),
            color: "#112233".into(),
            base_url: "https://api.neuro-admin.com".into(),
            guard_rails: Default::default(),
        })
        .unwrap();
    assert!(desk.ensure_sandbox_profile(10).await.unwrap().is_none());
    assert!(!dir.path().join(STATE_FILE_NAME).exists());
}

pub(crate) fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}
