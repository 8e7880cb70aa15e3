//! Checks a write must pass before anything is stored or sent.
//!
//! They run against the cached checkout: the server checks again, but a refusal here
//! costs no request, leaves no journal row, and can say exactly what to do instead.

use neuropay::{MetaValue, Metadata, Status};

use super::request::WriteRequest;
use super::scope::WriteCtx;
use crate::cache::{CachedCheckout, STATUS_DELETED};
use crate::error::{Error, Result};
use crate::money::format_amount;
use crate::profiles::GuardRails;

/// Live-mode rules that apply to every write: read-only first (no confirmation can lift
/// it), then the person's confirmation.
pub(crate) fn live_gate(ctx: &WriteCtx, rails: &GuardRails) -> Result<()> {
    rails.check_write(ctx.scope.mode)?;
    if ctx.scope.mode.is_live() && !ctx.live_confirmed {
        return Err(Error::ConfirmationRequired {
            message: "this write goes to live mode, where money is real; confirm it to send it"
                .to_owned(),
        });
    }
    Ok(())
}

/// Checks a checkout write against the cached state of its checkout.
pub(crate) fn against_cache(
    req: &WriteRequest,
    cached: &CachedCheckout,
    rails: &GuardRails,
    ctx: &WriteCtx,
) -> Result<()> {
    let row = &cached.row;
    let id = &row.id;
    if row.status == STATUS_DELETED {
        return Err(wrong(format!(
            "checkout {id} was deleted; it cannot be changed any more"
        )));
    }
    let status = Status::parse(&row.status);
    let label = status.label().to_lowercase();
    match req {
        WriteRequest::Capture(_) => {
            if !status.can_capture() {
                return Err(wrong(format!(
                    "checkout {id} is {label}; only a reserved checkout can be captured"
                )));
            }
        }
        WriteRequest::Release(_) => {
            if status != Status::Reserved {
                let hint = if status.can_refund() {
                    " (refund it instead)"
                } else {
                    ""
                };
                return Err(wrong(format!(
                    "checkout {id} is {label}; only a reserved checkout can be released{hint}"
                )));
            }
        }
        WriteRequest::Refund(r) => {
            if status == Status::Reserved {
                return Err(wrong(format!(
                    "checkout {id} is reserved: nothing was charged, so release the reserve \
                     instead of refunding it"
                )));
            }
            if !status.can_refund() {
                return Err(wrong(format!(
                    "checkout {id} is {label}; only a paid or partially refunded checkout can \
                     be refunded"
                )));
            }
            let remaining = row.remaining_refundable;
            let amount = r.amount().unwrap_or(remaining);
            if amount > remaining || remaining == 0 {
                return Err(Error::invalid(
                    "amount",
                    format!(
                        "a refund of {} exceeds what checkout {id} has left to refund ({})",
                        format_amount(amount, &row.currency),
                        format_amount(remaining, &row.currency),
                    ),
                ));
            }
            rails.check_refund(ctx.scope.mode, amount)?;
        }
        WriteRequest::Delete(_) => {
            if !status.can_delete() {
                return Err(wrong(format!(
                    "checkout {id} is {label}; only a created (unpaid) checkout can be deleted"
                )));
            }
        }
        WriteRequest::Update(u) => {
            let mut merged: Metadata = cached.checkout.metadata.clone();
            for (k, v) in u.metadata().iter() {
                merged.insert(k.clone(), v.clone());
            }
            let merged: Metadata = merged
                .iter()
                .filter(|(_, v)| !MetaValue::is_empty_string(v))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect();
            merged.validate().map_err(|e| {
                Error::invalid(
                    "metaData",
                    format!("after this update checkout {id} would break a limit: {e}"),
                )
            })?;
        }
        WriteRequest::Create(_)
        | WriteRequest::CreateCustomer(_)
        | WriteRequest::DeleteCustomer(_) => {}
    }
    Ok(())
}

fn wrong(message: String) -> Error {
    Error::WrongStatus { message }
}
