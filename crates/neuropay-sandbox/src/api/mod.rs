//! The documented API: `POST /checkout/{action}`, authenticated by Bearer key, with
//! Idempotency-Key replay for writes.

mod checkout;
mod create;
mod customer;
mod fault_layer;
pub(crate) mod fields;

use axum::body::Body;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{middleware, Router};
use serde_json::{json, Map, Value};

use crate::app::App;
use crate::idempotency::{fingerprint, valid_key, Lookup, Stored};
use crate::keys::key_hash;
use crate::state::{Store, WorldKey};

pub(crate) use fault_layer::DropReply;

/// Bodies above this are refused before parsing (metaData alone is capped at 5 KB).
pub(crate) const MAX_BODY: usize = 64 * 1024;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Action {
    Create,
    Retrieve,
    Capture,
    Refund,
    Update,
    Delete,
    CreateCustomer,
    RetrieveCustomer,
    DeleteCustomer,
}

impl Action {
    pub const ALL: [Action; 9] = [
        Action::Create,
        Action::Retrieve,
        Action::Capture,
        Action::Refund,
        Action::Update,
        Action::Delete,
        Action::CreateCustomer,
        Action::RetrieveCustomer,
        Action::DeleteCustomer,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Action::Create => "create",
            Action::Retrieve => "retrieve",
            Action::Capture => "capture",
            Action::Refund => "refund",
            Action::Update => "update",
            Action::Delete => "delete",
            Action::CreateCustomer => "create-customer",
            Action::RetrieveCustomer => "retrieve-customer",
            Action::DeleteCustomer => "delete-customer",
        }
    }

    /// Reads ignore an Idempotency-Key; writes honour it.
    pub fn is_write(self) -> bool {
        !matches!(self, Action::Retrieve | Action::RetrieveCustomer)
    }

    pub fn path(self) -> String {
        format!("/checkout/{}", self.name())
    }
}

/// A refusal with its HTTP status and message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ApiError {
    pub status: StatusCode,
    pub message: String,
}

impl ApiError {
    pub fn bad(message: impl Into<String>) -> Self {
        ApiError {
            status: StatusCode::BAD_REQUEST,
            message: message.into(),
        }
    }
}

impl From<crate::machine::Refusal> for ApiError {
    fn from(r: crate::machine::Refusal) -> Self {
        ApiError::bad(r.to_string())
    }
}

pub(crate) type ApiResult = Result<Value, ApiError>;

/// What a handler needs besides the store and the body.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Cx<'a> {
    pub wk: WorldKey,
    pub idem: Option<&'a str>,
    pub base: &'a str,
}

pub(crate) fn router(app: App) -> Router<App> {
    let mut r = Router::new();
    for action in Action::ALL {
        r = r.route(
            &action.path(),
            post(
                move |State(app): State<App>, headers: HeaderMap, body: Body| {
                    handle(action, app, headers, body)
                },
            ),
        );
    }
    r.route_layer(middleware::from_fn_with_state(app, fault_layer::apply))
}

/// The JSON error body every refusal carries.
pub(crate) fn error_body(message: &str) -> String {
    json!({ "message": message }).to_string()
}

pub(crate) fn json_response(status: StatusCode, body: String) -> Response {
    (status, [(header::CONTENT_TYPE, "application/json")], body).into_response()
}

pub(crate) fn error_response(status: StatusCode, message: &str) -> Response {
    json_response(status, error_body(message))
}

/// The Bearer token, or why there is none (the key itself never appears in a message).
pub(crate) fn bearer(headers: &HeaderMap) -> Result<&str, &'static str> {
    const MISSING: &str = "missing API key: send the header Authorization: Bearer <API key>";
    let Some(value) = headers.get(header::AUTHORIZATION) else {
        return Err(MISSING);
    };
    let value = value
        .to_str()
        .map_err(|_| "Authorization must be 'Bearer <API key>'")?;
    let (scheme, token) = value.trim().split_once(' ').unwrap_or((value.trim(), ""));
    if !scheme.eq_ignore_ascii_case("bearer") {
        return Err("Authorization must be 'Bearer <API key>'");
    }
    let token = token.trim();
    if token.is_empty() {
        return Err(MISSING);
    }
    Ok(token)
}

