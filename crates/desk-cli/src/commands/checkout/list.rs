//! Offline reads of the cache: `checkout list` and `checkout show`.

use desk_core::{ListQuery, Mode, Profile};
use serde_json::Value;

use super::view::{detail_text, rows_table};
use crate::args::{self, DayEdge};
use crate::cli::{FilterArgs, ListArgs};
use crate::context::Ctx;
use crate::error::CliError;
use crate::output::{list_json, to_json};

/// The cache query for the filter options (paging left at the first page).
pub fn list_query(profile: &Profile, mode: Mode, f: &FilterArgs) -> Result<ListQuery, CliError> {
    let mut q = ListQuery::new(profile.id.clone(), mode);
    q.statuses = f
        .statuses
        .iter()
        .map(|s| args::status(s))
        .collect::<Result<_, _>>()?;
    q.search = f.search.clone().filter(|s| !s.trim().is_empty());
    q.created_from = f
        .from
        .as_deref()
        .map(|d| args::date("--from", d, DayEdge::Start))
        .transpose()?;
    q.created_to =
        f.to.as_deref()
            .map(|d| args::date("--to", d, DayEdge::EndExclusive))
            .transpose()?;
    if let (Some(from), Some(to)) = (q.created_from, q.created_to) {
        if from >= to {
            return Err(CliError::invalid("--to", "must be after --from"));
        }
    }
    q.currency = f
        .currency
        .as_deref()
        .map(|c| args::currency("--currency", c).map(|c| c.code().to_owned()))
        .transpose()?;
    q.customer_id = f
        .customer
        .as_deref()
        .map(|c| args::customer_id("--customer", c).map(|c| c.as_str().to_owned()))
        .transpose()?;
    Ok(q)
}

pub async fn list(ctx: &Ctx, a: ListArgs) -> Result<(), CliError> {
    let limit = args::limit("--limit", a.limit, desk_core::cache::MAX_PAGE_SIZE)?;
    let profile = ctx.profile().await?;
    let mut q = list_query(&profile, ctx.mode(), &a.filter)?;
    q.limit = limit;
    q.after = a.after.filter(|c| !c.trim().is_empty());
    let page = ctx.desk.db(move |s| s.list_checkouts(&q)).await?;
    let mut extra = serde_json::Map::new();
    extra.insert("totals".into(), to_json(&page.totals)?);
    extra.insert(
        "nextCursor".into(),
        page.next_cursor
            .clone()
            .map(Value::from)
            .unwrap_or(Value::Null),
    );
    let doc = list_json(&page.rows, page.totals.count, extra)?;
    ctx.out.emit(&doc, |_| {
        if page.rows.is_empty() {
            return "No cached checkouts match.\n".to_owned();
        }
        let mut s = rows_table(&page.rows).render();
        let sums: Vec<String> = page
            .totals
            .per_currency
            .iter()
            .map(|t| {
                if t.refunded == 0 {
                    t.amount_formatted.clone()
                } else {
                    format!("{} (refunded {})", t.amount_formatted, t.refunded_formatted)
                }
            })
            .collect();
        s.push_str(&format!(
            "\n{} of {} matching checkouts; total {}\n",
            page.rows.len(),
            page.totals.count,
            sums.join(", ")
        ));
        if let Some(c) = &page.next_cursor {
            s.push_str(&format!("next page: --after '{c}'\n"));
        }
        s
    })
}

/// The cached checkout with its timeline, refunds, allowed actions, any unsettled write
/// and the raw reply: the row's fields at the top level, so `.status` reads the same as in
/// `checkout get`.
pub async fn show(ctx: &Ctx, id: &str) -> Result<(), CliError> {
    let id = args::checkout_id(id)?;
    let profile = ctx.profile().await?;
    let mode = ctx.mode();
    let pid = profile.id.clone();
    let detail = ctx
        .desk
        .db(move |s| s.checkout_detail(&pid, mode, id.as_str()))
        .await?;
    let mut doc = to_json(&detail.row)?;
    if let Value::Object(m) = &mut doc {
        m.insert("events".into(), to_json(&detail.events)?);
        m.insert("refunds".into(), to_json(&detail.refunds)?);
        m.insert("actions".into(), to_json(&detail.actions)?);
        m.insert("unsettled".into(), to_json(&detail.unsettled)?);
        m.insert("raw".into(), detail.raw.clone());
    }
    ctx.out.emit(&doc, |_| detail_text(&detail))
}
