//! Settling writes left `pending` (the app stopped mid-request) or `unknown` (no answer).
//!
//! Within 24 hours a row is re-sent as the SAME request under the SAME Idempotency-Key:
//! the API applies a key at most once, so the reply either replays the first result or
//! applies the write now, exactly once. After 24 hours the server may have forgotten the
//! key, so a re-send could apply the write twice: the row is never re-sent; its target
//! is retrieved and the row is marked `failed` with code `needs_review` and a message
//! telling the user what to check.

use chrono::{Duration, Utc};
use neuropay::{CheckoutId, Client, CustomerId, IdempotencyKey};
use serde::{Deserialize, Serialize};

use super::apply::{self, Settlement};
use super::request::WriteRequest;
use super::runner::ItemFailure;
use super::scope::Scope;
use super::writes::classify_failure;
use crate::audit::AuditEvent;
use crate::desk::Desk;
use crate::error::{Error, Result};
use crate::journal::{JournalEntry, JournalOp, JournalState};
use crate::mode::Mode;

/// Rows younger than this are re-sent; older ones need a person.
pub const RESEND_WINDOW: Duration = Duration::hours(24);
/// A `pending` row younger than this may still be waiting for its reply in another
/// process (the CLI while the app runs): it is left for a later settle.
pub const PENDING_GRACE: Duration = Duration::minutes(2);
/// Journal error code of a row too old to re-send.
pub const NEEDS_REVIEW: &str = "needs_review";

/// What a settle run did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct SettleReport {
    /// Unsettled rows looked at.
    pub examined: usize,
    /// Re-sent and confirmed: now `done`.
    pub done: usize,
    /// Re-sent and refused by the server: now `failed`.
    pub failed: usize,
    /// Too old to re-send: `failed` with code `needs_review`.
    pub needs_review: usize,
    /// Rows still pending or unknown: (journal id, code, message) saying why.
    pub unsettled: Vec<ItemFailure>,
}

impl SettleReport {
    /// Rows that left `pending`/`unknown` in this run.
    pub fn settled(&self) -> usize {
        self.done + self.failed + self.needs_review
    }
}

enum Settled {
    Done,
    Failed,
    NeedsReview,
    Still { code: String, message: String },
}

impl Desk {
    /// Settles the unsettled writes of one scope, or of every profile and mode (app
    /// start). Rows are handled one at a time, oldest first.
    pub async fn settle_unsettled(&self, scope: Option<&Scope>) -> Result<SettleReport> {
        let scopes = match scope {
            Some(s) => vec![s.clone()],
            None => self
                .db(|s| s.list_profiles())
                .await?
                .into_iter()
                .flat_map(|p| Mode::ALL.map(|m| Scope::new(p.id.clone(), m)))
                .collect(),
        };
        let mut report = SettleReport::default();
        for scope in scopes {
            let s = scope.clone();
            let rows = self
                .db(move |st| st.journal_unsettled(&s.profile, s.mode))
                .await?;
            if rows.is_empty() {
                continue;
            }
            let client = self.client(&scope).await;
            for row in rows {
                report.examined += 1;
                let id = row.id.clone();
                match self.settle_row(client.as_ref(), &scope, row).await? {
                    Settled::Done => report.done += 1,
                    Settled::Failed => report.failed += 1,
                    Settled::NeedsReview => report.needs_review += 1,
                    Settled::Still { code, message } => report.unsettled.push((id, code, message)),
                }
            }
        }
        Ok(report)
    }

    async fn settle_row(
        &self,
        client: std::result::Result<&Client, &Error>,
        scope: &Scope,
        row: JournalEntry,
    ) -> Result<Settled> {
        let Some(_claim) = self.activity.claim_row(&row.id) else {
            return Ok(still(
                "write_in_flight",
                "the write is still waiting for its reply",
            ));
        };
        let age = Utc::now() - row.created_at;
        if row.state == JournalState::Pending && age < PENDING_GRACE {
            return Ok(still(
                "write_in_flight",
                "the write was sent moments ago, possibly by another window or the CLI; the \
                 next sync settles it",
            ));
        }
        let rebuilt = WriteRequest::from_journal(row.operation, &row.params).and_then(|req| {
            let key = IdempotencyKey::parse(&row.idempotency_key)?;
            Ok((req, key))
        });
        let (req, key) = match rebuilt {
            Ok(parts) if age < RESEND_WINDOW => parts,
            // Too old, or a row we cannot rebuild: never guess, ask a person.
            _ => return self.needs_review(client.ok(), scope, row).await,
        };
        let client = match client {
            Ok(c) => c,
            Err(e) => return Ok(still(e.code(), &e.message())),
        };

        match req.send(client, &key).await {
            Ok(resp) => {
                let (scope, event) = (scope.clone(), settled_event(&row, "done", true));
                self.db(move |s| apply::commit_success(s, &scope, &row, &req, &resp, None, event))
                    .await?;
                Ok(Settled::Done)
            }
            Err(e) if e.nothing_sent() => Ok(still(e.code(), &e.to_string())),
            Err(e) if e.may_have_been_applied() => {
                let (settlement, _) = classify_failure(e, 1);
                let id = row.id.clone();
                let (code, message) = (settlement.code.clone(), settlement.message.clone());
                self.db(move |s| {
                    s.journal_mark_unknown(
                        &id,
                        &settlement.code,
                        &settlement.message,
                        settlement.attempts,
                    )
                })
                .await?;
                Ok(Settled::Still { code, message })
            }
            Err(e) => {
                let (settlement, _) = classify_failure(e, 1);
                let target = req.checkout_target().cloned();
                let (s2, event) = (scope.clone(), settled_event(&row, "failed", true));
                self.db(move |s| apply::commit_failure(s, &s2, &row, &settlement, event))
                    .await?;
                // Show the server's truth next to the refusal; a failed read changes nothing.
                if let Some(id) = target {
                    let _ = self.refresh_with(client, scope, &id).await;
                }
                Ok(Settled::Failed)
            }
        }
    }

