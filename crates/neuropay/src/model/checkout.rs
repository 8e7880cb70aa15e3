//! The checkout object, read leniently from any of the reply shapes the documents allow.

use chrono::{DateTime, SecondsFormat, Utc};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{json, Map, Value};

use super::tolerant::{self as t, Fields};
use crate::ids::{CardId, CheckoutId, CustomerId};
use crate::metadata::Metadata;
use crate::payment_method::PaymentMethod;
use crate::status::Status;
use crate::Error;

pub(crate) const ID_NAMES: [&str; 3] = ["checkout_id", "cid", "id"];
const LINK_NAMES: [&str; 4] = ["link", "url", "checkout_url", "checkoutUrl"];
const REFUNDED_NAMES: [&str; 4] = [
    "refundedAmount",
    "refunded_amount",
    "amount_refunded",
    "amountRefunded",
];

/// A checkout as the API last described it.
#[derive(Debug, Clone, PartialEq)]
pub struct Checkout {
    pub id: CheckoutId,
    pub identifier: Option<String>,
    pub status: Status,
    /// Minor units of `currency`.
    pub amount: i64,
    /// As sent by the server (normally an upper-case ISO code).
    pub currency: String,
    pub message: Option<String>,
    /// The hosted payment page.
    pub link: Option<String>,
    /// Minor units refunded so far.
    pub refunded_amount: i64,
    pub capture: Option<bool>,
    pub allow_save_card: Option<bool>,
    pub return_url: Option<String>,
    pub return_url_cancel: Option<String>,
    pub customer_id: Option<CustomerId>,
    pub card_id: Option<CardId>,
    pub template: Option<String>,
    pub metadata: Metadata,
    pub payment_methods: Vec<PaymentMethod>,
    pub created_at: Option<DateTime<Utc>>,
    pub updated_at: Option<DateTime<Utc>>,
    /// Every member of the reply this type does not model (including `refunds`, see
    /// [`Checkout::refunds`]), kept as sent.
    pub extra: Map<String, Value>,
}

/// One entry of the `refunds` list the simulator (and perhaps the API) sends.
#[derive(Debug, Clone, PartialEq)]
pub struct RefundEntry {
    pub amount: i64,
    /// As sent: `duplicate`, `requested_by_customer`, `fraudolent`, or anything else.
    pub reason: Option<String>,
    pub details: Option<String>,
    pub created_at: Option<DateTime<Utc>>,
}

fn opt_id<T>(v: &Value, make: fn(String) -> Result<T, Error>) -> Option<T> {
    t::token(v).and_then(|s| make(s).ok())
}

fn rfc3339(d: &DateTime<Utc>) -> Value {
    Value::String(d.to_rfc3339_opts(SecondsFormat::AutoSi, true))
}

impl Checkout {
    /// Reads a checkout from a reply. Requires an id, a status, an amount and a currency;
    /// everything else is optional and read leniently (see `model::tolerant`).
    pub fn from_json(v: &Value) -> Result<Self, Error> {
        let mut f = Fields::new(v, "checkout")?;
        let id = f.require("checkout", &ID_NAMES, |v| opt_id(v, CheckoutId::new))?;
        let status = f.require("checkout", &["status", "state"], |v| {
            t::string(v).map(|s| Status::parse(&s))
        })?;
        let amount = f.require("checkout", &["amount"], t::integer)?;
        let currency = f.require("checkout", &["currency"], t::token)?;
        let refunds: Vec<RefundEntry> = f
            .peek("refunds")
            .map(|v| {
                t::list(v)
                    .iter()
                    .filter_map(RefundEntry::from_json)
                    .collect()
            })
            .unwrap_or_default();
        let refunded_amount = f.take(&REFUNDED_NAMES, t::integer).unwrap_or_else(|| {
            if !refunds.is_empty() {
                refunds.iter().map(|r| r.amount).sum()
            } else if status == Status::Refunded {
                // Nothing says how much, but "refunded" means all of it.
                amount
            } else {
                0
            }
        });
        Ok(Checkout {
            id,
            status,
            amount,
            currency,
            refunded_amount,
            identifier: f.take(&["identifier", "reference"], t::string),
            message: f.take(&["message", "description"], t::string),
            link: f.take(&LINK_NAMES, t::token),
            capture: f.take(&["capture"], t::boolean),
            allow_save_card: f.take(&["allowSaveCard", "allow_save_card"], t::boolean),
            return_url: f.take(&["returnUrl", "return_url"], t::token),
            return_url_cancel: f.take(&["returnUrlCancel", "return_url_cancel"], t::token),
            customer_id: f.take(&["customer_id", "customerId"], |v| {
                opt_id(v, CustomerId::new)
            }),
            card_id: f.take(&["card_id", "cardId"], |v| opt_id(v, CardId::new)),
            template: f.take(&["template"], t::token),
            metadata: f
                .take(&["metaData", "metadata", "meta_data"], t::metadata)
                .unwrap_or_default(),
            payment_methods: f
                .take(&["paymentMethods", "payment_methods"], |v| {
                    let items = t::list(v);
                    let read: Option<Vec<_>> =
                        items.iter().map(PaymentMethod::from_reply).collect();
                    read
                })
                .unwrap_or_default(),
            created_at: f.take(&["created_at", "createdAt", "created"], t::timestamp),
            updated_at: f.take(&["updated_at", "updatedAt", "updated"], t::timestamp),
            extra: f.into_extra(),
        })
    }

