//! A small validator for the subset of OpenAPI 3.0 schema the document uses, so tests can
//! check real replies against it.

use serde_json::Value;

/// Follows a local `$ref` such as `#/components/schemas/Checkout`.
pub fn resolve<'a>(doc: &'a Value, reference: &str) -> Option<&'a Value> {
    let pointer = reference.strip_prefix('#')?;
    doc.pointer(pointer)
}

/// The patterns the document's response schemas use, as code (no regex crate here).
fn matches_pattern(pattern: &str, s: &str) -> bool {
    let digits = |t: &str| t.bytes().all(|b| b.is_ascii_digit());
    match pattern {
        "^[0-9a-f]{32}$" => {
            s.len() == 32
                && s.bytes()
                    .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
        }
        "^[0-9]{4}$" => s.len() == 4 && digits(s),
        "^(0[1-9]|1[0-2])/[0-9]{2}$" => {
            s.len() == 5
                && &s[2..3] == "/"
                && digits(&s[..2])
                && digits(&s[3..])
                && (1..=12).contains(&s[..2].parse::<u32>().unwrap_or(0))
        }
        other => panic!("the test validator does not know pattern {other}"),
    }
}

pub fn validate(doc: &Value, schema: &Value, v: &Value, at: &str, errs: &mut Vec<String>) {
    if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
        match resolve(doc, r) {
            Some(s) => validate(doc, s, v, at, errs),
            None => errs.push(format!("{at}: unresolved {r}")),
        }
        return;
    }
    if v.is_null() {
        if schema.get("nullable") != Some(&Value::Bool(true)) {
            errs.push(format!("{at}: null where the schema is not nullable"));
        }
        return;
    }
    if let Some(all) = schema.get("allOf").and_then(Value::as_array) {
        for s in all {
            validate(doc, s, v, at, errs);
        }
    }
    if let Some(any) = schema.get("anyOf").and_then(Value::as_array) {
        let ok = any.iter().any(|s| {
            let mut e = Vec::new();
            validate(doc, s, v, at, &mut e);
            e.is_empty()
        });
        if !ok {
            errs.push(format!("{at}: matches none of anyOf: {v}"));
        }
    }
    if let Some(forbidden) = schema.get("not") {
        let mut e = Vec::new();
        validate(doc, forbidden, v, at, &mut e);
        if e.is_empty() {
            errs.push(format!("{at}: matches a schema under not"));
        }
    }
    if let Some(allowed) = schema.get("enum").and_then(Value::as_array) {
        if !allowed.contains(v) {
            errs.push(format!("{at}: {v} not in enum"));
        }
    }
    let Some(ty) = schema.get("type").and_then(Value::as_str) else {
        return;
    };
    let type_ok = match ty {
        "string" => v.is_string(),
        "integer" => v.is_i64() || v.is_u64(),
        "number" => v.is_number(),
        "boolean" => v.is_boolean(),
        "object" => v.is_object(),
        "array" => v.is_array(),
        other => panic!("unknown type {other}"),
    };
    if !type_ok {
        errs.push(format!("{at}: expected {ty}, got {v}"));
        return;
    }
    match v {
        Value::String(s) => {
            let n = s.chars().count() as u64;
            if schema
                .get("minLength")
                .and_then(Value::as_u64)
                .is_some_and(|m| n < m)
            {
                errs.push(format!("{at}: shorter than minLength"));
            }
            if schema
                .get("maxLength")
                .and_then(Value::as_u64)
                .is_some_and(|m| n > m)
            {
                errs.push(format!("{at}: longer than maxLength"));
            }
            if let Some(p) = schema.get("pattern").and_then(Value::as_str) {
                if !matches_pattern(p, s) {
                    errs.push(format!("{at}: {s:?} does not match {p}"));
                }
            }
            match schema.get("format").and_then(Value::as_str) {
                Some("date-time") if chrono::DateTime::parse_from_rfc3339(s).is_err() => {
                    errs.push(format!("{at}: {s:?} is not date-time"))
                }
                Some("uri") if url::Url::parse(s).is_err() => {
                    errs.push(format!("{at}: {s:?} is not a uri"))
                }
                _ => {}
            }
        }
        Value::Number(n) => {
            let x = n.as_f64().unwrap_or(f64::NAN);
            if schema
                .get("minimum")
                .and_then(Value::as_f64)
                .is_some_and(|m| x < m)
            {
                errs.push(format!("{at}: {x} below minimum"));
            }
            if schema
                .get("maximum")
                .and_then(Value::as_f64)
                .is_some_and(|m| x > m)
            {
                errs.push(format!("{at}: {x} above maximum"));
            }
        }
        Value::Object(map) => {
            for req in schema
                .get("required")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                let name = req.as_str().unwrap();
                if !map.contains_key(name) {
                    errs.push(format!("{at}: missing required {name}"));
                }
            }
            if schema
                .get("maxProperties")
                .and_then(Value::as_u64)
                .is_some_and(|m| map.len() as u64 > m)
            {
                errs.push(format!("{at}: too many properties"));
            }
            let props = schema.get("properties").and_then(Value::as_object);
            for (k, val) in map {
                let child = format!("{at}.{k}");
                match props.and_then(|p| p.get(k)) {
                    Some(s) => validate(doc, s, val, &child, errs),
                    None => match schema.get("additionalProperties") {
                        Some(Value::Bool(false)) => errs.push(format!("{child}: not allowed")),
                        Some(s @ Value::Object(_)) => validate(doc, s, val, &child, errs),
                        _ if props.is_some() => {
                            errs.push(format!("{child}: undocumented property"))
                        }
                        _ => {}
                    },
                }
            }
        }
        Value::Array(items) => {
            if let Some(s) = schema.get("items") {
                for (i, item) in items.iter().enumerate() {
                    validate(doc, s, item, &format!("{at}[{i}]"), errs);
                }
            }
        }
        _ => {}
    }
}

/// Every `$ref` string anywhere in `v`.
pub fn refs(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                if k == "$ref" {
                    if let Some(s) = x.as_str() {
                        out.push(s.to_owned());
                    }
                } else {
                    refs(x, out);
                }
            }
        }
        Value::Array(a) => a.iter().for_each(|x| refs(x, out)),
        _ => {}
    }
}
