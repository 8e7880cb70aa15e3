//! Where results and messages go. With `--json`, stdout carries exactly one JSON document
//! per command and everything else (notes, errors as JSON) goes to stderr; without it,
//! stdout carries text for a person.

use std::io::Write;

use serde::Serialize;
use serde_json::{json, Value};

use crate::error::CliError;

/// The output mode of this invocation.
#[derive(Debug, Clone, Copy)]
pub struct Output {
    json: bool,
}

impl Output {
    pub fn new(json: bool) -> Self {
        Output { json }
    }

    pub fn is_json(&self) -> bool {
        self.json
    }

    /// The command's result: `value` as JSON, or the text `human` builds.
    pub fn emit<T: Serialize>(
        &self,
        value: &T,
        human: impl FnOnce(&T) -> String,
    ) -> Result<(), CliError> {
        let text = if self.json {
            let mut s = serde_json::to_string_pretty(value)
                .map_err(|e| CliError::Io(format!("cannot encode the result as JSON: {e}")))?;
            s.push('\n');
            s
        } else {
            human(value)
        };
        let mut out = std::io::stdout().lock();
        out.write_all(text.as_bytes())
            .and_then(|()| out.flush())
            .map_err(|e| CliError::Io(format!("cannot write to stdout: {e}")))
    }

    /// A message for the person at the terminal (stderr in both modes).
    pub fn note(&self, msg: &str) {
        eprintln!("{msg}");
    }

    /// Reports a failure on stderr: `{"error":{"code","message"}}` or a sentence.
    pub fn error(&self, e: &CliError) {
        eprintln!("{}", self.error_text(e));
    }

    fn error_text(&self, e: &CliError) -> String {
        if self.json {
            error_json(e.code(), &e.to_string()).to_string()
        } else {
            let mut s = format!("npdesk: error: {e}");
            if let Some(h) = e.hint() {
                s.push_str("\n  ");
                s.push_str(h);
            }
            s
        }
    }
}

/// The JSON error document.
pub fn error_json(code: &str, message: &str) -> Value {
    json!({ "error": { "code": code, "message": message } })
}

/// The JSON shape of every list: `{"items": [...], "total": N}` plus extra fields.
pub fn list_json<T: Serialize>(
    items: &[T],
    total: i64,
    extra: serde_json::Map<String, Value>,
) -> Result<Value, CliError> {
    let items = serde_json::to_value(items)
        .map_err(|e| CliError::Io(format!("cannot encode the result as JSON: {e}")))?;
    let mut obj = serde_json::Map::new();
    obj.insert("items".into(), items);
    obj.insert("total".into(), Value::from(total));
    obj.extend(extra);
    Ok(Value::Object(obj))
}

/// Any serializable value as JSON (for assembling result documents).
pub fn to_json<T: Serialize>(value: &T) -> Result<Value, CliError> {
    serde_json::to_value(value)
        .map_err(|e| CliError::Io(format!("cannot encode the result as JSON: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_shapes() {
        let e = CliError::invalid("--amount", "must be positive, got 0");
        let j: Value = serde_json::from_str(&Output::new(true).error_text(&e)).unwrap();
        assert_eq!(j["error"]["code"], "invalid_input");
        assert_eq!(j["error"]["message"], "--amount: must be positive, got 0");
        let human = Output::new(false).error_text(&CliError::Core(desk_core::Error::Api(
            neuropay::Error::Offline {
                detail: "connection refused".into(),
            },
        )));
        assert!(
            human.starts_with("npdesk: error: cannot reach the API"),
            "{human}"
        );
        assert!(human.contains("nothing was sent"), "{human}");
    }

    #[test]
    fn lists_have_items_and_total() {
        let mut extra = serde_json::Map::new();
        extra.insert("nextCursor".into(), Value::Null);
        let v = list_json(&[1, 2], 7, extra).unwrap();
        assert_eq!(v, json!({"items": [1, 2], "total": 7, "nextCursor": null}));
    }
}
