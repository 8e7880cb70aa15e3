//! Everything the checkout detail panel shows, read from the cache in one place: the row,
//! its timeline, the raw reply, the refunds, which actions its status allows (and why not),
//! and any write still pending or of unknown outcome.

use neuropay::Status;
use serde::Serialize;
use serde_json::Value;

use crate::cache::CheckoutEvent;
use crate::cache::CheckoutRow;
use crate::db::Store;
use crate::error::Result;
use crate::journal::JournalEntry;
use crate::mode::Mode;
use crate::profiles::ProfileId;

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct CheckoutDetail {
    pub row: CheckoutRow,
    pub events: Vec<CheckoutEvent>,
    pub refunds: Vec<RefundLine>,
    pub actions: Actions,
    /// A write on this checkout that is pending or whose outcome is not known yet.
    pub unsettled: Option<JournalEntry>,
    /// The last reply exactly as received (unknown fields included).
    #[cfg_attr(feature = "ts", ts(type = "unknown"))]
    pub raw: Value,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct RefundLine {
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub amount: i64,
    pub reason: Option<String>,
    pub details: Option<String>,
    pub created_at: Option<String>,
}

/// Which writes the cached status allows; `None` means allowed, `Some` says why not.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Actions {
    pub capture: Option<String>,
    pub release: Option<String>,
    pub refund: Option<String>,
    pub delete: Option<String>,
}

impl Actions {
    pub fn for_status(status: &Status, remaining_refundable: i64) -> Actions {
        let label = status.label();
        let only = |allowed: bool, needed: &str| {
            (!allowed).then(|| format!("only a {needed} checkout can do this; this one is {label}"))
        };
        let refund = if matches!(status, Status::Reserved) {
            Some("a reserve is released, not refunded".to_owned())
        } else if !status.can_refund() {
            only(false, "paid or partially refunded")
        } else if remaining_refundable <= 0 {
            Some("nothing is left to refund".to_owned())
        } else {
            None
        };
        Actions {
            capture: only(status.can_capture(), "reserved"),
            release: only(matches!(status, Status::Reserved), "reserved"),
            refund,
            delete: only(status.can_delete(), "created (unpaid)"),
        }
    }
}

impl Store {
    pub fn checkout_detail(
        &self,
        profile: &ProfileId,
        mode: Mode,
        id: &str,
    ) -> Result<CheckoutDetail> {
        let cached = self.cached_checkout(profile, mode, id)?;
        let events = self.checkout_events(profile, mode, id)?;
        let unsettled = self.journal_in_flight(profile, mode, id)?;
        let refunds = cached
            .checkout
            .refunds()
            .into_iter()
            .map(|r| RefundLine {
                amount: r.amount,
                reason: r.reason,
                details: r.details,
                created_at: r.created_at.map(|t| t.to_rfc3339()),
            })
            .collect();
        let actions = Actions::for_status(&cached.checkout.status, cached.row.remaining_refundable);
        Ok(CheckoutDetail {
            row: cached.row,
            events,
            refunds,
            actions,
            unsettled,
            raw: cached.raw,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actions_follow_the_state_machine() {
        let reserved = Actions::for_status(&Status::Reserved, 1000);
        assert_eq!(reserved.capture, None);
        assert_eq!(reserved.release, None);
        assert!(reserved.refund.is_some());
        assert!(reserved.delete.is_some());

        let paid = Actions::for_status(&Status::Paid, 1000);
        assert!(paid.capture.is_some() && paid.release.is_some());
        assert_eq!(paid.refund, None);

        let partial = Actions::for_status(&Status::PartialRefund, 0);
        assert_eq!(partial.refund.as_deref(), Some("nothing is left to refund"));

        let created = Actions::for_status(&Status::Created, 0);
        assert_eq!(created.delete, None);
        assert!(created.refund.is_some());

        let unknown = Actions::for_status(&Status::parse("disputed"), 1000);
        assert!(unknown.capture.is_some() && unknown.refund.is_some() && unknown.delete.is_some());
    }
}
