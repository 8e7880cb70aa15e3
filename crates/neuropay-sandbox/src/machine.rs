//! The checkout state machine, pure: every transition is a function that either changes
//! the checkout or says, in words a merchant understands, why it may not.

use std::fmt;

use chrono::{DateTime, Utc};
use serde_json::{Map, Value};

use crate::metadata;
use crate::model::{Checkout, Refund, RefundReason, Status};

/// What the buyer does on the hosted page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Outcome {
    /// Pays; on a `capture: false` checkout this only reserves.
    Pay,
    /// Reserves the funds (status `reserved`).
    Reserve,
    Fail,
    Cancel,
}

impl Outcome {
    pub const ALL: [Outcome; 4] = [
        Outcome::Pay,
        Outcome::Reserve,
        Outcome::Fail,
        Outcome::Cancel,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Pay => "pay",
            Outcome::Reserve => "reserve",
            Outcome::Fail => "fail",
            Outcome::Cancel => "cancel",
        }
    }

    pub fn parse(s: &str) -> Option<Outcome> {
        Outcome::ALL.into_iter().find(|o| o.as_str() == s)
    }
}

/// Why a transition was refused (HTTP 400 on the API).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    WrongStatus {
        status: Status,
        action: &'static str,
        requires: &'static str,
    },
    Invalid(String),
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Refusal::WrongStatus {
                status,
                action,
                requires,
            } => write!(
                f,
                "checkout is {status}; {action} requires status {requires}"
            ),
            Refusal::Invalid(m) => f.write_str(m),
        }
    }
}

fn require(
    c: &Checkout,
    allowed: &[Status],
    action: &'static str,
    requires: &'static str,
) -> Result<(), Refusal> {
    if allowed.contains(&c.status) {
        Ok(())
    } else {
        Err(Refusal::WrongStatus {
            status: c.status,
            action,
            requires,
        })
    }
}

/// The buyer's choice on a `created` checkout.
pub(crate) fn apply_outcome(
    c: &mut Checkout,
    outcome: Outcome,
    now: DateTime<Utc>,
) -> Result<(), Refusal> {
    require(c, &[Status::Created], outcome.as_str(), "created")?;
    c.status = match outcome {
        Outcome::Pay if c.capture => Status::Paid,
        Outcome::Pay | Outcome::Reserve => Status::Reserved,
        Outcome::Fail => Status::Failed,
        Outcome::Cancel => Status::Canceled,
    };
    c.updated_at = now;
    Ok(())
}

/// Pays with a saved card at creation (no buyer step).
pub(crate) fn auto_pay(c: &mut Checkout) -> Result<(), Refusal> {
    require(c, &[Status::Created], "card payment", "created")?;
    c.status = if c.capture {
        Status::Paid
    } else {
        Status::Reserved
    };
    Ok(())
}

pub(crate) fn capture(c: &mut Checkout, now: DateTime<Utc>) -> Result<(), Refusal> {
    require(c, &[Status::Reserved], "capture", "reserved")?;
    c.status = Status::Paid;
    c.updated_at = now;
    Ok(())
}

#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct RefundInput {
    pub amount: Option<i64>,
    pub reason: Option<RefundReason>,
    pub details: Option<String>,
}

/// Refunds (paid / partialRefund) or releases a reserve (reserved, whole amount only).
/// Returns the amount refunded or released.
pub(crate) fn refund(
    c: &mut Checkout,
    input: RefundInput,
    now: DateTime<Utc>,
) -> Result<i64, Refusal> {
    if let Some(a) = input.amount {
        if a <= 0 {
            return Err(Refusal::Invalid(format!(
                "refund amount must be greater than 0, got {a}"
            )));
        }
    }
    require(
        c,
        &[Status::Paid, Status::PartialRefund, Status::Reserved],
        "refund",
        "paid, partialRefund or reserved",
    )?;
    let remaining = c.amount - c.refunded_amount;
    let amount = if c.status == Status::Reserved {
        match input.amount {
            Some(a) if a != c.amount => {
                return Err(Refusal::Invalid(format!(
                    "checkout is reserved: a reserve is released whole, so refund it without \
                     an amount or with the full amount {} (got {a})",
                    c.amount
                )))
            }
            _ => c.amount,
        }
    } else {
        let a = input.amount.unwrap_or(remaining);
        if a > remaining {
            return Err(Refusal::Invalid(format!(
                "refund amount {a} exceeds the remaining refundable amount {remaining}"
            )));
        }
        a
    };
    c.refunds.push(Refund {
        amount,
        reason: input.reason,
        refund_details: input.details,
        created_at: now,
    });
    c.refunded_amount += amount;
    c.status = match c.status {
        Status::Reserved => Status::ReserveReleased,
        _ if c.refunded_amount == c.amount => Status::Refunded,
        _ => Status::PartialRefund,
    };
    c.updated_at = now;
    Ok(amount)
}

/// Merges metadata in any status; refuses (and changes nothing) if the result breaks a limit.
pub(crate) fn update_metadata(
    c: &mut Checkout,
    patch: &Map<String, Value>,
    now: DateTime<Utc>,
) -> Result<(), Refusal> {
    let mut merged = c.metadata.clone();
    metadata::merge(&mut merged, patch);
    metadata::check_limits(&merged).map_err(Refusal::Invalid)?;
    c.metadata = merged;
    c.updated_at = now;
    Ok(())
}

pub(crate) fn check_delete(c: &Checkout) -> Result<(), Refusal> {
    require(c, &[Status::Created], "delete", "created")
}

/// The issuer takes a payment back (a chargeback); undocumented trigger, control only.
pub(crate) fn revoke(c: &mut Checkout, now: DateTime<Utc>) -> Result<(), Refusal> {
    require(
        c,
        &[Status::Paid, Status::PartialRefund],
        "revoke",
        "paid or partialRefund",
    )?;
    c.status = Status::Revoked;
    c.updated_at = now;
    Ok(())
}

#[cfg(test)]
#[path = "machine_tests.rs"]
mod tests;
