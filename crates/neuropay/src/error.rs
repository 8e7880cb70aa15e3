//! The one error type of the crate.
//!
//! Every message here may be shown to a user, so none of them may carry the API key: the
//! server-provided parts are scrubbed in `transport` before they land in a variant.

use std::time::Duration;

/// Everything a call can end in other than a decoded reply.
///
/// The variants sort into three groups that matter for money:
/// - nothing was sent ([`Error::nothing_sent`]): invalid input, bad configuration, offline;
/// - the server answered and refused: `Rejected`, `Unauthorized`, `NotFound`, `Conflict`,
///   `RateLimited` — the request was not applied;
/// - the outcome of a write is not known: `OutcomeUnknown` (and, for a write, `Decode` /
///   `TooLarge` of a 2xx reply, which means the server did answer "ok" in a form we could not
///   read) — see [`Error::may_have_been_applied`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// A request value was refused before anything was sent.
    #[error("invalid {field}: {reason}")]
    InvalidInput { field: String, reason: String },
    /// The client could not be built (bad base URL, plain http to a remote host, ...).
    #[error("client configuration: {reason}")]
    Config { reason: String },
    /// The server refused the request (400, 403, 422, ...): it was not applied.
    #[error("the API refused the request (HTTP {status}): {message}")]
    Rejected { status: u16, message: String },
    /// 401: the key is missing, wrong, deleted, or the shop is inactive.
    #[error("the API key was not accepted (HTTP 401): {message}")]
    Unauthorized { message: String },
    /// 404: unknown route (the API answers 400 for unknown objects).
    #[error("not found (HTTP 404): {message}")]
    NotFound { message: String },
    /// 409: the idempotency key was already used for a different request.
    #[error("conflict (HTTP 409): {message}")]
    Conflict { message: String },
    /// 429 after the retries were spent (or Retry-After was longer than we wait).
    #[error("rate limited (HTTP 429){}: {message}", retry_after_text(retry_after))]
    RateLimited {
        retry_after: Option<Duration>,
        message: String,
    },
    /// 5xx on a read after the retries were spent (a write reports `OutcomeUnknown`).
    #[error("server error (HTTP {status}): {message}")]
    Server { status: u16, message: String },
    /// A read timed out on every attempt.
    #[error("the request timed out")]
    Timeout,
    /// No attempt got a connection (refused, DNS failure, connect time-out): nothing was sent.
    /// A read whose connection dropped mid-reply also ends here (a read has no side effect).
    #[error("cannot reach the API: {detail}")]
    Offline { detail: String },
    /// The reply could not be understood. `snippet` holds at most 512 bytes of it.
    #[error(
        "unexpected reply (HTTP {status}{}): {reason}",
        content_type_text(content_type)
    )]
    Decode {
        status: u16,
        content_type: Option<String>,
        snippet: String,
        reason: String,
    },
    /// The reply body was larger than the client accepts.
    #[error("reply larger than {limit} bytes refused")]
    TooLarge { limit: usize },
    /// A write that may or may not have been applied: retrieve the object to settle it.
    #[error(
        "outcome unknown after {attempts} attempt(s), the request may have been applied: {last}"
    )]
    OutcomeUnknown { attempts: u32, last: String },
}

fn retry_after_text(d: &Option<Duration>) -> String {
    match d {
        Some(d) => format!(", retry after {} s", d.as_secs_f64().ceil() as u64),
        None => String::new(),
    }
}

fn content_type_text(ct: &Option<String>) -> String {
    match ct {
        Some(ct) => format!(", {ct}"),
        None => String::new(),
    }
}

