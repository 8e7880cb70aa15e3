//! `npdesk sync`: settles unfinished writes, then refreshes open checkouts from the API,
//! for one partition or (`--all`) for every profile in both modes.

use chrono::Duration;
use desk_core::{ItemFailure, Mode, Profile, Scope, SyncOptions, SyncReport};
use serde_json::{json, Value};

use crate::cli::SyncArgs;
use crate::context::{Ctx, API_KEY_ENV};
use crate::error::CliError;
use crate::output::{error_json, list_json, to_json};
use crate::progress::{cancel_on_ctrl_c, Bar};
use crate::table::{Align, Table};

fn options(a: &SyncArgs) -> Result<SyncOptions, CliError> {
    if !(1..=desk_core::ops::MAX_CONCURRENCY).contains(&a.concurrency) {
        return Err(CliError::invalid(
            "--concurrency",
            format!(
                "must be between 1 and {}, got {}",
                desk_core::ops::MAX_CONCURRENCY,
                a.concurrency
            ),
        ));
    }
    if a.rate == Some(0) {
        return Err(CliError::invalid("--rate", "must be at least 1"));
    }
    Ok(SyncOptions {
        concurrency: a.concurrency,
        rate_per_sec: a.rate,
    })
}

pub async fn run(ctx: &Ctx, a: SyncArgs) -> Result<(), CliError> {
    let opts = options(&a)?;
    if a.all {
        return run_all(ctx, opts).await;
    }
    let profile = ctx.profile().await?;
    let scope = ctx.scope(&profile, ctx.mode());
    let report = sync_one(ctx, &profile, &scope, opts).await?;
    let mut doc = json!({ "profile": profile.name, "mode": scope.mode });
    merge(&mut doc, to_json(&report)?);
    ctx.out.emit(&doc, |_| {
        let mut s = report_line(&profile, scope.mode, &report);
        s.push_str(&failures_table(&report.failed));
        s
    })?;
    finish(&report)
}

async fn sync_one(
    ctx: &Ctx,
    profile: &Profile,
    scope: &Scope,
    opts: SyncOptions,
) -> Result<SyncReport, CliError> {
    let bar = Bar::new(&ctx.out, "sync");
    if !ctx.out.is_json() {
        bar.label(&format!("{} ({})", profile.name, scope.mode));
    }
    let result = ctx
        .desk
        .sync_open(scope, opts, bar.callback(), cancel_on_ctrl_c())
        .await;
    bar.finish();
    Ok(result?)
}

/// Every partition with something to do: open checkouts or unsettled writes. The others
/// are skipped without asking the keychain for a key they would not use.
async fn run_all(ctx: &Ctx, opts: SyncOptions) -> Result<(), CliError> {
    if ctx.env.api_key.is_some() {
        return Err(CliError::invalid(
            "--all",
            format!(
                "{API_KEY_ENV} is the key of one profile and mode; sync them one at a time \
                 with --profile and --mode"
            ),
        ));
    }
    let work = ctx
        .desk
        .db(|s| {
            let mut work = Vec::new();
            for p in s.list_profiles()? {
                for mode in Mode::ALL {
                    let open = !s
                        .stale_checkout_ids(&p.id, mode, Duration::zero(), 1)?
                        .is_empty();
                    let unsettled = !s.journal_unsettled(&p.id, mode)?.is_empty();
                    if open || unsettled {
                        work.push((p.clone(), mode));
                    }
                }
            }
            Ok(work)
        })
        .await?;
    let mut items = Vec::new();
    let mut lines = String::new();
    let mut first_error: Option<CliError> = None;
    for (profile, mode) in work {
        let scope = ctx.scope(&profile, mode);
        let mut item = json!({ "profile": profile.name, "profileId": profile.id, "mode": mode });
        match sync_one(ctx, &profile, &scope, opts.clone()).await {
            Ok(report) => {
                lines.push_str(&report_line(&profile, mode, &report));
                lines.push_str(&failures_table(&report.failed));
                merge(
                    &mut item,
                    json!({ "report": to_json(&report)?, "error": null }),
                );
                if let Err(e) = finish(&report) {
                    first_error.get_or_insert(e);
                }
            }
            Err(e) => {
                lines.push_str(&format!("{} ({mode}): failed: {e}\n", profile.name));
                merge(&mut item, json!({ "report": null }));
                merge(&mut item, error_json(e.code(), &e.to_string()));
                first_error.get_or_insert(e);
            }
        }
        items.push(item);
    }
    let doc = list_json(&items, items.len() as i64, Default::default())?;
    ctx.out.emit(&doc, |_| {
        if items.is_empty() {
            "Nothing to sync: no profile has open checkouts or unfinished writes.\n".to_owned()
        } else {
            lines.clone()
        }
    })?;
    match first_error {
        Some(e) => Err(e),
        None => Ok(()),
    }
}

fn merge(doc: &mut Value, more: Value) {
    if let (Value::Object(d), Value::Object(m)) = (doc, more) {
        d.extend(m);
    }
}

fn report_line(profile: &Profile, mode: Mode, r: &SyncReport) -> String {
    format!(
        "{} ({mode}): {} open checkouts refreshed, {} changed status, {} failed, {} \
         unfinished writes settled{}.\n",
        profile.name,
        r.checked,
        r.changed,
        r.failed.len(),
        r.settled,
        if r.cancelled { "; interrupted" } else { "" }
    )
}

/// An interrupted run, or one whose items failed, ends with that failure's exit status.
fn finish(r: &SyncReport) -> Result<(), CliError> {
    if r.cancelled {
        return Err(CliError::Interrupted(format!(
            "the sync stopped early after {} checkouts",
            r.checked
        )));
    }
    match first_failure(&r.failed) {
        Some(e) => Err(e),
        None => Ok(()),
    }
}

/// The first failed item as an error (its code picks the exit status).
pub fn first_failure(failed: &[ItemFailure]) -> Option<CliError> {
    failed
        .first()
        .map(|(id, code, message)| CliError::Reported {
            code: code.clone(),
            message: format!("{} item(s) failed; first: {id}: {message}", failed.len()),
        })
}

/// The failed items as a table (empty when none failed).
pub fn failures_table(failed: &[ItemFailure]) -> String {
    if failed.is_empty() {
        return String::new();
    }
    let mut t = Table::new(&[
        ("FAILED", Align::Left),
        ("CODE", Align::Left),
        ("MESSAGE", Align::Left),
    ]);
    for (id, code, message) in failed {
        t.row(vec![id.clone(), code.clone(), message.clone()]);
    }
    t.render()
}
