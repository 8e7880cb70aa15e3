//! The simulator's objects, stored as-is and rendered in the wire shape of the contract.

use std::fmt;

use chrono::{DateTime, SecondsFormat, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};

/// A checkout's status, spelled as on the wire (note `reserve released`, `partialRefund`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Status {
    #[serde(rename = "created")]
    Created,
    #[serde(rename = "reserved")]
    Reserved,
    #[serde(rename = "reserve released")]
    ReserveReleased,
    #[serde(rename = "paid")]
    Paid,
    #[serde(rename = "refunded")]
    Refunded,
    #[serde(rename = "partialRefund")]
    PartialRefund,
    #[serde(rename = "revoked")]
    Revoked,
    #[serde(rename = "failed")]
    Failed,
    #[serde(rename = "canceled")]
    Canceled,
}

impl Status {
    pub const ALL: [Status; 9] = [
        Status::Created,
        Status::Reserved,
        Status::ReserveReleased,
        Status::Paid,
        Status::Refunded,
        Status::PartialRefund,
        Status::Revoked,
        Status::Failed,
        Status::Canceled,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Created => "created",
            Status::Reserved => "reserved",
            Status::ReserveReleased => "reserve released",
            Status::Paid => "paid",
            Status::Refunded => "refunded",
            Status::PartialRefund => "partialRefund",
            Status::Revoked => "revoked",
            Status::Failed => "failed",
            Status::Canceled => "canceled",
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Refund reasons as the API spells them (`fraudolent`, sic).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum RefundReason {
    #[serde(rename = "duplicate")]
    Duplicate,
    #[serde(rename = "requested_by_customer")]
    RequestedByCustomer,
    #[serde(rename = "fraudolent")]
    Fraudolent,
}

impl RefundReason {
    pub const WIRE: [&'static str; 3] = ["duplicate", "requested_by_customer", "fraudolent"];

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "duplicate" => Some(RefundReason::Duplicate),
            "requested_by_customer" => Some(RefundReason::RequestedByCustomer),
            "fraudolent" => Some(RefundReason::Fraudolent),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct Refund {
    pub amount: i64,
    pub reason: Option<RefundReason>,
    #[serde(rename = "refundDetails")]
    pub refund_details: Option<String>,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct PaymentMethod {
    pub method: String,
    pub brands: Vec<String>,
}

/// A checkout as stored (the persisted form); `wire()` renders what the API sends.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct Checkout {
    pub checkout_id: String,
    pub identifier: Option<String>,
    pub status: Status,
    pub amount: i64,
    pub currency: String,
    pub message: String,
    pub capture: bool,
    pub allow_save_card: bool,
    pub return_url: String,
    pub return_url_cancel: String,
    pub customer_id: Option<String>,
    pub card_id: Option<String>,
    pub template: Option<String>,
    pub metadata: Map<String, Value>,
    pub payment_methods: Vec<PaymentMethod>,
    pub refunded_amount: i64,
    pub refunds: Vec<Refund>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl Checkout {
    /// The hosted payment page of this checkout.
    pub fn link(&self, base: &str) -> String {
        format!("{base}/pay/{}", self.checkout_id)
    }

    pub fn wire(&self, base: &str) -> Value {
        let refunds: Vec<Value> = self
            .refunds
            .iter()
            .map(|r| {
                json!({
                    "amount": r.amount,
                    "reason": r.reason,
                    "refundDetails": r.refund_details,
                    "created_at": ts(r.created_at),
                })
            })
            .collect();
        json!({
            "checkout_id": self.checkout_id,
            "identifier": self.identifier,
            "status": self.status,
            "amount": self.amount,
            "currency": self.currency,
            "message": self.message,
            "capture": self.capture,
            "allowSaveCard": self.allow_save_card,
            "returnUrl": self.return_url,
            "returnUrlCancel": self.return_url_cancel,
            "customer_id": self.customer_id,
            "card_id": self.card_id,
            "template": self.template,
            "metaData": self.metadata,
            "paymentMethods": self.payment_methods,
            "link": self.link(base),
            "refundedAmount": self.refunded_amount,
            "refunds": refunds,
            "created_at": ts(self.created_at),
            "updated_at": ts(self.updated_at),
        })
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct SavedCard {
    pub card_id: String,
    pub brand: String,
    pub last4: String,
    /// `MM/YY`.
    pub expiry: String,
    pub default: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct Customer {
    pub customer_id: String,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub metadata: Map<String, Value>,
    pub saved_cards: Vec<SavedCard>,
    pub created_at: DateTime<Utc>,
    /// The unguessable path segment of the client page (the page has no other auth).
    pub client_token: String,
}

impl Customer {
    pub fn client_page(&self, base: &str) -> String {
        format!("{base}/client/{}", self.client_token)
    }

    pub fn wire(&self, base: &str) -> Value {
        json!({
            "customer_id": self.customer_id,
            "first_name": self.first_name,
            "last_name": self.last_name,
            "email": self.email,
            "client_page": self.client_page(base),
            "metaData": self.metadata,
            "savedCards": self.saved_cards,
            "created_at": ts(self.created_at),
        })
    }

    /// Keeps "exactly one default while any card remains".
    pub fn fix_default(&mut self) {
        if !self.saved_cards.is_empty() && !self.saved_cards.iter().any(|c| c.default) {
            self.saved_cards[0].default = true;
        }
    }
}

/// RFC 3339, UTC with `Z`, whole seconds.
pub(crate) fn ts(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// Now, cut to whole seconds so stored and sent times agree.
pub(crate) fn now() -> DateTime<Utc> {
    let t = Utc::now();
    DateTime::from_timestamp(t.timestamp(), 0).unwrap_or(t)
}
