//! Keys: 401 without a valid one, test and live are separate worlds, another company's
//! object is indistinguishable from an unknown one.

use neuropay_sandbox::Outcome;
use serde_json::json;

use crate::common::{checkout_body, id_of, Env};

#[tokio::test]
async fn missing_or_wrong_key_is_401_on_every_action() {
    let env = Env::start().await;
    let body = checkout_body().to_string();
    let actions = [
        "create",
        "retrieve",
        "capture",
        "refund",
        "update",
        "delete",
        "create-customer",
        "retrieve-customer",
        "delete-customer",
    ];
    let wrong = format!("{}x", env.key());
    for action in actions {
        let none = env.post(None, action, &body, None).await;
        assert_eq!(none.status, 401, "{action}");
        assert!(none.message().contains("missing API key"));
        let bad = env.post(Some(&wrong), action, &body, None).await;
        assert_eq!(bad.status, 401, "{action}");
        assert_eq!(bad.message(), "invalid API key");
        assert!(!bad.text.contains(&wrong), "the key is never echoed");
    }
    let r = env
        .http
        .post(format!("{}/checkout/create", env.base()))
        .header("Authorization", format!("Basic {}", env.key()))
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
    assert!(!r.text().await.unwrap().contains(&env.key()));
    assert!(env.sb.ledger().is_empty());
}

#[tokio::test]
async fn test_and_live_are_separate_worlds() {
    let env = Env::start().await;
    let live = env.sb.keys().live.clone();
    let test_id = id_of(&env.create(json!({})).await);
    let r = env
        .post(
            Some(&live),
            "retrieve",
            &json!({"checkout_id": test_id}).to_string(),
            None,
        )
        .await;
    r.assert_400("no checkout");
    let live_id = id_of(
        &env.post(Some(&live), "create", &checkout_body().to_string(), None)
            .await
            .json(),
    );
    assert_eq!(env.sb.checkout_ids(&env.key()), [test_id]);
    assert_eq!(env.sb.checkout_ids(&live), std::slice::from_ref(&live_id));
    let modes: Vec<_> = env.sb.ledger().iter().map(|e| e.mode.as_str()).collect();
    assert_eq!(modes, ["test", "live"]);
    let page = env
        .get(&format!("/pay/{live_id}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("live mode (simulated)"));
}

#[tokio::test]
async fn another_companys_objects_answer_400_like_unknown_ones() {
    let env = Env::start().await;
    let other = env.sb.add_company();
    let theirs = id_of(
        &env.post(
            Some(&other.test),
            "create",
            &checkout_body().to_string(),
            None,
        )
        .await
        .json(),
    );
    env.sb
        .buyer_outcome(&other.test, &theirs, Outcome::Pay)
        .unwrap();
    let unknown = "a".repeat(32);
    for action in ["retrieve", "capture", "refund", "delete"] {
        let mine = env.call(action, json!({ "checkout_id": theirs })).await;
        assert_eq!(mine.status, 400, "{action}");
        assert_eq!(
            mine.message(),
            format!("no checkout {theirs} for this API key")
        );
        let never = env.call(action, json!({ "checkout_id": unknown })).await;
        assert_eq!(
            never.message(),
            format!("no checkout {unknown} for this API key")
        );
    }
    let cust = env
        .post(
            Some(&other.test),
            "create-customer",
            &json!({"first_name": "A", "last_name": "B", "email": "a@b.c"}).to_string(),
            None,
        )
        .await
        .json();
    env.call(
        "retrieve-customer",
        json!({"customer_id": cust["customer_id"]}),
    )
    .await
    .assert_400("no customer");
    // Their checkout is untouched and still theirs.
    assert_eq!(
        env.sb.checkout_json(&other.test, &theirs).unwrap()["status"],
        "paid"
    );
    assert!(env.sb.checkout_json(&env.key(), &theirs).is_none());
    // Over HTTP too: a new company's keys work at once.
    let r = env
        .http
        .post(format!("{}/_sandbox/companies", env.base()))
        .send()
        .await
        .unwrap();
    let keys: serde_json::Value = r.json().await.unwrap();
    let third = keys["test_key"].as_str().unwrap();
    assert_eq!(
        env.post(Some(third), "create", &checkout_body().to_string(), None)
            .await
            .status,
        200
    );
}

#[tokio::test]
async fn explicit_company_keys_are_used_and_checked() {
    use neuropay_sandbox::{CompanyKeys, SandboxConfig};
    let keys = CompanyKeys {
        test: "sk_test_fixed_0001".into(),
        live: "sk_live_fixed_0001".into(),
    };
    let env = Env::with(SandboxConfig {
        company: Some(keys.clone()),
        ..Default::default()
    })
    .await;
    assert_eq!(env.sb.keys(), &keys);
    assert_eq!(
        env.post(
            Some(&keys.test),
            "create",
            &checkout_body().to_string(),
            None
        )
        .await
        .status,
        200
    );
    for bad in [
        CompanyKeys {
            test: "same".into(),
            live: "same".into(),
        },
        CompanyKeys {
            test: "has space".into(),
            live: "ok".into(),
        },
        CompanyKeys {
            test: String::new(),
            live: "ok".into(),
        },
    ] {
        let err = neuropay_sandbox::start(SandboxConfig {
            company: Some(bad),
            ..Default::default()
        })
        .await
        .unwrap_err();
        assert_eq!(err.code(), "config");
    }
    let shown = format!("{:?}", env.sb);
    assert!(
        !shown.contains(&keys.test) && !shown.contains(&keys.live),
        "{shown}"
    );
}

#[tokio::test]
async fn non_loopback_bind_is_refused_unless_allowed() {
    use neuropay_sandbox::SandboxConfig;
    let err = neuropay_sandbox::start(SandboxConfig {
        bind: "0.0.0.0:0".parse().unwrap(),
        ..Default::default()
    })
    .await
    .unwrap_err();
    assert_eq!(err.code(), "non_loopback");
    let sb = neuropay_sandbox::start(SandboxConfig {
        bind: "0.0.0.0:0".parse().unwrap(),
        allow_remote: true,
        ..Default::default()
    })
    .await
    .unwrap();
    assert!(sb.base_url().starts_with("http://127.0.0.1:"));
    sb.shutdown().await;
}
