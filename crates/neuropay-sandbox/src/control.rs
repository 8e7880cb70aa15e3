//! Test-only control endpoints under `/_sandbox/`, apart from the documented API and
//! never subject to faults.

use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use serde_json::{json, Value};

use crate::api::{bearer, error_response, fields, json_response};
use crate::app::App;
use crate::error::SandboxError;
use crate::faults::Faults;
use crate::keys::CompanyKeys;
use crate::machine::Outcome;
use crate::ops;
use crate::state::{Store, WorldKey};

pub(crate) fn router() -> Router<App> {
    Router::new()
        .route("/_sandbox/checkouts/{id}/outcome", post(outcome))
        .route("/_sandbox/checkouts", get(checkouts))
        .route("/_sandbox/customers", get(customers))
        .route("/_sandbox/faults", get(get_faults).put(put_faults))
        .route("/_sandbox/ledger", get(ledger))
        .route("/_sandbox/companies", post(add_company))
}

fn error_reply(e: &SandboxError) -> Response {
    let status = match e {
        SandboxError::Unauthorized => StatusCode::UNAUTHORIZED,
        _ => StatusCode::BAD_REQUEST,
    };
    error_response(status, &e.to_string())
}

fn world(store: &Store, headers: &HeaderMap) -> Result<WorldKey, SandboxError> {
    let key = bearer(headers).map_err(|_| SandboxError::Unauthorized)?;
    store.world_for_key(key).ok_or(SandboxError::Unauthorized)
}

/// `{"outcome": "pay|reserve|fail|cancel|revoke"}` for a checkout of the key's world.
async fn outcome(
    State(app): State<App>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let parsed = fields::parse_object(&body)
        .and_then(|o| fields::req_str(&o, "outcome", 16).map(str::to_owned));
    let what = match parsed {
        Ok(w) => w,
        Err(e) => return error_response(e.status, &e.message),
    };
    let result = app.mutate(|s| {
        let wk = world(s, &headers)?;
        match (what.as_str(), Outcome::parse(&what)) {
            (_, Some(o)) => ops::buyer_outcome(s, wk, &id, o),
            ("revoke", None) => ops::revoke(s, wk, &id),
            _ => Err(SandboxError::Refused(
                "outcome must be one of pay, reserve, fail, cancel, revoke".into(),
            )),
        }
    });
    match result {
        Ok(c) => json_response(StatusCode::OK, c.wire(&app.base).to_string()),
        Err(e) => error_reply(&e),
    }
}

async fn checkouts(State(app): State<App>, headers: HeaderMap) -> Response {
    match app.read(|s| world(s, &headers).map(|wk| checkout_ids(s, wk))) {
        Ok(ids) => json_response(StatusCode::OK, json!({ "checkout_ids": ids }).to_string()),
        Err(e) => error_reply(&e),
    }
}

async fn customers(State(app): State<App>, headers: HeaderMap) -> Response {
    match app.read(|s| world(s, &headers).map(|wk| customer_ids(s, wk))) {
        Ok(ids) => json_response(StatusCode::OK, json!({ "customer_ids": ids }).to_string()),
        Err(e) => error_reply(&e),
    }
}

/// A world's checkout ids, oldest first.
pub(crate) fn checkout_ids(s: &Store, wk: WorldKey) -> Vec<String> {
    let Some(w) = s.world(wk) else {
        return Vec::new();
    };
    let mut v: Vec<_> = w.checkouts.values().collect();
    v.sort_by(|a, b| (a.created_at, &a.checkout_id).cmp(&(b.created_at, &b.checkout_id)));
    v.into_iter().map(|c| c.checkout_id.clone()).collect()
}

pub(crate) fn customer_ids(s: &Store, wk: WorldKey) -> Vec<String> {
    let Some(w) = s.world(wk) else {
        return Vec::new();
    };
    let mut v: Vec<_> = w.customers.values().collect();
    v.sort_by(|a, b| (a.created_at, &a.customer_id).cmp(&(b.created_at, &b.customer_id)));
    v.into_iter().map(|c| c.customer_id.clone()).collect()
}

async fn get_faults(State(app): State<App>) -> Response {
    let body = serde_json::to_string(&app.faults()).unwrap_or_default();
    json_response(StatusCode::OK, body)
}

/// Replaces the faults; absent fields take their defaults (no faults).
async fn put_faults(State(app): State<App>, body: Bytes) -> Response {
    match serde_json::from_slice::<Faults>(&body) {
        Ok(f) => {
            app.set_faults(f);
            get_faults(State(app)).await
        }
        Err(e) => error_response(StatusCode::BAD_REQUEST, &format!("invalid faults: {e}")),
    }
}

/// Every applied mutation, oldest first; `?since=SEQ` returns only later ones.
async fn ledger(State(app): State<App>, RawQuery(query): RawQuery) -> Response {
    let mut since = 0;
    for (k, v) in url::form_urlencoded::parse(query.unwrap_or_default().as_bytes()) {
        if k == "since" {
            match v.parse::<u64>() {
                Ok(n) => since = n,
                Err(_) => {
                    return error_response(
                        StatusCode::BAD_REQUEST,
                        "since must be a ledger sequence number",
                    )
                }
            }
        }
    }
    let entries = app.read(|s| s.ledger.since(since));
    let body: Value = serde_json::to_value(entries).unwrap_or_default();
    json_response(StatusCode::OK, body.to_string())
}

/// A new company, for "another company's object" tests against a separate process.
/// Printing its own throwaway keys is what a simulator is for.
async fn add_company(State(app): State<App>) -> Response {
    let keys = CompanyKeys::generate();
    app.mutate(|s| s.add_company(&keys));
    json_response(
        StatusCode::OK,
        json!({ "test_key": keys.test, "live_key": keys.live }).to_string(),
    )
}
