//! Mutations that come from outside the documented API (the buyer on the hosted page, the
//! customer on the client page, the issuer's revocation), shared by the pages, the
//! `/_sandbox/` control endpoints and the library methods.

use chrono::Datelike;
use rand::seq::IndexedRandom;
use rand::Rng;

use crate::error::SandboxError;
use crate::machine::{self, Outcome};
use crate::model::{now, Checkout, SavedCard, Status};
use crate::state::{Recorded, Store, WorldKey};

pub(crate) const CARD_BRANDS: [&str; 4] = ["visa", "mastercard", "amex", "maestro"];

/// A fake card: brand, last4 and expiry drawn from the store's seeded RNG.
pub(crate) fn new_saved_card(store: &mut Store, default: bool) -> SavedCard {
    let card_id = store.new_id();
    let rng = &mut store.rng;
    let brand = CARD_BRANDS.choose(rng).copied().unwrap_or("visa");
    let last4 = format!("{:04}", rng.random_range(0..10_000));
    let month = rng.random_range(1..=12);
    let year = (now().year() + rng.random_range(1..=5)) % 100;
    SavedCard {
        card_id,
        brand: brand.to_owned(),
        last4,
        expiry: format!("{month:02}/{year:02}"),
        default,
    }
}

/// The buyer's choice; a paid or reserved checkout of a customer that allows it saves
/// the card to that customer.
pub(crate) fn buyer_outcome(
    store: &mut Store,
    wk: WorldKey,
    id: &str,
    outcome: Outcome,
) -> Result<Checkout, SandboxError> {
    let at = now();
    let c = store
        .checkout_mut(wk, id)
        .ok_or_else(|| unknown_checkout(id))?;
    machine::apply_outcome(c, outcome, at).map_err(|r| SandboxError::Refused(r.to_string()))?;
    let c = c.clone();
    if matches!(c.status, Status::Paid | Status::Reserved) && c.allow_save_card {
        if let Some(cid) = &c.customer_id {
            if store.customer(wk, cid).is_some() {
                let first = store
                    .customer(wk, cid)
                    .is_some_and(|cu| cu.saved_cards.is_empty());
                let card = new_saved_card(store, first);
                if let Some(cu) = store.customer_mut(wk, cid) {
                    cu.saved_cards.push(card);
                }
            }
        }
    }
    store.record(
        wk,
        Recorded {
            action: outcome.as_str(),
            object_id: id,
            idempotency_key: None,
            amount: None,
        },
    );
    Ok(c)
}

pub(crate) fn revoke(store: &mut Store, wk: WorldKey, id: &str) -> Result<Checkout, SandboxError> {
    let c = store
        .checkout_mut(wk, id)
        .ok_or_else(|| unknown_checkout(id))?;
    machine::revoke(c, now()).map_err(|r| SandboxError::Refused(r.to_string()))?;
    let c = c.clone();
    store.record(
        wk,
        Recorded {
            action: "revoke",
            object_id: id,
            idempotency_key: None,
            amount: None,
        },
    );
    Ok(c)
}

/// What the customer does on the client page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CardAction {
    Remove,
    MakeDefault,
}

/// Applies a client-page action for the customer behind `token`.
pub(crate) fn card_action(
    store: &mut Store,
    token: &str,
    card_id: &str,
    action: CardAction,
) -> Result<(), SandboxError> {
    let (wk, customer_id) = store
        .locate_token(token)
        .ok_or_else(|| SandboxError::NotFound("no such client page".into()))?;
    let cu = store
        .customer_mut(wk, &customer_id)
        .ok_or_else(|| SandboxError::NotFound("no such client page".into()))?;
    let pos = cu
        .saved_cards
        .iter()
        .position(|c| c.card_id == card_id)
        .ok_or_else(|| SandboxError::NotFound(format!("no saved card {card_id}")))?;
    let name = match action {
        CardAction::Remove => {
            cu.saved_cards.remove(pos);
            cu.fix_default();
            "card-remove"
        }
        CardAction::MakeDefault => {
            for (i, c) in cu.saved_cards.iter_mut().enumerate() {
                c.default = i == pos;
            }
            "card-default"
        }
    };
    store.record(
        wk,
        Recorded {
            action: name,
            object_id: &customer_id,
            idempotency_key: None,
            amount: None,
        },
    );
    Ok(())
}

pub(crate) fn unknown_checkout(id: &str) -> SandboxError {
    SandboxError::NotFound(format!(
        "no checkout {} for this API key",
        crate::metadata::short(id)
    ))
}
