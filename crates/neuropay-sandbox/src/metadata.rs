//! `metaData` rules: scalar values, at most 50 keys and 5 KB serialized; on update an
//! empty string deletes a key.

use serde_json::{Map, Value};

pub const MAX_KEYS: usize = 50;
pub const MAX_BYTES: usize = 5 * 1024;

/// Reads a `metaData` field: an object of scalars. `Ok(None)` when absent or null.
pub(crate) fn parse(value: Option<&Value>) -> Result<Option<Map<String, Value>>, String> {
    match value {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Object(map)) => {
            for (k, v) in map {
                if k.is_empty() {
                    return Err("metaData keys must not be empty".into());
                }
                if !matches!(v, Value::String(_) | Value::Number(_) | Value::Bool(_)) {
                    return Err(format!(
                        "metaData value of {:?} must be a string, number or boolean",
                        short(k)
                    ));
                }
            }
            Ok(Some(map.clone()))
        }
        Some(_) => Err("metaData must be an object of key to value".into()),
    }
}

/// The stored form of a create's metadata: empty strings mean "no value".
pub(crate) fn without_empty(map: Map<String, Value>) -> Map<String, Value> {
    map.into_iter()
        .filter(|(_, v)| !is_empty_string(v))
        .collect()
}

/// Merges `patch` into `target`; a key whose value is `""` is removed.
pub(crate) fn merge(target: &mut Map<String, Value>, patch: &Map<String, Value>) {
    for (k, v) in patch {
        if is_empty_string(v) {
            target.remove(k);
        } else {
            target.insert(k.clone(), v.clone());
        }
    }
}

/// The limits, checked on the stored result.
pub(crate) fn check_limits(map: &Map<String, Value>) -> Result<(), String> {
    if map.len() > MAX_KEYS {
        return Err(format!(
            "metaData has {} keys; at most {MAX_KEYS} are allowed",
            map.len()
        ));
    }
    let bytes = serde_json::to_vec(map)
        .map(|v| v.len())
        .unwrap_or(usize::MAX);
    if bytes > MAX_BYTES {
        return Err(format!(
            "metaData is {bytes} bytes serialized; at most {MAX_BYTES} are allowed"
        ));
    }
    Ok(())
}

fn is_empty_string(v: &Value) -> bool {
    matches!(v, Value::String(s) if s.is_empty())
}

/// Echoes at most 40 characters of user input in a message.
pub(crate) fn short(s: &str) -> String {
    if s.chars().count() <= 40 {
        s.to_owned()
    } else {
        let head: String = s.chars().take(40).collect();
        format!("{head}…")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn obj(v: Value) -> Map<String, Value> {
        v.as_object().cloned().unwrap()
    }

    #[test]
    fn accepts_scalars_refuses_others() {
        let ok = json!({"a": "x", "b": 1, "c": 2.5, "d": true});
        assert_eq!(parse(Some(&ok)).unwrap().unwrap().len(), 4);
        assert_eq!(parse(None).unwrap(), None);
        assert_eq!(parse(Some(&Value::Null)).unwrap(), None);
        for bad in [
            json!({"a": {"b": 1}}),
            json!({"a": [1]}),
            json!({"a": null}),
            json!({"": "x"}),
            json!([{"key": "a", "value": "b"}]),
            json!("text"),
        ] {
            assert!(parse(Some(&bad)).is_err(), "{bad}");
        }
    }

    #[test]
    fn merge_sets_and_empty_string_deletes() {
        let mut m = obj(json!({"keep": 1, "drop": "x", "change": "old"}));
        merge(
            &mut m,
            &obj(json!({"drop": "", "change": "new", "add": false})),
        );
        assert_eq!(
            Value::Object(m),
            json!({"keep": 1, "change": "new", "add": false})
        );
    }

    #[test]
    fn limits_on_keys_and_bytes() {
        let fifty: Map<String, Value> = (0..50).map(|i| (format!("k{i}"), json!(i))).collect();
        assert!(check_limits(&fifty).is_ok());
        let mut fifty_one = fifty.clone();
        fifty_one.insert("k50".into(), json!(50));
        assert!(check_limits(&fifty_one).unwrap_err().contains("51 keys"));
        let big = obj(json!({"a": "x".repeat(MAX_BYTES)}));
        assert!(check_limits(&big).unwrap_err().contains("bytes"));
    }

    #[test]
    fn empty_values_are_not_stored_on_create() {
        let m = without_empty(obj(json!({"a": "", "b": "x"})));
        assert_eq!(Value::Object(m), json!({"b": "x"}));
    }
}