impl Error {
    /// A stable code for the UI and logs.
    pub fn code(&self) -> &'static str {
        match self {
            Error::InvalidInput { .. } => "invalid_input",
            Error::Config { .. } => "config",
            Error::Rejected { .. } => "rejected",
            Error::Unauthorized { .. } => "unauthorized",
            Error::NotFound { .. } => "not_found",
            Error::Conflict { .. } => "conflict",
            Error::RateLimited { .. } => "rate_limited",
            Error::Server { .. } => "server_error",
            Error::Timeout => "timeout",
            Error::Offline { .. } => "offline",
            Error::Decode { .. } => "decode",
            Error::TooLarge { .. } => "too_large",
            Error::OutcomeUnknown { .. } => "outcome_unknown",
        }
    }

    /// True when no request reached the server, so a write was certainly not applied.
    pub fn nothing_sent(&self) -> bool {
        matches!(
            self,
            Error::InvalidInput { .. } | Error::Config { .. } | Error::Offline { .. }
        )
    }

    /// True only for [`Error::OutcomeUnknown`].
    pub fn is_outcome_unknown(&self) -> bool {
        matches!(self, Error::OutcomeUnknown { .. })
    }

    /// True when a write ending in this error may have been applied, so the caller must
    /// retrieve the object before deciding anything. False means "certainly not applied".
    ///
    /// `Decode` and `TooLarge` count: they come from a 2xx reply we could not read.
    pub fn may_have_been_applied(&self) -> bool {
        matches!(
            self,
            Error::OutcomeUnknown { .. }
                | Error::Decode { .. }
                | Error::TooLarge { .. }
                | Error::Server { .. }
                | Error::Timeout
        )
    }

    /// True when retrying the same call later could succeed (network, rate limit, 5xx).
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            Error::RateLimited { .. }
                | Error::Server { .. }
                | Error::Timeout
                | Error::Offline { .. }
                | Error::OutcomeUnknown { .. }
        )
    }

    pub(crate) fn invalid(field: impl Into<String>, reason: impl Into<String>) -> Self {
        Error::InvalidInput {
            field: field.into(),
            reason: reason.into(),
        }
    }

    pub(crate) fn config(reason: impl Into<String>) -> Self {
        Error::Config {
            reason: reason.into(),
        }
    }

    pub(crate) fn decode_value(raw: &serde_json::Value, reason: impl Into<String>) -> Self {
        let text = raw.to_string();
        Error::Decode {
            status: 200,
            content_type: Some("application/json".into()),
            snippet: crate::text::truncate_bytes(&text, crate::text::SNIPPET_BYTES).to_owned(),
            reason: reason.into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_distinct_and_stable() {
        let all = [
            Error::invalid("amount", "must be > 0"),
            Error::config("x"),
            Error::Rejected {
                status: 400,
                message: "m".into(),
            },
            Error::Unauthorized {
                message: "m".into(),
            },
            Error::NotFound {
                message: "m".into(),
            },
            Error::Conflict {
                message: "m".into(),
            },
            Error::RateLimited {
                retry_after: Some(Duration::from_secs(2)),
                message: "m".into(),
            },
            Error::Server {
                status: 503,
                message: "m".into(),
            },
            Error::Timeout,
            Error::Offline { detail: "d".into() },
            Error::Decode {
                status: 200,
                content_type: None,
                snippet: String::new(),
                reason: "r".into(),
            },
            Error::TooLarge { limit: 1 },
            Error::OutcomeUnknown {
                attempts: 3,
                last: "l".into(),
            },
        ];
        let codes: std::collections::BTreeSet<_> = all.iter().map(Error::code).collect();
        assert_eq!(codes.len(), all.len());
        assert!(all[0].nothing_sent() && all[1].nothing_sent() && all[9].nothing_sent());
        assert!(!all[2].nothing_sent() && !all[12].nothing_sent());
        assert!(all[12].is_outcome_unknown() && all[12].may_have_been_applied());
        assert!(!all[2].may_have_been_applied());
        assert_eq!(
            all[6].to_string(),
            "rate limited (HTTP 429), retry after 2 s: m"
        );
        assert_eq!(all[0].to_string(), "invalid amount: must be > 0");
    }
}
