//! Classifying one attempt's result, and what a call ends in when it stops.
//!
//! The money rule lives here: a write whose last word from the server is not a definitive
//! answer — or that got a refusal only after an attempt that may have been applied — ends
//! in `OutcomeUnknown`; a write that never reached the server ends in `Offline`.

use std::time::Duration;

use crate::transport::{RawReply, SendError, Transport};
use crate::Error;

/// What to do after one attempt.
#[derive(Debug)]
pub(crate) enum Step {
    /// A 2xx reply: decode it.
    Reply(RawReply),
    /// Stop with this error. `reached`: the attempt may have been processed.
    Stop { error: Error, reached: bool },
    /// Worth another attempt. `wait`: the server's Retry-After, if any.
    Retry {
        error: Error,
        reached: bool,
        wait: Option<Duration>,
    },
}

/// `maybe_applied`: an earlier attempt of this call may have reached the server.
pub(crate) fn classify(
    t: &Transport,
    result: Result<RawReply, SendError>,
    write: bool,
    maybe_applied: bool,
) -> Step {
    let raw = match result {
        Ok(raw) => raw,
        Err(SendError::Connect(detail)) => {
            return Step::Retry {
                error: Error::Offline { detail },
                reached: false,
                wait: None,
            }
        }
        Err(SendError::Timeout) => {
            return Step::Retry {
                error: Error::Timeout,
                reached: true,
                wait: None,
            }
        }
        Err(SendError::Dropped(detail)) => {
            return Step::Retry {
                error: Error::Offline {
                    detail: format!("connection lost before a complete reply ({detail})"),
                },
                reached: true,
                wait: None,
            }
        }
    };
    let status = raw.status;
    if (200..300).contains(&status) {
        return Step::Reply(raw);
    }
    let message = t.message(&raw);
    match status {
        429 => Step::Retry {
            error: Error::RateLimited {
                retry_after: raw.retry_after,
                message,
            },
            reached: false,
            wait: raw.retry_after,
        },
        // On a retry of a write that may have been applied, 409 means "the first attempt is
        // still being processed" (our retries send the identical body): wait and ask again.
        409 if write && maybe_applied => Step::Retry {
            error: Error::Conflict { message },
            reached: true,
            wait: None,
        },
        409 => Step::Stop {
            error: Error::Conflict { message },
            reached: false,
        },
        500 | 502 | 503 | 504 => Step::Retry {
            error: Error::Server { status, message },
            reached: true,
            wait: None,
        },
        500..=599 => Step::Stop {
            error: Error::Server { status, message },
            reached: true,
        },
        401 => Step::Stop {
            error: Error::Unauthorized { message },
            reached: false,
        },
        404 => Step::Stop {
            error: Error::NotFound { message },
            reached: false,
        },
        _ => Step::Stop {
            error: Error::Rejected { status, message },
            reached: false,
        },
    }
}

/// The error a call ends in. A read reports what happened. A write that may have been
/// applied by any attempt reports `OutcomeUnknown` — even when the last attempt was refused,
/// since the refusal may be the server's reaction to the first attempt having been applied.
pub(crate) fn finish(error: Error, write: bool, maybe_applied: bool, attempts: u32) -> Error {
    if write && maybe_applied {
        Error::OutcomeUnknown {
            attempts,
            last: error.to_string(),
        }
    } else {
        error
    }
}
