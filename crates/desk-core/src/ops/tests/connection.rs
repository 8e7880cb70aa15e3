//! "Test connection" tells a good key from a rejected one and from no connection.

use neuropay::ApiKey;

use super::support::{closed_port_url, Env};
use crate::Mode;

#[tokio::test]
async fn good_rejected_missing_and_offline() {
    let env = Env::start().await;
    let before = env.ledger().len();
    for mode in Mode::ALL {
        let check = env.desk.test_connection(&env.scope(mode)).await.unwrap();
        assert!(check.ok, "{check:?}");
        assert_eq!(check.code, "ok");
        assert!(check.message.contains(mode.as_str()), "{}", check.message);
    }

    // A key of the right shape that the server does not know.
    let wrong = ApiKey::new("npsb_test_00000000000000000000000000000000").unwrap();
    env.desk
        .set_key(&env.profile.id, Mode::Test, wrong)
        .await
        .unwrap();
    let check = env
        .desk
        .test_connection(&env.scope(Mode::Test))
        .await
        .unwrap();
    assert!(!check.ok);
    assert_eq!(check.code, "unauthorized");
    assert!(
        check.message.contains("the key was rejected"),
        "{}",
        check.message
    );
    assert!(
        !check.message.contains("npsb_test_0000"),
        "no key in messages"
    );

    env.desk
        .delete_key(&env.profile.id, Mode::Test)
        .await
        .unwrap();
    let check = env
        .desk
        .test_connection(&env.scope(Mode::Test))
        .await
        .unwrap();
    assert_eq!((check.ok, check.code.as_str()), (false, "key_missing"));

    env.desk
        .store()
        .set_profile_base_url(&env.profile.id, &closed_port_url())
        .unwrap();
    let check = env
        .desk
        .test_connection(&env.scope(Mode::Live))
        .await
        .unwrap();
    assert_eq!((check.ok, check.code.as_str()), (false, "offline"));
    assert!(check.message.contains("cannot reach"), "{}", check.message);

    assert_eq!(
        env.ledger().len(),
        before,
        "a connection test changes nothing"
    );
    let missing = crate::ProfileId::new("nope").unwrap();
    let err = env
        .desk
        .test_connection(&crate::ops::Scope::new(missing, Mode::Test))
        .await
        .unwrap_err();
    assert_eq!(err.code(), "not_found");
}
