//! One round trip through the real OS keychain (Secret Service on Linux).
//!
//! Runs only when `NPDESK_REAL_KEYCHAIN=1`; then an unreachable or locked keychain is a
//! failure, not a skip. On Linux, headless:
//!
//! ```sh
//! dbus-run-session -- bash -c 'export XDG_DATA_HOME=$(mktemp -d);
//!   echo -n pw | gnome-keyring-daemon --unlock --components=secrets >/dev/null;
//!   NPDESK_REAL_KEYCHAIN=1 cargo test -p desk-core --test real_keychain'
//! ```

use desk_core::{KeyChange, Mode, ProfileId, Vault, VaultState};
use neuropay::ApiKey;

const ENV: &str = "NPDESK_REAL_KEYCHAIN";

/// Removes the test's entries even when an assertion fails half-way.
struct Cleanup(ProfileId);

impl Drop for Cleanup {
    fn drop(&mut self) {
        let vault = Vault::native();
        for mode in Mode::ALL {
            let _ = vault.delete_key_blocking(&self.0, mode);
        }
    }
}

#[tokio::test]
async fn set_read_masked_replace_and_delete_in_the_os_keychain() {
    if std::env::var(ENV).as_deref() != Ok("1") {
        println!("real keychain test not requested: set {ENV}=1 to run it against the OS keychain");
        return;
    }
    let vault = Vault::native();
    let state = vault.state().await;
    assert_eq!(
        state.state,
        VaultState::Available,
        "{ENV}=1 but the keychain is not usable: {}",
        state.message
    );
    assert_eq!(state.backend, "native");

    let profile = ProfileId::generate();
    let _cleanup = Cleanup(profile.clone());
    let first = ApiKey::new(format!("npsb_test_{}4f2a", profile.as_str())).unwrap();
    let second = ApiKey::new(format!("npsb_test_{}9c1d", profile.as_str())).unwrap();

    assert!(
        !vault
            .key_status(&profile, Mode::Test)
            .await
            .unwrap()
            .present
    );
    assert_eq!(
        vault.set_key(&profile, Mode::Test, &first).await.unwrap(),
        KeyChange::Added
    );

    // A fresh connection reads it back: the key is in the keychain, not in this process.
    let other = Vault::native();
    let status = other.key_status(&profile, Mode::Test).await.unwrap();
    assert!(status.present);
    assert_eq!(status.masked.as_deref(), Some("…4f2a"));
    assert!(
        !other
            .key_status(&profile, Mode::Live)
            .await
            .unwrap()
            .present,
        "modes are separate"
    );

    assert_eq!(
        vault.set_key(&profile, Mode::Test, &second).await.unwrap(),
        KeyChange::Replaced
    );
    let status = other.key_status(&profile, Mode::Test).await.unwrap();
    assert_eq!(status.masked.as_deref(), Some("…9c1d"));

    assert!(vault.delete_key(&profile, Mode::Test).await.unwrap());
    assert!(
        !other
            .key_status(&profile, Mode::Test)
            .await
            .unwrap()
            .present
    );
    assert!(!vault.delete_key(&profile, Mode::Test).await.unwrap());
}
