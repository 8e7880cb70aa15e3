/// What every command returns on failure: `{code, message, field}`. The UI branches on
/// `code`; the type is desk-core's so the TypeScript binding is generated, not copied.
pub type CommandError = desk_core::ErrorDto;

pub type CommandResult<T> = Result<T, CommandError>;
