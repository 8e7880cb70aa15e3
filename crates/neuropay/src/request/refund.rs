//! `refund`: the request value and its builder.

use serde::{Deserialize, Serialize};

use super::validate;
use crate::ids::CheckoutId;
use crate::status::RefundReason;
use crate::Error;

/// A validated refund. Without an amount the whole remaining amount is refunded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "RefundWire")]
pub struct RefundRequest {
    checkout_id: CheckoutId,
    #[serde(skip_serializing_if = "Option::is_none")]
    amount: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<RefundReason>,
    #[serde(rename = "refundDetails", skip_serializing_if = "Option::is_none")]
    refund_details: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
struct RefundWire {
    checkout_id: CheckoutId,
    #[serde(default)]
    amount: Option<i64>,
    #[serde(default)]
    reason: Option<RefundReason>,
    #[serde(rename = "refundDetails", default)]
    refund_details: Option<String>,
}

/// Collects refund fields; [`RefundRequestBuilder::build`] checks them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefundRequestBuilder {
    wire: RefundWire,
}

impl TryFrom<RefundWire> for RefundRequest {
    type Error = Error;

    fn try_from(w: RefundWire) -> Result<Self, Error> {
        let amount = w
            .amount
            .map(|a| validate::amount("amount", a))
            .transpose()?;
        let refund_details = w
            .refund_details
            .map(|d| validate::text("refundDetails", &d, validate::MAX_DETAILS_CHARS, true))
            .transpose()?;
        Ok(RefundRequest {
            checkout_id: w.checkout_id,
            amount,
            reason: w.reason,
            refund_details,
        })
    }
}

impl RefundRequest {
    #[allow(clippy::new_ret_no_self)]
    pub fn new(checkout_id: CheckoutId) -> RefundRequestBuilder {
        RefundRequestBuilder {
            wire: RefundWire {
                checkout_id,
                amount: None,
                reason: None,
                refund_details: None,
            },
        }
    }

    pub fn checkout_id(&self) -> &CheckoutId {
        &self.checkout_id
    }
    /// `None`: the whole remaining amount.
    pub fn amount(&self) -> Option<i64> {
        self.amount
    }
    pub fn reason(&self) -> Option<RefundReason> {
        self.reason
    }
    pub fn details(&self) -> Option<&str> {
        self.refund_details.as_deref()
    }
}

impl RefundRequestBuilder {
    /// Minor units; must be > 0. Leave unset to refund everything that remains.
    pub fn amount(mut self, amount: i64) -> Self {
        self.wire.amount = Some(amount);
        self
    }
    pub fn reason(mut self, reason: RefundReason) -> Self {
        self.wire.reason = Some(reason);
        self
    }
    /// Free text sent as `refundDetails`.
    pub fn details(mut self, details: impl Into<String>) -> Self {
        self.wire.refund_details = Some(details.into());
        self
    }
    pub fn build(self) -> Result<RefundRequest, Error> {
        RefundRequest::try_from(self.wire)
    }
}
