//! Checkout operations that talk to the API: create, get, capture, refund, release,
//! update, delete. Every argument is checked, and a live write confirmed, before the
//! request is made.

use desk_core::money::format_amount;
use desk_core::{CheckoutRow, Mode, Profile};
use neuropay::{CheckoutId, CreateCheckout, Metadata, RefundRequest, UpdateMetadata};
use serde_json::json;

use super::view::checkout_text;
use crate::args;
use crate::cli::{CreateArgs, RefundArgs};
use crate::confirm::Expect;
use crate::context::Ctx;
use crate::error::{request_error, CliError};

/// The create request, from the options alone (nothing is looked up).
fn create_request(a: CreateArgs) -> Result<CreateCheckout, CliError> {
    let amount = args::amount("--amount", &a.amount)?;
    let currency = args::currency("--currency", &a.currency)?;
    let meta: Metadata = args::meta(&a.meta, false)?
        .into_iter()
        .filter_map(|(k, v)| v.map(|v| (k, v)))
        .collect();
    let methods = a
        .payment_methods
        .iter()
        .map(|s| args::payment_method(s))
        .collect::<Result<Vec<_>, _>>()?;
    let mut b = CreateCheckout::builder(
        amount,
        currency.code(),
        a.message,
        a.return_url,
        a.cancel_url,
    );
    if let Some(i) = a.identifier {
        b = b.identifier(i);
    }
    if a.no_capture {
        b = b.capture(false);
    }
    if a.no_save_card {
        b = b.allow_save_card(false);
    }
    if let Some(c) = &a.customer {
        b = b.customer(args::customer_id("--customer", c)?);
    }
    if let Some(c) = &a.card {
        b = b.card(args::card_id("--card", c)?);
    }
    if let Some(t) = a.template {
        b = b.template(t);
    }
    if !meta.is_empty() {
        b = b.metadata(meta);
    }
    b.payment_methods(methods).build().map_err(request_error)
}

pub async fn create(ctx: &Ctx, a: CreateArgs) -> Result<(), CliError> {
    let req = create_request(a)?;
    let profile = ctx.profile().await?;
    let summary = format!(
        "create a checkout of {} in profile {}",
        format_amount(req.amount(), req.currency().code()),
        profile.name
    );
    let wctx = ctx.write_ctx(
        &profile,
        &summary,
        Expect::ProfileName(profile.name.clone()),
    )?;
    let row = ctx.desk.create_checkout(&wctx, req).await?;
    emit_row(ctx, &row, "Created")
}

pub async fn get(ctx: &Ctx, id: &str) -> Result<(), CliError> {
    let id = args::checkout_id(id)?;
    let profile = ctx.profile().await?;
    let row = ctx
        .desk
        .refresh_checkout(&ctx.scope(&profile, ctx.mode()), &id)
        .await?;
    ctx.out.emit(&row, |r| checkout_text(r, None))
}

pub async fn capture(ctx: &Ctx, id: &str) -> Result<(), CliError> {
    let id = args::checkout_id(id)?;
    let profile = ctx.profile().await?;
    let wctx = ctx.write_ctx(
        &profile,
        &format!("capture checkout {id} in profile {}", profile.name),
        Expect::ProfileName(profile.name.clone()),
    )?;
    let row = ctx.desk.capture(&wctx, &id).await?;
    emit_row(ctx, &row, "Captured")
}

pub async fn release(ctx: &Ctx, id: &str) -> Result<(), CliError> {
    let id = args::checkout_id(id)?;
    let profile = ctx.profile().await?;
    let wctx = ctx.write_ctx(
        &profile,
        &format!(
            "release the reserve of checkout {id} in profile {}",
            profile.name
        ),
        Expect::ProfileName(profile.name.clone()),
    )?;
    let row = ctx.desk.release(&wctx, &id).await?;
    emit_row(ctx, &row, "Released")
}

pub async fn refund(ctx: &Ctx, a: RefundArgs) -> Result<(), CliError> {
    let id = args::checkout_id(&a.id)?;
    let amount = a
        .amount
        .as_deref()
        .map(|s| args::amount("--amount", s))
        .transpose()?;
    let mut b = RefundRequest::new(id.clone());
    if let Some(n) = amount {
        b = b.amount(n);
    }
    if let Some(r) = &a.reason {
        b = b.reason(args::refund_reason(r)?);
    }
    if let Some(d) = a.details {
        b = b.details(d);
    }
    let req = b.build().map_err(request_error)?;
    let profile = ctx.profile().await?;
    let mode = ctx.mode();
    if let Some(n) = amount {
        profile.guard_rails.check_refund(mode, n)?;
    }
    let expect = if mode.is_live() && !ctx.global.yes {
        refund_expectation(ctx, &profile, mode, &id, amount).await?
    } else {
        Expect::ProfileName(profile.name.clone())
    };
    let shown = match &expect {
        Expect::Amount { formatted, .. } => formatted.clone(),
        Expect::ProfileName(_) => amount.map_or("everything that remains".to_owned(), |n| {
            format!("{n} (minor units)")
        }),
    };
    let wctx = ctx.write_ctx(
        &profile,
        &format!(
            "refund {shown} of checkout {id} in profile {}",
            profile.name
        ),
        expect,
    )?;
    let row = ctx.desk.refund(&wctx, req).await?;
    emit_row(ctx, &row, "Refunded")
}

