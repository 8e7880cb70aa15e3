//! The OpenAPI document: well formed, equal to the router's routes, and true to what the
//! server really sends.

use std::collections::BTreeSet;
use std::time::Duration;

use neuropay_sandbox::{
    api_paths, Faults, Outcome, SandboxConfig, Status, CURRENCIES, OPENAPI_JSON,
};
use serde_json::{json, Value};

use crate::common::{checkout_body, id_of, Env, Reply};
use crate::schema::{refs, resolve, validate};

const WRITES: [&str; 7] = [
    "create",
    "capture",
    "refund",
    "update",
    "delete",
    "create-customer",
    "delete-customer",
];

fn doc() -> Value {
    serde_json::from_str(OPENAPI_JSON).expect("openapi.json parses")
}

#[test]
fn committed_file_is_the_served_one() {
    let committed =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/openapi.json")).unwrap();
    assert_eq!(committed, OPENAPI_JSON);
}

#[test]
fn document_has_valid_openapi_3_structure() {
    let d = doc();
    assert!(d["openapi"].as_str().unwrap().starts_with("3.0."));
    assert!(d["info"]["title"].is_string() && d["info"]["version"].is_string());
    assert!(d["paths"].is_object());
    assert_eq!(
        d["components"]["securitySchemes"]["bearerAuth"],
        json!({
            "type": "http", "scheme": "bearer", "description": d["components"]["securitySchemes"]["bearerAuth"]["description"]
        })
    );
    assert_eq!(d["security"], json!([{"bearerAuth": []}]));
    let mut all = Vec::new();
    refs(&d, &mut all);
    assert!(all.len() > 50);
    for r in &all {
        assert!(resolve(&d, r).is_some(), "unresolved {r}");
    }
    for (path, item) in d["paths"].as_object().unwrap() {
        let ops = item.as_object().unwrap();
        assert_eq!(ops.keys().collect::<Vec<_>>(), ["post"], "{path}");
        let op = &ops["post"];
        assert!(op["operationId"].is_string());
        assert!(op["requestBody"]["content"]["application/json"]["schema"].is_object());
        let codes: BTreeSet<&str> = op["responses"]
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        let action = path.trim_start_matches("/checkout/");
        let mut want: BTreeSet<&str> = ["200", "400", "401", "429", "500", "502", "503"]
            .into_iter()
            .collect();
        let write = WRITES.contains(&action);
        if write {
            want.insert("409");
        }
        assert_eq!(codes, want, "{path}");
        let params = op["parameters"].as_array().map(Vec::len).unwrap_or(0);
        assert_eq!(
            params,
            usize::from(write),
            "{path}: Idempotency-Key on writes only"
        );
        let too_many = resolve(&d, op["responses"]["429"]["$ref"].as_str().unwrap()).unwrap();
        assert!(too_many["headers"]["Retry-After"].is_object());
    }
    // Nullable enums list null, as OpenAPI 3.0.3 requires.
    let template = &d["components"]["schemas"]["Checkout"]["properties"]["template"];
    assert!(template["enum"].as_array().unwrap().contains(&Value::Null));
}

#[test]
fn document_enums_match_the_code() {
    let d = doc();
    let s = &d["components"]["schemas"];
    let statuses: Vec<&str> = Status::ALL.iter().map(|x| x.as_str()).collect();
    assert_eq!(s["Status"]["enum"], json!(statuses));
    let currencies: Vec<&str> = CURRENCIES.iter().map(|c| c.0).collect();
    assert_eq!(
        s["CreateCheckoutRequest"]["properties"]["currency"]["enum"],
        json!(currencies)
    );
    assert_eq!(
        s["Checkout"]["properties"]["currency"]["enum"],
        json!(currencies)
    );
    assert_eq!(
        s["RefundReason"]["enum"],
        json!(neuropay_sandbox::RefundReason::WIRE)
    );
}

#[tokio::test]
async fn document_paths_are_exactly_the_routes_served() {
    let env = Env::start().await;
    let d = doc();
    let documented: BTreeSet<String> = d["paths"].as_object().unwrap().keys().cloned().collect();
    let routed: BTreeSet<String> = api_paths().into_iter().collect();
    assert_eq!(documented, routed);
    assert_eq!(routed.len(), 9);
    for path in &routed {
        let r = env
            .http
            .post(format!("{}{path}", env.base()))
            .body("{}")
            .send()
            .await
            .unwrap();
        assert_eq!(
            r.status(),
            401,
            "{path} is routed (401 without a key, not 404)"
        );
        let r = env
            .http
            .get(format!("{}{path}", env.base()))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 405, "{path}: POST only");
    }
    for path in ["/checkout/list", "/checkout/", "/checkouts/create"] {
        let r = env
            .http
            .post(format!("{}{path}", env.base()))
            .bearer_auth(env.key())
            .body("{}")
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 404, "{path}");
        let body: Value = r.json().await.unwrap();
        assert!(body["message"].as_str().unwrap().contains("no route"));
    }
    let served = env.get("/openapi.json").await;
    assert_eq!(served.headers()["content-type"], "application/json");
    assert_eq!(served.text().await.unwrap(), OPENAPI_JSON);
}

