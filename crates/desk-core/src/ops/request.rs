//! A write as a value: what the journal stores, what settling rebuilds, what is sent.
//!
//! Keeping every write in one enum lets the direct path and the settle path share the
//! same send and the same reply handling, and lets a journal row (operation + params)
//! become the identical request again, so a re-send under the same Idempotency-Key has
//! the same body and is replayed, not refused, by the server.

use neuropay::{
    CheckoutId, Client, CreateCheckout, CreateCustomer, CustomerId, IdempotencyKey, RefundRequest,
    UpdateMetadata,
};
use serde_json::{json, Value};

use crate::audit::{AuditEvent, WriteAudit};
use crate::cache::EventKind;
use crate::error::{Error, Result};
use crate::journal::JournalOp;

/// One API write.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum WriteRequest {
    Create(CreateCheckout),
    Capture(CheckoutId),
    Refund(RefundRequest),
    /// A refund without amount on a reserved checkout: releases the reserve.
    Release(RefundRequest),
    Update(UpdateMetadata),
    Delete(CheckoutId),
    CreateCustomer(CreateCustomer),
    DeleteCustomer(CustomerId),
}

/// The server's reply to a write.
#[derive(Debug, Clone)]
pub(crate) enum Response {
    Checkout(neuropay::Reply<neuropay::Checkout>),
    Customer(neuropay::Reply<neuropay::Customer>),
    Deleted(neuropay::Reply<neuropay::Deleted>),
}

impl Response {
    pub(crate) fn attempts(&self) -> u32 {
        match self {
            Response::Checkout(r) => r.attempts,
            Response::Customer(r) => r.attempts,
            Response::Deleted(r) => r.attempts,
        }
    }
}

impl WriteRequest {
    pub(crate) fn op(&self) -> JournalOp {
        match self {
            WriteRequest::Create(_) => JournalOp::CreateCheckout,
            WriteRequest::Capture(_) => JournalOp::CaptureCheckout,
            WriteRequest::Refund(_) | WriteRequest::Release(_) => JournalOp::RefundCheckout,
            WriteRequest::Update(_) => JournalOp::UpdateCheckout,
            WriteRequest::Delete(_) => JournalOp::DeleteCheckout,
            WriteRequest::CreateCustomer(_) => JournalOp::CreateCustomer,
            WriteRequest::DeleteCustomer(_) => JournalOp::DeleteCustomer,
        }
    }

    /// The existing checkout this write acts on (None for creates and customer writes).
    pub(crate) fn checkout_target(&self) -> Option<&CheckoutId> {
        match self {
            WriteRequest::Capture(id) | WriteRequest::Delete(id) => Some(id),
            WriteRequest::Refund(r) | WriteRequest::Release(r) => Some(r.checkout_id()),
            WriteRequest::Update(u) => Some(u.checkout_id()),
            WriteRequest::Create(_)
            | WriteRequest::CreateCustomer(_)
            | WriteRequest::DeleteCustomer(_) => None,
        }
    }

    /// The existing object (checkout or customer) this write acts on.
    pub(crate) fn target(&self) -> Option<String> {
        match self {
            WriteRequest::DeleteCustomer(id) => Some(id.to_string()),
            other => other.checkout_target().map(|id| id.to_string()),
        }
    }

    /// The request body as sent: stored in the journal and the audit log.
    pub(crate) fn params(&self) -> Result<Value> {
        let v = match self {
            WriteRequest::Create(r) => serde_json::to_value(r)?,
            WriteRequest::Capture(id) | WriteRequest::Delete(id) => {
                json!({ "checkout_id": id.as_str() })
            }
            WriteRequest::Refund(r) | WriteRequest::Release(r) => serde_json::to_value(r)?,
            WriteRequest::Update(r) => serde_json::to_value(r)?,
            WriteRequest::CreateCustomer(r) => serde_json::to_value(r)?,
            WriteRequest::DeleteCustomer(id) => json!({ "customer_id": id.as_str() }),
        };
        Ok(v)
    }

    /// Rebuilds the request of a journal row (validating it again). A refund row becomes
    /// a plain refund: the body of a release is the same, and the server tells them apart.
    pub(crate) fn from_journal(op: JournalOp, params: &Value) -> Result<Self> {
        let bad = |e: serde_json::Error| {
            Error::storage(format!(
                "journal parameters of a {} are unreadable: {e}",
                op.as_str()
            ))
        };
        let checkout_id = || -> Result<CheckoutId> {
            let s = params["checkout_id"].as_str().unwrap_or_default();
            Ok(CheckoutId::new(s)?)
        };
        let req = match op {
            JournalOp::CreateCheckout => {
                WriteRequest::Create(serde_json::from_value(params.clone()).map_err(bad)?)
            }
            JournalOp::CaptureCheckout => WriteRequest::Capture(checkout_id()?),
            JournalOp::RefundCheckout => {
                WriteRequest::Refund(serde_json::from_value(params.clone()).map_err(bad)?)
            }
            JournalOp::UpdateCheckout => {
                WriteRequest::Update(serde_json::from_value(params.clone()).map_err(bad)?)
            }
            JournalOp::DeleteCheckout => WriteRequest::Delete(checkout_id()?),
            JournalOp::CreateCustomer => {
                WriteRequest::CreateCustomer(serde_json::from_value(params.clone()).map_err(bad)?)
            }
            JournalOp::DeleteCustomer => {
                let s = params["customer_id"].as_str().unwrap_or_default();
                WriteRequest::DeleteCustomer(CustomerId::new(s)?)
            }
        };
        Ok(req)
    }