/// What a person confirms a live refund with: its amount in the checkout's currency.
/// Without --amount that is what remains refundable, read fresh from the API (a read), so
/// the amount typed is the amount that will move.
async fn refund_expectation(
    ctx: &Ctx,
    profile: &Profile,
    mode: Mode,
    id: &CheckoutId,
    amount: Option<i64>,
) -> Result<Expect, CliError> {
    let row = ctx
        .desk
        .refresh_checkout(&ctx.scope(profile, mode), id)
        .await?;
    let minor = amount.unwrap_or(row.remaining_refundable);
    profile.guard_rails.check_refund(mode, minor)?;
    Ok(Expect::Amount {
        formatted: format_amount(minor, &row.currency),
        minor,
    })
}

pub async fn update(ctx: &Ctx, id: &str, meta: &[String]) -> Result<(), CliError> {
    let id = args::checkout_id(id)?;
    let mut b = UpdateMetadata::new(id.clone());
    for (k, v) in args::meta(meta, true)? {
        b = match v {
            Some(v) => b.set(k, v),
            None => b.remove(k),
        };
    }
    let req = b.build().map_err(request_error)?;
    let profile = ctx.profile().await?;
    let wctx = ctx.write_ctx(
        &profile,
        &format!(
            "update the metadata of checkout {id} in profile {}",
            profile.name
        ),
        Expect::ProfileName(profile.name.clone()),
    )?;
    let row = ctx.desk.update_metadata(&wctx, req).await?;
    emit_row(ctx, &row, "Updated")
}

pub async fn delete(ctx: &Ctx, id: &str) -> Result<(), CliError> {
    let id = args::checkout_id(id)?;
    let profile = ctx.profile().await?;
    let wctx = ctx.write_ctx(
        &profile,
        &format!("delete checkout {id} in profile {}", profile.name),
        Expect::ProfileName(profile.name.clone()),
    )?;
    ctx.desk.delete_checkout(&wctx, &id).await?;
    let doc = json!({ "id": id.as_str(), "deleted": true });
    ctx.out.emit(&doc, |_| format!("Deleted checkout {id}.\n"))
}

fn emit_row(ctx: &Ctx, row: &CheckoutRow, verb: &str) -> Result<(), CliError> {
    ctx.out.emit(row, |r| {
        let mut s = format!("{verb} checkout {}.\n\n", r.id);
        s.push_str(&checkout_text(r, None));
        s
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    fn create_args(extra: &[&str]) -> CreateArgs {
        let mut argv = vec![
            "npdesk",
            "checkout",
            "create",
            "--amount",
            "3000",
            "--currency",
            "sek",
            "--message",
            "Order 1001",
            "--return-url",
            "https://shop.example/ok",
            "--cancel-url",
            "https://shop.example/cancel",
        ];
        argv.extend_from_slice(extra);
        match crate::cli::Cli::parse_from(argv).command {
            crate::cli::Command::Checkout(crate::cli::CheckoutCmd::Create(a)) => a,
            other => panic!("parsed as {other:?}"),
        }
    }

    #[test]
    fn create_options_become_the_wire_request() {
        let req = create_request(create_args(&[
            "--identifier",
            "order-1001",
            "--no-capture",
            "--no-save-card",
            "--template",
            "iframe",
            "--meta",
            "order=1001",
            "--meta",
            "vip:=true",
            "--payment-method",
            "card:visa,amex",
        ]))
        .unwrap();
        let wire = serde_json::to_value(&req).unwrap();
        assert_eq!(wire["amount"], 3000);
        assert_eq!(wire["currency"], "SEK");
        assert_eq!(wire["identifier"], "order-1001");
        assert_eq!(wire["capture"], false);
        assert_eq!(wire["allowSaveCard"], false);
        assert_eq!(wire["returnUrlCancel"], "https://shop.example/cancel");
        assert_eq!(wire["template"], "iframe");
        assert_eq!(wire["metaData"], json!({"order": "1001", "vip": true}));
        assert_eq!(
            wire["paymentMethods"],
            json!([{"method": "card", "brands": ["visa", "amex"]}])
        );
    }

    #[test]
    fn create_refusals_name_the_option() {
        let e = create_request(create_args(&["--template", "fancy"])).unwrap_err();
        assert!(e.to_string().starts_with("--template"), "{e}");
        let mut a = create_args(&[]);
        a.return_url = "shop.example/ok".into();
        let e = create_request(a).unwrap_err();
        assert!(e.to_string().starts_with("--return-url"), "{e}");
        let mut a = create_args(&[]);
        a.amount = "30.00".into();
        assert!(create_request(a)
            .unwrap_err()
            .to_string()
            .starts_with("--amount"));
    }
}