fn idempotency_key(headers: &HeaderMap) -> Result<Option<&str>, &'static str> {
    let Some(v) = headers.get("idempotency-key") else {
        return Ok(None);
    };
    match v.to_str() {
        Ok(k) if valid_key(k) => Ok(Some(k)),
        _ => Err("Idempotency-Key must be 1 to 255 visible ASCII characters"),
    }
}

enum Served {
    Fresh(StatusCode, String),
    Replay(StatusCode, String),
}

async fn handle(action: Action, app: App, headers: HeaderMap, body: Body) -> Response {
    let Ok(bytes) = axum::body::to_bytes(body, MAX_BODY).await else {
        return error_response(
            StatusCode::BAD_REQUEST,
            "request body is larger than 64 KiB or was cut off",
        );
    };
    let key = match bearer(&headers) {
        Ok(k) => k,
        Err(m) => return error_response(StatusCode::UNAUTHORIZED, m),
    };
    // Reads ignore the header entirely, as the OpenAPI document states.
    let idem = if action.is_write() {
        match idempotency_key(&headers) {
            Ok(k) => k,
            Err(m) => return error_response(StatusCode::BAD_REQUEST, m),
        }
    } else {
        None
    };
    let scope = key_hash(key);
    let base = app.base.clone();
    let served = app.mutate(|store| {
        let wk = store.world_for_key(key)?;
        let fp = idem.map(|_| fingerprint(action.name(), &bytes));
        if let (Some(k), Some(fp)) = (idem, &fp) {
            match store.idempotency.lookup(&scope, k, action.name(), fp) {
                Lookup::Fresh => {}
                Lookup::Replay { status, body } => {
                    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::OK);
                    return Some(Served::Replay(status, body));
                }
                Lookup::Conflict(m) => {
                    return Some(Served::Fresh(StatusCode::CONFLICT, error_body(&m)))
                }
            }
        }
        let cx = Cx {
            wk,
            idem,
            base: &base,
        };
        let (status, body) = match dispatch(action, store, cx, &bytes) {
            Ok(v) => (StatusCode::OK, v.to_string()),
            Err(e) => (e.status, error_body(&e.message)),
        };
        if let (Some(k), Some(fp)) = (idem, fp) {
            let stored = Stored {
                action: action.name().to_owned(),
                fingerprint: fp,
                status: status.as_u16(),
                body: body.clone(),
            };
            store.idempotency.insert(&scope, k, stored);
            store.touch();
        }
        Some(Served::Fresh(status, body))
    });
    match served {
        None => error_response(StatusCode::UNAUTHORIZED, "invalid API key"),
        Some(Served::Fresh(status, body)) => json_response(status, body),
        Some(Served::Replay(status, body)) => {
            let mut r = json_response(status, body);
            r.headers_mut()
                .insert("idempotent-replayed", HeaderValue::from_static("true"));
            r
        }
    }
}

fn dispatch(action: Action, store: &mut Store, cx: Cx<'_>, bytes: &[u8]) -> ApiResult {
    let body: Map<String, Value> = fields::parse_object(bytes)?;
    match action {
        Action::Create => create::create(store, cx, &body),
        Action::Retrieve => checkout::retrieve(store, cx, &body),
        Action::Capture => checkout::capture(store, cx, &body),
        Action::Refund => checkout::refund(store, cx, &body),
        Action::Update => checkout::update(store, cx, &body),
        Action::Delete => checkout::delete(store, cx, &body),
        Action::CreateCustomer => customer::create(store, cx, &body),
        Action::RetrieveCustomer => customer::retrieve(store, cx, &body),
        Action::DeleteCustomer => customer::delete(store, cx, &body),
    }
}
