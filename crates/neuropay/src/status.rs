//! Checkout statuses and refund reasons, with their exact wire spellings.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::Error;

/// A checkout's status. Unknown statuses are kept verbatim, never mapped to a known one.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Status {
    Created,
    Reserved,
    /// Wire: `reserve released` (with a space).
    ReserveReleased,
    Paid,
    Refunded,
    /// Wire: `partialRefund` (camel case).
    PartialRefund,
    Revoked,
    Failed,
    Canceled,
    /// A status the documents do not list, exactly as the server sent it.
    Unknown(String),
}

impl Status {
    /// Every documented status, in the documents' order.
    pub const KNOWN: [Status; 9] = [
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

    /// The wire spelling.
    pub fn as_str(&self) -> &str {
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
            Status::Unknown(s) => s,
        }
    }

    /// Never fails. Only the documented spellings are known; anything else — `Paid`,
    /// `reserve_released`, `cancelled` — is kept verbatim as `Unknown`, never mapped to a
    /// known status (the API documents that a status not listed must be shown as sent).
    pub fn parse(s: &str) -> Status {
        Self::KNOWN
            .iter()
            .find(|k| k.as_str() == s)
            .cloned()
            .unwrap_or_else(|| Status::Unknown(s.to_owned()))
    }

    /// Final statuses never change again, so a sync can skip them.
    pub fn is_final(&self) -> bool {
        matches!(
            self,
            Status::Refunded
                | Status::ReserveReleased
                | Status::Revoked
                | Status::Failed
                | Status::Canceled
        )
    }

    pub fn is_known(&self) -> bool {
        !matches!(self, Status::Unknown(_))
    }

    /// `capture` is allowed on a reserved checkout only.
    pub fn can_capture(&self) -> bool {
        matches!(self, Status::Reserved)
    }

    /// `refund` is allowed on paid and reserved checkouts and, until fully refunded, on
    /// partially refunded ones.
    pub fn can_refund(&self) -> bool {
        matches!(
            self,
            Status::Paid | Status::Reserved | Status::PartialRefund
        )
    }

    /// `delete` is allowed on a checkout nobody paid yet.
    pub fn can_delete(&self) -> bool {
        matches!(self, Status::Created)
    }

    /// A human label for the UI. Unknown statuses show verbatim.
    pub fn label(&self) -> &str {
        match self {
            Status::Created => "Created",
            Status::Reserved => "Reserved",
            Status::ReserveReleased => "Reserve released",
            Status::Paid => "Paid",
            Status::Refunded => "Refunded",
            Status::PartialRefund => "Partially refunded",
            Status::Revoked => "Revoked",
            Status::Failed => "Failed",
            Status::Canceled => "Canceled",
            Status::Unknown(s) => s,
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Status::Unknown(s) => write!(f, "Unknown({s:?})"),
            known => write!(f, "{:?}", known.as_str()),
        }
    }
}

impl std::str::FromStr for Status {
    type Err = std::convert::Infallible;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(Status::parse(s))
    }
}

impl Serialize for Status {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Status {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Ok(Status::parse(&s))
    }
}

/// Why a refund is made. The API admits exactly three values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RefundReason {
    Duplicate,
    RequestedByCustomer,
    /// Wire: `fraudolent` (sic — the API's spelling).
    Fraudulent,
}

impl RefundReason {
    pub const ALL: [RefundReason; 3] = [
        RefundReason::Duplicate,
        RefundReason::RequestedByCustomer,
        RefundReason::Fraudulent,
    ];