    /// The simulator's wire shape (canonical names) plus `extra`; `from_json` reads it back
    /// to an equal value.
    pub fn to_json(&self) -> Value {
        let mut o = Map::new();
        o.insert("checkout_id".into(), json!(self.id.as_str()));
        o.insert("identifier".into(), json!(self.identifier));
        o.insert("status".into(), json!(self.status.as_str()));
        o.insert("amount".into(), json!(self.amount));
        o.insert("currency".into(), json!(self.currency));
        let opt = |o: &mut Map<String, Value>, k: &str, v: Option<Value>| {
            if let Some(v) = v {
                o.insert(k.to_owned(), v);
            }
        };
        opt(&mut o, "message", self.message.as_ref().map(|s| json!(s)));
        opt(&mut o, "capture", self.capture.map(Value::Bool));
        opt(
            &mut o,
            "allowSaveCard",
            self.allow_save_card.map(Value::Bool),
        );
        opt(
            &mut o,
            "returnUrl",
            self.return_url.as_ref().map(|s| json!(s)),
        );
        opt(
            &mut o,
            "returnUrlCancel",
            self.return_url_cancel.as_ref().map(|s| json!(s)),
        );
        o.insert(
            "customer_id".into(),
            json!(self.customer_id.as_ref().map(CustomerId::as_str)),
        );
        o.insert(
            "card_id".into(),
            json!(self.card_id.as_ref().map(CardId::as_str)),
        );
        o.insert("template".into(), json!(self.template));
        // Empty lists may stand for an unreadable value kept in `extra`; let that win.
        if !(self.metadata.is_empty() && self.extra.contains_key("metaData")) {
            o.insert("metaData".into(), self.metadata.to_json());
        }
        if !(self.payment_methods.is_empty() && self.extra.contains_key("paymentMethods")) {
            o.insert("paymentMethods".into(), json!(self.payment_methods));
        }
        opt(&mut o, "link", self.link.as_ref().map(|s| json!(s)));
        o.insert("refundedAmount".into(), json!(self.refunded_amount));
        opt(&mut o, "created_at", self.created_at.as_ref().map(rfc3339));
        opt(&mut o, "updated_at", self.updated_at.as_ref().map(rfc3339));
        for (k, v) in &self.extra {
            // A typed field that is None may have left its unreadable value in `extra`.
            if matches!(o.get(k), None | Some(Value::Null)) {
                o.insert(k.clone(), v.clone());
            }
        }
        Value::Object(o)
    }

    /// How much can still be refunded: the unrefunded rest of a paid, reserved or partially
    /// refunded checkout; 0 in every other status (including unknown ones).
    pub fn remaining_refundable(&self) -> i64 {
        if self.status.can_refund() {
            (self.amount - self.refunded_amount).max(0)
        } else {
            0
        }
    }

    /// The `refunds` list, when the reply has one (unreadable entries are skipped; the raw
    /// list stays in `extra["refunds"]`).
    pub fn refunds(&self) -> Vec<RefundEntry> {
        self.extra
            .get("refunds")
            .map(|v| {
                t::list(v)
                    .iter()
                    .filter_map(RefundEntry::from_json)
                    .collect()
            })
            .unwrap_or_default()
    }
}

impl RefundEntry {
    fn from_json(v: &Value) -> Option<Self> {
        let o = v.as_object()?;
        let get = |names: &[&str]| names.iter().find_map(|n| o.get(*n));
        Some(RefundEntry {
            amount: get(&["amount"]).and_then(t::integer)?,
            reason: get(&["reason"]).and_then(t::string),
            details: get(&["refundDetails", "refund_details", "details"]).and_then(t::string),
            created_at: get(&["created_at", "createdAt", "created"]).and_then(t::timestamp),
        })
    }
}

impl Serialize for Checkout {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.to_json().serialize(s)
    }
}

impl<'de> Deserialize<'de> for Checkout {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v = Value::deserialize(d)?;
        Checkout::from_json(&v).map_err(serde::de::Error::custom)
    }
}
