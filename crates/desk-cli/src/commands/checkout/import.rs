//! `checkout import FILE|-`: adds checkouts to the cache by id.

use std::path::Path;

use desk_core::{ImportPlan, ImportReport};
use serde_json::json;

use crate::commands::sync::{failures_table, first_failure};
use crate::context::Ctx;
use crate::error::CliError;
use crate::progress::{cancel_on_ctrl_c, Bar};

async fn read_plan(file: &str) -> Result<ImportPlan, CliError> {
    if file == "-" {
        return desk_core::read_import(std::io::stdin().lock()).map_err(|e| match e {
            desk_core::Error::InvalidInput { reason, .. } => {
                CliError::invalid("FILE", format!("stdin {reason}"))
            }
            other => other.into(),
        });
    }
    let path = Path::new(file);
    if !path.is_file() {
        return Err(CliError::invalid("FILE", format!("{file}: no such file")));
    }
    desk_core::read_import_file(path)
        .await
        .map_err(|e| match e {
            desk_core::Error::InvalidInput { reason, .. } => {
                CliError::invalid("FILE", format!("{file} {reason}"))
            }
            other => other.into(),
        })
}

pub async fn run(ctx: &Ctx, file: &str) -> Result<(), CliError> {
    let plan = read_plan(file).await?;
    // The whole input is checked before anything is fetched.
    if let Some(first) = plan.bad_lines.first() {
        return Err(CliError::invalid(
            "FILE",
            format!(
                "{} line(s) hold no checkout id, nothing was fetched; line {}: {:?}: {}",
                plan.bad_lines.len(),
                first.line,
                first.content,
                first.reason
            ),
        ));
    }
    if plan.ids.is_empty() {
        return Err(CliError::invalid("FILE", "holds no checkout ids"));
    }
    let profile = ctx.profile().await?;
    let scope = ctx.scope(&profile, ctx.mode());
    let bar = Bar::new(&ctx.out, "import");
    let cancel = cancel_on_ctrl_c();
    let result = ctx
        .desk
        .import(&scope, plan.ids.clone(), bar.callback(), cancel)
        .await;
    bar.finish();
    let report = result?;
    let doc = json!({
        "profile": profile.name,
        "mode": scope.mode,
        "requested": report.requested,
        "imported": report.imported,
        "new": report.new,
        "failed": report.failed,
        "cancelled": report.cancelled,
        "duplicates": plan.duplicates,
    });
    ctx.out
        .emit(&doc, |_| import_text(&report, plan.duplicates.len()))?;
    if report.cancelled {
        return Err(CliError::Interrupted(format!(
            "the import stopped early: {} of {} imported",
            report.imported, report.requested
        )));
    }
    match first_failure(&report.failed) {
        Some(e) => Err(e),
        None => Ok(()),
    }
}

fn import_text(r: &ImportReport, duplicates: usize) -> String {
    let mut s = format!(
        "Imported {} of {} checkouts ({} new), {} failed",
        r.imported,
        r.requested,
        r.new,
        r.failed.len()
    );
    if duplicates > 0 {
        s.push_str(&format!("; {duplicates} duplicate line(s) skipped"));
    }
    s.push_str(".\n");
    s.push_str(&failures_table(&r.failed));
    s
}
