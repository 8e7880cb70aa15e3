//! Applies the configured faults around `/checkout/*` requests only.

use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::Response;

use super::{bearer, error_response};
use crate::app::App;
use crate::faults::Early;
use crate::keys::key_hash;

/// Marks a response whose connection the server must close instead of replying.
#[derive(Debug, Clone, Copy)]
pub(crate) struct DropReply;

pub(crate) async fn apply(State(app): State<App>, req: Request, next: Next) -> Response {
    // Bucket per presented key; requests without one share a bucket.
    let bucket = bearer(req.headers()).map_or_else(|_| "anonymous".to_owned(), key_hash);
    let d = app.decide(&bucket);
    if !d.latency.is_zero() {
        tokio::time::sleep(d.latency).await;
    }
    match d.early {
        Some(Early::TooManyRequests {
            retry_after_secs,
            limited,
        }) => {
            let message = if limited {
                "rate limit exceeded for this API key; retry after the Retry-After delay (not applied)"
            } else {
                "too many requests (simulated); retry after the Retry-After delay (not applied)"
            };
            let mut r = error_response(StatusCode::TOO_MANY_REQUESTS, message);
            r.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(retry_after_secs));
            return r;
        }
        Some(Early::ServerError(code)) => {
            let status = StatusCode::from_u16(code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            let message = format!(
                "simulated {} {} (fault injection; the request was not applied)",
                status.as_u16(),
                status.canonical_reason().unwrap_or("error")
            );
            return error_response(status, &message);
        }
        None => {}
    }
    let mut resp = next.run(req).await;
    if d.drop_reply {
        resp.extensions_mut().insert(DropReply);
    }
    resp
}
