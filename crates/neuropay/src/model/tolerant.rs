//! Lenient readers for reply fields whose shape the documents leave open.
//!
//! Readers never fail: they return `None` for a value they cannot read, and `Fields` then
//! leaves that value in `extra`, so nothing the server said is lost. The model types decide
//! which fields are required.

use chrono::{DateTime, NaiveDateTime, TimeZone, Utc};
use serde_json::{Map, Value};

use crate::metadata::{MetaValue, Metadata};
use crate::Error;

/// The members of a reply object, consumed field by field; what is left is `extra`.
pub(crate) struct Fields {
    map: Map<String, Value>,
    raw: Value,
}

impl Fields {
    pub(crate) fn new(v: &Value, what: &str) -> Result<Self, Error> {
        match v {
            Value::Object(map) => Ok(Self {
                map: map.clone(),
                raw: v.clone(),
            }),
            _ => Err(Error::decode_value(
                v,
                format!("{what} reply is not a JSON object"),
            )),
        }
    }

    /// The first of `names` whose value `read` accepts; that member is removed. Null members
    /// among `names` are removed too (null means absent). Members `read` refuses stay in
    /// `extra`.
    pub(crate) fn take<T>(
        &mut self,
        names: &[&str],
        read: impl Fn(&Value) -> Option<T>,
    ) -> Option<T> {
        for name in names {
            match self.map.get(*name) {
                None => {}
                Some(Value::Null) => {
                    self.map.remove(*name);
                }
                Some(v) => {
                    if let Some(t) = read(v) {
                        self.map.remove(*name);
                        return Some(t);
                    }
                }
            }
        }
        None
    }

    /// Like [`Fields::take`] but required: a missing or unreadable field is a decode error.
    pub(crate) fn require<T>(
        &mut self,
        what: &str,
        names: &[&str],
        read: impl Fn(&Value) -> Option<T>,
    ) -> Result<T, Error> {
        self.take(names, read).ok_or_else(|| {
            Error::decode_value(
                &self.raw,
                format!("{what} reply has no readable `{}`", names[0]),
            )
        })
    }

    pub(crate) fn peek(&self, name: &str) -> Option<&Value> {
        self.map.get(name)
    }

    pub(crate) fn into_extra(self) -> Map<String, Value> {
        self.map
    }
}

