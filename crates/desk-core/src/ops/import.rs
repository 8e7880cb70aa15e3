//! Tracking checkouts by id: parse pasted text or CSV, then fetch and cache each one.
//!
//! The API has no list endpoint, so ids from elsewhere (a shop's order export, a support
//! ticket) are how the desk learns about checkouts it did not create.

use std::collections::{HashMap, HashSet};

use chrono::Utc;
use neuropay::CheckoutId;
use serde::{Deserialize, Serialize};

use super::control::{CancelToken, ProgressFn};
use super::runner::{run_bounded, ItemFailure, SyncOptions};
use super::scope::Scope;
use crate::audit::{AuditEvent, AuditRecord};
use crate::desk::Desk;
use crate::error::Result;

/// Header names of the id column, best first (compared case-insensitively).
pub const ID_COLUMNS: [&str; 3] = ["checkout_id", "id", "cid"];
/// Longest line excerpt kept in a [`BadLine`].
const MAX_CONTENT_CHARS: usize = 200;

/// What [`Desk::parse_import`] found.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct ImportPlan {
    /// Valid ids, first occurrence order, without duplicates.
    #[cfg_attr(feature = "ts", ts(type = "Array<string>"))]
    pub ids: Vec<CheckoutId>,
    pub bad_lines: Vec<BadLine>,
    pub duplicates: Vec<DuplicateLine>,
}

/// A line that holds no usable id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct BadLine {
    /// 1-based line number in the pasted text or file.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub line: u64,
    pub content: String,
    pub reason: String,
}

/// An id seen again (it is imported once).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct DuplicateLine {
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub line: u64,
    pub id: String,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub first_line: u64,
}

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct ImportReport {
    pub requested: usize,
    /// Retrieved and cached.
    pub imported: usize,
    /// Of those, how many were not cached before.
    pub new: usize,
    /// (id, code, message) of the ids that could not be retrieved, e.g. unknown to the
    /// server (400) or belonging to the other mode.
    pub failed: Vec<ItemFailure>,
    pub cancelled: bool,
}

impl Desk {
    /// Reads checkout ids from pasted text or CSV content: one id per line, or CSV whose
    /// header names the id column (`checkout_id`, `id` or `cid`, any position). Blank lines
    /// and `#` comments are skipped, duplicates reported and dropped, invalid lines
    /// reported with their 1-based line number and the reason.
    pub fn parse_import(text: &str) -> ImportPlan {
        let lines: Vec<&str> = text.lines().collect();
        let content = |line: u64| -> String {
            let l = usize::try_from(line)
                .ok()
                .and_then(|n| lines.get(n.checked_sub(1)?));
            l.map(|s| s.trim().chars().take(MAX_CONTENT_CHARS).collect())
                .unwrap_or_default()
        };
        let mut plan = ImportPlan::default();
        let mut first_seen: HashMap<String, u64> = HashMap::new();
        let mut layout = Layout::Undecided;
        let mut rdr = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .trim(csv::Trim::All)
            .from_reader(text.as_bytes());
        for result in rdr.records() {
            let record = match result {
                Ok(r) => r,
                Err(e) => {
                    let line = e.position().map_or(0, |p| p.line());
                    plan.bad_lines.push(BadLine {
                        line,
                        content: content(line),
                        reason: format!("not readable as CSV: {e}"),
                    });
                    continue;
                }
            };
            let line = record.position().map_or(0, |p| p.line());
            let first = record.get(0).unwrap_or("").trim_start_matches('\u{feff}');
            if record.iter().all(str::is_empty) || first.starts_with('#') {
                continue;
            }
            let bad = |reason: &str| BadLine {
                line,
                content: content(line),
                reason: reason.to_owned(),
            };
            if layout == Layout::Undecided {
                if let Some(c) = header_column(&record) {
                    layout = Layout::Header(c);
                    continue;
                }
                if record.len() > 1 {
                    plan.bad_lines.push(bad(
                        "several columns but no header naming the id column (checkout_id, id \
                         or cid): add one, or paste one id per line",
                    ));
                    break;
                }
                layout = Layout::Single;
            }
            let col = match layout {
                Layout::Header(c) => c,
                _ if record.len() > 1 => {
                    plan.bad_lines.push(bad("expected one id per line"));
                    continue;
                }
                _ => 0,
            };
            let value = record.get(col).unwrap_or("").trim_start_matches('\u{feff}');
            if value.is_empty() {
                plan.bad_lines.push(bad("the id column is empty"));
                continue;
            }
            match CheckoutId::new(value) {
                Ok(id) => match first_seen.get(id.as_str()) {
                    Some(&first_line) => plan.duplicates.push(DuplicateLine {
                        line,
                        id: id.into_string(),
                        first_line,
                    }),
                    None => {
                        first_seen.insert(id.as_str().to_owned(), line);
                        plan.ids.push(id);
                    }
                },
                Err(neuropay::Error::InvalidInput { reason, .. }) => plan
                    .bad_lines
                    .push(bad(&format!("not a checkout id: {reason}"))),
                Err(e) => plan.bad_lines.push(bad(&e.to_string())),
            }
        }
        plan
    }

