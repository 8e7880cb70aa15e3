//! `npdesk customer ...`.

use desk_core::{CustomerQuery, CustomerRow};
use neuropay::{CreateCustomer, Metadata};
use serde_json::json;

use crate::args;
use crate::cli::CustomerCmd;
use crate::commands::checkout::view::local_time;
use crate::confirm::Expect;
use crate::context::Ctx;
use crate::error::{request_error, CliError};
use crate::output::list_json;
use crate::table::{fields, Align, Table};

pub async fn run(ctx: &Ctx, cmd: CustomerCmd) -> Result<(), CliError> {
    match cmd {
        CustomerCmd::Create {
            first_name,
            last_name,
            email,
            meta,
        } => {
            let meta: Metadata = args::meta(&meta, false)?
                .into_iter()
                .filter_map(|(k, v)| v.map(|v| (k, v)))
                .collect();
            let mut b = CreateCustomer::new(first_name, last_name, email);
            if !meta.is_empty() {
                b = b.metadata(meta);
            }
            let req = b.build().map_err(request_error)?;
            let profile = ctx.profile().await?;
            let wctx = ctx.write_ctx(
                &profile,
                &format!(
                    "create customer {} in profile {}",
                    req.email(),
                    profile.name
                ),
                Expect::ProfileName(profile.name.clone()),
            )?;
            let row = ctx.desk.create_customer(&wctx, req).await?;
            ctx.out.emit(&row, customer_text)
        }
        CustomerCmd::Get { id } => {
            let id = args::customer_id("ID", &id)?;
            let profile = ctx.profile().await?;
            let row = ctx
                .desk
                .refresh_customer(&ctx.scope(&profile, ctx.mode()), &id)
                .await?;
            ctx.out.emit(&row, customer_text)
        }
        CustomerCmd::Delete { id } => {
            let id = args::customer_id("ID", &id)?;
            let profile = ctx.profile().await?;
            let wctx = ctx.write_ctx(
                &profile,
                &format!("delete customer {id} in profile {}", profile.name),
                Expect::ProfileName(profile.name.clone()),
            )?;
            ctx.desk.delete_customer(&wctx, &id).await?;
            let doc = json!({ "id": id.as_str(), "deleted": true });
            ctx.out.emit(&doc, |_| format!("Deleted customer {id}.\n"))
        }
        CustomerCmd::List {
            search,
            include_deleted,
            limit,
        } => {
            let limit = args::limit("--limit", limit, desk_core::cache::MAX_PAGE_SIZE)?;
            let profile = ctx.profile().await?;
            let mut q = CustomerQuery::new(profile.id.clone(), ctx.mode());
            q.search = search.filter(|s| !s.trim().is_empty());
            q.include_deleted = include_deleted;
            q.limit = Some(limit);
            let rows = ctx.desk.db(move |s| s.list_customers(&q)).await?;
            let doc = list_json(&rows, rows.len() as i64, Default::default())?;
            ctx.out.emit(&doc, |_| customers_table(&rows))
        }
    }
}

fn customer_text(c: &CustomerRow) -> String {
    let cards: Vec<String> = c
        .saved_cards
        .iter()
        .map(|card| {
            let s = |k: &str| {
                card.get(k)
                    .and_then(|v| v.as_str())
                    .unwrap_or("?")
                    .to_owned()
            };
            let default = card
                .get("isDefault")
                .and_then(|v| v.as_bool())
                .unwrap_or(false);
            format!(
                "{} {} {} ({}){}",
                s("brand"),
                s("last4"),
                s("expiry"),
                s("cardId"),
                if default { " default" } else { "" }
            )
        })
        .collect();
    let meta: Vec<String> = c.metadata.iter().map(|(k, v)| format!("{k}={v}")).collect();
    fields(&[
        ("id", c.id.clone()),
        ("name", format!("{} {}", c.first_name, c.last_name)),
        ("email", c.email.clone()),
        (
            "client page",
            c.client_page.clone().unwrap_or_else(|| "-".into()),
        ),
        (
            "saved cards",
            if cards.is_empty() {
                "-".into()
            } else {
                cards.join("; ")
            },
        ),
        (
            "metadata",
            if meta.is_empty() {
                "-".into()
            } else {
                meta.join("  ")
            },
        ),
        (
            "created",
            c.created_at.map(local_time).unwrap_or_else(|| "-".into()),
        ),
        ("deleted", if c.deleted { "yes" } else { "no" }.into()),
    ])
}

fn customers_table(rows: &[CustomerRow]) -> String {
    if rows.is_empty() {
        return "No cached customers match.\n".to_owned();
    }
    let mut t = Table::new(&[
        ("ID", Align::Left),
        ("NAME", Align::Left),
        ("EMAIL", Align::Left),
        ("CARDS", Align::Right),
        ("CREATED", Align::Left),
        ("DELETED", Align::Left),
    ]);
    for c in rows {
        t.row(vec![
            c.id.clone(),
            format!("{} {}", c.first_name, c.last_name),
            c.email.clone(),
            c.saved_cards.len().to_string(),
            c.created_at.map(local_time).unwrap_or_default(),
            if c.deleted { "yes" } else { "" }.to_owned(),
        ]);
    }
    t.render()
}
