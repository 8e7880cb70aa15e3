//! `npdesk export ...`: CSV files of cached checkouts and of the audit log. desk-core
//! writes a file whole or not at all.

use std::path::{Path, PathBuf};

use chrono::Local;
use serde_json::json;

use crate::cli::ExportCmd;
use crate::commands::audit;
use crate::commands::checkout::list::list_query;
use crate::context::Ctx;
use crate::error::CliError;

/// Where the CSV goes.
enum Target {
    Stdout,
    File(PathBuf),
}

fn target(ctx: &Ctx, out: &str) -> Result<Target, CliError> {
    if out == "-" {
        if ctx.out.is_json() {
            return Err(CliError::invalid(
                "--out",
                "with --json, stdout carries the JSON result: write the CSV to a file",
            ));
        }
        return Ok(Target::Stdout);
    }
    let path = PathBuf::from(out);
    if out.trim().is_empty() || path.is_dir() {
        return Err(CliError::invalid("--out", "must name a file"));
    }
    let parent = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    if !parent.is_dir() {
        return Err(CliError::invalid(
            "--out",
            format!("folder {} does not exist", parent.display()),
        ));
    }
    Ok(Target::File(path))
}

fn shown(target: &Target) -> String {
    match target {
        Target::Stdout => "-".to_owned(),
        Target::File(p) => std::path::absolute(p)
            .unwrap_or_else(|_| p.clone())
            .display()
            .to_string(),
    }
}

pub async fn run(ctx: &Ctx, cmd: ExportCmd) -> Result<(), CliError> {
    match cmd {
        ExportCmd::Checkouts { filter, out } => {
            let profile = ctx.profile().await?;
            let q = list_query(&profile, ctx.mode(), &filter)?;
            let target = target(ctx, &out)?;
            let summary = match &target {
                Target::Stdout => {
                    ctx.desk
                        .db(move |s| s.export_checkouts_csv(&q, std::io::stdout(), &Local))
                        .await?
                }
                Target::File(path) => {
                    let path = path.clone();
                    ctx.desk
                        .db(move |s| s.export_checkouts_file(&q, &path))
                        .await?
                }
            };
            let path = shown(&target);
            let doc = json!({
                "path": path,
                "rows": summary.rows,
                "metadataKeys": summary.metadata_keys,
            });
            finish(
                ctx,
                &target,
                &doc,
                format!("Exported {} checkouts to {path}.", summary.rows),
            )
        }
        ExportCmd::Audit { since, out } => {
            let f = audit::filter(ctx, since.as_deref()).await?;
            let target = target(ctx, &out)?;
            let rows = match &target {
                Target::Stdout => {
                    ctx.desk
                        .db(move |s| s.export_audit_csv(&f, std::io::stdout()))
                        .await?
                }
                Target::File(path) => {
                    let path = path.clone();
                    ctx.desk.db(move |s| s.export_audit_file(&f, &path)).await?
                }
            };
            let path = shown(&target);
            let doc = json!({ "path": path, "rows": rows });
            finish(
                ctx,
                &target,
                &doc,
                format!("Exported {rows} audit entries to {path}."),
            )
        }
    }
}

/// The result document; when the CSV itself went to stdout the summary goes to stderr.
fn finish(
    ctx: &Ctx,
    target: &Target,
    doc: &serde_json::Value,
    text: String,
) -> Result<(), CliError> {
    match target {
        Target::Stdout => {
            ctx.out.note(&text);
            Ok(())
        }
        Target::File(_) => ctx.out.emit(doc, |_| format!("{text}\n")),
    }
}
