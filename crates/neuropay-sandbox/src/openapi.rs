//! The OpenAPI 3.0 document of the simulated API, committed beside the crate and served
//! as-is at `/openapi.json`.

use axum::http::StatusCode;
use axum::response::Response;

/// The committed `openapi.json`.
pub const OPENAPI_JSON: &str = include_str!("../openapi.json");

/// The documented API's paths as the router serves them.
pub fn api_paths() -> Vec<String> {
    crate::api::Action::ALL.iter().map(|a| a.path()).collect()
}

pub(crate) async fn serve() -> Response {
    crate::api::json_response(StatusCode::OK, OPENAPI_JSON.to_owned())
}