    /// Retrieves and caches the given checkouts with the sync's bounded concurrency; a
    /// failure for one id is reported and the others go on. Audited as one `import_run`.
    pub async fn import(
        &self,
        scope: &Scope,
        ids: Vec<CheckoutId>,
        progress: ProgressFn,
        cancel: CancelToken,
    ) -> Result<ImportReport> {
        let mut seen = HashSet::new();
        let ids: Vec<String> = ids
            .into_iter()
            .map(CheckoutId::into_string)
            .filter(|id| seen.insert(id.clone()))
            .collect();
        let requested = ids.len();
        let result = self.import_inner(scope, ids, &progress, &cancel).await;
        let event = |r: &ImportReport| AuditEvent::ImportRun {
            requested,
            imported: r.imported,
            failed: r.failed.len(),
            cancelled: r.cancelled,
        };
        let rec = match &result {
            Ok(r) => AuditRecord::success(event(r)),
            Err(e) => AuditRecord::failure(event(&ImportReport::default()), e),
        };
        self.audit(rec.profile(&scope.profile).mode(scope.mode))
            .await?;
        result
    }

    async fn import_inner(
        &self,
        scope: &Scope,
        ids: Vec<String>,
        progress: &ProgressFn,
        cancel: &CancelToken,
    ) -> Result<ImportReport> {
        let requested = ids.len();
        let client = self.client(scope).await?;
        // Written down before the first request: whatever a cancel, a lost connection or a
        // closed app leaves unretrieved, the next sync retrieves.
        let (s, queued) = (scope.clone(), ids.clone());
        self.db(move |st| st.enqueue_import(&s.profile, s.mode, &queued, Utc::now()))
            .await?;
        let opts = SyncOptions::default();
        let run = run_bounded(ids, &opts, &self.activity, progress, cancel, |id| {
            self.retrieve_queued(&client, scope, id)
        })
        .await;
        Ok(ImportReport {
            requested,
            imported: run.ok.len(),
            new: run.ok.iter().filter(|(_, r)| r.inserted).count(),
            failed: run.failed,
            cancelled: run.cancelled,
        })
    }
}

/// How the text is laid out, decided by its first content line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Layout {
    Undecided,
    /// One id per line.
    Single,
    /// CSV with a header; the id is in this column.
    Header(usize),
}

/// The id column when `record` is a header row.
fn header_column(record: &csv::StringRecord) -> Option<usize> {
    let names: Vec<String> = record
        .iter()
        .map(|f| f.trim_start_matches('\u{feff}').trim().to_ascii_lowercase())
        .collect();
    ID_COLUMNS
        .iter()
        .find_map(|want| names.iter().position(|n| n == want))
}
