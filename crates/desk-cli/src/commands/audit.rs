//! `npdesk audit list`: the append-only log of actions taken through the desk.

use std::collections::HashMap;

use desk_core::AuditFilter;

use crate::args::{self, DayEdge};
use crate::cli::AuditCmd;
use crate::commands::checkout::view::local_time;
use crate::context::Ctx;
use crate::error::CliError;
use crate::output::list_json;
use crate::table::{Align, Table};

/// Largest `--limit`.
const MAX_LIMIT: u32 = desk_core::audit::MAX_AUDIT_PAGE;

/// The filter for `--profile` (when given), `--mode` (when given) and `--since`.
pub async fn filter(ctx: &Ctx, since: Option<&str>) -> Result<AuditFilter, CliError> {
    let since = since
        .map(|d| args::date("--since", d, DayEdge::Start))
        .transpose()?;
    let profile_id = match &ctx.global.profile {
        Some(_) => Some(ctx.profile().await?.id),
        None => None,
    };
    Ok(AuditFilter {
        profile_id,
        mode: ctx.explicit_mode(),
        since,
        ..AuditFilter::default()
    })
}

pub async fn run(ctx: &Ctx, cmd: AuditCmd) -> Result<(), CliError> {
    let AuditCmd::List {
        since,
        action,
        limit,
    } = cmd;
    let limit = args::limit("--limit", limit, MAX_LIMIT)?;
    let mut f = filter(ctx, since.as_deref()).await?;
    f.action = action
        .map(|a| a.trim().to_owned())
        .filter(|a| !a.is_empty());
    f.limit = Some(limit);
    let (entries, names) = ctx
        .desk
        .db(move |s| {
            let names: HashMap<String, String> = s
                .list_profiles()?
                .into_iter()
                .map(|p| (p.id.to_string(), p.name))
                .collect();
            Ok((s.list_audit(&f)?, names))
        })
        .await?;
    let doc = list_json(&entries, entries.len() as i64, Default::default())?;
    ctx.out.emit(&doc, |_| {
        if entries.is_empty() {
            return "No audit entries match.\n".to_owned();
        }
        let mut t = Table::new(&[
            ("SEQ", Align::Right),
            ("AT", Align::Left),
            ("USER", Align::Left),
            ("PROFILE", Align::Left),
            ("MODE", Align::Left),
            ("ACTION", Align::Left),
            ("TARGET", Align::Left),
            ("OUTCOME", Align::Left),
            ("ERROR", Align::Left),
        ]);
        for e in &entries {
            let profile = e.profile_id.as_ref().map(|id| {
                names
                    .get(id.as_str())
                    .cloned()
                    .unwrap_or_else(|| id.to_string())
            });
            t.row(vec![
                e.seq.to_string(),
                local_time(e.at),
                e.os_user.clone(),
                profile.unwrap_or_default(),
                e.mode.map(|m| m.to_string()).unwrap_or_default(),
                e.action.clone(),
                e.target.clone().unwrap_or_default(),
                e.outcome.as_str().to_owned(),
                e.error_message.clone().unwrap_or_default(),
            ]);
        }
        t.render()
    })
}
