//! Create input is validated like the real API: 400 with a message, nothing created.

use serde_json::{json, Value};

use crate::common::{checkout_body, with, Env};

#[tokio::test]
async fn create_refuses_invalid_input_with_a_message() {
    let env = Env::start().await;
    let big_meta: serde_json::Map<String, Value> =
        (0..51).map(|i| (format!("k{i}"), json!(i))).collect();
    let cases: Vec<(Value, &str)> = vec![
        (
            json!({"amount": null, "currency": null}),
            "missing required fields: amount, currency",
        ),
        (
            json!({"message": null, "returnUrl": null, "returnUrlCancel": null}),
            "missing required fields: message, returnUrl, returnUrlCancel",
        ),
        (json!({"amount": 0}), "amount must be greater than 0"),
        (json!({"amount": -100}), "amount must be greater than 0"),
        (
            json!({"amount": 30.5}),
            "must be an integer number of minor units",
        ),
        (
            json!({"amount": "3000"}),
            "must be an integer number of minor units",
        ),
        (json!({"amount": 1_000_000_000_001i64}), "at most"),
        (json!({"currency": "XYZ"}), "unknown currency XYZ"),
        (json!({"currency": "sek"}), "unknown currency sek"),
        (json!({"currency": 752}), "3-letter ISO 4217"),
        (json!({"message": ""}), "message must not be empty"),
        (
            json!({"message": "m".repeat(1001)}),
            "message is longer than 1000",
        ),
        (
            json!({"returnUrl": "shop.example/ok"}),
            "returnUrl must be an absolute http or https URL",
        ),
        (
            json!({"returnUrlCancel": "javascript:alert(1)"}),
            "returnUrlCancel must be an absolute",
        ),
        (
            json!({"card_id": "c".repeat(32)}),
            "card_id requires customer_id",
        ),
        (json!({"customer_id": "c".repeat(32)}), "no customer cccc"),
        (
            json!({"template": "fullscreen"}),
            "template must be \"iframe\"",
        ),
        (json!({"capture": "no"}), "capture must be true or false"),
        (
            json!({"allowSaveCard": 1}),
            "allowSaveCard must be true or false",
        ),
        (json!({"identifier": 42}), "identifier must be a string"),
        (json!({"metaData": big_meta}), "51 keys; at most 50"),
        (
            json!({"metaData": {"blob": "x".repeat(6000)}}),
            "bytes serialized; at most 5120",
        ),
        (
            json!({"metaData": {"nested": {"a": 1}}}),
            "must be a string, number or boolean",
        ),
        (
            json!({"metaData": {"list": [1, 2]}}),
            "must be a string, number or boolean",
        ),
        (
            json!({"metaData": [{"key": "a", "value": "b"}]}),
            "metaData must be an object",
        ),
        (
            json!({"paymentMethods": [{"method": "cash"}]}),
            "unknown payment method",
        ),
        (
            json!({"paymentMethods": [{"method": "card", "brands": ["visa", "laser"]}]}),
            "unknown card brand",
        ),
        (
            json!({"paymentMethods": {"method": "card"}}),
            "paymentMethods must be an array",
        ),
    ];
    for (over, needle) in cases {
        let body = with(checkout_body(), over.clone());
        env.call("create", body).await.assert_400(needle);
    }
    assert!(env.sb.checkout_ids(&env.key()).is_empty());
    assert!(env.sb.ledger().is_empty());
}

#[tokio::test]
async fn body_must_be_a_json_object() {
    let env = Env::start().await;
    let key = env.key();
    let r = env
        .post(Some(&key), "create", "{\"amount\": 3000,", None)
        .await;
    r.assert_400("malformed JSON");
    env.post(Some(&key), "create", "[1,2]", None)
        .await
        .assert_400("must be a JSON object");
    env.post(Some(&key), "create", "", None)
        .await
        .assert_400("got nothing");
    let huge = format!("{{\"message\": \"{}\"}}", "x".repeat(70 * 1024));
    env.post(Some(&key), "create", &huge, None)
        .await
        .assert_400("larger than 64 KiB");
    assert!(env.sb.checkout_ids(&key).is_empty());
}

#[tokio::test]
async fn currencies_of_every_exponent_are_accepted() {
    let env = Env::start().await;
    for cur in ["SEK", "EUR", "USD", "JPY", "KWD", "BHD", "ISK"] {
        let c = env.create(json!({ "currency": cur, "amount": 1234 })).await;
        assert_eq!(c["currency"], cur);
        assert_eq!(c["amount"], 1234);
    }
}

#[tokio::test]
async fn nulls_count_as_absent_and_unknown_fields_are_ignored() {
    let env = Env::start().await;
    let mut body = checkout_body();
    for k in [
        "identifier",
        "capture",
        "allowSaveCard",
        "customer_id",
        "card_id",
        "template",
        "metaData",
        "paymentMethods",
    ] {
        body[k] = Value::Null;
    }
    body["somethingNew"] = json!({"x": 1});
    let r = env.call("create", body).await;
    assert_eq!(r.status, 200, "{}", r.text);
    let c = r.json();
    assert_eq!(c["capture"], true);
    assert!(c.get("somethingNew").is_none());
}

#[tokio::test]
async fn customer_input_is_validated() {
    let env = Env::start().await;
    let ok = json!({"first_name": "Ada", "last_name": "Lovelace", "email": "ada@example.com"});
    let cases = [
        (
            json!({"first_name": null, "email": null}),
            "missing required fields: first_name, email",
        ),
        (json!({"email": "not-an-email"}), "is not an e-mail address"),
        (
            json!({"email": "a b@example.com"}),
            "is not an e-mail address",
        ),
        (json!({"last_name": ""}), "last_name must not be empty"),
        (
            json!({"first_name": "n".repeat(101)}),
            "first_name is longer than 100",
        ),
        (
            json!({"metaData": {"deep": {"x": 1}}}),
            "must be a string, number or boolean",
        ),
    ];
    for (over, needle) in cases {
        env.call("create-customer", with(ok.clone(), over))
            .await
            .assert_400(needle);
    }
    assert!(env.sb.customer_ids(&env.key()).is_empty());
}