/// A string, or a number written as text (ids are sometimes numeric).
pub(crate) fn string(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// A non-empty trimmed string: for ids and codes.
pub(crate) fn token(v: &Value) -> Option<String> {
    string(v)
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
}

/// An integer amount in minor units: a JSON integer, a float with no fraction (`3000.0`), or
/// a string holding an integer (`"3000"`). A fractional value (`"30.50"`) is refused: it
/// could be major units, and guessing would misstate money.
pub(crate) fn integer(v: &Value) -> Option<i64> {
    match v {
        Value::Number(n) => n.as_i64().or_else(|| {
            let f = n.as_f64()?;
            (f.fract() == 0.0 && f.abs() < 9.0e15).then_some(f as i64)
        }),
        Value::String(s) => {
            let t = s.trim();
            t.parse::<i64>().ok().or_else(|| {
                let (int, frac) = t.split_once('.')?;
                (frac.chars().all(|c| c == '0') && !frac.is_empty())
                    .then(|| int.parse::<i64>().ok())
                    .flatten()
            })
        }
        _ => None,
    }
}

/// `true`/`false`, `1`/`0`, and the same as strings.
pub(crate) fn boolean(v: &Value) -> Option<bool> {
    match v {
        Value::Bool(b) => Some(*b),
        Value::Number(n) => match n.as_i64() {
            Some(1) => Some(true),
            Some(0) => Some(false),
            _ => None,
        },
        Value::String(s) => match s.trim().to_ascii_lowercase().as_str() {
            "true" | "1" | "yes" => Some(true),
            "false" | "0" | "no" => Some(false),
            _ => None,
        },
        _ => None,
    }
}

/// Seconds since the epoch; values beyond year 5000 are taken as milliseconds, which some
/// servers send and which would otherwise land tens of thousands of years out.
fn from_epoch(secs: f64) -> Option<DateTime<Utc>> {
    const MS_THRESHOLD: f64 = 95_617_584_000.0; // 5000-01-01 in seconds
    let secs = if secs.abs() > MS_THRESHOLD {
        secs / 1000.0
    } else {
        secs
    };
    let whole = secs.floor();
    let nanos = ((secs - whole) * 1e9).round().min(999_999_999.0) as u32;
    Utc.timestamp_opt(whole as i64, nanos).single()
}

/// RFC 3339, naive UTC (`2023-04-01 12:00:00`, with `T` or fractional seconds too), or Unix
/// seconds as a number or numeric string. Every time in a reply is UTC, per the documents.
pub(crate) fn timestamp(v: &Value) -> Option<DateTime<Utc>> {
    match v {
        Value::Number(n) => from_epoch(n.as_f64()?),
        Value::String(s) => {
            let t = s.trim();
            if let Ok(d) = DateTime::parse_from_rfc3339(t) {
                return Some(d.with_timezone(&Utc));
            }
            for f in ["%Y-%m-%d %H:%M:%S%.f%#z", "%Y-%m-%dT%H:%M:%S%.f%#z"] {
                if let Ok(d) = DateTime::parse_from_str(t, f) {
                    return Some(d.with_timezone(&Utc));
                }
            }
            for f in [
                "%Y-%m-%d %H:%M:%S%.f",
                "%Y-%m-%dT%H:%M:%S%.f",
                "%Y-%m-%d %H:%M",
            ] {
                if let Ok(d) = NaiveDateTime::parse_from_str(t, f) {
                    return Some(d.and_utc());
                }
            }
            if !t.is_empty()
                && t.bytes()
                    .all(|b| b.is_ascii_digit() || b == b'.' || b == b'-')
            {
                return from_epoch(t.parse().ok()?);
            }
            None
        }
        _ => None,
    }
}

/// A metadata value from a reply: scalars as they are, nested values kept as their JSON
/// text (the API should not send them, but dropping them would hide data), null skipped.
fn meta_value(v: &Value) -> Option<MetaValue> {
    match v {
        Value::Null => None,
        Value::Array(_) | Value::Object(_) => Some(MetaValue::String(v.to_string())),
        scalar => MetaValue::from_json(scalar),
    }
}

/// `metaData` as an object, an array of `{key, value}` pairs (also `name`/`value`), or a
/// string holding either in JSON. `None` only for shapes that are none of these.
pub(crate) fn metadata(v: &Value) -> Option<Metadata> {
    match v {
        Value::Object(o) => Some(
            o.iter()
                .filter_map(|(k, v)| Some((k.clone(), meta_value(v)?)))
                .collect(),
        ),
        Value::Array(items) => {
            let mut m = Metadata::new();
            for item in items {
                let o = item.as_object()?;
                let key = ["key", "name", "k"]
                    .iter()
                    .find_map(|k| o.get(*k).and_then(token))?;
                let value = ["value", "v"].iter().find_map(|k| o.get(*k));
                if let Some(val) = value.and_then(meta_value) {
                    m.0.insert(key, val);
                }
            }
            Some(m)
        }
        Value::String(s) if s.trim().is_empty() => Some(Metadata::new()),
        Value::String(s) => match serde_json::from_str::<Value>(s) {
            Ok(inner @ (Value::Object(_) | Value::Array(_))) => metadata(&inner),
            _ => None,
        },
        _ => None,
    }
}

/// A list that may arrive as one item instead of an array.
pub(crate) fn list(v: &Value) -> Vec<Value> {
    match v {
        Value::Array(a) => a.clone(),
        Value::Null => Vec::new(),
        one => vec![one.clone()],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn integers() {
        assert_eq!(integer(&json!(3000)), Some(3000));
        assert_eq!(integer(&json!("3000")), Some(3000));
        assert_eq!(integer(&json!(" 42 ")), Some(42));
        assert_eq!(integer(&json!(3000.0)), Some(3000));
        assert_eq!(integer(&json!("3000.00")), Some(3000));
        assert_eq!(integer(&json!("-5")), Some(-5));
        assert_eq!(integer(&json!(30.5)), None);
        assert_eq!(integer(&json!("30.50")), None);
        assert_eq!(integer(&json!("abc")), None);
        assert_eq!(integer(&json!(true)), None);
        assert_eq!(integer(&json!(u64::MAX)), None);
    }

    #[test]
    fn timestamps_in_every_shape() {
        let want = Utc.with_ymd_and_hms(2023, 4, 1, 12, 0, 0).unwrap();
        for v in [
            json!("2023-04-01T12:00:00Z"),
            json!("2023-04-01T14:00:00+02:00"),
            json!("2023-04-01 12:00:00"),
            json!("2023-04-01T12:00:00"),
            json!("2023-04-01 12:00:00.000"),
            json!("2023-04-01 12:00:00+0000"),
            json!(1_680_350_400),
            json!("1680350400"),
            json!(1_680_350_400_000i64),
            json!(1_680_350_400.0),
        ] {
            assert_eq!(timestamp(&v), Some(want), "{v}");
        }
        assert_eq!(
            timestamp(&json!("2023-04-01 12:00:00.250"))
                .unwrap()
                .timestamp_subsec_millis(),
            250
        );
        for bad in [json!("yesterday"), json!(""), json!(true), json!({})] {
            assert_eq!(timestamp(&bad), None, "{bad}");
        }
    }

    #[test]
    fn metadata_shapes() {
        let want = Metadata::new()
            .with("order", "1001")
            .with("vip", true)
            .with("n", 3i64);
        assert_eq!(
            metadata(&json!({"order": "1001", "vip": true, "n": 3})),
            Some(want.clone())
        );
        assert_eq!(
            metadata(
                &json!([{"key": "order", "value": "1001"}, {"key": "vip", "value": true},
                             {"name": "n", "value": 3}])
            ),
            Some(want.clone())
        );
        assert_eq!(
            metadata(&json!(r#"{"order":"1001","vip":true,"n":3}"#)),
            Some(want)
        );
        assert_eq!(metadata(&json!([])), Some(Metadata::new()));
        assert_eq!(metadata(&json!("")), Some(Metadata::new()));
        assert_eq!(
            metadata(&json!({"gone": null, "deep": {"a": 1}})),
            Some(Metadata::new().with("deep", r#"{"a":1}"#))
        );
        assert_eq!(metadata(&json!(5)), None);
        assert_eq!(metadata(&json!([1, 2])), None);
    }

    #[test]
    fn fields_take_aliases_and_keep_the_rest() {
        let v = json!({"cid": "abc", "id": null, "capture": "maybe", "x": 1});
        let mut f = Fields::new(&v, "checkout").unwrap();
        assert_eq!(
            f.take(&["checkout_id", "id", "cid"], token),
            Some("abc".into())
        );
        assert_eq!(f.take(&["capture"], boolean), None);
        let extra = f.into_extra();
        assert_eq!(Value::Object(extra), json!({"capture": "maybe", "x": 1}));
        assert!(Fields::new(&json!([1]), "checkout").is_err());
    }

    #[test]
    fn booleans() {
        assert_eq!(boolean(&json!(true)), Some(true));
        assert_eq!(boolean(&json!("false")), Some(false));
        assert_eq!(boolean(&json!(1)), Some(true));
        assert_eq!(boolean(&json!("maybe")), None);
    }
}
