//! Customers: create, retrieve and delete.

use rand::RngCore;
use serde_json::{json, Map, Value};

use super::fields::{missing, req_str};
use super::{ApiError, ApiResult, Cx};
use crate::metadata::{self, short};
use crate::model::{now, Customer};
use crate::state::{Recorded, Store};

pub(crate) const MAX_NAME: usize = 100;
pub(crate) const MAX_EMAIL: usize = 254;

fn unknown(id: &str) -> ApiError {
    ApiError::bad(format!("no customer {} for this API key", short(id)))
}

/// Exactly the OpenAPI pattern `^[^@\s]+@[^@\s]+$`.
pub(crate) fn plausible_email(s: &str) -> bool {
    match s.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && !domain.is_empty()
                && !domain.contains('@')
                && !s.chars().any(ecma_space)
        }
        None => false,
    }
}

/// `\s` as the ECMA-262 regexes of JSON Schema read it: Unicode White_Space except
/// U+0085, plus U+FEFF.
fn ecma_space(c: char) -> bool {
    (c.is_whitespace() && c != '\u{85}') || c == '\u{feff}'
}

pub(crate) fn create(store: &mut Store, cx: Cx<'_>, body: &Map<String, Value>) -> ApiResult {
    let absent = missing(body, &["first_name", "last_name", "email"]);
    if !absent.is_empty() {
        return Err(ApiError::bad(format!(
            "missing required fields: {}",
            absent.join(", ")
        )));
    }
    let first = req_str(body, "first_name", MAX_NAME)?;
    let last = req_str(body, "last_name", MAX_NAME)?;
    let email = req_str(body, "email", MAX_EMAIL)?;
    if !plausible_email(email) {
        return Err(ApiError::bad(format!(
            "email {:?} is not an e-mail address",
            short(email)
        )));
    }
    let meta = metadata::parse(body.get("metaData")).map_err(ApiError::bad)?;
    let meta = metadata::without_empty(meta.unwrap_or_default());
    metadata::check_limits(&meta).map_err(ApiError::bad)?;
    // The client page has no other protection than its token: OS randomness, not the
    // seeded RNG.
    let mut token = [0u8; 16];
    rand::rng().fill_bytes(&mut token);
    let c = Customer {
        customer_id: store.new_id(),
        first_name: first.to_owned(),
        last_name: last.to_owned(),
        email: email.to_owned(),
        metadata: meta,
        saved_cards: Vec::new(),
        created_at: now(),
        client_token: hex::encode(token),
    };
    let reply = c.wire(cx.base);
    let id = c.customer_id.clone();
    store.insert_customer(cx.wk, c);
    store.record(
        cx.wk,
        Recorded {
            action: "create-customer",
            object_id: &id,
            idempotency_key: cx.idem,
            amount: None,
        },
    );
    Ok(reply)
}

pub(crate) fn retrieve(store: &mut Store, cx: Cx<'_>, body: &Map<String, Value>) -> ApiResult {
    let id = req_str(body, "customer_id", super::create::MAX_ID)?;
    let c = store.customer(cx.wk, id).ok_or_else(|| unknown(id))?;
    Ok(c.wire(cx.base))
}

pub(crate) fn delete(store: &mut Store, cx: Cx<'_>, body: &Map<String, Value>) -> ApiResult {
    let id = req_str(body, "customer_id", super::create::MAX_ID)?;
    store
        .remove_customer(cx.wk, id)
        .ok_or_else(|| unknown(id))?;
    store.record(
        cx.wk,
        Recorded {
            action: "delete-customer",
            object_id: id,
            idempotency_key: cx.idem,
            amount: None,
        },
    );
    Ok(json!({ "customer_id": id, "status": "delete" }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn email_rule_matches_the_documented_pattern() {
        for ok in ["a@b", "ada@example.com", "x\u{85}y@z", "\u{12}@\u{eafe0}"] {
            assert!(plausible_email(ok), "{ok:?}");
        }
        for bad in [
            "",
            "@b",
            "a@",
            "a@b@c",
            "a b@c",
            "a@b\u{a0}",
            "a\u{feff}@b",
            "a\u{2028}@b",
        ] {
            assert!(!plausible_email(bad), "{bad:?}");
        }
    }
}