/// Checks a reply against the document's response for its action and status.
fn conforms(d: &Value, action: &str, r: &Reply) {
    let op = &d["paths"][format!("/checkout/{action}")]["post"];
    let mut resp = &op["responses"][r.status.to_string()];
    assert!(
        resp.is_object(),
        "{action}: status {} is not documented",
        r.status
    );
    if let Some(reference) = resp.get("$ref").and_then(Value::as_str) {
        resp = resolve(d, reference).unwrap();
    }
    let schema = &resp["content"]["application/json"]["schema"];
    let mut errs = Vec::new();
    validate(d, schema, &r.json(), action, &mut errs);
    assert!(
        errs.is_empty(),
        "{action} {}: {errs:#?}\n{}",
        r.status,
        r.text
    );
    for (name, _) in resp["headers"].as_object().into_iter().flatten() {
        if name != "Idempotent-Replayed" {
            assert!(
                r.headers.contains_key(name.to_lowercase().as_str()),
                "{action}: header {name}"
            );
        }
    }
}

#[tokio::test]
async fn real_replies_conform_to_the_document() {
    let env = Env::with(SandboxConfig {
        seed: Some(40),
        ..Default::default()
    })
    .await;
    let d = doc();
    let key = env.key();
    let call = |action: &'static str, body: Value, idem: Option<&'static str>| {
        let key = key.clone();
        let env = &env;
        async move { env.post(Some(&key), action, &body.to_string(), idem).await }
    };
    // Every seeded checkout, in every status, as retrieve returns it.
    for id in env.sb.checkout_ids(&key) {
        conforms(
            &d,
            "retrieve",
            &call("retrieve", json!({ "checkout_id": id }), None).await,
        );
    }
    let cust = call(
        "create-customer",
        json!({"first_name": "A", "last_name": "B", "email": "a@b.c", "metaData": {"n": 1.5}}),
        Some("c1"),
    )
    .await;
    conforms(&d, "create-customer", &cust);
    let cid = cust.json()["customer_id"].as_str().unwrap().to_owned();
    let full = crate::common::with(
        checkout_body(),
        json!({
            "identifier": "o-1", "capture": false, "customer_id": cid, "template": "iframe",
            "metaData": {"a": "b", "n": 2, "t": true}, "paymentMethods": [{"method": "swish"}]
        }),
    );
    let created = call("create", full, Some("k1")).await;
    conforms(&d, "create", &created);
    let id = id_of(&created.json());
    env.sb.buyer_outcome(&key, &id, Outcome::Pay).unwrap();
    conforms(
        &d,
        "retrieve-customer",
        &call("retrieve-customer", json!({ "customer_id": cid }), None).await,
    );
    conforms(
        &d,
        "capture",
        &call("capture", json!({ "checkout_id": id }), Some("k2")).await,
    );
    conforms(
        &d,
        "refund",
        &call(
            "refund",
            json!({"checkout_id": id, "amount": 10, "reason": "duplicate"}),
            Some("k3"),
        )
        .await,
    );
    conforms(
        &d,
        "update",
        &call(
            "update",
            json!({"checkout_id": id, "metaData": {"a": ""}}),
            Some("k4"),
        )
        .await,
    );
    let fresh = id_of(&env.create(json!({})).await);
    conforms(
        &d,
        "delete",
        &call("delete", json!({ "checkout_id": fresh }), Some("k5")).await,
    );
    conforms(
        &d,
        "delete-customer",
        &call("delete-customer", json!({ "customer_id": cid }), Some("k6")).await,
    );
    // Error replies.
    conforms(
        &d,
        "capture",
        &call("capture", json!({ "checkout_id": id }), None).await,
    );
    conforms(
        &d,
        "refund",
        &call(
            "refund",
            json!({"checkout_id": id, "amount": 10}),
            Some("k3"),
        )
        .await,
    );
    conforms(
        &d,
        "retrieve",
        &env.post(None, "retrieve", "{}", None).await,
    );
    conforms(
        &d,
        "create",
        &env.post(Some(&key), "create", "{oops", None).await,
    );
    env.sb.set_faults(Faults {
        rate_429: 1.0,
        ..Faults::default()
    });
    conforms(&d, "create", &call("create", checkout_body(), None).await);
    env.sb.set_faults(Faults {
        error_rate: 1.0,
        ..Faults::default()
    });
    let mut seen = BTreeSet::new();
    for _ in 0..12 {
        let r = call("retrieve", json!({ "checkout_id": id }), None).await;
        conforms(&d, "retrieve", &r);
        seen.insert(r.status);
    }
    assert!(seen.len() >= 2, "{seen:?}");
    env.sb.set_faults(Faults {
        latency: Duration::ZERO,
        ..Faults::default()
    });
}
