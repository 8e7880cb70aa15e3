use serde::Serialize;

/// What every command returns on failure: the UI branches on `code` and shows `message`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CommandError {
    pub code: String,
    pub message: String,
}

impl From<desk_core::Error> for CommandError {
    fn from(err: desk_core::Error) -> Self {
        CommandError {
            code: err.code().to_string(),
            message: err.to_string(),
        }
    }
}

pub type CommandResult<T> = Result<T, CommandError>;
