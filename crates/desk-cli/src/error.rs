//! The one error type of the CLI. Every variant has a stable `code()` (the desk-core and
//! neuropay codes pass through) from which `exit::exit_code` picks the exit status.
//!
//! No variant holds an API key: the CLI's own messages never mention it, and the wrapped
//! errors are key-free by their crates' contracts.

/// Everything a command can end in other than success.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// An argument was refused before anything was sent or stored. `field` names the
    /// option (`--amount`) or the argument.
    #[error("{field}: {reason}")]
    Invalid { field: String, reason: String },
    /// A live write was not confirmed: nothing was sent.
    #[error("{0}")]
    NotConfirmed(String),
    /// Ctrl-C stopped a long operation.
    #[error("interrupted: {0}")]
    Interrupted(String),
    /// A result that reports a failure: `key test` not accepted, items of a sync or an
    /// import that failed. `code` is desk-core's (or the API's) for that failure.
    #[error("{message}")]
    Reported { code: String, message: String },
    /// The bundled simulator could not start (port taken, ...).
    #[error("the simulator could not start: {0}")]
    Sandbox(String),
    /// Reading input or writing output failed.
    #[error("{0}")]
    Io(String),
    /// desk-core refused or failed (its code, or the API's, passes through).
    #[error(transparent)]
    Core(#[from] desk_core::Error),
    /// A neuropay request value was refused, or the client failed.
    #[error(transparent)]
    Api(#[from] neuropay::Error),
}

impl CliError {
    pub fn invalid(field: impl Into<String>, reason: impl Into<String>) -> Self {
        CliError::Invalid {
            field: field.into(),
            reason: reason.into(),
        }
    }

    /// Stable machine-readable code (`invalid_input`, `offline`, `outcome_unknown`, ...).
    pub fn code(&self) -> &str {
        match self {
            CliError::Invalid { .. } => "invalid_input",
            CliError::NotConfirmed(_) => "confirmation_required",
            CliError::Interrupted(_) => "interrupted",
            CliError::Io(_) => "io",
            CliError::Sandbox(_) => "sandbox",
            CliError::Reported { code, .. } => code,
            CliError::Core(e) => e.code(),
            CliError::Api(e) => e.code(),
        }
    }

    /// True when the error is the server's (or the network's) answer rather than a local
    /// refusal: `not_found` from the API (HTTP 404) is a refusal, a cache miss is not.
    /// Reported failures come from API calls.
    pub fn is_api_answer(&self) -> bool {
        matches!(
            self,
            CliError::Api(_) | CliError::Core(desk_core::Error::Api(_)) | CliError::Reported { .. }
        )
    }

    /// A sentence telling what to do next, for the human output.
    pub fn hint(&self) -> Option<&'static str> {
        match self.code() {
            "outcome_unknown" => Some(
                "the request may have been applied: run `npdesk sync` (or `npdesk checkout get \
                 ID`) before trying again",
            ),
            "offline" => Some("nothing was sent; check the network or the profile's base URL"),
            "key_missing" => Some(
                "store a key with `npdesk key set`, or pass one in NEUROPAY_API_KEY for this \
                 invocation",
            ),
            "write_in_flight" => Some("run `npdesk sync` to settle the earlier write"),
            "wrong_status" => Some(
                "nothing was sent; if the cached status is out of date, refresh it with \
                 `npdesk checkout get ID` and try again",
            ),
            _ => None,
        }
    }
}

impl From<std::io::Error> for CliError {
    fn from(e: std::io::Error) -> Self {
        CliError::Io(e.to_string())
    }
}

/// The CLI option that carries a wire field, so an error from a request builder names
/// what the user typed.
pub fn flag_for_field(field: &str) -> Option<&'static str> {
    Some(match field {
        "amount" => "--amount",
        "currency" => "--currency",
        "message" => "--message",
        "returnUrl" => "--return-url",
        "returnUrlCancel" => "--cancel-url",
        "identifier" => "--identifier",
        "customer_id" => "--customer",
        "card_id" => "--card",
        "template" => "--template",
        "reason" => "--reason",
        "refundDetails" => "--details",
        "first_name" => "--first-name",
        "last_name" => "--last-name",
        "email" => "--email",
        "checkout_id" => "ID",
        "api_key" => "API key",
        f if f == "metaData" || f.starts_with("metaData.") => "--meta",
        f if f.starts_with("paymentMethods") => "--payment-method",
        _ => return None,
    })
}

/// Rewrites a request builder's refusal to name the CLI option; other errors pass.
pub fn request_error(e: neuropay::Error) -> CliError {
    match e {
        neuropay::Error::InvalidInput { field, reason } => match flag_for_field(&field) {
            Some(flag) if flag.starts_with("--") => CliError::invalid(
                if flag == field.as_str() {
                    flag.to_owned()
                } else {
                    format!("{flag} ({field})")
                },
                reason,
            ),
            Some(flag) => CliError::invalid(flag, reason),
            None => CliError::invalid(field, reason),
        },
        other => CliError::Api(other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builder_errors_name_the_option() {
        let e = request_error(neuropay::Error::InvalidInput {
            field: "returnUrl".into(),
            reason: "must be an absolute http:// or https:// URL".into(),
        });
        assert_eq!(e.code(), "invalid_input");
        assert_eq!(
            e.to_string(),
            "--return-url (returnUrl): must be an absolute http:// or https:// URL"
        );
        let e = request_error(neuropay::Error::InvalidInput {
            field: "metaData.k".into(),
            reason: "bad".into(),
        });
        assert!(e.to_string().starts_with("--meta (metaData.k)"), "{e}");
        let e = request_error(neuropay::Error::InvalidInput {
            field: "weird".into(),
            reason: "bad".into(),
        });
        assert_eq!(e.to_string(), "weird: bad");
    }

    #[test]
    fn api_origin_is_known() {
        let api = CliError::Core(desk_core::Error::Api(neuropay::Error::NotFound {
            message: "no route".into(),
        }));
        assert!(api.is_api_answer());
        let local = CliError::Core(desk_core::Error::NotFound {
            what: "profile x".into(),
        });
        assert!(!local.is_api_answer());
        assert_eq!(api.code(), local.code());
    }
}
