//! Retrieve, capture, refund, update and delete of one checkout.

use serde_json::{json, Map, Value};

use super::fields::{opt_amount, opt_str, req_str};
use super::{ApiError, ApiResult, Cx};
use crate::machine::{self, RefundInput};
use crate::metadata::{self, short};
use crate::model::{now, Checkout, RefundReason};
use crate::state::{Recorded, Store};

const MAX_ID: usize = super::create::MAX_ID;
pub(crate) const MAX_DETAILS: usize = 1000;

fn id_of(body: &Map<String, Value>) -> Result<&str, ApiError> {
    req_str(body, "checkout_id", MAX_ID)
}

fn unknown(id: &str) -> ApiError {
    // The same answer for "never existed" and "another company's": nothing leaks.
    ApiError::bad(format!("no checkout {} for this API key", short(id)))
}

fn found<'s>(store: &'s mut Store, cx: Cx<'_>, id: &str) -> Result<&'s mut Checkout, ApiError> {
    store.checkout_mut(cx.wk, id).ok_or_else(|| unknown(id))
}

fn record(store: &mut Store, cx: Cx<'_>, action: &str, id: &str, amount: Option<i64>) {
    store.record(
        cx.wk,
        Recorded {
            action,
            object_id: id,
            idempotency_key: cx.idem,
            amount,
        },
    );
}

pub(crate) fn retrieve(store: &mut Store, cx: Cx<'_>, body: &Map<String, Value>) -> ApiResult {
    let id = id_of(body)?;
    let c = store.checkout(cx.wk, id).ok_or_else(|| unknown(id))?;
    Ok(c.wire(cx.base))
}

pub(crate) fn capture(store: &mut Store, cx: Cx<'_>, body: &Map<String, Value>) -> ApiResult {
    let id = id_of(body)?;
    let c = found(store, cx, id)?;
    machine::capture(c, now())?;
    let reply = c.wire(cx.base);
    record(store, cx, "capture", id, None);
    Ok(reply)
}

pub(crate) fn refund(store: &mut Store, cx: Cx<'_>, body: &Map<String, Value>) -> ApiResult {
    let id = id_of(body)?;
    let amount = opt_amount(body, "amount")?;
    let reason = match opt_str(body, "reason", 64)? {
        None => None,
        Some(r) => Some(RefundReason::parse(r).ok_or_else(|| {
            ApiError::bad(format!(
                "reason must be one of {} (got {:?})",
                RefundReason::WIRE.join(", "),
                short(r)
            ))
        })?),
    };
    // Blank details are "no details" (a form field left empty).
    let details = match body.get("refundDetails") {
        Some(Value::String(s)) if s.is_empty() => None,
        _ => opt_str(body, "refundDetails", MAX_DETAILS)?.map(str::to_owned),
    };
    let c = found(store, cx, id)?;
    let input = RefundInput {
        amount,
        reason,
        details,
    };
    let refunded = machine::refund(c, input, now())?;
    let reply = c.wire(cx.base);
    record(store, cx, "refund", id, Some(refunded));
    Ok(reply)
}

pub(crate) fn update(store: &mut Store, cx: Cx<'_>, body: &Map<String, Value>) -> ApiResult {
    let id = id_of(body)?;
    let patch = metadata::parse(body.get("metaData"))
        .map_err(ApiError::bad)?
        .ok_or_else(|| ApiError::bad("missing required field metaData"))?;
    let c = found(store, cx, id)?;
    machine::update_metadata(c, &patch, now())?;
    let reply = c.wire(cx.base);
    record(store, cx, "update", id, None);
    Ok(reply)
}

pub(crate) fn delete(store: &mut Store, cx: Cx<'_>, body: &Map<String, Value>) -> ApiResult {
    let id = id_of(body)?;
    machine::check_delete(found(store, cx, id)?)?;
    store.remove_checkout(cx.wk, id);
    record(store, cx, "delete", id, None);
    Ok(json!({ "checkout_id": id, "status": "deleted" }))
}
