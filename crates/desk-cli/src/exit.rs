//! Exit statuses, chosen from error codes in one place so scripts can rely on them.

use crate::error::CliError;

pub const OK: u8 = 0;
/// Anything not covered below (storage, keychain, files, unreadable replies, ...).
pub const OTHER: u8 = 1;
/// The invocation was refused before anything was sent.
pub const INVALID_INPUT: u8 = 2;
/// Refused, not applied: the API answered 4xx, or the cached status already rules the
/// write out (`wrong_status`: capture of a paid checkout), which the API would refuse too.
pub const REFUSED: u8 = 3;
/// A write may or may not have been applied.
pub const OUTCOME_UNKNOWN: u8 = 4;
/// The API could not be reached: nothing was sent.
pub const OFFLINE: u8 = 5;

/// The exit status of a failed command.
pub fn exit_code(e: &CliError) -> u8 {
    match e.code() {
        "invalid_input"
        | "config"
        | "confirmation_required"
        | "already_exists"
        | "guard_rail"
        | "key_missing" => INVALID_INPUT,
        // A cache miss or an unknown profile is the user's input; a 404 is the server's.
        "not_found" if !e.is_api_answer() => INVALID_INPUT,
        "not_found" | "rejected" | "unauthorized" | "conflict" | "rate_limited"
        | "wrong_status" => REFUSED,
        "outcome_unknown" => OUTCOME_UNKNOWN,
        "offline" | "timeout" => OFFLINE,
        _ => OTHER,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use desk_core::Error as Core;
    use neuropay::Error as Api;

    fn core(e: Core) -> CliError {
        CliError::Core(e)
    }

    fn api(e: Api) -> CliError {
        CliError::Core(Core::Api(e))
    }

    #[test]
    fn every_class_has_its_status() {
        let cases: Vec<(CliError, u8)> = vec![
            (CliError::invalid("--amount", "must be a whole number"), 2),
            (CliError::NotConfirmed("live write not confirmed".into()), 2),
            (
                core(Core::InvalidInput {
                    field: "name".into(),
                    reason: "empty".into(),
                }),
                2,
            ),
            (
                core(Core::NotFound {
                    what: "profile x".into(),
                }),
                2,
            ),
            (
                core(Core::AlreadyExists {
                    what: "profile".into(),
                }),
                2,
            ),
            (
                core(Core::ConfirmationRequired {
                    message: "confirm".into(),
                }),
                2,
            ),
            (
                core(Core::GuardRail {
                    message: "read-only".into(),
                }),
                2,
            ),
            (
                core(Core::KeyMissing {
                    profile: "p".into(),
                    mode: "test".into(),
                }),
                2,
            ),
            (
                CliError::Api(Api::InvalidInput {
                    field: "amount".into(),
                    reason: "positive".into(),
                }),
                2,
            ),
            (
                api(Api::Config {
                    reason: "http".into(),
                }),
                2,
            ),
            (
                api(Api::Rejected {
                    status: 400,
                    message: "wrong state".into(),
                }),
                3,
            ),
            (
                api(Api::Unauthorized {
                    message: "bad key".into(),
                }),
                3,
            ),
            (
                api(Api::NotFound {
                    message: "no route".into(),
                }),
                3,
            ),
            (
                api(Api::Conflict {
                    message: "reused".into(),
                }),
                3,
            ),
            (
                api(Api::RateLimited {
                    retry_after: None,
                    message: "slow down".into(),
                }),
                3,
            ),
            (
                core(Core::WrongStatus {
                    message: "checkout is paid; only a reserved checkout can be captured".into(),
                }),
                3,
            ),
            (
                CliError::Reported {
                    code: "unauthorized".into(),
                    message: "key refused".into(),
                },
                3,
            ),
            (
                CliError::Reported {
                    code: "offline".into(),
                    message: "no route".into(),
                },
                5,
            ),
            (
                core(Core::Offline {
                    detail: "connection refused".into(),
                }),
                5,
            ),
            (
                api(Api::OutcomeUnknown {
                    attempts: 4,
                    last: "connection dropped".into(),
                }),
                4,
            ),
            (
                api(Api::Offline {
                    detail: "refused".into(),
                }),
                5,
            ),
            (api(Api::Timeout), 5),
            (
                api(Api::Server {
                    status: 503,
                    message: "down".into(),
                }),
                1,
            ),
            (
                core(Core::Storage {
                    message: "disk".into(),
                }),
                1,
            ),
            (
                core(Core::KeychainUnavailable {
                    message: "no dbus".into(),
                }),
                1,
            ),
            (
                core(Core::WriteInFlight {
                    target: "checkout x".into(),
                }),
                1,
            ),
            (CliError::Io("broken pipe".into()), 1),
            (CliError::Interrupted("sync".into()), 1),
        ];
        for (e, want) in cases {
            assert_eq!(exit_code(&e), want, "{} ({e})", e.code());
        }
    }
}