    /// Sends the write under `key`.
    pub(crate) async fn send(
        &self,
        client: &Client,
        key: &IdempotencyKey,
    ) -> std::result::Result<Response, neuropay::Error> {
        Ok(match self {
            WriteRequest::Create(r) => Response::Checkout(client.create_checkout(r, key).await?),
            WriteRequest::Capture(id) => {
                Response::Checkout(client.capture_checkout(id, key).await?)
            }
            WriteRequest::Refund(r) | WriteRequest::Release(r) => {
                Response::Checkout(client.refund_checkout(r, key).await?)
            }
            WriteRequest::Update(r) => Response::Checkout(client.update_checkout(r, key).await?),
            WriteRequest::Delete(id) => Response::Deleted(client.delete_checkout(id, key).await?),
            WriteRequest::CreateCustomer(r) => {
                Response::Customer(client.create_customer(r, key).await?)
            }
            WriteRequest::DeleteCustomer(id) => {
                Response::Deleted(client.delete_customer(id, key).await?)
            }
        })
    }

    /// The audit action of this write.
    pub(crate) fn audit_event(&self, a: WriteAudit) -> AuditEvent {
        match self {
            WriteRequest::Create(_) => AuditEvent::CheckoutCreated(a),
            WriteRequest::Capture(_) => AuditEvent::CheckoutCaptured(a),
            WriteRequest::Refund(_) => AuditEvent::CheckoutRefunded(a),
            WriteRequest::Release(_) => AuditEvent::ReserveReleased(a),
            WriteRequest::Update(_) => AuditEvent::CheckoutMetadataUpdated(a),
            WriteRequest::Delete(_) => AuditEvent::CheckoutDeleted(a),
            WriteRequest::CreateCustomer(_) => AuditEvent::CustomerCreated(a),
            WriteRequest::DeleteCustomer(_) => AuditEvent::CustomerDeleted(a),
        }
    }

    /// The timeline event a successful checkout write records.
    pub(crate) fn event_kind(&self) -> EventKind {
        match self {
            WriteRequest::Create(_) => EventKind::Created,
            WriteRequest::Capture(_) => EventKind::Captured,
            WriteRequest::Refund(_) | WriteRequest::Release(_) => EventKind::Refunded,
            WriteRequest::Update(_) => EventKind::MetadataUpdated,
            WriteRequest::Delete(_)
            | WriteRequest::CreateCustomer(_)
            | WriteRequest::DeleteCustomer(_) => EventKind::Deleted,
        }
    }

    /// Facts for the timeline event beyond statuses and amount.
    pub(crate) fn event_detail(&self) -> Value {
        match self {
            WriteRequest::Refund(r) => json!({
                "reason": r.reason().map(|x| x.as_wire()),
                "details": r.details(),
            }),
            WriteRequest::Release(_) => json!({ "release": true }),
            WriteRequest::Update(u) => {
                let removed: Vec<&str> = u.removed_keys().collect();
                let set: Vec<&str> = u
                    .metadata()
                    .iter()
                    .filter(|(_, v)| !v.is_empty_string())
                    .map(|(k, _)| k.as_str())
                    .collect();
                json!({ "set": set, "removed": removed })
            }
            _ => json!({}),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use neuropay::RefundReason;

    #[test]
    fn every_request_survives_the_journal_round_trip() {
        let id = CheckoutId::new("0123456789abcdef0123456789abcdef").unwrap();
        let requests = [
            WriteRequest::Create(
                CreateCheckout::builder(
                    3000,
                    "SEK",
                    "Beans",
                    "https://s.example/ok",
                    "https://s.example/no",
                )
                .identifier("order-7")
                .capture(false)
                .build()
                .unwrap(),
            ),
            WriteRequest::Capture(id.clone()),
            WriteRequest::Refund(
                RefundRequest::new(id.clone())
                    .amount(500)
                    .reason(RefundReason::Fraudulent)
                    .details("chargeback")
                    .build()
                    .unwrap(),
            ),
            WriteRequest::Update(
                UpdateMetadata::new(id.clone())
                    .set("order", "1001")
                    .remove("old")
                    .build()
                    .unwrap(),
            ),
            WriteRequest::Delete(id.clone()),
            WriteRequest::CreateCustomer(
                CreateCustomer::new("Ada", "Lovelace", "ada@example.com")
                    .build()
                    .unwrap(),
            ),
            WriteRequest::DeleteCustomer(CustomerId::new("cu1").unwrap()),
        ];
        for req in requests {
            let params = req.params().unwrap();
            let back = WriteRequest::from_journal(req.op(), &params).unwrap();
            assert_eq!(back, req, "{params}");
            assert_eq!(back.params().unwrap().to_string(), params.to_string());
        }
        assert_eq!(
            WriteRequest::from_journal(JournalOp::RefundCheckout, &json!({"amount": 5}))
                .unwrap_err()
                .code(),
            "storage"
        );
    }
}
