//! `POST /checkout/create`: validated like the real API, then a `created` checkout (or a
//! paid / reserved one when a saved card pays it).

use serde_json::{Map, Value};

use super::fields::{missing, opt_amount, opt_bool, opt_str, req_str, url_field};
use super::{ApiError, ApiResult, Cx};
use crate::machine;
use crate::metadata::{self, short};
use crate::model::{now, Checkout, PaymentMethod, Status};
use crate::state::{Recorded, Store};

pub(crate) const MAX_AMOUNT: i64 = 1_000_000_000_000;
pub(crate) const MAX_MESSAGE: usize = 1000;
pub(crate) const MAX_IDENTIFIER: usize = 128;
pub(crate) const MAX_URL: usize = 2048;
pub(crate) const MAX_ID: usize = 128;
pub(crate) const METHODS: [&str; 4] = ["card", "swish", "trustly", "paypal"];
pub(crate) const BRANDS: [&str; 10] = [
    "amex",
    "visa",
    "mastercard",
    "maestro",
    "discover",
    "diners",
    "jcb",
    "unionpay",
    "bancontact",
    "carte_bancaire",
];

const REQUIRED: [&str; 5] = [
    "amount",
    "currency",
    "message",
    "returnUrl",
    "returnUrlCancel",
];

pub(crate) fn create(store: &mut Store, cx: Cx<'_>, body: &Map<String, Value>) -> ApiResult {
    let absent = missing(body, &REQUIRED);
    if !absent.is_empty() {
        return Err(ApiError::bad(format!(
            "missing required fields: {}",
            absent.join(", ")
        )));
    }
    let amount = opt_amount(body, "amount")?.unwrap_or_default();
    if amount <= 0 {
        return Err(ApiError::bad(format!(
            "amount must be greater than 0, got {amount}"
        )));
    }
    if amount > MAX_AMOUNT {
        return Err(ApiError::bad(format!(
            "amount must be at most {MAX_AMOUNT} minor units"
        )));
    }
    let currency = req_str(body, "currency", 3)
        .map_err(|_| ApiError::bad("currency must be a 3-letter ISO 4217 code such as SEK"))?;
    if crate::currency::exponent(currency).is_none() {
        let known: Vec<&str> = crate::currency::CURRENCIES.iter().map(|c| c.0).collect();
        return Err(ApiError::bad(format!(
            "unknown currency {}: use an upper-case ISO 4217 code, one of {}",
            short(currency),
            known.join(", ")
        )));
    }
    let message = req_str(body, "message", MAX_MESSAGE)?;
    let return_url = req_str(body, "returnUrl", MAX_URL)?;
    url_field("returnUrl", return_url)?;
    let return_url_cancel = req_str(body, "returnUrlCancel", MAX_URL)?;
    url_field("returnUrlCancel", return_url_cancel)?;
    let identifier = opt_str(body, "identifier", MAX_IDENTIFIER)?;
    let capture = opt_bool(body, "capture")?.unwrap_or(true);
    let allow_save_card = opt_bool(body, "allowSaveCard")?.unwrap_or(true);
    let template = opt_str(body, "template", 32)?;
    if let Some(t) = template {
        if t != "iframe" {
            return Err(ApiError::bad(format!(
                "template must be \"iframe\" (the only template), got {:?}",
                short(t)
            )));
        }
    }
    let meta = metadata::parse(body.get("metaData")).map_err(ApiError::bad)?;
    let meta = metadata::without_empty(meta.unwrap_or_default());
    metadata::check_limits(&meta).map_err(ApiError::bad)?;
    let payment_methods = payment_methods(body.get("paymentMethods"))?;
    let customer_id = opt_str(body, "customer_id", MAX_ID)?;
    let card_id = opt_str(body, "card_id", MAX_ID)?;
    if card_id.is_some() && customer_id.is_none() {
        return Err(ApiError::bad(
            "card_id requires customer_id: a saved card is charged for its customer",
        ));
    }
    if let Some(cid) = customer_id {
        let customer = store
            .customer(cx.wk, cid)
            .ok_or_else(|| ApiError::bad(format!("no customer {} for this API key", short(cid))))?;
        if let Some(card) = card_id {
            if !customer.saved_cards.iter().any(|c| c.card_id == card) {
                return Err(ApiError::bad(format!(
                    "customer {cid} has no saved card {}",
                    short(card)
                )));
            }
        }
    }

    let at = now();
    let mut c = Checkout {
        checkout_id: store.new_id(),
        identifier: identifier.map(str::to_owned),
        status: Status::Created,
        amount,
        currency: currency.to_owned(),
        message: message.to_owned(),
        capture,
        allow_save_card,
        return_url: return_url.to_owned(),
        return_url_cancel: return_url_cancel.to_owned(),
        customer_id: customer_id.map(str::to_owned),
        card_id: card_id.map(str::to_owned),
        template: template.map(str::to_owned),
        metadata: meta,
        payment_methods,
        refunded_amount: 0,
        refunds: Vec::new(),
        created_at: at,
        updated_at: at,
    };
    if c.card_id.is_some() {
        machine::auto_pay(&mut c)?;
    }
    let reply = c.wire(cx.base);
    let id = c.checkout_id.clone();
    store.insert_checkout(cx.wk, c);
    store.record(
        cx.wk,
        Recorded {
            action: "create",
            object_id: &id,
            idempotency_key: cx.idem,
            amount: None,
        },
    );
    Ok(reply)
}

fn payment_methods(v: Option<&Value>) -> Result<Vec<PaymentMethod>, ApiError> {
    let items = match v {
        None | Some(Value::Null) => return Ok(Vec::new()),
        Some(Value::Array(items)) => items,
        Some(_) => {
            return Err(ApiError::bad(
                "paymentMethods must be an array of {method, brands}",
            ))
        }
    };
    items
        .iter()
        .map(|item| {
            let Value::Object(o) = item else {
                return Err(ApiError::bad(
                    "paymentMethods must be an array of {method, brands}",
                ));
            };
            let method = req_str(o, "method", 32)
                .map_err(|_| ApiError::bad("each paymentMethods entry needs a method"))?;
            if !METHODS.contains(&method) {
                return Err(ApiError::bad(format!(
                    "unknown payment method {:?}: one of {}",
                    short(method),
                    METHODS.join(", ")
                )));
            }
            let brands = match o.get("brands") {
                None | Some(Value::Null) => Vec::new(),
                Some(Value::Array(bs)) => bs
                    .iter()
                    .map(|b| match b.as_str() {
                        Some(b) if BRANDS.contains(&b) => Ok(b.to_owned()),
                        _ => Err(ApiError::bad(format!(
                            "unknown card brand {b}: one of {}",
                            BRANDS.join(", ")
                        ))),
                    })
                    .collect::<Result<_, _>>()?,
                Some(_) => return Err(ApiError::bad("brands must be an array of strings")),
            };
            Ok(PaymentMethod {
                method: method.to_owned(),
                brands,
            })
        })
        .collect()
}
