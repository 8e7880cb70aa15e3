//! CSV exports of the checkout list and of the audit log.
//!
//! Rows stream from SQLite to the writer one at a time. The checkout export makes two
//! passes over one read snapshot: the first collects the union of metadata keys (one
//! column each), the second writes the rows, so both agree even while a sync commits.
//! Cells that a spreadsheet would run as a formula are neutralised with a leading `'`.

use std::borrow::Cow;
use std::collections::BTreeSet;
use std::fmt::Display;
use std::io::Write;

use chrono::{DateTime, SecondsFormat, TimeZone, Utc};

use crate::audit::{self, AuditEvent, AuditFilter, AuditRecord};
use crate::cache::query::{self, ListQuery};
use crate::cache::search::meta_value_text;
use crate::db::Store;
use crate::error::Result;

/// Fixed columns of the checkout export, before the `metadata.<key>` columns.
pub const CHECKOUT_COLUMNS: [&str; 14] = [
    "id",
    "identifier",
    "status",
    "amount_minor",
    "amount",
    "refunded_minor",
    "currency",
    "customer_id",
    "message",
    "created_at_utc",
    "created_at_local",
    "updated_at_utc",
    "updated_at_local",
    "last_synced_at_utc",
];

/// Columns of the audit export.
pub const AUDIT_COLUMNS: [&str; 11] = [
    "seq",
    "at_utc",
    "os_user",
    "profile_id",
    "mode",
    "action",
    "target",
    "outcome",
    "error_code",
    "error_message",
    "params",
];

/// Prefix of the flattened metadata columns.
pub const METADATA_PREFIX: &str = "metadata.";

/// What an export wrote.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct ExportSummary {
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub rows: u64,
    pub metadata_keys: Vec<String>,
}

/// Makes a cell inert in spreadsheets: text starting with `=`, `+`, `-`, `@`, tab or CR
/// could be evaluated as a formula (CSV injection), so it gets a leading `'`.
pub fn neutralise(cell: &str) -> Cow<'_, str> {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => Cow::Owned(format!("'{cell}")),
        _ => Cow::Borrowed(cell),
    }
}

fn utc(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

fn local<Tz: TimeZone>(t: DateTime<Utc>, tz: &Tz) -> String
where
    Tz::Offset: Display,
{
    t.with_timezone(tz)
        .format("%Y-%m-%d %H:%M:%S %:z")
        .to_string()
}

fn text(s: &Option<String>) -> String {
    neutralise(s.as_deref().unwrap_or("")).into_owned()
}

impl Store {
    /// Writes every checkout matching `q`'s filters (paging ignored, its sort kept) as CSV.
    /// Local-time columns use `tz` (`chrono::Local` in the app). The export is audited.
    pub fn export_checkouts_csv<W: Write, Tz: TimeZone>(
        &self,
        q: &ListQuery,
        out: W,
        tz: &Tz,
    ) -> Result<ExportSummary>
    where
        Tz::Offset: Display,
    {
        let result = self.read(|conn| {
            let mut keys = BTreeSet::new();
            query::for_each_in(conn, q, |row| {
                keys.extend(row.metadata.keys().cloned());
                Ok(())
            })?;
            let keys: Vec<String> = keys.into_iter().collect();

            let mut w = csv::Writer::from_writer(out);
            let mut header: Vec<String> = CHECKOUT_COLUMNS.iter().map(|c| c.to_string()).collect();
            header.extend(
                keys.iter()
                    .map(|k| neutralise(&format!("{METADATA_PREFIX}{k}")).into_owned()),
            );
            w.write_record(&header)?;
            let mut rows = 0u64;
            query::for_each_in(conn, q, |row| {
                let mut rec = vec![
                    neutralise(&row.id).into_owned(),
                    text(&row.identifier),
                    neutralise(&row.status).into_owned(),
                    row.amount.to_string(),
                    neutralise(&row.amount_formatted).into_owned(),
                    row.refunded.to_string(),
                    neutralise(&row.currency).into_owned(),
                    text(&row.customer_id),
                    text(&row.message),
                    utc(row.created_at),
                    local(row.created_at, tz),
                    utc(row.updated_at),
                    local(row.updated_at, tz),
                    utc(row.last_synced_at),
                ];
                rec.extend(keys.iter().map(|k| {
                    let v = row.metadata.get(k).map(meta_value_text).unwrap_or_default();
                    neutralise(&v).into_owned()
                }));
                w.write_record(&rec)?;
                rows += 1;
                Ok(())
            })?;
            w.flush()?;
            Ok(ExportSummary {
                rows,
                metadata_keys: keys,
            })
        });
        let event = |s: &ExportSummary| AuditEvent::CheckoutsExported {
            rows: s.rows,
            metadata_columns: s.metadata_keys.len(),
        };
        let record = match &result {
            Ok(summary) => AuditRecord::success(event(summary)),
            Err(e) => AuditRecord::failure(
                event(&ExportSummary {
                    rows: 0,
                    metadata_keys: Vec::new(),
                }),
                e,
            ),
        };
        self.append_audit(&record.profile(&q.profile_id).mode(q.mode))?;
        result
    }

    /// Writes the audit entries matching `filter` (oldest first, no page limit) as CSV.
    /// The export itself is audited, after the rows are written.
    pub fn export_audit_csv<W: Write>(&self, filter: &AuditFilter, out: W) -> Result<u64> {
        let rows = self.read(|conn| {
            let mut w = csv::Writer::from_writer(out);
            w.write_record(AUDIT_COLUMNS)?;
            let mut rows = 0u64;
            audit::for_each_in(conn, filter, |e| {
                w.write_record([
                    e.seq.to_string(),
                    utc(e.at),
                    neutralise(&e.os_user).into_owned(),
                    e.profile_id.map(|p| p.to_string()).unwrap_or_default(),
                    e.mode.map(|m| m.to_string()).unwrap_or_default(),
                    neutralise(&e.action).into_owned(),
                    text(&e.target),
                    e.outcome.as_str().to_owned(),
                    text(&e.error_code),
                    text(&e.error_message),
                    neutralise(&e.params.to_string()).into_owned(),
                ])?;
                rows += 1;
                Ok(())
            })?;
            w.flush()?;
            Ok(rows)
        })?;
        let mut record = AuditRecord::success(AuditEvent::AuditExported { rows });
        record.profile_id = filter.profile_id.clone();
        record.mode = filter.mode;
        self.append_audit(&record)?;
        Ok(rows)
    }
}
