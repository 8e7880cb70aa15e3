//! `npdesk export ...`: CSV files of cached checkouts and of the audit log.

use std::fs::File;
use std::io::{BufWriter, Write};
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

/// Runs `write` into the target. A file is written beside its final name and renamed
/// into place, so a failed export never leaves a half-written file behind.
async fn write_to<T: Send + 'static>(
    ctx: &Ctx,
    target: &Target,
    write: impl FnOnce(&desk_core::Store, Box<dyn Write + Send>) -> desk_core::Result<T>
        + Send
        + 'static,
) -> Result<T, CliError> {
    match target {
        Target::Stdout => {
            let out: Box<dyn Write + Send> = Box::new(std::io::stdout());
            Ok(ctx.desk.db(move |s| write(s, out)).await?)
        }
        Target::File(path) => {
            let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
            let tmp = path.with_file_name(format!(
                ".{}.{}.partial",
                name.unwrap_or_default(),
                std::process::id()
            ));
            let file = File::create(&tmp).map_err(|e| {
                CliError::Io(format!("cannot create {}: {e}", tmp.display()))
            })?;
            let out: Box<dyn Write + Send> = Box::new(BufWriter::new(file));
            let result = ctx.desk.db(move |s| write(s, out)).await;
            match result {
                Ok(v) => {
                    std::fs::rename(&tmp, path).map_err(|e| {
                        let _ = std::fs::remove_file(&tmp);
                        CliError::Io(format!("cannot write {}: {e}", path.display()))
                    })?;
                    Ok(v)
                }
                Err(e) => {
                    let _ = std::fs::remove_file(&tmp);
                    Err(e.into())
                }
            }
        }
    }
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
            let summary =
                write_to(ctx, &target, move |s, w| s.export_checkouts_csv(&q, w, &Local)).await?;
            let path = shown(&target);
            let doc = json!({
                "path": path,
                "rows": summary.rows,
                "metadataKeys": summary.metadata_keys,
            });
            finish(ctx, &target, &doc, format!("Exported {} checkouts to {path}.", summary.rows))
        }
        ExportCmd::Audit { since, out } => {
            let f = audit::filter(ctx, since.as_deref()).await?;
            let target = target(ctx, &out)?;
            let rows = write_to(ctx, &target, move |s, w| s.export_audit_csv(&f, w)).await?;
            let path = shown(&target);
            let doc = json!({ "path": path, "rows": rows });
            finish(ctx, &target, &doc, format!("Exported {rows} audit entries to {path}."))
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