    /// The spelling the API requires.
    pub fn as_wire(&self) -> &'static str {
        match self {
            RefundReason::Duplicate => "duplicate",
            RefundReason::RequestedByCustomer => "requested_by_customer",
            RefundReason::Fraudulent => "fraudolent",
        }
    }

    /// The spelling a person expects.
    pub fn label(&self) -> &'static str {
        match self {
            RefundReason::Duplicate => "Duplicate",
            RefundReason::RequestedByCustomer => "Requested by customer",
            RefundReason::Fraudulent => "Fraudulent",
        }
    }

    /// Accepts the wire spelling, the correct English `fraudulent`, and the labels, in any
    /// case.
    pub fn parse(s: &str) -> Result<Self, Error> {
        let norm = s.trim().to_ascii_lowercase().replace([' ', '-'], "_");
        match norm.as_str() {
            "duplicate" => Ok(RefundReason::Duplicate),
            "requested_by_customer" => Ok(RefundReason::RequestedByCustomer),
            "fraudolent" | "fraudulent" | "fraud" => Ok(RefundReason::Fraudulent),
            _ => Err(Error::invalid(
                "reason",
                "must be duplicate, requested_by_customer or fraudulent",
            )),
        }
    }
}

impl fmt::Display for RefundReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

impl std::str::FromStr for RefundReason {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self, Error> {
        Self::parse(s)
    }
}

impl Serialize for RefundReason {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_wire())
    }
}

impl<'de> Deserialize<'de> for RefundReason {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        RefundReason::parse(&s).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_documented_status_round_trips() {
        let wire = [
            "created",
            "reserved",
            "reserve released",
            "paid",
            "refunded",
            "partialRefund",
            "revoked",
            "failed",
            "canceled",
        ];
        for (w, k) in wire.iter().zip(Status::KNOWN.iter()) {
            assert_eq!(Status::parse(w), *k);
            assert_eq!(k.as_str(), *w);
            assert!(k.is_known());
            let json = serde_json::to_string(k).unwrap();
            assert_eq!(json, format!("\"{w}\""));
            assert_eq!(serde_json::from_str::<Status>(&json).unwrap(), *k);
        }
    }

    #[test]
    fn unknown_status_is_kept_verbatim() {
        for s in ["chargeback", "cancelled", "", "Reserve  Released!"] {
            let st = Status::parse(s);
            assert_eq!(st, Status::Unknown(s.to_owned()));
            assert_eq!(st.as_str(), s);
            assert_eq!(st.label(), s);
            assert!(!st.is_final() && !st.is_known());
            let back: Status = serde_json::from_str(&serde_json::to_string(&st).unwrap()).unwrap();
            assert_eq!(back, st);
        }
    }

    #[test]
    fn near_misses_of_known_statuses_stay_unknown() {
        for s in [
            "reserve_released",
            "partial_refund",
            "PAID",
            "Paid",
            "reserveReleased",
            " paid",
        ] {
            assert_eq!(Status::parse(s), Status::Unknown(s.to_owned()));
        }
    }

    #[test]
    fn final_and_allowed_actions() {
        let finals: Vec<_> = Status::KNOWN.iter().filter(|s| s.is_final()).collect();
        assert_eq!(
            finals,
            [
                &Status::ReserveReleased,
                &Status::Refunded,
                &Status::Revoked,
                &Status::Failed,
                &Status::Canceled
            ]
        );
        assert!(Status::Reserved.can_capture() && !Status::Paid.can_capture());
        assert!(Status::PartialRefund.can_refund() && !Status::Refunded.can_refund());
        assert!(Status::Created.can_delete() && !Status::Paid.can_delete());
    }

    #[test]
    fn refund_reason_spellings() {
        assert_eq!(RefundReason::Fraudulent.as_wire(), "fraudolent");
        assert_eq!(RefundReason::Fraudulent.label(), "Fraudulent");
        for s in ["fraudolent", "fraudulent", "Fraudulent", "FRAUDOLENT"] {
            assert_eq!(RefundReason::parse(s).unwrap(), RefundReason::Fraudulent);
        }
        assert_eq!(
            RefundReason::parse("Requested by customer").unwrap(),
            RefundReason::RequestedByCustomer
        );
        for r in RefundReason::ALL {
            assert_eq!(RefundReason::parse(r.as_wire()).unwrap(), r);
            let json = serde_json::to_string(&r).unwrap();
            assert_eq!(json, format!("\"{}\"", r.as_wire()));
        }
        let e = RefundReason::parse("because").unwrap_err();
        assert!(matches!(e, Error::InvalidInput { field, .. } if field == "reason"));
    }
}
