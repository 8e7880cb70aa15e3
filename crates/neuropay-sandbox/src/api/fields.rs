//! Reading a request body field by field, with the messages the real API would give.

use serde_json::{Map, Value};

use super::ApiError;

/// The body must be one JSON object.
pub(crate) fn parse_object(bytes: &[u8]) -> Result<Map<String, Value>, ApiError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(ApiError::bad(
            "request body must be a JSON object, got nothing",
        ));
    }
    match serde_json::from_slice::<Value>(bytes) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(_) => Err(ApiError::bad("request body must be a JSON object")),
        Err(e) => Err(ApiError::bad(format!("malformed JSON: {e}"))),
    }
}

fn present<'a>(o: &'a Map<String, Value>, name: &str) -> Option<&'a Value> {
    o.get(name).filter(|v| !v.is_null())
}

/// A required non-empty string of at most `max` characters.
pub(crate) fn req_str<'a>(
    o: &'a Map<String, Value>,
    name: &str,
    max: usize,
) -> Result<&'a str, ApiError> {
    opt_str(o, name, max)?.ok_or_else(|| ApiError::bad(format!("missing required field {name}")))
}

/// An optional string (absent or null is `None`); empty or longer than `max` is refused.
pub(crate) fn opt_str<'a>(
    o: &'a Map<String, Value>,
    name: &str,
    max: usize,
) -> Result<Option<&'a str>, ApiError> {
    match present(o, name) {
        None => Ok(None),
        Some(Value::String(s)) if s.is_empty() => {
            Err(ApiError::bad(format!("{name} must not be empty")))
        }
        Some(Value::String(s)) if s.chars().count() > max => Err(ApiError::bad(format!(
            "{name} is longer than {max} characters"
        ))),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(_) => Err(ApiError::bad(format!("{name} must be a string"))),
    }
}

pub(crate) fn opt_bool(o: &Map<String, Value>, name: &str) -> Result<Option<bool>, ApiError> {
    match present(o, name) {
        None => Ok(None),
        Some(Value::Bool(b)) => Ok(Some(*b)),
        Some(_) => Err(ApiError::bad(format!("{name} must be true or false"))),
    }
}

/// An amount in minor units: a JSON integer (not a string, not a fraction).
pub(crate) fn opt_amount(o: &Map<String, Value>, name: &str) -> Result<Option<i64>, ApiError> {
    match present(o, name) {
        None => Ok(None),
        Some(Value::Number(n)) => n.as_i64().map(Some).ok_or_else(|| {
            ApiError::bad(format!(
                "{name} must be an integer number of minor units (30 SEK is 3000), got {n}"
            ))
        }),
        Some(_) => Err(ApiError::bad(format!(
            "{name} must be an integer number of minor units (30 SEK is 3000)"
        ))),
    }
}

/// Names of required fields that are absent or null.
pub(crate) fn missing<'a>(o: &Map<String, Value>, names: &[&'a str]) -> Vec<&'a str> {
    names
        .iter()
        .copied()
        .filter(|n| present(o, n).is_none())
        .collect()
}

/// An absolute http(s) URL of visible ASCII, exactly the OpenAPI pattern
/// `^https?://LABEL(.LABEL)*(:[0-9]{1,5})?([/?#][!-~]*)?$` (LABEL: letters and digits,
/// inner hyphens), so it can go straight into a `Location` header.
pub(crate) fn url_field(name: &str, s: &str) -> Result<(), ApiError> {
    if http_url(s) {
        Ok(())
    } else {
        Err(ApiError::bad(format!(
            "{name} must be an absolute http or https URL such as https://shop.example/done"
        )))
    }
}

pub(crate) fn http_url(s: &str) -> bool {
    let Some(rest) = s
        .strip_prefix("http://")
        .or_else(|| s.strip_prefix("https://"))
    else {
        return false;
    };
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(end);
    let (host, port) = match authority.split_once(':') {
        Some((h, p)) => (h, Some(p)),
        None => (authority, None),
    };
    let label_ok = |l: &str| {
        !l.is_empty()
            && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
            && !l.starts_with('-')
            && !l.ends_with('-')
    };
    let port_ok =
        port.is_none_or(|p| (1..=5).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit()));
    host.split('.').all(label_ok) && port_ok && tail.bytes().all(|b| b.is_ascii_graphic())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_rule_matches_the_documented_pattern() {
        for ok in [
            "https://shop.example/ok",
            "http://localhost:8080",
            "https://a-b.c9.example/p?q=1#frag",
            "http://127.0.0.1:5/x",
            "https://x",
        ] {
            assert!(http_url(ok), "{ok}");
        }
        for bad in [
            "ftp://shop.example",
            "https://",
            "https://-a.example",
            "https://a..b",
            "https://a.example:123456",
            "https://a.example:",
            "https://a.example/with space",
            "https://a.example/é",
            "javascript:alert(1)",
            "//shop.example",
        ] {
            assert!(!http_url(bad), "{bad}");
        }
    }

    #[test]
    fn body_must_be_an_object() {
        assert!(parse_object(b"")
            .unwrap_err()
            .message
            .contains("got nothing"));
        assert!(parse_object(b"[1]")
            .unwrap_err()
            .message
            .contains("JSON object"));
        assert!(parse_object(b"{\"a\":")
            .unwrap_err()
            .message
            .starts_with("malformed JSON"));
        assert_eq!(parse_object(b"{\"a\":1}").unwrap().len(), 1);
    }
}