    /// Marks a row too old to re-send `failed` / `needs_review`, after retrieving its
    /// target so the cache (and the message) show what the server has now.
    async fn needs_review(
        &self,
        client: Option<&Client>,
        scope: &Scope,
        row: JournalEntry,
    ) -> Result<Settled> {
        let note = match (client, &row.target_id) {
            (Some(client), Some(target)) => {
                self.describe_target(client, scope, row.operation, target)
                    .await
            }
            (None, Some(_)) => {
                " It could not be checked now (no connection to the API).".to_owned()
            }
            (_, None) => String::new(),
        };
        let what = match &row.target_id {
            Some(t) => format!("The {} of {t}", op_label(row.operation)),
            None => format!("The {} ({})", op_label(row.operation), create_summary(&row)),
        };
        let settlement = Settlement {
            state: JournalState::Failed,
            code: NEEDS_REVIEW.to_owned(),
            message: format!(
                "{what} was sent more than 24 hours ago and never confirmed, so it was not sent \
                 again. Check it in Neuro-Admin and repeat it only if it did not happen.{note}"
            ),
            attempts: row.attempts,
        };
        let (scope, event) = (scope.clone(), settled_event(&row, NEEDS_REVIEW, false));
        self.db(move |s| apply::commit_failure(s, &scope, &row, &settlement, event))
            .await?;
        Ok(Settled::NeedsReview)
    }

    async fn describe_target(
        &self,
        client: &Client,
        scope: &Scope,
        op: JournalOp,
        target: &str,
    ) -> String {
        let customer_op = matches!(op, JournalOp::CreateCustomer | JournalOp::DeleteCustomer);
        let result = if customer_op {
            match CustomerId::new(target) {
                Ok(id) => self
                    .refresh_customer_with(client, scope, &id)
                    .await
                    .map(|_| " The customer exists on the server now.".to_owned()),
                Err(e) => Err(e.into()),
            }
        } else {
            match CheckoutId::new(target) {
                Ok(id) => self.refresh_with(client, scope, &id).await.map(|r| {
                    format!(
                        " The checkout is now {} with {} refunded.",
                        r.row.status, r.row.refunded_formatted
                    )
                }),
                Err(e) => Err(e.into()),
            }
        };
        result.unwrap_or_else(|e| format!(" Retrieving it now failed: {}.", e.message()))
    }
}

fn still(code: &str, message: &str) -> Settled {
    Settled::Still {
        code: code.to_owned(),
        message: message.to_owned(),
    }
}

fn settled_event(row: &JournalEntry, state: &str, resent: bool) -> AuditEvent {
    AuditEvent::WriteSettled {
        operation: row.operation.as_str().to_owned(),
        journal_id: row.id.clone(),
        resent,
        state: state.to_owned(),
    }
}

fn op_label(op: JournalOp) -> &'static str {
    match op {
        JournalOp::CreateCheckout => "checkout creation",
        JournalOp::CaptureCheckout => "capture",
        JournalOp::RefundCheckout => "refund",
        JournalOp::UpdateCheckout => "metadata update",
        JournalOp::DeleteCheckout => "deletion",
        JournalOp::CreateCustomer => "customer creation",
        JournalOp::DeleteCustomer => "customer deletion",
    }
}

/// What identifies a create whose reply never came: its amount, currency and reference,
/// or the customer's e-mail.
fn create_summary(row: &JournalEntry) -> String {
    let p = &row.params;
    let text = |k: &str| p[k].as_str().map(str::to_owned);
    match row.operation {
        JournalOp::CreateCustomer => text("email").unwrap_or_default(),
        _ => {
            let amount = p["amount"].as_i64().unwrap_or_default();
            let currency = text("currency").unwrap_or_default();
            let mut s = crate::money::format_amount(amount, &currency);
            if let Some(r) = text("identifier") {
                s.push_str(&format!(", identifier {r}"));
            }
            s
        }
    }
}
